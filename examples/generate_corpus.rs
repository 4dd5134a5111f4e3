//! Synthetic corpus generator for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example generate_corpus -- --count 10000 --out /tmp/corpus
//! cargo run --release --example generate_corpus -- --count 1000000 --out /tmp/big --seed 7
//! cargo run --release --example generate_corpus -- --count 5000 --out /tmp/j --format jsonl
//! ```
//!
//! Every article is made up: Korean provinces and cities and foreign partners
//! are drawn from the gazetteers in `data/gazetteer/` (compiled in), people
//! are invented, and sentences come from the templates below. Articles look
//! like scraped news pages: menu lines, a title, a publication line, a
//! byline, the body (sometimes repeated, as some scrapes are), a reporter
//! line, a copyright notice and a numbered list of related headlines.
//!
//! Output is deterministic for a given `--seed`: article `i` depends only on
//! the seed and `i`. Articles are written as they are made, never held in
//! memory together.
//!
//! * `--format txt` (default): one file per article, in subfolders of 1,000
//!   (`DIR/0000/a0000000.txt`, `DIR/0001/a0001000.txt`, …).
//! * `--format jsonl`: one file `DIR/corpus.jsonl`, one JSON object per line
//!   with `id`, `title`, `text` (the body without page furniture) and
//!   `published` (`YYYY-MM-DD`).

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

const PLACES_TSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer/places.tsv"));
const ORGS_TSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer/organizations.tsv"));

// ---------------------------------------------------------------------------
// A small deterministic PRNG (SplitMix64 to seed, xoshiro256** to draw).

struct Rng {
    s: [u64; 4],
}

fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut x = seed ^ stream.wrapping_mul(0xD605_BBB5_8C8A_BBFD);
        Rng { s: [splitmix(&mut x), splitmix(&mut x), splitmix(&mut x), splitmix(&mut x)] }
    }
    fn next(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    fn range(&mut self, lo: u32, hi_incl: u32) -> u32 {
        lo + self.below((hi_incl - lo + 1) as usize) as u32
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Korean particles chosen by the last syllable of the word they follow.

fn last_jong(word: &str) -> Option<u32> {
    let c = word.chars().rev().find(|c| !c.is_whitespace() && *c != ')' && *c != '\'')? as u32;
    if (0xAC00..=0xD7A3).contains(&c) {
        Some((c - 0xAC00) % 28)
    } else if (0x30..=0x39).contains(&c) {
        // 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant.
        Some(if matches!(c, 0x30 | 0x31 | 0x33 | 0x36 | 0x37 | 0x38) { 1 } else { 0 })
    } else {
        Some(0)
    }
}

fn has_batchim(word: &str) -> bool {
    last_jong(word).is_some_and(|j| j != 0)
}

/// `word` followed by the right form of a two-form particle.
fn josa(word: &str, with: &str, without: &str) -> String {
    let p = if has_batchim(word) { with } else { without };
    format!("{word}{p}")
}
fn wa(w: &str) -> String {
    josa(w, "과", "와")
}
fn eun(w: &str) -> String {
    josa(w, "은", "는")
}
fn ga(w: &str) -> String {
    josa(w, "이", "가")
}
// ---------------------------------------------------------------------------
// Gazetteer.

#[derive(Clone)]
struct Place {
    name: String,
    /// The short Korean form used in headlines and running text.
    short: String,
    kind: String,
    parent: String,
}

struct Gazetteer {
    kr_provinces: Vec<Place>,
    kr_cities: Vec<Place>,
    countries: Vec<Place>,
    foreign_provinces: Vec<Place>,
    foreign_cities: Vec<Place>,
    companies: Vec<String>,
    agencies: Vec<String>,
    organizations: Vec<String>,
}

fn is_hangul_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().skip(1).filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let kr_first_level: Vec<&str> = rows(PLACES_TSV)
            .filter(|c| c.len() >= 4 && c[1] == "Province" && c[3] == "대한민국")
            .map(|c| c[0])
            .collect();
        let kr_parent = |p: &str| kr_first_level.contains(&p);
        let mut all = Vec::new();
        for cols in rows(PLACES_TSV) {
            if cols.len() < 2 {
                continue;
            }
            let name = cols[0].to_string();
            let aliases: Vec<&str> = cols.get(2).map(|a| a.split('|').collect()).unwrap_or_default();
            // Korean places: the shortest all-Hangul alias of two syllables or
            // more (강원, 충남, 춘천), else the name. Foreign places: the name.
            let korean = cols.get(3).is_some_and(|p| *p == "대한민국" || kr_parent(p));
            let short = aliases
                .iter()
                .filter(|a| korean && is_hangul_word(a) && a.chars().count() >= 2 && a.len() < name.len())
                .min_by_key(|a| a.len())
                .map(|a| a.to_string())
                .unwrap_or_else(|| name.clone());
            let parent = cols.get(3).copied().unwrap_or("").to_string();
            all.push(Place { name, short, kind: cols[1].to_string(), parent });
        }
        let korea = "대한민국";
        let kr_provinces: Vec<Place> =
            all.iter().filter(|p| p.kind == "Province" && p.parent == korea).cloned().collect();
        let is_kr_province = |n: &str| kr_provinces.iter().any(|p| p.name == n);
        let kr_cities: Vec<Place> =
            all.iter().filter(|p| p.kind == "City" && is_kr_province(&p.parent)).cloned().collect();
        let countries: Vec<Place> = all.iter().filter(|p| p.kind == "Country" && p.name != korea).cloned().collect();
        let is_country = |n: &str| countries.iter().any(|c| c.name == n);
        let foreign_provinces: Vec<Place> =
            all.iter().filter(|p| p.kind == "Province" && is_country(&p.parent)).cloned().collect();
        let foreign_cities: Vec<Place> = all
            .iter()
            .filter(|p| p.kind == "City" && !is_kr_province(&p.parent) && !p.parent.is_empty())
            .cloned()
            .collect();

        let (mut companies, mut agencies, mut organizations) = (Vec::new(), Vec::new(), Vec::new());
        for cols in rows(ORGS_TSV) {
            if cols.len() < 2 {
                continue;
            }
            let name = cols[0].to_string();
            match cols[1] {
                "Company" => companies.push(name),
                "GovernmentAgency" => agencies.push(name),
                "Organization" => organizations.push(name),
                _ => {}
            }
        }
        let g = Gazetteer {
            kr_provinces,
            kr_cities,
            countries,
            foreign_provinces,
            foreign_cities,
            companies,
            agencies,
            organizations,
        };
        assert!(
            !g.kr_provinces.is_empty()
                && !g.kr_cities.is_empty()
                && !g.countries.is_empty()
                && !g.foreign_provinces.is_empty()
                && !g.foreign_cities.is_empty()
                && !g.companies.is_empty()
                && !g.agencies.is_empty()
                && !g.organizations.is_empty(),
            "the gazetteer files look empty or changed shape"
        );
        g
    }

    fn country(&self, name: &str) -> Option<&Place> {
        self.countries.iter().find(|c| c.name == name)
    }
}

// ---------------------------------------------------------------------------
// Invented people.

const SURNAMES: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류",
    "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차", "주", "우", "구",
    "민", "진", "나", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여", "추", "도", "소", "석", "선",
    "설", "마", "길",
];
const GIVEN: &[&str] = &[
    "민", "서", "준", "현", "지", "영", "수", "호", "진", "우", "성", "훈", "철", "희", "경", "태", "동", "재", "상",
    "혁", "은", "윤", "정", "연", "석", "규", "한", "원", "기", "범", "승", "찬", "용", "환", "주", "미", "혜", "선",
    "숙", "아",
];
/// Pairs of a Hangul syllable and a romanisation for invented foreign names.
const FOREIGN_SYL: &[(&str, &str)] = &[
    ("아", "a"),
    ("바", "ba"),
    ("다", "da"),
    ("가", "ga"),
    ("카", "ka"),
    ("라", "ra"),
    ("마", "ma"),
    ("나", "na"),
    ("사", "sa"),
    ("타", "ta"),
    ("베", "be"),
    ("데", "de"),
    ("레", "re"),
    ("메", "me"),
    ("네", "ne"),
    ("세", "se"),
    ("미", "mi"),
    ("니", "ni"),
    ("리", "ri"),
    ("키", "ki"),
    ("티", "ti"),
    ("시", "si"),
    ("코", "ko"),
    ("로", "ro"),
    ("모", "mo"),
    ("노", "no"),
    ("토", "to"),
    ("보", "bo"),
    ("누", "nu"),
    ("루", "ru"),
    ("무", "mu"),
    ("부", "bu"),
    ("쿠", "ku"),
    ("투", "tu"),
    ("르", "r"),
    ("스", "s"),
    ("트", "t"),
    ("크", "k"),
    ("란", "lan"),
    ("탄", "tan"),
    ("칸", "kan"),
    ("벡", "bek"),
    ("렌", "ren"),
    ("린", "rin"),
    ("손", "son"),
    ("엘", "el"),
    ("안", "an"),
    ("올", "ol"),
    ("잔", "zhan"),
    ("굴", "gul"),
    ("얀", "yan"),
    ("예", "ye"),
    ("요", "yo"),
    ("유", "yu"),
    ("하", "ha"),
    ("호", "ho"),
];

