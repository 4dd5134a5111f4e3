//! End-to-end tests of the `gyoryu` command line on the bundled example
//! articles and the test fixtures (all written for this project).

mod common;
use common::{gyoryu, root};

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use gyoryu::graph::network::KnowledgeGraph;
use gyoryu::store::Store;
use oxigraph::io::{RdfFormat, RdfParser};

fn ok(args: &[&str]) -> String {
    let out = gyoryu(args);
    assert!(out.status.success(), "gyoryu {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// One store built once from the examples and fixtures, shared by the tests
/// that only read it.
fn shared_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let store = dir.path().join("kg.db");
            let s = store.to_str().unwrap();
            ok(&["build", "--store", s, "examples/articles", "tests/fixtures/articles"]);
            (dir, store)
        })
        .1
}

fn query_csv(store: &Path, sparql: &str) -> Vec<String> {
    ok(&["query", "--store", store.to_str().unwrap(), "--format", "csv", sparql]).lines().map(str::to_string).collect()
}

fn count(store: &Path, sparql: &str) -> usize {
    query_csv(store, sparql)[1].trim().parse().unwrap()
}

const TRIPLES: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

#[test]
fn rebuilding_the_same_files_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg.db");
    let s = store.to_str().unwrap();
    let first = gyoryu(&["build", "--store", s, "tests/fixtures/articles"]);
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stderr).contains("6 added"));
    let before = count(&store, TRIPLES);
    let second = gyoryu(&["build", "--store", s, "tests/fixtures/articles"]);
    assert!(second.status.success());
    let summary = String::from_utf8_lossy(&second.stderr).to_string();
    assert!(summary.contains("0 added") && summary.contains("6 unchanged"), "{summary}");
    assert_eq!(count(&store, TRIPLES), before);
}

#[test]
fn a_renamed_province_is_stored_under_its_current_name_with_the_old_one_as_alias() {
    let rows = query_csv(
        shared_store(),
        r#"SELECT ?alt WHERE { ?p a gy:Province ; rdfs:label "전북특별자치도"@ko ; skos:altLabel ?alt }"#,
    );
    assert!(rows.iter().any(|r| r == "전라북도"), "{rows:?}");
}

#[test]
fn persons_carry_their_title_and_affiliation() {
    let rows = query_csv(
        shared_store(),
        r#"SELECT ?title ?body WHERE { ?p a gy:Person ; rdfs:label "정해린"@ko ; gy:title ?title ; gy:affiliation/rdfs:label ?body }"#,
    );
    assert_eq!(rows[1..], ["도지사,전북특별자치도".to_string()]);
}

#[test]
fn an_agreement_has_its_parties_date_source_and_evidence() {
    let rows = query_csv(
        shared_store(),
        r#"SELECT DISTINCT ?date ?evidence WHERE {
             ?e a gy:Agreement ; gy:date ?date ; gy:evidence ?evidence ; gy:source ?doc ;
                gy:participant/rdfs:label "전북특별자치도"@ko ; gy:participant/rdfs:label "사마르칸트주"@ko .
             ?doc gy:sourceFile "fx01-rename-jeonbuk-2023.txt" ; dcterms:issued "2023-09-14"^^xsd:date .
           }"#,
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[1].starts_with("2023-09-13,"), "{rows:?}");
    assert!(rows[1].contains("업무협약"));
}

#[test]
fn every_example_query_returns_rows() {
    let dir = root().join("examples/queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let out = ok(&[
            "query",
            "--store",
            shared_store().to_str().unwrap(),
            "--format",
            "csv",
            "--file",
            file.to_str().unwrap(),
        ]);
        assert!(out.lines().count() >= 2, "{} returned no rows", file.display());
    }
}

