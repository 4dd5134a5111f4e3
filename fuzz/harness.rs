//! What each fuzz target does with its input, shared by the targets in
//! `fuzz_targets/` and by the regression test that replays the inputs kept in
//! `tests/fixtures/fuzz/<target>/` (`crates/gyoryu-extract/tests/fuzz_regressions.rs`),
//! so that a kept crash input is checked exactly as the fuzzer ran it.
//! Every function panics on a broken promise and returns quietly otherwise.

#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use gyoryu_extract::Extractor;
use gyoryu_ingest::{Encoding, IngestOptions};

/// The cleaner: the first byte picks plain text or HTML, and whether a
/// title known from a JSON record (a prefix of the rest) comes along.
pub fn clean(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let raw = String::from_utf8_lossy(rest);
    let is_html = mode & 1 == 1;
    let page = if mode & 2 == 2 {
        let split = (mode as usize >> 2).min(raw.len());
        let cut = (0..=split).rev().find(|&i| raw.is_char_boundary(i)).unwrap_or(0);
        gyoryu_ingest::clean_page_titled(&raw[cut..], is_html, Some(&raw[..cut]))
    } else {
        gyoryu_ingest::clean_page(&raw, is_html)
    };
    if !page.text.is_empty() {
        // Cleaned text is cleaned again when a JSON record's text holds a page.
        let _ = gyoryu_ingest::clean_page(&page.text, false);
    }
}

/// The sentence splitter: spans non-empty, trimmed, in order, inside the
/// text and on character boundaries.
pub fn sentences(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut last_end = 0;
    for span in gyoryu_extract::sentences::split(text) {
        assert!(span.start < span.end, "empty span {span:?}");
        assert!(span.end <= text.len(), "span {span:?} past the end ({})", text.len());
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character"
        );
        assert!(span.start >= last_end, "span {span:?} overlaps the previous one ending at {last_end}");
        let sentence = &text[span.start..span.end];
        assert_eq!(sentence.trim(), sentence, "span {span:?} is not trimmed");
        last_end = span.end;
    }
}

/// The date resolvers. The first four bytes pick a publication date anywhere
/// chrono allows (or none) and whether the sentence speaks of the future.
pub fn dates(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let n = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let published = if n & 1 == 0 { NaiveDate::from_num_days_from_ce_opt(n >> 2) } else { None };
    let planned = n & 2 == 2;
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    for f in gyoryu_extract::dates::find_dates(text, published, planned) {
        assert!(f.start <= f.end && f.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
        if let Some(end) = f.end_date {
            assert!(end > f.date, "a range ending before it starts: {f:?}");
        }
    }
    let _ = gyoryu_extract::dates::time_cues(text);
    let _ = gyoryu_ingest::parse_date_str(text);
    let _ = gyoryu_ingest::date_from_url(text);
}

/// The whole path of `gyoryu build` on one file: the first byte picks the
/// file name (text, HTML, JSON Lines, no extension) and an encoding the user
/// may have named; the rest is the file's content. Returns how many
/// documents reached extraction.
pub fn extract(data: &[u8], extractor: &Extractor) -> usize {
    let Some((&mode, bytes)) = data.split_first() else {
        return 0;
    };
    let path = Path::new(match mode & 3 {
        0 => "a.txt",
        1 => "a.html",
        2 => "a.jsonl",
        _ => "a",
    });
    let encoding = match (mode >> 2) & 7 {
        1 => Encoding::for_label(b"euc-kr"),
        2 => Encoding::for_label(b"utf-16le"),
        3 => Encoding::for_label(b"utf-16be"),
        4 => Encoding::for_label(b"utf-8"),
        _ => None,
    };
    let opts = IngestOptions { encoding, ..IngestOptions::default() };
    let mut extracted = 0;
    for doc in gyoryu_ingest::read_bytes(path, bytes, &opts).into_iter().flatten() {
        extracted += 1;
        check_extraction(&doc, extractor);
    }
    extracted
}

/// The extractor alone on any UTF-8 text, as a caller of the library may
/// hand it a document that never went through ingest (whose normalisation
/// folds spaces and drops control characters). The first byte picks the
/// publication date: none, or one of the genre's days.
pub fn document(data: &[u8], extractor: &Extractor) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let published = match mode & 3 {
        0 => None,
        1 => NaiveDate::from_ymd_opt(2024, 5, 14),
        2 => NaiveDate::from_ymd_opt(2023, 12, 31),
        _ => NaiveDate::from_ymd_opt(2024, 2, 29),
    };
    let doc = gyoryu_model::Document {
        id: "fuzz.txt".into(),
        source: "fuzz.txt".into(),
        url: None,
        title: None,
        published,
        text: text.into(),
        content_hash: "0".repeat(64),
    };
    check_extraction(&doc, extractor);
}

fn check_extraction(doc: &gyoryu_model::Document, extractor: &Extractor) {
    let text = &doc.text;
    let ex = extractor.extract(doc);
    for actor in &ex.actors {
        for m in &actor.mentions {
            assert!(m.start <= m.end && m.end <= text.len(), "{m:?} outside the text");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?} splits a character");
        }
        assert!(actor.affiliation.is_none_or(|a| a < ex.actors.len()), "affiliation out of range");
    }
    for event in &ex.events {
        assert!(event.participants.iter().all(|&p| p < ex.actors.len()), "participant out of range");
        assert!(event.location.is_none_or(|l| l < ex.actors.len()), "location out of range");
        assert!(
            event.end_date.is_none_or(|end| event.date.is_some_and(|d| end > d)),
            "a range ending before it starts: {event:?}"
        );
    }
    for (span, _) in extractor.find_mentions(text) {
        assert!(
            span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
    }
}
