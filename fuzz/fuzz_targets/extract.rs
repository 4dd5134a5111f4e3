//! The whole path from bytes to an extraction: decoding, HTML, cleaning,
//! JSON Lines records and extraction, as `gyoryu build` runs it on a file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_ingest::{Encoding, IngestOptions};
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(ExtractOptions::default()).expect("the built-in lexicon loads"));

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else { return };
    // The file name decides text, HTML or JSON Lines, as in a real folder.
    let path = Path::new(match mode & 3 {
        0 => "a.txt",
        1 => "a.html",
        2 => "a.jsonl",
        _ => "a",
    });
    // Sometimes the user names the encoding.
    let encoding = match (mode >> 2) & 7 {
        1 => Encoding::for_label(b"euc-kr"),
        2 => Encoding::for_label(b"utf-16le"),
        3 => Encoding::for_label(b"utf-16be"),
        4 => Encoding::for_label(b"utf-8"),
        _ => None,
    };
    let opts = IngestOptions { encoding, ..IngestOptions::default() };
    for doc in gyoryu_ingest::read_bytes(path, bytes, &opts).into_iter().flatten() {
        let text = &doc.text;
        let ex = EXTRACTOR.extract(&doc);
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
        }
        for (span, _) in EXTRACTOR.find_mentions(text) {
            assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
        }
    }
});
