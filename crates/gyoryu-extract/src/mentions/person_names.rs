//! A person's name written right before a title: one Korean name word, or
//! one to three foreign name words, with a romanisation in brackets as an
//! alias.

use gyoryu_model::ActorKind;

use super::{Mention, MentionFinder, Word};
use crate::korean::{all_hangul, is_ending, is_korean_name, is_particle};
use crate::tokens::Morpheme;

/// Marks that separate the items of a list written without spaces (`의장·남경순`).
const LIST_MARKS: &str = "·ㆍ,/“\"‘'([「『";

impl MentionFinder<'_> {
    /// A person's name ending right before `pos`: one Korean name word, or one to
    /// three foreign name words; a parenthesised romanisation in between is
    /// returned as an alias. Returns (start, end, name, alias).
    pub(super) fn name_words_before(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        mentions: &[Mention],
        pos: usize,
        structured: bool,
    ) -> Option<(usize, usize, String, Option<String>)> {
        let mut end_pos = pos;
        let mut alias = None;
        let mut glossed = false;
        let head = sentence[..pos].trim_end();
        if head.ends_with(')') {
            if let Some(open) = head.rfind('(') {
                let inner = head[open + 1..head.len() - 1].trim();
                if !inner.is_empty()
                    && inner.chars().all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '.')
                {
                    alias = Some(inner.to_string());
                    end_pos = open;
                } else if !inner.is_empty() && inner.chars().count() <= 16 {
                    // `허재안(민·성남)`: a politician's party and seat say nothing more; the name
                    // in Chinese characters or kana (`혼보겐니치(本坊健一)`, `나카가와 겐(仲中 げん)`)
                    // vouches for it as a romanisation does.
                    glossed = inner.chars().filter(|c| !c.is_whitespace()).count() >= 2
                        && inner.chars().all(|c| c.is_whitespace() || is_cjk_or_kana(c));
                    end_pos = open;
                }
            }
        }
        // `똔 티엔 산 / 달랏시 시장`: a slash between the name and the post.
        if let Some(before) = sentence[..end_pos].trim_end().strip_suffix(['/', '|']) {
            end_pos = before.len();
        }
        let head_end = sentence[..end_pos].trim_end().len();
        // The word ending there, possibly glued to a parenthesis: `예드게노브(Bauyrzhan`.
        let word = *words.iter().find(|w| w.start < head_end && head_end <= w.end)?;
        // `의장·남경순 부의장`: a list written without spaces; the name starts after its last separator.
        let piece_start = sentence[word.start..head_end]
            .char_indices()
            .rfind(|(_, c)| LIST_MARKS.contains(*c))
            .map_or(word.start, |(i, c)| word.start + i + c.len_utf8());
        let last = Word { start: piece_start, end: head_end, stem_end: head_end };
        let last_text = &sentence[piece_start..head_end];
        if last_text.is_empty() || !all_hangul(last_text) {
            return None;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= last.start && m.end <= head_end).collect();
        let one_common_noun = {
            // `지사는` is a noun and a particle, not a name; ko-dic's odd `유화/NNG 선/JKB` for `유화선` is.
            let ends_in_particle = parts.len() > 1
                && parts.last().is_some_and(|m| {
                    (m.pos.starts_with('J') || m.pos.starts_with('E'))
                        && (is_particle(m.surface) || is_ending(m.surface))
                });
            // `구성된`, `위치한`: a verb form that happens to start with a surname.
            // (The copula is not among them: ko-dic reads `문재인` as `문재/NNG 인/VCP`.)
            let verb_form = parts.last().is_some_and(|m| {
                (m.pos.starts_with('V') || m.pos.starts_with('X') || m.pos.starts_with('E'))
                    && m.pos != "VCP"
                    && is_ending(m.surface)
            });
            // `선대위/NNP`: a proper noun ko-dic knows, but not for a person's name.
            let other_proper = parts.len() == 1 && parts[0].pos == "NNP" && parts[0].meaning != "인명";
            (parts.len() == 1 && parts[0].pos == "NNG")
                || ends_in_particle
                || verb_form
                || predicate(&parts)
                || other_proper
        };
        // `무함마드 알 하마디`: a word shaped like a Korean name after a foreign given name and a
        // one-syllable link (`알`, `빈`) ends a foreign name.
        let linked = {
            let mut before = words.iter().filter(|w| w.end <= last.start).rev();
            let link = before.next().filter(|w| {
                let text = &sentence[w.start..w.end];
                sentence[w.end..last.start].trim().is_empty()
                    && text.chars().count() == 1
                    && all_hangul(text)
                    && !self.lexicon.is_not_name(text)
            });
            let given = link.and_then(|l| before.next().filter(|w| sentence[w.end..l.start].trim().is_empty()));
            given.is_some_and(|g| {
                let text = &sentence[g.start..g.end];
                !is_korean_name(text)
                    && morphemes.iter().any(|m| m.start == g.start && m.end == g.end && m.meaning == "인명")
            })
        };
        if is_korean_name(last_text)
            && !linked
            && !one_common_noun
            && !self.lexicon.is_not_actor(last_text)
            && !self.lexicon.has_title(last_text)
        {
            return Some((last.start, last.start + last_text.len(), last_text.to_string(), alias));
        }
        // `바우르잔 예드게노브(Bauyrzhan Yedgenov)`: a romanisation of several words counts the
        // name's words, whatever ko-dic reads into them (`바/NNB 우르/VV 잔/ETM`).
        if let Some(n) = alias.as_deref().map(|a| a.split_whitespace().count()).filter(|n| (2..=4).contains(n)) {
            if let Some(s) = self.counted_name_start(sentence, words, mentions, last, n) {
                return Some((s, last.end, sentence[s..last.end].to_string(), alias));
            }
        }
        // ko-dic knows many Chinese, Japanese and Western given names (`리잔수/NNP:인명`,
        // `응우옌/NNP:인명 반/NNG 찌/NNG`): a word that opens with one is a name on its own.
        let person_tagged = |text: &str, parts: &[&Morpheme]| {
            parts.first().is_some_and(|m| m.pos == "NNP" && m.meaning == "인명")
                && (1..=9).contains(&text.chars().count())
                && !self.lexicon.is_not_actor(text)
                && self.lexicon.name_index(text).is_none()
                && parts
                    .last()
                    .is_some_and(|m| !(m.pos.starts_with('J') || m.pos.starts_with('E') && is_ending(m.surface)))
        };
        // Foreign names: a run of up to three plain words of which at least one
        // is clearly a name (`요시모토/NNP 코지/NNG`).
        let mut start = None;
        let mut count = 0;
        let mut strong = 0;
        let mut tagged = false;
        // Vietnamese names are runs of one-syllable words (`트란 꽝 후이`).
        let mut short_words = 0;
        let candidates = std::iter::once(last).chain(
            words.iter().copied().filter(|w| w.end <= word.start).rev().take_while(|_| piece_start == word.start),
        );
        for w in candidates {
            let text = &sentence[w.start..w.end.min(head_end)];
            if count > 0 && !sentence[w.end..start.unwrap_or(w.end)].trim().is_empty() {
                break;
            }
            // `페루농업연구청 플로레스 청장`: a body or place found there ends the name.
            if mentions.iter().any(|m| m.kind != ActorKind::Person && m.start < w.end && w.start < m.end) {
                break;
            }
            // `겐트시 카타리나 베르헤이 시장`: so does a proper noun with a place's suffix split off
            // (`겐트/NNP 시/EP`), or any place name ko-dic knows, with its suffix.
            let place_shaped = |parts: &[&Morpheme]| {
                let Some((kind, suffix)) = self.lexicon.kind_by_suffix(text) else { return false };
                let split_suffix = parts.len() >= 2
                    && parts.last().is_some_and(|m| m.surface == suffix && suffix.chars().count() == 1)
                    && parts[parts.len() - 2].pos == "NNP";
                kind.is_place() && (split_suffix || parts.first().is_some_and(|m| m.meaning == "지명"))
            };
            let parts: Vec<&Morpheme> =
                morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.start + text.len()).collect();
            // `선대위/NNP`: shaped like a Korean name, but a proper noun ko-dic knows for something else.
            let known_other =
                is_korean_name(text) && parts.len() == 1 && parts[0].pos == "NNP" && parts[0].meaning != "인명";
            if place_shaped(&parts) || predicate(&parts) || known_other {
                break;
            }
            let short = text.chars().count() == 1;
            if short && self.lexicon.is_not_name(text) {
                break;
            }
            short_words += usize::from(short);
            // `순방시 카리모프`: a word naming a happening (`순방`, `방문`) is no part of a name.
            let names_happening = self.lexicon.has_trigger(text);
            let plain = all_hangul(text)
                && (1..=9).contains(&text.chars().count())
                && self.lexicon.title(text).is_none()
                && !self.lexicon.is_not_name(text)
                && !(count > 0 && text.ends_with('의'))
                && !self.lexicon.is_not_actor(text)
                && parts.last().is_some_and(|m| {
                    !m.pos.starts_with('J')
                        && !m.pos.starts_with('E')
                        && !m.pos.starts_with('X')
                        && !m.pos.starts_with('V')
                        || odd_particle(&parts)
                        // `똔 티엔 산`, `무함마드 알 루타`: a lone syllable ko-dic takes for a verb stem.
                        || short && m.pos.starts_with('V') && m.surface == text && !is_ending(text)
                })
                && self.lexicon.name_index(text).is_none()
                && !names_happening;
            // A one-syllable name word is a given name after a family name (`나카가와 겐`), never before one.
            let is_tagged = all_hangul(text)
                && !self.lexicon.is_not_name(text)
                && (count == 0 || text.chars().count() >= 2)
                && self.lexicon.title(text).is_none()
                && person_tagged(text, &parts);
            // A romanisation in brackets right after (`사파로프(Nurbek Safarov)`) vouches for the name.
            let is_strong = (alias.is_some()
                || glossed && count == 0
                || is_tagged
                || self.foreign_name_like(text, morphemes, w)
                || odd_particle(&parts))
                && !names_happening;
            if count >= 3 || !(plain || is_strong) || !(plain || alias.is_none() || is_tagged) {
                break;
            }
            tagged |= is_tagged;
            strong += usize::from(is_strong);
            start = Some(w.start);
            count += 1;
        }
        let s = start?;
        // A lone foreign word, or plain words only, are too weak to be a name,
        // unless ko-dic knows it for a name or a body stands between it and the title.
        let last_parts: Vec<&Morpheme> =
            morphemes.iter().filter(|m| m.start >= last.start && m.end <= head_end).collect();
        // `새로운/VA 성장`: ko-dic knows some inflected verbs and adjectives whole; alone, such a word is no name.
        let compound =
            last_parts.iter().all(|m| m.pos == "NNG") || (last_parts.len() == 1 && last_parts[0].pos.starts_with('V'));
        let lone_foreign = self.foreign_name_like(last_text, morphemes, last)
            && !compound
            && (structured || last_text.chars().count() >= 3);
        if count >= 2 && short_words >= 1 && short_words == count {
            return None;
        }
        if count >= 3 && short_words >= 2 {
            strong += 1;
        }
        if strong == 0
            || (count < 2
                && !((tagged && last_text.chars().count() >= 2) || glossed || (alias.is_none() && lone_foreign)))
        {
            return None;
        }
        Some((s, last.start + last_text.len(), sentence[s..last.start + last_text.len()].to_string(), alias))
    }
}

