//! Running `build` again: unchanged files are skipped without being read
//! again, while changed, removed and unreadable inputs are still noticed.

mod common;

use std::path::Path;

use common::gyoryu;

fn story(n: usize, topic: &str) -> String {
    format!(
        "충청북도, 몽골과 {topic} 협력\n\
         충청북도는 {n}일 도청에서 몽골 대표단과 {topic} 분야 업무협약을 체결했다고 밝혔다.\n\
         이번 협약은 양측의 {n}번째 교류 사업이다.\n"
    )
}

/// The summary line's counts: (added, replaced, unchanged, skipped).
fn build(store: &Path, corpus: &Path) -> (usize, usize, usize, usize, String) {
    let out = gyoryu(&["build", "--store", store.to_str().unwrap(), corpus.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = stderr.lines().find(|l| l.contains(" added, ")).unwrap_or_else(|| panic!("{stderr}"));
    let numbers: Vec<usize> = summary
        .split(&[',', ';'][..])
        .take(4)
        .map(|part| part.trim().split(' ').next().unwrap().parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2], numbers[3], stderr)
}

#[test]
fn a_rebuild_skips_unchanged_files_and_notices_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir_all(&corpus).unwrap();
    for n in 1..=5 {
        std::fs::write(corpus.join(format!("s{n}.txt")), story(n, "수소")).unwrap();
    }
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    let store = tmp.path().join("kg.db");

    let (added, _, _, skipped, _) = build(&store, &corpus);
    assert_eq!((added, skipped), (5, 1));
    assert!(store.join("gyoryu-inputs.tsv").is_file(), "the build remembers what it read");

    // Unchanged: nothing written, and the bad file is still reported.
    let (added, replaced, unchanged, skipped, stderr) = build(&store, &corpus);
    assert_eq!((added, replaced, unchanged, skipped), (0, 0, 5, 1), "{stderr}");
    assert!(stderr.contains("empty.txt"), "{stderr}");

    // A changed file replaces its article.
    std::fs::write(corpus.join("s2.txt"), story(2, "관광")).unwrap();
    let (added, replaced, unchanged, _, stderr) = build(&store, &corpus);
    assert_eq!((added, replaced, unchanged), (0, 1, 4), "{stderr}");

    // A removed article comes back although its file did not change.
    let removed = gyoryu(&["remove", "--store", store.to_str().unwrap(), "s3.txt"]);
    assert!(removed.status.success(), "{}", String::from_utf8_lossy(&removed.stderr));
    let (added, replaced, unchanged, _, stderr) = build(&store, &corpus);
    assert_eq!((added, replaced, unchanged), (1, 0, 4), "{stderr}");

    // Without the remembered inputs everything is read again, same result.
    std::fs::remove_file(store.join("gyoryu-inputs.tsv")).unwrap();
    let (added, replaced, unchanged, _, stderr) = build(&store, &corpus);
    assert_eq!((added, replaced, unchanged), (0, 0, 5), "{stderr}");

    let check = gyoryu(&["check", "--store", store.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

/// The event counts each build keeps: left alone by a rebuild that changes
/// nothing, written by one when the store has none (as a store written by an
/// older gyoryu), and brought up to date by one that adds an article.
#[test]
fn a_rebuild_keeps_the_event_counts_and_writes_missing_ones() {
    use gyoryu_store::{GraphChange, Store};
    use oxigraph::model::NamedNode;

    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("in");
    std::fs::create_dir_all(&corpus).unwrap();
    for n in 1..=3 {
        std::fs::write(corpus.join(format!("s{n}.txt")), story(n, "수소")).unwrap();
    }
    let store = tmp.path().join("kg.db");
    let counted = || {
        let out = gyoryu(&[
            "query",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
            "SELECT ?n WHERE { <https://w3id.org/gyoryu/id/province/충청북도> gy:eventCount ?n }",
        ]);
        String::from_utf8_lossy(&out.stdout).lines().nth(1).map(str::to_owned)
    };
    assert_eq!(build(&store, &corpus).0, 3);
    assert_eq!(counted().as_deref(), Some("3"));
    assert_eq!(build(&store, &corpus).2, 3);
    assert_eq!(counted().as_deref(), Some("3"));

    let stats = NamedNode::new("https://w3id.org/gyoryu/stats").unwrap();
    Store::open(&store).unwrap().apply_changes(&[GraphChange::DropGraph(stats)]).unwrap();
    assert_eq!(counted(), None);
    assert_eq!(build(&store, &corpus).2, 3);
    assert_eq!(counted().as_deref(), Some("3"), "an unchanged rebuild writes counts a store lacks");

    std::fs::write(corpus.join("s4.txt"), story(4, "수소")).unwrap();
    assert_eq!(build(&store, &corpus).0, 1);
    assert_eq!(counted().as_deref(), Some("4"));
}
