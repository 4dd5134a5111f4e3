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
}

static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*[~∼\-]\s*(\d{1,2})\s*일)?").unwrap()
});
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\b").unwrap()
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(?:(지난|오는)\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*[~∼\-]\s*(\d{1,2})\s*일)?").unwrap()
});
static DAY: LazyLock<Regex> = LazyLock::new(|| {
    // `5일`, `오는 23일`, `21~29일`, `5일과 6일`, `4일부터 8일까지`
    Regex::new(r"(?:^|[^\d월.])(?:(지난|오는)\s*)?(\d{1,2})\s*(?:일\s*(?:과|와|,|부터)\s*|일?\s*[~∼\-]\s*)?(\d{1,2})?\s*일").unwrap()
});
/// What every `DOTTED` match contains, without its closing `\b`. A Unicode
/// word boundary keeps the regex off its DFA in non-ASCII text, so the
/// regex would walk every Korean sentence with a digit in its slowest
/// engine; this one needs no such walk and rules out almost all of them.
static DOTTED_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d").unwrap());
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
    if !sentence.chars().any(|c| c.is_ascii_digit() || (!c.is_ascii() && !('가'..='힣').contains(&c) && c.is_numeric())) {
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
    for c in months.then(|| MONTH_DAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(2).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        let (mo, d): (u32, u32) = (c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        let direction = c.get(1).map(|m| m.as_str());
        let mut year = reference.year();
        // A month later in the year than publication, not announced as coming, is last year's.
        let future = direction == Some("오는") || (direction.is_none() && planned);
        if !future && (mo, d) > (reference.month(), reference.day()) {
            year -= 1;
        } else if future && (mo, d) < (reference.month(), reference.day()) {
            year += 1;
        }
        if let Some(date) = ymd(year, mo, d) {
            let end_date = c.get(4).and_then(|x| ymd(year, mo, x.as_str().parse().ok()?)).filter(|e| *e > date);
            found.push(FoundDate { start: s, end: e, date, end_date });
        }
    }
    for c in days.then(|| DAY.captures_iter(sentence)).into_iter().flatten() {
        let (s, e) = (c.get(1).or(c.get(2)).unwrap().start(), c.get(0).unwrap().end());
        if taken(&found, s, e) {
            continue;
        }
        let d: u32 = c[2].parse().unwrap_or(0);
        let direction = c.get(1).map(|m| m.as_str());
        let future = direction == Some("오는") || (direction.is_none() && planned);
        let this_month = reference.with_day(1).unwrap_or(reference);
        let month_start = if future && d < reference.day() {
            this_month.checked_add_months(Months::new(1))
        } else if !future && d > reference.day() {
            this_month.checked_sub_months(Months::new(1))
        } else {
            Some(this_month)
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

pub fn time_cues(sentence: &str) -> TimeCues {
    TimeCues { same_day: SAME_DAY.is_match(sentence), past_month: sentence.contains("지난") && PAST_MONTH.is_match(sentence) }
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
