//! The cleaner on arbitrary text: HTML reduction, furniture removal, title
//! and date finding must never panic, whatever the page looks like.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let raw = String::from_utf8_lossy(rest);
    // One byte picks the path a real input would take: plain text or HTML,
    // with or without a title known from a JSON record.
    let is_html = mode & 1 == 1;
    let page = if mode & 2 == 2 {
        let split = (mode as usize >> 2).min(raw.len());
        let cut = (0..=split).rev().find(|&i| raw.is_char_boundary(i)).unwrap_or(0);
        gyoryu_ingest::clean_page_titled(&raw[cut..], is_html, Some(&raw[..cut]))
    } else {
        gyoryu_ingest::clean_page(&raw, is_html)
    };
    if !page.text.is_empty() {
        // Cleaning runs again on extraction's input in some paths
        // (JSON records holding HTML); it must be stable enough not to panic.
        let _ = gyoryu_ingest::clean_page(&page.text, false);
    }
});
