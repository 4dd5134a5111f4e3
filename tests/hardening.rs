//! Inputs and requests an attacker or a careless user would send, each with
//! the behaviour it must get: queries nested or chained beyond reason are
//! refused before they can overflow a stack, slow queries give their slots
//! back, two inputs are always two articles, a damaged store is named as
//! damaged, updates keep the default graph the union of the named graphs,
//! and odd inputs get skip reasons that say what they are.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::gyoryu as run;
use common::server::Server;

const BIN: &str = env!("CARGO_BIN_EXE_gyoryu");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn store_arg(dir: &Path) -> String {
    dir.to_str().unwrap().to_owned()
}

/// `build` into `store`; returns its standard error.
fn build(store: &Path, inputs: &[&Path]) -> (i32, String) {
    let mut command = Command::new(BIN);
    command.arg("build").arg("--store").arg(store).args(inputs);
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), text(&output.stderr))
}

fn query_csv(store: &Path, sparql: &str) -> Vec<String> {
    let output = run(&["query", "--format", "csv", "--store", &store_arg(store), sparql]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).lines().skip(1).map(str::to_owned).collect()
}

fn check(store: &Path) -> (bool, String) {
    let output = run(&["check", "--store", &store_arg(store)]);
    (output.status.success(), text(&output.stdout) + &text(&output.stderr))
}

/// A short article of our own, different for each `n`.
fn article(n: usize) -> String {
    format!(
        "강원특별자치도, 몽골 울란바토르시와 교류 협약\n\n\
         2023년 10월 {day}일 강원특별자치도는 몽골 울란바토르시와 경제 교류 협약을 체결했다고 밝혔다.\n\
         김진태 강원특별자치도지사는 울란바토르시장과 만나 관광과 농업 분야 협력을 논의했다.\n\
         양측은 {n}번째 실무 협의회를 내년에 열기로 했다.\n",
        day = 1 + n % 28
    )
}

// ---- 1. queries nested beyond reason ---------------------------------------

#[test]
fn deeply_nested_queries_are_refused_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let articles = dir.path().join("in");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(articles.join("a.txt"), article(1)).unwrap();
    build(&store, &[&articles]);
    let braces = format!("SELECT * WHERE {}{}", "{".repeat(10_000), "}".repeat(10_000));
    let parens = format!("SELECT * WHERE {{ FILTER({}1{}) }}", "(".repeat(100_000), ")".repeat(100_000));
    let unions = format!("SELECT * WHERE {{ {} {{}} }}", "{} UNION ".repeat(20_000));
    for (name, query) in [("braces", &braces), ("parens", &parens), ("unions", &unions)] {
        let file = dir.path().join(format!("{name}.rq"));
        std::fs::write(&file, query).unwrap();
        let output = run(&["query", "--store", &store_arg(&store), "--file", file.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", text(&output.stderr));
        let message = text(&output.stderr);
        assert!(message.contains("nested too deeply") || message.contains("too complex"), "{name}: {message}");
    }
    // The deepest query allowed still runs.
    let depth = gyoryu::store::MAX_QUERY_NESTING - 1;
    let allowed = format!("ASK {}{}", "{".repeat(depth), "}".repeat(depth));
    let output = run(&["query", "--store", &store_arg(&store), &allowed]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn post_query(url: &str, query: &str) -> (u16, String) {
    let mut response =
        agent().post(url).header("Accept", "text/csv").send_form([("query", query)]).expect("the server answers");
    (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
}

fn post_update(url: &str, update: &str) -> (u16, String) {
    let mut response = agent()
        .post(url)
        .header("Content-Type", "application/sparql-update")
        .header("Authorization", "Bearer token-13")
        .send(update)
        .expect("the server answers");
    (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
}

fn small_store(dir: &Path, count: usize) -> PathBuf {
    let store = dir.join("store");
    let articles = dir.join("in");
    std::fs::create_dir_all(&articles).unwrap();
    for n in 0..count {
        std::fs::write(articles.join(format!("{n:03}.txt")), article(n)).unwrap();
    }
    let (code, stderr) = build(&store, &[&articles]);
    assert_eq!(code, 0, "{stderr}");
    store
}

#[test]
fn a_deep_query_gets_400_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 2);
    let mut server = Server::start(&store, &[]);
    let braces = format!("SELECT * WHERE {}{}", "{".repeat(10_000), "}".repeat(10_000));
    let parens = format!("SELECT * WHERE {{ FILTER({}1{}) }}", "(".repeat(100_000), ")".repeat(100_000));
    for query in [&braces, &parens] {
        let (status, body) = post_query(&server.sparql(), query);
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("nested too deeply"), "{body}");
    }
    assert!(server.alive());
    assert_eq!(post_query(&server.sparql(), "ASK {}").0, 200);
}

/// A cross product of three patterns, counted: on any store it runs far
/// past a second, mostly joining in memory between reads of the store.
const CROSS_PRODUCT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn queries_past_their_deadline_give_their_slots_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 20);
    let mut server = Server::start(&store, &["--query-timeout", "1", "--max-concurrent", "2"]);
    // More slow queries, one after another in pairs, than there are slots.
    for _ in 0..3 {
        let pair: Vec<_> = (0..2)
            .map(|_| {
                let url = server.sparql();
                std::thread::spawn(move || post_query(&url, CROSS_PRODUCT))
            })
            .collect();
        for slow in pair {
            let (status, body) = slow.join().unwrap();
            assert_eq!(status, 503, "{body}");
            assert!(body.starts_with("query timeout"), "{body}");
        }
    }
    // Every slot is free again: an ordinary query is answered, not told the server is busy.
    let (status, body) = post_query(&server.sparql(), "ASK {}");
    assert_eq!(status, 200, "{body}");
    assert!(server.alive());
}

