//! Small character-level helpers shared by HTML extraction and cleaning.

use unicode_normalization::UnicodeNormalization;

pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

pub(crate) fn count_hangul(s: &str) -> usize {
    s.chars().filter(|&c| is_hangul(c)).count()
}

pub(crate) fn count_latin(s: &str) -> usize {
    s.chars().filter(|c| c.is_ascii_alphabetic()).count()
}

/// NFC-normalizes a line and folds every kind of space (NBSP, ideographic
/// space, zero-width characters) into single ASCII spaces. Files saved on
/// macOS carry decomposed Hangul, which would otherwise not count as Hangul
/// nor compare equal to the same text from elsewhere.
pub(crate) fn normalize_line(s: &str) -> String {
    let s = s.replace("&nbsp;", " ");
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        let c = match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c if c.is_whitespace() => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The comparison key of a paragraph: its letters and digits, lowercased.
/// Two copies of a body differ in spacing, quotes and punctuation more
/// often than in words.
pub(crate) fn dedup_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
