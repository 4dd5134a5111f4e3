//! Cleaning scraped article text down to the story.
//!
//! Whether a page came as HTML or as text copied off a browser, the lines
//! around the story are the same kinds of furniture: menus and toolbars,
//! image file names, bylines and date stamps, copyright notices, lists of
//! related headlines, comment boxes, pagination, a second copy of the body,
//! sometimes a machine-translated English copy. Each line is classified on
//! its own, then the sequence is read once: the header (everything before
//! the first line of prose) gives the headline and sub-headlines, the body
//! is kept minus duplicates and foreign-language copies, and whatever
//! follows the last line of prose is dropped as tail furniture.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

use chrono::NaiveDate;
use regex::{Regex, RegexSet};

use crate::date::{date_from_lines, is_date_stamp_line};
use crate::text::{contains_long, count_hangul, count_latin, dedup_key, is_alphanumeric, is_hangul, normalize_line};

/// The result of cleaning one page's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cleaned {
    pub title: Option<String>,
    pub text: String,
    pub published: Option<NaiveDate>,
}

/// Menu and toolbar words (`data/lexicon/menu_words.tsv`): `phrase`s are
/// whole-line labels compared with spaces removed; `token`s are the words
/// menu lines are made of (`크게 작게 위로 아래로 댓글로 가기 인쇄`).
const MENU_WORDS: &str = include_str!("../../../data/lexicon/menu_words.tsv");

/// The words of one kind in [`MENU_WORDS`], lowercased.
fn menu_words(kind: &str) -> impl Iterator<Item = String> + '_ {
    MENU_WORDS
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(move |line| line.split_once('\t').filter(|(_, k)| *k == kind).map(|(word, _)| word.to_lowercase()))
}

static MENU_PHRASE_SET: LazyLock<HashSet<String>> = LazyLock::new(|| menu_words("phrase").collect());
/// The most characters a menu phrase has.
static MENU_PHRASE_MAX_CHARS: LazyLock<usize> =
    LazyLock::new(|| MENU_PHRASE_SET.iter().map(|p| p.chars().count()).max().unwrap_or(0));
static MENU_TOKEN_SET: LazyLock<HashSet<String>> =
    LazyLock::new(|| menu_words("token").chain(menu_words("phrase")).collect());

fn re(s: &str) -> Regex {
    Regex::new(s).expect("static regex")
}

/// The patterns a line is tested against on its own. The tests run on
/// every line that is not plainly a sentence, so they are one [`RegexSet`]
/// that reads the line once, rather than a dozen regexes that each do.
#[derive(Debug, Clone, Copy)]
enum LineTest {
    ImageFile,
    PrevNext,
    /// A line made of nothing but page numbers, arrows and paging words. No
    /// two of the words start alike, so a line is covered by them exactly
    /// when removing each match from left to right would leave only spaces.
    PaginationOnly,
    CopyrightStrong,
    CopyrightSign,
    Email,
    Reporter,
    PhotoCredit,
    Promo,
    AdLine,
    StopMarker,
    /// `<아래는 구글번역기로 번역한 기사 전문이다.>`: what follows is the
    /// machine-translated copy, never part of the story.
    TranslationNotice,
}

