//! Named-entity recognition for `gyoryu ner`: the mentions of one sentence
//! as PS/LC/OG spans in the conventions of KLUE-NER, which differ from the
//! graph's actors. NER marks generic bodies (`경찰`), news outlets, lone
//! surnames before a title (`박 대통령` → `박`), one-letter country forms
//! (`한미`), and takes the longest name a phrase makes: a whole address
//! (`서울 송파구`), a court with its place (`서울고법`), a body with its
//! country (`중국 정부`), a foreign name with all its words (`스티비 원더`).
//!
//! The word lists live in `data/lexicon/ner_words.tsv` and
//! `data/lexicon/ner_bodies.tsv`; nothing here feeds the graph.

use std::collections::HashSet;
use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use crate::lexicon::Lexicon;
use crate::mentions::{self, Word};
use crate::tokens::Morpheme;

/// A span of a sentence (byte offsets) and its kind.
pub type NerSpan = (usize, usize, ActorKind);

const NER_WORDS: &str = include_str!("../../../data/lexicon/ner_words.tsv");
const NOT_ACTORS: &str = include_str!("../../../data/lexicon/not_actors.tsv");

/// The NER word lists, by role (see `ner_words.tsv`).
#[derive(Debug, Default)]
struct NerWords {
    glued: Vec<(String, ActorKind)>,
    country_body: Vec<String>,
    place_part: HashSet<String>,
    not_place: HashSet<String>,
    side: HashSet<String>,
    sport: Vec<String>,
    unit: Vec<String>,
    leader_body: HashSet<String>,
    heads: Vec<(String, usize)>,
    person: HashSet<String>,
    country: HashSet<char>,
    acronyms: HashSet<String>,
    /// News outlets: not actors in the graph, organizations for NER.
    outlets: HashSet<String>,
}

fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn ner_kind(tag: &str) -> ActorKind {
    if tag == "LC" {
        ActorKind::City
    } else {
        ActorKind::Organization
    }
}

static WORDS: LazyLock<NerWords> = LazyLock::new(|| {
    let mut w = NerWords::default();
    for cols in tsv_rows(NER_WORDS) {
        let (word, role) = (cols[0].to_string(), cols.get(1).copied().unwrap_or_default());
        let kind = ner_kind(cols.get(2).copied().unwrap_or_default());
        match role {
            "glued" => w.glued.push((word, kind)),
            "country_body" => w.country_body.push(word),
            "sport" => w.sport.push(word),
            "unit" => w.unit.push(word),
            "leader_body" => {
                w.leader_body.insert(word);
            }
            "side" => {
                w.side.insert(word);
            }
            "not_place" => {
                w.not_place.insert(word);
            }
            "place_part" => {
                w.place_part.insert(word);
            }
            "head" => w.heads.push((word, cols.get(3).and_then(|n| n.parse().ok()).unwrap_or(2))),
            "person" => {
                w.person.insert(word);
            }
            "country" => w.country.extend(word.chars().next()),
            "acronym" => {
                w.acronyms.insert(word);
            }
            _ => {}
        }
    }
    for cols in tsv_rows(NOT_ACTORS) {
        // `뉴스` is listed there too, but as a word it is no outlet's name.
        let name_like = cols[0].chars().count() >= 3 || cols[0].is_ascii();
        if cols.get(1).is_some_and(|r| r.contains("outlet")) && name_like {
            w.outlets.insert(cols[0].to_string());
        }
    }
    w
});

static SSI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^가-힣A-Za-z])([가-힣]{1,3}?|[A-Z])(?:모)?(?:\s?\(\d+[^)]*\))?\s?씨").unwrap());
static LATIN_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^A-Za-z0-9])([A-Z])(?:\s?\(\d+[^)]*\))?\s?(?:군|양)").unwrap());
static ACRONYM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Z][A-Z0-9&]{1,5}").unwrap());
static HANJA_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((\p{Han}{2,})[)·,]").unwrap());
static TRAILING_JOSA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:은|는|이|가|을|를|의|에|와|과|도|로|으로|에서|에게)$").unwrap());
static NAME_CHARS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[가-힣A-Za-z0-9·&]+$").unwrap());

