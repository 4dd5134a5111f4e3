//! `gyoryu build` on odd and broken inputs, and on a store another process holds.
//!
//! The corpus in `tests/fixtures/bad/` is produced by [`committed_corpus`]
//! below, so every byte of it (the binary files too) can be regenerated and
//! reviewed here. To rewrite the folder after changing the generator, run
//! only that test (the others read the folder meanwhile):
//! `GYORYU_WRITE_BAD_FIXTURES=1 cargo test --release --test bad_input committed`. Inputs that cannot live in git or would push the folder past
//! 1 MB (a 1 MB JSON line, a file over the size limit, symlink loops, a named
//! pipe, an unreadable file, a file name that is not UTF-8) are made at run
//! time by [`runtime_corpus`] in a temporary folder.
//!
//! Every article that is odd but good holds a short story of its own, so
//! that each is a distinct document in the store.

mod common;
use common::{gyoryu, root};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gyoryu::store::Store;

const BAD_DIR: &str = "tests/fixtures/bad";

// ---- stories -----------------------------------------------------------------

/// One made-up agreement between a Korean province and a foreign region.
struct Story {
    title: String,
    paragraphs: Vec<String>,
}

impl Story {
    fn text(&self) -> String {
        let mut s = format!("{}\n", self.title);
        for p in &self.paragraphs {
            s.push_str(p);
            s.push('\n');
        }
        s
    }

    fn one_line(&self) -> String {
        format!("{} {}", self.title, self.paragraphs.join(" "))
    }

    fn html_body(&self) -> String {
        self.paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect()
    }

    /// A whole news page around the story, with the furniture a portal adds.
    fn page(&self, charset: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"{charset}\">\n\
             <title>{t} - 가상일보</title>\n<meta property=\"og:title\" content=\"{t}\">\n</head>\n\
             <body>\n<nav><ul><li><a href=\"/\">홈</a></li><li><a href=\"/local\">지역</a></li><li><a href=\"/economy\">경제</a></li></ul></nav>\n\
             <article>\n<h1>{t}</h1>\n{body}</article>\n\
             <footer>ⓒ 가상일보. 무단전재 및 재배포 금지</footer>\n</body></html>\n",
            t = self.title,
            body = self.html_body()
        )
    }
}

/// Province, its short form in headlines, its governor (made up).
const PROVINCES: [(&str, &str, &str); 9] = [
    ("경상북도", "경북", "한도윤"),
    ("전라남도", "전남", "서민재"),
    ("충청남도", "충남", "윤하진"),
    ("강원특별자치도", "강원", "문태오"),
    ("경상남도", "경남", "배서율"),
    ("충청북도", "충북", "장우석"),
    ("전북특별자치도", "전북", "임채원"),
    ("제주특별자치도", "제주", "오세린"),
    ("경기도", "경기", "남궁현"),
];

/// Country, region with its particle (와/과), region.
const REGIONS: [(&str, &str, &str); 12] = [
    ("미국", "조지아주와", "조지아주"),
    ("호주", "퀸즐랜드주와", "퀸즐랜드주"),
    ("캐나다", "앨버타주와", "앨버타주"),
    ("베트남", "박닌성과", "박닌성"),
    ("인도네시아", "서자바주와", "서자바주"),
    ("몽골", "울란바토르시와", "울란바토르시"),
    ("일본", "시즈오카현과", "시즈오카현"),
    ("중국", "산둥성과", "산둥성"),
    ("독일", "바이에른주와", "바이에른주"),
    ("폴란드", "마워폴스카주와", "마워폴스카주"),
    ("우즈베키스탄", "페르가나주와", "페르가나주"),
    ("칠레", "발파라이소주와", "발파라이소주"),
];

const SECTORS: [&str; 10] = [
    "수소에너지",
    "이차전지",
    "농식품",
    "관광",
    "바이오헬스",
    "스마트팜",
    "해양수산",
    "항공우주",
    "반도체",
    "문화콘텐츠",
];

