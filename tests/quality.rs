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
    assert!(totals.entity_f1() >= 0.84, "{table}");
    assert!(totals.typed_entity_f1() >= 0.80, "{table}");
    assert!(totals.event_f1() >= 0.76, "{table}");
    assert_eq!(totals.published_right, totals.published_gold, "{table}");
}
