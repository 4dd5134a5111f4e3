//! Killing `gyoryu build` at random points never damages the store.
//!
//! A corpus of a few hundred short articles (made here from templates) is
//! built once into a reference store. Then `build` into a second store is
//! killed with SIGKILL at random moments, again and again; after every kill
//! the store must open, `gyoryu check` must pass, and every article graph in
//! it must be exactly the reference's graph for that article (a whole
//! article or nothing). A final uninterrupted `build` must then give the same
//! quads as the reference. Set `GYORYU_KILL_SEED` to replay a run.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::gyoryu;
use gyoryu::store::Store;
use oxigraph::io::{RdfFormat, RdfParser};

const ARTICLES: usize = 300;
/// Small batches, so that a kill can land between many commits.
const COMMIT_EVERY: &str = "10";
const KILLS: usize = 6;

const PROVINCES: [&str; 5] = ["경상남도", "전북특별자치도", "충청북도", "강원특별자치도", "제주특별자치도"];
const PARTNERS: [&str; 6] = ["베트남", "몽골", "카자흐스탄", "우즈베키스탄", "인도네시아", "폴란드"];
const TOPICS: [&str; 4] = ["수소 에너지", "농업 기술", "관광", "이차전지"];

/// Article `i`: a province signs an agreement with a partner on a topic.
/// The serial number in the text makes every article's content different.
fn article(i: usize) -> String {
    let province = PROVINCES[i % PROVINCES.len()];
    let partner = PARTNERS[(i / PROVINCES.len()) % PARTNERS.len()];
    let topic = TOPICS[(i / 7) % TOPICS.len()];
    let month = 1 + i % 12;
    let day = 1 + i % 27;
    format!(
        "{province}, {partner}와 {topic} 협력 업무협약\n\
         입력 2025.{month:02}.{day:02} 09:30\n\
         {province}는 {month}월 {day}일 도청 회의실에서 {partner} 경제사절단과 {topic} 분야 협력을 위한 업무협약을 체결했다고 밝혔다.\n\
         이번 협약은 두 지역이 함께 추진하는 {i}번째 교류 사업으로, 양측은 공동 연구와 기업 투자 유치에 힘을 모으기로 했다.\n\
         {province} 관계자는 \"{partner}와의 협력을 {topic} 산업 전반으로 넓혀 가겠다\"고 말했다.\n"
    )
}

fn write_corpus(dir: &Path) {
    for i in 0..ARTICLES {
        let folder = dir.join(format!("{:02}", i / 100));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("a{i:04}.txt")), article(i)).unwrap();
    }
}

/// A small xorshift generator: enough randomness for kill times, and
/// replayable from its seed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