struct Person {
    name: String,
    /// Surname for Korean people (`김`), family name for foreigners (`베키셰프`).
    short: String,
    /// Romanised form, foreigners only.
    latin: Option<String>,
}

fn korean_person(rng: &mut Rng) -> Person {
    let s = *rng.pick(SURNAMES);
    let name = format!("{s}{}{}", rng.pick(GIVEN), rng.pick(GIVEN));
    Person { name, short: s.to_string(), latin: None }
}

fn foreign_word(rng: &mut Rng, min: usize, max: usize) -> (String, String) {
    let n = min + rng.below(max - min + 1);
    let (mut ko, mut la) = (String::new(), String::new());
    for i in 0..n {
        // No single-consonant syllable (르, 스 …) at the start.
        let (k, l) = loop {
            let p = *rng.pick(FOREIGN_SYL);
            if i > 0 || p.1.ends_with(['a', 'e', 'i', 'o', 'u', 'n', 'l', 'k']) {
                break p;
            }
        };
        ko.push_str(k);
        la.push_str(l);
    }
    let mut cap = la[..1].to_uppercase();
    cap.push_str(&la[1..]);
    (ko, cap)
}

fn foreign_person(rng: &mut Rng) -> Person {
    let (g_ko, g_la) = foreign_word(rng, 2, 3);
    let (f_ko, f_la) = foreign_word(rng, 2, 4);
    Person { name: format!("{g_ko} {f_ko}"), short: f_ko, latin: Some(format!("{g_la} {f_la}")) }
}

// ---------------------------------------------------------------------------
// Dates.

#[derive(Clone, Copy)]
struct Date {
    y: u32,
    m: u32,
    d: u32,
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    fn random(rng: &mut Rng) -> Date {
        let y = rng.range(2019, 2025);
        let m = rng.range(1, 12);
        let d = rng.range(1, days_in(y, m));
        Date { y, m, d }
    }
    fn minus_days(self, n: u32) -> Date {
        let mut d = self;
        for _ in 0..n {
            if d.d > 1 {
                d.d -= 1;
            } else if d.m > 1 {
                d.m -= 1;
                d.d = days_in(d.y, d.m);
            } else {
                d.y -= 1;
                d.m = 12;
                d.d = 31;
            }
        }
        d
    }
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

// ---------------------------------------------------------------------------
// One article.

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Agreement,
    Forum,
    Visit,
    Meeting,
}

/// The foreign side of an article.
struct Partner {
    /// How the partner is written in text: `카자흐스탄 아크몰라주`, `베트남`, `알마티`.
    full: String,
    /// The bare partner name (`아크몰라주`, `베트남`).
    name: String,
    country: String,
    country_short: String,
    /// A city of the partner country where things happen abroad.
    venue_city: String,
    head: Person,
    head_title: String,
}

struct Home {
    /// `강원특별자치도` or `춘천시`.
    name: String,
    /// `강원`, `춘천`.
    short: String,
    /// How the body refers back: `도` or `시` or `군`.
    back: &'static str,
    head: Person,
    /// `도지사`, `시장`, `군수`.
    head_title: &'static str,
    deputy: Person,
    deputy_title: &'static str,
    /// The city where home events take place.
    venue: String,
}

struct Article {
    id: String,
    title: String,
    published: Date,
    /// The body paragraphs, one sentence each.
    body: Vec<String>,
    byline_city: String,
    reporter: Person,
    related: Vec<String>,
}

