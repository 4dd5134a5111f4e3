//! Bodies and places for NER: ko-dic's proper nouns, generic bodies and
//! outlets, names glued to an ending (`서울고법`), acronyms, unknown words
//! ending in a body's head (`새누리당`), one-letter countries in compounds
//! (`한미`), countries as teams, and neighbours that make one name.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use super::{ends_with_longer, is_lc, is_og, is_ps, is_title, overlaps, NerSpan};
use crate::korean::{is_hangul, trailing_particle};
use crate::lexicon::Lexicon;
use crate::mentions::Word;
use crate::tokens::Morpheme;

static ACRONYM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Z][A-Z0-9&]{1,5}").unwrap());
static NAME_CHARS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[가-힣A-Za-z0-9·&]+$").unwrap());

/// Proper nouns ko-dic knows, where the rules found nothing: its semantic
/// class says person (인명) or place (지명); others are bodies. ko-dic marks
/// many foreign words as names, so a person must stand as its own word
/// (not `홀`+`리우드`), and a body needs the shape of a subject or a list item
/// (a word of three or more letters followed by a particle or a comma).
pub(super) fn add_proper_nouns(sentence: &str, morphemes: &[Morpheme], spans: &mut Vec<NerSpan>) {
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

/// Generic bodies (`경찰`, `정부`, `소방당국`) and news outlets, as whole words.
pub(super) fn add_generic_bodies(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for w in words {
        let stem = &sentence[w.start..w.stem_end.max(w.start)];
        if (lexicon.is_ner_body(stem) || lexicon.ner_words().outlets.contains(stem))
            && !overlaps(spans, w.start, w.stem_end)
        {
            spans.push((w.start, w.stem_end, ActorKind::Organization));
        }
    }
}

/// A name glued to an ending makes one entity: `서울`+`고법`, `경기도`+`청`
/// are courts and offices, `강남`+`구` a place.
pub(super) fn extend_glued(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut [NerSpan]) {
    let starts: Vec<usize> = spans.iter().map(|s| s.0).collect();
    for span in spans.iter_mut() {
        let (s, e, kind) = *span;
        let Some(w) = words.iter().find(|w| w.start <= s && s < w.end) else { continue };
        if e >= w.stem_end || starts.iter().any(|&x| x >= e && x < w.stem_end) {
            continue;
        }
        let whole = &sentence[s..w.stem_end];
        // `국회`+`의원` is a title, not a body.
        if !NAME_CHARS.is_match(whole) || is_title(lexicon, whole) || is_title(lexicon, &sentence[e..w.stem_end]) {
            continue;
        }
        let glued = |k: fn(ActorKind) -> bool| {
            lexicon.ner_words().glued.iter().any(|(g, gk)| k(*gk) && ends_with_longer(whole, g))
        };
        let country_body =
            kind == ActorKind::Country && lexicon.ner_words().country_body.iter().any(|g| ends_with_longer(whole, g));
        if glued(is_og) || country_body {
            *span = (s, w.stem_end, ActorKind::Organization);
        } else if is_lc(kind) && glued(is_lc) {
            *span = (s, w.stem_end, kind);
        }
    }
}

/// `한국인`, `중국식`, `미국산`: a place glued to such an ending is no name.
pub(super) fn drop_common_words(
    lexicon: &Lexicon,
    sentence: &str,
    morphemes: &[Morpheme],
    words: &[Word],
    spans: &mut Vec<NerSpan>,
) {
    spans.retain(|&(s, e, k)| {
        let Some(w) = words.iter().find(|w| w.start <= s && e < w.stem_end) else { return true };
        !(is_lc(k) && lexicon.ner_words().not_place.contains(&sentence[e..w.stem_end]))
    });
    // `고양이`, `천안함`: a place name that runs on into another word (not a
    // particle or ending) is part of that word; only local time (`한국시각`)
    // still names the place.
    spans.retain(|&(_, e, k)| {
        let glued = sentence[e..].starts_with(is_hangul);
        let ending = morphemes.iter().any(|m| {
            m.start == e && (m.is_particle() || m.pos.starts_with('E') || matches!(m.pos.as_str(), "VCP" | "XSN"))
        });
        let time = sentence[e..].starts_with("시각") || sentence[e..].starts_with("시간");
        !is_lc(k) || !glued || ending || time
    });
    // `북한 측`, `중국측`: the place is a party.
    for span in spans.iter_mut() {
        let rest = sentence[span.1..].trim_start_matches(' ');
        let side = lexicon.ner_words().side.iter().any(|x| {
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
pub(super) fn countries_as_teams(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], spans: &mut [NerSpan]) {
    if !lexicon.ner_words().sport.iter().any(|w| sentence.contains(w.as_str())) {
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

/// Upper-case abbreviations (`MBC`, `IOC`, `SK텔레콤`) are organizations unless
/// they are common nouns (`SNS`, `CEO`) or, other than outlets, not actors.
pub(super) fn add_acronyms(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    for m in ACRONYM.find_iter(sentence) {
        let before = sentence[..m.start()].chars().next_back();
        let after = sentence[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) || after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let a = m.as_str();
        if lexicon.ner_words().acronyms.contains(a)
            || (lexicon.is_not_actor(a) && !lexicon.ner_words().outlets.contains(a))
        {
            continue;
        }
        let mut end = m.end();
        if let Some(w) = words.iter().find(|w| w.start == m.start()) {
            // `SK텔레콤`, `AP통신`: the Korean rest of the word belongs to the name.
            if w.stem_end > end && sentence[end..w.stem_end].chars().all(is_hangul) {
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
pub(super) fn add_head_words(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
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
            lexicon.ner_words().heads.iter().any(|(h, min)| stem.ends_with(h.as_str()) && n >= h.chars().count() + min)
        };
        if is_head(stem) {
            spans.push((w.start, w.stem_end, ActorKind::Organization));
        } else {
            // ko-dic sometimes reads an unknown name and its particle as one
            // noun (`…당은`) or its head as an ending (`새누리`+`당`): the
            // written word, less a particle, is then the name.
            let text = sentence[w.start..w.end].trim_end_matches(|c: char| !c.is_alphanumeric());
            let name = trailing_particle(text).map_or(text, |at| &text[..at]);
            if name.len() > stem.len() && NAME_CHARS.is_match(name) && is_head(name) && !lexicon.is_not_actor(name) {
                spans.push((w.start, w.start + name.len(), ActorKind::Organization));
            } else if let Some(at) = trailing_particle(stem).filter(|&at| is_head(&stem[..at])) {
                spans.push((w.start, w.start + at, ActorKind::Organization));
            }
        }
    }
}

/// `한미`, `남북`, `한·중·일`: each letter is its country acting, an organization.
pub(super) fn add_country_letters(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], spans: &mut Vec<NerSpan>) {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let is_letter = |c: char| lexicon.ner_words().country.contains(&c);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let after_hangul = i > 0 && is_hangul(chars[i - 1].1);
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
        let ends =
            chars.get(j).is_none_or(|c| !is_hangul(c.1)) || morphemes.iter().any(|m| m.start == end && m.is_particle());
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

/// Neighbours separated by one space make one name: the words of a foreign
/// person's name, the parts of an address, and a place with the body that
/// belongs to it (`인천 연수경찰서`, `중국 정부`).
pub(super) fn merge_chains(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
    spans.sort();
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        if !is_lc(k) {
            continue;
        }
        let next = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' '));
        if let Some(w) =
            next.filter(|w| lexicon.ner_words().place_part.contains(&sentence[w.start..w.stem_end.max(w.start)]))
        {
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
            let unit = text.chars().all(|c| c.is_alphanumeric())
                && lexicon.ner_words().unit.iter().any(|u| ends_with_longer(text, u));
            if unit && !overlaps(spans, w.start, w.stem_end) {
                spans[i] = (s, w.stem_end, k);
            }
        }
    }
    // `오바마 행정부`: a leader's name with the word for their government.
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        let next = words.iter().find(|w| w.start == e + 1 && sentence[e..].starts_with(' '));
        if let Some(w) = next.filter(|w| {
            is_ps(k) && lexicon.ner_words().leader_body.contains(&sentence[w.start..w.stem_end.max(w.start)])
        }) {
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
        } else if is_lc(a.2) && is_lc(b.2) || is_lc(a.2) && is_og(b.2) || is_og(a.2) && is_og(b.2) {
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
