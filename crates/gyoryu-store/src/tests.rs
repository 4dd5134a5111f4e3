use super::*;
use clap::ValueEnum;
use gyoryu_export::{display_term, write_answer, writer, writer_with_ontology, ExportFormat, ResultFormat};
use gyoryu_graph::network::KnowledgeGraph;
use oxigraph::model::{Dataset, Literal, NamedNodeRef};

const ID: &str = vocab::ID_BASE;

fn iri(local: &str) -> NamedNode {
    NamedNode::new(format!("{ID}{local}")).unwrap()
}

fn class(name: &str) -> NamedNode {
    NamedNode::new(vocab::class_iri(name)).unwrap()
}

fn ko(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "ko")
}

/// Removes the one article `name` stands for; false when none does.
fn remove_named(store: &Store, name: &str) -> bool {
    match store.find_documents(name).unwrap().as_slice() {
        [] => false,
        [article] => store.remove_article(&article.graph).unwrap(),
        several => panic!("{name} names {} articles", several.len()),
    }
}

/// Builds the quads of one article graph the way the extractor lays them out.
struct Article {
    graph: NamedNode,
    quads: Vec<Quad>,
}

impl Article {
    fn new(doc: &str, source_file: &str, hash: &str) -> Self {
        let graph = iri(doc);
        let mut article = Article { graph: graph.clone(), quads: Vec::new() };
        article.add(doc, vocab::RDF_TYPE, class("Document"));
        article.add(doc, vocab::SOURCE_FILE, Literal::new_simple_literal(source_file));
        article.add(doc, vocab::SOURCE_PATH, Literal::new_simple_literal(source_file));
        article.add(doc, vocab::CONTENT_HASH, Literal::new_simple_literal(hash));
        article.add(doc, vocab::DCTERMS_ISSUED, Literal::new_typed_literal("2023-10-05", vocab::XSD_DATE));
        article
    }

    fn add(&mut self, subject: &str, predicate: NamedNodeRef<'_>, object: impl Into<Term>) {
        self.quads.push(Quad::new(iri(subject), predicate, object, self.graph.clone()));
    }

    fn actor(&mut self, id: &str, class_name: &str, label: &str) -> &mut Self {
        let doc = self.doc_local();
        self.add(id, vocab::RDF_TYPE, class(class_name));
        self.add(id, vocab::RDFS_LABEL, ko(label));
        self.add(id, vocab::MENTIONED_IN, iri(&doc));
        self.add(id, vocab::CONFIDENCE, Literal::new_typed_literal("0.9", vocab::XSD_DOUBLE));
        self
    }

    fn event(&mut self, id: &str, class_name: &str, label: &str, date: &str, participants: &[&str]) -> &mut Self {
        let doc = self.doc_local();
        self.add(id, vocab::RDF_TYPE, class(class_name));
        self.add(id, vocab::RDFS_LABEL, ko(label));
        self.add(id, vocab::DATE, Literal::new_typed_literal(date, vocab::XSD_DATE));
        self.add(id, vocab::SOURCE, iri(&doc));
        self.add(id, vocab::STATUS, Literal::new_simple_literal("reported"));
        for participant in participants {
            self.add(id, vocab::PARTICIPANT, iri(participant));
        }
        self
    }

    fn doc_local(&self) -> String {
        self.graph.as_str().strip_prefix(ID).unwrap().to_owned()
    }
}

/// Article one: Gyeongnam and Texas sign an agreement at Changwon.
fn article_one() -> Article {
    let mut article = Article::new("doc/aaa", "one.txt", "aaa111");
    article
        .actor("province/gyeongnam", "Province", "경상남도")
        .actor("province/texas", "Province", "텍사스주")
        .actor("city/changwon", "City", "창원시")
        .event(
            "event/aaa-0",
            "Agreement",
            "경남-텍사스 \"에너지\" 협약 <MOU> & 후속",
            "2023-10-05",
            &["province/gyeongnam", "province/texas"],
        );
    article.add("event/aaa-0", vocab::LOCATION, iri("city/changwon"));
    article.add("event/aaa-0", vocab::END_DATE, Literal::new_typed_literal("2023-10-06", vocab::XSD_DATE));
    article
}

/// Article two: the Gyeongnam governor visits Vietnam.
fn article_two() -> Article {
    let mut article = Article::new("doc/bbb", "two.txt", "bbb222");
    article
        .actor("province/gyeongnam", "Province", "경상남도")
        .actor("person/park", "Person", "박완수")
        .actor("country/vietnam", "Country", "베트남")
        .event("event/bbb-0", "Visit", "박완수 도지사 베트남 방문", "2023-11-21", &["person/park", "country/vietnam"]);
    article.add("person/park", vocab::TITLE, ko("도지사"));
    article.add("person/park", vocab::AFFILIATION, iri("province/gyeongnam"));
    article
}

fn store_with_two_articles() -> Store {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    let two = article_two();
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Added);
    assert_eq!(store.replace_document("two.txt", &two.graph, &two.quads).unwrap(), ReplaceOutcome::Added);
    store
}

const ONTOLOGY: &str = r#"
@prefix gy: <https://w3id.org/gyoryu/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
gy:Province a owl:Class ; rdfs:subClassOf gy:Actor ; rdfs:label "광역자치단체"@ko .
gy:Agreement a owl:Class ; rdfs:subClassOf gy:Event .
"#;