fn spawn_build(store: &Path, corpus: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gyoryu"))
        .args(["build", "--store", store.to_str().unwrap(), corpus.to_str().unwrap()])
        .env("GYORYU_COMMIT_EVERY", COMMIT_EVERY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gyoryu build starts")
}

fn build(store: &Path, corpus: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_gyoryu"))
        .args(["build", "--store", store.to_str().unwrap(), corpus.to_str().unwrap()])
        .env("GYORYU_COMMIT_EVERY", COMMIT_EVERY)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Every quad of the article graphs, grouped by graph, as N-Quads lines.
fn graphs(store: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let out = gyoryu(&["export", "--store", store.to_str().unwrap(), "--format", "nquads"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut graphs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(&out.stdout) {
        let quad = quad.expect("the export re-parses");
        graphs.entry(quad.graph_name.to_string()).or_default().insert(quad.to_string());
    }
    graphs
}

fn assert_sound(store: &Path, context: &str) {
    // The store opens (read-only, as `check` and queries do) ...
    let opened = Store::open_read_only(store);
    assert!(opened.is_ok(), "{context}: {:?}", opened.err());
    drop(opened);
    // ... and `gyoryu check` passes.
    let check = gyoryu(&["check", "--store", store.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{context}: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

fn document_count(store: &Path) -> usize {
    Store::open_read_only(store).and_then(|s| s.document_count()).unwrap_or(0)
}

/// The corpus, written under `dir`, and one uninterrupted build of it.
struct Reference {
    corpus: PathBuf,
    store: PathBuf,
    graphs: BTreeMap<String, BTreeSet<String>>,
    clean_run: Duration,
}

fn reference(dir: &Path) -> Reference {
    let corpus = dir.join("corpus");
    write_corpus(&corpus);
    let store = dir.join("reference.db");
    let started = Instant::now();
    build(&store, &corpus);
    let clean_run = started.elapsed();
    let graphs = graphs(&store);
    // One graph per article, and the stats graph of derived counts.
    assert_eq!(graphs.len(), ARTICLES + 1, "one graph per article");
    assert!(graphs.contains_key("<https://w3id.org/gyoryu/stats>"), "the event counts are stored");
    Reference { corpus, store, graphs, clean_run }
}

#[test]
fn killing_build_leaves_whole_articles_and_a_rerun_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let Reference { corpus, store: reference, graphs: expected, clean_run } = reference(tmp.path());

    let seed = std::env::var("GYORYU_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("kill seed {seed} (GYORYU_KILL_SEED={seed} replays it); a clean build takes {clean_run:?}");
    let mut random = Random(seed);

    let store = tmp.path().join("killed.db");
    let mut seen_in_use = false;
    for round in 0..KILLS {
        let mut child = spawn_build(&store, &corpus);
        if !seen_in_use {
            // Once the build has committed an article it holds the store;
            // a second writer must be refused, not let in.
            let deadline = Instant::now() + Duration::from_secs(60);
            while document_count(&store) == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let second = gyoryu(&["remove", "--store", store.to_str().unwrap(), "no-such-article.txt"]);
            // Only meaningful if the build was still running all along;
            // otherwise the next round tries again.
            if child.try_wait().unwrap().is_none() {
                let stderr = String::from_utf8_lossy(&second.stderr);
                assert!(!second.status.success(), "{stderr}");
                if stderr.contains("in use") {
                    seen_in_use = true;
                } else {
                    // The build lets go of the store when it has stored
                    // everything, a moment before its process ends.
                    assert_eq!(document_count(&store), ARTICLES, "a remove during the build: {stderr}");
                }
            }
        } else {
            // Anywhere from start-up to the length of a whole clean run.
            let limit = clean_run.as_millis() as u64 + 200;
            std::thread::sleep(Duration::from_millis(random.below(limit)));
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let context = format!("after kill {round} (seed {seed}, exit {status:?})");

        assert_sound(&store, &context);
        let stored = graphs(&store);
        for (graph, quads) in &stored {
            assert_eq!(Some(quads), expected.get(graph), "{context}: graph {graph} is not a whole article");
        }
        eprintln!("{context}: {} whole articles stored", stored.len());
    }
    assert!(seen_in_use, "a build ran long enough to be asked to share its store");

    build(&store, &corpus);
    assert_sound(&store, "after the final build");
    let leftovers: Vec<_> = std::fs::read_dir(&store)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(leftovers.is_empty(), "unfinished batch files left behind: {leftovers:?}");
    let final_graphs = graphs(&store);
    assert_eq!(final_graphs.len(), ARTICLES + 1);
    assert!(final_graphs == expected, "the killed and resumed store differs from one clean run");
    // And byte for byte, as N-Quads exports (in the stores' index order, which depends on content only).
    let export = |store: &PathBuf| gyoryu(&["export", "--store", store.to_str().unwrap(), "--format", "nquads"]).stdout;
    assert_eq!(export(&store), export(&reference));
    // This process polled the store while builds wrote it. Measured, not yet
    // asserted: one run in about fifteen still grows past 1 GB (issue 13, case 6).
    let peak = peak_memory_kb();
    eprintln!("peak memory of the polling test process: {peak} kB");
}

/// Ctrl-C (SIGINT) is not a kill: `build` stops reading, commits what it
/// read, says so and exits with 130, so nothing read is lost even when the
/// whole run would have been one batch. A rerun then completes the store.
#[test]
fn ctrl_c_stores_every_article_read_and_a_rerun_completes_it() {
    interrupt_and_resume("INT");
}

/// SIGTERM, what `timeout` and service managers send, is handled the same way.
#[test]
fn sigterm_stores_every_article_read_and_a_rerun_completes_it() {
    interrupt_and_resume("TERM");
}

fn interrupt_and_resume(signal: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let Reference { corpus, graphs: expected, clean_run, .. } = reference(tmp.path());

    // The signal must land after start-up (before the handler is installed
    // SIGINT simply ends the process) and before the end of the run. The
    // handler is installed as soon as the store is open, so the delay counts
    // from the store's appearance and is adjusted until the signal lands: on
    // a busy machine start-up takes most of a run, and a delay counted from
    // the spawn missed the window again and again.
    let mut delay = Duration::from_millis(20);
    for attempt in 0..12 {
        let store = tmp.path().join(format!("interrupted-{attempt}.db"));
        let child = Command::new(env!("CARGO_BIN_EXE_gyoryu"))
            .args(["build", "--batch-size", "4", "--store", store.to_str().unwrap(), corpus.to_str().unwrap()])
            // One batch for the whole run: without the handler a stop would keep nothing.
            .env("GYORYU_COMMIT_EVERY", "1000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + clean_run * 20 + Duration::from_secs(10);
        while !store.join("CURRENT").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(delay);
        let sent = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(130) => {}
            Some(0) => {
                delay /= 2;
                continue;
            }
            None => {
                delay = delay * 3 / 2 + Duration::from_millis(5);
                continue;
            }
            Some(other) => panic!("exit {other}:\n{stderr}"),
        }
        assert!(stderr.contains("interrupted: every article read so far is stored"), "{stderr}");
        let summary = stderr.lines().find(|l| l.contains(" added, ")).expect("a summary line");
        let added: usize = summary.split(' ').next().unwrap().parse().unwrap();
        if added == 0 {
            // Stopped before the first article: sound, but shows nothing.
            delay = delay * 3 / 2 + Duration::from_millis(5);
            continue;
        }
        eprintln!("SIG{signal} after {delay:?} of a {clean_run:?} run: {added} articles stored");
        let context = format!("after SIG{signal} at {delay:?}: {summary}");
        assert_sound(&store, &context);
        let mut stored = graphs(&store);
        // The counts of the articles stored so far, not of the whole corpus.
        assert!(stored.remove("<https://w3id.org/gyoryu/stats>").is_some(), "{context}: no event counts");
        assert_eq!(stored.len(), added, "{context}");
        for (graph, quads) in &stored {
            assert_eq!(Some(quads), expected.get(graph), "{context}: graph {graph} is not a whole article");
        }
        build(&store, &corpus);
        assert!(graphs(&store) == expected, "{context}: the rerun differs from one clean run");
        return;
    }
    panic!("no SIG{signal} landed inside a run (a clean run takes {clean_run:?})");
}

/// This process's peak resident memory, in kB (`VmHWM`).
fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Readers opening the store while a build commits, merges and deletes its
/// table files see a consistent store every time: never "corrupt", never a
/// missing file, and without growing memory (the reader here is this test
/// process, polling as often as it can). Before readers opened views of a
/// busy store, about one run in ten grew without bound (23 GB);
/// `benches/reads_during_build.sh` runs this test 20 times in a row.
#[test]
fn reads_during_a_build_never_fail_and_stay_small() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    write_corpus(&corpus);
    let store = tmp.path().join("live.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gyoryu"))
        .args(["build", "--store", store.to_str().unwrap(), corpus.to_str().unwrap()])
        .env("GYORYU_COMMIT_EVERY", "100")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reads = 0;
    let mut counts = Vec::new();
    while child.try_wait().unwrap().is_none() {
        match Store::open_read_only(&store) {
            Ok(opened) => {
                let count = opened.document_count().expect("a live store answers");
                counts.push(count);
                reads += 1;
            }
            // Before the build has written its first files.
            Err(gyoryu::store::StoreError::NotAStore { .. }) => {}
            Err(error) => panic!("a read during the build failed after {reads} reads: {error}"),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(Store::open_read_only(&store).unwrap().document_count().unwrap(), ARTICLES);
    let peak = peak_memory_kb();
    eprintln!(
        "{reads} reads during the build; counts seen {:?}; peak memory of the reader {peak} kB",
        counts.iter().collect::<BTreeSet<_>>()
    );
    assert!(peak < 1024 * 1024, "the reader grew to {peak} kB");
}
