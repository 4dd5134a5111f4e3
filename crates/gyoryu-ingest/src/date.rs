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
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})").unwrap());

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
static URL_DASHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{4})-(\d{2})-(\d{2})(?:\D|$)").unwrap());
static DIGIT_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").unwrap());

/// The earliest year a URL's digit run is read as: news sites put dates into
/// their URLs from the late 1990s on, and older-looking heads are ids.
const URL_MIN_YEAR: i32 = 1995;

/// The latest year a URL's digit run is read as: next year at most, since
/// a crawler meets no article from further ahead, but article numbers that
/// begin with `20` and a plausible month and day do turn up.
fn url_max_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // 365.2425 days a year: off by a day at most near New Year, which the
    // extra year of slack covers.
    1970 + (secs / 31_556_952) as i32 + 1
}

/// The date at the head of a URL's digit run (`20231005`, `202310051403`,
/// `20240423010012634`), when its first eight digits make a real day in a
/// plausible year.
fn run_head_date(run: &str) -> Option<NaiveDate> {
    // Eight digits make the date; ids run to 22 digits (a date, a time and
    // a sequence), and longer runs are no shape news sites use.
    if !(8..=24).contains(&run.len()) {
        return None;
    }
    let y: i32 = run[0..4].parse().ok()?;
    if !(URL_MIN_YEAR..=url_max_year()).contains(&y) {
        return None;
    }
    ymd(&run[0..4], &run[4..6], &run[6..8])
}

/// Reads a date out of an article URL: `/2023/10/05/`, `2023-10-05`, or a
/// digit run that begins with `YYYYMMDD`: an eight-digit date, a timestamp
/// (`…_20231005140312…`, `key=20240423010012634`, `/20141125042543651`) or
/// an id with the date at its head after letters (`AKR20170817059500054`,
/// `NISX20101022_0006475664`).
///
/// A run is read only when its head is a real calendar day in a plausible
/// year, which article numbers (`idxno=302345`, `/98167174`) are not.
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
    // Runs too short for a date (percent-escapes, page numbers) fail in
    // run_head_date.
    DIGIT_RUN.find_iter(url).find_map(|m| run_head_date(m.as_str()))
}

/// A label announcing publication (or revision) followed by a date, with
/// whatever sites put between them (`입력 : `, `기사승인 `, `등록 | `,
/// `[입력 2023-10-05]`, `작성일자 2023. 10. 5.`).
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:기사\s*)?
        (?P<label>최초\s*(?:입력|등록|작성)|최종\s*수정|보도\s*(?:일시|일자|일)|입력|작성|등록|승인|게재|게시|발행|송고|배포|수정|업데이트)
        (?:일시|일자|시간|시각|날짜|일)?
        [\s:：|｜\[\]()]*
        (?P<y>\d{4})\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})",
    )
    .unwrap()
});

/// The same announcement in English, which some Korean sites print as a
/// page field (`date 2025-09-29`, `Posted : 2023.10.05`); only at the start
/// of a line, where it cannot be a word of an English sentence.
static LABELLED_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^\s*(?:date|published|posted|written)\s*(?:on)?
        [\s:：|｜]*
        (?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?:\D|$)",
    )
    .unwrap()
});

/// Words of a newspaper's imprint (`등록번호 … 등록일 2009.03.05 발행인 …`),
/// whose dates are the paper's registration, not the article's.
static IMPRINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"등록번호|발행인|편집인|발행처|사업자|청소년\s*보호").unwrap());

/// Hints that a short line is a byline or page header rather than body text.
static BYLINE_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"기자|특파원|입력|등록|작성|발행|송고|승인|게재|보도|배포|기사|수정").unwrap());

/// A line that holds nothing but a date (and maybe a weekday and a time).
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\[(]?\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*(?:[(\[]?\s*[월화수목금토일](?:요일)?\s*[)\]]?)?\s*(?:(?:오전|오후|AM|PM|am|pm)?\s*\d{1,2}\s*[:시]\s*\d{0,2}\s*분?(?:\s*:\s*\d{2})?)?\s*[)\]]?$",
    )
    .unwrap()
});

/// A stamp line: a date, maybe a weekday and a time, and around them at most
/// a few words of attribution (`2012-09-26 용인종합뉴스`, `연합뉴스 2023.12.06`,
/// `| 2011-06-29 08:58:54`). The words are checked in [`stamp_date`].
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ^(?P<pre>[^\d]{0,24}?)\s*
        (?P<y>\d{4})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})\s*[.일]?\s*
        (?:[(\[]?\s*[월화수목금토일](?:요일)?\s*[)\]]?)?\s*
        (?:(?:오전|오후|AM|PM|am|pm)?\s*\d{1,2}\s*[:시]\s*\d{1,2}\s*분?(?:\s*:\s*\d{2})?)?\s*
        (?P<post>[^\d]{0,24})$",
    )
    .unwrap()
});