fn select_strings(store: &Store, sparql: &str) -> Vec<Vec<String>> {
    match store.query(sparql).unwrap() {
        QueryAnswer::Solutions { rows, .. } => rows
            .into_iter()
            .map(|row| row.into_iter().map(|value| value.map(|term| display_term(&term)).unwrap_or_default()).collect())
            .collect(),
        other => panic!("expected solutions, got {other:?}"),
    }
}

#[test]
fn replacing_the_same_document_twice_changes_nothing() {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Added);
    let triples = store.triple_count().unwrap();
    let quads = store.quad_count().unwrap();
    assert_eq!(quads, one.quads.len());
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Unchanged);
    assert_eq!(store.triple_count().unwrap(), triples);
    assert_eq!(store.quad_count().unwrap(), quads);
    assert_eq!(store.document_count().unwrap(), 1);
    assert!(store.has_document(&one.graph, "aaa111").unwrap());
    assert!(!store.has_document(&one.graph, "zzz999").unwrap());
}

#[test]
fn a_changed_article_replaces_its_old_graph() {
    let store = store_with_two_articles();
    let before = store.quad_count().unwrap();

    // New text for one.txt: a new hash, so a new graph, and only Gyeongnam.
    let mut edited = Article::new("doc/ccc", "one.txt", "ccc333");
    edited.actor("province/gyeongnam", "Province", "경상남도");
    assert_eq!(store.replace_document("one.txt", &edited.graph, &edited.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.document_count().unwrap(), 2);
    assert!(!store.has_document(&iri("doc/aaa"), "aaa111").unwrap());
    assert!(store.has_document(&iri("doc/ccc"), "ccc333").unwrap());
    assert_eq!(store.quad_count().unwrap(), before - article_one().quads.len() + edited.quads.len());
    // Texas only appeared in the old version of one.txt.
    let texas = select_strings(&store, "SELECT ?x WHERE { ?x rdfs:label \"텍사스주\"@ko }");
    assert!(texas.is_empty(), "{texas:?}");
    let graphs: Vec<String> = store.document_graphs().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(graphs, vec![format!("<{ID}doc/bbb>"), format!("<{ID}doc/ccc>")]);
}

#[test]
fn same_hash_with_different_facts_is_rewritten() {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
    // A better extractor finds one more fact in the unchanged article.
    let mut richer = article_one();
    richer.add("province/texas", vocab::SKOS_ALT_LABEL, ko("텍사스"));
    assert_eq!(store.replace_document("one.txt", &richer.graph, &richer.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.quad_count().unwrap(), richer.quads.len());
}

#[test]
fn quads_outside_the_document_graph_are_refused() {
    let store = Store::in_memory().unwrap();
    let mut one = article_one();
    one.quads.push(Quad::new(iri("province/texas"), vocab::RDFS_LABEL, ko("텍사스"), GraphName::DefaultGraph));
    let error = store.replace_document("one.txt", &one.graph, &one.quads).unwrap_err();
    assert!(matches!(error, StoreError::QuadOutsideGraph { .. }), "{error}");
    assert_eq!(store.quad_count().unwrap(), 0);
}

#[test]
fn removing_a_document_drops_its_graph_only() {
    let store = store_with_two_articles();
    assert!(remove_named(&store, "one.txt"));
    assert!(!remove_named(&store, "one.txt"));
    assert_eq!(store.document_count().unwrap(), 1);
    assert_eq!(store.quad_count().unwrap(), article_two().quads.len());
    // Gyeongnam survives because article two mentions it too.
    let rows = select_strings(
        &store,
        "SELECT ?label WHERE { gyid:province/gyeongnam rdfs:label ?label }"
            .replace("gyid:province/gyeongnam", &format!("<{ID}province/gyeongnam>"))
            .as_str(),
    );
    assert_eq!(rows, vec![vec!["경상남도".to_owned()]]);
}

#[test]
fn triples_are_counted_once_across_graphs() {
    let store = store_with_two_articles();
    let one = article_one();
    let two = article_two();
    let quads = one.quads.len() + two.quads.len();
    assert_eq!(store.quad_count().unwrap(), quads);
    // Gyeongnam's type, label and confidence are in both graphs; its
    // mentionedIn differs per article.
    assert_eq!(store.triple_count().unwrap(), quads - 3);
    // Queries see the same set semantics: Gyeongnam's label is in both
    // graphs but matches once, and a join does not multiply it.
    let rows = select_strings(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a gy:Province ; rdfs:label ?label ; gy:confidence ?c }",
    );
    assert_eq!(rows, vec![vec!["2".to_owned()]]);
    let rows = select_strings(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a gy:Province } }");
    assert_eq!(rows, vec![vec!["3".to_owned()]]);
}

#[test]
fn a_malformed_query_is_a_query_error() {
    let store = Store::in_memory().unwrap();
    let error = store.query("SELECT ?x WHERE { ?x ").unwrap_err();
    assert!(matches!(error, StoreError::Query(_)), "{error:?}");
    assert!(error.to_string().starts_with("invalid SPARQL query"));
}