fn overlaps(spans: &[NerSpan], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e, _)| s < end && start < e)
}

fn is_ps(k: ActorKind) -> bool {
    k == ActorKind::Person
}

fn is_lc(k: ActorKind) -> bool {
    matches!(k, ActorKind::Country | ActorKind::Province | ActorKind::City)
}

fn is_og(k: ActorKind) -> bool {
    !is_ps(k) && !is_lc(k)
}

/// `ends` with a proper ending: something must come before it.
fn ends_with_longer(text: &str, ending: &str) -> bool {
    text.len() > ending.len() && text.ends_with(ending)
}

/// The words of the sentence, with any opening quote or bracket left out of
/// where the word's name can start.
fn name_words(sentence: &str, morphemes: &[Morpheme]) -> Vec<Word> {
    mentions::words(sentence, morphemes)
        .into_iter()
        .map(|mut w| {
            let lead = sentence[w.start..w.stem_end].len()
                - sentence[w.start..w.stem_end].trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            w.start += lead;
            w
        })
        .collect()
}

/// Every PS/LC/OG span in `sentence`, from the mentions the rules found
/// (`found`) and ko-dic's proper nouns, in KLUE-NER's conventions.
pub fn recognise(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], found: Vec<NerSpan>) -> Vec<NerSpan> {
    let words = name_words(sentence, morphemes);
    let mut spans = found;
    add_proper_nouns(sentence, morphemes, &mut spans);
    add_persons_by_address(sentence, &mut spans);
    add_generic_bodies(lexicon, sentence, &words, &mut spans);
    extend_glued(sentence, &words, &mut spans);
    drop_common_words(sentence, morphemes, &words, &mut spans);
    split_person_from_body(lexicon, sentence, &mut spans);
    trim_person_words(sentence, morphemes, &mut spans);
    countries_as_teams(sentence, morphemes, &mut spans);
    add_lone_surnames(sentence, &words, &mut spans);
    add_acronyms(lexicon, sentence, &words, &mut spans);
    add_head_words(lexicon, sentence, &words, &mut spans);
    add_country_letters(lexicon, sentence, morphemes, &mut spans);
    add_hanja_forms(sentence, &mut spans);
    join_foreign_name_words(lexicon, sentence, morphemes, &words, &mut spans);
    merge_chains(sentence, &words, &mut spans);
    spans.sort();
    spans.dedup();
    spans
}

