//! `gyoryu serve` as SPARQL clients use it: the W3C protocol over loopback
//! (GET, form POST, query-body POST), every result format, CORS, and the
//! status and message of each refusal (malformed query, update without
//! token, oversized answer, query over the time limit).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::root;
use common::server::Server;
use oxigraph::io::{RdfFormat, RdfParser};

const BIN: &str = env!("CARGO_BIN_EXE_gyoryu");

/// A store built once per run from the fixtures; servers open it read-only.
/// It lives in Cargo's temporary folder for tests because statics are never
/// dropped, so a `TempDir` here would never be removed.
fn fixture_store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-fixture-store");
        let _ = std::fs::remove_dir_all(&dir);
        build_store(&dir);
        dir
    })
}

fn build_store(dir: &Path) {
    let status = Command::new(BIN)
        .arg("build")
        .arg("--store")
        .arg(dir)
        .arg(root().join("tests/fixtures/articles"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "gyoryu build failed");
}

/// A server of its own for each test, stopped when the test ends (a shared
/// one in a static would outlive the test run).
fn test_server() -> Server {
    Server::start(fixture_store(), &["--query-timeout", "2", "--max-rows", "200"])
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status, Content-Type and body of a response.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
    headers: ureq::http::HeaderMap,
}

fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let content_type =
        response.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or("").to_owned();
    let headers = response.headers().clone();
    Answer {
        status: response.status().as_u16(),
        content_type,
        body: response.body_mut().read_to_string().unwrap(),
        headers,
    }
}

fn get(url: &str, query: &str, accept: &str) -> Answer {
    read(agent().get(url).query("query", query).header("Accept", accept).call())
}

const COUNTRIES: &str = "SELECT ?label WHERE { ?c a gy:Country ; rdfs:label ?label } ORDER BY ?label";

/// The sorted labels of the countries in the fixture store, read with the
/// store's own command line, so the protocol tests do not hang on what
/// extraction finds.
fn country_labels() -> &'static [String] {
    static LABELS: OnceLock<Vec<String>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let out = Command::new(BIN)
            .args(["query", "--format", "csv", "--store"])
            .arg(fixture_store())
            .arg(COUNTRIES)
            .output()
            .unwrap();
        let labels: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().skip(1).map(str::to_owned).collect();
        assert!(labels.len() >= 2, "the fixtures name at least two countries: {labels:?}");
        labels
    })
}

/// Everything about the first country, as a graph.
fn country_graph() -> String {
    format!(
        "CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c a gy:Country ; rdfs:label ?l ; ?p ?o FILTER(STR(?l) = \"{}\") }}",
        country_labels()[0]
    )
}

#[test]
fn select_and_ask_in_every_result_format() {
    let server = test_server();
    let url = server.sparql();

    let json = get(&url, COUNTRIES, "application/sparql-results+json");
    assert_eq!(json.status, 200, "{}", json.body);
    assert!(json.content_type.starts_with("application/sparql-results+json"));
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["head"]["vars"], serde_json::json!(["label"]));
    let labels: Vec<&str> = value["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["label"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(labels, country_labels());
    let first = country_labels()[0].as_str();

    let xml = get(&url, COUNTRIES, "application/sparql-results+xml");
    assert_eq!(xml.status, 200);
    assert!(xml.content_type.starts_with("application/sparql-results+xml"));
    assert!(xml.body.contains("<sparql") && xml.body.contains(&format!(">{first}</literal>")), "{}", xml.body);

    let csv = get(&url, COUNTRIES, "text/csv");
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "label");
    assert_eq!(lines.len(), labels.len() + 1);
    assert!(lines.contains(&first));

    let tsv = get(&url, COUNTRIES, "text/tab-separated-values");
    assert_eq!(tsv.status, 200);
    assert!(tsv.content_type.starts_with("text/tab-separated-values"));
    assert!(tsv.body.starts_with("?label\n") && tsv.body.contains(&format!("\"{first}\"")), "{}", tsv.body);

    // No Accept header, or a browser's: JSON.
    let default = read(agent().get(&url).query("query", COUNTRIES).call());
    assert!(default.content_type.starts_with("application/sparql-results+json"));
    // ?format= overrides the header, for links.
    let by_name = read(agent().get(&url).query("query", COUNTRIES).query("format", "csv").call());
    assert_eq!(by_name.body, csv.body);

    let ask = get(
        &url,
        &format!("ASK {{ ?c rdfs:label ?l FILTER(STR(?l) = \"{first}\") }}"),
        "application/sparql-results+json",
    );
    assert_eq!(serde_json::from_str::<serde_json::Value>(&ask.body).unwrap()["boolean"], true);
    let ask_xml = get(&url, "ASK { ?c rdfs:label \"없는 나라\" }", "application/sparql-results+xml");
    assert!(ask_xml.body.contains("<boolean>false</boolean>"), "{}", ask_xml.body);
}