#[test]
fn the_default_graph_is_the_union_of_all_articles() {
    let store = store_with_two_articles();
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?label WHERE { ?e a ?class ; rdfs:label ?label ; gy:date ?d . FILTER(?class IN (gy:Agreement, gy:Visit)) }
         ORDER BY ?d",
    );
    assert_eq!(
        rows,
        vec![vec!["경남-텍사스 \"에너지\" 협약 <MOU> & 후속".to_owned()], vec!["박완수 도지사 베트남 방문".to_owned()],]
    );
    // A join across articles: the governor (article two) belongs to a
    // province that signed an agreement (article one).
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         SELECT DISTINCT ?person WHERE { ?person gy:affiliation ?p . ?e a gy:Agreement ; gy:participant ?p }",
    );
    assert_eq!(rows, vec![vec!["gyid:person/park".to_owned()]]);
    // GRAPH clauses still see the separate graphs.
    let rows = select_strings(&store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    assert_eq!(rows, vec![vec!["2".to_owned()]]);
}

#[test]
fn ontology_is_loaded_into_its_own_graph_and_replaced() {
    let store = store_with_two_articles();
    let triples_before = store.triple_count().unwrap();
    assert_eq!(store.load_ontology(ONTOLOGY).unwrap(), 5);
    assert_eq!(store.load_ontology(ONTOLOGY).unwrap(), 5);
    assert_eq!(store.triple_count().unwrap(), triples_before);
    assert_eq!(store.document_count().unwrap(), 2);
    // The ontology is part of the union, so class hierarchies can be used.
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?label WHERE { ?a a/rdfs:subClassOf gy:Actor ; rdfs:label ?label } ORDER BY ?label",
    );
    assert_eq!(rows, vec![vec!["경상남도".to_owned()], vec!["텍사스주".to_owned()]]);
    assert!(matches!(store.load_ontology("gy:broken ."), Err(StoreError::Load(_))));
    // A failed load leaves the previous ontology in place.
    assert_eq!(store.ontology_triple_count().unwrap(), 5);
}

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

fn export(store: &Store, format: ExportFormat) -> String {
    let mut out = Vec::new();
    writer(format).write(store, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn parse_rdf(format: RdfFormat, text: &str) -> Dataset {
    RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .collect::<Result<Dataset, _>>()
        .unwrap_or_else(|error| panic!("{error}\n{text}"))
}

#[test]
fn rdf_exports_reparse_with_or_without_graphs() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let triples = store.triple_count().unwrap();
    let quads = store.quad_count().unwrap();

    for format in [ExportFormat::Turtle, ExportFormat::NTriples] {
        let text = export(&store, format);
        let rdf_format = if format == ExportFormat::Turtle { RdfFormat::Turtle } else { RdfFormat::NTriples };
        let parsed = parse_rdf(rdf_format, &text);
        assert_eq!(parsed.len(), triples, "{format}");
        assert!(parsed.iter().all(|quad| quad.graph_name.is_default_graph()));
    }
    let turtle = export(&store, ExportFormat::Turtle);
    assert!(
        turtle.contains("@prefix gy: <https://w3id.org/gyoryu/ontology#> .\n") && turtle.contains("gy:Province"),
        "{turtle}"
    );
    assert!(!turtle.contains("광역자치단체"), "ontology left out by default");
    // Names under the id folders are written without escaped slashes.
    assert!(turtle.contains("province:gyeongnam") && turtle.contains("person:park"), "{turtle}");
    assert!(!turtle.contains("\\/"), "{turtle}");

    for (format, rdf_format) in [(ExportFormat::NQuads, RdfFormat::NQuads), (ExportFormat::TriG, RdfFormat::TriG)] {
        let text = export(&store, format);
        let parsed = parse_rdf(rdf_format, &text);
        assert_eq!(parsed.len(), quads, "{format}");
        let graphs: HashSet<String> = parsed.iter().map(|quad| quad.graph_name.to_string()).collect();
        assert_eq!(graphs.len(), 2, "{format}");
    }

    let mut with_ontology = Vec::new();
    writer_with_ontology(ExportFormat::TriG, true).write(&store, &mut with_ontology).unwrap();
    let parsed = parse_rdf(RdfFormat::TriG, std::str::from_utf8(&with_ontology).unwrap());
    assert_eq!(parsed.len(), quads + 5);
    let mut out = Vec::new();
    writer_with_ontology(ExportFormat::NTriples, true).write(&store, &mut out).unwrap();
    assert_eq!(parse_rdf(RdfFormat::NTriples, std::str::from_utf8(&out).unwrap()).len(), triples + 5);
}

#[test]
fn exports_are_byte_stable() {
    let first = store_with_two_articles();
    // The same articles loaded in the other order.
    let second = Store::in_memory().unwrap();
    let two = article_two();
    let one = article_one();
    second.replace_document("two.txt", &two.graph, &two.quads).unwrap();
    second.replace_document("one.txt", &one.graph, &one.quads).unwrap();
    for &format in ExportFormat::value_variants() {
        assert_eq!(export(&first, format), export(&second, format), "{format}");
    }
}

/// The two articles and the ontology in a store on disk, loaded in `order`.
fn on_disk_store(path: &std::path::Path, order: [Article; 2]) -> Store {
    let store = Store::open(path).unwrap();
    for (index, article) in order.iter().enumerate() {
        store.replace_document(&format!("{index}.txt"), &article.graph, &article.quads).unwrap();
    }
    store.load_ontology(ONTOLOGY).unwrap();
    store.flush().unwrap();
    store
}

/// Each `<tag …>…</tag>` block of an XML export with its running number
/// left out, sorted: what the export says regardless of its order.
fn xml_blocks(xml: &str, tag: &str) -> Vec<String> {
    let mut blocks: Vec<String> = xml
        .split(&format!("<{tag} "))
        .skip(1)
        .map(|block| {
            let block = &block[..block.find(&format!("</{tag}>")).unwrap()];
            let mut words: Vec<&str> = block.split(' ').collect();
            if tag == "edge" {
                assert!(words[0].starts_with("id=\""), "{block}");
                words.remove(0);
            }
            words.join(" ")
        })
        .collect();
    blocks.sort();
    blocks
}

#[test]
fn on_disk_exports_stream_in_index_order_and_are_byte_stable() {
    let folder = tempfile::tempdir().unwrap();
    let first = on_disk_store(&folder.path().join("a"), [article_one(), article_two()]);
    let second = on_disk_store(&folder.path().join("b"), [article_two(), article_one()]);
    let memory = store_with_two_articles();
    memory.load_ontology(ONTOLOGY).unwrap();
    for &format in ExportFormat::value_variants() {
        let text = export(&first, format);
        // Twice from one store, and from a store loaded in the other order.
        assert_eq!(text, export(&first, format), "{format}");
        assert_eq!(text, export(&second, format), "{format}");
        // The same contents as the in-memory store's export, whose order is by text.
        let in_memory = export(&memory, format);
        let rdf_format = match format {
            ExportFormat::Turtle => Some(RdfFormat::Turtle),
            ExportFormat::NTriples => Some(RdfFormat::NTriples),
            ExportFormat::NQuads => Some(RdfFormat::NQuads),
            ExportFormat::TriG => Some(RdfFormat::TriG),
            ExportFormat::GraphMl | ExportFormat::Gexf => None,
        };
        match rdf_format {
            Some(rdf_format) => {
                let parsed = parse_rdf(rdf_format, &text);
                assert!(parsed.len() > 20, "{format}");
                assert_eq!(parsed, parse_rdf(rdf_format, &in_memory), "{format}");
                // Nothing written twice.
                if matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
                    assert_eq!(text.lines().count(), parsed.len(), "{format}");
                }
            }
            None => {
                assert_well_formed(&text);
                assert_eq!(text.len(), in_memory.len(), "{format}");
                for tag in ["node", "edge"] {
                    assert_eq!(xml_blocks(&text, tag), xml_blocks(&in_memory, tag), "{format} {tag}");
                }
            }
        }
    }
    // Turtle opens every resource with its class.
    let turtle = export(&first, ExportFormat::Turtle);
    for block in turtle.split(" .\n").filter(|block| block.contains(" a ")) {
        let block = block.trim_start();
        if block.starts_with('@') || block.is_empty() {
            continue;
        }
        let first_predicate = block.split_whitespace().nth(1).unwrap();
        assert_eq!(first_predicate, "a", "{block}");
    }
}