const FIELDS: &[&str] = &[
    "수소에너지",
    "농업",
    "관광",
    "물류",
    "바이오",
    "반도체",
    "이차전지",
    "스마트팜",
    "문화",
    "교육",
    "의료",
    "보건",
    "청년 인턴",
    "섬유",
    "자동차 부품",
    "조선",
    "해양",
    "게임",
    "콘텐츠",
    "식품",
    "화장품",
    "신재생에너지",
    "광물",
    "항공",
    "철도",
    "수산",
    "환경",
    "스마트시티",
    "인공지능",
    "방위산업",
];
const VENUES_HOME: &[&str] =
    &["청사 접견실", "청사 대회의실", "컨벤션센터", "국제회의장", "호텔 그랜드볼룸", "비즈니스센터", "전시컨벤션센터"];
const VENUES_ABROAD: &[&str] =
    &["주정부 청사", "시청", "무역센터", "국제전시장", "현지 호텔", "상공회의소", "경제특구 청사"];
const NEWSPAPERS: &[&str] =
    &["한빛일보", "누리신문", "동녘뉴스", "바른경제", "새벽일보", "가람타임즈", "온누리신문", "하늬일보"];
const MENU_LINES: &[&str] = &[
    "메뉴 건너뛰기",
    "본문 바로가기",
    "전체메뉴 열기",
    "정치 | 경제 | 사회 | 지역 | 국제 | 오피니언",
    "로그인 | 회원가입",
    "기사 스크랩",
    "공유",
    "프린트",
    "글자크기 작게 | 크게",
    "검색",
    "전체기사",
    "뉴스홈",
    "지역경제 | 통상 | 투자유치",
    "PDF 지면보기",
    "구독신청",
];
const MOST_READ: &[&str] = &[
    "장마 앞두고 하천 정비 마무리",
    "주말 고속도로 정체 예상",
    "지역 아파트 거래량 소폭 반등",
    "프로야구 홈 개막전 매진",
    "가을 축제 일정 확정",
    "전통시장 온누리상품권 할인 행사",
    "초등학교 통학로 안전 점검",
    "해수욕장 개장 일정 발표",
    "도서관 야간 개방 확대",
    "버스 노선 개편 주민설명회",
];

fn make_home(g: &Gazetteer, rng: &mut Rng) -> Home {
    let (name, short, back, head_title, deputy_title, venue);
    if rng.chance(55) {
        let p = rng.pick(&g.kr_provinces);
        name = p.name.clone();
        short = p.short.clone();
        let is_do = p.name.ends_with('도');
        back = if is_do { "도" } else { "시" };
        head_title = if is_do { "도지사" } else { "시장" };
        deputy_title = if is_do {
            *rng.pick(&["경제부지사", "행정부지사", "부지사"])
        } else {
            *rng.pick(&["경제부시장", "행정부시장"])
        };
        // A city of the province hosts events at home, or the province itself.
        let cities: Vec<&Place> = g.kr_cities.iter().filter(|c| c.parent == p.name).collect();
        venue = if cities.is_empty() { p.short.clone() } else { rng.pick(&cities).short.clone() };
    } else {
        let c = rng.pick(&g.kr_cities);
        name = c.name.clone();
        short = c.short.clone();
        let is_gun = c.name.ends_with('군');
        back = if is_gun { "군" } else { "시" };
        head_title = if is_gun { "군수" } else { "시장" };
        deputy_title = if is_gun { "부군수" } else { "부시장" };
        venue = c.short.clone();
    }
    Home { name, short, back, head: korean_person(rng), head_title, deputy: korean_person(rng), deputy_title, venue }
}