/// The `n`th story; every `n` gives a different text.
fn story(n: usize) -> Story {
    let (province, short, governor) = PROVINCES[n % PROVINCES.len()];
    let (country, region_and, region) = REGIONS[(n * 5 + 1) % REGIONS.len()];
    let sector = SECTORS[(n * 3) % SECTORS.len()];
    let month = 1 + n % 12;
    let day = 2 + n % 26;
    Story {
        title: format!("{short}, {country} {region_and} {sector} 협력 업무협약 ({n}호)"),
        paragraphs: vec![
            format!(
                "{province}는 {month}월 {day}일 도청 대회의실에서 {country} {region_and} {sector} 분야 교류 협력을 위한 업무협약을 체결했다고 밝혔다."
            ),
            format!("이날 협약식에는 {governor} 도지사와 {region} 대표단 {} 명이 참석했다.", 10 + n),
            format!(
                "두 지역은 {sector} 기업의 상호 진출과 공동 연구를 지원하고, 박람회 참가 기업에 통역과 전시 공간을 제공하기로 했다."
            ),
            format!(
                "{governor} 지사는 \"이번 협약이 {sector} 산업의 새 판로를 여는 계기가 될 것\"이라고 말했다."
            ),
        ],
    }
}

// ---- the corpus ----------------------------------------------------------------

