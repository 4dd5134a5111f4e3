//! One event per happening: candidates of one kind about the same partner,
//! on compatible dates and places, merge into one.

use gyoryu_model::EventStatus;

use super::candidates::Candidate;

/// One event per happening: candidates of one kind about the same partner, on
/// compatible dates, are one event.
pub(super) fn merge_duplicates(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut merged: Vec<Candidate> = Vec::new();
    for c in candidates {
        let compatible = |e: &Candidate| {
            e.kind == c.kind
                && (c.anaphoric || e.date.is_none() || c.date.is_none() || e.date == c.date)
                // A happening long past is not the one being reported.
                && (c.anaphoric || (e.status == EventStatus::Past) == (c.status == EventStatus::Past))
                // Held in two different places, it happened twice.
                && (c.anaphoric || e.location.is_none() || c.location.is_none() || e.location == c.location)
        };
        let position = match c.focus {
            _ if c.anaphoric => merged.iter().rposition(&compatible),
            Some(f) => merged.iter().position(|e| compatible(e) && e.focus == Some(f)),
            // `이번 협정은 …` names no partner: it speaks of the last event of its kind.
            None => merged.iter().rposition(compatible),
        };
        let same = position.map(|i| &mut merged[i]);
        match same {
            Some(e) => {
                for p in c.participants {
                    if !e.participants.contains(&p) {
                        e.participants.push(p);
                    }
                }
                if !c.anaphoric || e.date.is_none() {
                    e.date = e.date.or(c.date);
                }
                // A range from another sentence may end before this event's day.
                e.end_date = e.end_date.or(c.end_date).filter(|end| e.date.is_some_and(|d| *end > d));
                e.location = e.location.or(c.location);
                e.strong |= c.strong;
            }
            None => merged.push(c),
        }
    }
    merged
}