/// Words of a site's own bar (`최종편집:2024-09-04`, `오늘 2023.10.05`),
/// whose date is the day the page was seen, not the article's.
static SITE_BAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)최종\s*편집|최종\s*업데이트|오늘|현재|today|날씨|℃|°C|로그인|회원가입").unwrap());

/// A weekday written next to a date (`(금)`, `금요일`).
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(\[]\s*[월화수목금토일]\s*[)\]]|[월화수목금토일]요일").unwrap());

/// A time of day (`14:03`, `2시 3분`).
static TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,2}\s*[:시]\s*\d{1,2}").unwrap());

/// Whether line `i` is a site's bar rather than the article's dateline: it
/// says so (`최종편집`, `오늘`), the weather is next to it, or it is the
/// page's first line and gives a weekday but no time, which is how sites
/// print the day the page was seen.
fn is_site_bar(lines: &[String], i: usize) -> bool {
    let line = &lines[i];
    if SITE_BAR.is_match(line) || lines.iter().skip(i).take(4).any(|l| l.contains('℃') || l.contains("°C")) {
        return true;
    }
    let first_line = lines[..i].iter().all(|l| l.trim().is_empty());
    first_line && WEEKDAY.is_match(line) && !TIME.is_match(line)
}

/// The date of a stamp line at the head or the end of a page, unless it is
/// the site's bar.
fn stamp_date(lines: &[String], i: usize) -> Option<NaiveDate> {
    let line = lines[i].trim_matches(|c: char| c.is_whitespace() || "|│｜•·-–—*".contains(c));
    if line.chars().count() > 60 || is_site_bar(lines, i) {
        return None;
    }
    let c = STAMP.captures(line)?;
    let words = |s: &str| {
        let s = s.trim_matches(|c: char| c.is_whitespace() || "|│｜•·-–—*[]()".contains(c));
        // Attribution is a name or two (an outlet, a reporter), never a
        // headline's phrase or a sentence.
        s.split_whitespace().count() <= 2
            && !s.contains([',', '\'', '"', '‘', '’', '“', '”', '…', '?', '!'])
            && !is_sentence_like(s)
    };
    if !words(&c["pre"]) || !words(&c["post"]) {
        return None;
    }
    ymd(&c["y"], &c["m"], &c["d"])
}

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
/// `2023년 10월 5일` in a short byline or header line, then a stamp line (a
/// date with at most an outlet's or a writer's name) before the article
/// starts, then one right after its last sentence. `header_end` is the index
/// of the first body line, `body_end` one past the last.
///
/// A date inside the story is never taken, nor a site's current-date bar or
/// a paper's imprint.
pub(crate) fn date_from_lines(lines: &[String], header_end: usize, body_end: usize) -> Option<NaiveDate> {
    let mut revised = None;
    let mut byline = None;
    let mut head = None;
    let mut tail = None;
    for (i, line) in lines.iter().enumerate() {
        // Every date pattern needs a year's four digits, and most lines
        // have none.
        if !has_numeric_run(line, 4) {
            continue;
        }
        if IMPRINT.is_match(line) {
            continue;
        }
        for c in LABELLED.captures_iter(line) {
            let Some(d) = ymd(&c["y"], &c["m"], &c["d"]) else {
                continue;
            };
            let label = c["label"].replace(char::is_whitespace, "");
            if label.contains("수정") || label == "업데이트" {
                revised.get_or_insert(d);
            } else {
                return Some(d);
            }
        }
        if let Some(c) = LABELLED_EN.captures(line) {
            if let Some(d) = ymd(&c["y"], &c["m"], &c["d"]) {
                return Some(d);
            }
        }
        let short = line.chars().count() <= 60 && !is_sentence_like(line);
        if byline.is_none() && short && (BYLINE_HINT.is_match(line) || i < header_end) && !is_site_bar(lines, i) {
            if let Some(c) = KOREAN_DATE.captures(line) {
                byline = ymd(&c[1], &c[2], &c[3]);
            }
        }
        if head.is_none() && i < header_end {
            head = stamp_date(lines, i);
        }
        // Past the story's last sentence, only the lines right after it:
        // further down come related headlines, each with its own date.
        if tail.is_none() && i >= body_end && i < body_end + 3 {
            tail = stamp_date(lines, i);
        }
    }
    revised.or(byline).or(head).or(tail)
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

    /// `date_from_lines` on a page whose story is the lines `body` (start..end).
    fn page_date(s: &str, body: std::ops::Range<usize>) -> Option<NaiveDate> {
        date_from_lines(&lines(s), body.start, body.end)
    }

    #[test]
    fn url_dates_in_three_shapes() {
        assert_eq!(date_from_url("https://news.example.kr/2023/10/05/abc.html"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/view?date=2023-10-05&id=7"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/article/20231005000123"), d(2023, 10, 5));
        assert_eq!(date_from_url("https://x.kr/news/20231005"), d(2023, 10, 5));
        // An article number is not a date.
        assert_eq!(date_from_url("https://x.kr/news/articleView.html?idxno=302345"), None);
    }

    #[test]
    fn url_dates_at_the_head_of_longer_digit_runs() {
        // Timestamps with milliseconds or a sequence number after the date.
        assert_eq!(date_from_url("http://x.kr/view.php?key=20220314010008123&ref=top"), d(2022, 3, 14));
        assert_eq!(date_from_url("https://m.x.kr/amp/20180702031533912"), d(2018, 7, 2));
        assert_eq!(date_from_url("https://x.kr/news/article/2016031145120"), d(2016, 3, 11));
        assert_eq!(date_from_url("https://x.kr/photo/img_20190930154512_01.jpg"), d(2019, 9, 30));
        assert_eq!(date_from_url("https://x.kr/jsp/view.jsp?pq=201405270077"), d(2014, 5, 27));
        // Ids that carry the date after a few letters.
        assert_eq!(date_from_url("https://x.kr/Read?articleId=AKR20210608071200001"), d(2021, 6, 8));
        assert_eq!(date_from_url("https://x.kr/view/NISX20130915_0012345678"), d(2013, 9, 15));
        assert_eq!(date_from_url("https://x.kr/amp/201712040815K"), d(2017, 12, 4));
        assert_eq!(date_from_url("https://x.kr/article.asp?article_no=2019061102109931081004"), d(2019, 6, 11));
        assert_eq!(date_from_url("https://v.x.net/v/20200505143012345"), d(2020, 5, 5));
    }

    #[test]
    fn article_numbers_are_not_read_as_dates() {
        for url in [
            "https://x.kr/article/98167174/1",
            "https://x.kr/view_amp.asp?arcid=0009123456",
            "https://x.kr/amp/179565594691825",
            "https://x.kr/article/10586154",
            "https://x.kr/news/2254973",
            // A real day, but in no year a news site has published in.
            "https://x.kr/view/19000101123",
            "https://x.kr/view/29991231000001",
            // No month 13, no 32nd day.
            "https://x.kr/view/20231345000001",
            "https://x.kr/view/20230232",
            "https://x.kr/%EC%B5%9C%EC%96%91%EC%8B%9D",
        ] {
            assert_eq!(date_from_url(url), None, "{url}");
        }
    }

    #[test]
    fn input_stamp_beats_revision_stamp() {
        assert_eq!(page_date("수정 2023.10.06 09:00\n입력 : 2023-10-05 14:03\n본문", 2..3), d(2023, 10, 5));
        assert_eq!(page_date("기사입력 2023-10-05", 1..1), d(2023, 10, 5));
        assert_eq!(page_date("작성일 2023-10-05", 1..1), d(2023, 10, 5));
        assert_eq!(page_date("승인 2023.10.05 14:03", 1..1), d(2023, 10, 5));
        assert_eq!(page_date("수정 2023. 10. 6.", 1..1), d(2023, 10, 6));
    }

    #[test]
    fn datelines_with_the_separators_sites_use() {
        for (line, day) in [
            ("기사승인 2021. 07. 09. 18:20", d(2021, 7, 9)),
            ("박기자 / 입력 : 2016년 03월 04일", d(2016, 3, 4)),
            ("입력 2018년9월3일 07시10분 이철수", d(2018, 9, 3)),
            ("등록 | 2020-02-11 10:00", d(2020, 2, 11)),
            ("[입력 2019-12-24 09:30]", d(2019, 12, 24)),
            ("작성일자 : 2017/05/19", d(2017, 5, 19)),
            ("발행일 2022.08.30", d(2022, 8, 30)),
            ("  • 기사등록 2008-04-01 11:12:13", d(2008, 4, 1)),
            ("게시일시(2015.06.07 08:00)", d(2015, 6, 7)),
            ("최초등록 2024.01.02 14:00 최종수정 2024.01.03", d(2024, 1, 2)),
            ("운영자 기자 입력 2013/04/05 15:20 수정 2013.04.06 15:20", d(2013, 4, 5)),
            ("송고시간2012-02-03 11:00", d(2012, 2, 3)),
            ("보도일시 2020. 6. 2.(화) 조간", d(2020, 6, 2)),
        ] {
            assert_eq!(page_date(&format!("제목 줄\n{line}\n본문"), 2..3), day, "{line}");
        }
        // An English field name at the head of a line.
        assert_eq!(page_date("date 2020-10-21 [어느일보=홍 기자] 시는 21일 …", 1..1), d(2020, 10, 21));
        assert_eq!(page_date("Posted : 2020.10.21", 1..1), d(2020, 10, 21));
        // Not inside an English sentence.
        assert_eq!(page_date("The update date 2020-10-21 is final", 1..1), None);
    }

    #[test]
    fn a_papers_imprint_is_not_a_dateline() {
        let footer = "등록번호 : 경기 아00000 | 등록일 : 2009.03.05 | 발행인 : 홍길동";
        assert_eq!(page_date(&format!("제목\n본문입니다.\n{footer}"), 1..2), None);
    }

    #[test]
    fn stamp_lines_at_the_head_of_the_page() {
        assert_eq!(page_date("시, 교류 협약\n2014-11-25 11:04\n본문", 2..3), d(2014, 11, 25));
        assert_eq!(page_date("제목\n부제\n2012-09-26     어느종합뉴스\n본문", 3..4), d(2012, 9, 26));
        assert_eq!(page_date("제목\n홍길동\n| 2011-06-29 08:58:54\n본문", 3..4), d(2011, 6, 29));
        assert_eq!(page_date("제목\n2010.03.02 (화) 오후 2:03\n본문", 2..3), d(2010, 3, 2));
    }

    #[test]
    fn a_stamp_line_right_after_the_story() {
        let page = "제목\n첫 문장이다.\n끝 문장이다.\n어느통신 2021.12.06\n";
        assert_eq!(page_date(page, 1..3), d(2021, 12, 6));
        // Further down come related headlines, each dated.
        let page = "제목\n본문이다.\n관련기사\n많이 본 뉴스\n이런 소식\n어느통신 2021.12.06\n";
        assert_eq!(page_date(page, 1..2), None);
        // A headline is not an attribution, even right after the story.
        let page = "제목\n본문이다.\n도, 베트남 성과 교류 확대 2021.12.01\n";
        assert_eq!(page_date(page, 1..2), None);
        let page = "제목\n본문이다.\n도 베트남 성과 교류 확대 2021.12.01\n";
        assert_eq!(page_date(page, 1..2), None);
    }

    #[test]
    fn a_sites_date_and_weather_bar_is_not_a_dateline() {
        let page = "2019.03.15 (금)\n  • 흐림서울 10.9℃\n  • 맑음부산 13.2℃\n제목\n본문";
        assert_eq!(page_date(page, 4..5), None);
        // The weekday alone on the first line, with no time: the day the page was seen.
        assert_eq!(page_date("2021.04.02 (금)\n메뉴\n제목\n본문", 3..4), None);
        assert_eq!(page_date("2021년 4월 2일 금요일\n제목\n본문", 2..3), None);
        assert_eq!(page_date("즐겨찾기+ 최종편집:2024-09-04 오전 10:22:56\n제목\n본문", 2..3), None);
        assert_eq!(page_date("오늘 2024.09.04\n제목\n본문", 2..3), None);
        // The bar does not hide the dateline further down.
        let page = "즐겨찾기+ 최종편집:2024-09-04 오전 10:22:56\n제목\n박기자 / 입력 : 2015년 05월 13일\n본문";
        assert_eq!(page_date(page, 3..4), d(2015, 5, 13));
    }

    #[test]
    fn korean_dates_count_only_in_bylines() {
        assert_eq!(page_date("홍길동 기자 2023년 10월 5일\n본문", 1..2), d(2023, 10, 5));
        let body = "도는 지난 2023년 10월 5일 협약을 체결했다고 밝혔다.";
        assert_eq!(page_date(body, 0..1), None);
        assert_eq!(page_date("강원도, 日 돗토리현과 교류 확대\n본문 문장입니다.", 1..2), None);
    }

    #[test]
    fn stamp_lines_are_recognised() {
        assert!(is_date_stamp_line("입력 2023.10.05 14:03 수정 2023.10.05 15:10"));
        assert!(is_date_stamp_line("2023-10-05 14:03"));
        assert!(is_date_stamp_line("2023.10.05 (목) 오후 2:03"));
        assert!(!is_date_stamp_line("도는 2023년 10월 5일 협약을 맺었다."));
    }
}