#[test]
fn get_form_post_and_query_body_post_agree() {
    let server = test_server();
    let url = server.sparql();
    let by_get = get(&url, COUNTRIES, "text/csv");
    let by_form = read(agent().post(&url).header("Accept", "text/csv").send_form([("query", COUNTRIES)]));
    let by_body = read(
        agent()
            .post(&url)
            .header("Accept", "text/csv")
            .header("Content-Type", "application/sparql-query")
            .send(COUNTRIES),
    );
    assert_eq!(by_form.status, 200, "{}", by_form.body);
    assert_eq!(by_body.status, 200, "{}", by_body.body);
    assert_eq!(by_get.body, by_form.body);
    assert_eq!(by_get.body, by_body.body);
}

fn triple_count(body: &str, format: RdfFormat) -> usize {
    let mut count = 0;
    for quad in RdfParser::from_format(format).for_slice(body.as_bytes()) {
        quad.expect("the answer parses");
        count += 1;
    }
    count
}

#[test]
fn construct_and_describe_in_every_graph_format() {
    let server = test_server();
    let url = server.sparql();
    let graph = country_graph();
    let turtle = get(&url, &graph, "text/turtle");
    assert_eq!(turtle.status, 200, "{}", turtle.body);
    assert!(turtle.content_type.starts_with("text/turtle"));
    let expected = triple_count(&turtle.body, RdfFormat::Turtle);
    assert!(expected >= 3, "{}", turtle.body);
    assert!(turtle.body.contains("@prefix gy:"), "{}", turtle.body);

    let ntriples = get(&url, &graph, "application/n-triples");
    assert!(ntriples.content_type.starts_with("application/n-triples"));
    assert_eq!(triple_count(&ntriples.body, RdfFormat::NTriples), expected);

    let jsonld = get(&url, &graph, "application/ld+json");
    assert!(jsonld.content_type.starts_with("application/ld+json"));
    let format = RdfFormat::from_media_type("application/ld+json").unwrap();
    assert_eq!(triple_count(&jsonld.body, format), expected, "{}", jsonld.body);

    let rdfxml = get(&url, &graph, "application/rdf+xml");
    assert!(rdfxml.content_type.starts_with("application/rdf+xml"));
    assert_eq!(triple_count(&rdfxml.body, RdfFormat::RdfXml), expected);

    // SPARQLWrapper asks for `format=xml` / `json` whatever the query form.
    let wrapper = read(agent().get(&url).query("query", &graph).query("format", "xml").call());
    assert!(wrapper.content_type.starts_with("application/rdf+xml"), "{}", wrapper.content_type);
    assert_eq!(triple_count(&wrapper.body, RdfFormat::RdfXml), expected);
    let wrapper = read(agent().get(&url).query("query", &graph).query("output", "json").call());
    assert!(wrapper.content_type.starts_with("application/ld+json"), "{}", wrapper.content_type);
    // SPARQLWrapper's JSON-LD request: lists of types, in `format` and again in `output`.
    let wanted = "application/ld+json,application/x-json+ld";
    let wrapper = read(
        agent()
            .get(&url)
            .query("query", &graph)
            .query("format", wanted)
            .query("output", wanted)
            .header("Accept", wanted)
            .call(),
    );
    assert_eq!(wrapper.status, 200, "{}", wrapper.body);
    assert!(wrapper.content_type.starts_with("application/ld+json"), "{}", wrapper.content_type);
    assert_eq!(triple_count(&wrapper.body, format), expected);
    // A format that does not fit the query form, or is unknown, leaves the choice to Accept …
    for hint in ["csv", "yaml"] {
        let by_accept = read(
            agent()
                .get(&url)
                .query("query", &graph)
                .query("format", hint)
                .header("Accept", "application/n-triples")
                .call(),
        );
        assert_eq!(by_accept.status, 200, "{hint}: {}", by_accept.body);
        assert!(by_accept.content_type.starts_with("application/n-triples"), "{hint}: {}", by_accept.content_type);
    }
    // … and only when Accept cannot be served either is the request refused.
    let csv_for_graph = read(
        agent()
            .get(&url)
            .query("query", &graph)
            .query("format", "csv")
            .header("Accept", "application/sparql-results+json")
            .call(),
    );
    assert_eq!(csv_for_graph.status, 406, "{}", csv_for_graph.body);
    assert!(csv_for_graph.body.contains("csv"), "{}", csv_for_graph.body);

    // A browser's Accept gets the default graph format; a results-only Accept gets 406.
    let browser = get(&url, &graph, "text/html,application/xhtml+xml,*/*;q=0.8");
    assert!(browser.content_type.starts_with("text/turtle"));
    let refused = get(&url, &graph, "application/sparql-results+json");
    assert_eq!(refused.status, 406);
    assert!(refused.body.contains("text/turtle"), "{}", refused.body);

    let describe = get(
        &url,
        &format!(
            "DESCRIBE ?c WHERE {{ ?c a gy:Country ; rdfs:label ?l FILTER(STR(?l) = \"{}\") }}",
            country_labels()[0]
        ),
        "application/n-triples",
    );
    assert_eq!(describe.status, 200, "{}", describe.body);
    assert!(describe.body.contains("<https://w3id.org/gyoryu/id/country/"), "{}", describe.body);
}

