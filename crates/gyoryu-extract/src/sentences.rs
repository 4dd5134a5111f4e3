//! Sentence splitting for Korean news prose.

use gyoryu_model::Span;

/// Splits `text` into sentences. A sentence ends at a line break, or at `.`,
/// `?`, `!` followed by white space or a closing quote and white space —
/// never inside numbers such as `2024.04.04` or `1.8t`.
pub fn split(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let mut start = line_start;
        // The endings are ASCII, so they and the digits around them are found
        // on bytes; no UTF-8 sequence contains an ASCII byte.
        let bytes = body.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if !matches!(b, b'.' | b'?' | b'!') {
                continue;
            }
            // Swallow closing quotes and brackets that belong to this sentence.
            let after = body[i + 1..].trim_start_matches(['"', '”', '’', '\'', ')', '」', '』']);
            let at_boundary = after.chars().next().is_none_or(char::is_whitespace);
            let before_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let after_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if at_boundary && !(before_digit && after_digit) {
                let end = line_start + body.len() - after.len();
                push_trimmed(text, start, end, &mut spans);
                start = end;
            }
        }
        push_trimmed(text, start, line_start + body.len(), &mut spans);
        line_start = line_end;
    }
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = end - (slice.len() - slice.trim_end().len());
    if trimmed_end > trimmed_start {
        out.push(Span { start: trimmed_start, end: trimmed_end });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_sentence_endings_and_lines_but_not_inside_numbers() {
        let text = "도는 2024.04.04 협약을 맺었다. 김 지사는 “잘 하겠다.”고 말했다. 끝!\n둘째 줄이다";
        assert_eq!(
            texts(text),
            vec!["도는 2024.04.04 협약을 맺었다.", "김 지사는 “잘 하겠다.”고 말했다.", "끝!", "둘째 줄이다"]
        );
    }

    #[test]
    fn offsets_are_on_character_boundaries() {
        let text = "가나다. 라마바?  사아!";
        for s in split(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}
