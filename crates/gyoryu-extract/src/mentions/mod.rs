//! Finding actor mentions in one sentence: known names from the gazetteers
//! (`known`), unknown names by their endings (`suffixed`), companies by
//! their markers and the words around them (`companies`), titles
//! (`titles`), and persons by the titles around them (`persons`,
//! `person_names`), over the sentence's words (`words`).

mod companies;
mod known;
mod person_names;
mod persons;
mod suffixed;
mod titles;
mod words;

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use crate::lexicon::Lexicon;
use crate::tokens::Morpheme;
use words::split_pairs;
pub use words::{words, Word};

/// How a mention was recognised; decides its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Gazetteer,
    Suffix,
    CompanyMarker,
    LatinName,
    /// A person named next to a title.
    Titled,
    /// The head of a `X 대표` / `X 사` phrase whose X is otherwise unknown.
    Head,
}

/// One actor mention, with byte offsets into the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The text as written.
    pub surface: String,
    /// The canonical name (gazetteer name, or the surface with markers trimmed).
    pub name: String,
    pub kind: ActorKind,
    pub evidence: Evidence,
    /// Romanised or English forms written in parentheses right after it.
    pub aliases: Vec<String>,
    /// For persons: the title as recorded.
    pub title: Option<String>,
    /// For persons: where the mention of the body the title belongs to starts
    /// (a byte offset in the sentence; mentions never overlap).
    pub affiliation_start: Option<usize>,
}

impl Mention {
    /// A mention with no aliases, title or body yet.
    pub fn new(
        start: usize,
        end: usize,
        surface: String,
        name: String,
        kind: ActorKind,
        evidence: Evidence,
    ) -> Mention {
        Mention { start, end, surface, name, kind, evidence, aliases: Vec::new(), title: None, affiliation_start: None }
    }

    pub fn confidence(&self) -> f32 {
        match self.evidence {
            Evidence::Gazetteer => 0.95,
            Evidence::Titled => 0.9,
            Evidence::CompanyMarker => 0.85,
            Evidence::Suffix => 0.7,
            Evidence::Head => 0.6,
            Evidence::LatinName => 0.55,
        }
    }
}

/// A title found in the sentence (`도지사`, `대사`).
#[derive(Debug, Clone, PartialEq)]
pub struct TitleHit {
    pub start: usize,
    pub end: usize,
    pub canonical: String,
    pub body_kinds: Vec<ActorKind>,
    /// An unknown place written glued to the title, sharing its first
    /// syllable (`투르시장`: `투르시` and `시장`): its span and kind.
    pub glued_place: Option<(usize, usize, ActorKind)>,
}

static PAREN_LATIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(([A-Za-z][A-Za-z .,'&\-]*[A-Za-z.])\)").unwrap());

/// Finds every actor mention in one sentence.
pub struct MentionFinder<'a> {
    pub lexicon: &'a Lexicon,
}

impl MentionFinder<'_> {
    /// All mentions of one sentence, sorted by position, not overlapping.
    pub fn find(&self, sentence: &str, morphemes: &[Morpheme]) -> (Vec<Mention>, Vec<TitleHit>) {
        let words = words(sentence, morphemes);
        let mut mentions = self.known_names(sentence);
        let titles = self.titles(sentence, &mentions, morphemes);
        // `전북도지사`: the title wins the overlap, so the name is `전북`.
        for t in &titles {
            mentions.retain_mut(|m| {
                if m.start < t.start && t.start < m.end && m.end <= t.end {
                    let cut = &sentence[m.start..t.start];
                    match self.lexicon.name_index(cut).map(|index| self.lexicon.entry(index)) {
                        Some(entry) => {
                            // `마이즈루시장`: the full form before the title is a name of its own too.
                            if entry.name != m.surface {
                                m.aliases.push(m.surface.clone());
                            }
                            m.end = t.start;
                            m.surface = cut.to_string();
                            m.name = entry.name.clone();
                            m.kind = entry.kind;
                            true
                        }
                        // The name ends inside the title (`충청남도` + `도지사`): keep the name, end it at the title.
                        None => {
                            m.end = t.start;
                            true
                        }
                    }
                } else {
                    true
                }
            });
        }
        // Added after the cut above: the place keeps the syllable it shares with the title.
        for t in &titles {
            if let Some((start, end, kind)) = t.glued_place {
                let name = sentence[start..end].to_string();
                mentions.push(Mention::new(start, end, name.clone(), name, kind, Evidence::Suffix));
            }
        }
        self.add_company_markers(sentence, morphemes, &mut mentions);
        self.add_suffix_names(sentence, morphemes, &split_pairs(sentence, &words), &titles, &mut mentions);
        self.add_latin_names(sentence, &mut mentions);
        self.add_companies_by_context(sentence, morphemes, &words, &mut mentions);
        self.add_glossed_places(sentence, &mut mentions);
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        dedupe_overlaps(&mut mentions);
        self.attach_parenthesised_aliases(sentence, &mut mentions);
        self.add_title_heads(sentence, morphemes, &words, &titles, &mut mentions);
        self.add_persons(sentence, morphemes, &words, &titles, &mut mentions);
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        (mentions, titles)
    }

    pub(super) fn attach_parenthesised_aliases(&self, sentence: &str, mentions: &mut [Mention]) {
        for m in mentions.iter_mut() {
            let rest = &sentence[m.end..];
            if !rest.trim_start().starts_with('(') {
                continue;
            }
            if let Some(c) = PAREN_LATIN.captures(rest) {
                let alias = c[1].trim().to_string();
                if !m.aliases.contains(&alias) {
                    m.aliases.push(alias);
                }
            }
        }
    }
}

/// Whether nothing but space, or one bracketed group (`(LA)`, `(仲中 げん)`), lies between two things.
fn blank_or_bracketed(gap: &str) -> bool {
    let gap = gap.trim();
    gap.is_empty() || (gap.starts_with('(') && gap.ends_with(')') && gap[1..].find(['(', ')']) == Some(gap.len() - 2))
}

/// `쉴레이만 데미렐(Suleyman Demirel) 대학교` → the name without the
/// parenthesis, and the parenthesised form as an alias.
fn strip_parenthesised(surface: &str) -> (String, Option<String>) {
    if let (Some(open), Some(close)) = (surface.find('('), surface.find(')')) {
        if open < close {
            let inner = surface[open + 1..close].trim().to_string();
            let name = format!("{}{}", surface[..open].trim_end(), &surface[close + 1..]);
            return (name.split_whitespace().collect::<Vec<_>>().join(" "), Some(inner).filter(|s| !s.is_empty()));
        }
    }
    (surface.to_string(), None)
}

/// Keeps the first and longest of overlapping mentions; gazetteer matches win ties.
fn dedupe_overlaps(mentions: &mut Vec<Mention>) {
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions.drain(..) {
        match kept.last_mut() {
            Some(last) if m.start < last.end => {
                let better = (m.end - m.start) > (last.end - last.start) && m.evidence != Evidence::LatinName;
                if better {
                    *last = m;
                }
            }
            _ => kept.push(m),
        }
    }
    *mentions = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parenthesised_romanisations_become_aliases() {
        let (name, alias) = strip_parenthesised("쉴레이만 데미렐(Suleyman Demirel) 대학교");
        assert_eq!(name, "쉴레이만 데미렐 대학교");
        assert_eq!(alias.as_deref(), Some("Suleyman Demirel"));
    }
}
