//! A sentence's words (eojeols) and where their particles begin, and words
//! split where a hyphen or a middle dot joins two names.

use crate::korean::{is_space, is_word_char};
use crate::tokens::Morpheme;

/// A whitespace-separated word (eojeol) and where its particles begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// End of the word without trailing particles and punctuation.
    pub stem_end: usize,
}

pub fn words(sentence: &str, morphemes: &[Morpheme]) -> Vec<Word> {
    let mut out = Vec::with_capacity(sentence.len() / 8);
    let mut start = None;
    // Words and morphemes both come in text order: each word's morphemes are
    // found from where the last word's ended.
    let mut from = 0;
    for (i, c) in sentence.char_indices().chain(std::iter::once((sentence.len(), ' '))) {
        match (is_space(c), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                from += morphemes[from..].iter().take_while(|m| m.start < s).count();
                let to = from + morphemes[from..].iter().take_while(|m| m.start <= i).count();
                out.push(Word { start: s, end: i, stem_end: stem_end(sentence, s, i, &morphemes[from..to]) });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `morphemes`: those that start within the word (from `start` to `end`
/// inclusive), in text order.
fn stem_end(sentence: &str, start: usize, end: usize, morphemes: &[Morpheme]) -> usize {
    let mut stem = end;
    for m in morphemes.iter().rev().filter(|m| m.start >= start && m.end <= end) {
        let punctuation = m.pos.starts_with('S') && !matches!(m.pos.as_str(), "SL" | "SH" | "SN");
        if (m.is_particle() || punctuation || m.pos == "VCP" || m.pos.starts_with('E')) && m.start > start {
            stem = m.start;
        } else {
            break;
        }
    }
    // Quotes and brackets around a word are never part of a name.
    let trimmed = sentence[start..stem].trim_end_matches(|c: char| !is_word_char(c) && c != ')' && c != '㈜');
    start + trimmed.len()
}

/// Words split where a hyphen or a middle dot joins two names (`충북TP-생태산업원`,
/// `경기도-랴오닝성`), so that each side can be a name of its own.
pub(super) fn split_pairs(sentence: &str, words: &[Word]) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let stem = &sentence[w.start..w.stem_end];
        let mut from = w.start;
        for (at, sep) in stem.match_indices(['-', '·', 'ㆍ']) {
            let (left, right) = (&stem[..at], &stem[at + sep.len()..]);
            // `한·아프리카재단`, `한-베트남`: one syllable before the mark is a
            // country's short form opening the name, not a name of its own.
            let short_form = left[from - w.start..].chars().count() == 1;
            let joins = !short_form
                && left.chars().next_back().is_some_and(is_word_char)
                && right.chars().next().is_some_and(is_word_char);
            if joins {
                out.push(Word { start: from, end: w.start + at, stem_end: w.start + at });
                from = w.start + at + sep.len();
            }
        }
        // `송산호STP(Science`: a bracket opened inside the word starts the name's gloss.
        let stem_end = match sentence[from..w.stem_end].find('(') {
            Some(open) if open > 0 && !sentence[from..w.stem_end].contains(')') => from + open,
            _ => w.stem_end,
        };
        out.push(Word { start: from, end: w.end, stem_end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_where_char_is_whitespace_says() {
        for text in [
            "김 지사는\u{3000}알마티를\u{a0}방문했다",
            " 가\t나\u{2009}다\u{85}라 “마” ",
            "",
            "\u{3000}",
            "Smith(킴)\u{2028}　끝",
        ] {
            let ours: Vec<(usize, usize)> = words(text, &[]).iter().map(|w| (w.start, w.end)).collect();
            let theirs: Vec<(usize, usize)> = text
                .split_whitespace()
                .map(|w| {
                    (
                        w.as_ptr() as usize - text.as_ptr() as usize,
                        w.as_ptr() as usize - text.as_ptr() as usize + w.len(),
                    )
                })
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
