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
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        for (i, &(_, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '?' | '!') {
                continue;
            }
            // Swallow closing quotes and brackets that belong to this sentence.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '」' | '』') {
                j += 1;
            }
            let at_boundary = j >= chars.len() || chars[j].1.is_whitespace();
            let before_digit = i > 0 && chars[i - 1].1.is_ascii_digit();
            let after_digit = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
            if at_boundary && !(before_digit && after_digit) {
                let end = line_start + chars.get(j).map_or(body.len(), |(o, _)| *o);
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
