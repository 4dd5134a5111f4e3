//! Finding actor mentions in one sentence: known names from the gazetteers,
//! unknown names by their endings, companies by their markers, and persons
//! by the titles around them.

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use crate::lexicon::Lexicon;
use crate::tokens::Morpheme;

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
    pub affiliation: Option<usize>,
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
        Mention { start, end, surface, name, kind, evidence, aliases: Vec::new(), title: None, affiliation: None }
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

/// A whitespace-separated word (eojeol) and where its particles begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// End of the word without trailing particles and punctuation.
    pub stem_end: usize,
}

pub fn words(sentence: &str, morphemes: &[Morpheme]) -> Vec<Word> {
    let mut out = Vec::with_capacity(sentence.len() / 8);
    let mut start = None;
    // Words and morphemes both come in text order: each word's morphemes are
    // found from where the last word's ended.
    let mut from = 0;
    for (i, c) in sentence.char_indices().chain(std::iter::once((sentence.len(), ' '))) {
        match (is_space(c), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                from += morphemes[from..].iter().take_while(|m| m.start < s).count();
                let to = from + morphemes[from..].iter().take_while(|m| m.start <= i).count();
                out.push(Word { start: s, end: i, stem_end: stem_end(sentence, s, i, &morphemes[from..to]) });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `char::is_whitespace`, without its table look-up for Hangul syllables.
fn is_space(c: char) -> bool {
    !is_hangul(c) && c.is_whitespace()
}

/// `morphemes`: those that start within the word (from `start` to `end`
/// inclusive), in text order.
fn stem_end(sentence: &str, start: usize, end: usize, morphemes: &[Morpheme]) -> usize {
    let mut stem = end;
    for m in morphemes.iter().rev().filter(|m| m.start >= start && m.end <= end) {
        let punctuation = m.pos.starts_with('S') && !matches!(m.pos.as_str(), "SL" | "SH" | "SN");
        if (m.is_particle() || punctuation || m.pos == "VCP" || m.pos.starts_with('E')) && m.start > start {
            stem = m.start;
        } else {
            break;
        }
    }
    // Quotes and brackets around a word are never part of a name.
    let trimmed = sentence[start..stem].trim_end_matches(|c: char| !is_word_char(c) && c != ')' && c != '㈜');
    start + trimmed.len()
}

fn is_word_char(c: char) -> bool {
    // Hangul syllables and ASCII are nearly every character here; the general
    // Unicode table look-up is kept for the rest.
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_hangul(c) || c.is_alphanumeric()
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// Korean surnames, for telling `김관영` (a name) from `경제학` (a noun).
const SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부";
const TWO_CHAR_SURNAMES: [&str; 6] = ["남궁", "선우", "제갈", "황보", "독고", "사공"];

static PAREN_LATIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(([A-Za-z][A-Za-z .,'&\-]*[A-Za-z.])\)").unwrap());
static PAREN_HANGUL_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([가-힣]{1,8}(?: [가-힣]{1,8}){0,3})\)").unwrap());
static COMPANY_MARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:㈜|\(주\)|주식회사\s*)\s*([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&\-]*)|([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&\-]+)(?:㈜|\(주\))").unwrap()
});
static DESCRIBED_COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,·])([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&.\-]{1,30}(?: [A-Z][A-Za-z0-9&.\-]*)*)\((?:[^()]{0,12})(?:기업|업체|바이어|회사|법인|소재)\)").unwrap()
});
static LATIN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z0-9&\-.]*[A-Za-z0-9&](?:\s+[A-Z][A-Za-z0-9&\-.]*[A-Za-z0-9&])*").unwrap()
});

