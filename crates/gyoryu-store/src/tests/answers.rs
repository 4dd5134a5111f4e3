//! Query answers printed in every result format.

use super::*;

fn small_select(store: &Store) -> QueryAnswer {
    store
        .query(
            "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
             PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             SELECT ?actor ?label ?title WHERE {
               ?actor a gy:Person ; rdfs:label ?label . OPTIONAL { ?actor gy:title ?title }
             } ORDER BY ?actor",
        )
        .unwrap()
}

fn render(answer: &QueryAnswer, format: ResultFormat) -> String {
    let mut out = Vec::new();
    write_answer(answer, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn table_aligns_korean_by_display_width() {
    let store = store_with_two_articles();
    let answer = store
        .query(
            "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
             PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
             SELECT ?actor ?label WHERE { ?actor a ?c ; rdfs:label ?label . FILTER(?c IN (gy:Country, gy:Person)) }
             ORDER BY ?actor",
        )
        .unwrap();
    let table = render(&answer, ResultFormat::Table);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines,
        vec![
            format!("{:<20}  label", "actor"),
            format!("{}  {}", "-".repeat(20), "-".repeat(6)),
            "gyid:country/vietnam  베트남".to_owned(),
            format!("{:<20}  박완수", "gyid:person/park"),
            "2 rows".to_owned(),
        ]
    );
    // Header, rule, 2 rows, count; and the label column starts at the same
    // display column on every line.
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[4], "2 rows");
    assert!(lines[1].chars().all(|c| c == '-' || c == ' '));
    let label_column = |line: &str| -> usize {
        let start = line.rfind("  ").unwrap() + 2;
        unicode_width::UnicodeWidthStr::width(&line[..start])
    };
    assert!(lines[2].starts_with("gyid:country/vietnam"));
    assert!(lines[2].ends_with("베트남"));
    assert!(lines[3].ends_with("박완수"));
    assert_eq!(label_column(lines[0]), label_column(lines[2]));
    assert_eq!(label_column(lines[0]), label_column(lines[3]));
    assert_eq!(unicode_width::UnicodeWidthStr::width(lines[1]), unicode_width::UnicodeWidthStr::width(lines[2]));
}

#[test]
fn every_result_format_prints_a_small_select() {
    let store = store_with_two_articles();
    let answer = small_select(&store);

    let table = render(&answer, ResultFormat::Table);
    assert!(table.starts_with("actor"), "{table}");
    assert!(table.contains("gyid:person/park"));
    assert!(table.contains("도지사"));
    assert!(table.ends_with("1 row\n"), "{table}");

    let csv = render(&answer, ResultFormat::Csv);
    let mut csv_lines = csv.lines();
    assert_eq!(csv_lines.next(), Some("actor,label,title"));
    assert_eq!(csv_lines.next(), Some(format!("{ID}person/park,박완수,도지사").as_str()));

    let tsv = render(&answer, ResultFormat::Tsv);
    assert!(tsv.starts_with("?actor\t?label\t?title\n"), "{tsv}");
    assert!(tsv.contains("\"박완수\"@ko"));

    let json: serde_json::Value = serde_json::from_str(&render(&answer, ResultFormat::Json)).unwrap();
    assert_eq!(json["head"]["vars"], serde_json::json!(["actor", "label", "title"]));
    assert_eq!(json["results"]["bindings"][0]["label"]["value"], "박완수");
    assert_eq!(json["results"]["bindings"][0]["label"]["xml:lang"], "ko");

    let xml = render(&answer, ResultFormat::Xml);
    assert!(xml.contains("<variable name=\"actor\"/>"), "{xml}");
    assert!(xml.contains("박완수"));
    assert_well_formed(&xml);
}

#[test]
fn ask_and_construct_answers_are_printed() {
    let store = store_with_two_articles();
    let yes = store.query("ASK { ?x <http://www.w3.org/2000/01/rdf-schema#label> \"베트남\"@ko }").unwrap();
    assert_eq!(yes, QueryAnswer::Boolean(true));
    assert_eq!(render(&yes, ResultFormat::Table), "true\n");
    assert!(render(&yes, ResultFormat::Json).contains("\"boolean\":true"));

    let graph = store
        .query(
            "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
             CONSTRUCT { ?p gy:affiliation ?b } WHERE { ?p gy:affiliation ?b }",
        )
        .unwrap();
    let turtle = render(&graph, ResultFormat::Table);
    assert!(turtle.contains("@prefix gy: <https://w3id.org/gyoryu/ontology#>"), "{turtle}");
    assert!(turtle.contains("gy:affiliation"), "{turtle}");
    let parsed = parse_rdf(RdfFormat::Turtle, &turtle);
    assert_eq!(parsed.len(), 1);
}