const LINE_TESTS: [(LineTest, &str); 12] = [
    (LineTest::ImageFile, r"(?i)^\S.{0,80}\.(jpe?g|png|gif|bmp|webp|tiff?|heic|svg)(\s*\(\d+[^)]*\))?$"),
    // `(?:\W|$)` is a word boundary after a word: a set cannot run its fast
    // engine on Korean text with a Unicode `\b` in it.
    (
        LineTest::PrevNext,
        r"(?i)^(?:prev|next|previous)(?:\W|$)|^(?:prev|next)[가-힣]|^(?:이전|다음)\s*(?:글|문서|기사|페이지)(?:\s|$)",
    ),
    (
        LineTest::PaginationOnly,
        r"(?i)^(?:pagination|prev|next|first|last|이전|다음|처음|마지막|끝|[\d\s/…·.,<>«»‹›|\[\]()])*$",
    ),
    (
        LineTest::CopyrightStrong,
        r"(?i)무단\s*전재|재\s*배포\s*금지|재배포\s*및|copyright|저작권자|all\s+rights\s+reserved|AI\s*학습\s*(및\s*)?활용\s*금지",
    ),
    (LineTest::CopyrightSign, r"[ⓒ©]|\(c\)|\(C\)"),
    (LineTest::Email, r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    (
        LineTest::Reporter,
        r"(?x)
        ^[\[(【]?\s*[가-힣A-Za-z·\s]{1,15}=\s*[가-힣]{2,4}\s*(?:선임|수석|전문|객원)?\s*(?:기자|특파원|통신원)
      | ^[\[(【]?\s*[가-힣]{2,4}\s*(?:선임|수석|전문|객원|인턴)?\s*(?:기자|특파원|통신원|기자단|에디터|PD)(?:\s|$|[\]),=/·])
      | (?:기자|특파원|통신원)\s*[\])】]?\s*$
      | ^(?:글|사진|취재|정리|편집|영상|촬영|그래픽)\s*[=:]\s*[가-힣]{2,4}
    ",
    ),
    (
        LineTest::PhotoCredit,
        r"^[\[(<]?\s*(?:사진|그래픽|자료|영상|출처|이미지|사진\s*제공|자료\s*제공)\s*[=:/]|^[\[(<]\s*(?:사진|그래픽|자료|영상)\s*[\])>]\s*$|^\(?사진\)?$",
    ),
    (
        LineTest::Promo,
        r"^[▶☞►▷→]\s*.*(?:구독|제보|바로가기|클릭|카카오톡|네이버|앱|다운로드|채널|친구|홈페이지|뉴스레터|유튜브)",
    ),
    (
        LineTest::AdLine,
        r"(?i)^\[?(?:광고|ad|advertisement|sponsored|스폰서|pr)\]?$|광고\s*문의|제휴\s*문의|기사\s*제보|구독\s*신청|^AD\s",
    ),
    (
        LineTest::StopMarker,
        r"(?ix)
        ^(?:전체\s*)?댓글\s*[(\[]?\s*\d*\s*[)\]]?\s*개?$
      | ^댓글\s*(?:쓰기|작성|달기|보기|입력|정렬|\d+\s*건)
      | 이\s*기사에\s*대한\s*(?:댓글|의견)
      | ^독자\s*(?:의견|댓글)
      | board\s*pagination
      | ^많이\s*(?:본|읽은)\s*(?:뉴스|기사)
      | ^(?:실시간\s*)?인기\s*(?:기사|뉴스)
      | ^로그인\s*(?:후|하시면|하셔야)
    ",
    ),
    (LineTest::TranslationNotice, r"^[<\[(]?\s*(?:아래는|다음은|이하는?)\s.{0,20}번역.{0,25}$"),
];

/// The line tests as one set. A counted repetition (`.{0,80}`) multiplies
/// the states of the set's automaton, which would then keep growing with
/// every new line; so the set gets each pattern with its upper bounds
/// dropped (`.{0,}`), which matches every line the pattern matches and a few
/// more, and the pattern itself confirms those rare hits.
struct LineTestSet {
    set: RegexSet,
    loosened: [bool; LINE_TESTS.len()],
}

static LINE_TEST_SET: LazyLock<LineTestSet> = LazyLock::new(|| {
    let counted = re(r"\{(\d+),\d+\}");
    let loose: Vec<Cow<str>> = LINE_TESTS.iter().map(|(_, p)| counted.replace_all(p, "{$1,}")).collect();
    let loosened = std::array::from_fn(|i| matches!(loose[i], Cow::Owned(_)));
    LineTestSet { set: RegexSet::new(&loose).expect("static regex set"), loosened }
});
static LINE_TEST_REGEXES: [OnceLock<Regex>; LINE_TESTS.len()] = [const { OnceLock::new() }; LINE_TESTS.len()];

/// Which line tests match `line`, all in one pass.
fn line_test_hits(line: &str) -> [bool; LINE_TESTS.len()] {
    let tests = &*LINE_TEST_SET;
    let mut hits = [false; LINE_TESTS.len()];
    tests.set.matches_read_at(&mut hits, line, 0);
    for (i, (test, _)) in LINE_TESTS.iter().enumerate() {
        if hits[i] && tests.loosened[i] {
            hits[i] = test.is_match(line);
        }
    }
    hits
}

impl LineTest {
    fn is_match(self, line: &str) -> bool {
        let i = self as usize;
        LINE_TEST_REGEXES[i].get_or_init(|| re(LINE_TESTS[i].1)).is_match(line)
    }
}

static SUB_HEADLINE: LazyLock<Regex> = LazyLock::new(|| re(r"^[-–—―－─]+\s*(.*?)\s*[-–—―－─]*$"));
static LEAD_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\[(【〔]\s*[^\[\]()【】〔〕]{1,25}?=\s*[^\[\]()【】〔〕]{1,15}\s*[\])】〕]\s*(?:[가-힣]{2,4}\s*(?:선임|수석)?\s*(?:기자|특파원|통신원)\s*[=:]?\s*)?",
    )
});
static LEAD_REPORTER: LazyLock<Regex> = LazyLock::new(|| re(r"^[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*=\s*"));
static TRAIL_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\s*[/=]?\s*[\[(]?\s*[가-힣]{2,4}\s*(?:선임|수석)?\s*(?:기자|특파원|통신원)\s*[\])]?\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?\s*$|\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$",
    )
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\d{1,2}\s*[.)]\s*\S|\d{1,2}\s+[가-힣A-Za-z\[“\x22'‘])"));
static COMMA_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\[[^\]]{1,10}\]\s*)?[^,\s]{1,15}(?:\s[^,\s]{1,10})?,\s"));
static BULLET_START: LazyLock<Regex> = LazyLock::new(|| re(r"^[▲△▶▷■□◆◇○●◎※*•·☞►<〈《(]|^\[사진|^\[포토"));