/// Finds every actor mention in one sentence.
pub struct MentionFinder<'a> {
    pub lexicon: &'a Lexicon,
}

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
                Some(_) => PARTICLE_START.is_match(rest),
            };
            // A title inside a known name (`시도지사협의회`) is part of that name.
            let inside_name = names.iter().any(|n| n.start <= hit.start && hit.end <= n.end);
            if !ends_word || inside_name {
                continue;
            }
            let t = &self.lexicon.titles[hit.index];
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
    fn glued_place(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        word_start: usize,
        title_start: usize,
        t: &crate::lexicon::Title,
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
            || !prefix.chars().all(is_hangul)
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

    /// Known names, with the boundary rules of Korean text applied.
    pub fn known_names(&self, sentence: &str) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        for hit in self.lexicon.find_names(sentence) {
            let entry = &self.lexicon.entries[hit.index];
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
            let long_body = !entry.kind.is_place() && surface.chars().count() >= 6 && surface.chars().all(is_hangul);
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
                if rest.chars().next().is_some_and(is_hangul) && !PARTICLE_START.is_match(rest) {
                    continue;
                }
            }
            if is_latin(first) {
                let next = sentence[hit.end..].chars().next();
                if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    continue;
                }
            }
            if let Some((end, index)) = self.glossed_place(sentence, hit.end, surface) {
                let entry = &self.lexicon.entries[index];
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
    fn glossed_place(&self, sentence: &str, end: usize, surface: &str) -> Option<(usize, usize)> {
        let rest = sentence[end..].strip_prefix('(')?;
        let close = rest.find(')')?;
        if close == 0 || close > 24 || rest[..close].chars().any(|c| c.is_ascii() || is_hangul(c)) {
            return None;
        }
        let suffix = rest[close + 1..].chars().next().filter(|c| "현성주도시군".contains(*c))?;
        let index = self.lexicon.name_index(&format!("{surface}{suffix}"))?;
        Some((end + 1 + close + 1 + suffix.len_utf8(), index))
    }

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
                    match self.lexicon.name_index(cut).map(|index| crate::lexicon::Hit {
                        start: 0,
                        end: cut.len(),
                        index,
                    }) {
                        Some(h) => {
                            // `마이즈루시장`: the full form before the title is a name of its own too.
                            if self.lexicon.entries[h.index].name != m.surface {
                                m.aliases.push(m.surface.clone());
                            }
                            m.end = t.start;
                            m.surface = cut.to_string();
                            m.name = self.lexicon.entries[h.index].name.clone();
                            m.kind = self.lexicon.entries[h.index].kind;
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
        self.add_company_markers(sentence, &mut mentions);
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

    /// Unknown names that the words around them call firms: after a noun for a
    /// firm (`독일 기업 인피니언`, `석영유리 생산기업인 신에츠쿼츠`), or listed before
    /// one (`효성,엘아이지건설 등 우리 기업`, `자화전자, 파워로직스를 포함한 한국기업`).
    fn add_companies_by_context(
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
            if w.stem_end == w.end || text.ends_with("기업인") || text.ends_with("회사인") {
                if self.lexicon.ends_in_company_apposition(text) {
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
            }
            // A list closed by `등` or `포함한` and a noun for firms within two words.
            let closes = text == "등" || text.starts_with("포함한") || text.ends_with("등");
            let head_follows = words[i + 1..]
                .iter()
                .take(3)
                .any(|h| self.lexicon.is_company_list_head(strip_count(&sentence[h.start..h.stem_end])));
            if !closes || !head_follows {
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
            for (s, e) in items {
                let name = &sentence[s..e];
                let known = mentions.iter().any(|m| m.start < e && s < m.end && m.kind != ActorKind::Company);
                // `부동산, 교육 등 … 기업들`: fields, not names, are dictionary nouns.
                let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= s && m.end <= e).collect();
                let firm_ending = self.lexicon.kind_by_suffix(name).is_some_and(|(k, _)| k == ActorKind::Company);
                let common = parts.iter().all(|m| m.pos == "NNG") && parts.len() <= 2 && !firm_ending;
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
                affiliation: None,
            });
        }
    }

    /// `나라시(奈良市)`, `돗토리현(鳥取縣)`: a name glossed in Chinese characters
    /// ending in the same place word is that place, whatever the Korean syllables
    /// would mean on their own (`나라` is "country").
    fn add_glossed_places(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        if !sentence.contains(['市', '縣', '県', '省', '州', '郡']) {
            return;
        }
        for c in GLOSSED_PLACE.captures_iter(sentence) {
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
    }

    /// The name a firm apposition introduces: the word's stem when it is a
    /// proper or foreign-looking noun (`인피니언`, `ERI(Eco Research Institute)와`).
    fn company_name_in(&self, sentence: &str, morphemes: &[Morpheme], w: Word) -> Option<(usize, usize)> {
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
        let hangul = name.chars().all(is_hangul) && !name.ends_with('들') && (proper || odd_pieces);
        (latin || hangul).then_some((w.start, end))
    }

    fn add_company_markers(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        // `양포어장(관내기업)`, `Handycart(베트남 바이어)`: a bracket that says what the name is.
        // Each regex needs a company marker or a bracket that closes on a word
        // for a firm; most sentences have neither.
        let described = ["기업)", "업체)", "바이어)", "회사)", "법인)", "소재)"].iter().any(|w| sentence.contains(w));
        for c in described.then(|| DESCRIBED_COMPANY.captures_iter(sentence)).into_iter().flatten() {
            let name = c.get(1).unwrap();
            let taken = mentions.iter().any(|m| m.start < name.end() && name.start() < m.end);
            if taken || self.lexicon.is_not_actor(name.as_str()) || name.as_str().chars().count() < 2 {
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

    /// Unknown bodies and places by their ending (`코나예프개발청`,
    /// `전북바이오진흥원`), extended left over proper-noun words
    /// (`케임브리지 이노베이션센터`).
    fn add_suffix_names(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for (wi, w) in words.iter().enumerate() {
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
            if self.lexicon.is_not_actor(stem) || !stem.chars().all(|c| is_hangul(c) || c.is_ascii_alphanumeric()) {
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
            if short_suffix && parts.iter().any(|m| m.pos.starts_with('V') || m.pos.starts_with('E') || m.pos == "MAG")
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
            if matches!(kind, ActorKind::City | ActorKind::Province | ActorKind::Company) && !proper && !bare_suffix {
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
                start = prev.start;
                k -= 1;
            }
            if bare_suffix && start == w.start {
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
                affiliation: None,
            });
        }
    }

    fn ends_in_common_word(&self, stem: &str, suffix: &str) -> bool {
        let chars: Vec<(usize, char)> = stem.char_indices().collect();
        // Only words longer than the suffix itself count: `소카대학` ends in the suffix `대학`, not in a word.
        (1..chars.len().saturating_sub(1))
            .any(|i| self.lexicon.is_not_actor(&stem[chars[i].0..]) && stem.len() - chars[i].0 > suffix.len().max(5))
    }

    fn looks_proper(&self, text: &str, morphemes: &[Morpheme], w: Word) -> bool {
        if self.lexicon.is_not_actor(text) || text.chars().count() < 2 {
            return false;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.stem_end).collect();
        if parts.is_empty() {
            return false;
        }
        let all_nouns = parts.iter().all(|m| m.is_noun() || m.pos == "SSO" || m.pos == "SSC");
        let proper = parts.iter().any(|m| m.pos == "NNP" || m.pos == "UNK" || m.pos == "SL");
        // A run of short pieces is how ko-dic analyses a transliterated foreign word.
        let fragmented = parts.len() >= 2 && parts.iter().all(|m| m.surface.chars().count() <= 2);
        (all_nouns && (proper || fragmented) && !(parts.len() == 1 && parts[0].pos == "NNG"))
            || self.foreign_name_like(text, morphemes, w)
    }

    fn add_latin_names(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        let latin = sentence.bytes().any(|b| b.is_ascii_uppercase());
        for m in latin.then(|| LATIN_NAME.find_iter(sentence)).into_iter().flatten() {
            let text = m.as_str().trim_end_matches('.');
            let before = sentence[..m.start()].chars().next_back();
            // Romanisations in parentheses are aliases, handled with their Korean name.
            if before == Some('(') || mentions.iter().any(|x| x.start < m.end() && m.start() < x.end) {
                continue;
            }
            let upper_acronym = text.chars().all(|c| !c.is_ascii_lowercase());
            let has_company_word = self
                .lexicon
                .suffixes
                .iter()
                .any(|s| s.kind == ActorKind::Company && s.suffix.is_ascii() && text.ends_with(s.suffix.as_str()));
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

    fn attach_parenthesised_aliases(&self, sentence: &str, mentions: &mut [Mention]) {
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

    /// Persons named next to a title: `김관영 전북도지사`, `시도지사협의회 유민봉
    /// 사무총장`, `아르스타노프 누르갈리 주한카자흐스탄 대사`, `부지사(킴 드리스콜)`.
    fn add_persons(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for t in titles {
            // The body the title belongs to: a mention ending right before it.
            let mut cursor = t.start;
            let mut affiliation = match t.glued_place {
                Some((start, end, _)) => mentions.iter().position(|m| m.start == start && m.end == end),
                None => self.mention_ending_at(sentence, mentions, cursor),
            };
            // `카를로스 아레자노 바에싸 랑카과 시장`: an unknown place name (ko-dic's `지명`)
            // right before the title of a place's office is that office's place.
            if affiliation.is_none() {
                if let Some(place) = self.place_before_title(sentence, morphemes, t, mentions) {
                    mentions.push(place);
                    affiliation = Some(mentions.len() - 1);
                }
            }
            if let Some(a) = affiliation {
                cursor = words
                    .iter()
                    .find(|w| w.start <= mentions[a].start && mentions[a].start < w.end)
                    .map_or(mentions[a].start, |w| w.start);
                // `우즈베키스탄 타슈켄트주 주지사`: the places that locate the body come before it.
                while let Some(p) = mentions
                    .iter()
                    .find(|m| m.kind.is_place() && m.end <= cursor && sentence[m.end..cursor].trim().is_empty())
                {
                    cursor = p.start;
                }
            }
            // A body or a bracket between the name and the title makes a lone foreign word a name;
            // not before `대표단` (a delegation), where the word is the delegation's place.
            let delegation = sentence[t.end..].starts_with('단');
            // `페루농업연구청 플로레스 청장`: so does a body or place right before the name.
            let body_before_name = words
                .iter()
                .rev()
                .find(|w| w.end <= cursor && sentence[w.end..cursor].trim().is_empty())
                .is_some_and(|w| {
                    mentions.iter().any(|m| {
                        m.kind != ActorKind::Person && m.end <= w.start && sentence[m.end..w.start].trim().is_empty()
                    })
                });
            let structured = !delegation
                && (affiliation.is_some() || body_before_name || sentence[..cursor].trim_end().ends_with(')'));
            // `경제학 교수`: one modifier word may stand between the name and the title.
            let mut name_words = self.name_words_before(sentence, morphemes, words, cursor, structured);
            // `훔르 주 대외협력 장관`: and before it, a one-syllable word for the body (`주`, `시`).
            let modifier = |at: usize| {
                words.iter().rev().find(|w| w.end <= at && sentence[w.end..at].trim().is_empty()).copied().filter(|w| {
                    let text = &sentence[w.start..w.end];
                    w.stem_end == w.end
                        && text.chars().all(is_hangul)
                        && !mentions.iter().any(|m| m.start < w.end && w.start < m.end)
                })
            };
            let mut at = cursor;
            for round in 0..2 {
                if name_words.is_some() {
                    break;
                }
                let Some(w) = modifier(at).filter(|w| round == 0 || sentence[w.start..w.end].chars().count() == 1)
                else {
                    break;
                };
                name_words = self.name_words_before(sentence, morphemes, words, w.start, structured);
                at = w.start;
            }
            if delegation && name_words.as_ref().is_some_and(|(_, _, n, _)| !n.contains(' ') && !is_korean_name(n)) {
                continue;
            }
            let mut aliases = Vec::new();
            let (start, end, name) = if let Some((s, e, name, alias)) = name_words {
                if let Some(a) = alias {
                    aliases.push(a);
                }
                if affiliation.is_none() {
                    affiliation = self.mention_ending_at(sentence, mentions, s);
                    // `경상국립대는 김경수 대외협력부처장`: the topic is the body when the title says it is one of its kind.
                    if affiliation.is_none() {
                        let before = sentence[..s].trim_end();
                        if let Some(b) = before.strip_suffix('는').or_else(|| before.strip_suffix('은')) {
                            affiliation = self
                                .mention_ending_at(sentence, mentions, b.len())
                                .filter(|&a| t.body_kinds.contains(&mentions[a].kind) && !mentions[a].kind.is_place());
                        }
                    }
                    // `쉴레이만 데미렐 대학교의 바우르잔 …`, `농촌진흥청(박현출 청장)`
                    if affiliation.is_none() {
                        let before = sentence[..s].trim_end();
                        if let Some(b) = before.strip_suffix('의').or_else(|| before.strip_suffix('(')) {
                            affiliation = self.mention_ending_at(sentence, mentions, b.len());
                        }
                    }
                }
                (s, e, name)
            } else if let Some((s, e)) = self.name_after_bracketed_title(sentence, morphemes, t) {
                // `한국무역협회(회장 한덕수)`: the body, then its head in brackets.
                if affiliation.is_none() {
                    affiliation = self.mention_ending_at(sentence, mentions, sentence[..t.start].trim_end().len() - 1);
                }
                (s, e, sentence[s..e].to_string())
            } else if let Some(c) =
                sentence[t.end..].starts_with('(').then(|| PAREN_HANGUL_NAME.captures(&sentence[t.end..])).flatten()
            {
                // `부지사(킴 드리스콜)`, `대표(마이클 루이스 블랙)`
                let g = c.get(1).unwrap();
                let name = g.as_str().to_string();
                // `시장(왼쪽에서 두번째)`: a photo caption's position, not a name.
                if name.split_whitespace().any(|w| self.lexicon.is_not_actor(w)) {
                    continue;
                }
                if affiliation.is_none() {
                    let before = sentence[..t.start].trim_end();
                    let before = before.strip_suffix('의').unwrap_or(before);
                    affiliation = self.mention_ending_at(sentence, mentions, before.len());
                }
                (t.end + g.start(), t.end + g.end(), name)
            } else {
                continue;
            };
            // `경기도의회 염종현 의장·남경순 부의장`: later members of a list share the first one's body.
            if affiliation.is_none() && sentence[..start].trim_end().ends_with(|c: char| "·ㆍ,".contains(c)) {
                affiliation = mentions
                    .iter()
                    .rev()
                    .find(|m| m.kind == ActorKind::Person && m.end < start)
                    .and_then(|m| m.affiliation)
                    .and_then(|at| mentions.iter().position(|b| b.start == at && b.kind != ActorKind::Person));
            }
            let overlaps_a_body = mentions
                .iter()
                .enumerate()
                .any(|(i, m)| m.start < end && start < m.end && m.kind != ActorKind::Person && Some(i) != affiliation);
            if self.lexicon.is_not_actor(&name) || overlaps_a_body {
                continue;
            }
            let title = self.title_for(t, affiliation.map(|a| mentions[a].kind));
            if let Some(existing) = mentions.iter_mut().find(|m| m.kind == ActorKind::Person && m.start == start) {
                existing.title = existing.title.take().or(Some(title));
                continue;
            }
            // `윤은숙(민·성남)·이재천(민·안산) 의원`: the names listed before share the title.
            let mut at = start;
            while let Some((s, e)) = self.listed_name_before(sentence, morphemes, at) {
                if mentions.iter().any(|m| m.start < e && s < m.end) {
                    break;
                }
                mentions.push(Mention {
                    start: s,
                    end: e,
                    surface: sentence[s..e].to_string(),
                    name: sentence[s..e].to_string(),
                    kind: ActorKind::Person,
                    evidence: Evidence::Titled,
                    aliases: Vec::new(),
                    title: Some(title.clone()),
                    affiliation: affiliation.map(|a| mentions[a].start),
                });
                at = s;
            }
            mentions.push(Mention {
                start,
                end,
                surface: sentence[start..end].to_string(),
                name,
                kind: ActorKind::Person,
                evidence: Evidence::Titled,
                aliases,
                title: Some(title),
                affiliation: affiliation.map(|a| mentions[a].start),
            });
        }
    }

    /// The Korean name listed right before `at` (`윤은숙(민·성남)·` or `윤은숙, `).
    fn listed_name_before(&self, sentence: &str, morphemes: &[Morpheme], at: usize) -> Option<(usize, usize)> {
        let mut head = sentence[..at].trim_end().strip_suffix(['·', 'ㆍ', ','])?.trim_end();
        if let Some(inner) = head.strip_suffix(')') {
            head = &head[..inner.rfind('(')?];
        }
        let start =
            head.rfind(|c: char| !is_hangul(c)).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
        let name = &head[start..];
        let tagged = morphemes.iter().find(|m| m.start == start).is_some_and(|m| m.meaning == "인명");
        let ok = (is_korean_name(name) || (tagged && (2..=4).contains(&name.chars().count())))
            && self.lexicon.find_titles(name).is_empty()
            && !self.lexicon.is_not_actor(name)
            && self.lexicon.name_index(name).is_none();
        ok.then_some((start, head.len()))
    }

    /// `(회장 한덕수)`: a title opening a bracket and a name closing it.
    fn name_after_bracketed_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        t: &TitleHit,
    ) -> Option<(usize, usize)> {
        if !sentence[..t.start].trim_end().ends_with('(') {
            return None;
        }
        // `(회장 한덕수)`, `(시장:사이토 후미오)`
        let rest = &sentence[t.end..];
        let inner = rest.strip_prefix([' ', ':'])?.trim_start();
        let start = sentence.len() - inner.len();
        let close = inner.find(')')?;
        let name = inner[..close].trim_end();
        let parts: Vec<&Morpheme> =
            morphemes.iter().filter(|m| m.start >= start && m.end <= start + name.len()).collect();
        let tagged = parts.first().is_some_and(|m| m.meaning == "인명");
        let words = name.split(' ').count();
        let shaped = name.split(' ').all(|w| (1..=6).contains(&w.chars().count()) && w.chars().all(is_hangul));
        let ok = shaped
            && (is_korean_name(name) || tagged || (2..=4).contains(&words))
            && !self.lexicon.is_not_actor(name)
            && self.lexicon.name_index(name).is_none()
            && self.lexicon.find_titles(name).is_empty();
        ok.then_some((start, start + name.len()))
    }

    /// An unknown place written right before a title that belongs to a place's
    /// office (`랑카과 시장`, `람동성 성장`): ko-dic tags it a place name (`지명`),
    /// or it has the shape of one (`…성`, `…주`, `…현`). Its kind is the shape's,
    /// else the title's.
    fn place_before_title(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        t: &TitleHit,
        mentions: &[Mention],
    ) -> Option<Mention> {
        let title_kind = t.body_kinds.iter().copied().find(|k| matches!(k, ActorKind::Province | ActorKind::City))?;
        if t.body_kinds.first() != Some(&title_kind) {
            return None;
        }
        // `로스엔젤레스(LA)시장`: the place's romanisation may stand between.
        let head = sentence[..t.start].trim_end();
        let end = match head.strip_suffix(')') {
            Some(inner) => inner.rfind('(').filter(|&open| blank_or_bracketed(&head[open..]))?,
            None => head.len(),
        };
        let start = sentence[..end].rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let w = Word { start, end, stem_end: end };
        let text = &sentence[w.start..w.end];
        let chars = text.chars().count();
        if !(2..=10).contains(&chars)
            || !text.chars().all(is_hangul)
            || mentions.iter().any(|m| m.start < w.end && w.start < m.end)
        {
            return None;
        }
        if self.lexicon.is_not_actor(text) || self.lexicon.name_index(text).is_some() || is_korean_name(text) {
            return None;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.end).collect();
        let place_tagged = !parts.is_empty()
            && parts.iter().all(|m| {
                m.pos == "NNP" && m.meaning == "지명"
                    || (m.pos.starts_with('N') || m.pos.starts_with('X'))
                        && m.surface.chars().count() == 1
                        && m.end == w.end
            });
        let shaped = self
            .lexicon
            .kind_by_suffix(text)
            .filter(|(k, suffix)| k.is_place() && suffix.chars().count() <= 2 && chars > suffix.chars().count() + 1);
        let proper = parts.iter().any(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "UNKNOWN"));
        let kind = match shaped {
            Some((k, _)) if proper || place_tagged => k,
            _ if place_tagged => title_kind,
            _ => return None,
        };
        Some(Mention::new(w.start, w.end, text.to_string(), text.to_string(), kind, Evidence::Suffix))
    }

    /// `알몬티 대한중석 대표`, `대종 대표`: an unknown name right before a
    /// business title is the company the title belongs to.
    fn add_title_heads(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        titles: &[TitleHit],
        mentions: &mut Vec<Mention>,
    ) {
        for t in titles {
            if !t.body_kinds.first().is_some_and(|k| *k == ActorKind::Company) {
                continue;
            }
            if mentions.iter().any(|m| m.end <= t.start && sentence[m.end..t.start].trim().is_empty()) {
                continue;
            }
            let mut start = None;
            let mut count = 0;
            for w in words.iter().filter(|w| w.end <= t.start).rev() {
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
                count += 1;
            }
            let Some(s) = start else { continue };
            let end = words.iter().filter(|w| w.end <= t.start).last().map_or(t.start, |w| w.end);
            let name = sentence[s..end].to_string();
            mentions.push(Mention::new(s, end, name.clone(), name, ActorKind::Company, Evidence::Head));
            mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        }
    }

    fn title_for(&self, t: &TitleHit, body: Option<ActorKind>) -> String {
        // `강원지사` is a governor: a bare 지사 after a province is 도지사.
        if t.canonical == "지사" && body == Some(ActorKind::Province) {
            return "도지사".to_string();
        }
        t.canonical.clone()
    }

    /// The non-person mention that ends at `pos` (possibly across spaces or a `의`).
    fn mention_ending_at(&self, sentence: &str, mentions: &[Mention], pos: usize) -> Option<usize> {
        mentions
            .iter()
            .position(|m| m.kind != ActorKind::Person && m.end <= pos && blank_or_bracketed(&sentence[m.end..pos]))
    }

    /// A person's name ending right before `pos`: one Korean name word, or one to
    /// three foreign name words; a parenthesised romanisation in between is
    /// returned as an alias. Returns (start, end, name, alias).
    fn name_words_before(
        &self,
        sentence: &str,
        morphemes: &[Morpheme],
        words: &[Word],
        pos: usize,
        structured: bool,
    ) -> Option<(usize, usize, String, Option<String>)> {
        let mut end_pos = pos;
        let mut alias = None;
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
                    // `리잔수(栗戰書)`, `나카가와 겐(仲中 げん)`, `허재안(민·성남)`: the name in
                    // its own script, or a politician's party and seat, say nothing more.
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
            .filter(|(_, c)| LIST_MARKS.contains(*c))
            .last()
            .map_or(word.start, |(i, c)| word.start + i + c.len_utf8());
        let last = Word { start: piece_start, end: head_end, stem_end: head_end };
        let last_text = &sentence[piece_start..head_end];
        if last_text.is_empty() || !last_text.chars().all(is_hangul) {
            return None;
        }
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= last.start && m.end <= head_end).collect();
        let one_common_noun = {
            // `지사는` is a noun and a particle, not a name; ko-dic's odd `유화/NNG 선/JKB` for `유화선` is.
            let ends_in_particle = parts.len() > 1
                && parts.last().is_some_and(|m| {
                    (m.pos.starts_with('J') || m.pos.starts_with('E'))
                        && (PARTICLES.contains(&m.surface) || ENDINGS.contains(&m.surface))
                });
            // `구성된`, `위치한`: a verb form that happens to start with a surname.
            // (The copula is not among them: ko-dic reads `문재인` as `문재/NNG 인/VCP`.)
            let verb_form = parts.last().is_some_and(|m| {
                (m.pos.starts_with('V') || m.pos.starts_with('X') || m.pos.starts_with('E'))
                    && m.pos != "VCP"
                    && ENDINGS.contains(&m.surface)
            });
            (parts.len() == 1 && parts[0].pos == "NNG") || ends_in_particle || verb_form
        };
        if is_korean_name(last_text)
            && !one_common_noun
            && !self.lexicon.is_not_actor(last_text)
            && self.lexicon.find_titles(last_text).is_empty()
        {
            return Some((last.start, last.start + last_text.len(), last_text.to_string(), alias));
        }
        // ko-dic knows many Chinese, Japanese and Western given names (`리잔수/NNP:인명`,
        // `응우옌/NNP:인명 반/NNG 찌/NNG`): a word that opens with one is a name on its own.
        let person_tagged = |text: &str, parts: &[&Morpheme]| {
            parts.first().is_some_and(|m| m.pos == "NNP" && m.meaning == "인명")
                && (1..=9).contains(&text.chars().count())
                && !self.lexicon.is_not_actor(text)
                && self.lexicon.name_index(text).is_none()
                && parts.last().is_some_and(|m| {
                    !m.pos.starts_with('J') && !(m.pos.starts_with('E') && ENDINGS.contains(&m.surface))
                })
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
            let parts: Vec<&Morpheme> =
                morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.start + text.len()).collect();
            let short = text.chars().count() == 1;
            if short && ONE_SYLLABLE_NOT_NAMES.contains(text) {
                break;
            }
            short_words += usize::from(short);
            // `순방시 카리모프`: a word naming a happening (`순방`, `방문`) is no part of a name.
            let names_happening = !self.lexicon.find_triggers(text).is_empty();
            let plain = text.chars().all(is_hangul)
                && (1..=9).contains(&text.chars().count())
                && self.lexicon.title(text).is_none()
                && !NOT_NAMES.contains(&text)
                && !(count > 0 && text.ends_with('의'))
                && !self.lexicon.is_not_actor(text)
                && parts.last().is_some_and(|m| {
                    !m.pos.starts_with('J')
                        && !m.pos.starts_with('E')
                        && !m.pos.starts_with('X')
                        && !m.pos.starts_with('V')
                })
                && self.lexicon.name_index(text).is_none()
                && !names_happening;
            // A one-syllable name word is a given name after a family name (`나카가와 겐`), never before one.
            let is_tagged = text.chars().all(is_hangul)
                && !NOT_NAMES.contains(&text)
                && (count == 0 || text.chars().count() >= 2)
                && self.lexicon.title(text).is_none()
                && person_tagged(text, &parts);
            // A romanisation in brackets right after (`사파로프(Nurbek Safarov)`) vouches for the name.
            let is_strong =
                (alias.is_some() || is_tagged || self.foreign_name_like(text, morphemes, w)) && !names_happening;
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
            || (count < 2 && !((tagged && last_text.chars().count() >= 2) || (alias.is_none() && lone_foreign)))
        {
            return None;
        }
        Some((s, last.start + last_text.len(), sentence[s..last.start + last_text.len()].to_string(), alias))
    }

    /// Whether a word can be (part of) a proper name. ko-dic knows few foreign
    /// names and cuts them into odd pieces (`아르스/NNG 타/VV 노/EC 프/VX`), so
    /// an odd analysis counts for a name; an ordinary word is one or two
    /// common nouns or adverbs, or ends in a verb ending.
    fn foreign_name_like(&self, text: &str, morphemes: &[Morpheme], w: Word) -> bool {
        let chars = text.chars().count();
        if self.lexicon.is_not_actor(text) || !(2..=9).contains(&chars) || !text.chars().all(is_hangul) {
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
            && ENDINGS.contains(&last.surface)
            || (last.pos.starts_with('J') && PARTICLES.contains(&last.surface))
            || parts.iter().any(|m| m.pos == "NNG" && PARTICLES.contains(&m.surface));
        let odd = parts
            .iter()
            .any(|m| m.pos.starts_with('V') || m.pos.starts_with('E') || m.pos.starts_with('X') || m.pos == "NNB");
        !verb_form && (odd || parts.len() >= 3)
    }
}

/// Verb and copula endings that make a word a modifier (`참석한`, `치료기관인`).
const ENDINGS: [&str; 35] = [
    "은", "는", "한", "된", "던", "할", "될", "인", "고", "며", "서", "다", "해", "하", "게", "지", "어", "아", "여",
    "록", "면", "본", "난",
    // Connective endings of more than one syllable (`있도록`, `되면서`): never the end of a name.
    "도록", "면서", "지만", "거나", "는데", "려고", "으며", "으면", "어서", "아서", "니까", "더니",
];
/// Particles that end a noun phrase; a name never carries one inside it.
const PARTICLES: [&str; 20] = [
    "에서", "에", "의", "을", "를", "이", "가", "은", "는", "와", "과", "도", "로", "으로", "에게", "께서", "부터",
    "까지", "만", "측",
];
/// Words that stand before names without being part of them.
const NOT_NAMES: [&str; 20] = [
    "이날", "당일", "이어", "또", "또한", "한편", "특히", "앞서", "이번", "지난", "오는", "현지", "현재", "당시",
    "우리", "양측", "신임", "전임", "초대", "차기",
];
/// One-syllable words that stand before a name without being part of it (`전 시장`).
const ONE_SYLLABLE_NOT_NAMES: &str =
    "전현및등또각그이저양본동당새총약첫두세네한옛신구고와과의때시측중후내외주도군뒤앞날곳간속위밑말초끝차번故前現";
/// Marks that separate the items of a list written without spaces (`의장·남경순`).
const LIST_MARKS: &str = "·ㆍ,/“\"‘'([「『";

/// Whether nothing but space, or one bracketed group (`(LA)`, `(仲中 げん)`), lies between two things.
fn blank_or_bracketed(gap: &str) -> bool {
    let gap = gap.trim();
    gap.is_empty() || (gap.starts_with('(') && gap.ends_with(')') && gap[1..].find(['(', ')']) == Some(gap.len() - 2))
}

static GLOSSED_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^가-힣])([가-힣]{1,8}(시|군|현|성|주))\(\p{Han}{1,6}(?:市|郡|縣|県|省|州)\)").unwrap()
});

static PARTICLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:은|는|이|가|을|를|의|에게|에|와|과|도|로|으로|께서|께|과의|와의|들|직|실|단|인|이다|이며|이자|으로서|로서|님)").unwrap()
});