impl MentionFinder<'_> {
    /// Where the `n` words ending with `last` start, when each can be a word of a
    /// name: Hangul, no title, trigger, listed common word or found actor.
    fn counted_name_start(
        &self,
        sentence: &str,
        words: &[Word],
        mentions: &[Mention],
        last: Word,
        n: usize,
    ) -> Option<usize> {
        let before = words.iter().filter(|w| w.end <= last.start).rev().take(n - 1);
        let mut start = last.start;
        for (i, w) in std::iter::once(&last).chain(before).enumerate() {
            let text = &sentence[w.start..w.end];
            let ok = (i == 0 || sentence[w.end..start].trim().is_empty())
                && all_hangul(text)
                && (1..=9).contains(&text.chars().count())
                && !self.lexicon.has_title(text)
                && !self.lexicon.has_trigger(text)
                && !self.lexicon.is_not_name(text)
                && !self.lexicon.is_not_actor(text)
                && self.lexicon.name_index(text).is_none()
                && !mentions.iter().any(|m| m.start < w.end && w.start < m.end);
            if !ok || i >= n {
                return None;
            }
            start = w.start;
            if i + 1 == n {
                return Some(start);
            }
        }
        None
    }
}

/// ko-dic cuts a transliterated word into a noun and a syllable it takes for a
/// particle that no Korean phrase ends in (`비엣` as `비/NNG 엣/JKB`, `티엔` as
/// `티/NNG 엔/JKB`, `우에다` as `우/NNG 에다/JKB`): a foreign word, not a noun with its particle.
fn odd_particle(parts: &[&Morpheme]) -> bool {
    parts.len() >= 2
        && parts.last().is_some_and(|m| m.pos.starts_with('J') && !is_particle(m.surface) && !is_ending(m.surface))
}

