//! Inputs that once broke a fuzz target, replayed through the very code the
//! target runs (`fuzz/harness.rs`), from `tests/fixtures/fuzz/<target>/`.

use std::path::PathBuf;
use std::sync::LazyLock;

use gyoryu_extract::{ExtractOptions, Extractor};

#[path = "../../../fuzz/harness.rs"]
mod harness;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(ExtractOptions::default()).unwrap());

fn kept(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn kept_inputs_pass_their_targets() {
    let mut replayed = 0;
    for (name, data) in kept("clean") {
        eprintln!("clean/{name}");
        harness::clean(&data);
        replayed += 1;
    }
    for (name, data) in kept("sentences") {
        eprintln!("sentences/{name}");
        harness::sentences(&data);
        replayed += 1;
    }
    for (name, data) in kept("dates") {
        eprintln!("dates/{name}");
        harness::dates(&data);
        replayed += 1;
    }
    for (name, data) in kept("extract") {
        eprintln!("extract/{name}");
        // Each kept input is an article that reaches extraction, or it would
        // test nothing past ingest.
        assert!(harness::extract(&data, &EXTRACTOR) > 0, "extract/{name} never reached extraction");
        replayed += 1;
    }
    assert!(replayed >= 2, "the kept inputs are missing");
}

#[test]
fn kept_dates_are_resolved_as_one_day_not_a_backwards_range() {
    let (_, data) = kept("dates").into_iter().find(|(n, _)| n == "range-ends-before-it-starts").unwrap();
    let text = std::str::from_utf8(&data[4..]).unwrap();
    let published = chrono::NaiveDate::from_ymd_opt(2024, 5, 14);
    let found = gyoryu_extract::dates::find_dates(text, published, false);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.date == published.unwrap() && f.end_date.is_none()), "{found:?}");
}
