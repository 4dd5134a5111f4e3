//! Property tests for ingest: decoding, HTML and JSON Lines on generated
//! input never panic, keep their promises about offsets and line numbers,
//! and never let scripts, styles or comments through to the text.

use std::path::Path;

use gyoryu_ingest::{clean_page, decode_bytes, read_bytes, Encoding, IngestOptions, SkipReason};
use proptest::prelude::*;

const ENCODINGS: &[&str] = &["utf-8", "euc-kr", "utf-16le", "utf-16be", "windows-1252", "shift_jis"];

/// Text of the genre without markup characters, so that it stays text
/// wherever it is put in a page.
fn words() -> impl Strategy<Value = String> {
    let parts = &[
        "충청북도는",
        "몽골",
        "도르노드주와",
        "업무협약을",
        "체결했다.",
        "김하늘 지사는",
        "오는 23일",
        "방문한다.",
        "2024.05.14",
        "경제협력",
        "포럼",
        "(주)한빛",
        "수출",
        "상담회",
        "에너지",
        "Mongolia",
        "MOU",
        "“",
        "”",
        "·",
        "-",
        "2억달러",
    ][..];
    prop::collection::vec(prop::sample::select(parts), 1..12).prop_map(|v| v.join(" "))
}

/// One piece of a page: text in its usual containers, furniture, or one of
/// the things that must never reach extraction (their text is a marker).
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => words().prop_map(|w| format!("<p>{w}</p>\n")),
        1 => words().prop_map(|w| format!("<div class=\"article-body\">{w}")),
        1 => Just("</div>\n".to_string()),
        1 => words().prop_map(|w| format!("<h1>{w}</h1>\n")),
        1 => words().prop_map(|w| format!("<li><a href=\"/news/1\">{w}</a></li>\n")),
        1 => Just("<br>".to_string()),
        1 => words().prop_map(|w| format!("<table><tr><td>{w}</td></tr></table>\n")),
        2 => Just("<script>var SCRIPTMARK = '<p>도는 협약을 맺었다.</p>';</script>\n".to_string()),
        1 => Just("<script type=\"application/ld+json\">{\"headline\": \"LDJSONMARK\"}</script>".to_string()),
        2 => Just("<style>.STYLEMARK { color: red }</style>\n".to_string()),
        2 => Just("<!-- COMMENTMARK 도는 협약을 맺었다. -->".to_string()),
        1 => Just("<!--[if IE]><p>IECOMMENTMARK</p><![endif]-->".to_string()),
        1 => Just("<template><p>TEMPLATEMARK</p></template>".to_string()),
    ]
}

const MARKS: &[&str] = &["SCRIPTMARK", "LDJSONMARK", "STYLEMARK", "COMMENTMARK", "TEMPLATEMARK"];

fn page() -> impl Strategy<Value = String> {
    (prop::collection::vec(html_piece(), 0..24), words(), any::<bool>()).prop_map(|(pieces, title, head)| {
        let head =
            if head { format!("<head><title>{title}</title><style>STYLEMARK</style></head>") } else { String::new() };
        format!("<!DOCTYPE html><html>{head}<body>{}</body></html>", pieces.concat())
    })
}

/// A JSON Lines file: good records, broken ones, records of the wrong
/// shape and blank lines, with LF or CRLF endings.
fn jsonl() -> impl Strategy<Value = (Vec<String>, bool)> {
    let line = prop_oneof![
        3 => (any::<u16>(), words()).prop_map(|(id, text)| serde_json::json!({"id": format!("r{id}"), "text": text}).to_string()),
        1 => (any::<u16>(), page()).prop_map(|(id, html)| serde_json::json!({"id": id, "html": html}).to_string()),
        1 => Just(r#"{"id": "cut", "text": "충청북도는 몽골과"#.to_string()),
        1 => Just(r#"{"id": ["a"], "text": "도는 협약을 맺었다."}"#.to_string()),
        1 => Just(r#"[1, 2, 3]"#.to_string()),
        1 => Just(r#"{"id": "x"}"#.to_string()),
        1 => Just(String::new()),
        1 => Just("  \t".to_string()),
        1 => any::<String>().prop_filter("one line", |s| !s.contains(['\n', '\r'])),
    ];
    (prop::collection::vec(line, 0..12), any::<bool>())
}

/// `cases` by default; `PROPTEST_CASES=N` runs longer searches by hand.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn decoding_any_bytes_never_panics_and_offsets_are_inside(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        forced in prop::option::of(prop::sample::select(ENCODINGS)),
    ) {
        let forced = forced.and_then(|l| Encoding::for_label(l.as_bytes()));
        match decode_bytes(&bytes, forced) {
            Ok(d) => prop_assert!(!d.text.trim().is_empty(), "{:?}", d.text),
            Err(SkipReason::BadEncoding { offset, .. }) => prop_assert!(offset < bytes.len(), "{offset} of {}", bytes.len()),
            Err(_) => {}
        }
    }

    #[test]
    fn scripts_styles_and_comments_never_reach_the_text(html in page()) {
        let page = clean_page(&html, true);
        for mark in MARKS {
            prop_assert!(!page.text.contains(mark), "{mark} in {:?}", page.text);
            prop_assert!(!page.title.as_deref().unwrap_or("").contains(mark), "{mark} in the title");
        }
        prop_assert!(!page.text.contains('<'), "markup in {:?}", page.text);
    }

    #[test]
    fn every_json_line_is_a_document_named_by_its_id_or_a_skip_named_by_its_line((lines, crlf) in jsonl()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let out = read_bytes(Path::new("feed.jsonl"), text.as_bytes(), &IngestOptions::default());
        let numbered: Vec<usize> = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i + 1).collect();
        if numbered.is_empty() {
            // Blank, or nothing at all: the whole file is one skip.
            prop_assert_eq!(out.len(), 1);
            prop_assert!(out[0].is_err());
        } else {
            prop_assert_eq!(out.len(), numbered.len());
            for (result, line) in out.iter().zip(&numbered) {
                // A record is known by its id; a skip by its line.
                match result {
                    Ok(doc) => {
                        prop_assert!(!doc.text.trim().is_empty());
                        prop_assert_eq!(&doc.source, &format!("feed.jsonl#{}", doc.id));
                    }
                    Err(skip) => prop_assert_eq!(&skip.source, &format!("feed.jsonl#{line}")),
                }
            }
        }
    }

    #[test]
    fn any_bytes_under_any_name_give_documents_or_reasons(
        bytes in prop::collection::vec(any::<u8>(), 0..800),
        name in prop::sample::select(&["a.txt", "a.html", "a.jsonl", "a"][..]),
    ) {
        for result in read_bytes(Path::new(name), &bytes, &IngestOptions::default()) {
            match result {
                Ok(doc) => {
                    prop_assert!(!doc.text.trim().is_empty());
                    prop_assert_eq!(doc.content_hash.len(), 64);
                }
                Err(skip) => prop_assert!(!skip.to_string().is_empty()),
            }
        }
    }
}
