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
    for (name, data) in kept("document") {
        eprintln!("document/{name}");
        harness::document(&data, &EXTRACTOR);
        replayed += 1;
    }
    assert!(replayed >= 3, "the kept inputs are missing");
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

/// Found by the property test on documents made directly (not through
/// ingest, which folds every space to ASCII): a trigger after a wide space
/// cut the space in half.
#[test]
fn triggers_after_wide_spaces_do_not_split_them() {
    for text in
        ["충청북도\u{a0}업무협약", "충청북도는\u{3000}몽골과\u{3000}업무협약을 체결했다.", "이번\u{2003}포럼은 열렸다."]
    {
        let doc = gyoryu_model::Document {
            id: "space.txt".into(),
            source: "space.txt".into(),
            url: None,
            title: None,
            published: None,
            text: text.into(),
            content_hash: "0".repeat(64),
        };
        let x = EXTRACTOR.extract(&doc);
        for m in x.actors.iter().flat_map(|a| &a.mentions) {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?} in {text:?}");
        }
    }
}
