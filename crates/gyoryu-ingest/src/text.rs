//! Small character-level helpers shared by HTML extraction and cleaning.
//!
//! Every line of every page passes through these, and nearly all of it is
//! ASCII or precomposed Hangul, so each helper answers those two cases
//! itself and leaves only the rest to the Unicode tables.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

pub(crate) fn count_hangul(s: &str) -> usize {
    s.chars().filter(|&c| is_hangul(c)).count()
}

pub(crate) fn count_latin(s: &str) -> usize {
    // ASCII letters are single bytes that no other character's encoding uses.
    s.bytes().filter(u8::is_ascii_alphabetic).count()
}

/// `char::is_alphanumeric`, without the table search for Hangul syllables
/// (all of them letters).
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_hangul(c) || c.is_alphanumeric()
    }
}

/// Whether a line may hold `n` decimal digits in a row (`\d{4}` in a
/// regex): every Unicode decimal digit is numeric, so a line without such a
/// run of numeric characters cannot match a pattern that needs one.
pub(crate) fn has_numeric_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    for c in s.chars() {
        let numeric = if c.is_ascii() { c.is_ascii_digit() } else { !is_hangul(c) && c.is_numeric() };
        run = if numeric { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

/// NFC-normalizes a line and folds every kind of space (NBSP, ideographic
/// space, zero-width characters) into single ASCII spaces. Files saved on
/// macOS carry decomposed Hangul, which would otherwise not count as Hangul
/// nor compare equal to the same text from elsewhere.
pub(crate) fn normalize_line(s: &str) -> String {
    let s = if s.contains("&nbsp;") { Cow::Owned(s.replace("&nbsp;", " ")) } else { Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len());
    // Spaces are folded after composing: a zero-width joiner between two
    // jamo keeps them apart in NFC, and must go on doing so.
    if !fold_spaces_of_nfc(&s, &mut out) {
        out.clear();
        let mut space = false;
        for c in s.nfc() {
            match fold(c) {
                Fold::Keep => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(c);
                }
                Fold::Space => space = !out.is_empty(),
                Fold::Drop => {}
            }
        }
    }
    out
}

/// What [`normalize_line`] does with a character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fold {
    Keep,
    Space,
    Drop,
}

