//! Who takes part in an event: the actors a sentence speaks of, in order,
//! their subjects, the persons' governments, the article's own side when the
//! subject is left out, the partner the trigger is about, and the pairs and
//! legs a sentence lists (one agreement per pair, one visit per leg).

use gyoryu_model::ActorKind;

use super::locators::COUNTED_TAIL;
use super::registry::Registry;
use super::Sentence;
use crate::lexicon::Trigger;
use crate::mentions::Mention;

/// Every actor the sentence speaks of, by mention or reference, as
/// (start in the sentence, actor), in text order.
pub(super) fn present_in(s: &Sentence) -> Vec<(usize, usize)> {
    let mut present: Vec<(usize, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m.start, a)))
        .chain(s.references.iter().map(|&(start, _, a)| (start, a)))
        .collect();
    present.sort();
    present
}

/// The parties of an event found in a sentence whose actors are `actors`:
/// those actors and `carried` (the subject carried over), the governments of
/// persons among them, and the article's own side (`main`) when none of it
/// is named, with its officials named last (`home_persons`) when the
/// sentence names no person.
pub(super) fn gather(
    registry: &Registry,
    main: Option<usize>,
    trigger: &Trigger,
    location: Option<usize>,
    actors: &[usize],
    carried: &[usize],
    home_persons: &[usize],
) -> Vec<usize> {
    let mut participants: Vec<usize> = Vec::new();
    for &a in actors.iter().chain(carried) {
        // The place it was held is its location, not a party, unless it is the host
        // itself or the place the trigger goes to.
        let party = Some(a) != location || trigger.goes_to || Some(a) == main;
        if party && !participants.contains(&a) {
            participants.push(a);
        }
    }
    for &p in participants.clone().iter() {
        let a = &registry.actors[p];
        if let Some(body) = a.affiliation {
            let kind = registry.actors[body].kind;
            if matches!(kind, ActorKind::Province | ActorKind::City | ActorKind::Country | ActorKind::GovernmentAgency)
                && !participants.contains(&body)
            {
                participants.push(body);
            }
        }
    }
    if let Some(m) = main {
        let has_home_side = participants.iter().any(|&p| p == m || registry.actors[p].affiliation == Some(m));
        if !has_home_side && Some(m) != location {
            participants.push(m);
        }
        // The omitted subject: the article's own official named last (`김 지사는 …`,
        // then `이어 24일 에드먼턴에서는 … 참가한다`).
        let has_person = actors.iter().any(|&a| registry.actors[a].kind == ActorKind::Person);
        if !has_person {
            for &p in home_persons {
                if !participants.contains(&p) {
                    participants.push(p);
                }
            }
        }
    }
    participants
}

/// Parties written in hyphenated pairs before an agreement's trigger
/// (`전남TP-송산호STP, 충북TP-생태산업원 간 MOU`), when the pairs are listed;
/// one pair, or parties that are persons, make no list.
pub(super) fn paired_parties(s: &Sentence, registry: &Registry, trigger_start: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let bodies: Vec<(&Mention, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m, a)))
        .filter(|(m, a)| m.end <= trigger_start && registry.actors[*a].kind != ActorKind::Person)
        .collect();
    for window in bodies.windows(2) {
        let ((first, a), (second, b)) = (window[0], window[1]);
        let between = &s.text[first.end..second.start];
        if matches!(between, "-" | "–" | "~") && a != b && !pairs.iter().any(|&(x, _)| x == a) {
            pairs.push((a, b));
        }
    }
    pairs
}