/// The endpoint answers exactly as `gyoryu query` does, on every example query.
#[test]
fn endpoint_answers_like_the_command_line() {
    let server = test_server();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/queries"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let query = std::fs::read_to_string(&file).unwrap();
        let cli = Command::new(BIN)
            .args(["query", "--format", "csv", "--store"])
            .arg(fixture_store())
            .arg("--file")
            .arg(&file)
            .output()
            .unwrap();
        assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
        let served = read(
            agent()
                .post(server.sparql())
                .header("Accept", "text/csv")
                .header("Content-Type", "application/sparql-query")
                .send(query.as_str()),
        );
        assert_eq!(served.status, 200, "{}: {}", file.display(), served.body);
        assert_eq!(served.body, String::from_utf8(cli.stdout).unwrap(), "{}", file.display());
    }
}

#[test]
fn cors_lets_other_origins_query() {
    let server = test_server();
    let preflight = read(
        agent()
            .options(server.sparql())
            .header("Origin", "http://notebook.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call(),
    );
    assert!(preflight.status < 300, "{}", preflight.status);
    let header = |answer: &Answer, name: &str| {
        answer.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase()
    };
    assert_eq!(header(&preflight, "access-control-allow-origin"), "*");
    assert!(header(&preflight, "access-control-allow-methods").contains("post"));
    assert!(header(&preflight, "access-control-allow-headers").contains("content-type"));

    let answer =
        read(agent().get(server.sparql()).query("query", COUNTRIES).header("Origin", "http://notebook.example").call());
    assert_eq!(answer.status, 200);
    assert_eq!(header(&answer, "access-control-allow-origin"), "*");
}

#[test]
fn bad_requests_get_clear_errors() {
    let server = test_server();
    let url = server.sparql();
    let malformed = get(&url, "SELECT ?x WHERE { ?x a ", "application/sparql-results+json");
    assert_eq!(malformed.status, 400);
    assert!(malformed.content_type.starts_with("text/plain"));
    assert!(malformed.body.starts_with("malformed SPARQL query:"), "{}", malformed.body);

    let unknown_prefix = get(&url, "SELECT ?x WHERE { ?x a foaf:Person }", "text/csv");
    assert_eq!(unknown_prefix.status, 400);
    assert!(unknown_prefix.body.contains("foaf"), "{}", unknown_prefix.body);

    let nothing = read(agent().get(&url).call());
    assert_eq!(nothing.status, 400);
    assert!(nothing.body.starts_with("no query"), "{}", nothing.body);

    let wrong_type = read(agent().post(&url).header("Content-Type", "text/plain").send(COUNTRIES));
    assert_eq!(wrong_type.status, 415);
    assert!(wrong_type.body.contains("application/sparql-query"), "{}", wrong_type.body);

    let not_acceptable = get(&url, COUNTRIES, "image/png");
    assert_eq!(not_acceptable.status, 406);
    assert!(not_acceptable.body.contains("application/sparql-results+json"), "{}", not_acceptable.body);
}

#[test]
fn updates_are_refused_without_the_flag_and_the_token() {
    let update = "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:label \"메모\" } }";
    let read_only = test_server();
    for response in [
        agent().post(read_only.sparql()).header("Content-Type", "application/sparql-update").send(update),
        agent().post(read_only.sparql()).header("Authorization", "Bearer anything").send_form([("update", update)]),
    ] {
        let refused = read(response);
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert!(refused.body.contains("read-only"), "{}", refused.body);
    }

    let writable = tempfile::tempdir().unwrap();
    build_store(writable.path());
    let server = Server::start(writable.path(), &["--allow-update", "--update-token", "s3cret-token"]);
    let send = |token: Option<&str>| {
        let mut request = agent().post(server.sparql()).header("Content-Type", "application/sparql-update");
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        read(request.send(update))
    };
    let missing = send(None);
    assert_eq!(missing.status, 401, "{}", missing.body);
    assert!(missing.body.contains("Authorization: Bearer"), "{}", missing.body);
    assert!(missing.headers.get("www-authenticate").is_some());
    let wrong = send(Some("guess"));
    assert_eq!(wrong.status, 401);
    let ask = "ASK { GRAPH <https://example.org/notes> { ?s rdfs:label \"메모\" } }";
    assert!(get(&server.sparql(), ask, "application/sparql-results+json").body.contains("false"));

    let malformed = read(
        agent()
            .post(server.sparql())
            .header("Content-Type", "application/sparql-update")
            .header("Authorization", "Bearer s3cret-token")
            .send("INSERT DATA { oops"),
    );
    assert_eq!(malformed.status, 400);
    assert!(malformed.body.starts_with("malformed SPARQL update"), "{}", malformed.body);

    let applied = send(Some("s3cret-token"));
    assert_eq!(applied.status, 200, "{}", applied.body);
    assert!(get(&server.sparql(), ask, "application/sparql-results+json").body.contains("true"));

    // The explorer's API never answers from before an update: a new actor
    // is found as soon as the update is applied, whether the answer comes
    // from the index built again or from SPARQL while it is being built.
    let search = |text: &str| -> serde_json::Value {
        let found = read(agent().get(format!("{}/api/search", server.base)).query("q", text).call());
        assert_eq!(found.status, 200, "{}", found.body);
        serde_json::from_str(&found.body).unwrap()
    };
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(search("새인물")["actors"], serde_json::json!([]));
    let person = "INSERT DATA { GRAPH <https://example.org/notes> { \
        <https://w3id.org/gyoryu/id/person/새인물> a gy:Person , gy:Actor ; rdfs:label \"새인물\"@ko . \
        <https://example.org/notes#meeting> gy:participant <https://w3id.org/gyoryu/id/person/새인물> } }";
    let added = read(
        agent()
            .post(server.sparql())
            .header("Content-Type", "application/sparql-update")
            .header("Authorization", "Bearer s3cret-token")
            .send(person),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(search("새인물")["actors"][0]["label"], "새인물");
    // The update's participant link is counted as the build's are.
    let counted = get(
        &server.sparql(),
        "SELECT ?n WHERE { <https://w3id.org/gyoryu/id/person/새인물> gy:eventCount ?n }",
        "text/csv",
    );
    assert_eq!(counted.body.trim_end().lines().collect::<Vec<_>>(), ["n", "1"], "{}", counted.body);

    // Updates by GET are not allowed by the protocol.
    let by_get = read(agent().get(server.sparql()).query("update", update).call());
    assert_eq!(by_get.status, 405);
}

#[test]
fn oversized_answers_are_refused_not_cut() {
    let server = test_server();
    let everything = "SELECT * WHERE { ?s ?p ?o }";
    let refused = get(&server.sparql(), everything, "application/sparql-results+json");
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert!(refused.body.contains("result too large: more than 200 rows"), "{}", refused.body);
    let graph = get(&server.sparql(), "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle");
    assert_eq!(graph.status, 413);
    assert!(graph.body.contains("more than 200 triples"), "{}", graph.body);
    let paged = get(&server.sparql(), "SELECT * WHERE { ?s ?p ?o } LIMIT 200", "text/csv");
    assert_eq!(paged.status, 200);
    assert_eq!(paged.body.lines().count(), 201);

    let small = Server::start(fixture_store(), &["--max-result-mb", "0"]);
    let bytes = get(&small.sparql(), "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "text/csv");
    assert_eq!(bytes.status, 413);
    assert!(bytes.body.contains("bytes"), "{}", bytes.body);
}

/// Pairs every triple with every pair of triples and looks each combination
/// up again: far beyond any time limit on any store.
const EXPENSIVE: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER NOT EXISTS { ?a ?x ?i } }";

#[test]
fn a_query_over_the_time_limit_is_stopped_while_others_are_served() {
    let server = test_server();
    let url = server.sparql();
    let slow = {
        let url = url.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let answer = get(&url, EXPENSIVE, "application/sparql-results+json");
            (answer, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let mut served = 0;
    while !slow.is_finished() {
        let quick = get(&url, COUNTRIES, "text/csv");
        assert_eq!(quick.status, 200, "{}", quick.body);
        served += 1;
    }
    let (answer, elapsed) = slow.join().unwrap();
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.body.starts_with("query timeout"), "{}", answer.body);
    assert!(answer.body.contains("2s"), "{}", answer.body);
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    assert!(served > 0, "other queries were answered meanwhile");
    // The stopped query gave its slot back: the server still answers at once.
    assert_eq!(get(&url, COUNTRIES, "text/csv").status, 200);
}

#[test]
fn explorer_page_and_api() {
    let server = test_server();
    let page = read(agent().get(&server.base).call());
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("vendor/cytoscape.min.js"));
    let library = read(agent().get(format!("{}/vendor/cytoscape.min.js", server.base)).call());
    assert_eq!(library.status, 200);
    assert!(library.body.len() > 100_000 && library.body.contains("cytoscape"));

    // A romanised alias, found by a lower-case part of it.
    let romanised = Command::new(BIN)
        .args(["query", "--format", "csv", "--store"])
        .arg(fixture_store())
        .arg("SELECT ?alias WHERE { ?a skos:altLabel ?alias FILTER(REGEX(?alias, \"^[A-Za-z]+ [A-Za-z]+$\")) } ORDER BY ?alias LIMIT 1")
        .output()
        .unwrap();
    let alias = String::from_utf8(romanised.stdout).unwrap().lines().nth(1).expect("a romanised alias").to_owned();
    let part = alias.split(' ').nth(1).unwrap().to_lowercase();
    let found = read(agent().get(format!("{}/api/search", server.base)).query("q", &part).call());
    let value: serde_json::Value = serde_json::from_str(&found.body).unwrap();
    let actors = value["actors"].as_array().unwrap();
    assert!(
        actors.iter().any(|actor| actor["aliases"].as_array().unwrap().iter().any(|a| a == alias.as_str())),
        "{part} finds {alias}: {value}"
    );

    // A romanisation only the gazetteer knows: no article of the fixtures writes it.
    let written = Command::new(BIN)
        .args(["query", "--format", "csv", "--store"])
        .arg(fixture_store())
        .arg("SELECT ?a WHERE { { ?a rdfs:label ?n } UNION { ?a skos:altLabel ?n } FILTER(CONTAINS(LCASE(STR(?n)), \"jeonbuk\")) }")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(written.stdout).unwrap().lines().count(), 1, "the fixtures write Jeonbuk");
    let romanised = read(agent().get(format!("{}/api/search", server.base)).query("q", "JeonBuk").call());
    let value: serde_json::Value = serde_json::from_str(&romanised.body).unwrap();
    assert_eq!(value["actors"][0]["label"], "전북특별자치도", "{value}");
    assert!(value["actors"][0]["knownAs"].as_array().unwrap().iter().any(|name| name == "Jeonbuk"), "{value}");

    let province = read(agent().get(format!("{}/api/search", server.base)).query("q", "경기").call());
    let value: serde_json::Value = serde_json::from_str(&province.body).unwrap();
    let iri = value["actors"][0]["iri"].as_str().unwrap().to_owned();
    assert_eq!(value["actors"][0]["label"], "경기도");

    let around = read(agent().get(format!("{}/api/actor", server.base)).query("iri", &iri).call());
    let value: serde_json::Value = serde_json::from_str(&around.body).unwrap();
    let timeline = value["timeline"].as_array().unwrap();
    assert!(!timeline.is_empty());
    let nodes = value["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["group"] == "event"), "{value}");
    assert!(nodes.iter().filter(|n| n["group"] == "actor").count() > 1, "{value}");
    // Each event lists its participants, the actor among them, for the page's filters and folding.
    assert!(
        timeline.iter().all(|event| event["participants"].as_array().unwrap().iter().any(|p| p == iri.as_str())),
        "{value}"
    );
    let edges = value["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .all(|e| nodes.iter().any(|n| n["id"] == e["source"]) && nodes.iter().any(|n| n["id"] == e["target"])));

    let event_iri = timeline[0]["iri"].as_str().unwrap();
    let event = read(agent().get(format!("{}/api/event", server.base)).query("iri", event_iri).call());
    let value: serde_json::Value = serde_json::from_str(&event.body).unwrap();
    assert!(!value["evidence"].as_array().unwrap().is_empty(), "{value}");
    assert!(value["sources"][0]["file"].as_str().unwrap().starts_with("fx"), "{value}");

    let bad = read(agent().get(format!("{}/api/actor", server.base)).query("iri", "not an iri").call());
    assert_eq!(bad.status, 400);

    // The page shortens IRIs with the prefixes the endpoint predeclares, gyid: among them.
    let declared = read(agent().get(format!("{}/api/prefixes", server.base)).call());
    let value: serde_json::Value = serde_json::from_str(&declared.body).unwrap();
    let names: Vec<&str> =
        value["prefixes"].as_array().unwrap().iter().map(|p| p["prefix"].as_str().unwrap()).collect();
    assert_eq!(names, ["gy", "gyid", "rdf", "rdfs", "skos", "dcterms", "xsd"], "{value}");
    assert_eq!(value["prefixes"][1]["namespace"], "https://w3id.org/gyoryu/id/");
}

#[test]
fn a_port_in_use_is_reported_once_with_what_to_do() {
    let server = test_server();
    let port = server.base.rsplit(':').next().unwrap().to_owned();
    let out = Command::new(BIN).args(["serve", "--port", &port, "--store"]).arg(fixture_store()).output().unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    assert_eq!(said.matches("in use").count(), 1, "{said}");
    assert!(said.starts_with("gyoryu: cannot listen on") && said.contains("--port"), "{said}");
}