// ---- 3 and 4. identity of articles -----------------------------------------

#[test]
fn two_files_of_the_same_name_are_two_articles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(corpus.join(folder)).unwrap();
    }
    std::fs::write(corpus.join("a/x.txt"), article(1)).unwrap();
    std::fs::write(corpus.join("b/x.txt"), article(2)).unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = build(&store, &[&corpus]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("2 added, 0 replaced"), "{stderr}");
    let paths = query_csv(&store, "SELECT ?p WHERE { ?d a gy:Document ; gy:sourcePath ?p } ORDER BY ?p");
    assert_eq!(paths, ["a/x.txt", "b/x.txt"]);
    // gy:sourceFile keeps the file name, as the annotation contract says.
    let files = query_csv(&store, "SELECT ?f WHERE { ?d a gy:Document ; gy:sourceFile ?f }");
    assert_eq!(files, ["x.txt", "x.txt"]);
    // No absolute local path is stored (or published).
    let absolute = query_csv(&store, "SELECT ?p WHERE { ?d gy:sourcePath ?p FILTER(STRSTARTS(?p, \"/\")) }");
    assert!(absolute.is_empty(), "{absolute:?}");

    // Rebuilt, the same inputs are the same articles, in either order.
    let (code, stderr) = build(&store, &[&corpus]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 added, 0 replaced, 2 unchanged"), "{stderr}");
    assert!(check(&store).0);

    // `remove` by the shared file name is ambiguous and removes nothing.
    let ambiguous = run(&["remove", "--store", &store_arg(&store), "x.txt"]);
    assert!(!ambiguous.status.success());
    let message = text(&ambiguous.stderr);
    assert!(
        message.contains("names 2 articles") && message.contains("a/x.txt") && message.contains("b/x.txt"),
        "{message}"
    );
    assert_eq!(query_csv(&store, "SELECT ?d WHERE { ?d a gy:Document }").len(), 2);
    let removed = run(&["remove", "--store", &store_arg(&store), "b/x.txt"]);
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    assert!(text(&removed.stderr).contains("removed b/x.txt"), "{}", text(&removed.stderr));
    assert_eq!(query_csv(&store, "SELECT ?p WHERE { ?d gy:sourcePath ?p }"), ["a/x.txt"]);
    assert!(check(&store).0);
}