fn make_partner(g: &Gazetteer, rng: &mut Rng) -> Partner {
    let head = foreign_person(rng);
    match rng.below(3) {
        0 => {
            let p = rng.pick(&g.foreign_provinces);
            let c = g.country(&p.parent).expect("province parent is a country");
            let venue_city = g
                .foreign_cities
                .iter()
                .find(|x| x.parent == c.name)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| p.name.clone());
            let head_title = if p.name.ends_with('성') { "성장" } else { "주지사" };
            Partner {
                full: format!("{} {}", c.short, p.name),
                name: p.name.clone(),
                country: c.name.clone(),
                country_short: c.short.clone(),
                venue_city,
                head,
                head_title: head_title.to_string(),
            }
        }
        1 => {
            let city = rng.pick(&g.foreign_cities);
            let c = g.country(&city.parent).or_else(|| {
                // A city under a foreign province: go one level up.
                g.foreign_provinces.iter().find(|p| p.name == city.parent).and_then(|p| g.country(&p.parent))
            });
            let (country, country_short) = c.map(|c| (c.name.clone(), c.short.clone())).unwrap_or_default();
            Partner {
                full: format!("{} {}", country_short, city.name).trim().to_string(),
                name: city.name.clone(),
                country,
                country_short,
                venue_city: city.name.clone(),
                head,
                head_title: "시장".to_string(),
            }
        }
        _ => {
            let c = rng.pick(&g.countries);
            let venue_city = g
                .foreign_cities
                .iter()
                .find(|x| x.parent == c.name)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| c.name.clone());
            let head_title = rng.pick(&["대사", "경제부 장관", "산업부 장관", "총영사", "투자청장"]).to_string();
            Partner {
                full: c.name.clone(),
                name: c.name.clone(),
                country: c.name.clone(),
                country_short: c.short.clone(),
                venue_city,
                head,
                head_title,
            }
        }
    }
}

fn person_first(p: &Person) -> String {
    match &p.latin {
        Some(l) => format!("{}({l})", p.name),
        None => p.name.clone(),
    }
}

/// `{n}일` relative to publication: the event happened 0–3 days before.
fn event_day(rng: &mut Rng, pub_date: Date) -> (Date, String) {
    let d = pub_date.minus_days(rng.range(0, 3));
    (d, format!("{}일", d.d))
}

