//! Property tests: extraction, the sentence splitter and the date resolver on
//! generated text that looks like the genre (Hangul, names and titles from
//! the lexicon, dates, numbers, Latin words, punctuation) mixed with any
//! characters at all. Few cases each: tokenizing is the slow part, and the
//! fuzz targets in `fuzz/` run the same properties for minutes.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use gyoryu_extract::{dates, sentences, ExtractOptions, Extractor};
use gyoryu_model::{Document, Extraction};
use oxttl::{NQuadsParser, NQuadsSerializer, TriGParser, TriGSerializer};
use proptest::prelude::*;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(ExtractOptions::default()).unwrap());

/// Words and pieces the rules react to: bodies, titles, triggers, particles,
/// date forms, company markers, romanised names in brackets.
const GENRE: &[&str] = &[
    "충청북도",
    "전북특별자치도",
    "경상남도",
    "도지사",
    "부지사",
    "지사",
    "김 지사",
    "도는",
    "도",
    "시장",
    "대사",
    "몽골",
    "카자흐스탄",
    "도르노드주",
    "우즈베키스탄",
    "주한",
    "대사관",
    "산업통상자원부",
    "진흥원",
    "대학교",
    "청",
    "업무협약",
    "협약을 체결했다",
    "방문했다",
    "포럼",
    "회의",
    "면담",
    "수출 상담회",
    "에서",
    "는",
    "은",
    "이",
    "가",
    "와",
    "과",
    "의",
    "을",
    "를",
    "(주)",
    "㈜",
    "주식회사",
    "계획이다",
    "예정이다",
    "바 있다",
    "지난",
    "오는",
    "이날",
    "같은 날",
    "5일",
    "14일",
    "21~29일",
    "5일과 6일",
    "4일부터 8일까지",
    "12월 3일",
    "2024년 5월 14일",
    "2024.04.04",
    "2억달러",
    "에너지",
    "바이오",
    "(킴 드리스콜)",
    "김관영",
    "유민봉",
    "사무총장",
    "씨",
    "A씨",
    "이번 포럼은",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(GENRE).prop_map(str::to_string),
        3 => prop::collection::vec(0xAC00u32..=0xD7A3, 1..5)
            .prop_map(|v| v.into_iter().filter_map(char::from_u32).collect()),
        2 => prop::sample::select(&[" ", " ", "\n", ". ", "? ", "! ", ".", ",", "(", ")", "~", "·", "\r\n", "\t", "-", "/"][..])
            .prop_map(str::to_string),
        1 => "[A-Za-z]{1,8}",
        1 => "[0-9]{1,5}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn genre_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

/// Runs of date parts: years, months, days, ranges and their directions.
fn date_text() -> impl Strategy<Value = String> {
    let parts = &[
        "2024", "1999", "0000", "9999", "년", "월", "일", "5", "14", "3", "31", "12", "0", "00", "29", "30", "~", "∼",
        "-", ".", "/", " ", "오는 ", "지난 ", "과 ", "와 ", ", ", "부터 ", "까지", "이날", "해 ",
    ][..];
    prop::collection::vec(prop::sample::select(parts), 0..16).prop_map(|v| v.concat())
}

/// Genre-like text most of the time, entirely arbitrary text sometimes.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![4 => genre_text(), 1 => any::<String>()]
}