/// The example queries are shaped for Oxigraph's planner (paths instead of
/// unions, thresholds instead of sorting every actor); shaped or plain, they
/// must give the same rows.
#[test]
fn shaped_example_queries_answer_as_their_plain_forms() {
    let store = shared_store();
    let prefixes = "PREFIX gy: <https://w3id.org/gyoryu/ontology#>\n";
    let plain = [
        (
            "02-partners-of-kazakhstan.rq",
            r#"SELECT ?partner (SAMPLE(?pname) AS ?label) (SAMPLE(?ptype) AS ?class)
                      (COUNT(DISTINCT ?event) AS ?sharedEvents) (MIN(STR(?elabel)) AS ?exampleEvent)
               WHERE {
                 { ?kazakh a gy:Country ; rdfs:label "카자흐스탄"@ko . BIND (?kazakh AS ?country) }
                 UNION { ?country a gy:Country ; rdfs:label "카자흐스탄"@ko . ?kazakh gy:affiliation ?country }
                 ?event gy:participant ?kazakh , ?partner .
                 FILTER (?partner != ?kazakh && ?partner != ?country)
                 FILTER NOT EXISTS { ?partner gy:affiliation ?country }
                 ?partner rdfs:label ?pname ; a ?ptype .
                 FILTER (?ptype IN (gy:Person, gy:Country, gy:Province, gy:City, gy:Company, gy:GovernmentAgency, gy:Organization))
                 OPTIONAL { ?event rdfs:label ?elabel }
               } GROUP BY ?partner ORDER BY DESC(?sharedEvents) ?label"#,
        ),
        (
            "05-most-connected-actors.rq",
            r#"SELECT ?actor (MIN(STR(?name)) AS ?label) (SAMPLE(?class) AS ?type) ?events (COUNT(DISTINCT ?doc) AS ?documents)
               WHERE {
                 { SELECT ?actor (COUNT(DISTINCT ?event) AS ?events) WHERE { ?event gy:participant ?actor } GROUP BY ?actor }
                 OPTIONAL { ?actor rdfs:label ?name }
                 OPTIONAL { ?actor a ?class .
                            FILTER (?class IN (gy:Person, gy:Country, gy:Province, gy:City, gy:Company, gy:GovernmentAgency, gy:Organization)) }
                 OPTIONAL { ?actor gy:mentionedIn ?doc }
               } GROUP BY ?actor ?events ORDER BY DESC(?events) DESC(?documents) ?label LIMIT 20"#,
        ),
    ];
    for (file, query) in plain {
        let path = root().join("examples/queries").join(file);
        let shaped =
            ok(&["query", "--store", store.to_str().unwrap(), "--format", "csv", "--file", path.to_str().unwrap()]);
        let expected = query_csv(store, &format!("{prefixes}{query}")).join("\n");
        assert!(shaped.lines().count() > 2, "{file} gives too few rows to compare");
        assert_eq!(shaped.trim_end().replace("\r\n", "\n"), expected.replace('\r', ""), "{file}");
    }
}

