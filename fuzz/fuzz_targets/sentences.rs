//! The sentence splitter: every span it returns must be non-empty, inside
//! the text, on character boundaries, in order and without overlap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut last_end = 0;
    for span in gyoryu_extract::sentences::split(text) {
        assert!(span.start < span.end, "empty span {span:?}");
        assert!(span.end <= text.len(), "span {span:?} past the end ({})", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} splits a character");
        assert!(span.start >= last_end, "span {span:?} overlaps the previous one ending at {last_end}");
        let sentence = &text[span.start..span.end];
        assert_eq!(sentence.trim(), sentence, "span {span:?} is not trimmed");
        last_end = span.end;
    }
});
