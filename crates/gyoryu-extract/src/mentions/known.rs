//! Known names from the gazetteers, with the boundary rules of Korean text
//! applied, and places glossed in Chinese characters (`나라시(奈良市)`).

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use super::{Evidence, Mention, MentionFinder};
use crate::korean::{all_hangul, is_hangul, is_korean_name, is_latin, is_word_char, starts_with_particle};

static GLOSSED_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^가-힣])([가-힣]{1,8}(시|군|현|성|주))\(\p{Han}{1,6}(?:市|郡|縣|県|省|州)\)").unwrap()
});

/// `사가(佐賀)현`: the gloss stands between the name and its place word.
static GLOSS_BEFORE_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^가-힣])([가-힣]{1,8})\(\p{Han}{1,6}\)(시|군|현|성|주)").unwrap());

impl MentionFinder<'_> {
    /// Known names, with the boundary rules of Korean text applied.
    pub fn known_names(&self, sentence: &str) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        for hit in self.lexicon.find_names(sentence) {
            let entry = &self.lexicon.entry(hit.index);
            let surface = &sentence[hit.start..hit.end];
            let before = &sentence[..hit.start];
            let prev = before.chars().next_back();
            let first = surface.chars().next().unwrap_or(' ');
            let starts_word = match prev {
                None => true,
                Some(p) => !is_word_char(p),
            };
            // `주한카자흐스탄 대사`: a country right after 주한/주 is still that country.
            let envoy_prefix = entry.kind == ActorKind::Country
                && (before.ends_with("주한") || before.ends_with("駐"))
                && before[..before.len() - if before.ends_with("駐") { 3 } else { 6 }]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c));
            // `제공대한민국시도지사협의회`: a caption glued to a long body name does not hide it.
            let long_body = !entry.kind.is_place() && surface.chars().count() >= 6 && all_hangul(surface);
            if !(starts_word || envoy_prefix || long_body) {
                continue;
            }
            // `남경순 부의장` holds `남경` (Nanjing): a two-syllable form glued to one more
            // syllable, making a Korean name right before a title, is the person.
            if surface.chars().count() == 2 {
                let rest = &sentence[hit.end..];
                let mut next = rest.chars();
                if let (Some(c), Some(' ')) = (next.next(), next.next()) {
                    let word_after = rest[c.len_utf8() + 1..].split_whitespace().next().unwrap_or("");
                    let title_after = self.lexicon.find_titles(word_after).first().is_some_and(|h| h.start <= 6);
                    if is_hangul(c)
                        && is_korean_name(&format!("{surface}{c}"))
                        && title_after
                        && !"시도군구성주현".contains(c)
                    {
                        continue;
                    }
                }
            }
            // A short form that is also a common word (`경기`: the economy, a match)
            // names the place only in lists and headlines: `경기·강원`, `경기,`.
            if self.lexicon.is_ambiguous_alias(surface) && !sentence[hit.end..].starts_with(['·', ',', 'ㆍ', '/', '-'])
            {
                continue;
            }
            // `하이브리드` holds `하이브`: a company's name ends its word or meets a particle.
            if entry.kind == ActorKind::Company && is_hangul(surface.chars().next_back().unwrap_or(' ')) {
                let rest = &sentence[hit.end..];
                if rest.chars().next().is_some_and(is_hangul) && !starts_with_particle(rest) {
                    continue;
                }
            }
            if is_latin(first) {
                let next = sentence[hit.end..].chars().next();
                if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    continue;
                }
            }
            // `중국 봉화시` beside Korea's `봉화군`: a Korean city's short form
            // with another place suffix is a namesake abroad, under its written name.
            if entry.kind == ActorKind::City && self.lexicon.in_korea(&entry.name) {
                let glued = sentence[hit.end..].chars().next().filter(|&c| self.lexicon.is_city_ending(c));
                let end = hit.end + glued.map_or(0, char::len_utf8);
                let written = &sentence[hit.start..end];
                let other_suffix = written.chars().next_back().is_some_and(|c| {
                    self.lexicon.is_city_ending(c) && !entry.name.ends_with(c) && entry.name != written
                });
                let word_ends = sentence[end..]
                    .chars()
                    .next()
                    .is_none_or(|n| !is_hangul(n) || starts_with_particle(&sentence[end..]));
                if other_suffix && word_ends && written.chars().count() >= 2 {
                    let written = written.to_string();
                    out.push(Mention::new(hit.start, end, written.clone(), written, ActorKind::City, Evidence::Suffix));
                    continue;
                }
            }
            if let Some((end, index)) = self.glossed_place(sentence, hit.end, surface) {
                let entry = &self.lexicon.entry(index);
                out.push(Mention::new(
                    hit.start,
                    end,
                    sentence[hit.start..end].to_string(),
                    entry.name.clone(),
                    entry.kind,
                    Evidence::Gazetteer,
                ));
                continue;
            }
            out.push(Mention::new(
                hit.start,
                hit.end,
                surface.to_string(),
                entry.name.clone(),
                entry.kind,
                Evidence::Gazetteer,
            ));
        }
        out
    }

    /// `나가사키(長崎)현`: a name, its gloss in Chinese characters, then a place
    /// suffix; the suffixed form is the place (the prefecture, not the city).
    /// Returns the end of the whole and the gazetteer entry.
    pub(super) fn glossed_place(&self, sentence: &str, end: usize, surface: &str) -> Option<(usize, usize)> {
        let rest = sentence[end..].strip_prefix('(')?;
        let close = rest.find(')')?;
        if close == 0 || close > 24 || rest[..close].chars().any(|c| c.is_ascii() || is_hangul(c)) {
            return None;
        }
        let suffix = rest[close + 1..].chars().next().filter(|c| "현성주도시군".contains(*c))?;
        let index = self.lexicon.name_index(&format!("{surface}{suffix}"))?;
        Some((end + 1 + close + 1 + suffix.len_utf8(), index))
    }

    /// `나라시(奈良市)`, `돗토리현(鳥取縣)`: a name glossed in Chinese characters
    /// ending in the same place word is that place, whatever the Korean syllables
    /// would mean on their own (`나라` is "country").
    pub(super) fn add_glossed_places(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        let glossed_whole = sentence.contains(['市', '縣', '県', '省', '州', '郡']);
        for c in glossed_whole.then(|| GLOSSED_PLACE.captures_iter(sentence)).into_iter().flatten() {
            let name = c.get(1).unwrap();
            let kind = match &c[2] {
                "시" | "군" => ActorKind::City,
                _ => ActorKind::Province,
            };
            let (start, end) = (name.start(), name.end());
            // A known name of the whole keeps its gazetteer entry; a shorter one inside gives way.
            if mentions.iter().any(|m| m.start <= start && end <= m.end) {
                continue;
            }
            mentions.retain(|m| !(start <= m.start && m.end <= end));
            if mentions.iter().any(|m| m.start < end && start < m.end) || self.lexicon.is_not_actor(name.as_str()) {
                continue;
            }
            mentions.push(Mention::new(
                start,
                end,
                name.as_str().to_string(),
                name.as_str().to_string(),
                kind,
                Evidence::Suffix,
            ));
        }
        // `사가(佐賀)현`, `후쿠오카(福岡)현`: the place word after the gloss makes
        // the name whole, whether or not the short form alone is known.
        let glossed_stem = [")시", ")군", ")현", ")성", ")주"].iter().any(|t| sentence.contains(t));
        for c in glossed_stem.then(|| GLOSS_BEFORE_SUFFIX.captures_iter(sentence)).into_iter().flatten() {
            let (stem, suffix) = (c.get(1).unwrap(), c.get(2).unwrap());
            let whole = format!("{}{}", stem.as_str(), suffix.as_str());
            let (start, end) = (stem.start(), suffix.end());
            if mentions.iter().any(|m| m.start <= start && end <= m.end) || self.lexicon.is_not_actor(&whole) {
                continue;
            }
            let (name, kind) = match self.lexicon.name_index(&whole) {
                Some(index) => {
                    let entry = self.lexicon.entry(index);
                    (entry.name.clone(), entry.kind)
                }
                None if matches!(suffix.as_str(), "시" | "군") => (whole.clone(), ActorKind::City),
                None => (whole.clone(), ActorKind::Province),
            };
            mentions.retain(|m| !(m.start < end && start < m.end));
            let surface = sentence[start..end].to_string();
            mentions.push(Mention::new(start, end, surface, name, kind, Evidence::Suffix));
        }
    }
}
