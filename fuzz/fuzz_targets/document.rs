//! The extractor alone on any UTF-8 text, without ingest's normalisation:
//! what a library caller may hand it.
#![no_main]

use std::sync::LazyLock;

use gyoryu_extract::{ExtractOptions, Extractor};

#[path = "../harness.rs"]
mod harness;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(ExtractOptions::default()).expect("the built-in lexicon loads"));

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::document(data, &EXTRACTOR));