/// The places or bodies a visit goes to when the sentence lists several right
/// before its trigger (`도쿄와 야마나시현을 방문`, `러시아와 중국 방문길`), in order;
/// empty when it names one or none.
pub(super) fn visited_list(s: &Sentence, registry: &Registry, trigger_start: usize) -> Vec<usize> {
    let mut spans: Vec<(usize, usize, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m.start, m.end, a)))
        .filter(|&(start, _, a)| registry.actors[a].kind != ActorKind::Person && !in_parentheses(s.text, start))
        .collect();
    spans.sort();
    let before = s.text[..trigger_start].trim_end();
    let object = ["을", "를"].iter().find_map(|p| before.strip_suffix(p)).unwrap_or(before);
    // `카자흐스탄, 우즈베키스탄 등 중앙아시아 3개국 순방`: the count closes the list.
    let object_end = COUNTED_TAIL.find(object).map_or(object.len(), |tail| tail.start());
    // `알마티와 타슈켄트에 ‘무역사절단’을 파견`: a delegation sent to the places
    // before it, with nothing named between.
    let sent_to = || {
        spans.iter().rposition(|&(_, end, _)| {
            end < trigger_start
                && s.text[end..].starts_with("에 ")
                && !spans.iter().any(|&(start, _, _)| start > end && start < trigger_start)
        })
    };
    let Some(mut at) = spans.iter().rposition(|&(_, end, _)| end == object_end).or_else(sent_to) else {
        return Vec::new();
    };
    let mut legs = vec![spans[at].2];
    while at > 0 {
        let (_, prev_end, prev) = spans[at - 1];
        // `알마티와 우즈베키스탄 타슈켄트`: a country written only to locate the
        // next leg (no actor here) stands in the gap.
        let leg_start = s
            .mentions
            .iter()
            .find(|m| m.kind == ActorKind::Country && m.end + 1 == spans[at].0 && m.start >= prev_end)
            .map_or(spans[at].0, |m| m.start);
        let gap = &s.text[prev_end..leg_start];
        // `카자흐스탄 알마티와 우즈베키스탄 타슈켄트`: a country written before its
        // city locates the leg; the list goes on before it.
        if gap == " "
            && registry.actors[prev].kind == ActorKind::Country
            && registry.actors[spans[at].2].kind.is_place()
        {
            at -= 1;
            continue;
        }
        // `ERI(Eco Research Institute)와 신에츠쿼츠를 방문`: a leg's other form is no gap.
        let gap = match gap.strip_prefix('(').and_then(|g| g.split_once(')')) {
            Some((_, rest)) => rest,
            None => gap,
        };
        let joined = [",", ", ", "와 ", "과 ", " 및 ", "·", "ㆍ", "와", "과"].contains(&gap);
        if !joined || legs.contains(&prev) {
            break;
        }
        legs.push(prev);
        at -= 1;
    }
    legs.reverse();
    legs
}

/// Whether `at` lies inside parentheses (`ERI(Eco Research Institute)`).
fn in_parentheses(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.rfind('(').is_some_and(|open| !before[open..].contains(')'))
}

/// Actors written as the subject or topic of the sentence (`김 지사는`, `산업부가`).
pub(super) fn subjects_of(s: &Sentence, present: &[(usize, usize)]) -> Vec<usize> {
    let end_of = |start: usize| {
        s.mentions
            .iter()
            .find(|m| m.start == start)
            .map(|m| m.end)
            .or_else(|| s.references.iter().find(|r| r.0 == start).map(|r| r.1))
    };
    let mut out = Vec::new();
    for &(start, a) in present {
        let Some(end) = end_of(start) else { continue };
        let rest = &s.text[end..];
        let marked = ["은 ", "는 ", "이 ", "가 ", "께서 ", "은,", "는,"].iter().any(|p| rest.starts_with(p));
        if marked && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// The partner the trigger at `trigger_start` is about: the nearest actor of
/// the other side before it, else the first after it; not the article's own
/// side, a person, a country or the place it was held.
pub(super) fn focus_of(
    s: &Sentence,
    registry: &Registry,
    main: Option<usize>,
    trigger_start: usize,
    location: Option<usize>,
) -> Option<usize> {
    let other_side = |a: usize| {
        let actor = &registry.actors[a];
        Some(a) != main && Some(a) != location && actor.kind != ActorKind::Person && actor.kind != ActorKind::Country
    };
    let mut located: Vec<(usize, usize)> = s
        .mentions
        .iter()
        .zip(&s.actors)
        .filter_map(|(m, a)| a.map(|a| (m.start, a)))
        .chain(s.references.iter().map(|&(start, _, a)| (start, a)))
        .filter(|&(_, a)| other_side(a))
        .collect();
    located.sort();
    located
        .iter()
        .rev()
        .find(|(start, _)| *start < trigger_start)
        .or_else(|| located.iter().find(|(start, _)| *start >= trigger_start))
        .map(|&(_, a)| a)
}
