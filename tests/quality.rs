//! Extraction quality on the project's own annotated articles (the examples
//! and fixtures with their gold files): a floor that changes to the rules and
//! word lists must not break.

use std::path::PathBuf;

use gyoryu::eval::{read_gold, score};
use gyoryu::extract::{ExtractOptions, Extractor};
use gyoryu::ingest::{discover, read_path, IngestOptions};

#[test]
fn extraction_on_the_annotated_examples_stays_above_its_floor() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let gold = read_gold(&root.join("tests/fixtures/gold")).unwrap();
    let extractor = Extractor::new(ExtractOptions::default()).unwrap();
    let files = discover(&[root.join("examples/articles"), root.join("tests/fixtures/articles")]).unwrap();
    let extractions: Vec<_> = files
        .iter()
        .flat_map(|f| read_path(f, &IngestOptions::default()))
        .map(|d| extractor.extract(&d.expect("every example is readable")))
        .collect();
    assert_eq!(extractions.len(), gold.len(), "one gold file per example article");
    let (table, totals) = score(&gold, &extractions);
    println!("{table}");
    // Now 0.915, 0.889 and 0.875, less about 0.02.
    assert!(totals.entity_f1() >= 0.895, "{table}");
    assert!(totals.typed_entity_f1() >= 0.87, "{table}");
    assert!(totals.event_f1() >= 0.855, "{table}");
    assert_eq!(totals.published_right, totals.published_gold, "{table}");
}

/// The floor on the shared development set of real articles: within 0.02 of
/// what extraction scores there now, so that a change that loses ground on
/// real text fails CI. The set is measuring material kept beside the
/// checkout (`../shared`, which CI has), never copied into the project.
#[test]
fn extraction_on_the_shared_dev_set_stays_above_its_floor() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    let input = shared.join("corpus/dev/dev.jsonl");
    if !input.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/corpus/dev beside the checkout");
        eprintln!("skipped: no ../shared/corpus/dev beside this checkout");
        return;
    }
    let gold = read_gold(&shared.join("gold/dev")).unwrap();
    let extractor = Extractor::new(ExtractOptions::default()).unwrap();
    let extractions: Vec<_> = read_path(&input, &IngestOptions::default())
        .into_iter()
        .map(|d| extractor.extract(&d.expect("every dev record is readable")))
        .collect();
    assert_eq!(extractions.len(), gold.len(), "one gold file per dev article");
    let (table, totals) = score(&gold, &extractions);
    println!("{table}");
    let ratio = |right: usize, all: usize| right as f64 / all.max(1) as f64;
    assert!(totals.entity_f1() >= ENTITY_FLOOR, "{table}");
    assert!(totals.typed_entity_f1() >= TYPED_FLOOR, "{table}");
    assert!(totals.event_f1() >= EVENT_FLOOR, "{table}");
    assert!(ratio(totals.dates_right, totals.dates_gold) >= DATE_FLOOR, "{table}");
    assert!(ratio(totals.affiliations_right, totals.affiliations_gold) >= AFFILIATION_FLOOR, "{table}");
}

// What extraction scores on the dev set now (`shared/eval/score.py`), less about 0.02:
// actors 0.895 (0.893 by `gyoryu eval`), typed 0.877, events 0.806, dates 0.877, affiliations 0.859.
const ENTITY_FLOOR: f64 = 0.873;
const TYPED_FLOOR: f64 = 0.857;
const EVENT_FLOOR: f64 = 0.786;
const DATE_FLOOR: f64 = 0.857;
const AFFILIATION_FLOOR: f64 = 0.839;
