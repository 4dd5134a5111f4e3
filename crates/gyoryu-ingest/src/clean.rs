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

/// Whole-line menu and widget labels, compared with spaces removed.
const MENU_PHRASES: &[&str] = &[
    "메뉴건너뛰기",
    "본문시작",
    "본문바로가기",
    "본문으로바로가기",
    "주메뉴바로가기",
    "메인메뉴바로가기",
    "단축키",
    "단축키안내",
    "기사스크랩",
    "스크랩",
    "클린뷰",
    "프린트",
    "인쇄",
    "인쇄하기",
    "공유",
    "공유하기",
    "댓글",
    "이전문서",
    "다음문서",
    "이전기사",
    "다음기사",
    "이전글",
    "다음글",
    "목록",
    "목록보기",
    "맨위로",
    "위로가기",
    "맨위로가기",
    "닫기",
    "전체메뉴",
    "전체메뉴보기",
    "메뉴",
    "로그인",
    "로그아웃",
    "회원가입",
    "마이페이지",
    "기사검색",
    "검색",
    "검색어입력",
    "구독",
    "구독하기",
    "구독신청",
    "글자크기",
    "글자크기변경",
    "글씨크기",
    "본문글씨키우기",
    "본문글씨줄이기",
    "확대",
    "축소",
    "url복사",
    "링크복사",
    "주소복사",
    "페이스북",
    "트위터",
    "카카오톡",
    "카카오스토리",
    "네이버밴드",
    "밴드",
    "이메일",
    "메일보내기",
    "기사보내기",
    "좋아요",
    "싫어요",
    "추천",
    "추천하기",
    "스크랩하기",
    "기사저장",
    "홈",
    "home",
    "뉴스홈",
    "sns공유",
    "다른기사보기",
    "기자의다른기사",
    "기자의다른기사보기",
    "기자구독",
    "기자페이지",
    "제보하기",
    "기사제보",
    "오탈자신고",
    "기사오류신고",
    "바로가기",
    "더보기",
    "전체보기",
    "광고",
    "ad",
    "advertisement",
    "sponsored",
    "많이본뉴스",
    "많이본기사",
    "관련기사",
    "관련뉴스",
    "인기기사",
    "주요기사",
    "주요뉴스",
    "최신기사",
    "최신뉴스",
    "추천기사",
    "포토뉴스",
    "이시각주요뉴스",
    "오늘의주요뉴스",
    "실시간뉴스",
    "비밀번호",
    "작성자",
    "등록",
    "취소",
    "확인",
    "답글",
    "답글쓰기",
    "최신순",
    "추천순",
    "공감순",
    "과거순",
    "정렬",
    "신고",
    "삭제",
    "수정",
    "댓글쓰기",
    "댓글달기",
    "댓글보기",
    "댓글작성",
    "전체댓글",
    "기사공유",
    "기사공유하기",
    "닫기버튼",
    "이전",
    "다음",
    "처음",
    "마지막",
    "prev",
    "next",
    "top",
    "share",
    "print",
    "list",
    "menu",
    "search",
    "login",
    "close",
    "facebook",
    "twitter",
    "kakao",
    "band",
    "email",
    "url",
    "copy",
    "sitemap",
    "사이트맵",
    "기사원문",
    "원문보기",
    "기사본문",
    "글자크기설정",
    "폰트",
    "가",
    "가가",
    "기사읽기",
    "음성으로듣기",
    "듣기",
    "번역",
    "언어선택",
    "한국어",
    "english",
    "中文",
    "日本語",
];