fn make_article(g: &Gazetteer, seed: u64, index: u64) -> Article {
    let mut rng = Rng::new(seed, index);
    let r = &mut rng;
    let published = Date::random(r);
    let home = make_home(g, r);
    let partner = make_partner(g, r);
    let kind = *r.pick(&[Kind::Agreement, Kind::Agreement, Kind::Forum, Kind::Visit, Kind::Meeting]);
    let field1 = *r.pick(FIELDS);
    let field2 = *r.pick(FIELDS);
    let fields = if field1 == field2 { field1.to_string() } else { format!("{field1}·{field2}") };
    let abroad = r.chance(50);
    let (_, day) = event_day(r, published);
    let venue = if abroad {
        format!("{} {}", partner.venue_city, r.pick(VENUES_ABROAD))
    } else {
        format!("{} {}", home.venue, r.pick(VENUES_HOME))
    };
    let company = r.pick(&g.companies).clone();
    let agency = r.pick(&g.agencies).clone();
    let org = r.pick(&g.organizations).clone();
    let hp = &home.head;
    let fp = &partner.head;
    let hh = format!("{} {}{}", hp.name, home.short, short_title(&home));
    // Usually `알마티시 시장`-style with a space; sometimes glued (`아크몰라주지사`).
    let glue = partner.head_title == "주지사" && partner.name.ends_with('주') && r.chance(50);
    let fh = if glue {
        format!("{} {}지사", person_first(fp), partner.name)
    } else {
        format!("{} {} {}", person_first(fp), partner.name, partner.head_title)
    };
    let pub_day = published.d;
    let mut body = Vec::new();

    let title = match kind {
        Kind::Agreement => {
            let t = r
                .pick(&[
                    format!("{}, {} {} 분야 협력 업무협약", home.short, wa(&partner.full), fields),
                    format!("{}-{} {} 교류 MOU 체결", home.short, partner.name, fields),
                    format!(
                        "{}, {}{} 손잡고 {} 협력 강화",
                        home.short,
                        partner.name,
                        if has_batchim(&partner.name) { "과" } else { "와" },
                        fields
                    ),
                ])
                .clone();
            body.push(format!(
                "{} {} {}에서 {} {} 분야 교류협력을 위한 업무협약(MOU)을 체결했다고 {}일 밝혔다.",
                eun(&home.name),
                day,
                venue,
                wa(&partner.full),
                fields,
                pub_day
            ));
            body.push(format!(
                "협약식에는 {}{} {}{} 참석해 협약서에 서명했다.",
                hh,
                if has_batchim(&hh) { "과" } else { "와" },
                fh,
                if has_batchim(&partner.head_title) { "이" } else { "가" }
            ));
            body.push(format!("이날 협약식에는 양측 관계자 {}여 명이 자리를 함께했다.", r.range(2, 9) * 10));
            body.push(format!(
                "협약에 따라 양측은 {} 분야 기술 교류와 기업 진출 지원, 공무원 상호 파견 등을 추진한다.",
                fields
            ));
            body.push(format!(
                "{} {} \"이번 협약이 두 지역 모두에 새로운 기회가 될 것\"이라고 말했다.",
                hp.short,
                eun(short_title(&home))
            ));
            body.push(format!(
                "{} {}{} \"{} 기업의 투자를 적극 지원하겠다\"고 화답했다.",
                fp.short,
                partner.head_title,
                if has_batchim(&partner.head_title) { "은" } else { "는" },
                home.short
            ));
            t
        }
        Kind::Forum => {
            let ev = r.pick(&["비즈니스 포럼", "투자상담회", "수출상담회", "경제협력 포럼", "투자설명회"]).to_string();
            let t = format!(
                "{}, {}에서 '{}-{} {}' 개최",
                home.short,
                if abroad { partner.venue_city.clone() } else { home.venue.clone() },
                home.short,
                partner.country_short,
                ev
            );
            body.push(format!(
                "{} {}부터 이틀간 {}에서 '{}-{} {}'{} 열었다고 {}일 밝혔다.",
                eun(&home.name),
                day,
                venue,
                home.short,
                partner.country_short,
                ev,
                if has_batchim(&ev) { "을" } else { "를" },
                pub_day
            ));
            body.push(format!(
                "행사에는 {}{} {}, {} 관계자 등 {}여 명이 참석했다.",
                hh,
                if has_batchim(&hh) { "과" } else { "와" },
                fh,
                org,
                r.range(5, 30) * 10
            ));
            body.push(format!(
                "{} 분야 도내 기업 {}개사와 현지 바이어 {}개사가 1대1 상담을 벌여 {}만달러 규모의 상담 실적을 올렸다.",
                fields,
                r.range(5, 40),
                r.range(10, 90),
                r.range(100, 3000) * 10
            ));
            body.push(format!(
                "현장에서 {} 현지 기업과 {}만달러 규모의 공급계약을 맺었다.",
                ga(&company),
                r.range(10, 500) * 10
            ));
            body.push(format!(
                "{}{} 주관한 이번 행사는 {} 진출을 노리는 중소기업의 판로 개척을 돕기 위해 마련됐다.",
                agency,
                if has_batchim(&agency) { "이" } else { "가" },
                partner.country_short
            ));
            t
        }
        Kind::Visit => {
            let t =
                format!("{} {}, {} 순방…{} 협력 논의", home.short, short_title(&home), partner.country_short, fields);
            body.push(format!(
                "{}{} 이끄는 {} 대표단이 {}부터 {}일까지 {}{} 방문하고 있다.",
                hh,
                if has_batchim(&hh) { "이" } else { "가" },
                home.short,
                day,
                (published.d + r.range(2, 5)).min(28),
                partner.country_short,
                if has_batchim(&partner.country_short) { "을" } else { "를" }
            ));
            body.push(format!(
                "대표단은 {} 현지에서 {}{} 만나 {} 분야 협력 방안을 논의했다.",
                partner.venue_city,
                fh,
                if has_batchim(&partner.head_title) { "과" } else { "와" },
                fields
            ));
            body.push(format!("이어 {} 현지 법인과 {} 사무소를 찾아 진출 기업 애로사항을 들었다.", company, agency));
            body.push(format!(
                "{} {} \"{}{} 신뢰를 바탕으로 실질적인 성과를 내겠다\"고 말했다.",
                hp.short,
                eun(short_title(&home)),
                partner.name,
                if has_batchim(&partner.name) { "과의" } else { "와의" }
            ));
            t
        }
        Kind::Meeting => {
            let ev = *r.pick(&["면담", "간담회", "접견", "오찬 간담회"]);
            let t = format!("{}, {} 면담…{} 교류 확대 합의", hh, fh_short(&partner), fields);
            body.push(format!(
                "{} {} {}에서 {}{} {}{} 갖고 {} 분야 교류 확대 방안을 논의했다.",
                eun(&hh),
                day,
                venue,
                fh,
                if has_batchim(&partner.head_title) { "과" } else { "와" },
                ev,
                if has_batchim(ev) { "을" } else { "를" },
                fields
            ));
            body.push(format!(
                "이 자리에는 {} {}{} {} 관계자도 함께했다.",
                home.deputy.name,
                home.deputy_title,
                if has_batchim(home.deputy_title) { "과" } else { "와" },
                org
            ));
            if !partner.country.is_empty() && r.chance(50) {
                body.push(format!("면담에는 주한{}대사관 관계자도 배석했다.", partner.country));
            }
            body.push(format!("양측은 {} 분야 공동 연구와 인적 교류를 정례화하기로 뜻을 모았다.", fields));
            t
        }
    };

    // Background and plans, with relative dates.
    if r.chance(60) {
        let m = r.range(1, 12);
        body.push(format!(
            "앞서 {} 지난 {}월 {} 정부와 {} 분야 협력 의향서를 교환한 바 있다.",
            eun(home.back),
            m,
            partner.country_short,
            r.pick(FIELDS)
        ));
    }
    if r.chance(60) {
        let ev = *r.pick(&["투자설명회를", "교류 행사를", "실무협의회를", "경제사절단 간담회를"]);
        let when = if published.d < 27 {
            format!("오는 {}일", r.range(published.d + 1, 28))
        } else {
            format!("다음 달 {}일", r.range(1, 28))
        };
        body.push(format!(
            "{} {} {}에서 {} 관계자들이 참석하는 {} 열 계획이다.",
            eun(home.back),
            when,
            home.venue,
            partner.name,
            ev
        ));
    }
    if r.chance(40) {
        body.push(format!(
            "{}{} 내년 {}월 {} 대표단의 답방을 추진할 예정이다.",
            home.short,
            if home.back == "도" { "도는" } else { "시는" },
            r.range(1, 12),
            partner.name
        ));
    }
    if r.chance(50) {
        body.push(format!(
            "{} 관계자는 \"{}{} 협력이 지역 경제에 활력을 불어넣을 것\"이라고 기대했다.",
            home.name,
            partner.country_short,
            if has_batchim(&partner.country_short) { "과의" } else { "와의" }
        ));
    }
    if r.chance(30) {
        body.push(format!(
            "한편 {} {} 진출 기업을 위한 현지 지원센터 설치도 검토하고 있다.",
            eun(home.back),
            partner.country_short
        ));
    }

    let reporter = korean_person(r);
    let byline_city = home.venue.clone();
    let related_n = r.range(0, 5) as usize;
    let mut related = Vec::with_capacity(related_n);
    for _ in 0..related_n {
        let other = make_partner(g, r);
        let (f1, f2) = (*r.pick(FIELDS), *r.pick(FIELDS));
        related.push(
            r.pick(&[
                format!("{}, {} 시장 개척 나선다", home.short, other.country_short),
                format!("[사설] 지방정부 경제외교, {} 협력의 과제", other.country_short),
                format!("{} 대표단 {} 방문…{} 협력 모색", other.name, home.short, f1),
                format!("{} 수출 역대 최대…{} 효자 노릇", home.short, f2),
            ])
            .clone(),
        );
    }
    Article { id: format!("a{index:07}"), title, published, body, byline_city, reporter, related }
}

