//! Finding an article's publication date in metadata strings, URLs and text.
//!
//! Korean news pages state the date in many shapes (`입력 2023.10.05 14:03`,
//! `기사입력 2023-10-05`, `2023년 10월 5일`), and the body of a story is full of
//! other dates (the day of the signing, last year's visit). So a date is only
//! taken from places that announce a publication date; anything else stays
//! `None` rather than being guessed.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::text::has_numeric_run;

/// Years outside this range are taken as misreadings (ids, phone numbers).
const MIN_YEAR: i32 = 1990;
const MAX_YEAR: i32 = 2100;

pub(crate) fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A numeric date with `-`, `.`, `/` or `년 월` between the parts.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})").unwrap()
});

/// Parses a date or date-time string as found in metadata or a JSON record:
/// `2023-10-05`, `2023-10-05T14:03:00+09:00`, `2023.10.05 14:03`, `20231005`.
///
/// The calendar date is taken as written: converting `23:30+09:00` to UTC
/// would move a Korean evening story to the previous day.
pub fn parse_date_str(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(c) = NUMERIC_DATE.captures(s) {
        if c.get(0)?.start() <= 2 {
            return ymd(&c[1], &c[2], &c[3]);
        }
    }
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 8 {
        return ymd(&digits[0..4], &digits[4..6], &digits[6..8]);
    }
    None
}

static URL_SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$|[?#._-])").unwrap());
static URL_DASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{4})-(\d{2})-(\d{2})(?:\D|$)").unwrap());
static DIGIT_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").unwrap());

/// Reads a date out of an article URL: `/2023/10/05/`, `2023-10-05` or an
/// eight-digit `20231005` (also at the head of a 12- or 14-digit timestamp).
///
/// Longer digit runs are article ids more often than dates, so they are left alone.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    if let Some(c) = URL_SLASHED.captures(url) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some(d);
        }
    }
    if let Some(c) = URL_DASHED.captures(url) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some(d);
        }
    }
    DIGIT_RUN.find_iter(url).find_map(|m| {
        let run = m.as_str();
        if matches!(run.len(), 8 | 12 | 14) {
            ymd(&run[0..4], &run[4..6], &run[6..8])
        } else {
            None
        }
    })
}

/// A label announcing publication (or revision) followed by a date.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (기사\s*)?
        (최초\s*입력|최종\s*수정|입력|작성|등록|승인|게재|발행|송고|배포|수정|업데이트)
        (?:일시|일자|시간|일)?
        \s*[:：]?\s*
        (\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})",
    )
    .unwrap()
});

/// Hints that a short line is a byline or page header rather than body text.
static BYLINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"기자|특파원|입력|등록|작성|발행|송고|승인|게재|보도|배포|기사|수정").unwrap()
});

/// A line that holds nothing but a date (and maybe a weekday and a time).
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\[(]?\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*(?:[(\[]?\s*[월화수목금토일](?:요일)?\s*[)\]]?)?\s*(?:(?:오전|오후|AM|PM|am|pm)?\s*\d{1,2}\s*[:시]\s*\d{0,2}\s*분?(?:\s*:\s*\d{2})?)?\s*[)\]]?$",
    )
    .unwrap()
});

fn is_sentence_like(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)」』]".contains(c));
    t.ends_with("다.") || t.ends_with("요.") || t.ends_with('다')
}

/// Whether a line is only a date, e.g. `2023.10.05 (목) 14:03`.
pub(crate) fn is_date_only_line(line: &str) -> bool {
    DATE_ONLY.is_match(line.trim())
}

/// Whether a line is a date stamp such as `입력 2023.10.05 14:03 수정 …`,
/// which carries metadata and no article text.
pub(crate) fn is_date_stamp_line(line: &str) -> bool {
    // Both patterns need a year's four digits.
    if !has_numeric_run(line, 4) {
        return false;
    }
    let n = line.chars().count();
    if is_date_only_line(line) {
        return true;
    }
    if n > 100 || is_sentence_like(line) {
        return false;
    }
    match LABELLED.find(line) {
        // The label must open the line or follow other byline material, not
        // sit inside a sentence ("… 등록 2023.10.05 기준 …" is rare but real).
        Some(m) => m.start() == 0 || n < 80,
        None => false,
    }
}