/// Words that menu and toolbar lines are made of (`크게 작게 위로 아래로 댓글로 가기 인쇄`).
const MENU_TOKENS: &[&str] = &[
    "크게",
    "작게",
    "위로",
    "아래로",
    "댓글로",
    "가기",
    "정치",
    "경제",
    "사회",
    "문화",
    "국제",
    "스포츠",
    "연예",
    "오피니언",
    "사설",
    "칼럼",
    "포토",
    "영상",
    "전국",
    "지역",
    "전체기사",
    "뉴스",
    "기사",
    "보기",
    "쓰기",
    "카카오",
    "네이버",
    "블로그",
    "유튜브",
    "인스타그램",
    "텔레그램",
    "sns",
    "글자",
    "크기",
    "키우기",
    "줄이기",
    "본문",
    "복사",
    "저장",
    "보내기",
    "라이프",
    "생활",
    "건강",
    "교육",
    "환경",
    "산업",
    "기획",
    "특집",
    "인물",
    "부고",
    "게시판",
    "알림",
    "공지",
    "행정",
    "의회",
    "자치",
    "도정",
    "시정",
    "군정",
    "경제일반",
    "사회일반",
    "정치일반",
    "피플",
    "여행",
    "IT",
    "과학",
    "세계",
    "북한",
    "전북",
    "전남",
    "경북",
    "경남",
    "충북",
    "충남",
    "강원",
    "제주",
    "경기",
    "서울",
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "종합",
    "속보",
    "단독",
    "이슈",
    "기자",
    "뉴스레터",
    "구독",
    "검색",
    "더보기",
    "페이스북",
    "트위터",
    "카카오톡",
    "카카오스토리",
    "밴드",
    "링크",
    "url",
    "공유",
    "스크랩",
    "인쇄",
    "프린트",
    "댓글",
    "클린뷰",
    "이메일",
    "메일",
    "좋아요",
    "추천",
    "홈",
    "home",
    "전체메뉴",
    "메뉴",
    "로그인",
    "회원가입",
    "구독신청",
    "닫기",
    "이전",
    "다음",
    "목록",
    "|",
    "·",
    "/",
    ">",
    "-",
];

static MENU_PHRASE_SET: LazyLock<HashSet<String>> =
    LazyLock::new(|| MENU_PHRASES.iter().map(|s| s.to_lowercase()).collect());
/// The most characters a menu phrase has.
static MENU_PHRASE_MAX_CHARS: LazyLock<usize> =
    LazyLock::new(|| MENU_PHRASE_SET.iter().map(|p| p.chars().count()).max().unwrap_or(0));
static MENU_TOKEN_SET: LazyLock<HashSet<String>> =
    LazyLock::new(|| MENU_TOKENS.iter().chain(MENU_PHRASES).map(|s| s.to_lowercase()).collect());

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
mod tests {
    use super::*;

    fn kind(line: &str) -> Kind {
        classify(line, count_hangul(line), false)
    }

    fn clean(s: &str) -> Cleaned {
        let lines: Vec<String> = s.lines().map(str::to_string).collect();
        clean_lines(&lines, None)
    }

    #[test]
    fn menus_and_bylines_are_furniture() {
        for l in [
            "메뉴 건너뛰기",
            "본문시작",
            "Prev이전 문서",
            "크게 작게 위로 아래로 댓글로 가기 인쇄",
            "기사 스크랩",
            "-",
            "?",
            "전북.JPG",
            "Board Pagination Prev 1 2 3 4 5 Next",
            "/ 135",
            "홈 > 뉴스 > 경제",
            "사진=전북도 제공",
        ] {
            assert_ne!(kind(l), Kind::Text, "{l}");
        }
        for l in ["춘천=홍길동 기자", "홍길동 기자 hong@news.com", "입력 : 2023-10-05 14:03"] {
            assert_eq!(kind(l), Kind::Meta, "{l}");
        }
        assert_eq!(kind("ⓒ 한빛일보 무단전재 및 재배포 금지"), Kind::Stop);
        // The notice that introduces a machine-translated copy ends the story.
        assert_eq!(kind("<아래는 번역기로 옮긴 기사 전문입니다.>"), Kind::Stop);
        assert_eq!(kind("도, 美 오하이오주와 경제협력 MOU"), Kind::Text);
    }

    #[test]
    fn line_tests_are_listed_in_their_order() {
        for (i, (test, _)) in LINE_TESTS.iter().enumerate() {
            assert_eq!(*test as usize, i, "{test:?}");
        }
    }

