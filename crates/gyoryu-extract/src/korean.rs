//! Korean text helpers shared by every step: what counts as a Hangul
//! syllable, a word character or a space, the particles and endings that
//! close a word, and the shape of a Korean personal name.

use std::sync::LazyLock;

use regex::Regex;

/// A precomposed Hangul syllable (`가` to `힣`).
pub fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Whether every character of `text` is a Hangul syllable (true for "").
pub fn all_hangul(text: &str) -> bool {
    text.chars().all(is_hangul)
}

/// `char::is_whitespace`, without its table look-up for Hangul syllables.
pub fn is_space(c: char) -> bool {
    !is_hangul(c) && c.is_whitespace()
}

/// A letter or digit of a word: Hangul syllables and ASCII are nearly every
/// character here; the general Unicode table look-up is kept for the rest.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_hangul(c) || c.is_alphanumeric()
    }
}

pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// Where the last word of `text` starts: after its last white space, which
/// may be wider than one byte (NBSP, U+3000) when the text did not come
/// through ingest's normalisation.
pub fn after_last_space(text: &str) -> usize {
    text.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8())
}

/// Verb and copula endings that make a word a modifier (`참석한`, `치료기관인`).
pub const ENDINGS: [&str; 35] = [
    "은", "는", "한", "된", "던", "할", "될", "인", "고", "며", "서", "다", "해", "하", "게", "지", "어", "아", "여",
    "록", "면", "본", "난",
    // Connective endings of more than one syllable (`있도록`, `되면서`): never the end of a name.
    "도록", "면서", "지만", "거나", "는데", "려고", "으며", "으면", "어서", "아서", "니까", "더니",
];

/// Particles that end a noun phrase; a name never carries one inside it.
pub const PARTICLES: [&str; 20] = [
    "에서", "에", "의", "을", "를", "이", "가", "은", "는", "와", "과", "도", "로", "으로", "에게", "께서", "부터",
    "까지", "만", "측",
];

/// What may follow a place that takes part: a particle (`한국과`, `일본측`) or the end.
pub const PLACE_PARTICLES: [&str; 24] = [
    "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "로", "으로", "에", "에서", "에게", "까지", "부터",
    "측", "만", "이다", "이며", "과의", "와의", "께서",
];

/// The particles [`strip_particles`] takes off, longest forms first.
const STRIPPED_PARTICLES: [&str; 17] =
    ["께서는", "께서", "에게", "과의", "와의", "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "로", "에"];

/// `word` without one particle at its end, unless nothing would be left.
pub fn strip_particles(word: &str) -> &str {
    for p in STRIPPED_PARTICLES {
        if let Some(stem) = word.strip_suffix(p) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word
}

/// A particle or a word glued after a title or a name that still ends it
/// (`지사는`, `대표단`, `국장직`).
static PARTICLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:은|는|이|가|을|를|의|에게|에|와|과|도|로|으로|께서|께|과의|와의|들|직|실|단|인|이다|이며|이자|으로서|로서|님)").unwrap()
});

/// Whether `rest` opens with a particle or another ending of a word ([`PARTICLE_START`]).
pub fn starts_with_particle(rest: &str) -> bool {
    PARTICLE_START.is_match(rest)
}

static TRAILING_PARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:은|는|이|가|을|를|의|에서|에게|에|와|과|도|로|으로)$").unwrap());

/// Where a particle closing `word` starts, if one does.
pub fn trailing_particle(word: &str) -> Option<usize> {
    TRAILING_PARTICLE.find(word).map(|m| m.start())
}

/// `word` without its closing particle, when at least one syllable stays.
pub fn trim_particle(word: &str) -> &str {
    match trailing_particle(word) {
        Some(at) if at >= 3 => &word[..at],
        _ => word,
    }
}

/// Korean surnames, for telling `김관영` (a name) from `경제학` (a noun).
const SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부";
const TWO_CHAR_SURNAMES: [&str; 6] = ["남궁", "선우", "제갈", "황보", "독고", "사공"];

/// One of the common one-syllable Korean surnames.
pub fn is_surname(c: char) -> bool {
    SURNAMES.contains(c)
}

/// `김관영`, `남궁민수`: a surname and a one- or two-syllable given name.
pub fn is_korean_name(word: &str) -> bool {
    let n = word.chars().count();
    if !all_hangul(word) {
        return false;
    }
    if TWO_CHAR_SURNAMES.iter().any(|s| word.starts_with(s)) && n == 4 {
        return true;
    }
    n == 3 && word.chars().next().is_some_and(is_surname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_names_have_a_surname_and_three_syllables() {
        assert!(is_korean_name("김관영"));
        assert!(is_korean_name("남궁민수"));
        assert!(!is_korean_name("경제학과"));
        assert!(!is_korean_name("카자흐스탄"));
    }

    #[test]
    fn hangul_is_the_syllable_block() {
        assert!(is_hangul('가') && is_hangul('힣'));
        assert!(!is_hangul('ㄱ') && !is_hangul('A') && !is_hangul('漢'));
    }

    #[test]
    fn particles_come_off_once() {
        assert_eq!(strip_particles("지사는"), "지사");
        assert_eq!(strip_particles("는"), "는");
        assert_eq!(trim_particle("카자흐스탄과"), "카자흐스탄");
        assert_eq!(trim_particle("과"), "과");
        assert_eq!(trailing_particle("정부에서"), Some("정부".len()));
    }
}