/// How a single line reads out of context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Possibly part of the story.
    Text,
    /// Menus, buttons, captions, ads, pagination.
    Furniture,
    /// Bylines, date stamps, e-mail addresses: about the article, not of it.
    Meta,
    /// Opens a section that ends the article (comments, copyright, rankings).
    Stop,
}

/// Ends like a Korean (or any) sentence, ignoring closing quotes and brackets.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)」』]>〉》".contains(c));
    t.ends_with(['.', '!', '?', '。', '다', '요'])
}

fn is_prose(line: &str, latin_doc: bool) -> bool {
    is_prose_counted(line, count_hangul(line), latin_doc)
}

/// [`is_prose`] for a line whose Hangul syllables are counted already.
fn is_prose_counted(line: &str, hangul: usize, latin_doc: bool) -> bool {
    if latin_doc {
        return count_latin(line) >= 40 && ends_sentence(line);
    }
    hangul >= 10 && (ends_sentence(line) || hangul >= 60)
}

/// Whether a set of lowercased words holds `word` lowercased, without
/// lowercasing words that have no case to lose.
fn contains_lowercased(set: &HashSet<String>, word: &str) -> bool {
    if word.chars().all(|c| is_hangul(c) || (c.is_ascii() && !c.is_ascii_uppercase())) {
        set.contains(word)
    } else {
        set.contains(&word.to_lowercase())
    }
}