    #[test]
    fn the_set_answers_as_each_test_alone() {
        let long_name = format!("{}.jpg", "가".repeat(85));
        let lines = [
            "전북.JPG",
            "사진1.png (1200x800)",
            long_name.as_str(),
            "Prev이전 문서",
            "next page",
            "Board Pagination Prev 1 2 3 4 5 Next",
            "ⓒ 한빛일보 무단전재 및 재배포 금지",
            "홍길동 기자 hong@news.com",
            "춘천=홍길동 기자",
            "(서울=한빛뉴스) 가나다라마바사아자차카타파하 기자",
            "사진=전북도 제공",
            "▶ 카카오톡 채널 추가하기",
            "광고문의",
            "댓글 3개",
            "<아래는 번역기로 옮긴 기사 전문입니다.>",
            "<아래는 번역기로 옮긴 기사 전문입니다. 아주 길게 덧붙인 설명이 여기 더 있습니다 정말로>",
            "도, 美 오하이오주와 경제협력 MOU",
        ];
        for line in lines {
            let hits = line_test_hits(line);
            for (test, _) in LINE_TESTS {
                assert_eq!(hits[test as usize], test.is_match(line), "{test:?} on {line}");
            }
        }
    }

    #[test]
    fn leads_and_trailing_bylines_are_cut() {
        assert_eq!(
            strip_bylines("(춘천=한빛뉴스) 홍길동 기자 = 강원도는 5일 일본 돗토리현과 교류 협약을 맺었다."),
            "강원도는 5일 일본 돗토리현과 교류 협약을 맺었다."
        );
        assert_eq!(
            strip_bylines("도는 앞으로 교류를 넓혀 나가겠다고 밝혔다. /홍길동 기자 hong@news.com"),
            "도는 앞으로 교류를 넓혀 나가겠다고 밝혔다."
        );
    }

    #[test]
    fn headline_and_sub_headline() {
        let c = clean(
            "한빛일보\n메뉴 건너뛰기\n정치 경제 사회\n전북도, 美 오하이오주와 경제협력 MOU 체결\n\
             - 이차전지·수소 분야 공동 연구 추진 -\n입력 2023.10.05 14:03\n\
             전라북도는 5일 미국 오하이오주와 경제협력 업무협약을 체결했다고 밝혔다.\n\
             홍길동 기자 hong@news.com",
        );
        assert_eq!(c.title.as_deref(), Some("전북도, 美 오하이오주와 경제협력 MOU 체결"));
        assert_eq!(
            c.text,
            "이차전지·수소 분야 공동 연구 추진\n전라북도는 5일 미국 오하이오주와 경제협력 업무협약을 체결했다고 밝혔다."
        );
        assert_eq!(c.published, NaiveDate::from_ymd_opt(2023, 10, 5));
    }

    #[test]
    fn numbered_related_headlines_are_dropped() {
        let c = clean(
            "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.\n\
             1. 여수시, 日 가라쓰시와 자매결연 30주년 기념식\n\
             2. 목포시, 中 항저우시와 우호 교류 협약 체결\n\
             3. 순천시, 베트남 다낭시 방문…농업 협력 논의",
        );
        assert_eq!(c.text, "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.");
    }

    #[test]
    fn numbered_headlines_ending_like_sentences_are_dropped_too() {
        let c = clean(
            "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.\n\
             1. 여수시, 국가산단 투자협약 체결\n\
             2. 전라북도, 농생명산업 혁신특례 본격 추진!\n\
             3. ‘한중일 이스포츠대회’ 여수에서 열린다",
        );
        assert_eq!(c.text, "강원도는 5일 일본 돗토리현과 관광 교류 협약을 체결했다고 밝혔다.");
    }

    #[test]
    fn numbered_points_of_the_story_stay() {
        let c = clean(
            "협약의 주요 내용은 다음과 같다.\n1. 신재생에너지 협력\n2. 청소년 교류\n\
             도는 이번 협약으로 교류가 넓어질 것으로 기대했다.",
        );
        assert_eq!(c.text.lines().count(), 4);
    }
}