/// Proper nouns ko-dic knows, where the rules found nothing: its semantic
/// class says person (인명) or place (지명); others are bodies. ko-dic marks
/// many foreign words as names, so a person must stand as its own word
/// (not `홀`+`리우드`), and a body needs the shape of a subject or a list item
/// (a word of three or more letters followed by a particle or a comma).
fn add_proper_nouns(sentence: &str, morphemes: &[Morpheme], spans: &mut Vec<NerSpan>) {
    let mut runs: Vec<(usize, usize, ActorKind, usize, usize)> = Vec::new(); // start, end, kind, first and last morpheme
    for (i, m) in morphemes.iter().enumerate().filter(|(_, m)| m.pos == "NNP") {
        let kind = match m.meaning.as_str() {
            "인명" => ActorKind::Person,
            "지명" => ActorKind::City,
            _ => ActorKind::Organization,
        };
        if overlaps(spans, m.start, m.end) {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.1 == m.start && r.2 == kind => {
                r.1 = m.end;
                r.4 = i;
            }
            _ => runs.push((m.start, m.end, kind, i, i)),
        }
    }
    for (start, end, kind, _, last) in runs {
        let glued_before = sentence[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let next = morphemes.get(last + 1).filter(|n| n.start == end);
        let keep = match kind {
            ActorKind::Person => {
                !glued_before
                    && !next.is_some_and(|n| {
                        matches!(n.pos.as_str(), "NNG" | "NNP" | "SL" | "SY" | "VCP" | "XSN" | "SN" | "VV")
                    })
            }
            ActorKind::City => true,
            _ => {
                let before_ok = sentence[..start].chars().next_back().is_none_or(char::is_whitespace);
                before_ok
                    && sentence[start..end].chars().count() >= 3
                    && next.is_some_and(|n| matches!(n.pos.as_str(), "JX" | "JKS" | "JC" | "JKG" | "SC"))
            }
        };
        if keep {
            spans.push((start, end, kind));
        }
    }
}

/// `박씨`, `A씨`, `김모(45)씨`, `A군`: the person is the part before the
/// address term (without `모`, which only hides the given name).
fn add_persons_by_address(sentence: &str, spans: &mut Vec<NerSpan>) {
    for c in SSI.captures_iter(sentence).chain(LATIN_PERSON.captures_iter(sentence)) {
        let g = c.get(1).unwrap();
        let text = g.as_str();
        // `박 모 씨`: `모` hides the name; the surname before it is the person.
        let plausible = (text.chars().count() == 1 && text != "모") || mentions::is_korean_name(text);
        if plausible {
            spans.retain(|&(s, e, k)| !(s < g.end() && g.start() < e) || (is_ps(k) && s == g.start() && e == g.end()));
            spans.push((g.start(), g.end(), ActorKind::Person));
        }
    }
}

/// Generic bodies (`경찰`, `정부`, `소방당국`) and news outlets, as whole words.
fn add_generic_bodies(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for w in words {
        let stem = &sentence[w.start..w.stem_end.max(w.start)];
        if (lexicon.ner_bodies.contains(stem) || WORDS.outlets.contains(stem)) && !overlaps(spans, w.start, w.stem_end)
        {
            spans.push((w.start, w.stem_end, ActorKind::Organization));
        }
    }
}

/// A name glued to an ending makes one entity: `서울`+`고법`, `경기도`+`청`
/// are courts and offices, `강남`+`구` a place.
fn extend_glued(sentence: &str, words: &[Word], spans: &mut [NerSpan]) {
    let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
    for span in spans.iter_mut() {
        let (s, e, kind) = *span;
        let Some(w) = words.iter().find(|w| w.start <= s && s < w.end) else { continue };
        if e >= w.stem_end || starts.iter().any(|&x| x >= e && x < w.stem_end) {
            continue;
        }
        let whole = &sentence[s..w.stem_end];
        // `국회`+`의원` is a title, not a body.
        if !NAME_CHARS.is_match(whole) || is_title(whole) || is_title(&sentence[e..w.stem_end]) {
            continue;
        }
        let glued = |k: fn(ActorKind) -> bool| WORDS.glued.iter().any(|(g, gk)| k(*gk) && ends_with_longer(whole, g));
        let country_body = kind == ActorKind::Country && WORDS.country_body.iter().any(|g| ends_with_longer(whole, g));
        if glued(is_og) || country_body {
            *span = (s, w.stem_end, ActorKind::Organization);
        } else if is_lc(kind) && glued(is_lc) {
            *span = (s, w.stem_end, kind);
        }
    }
}

/// `한국인`, `중국식`, `미국산`: a place glued to such an ending is no name.
fn drop_common_words(sentence: &str, morphemes: &[Morpheme], words: &[Word], spans: &mut Vec<NerSpan>) {
    spans.retain(|&(s, e, k)| {
        let Some(w) = words.iter().find(|w| w.start <= s && e < w.stem_end) else { return true };
        !(is_lc(k) && WORDS.not_place.contains(&sentence[e..w.stem_end]))
    });
    // `고양이`, `천안함`: a place name that runs on into another word (not a
    // particle or ending) is part of that word; only local time (`한국시각`)
    // still names the place.
    spans.retain(|&(_, e, k)| {
        let glued = sentence[e..].starts_with(|c: char| ('가'..='힣').contains(&c));
        let ending = morphemes.iter().any(|m| {
            m.start == e && (m.is_particle() || m.pos.starts_with('E') || matches!(m.pos.as_str(), "VCP" | "XSN"))
        });
        let time = sentence[e..].starts_with("시각") || sentence[e..].starts_with("시간");
        !is_lc(k) || !glued || ending || time
    });
    // `북한 측`, `중국측`: the place is a party.
    for span in spans.iter_mut() {
        let rest = sentence[span.1..].trim_start_matches(' ');
        let side = WORDS.side.iter().any(|x| {
            rest.strip_prefix(x.as_str()).is_some_and(|r| {
                !r.starts_with(|c: char| c.is_alphanumeric())
                    || r.starts_with(['은', '는', '이', '에', '의', '과', '와', '도', '을'])
            })
        });
        if is_lc(span.2) && side {
            span.2 = ActorKind::Organization;
        }
    }
}

/// In a match report a country written with a particle (`브라질은`, `독일의`)
/// is its national team.
fn countries_as_teams(sentence: &str, morphemes: &[Morpheme], spans: &mut [NerSpan]) {
    if !WORDS.sport.iter().any(|w| sentence.contains(w.as_str())) {
        return;
    }
    for span in spans.iter_mut().filter(|s| s.2 == ActorKind::Country) {
        let particle = morphemes.iter().any(|m| {
            m.start == span.1 && m.is_particle() && !matches!(m.surface, "에" | "에서" | "로" | "으로" | "에게")
        });
        if particle {
            span.2 = ActorKind::Organization;
        }
    }
}

/// `앞서 세르게이 라브로프`, `이연복 셰프`: words before a name that are
/// verbs or adverbs, and titles on either side of a person's, are not part of it.
fn trim_person_words(sentence: &str, morphemes: &[Morpheme], spans: &mut [NerSpan]) {
    let not_name = |s: usize, e: usize| {
        let word = &sentence[s..e];
        is_title(word)
            || WORDS.person.contains(word)
            || morphemes.iter().filter(|m| m.start >= s && m.end <= e).any(|m| {
                matches!(
                    m.pos.as_str(),
                    "VV" | "VA" | "VX" | "EC" | "EF" | "ETM" | "EP" | "MAG" | "MAJ" | "XSV" | "XSA"
                )
            })
    };
    for span in spans.iter_mut() {
        while let Some(space) = sentence[span.0..span.1].find(' ') {
            if !not_name(span.0, span.0 + space) {
                break;
            }
            span.0 += space + 1;
        }
        if !is_ps(span.2) {
            continue;
        }
        while let Some(space) = sentence[span.0..span.1].rfind(' ') {
            if !(is_title(&sentence[span.0 + space + 1..span.1])
                || WORDS.person.contains(&sentence[span.0 + space + 1..span.1]))
            {
                break;
            }
            span.1 = span.0 + space;
        }
    }
}

/// `브라이스`+`하퍼`: a person's name takes the foreign-looking word next to it
/// (a word that is only proper nouns, unknown pieces or several noun pieces,
/// and no title).
fn join_foreign_name_words(
    lexicon: &Lexicon,
    sentence: &str,
    morphemes: &[Morpheme],
    words: &[Word],
    spans: &mut Vec<NerSpan>,
) {
    let looks_foreign = |w: &Word| {
        if w.stem_end != w.end && w.stem_end <= w.start {
            return false;
        }
        let text = &sentence[w.start..w.stem_end];
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.stem_end).collect();
        text.chars().all(|c| ('가'..='힣').contains(&c))
            && text.chars().count() >= 2
            && !is_title(text)
            && !WORDS.person.contains(text)
            && !lexicon.is_not_actor(text)
            && !lexicon.ner_bodies.contains(text)
            && !parts.is_empty()
            && parts.iter().all(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "NNG"))
            && (parts.len() > 1 || parts[0].pos == "NNP" || parts[0].pos == "UNK")
            && !mentions::is_korean_name(text)
    };
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        if !is_ps(k) || mentions::is_korean_name(&sentence[s..e]) || sentence[s..e].chars().count() < 2 {
            continue;
        }
        // The word after, when the name ends its own word.
        if let Some(w) = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' ')) {
            if looks_foreign(w) && !overlaps(spans, w.start, w.stem_end) {
                spans[i].1 = w.stem_end;
                continue;
            }
        }
        // The word before, when it has no particle.
        if let Some(w) = words.iter().find(|w| w.end + 1 == s && sentence[..s].ends_with(' ') && w.stem_end == w.end) {
            if looks_foreign(w) && !overlaps(spans, w.start, w.end) {
                spans[i].0 = w.start;
            }
        }
    }
}

