//! An event's day and status from its sentence and the days named before:
//! a planned happening (`개최할 예정이다`), one long past (`지난해 체결한`), the
//! day of an announcement that is not the event's (`19일 밝혔다`), `이날` and
//! `이어` for the day last named, and a report going on about its day.

use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_model::EventStatus;
use regex::Regex;

use crate::dates::{find_dates, time_cues};
use crate::lexicon::{Hit, Lexicon};

/// `… 19일 밝혔다`, `11일 도에 따르면`: the day a thing was told, not the day it happened.
static ANNOUNCED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*(?:밝혔|밝히|전했|발표했|알렸|(?:\S+에\s*)?따르면|["“'‘])"#).unwrap());
/// A sentence that ends in the past tense: it reports what was done.
static ENDS_PAST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[었았였했됐렸켰쳤혔왔봤갔졌줬]다[\s.!"”'’)]*$"#).unwrap());
/// `방문 마지막 일정으로`, `방문 둘째 날인`, `순방 기간 중`: the trigger names the whole
/// trip, one part of which the sentence tells.
static PART_OF_TRIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:마지막|첫|첫째|둘째|셋째|넷째|다섯째)\s*(?:날|일정)|^\s*(?:기간|일정)\s*(?:중|동안|에|의|으로)|^\s*(?:첫날|이틀째|사흘째|나흘째|닷새째)").unwrap()
});
/// `자매결연 50주년`, `자매도시 협정 체결 20주년`: the trigger, perhaps with
/// the nouns that name the signing, then the count of years.
static ANNIVERSARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*(?:협정|협약|체결|결연|조인|서명|수교|교류)){0,3}\s*\d+\s*주년").unwrap());

/// `1992년`, `2015년에`: a year written out.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})\s*년").unwrap());

/// Whether the sentence names a year before the one it was published in
/// (`1992년 자매결연을 체결한 이후`): it looks back.
fn names_an_earlier_year(text: &str, published: Option<NaiveDate>) -> bool {
    let Some(published) = published else { return false };
    text.contains('년')
        && YEAR.captures_iter(text).any(|c| c[1].parse::<i32>().is_ok_and(|y| y < chrono::Datelike::year(&published)))
}

/// The days the sentences read so far have named.
#[derive(Default)]
pub(super) struct Days {
    /// The last day a sentence named.
    last: Option<NaiveDate>,
    /// The last day named in a sentence that neither plans nor looks back:
    /// the day a report goes on about.
    last_reported: Option<NaiveDate>,
    /// The first day of the last span of days named (`28일부터 4일까지`): the trip.
    trip_start: Option<NaiveDate>,
}

/// What one sentence says of time.
pub(super) struct SentenceTime {
    planned: bool,
    /// A past written out (`지난해`, `바 있다`), not only a past month.
    past_written: bool,
    /// `지난 5월`: a month in the past without a day.
    past_month: bool,
    /// Whether the sentence names a day of its own.
    names_a_day: bool,
    /// The sentence's day (and last day of a range), its own or the one it goes on from.
    date: Option<(NaiveDate, Option<NaiveDate>)>,
    /// The days the sentence names itself, where each begins, less those that
    /// end a span (`5일까지`): `4일 … 방문하고 5일에는 … 체결한다` dates each
    /// happening by the day named before it.
    own: Vec<(usize, NaiveDate, Option<NaiveDate>)>,
    /// The first day of the last span of days named, this sentence's or before.
    trip_start: Option<NaiveDate>,
}

impl Days {
    /// Reads the time of one sentence, whose triggers are `hits`, and notes the
    /// day it names for the sentences after it.
    pub(super) fn read(
        &mut self,
        lexicon: &Lexicon,
        text: &str,
        published: Option<NaiveDate>,
        hits: &[Hit],
    ) -> SentenceTime {
        let planned = lexicon.is_planned(text);
        // `… 열었다고 19일 밝혔다`: the day of the announcement is not the event's.
        let (announced, dates): (Vec<_>, Vec<_>) =
            find_dates(text, published, planned).into_iter().partition(|d| ANNOUNCED.is_match(&text[d.end..]));
        let cues = time_cues(text);
        // `전날 … 만난`, `다음날 … 방문했다`: a day from the one last spoken of.
        let shifted = match (cues.day_before, cues.day_after) {
            (true, false) => self.last.or(published).and_then(|d| d.pred_opt()),
            (false, true) => self.last.or(published).and_then(|d| d.succ_opt()),
            _ => None,
        };
        let past_written = lexicon.looks_back(text) || names_an_earlier_year(text, published);
        let past = past_written || cues.past_month;
        // A report goes on about the day it has named (`30일 … 포럼을 개최했다`,
        // then `… MOU를 체결했다`) until it names another, plans or looks back.
        let narrative_day = (!planned && !past).then_some(self.last_reported).flatten();
        // `이날` before any day is named: the day of the report.
        let same_day = (cues.same_day && !cues.past_month).then_some(()).and(self.last.or(published));
        // `투자협약에 이어 … 설명회를 열어`: the day of the happening it follows.
        let after_event = hits.iter().any(|h| text[h.end..].starts_with("에 이어"));
        // `접견에 이어 지난 6월 협약을 한 기업을 방문한다`: a past month that does not
        // end the sentence tells of something else in it, not of the happening.
        let past_month = cues.past_month && (!after_event || ENDS_PAST.is_match(text));
        let following = ((cues.follows && !past) || (after_event && !past_month)).then_some(()).and(self.last);
        let date = dates
            .first()
            .map(|d| (d.date, d.end_date))
            .or_else(|| shifted.or(same_day).or(following).or(narrative_day).map(|d| (d, None)));
        if let Some(d) = dates.first().map(|d| d.date) {
            self.last = Some(d);
            self.last_reported = (!planned && !past).then_some(d);
        } else if let Some(d) = shifted.filter(|_| cues.day_after) {
            // A story goes on from the next day; `전날` is a look back that leaves the day it left.
            self.last = Some(d);
            self.last_reported = (!planned && !past).then_some(d);
        } else if let Some(d) = announced.first().map(|d| d.date) {
            // `… 했다고 5일 밝혔다`: no day of an event, but the day `이날` and `전날` are told from.
            self.last = Some(d);
        }
        if let Some(span) = dates.iter().find(|d| d.end_date.is_some() || text[d.start..d.end].contains("부터")) {
            self.trip_start = Some(span.date);
        }
        let own = dates
            .iter()
            .filter(|d| !text[d.end..].trim_start().starts_with("까지"))
            .map(|d| (d.start, d.date, d.end_date))
            .collect();
        SentenceTime {
            planned,
            past_written,
            past_month,
            names_a_day: !dates.is_empty(),
            date,
            own,
            trip_start: self.trip_start,
        }
    }
}