static TRAILING_PARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:은|는|이|가|을|를|의|에서|에게|에|와|과|도|로|으로)$").unwrap());

fn trim_particle(s: &str) -> &str {
    match TRAILING_PARTICLE.find(s) {
        Some(m) if m.start() >= 3 => &s[..m.start()],
        _ => s,
    }
}

/// One of the common one-syllable Korean surnames.
pub fn is_surname(c: char) -> bool {
    SURNAMES.contains(c)
}

/// `김관영`, `남궁민수`: a surname and a one- or two-syllable given name.
pub fn is_korean_name(word: &str) -> bool {
    let n = word.chars().count();
    if !word.chars().all(is_hangul) {
        return false;
    }
    if TWO_CHAR_SURNAMES.iter().any(|s| word.starts_with(s)) && n == 4 {
        return true;
    }
    n == 3 && word.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// Words split where a hyphen or a middle dot joins two names (`충북TP-생태산업원`,
/// `경기도-랴오닝성`), so that each side can be a name of its own.
fn split_pairs(sentence: &str, words: &[Word]) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let stem = &sentence[w.start..w.stem_end];
        let mut from = w.start;
        for (at, sep) in stem.match_indices(['-', '·', 'ㆍ']) {
            let (left, right) = (&stem[..at], &stem[at + sep.len()..]);
            let joins =
                left.chars().next_back().is_some_and(is_word_char) && right.chars().next().is_some_and(is_word_char);
            if joins {
                out.push(Word { start: from, end: w.start + at, stem_end: w.start + at });
                from = w.start + at + sep.len();
            }
        }
        // `송산호STP(Science`: a bracket opened inside the word starts the name's gloss.
        let stem_end = match sentence[from..w.stem_end].find('(') {
            Some(open) if open > 0 && !sentence[from..w.stem_end].contains(')') => from + open,
            _ => w.stem_end,
        };
        out.push(Word { start: from, end: w.end, stem_end });
    }
    out
}