#[test]
fn the_same_text_in_two_files_is_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("01.txt"), article(3)).unwrap();
    std::fs::write(corpus.join("copy-of-01.txt"), article(3)).unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = build(&store, &[&corpus]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("2 added"), "{stderr}");
    assert_eq!(query_csv(&store, "SELECT ?d WHERE { ?d a gy:Document }").len(), 2);
    // Each event belongs to one document, with one date.
    let sources = query_csv(
        &store,
        "SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { ?e gy:source ?d } GROUP BY ?e HAVING (COUNT(DISTINCT ?d) > 1)",
    );
    assert!(sources.is_empty(), "{sources:?}");
    let events = query_csv(&store, "SELECT ?e WHERE { ?e gy:source ?d }").len();
    assert!(events >= 2, "each copy has its own events");
    // Removing the copy keeps every fact of the original.
    let before = query_csv(&store, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } ?g gy:sourcePath \"01.txt\" }");
    let removed = run(&["remove", "--store", &store_arg(&store), "copy-of-01.txt"]);
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    let after = query_csv(&store, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } ?g gy:sourcePath \"01.txt\" }");
    assert_eq!(before.len(), after.len());
    let original = query_csv(&store, "SELECT ?e WHERE { ?e gy:source ?d }").len();
    assert_eq!(original * 2, events);
    assert!(check(&store).0);
}

#[test]
fn json_lines_ids_are_identities_within_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let record = |id: &str, n: usize| {
        serde_json::json!({"text": article(n)}).to_string().replacen('{', &format!("{{\"id\":{id},"), 1)
    };
    let lines = [
        record("\"a-1\"", 1),
        record("123456789012345678901234567890", 2),
        record("123456789012345678901234567891", 3),
        record("\"a-1\"", 4),
    ];
    let file = dir.path().join("news.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = build(&store, &[&file]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("news.jsonl#4") && stderr.contains("\"a-1\"") && stderr.contains("line 1"), "{stderr}");
    assert!(stderr.contains("3 added, 0 replaced"), "{stderr}");
    let ids = query_csv(&store, "SELECT ?f WHERE { ?d gy:sourceFile ?f } ORDER BY ?f");
    assert_eq!(ids, ["123456789012345678901234567890", "123456789012345678901234567891", "a-1"]);
    let keys = query_csv(&store, "SELECT ?p WHERE { ?d gy:sourcePath ?p } ORDER BY ?p");
    assert_eq!(keys[0], "news.jsonl#123456789012345678901234567890");
}

#[test]
fn the_same_path_under_two_arguments_is_reported_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    std::fs::write(dir.path().join("a/x.txt"), article(5)).unwrap();
    std::fs::write(dir.path().join("b/x.txt"), article(6)).unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = build(&store, &[&dir.path().join("a"), &dir.path().join("b")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("b/x.txt: the same input name \"x.txt\" as") && stderr.contains("a/x.txt"), "{stderr}");
    assert!(stderr.contains("1 added, 0 replaced"), "{stderr}");
}

// ---- 5. a damaged store ----------------------------------------------------

/// The command run under an address-space limit of 1 GB, so that a run that
/// would grow without bound fails instead of taking the machine.
fn run_limited(args: &[&str]) -> Output {
    let mut script = String::from("ulimit -v 1048576; exec \"$0\"");
    for n in 1..=args.len() {
        script.push_str(&format!(" \"${n}\""));
    }
    Command::new("bash").arg("-c").arg(script).arg(BIN).args(args).output().unwrap()
}