fn any_date() -> impl Strategy<Value = Option<NaiveDate>> {
    // Any day chrono can hold, the genre's own years, or none.
    prop_oneof![
        1 => Just(None),
        1 => (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(NaiveDate::from_num_days_from_ce_opt),
        3 => (2015i32..2030, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
    ]
}

use chrono::Datelike as _;

fn document(text: &str, published: Option<NaiveDate>, title: Option<String>) -> Document {
    Document {
        id: "prop.txt".into(),
        source: "generated/prop.txt".into(),
        url: Some("https://news.example/article?id=1&x=\"<>\"".into()),
        content_hash: gyoryu_ingest::content_hash(title.as_deref(), text),
        title,
        published,
        text: text.into(),
    }
}

fn check_extraction(x: &Extraction) {
    let text = &x.document.text;
    let n = x.actors.len();
    for a in &x.actors {
        assert!(!a.name.trim().is_empty(), "an actor without a name: {a:?}");
        for m in &a.mentions {
            assert!(m.start < m.end && m.end <= text.len(), "{} mention {m:?} outside {} bytes", a.name, text.len());
            assert!(
                text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
                "{} mention {m:?} splits a character",
                a.name
            );
        }
        assert!(a.affiliation.is_none_or(|i| i < n), "{a:?}");
        assert!((0.0..=1.0).contains(&a.confidence), "{a:?}");
    }
    for e in &x.events {
        assert!(e.participants.iter().all(|&p| p < n) && e.location.is_none_or(|l| l < n), "{e:?}");
        // The evidence is a sentence of the text, word for word.
        assert!(text.contains(&e.evidence), "evidence {:?} is not in the text", e.evidence);
        assert!(e.end_date.is_none_or(|end| e.date.is_some_and(|d| end >= d)), "{e:?}");
        assert!((0.0..=1.0).contains(&e.confidence), "{e:?}");
    }
}

/// The article's quads written as N-Quads and TriG, read back: the same set.
fn check_rdf_round_trip(x: &Extraction) {
    let (_, quads) = gyoryu_graph::rdf::extraction_to_quads(x);
    let want: BTreeSet<String> = quads.iter().map(ToString::to_string).collect();

    let mut nq = NQuadsSerializer::new().for_writer(Vec::new());
    for q in &quads {
        nq.serialize_quad(q).unwrap();
    }
    let nq = nq.finish();
    let back: BTreeSet<String> = NQuadsParser::new()
        .for_slice(&nq)
        .map(|q| {
            q.unwrap_or_else(|e| panic!("N-Quads do not re-parse: {e}\n{}", String::from_utf8_lossy(&nq))).to_string()
        })
        .collect();
    assert_eq!(back, want, "N-Quads round trip");

    let mut trig = TriGSerializer::new().with_prefix("gy", "https://w3id.org/gyoryu/").unwrap().for_writer(Vec::new());
    for q in &quads {
        trig.serialize_quad(q).unwrap();
    }
    let trig = trig.finish().unwrap();
    let back: BTreeSet<String> = TriGParser::new()
        .for_slice(&trig)
        .map(|q| {
            q.unwrap_or_else(|e| panic!("TriG does not re-parse: {e}\n{}", String::from_utf8_lossy(&trig))).to_string()
        })
        .collect();
    assert_eq!(back, want, "TriG round trip");
}

/// `cases` by default; `PROPTEST_CASES=N` runs longer searches by hand.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn extraction_never_panics_and_its_offsets_and_rdf_hold(
        text in any_text(),
        published in any_date(),
        title in proptest::option::of(genre_text()),
    ) {
        let x = EXTRACTOR.extract(&document(&text, published, title));
        check_extraction(&x);
        check_rdf_round_trip(&x);
    }

    #[test]
    fn found_mentions_are_on_character_boundaries(text in any_text()) {
        for (span, _) in EXTRACTOR.find_mentions(&text) {
            prop_assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
        }
    }
}

/// Found by the property above: a title whose place word follows a
/// white space two bytes wide (NEL, from text that skipped ingest).
#[test]
fn a_title_after_a_wide_space_is_cut_on_a_boundary() {
    let text = "a\u{85}바 있다도지사에서";
    for (span, _) in EXTRACTOR.find_mentions(text) {
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn sentences_are_trimmed_ordered_slices_of_the_text(text in any_text()) {
        let mut last = 0;
        for s in sentences::split(&text) {
            prop_assert!(last <= s.start && s.start < s.end && s.end <= text.len(), "{s:?} after {last}");
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?}");
            let sentence = &text[s.start..s.end];
            prop_assert_eq!(sentence.trim(), sentence);
            last = s.end;
        }
    }

    #[test]
    fn date_resolution_never_panics_and_spans_hold(text in prop_oneof![any_text(), date_text()], published in any_date(), planned in any::<bool>()) {
        for f in dates::find_dates(&text, published, planned) {
            prop_assert!(f.start <= f.end && f.end <= text.len(), "{f:?}");
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
            prop_assert!(f.end_date.is_none_or(|e| e > f.date), "{f:?}");
        }
        let _ = dates::time_cues(&text);
    }
}