/// `황우여 새누리당`, `새누리당 황우여`: a person's name never runs into the
/// body written next to it.
fn split_person_from_body(lexicon: &Lexicon, sentence: &str, spans: &mut Vec<NerSpan>) {
    let is_body = |word: &str| {
        let n = word.chars().count();
        lexicon.ner_bodies.contains(word)
            || WORDS.heads.iter().any(|(h, min)| word.ends_with(h.as_str()) && n >= h.chars().count() + min)
            || lexicon.find_names(word).iter().any(|h| h.start == 0 && h.end == word.len())
    };
    let mut extra = Vec::new();
    for span in spans.iter_mut().filter(|s| is_ps(s.2)) {
        let text = &sentence[span.0..span.1];
        let (Some(first), Some(last)) = (text.find(' '), text.rfind(' ')) else { continue };
        if is_body(&text[last + 1..]) {
            extra.push((span.0 + last + 1, span.1, ActorKind::Organization));
            *span = (span.0, span.0 + last, span.2);
        } else if is_body(&text[..first]) {
            extra.push((span.0, span.0 + first, ActorKind::Organization));
            *span = (span.0 + first + 1, span.1, span.2);
        }
    }
    spans.extend(extra);
}

/// `박 대통령`, `한 위원장`, `윤모 씨`, `이모 감독관`: the lone surname is the
/// person. `전`, `현` and `고` before a title mean former, current and late;
/// `모` hides a name.
fn add_lone_surnames(sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for (i, w) in words.iter().enumerate() {
        let text = &sentence[w.start..w.end];
        let stem = &sentence[w.start..w.stem_end.max(w.start)];
        // A word of punctuation alone (`㈜)`) can come out empty.
        let Some(first) = text.chars().next() else { continue };
        let first_len = first.len_utf8();
        let hidden_name = text[first_len..].starts_with('모')
            && text[first_len + '모'.len_utf8()..].chars().next().is_none_or(|c| c == '(');
        let next = words.get(i + 1).map(|n| &sentence[n.start..n.stem_end.max(n.start)]).unwrap_or("");
        let titled = stem.chars().count() == 1
            && w.stem_end == w.end
            && !"전현고모".contains(first)
            && (WORDS.person.contains(next) || is_title(next));
        if mentions::is_surname(first) && (hidden_name || titled) {
            let span = (w.start, w.start + first_len, ActorKind::Person);
            spans.retain(|&(s, e, _)| !(s < span.1 && span.0 < e));
            spans.push(span);
        }
    }
}

