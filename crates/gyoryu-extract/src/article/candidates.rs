//! One candidate event per trigger: the checks that a trigger names a
//! happening here (`방문객` does not, `센터를 찾아` does), whether it speaks of
//! one told before (`이번 포럼은`), where it took place, its label, and the
//! amounts and fields of its sentence.

use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_model::{ActorKind, EventKind, EventStatus};
use regex::Regex;

use super::locators::venue_after_place;
use super::Sentence;
use crate::korean::after_last_space;
use crate::lexicon::{Lexicon, Trigger};

/// A candidate event before duplicates are merged.
#[derive(Clone)]
pub(super) struct Candidate {
    pub(super) kind: EventKind,
    pub(super) trigger: String,
    pub(super) participants: Vec<usize>,
    pub(super) location: Option<usize>,
    pub(super) date: Option<NaiveDate>,
    pub(super) end_date: Option<NaiveDate>,
    pub(super) status: EventStatus,
    /// Index of the sentence it was found in, for its evidence.
    pub(super) sentence: usize,
    pub(super) strong: bool,
    pub(super) amounts: Vec<String>,
    pub(super) fields: Vec<String>,
    pub(super) label_hint: Option<String>,
    /// The partner the trigger is about: the nearest other-side actor before it
    /// (`앨버타를 방문`, `스미스 주 수상과 … 체결`), else the first after it.
    pub(super) focus: Option<usize>,
    /// `이번 포럼은`, `포럼은 …`: the sentence speaks of an event already described.
    pub(super) anaphoric: bool,
}

/// `알마티로 이동해`, `…로 자리를 옮겨`: where the story moves to.
static MOVED_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^으?로 (?:이동|자리를 옮)").unwrap());
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d[\d,.]*\s*(?:조|억|만|천)?\s*(?:\d[\d,.]*\s*(?:억|만|천))?\s*(?:달러|원|유로|엔|위안|텡게)").unwrap()
});

/// The amounts of money a sentence names, and the fields of cooperation
/// ([`Lexicon::fields_in`]): the same for each of its triggers.
pub(super) fn amounts_and_fields(lexicon: &Lexicon, text: &str) -> (Vec<String>, Vec<String>) {
    (AMOUNT.find_iter(text).map(|m| m.as_str().trim().to_string()).collect(), lexicon.fields_in(text))
}

/// `센터를 찾아`: an actor and its object particle right before the trigger.
pub(super) fn object_before(s: &Sentence, trigger_start: usize) -> bool {
    let before = s.text[..trigger_start].trim_end();
    let Some(stem) = before.strip_suffix('을').or_else(|| before.strip_suffix('를')) else { return false };
    s.mentions.iter().any(|m| m.end == stem.len()) || s.references.iter().any(|r| r.1 == stem.len())
}

/// `이번 포럼은`, `이 협약에 따라`, or a sentence opening with the trigger as
/// its topic (`포럼은 …`): the event is one already described.
pub(super) fn refers_back(lexicon: &Lexicon, text: &str, trigger_start: usize, trigger_end: usize) -> bool {
    let before = &text[..trigger_start];
    let word_start = after_last_space(before);
    // Only the first two and the last two words before count: read from
    // both ends rather than collected.
    let preceding = before[..word_start].split_whitespace();
    // `이번 포럼`, `이번 1차 워킹그룹`: a demonstrative within two words before.
    let demonstrative = preceding.clone().rev().take(2).any(|w| lexicon.is_demonstrative(w));
    let rest = &text[trigger_start..];
    let word: &str = rest.split_whitespace().next().unwrap_or("");
    // `포럼은 …`, `한·카자흐 워킹그룹은 …`, `협약의 주요 내용은 …`: the sentence
    // opens with it as its topic.
    let glued_after = word.get(trigger_end - trigger_start..).unwrap_or("");
    // `양해각서에 따라 …`, `투자협약에 이어 …`, `협약을 계기로 …`: the event is
    // what the sentence goes on from, told before or in the background.
    let after = &text[trigger_end..];
    let goes_on_from = lexicon.goes_on_from(after);
    let opens_as_topic =
        preceding.clone().nth(1).is_none() && (word.ends_with('은') || word.ends_with('는') || glued_after == "의");
    demonstrative || opens_as_topic || goes_on_from
}

/// `방문객`, `포럼장` are not happenings; `방문해`, `포럼을`, `협약(MOU)` are.
pub(super) fn trigger_stands_alone(lexicon: &Lexicon, text: &str, end: usize) -> bool {
    !lexicon.ends_no_happening(&text[end..])
}

/// A noun phrase ending in the trigger (`전라북도-카자흐스탄 경제포럼`), used as the label.
pub(super) fn label_hint(text: &str, start: usize, end: usize) -> Option<String> {
    let word_start = after_last_space(&text[..start]);
    // Only a name glued to the trigger (`경제포럼`, `업무협약(MOU)`) makes a label; verbs do not.
    if word_start == start {
        return None;
    }
    let word_end = text[end..]
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '을' | '를' | '이' | '가' | '은' | '는' | '에' | '의' | '과' | '와' | ',')
        })
        .map_or(text.len(), |i| end + i);
    let mut phrase = text[word_start..word_end].trim_matches(|c: char| !c.is_alphanumeric() && c != ')').to_string();
    // Take one more word before when it is part of a name (`미래산업 협력 라운드테이블`).
    if let Some(prev) = text[..word_start].trim_end().rsplit(char::is_whitespace).next() {
        if !prev.is_empty()
            && prev.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '·')
            && prev.chars().count() <= 12
        {
            phrase = format!("{prev} {phrase}");
        }
    }
    (phrase.chars().count() >= 2).then_some(phrase)
}

/// Where the happening took place: a place followed by `에서`, or for a
/// trigger that goes somewhere ([`Trigger::goes_to`]) the place or body it
/// goes to (`앨버타를 방문`).
pub(super) fn location_in(s: &Sentence, trigger: &Trigger) -> Option<usize> {
    let text = s.text;
    for (m, a) in s.mentions.iter().zip(&s.actors) {
        let rest = &text[m.end..];
        // `캘거리에서`, and a venue in the place: `전주 그랜드힐스턴호텔에서`.
        if m.kind.is_place()
            && (rest.starts_with("에서")
                || venue_after_place(rest)
                || (rest.starts_with(['으', '로']) && MOVED_TO.is_match(rest)))
        {
            return *a;
        }
    }
    if trigger.goes_to {
        for (m, a) in s.mentions.iter().zip(&s.actors) {
            let rest = &text[m.end..];
            if (rest.starts_with("을 방문")
                || rest.starts_with("를 방문")
                || rest.starts_with("을 찾")
                || rest.starts_with("를 찾"))
                && m.kind != ActorKind::Person
            {
                return *a;
            }
        }
    }
    None
}