/// What `gyoryu build` must make of one input file.
#[derive(Debug, Clone)]
struct Expect {
    /// `gy:sourceFile` values that must be in the store afterwards.
    stored: Vec<String>,
    /// Skip lines: the reported source relative to the file (`""` for the
    /// file itself, `"#3"` for its third line) and a phrase of the reason.
    skipped: Vec<(String, &'static str)>,
}

fn stored(ids: &[&str]) -> Expect {
    Expect { stored: ids.iter().map(|s| s.to_string()).collect(), skipped: vec![] }
}

fn skipped(reason: &'static str) -> Expect {
    Expect { stored: vec![], skipped: vec![(String::new(), reason)] }
}

fn nothing() -> Expect {
    Expect { stored: vec![], skipped: vec![] }
}

struct Fixture {
    name: String,
    bytes: Vec<u8>,
    expect: Expect,
}

fn fixture(name: &str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Fixture {
    Fixture { name: name.to_string(), bytes: bytes.into(), expect }
}

/// The own-name expectation of a text file that must be stored.
fn stored_as(name: &str, bytes: impl Into<Vec<u8>>) -> Fixture {
    fixture(name, bytes, stored(&[name]))
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

fn euc_kr(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding_rs::EUC_KR.encode(text);
    assert!(!had_errors, "not encodable in CP949: {text}");
    bytes.into_owned()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A real gzip member holding `data` in one stored (uncompressed) deflate
/// block, so no compression crate is needed to make it.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    assert!(data.len() < 0xFFFF);
    let mut out = vec![0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF];
    let len = data.len() as u16;
    out.push(1); // final block, stored
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// A zip archive with one stored file.
fn zip_stored(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = crc32(data).to_le_bytes();
    let size = (data.len() as u32).to_le_bytes();
    let name_len = (name.len() as u16).to_le_bytes();
    let mut out = b"PK\x03\x04\x0A\x00\x00\x00\x00\x00\x00\x00\x21\x00".to_vec();
    out.extend_from_slice(&crc);
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&name_len);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(data);
    let central_at = (out.len() as u32).to_le_bytes();
    let mut central = b"PK\x01\x02\x14\x00\x0A\x00\x00\x00\x00\x00\x00\x00\x21\x00".to_vec();
    central.extend_from_slice(&crc);
    central.extend_from_slice(&size);
    central.extend_from_slice(&size);
    central.extend_from_slice(&name_len);
    central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
    central.extend_from_slice(&[0; 4]); // local header offset 0
    central.extend_from_slice(name.as_bytes());
    let central_len = (central.len() as u32).to_le_bytes();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\x00\x01\x00");
    out.extend_from_slice(&central_len);
    out.extend_from_slice(&central_at);
    out.extend_from_slice(&[0, 0]);
    out
}

/// A 1×1 PNG (the IDAT is a stored zlib block; readers accept it).
fn png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc_input);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib header, one stored block of the scanline (filter 0, one grey pixel), adler32.
    chunk(&mut out, b"IDAT", &[0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81]);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A 1×1 GIF.
fn gif() -> Vec<u8> {
    let mut out = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    out.extend_from_slice(&[0, 0, 0, 0xFF, 0xFF, 0xFF]); // palette
    out.extend_from_slice(b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;");
    out
}

/// The start of a JPEG: SOI, a JFIF APP0 segment, a comment, EOI.
fn jpeg() -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend_from_slice(b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00");
    let comment = "도청 협약식 사진".as_bytes();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// `text` as UTF-8 with one 0xFF byte after every `every`th character.
fn with_bad_bytes(text: &str, every: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        if i % every == every - 1 {
            out.push(0xFF);
        }
    }
    out
}

fn json_record(id: serde_json::Value, fields: &[(&str, &str)]) -> String {
    let mut record = serde_json::Map::new();
    record.insert("id".into(), id);
    for (k, v) in fields {
        record.insert((*k).into(), serde_json::Value::String((*v).into()));
    }
    serde_json::Value::Object(record).to_string()
}

/// Every file committed in `tests/fixtures/bad/`, with what `build` must do with it.
fn committed_corpus() -> Vec<Fixture> {
    let mut c = Vec::new();
    let bom = |text: String| [b"\xEF\xBB\xBF".to_vec(), text.into_bytes()].concat();

    // Good, in odd encodings.
    c.push(stored_as("utf8-bom.txt", bom(story(0).text())));
    c.push(stored_as("utf16le-bom.txt", utf16(&story(1).text(), false, true)));
    c.push(stored_as("utf16be-bom.txt", utf16(&story(2).text(), true, true)));
    // Without a BOM. '가' (U+AC00) puts a NUL byte on the "wrong" parity,
    // which the detector must tolerate; the story has it in 참가.
    assert!(story(3).text().contains('가'));
    c.push(stored_as("utf16le-nobom.txt", utf16(&story(3).text(), false, false)));
    c.push(stored_as("utf16be-nobom.txt", utf16(&story(4).text(), true, false)));
    c.push(stored_as("euc-kr.txt", euc_kr(&story(5).text())));
    // 똠, 햏 and 뷁 are outside EUC-KR's 2,350 syllables: only CP949 has them.
    let mut cp949 = story(6);
    cp949
        .paragraphs
        .insert(2, "협약에 따라 도내 기업 똠방산업과 햏빛소재, 뷁스튜디오가 첫 수출 상담회에 나선다.".into());
    let cp949_bytes = euc_kr(&cp949.text());
    assert!(
        // EUC-KR proper uses only bytes from 0xA1 on; CP949 adds the rest.
        "똠햏뷁".chars().all(|ch| euc_kr(&ch.to_string()).iter().any(|&b| b < 0xA1)),
        "the CP949-only syllables must be encoded in the extension range"
    );
    c.push(stored_as("cp949-only.txt", cp949_bytes));
    c.push(stored_as("euc-kr-page.html", euc_kr(&story(7).page("euc-kr"))));
    // A page re-saved as UTF-8 that still claims EUC-KR: the BOM wins.
    c.push(stored_as("bom-vs-meta.html", bom(story(8).page("euc-kr"))));
    // One malformed byte in about 400 characters (under 1%): kept, replaced.
    c.push(stored_as("utf8-few-bad-bytes.txt", with_bad_bytes(&story(9).text(), 150)));
    // One in 20 (5%): not the encoding it looks like; skipped.
    c.push(fixture("utf8-many-bad-bytes.txt", with_bad_bytes(&story(10).text(), 20), skipped("not valid UTF-8")));

    // Good, in odd HTML.
    let page = story(11).page("utf-8");
    let cut = page.find("</article>").unwrap() + "</arti".len();
    c.push(stored_as("truncated.html", &page.as_bytes()[..cut]));
    let s = story(12);
    let unclosed = format!(
        "<html><head><title>{t}</title>\n<body><div class=article><h2>{t}\n<div><p>{}\n<p><b>{}\n<p>{}\n<li><i>{}\n<td>",
        s.paragraphs[0],
        s.paragraphs[1],
        s.paragraphs[2],
        s.paragraphs[3],
        t = s.title
    );
    // Only the title is closed: an unclosed <title> swallows the whole page
    // as its text, in browsers as in html5ever.
    c.push(stored_as("unclosed-tags.html", unclosed));
    let s = story(13);
    let nested = format!(
        "<html><head><meta charset=\"utf-8\"><title>{t}</title></head><body>\n\
         <table width=\"100%\"><tr><td><table><tr><td><a href=\"/\">홈</a></td><td><a href=\"/news\">뉴스</a></td></tr></table></td></tr>\n\
         <tr><td><table><tr><td width=\"700\"><table><tr><td class=\"title\">{t}</td></tr>\n\
         <tr><td class=\"article\">{body}</td></tr></table></td>\n\
         <td><table><tr><td>많이 본 뉴스</td></tr><tr><td><a href=\"/1\">다른 기사 제목</a></td></tr></table></td></tr></table></td></tr>\n\
         </table></body></html>\n",
        t = s.title,
        body = s.paragraphs.join("<br><br>\n")
    );
    c.push(stored_as("nested-tables.html", nested));

    // Good, with odd names.
    c.push(stored_as("보도자료.기사", story(14).text()));
    c.push(stored_as("경북 보도자료 (최종).txt", story(15).text()));

    // JSON Lines: good and bad records in one file.
    let good = |n: usize, id: &str| {
        let s = story(n);
        json_record(id.into(), &[("title", &s.title), ("text", &s.paragraphs.join("\n")), ("published", "2024-03-05")])
    };
    let html_record = json_record(serde_json::json!(20240311), &[("html", &story(17).page("utf-8"))]);
    let lines = [
        good(16, "rec-good-1"),
        r#"{"id": "rec-broken", "text": "충청남도는 3일 독일 바이에른주와"#.to_string(),
        json_record("rec-no-text".into(), &[("title", "본문이 빠진 기록")]),
        r#"{"id": "rec-wrong-type", "text": 12345}"#.to_string(),
        String::new(),
        html_record,
        r#"{"id": ["rec", "array"], "text": "도는 협약을 맺었다."}"#.to_string(),
        r#"["id", "text"]"#.to_string(),
        json_record("rec-blank-text".into(), &[("text", "   ")]),
        " \t ".to_string(),
        good(18, "rec-good-2"),
    ];
    c.push(fixture(
        "records.jsonl",
        lines.join("\n") + "\n",
        Expect {
            stored: vec!["rec-good-1".into(), "20240311".into(), "rec-good-2".into()],
            skipped: vec![
                ("#2".into(), "bad JSON Lines record"),
                ("#3".into(), "neither \"text\" nor \"html\""),
                ("#4".into(), "\"text\" should be a string"),
                ("#7".into(), "\"id\" should be"),
                ("#8".into(), "expected an object"),
                ("#9".into(), "no article text"),
            ],
        },
    ));
    let crlf = [good(19, "crlf-1"), "{not json}".to_string(), good(20, "crlf-2")];
    c.push(fixture(
        "crlf.jsonl",
        crlf.join("\r\n") + "\r\n",
        Expect {
            stored: vec!["crlf-1".into(), "crlf-2".into()],
            skipped: vec![("#2".into(), "bad JSON Lines record")],
        },
    ));
    c.push(fixture("blank-lines.jsonl", "\n\r\n  \n", skipped("empty")));

    // Bad: nothing to read.
    c.push(fixture("empty.txt", "", skipped("empty")));
    c.push(fixture("whitespace-only.txt", " \t\r\n\n   \n\t", skipped("empty")));
    c.push(fixture("nul-filled.txt", vec![0u8; 4096], skipped("binary")));
    let s = story(21);
    let scripts = format!(
        "<!DOCTYPE html><html><head><title>{t}</title><script>var ad = \"{p}\";</script></head>\n\
         <body><script>document.write('<p>' + ad + '</p>');</script><noscript></noscript>\n\
         <script type=\"application/ld+json\">{{\"headline\": \"{t}\"}}</script></body></html>\n",
        t = s.title,
        p = s.paragraphs[0]
    );
    c.push(fixture("only-scripts.html", scripts, skipped("no article text")));
    let furniture = "홈 > 뉴스 > 지역\n로그인 | 회원가입\n전체메뉴\n\
         입력 2024.05.02 10:31 | 수정 2024.05.02 11:02\n가상일보 김기자 reporter@example.com\n\
         글자크기 | 인쇄 | 공유\n관련기사\n많이 본 뉴스\n\
         ⓒ 가상일보. 무단전재 및 재배포 금지\n";
    c.push(fixture("furniture-only.txt", furniture, skipped("no article text")));

    // Bad: binary files, some with innocent names.
    c.push(fixture(
        "fake-article.pdf",
        [b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".as_slice()].concat(),
        skipped("binary"),
    ));
    c.push(fixture("image.png", png(), skipped("binary")));
    c.push(fixture("photo.jpg", jpeg(), skipped("binary")));
    c.push(fixture("anim.gif", gif(), skipped("binary")));
    c.push(fixture("archive.zip", zip_stored("article.txt", story(22).text().as_bytes()), skipped("binary")));
    c.push(fixture("article.txt.gz", gzip_stored(story(23).text().as_bytes()), skipped("binary")));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    c.push(fixture("old-report.hwp", ole, skipped("binary")));
    c
}

/// Inputs made at run time in `dir`, and the files in it that are expected
/// by name (those that exist at all on this system).
fn runtime_corpus(dir: &Path) -> Vec<(PathBuf, Expect)> {
    use std::os::unix::ffi::OsStrExt;
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };

    // A page whose inline script is far bigger than its story.
    let s = story(24);
    let script = format!("var data = [{}];", "\"광고 슬롯 데이터\",".repeat(20_000));
    let page = s.page("utf-8").replace("</head>", &format!("<script>{script}</script></head>"));
    out.push((write("huge-inline-script.html", page.as_bytes()), stored(&["huge-inline-script.html"])));

    // A whole article on one line, after a long run of layout characters.
    let line = format!("{} {}", "━".repeat(60_000), story(25).one_line());
    assert!(!line.contains('\n'));
    out.push((write("long-single-line.txt", line.as_bytes()), stored(&["long-single-line.txt"])));

    // A record of 1 MB on one line (a scraped page with a large embedded
    // payload), then a broken one. The file stays under the 1 MiB limit.
    let s = story(26);
    let filler = "<!-- 추적 코드 -->".to_string();
    let mut html = s.page("utf-8");
    let pad = 1_000_000usize.saturating_sub(html.len() + 100);
    html = html.replace("</body>", &format!("<script>var blob = \"{}\";</script>{filler}</body>", "x".repeat(pad)));
    let big = json_record("big-record".into(), &[("html", &html)]);
    assert!(big.len() >= 1_000_000, "{}", big.len());
    let jsonl = format!("{big}\n{{\"id\": \"after-big\", \"text\": \n");
    assert!((jsonl.len() as u64) < 1024 * 1024);
    let big_path = write("big-line.jsonl", jsonl.as_bytes());
    out.push((
        big_path,
        Expect { stored: vec!["big-record".into()], skipped: vec![("#2".into(), "bad JSON Lines record")] },
    ));

    // One byte over the 1 MiB limit the test passes with --max-file-mb 1.
    let mut over = story(27).text().into_bytes();
    over.resize(1024 * 1024 + 1, b' ');
    out.push((write("over-limit.txt", &over), skipped("over the limit")));

    // Symlinks: a loop between two names, one to nowhere, and a folder
    // that links back to its parent (walked once, reported never).
    std::os::unix::fs::symlink("loop-b", dir.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.join("loop-b")).unwrap();
    out.push((dir.join("loop-a"), skipped("cannot be read")));
    out.push((dir.join("loop-b"), skipped("cannot be read")));
    std::os::unix::fs::symlink("no-such-target.txt", dir.join("dangling.txt")).unwrap();
    out.push((dir.join("dangling.txt"), skipped("cannot be read")));
    std::os::unix::fs::symlink(".", dir.join("again")).unwrap();
    out.push((dir.join("again"), nothing()));

    // A named pipe would block a reader forever.
    let fifo = dir.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    if made {
        out.push((fifo, skipped("not a regular file")));
    }

    // Unreadable: only meaningful when not running as root.
    let locked = write("unreadable.txt", story(28).text().as_bytes());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_err() {
        out.push((locked, skipped("cannot be read")));
    } else {
        // Root reads it anyway, so it is simply an article.
        out.push((locked, stored(&["unreadable.txt"])));
    }

    // A file name that is not UTF-8: stored under its lossy name.
    let name = std::ffi::OsStr::from_bytes(b"name-\xFF\xFE.txt");
    let path = dir.join(name);
    std::fs::write(&path, story(29).text()).unwrap();
    out.push((path, stored(&["name-\u{FFFD}\u{FFFD}.txt"])));
    out
}

// ---- tests -----------------------------------------------------------------------

#[test]
fn committed_corpus_matches_its_generator() {
    let dir = root().join(BAD_DIR);
    let corpus = committed_corpus();
    if std::env::var_os("GYORYU_WRITE_BAD_FIXTURES").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for f in &corpus {
            std::fs::write(dir.join(&f.name), &f.bytes).unwrap();
        }
    }
    let mut names = BTreeSet::new();
    for f in &corpus {
        let on_disk = std::fs::read(dir.join(&f.name))
            .unwrap_or_else(|e| panic!("{}: {e}; regenerate with GYORYU_WRITE_BAD_FIXTURES=1", f.name));
        assert!(
            on_disk == f.bytes,
            "{} differs from its generator; regenerate with GYORYU_WRITE_BAD_FIXTURES=1",
            f.name
        );
        assert!(names.insert(f.name.clone()), "{} generated twice", f.name);
    }
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        total += entry.metadata().unwrap().len();
        assert!(names.contains(&name) || name == ".README.md", "{name} is in {BAD_DIR} but not in the generator");
    }
    assert!(total < 1_000_000, "{BAD_DIR} is {total} bytes");
}

/// Splits `skipped <source>: <reason>` lines into (source, reason).
fn skip_lines(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("skipped "))
        .map(|rest| {
            // The source may itself contain ": " only in pathological names;
            // ours do not, so the first separator after the path ends it.
            let (source, reason) = rest.split_once(": ").expect("skip line has a reason");
            (source.to_string(), reason.to_string())
        })
        .collect()
}