/// A small XML checker: balanced, properly nested tags, quoted attributes,
/// no duplicate attributes, and `&` only in the five entities or character
/// references. Enough to catch the mistakes a hand-written exporter makes.
fn assert_well_formed(xml: &str) {
    fn check_text(text: &str) {
        assert!(!text.contains('<'), "raw < in {text:?}");
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let after = &rest[at + 1..];
            let end = after.find(';').unwrap_or_else(|| panic!("unterminated entity in {text:?}"));
            let name = &after[..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || (name.starts_with('#') && name[1..].chars().all(|c| c.is_ascii_digit()) && name.len() > 1);
            assert!(known, "unknown entity &{name}; in {text:?}");
            rest = &after[end + 1..];
        }
    }

    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml.trim_start();
    assert!(rest.starts_with("<?xml "), "missing XML declaration");
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text);
        if stack.is_empty() {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        let close = rest[open..].find('>').expect("unterminated tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') {
            assert!(tag.ends_with('?'));
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        assert!(!name.is_empty(), "empty tag name");
        // Attributes: name="value" pairs.
        let mut attributes = body[name_end..].trim();
        let mut seen = HashSet::new();
        while !attributes.is_empty() {
            let eq = attributes.find('=').unwrap_or_else(|| panic!("bad attributes in <{tag}>"));
            let attribute = attributes[..eq].trim();
            assert!(seen.insert(attribute.to_owned()), "duplicate attribute {attribute} in <{tag}>");
            let value_part = attributes[eq + 1..].trim_start();
            assert!(value_part.starts_with('"'), "unquoted attribute in <{tag}>");
            let value_end = value_part[1..].find('"').expect("unterminated attribute") + 1;
            check_text(&value_part[1..value_end]);
            attributes = value_part[value_end + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    check_text(rest);
    assert!(rest.trim().is_empty(), "trailing text");
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn graphml_is_well_formed_and_matches_the_network() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let network = KnowledgeGraph::from_quads(store.quads().unwrap());
    assert_eq!(network.node_count(), 7);
    assert_eq!(network.edge_count(), 6);

    let graphml = export(&store, ExportFormat::GraphMl);
    assert_well_formed(&graphml);
    assert_eq!(count(&graphml, "<node "), network.node_count());
    assert_eq!(count(&graphml, "<edge "), network.edge_count());
    assert!(graphml.contains("edgedefault=\"directed\""));

    // Keys come before the graph, id == attr.name, and only portable types.
    let graph_at = graphml.find("<graph ").unwrap();
    let keys: Vec<&str> = graphml.lines().filter(|line| line.trim_start().starts_with("<key ")).collect();
    assert!(keys.len() >= 13);
    for key in &keys {
        assert!(graphml.find(key).unwrap() < graph_at);
        let attribute = |name: &str| -> String {
            let start = key.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            key[start..].split('"').next().unwrap().to_owned()
        };
        // The edges' label needs an id of its own, key ids being global.
        if attribute("id") == "edge_label" {
            assert_eq!((attribute("for").as_str(), attribute("attr.name").as_str()), ("edge", "label"));
        } else {
            assert_eq!(attribute("id"), attribute("attr.name"), "{key}");
        }
        // igraph ignores keys for all targets, and Gephi reads a label only
        // from a key for nodes or for edges.
        assert_ne!(attribute("for"), "all", "{key}");
        assert!(["string", "int", "double", "boolean"].contains(&attribute("attr.type").as_str()), "{key}");
        assert!(!["x", "y", "size", "r", "g", "b", "d3", "d7"].contains(&attribute("id").as_str()));
    }
    // Every node has label, name, kind and category; every edge label and interaction.
    for block in graphml.split("<node ").skip(1) {
        let block = &block[..block.find("</node>").unwrap()];
        for key in ["label", "name", "kind", "category", "documents"] {
            assert!(block.contains(&format!("<data key=\"{key}\">")), "{key} missing in {block}");
        }
    }
    for block in graphml.split("<edge ").skip(1) {
        let block = &block[..block.find("</edge>").unwrap()];
        assert!(block.contains("<data key=\"edge_label\">"));
        assert!(block.contains("<data key=\"interaction\">"));
    }
    assert!(graphml.contains(&format!("<node id=\"{ID}person/park\">")));
    assert!(graphml.contains("<data key=\"title\">도지사</data>"));
    assert!(graphml.contains("경남-텍사스 &quot;에너지&quot; 협약 &lt;MOU&gt; &amp; 후속"));
    assert!(graphml.contains("<data key=\"interaction\">affiliation</data>"));
    assert!(!graphml.contains("광역자치단체"));
}

#[test]
fn gexf_is_well_formed_dynamic_and_matches_the_network() {
    let store = store_with_two_articles();
    let network = KnowledgeGraph::from_quads(store.quads().unwrap());
    let gexf = export(&store, ExportFormat::Gexf);
    assert_well_formed(&gexf);
    assert!(gexf.contains("xmlns=\"http://gexf.net/1.3\""));
    assert!(gexf.contains("version=\"1.3\""));
    assert!(gexf.contains("<graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">"));
    assert_eq!(count(&gexf, "<node "), network.node_count());
    assert_eq!(count(&gexf, "<edge "), network.edge_count());
    assert!(gexf.contains("<attributes class=\"node\""));
    assert!(gexf.contains("<attributes class=\"edge\""));

    let line_of = |needle: &str| -> &str {
        gexf.lines().find(|line| line.contains(needle)).unwrap_or_else(|| panic!("{needle} not found"))
    };
    // Events have a span, a multi-day one ends on its end date.
    let agreement = line_of(&format!("<node id=\"{ID}event/aaa-0\""));
    assert!(agreement.contains("start=\"2023-10-05\" end=\"2023-10-06\""), "{agreement}");
    let visit = line_of(&format!("<node id=\"{ID}event/bbb-0\""));
    assert!(visit.contains("start=\"2023-11-21\" end=\"2023-11-21\""), "{visit}");
    // Actors are static.
    let park = line_of(&format!("<node id=\"{ID}person/park\""));
    assert!(!park.contains("start="), "{park}");
    // The edges of an event share its span; the affiliation edge is static.
    let participation = line_of(&format!("source=\"{ID}event/bbb-0\" target=\"{ID}person/park\""));
    assert!(participation.contains("start=\"2023-11-21\" end=\"2023-11-21\""), "{participation}");
    let affiliation = line_of(&format!("source=\"{ID}person/park\" target=\"{ID}province/gyeongnam\""));
    assert!(!affiliation.contains("start="), "{affiliation}");
    assert!(affiliation.contains("label=\"affiliation\""));
}

#[test]
fn empty_store_exports_are_well_formed() {
    let store = Store::in_memory().unwrap();
    assert_well_formed(&export(&store, ExportFormat::GraphMl));
    assert_well_formed(&export(&store, ExportFormat::Gexf));
    assert_eq!(parse_rdf(RdfFormat::Turtle, &export(&store, ExportFormat::Turtle)).len(), 0);
    assert_eq!(store.triple_count().unwrap(), 0);
    assert_eq!(store.document_count().unwrap(), 0);
}

#[test]
fn on_disk_store_persists_and_is_locked_while_open() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        let one = article_one();
        store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
        store.flush().unwrap();

        // RocksDB keeps a per-process table of held LOCK files, so a second
        // open from this process fails just as one from another process would.
        match Store::open(&path) {
            Err(StoreError::InUse { path: reported }) => {
                assert_eq!(reported, path);
            }
            Err(other) => panic!("expected InUse, got {other}"),
            Ok(_) => panic!("second open of a locked store succeeded"),
        }
        let message = StoreError::InUse { path: path.clone() }.to_string();
        assert!(message.contains("is in use by another process"), "{message}");
    }
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.document_count().unwrap(), 1);
    assert!(reopened.has_document(&iri("doc/aaa"), "aaa111").unwrap());
}

// ---- Store::check ----------------------------------------------------------

fn in_graph(graph: &str, subject: &str, predicate: NamedNodeRef<'_>, object: impl Into<Term>) -> Quad {
    Quad::new(iri(subject), predicate, object, iri(graph))
}

/// Damages one named graph the way a hand edit would, but keeps the default
/// graph their union, so that each test sees only the problem it made.
fn insert(store: &Store, quad: Quad) {
    store.inner.insert(&quad).unwrap();
    if !quad.graph_name.is_default_graph() {
        store.inner.insert(&in_default_graph(&quad)).unwrap();
    }
}

fn remove(store: &Store, quad: Quad) {
    assert!(store.inner.contains(&quad).unwrap(), "{quad} was not stored");
    store.inner.remove(&quad).unwrap();
    let still_stated = store
        .inner
        .quads_for_pattern(Some(quad.subject.as_ref()), Some(quad.predicate.as_ref()), Some(quad.object.as_ref()), None)
        .any(|q| !q.unwrap().graph_name.is_default_graph());
    if !still_stated {
        store.inner.remove(&in_default_graph(&quad)).unwrap();
    }
}

fn in_default_graph(quad: &Quad) -> Quad {
    Quad::new(quad.subject.clone(), quad.predicate.clone(), quad.object.clone(), GraphName::DefaultGraph)
}

/// The two-article store after `damage`, checked; asserts exactly one
/// problem and returns it so each test can say what it must name.
fn single_problem(damage: impl FnOnce(&Store)) -> String {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    damage(&store);
    let report = store.check().unwrap();
    assert!(!report.is_sound());
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    report.problems[0].clone()
}

#[test]
fn a_store_built_like_gyoryu_builds_is_sound() {
    let store = store_with_two_articles();
    // The ontology graph is neither an article nor a problem.
    store.load_ontology(ONTOLOGY).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:#?}", report.problems);
    assert_eq!(report.documents, 2);
    assert!(report.to_string().contains("sound"));
    assert!(Store::in_memory().unwrap().check().unwrap().is_sound());
}

#[test]
fn a_store_from_the_real_rdf_mapping_is_sound() {
    use gyoryu_model::{Actor, ActorKind, Document, Event, EventKind, EventStatus, Extraction};
    let actor = |kind, name: &str, affiliation| Actor {
        kind,
        name: name.into(),
        aliases: vec![],
        title: None,
        affiliation,
        confidence: 0.9,
        mentions: vec![],
    };
    let extraction = Extraction {
        document: Document {
            id: "mou.txt".into(),
            source: "in/mou.txt".into(),
            url: None,
            title: Some("충북, 몽골 도르노드주와 협약".into()),
            published: None,
            text: "충청북도는 몽골 도르노드주와 협약을 맺었다.".into(),
            content_hash: "c0ffee".repeat(11),
        },
        actors: vec![
            actor(ActorKind::Province, "충청북도", None),
            actor(ActorKind::Province, "도르노드주", None),
            actor(ActorKind::Person, "한가람", Some(0)),
        ],
        events: vec![Event {
            kind: EventKind::Agreement,
            label: "충북-도르노드 협약".into(),
            participants: vec![0, 1],
            date: None,
            end_date: None,
            location: Some(1),
            evidence: "충청북도는 몽골 도르노드주와 협약을 맺었다.".into(),
            status: EventStatus::Reported,
            trigger: "협약".into(),
            amounts: vec![],
            fields: vec![],
            confidence: 0.8,
        }],
    };
    let (graph, quads) = gyoryu_graph::rdf::extraction_to_quads(&extraction);
    let store = Store::in_memory().unwrap();
    store.replace_document("mou.txt", &graph, &quads).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:#?}", report.problems);
    assert_eq!(report.documents, 1);
}

#[test]
fn check_finds_triples_in_the_default_graph() {
    let problem = single_problem(|store| {
        insert(store, Quad::new(iri("province/gyeongnam"), vocab::RDFS_LABEL, ko("경남"), GraphName::DefaultGraph))
    });
    assert!(problem.contains("default graph") && problem.contains("1 triple"), "{problem}");
    assert!(problem.contains("province/gyeongnam"), "{problem}");
}

#[test]
fn check_finds_article_triples_missing_from_the_default_graph() {
    let problem = single_problem(|store| {
        store
            .inner
            .remove(&Quad::new(iri("province/texas"), vocab::RDFS_LABEL, ko("텍사스주"), GraphName::DefaultGraph))
            .unwrap();
    });
    assert!(problem.contains("1 triple") && problem.contains("missing from the default graph"), "{problem}");
    assert!(problem.contains("province/texas") && problem.contains("doc/aaa"), "{problem}");
}

#[test]
fn check_asks_to_rebuild_a_store_of_the_old_layout() {
    // Before the default graph was kept, facts lived only in article graphs.
    let problem = single_problem(|store| {
        let mut transaction = store.inner.start_transaction().unwrap();
        transaction.clear_graph(GraphNameRef::DefaultGraph).unwrap();
        transaction.commit().unwrap();
    });
    assert!(problem.contains("older gyoryu") && problem.contains("rebuild"), "{problem}");
}

#[test]
fn the_default_graph_follows_replacements_and_removals() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let mut edited = Article::new("doc/ccc", "one.txt", "ccc333");
    edited.actor("province/gyeongnam", "Province", "경상남도");
    store.replace_document("one.txt", &edited.graph, &edited.quads).unwrap();
    assert!(store.check().unwrap().is_sound(), "{:#?}", store.check().unwrap().problems);
    assert!(remove_named(&store, "two.txt"));
    assert!(store.check().unwrap().is_sound(), "{:#?}", store.check().unwrap().problems);
    // Only the edited article and the ontology are left in the default graph.
    let mut expected: Vec<Triple> = edited.quads.iter().cloned().map(Triple::from).collect();
    expected.sort_by_cached_key(ToString::to_string);
    assert_eq!(store.triple_count().unwrap(), expected.len());
    assert!(remove_named(&store, "one.txt"));
    assert_eq!(store.default_graph_triples().unwrap().len(), store.ontology_triple_count().unwrap());
    assert_eq!(store.triple_count().unwrap(), 0);
}

#[test]
fn articles_added_in_one_batch_are_like_articles_added_one_by_one() {
    let one = article_one();
    let two = article_two();
    let batch = Store::in_memory().unwrap();
    batch
        .add_new_documents(vec![(one.graph.clone(), one.quads.clone()), (two.graph.clone(), two.quads.clone())])
        .unwrap();
    let single = store_with_two_articles();
    let sorted = |store: &Store| {
        let mut quads: Vec<String> = store.inner.iter().map(|q| q.unwrap().to_string()).collect();
        quads.sort();
        quads
    };
    assert_eq!(sorted(&batch), sorted(&single));
    assert!(batch.holds_source("one.txt", "one.txt").unwrap());
    assert!(!batch.holds_source("three.txt", "three.txt").unwrap());
    assert!(batch.check().unwrap().is_sound());
}

/// Articles enough for more than one run of the bulk loader.
fn many_articles() -> Vec<Article> {
    let one = |i: usize| {
        let mut article = Article::new(&format!("doc/{i:05}"), &format!("{i}.txt"), &format!("hash{i}"));
        article.actor("province/gyeongnam", "Province", "경상남도");
        article
    };
    let per_article = one(0).quads.len();
    (0..RUN_QUADS / per_article + 10).map(one).collect()
}

#[test]
fn a_batch_of_several_loader_runs_is_stored_whole_at_its_commit() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::open(folder.path()).unwrap();
    let articles = many_articles();
    let mut writer = store.batch_writer();
    for article in &articles {
        writer.push(&article.graph, article.quads.clone()).unwrap();
    }
    assert_eq!(writer.len(), articles.len());
    // The first run's table files are written, but not yet part of the store.
    assert!(!store.holds_source("0.txt", "0.txt").unwrap());
    writer.commit().unwrap();
    assert!(writer.is_empty());
    assert_eq!(store.document_count().unwrap(), articles.len());
    assert!(store.holds_source("0.txt", "0.txt").unwrap());
    assert_eq!(store.quad_count().unwrap(), articles.iter().map(|a| a.quads.len()).sum::<usize>());
}

