//! Unknown bodies and places by their ending (`코나예프개발청`,
//! `전북바이오진흥원`), extended left over proper-noun words, and the tests of
//! whether a word looks like a proper name that the other finders share.

use gyoryu_model::ActorKind;

use super::{strip_parenthesised, Evidence, Mention, MentionFinder, TitleHit, Word};
use crate::korean::{all_hangul, is_ending, is_hangul, is_korean_name, is_particle, strip_particles, trim_particle};
use crate::tokens::Morpheme;

impl MentionFinder<'_> {
    /// `아부다비투자청과`: ko-dic may read the particle into the noun before it
    /// (`청과`, produce), leaving it in the stem; when the stem without it ends
    /// in a suffix of two syllables or more, the name ends before the particle.
    fn without_glued_particle(&self, sentence: &str, w: Word) -> Word {
        let stem = &sentence[w.start..w.stem_end];
        // Most words end in no particle: one look at the last letter tells.
        if !stem.ends_with(['과', '와', '은', '는', '을', '를', '이', '가', '의', '에', '도'])
            || self.lexicon.kind_by_suffix(stem).is_some()
        {
            return w;
        }
        let trimmed = trim_particle(stem);
        match self.lexicon.kind_by_suffix(trimmed) {
            Some((_, suffix)) if trimmed.len() < stem.len() && suffix.chars().count() > 1 => {
                Word { stem_end: w.start + trimmed.len(), ..w }
            }
            _ => w,
        }
    }

    /// Unknown bodies and places by their ending (`코나예프개발청`,
    /// `전북바이오진흥원`), extended left over proper-noun words
    /// (`케임브리지 이노베이션센터`).
    pub(super) fn add_suffix_names(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for (wi, w) in words.iter().enumerate() {
            let w = &self.without_glued_particle(sentence, *w);
            let stem = &sentence[w.start..w.stem_end];
            if stem.is_empty() || mentions.iter().any(|m| m.start <= w.start && w.stem_end <= m.end) {
                continue;
            }
            if titles.iter().any(|t| t.start < w.stem_end && w.start < t.end) {
                continue;
            }
            let Some((kind, suffix)) = self.lexicon.kind_by_suffix(stem).or_else(|| self.lexicon.bare_suffix(stem))
            else {
                continue;
            };
            // Marks left inside a word join a country's short form to the name (`한·아프리카재단`).
            let name_char = |c: char| is_hangul(c) || c.is_ascii_alphanumeric() || matches!(c, '·' | 'ㆍ' | '-');
            if self.lexicon.is_not_actor(stem) || !stem.chars().all(name_char) {
                continue;
            }
            // `충남도청`, `서울시청`: a known place and its office is that place.
            let before_suffix = &stem[..stem.len() - suffix.len()];
            // (`아부다비투자청` is an agency: only a one-syllable office word is the place itself.)
            if !before_suffix.is_empty()
                && self.lexicon.name_index(before_suffix).is_some()
                && kind != ActorKind::Organization
                && suffix.chars().count() == 1
            {
                continue;
            }
            // A common noun that happens to end like a name (`정부`, `수도`) is
            // one dictionary word; a name is proper, unknown or a compound.
            let parts: Vec<&Morpheme> =
                morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.stem_end).collect();
            let bare_suffix = stem == suffix;
            if parts.len() == 1 && parts[0].pos == "NNG" && !bare_suffix {
                continue;
            }
            // `오진/VA` inside `전북바이오진흥원` is ko-dic's guess, not a verb; a one-letter
            // suffix (`도`, `시`, `청`) needs a cleaner analysis.
            let short_suffix = suffix.chars().count() == 1;
            // `아드반테스트사`, `썬프로로시스템사`: ko-dic cuts a transliterated
            // firm's name into odd pieces, with `사`, the word for a firm, as a
            // morpheme of its own.
            let foreign_firm = kind == ActorKind::Company
                && short_suffix
                && parts.last().is_some_and(|m| m.surface == suffix && m.end == w.stem_end)
                && self.foreign_name_like(
                    before_suffix,
                    morphemes,
                    Word {
                        start: w.start,
                        end: w.start + before_suffix.len(),
                        stem_end: w.start + before_suffix.len(),
                    },
                );
            if short_suffix
                && !foreign_firm
                && parts.iter().any(|m| m.pos.starts_with('V') || m.pos.starts_with('E') || m.pos == "MAG")
            {
                continue;
            }
            let stem_chars = stem.chars().count() - suffix.chars().count();
            if kind.is_place() && stem_chars < 2 && stem_chars > 0 {
                continue;
            }
            // `글로벌도시` ends in a common word (`도시`), not in a suffix.
            if self.ends_in_common_word(stem, suffix) {
                continue;
            }
            // Places and companies are named by proper nouns (`투브아이막`); a run of
            // common nouns ending in `-시` or `-테크` is a description.
            let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "SL" | "SH"));
            // `박도현` ends in `현` but ko-dic knows it for a person's name.
            if kind.is_place() && parts.iter().any(|m| m.meaning == "인명") {
                continue;
            }
            if matches!(kind, ActorKind::City | ActorKind::Province | ActorKind::Company)
                && !proper
                && !bare_suffix
                && !foreign_firm
            {
                continue;
            }
            // Extend left over proper-noun words: `아서차일드 종합암센터`,
            // `쉴레이만 데미렐(Suleyman Demirel) 대학교`. Not when a title follows:
            // then the words before are the person's name (`볼랏 무씰만베코브 코나예프개발청 개발국장`).
            let mut start = w.start;
            let mut aliases = Vec::new();
            // Places are one word (`투브아이막`); multi-word places are in the gazetteers.
            let title_follows = kind.is_place()
                || titles.iter().any(|t| t.start >= w.stem_end && sentence[w.stem_end..t.start].trim().is_empty());
            let mut k = wi;
            while !title_follows && k > 0 && wi - k < 3 {
                let mut prev = words[k - 1];
                // `충북TP-생태산업원`: the two sides of a pair are two names.
                if !sentence[prev.end..words[k].start].chars().any(char::is_whitespace) {
                    break;
                }
                let mut text = &sentence[prev.start..prev.end];
                // The tail of a parenthesised romanisation split into words: go to its opening word.
                if text.ends_with(')') && !text.contains('(') {
                    let Some(open) = (0..k - 1).rev().find(|&j| sentence[words[j].start..words[j].end].contains('('))
                    else {
                        break;
                    };
                    k = open + 1;
                    prev = words[open];
                    text = &sentence[prev.start..prev.end];
                }
                let head = text.split('(').next().unwrap_or(text);
                // `코트라(KOTRA)와`: a particle after the brackets ends the name before.
                if text.contains('(') && !text.ends_with(')') {
                    break;
                }
                let head_word =
                    Word { start: prev.start, end: prev.start + head.len(), stem_end: prev.start + head.len() };
                if head.is_empty() || !self.looks_proper(head, morphemes, head_word) {
                    break;
                }
                // `경남도와 경남경제진흥원`, `람동성 기획투자청과 투자무역진흥공사`:
                // a name with its particle is a name of its own (ko-dic may read
                // `도와` as a verb).
                let unglued = trim_particle(head);
                if unglued.len() < head.len()
                    && (self.lexicon.name_index(unglued).is_some() || self.lexicon.kind_by_suffix(unglued).is_some())
                {
                    break;
                }
                // `김태훈 재일본 거류민단`: a name ko-dic knows for a person's is the person before his body.
                if is_korean_name(head) && morphemes.iter().any(|m| m.start == prev.start && m.meaning == "인명") {
                    break;
                }
                // `이바라키현 썬프로로시스템사`: a firm's name does not take the
                // place before it, which says where the firm is.
                if kind == ActorKind::Company && self.lexicon.name_index(strip_particles(head)).is_some() {
                    break;
                }
                // A body named after a known place (`아부다비투자청`) takes only a proper
                // name before it (`KOTRA 두바이무역관`), not common nouns that ko-dic
                // cuts into short pieces (`국부펀드`).
                let place_named = !before_suffix.is_empty() && self.lexicon.name_index(before_suffix).is_some();
                let proper_before = morphemes.iter().any(|m| {
                    m.start >= prev.start
                        && m.end <= prev.start + head.len()
                        && matches!(m.pos.as_str(), "NNP" | "UNK" | "SL" | "SH")
                });
                if place_named && !proper_before {
                    break;
                }
                start = prev.start;
                k -= 1;
            }
            if bare_suffix && start == w.start {
                continue;
            }
            // `문화센터`, `지방의회`: one common noun and a body's ending, with no
            // name before, is a kind of body, not one body.
            let stem_parts: Vec<&&Morpheme> = parts.iter().filter(|m| m.end <= w.start + before_suffix.len()).collect();
            let generic = matches!(kind, ActorKind::Organization | ActorKind::GovernmentAgency)
                && start == w.start
                && stem_parts.len() == 1
                && stem_parts[0].pos == "NNG"
                && stem_parts[0].start == w.start
                && stem_parts[0].end == w.start + before_suffix.len()
                // `거제대학교`: a body named after its place is one body.
                && self.lexicon.name_index(before_suffix).is_none()
                // `충북TP-생태산업원`: one side of a pair is a party, named.
                && !sentence[..w.start].ends_with(['-', '·', 'ㆍ'])
                && !sentence[w.stem_end..].starts_with(['-', '·', 'ㆍ']);
            if generic {
                continue;
            }
            let surface = &sentence[start..w.stem_end];
            let (name, paren) = strip_parenthesised(surface);
            if let Some(p) = paren {
                aliases.push(p);
            }
            // `아드반테스트사`: the firm is also written without the word for a company.
            if kind == ActorKind::Company && suffix == "사" {
                aliases.push(name.trim_end_matches('사').to_string());
            }
            // Names of bodies swallow the places inside them (`전북바이오진흥원`,
            // `블라디보스톡경제서비스대학`); anything else overlapping wins.
            mentions.retain(|m| {
                let inside = m.start >= start && m.end <= w.stem_end && (m.end < w.stem_end || m.start > start);
                let weak = m.start < w.stem_end && start < m.end && m.evidence != Evidence::Gazetteer;
                !(inside || weak)
            });
            if mentions.iter().any(|m| m.start < w.stem_end && start < m.end) {
                continue;
            }
            mentions.push(Mention {
                start,
                end: w.stem_end,
                surface: surface.to_string(),
                name,
                kind,
                evidence: Evidence::Suffix,
                aliases,
                title: None,
                affiliation_start: None,
            });
        }
    }

    pub(super) fn ends_in_common_word(&self, stem: &str, suffix: &str) -> bool {
        let chars: Vec<(usize, char)> = stem.char_indices().collect();
        // Only words longer than the suffix itself count: `소카대학` ends in the suffix `대학`, not in a word.
        (1..chars.len().saturating_sub(1))
            .any(|i| self.lexicon.is_not_actor(&stem[chars[i].0..]) && stem.len() - chars[i].0 > suffix.len().max(5))
    }

    pub(super) fn looks_proper(&self, text: &str, morphemes: &[Morpheme], w: Word) -> bool {
        if self.lexicon.is_not_actor(text) || text.chars().count() < 2 {
            return false;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.stem_end).collect();
        if parts.is_empty() {
            return false;
        }
        let all_nouns = parts.iter().all(|m| m.is_noun() || m.pos == "SSO" || m.pos == "SSC");
        let proper = parts.iter().any(|m| m.pos == "NNP" || m.pos == "UNK" || m.pos == "SL");
        // A run of short pieces, one of them a lone syllable, is how ko-dic
        // analyses a transliterated foreign word; two two-syllable nouns
        // (`외투/NNG 기업/NNG`) are an ordinary compound.
        let fragmented = parts.len() >= 2
            && parts.iter().all(|m| m.surface.chars().count() <= 2)
            && parts.iter().any(|m| m.surface.chars().count() == 1);
        // `이들`, `기업들`: a plural is never a name.
        if parts.len() >= 2 && parts.last().is_some_and(|m| m.pos == "XSN" && m.surface == "들") {
            return false;
        }
        (all_nouns && (proper || fragmented) && !(parts.len() == 1 && parts[0].pos == "NNG"))
            || self.foreign_name_like(text, morphemes, w)
    }

    /// Whether a word can be (part of) a proper name. ko-dic knows few foreign
    /// names and cuts them into odd pieces (`아르스/NNG 타/VV 노/EC 프/VX`), so
    /// an odd analysis counts for a name; an ordinary word is one or two
    /// common nouns or adverbs, or ends in a verb ending.
    pub(super) fn foreign_name_like(&self, text: &str, morphemes: &[Morpheme], w: Word) -> bool {
        let chars = text.chars().count();
        if self.lexicon.is_not_actor(text) || !(2..=9).contains(&chars) || !all_hangul(text) {
            return false;
        }
        if self.lexicon.name_index(text).is_some() {
            return false;
        }
        let parts: Vec<&Morpheme> =
            morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.start + text.len()).collect();
        let Some(last) = parts.last() else { return false };
        // Names never end in a particle (`매사추세츠주의`).
        if last.pos.starts_with('J') {
            return false;
        }
        let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "SL" | "SH"));
        if proper {
            return true;
        }
        // `치료기관인`, `참석한`: a copula or verb ending makes a modifier, not a name.
        let verb_form = (last.pos.starts_with('E') || last.pos.starts_with('V') || last.pos.starts_with('X'))
            && is_ending(last.surface)
            || (last.pos.starts_with('J') && is_particle(last.surface))
            || parts.iter().any(|m| m.pos == "NNG" && is_particle(m.surface));
        let odd = parts
            .iter()
            .any(|m| m.pos.starts_with('V') || m.pos.starts_with('E') || m.pos.starts_with('X') || m.pos == "NNB");
        !verb_form && (odd || parts.len() >= 3)
    }
}
