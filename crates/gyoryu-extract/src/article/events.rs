//! Events, sentence by sentence: each trigger that names a happening here
//! makes a candidate with its participants, place, day and status. What the
//! sentences before have said ([`Story`]) fills in what a sentence leaves out:
//! the day, the two sides of `양측`, the omitted subject.

use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_model::{ActorKind, EventKind, EventStatus};
use regex::Regex;

use super::candidates::{
    amounts_and_fields, label_hint, location_in, object_before, refers_back, trigger_stands_alone, Candidate,
};
use super::merge::merge_duplicates;
use super::participants::{focus_of, gather, paired_parties, present_in, subjects_of, visited_list};
use super::registry::Registry;
use super::status::{is_anniversary, Days};
use super::Sentence;
use crate::korean::after_last_space;
use crate::lexicon::{Hit, Lexicon, Trigger};

static BOTH_SIDES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"양측|양 측|양 지역|양 기관|양국|양 도시|양 지자체|양 도|양 시").unwrap());

/// What the sentences read so far leave for the next ones.
#[derive(Default)]
struct Story {
    /// The days named so far.
    days: Days,
    /// The participants of the last event found: the two sides `양측` means.
    last_parties: Vec<usize>,
    /// The article's own officials named last: the subject a sentence leaves out.
    last_home_persons: Vec<usize>,
    /// The subjects last written: they carry over to a sentence without one.
    last_subjects: Vec<usize>,
}

impl Story {
    /// The actors a sentence speaks of, in order (`present`), and for `양측`
    /// (`both_sides`) the parties of the last event too.
    fn actors_of(&self, present: &[(usize, usize)], both_sides: bool) -> Vec<usize> {
        let mut actors: Vec<usize> = Vec::new();
        for (_, a) in present {
            if !actors.contains(a) {
                actors.push(*a);
            }
        }
        if both_sides {
            for a in &self.last_parties {
                if !actors.contains(a) {
                    actors.push(*a);
                }
            }
        }
        actors
    }

    /// Notes the article's own officials among a sentence's `actors`.
    fn note_home_persons(&mut self, registry: &Registry, main: Option<usize>, actors: &[usize]) {
        let home_persons: Vec<usize> = actors
            .iter()
            .copied()
            .filter(|&a| {
                registry.actors[a].kind == ActorKind::Person && main.is_some() && registry.actors[a].affiliation == main
            })
            .collect();
        if !home_persons.is_empty() {
            self.last_home_persons = home_persons;
        }
    }

    /// The sentence's own subject (`김용래 통상차관보는`) is noted; without one,
    /// the previous sentence's subject carries over (`또 알마티로 이동해 …`) and
    /// is returned.
    fn carry_subjects(&mut self, subjects: Vec<usize>) -> Vec<usize> {
        if subjects.is_empty() {
            self.last_subjects.clone()
        } else {
            self.last_subjects = subjects;
            Vec::new()
        }
    }
}