fn is_title(word: &str) -> bool {
    static TITLES: LazyLock<HashSet<String>> = LazyLock::new(|| {
        tsv_rows(include_str!("../../../data/lexicon/titles.tsv")).map(|c| c[0].to_string()).collect()
    });
    TITLES.contains(word)
}

/// Upper-case abbreviations (`MBC`, `IOC`, `SK텔레콤`) are organizations unless
/// they are common nouns (`SNS`, `CEO`) or, other than outlets, not actors.
fn add_acronyms(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for m in ACRONYM.find_iter(sentence) {
        let before = sentence[..m.start()].chars().next_back();
        let after = sentence[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) || after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let a = m.as_str();
        if WORDS.acronyms.contains(a) || (lexicon.is_not_actor(a) && !WORDS.outlets.contains(a)) {
            continue;
        }
        let mut end = m.end();
        if let Some(w) = words.iter().find(|w| w.start == m.start()) {
            // `SK텔레콤`, `AP통신`: the Korean rest of the word belongs to the name.
            if w.stem_end > end && sentence[end..w.stem_end].chars().all(|c| ('가'..='힣').contains(&c)) {
                end = w.stem_end;
            }
        }
        if !overlaps(spans, m.start(), end) {
            spans.push((m.start(), end, ActorKind::Organization));
        }
    }
}