/// The publication date stated in a page's text lines, best evidence first:
/// `입력`/`작성`/`등록`-style stamps, then `수정` stamps, then a Korean
/// `2023년 10월 5일` in a short byline or header line, then a line holding
/// only a date before the article starts (`header_end` is the index of the
/// first body line).
pub(crate) fn date_from_lines(lines: &[String], header_end: usize) -> Option<NaiveDate> {
    let mut revised = None;
    let mut byline = None;
    let mut bare = None;
    for (i, line) in lines.iter().enumerate() {
        // Every date pattern needs a year's four digits, and most lines
        // have none.
        if !has_numeric_run(line, 4) {
            continue;
        }
        for c in LABELLED.captures_iter(line) {
            let Some(d) = ymd(&c[3], &c[4], &c[5]) else {
                continue;
            };
            let label = c[2].replace(char::is_whitespace, "");
            if label.contains("수정") || label == "업데이트" {
                revised.get_or_insert(d);
            } else {
                return Some(d);
            }
        }
        let short = line.chars().count() <= 60 && !is_sentence_like(line);
        if byline.is_none() && short && (BYLINE_HINT.is_match(line) || i < header_end) {
            if let Some(c) = KOREAN_DATE.captures(line) {
                byline = ymd(&c[1], &c[2], &c[3]);
            }
        }
        if bare.is_none() && i < header_end {
            if let Some(c) = DATE_ONLY.captures(line.trim()) {
                bare = ymd(&c[1], &c[2], &c[3]);
            }
        }
    }
    revised.or(byline).or(bare)
}

static KOREAN_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일").unwrap());

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn metadata_strings_keep_the_written_calendar_day() {
        assert_eq!(parse_date_str("2023-10-05T23:30:00+09:00"), d(2023, 10, 5));
        assert_eq!(parse_date_str("2023.10.05 14:03"), d(2023, 10, 5));
        assert_eq!(parse_date_str("20231005"), d(2023, 10, 5));
        assert_eq!(parse_date_str("2023/1/5"), d(2023, 1, 5));
        assert_eq!(parse_date_str("yesterday"), None);
        assert_eq!(parse_date_str("2023-13-45"), None);
    }

    #[test]
    fn url_dates_in_three_shapes() {
        assert_eq!(date_from_url("https://news.example.kr/2023/10/05/abc.html"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/view?date=2023-10-05&id=7"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/article/20231005000123"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/news/20231005"), d(2023, 10, 5));
        // An article number is not a date.
        assert_eq!(date_from_url("https://x.kr/news/articleView.html?idxno=302345"), None);
        assert_eq!(date_from_url("https://x.kr/AKR20231005123400054"), None);
    }

    #[test]
    fn input_stamp_beats_revision_stamp() {
        let l = lines("수정 2023.10.06 09:00\n입력 : 2023-10-05 14:03\n본문");
        assert_eq!(date_from_lines(&l, 2), d(2023, 10, 5));
        let l = lines("기사입력 2023-10-05");
        assert_eq!(date_from_lines(&l, 1), d(2023, 10, 5));
        let l = lines("작성일 2023-10-05");
        assert_eq!(date_from_lines(&l, 1), d(2023, 10, 5));
        let l = lines("승인 2023.10.05 14:03");
        assert_eq!(date_from_lines(&l, 1), d(2023, 10, 5));
        let l = lines("수정 2023. 10. 6.");
        assert_eq!(date_from_lines(&l, 1), d(2023, 10, 6));
    }

    #[test]
    fn korean_dates_count_only_in_bylines() {
        let l = lines("홍길동 기자 2023년 10월 5일\n본문");
        assert_eq!(date_from_lines(&l, 1), d(2023, 10, 5));
        let body = "도는 지난 2023년 10월 5일 협약을 체결했다고 밝혔다.";
        assert_eq!(date_from_lines(&lines(body), 0), None);
        let l = lines("강원도, 日 돗토리현과 교류 확대\n본문 문장입니다.");
        assert_eq!(date_from_lines(&l, 1), None);
    }

    #[test]
    fn stamp_lines_are_recognised() {
        assert!(is_date_stamp_line("입력 2023.10.05 14:03 수정 2023.10.05 15:10"));
        assert!(is_date_stamp_line("2023-10-05 14:03"));
        assert!(is_date_stamp_line("2023.10.05 (목) 오후 2:03"));
        assert!(!is_date_stamp_line("도는 2023년 10월 5일 협약을 맺었다."));
    }
}
