//! The explorer end to end: `gyoryu serve` over a store built from the
//! fixtures, driven in headless Chromium by `tests/browser/explorer.cjs`
//! (playwright-core from `web/node_modules`). Without Chromium or Node.js the
//! test says so loudly and passes on a developer's machine; under CI (`CI`
//! set) it fails, because scripts/setup.sh installs both there.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_gyoryu");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// What is missing to run the browser, if anything.
fn missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} (apt-get install chromium)"));
    }
    if !found("node") {
        return Some("node (apt-get install nodejs)".into());
    }
    if !root().join("web/node_modules/playwright-core").is_dir() {
        return Some("web/node_modules/playwright-core (bash scripts/setup.sh)".into());
    }
    None
}

/// A running `gyoryu serve` over a store built from `inputs`; killed on drop.
struct Server {
    child: std::process::Child,
    url: String,
    store: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(inputs: &[PathBuf]) -> Server {
    let store = tempfile::tempdir().unwrap();
    let built = Command::new(BIN)
        .arg("build")
        .arg("--store")
        .arg(store.path())
        .args(inputs)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(built.success());

    let mut child = Command::new(BIN)
        .arg("serve")
        .arg("--store")
        .arg(store.path())
        .args(["--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .map(|address| format!("http://{address}"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, url, store }
}

/// Whether the browser can run; says loudly why not (and fails under CI).
fn browser_ready(test: &str) -> bool {
    if let Some(what) = missing() {
        assert!(std::env::var_os("CI").is_none(), "the browser test needs {what}; scripts/setup.sh installs it");
        eprintln!("\n*** SKIPPED {test}: {what} is missing (it runs, and must pass, when CI is set) ***\n");
        return false;
    }
    true
}

fn node(script: &str, args: &[&str]) -> String {
    let run = Command::new("node").arg(root().join("tests/browser").join(script)).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    eprintln!("{}", stdout.trim());
    stdout
}

#[test]
fn explorer_searches_draws_and_lists_a_neighbourhood() {
    if !browser_ready("explorer browser test") {
        return;
    }
    let server = serve(&[root().join("tests/fixtures/articles")]);

    // Search by the short name 경기; the province must be drawn with a
    // partner of one of its events, as the store has it.
    let partner = Command::new(BIN)
        .args(["query", "--format", "csv", "--store"])
        .arg(server.store.path())
        .arg(
            "SELECT ?label WHERE { ?g rdfs:label ?name FILTER(STR(?name) = \"경기도\") \
             ?e gy:participant ?g , ?o . ?o rdfs:label ?label ; a ?k . ?k rdfs:subClassOf+ gy:Actor \
             FILTER(?o != ?g) } ORDER BY ?label LIMIT 1",
        )
        .output()
        .unwrap();
    let partner = String::from_utf8(partner.stdout).unwrap().lines().nth(1).expect("경기도 has a partner").to_owned();
    let stdout = node("explorer.cjs", &[server.url.as_str(), "경기", "경기도", partner.as_str()]);
    assert!(stdout.contains("explorer ok"), "{stdout}");
}

/// Made-up short reports: one province meeting many countries, a few of
/// them several times, so that it has more events than the page draws one by one.
fn busy_articles(dir: &Path) -> PathBuf {
    let places = std::fs::read_to_string(root().join("data/gazetteer/places.tsv")).unwrap();
    let countries: Vec<&str> = places
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next()?;
            let hangul = name.chars().count() >= 3 && name.chars().all(|c| ('가'..='힣').contains(&c));
            (fields.next() == Some("Country") && hangul).then_some(name)
        })
        .take(50)
        .collect();
    assert_eq!(countries.len(), 50);
    let kinds = ["경제협력 업무협약을 체결했다", "경제협력 포럼을 열었다", "통상 협력 방안을 논의하는 면담을 했다"];
    let mut lines = String::new();
    for i in 0..62 {
        // The first six countries come back: they share several events.
        let country = if i >= 50 { countries[i % 6] } else { countries[i] };
        let (month, day) = (1 + i % 12, 1 + i % 27);
        let what = kinds[i % kinds.len()];
        let report = serde_json::json!({
            "id": format!("busy-{i:02}"),
            "published": format!("2024-{month:02}-{:02}", day + 1),
            "title": format!("경상북도, {country}와 협력"),
            "text": format!("경상북도는 {day}일 도청에서 {country} 대표단과 {what}.\n양측은 교류를 이어 가기로 했다."),
        });
        lines.push_str(&report.to_string());
        lines.push('\n');
    }
    let path = dir.join("busy.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn a_busy_actor_opens_folded_by_partner() {
    if !browser_ready("busy explorer browser test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&[busy_articles(dir.path())]);
    let stdout = node("busy.cjs", &[server.url.as_str(), "경상북", "경상북도"]);
    assert!(stdout.contains("busy ok"), "{stdout}");
}