/// Unknown words ending in an organization's head (`새누리당`, `교도통신`,
/// `금융당국`).
fn add_head_words(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for w in words {
        if w.stem_end <= w.start {
            continue;
        }
        let stem = &sentence[w.start..w.stem_end];
        if !NAME_CHARS.is_match(stem) || lexicon.is_not_actor(stem) || overlaps(spans, w.start, w.stem_end) {
            continue;
        }
        let is_head = |stem: &str| {
            let n = stem.chars().count();
            WORDS.heads.iter().any(|(h, min)| stem.ends_with(h.as_str()) && n >= h.chars().count() + min)
        };
        if is_head(stem) {
            spans.push((w.start, w.stem_end, ActorKind::Organization));
        } else {
            // ko-dic sometimes reads an unknown name and its particle as one
            // noun (`…당은`) or its head as an ending (`새누리`+`당`): the
            // written word, less a particle, is then the name.
            let text = sentence[w.start..w.end].trim_end_matches(|c: char| !c.is_alphanumeric());
            let name = TRAILING_JOSA.find(text).map_or(text, |m| &text[..m.start()]);
            if name.len() > stem.len() && NAME_CHARS.is_match(name) && is_head(name) && !lexicon.is_not_actor(name) {
                spans.push((w.start, w.start + name.len(), ActorKind::Organization));
            } else if let Some(m) = TRAILING_JOSA.find(stem).filter(|m| is_head(&stem[..m.start()])) {
                spans.push((w.start, w.start + m.start(), ActorKind::Organization));
            }
        }
    }
}

