//! Places written only as locators of something else (`경북 포항시`, `중국
//! 훈춘시장`, `러시아 바이어`, `원주 문막`), told from places and bodies that
//! act: what follows a mention decides whether it is a party or a modifier.

use std::sync::LazyLock;

use gyoryu_model::{ActorKind, EventKind};
use regex::Regex;

use super::candidates::trigger_stands_alone;
use super::registry::Registry;
use super::Sentence;
use crate::korean::{ends_with_place_particle, is_hangul, starts_with_place_particle, strip_particles, trim_particles};
use crate::lexicon::Lexicon;

/// `12개국`, `3개사`: a count standing between a list and its head.
static COUNT_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+\s*여?\s*개(?:국|국가|사|기관|도시)?$").unwrap());
/// `등 중앙아시아 3개국`: a count closing a list of places.
const COUNTED: &str = r"(?:\s*등)?(?:\s+[가-힣]{1,6})?\s+\d+\s*개\s*(?:국|국가|나라|도시|지역|곳)";
static COUNTED_AHEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{COUNTED}")).unwrap());
pub(super) static COUNTED_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("{COUNTED}$")).unwrap());
/// `한·일`, `한-중`: two countries' one-syllable short forms.
static SHORT_FORM_PAIR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[가-힣][·ㆍ\-][가-힣]$").unwrap());

/// Places written only as locators of something else (`경북 포항시`, `중국
/// 훈춘시장`, `러시아 바이어`, `원주 문막`): the analyst does not record them,
/// unless the place acts somewhere in the article outside quoted speech, is someone's body, or is the
/// article's own province or city.
///
/// Returns, per actor, whether it is only a locator, and the article's main actor.
pub(super) fn locator_places(
    lexicon: &Lexicon,
    sentences: &[Sentence],
    registry: &Registry,
) -> (Vec<bool>, Option<usize>) {
    let mut acts = vec![false; registry.actors.len()];
    for s in sentences {
        for (i, m) in s.mentions.iter().enumerate() {
            // Speakers place their region in the world (`몽골은 러시아, 중국과
            // 인접한`): countries and blocs named only in their words are talk.
            let talk = matches!(m.kind, ActorKind::Country | ActorKind::Organization);
            if talk && s.quoted.iter().any(|&(start, end)| start <= m.start && m.end <= end) {
                continue;
            }
            if let Some(a) = s.actors[i] {
                acts[a] |= if m.kind.is_place() { place_acts(lexicon, s, i, 0) } else { body_acts(s, i) };
            }
        }
        for &(_, _, a) in &s.references {
            acts[a] = true;
        }
    }
    for a in &registry.actors {
        if let Some(b) = a.affiliation {
            acts[b] = true;
        }
    }
    // The article's own province or city is never a mere locator; when every
    // candidate was written only as one, the usual choice stands.
    let main = registry.main_actor_among(lexicon, None, &acts).or_else(|| registry.main_actor(lexicon, None));
    if let Some(m) = main {
        acts[m] = true;
    }
    (acts.iter().map(|a| !a).collect(), main)
}

/// `캐나다 앨버타와 미국 보스턴을 방문`: the places from mention `n` on, joined
/// by `와`/`및`, are what a visit goes to.
fn visited(lexicon: &Lexicon, s: &Sentence, mut n: usize) -> bool {
    for _ in 0..6 {
        let rest = &s.text[s.mentions[n].end..];
        let after = ["을", "를", "와", "과", "에", "도", "까지", "및", ","]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest)
            .trim_start();
        let after = after.strip_prefix("및").unwrap_or(after).trim_start();
        let from = s.text.len() - after.len();
        if let Some(next) = s.mentions.iter().position(|m| m.start == from && m.kind.is_place()) {
            n = next;
            continue;
        }
        return lexicon
            .find_triggers(after)
            .first()
            .is_some_and(|h| h.start == 0 && lexicon.trigger(h).kind == EventKind::Visit);
    }
    false
}