/// Every event the article reports, one per happening.
pub(super) fn find_events(
    lexicon: &Lexicon,
    sentences: &[Sentence],
    registry: &Registry,
    published: Option<NaiveDate>,
    main: Option<usize>,
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut story = Story::default();
    for (si, s) in sentences.iter().enumerate() {
        let hits = lexicon.find_triggers(s.text);
        let time = story.days.read(lexicon, s.text, published, &hits);
        let present = present_in(s);
        let both_sides = BOTH_SIDES.find(s.text);
        let sentence_actors = story.actors_of(&present, both_sides.is_some());
        story.note_home_persons(registry, main, &sentence_actors);
        let subjects = subjects_of(s, &present);
        let carried = story.carry_subjects(subjects.clone());
        // `A와 협약을 체결한 데 이어 B와 협약을 맺었다`: each clause tells a happening
        // of its own, with the parties it names and the sentence's subject.
        let breaks = lexicon.clause_breaks(s.text);
        let clause_of = |at: usize| breaks.iter().take_while(|&&b| b <= at).count();
        let mut kinds_done: Vec<(EventKind, usize)> = Vec::new();
        let first_candidate = candidates.len();
        // Amounts and fields are the sentence's, the same for each of its triggers.
        let mut amounts_and_fields_here: Option<(Vec<String>, Vec<String>)> = None;
        // `협약에 따라 양 도시는 … 상호 방문 등을 추진한다`: what follows lists
        // what the agreement provides, not happenings.
        let provided_from = hits
            .iter()
            .find(|h| lexicon.trigger(h).kind == EventKind::Agreement && s.text[h.end..].starts_with("에 따라"))
            .map(|h| h.end);
        for hit in hits {
            let trigger = lexicon.trigger(&hit);
            if provided_from.is_some_and(|from| hit.start > from) {
                continue;
            }
            let clause = clause_of(hit.start);
            if kinds_done.contains(&(trigger.kind, clause)) || !names_a_happening(lexicon, s, &hit, trigger) {
                continue;
            }
            let clause_actors;
            let actors = if breaks.is_empty() {
                &sentence_actors
            } else {
                let here: Vec<(usize, usize)> = present
                    .iter()
                    .copied()
                    .filter(|&(at, a)| clause_of(at) == clause || subjects.contains(&a))
                    .collect();
                clause_actors = story.actors_of(&here, both_sides.is_some());
                &clause_actors
            };
            // `방문해 … 논의했다`: the weak verb tells more of the happening already found,
            // unless it meets someone of the other side by name (`방문, 응우옌반찌 빈푹성장을 만나`):
            // talks with a named official are a meeting of their own.
            let meets_someone = trigger.named_talks
                && actors.iter().any(|&a| {
                    let actor = &registry.actors[a];
                    actor.kind == ActorKind::Person
                        && main.is_some()
                        && actor.affiliation.is_some()
                        && actor.affiliation != main
                });
            if !trigger.strong && candidates.len() > first_candidate && !meets_someone {
                continue;
            }
            let after = &s.text[hit.end..];
            // Speakers talk of the happening being reported (`이번 방문을 통해`),
            // or in figures of speech: a trigger in quoted words tells of an event
            // of its kind already found, or of the one the story is about
            // (`이번`), or of none.
            let in_quote = s.quoted.iter().any(|&(start, end)| start <= hit.start && hit.end <= end);
            let told_before = refers_back(lexicon, s.text, hit.start, hit.end);
            if in_quote && !told_before && !candidates.iter().any(|c| c.kind == trigger.kind) {
                continue;
            }
            let anaphoric =
                in_quote || told_before || (!trigger.strong && both_sides.is_some_and(|b| b.start() < hit.start));
            // `이번 포럼의 부대행사로`: the event named only to place another one.
            if anaphoric && after.starts_with('의') {
                continue;
            }
            let anniversary = is_anniversary(after);
            // Participants: the sentence's actors, persons' governments, and the
            // article's main actor when the subject is left out.
            let location = location_in(s, trigger);
            let participants = gather(registry, main, trigger, location, actors, &carried, &story.last_home_persons);
            // A weak trigger (`만나`, `논의`) needs a party named in the sentence besides the article's own side.
            let named_partner = actors
                .iter()
                .any(|&a| Some(a) != main && registry.actors[a].affiliation.is_none_or(|b| Some(b) != main));
            if !trigger.strong && !named_partner {
                continue;
            }
            if participants.is_empty() {
                continue;
            }
            // `지난해 … 체결한 데 이어 올해 …`: a clause looks back or ahead on its own.
            let status = match clause_text(s.text, &breaks, clause) {
                Some(text) if !anniversary => {
                    if lexicon.looks_back(text) {
                        EventStatus::Past
                    } else if lexicon.is_planned(s.text) {
                        EventStatus::Planned
                    } else {
                        EventStatus::Reported
                    }
                }
                _ => time.status(anniversary),
            };
            let (date, end_date) = match time.trip_day(after).filter(|_| trigger.kind == EventKind::Visit) {
                Some(start) => (Some(start), None),
                None => time.event_dates(anniversary, hit.start),
            };
            if !anniversary {
                kinds_done.push((trigger.kind, clause));
            }
            story.last_parties = participants.clone();
            let (amounts, fields) =
                amounts_and_fields_here.get_or_insert_with(|| amounts_and_fields(lexicon, s.text)).clone();
            let candidate = Candidate {
                kind: trigger.kind,
                trigger: trigger.surface.clone(),
                participants,
                location,
                date,
                end_date,
                status,
                sentence: si,
                strong: trigger.strong,
                amounts,
                fields,
                label_hint: label_hint(s.text, hit.start, hit.end),
                // Where a meeting was held says nothing of whom it was with; where a visit went does.
                focus: focus_of(s, registry, main, hit.start, location.filter(|_| !trigger.goes_to)),
                anaphoric,
            };
            push_split(s, registry, trigger, hit.start, candidate, &mut candidates);
        }
    }
    merge_duplicates(candidates)
}

