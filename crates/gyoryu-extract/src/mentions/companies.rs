//! Companies: names with a company marker (`㈜`, `(주)`, `주식회사`), names a
//! bracket describes (`Handycart(베트남 바이어)`), names the words around them
//! call firms (`독일 기업 인피니언`, `… 등 우리 기업`), and Latin names.

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use super::{strip_parenthesised, Evidence, Mention, MentionFinder, Word};
use crate::korean::{all_hangul, is_hangul, is_korean_name, trim_particle};
use crate::tokens::Morpheme;

static COMPANY_MARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:㈜|\(주\)|주식회사\s*)\s*([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&\-]*)|([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&\-]+)(?:㈜|\(주\))").unwrap()
});
static DESCRIBED_COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,·])([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&.\-]{1,30}(?: [A-Z][A-Za-z0-9&.\-]*)*)\((?:[^()]{0,12})(?:기업|업체|바이어|회사|법인|소재)\)").unwrap()
});
static LATIN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z0-9&\-.]*[A-Za-z0-9&](?:\s+[A-Z][A-Za-z0-9&\-.]*[A-Za-z0-9&])*").unwrap()
});

impl MentionFinder<'_> {
    /// Unknown names that the words around them call firms: after a noun for a
    /// firm (`독일 기업 인피니언`, `석영유리 생산기업인 신에츠쿼츠`), or listed before
    /// one (`효성,엘아이지건설 등 우리 기업`, `자화전자, 파워로직스를 포함한 한국기업`).
    pub(super) fn add_companies_by_context(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        mentions: &mut Vec<Mention>,
    ) {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let text = &sentence[w.start..w.end];
            // Apposition: the next word is the name.
            if (w.stem_end == w.end || text.ends_with("기업인") || text.ends_with("회사인"))
                && self.lexicon.ends_in_company_apposition(text)
            {
                // `의류생산기업 인 라몽`: the copula sometimes stands apart.
                let skip = usize::from(words.get(i + 1).is_some_and(|n| &sentence[n.start..n.end] == "인"));
                if let Some(next) = words.get(i + 1 + skip) {
                    // `알 샴스`: a one-syllable first word of a foreign name; `신라인(Shin-Line)
                    // 그룹`: the firm's own word for a group after its name.
                    let first = &sentence[next.start..next.stem_end];
                    let second = words.get(i + 2 + skip).filter(|after| {
                        let word = &sentence[after.start..after.stem_end];
                        (first.chars().count() == 1 && next.stem_end == next.end && after.stem_end > after.start)
                            || ((next.stem_end == next.end || sentence[next.start..next.end].ends_with(')'))
                                && self
                                    .lexicon
                                    .kind_by_suffix(word)
                                    .is_some_and(|(kind, suffix)| kind == ActorKind::Company && suffix == word))
                    });
                    match second {
                        // The word that is not the one-syllable article or the group word vouches for the name.
                        Some(after) => {
                            let telling = if first.chars().count() == 1 { *after } else { *next };
                            if self.company_name_in(sentence, morphemes, telling).is_some() {
                                found.push((next.start, after.stem_end));
                            }
                        }
                        None => found.extend(self.company_name_in(sentence, morphemes, *next)),
                    }
                }
            }
            // A list closed by `등` or `포함한` and a noun for firms within two words.
            let closes = text == "등" || text.starts_with("포함한") || text.ends_with("등");
            if !closes
                || !words[i + 1..]
                    .iter()
                    .take(3)
                    .any(|h| self.lexicon.is_company_list_head(strip_count(&sentence[h.start..h.stem_end])))
            {
                continue;
            }
            // The listed names, back from the word before `등` (or the word that holds it).
            let mut items: Vec<(usize, usize)> = Vec::new();
            let last = if text == "등" || text.starts_with("포함한") { i.checked_sub(1) } else { Some(i) };
            let mut k = last;
            while let Some(j) = k {
                let wj = words[j];
                let body = &sentence[wj.start..wj.stem_end.min(wj.end)];
                let body = body.strip_suffix("등").unwrap_or(body);
                // `효성,엘아이지건설,…`: several names in one word.
                let mut pieces = Vec::new();
                let mut from = 0;
                for (at, sep) in body.match_indices([',', '·', 'ㆍ']).chain(std::iter::once((body.len(), ""))) {
                    if at > from {
                        pieces.push((wj.start + from, wj.start + at));
                    }
                    from = at + sep.len();
                }
                items.extend(pieces.into_iter().rev());
                let continues = j > 0 && sentence[words[j - 1].start..words[j - 1].end].ends_with(',');
                k = if continues && items.len() < 12 { Some(j - 1) } else { None };
            }
            if items.len() < 2 {
                continue;
            }
            // `엔터테인먼트, 부동산, 건설, 교육 등 … 기업들`: a list holds one kind of
            // word; when most items are ordinary nouns, it lists fields, not names.
            let ordinary = items.iter().filter(|&&(s, e)| self.ordinary_nouns(sentence, morphemes, s, e)).count();
            if ordinary * 2 > items.len() {
                continue;
            }
            for (s, e) in items {
                let name = &sentence[s..e];
                let known = mentions.iter().any(|m| m.start < e && s < m.end && m.kind != ActorKind::Company);
                let common = self.ordinary_nouns(sentence, morphemes, s, e);
                // `IT`, `AI`: a field's acronym.
                let acronym = name.len() <= 3 && name.chars().all(|c| c.is_ascii_uppercase());
                let ok = (2..=20).contains(&name.chars().count())
                    && !acronym
                    && name.chars().all(|c| is_hangul(c) || c.is_ascii_alphanumeric() || c == '&')
                    && !self.lexicon.is_not_actor(name)
                    && !common
                    && !known;
                if ok {
                    found.push((s, e));
                }
            }
        }
        for (s, e) in found {
            if mentions.iter().any(|m| m.start < e && s < m.end) {
                continue;
            }
            let text = &sentence[s..e];
            let (name, alias) = strip_parenthesised(text);
            mentions.push(Mention {
                start: s,
                end: e,
                surface: text.to_string(),
                name,
                kind: ActorKind::Company,
                evidence: Evidence::Head,
                aliases: alias.into_iter().collect(),
                title: None,
                affiliation_start: None,
            });
        }
    }

    /// `부동산`, `건설`: one or two dictionary nouns without a firm's ending
    /// are a field or a thing, not a name.
    fn ordinary_nouns(&self, sentence: &str, morphemes: &[Morpheme], start: usize, end: usize) -> bool {
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= start && m.end <= end).collect();
        let firm_ending =
            self.lexicon.kind_by_suffix(&sentence[start..end]).is_some_and(|(k, _)| k == ActorKind::Company);
        parts.iter().all(|m| m.pos == "NNG") && parts.len() <= 2 && !firm_ending
    }

    /// The name a firm apposition introduces: the word's stem when it is a
    /// proper or foreign-looking noun (`인피니언`, `ERI(Eco Research Institute)와`).
    pub(super) fn company_name_in(&self, sentence: &str, morphemes: &[Morpheme], w: Word) -> Option<(usize, usize)> {
        let stem = &sentence[w.start..w.stem_end];
        let name = stem.split('(').next().unwrap_or(stem);
        let end = w.start + name.len();
        let chars = name.chars().count();
        if !(2..=20).contains(&chars)
            || self.lexicon.is_not_actor(name)
            || self.lexicon.name_index(name).is_some()
            || is_korean_name(name)
        {
            return None;
        }
        let latin = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '&' || c == '-')
            && name.chars().any(|c| c.is_ascii_uppercase());
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= end).collect();
        // `인/NNG 피니언/NNG`: ko-dic cuts a foreign firm's name into odd pieces; `관계자/NNG 들/XSN`
        // or `수출/NNG 상담회/NNG` are ordinary words.
        let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "UNKNOWN" | "SL" | "SH"));
        let odd_pieces = parts.len() >= 2
            && parts
                .iter()
                .any(|m| m.surface.chars().count() == 1 && !m.pos.starts_with("XS") && !m.pos.starts_with('J'));
        let hangul = all_hangul(name) && !name.ends_with('들') && (proper || odd_pieces);
        (latin || hangul).then_some((w.start, end))
    }

    pub(super) fn add_company_markers(&self, sentence: &str, morphemes: &[Morpheme], mentions: &mut Vec<Mention>) {
        // `양포어장(관내기업)`, `Handycart(베트남 바이어)`: a bracket that says what the name is.
        // Each regex needs a company marker or a bracket that closes on a word
        // for a firm; most sentences have neither.
        let described = ["기업)", "업체)", "바이어)", "회사)", "법인)", "소재)"].iter().any(|w| sentence.contains(w));
        for c in described.then(|| DESCRIBED_COMPANY.captures_iter(sentence)).into_iter().flatten() {
            let name = c.get(1).unwrap();
            let taken = mentions.iter().any(|m| m.start < name.end() && name.start() < m.end);
            // `현지 구매자(바이어)`, `시범 마을(OO 소재)`: a bracket glossing a
            // common noun says what it is, not that it is a firm's name.
            let common = morphemes.iter().any(|m| m.start == name.start() && m.end == name.end() && m.pos == "NNG");
            if taken || common || self.lexicon.is_not_actor(name.as_str()) || name.as_str().chars().count() < 2 {
                continue;
            }
            mentions.push(Mention::new(
                name.start(),
                name.end(),
                name.as_str().to_string(),
                name.as_str().to_string(),
                ActorKind::Company,
                Evidence::CompanyMarker,
            ));
        }
        let marked = ["㈜", "(주)", "주식회사"].iter().any(|m| sentence.contains(m));
        for c in marked.then(|| COMPANY_MARKED.captures_iter(sentence)).into_iter().flatten() {
            let whole = c.get(0).unwrap();
            let name = c.get(1).or(c.get(2)).unwrap();
            let stem = trim_particle(name.as_str());
            if stem.chars().count() < 2 || self.lexicon.is_not_actor(stem) {
                continue;
            }
            let end = if c.get(1).is_some() { name.start() + stem.len() } else { whole.end() };
            mentions.retain(|m| !(m.start < end && whole.start() < m.end));
            let text = sentence[whole.start()..end].to_string();
            mentions.push(Mention::new(
                whole.start(),
                end,
                text.clone(),
                text,
                ActorKind::Company,
                Evidence::CompanyMarker,
            ));
        }
    }

    pub(super) fn add_latin_names(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        let latin = sentence.bytes().any(|b| b.is_ascii_uppercase());
        for m in latin.then(|| LATIN_NAME.find_iter(sentence)).into_iter().flatten() {
            let text = m.as_str().trim_end_matches('.');
            let before = sentence[..m.start()].chars().next_back();
            // Romanisations in parentheses are aliases, handled with their Korean
            // name, however many words they run to (`(Governor's Office of Minority Affairs)`).
            let opened = sentence[..m.start()].bytes().filter(|&b| b == b'(').count();
            let closed = sentence[..m.start()].bytes().filter(|&b| b == b')').count();
            if before == Some('(') || opened > closed || mentions.iter().any(|x| x.start < m.end() && m.start() < x.end)
            {
                continue;
            }
            let upper_acronym = text.chars().all(|c| !c.is_ascii_lowercase());
            let has_company_word = self.lexicon.ends_in_latin_company_suffix(text);
            let multiword = text.contains(' ');
            if self.lexicon.is_not_actor(text) || (upper_acronym && text.len() <= 4 && !multiword) {
                continue;
            }
            if text.len() < 4 && !has_company_word {
                continue;
            }
            let evidence = if has_company_word { Evidence::CompanyMarker } else { Evidence::LatinName };
            mentions.push(Mention::new(
                m.start(),
                m.start() + text.len(),
                text.to_string(),
                text.to_string(),
                ActorKind::Company,
                evidence,
            ));
        }
    }
}

/// `140여개` before `한국기업`, `13개사`: the count is not part of the noun.
fn strip_count(word: &str) -> &str {
    word.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '여' || c == '개')
}
