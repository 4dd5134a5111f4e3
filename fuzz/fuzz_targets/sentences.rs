//! The sentence splitter: every span it returns must be non-empty, inside
//! the text, on character boundaries, in order and without overlap.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::sentences(data));
