//! The whole path from bytes to an extraction: decoding, HTML, cleaning,
//! JSON Lines records and extraction, as `gyoryu build` runs it on a file.
#![no_main]

use std::sync::LazyLock;

use gyoryu_extract::{ExtractOptions, Extractor};

#[path = "../harness.rs"]
mod harness;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(ExtractOptions::default()).expect("the built-in lexicon loads"));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::extract(data, &EXTRACTOR);
});