impl SentenceTime {
    /// The status of an event the sentence reports; `anniversary`: it is the
    /// anniversary of the happening (`자매결연 50주년`).
    /// The first day of the trip for a trigger that names the whole of it
    /// (`UAE 방문 마지막 일정으로는`) in a sentence that names no day of its own,
    /// when a span of days has been named; `after` is the text after the
    /// trigger. Without it the trip would take the day a leg before was told.
    pub(super) fn trip_day(&self, after: &str) -> Option<NaiveDate> {
        self.trip_start.filter(|_| !self.names_a_day && PART_OF_TRIP.is_match(after))
    }

    pub(super) fn status(&self, anniversary: bool) -> EventStatus {
        if anniversary || self.past_written {
            EventStatus::Past
        } else if self.planned {
            EventStatus::Planned
        } else {
            EventStatus::Reported
        }
    }

    /// The first and last day of an event whose trigger is at `at`: none for
    /// an anniversary, or for a month long past with no day named; else the
    /// last day the sentence names before the trigger, or the sentence's day.
    pub(super) fn event_dates(&self, anniversary: bool, at: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let before = self.own.iter().rev().find(|(start, _, _)| *start < at).map(|&(_, d, e)| (d, e));
        match before.or(self.date) {
            Some((d, e)) if !anniversary && (!self.past_month || self.names_a_day) => (Some(d), e),
            _ => (None, None),
        }
    }
}

/// `자매결연 50주년`: `after` (the text after a trigger) makes it the
/// anniversary of a happening long past.
pub(super) fn is_anniversary(after: &str) -> bool {
    after.contains("주년") && ANNIVERSARY.is_match(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, day).unwrap()
    }

    #[test]
    fn each_happening_takes_the_day_named_before_it() {
        // `4일 시청을 방문하고 5일에는 협약을 체결할 예정이다`
        let time = SentenceTime {
            planned: true,
            past_written: false,
            past_month: false,
            names_a_day: true,
            date: Some((d(4), None)),
            own: vec![(0, d(4), None), (20, d(5), None)],
            trip_start: Some(d(2)),
        };
        assert_eq!(time.event_dates(false, 10), (Some(d(4)), None));
        assert_eq!(time.event_dates(false, 40), (Some(d(5)), None));
        // A trigger before any day named takes the sentence's first.
        let ahead = SentenceTime { own: vec![(30, d(5), None)], date: Some((d(5), None)), ..time };
        assert_eq!(ahead.event_dates(false, 3), (Some(d(5)), None));
        assert_eq!(ahead.event_dates(true, 40), (None, None));
    }

    #[test]
    fn a_trigger_naming_the_whole_trip_takes_its_first_day() {
        // `UAE 방문 마지막 일정으로는 간담회를 열었다`, after `19일부터 23일까지 …` and a leg on the 21st.
        let time = SentenceTime {
            planned: false,
            past_written: false,
            past_month: false,
            names_a_day: false,
            date: Some((d(21), None)),
            own: vec![],
            trip_start: Some(d(19)),
        };
        assert_eq!(time.trip_day(" 마지막 일정으로는"), Some(d(19)));
        assert_eq!(time.trip_day(" 둘째 날에는"), Some(d(19)));
        assert_eq!(time.trip_day(" 기간 중 공장을"), Some(d(19)));
        assert_eq!(time.trip_day("해 지사를 만났다"), None);
        // `순방 마지막 날인 23일`: the sentence's own day is what it tells of.
        let own_day = SentenceTime { names_a_day: true, own: vec![(20, d(23), None)], ..time };
        assert_eq!(own_day.trip_day(" 마지막 날인 23일"), None);
        assert_eq!(SentenceTime { trip_start: None, ..own_day }.trip_day(" 마지막 일정으로는"), None);
    }

    #[test]
    fn a_sentence_ending_in_the_past_tense_is_told_apart() {
        assert!(ENDS_PAST.is_match("협약을 체결했다."));
        assert!(ENDS_PAST.is_match("방문했다\""));
        assert!(!ENDS_PAST.is_match("지난 6월 협약을 한 기업 본사를 방문, 사업 방향을 모색한다."));
    }
}
