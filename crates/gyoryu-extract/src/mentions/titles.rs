//! Titles in a sentence (`도지사`, `통상차관보`, `투르시장`), the title a person
//! is recorded with, and the unknown firm written right before a business
//! title (`대종 대표`).

use gyoryu_model::ActorKind;

use super::{Evidence, Mention, MentionFinder, TitleHit, Word};
use crate::korean::{all_hangul, is_hangul, is_korean_name, is_word_char, starts_with_particle};
use crate::lexicon::Title;
use crate::tokens::Morpheme;

impl MentionFinder<'_> {
    pub fn titles(&self, sentence: &str, names: &[Mention], morphemes: &[Morpheme]) -> Vec<TitleHit> {
        let mut out = Vec::new();
        for hit in self.lexicon.find_titles(sentence) {
            // A title ends its word or is followed by a particle; `지사협의회` is no title.
            let rest = &sentence[hit.end..];
            let next = rest.chars().next();
            let ends_word = match next {
                None => true,
                Some(c) if !is_word_char(c) => true,
                Some(_) => starts_with_particle(rest),
            };
            // A title inside a known name (`시도지사협의회`) is part of that name.
            let inside_name = names.iter().any(|n| n.start <= hit.start && hit.end <= n.end);
            if !ends_word || inside_name {
                continue;
            }
            let t = self.lexicon.title_found(&hit);
            // `새만금해양수산국장`, `통상차관보`: a title glued to words that are not a
            // known name is one longer title; `전북도지사` is a name and a title.
            let word_start = sentence[..hit.start]
                .rfind(|c: char| !is_word_char(c))
                .map_or(0, |i| i + sentence[i..].chars().next().map_or(1, char::len_utf8));
            let prefix = &sentence[word_start..hit.start];
            let glued = &sentence[word_start..hit.end];
            let named_prefix = prefix.is_empty()
                || self.lexicon.find_names(prefix).iter().any(|h| h.end == prefix.len())
                // `충청남도지사`: the name and the title share the `도`.
                || self.lexicon.find_names(glued).iter().any(|h| h.start == 0 && h.end > prefix.len() && h.end < glued.len())
                || prefix.chars().any(|c| !is_hangul(c));
            let glued_place =
                if named_prefix { None } else { self.glued_place(sentence, morphemes, word_start, hit.start, t) };
            let (start, canonical) = if named_prefix || glued_place.is_some() {
                (hit.start, t.canonical.clone())
            } else {
                (word_start, format!("{prefix}{}", t.surface))
            };
            out.push(TitleHit { start, end: hit.end, canonical, body_kinds: t.body_kinds.clone(), glued_place });
        }
        out
    }

    /// `투르시장`, `페르가나주지사`: a title of a place's office whose first
    /// syllable is a place suffix (`시`, `주`, `현` …), glued to a foreign
    /// word, is that place's office; the place is the word with the suffix.
    /// A common noun before it (`해외시장`, `수출시장`) is a market, not a city:
    /// the word must be proper, unknown or transliterated.
    pub(super) fn glued_place(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        word_start: usize,
        title_start: usize,
        t: &Title,
    ) -> Option<(usize, usize, ActorKind)> {
        let suffix_char = sentence[title_start..].chars().next()?;
        let place_end = title_start + suffix_char.len_utf8();
        let place = &sentence[word_start..place_end];
        let prefix = &sentence[word_start..title_start];
        let (kind, suffix) = self.lexicon.kind_by_suffix(place)?;
        if !kind.is_place() || suffix.chars().count() != 1 || !t.body_kinds.iter().any(|k| k.is_place()) {
            return None;
        }
        let chars = prefix.chars().count();
        if !(2..=8).contains(&chars)
            || !all_hangul(prefix)
            || self.lexicon.is_not_actor(prefix)
            || self.lexicon.is_not_actor(place)
        {
            return None;
        }
        let w = Word { start: word_start, end: title_start, stem_end: title_start };
        let parts: Vec<&Morpheme> =
            morphemes.iter().filter(|m| m.start >= word_start && m.end <= title_start).collect();
        // ko-dic may cut the place suffix off with the title: the prefix's own pieces decide.
        let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "UNKNOWN" | "SL"))
            && !parts.iter().any(|m| m.meaning == "인명");
        if !(proper || self.looks_proper(prefix, morphemes, w)) || is_korean_name(prefix) {
            return None;
        }
        Some((word_start, place_end, kind))
    }

    /// `알몬티 대한중석 대표`, `대종 대표`: an unknown name right before a
    /// business title is the company the title belongs to.
    pub(super) fn add_title_heads(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for t in titles {
            if t.body_kinds.first().is_none_or(|k| *k != ActorKind::Company) {
                continue;
            }
            if mentions.iter().any(|m| m.end <= t.start && sentence[m.end..t.start].trim().is_empty()) {
                continue;
            }
            let mut start = None;
            for (count, w) in words.iter().filter(|w| w.end <= t.start).rev().enumerate() {
                let gap_end = start.unwrap_or(t.start);
                if !sentence[w.end..gap_end].trim().is_empty() || w.stem_end != w.end || count >= 2 {
                    break;
                }
                let text = &sentence[w.start..w.end];
                if is_korean_name(text)
                    || !self.looks_proper(text, morphemes, *w)
                    || mentions.iter().any(|m| m.start < w.end && w.start < m.end)
                {
                    break;
                }
                start = Some(w.start);
            }
            let Some(s) = start else { continue };
            let end = words.iter().rfind(|w| w.end <= t.start).map_or(t.start, |w| w.end);
            let name = sentence[s..end].to_string();
            mentions.push(Mention::new(s, end, name.clone(), name, ActorKind::Company, Evidence::Head));
            mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        }
    }

    pub(super) fn title_for(&self, t: &TitleHit, body: Option<ActorKind>) -> String {
        // `강원지사` is a governor: a bare 지사 after a province is 도지사.
        if t.canonical == "지사" && body == Some(ActorKind::Province) {
            return "도지사".to_string();
        }
        t.canonical.clone()
    }
}
