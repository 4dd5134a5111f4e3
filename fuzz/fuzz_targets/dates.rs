//! The date resolver (extraction's relative dates and ingest's date strings
//! and URLs) on arbitrary text and publication dates.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dates(data));
