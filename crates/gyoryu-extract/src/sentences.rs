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
            // `Igor S. Pushkarev`: a lone capital before the stop is an initial.
            let initial =
                i > 0 && bytes[i - 1].is_ascii_uppercase() && (i == 1 || matches!(bytes[i - 2], b' ' | b'(' | b'.'));
            if at_boundary && !(before_digit && after_digit) && !initial {
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

/// Byte ranges of `sentence` that are someone's quoted words (`“… 협력하겠다”고
/// 말했다`): places and bodies named there are talk, not parties to the story.
/// A quote the splitter cut at an inner full stop still counts, up to the end
/// of the sentence or from its start. Short quotes (`“몽골방문단”`) name
/// something and are not speech.
pub fn quoted_speech(sentence: &str) -> Vec<(usize, usize)> {
    let mut quotes = Vec::new();
    if !sentence.contains(['"', '“', '”']) {
        return quotes;
    }
    let mut open: Option<usize> = None;
    for (i, c) in sentence.char_indices() {
        let after = i + c.len_utf8();
        match (c, open) {
            ('“', None) => open = Some(after),
            ('”' | '"', Some(start)) => {
                quotes.push((start, i));
                open = None;
            }
            // A closing mark with nothing opened before it: the quote began in
            // the sentence before.
            ('”', None) if quotes.is_empty() => quotes.push((0, i)),
            ('"', None) if quotes.is_empty() && closes_speech(&sentence[after..]) => quotes.push((0, i)),
            ('"', None) => open = Some(after),
            _ => {}
        }
    }
    if let Some(start) = open {
        quotes.push((start, sentence.len()));
    }
    quotes.retain(|&(start, end)| sentence[start..end].trim().matches(' ').count() >= 2);
    quotes
}

/// `"…"고 말했다`, `"…"라며`: what follows a quote that closes someone's words.
fn closes_speech(rest: &str) -> bool {
    ["고 ", "라고", "라며", "며 ", "면서", "라면서"].iter().any(|t| rest.starts_with(t))
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
    fn an_initial_in_a_latin_name_ends_no_sentence() {
        assert_eq!(texts("시장(Igor S. Pushkarev)을 만났다. 끝."), vec!["시장(Igor S. Pushkarev)을 만났다.", "끝."]);
    }

    #[test]
    fn quoted_speech_is_the_words_in_quotes_even_when_cut() {
        let quoted = |text: &str| -> Vec<String> {
            quoted_speech(text).into_iter().map(|(a, b)| text[a..b].to_string()).collect()
        };
        assert_eq!(quoted("지사는 “몽골은 러시아와 인접해 있다”고 말했다."), vec!["몽골은 러시아와 인접해 있다"]);
        assert_eq!(quoted("시장은 \"도시 간 교류를 넓히겠다\"며 웃었다."), vec!["도시 간 교류를 넓히겠다"]);
        // The splitter cut the quote at its inner full stop: both halves are speech.
        assert_eq!(quoted("지사는 “중국과 일본이 가깝다."), vec!["중국과 일본이 가깝다."]);
        assert_eq!(quoted("앞으로 더 자주 오겠다\"고 말했다."), vec!["앞으로 더 자주 오겠다"]);
        // A name in quotes is not speech.
        assert!(quoted("도는 “경남 대표단”을 꾸렸다.").is_empty());
        assert!(quoted("도는 \"경남 대표단\"을 꾸렸다.").is_empty());
    }

    #[test]
    fn offsets_are_on_character_boundaries() {
        let text = "가나다. 라마바?  사아!";
        for s in split(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
}