/// Whether `rest`, the text right after a mention, is a space and then up
/// to `words` words, each of 2 to 20 characters (no spaces or commas) and
/// one space apart, the last of which goes on with `에서` after its 2 to 20
/// characters: ` 영빈관에서`, ` 신라호텔 영빈관에서`. The regex
/// `^ (?:[^\s,]{2,20} ){0,words-1}[^\s,]{2,20}에서`, read word by word, since
/// it is asked after nearly every mention.
fn venue_words(rest: &str, words: usize) -> bool {
    let Some(mut rest) = rest.strip_prefix(' ') else { return false };
    for k in 0..words {
        let len = rest.find(|c: char| c.is_whitespace() || c == ',').unwrap_or(rest.len());
        let word = &rest[..len];
        if word.char_indices().enumerate().any(|(n, (b, _))| (2..=20).contains(&n) && word[b..].starts_with("에서")) {
            return true;
        }
        if k + 1 == words || !(2..=20).contains(&word.chars().count()) || !rest[len..].starts_with(' ') {
            return false;
        }
        rest = &rest[len + 1..];
    }
    false
}

/// `포스코 국제관에서`: a venue of one word right after a mention.
fn venue_in(rest: &str) -> bool {
    venue_words(rest, 1)
}

/// Whether a place is where a venue stands (`서울 신라호텔 영빈관에서`): the
/// words between are bare nouns, none carrying a particle (`충북도지사는 14일 청주에서`
/// is a sentence going on, not a venue).
pub(super) fn venue_after_place(rest: &str) -> bool {
    // `서울 신라호텔 영빈관에서`: a venue of up to three words after a place.
    if !venue_words(rest, 3) {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().take_while(|w| !w.ends_with("에서")).collect();
    words.iter().all(|w| !w.chars().any(|c| c.is_ascii_digit()) && !ends_with_place_particle(w))
}

/// A body named only as a former post (`前 지식경제부 장관`) or as the owner of
/// a venue (`포스코 국제관에서`) is no party to the story.
fn body_acts(s: &Sentence, i: usize) -> bool {
    let m = &s.mentions[i];
    let former = s.text[..m.start].trim_end().ends_with('前');
    let venue = venue_in(&s.text[m.end..]);
    !(former || venue)
}

/// Whether the place mentioned at `s.mentions[i]` is a party here rather than
/// a modifier of what follows it.
fn place_acts(lexicon: &Lexicon, s: &Sentence, i: usize, depth: usize) -> bool {
    let m = &s.mentions[i];
    let rest = &s.text[m.end..];
    let next_mention = |from: usize| s.mentions.iter().position(|n| n.start == from);
    let Some(c) = rest.chars().next() else { return true };
    if matches!(c, ',' | '·' | 'ㆍ' | '/') {
        // A list takes the role of its last member: `러시아, 일본 … 바이어`.
        let gap = rest[c.len_utf8()..].len() - rest[c.len_utf8()..].trim_start().len();
        return match next_mention(m.end + c.len_utf8() + gap) {
            Some(n) if depth < 12 && s.mentions[n].kind.is_place() => place_acts(lexicon, s, n, depth + 1),
            _ => true,
        };
    }
    if venue_after_place(rest) {
        // `전주 그랜드힐스턴호텔에서`: where something was held.
        return true;
    }
    if let Some(after) = rest.strip_prefix('의') {
        // `러시아의 환동해 지역`: a genitive place describes, it does not act;
        // `빌레리카의 인테그리스 본사`: it is where a body it names is.
        let from = m.end + rest.len() - after.trim_start().len();
        return rest.starts_with("의회")
            || s.mentions.iter().any(|n| n.start == from && !n.kind.is_place() && n.kind != ActorKind::Person);
    }
    if c != ' ' {
        // `(일본, 중국, 호주)`, `(민·성남)`: an aside in brackets.
        if matches!(c, ')' | '）' | ']') {
            return false;
        }
        // `천안3단지`, `충남TP`: a Hangul place glued to digits or Latin letters
        // opens the name of something else.
        if (c.is_ascii_digit() || c.is_ascii_alphabetic()) && m.surface.chars().next_back().is_some_and(is_hangul) {
            return false;
        }
        // `한국대사관`: the place is part of a longer name, not an actor here.
        let word: String = rest.chars().take_while(|c| is_hangul(*c)).collect();
        if !word.is_empty() && lexicon.title(strip_particles(&word)).is_none() {
            let whole = format!("{}{}", m.surface, strip_particles(&word));
            if lexicon.kind_by_suffix(&whole).is_some_and(|(k, suffix)| !k.is_place() && word.starts_with(suffix)) {
                return false;
            }
            // `한국기업`, `한국시간`, `부산시민`: glued to a noun it only describes.
            let noun = strip_particles(&word);
            let particle = starts_with_place_particle(&word);
            // `베트남방문` names a happening; `여수세계박람회` is an event's
            // name, which the place only opens.
            if !particle && !lexicon.is_party_head(noun) && lexicon.find_triggers(noun).iter().all(|h| h.start != 0) {
                return false;
            }
        }
        // A particle (`카자흐스탄과`), a glued title (`훈춘시장`), or the end of a phrase.
        return true;
    }
    // `말레이시아, 필리핀, 홍콩 아시아 3개국을 순방`: a counted list of places visited.
    if let Some(count) = COUNTED_AHEAD.find(rest) {
        let next = rest[count.end()..].trim_start_matches(['을', '를', '의', ' ']);
        let word = next.split_whitespace().next().unwrap_or("");
        if lexicon.find_triggers(word).iter().any(|h| h.start == 0) {
            return true;
        }
    }
    // `튀르키예 등 8개국 대표단과`: counting words stand between a list and its head.
    let mut after = rest.trim_start();
    let mut counted = false;
    while let Some(word) = after.split_whitespace().next().filter(|w| {
        *w == "등"
                || *w == "총"
                || (w.starts_with(|c: char| c.is_numeric()) && COUNT_WORD.is_match(w))
                // `등 한·일 8개 시도현`: the two countries' short forms before the count.
                || SHORT_FORM_PAIR.is_match(w)
    }) {
        counted |= word.starts_with(|c: char| c.is_numeric());
        after = after[word.len()..].trim_start();
    }
    // `강원, 경남, 충북 등 7개 시도`: places counted as they are listed are the parties.
    if counted && ["시도", "시·도", "광역", "지자체", "자치단체"].iter().any(|w| after.starts_with(w)) {
        return true;
    }
    let from = m.end + rest.len() - after.len();
    if let Some(n) = next_mention(from) {
        let next = &s.mentions[n];
        // `캐나다 앨버타와`: a country before one of its regions visited or met is
        // a party too; before a person, a title holder or a firm it only locates.
        return m.kind == ActorKind::Country && next.kind.is_place() && visited(lexicon, s, n);
    }
    let word: &str = after
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ')' | '’' | '\'' | '”' | '"'))
        .next()
        .unwrap_or("");
    let stem = strip_particles(word);
    lexicon.is_party_head(stem)
        // `페루 측에서는`: particles stacked after the head.
        || lexicon.is_party_head(trim_particles(word))
        || lexicon.title(stem).is_some()
        // `러시아와 중국 방문길에`: a trigger word with a noun glued on still names the happening.
        || lexicon.find_triggers(stem).iter().any(|h| {
            stem[h.end..].chars().next().is_none_or(|c| !is_hangul(c)) || (h.start == 0 && trigger_stands_alone(lexicon, stem, h.end))
        })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::venue_words;

    #[test]
    fn a_venue_is_up_to_three_words_before_its_particle() {
        assert!(venue_words(" 신라호텔 영빈관에서 열린", 3));
        assert!(!venue_words(" 신라호텔 영빈관에서 열린", 1));
        assert!(!venue_words("에서", 3));
        assert!(!venue_words(" 청, 영빈관에서", 3));
    }

    proptest! {
        #[test]
        fn reads_text_as_the_regex_does(text in "[ 호텔에서,a\t]{0,60}") {
            let one = Regex::new(r"^ [^\s,]{2,20}에서").unwrap();
            let three = Regex::new(r"^ (?:[^\s,]{2,20} ){0,2}[^\s,]{2,20}에서").unwrap();
            prop_assert_eq!(venue_words(&text, 1), one.is_match(&text));
            prop_assert_eq!(venue_words(&text, 3), three.is_match(&text));
        }
    }
}