#[test]
fn explain_prints_the_plan_with_rows_per_operator() {
    let store = shared_store().to_str().unwrap();
    let plan = ok(&["query", "--store", store, "--explain", "SELECT ?c WHERE { ?c a gy:Country }"]);
    let plan: serde_json::Value = serde_json::from_str(&plan).expect("the plan is JSON");
    let text = plan.to_string();
    assert!(text.contains("QuadPattern"), "{text}");
    assert!(text.contains("number of results"), "{text}");
    // A query that does not parse is refused as usual, naming the place.
    let out = gyoryu(&["query", "--store", store, "--explain", "SELEC ?x"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SELECT"));
}

#[test]
fn every_result_format_is_written() {
    let store = shared_store().to_str().unwrap();
    let q = "SELECT ?l WHERE { ?c a gy:Country ; rdfs:label ?l } LIMIT 3";
    let json = ok(&["query", "--store", store, "--format", "json", q]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["head"]["vars"][0], "l");
    assert!(ok(&["query", "--store", store, "--format", "xml", q]).contains("<sparql"));
    assert!(ok(&["query", "--store", store, "--format", "tsv", q]).starts_with("?l"));
    assert!(ok(&["query", "--store", store, q]).contains("3 rows"));
    let turtle = ok(&["query", "--store", store, "CONSTRUCT { ?c a gy:Country } WHERE { ?c a gy:Country }"]);
    RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()).collect::<Result<Vec<_>, _>>().unwrap();
}

#[test]
fn a_malformed_query_is_refused_clearly_and_harms_nothing() {
    let store = shared_store();
    let before = count(store, TRIPLES);
    let out = gyoryu(&["query", "--store", store.to_str().unwrap(), "SELEC ?x WHERE"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid SPARQL"));
    assert_eq!(count(store, TRIPLES), before);
}

#[test]
fn rdf_exports_parse_and_agree_with_the_store() {
    let store = shared_store().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (format, rdf) in [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
    ] {
        let path = dir.path().join(format!("kg.{format}"));
        ok(&["export", "--store", store, "--format", format, "-o", path.to_str().unwrap()]);
        let bytes = std::fs::read(&path).unwrap();
        let quads = RdfParser::from_format(rdf).for_slice(&bytes).collect::<Result<Vec<_>, _>>().unwrap();
        assert!(quads.len() > 500, "{format}: {} quads", quads.len());
        if format == "nquads" || format == "trig" {
            assert!(quads.iter().all(|q| !q.graph_name.is_default_graph()), "{format} keeps article graphs");
        }
    }
}

#[test]
fn graphml_and_gexf_match_the_store_and_suit_the_importers() {
    let dir = tempfile::tempdir().unwrap();
    // A store of its own, so that it can be opened here after the CLI has closed it.
    let store_path = dir.path().join("kg.db");
    let store = store_path.to_str().unwrap();
    ok(&["build", "--store", store, "tests/fixtures/articles"]);
    let graphml = ok(&["export", "--store", store, "--format", "graphml"]);
    let gexf = ok(&["export", "--store", store, "--format", "gexf"]);

    let graph = {
        let db = Store::open(&store_path).unwrap();
        KnowledgeGraph::from_quads(db.article_quads().unwrap())
    };
    assert!(graph.node_count() > 20 && graph.edge_count() > 20);
    assert_eq!(graphml.matches("<node ").count(), graph.node_count());
    assert_eq!(graphml.matches("<edge ").count(), graph.edge_count());
    let graph_at = graphml.find("<graph ").unwrap();
    assert!(graphml.rfind("<key ").unwrap() < graph_at, "every key before the graph");
    assert!(!graphml.contains("attr.type=\"long\""));
    for reserved in ["x", "y", "size", "r", "g", "b", "d3", "d7"] {
        assert!(!graphml.contains(&format!("attr.name=\"{reserved}\"")), "reserved attribute {reserved}");
    }
    for key in ["label", "name", "interaction"] {
        assert!(graphml.contains(&format!("id=\"{key}\"")), "key {key}");
    }

    assert!(gexf.contains("version=\"1.3\"") && gexf.contains("timeformat=\"date\""));
    assert_eq!(gexf.matches("<node ").count(), graph.node_count());
    assert!(gexf.contains("start=\"2023-09-13\""), "events carry their dates for the timeline");

    // The streamed export says of every node and edge what the in-memory
    // network view says (only the order differs).
    for node in graph.nodes() {
        let open = format!("<node id=\"{}\">", node.iri);
        let at = graphml.find(&open).unwrap_or_else(|| panic!("{open} missing"));
        let block = &graphml[at..at + graphml[at..].find("</node>").unwrap()];
        for (key, value) in [
            ("kind", node.class.to_owned()),
            ("documents", node.documents.to_string()),
            ("degree", graph.degree(&node.iri).unwrap().to_string()),
        ] {
            assert!(block.contains(&format!("<data key=\"{key}\">{value}</data>")), "{key} {value} in {block}");
        }
        if let Some(date) = node.date {
            assert!(block.contains(&format!("<data key=\"date\">{date}</data>")), "{block}");
        }
    }
    let mut exported: Vec<String> = graphml
        .split("<edge ")
        .skip(1)
        .map(|block| {
            let attribute = |name: &str| {
                let start = block.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                block[start..].split('"').next().unwrap().to_owned()
            };
            let relation = block.split("<data key=\"interaction\">").nth(1).unwrap().split('<').next().unwrap();
            format!("{} {relation} {}", attribute("source"), attribute("target"))
        })
        .collect();
    let mut expected: Vec<String> =
        graph.edges().map(|link| format!("{} {} {}", link.source.iri, link.edge.relation, link.target.iri)).collect();
    exported.sort();
    expected.sort();
    assert_eq!(exported, expected);
}

#[test]
fn every_export_gives_the_same_bytes_twice() {
    let store = shared_store().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for format in ["turtle", "ntriples", "nquads", "trig", "graphml", "gexf"] {
        let export = |name: &str| {
            let path = dir.path().join(format!("{name}.{format}"));
            ok(&["export", "--store", store, "--format", format, "-o", path.to_str().unwrap()]);
            std::fs::read(&path).unwrap()
        };
        let first = export("first");
        assert!(first.len() > 10_000, "{format}: {} bytes", first.len());
        assert!(first == export("second"), "{format} differs between two exports");
    }
}

#[test]
fn extract_prints_one_articles_findings_as_json() {
    let out = ok(&["extract", "tests/fixtures/articles/fx01-rename-jeonbuk-2023.txt"]);
    let x: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(x["document"]["published"], "2023-09-14");
    let names: Vec<&str> = x["actors"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"정해린") && names.contains(&"사마르칸트주"), "{names:?}");
    assert!(x["events"].as_array().unwrap().iter().any(|e| e["kind"] == "Agreement"));
}

#[test]
fn check_finds_a_sound_store_sound() {
    let out = ok(&["check", "--store", shared_store().to_str().unwrap()]);
    assert!(out.contains("16 article graphs checked"), "{out}");
}

#[test]
fn remove_drops_one_article_and_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg.db");
    let s = store.to_str().unwrap();
    ok(&["build", "--store", s, "tests/fixtures/articles"]);
    let docs = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gy:Document }";
    assert_eq!(count(&store, docs), 6);
    // The stored event counts add up to the participant links, before and after.
    let counted = "SELECT (SUM(?n) AS ?total) WHERE { ?a gy:eventCount ?n }";
    let links = "SELECT (COUNT(*) AS ?n) WHERE { ?e gy:participant ?a }";
    let before = count(&store, links);
    assert_eq!(count(&store, counted), before);
    ok(&["remove", "--store", s, "fx01-rename-jeonbuk-2023.txt"]);
    assert_eq!(count(&store, docs), 5);
    assert!(count(&store, links) < before, "the article had participants");
    assert_eq!(count(&store, counted), count(&store, links));
    assert!(!gyoryu(&["remove", "--store", s, "fx01-rename-jeonbuk-2023.txt"]).status.success());
}

