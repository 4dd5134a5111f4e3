//! The cleaner on arbitrary text: HTML reduction, furniture removal, title
//! and date finding must never panic, whatever the page looks like.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::clean(data));