/// Chinese characters and kana, the scripts a Chinese or Japanese name is glossed in.
fn is_cjk_or_kana(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{3040}'..='\u{30FF}')
}

/// `늦겠다고`, `맡아왔으며`, `가수이자`, `소문난`, `주로`: a verb or adjective with its ending,
/// a noun with the copula and an ending, or an adverb is a predicate or a modifier, never
/// a word of a name. ko-dic cuts foreign names into odd pieces too (`오리/VV 건/EC`,
/// `클/VA 랴르/EC`, `레 아인/VCN 즈엉`), but their last piece is a lone syllable, a copula
/// or no ending Korean has.
fn predicate(parts: &[&Morpheme]) -> bool {
    let Some(last) = parts.last() else { return false };
    let surface = last.surface;
    let real_ending = surface.chars().count() >= 2 && surface.char_indices().any(|(i, _)| is_ending(&surface[i..]));
    let inflected = (last.pos.starts_with('E')
        || last.pos.starts_with('V') && !last.pos.starts_with("VC")
        || last.pos.starts_with("XS") && last.pos.as_str() != "XSN")
        && real_ending;
    let copula_form =
        parts.len() == 3 && parts[0].pos == "NNG" && parts[1].pos == "VCP" && parts[2].pos.starts_with('E');
    let adverb = parts.len() == 1 && last.pos.starts_with("MA");
    inflected || copula_form || adverb
}