fn fold(c: char) -> Fold {
    match c {
        c if is_hangul(c) => Fold::Keep,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Fold::Drop,
        c if c.is_whitespace() => Fold::Space,
        c if c.is_control() => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Folds the spaces of a line that is in NFC already, copying the runs of
/// text it keeps whole (a single ASCII space between two kept characters
/// stays inside a run); `false`, with `out` half written, when the line may
/// not be in NFC. ASCII characters and precomposed Hangul syllables are
/// starters that never compose with what precedes them; any other character
/// must be a starter that is in NFC whatever surrounds it, so that no pair of
/// characters can break the order of combining marks.
fn fold_spaces_of_nfc(s: &str, out: &mut String) -> bool {
    // The run of text not copied yet, and the single space that may end it.
    let mut run: Option<usize> = None;
    let mut run_space: Option<usize> = None;
    // Whether a space is owed before the next kept character.
    let mut space = false;
    for (i, c) in s.char_indices() {
        if !c.is_ascii()
            && !is_hangul(c)
            && (canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes)
        {
            return false;
        }
        let kind = fold(c);
        if kind == Fold::Keep {
            if run.is_none() {
                if space {
                    out.push(' ');
                    space = false;
                }
                run = Some(i);
            }
            run_space = None;
            continue;
        }
        if c == ' ' && run.is_some() && run_space.is_none() {
            run_space = Some(i);
            continue;
        }
        if let Some(start) = run.take() {
            out.push_str(&s[start..run_space.unwrap_or(i)]);
            space = run_space.take().is_some();
        }
        if kind == Fold::Space {
            space = !out.is_empty();
        }
    }
    if let Some(start) = run {
        out.push_str(&s[start..run_space.unwrap_or(s.len())]);
    }
    true
}

/// `haystack.contains(needle)` for long needles that are mostly absent: the
/// standard library looks for a needle of up to 32 bytes with SIMD compares,
/// but prepares a Two-Way search for a longer one, so the longer needle is
/// looked for only where its first 32 bytes are.
pub(crate) fn contains_long(haystack: &str, needle: &str) -> bool {
    let mut cut = needle.len().min(32);
    while !needle.is_char_boundary(cut) {
        cut -= 1;
    }
    haystack.contains(&needle[..cut]) && (cut == needle.len() || haystack.contains(needle))
}

/// The comparison key of a paragraph: its letters and digits, lowercased.
/// Two copies of a body differ in spacing, quotes and punctuation more
/// often than in words.
pub(crate) fn dedup_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hangul(c) {
            // Hangul has no case.
            key.push(c);
        } else if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spaces_and_decomposed_hangul_are_normalized() {
        let nfd: String = "협약".nfd().collect();
        assert_eq!(normalize_line(&format!("\u{3000} {nfd}\u{a0}\u{200b}체결 ")), "협약 체결");
        assert_eq!(count_hangul(&normalize_line(&nfd)), 2);
    }

    #[test]
    fn keys_ignore_punctuation() {
        assert_eq!(dedup_key("“도는 5일, MOU를 맺었다.”"), dedup_key("도는 5일 mou를 맺었다"));
    }

    /// Characters where the short cuts above could go wrong: jamo that
    /// compose with each other and with syllables, combining marks in and
    /// out of order, every space and invisible character handled, letters
    /// with special case mappings, digits of other scripts.
    fn tricky_text() -> impl Strategy<Value = String> {
        let chars = &[
            '가', '각', '하', '협', '약', 'a', 'Z', '5', ' ', '\t', '\n', '\x0b', '\r', '\x01', '\x7f', '\u{85}',
            '\u{a0}', '\u{3000}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{1100}',
            '\u{1112}', '\u{1161}', '\u{1175}', '\u{11a8}', '\u{11c2}', '\u{3131}', '\u{301}', '\u{323}', '\u{302}',
            'e', 'é', 'Å', '\u{212b}', 'İ', 'Σ', 'ß', 'Ⅸ', '\u{ff10}', '٣', '²', '·', '“', '中', '\u{f900}', '&', ';',
            'n', 'b', 's', 'p',
        ][..];
        prop_oneof![
            prop::collection::vec(prop::sample::select(chars), 0..24).prop_map(|v| v.into_iter().collect()),
            prop::collection::vec(
                prop::sample::select(&["&nbsp;", "협약", "\u{1112}\u{1161}", "\u{11a8}", " "][..]),
                0..8
            )
            .prop_map(|v| v.concat()),
            prop::collection::vec(prop::sample::select(&['1', '٣', '\u{ff10}', '²', 'Ⅸ', '.', '년', 'a'][..]), 0..12)
                .prop_map(|v| v.into_iter().collect()),
        ]
    }

    /// The definitions the fast versions must agree with.
    fn plain_normalize_line(s: &str) -> String {
        let s = s.replace("&nbsp;", " ");
        let kept: String = s
            .nfc()
            .filter(|c| !matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'))
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        kept.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_definitions(s in tricky_text()) {
            proptest::prop_assert_eq!(normalize_line(&s), plain_normalize_line(&s));
            let key: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(dedup_key(&s), key);
            proptest::prop_assert_eq!(s.chars().any(is_alphanumeric), s.chars().any(char::is_alphanumeric));
            proptest::prop_assert_eq!(count_latin(&s), s.chars().filter(char::is_ascii_alphabetic).count());
            let four_digits = regex::Regex::new(r"\d{4}").unwrap().is_match(&s);
            proptest::prop_assert!(has_numeric_run(&s, 4) || !four_digits);
            for (i, _) in s.char_indices() {
                let needle = &s[i..];
                let twice = format!("{s}{s}");
                proptest::prop_assert!(contains_long(&twice, needle));
                proptest::prop_assert_eq!(contains_long(&s[..i], needle), s[..i].contains(needle));
            }
            let nfc = s.chars().eq(s.nfc());
            proptest::prop_assert!(!fold_spaces_of_nfc(&s, &mut String::new()) || nfc);
        }
    }
}