/// `한미`, `남북`, `한·중·일`: each letter is its country acting, an organization.
fn add_country_letters(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], spans: &mut Vec<NerSpan>) {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let is_letter = |c: char| WORDS.country.contains(&c);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let after_hangul = i > 0 && ('가'..='힣').contains(&chars[i - 1].1);
        if !is_letter(c) || after_hangul {
            i += 1;
            continue;
        }
        let mut letters = vec![(start, c)];
        let mut j = i + 1;
        while j < chars.len() && letters.len() < 3 {
            let sep = matches!(chars[j].1, '·' | '-' | 'ㆍ');
            let k = if sep { j + 1 } else { j };
            if k < chars.len() && is_letter(chars[k].1) {
                letters.push(chars[k]);
                j = k + 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(sentence.len(), |c| c.0);
        let word: String = letters.iter().map(|l| l.1).collect();
        let distinct = letters.iter().map(|l| l.1).collect::<HashSet<_>>().len() == letters.len();
        // What follows ends the compound: not a letter, or a particle.
        let ends = chars.get(j).is_none_or(|c| !('가'..='힣').contains(&c.1))
            || morphemes.iter().any(|m| m.start == end && m.is_particle());
        let known = lexicon.is_not_actor(&word)
            || lexicon.find_names(&word).iter().any(|h| h.start == 0 && h.end == word.len());
        // ko-dic reads `남북` as a place; in a compound the letters are the two sides.
        let only_places = spans
            .iter()
            .filter(|&&(s, e, _)| s < end && start < e)
            .all(|&(s, e, k)| is_lc(k) && start <= s && e <= end);
        if letters.len() >= 2 && distinct && ends && !known && only_places {
            spans.retain(|&(s, e, _)| !(s < end && start < e));
            for (p, c) in &letters {
                spans.push((*p, p + c.len_utf8(), ActorKind::Organization));
            }
        }
        i = j.max(i + 1);
    }
}

/// `시진핑(習近平)`: the name in Chinese characters is a second mention.
fn add_hanja_forms(sentence: &str, spans: &mut Vec<NerSpan>) {
    let mut extra = Vec::new();
    for &(_, e, k) in spans.iter() {
        if let Some(c) = HANJA_AFTER.captures(&sentence[e..]) {
            let g = c.get(1).unwrap();
            let (s, end) = (e + g.start(), e + g.end());
            if !overlaps(spans, s, end) {
                extra.push((s, end, k));
            }
        }
    }
    spans.extend(extra);
}

/// Neighbours separated by one space make one name: the words of a foreign
/// person's name, the parts of an address, and a place with the body that
/// belongs to it (`인천 연수경찰서`, `중국 정부`).
fn merge_chains(sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    spans.sort();
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        if !is_lc(k) {
            continue;
        }
        let next = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' '));
        if let Some(w) = next.filter(|w| WORDS.place_part.contains(&sentence[w.start..w.stem_end.max(w.start)])) {
            if !overlaps(spans, w.start, w.stem_end) {
                spans[i] = (s, w.stem_end, k);
            }
        }
    }
    // `대법원 1부`, `서울대 수의학과`: a unit joins the organization before it.
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        if !is_og(k) {
            continue;
        }
        let next = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' '));
        if let Some(w) = next.filter(|w| w.stem_end > w.start) {
            let text = &sentence[w.start..w.stem_end];
            let unit =
                text.chars().all(|c| c.is_alphanumeric()) && WORDS.unit.iter().any(|u| ends_with_longer(text, u));
            if unit && !overlaps(spans, w.start, w.stem_end) {
                spans[i] = (s, w.stem_end, k);
            }
        }
    }
    // `오바마 행정부`: a leader's name with the word for their government.
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        let next = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' '));
        if let Some(w) =
            next.filter(|w| is_ps(k) && WORDS.leader_body.contains(&sentence[w.start..w.stem_end.max(w.start)]))
        {
            if !overlaps(spans, w.start, w.stem_end) {
                spans[i] = (s, w.stem_end, ActorKind::Organization);
            }
        }
    }
    let mut i = 0;
    while i + 1 < spans.len() {
        let (a, b) = (spans[i], spans[i + 1]);
        let merged = if a.1 > b.0 || &sentence[a.1..b.0] != " " {
            None
        } else if is_ps(a.2)
            && is_ps(b.2)
            && sentence[a.0..a.1].chars().count() > 1
            && sentence[b.0..b.1].chars().count() > 1
        {
            Some(ActorKind::Person)
        } else if is_lc(a.2) && is_lc(b.2) {
            Some(b.2)
        } else if is_lc(a.2) && is_og(b.2) || is_og(a.2) && is_og(b.2) {
            Some(b.2)
        } else {
            None
        };
        match merged {
            Some(kind) => {
                spans[i] = (a.0, b.1, kind);
                spans.remove(i + 1);
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    fn tags(text: &str) -> Vec<(String, &'static str)> {
        static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(Default::default()).unwrap());
        EXTRACTOR
            .find_mentions(text)
            .into_iter()
            .map(|(s, k)| (text[s.start..s.end].to_string(), k.ner_tag()))
            .collect()
    }

    fn has(text: &str, name: &str, tag: &str) -> bool {
        let t = tags(text);
        let found = t.iter().any(|(n, k)| n == name && *k == tag);
        if !found {
            eprintln!("{text}: {t:?}");
        }
        found
    }

    #[test]
    fn a_court_or_office_takes_its_place_name() {
        assert!(has("이 사건은 대구고법으로 넘어갔다.", "대구고법", "OG"));
        assert!(has("선수들은 소속팀인 강원도청에 사표를 냈다.", "강원도청", "OG"));
    }

    #[test]
    fn addresses_and_bodies_with_their_place_are_one_span() {
        assert!(has("불은 경남 함양군의 한 공장에서 났다.", "경남 함양군", "LC"));
        assert!(has("일본 정부는 어제 입장을 밝혔다.", "일본 정부", "OG"));
    }

    #[test]
    fn lone_surnames_before_titles_and_hidden_names() {
        assert!(has("회의에서 박 대통령은 협력을 강조했다.", "박", "PS"));
        assert!(has("경찰은 최모(52) 씨를 입건했다.", "최", "PS"));
        assert!(has("경찰은 최모씨를 입건했다.", "최", "PS"));
        assert!(has("경찰은 최 모 씨를 입건했다.", "최", "PS"));
        assert!(!tags("경찰은 최 모 씨를 입건했다.").iter().any(|(n, _)| n == "모"));
        assert!(!tags("전 장관은 이날 사과했다.").iter().any(|(n, _)| n == "전"));
    }

    #[test]
    fn acronyms_outlets_and_parties() {
        assert!(has("이 소식은 MBC 뉴스가 처음 전했다.", "MBC", "OG"));
        assert!(!tags("그는 SNS에 글을 올렸다.").iter().any(|(n, _)| n == "SNS"));
        assert!(has("이 내용은 AP통신이 보도했다.", "AP통신", "OG"));
        assert!(has("미래연합당은 후보를 내지 않았다.", "미래연합당", "OG"));
    }

    #[test]
    fn country_letters_in_compounds() {
        let t = tags("양국은 한미 동맹을 강화하기로 했다.");
        assert!(t.contains(&("한".to_string(), "OG")) && t.contains(&("미".to_string(), "OG")), "{t:?}");
        assert!(!tags("북한은 발사를 예고했다.").iter().any(|(n, _)| n == "북"));
    }

    #[test]
    fn a_country_with_its_forces_is_a_body_and_its_people_no_place() {
        assert!(has("이날 북한군은 훈련을 시작했다.", "북한군", "OG"));
        assert!(!tags("공항에서 한국인 관광객이 늘었다.").iter().any(|(n, _)| n.starts_with("한국")));
        assert!(has("폭우가 텍사스 북부를 덮쳤다.", "텍사스 북부", "LC"));
        assert!(!tags("집에서 고양이를 길렀다.").iter().any(|(n, _)| n == "고양"));
        assert!(has("경기는 19일(한국시각) 열렸다.", "한국", "LC"));
    }

    #[test]
    fn a_person_and_the_party_after_the_name_are_apart() {
        assert!(has("미래연합당 홍길동 의원은 반대했다.", "미래연합당", "OG"));
        assert!(has("미래연합당 홍길동 의원은 반대했다.", "홍길동", "PS"));
        assert!(has("홍길동 미래연합당 의원은 반대했다.", "미래연합당", "OG"));
        assert!(has("북한 측은 회의에 나오지 않았다.", "북한", "OG"));
    }

    #[test]
    fn countries_in_match_reports_are_teams() {
        assert!(has("브라질은 후반 10분 결승골을 넣었다.", "브라질", "OG"));
        assert!(has("그는 브라질에서 태어났다.", "브라질", "LC"));
    }

    #[test]
    fn verbs_and_titles_stay_out_of_a_name() {
        let t = tags("회담을 마친 뒤 세르게이 라브로프 장관은 떠났다.");
        assert!(t.iter().any(|(n, k)| n.ends_with("라브로프") && !n.contains("뒤") && *k == "PS"), "{t:?}");
    }

    #[test]
    fn units_join_their_organization() {
        assert!(has("대법원 2부는 원심을 깼다.", "대법원 2부", "OG"));
        assert!(has("국회 안전위원회가 법안을 통과시켰다.", "국회 안전위원회", "OG"));
    }

    #[test]
    fn a_leader_and_the_government_word_are_one_body() {
        assert!(has("오바마 행정부는 제재를 발표했다.", "오바마 행정부", "OG"));
    }

    #[test]
    fn chinese_characters_after_a_name() {
        assert!(has("시진핑(習近平) 주석이 도착했다.", "習近平", "PS"));
    }
}