fn is_menu(line: &str) -> bool {
    // Lowercasing never makes a string shorter, so a line with more letters
    // than the longest phrase is not one.
    let max = *MENU_PHRASE_MAX_CHARS;
    if line.chars().filter(|c| !c.is_whitespace()).take(max + 1).count() <= max {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if contains_lowercased(&MENU_PHRASE_SET, &squeezed) {
            return true;
        }
    }
    let mut tokens = line
        .split(|c: char| matches!(c, '|' | '·' | '•' | '/' | '>') || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .peekable();
    tokens.peek().is_some() && tokens.all(|t| contains_lowercased(&MENU_TOKEN_SET, t))
}

/// How `line`, with `hangul` Hangul syllables, reads.
fn classify(line: &str, hangul: usize, latin_doc: bool) -> Kind {
    let chars = line.chars().count();
    let prose = is_prose_counted(line, hangul, latin_doc);
    if !line.chars().any(is_alphanumeric) {
        return Kind::Furniture;
    }
    if prose && chars >= 40 {
        if (chars < 60 && LineTest::TranslationNotice.is_match(line))
            || (chars < 250 && LineTest::CopyrightStrong.is_match(line))
        {
            return Kind::Stop;
        }
        // A full sentence is never furniture, whatever words it contains;
        // but a byline glued to one is cut off later.
        return Kind::Text;
    }
    // At 250 characters and more, only the pagination test counts; it runs
    // alone.
    let hits = (chars < 250).then(|| line_test_hits(line));
    let hit = |t: LineTest| hits.map_or_else(|| t.is_match(line), |h| h[t as usize]);
    // Each length is looked at first: past it, the test's answer does not count.
    if (chars < 60 && !prose && hit(LineTest::StopMarker))
        || (chars < 60 && hit(LineTest::TranslationNotice))
        || (chars < 250 && hit(LineTest::CopyrightStrong))
    {
        return Kind::Stop;
    }
    if is_date_stamp_line(line) {
        return Kind::Meta;
    }
    if chars < 90 && (hit(LineTest::Reporter) || hit(LineTest::Email)) {
        return Kind::Meta;
    }
    if is_menu(line)
        || (chars < 90 && hit(LineTest::ImageFile))
        || (chars < 50 && hit(LineTest::PrevNext))
        || (chars < 50 && hit(LineTest::CopyrightSign))
        || (chars < 50 && hit(LineTest::PhotoCredit))
        || (chars < 80 && hit(LineTest::Promo))
        || (chars < 40 && hit(LineTest::AdLine))
        || hit(LineTest::PaginationOnly)
    {
        return Kind::Furniture;
    }
    if chars < 80 && !prose && line.chars().filter(|c| matches!(c, '>' | '›' | '»' | '＞')).count() >= 2 {
        return Kind::Furniture;
    }
    if !prose && hangul <= 1 && chars <= 40 && !latin_doc {
        return Kind::Furniture;
    }
    Kind::Text
}

/// Cuts a dateline or byline off the start or end of a body paragraph:
/// `(춘천=연합뉴스) 홍길동 기자 = 강원도는 …` and `… 밝혔다. /홍길동 기자`.
fn strip_bylines(line: &str) -> &str {
    let mut s = line;
    for lead in [&*LEAD_AGENCY, &*LEAD_REPORTER] {
        if let Some(m) = lead.find(s) {
            let rest = &s[m.end()..];
            if count_hangul(rest) >= 10 {
                s = rest;
            }
        }
    }
    if let Some(m) = TRAIL_BYLINE.find(s) {
        let head = &s[..m.start()];
        if m.start() > 0 && ends_sentence(head) && count_hangul(head) >= 10 {
            s = head.trim_end();
        }
    }
    s
}

/// The text of a `- sub-headline -` line without its dashes, if it is one.
fn sub_headline(line: &str) -> Option<&str> {
    let inner = SUB_HEADLINE.captures(line)?.get(1)?.as_str().trim();
    (count_hangul(inner) >= 4).then_some(inner)
}

fn headline_like(line: &str) -> bool {
    let chars = line.chars().count();
    count_hangul(line) >= 4
        && (8..=120).contains(&chars)
        && !ends_sentence(line)
        && !BULLET_START.is_match(line)
        && sub_headline(line).is_none()
        && line.split_whitespace().count() >= 2
}

/// Picks the headline among the header lines: the headline-like line that is
/// followed by what follows headlines (sub-headline, byline, date stamp or the
/// body), preferring the `주어, 서술` shape Korean headlines use. Ties go to the
/// later line, since menus and site names come first.
fn pick_headline(lines: &[String], kinds: &[Kind], header_end: usize) -> Option<usize> {
    let mut best: Option<(i32, usize)> = None;
    for i in 0..header_end.min(lines.len()) {
        if kinds[i] != Kind::Text || !headline_like(&lines[i]) {
            continue;
        }
        let mut score = 0;
        let next = (i + 1..lines.len()).find(|&j| kinds[j] != Kind::Furniture);
        match next {
            Some(j) if j == header_end || kinds[j] == Kind::Meta || sub_headline(&lines[j]).is_some() => score += 3,
            None => score += 3,
            _ => {}
        }
        if COMMA_SUBJECT.is_match(&lines[i]) {
            score += 2;
        }
        if lines[i].chars().count() < 12 {
            score -= 1;
        }
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Whether a body line is a numbered headline (`1. 여수시, …`) of the kind
/// related-article lists are made of, rather than a numbered point of the story.
fn numbered_headline(line: &str) -> bool {
    let chars = line.chars().count();
    // Headlines may end in `!` or `다` (`… 열린다`); a numbered point of the
    // story is a sentence only when it ends like prose (`…했다.`).
    let prose_end = line.trim_end().ends_with("다.");
    NUMBERED.is_match(line)
        && !prose_end
        && chars >= 8
        && (chars >= 25 || line.contains([',', '…', '·', '\'', '"', '‘', '’', '“', '”']))
}

/// Cleans a page's lines. `known_title` is a title from HTML metadata or a
/// JSON record; without one the headline is picked from the text.
pub(crate) fn clean_lines<S: AsRef<str>>(raw: &[S], known_title: Option<&str>) -> Cleaned {
    let lines: Vec<String> = raw.iter().map(|l| normalize_line(l.as_ref())).filter(|l| !l.is_empty()).collect();

    let hangul_of: Vec<usize> = lines.iter().map(|l| count_hangul(l)).collect();
    let doc_hangul: usize = hangul_of.iter().sum();
    let doc_latin: usize = lines.iter().map(|l| count_latin(l)).sum();
    // Without Hangul to speak of, the page is a foreign-language article and
    // Latin prose is its body, not a translation to be dropped.
    let latin_doc = doc_hangul * 4 < doc_latin && doc_hangul < 100;

    let kinds: Vec<Kind> = lines.iter().zip(&hangul_of).map(|(l, &h)| classify(l, h, latin_doc)).collect();
    let body_start = (0..lines.len())
        .find(|&i| kinds[i] == Kind::Text && is_prose_counted(&lines[i], hangul_of[i], latin_doc))
        .unwrap_or(lines.len());
    let body_end = (body_start..lines.len())
        .rfind(|&i| kinds[i] == Kind::Text && is_prose_counted(&lines[i], hangul_of[i], latin_doc))
        .map_or(lines.len(), |i| i + 1);
    let published = date_from_lines(&lines, body_start, body_end);

    let mut title = known_title.map(normalize_line).filter(|t| !t.is_empty());
    let title_at = match &title {
        Some(t) => {
            let key = dedup_key(t);
            (0..body_start).find(|&i| kinds[i] == Kind::Text && dedup_key(&lines[i]) == key)
        }
        None => {
            let at = pick_headline(&lines, &kinds, body_start);
            title = at.map(|i| lines[i].clone());
            at
        }
    };

    let mut seen: HashSet<String> = HashSet::new();
    if let Some(t) = &title {
        seen.insert(dedup_key(t));
    }
    let mut history = String::new();
    let mut kept: Vec<String> = Vec::new();
    let mut kept_hangul = 0usize;
    for (i, line) in lines.iter().enumerate() {
        match kinds[i] {
            Kind::Stop if i >= body_start && kept_hangul >= 40 => break,
            Kind::Text => {}
            _ => continue,
        }
        if Some(i) == title_at {
            continue;
        }
        let stripped = strip_bylines(line);
        let sub = sub_headline(stripped);
        let text = sub.unwrap_or(stripped);
        // `text` is a piece of `line`: of the same length, it is the line.
        let hangul = if text.len() == line.len() { hangul_of[i] } else { count_hangul(text) };
        if i < body_start {
            let after_title = title_at.is_none_or(|t| i > t);
            if !(after_title && (sub.is_some() || hangul >= 8)) {
                continue;
            }
        }
        let key = dedup_key(text);
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        if key.chars().count() >= 15 && contains_long(&history, &key) {
            // A paragraph of a second copy of the body, possibly split or
            // joined differently from the first.
            continue;
        }
        let latin = count_latin(text);
        if !latin_doc && latin >= 12 && latin * 10 > (latin + hangul) * 6 {
            // The English copy of a Korean article.
            continue;
        }
        kept_hangul += hangul;
        history.push_str(&key);
        seen.insert(key);
        kept.push(text.to_string());
    }

    drop_numbered_runs(&mut kept);
    // Past the last sentence of the story come related headlines, photo
    // credits and contact lines, none of which are sentences.
    if let Some(last) = kept.iter().rposition(|l| is_prose(l, latin_doc)) {
        kept.truncate(last + 1);
    }

    Cleaned { title, text: kept.join("\n"), published }
}

/// Removes runs of two or more numbered headlines (related-article lists).
fn drop_numbered_runs(kept: &mut Vec<String>) {
    let flags: Vec<bool> = kept.iter().map(|l| numbered_headline(l)).collect();
    let mut drop = vec![false; kept.len()];
    let mut i = 0;
    while i < kept.len() {
        if !flags[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < kept.len() && flags[i] {
            i += 1;
        }
        if i - start >= 2 {
            drop[start..i].iter_mut().for_each(|d| *d = true);
        }
    }
    let mut it = drop.iter();
    kept.retain(|_| !*it.next().unwrap());
}

/// Where the body of a page's lines begins, for date searches over lines
/// that were not cleaned (the whole rendered page).
pub(crate) fn body_start(lines: &[String]) -> usize {
    lines.iter().position(|l| is_body_line(l)).unwrap_or(lines.len())
}

/// One past the last line of the story in a page's raw lines (the number
/// of lines when there is no story).
pub(crate) fn body_end(lines: &[String]) -> usize {
    lines.iter().rposition(|l| is_body_line(l)).map_or(lines.len(), |i| i + 1)
}

fn is_body_line(line: &str) -> bool {
    let hangul = count_hangul(line);
    classify(line, hangul, false) == Kind::Text && is_prose_counted(line, hangul, false)
}

#[cfg(test)]
mod tests;