#[test]
fn a_batch_dropped_before_its_commit_leaves_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::open(folder.path()).unwrap();
    let mut writer = store.batch_writer();
    for article in many_articles() {
        writer.push(&article.graph, article.quads).unwrap();
    }
    drop(writer);
    assert_eq!(store.document_count().unwrap(), 0);
    let left: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn check_finds_a_graph_without_a_document() {
    let problem =
        single_problem(|store| insert(store, in_graph("doc/orphan", "province/jeju", vocab::RDFS_LABEL, ko("제주"))));
    assert!(problem.contains("doc/orphan") && problem.contains("no gy:Document"), "{problem}");
}

#[test]
fn check_finds_a_graph_with_two_documents() {
    let problem =
        single_problem(|store| insert(store, in_graph("doc/aaa", "doc/zzz", vocab::RDF_TYPE, class("Document"))));
    assert!(problem.contains("2 gy:Documents") && problem.contains("doc/zzz"), "{problem}");
}

#[test]
fn check_finds_a_document_in_a_graph_not_named_after_it() {
    let store = Store::in_memory().unwrap();
    let mut one = article_one();
    // The same article, written under a graph name of its own choosing.
    let elsewhere = iri("graph/misnamed");
    for quad in &mut one.quads {
        quad.graph_name = elsewhere.clone().into();
    }
    store.replace_document("one.txt", &elsewhere, &one.quads).unwrap();
    let report = store.check().unwrap();
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    let problem = &report.problems[0];
    assert!(problem.contains("graph/misnamed") && problem.contains("doc/aaa"), "{problem}");
}

