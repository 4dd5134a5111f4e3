//! Dates as Korean news writes them, resolved against the publication date.
//!
//! Absolute forms (`2020년 10월 30일`, `2024.04.04`) resolve on their own;
//! relative ones (`5일`, `오는 23일`, `지난 5월`, `21~29일`) need the
//! publication date for their month and year. A date that cannot be
//! resolved is `None`, never a guess.

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use regex::Regex;

/// A date found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// What a sentence says about time, beyond explicit dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeCues {
    /// `이날`, `같은 날`, `당일`, `이 자리에서`: the day last spoken of.
    pub same_day: bool,
    /// `지난 5월`: a month in the past, without a day.
    pub past_month: bool,
    /// `이어 …`, `이어서 …`: the sentence goes on with the day the last one named.
    pub follows: bool,
    /// `전날`: the day before the one last spoken of.
    pub day_before: bool,
    /// `다음날`, `이튿날`: the day after the one last spoken of.
    pub day_after: bool,
}

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*[~∼\-]\s*(\d{1,2})\s*일)?").unwrap()
});
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\b").unwrap());
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(?:(지난|오는)\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*[~∼\-]\s*(\d{1,2})\s*일)?").unwrap()
});
static DAY: LazyLock<Regex> = LazyLock::new(|| {
    // `5일`, `오는 23일`, `21~29일`, `5일과 6일`, `4일부터 8일까지`, `다음달 2일`, `지난달 30일`
    Regex::new(r"(?:^|[^\d월.])(?:(지난\s*달|다음\s*달|이번\s*달|이달|지난|오는)\s*)?(\d{1,2})\s*(?:일\s*(?:과|와|,|부터)\s*|일?\s*[~∼\-]\s*)?(\d{1,2})?\s*일").unwrap()
});
/// How many days after publication a date written without `오는` may still be
/// a coming one: news reports past days as `지난 N일`, and a bare day a little
/// after publication is a plan whose tense was not recognised.
const UPCOMING_DAYS: i64 = 14;
/// How many days before publication a planned date may fall and still be this
/// year's or this month's: a trip announced on its second day.
const STARTED_DAYS: i64 = 7;
/// What every `DOTTED` match contains, without its closing `\b`. A Unicode
/// word boundary keeps the regex off its DFA in non-ASCII text, so the
/// regex would walk every Korean sentence with a digit in its slowest
/// engine; this one needs no such walk and rules out almost all of them.
static DOTTED_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d").unwrap());
/// A verb in the past tense: the sentence reports, so a bare day after
/// publication is last month's.
static PAST_TENSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[었았였했됐렸켰쳤혔왔봤갔졌줬]다|[었았였했됐렸]으며|[었았였했됐]고").unwrap());
/// `10. 31(수)`: a press release's month and day with the weekday.
static DOTTED_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])(\d{1,2})\.\s*(\d{1,2})\.?\s*\(\s*[월화수목금토일]\s*\)").unwrap());
/// `31(수)`: a day with its weekday and no month, as a schedule writes it.
static DAY_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])(\d{1,2})\s*\(\s*([월화수목금토일])\s*\)").unwrap());
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^이])전날").unwrap());
static DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"다음\s?날|이튿날|이틀날|익일").unwrap());
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"이날|같은 날|당일|이 자리에서|그 자리에서").unwrap());
static PAST_MONTH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"지난\s*(?:해\s*)?\d{1,2}\s*월").unwrap());

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Dates in `sentence`. `planned` says the sentence speaks of the future,
/// which decides whether a bare day after the publication day is this month
/// (a plan) or last month (a report).
pub fn find_dates(sentence: &str, published: Option<NaiveDate>, planned: bool) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    // Every form has a digit, and all but the dotted one a `일`; most
    // sentences have neither, and looking costs less than the regexes.
    if !sentence
        .chars()
        .any(|c| c.is_ascii_digit() || (!c.is_ascii() && !crate::korean::is_hangul(c) && c.is_numeric()))
    {
        return found;
    }
    // The literals each form needs, checked before its regex is even set up.
    let days = sentence.contains('일');
    let months = days && sentence.contains('월');
    let years = months && sentence.contains('년');
    let taken = |found: &Vec<FoundDate>, s: usize, e: usize| found.iter().any(|f| s < f.end && f.start < e);

    for c in years.then(|| FULL.captures_iter(sentence)).into_iter().flatten() {
        let m = c.get(0).unwrap();
        let (y, mo, d) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        if let Some(date) = ymd(y, mo, d) {
            // A range ends after it starts; `14일~3일` is a typo, not a range.
            let end_date = c.get(4).and_then(|e| ymd(y, mo, e.as_str().parse().ok()?)).filter(|e| *e > date);
            found.push(FoundDate { start: m.start(), end: m.end(), date, end_date });
        }
    }
    for c in DOTTED_SHAPE.is_match(sentence).then(|| DOTTED.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(1).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        if let Some(date) = ymd(c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0)) {
            found.push(FoundDate { start: s, end: e, date, end_date: None });
        }
    }
    let Some(reference) = published else {
        found.sort_by_key(|f| f.start);
        return found;
    };
    let reported_past = !planned && PAST_TENSE.is_match(sentence);
    for c in months.then(|| MONTH_DAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(2).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        let (mo, d): (u32, u32) = (c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        let direction = c.get(1).map(|m| m.as_str());
        let mut year = reference.year();
        // A month later in the year than publication, not announced as coming, is last year's,
        // unless it is only days away; a planned one earlier in the year is next year's,
        // unless it began only days ago.
        let future = direction == Some("오는") || (direction.is_none() && planned);
        let upcoming = !reported_past;
        let same_year = ymd(year, mo, d).map(|x| (x - reference).num_days());
        if !future
            && (mo, d) > (reference.month(), reference.day())
            && !(upcoming && direction.is_none() && same_year.is_some_and(|n| n <= UPCOMING_DAYS))
        {
            year -= 1;
        } else if future
            && (mo, d) < (reference.month(), reference.day())
            && same_year.is_none_or(|n| n < -STARTED_DAYS)
        {
            year += 1;
        }
        if let Some(date) = ymd(year, mo, d) {
            let end_date = c.get(4).and_then(|x| ymd(year, mo, x.as_str().parse().ok()?)).filter(|e| *e > date);
            found.push(FoundDate { start: s, end: e, date, end_date });
        }
    }
    for c in sentence.contains('(').then(|| DOTTED_WEEKDAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(1).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        let (mo, d): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        // The publication's year, unless that puts the day well after publication.
        let year = match ymd(reference.year(), mo, d) {
            Some(date) if (date - reference).num_days() > UPCOMING_DAYS && !planned => reference.year() - 1,
            _ => reference.year(),
        };
        if let Some(date) = ymd(year, mo, d) {
            found.push(FoundDate { start: s, end: e, date, end_date: None });
        }
    }
    for c in sentence.contains('(').then(|| DAY_WEEKDAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(1).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        let d: u32 = c[1].parse().unwrap_or(0);
        let weekday = "월화수목금토일".chars().position(|w| c[2].starts_with(w)).unwrap_or(0);
        // The month around publication in which that day falls on that weekday, the nearest one.
        let this_month = reference.with_day(1).unwrap_or(reference);
        let date = [
            this_month.checked_sub_months(Months::new(1)),
            Some(this_month),
            this_month.checked_add_months(Months::new(1)),
        ]
        .into_iter()
        .flatten()
        .filter_map(|m| m.with_day(d))
        .filter(|x| x.weekday().num_days_from_monday() as usize == weekday)
        .min_by_key(|x| (*x - reference).num_days().abs());
        if let Some(date) = date {
            found.push(FoundDate { start: s, end: e, date, end_date: None });
        }
    }
    for c in days.then(|| DAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(1).or(c.get(2)).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) || is_duration(&sentence[..s], &sentence[e..]) {
            continue;
        }
        let d: u32 = c[2].parse().unwrap_or(0);
        let direction = c.get(1).map(|m| m.as_str().replace(' ', ""));
        let direction = direction.as_deref();
        let future = direction == Some("오는") || (direction.is_none() && planned);
        let this_month = reference.with_day(1).unwrap_or(reference);
        let ahead = i64::from(d) - i64::from(reference.day());
        let month_start = match direction {
            Some("다음달") => this_month.checked_add_months(Months::new(1)),
            Some("지난달") => this_month.checked_sub_months(Months::new(1)),
            Some("이달" | "이번달") => Some(this_month),
            _ if future && ahead < -STARTED_DAYS => this_month.checked_add_months(Months::new(1)),
            _ if !future && ahead > 0 && !(!reported_past && direction.is_none() && ahead <= UPCOMING_DAYS) => {
                this_month.checked_sub_months(Months::new(1))
            }
            _ => Some(this_month),
        };
        let Some(month_start) = month_start else { continue };
        if let Some(date) = month_start.with_day(d) {
            let end_date = c.get(3).and_then(|x| month_start.with_day(x.as_str().parse().ok()?));
            // `5일과 6일` and `21~29일` are one span of days; keep the end only when it is later.
            let end_date = end_date.filter(|e| *e > date);
            found.push(FoundDate { start: s, end: e, date, end_date });
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The latest date an article writes out in full (`2022.12.4` under a photo,
/// `2019.03.15 (금)` in a page's header): when the article gives no
/// publication date, the day its relative days (`4일`, `3월 14일`) are told
/// from. Written dates before publication are the rule; the latest is the
/// closest to it.
pub fn latest_written_date(text: &str) -> Option<NaiveDate> {
    find_dates(text, None, false).into_iter().map(|f| f.date).max()
}

/// `3박 4일`, `5일간`, `3일 동안`: a number of days, not a day of the month;
/// `before` and `after` are the text either side of the days.
fn is_duration(before: &str, after: &str) -> bool {
    let nights =
        before.trim_end().strip_suffix('박').is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()));
    nights || after.starts_with('간') || after.trim_start().starts_with("동안")
}

pub fn time_cues(sentence: &str) -> TimeCues {
    let opening = sentence.trim_start().trim_start_matches(['(', '[', '△', '▲', '-', '·', ' ']);
    TimeCues {
        same_day: SAME_DAY.is_match(sentence),
        past_month: sentence.contains("지난") && PAST_MONTH.is_match(sentence),
        day_before: sentence.contains("전날") && DAY_BEFORE.is_match(sentence),
        day_after: DAY_AFTER.is_match(sentence),
        follows: ["이어 ", "이어서 ", "이어,", "또 이어"].iter().any(|cue| opening.starts_with(cue)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn first(s: &str, published: Option<NaiveDate>, planned: bool) -> Option<(NaiveDate, Option<NaiveDate>)> {
        find_dates(s, published, planned).first().map(|f| (f.date, f.end_date))
    }

    #[test]
    fn a_press_release_day_with_its_weekday_takes_the_publication_year() {
        assert_eq!(first("일시: 10. 31(수) 11:00", Some(d(2007, 10, 31)), false), Some((d(2007, 10, 31), None)));
    }

    #[test]
    fn a_day_with_its_weekday_takes_the_month_where_the_weekday_fits() {
        // 2023-03-31 is a Friday, 2023-05-31 a Wednesday.
        assert_eq!(
            first("31(금) 오전 10시 도청에서 회의를 연다", Some(d(2023, 4, 3)), true),
            Some((d(2023, 3, 31), None))
        );
        assert_eq!(
            first("31(수) 오전 10시 도청에서 회의를 연다", Some(d(2023, 5, 20)), true),
            Some((d(2023, 5, 31), None))
        );
        // A weekday that fits no month nearby names no day.
        assert_eq!(first("31(월) 회의", Some(d(2023, 5, 20)), true), None);
    }

    #[test]
    fn the_day_before_and_after_are_cues() {
        assert!(time_cues("전날 대사관에서 주석을 만난 군수는").day_before);
        assert!(!time_cues("이전날 기록").day_before);
        assert!(time_cues("다음날에는 공장을 방문했다").day_after && time_cues("이튿날 포럼에 참석했다").day_after);
        assert!(!time_cues("이날 협약을 맺었다").day_before);
    }

    #[test]
    fn absolute_dates_need_no_publication_date() {
        assert_eq!(first("2020년 10월 30일 열린 포럼", None, false), Some((d(2020, 10, 30), None)));
        assert_eq!(first("협약일: 2024.04.04 체결", None, false), Some((d(2024, 4, 4), None)));
    }

    #[test]
    fn relative_days_resolve_against_publication() {
        let p = Some(d(2024, 5, 14));
        assert_eq!(first("도는 5일 협약을 체결했다", p, false), Some((d(2024, 5, 5), None)));
        assert_eq!(first("오는 23일 포럼을 연다", p, true), Some((d(2024, 5, 23), None)));
        assert_eq!(first("오는 3일 출국한다", p, true), Some((d(2024, 6, 3), None)));
        assert_eq!(first("20일 회의가 열렸다", p, false), Some((d(2024, 4, 20), None)));
        assert_eq!(first("오는 21~29일 방문한다", p, true), Some((d(2024, 5, 21), Some(d(2024, 5, 29)))));
        assert_eq!(first("12월 3일 개최", p, false), Some((d(2023, 12, 3), None)));
        // A day just after publication in a sentence without a past tense is coming.
        assert_eq!(first("대표단은 20일 간담회를 갖는다", p, false), Some((d(2024, 5, 20), None)));
        assert_eq!(first("사절단은 다음달 2일 방한해 머물 것으로 알려졌다", p, false), Some((d(2024, 6, 2), None)));
        assert_eq!(first("지난달 30일 협약을 체결했다", p, false), Some((d(2024, 4, 30), None)));
        // A trip announced on its second day began this month and this year.
        assert_eq!(first("10일부터 18일까지 방문한다", p, true), Some((d(2024, 5, 10), Some(d(2024, 5, 18)))));
        assert_eq!(first("5월 12일부터 방문한다", p, true), Some((d(2024, 5, 12), None)));
    }

    #[test]
    fn an_article_without_a_dateline_is_told_from_its_latest_written_date() {
        let text = "2015년 3월 5일 협정을 맺었다. 시장이 4일 공항에 도착하고 있다. 2021.6.4 사진 제공";
        assert_eq!(latest_written_date(text), Some(d(2021, 6, 4)));
        assert_eq!(latest_written_date("시장이 4일 공항에 도착했다."), None);
    }

    #[test]
    fn a_number_of_days_is_no_day() {
        let p = Some(d(2024, 5, 14));
        assert_eq!(first("20일부터 3박 4일 일정으로 방문한다", p, true), Some((d(2024, 5, 20), None)));
        assert_eq!(find_dates("3박 4일 일정으로 방문한다", p, true), vec![]);
        assert_eq!(find_dates("5일간 머물며 협의한다", p, true), vec![]);
        assert_eq!(find_dates("3일 동안 박람회가 열린다", p, true), vec![]);
    }

    #[test]
    fn unresolvable_dates_are_left_out() {
        assert_eq!(first("5일 협약을 체결했다", None, false), None);
        assert!(find_dates("지난 5월 방문했다", Some(d(2024, 9, 1)), false).is_empty());
        assert!(time_cues("지난 5월 방문했다").past_month);
        assert!(time_cues("이날 회의에서").same_day);
        assert!(find_dates("2억달러 규모, 50주년", Some(d(2024, 9, 1)), false).is_empty());
    }

    #[test]
    fn a_range_never_ends_before_it_starts() {
        let p = Some(d(2024, 5, 14));
        assert_eq!(first("2024년 5월 14일~3일 열린 박람회", None, false), Some((d(2024, 5, 14), None)));
        assert_eq!(first("5월 14일~3일 열린 박람회", p, false), Some((d(2024, 5, 14), None)));
        assert_eq!(first("2024년 5월 3일~14일 박람회", None, false), Some((d(2024, 5, 3), Some(d(2024, 5, 14)))));
    }
}