#[test]
fn eval_reads_json_lines_and_shared_gold_and_sorts_misses_by_kind() {
    let args = ["eval", "--gold", "tests/fixtures/eval/gold", "tests/fixtures/eval/articles.jsonl"];
    let plain = ok(&args);
    // Records are matched to gold by their id; the dates come from an
    // AKR-style id in one URL and from a dateline, not the URL, in the other.
    assert!(!plain.contains("not among the inputs"), "{plain}");
    assert!(plain.contains("published 1.000 of 2"), "{plain}");
    assert!(!plain.contains("misses by kind"), "{plain}");

    let verbose = ok(&[&args[..], &["-v"]].concat());
    assert!(verbose.starts_with(&plain), "-v only adds to the scores");
    let table = verbose.split("misses by kind").nth(1).expect("a table of misses");
    for kind in [
        "person span",
        "unknown place",
        "missed body",
        "wrong type",
        "background event",
        "spurious event",
        "affiliation",
    ] {
        assert!(table.contains(&format!("    {kind}")), "{kind} in {table}");
    }
    // A body the text never names is missed whatever extraction does.
    assert!(verbose.contains("\nmissed body ("), "{verbose}");
    assert!(verbose.contains("  ev01             한별연구원 (Organization)\n"), "{verbose}");
}

