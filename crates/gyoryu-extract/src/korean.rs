//! Korean text helpers shared by every step: what counts as a Hangul
//! syllable, a word character or a space, the particles and endings that
//! close a word, and the shape of a Korean personal name.

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::{bad, role_index, rows};
use crate::ExtractError;

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

const KOREAN: &str = include_str!("../../../data/lexicon/korean.tsv");

/// The word lists of `korean.tsv`, by role.
struct KoreanWords {
    /// One-syllable surnames, in one string for a quick `contains`.
    surnames: String,
    two_syllable_surnames: Vec<String>,
    particles: Vec<String>,
    endings: Vec<String>,
    place_particles: Vec<String>,
    /// In the order they are tried.
    stripped_particles: Vec<String>,
    /// What may open the text right after a title or name that it still ends.
    word_end: Regex,
    /// A particle closing a word.
    trailing_particle: Regex,
}

const ROLES: [&str; 7] =
    ["surname", "particle", "ending", "place_particle", "stripped_particle", "word_end", "trailing_particle"];

impl KoreanWords {
    fn load(text: &str) -> Result<KoreanWords, ExtractError> {
        let mut by_role: Vec<Vec<String>> = vec![Vec::new(); ROLES.len()];
        for (line, cols) in rows(text) {
            let word = cols.first().copied().unwrap_or_default();
            let role = cols.get(1).copied().unwrap_or_default();
            let at = role_index("korean.tsv", line, role, &ROLES)?;
            if word.is_empty() || !all_hangul(word) {
                return Err(bad("korean.tsv", line, "the word must be Hangul syllables"));
            }
            if role == "surname" && word.chars().count() > 2 {
                return Err(bad("korean.tsv", line, "a surname has one or two syllables"));
            }
            by_role[at].push(word.to_string());
        }
        let [surnames, particles, endings, place_particles, stripped_particles, word_end, trailing_particle] =
            by_role.try_into().expect("one list per role");
        let (one, two): (Vec<String>, Vec<String>) = surnames.into_iter().partition(|s| s.chars().count() == 1);
        Ok(KoreanWords {
            surnames: one.concat(),
            two_syllable_surnames: two,
            particles,
            endings,
            place_particles,
            stripped_particles,
            word_end: Regex::new(&format!("^(?:{})", word_end.join("|"))).expect("Hangul alternatives always build"),
            trailing_particle: Regex::new(&format!("(?:{})$", trailing_particle.join("|")))
                .expect("Hangul alternatives always build"),
        })
    }
}

static WORDS: LazyLock<Result<KoreanWords, ExtractError>> = LazyLock::new(|| KoreanWords::load(KOREAN));

fn words() -> &'static KoreanWords {
    // `Lexicon::builtin` fails, naming the file and line, before anything asks.
    WORDS.as_ref().expect("data/lexicon/korean.tsv loads (Lexicon::builtin checks it)")
}

/// Whether the built-in `korean.tsv` loads; its error names the file and line.
pub(crate) fn check() -> Result<(), ExtractError> {
    match &*WORDS {
        Ok(_) => Ok(()),
        Err(_) => KoreanWords::load(KOREAN).map(|_| ()),
    }
}

/// Verb and copula endings that make a word a modifier (`참석한`, `치료기관인`).
pub fn is_ending(word: &str) -> bool {
    words().endings.iter().any(|e| e == word)
}

/// Particles that end a noun phrase; a name never carries one inside it.
pub fn is_particle(word: &str) -> bool {
    words().particles.iter().any(|p| p == word)
}

/// Whether `word` starts with what may follow a place that takes part (`한국과`, `일본측`).
pub fn starts_with_place_particle(word: &str) -> bool {
    words().place_particles.iter().any(|p| word.starts_with(p.as_str()))
}

/// Whether `word` is longer than a place particle it ends with (`청주에서`).
pub fn ends_with_place_particle(word: &str) -> bool {
    words().place_particles.iter().any(|p| word.len() > p.len() && word.ends_with(p.as_str()))
}

/// `word` without one particle at its end, unless nothing would be left.
pub fn strip_particles(word: &str) -> &str {
    for p in &words().stripped_particles {
        if let Some(stem) = word.strip_suffix(p.as_str()) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word
}

/// Whether `rest` opens with a particle or another ending of a word
/// (`지사는`, `대표단`, `국장직`).
pub fn starts_with_particle(rest: &str) -> bool {
    words().word_end.is_match(rest)
}

/// Where a particle closing `word` starts, if one does.
pub fn trailing_particle(word: &str) -> Option<usize> {
    words().trailing_particle.find(word).map(|m| m.start())
}

/// `word` without its closing particle, when at least one syllable stays.
pub fn trim_particle(word: &str) -> &str {
    match trailing_particle(word) {
        Some(at) if at >= 3 => &word[..at],
        _ => word,
    }
}

/// `word` without the particles stacked at its end (`측에서는` -> `측`).
pub fn trim_particles(word: &str) -> &str {
    let mut word = word;
    for _ in 0..3 {
        let trimmed = trim_particle(word);
        if trimmed.len() == word.len() {
            break;
        }
        word = trimmed;
    }
    word
}

/// One of the common one-syllable Korean surnames.
pub fn is_surname(c: char) -> bool {
    words().surnames.contains(c)
}

/// `김관영`, `남궁민수`: a surname and a one- or two-syllable given name.
pub fn is_korean_name(word: &str) -> bool {
    let n = word.chars().count();
    if !all_hangul(word) {
        return false;
    }
    if words().two_syllable_surnames.iter().any(|s| word.starts_with(s.as_str())) && n == 4 {
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
    fn the_builtin_lists_load() {
        check().unwrap();
        assert!(is_surname('김') && !is_surname('짱'));
        assert!(is_particle("에서") && is_ending("도록") && !is_particle("도록"));
    }

    #[test]
    fn an_unknown_role_names_its_file_and_line() {
        let err = KoreanWords::load("word\trole\n김\tsurname\n# note\n는\tparticel\n").err().unwrap();
        assert!(err.to_string().starts_with("lexicon file korean.tsv, line 4: unknown role \"particel\""), "{err}");
        let err = KoreanWords::load("word\trole\n김씨네\tsurname\n").err().unwrap();
        assert_eq!(err.to_string(), "lexicon file korean.tsv, line 2: a surname has one or two syllables");
    }

    #[test]
    fn particles_come_off_once() {
        assert_eq!(strip_particles("지사는"), "지사");
        assert_eq!(strip_particles("는"), "는");
        assert_eq!(trim_particle("카자흐스탄과"), "카자흐스탄");
        assert_eq!(trim_particle("과"), "과");
        assert_eq!(trim_particles("측에서는"), "측");
        assert_eq!(trailing_particle("정부에서"), Some("정부".len()));
    }
}
