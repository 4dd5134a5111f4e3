//! End-to-end checks of ingest on made-up pages in the genre: scraped text,
//! news HTML, JSON Lines, odd encodings and files that are not articles.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use encoding_rs::{EUC_KR, UTF_16LE};
use gyoryu_ingest::{clean_page, content_hash, discover, read_path, IngestError, IngestOptions, SkipReason};
use gyoryu_model::Document;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn read_one(path: &Path) -> Document {
    let mut out = read_path(path, &IngestOptions::default());
    assert_eq!(out.len(), 1);
    out.remove(0).unwrap_or_else(|s| panic!("skipped: {s}"))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn scraped_text_page_keeps_only_the_story() {
    let path = fixture("scraped_jeonbuk_ohio.txt");
    let doc = read_one(&path);
    assert_eq!(doc.id, "scraped_jeonbuk_ohio.txt");
    // Read on its own, a file's identity is its name.
    assert_eq!(doc.source, "scraped_jeonbuk_ohio.txt");
    assert_eq!(doc.title.as_deref(), Some("전북도, 美 오하이오주와 이차전지 협력 MOU 체결"));
    assert_eq!(doc.published, date(2023, 10, 5), "입력 wins over 수정");
    assert_eq!(doc.url, None);
    let expected = [
        "도·시도지사협의회 공동 주최 한미 지방정부 경제포럼 계기",
        "배터리 소재 기업 투자 유치 기대",
        "전라북도는 4일(현지시간) 미국 오하이오주 콜럼버스에서 오하이오주 정부와 이차전지 산업 협력을 위한 업무협약(MOU)을 체결했다고 5일 밝혔다.",
        "이날 협약식에는 김영수 전라북도 행정부지사와 존 스미스 오하이오주 개발청장 등 양측 관계자 30여 명이 참석했다.",
        "양 지역은 이번 협약에 따라 배터리 소재 기업의 상호 진출을 돕고, 공동 연구와 인력 교류를 추진하기로 했다.",
        "김영수 부지사는 \"오하이오주는 미국 자동차 산업의 중심지\"라며 \"도내 기업이 북미 시장에 진출하는 발판이 될 것\"이라고 말했다.",
    ];
    assert_eq!(doc.text.lines().collect::<Vec<_>>(), expected);
    assert_eq!(doc.content_hash, content_hash(doc.title.as_deref(), &doc.text));
}

#[test]
fn second_copy_and_english_translation_are_dropped() {
    let doc = read_one(&fixture("scraped_duplicate_english.txt"));
    assert_eq!(doc.title.as_deref(), Some("강원도, 日 돗토리현과 관광 교류 확대 합의"));
    assert_eq!(doc.published, date(2023, 10, 12), "date from the byline line");
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].starts_with("강원도는 11일"));
    assert!(lines[2].starts_with("도는 내년 중"));
    assert!(!doc.text.contains("Gangwon"));
}

#[test]
fn plain_text_without_furniture_is_left_alone() {
    let doc = read_one(&fixture("plain_headline_only.txt"));
    assert_eq!(doc.title.as_deref(), Some("충남도, 베트남 박닌성과 교류 협력 강화"));
    assert_eq!(doc.text.lines().count(), 2);
    assert_eq!(doc.published, None, "no date is guessed");
}

#[test]
fn news_html_yields_article_without_scripts_ads_or_comments() {
    let doc = read_one(&fixture("gyeongnam_yamaguchi.html"));
    assert_eq!(doc.title.as_deref(), Some("경남도, 日 야마구치현과 수소경제 협력 협약"));
    assert_eq!(doc.url.as_deref(), Some("https://www.namhae-news.example/news/articleView.html?idxno=48213"));
    assert_eq!(doc.published, date(2023, 11, 2), "article:published_time first");
    let expected = [
        "수소 생산·저장 기술 공동 연구 추진",
        "경상남도는 2일 도청 대회의실에서 일본 야마구치현과 수소경제 분야 협력을 위한 업무협약을 체결했다고 밝혔다.",
        "협약식에는 박정호 경상남도 경제부지사와 야마모토 다케시 야마구치현 부지사 등 20여 명이 참석했다.",
        "양측은 수소 생산과 저장 기술 공동 연구, 관련 기업 간 교류회 개최 등에 협력하기로 했다.",
        "박 부지사는 “야마구치현은 수소 산업의 선도 지역”이라며 “양 지역 기업이 함께 성장하는 계기가 되기를 바란다”고 말했다.",
    ];
    assert_eq!(doc.text.lines().collect::<Vec<_>>(), expected);
    for junk in [
        "스크립트",
        "스타일",
        "주석",
        "광고",
        "자바스크립트",
        "응원",
        "자랑스러운",
        "많이 본",
        "관련기사",
        "Copyright",
        "최다인",
    ] {
        assert!(!doc.text.contains(junk), "{junk:?} leaked into {:?}", doc.text);
    }
}