#[test]
fn every_damaged_table_is_found_within_a_gigabyte() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 30);
    let tables: Vec<PathBuf> = std::fs::read_dir(&store)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "sst"))
        .collect();
    assert!(tables.len() >= 3, "{tables:?}");
    let pristine = dir.path().join("pristine");
    copy_dir(&store, &pristine);
    for table in &tables {
        let name = table.file_name().unwrap().to_str().unwrap().to_owned();
        let _ = std::fs::remove_dir_all(&store);
        copy_dir(&pristine, &store);
        let damaged = store.join(&name);
        let length = std::fs::metadata(&damaged).unwrap().len();
        // Garbage over the middle of the file (or all of a small one).
        let mut bytes = std::fs::read(&damaged).unwrap();
        let start = (length as usize / 2).saturating_sub(2048);
        let end = (start + 4096).min(bytes.len());
        for (i, byte) in bytes[start..end].iter_mut().enumerate() {
            *byte = (i as u8).wrapping_mul(37).wrapping_add(11);
        }
        std::fs::write(&damaged, bytes).unwrap();
        let output = run_limited(&["check", "--store", &store_arg(&store)]);
        let said = text(&output.stdout) + &text(&output.stderr);
        assert!(!output.status.success(), "{name}: {said}");
        assert!(said.contains("damaged") || said.contains("orrupt"), "{name}: {said}");
        assert!(!said.contains("memory allocation"), "{name}: {said}");
        assert!(said.contains(".sst") || said.contains(&name) || said.contains("MANIFEST"), "{name}: {said}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

// ---- 8. updates keep the default graph the union of the named graphs -------

#[test]
fn updates_keep_the_default_graph_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 3);
    let graph = query_csv(&store, "SELECT ?g WHERE { ?g gy:sourcePath \"000.txt\" }").remove(0);
    {
        let server = Server::start(&store, &["--allow-update", "--update-token", "token-13"]);
        let (status, body) = post_update(&server.sparql(), &format!("DROP GRAPH <{graph}>"));
        assert_eq!(status, 200, "{body}");
        let (status, body) = post_update(
            &server.sparql(),
            "INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:label \"메모\" } }",
        );
        assert_eq!(status, 200, "{body}");
        let (status, body) = post_update(
            &server.sparql(),
            "DELETE DATA { GRAPH <https://example.org/notes> { <https://example.org/a> rdfs:label \"메모\" } }",
        );
        assert_eq!(status, 200, "{body}");
        for refused in [
            "CLEAR DEFAULT",
            "DROP ALL",
            "INSERT DATA { <https://example.org/a> rdfs:label \"x\" }",
            "DELETE WHERE { ?s ?p ?o }",
        ] {
            let (status, body) = post_update(&server.sparql(), refused);
            assert_eq!(status, 400, "{refused}: {body}");
            assert!(body.contains("update refused"), "{refused}: {body}");
        }
    }
    let (sound, report) = check(&store);
    assert!(sound, "{report}");
    assert_eq!(query_csv(&store, "SELECT ?d WHERE { ?d a gy:Document }").len(), 2);
}

// ---- 9. HTML nesting ---------------------------------------------------------

#[test]
fn a_page_nested_beyond_reason_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("deep.html");
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str("강원특별자치도는 몽골과 협약을 체결했다.");
    html.push_str(&"</div>".repeat(100_000));
    html.push_str("</body></html>");
    std::fs::write(&page, html).unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = build(&store, &[&page]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("deep.html: HTML nested"), "{stderr}");
}

// ---- 10. smaller cases -------------------------------------------------------

#[test]
fn a_store_folder_given_as_input_is_not_read_as_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 2);
    let other = dir.path().join("other");
    let (code, stderr) = build(&other, &[dir.path()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a gyoryu store"), "{stderr}");
    assert!(!stderr.contains("LOG"), "{stderr}");
    let paths = query_csv(&other, "SELECT ?p WHERE { ?d gy:sourcePath ?p } ORDER BY ?p");
    assert_eq!(paths, ["in/000.txt", "in/001.txt"]);
    drop(store);
}

#[test]
fn a_store_without_current_is_named_as_damaged_and_build_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path(), 2);
    std::fs::remove_file(store.join("CURRENT")).unwrap();
    let before: Vec<_> = std::fs::read_dir(&store).unwrap().map(|e| e.unwrap().file_name()).collect();
    for args in
        [vec!["query", "--store", store.to_str().unwrap(), "ASK {}"], vec!["check", "--store", store.to_str().unwrap()]]
    {
        let output = run(&args);
        assert!(!output.status.success());
        let message = text(&output.stderr);
        assert!(message.contains("damaged") && message.contains("CURRENT"), "{message}");
        assert!(!message.contains("run `gyoryu build` first"), "{message}");
    }
    let articles = dir.path().join("in");
    let (code, stderr) = build(&store, &[&articles]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("damaged") && stderr.contains("CURRENT"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(&store).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before.len(), after.len(), "build left the folder as it was");
}

#[test]
fn text_without_korean_says_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("hanja.txt", "江原特別自治道與蒙古烏蘭巴托市締結交流協約。\n", "Chinese characters (Hanja)"),
        ("emoji.txt", "🤝🌏📈🎉🚀\n", "emoji"),
        ("arabic.txt", "وقعت المقاطعة اتفاقية تعاون اقتصادي مع المدينة.\n", "right-to-left"),
    ];
    let mut paths = Vec::new();
    for (name, body, _) in &cases {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().write_all(body.as_bytes()).unwrap();
        paths.push(path);
    }
    let store = dir.path().join("store");
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (code, stderr) = build(&store, &inputs);
    assert_eq!(code, 2, "{stderr}");
    for (name, _, what) in &cases {
        let line = stderr.lines().find(|line| line.contains(name)).unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line.contains("no Korean text") && line.contains(what), "{line}");
    }
}