#[test]
fn events_and_actors_are_found_by_their_superclass() {
    let store = shared_store();
    let by_kind = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?k . FILTER(?k IN (gy:Agreement, gy:Forum, gy:Visit, gy:Meeting)) }";
    let events = count(store, by_kind);
    assert!(events > 10);
    assert_eq!(count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a gy:Event }"), events);
    let actors = count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ?k . ?k rdfs:subClassOf+ gy:Actor }");
    assert_eq!(count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gy:Actor }"), actors);
}

#[test]
fn source_urls_are_typed_and_turtle_reads_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"u1\",\"url\":\"https://example.org/news/1\",\"published\":\"2024-05-02\",\
         \"text\":\"김진태 강원특별자치도지사는 2일 카자흐스탄 알마티에서 경제협력 업무협약을 체결했다.\"}\n",
    )
    .unwrap();
    let store = dir.path().join("kg.db");
    let s = store.to_str().unwrap();
    ok(&["build", "--store", s, input.to_str().unwrap()]);
    let rows = query_csv(&store, "SELECT ?u (DATATYPE(?u) AS ?t) WHERE { ?d gy:sourceUrl ?u }");
    assert_eq!(rows[1], "https://example.org/news/1,http://www.w3.org/2001/XMLSchema#anyURI", "{rows:?}");
    let turtle = ok(&["export", "--store", s, "--format", "turtle"]);
    assert!(!turtle.contains("\\/"), "escaped slashes in {turtle}");
    assert!(turtle.contains("province:강원특별자치도"), "{turtle}");
}

#[test]
fn sparql_errors_are_one_line_with_the_place() {
    let store = shared_store().to_str().unwrap().to_owned();
    let out = gyoryu(&["query", "--store", &store, "SELECT ?x WHERE {\n  ?x a foo:Bar }"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    assert!(said.starts_with("gyoryu: ") && said.contains("unknown prefix foo: at 2:"), "{said}");
    assert!(said.contains("declare it with PREFIX"), "{said}");

    let out = gyoryu(&["query", "--store", &store, "SELEC ?x WHERE { ?x ?p ?o }"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    assert!(said.contains("1:1") && said.contains("SELECT"), "{said}");
}

#[test]
fn a_failed_build_leaves_no_store_and_errors_say_who_speaks() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg.db");
    let s = store.to_str().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let out = gyoryu(&["build", "--store", s, missing.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("gyoryu: ") && said.contains("no-such-article.txt"), "{said}");
    assert!(!store.exists(), "a failed build left {}", store.display());

    ok(&["build", "--store", s, "tests/fixtures/articles/fx01-rename-jeonbuk-2023.txt"]);
    let out = gyoryu(&["remove", "--store", s, "not-there.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("gyoryu: no article"), "{:?}", out);
}

#[test]
fn every_subcommand_explains_its_arguments_with_an_example() {
    for command in ["build", "query", "export", "extract", "eval", "ner", "check", "load", "remove", "serve"] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains("Example"), "{command} --help shows no example:\n{help}");
        // Every argument and option has words after its name, on its line
        // or (in clap's long layout) on the next one.
        let lines: Vec<&str> = help.lines().collect();
        let mut section = "";
        for (at, line) in lines.iter().enumerate() {
            if !line.starts_with(' ') && line.ends_with(':') {
                section = line;
                continue;
            }
            let head = line.trim_start();
            let indent = line.len() - head.len();
            let is_entry = head.starts_with(['<', '[', '-']) && indent <= 6;
            if (section == "Arguments:" || section == "Options:") && is_entry {
                let same_line = head.split("  ").filter(|part| !part.trim().is_empty()).count() >= 2;
                let next = lines.get(at + 1).map(|next| next.trim()).unwrap_or("");
                let next_line = !next.is_empty() && !next.starts_with('-') && !next.starts_with('<');
                assert!(same_line || next_line, "{command}: no help for {head:?}\n{help}");
            }
        }
    }
}