fn query_csv(store: &Path, sparql: &str) -> Vec<String> {
    let out = gyoryu(&["query", "--store", store.to_str().unwrap(), "--format", "csv", sparql]);
    assert!(out.status.success(), "query failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().skip(1).map(|l| l.trim().to_string()).collect()
}

#[test]
fn build_reads_every_good_input_and_skips_every_bad_one_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg.db");
    let generated = tmp.path().join("generated");
    let runtime = runtime_corpus(&generated);

    let out = gyoryu(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        "--max-file-mb",
        "1",
        BAD_DIR,
        generated.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(out.status.code(), Some(101), "gyoryu panicked:\n{stderr}");
    assert_eq!(out.status.code(), Some(2), "something was skipped, so the exit code is 2:\n{stderr}");

    // The expected table: source as gyoryu prints it → reason phrase.
    let mut expected_skips: BTreeMap<String, &str> = BTreeMap::new();
    let mut expected_ids: BTreeSet<String> = BTreeSet::new();
    let mut add = |shown: String, expect: &Expect| {
        for (suffix, reason) in &expect.skipped {
            assert!(expected_skips.insert(format!("{shown}{suffix}"), reason).is_none());
        }
        expected_ids.extend(expect.stored.iter().cloned());
    };
    for f in committed_corpus() {
        add(format!("{BAD_DIR}/{}", f.name), &f.expect);
    }
    for (path, expect) in &runtime {
        add(path.display().to_string(), expect);
    }

    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (source, reason) in skip_lines(&stderr) {
        assert!(seen.insert(source.clone(), reason).is_none(), "{source} reported twice:\n{stderr}");
    }
    let mut wrong = Vec::new();
    for (source, reason) in &expected_skips {
        match seen.get(source) {
            None => wrong.push(format!("{source}: not reported (expected {reason:?})")),
            Some(got) if !got.contains(reason) => wrong.push(format!("{source}: {got:?} (expected {reason:?})")),
            Some(_) => {}
        }
    }
    for source in seen.keys().filter(|s| !expected_skips.contains_key(*s)) {
        wrong.push(format!("{source}: skipped unexpectedly ({})", seen[source]));
    }
    assert!(wrong.is_empty(), "{}\n\nstderr:\n{stderr}", wrong.join("\n"));

    let count = query_csv(&store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gy:Document }");
    assert_eq!(count, [expected_ids.len().to_string()], "stderr:\n{stderr}");
    let ids: BTreeSet<String> =
        query_csv(&store, "SELECT ?f WHERE { ?d a gy:Document ; gy:sourceFile ?f }").into_iter().collect();
    assert_eq!(ids, expected_ids);
    assert!(expected_ids.len() >= 20);
    // Stored, and decoded right: every headline came through as Korean.
    // (A file of one line has no headline line to take a title from.)
    let rows = query_csv(
        &store,
        r#"SELECT ?f ?t WHERE { ?d a gy:Document ; gy:sourceFile ?f OPTIONAL { ?d dcterms:title ?t } FILTER(?f != "long-single-line.txt") }"#,
    );
    assert_eq!(rows.len(), expected_ids.len() - 1);
    for row in &rows {
        assert!(row.contains("협력 업무협약") && !row.contains("\u{FFFD}") || row.starts_with("name-"), "{row}");
    }

    // A file kept with a few bytes replaced is stored, and said so.
    let warned = format!("warning: {BAD_DIR}/utf8-few-bad-bytes.txt: 1 invalid UTF-8 byte sequence replaced with U+FFFD, at byte offset ");
    assert!(stderr.contains(&warned), "expected {warned:?} in:\n{stderr}");

    // What was stored has the shape `build` promises.
    let report = Store::open_read_only(&store).unwrap().check().unwrap();
    assert!(report.is_sound(), "{report}");
}

#[test]
fn a_second_build_on_a_store_in_use_fails_clearly_and_leaves_it_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg.db");
    let s = store.to_str().unwrap();
    let article = tmp.path().join("first.txt");
    std::fs::write(&article, story(30).text()).unwrap();
    let first = gyoryu(&["build", "--store", s, article.to_str().unwrap()]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));

    let second_article = tmp.path().join("second.txt");
    std::fs::write(&second_article, story(31).text()).unwrap();
    {
        // This test process is the first writer; the gyoryu below is a second process.
        let held = Store::open(&store).unwrap();
        let second = gyoryu(&["build", "--store", s, second_article.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&second.stderr);
        assert_eq!(second.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("in use"), "{stderr}");
        assert!(stderr.contains(s), "the message names the store: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // Readers take no lock, so queries keep working meanwhile.
        assert_eq!(query_csv(&store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gy:Document }"), ["1"]);
        drop(held);
    }
    assert_eq!(query_csv(&store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gy:Document }"), ["1"]);
    assert!(Store::open_read_only(&store).unwrap().check().unwrap().is_sound());
    // Once released, the store takes writes again.
    let third = gyoryu(&["build", "--store", s, second_article.to_str().unwrap()]);
    assert!(third.status.success(), "{}", String::from_utf8_lossy(&third.stderr));
    assert_eq!(query_csv(&store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gy:Document }"), ["2"]);
}

/// The summary `build` ends with: `N added, N replaced, N unchanged, N skipped; …`.
fn summary(stderr: &str) -> &str {
    stderr.lines().rev().find(|l| l.contains(" added, ")).unwrap_or_else(|| panic!("no summary in:\n{stderr}"))
}

#[test]
fn a_named_encoding_overrides_detection_and_bad_bytes_are_located_in_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg.db");
    let s = store.to_str().unwrap();
    // An EUC-KR story behind an ASCII header, padded with NUL bytes by a
    // broken download: detection takes the NULs for binary data.
    let header = "ID 2024-0514 | ";
    let story = story(32);
    let bytes = [header.as_bytes(), &euc_kr(&story.text()), &[0u8; 8]].concat();
    let file = tmp.path().join("padded.txt");
    std::fs::write(&file, &bytes).unwrap();
    let f = file.to_str().unwrap();

    let detected = gyoryu(&["build", "--store", s, f]);
    let stderr = String::from_utf8_lossy(&detected.stderr);
    assert_eq!(detected.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("skipped {f}: binary data")), "{stderr}");
    assert!(summary(&stderr).starts_with("0 added, 0 replaced, 0 unchanged, 1 skipped"), "{stderr}");

    // Named wrongly: the first Hangul byte, just past the header, is where
    // UTF-8 fails, counted from the start of the file.
    let wrong = gyoryu(&["build", "--store", s, "--encoding", "utf-8", f]);
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(2), "{stderr}");
    let line = format!("skipped {f}: not valid UTF-8: malformed bytes from byte offset {}", header.len());
    assert!(stderr.contains(&line), "expected {line:?} in:\n{stderr}");

    // Named rightly: stored, decoded, and the run is clean.
    let right = gyoryu(&["build", "--store", s, "--encoding", "euc-kr", f]);
    let stderr = String::from_utf8_lossy(&right.stderr);
    assert_eq!(right.status.code(), Some(0), "{stderr}");
    assert!(summary(&stderr).starts_with("1 added, 0 replaced, 0 unchanged, 0 skipped"), "{stderr}");
    let titles = query_csv(&store, "SELECT ?t WHERE { ?d a gy:Document ; dcterms:title ?t }");
    assert_eq!(titles.len(), 1);
    assert!(titles[0].contains("협력 업무협약"), "{titles:?}");

    // A label encoding_rs does not know stops the run before it reads anything.
    let unknown = gyoryu(&["build", "--store", s, "--encoding", "klingon", f]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(unknown.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown encoding") && stderr.contains("klingon"), "{stderr}");
}

#[test]
fn a_few_bad_bytes_are_replaced_and_each_is_located_in_the_file_on_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg.db");
    let s = store.to_str().unwrap();
    // A BOM, then two stories with three stray bytes (under 1% of the
    // characters, so kept): the offsets count the BOM.
    let text = story(33).text() + &story(34).text();
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(100).skip(1).take(3).collect();
    assert_eq!(cuts.len(), 3, "the story is long enough for three bad bytes under 1%");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    let mut offsets = Vec::new();
    let mut last = 0;
    for &cut in &cuts {
        bytes.extend_from_slice(&text.as_bytes()[last..cut]);
        offsets.push(bytes.len());
        bytes.push(0xFF);
        last = cut;
    }
    bytes.extend_from_slice(&text.as_bytes()[last..]);
    let file = tmp.path().join("damaged.txt");
    std::fs::write(&file, &bytes).unwrap();
    let f = file.to_str().unwrap();
    let shown: Vec<String> = offsets.iter().map(usize::to_string).collect();
    let line = format!(
        "warning: {f}: 3 invalid UTF-8 byte sequences replaced with U+FFFD, at byte offsets {}",
        shown.join(", ")
    );
    for run in 0..2 {
        let out = gyoryu(&["build", "--store", s, f]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "nothing was skipped:\n{stderr}");
        assert!(stderr.contains(&line), "run {run}: expected {line:?} in:\n{stderr}");
        assert!(summary(&stderr).contains("0 skipped, 1 file with a warning;"), "{stderr}");
        for &offset in &offsets {
            assert_eq!(bytes[offset], 0xFF);
        }
    }
    let titles = query_csv(&store, "SELECT ?t WHERE { ?d a gy:Document ; dcterms:title ?t }");
    assert_eq!(titles.len(), 1, "the article is stored once");
}

#[test]
fn the_summary_counts_every_outcome_and_the_exit_code_follows_skips() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg.db");
    let s = store.to_str().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), story(33).text()).unwrap();
    std::fs::write(dir.join("b.txt"), story(34).text()).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let records = [json_record("r1".into(), &[("text", &story(35).paragraphs.join("\n"))]), "{broken".to_string()];
    std::fs::write(dir.join("feed.jsonl"), records.join("\n")).unwrap();
    let d = dir.to_str().unwrap();

    let first = gyoryu(&["build", "--store", s, d]);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "{stderr}");
    assert!(summary(&stderr).starts_with("3 added, 0 replaced, 0 unchanged, 2 skipped"), "{stderr}");
    assert_eq!(skip_lines(&stderr).len(), 2, "{stderr}");

    // Again, without the bad inputs and with one story edited: nothing skipped, exit 0.
    std::fs::remove_file(dir.join("empty.txt")).unwrap();
    std::fs::write(dir.join("feed.jsonl"), &records[0]).unwrap();
    std::fs::write(dir.join("b.txt"), story(36).text()).unwrap();
    let second = gyoryu(&["build", "--store", s, d]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    assert!(summary(&stderr).starts_with("0 added, 1 replaced, 2 unchanged, 0 skipped"), "{stderr}");
}