/// `140여개` before `한국기업`, `13개사`: the count is not part of the noun.
fn strip_count(word: &str) -> &str {
    word.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '여' || c == '개')
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
    fn korean_names_have_a_surname_and_three_syllables() {
        assert!(is_korean_name("김관영"));
        assert!(is_korean_name("남궁민수"));
        assert!(!is_korean_name("경제학과"));
        assert!(!is_korean_name("카자흐스탄"));
    }

    #[test]
    fn words_are_split_where_char_is_whitespace_says() {
        for text in [
            "김 지사는\u{3000}알마티를\u{a0}방문했다",
            " 가\t나\u{2009}다\u{85}라 “마” ",
            "",
            "\u{3000}",
            "Smith(킴)\u{2028}　끝",
        ] {
            let ours: Vec<(usize, usize)> = words(text, &[]).iter().map(|w| (w.start, w.end)).collect();
            let theirs: Vec<(usize, usize)> = text
                .split_whitespace()
                .map(|w| {
                    (
                        w.as_ptr() as usize - text.as_ptr() as usize,
                        w.as_ptr() as usize - text.as_ptr() as usize + w.len(),
                    )
                })
                .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn parenthesised_romanisations_become_aliases() {
        let (name, alias) = strip_parenthesised("쉴레이만 데미렐(Suleyman Demirel) 대학교");
        assert_eq!(name, "쉴레이만 데미렐 대학교");
        assert_eq!(alias.as_deref(), Some("Suleyman Demirel"));
    }
}