#[test]
fn check_finds_documents_without_source_file_or_hash() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "doc/bbb", vocab::SOURCE_FILE, Literal::new_simple_literal("two.txt")))
    });
    assert!(problem.contains("doc/bbb") && problem.contains("gy:sourceFile"), "{problem}");
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "doc/aaa", vocab::CONTENT_HASH, Literal::new_simple_literal("aaa111")))
    });
    assert!(problem.contains("doc/aaa") && problem.contains("gy:contentHash"), "{problem}");
}

#[test]
fn check_finds_an_event_without_participants() {
    let problem = single_problem(|store| {
        for p in ["person/park", "country/vietnam"] {
            remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::PARTICIPANT, iri(p)));
        }
    });
    assert!(problem.contains("event/bbb-0") && problem.contains("no gy:participant"), "{problem}");
}

#[test]
fn check_finds_a_participant_typed_only_in_another_graph() {
    // Park is an actor of article two, not of article one.
    let problem = single_problem(|store| {
        insert(store, in_graph("doc/aaa", "event/aaa-0", vocab::PARTICIPANT, iri("person/park")))
    });
    assert!(
        problem.contains("event/aaa-0") && problem.contains("person/park") && problem.contains("participant"),
        "{problem}"
    );
}

#[test]
fn check_finds_a_location_that_is_not_an_actor() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "event/aaa-0", vocab::LOCATION, iri("city/changwon")));
        insert(store, in_graph("doc/aaa", "event/aaa-0", vocab::LOCATION, iri("city/nowhere")));
    });
    assert!(problem.contains("location") && problem.contains("city/nowhere"), "{problem}");
}