/// An old table-layout page in EUC-KR, with no class names to go by.
const OLD_PAGE: &str = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>충북도청 보도자료</title></head><body>
<table width="100%"><tr><td class="left"><a href="/a">도정소식</a><br><a href="/b">보도자료</a><br><a href="/c">공지사항</a></td>
<td><font size="4"><b>충북도, 몽골 울란바토르시와 교육 교류 협약</b></font><br>
등록일 2022-05-17 작성자 대변인실<br><br>
충청북도는 16일 몽골 울란바토르시와 교육·문화 교류 협약을 체결했다고 17일 밝혔다.<br><br>
두 지역은 유학생 교류와 공무원 연수 프로그램을 운영하기로 했다.<br><br>
도 관계자는 "몽골과의 협력을 넓히는 계기가 될 것"이라고 말했다.
</td></tr></table>
<p>충청북도 청주시 상당구 | 전화 043-000-0000 | Copyright 충청북도. All rights reserved.</p>
</body></html>"#;

#[test]
fn euc_kr_page_is_detected_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chungbuk.htm");
    let (bytes, _, unmappable) = EUC_KR.encode(OLD_PAGE);
    assert!(!unmappable);
    fs::write(&path, &bytes).unwrap();
    let doc = read_one(&path);
    assert_eq!(doc.title.as_deref(), Some("충북도청 보도자료"));
    assert_eq!(doc.published, date(2022, 5, 17));
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(lines[0], "충북도, 몽골 울란바토르시와 교육 교류 협약");
    assert!(lines[1].starts_with("충청북도는 16일 몽골"));
    assert!(!doc.text.contains("도정소식"));
}

#[test]
fn euc_kr_plain_text_without_markup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("euckr.txt");
    let text = fs::read_to_string(fixture("plain_headline_only.txt")).unwrap();
    fs::write(&path, EUC_KR.encode(&text).0).unwrap();
    let doc = read_one(&path);
    assert_eq!(doc.title.as_deref(), Some("충남도, 베트남 박닌성과 교류 협력 강화"));
    assert!(doc.text.starts_with("충청남도는 18일"));
}

#[test]
fn utf16_text_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.txt");
    let text = fs::read_to_string(fixture("plain_headline_only.txt")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    fs::write(&path, &bytes).unwrap();
    let doc = read_one(&path);
    assert_eq!(doc.title.as_deref(), Some("충남도, 베트남 박닌성과 교류 협력 강화"));
    assert_eq!(doc.text, read_one(&fixture("plain_headline_only.txt")).text);
    // encoding_rs only decodes UTF-16, so the explicit option must still work for it.
    let forced = IngestOptions { encoding: Some(UTF_16LE), ..IngestOptions::default() };
    assert!(read_path(&path, &forced)[0].is_ok());
}

#[test]
fn wrong_explicit_encoding_is_reported_with_an_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mislabelled.txt");
    let text = fs::read_to_string(fixture("plain_headline_only.txt")).unwrap();
    fs::write(&path, EUC_KR.encode(&text).0).unwrap();
    let opts = IngestOptions { encoding: Some(encoding_rs::UTF_8), ..IngestOptions::default() };
    let out = read_path(&path, &opts);
    let skipped = out[0].as_ref().unwrap_err();
    assert_eq!(skipped.reason, SkipReason::BadEncoding { offset: 0, encoding: "UTF-8".into() });
    assert!(skipped.to_string().contains("mislabelled.txt"));
}