fn fh_short(p: &Partner) -> String {
    format!("{} {}", p.name, p.head_title)
}

/// `지사` for a governor, else the title itself.
fn short_title(h: &Home) -> &'static str {
    if h.head_title == "도지사" {
        "지사"
    } else {
        h.head_title
    }
}

/// The article as a scraped page.
fn render_page(a: &Article, rng: &mut Rng, out: &mut String) {
    out.clear();
    let n_menu = rng.range(2, 8) as usize;
    let start = rng.below(MENU_LINES.len() - n_menu + 1);
    for line in &MENU_LINES[start..start + n_menu] {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&a.title);
    out.push('\n');
    let (hh, mm) = (rng.range(6, 22), rng.range(0, 59));
    let _ = write!(out, "입력 {:04}.{:02}.{:02} {hh:02}:{mm:02}", a.published.y, a.published.m, a.published.d);
    if rng.chance(40) {
        let _ = write!(
            out,
            "  수정 {:04}.{:02}.{:02} {:02}:{mm:02}",
            a.published.y,
            a.published.m,
            a.published.d,
            (hh + 2).min(23)
        );
    }
    out.push_str("\n\n");
    let paper = *rng.pick(NEWSPAPERS);
    if rng.chance(70) {
        let _ = writeln!(out, "{}={} 기자\n", a.byline_city, a.reporter.name);
    }
    let repeats = if rng.chance(8) { 2 } else { 1 };
    for _ in 0..repeats {
        for p in &a.body {
            out.push_str(p);
            out.push('\n');
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{} 기자 {}@{}.example", a.reporter.name, romanise_id(&a.reporter), paper_slug(paper));
    let _ = writeln!(out, "<저작권자 ⓒ {paper}, 무단전재 및 재배포 금지>");
    if !a.related.is_empty() {
        out.push_str("\n관련기사\n");
        for (i, h) in a.related.iter().enumerate() {
            let _ = writeln!(out, "{}. {h}", i + 1);
        }
    }
    if rng.chance(50) {
        out.push_str("\n많이 본 뉴스\n");
        let n = rng.range(2, 5) as usize;
        for i in 0..n {
            let _ = writeln!(out, "{}. {}", i + 1, rng.pick(MOST_READ));
        }
    }
    out.push_str("회사소개 | 광고문의 | 개인정보처리방침 | 청소년보호정책\n");
}

fn romanise_id(p: &Person) -> String {
    // A stable pseudo-address from the name's bytes.
    let h = p.name.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    format!("reporter{}", h % 10_000)
}

fn paper_slug(paper: &str) -> String {
    let h = paper.bytes().fold(7u32, |h, b| h.wrapping_mul(131).wrapping_add(b as u32));
    format!("news{}", h % 1000)
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn render_json(a: &Article, rng: &mut Rng, out: &mut String) {
    out.clear();
    let mut text = String::new();
    if rng.chance(50) {
        let _ = writeln!(text, "{}={} 기자", a.byline_city, a.reporter.name);
    }
    text.push_str(&a.body.join("\n"));
    out.push_str("{\"id\": ");
    json_str(&a.id, out);
    out.push_str(", \"title\": ");
    json_str(&a.title, out);
    out.push_str(", \"text\": ");
    json_str(&text, out);
    out.push_str(", \"published\": ");
    json_str(&a.published.iso(), out);
    out.push_str("}\n");
}

// ---------------------------------------------------------------------------

struct Args {
    count: u64,
    out: PathBuf,
    seed: u64,
    jsonl: bool,
}

fn usage() -> ! {
    eprintln!("usage: generate_corpus --count N --out DIR [--seed S] [--format txt|jsonl]");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut it = std::env::args().skip(1);
    let (mut count, mut out, mut seed, mut jsonl) = (None, None, 1u64, false);
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--count" => count = Some(val().replace('_', "").parse().unwrap_or_else(|_| usage())),
            "--out" => out = Some(PathBuf::from(val())),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--format" => {
                jsonl = match val().as_str() {
                    "txt" => false,
                    "jsonl" => true,
                    _ => usage(),
                }
            }
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    Args { count: count.unwrap_or_else(|| usage()), out: out.unwrap_or_else(|| usage()), seed, jsonl }
}

fn main() -> std::io::Result<()> {
    let args = parse_args();
    let g = Gazetteer::load();
    fs::create_dir_all(&args.out)?;
    let started = Instant::now();
    let mut buf = String::with_capacity(8 * 1024);
    let mut bytes = 0u64;
    if args.jsonl {
        let path = args.out.join("corpus.jsonl");
        let mut w = BufWriter::with_capacity(1 << 20, fs::File::create(&path)?);
        for i in 0..args.count {
            let a = make_article(&g, args.seed, i);
            let mut rng = Rng::new(args.seed ^ 0x5EED, i);
            render_json(&a, &mut rng, &mut buf);
            w.write_all(buf.as_bytes())?;
            bytes += buf.len() as u64;
        }
        w.flush()?;
    } else {
        for i in 0..args.count {
            let shard = args.out.join(format!("{:04}", i / 1000));
            if i % 1000 == 0 {
                fs::create_dir_all(&shard)?;
            }
            let a = make_article(&g, args.seed, i);
            let mut rng = Rng::new(args.seed ^ 0x5EED, i);
            render_page(&a, &mut rng, &mut buf);
            fs::write(shard.join(format!("{}.txt", a.id)), buf.as_bytes())?;
            bytes += buf.len() as u64;
        }
    }
    eprintln!(
        "generate_corpus: {} articles, {:.1} MB in {} ({}) in {:.2}s",
        args.count,
        bytes as f64 / 1e6,
        args.out.display(),
        if args.jsonl { "jsonl" } else { "txt" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