#[test]
fn check_finds_a_dangling_affiliation() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "person/park", vocab::AFFILIATION, iri("province/gyeongnam")));
        insert(store, in_graph("doc/bbb", "person/park", vocab::AFFILIATION, iri("province/texas")));
    });
    assert!(problem.contains("person/park") && problem.contains("province/texas"), "{problem}");
}

#[test]
fn check_finds_an_event_sourced_from_another_document() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/bbb")));
        insert(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/aaa")));
    });
    assert!(
        problem.contains("event/bbb-0") && problem.contains("gy:source") && problem.contains("doc/aaa"),
        "{problem}"
    );
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/bbb")));
    });
    assert!(problem.contains("event/bbb-0") && problem.contains("no gy:source"), "{problem}");
}

#[test]
fn check_finds_actors_without_label_or_mention() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "province/texas", vocab::RDFS_LABEL, ko("텍사스주")));
    });
    assert!(problem.contains("province/texas") && problem.contains("rdfs:label"), "{problem}");
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "country/vietnam", vocab::MENTIONED_IN, iri("doc/bbb")));
        insert(store, in_graph("doc/bbb", "country/vietnam", vocab::MENTIONED_IN, iri("doc/aaa")));
    });
    assert!(problem.contains("country/vietnam") && problem.contains("gy:mentionedIn"), "{problem}");
}

