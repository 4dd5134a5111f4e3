//! Persons for NER: `박씨` and `김모(45)씨`, lone surnames before a title
//! (`박 대통령`), the words of a foreign name (`브라이스 하퍼`), a name in
//! Chinese characters after one (`시진핑(習近平)`), and the verbs, titles and
//! bodies kept out of a person's span.

use std::sync::LazyLock;

use gyoryu_model::ActorKind;
use regex::Regex;

use super::{is_ps, is_title, overlaps, NerSpan};
use crate::korean::{all_hangul, is_korean_name, is_surname};
use crate::lexicon::Lexicon;
use crate::mentions::Word;
use crate::tokens::Morpheme;

static SSI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^가-힣A-Za-z])([가-힣]{1,3}?|[A-Z])(?:모)?(?:\s?\(\d+[^)]*\))?\s?씨").unwrap());
static LATIN_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^A-Za-z0-9])([A-Z])(?:\s?\(\d+[^)]*\))?\s?(?:군|양)").unwrap());
static HANJA_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((\p{Han}{2,})[)·,]").unwrap());

/// `박씨`, `A씨`, `김모(45)씨`, `A군`: the person is the part before the
/// address term (without `모`, which only hides the given name).
pub(super) fn add_persons_by_address(sentence: &str, spans: &mut Vec<NerSpan>) {
    for c in SSI.captures_iter(sentence).chain(LATIN_PERSON.captures_iter(sentence)) {
        let g = c.get(1).unwrap();
        let text = g.as_str();
        // `박 모 씨`: `모` hides the name; the surname before it is the person.
        let plausible = (text.chars().count() == 1 && text != "모") || is_korean_name(text);
        if plausible {
            spans.retain(|&(s, e, k)| !(s < g.end() && g.start() < e) || (is_ps(k) && s == g.start() && e == g.end()));
            spans.push((g.start(), g.end(), ActorKind::Person));
        }
    }
}

/// `앞서 세르게이 라브로프`, `이연복 셰프`: words before a name that are
/// verbs or adverbs, and titles on either side of a person's, are not part of it.
pub(super) fn trim_person_words(lexicon: &Lexicon, sentence: &str, morphemes: &[Morpheme], spans: &mut [NerSpan]) {
    let not_name = |s: usize, e: usize| {
        let word = &sentence[s..e];
        is_title(lexicon, word)
            || lexicon.ner_words().person.contains(word)
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
            if !(is_title(lexicon, &sentence[span.0 + space + 1..span.1])
                || lexicon.ner_words().person.contains(&sentence[span.0 + space + 1..span.1]))
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
pub(super) fn join_foreign_name_words(
    lexicon: &Lexicon,
    sentence: &str,
    morphemes: &[Morpheme],
    words: &[Word],
    spans: &mut [NerSpan],
) {
    let looks_foreign = |w: &Word| {
        if w.stem_end != w.end && w.stem_end <= w.start {
            return false;
        }
        let text = &sentence[w.start..w.stem_end];
        let parts: Vec<&Morpheme> = morphemes.iter().filter(|m| m.start >= w.start && m.end <= w.stem_end).collect();
        all_hangul(text)
            && text.chars().count() >= 2
            && !is_title(lexicon, text)
            && !lexicon.ner_words().person.contains(text)
            && !lexicon.is_not_actor(text)
            && !lexicon.is_ner_body(text)
            && !parts.is_empty()
            && parts.iter().all(|m| matches!(m.pos.as_str(), "NNP" | "UNK" | "NNG"))
            && (parts.len() > 1 || parts[0].pos == "NNP" || parts[0].pos == "UNK")
            && !is_korean_name(text)
    };
    for i in 0..spans.len() {
        let (s, e, k) = spans[i];
        if !is_ps(k) || is_korean_name(&sentence[s..e]) || sentence[s..e].chars().count() < 2 {
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
pub(super) fn split_person_from_body(lexicon: &Lexicon, sentence: &str, spans: &mut Vec<NerSpan>) {
    let is_body = |word: &str| {
        let n = word.chars().count();
        lexicon.is_ner_body(word)
            || lexicon
                .ner_words()
                .heads
                .iter()
                .any(|(h, min)| word.ends_with(h.as_str()) && n >= h.chars().count() + min)
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
pub(super) fn add_lone_surnames(lexicon: &Lexicon, sentence: &str, words: &[Word], spans: &mut Vec<NerSpan>) {
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
            && (lexicon.ner_words().person.contains(next) || is_title(lexicon, next));
        if is_surname(first) && (hidden_name || titled) {
            let span = (w.start, w.start + first_len, ActorKind::Person);
            spans.retain(|&(s, e, _)| !(s < span.1 && span.0 < e));
            spans.push(span);
        }
    }
}

/// `시진핑(習近平)`: the name in Chinese characters is a second mention.
pub(super) fn add_hanja_forms(sentence: &str, spans: &mut Vec<NerSpan>) {
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