#[test]
fn json_lines_give_one_result_per_record() {
    let path = fixture("records.jsonl");
    let out = read_path(&path, &IngestOptions::default());
    assert_eq!(out.len(), 5, "blank lines are not records: {out:#?}");
    let src = path.display().to_string();

    let first = out[0].as_ref().unwrap();
    assert_eq!(first.id, "gb-2023-001");
    // A record's identity is its id within its file; skips name the line.
    assert_eq!(first.source, "records.jsonl#gb-2023-001");
    assert_eq!(first.title.as_deref(), Some("경북도, 카자흐스탄 알마티주와 농업 협력 MOU"));
    assert_eq!(first.published, date(2023, 9, 21), "date taken from the URL");
    assert_eq!(first.text.lines().count(), 2, "byline dropped: {:?}", first.text);

    let bad = out[1].as_ref().unwrap_err();
    assert_eq!(bad.source, format!("{src}#2"));
    assert!(matches!(bad.reason, SkipReason::BadJsonLine(_)));

    let html = out[2].as_ref().unwrap();
    assert_eq!(html.id, "jn-2023-002");
    assert_eq!(html.title.as_deref(), Some("전남도, 인도네시아 동자바주와 교류"));
    assert_eq!(html.published, date(2023, 8, 30));
    assert_eq!(html.text.lines().count(), 2);
    assert!(!html.text.contains("메뉴"));

    let numeric = out[3].as_ref().unwrap();
    assert_eq!(numeric.id, "42");
    assert_eq!(numeric.source, "records.jsonl#42");
    assert_eq!(numeric.published, date(2023, 7, 15));

    let no_body = out[4].as_ref().unwrap_err();
    assert_eq!(no_body.source, format!("{src}#6"));
    assert!(matches!(no_body.reason, SkipReason::BadJsonLine(_)));
}

#[test]
fn files_that_are_not_articles_are_skipped_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 5] = [
        ("empty.txt", b""),
        ("blank.txt", b"  \n\r\n\t "),
        ("report.pdf", b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("menu.txt", "메뉴 건너뛰기\n본문시작\n공유\n댓글\n".as_bytes()),
    ];
    let expected = [SkipReason::Empty, SkipReason::Empty, SkipReason::Binary, SkipReason::Binary, SkipReason::NoText];
    for ((name, bytes), want) in cases.iter().zip(expected) {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let out = read_path(&path, &IngestOptions::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap_err().reason, want, "{name}");
    }
    let big = dir.path().join("big.txt");
    fs::write(&big, "가".repeat(100)).unwrap();
    let small = IngestOptions { max_file_bytes: 10, ..IngestOptions::default() };
    assert_eq!(read_path(&big, &small)[0].as_ref().unwrap_err().reason, SkipReason::TooLarge { bytes: 300, limit: 10 });
    let missing = read_path(&dir.path().join("nope.txt"), &IngestOptions::default());
    assert!(matches!(missing[0].as_ref().unwrap_err().reason, SkipReason::Unreadable(_)));
}

#[test]
fn discovery_walks_folders_in_order_and_expands_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/nested")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    for f in ["b/2.txt", "b/1.html", "b/nested/3.txt", "b/.hidden.txt", ".git/config", "a.jsonl", "c.txt"] {
        fs::write(root.join(f), "x").unwrap();
    }
    let found = discover(&[root.to_path_buf()]).unwrap();
    let rel: Vec<String> =
        found.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(rel, ["a.jsonl", "b/1.html", "b/2.txt", "b/nested/3.txt", "c.txt"]);

    let globbed = discover(&[root.join("b/*.txt"), root.join("?.txt"), root.join("c.txt")]).unwrap();
    assert_eq!(globbed, [root.join("b/2.txt"), root.join("c.txt")], "duplicates listed once");

    // Hidden files named outright are read.
    assert_eq!(discover(&[root.join("b/.hidden.txt")]).unwrap().len(), 1);
    assert!(matches!(discover(&[root.join("missing")]), Err(IngestError::NotFound { .. })));
    assert!(matches!(discover(&[root.join("*.pdf")]), Err(IngestError::NoMatch { .. })));
}

#[test]
fn clean_page_is_usable_on_its_own() {
    let page = clean_page(
        "<html><head><meta name=\"date\" content=\"2024-03-08\"><meta property=\"og:url\" content=\"https://x.example/n/1\"></head>\
         <body><div id=\"articleBody\">부산시는 7일 베트남 호찌민시와 스마트시티 협력 의향서를 교환했다.</div></body></html>",
        true,
    );
    assert_eq!(page.published, date(2024, 3, 8));
    assert_eq!(page.url.as_deref(), Some("https://x.example/n/1"));
    assert_eq!(page.text, "부산시는 7일 베트남 호찌민시와 스마트시티 협력 의향서를 교환했다.");
}