#[test]
fn check_reports_every_problem_with_its_graph() {
    let store = store_with_two_articles();
    insert(&store, Quad::new(iri("x"), vocab::RDFS_LABEL, ko("x"), GraphName::DefaultGraph));
    remove(&store, in_graph("doc/aaa", "province/texas", vocab::RDFS_LABEL, ko("텍사스주")));
    remove(&store, in_graph("doc/bbb", "doc/bbb", vocab::CONTENT_HASH, Literal::new_simple_literal("bbb222")));
    let report = store.check().unwrap();
    assert_eq!(report.problems.len(), 3, "{:#?}", report.problems);
    assert!(report.problems.iter().all(|p| p.contains("graph")));
    assert!(report.to_string().ends_with("3 problems found"), "{report}");
}

#[test]
fn opening_a_store_of_the_old_layout_for_writing_fills_its_default_graph() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        let one = article_one();
        store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
        // What an older gyoryu left: facts only in the article graph.
        let mut transaction = store.inner.start_transaction().unwrap();
        transaction.clear_graph(GraphNameRef::DefaultGraph).unwrap();
        transaction.commit().unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert!(store.triple_count().unwrap() > 0);
}

// ---- stores written before articles had an identity ------------------------

/// An article as an older gyoryu wrote it: the graph named after the content
/// hash alone, and the path it was read from as `gy:sourcePath`.
fn legacy_article(file: &str, hash: &str, path: &str) -> Article {
    let mut article = Article::new(&format!("doc/{hash}"), file, hash);
    for quad in &mut article.quads {
        if quad.predicate.as_ref() == vocab::SOURCE_PATH {
            quad.object = Literal::new_simple_literal(path).into();
        }
    }
    article.actor("province/gangwon", "Province", "강원특별자치도");
    article
}

#[test]
fn an_old_store_loses_its_local_paths_and_its_articles_are_replaced_by_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = legacy_article("one.txt", "aaa111", "/home/someone/corpus/2023/one.txt");
    {
        let store = Store::open(&path).unwrap();
        store.replace_document("/home/someone/corpus/2023/one.txt", &old.graph, &old.quads).unwrap();
    }
    // As an older gyoryu left it: no marker of the new layout.
    std::fs::remove_file(path.join(LAYOUT_MARKER)).unwrap();

    let store = Store::open(&path).unwrap();
    let paths = select_strings(&store, "SELECT ?p WHERE { ?d gy:sourcePath ?p }");
    assert_eq!(paths, [["one.txt"]], "the local path is gone from the default graph");
    let named = select_strings(&store, "SELECT ?p WHERE { GRAPH ?g { ?d gy:sourcePath ?p } }");
    assert_eq!(named, [["one.txt"]], "and from the article graph");
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{report}");
    assert!(path.join(LAYOUT_MARKER).is_file());

    // The input it came from, now known as 2023/one.txt, replaces it.
    assert!(store.holds_source("2023/one.txt", "one.txt").unwrap());
    let mut new = Article::new("doc/new-identity", "one.txt", "aaa111");
    for quad in &mut new.quads {
        if quad.predicate.as_ref() == vocab::SOURCE_PATH {
            quad.object = Literal::new_simple_literal("2023/one.txt").into();
        }
    }
    new.actor("province/gangwon", "Province", "강원특별자치도");
    assert_eq!(store.replace_document("2023/one.txt", &new.graph, &new.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.document_count().unwrap(), 1);
    // A second input of the same name is another article, not a replacement.
    assert!(!store.holds_source("other/one.txt", "one.txt").unwrap());
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{report}");
}