/// The text of clause `clause` of a sentence cut at `breaks`; `None` when
/// the sentence is one clause.
fn clause_text<'t>(text: &'t str, breaks: &[usize], clause: usize) -> Option<&'t str> {
    if breaks.is_empty() {
        return None;
    }
    let start = if clause == 0 { 0 } else { breaks[clause - 1] };
    let end = breaks.get(clause).copied().unwrap_or(text.len());
    Some(&text[start..end])
}

/// Whether the trigger at `hit` names a happening here: it is no part of a
/// name, it ends where a happening's word may (`방문해`, not `방문객`), and a
/// trigger that needs an object has one (`센터를 찾아`).
fn names_a_happening(lexicon: &Lexicon, s: &Sentence, hit: &Hit, trigger: &Trigger) -> bool {
    let inside_name = s.mentions.iter().any(|m| m.start <= hit.start && hit.end <= m.end);
    if inside_name || !trigger_stands_alone(lexicon, s.text, hit.end) {
        return false;
    }
    if lexicon.names_a_kind_of_agreement(&s.text[after_last_space(&s.text[..hit.start])..hit.start]) {
        return false;
    }
    !trigger.needs_object || object_before(s, hit.start)
}

/// Adds `candidate`, or one candidate per pair or per leg when the sentence
/// lists them and the trigger asks for it ([`Trigger::per_pair`],
/// [`Trigger::per_leg`]).
fn push_split(
    s: &Sentence,
    registry: &Registry,
    trigger: &Trigger,
    trigger_start: usize,
    candidate: Candidate,
    candidates: &mut Vec<Candidate>,
) {
    // `전남TP-송산호STP, 충북TP-생태산업원 … MOU`: one agreement per pair.
    let pairs = if trigger.per_pair { paired_parties(s, registry, trigger_start) } else { Vec::new() };
    if pairs.len() >= 2 {
        for &(a, b) in &pairs {
            let mut one = candidate.clone();
            one.participants = vec![a, b];
            one.focus = Some(b);
            one.anaphoric = false;
            one.label_hint = None;
            candidates.push(one);
        }
        return;
    }
    // `지식경제부, 기획재정부, 산업은행을 방문`, `러시아와 중국 방문길`: one visit per leg.
    let legs = if trigger.per_leg { visited_list(s, registry, trigger_start) } else { Vec::new() };
    if legs.len() < 2 {
        candidates.push(candidate);
        return;
    }
    for (n, &leg) in legs.iter().enumerate() {
        let mut one = candidate.clone();
        one.participants.retain(|p| *p == leg || !legs.contains(p));
        one.focus = Some(leg);
        one.anaphoric = false;
        let place = registry.actors[leg].kind.is_place();
        if place {
            one.location = Some(leg);
        } else if one.location.is_some_and(|l| legs.contains(&l)) {
            one.location = None;
        }
        // A trip starts at its first place; the others' days are not written here.
        // Offices called on in one day share it.
        if n > 0 && place {
            one.date = None;
            one.end_date = None;
        }
        candidates.push(one);
    }
}
