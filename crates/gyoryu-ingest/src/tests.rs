use super::*;

#[test]
fn hash_covers_title_and_text() {
    let a = content_hash(Some("제목"), "본문");
    assert_eq!(a.len(), 64);
    assert_ne!(a, content_hash(Some("제목2"), "본문"));
    assert_eq!(content_hash(None, "본문"), content_hash(Some(""), "본문"));
    // Known vector: SHA-256 of "\n".
    assert_eq!(content_hash(None, ""), "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b");
}

#[test]
fn html_is_sniffed_from_content() {
    assert_eq!(input_kind(Path::new("a.txt"), "  <!DOCTYPE html><html>"), InputKind::Html);
    assert_eq!(input_kind(Path::new("a"), "<html lang=ko>"), InputKind::Html);
    assert_eq!(input_kind(Path::new("a.txt"), "도는 5일 <협약>을"), InputKind::Text);
    assert_eq!(input_kind(Path::new("a.NDJSON"), "{}"), InputKind::JsonLines);
}

#[test]
fn the_size_limit_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let text = "충청북도는 몽골 도르노드주와 협약을 맺었다.\n";
    let at = dir.path().join("at.txt");
    fs::write(&at, text).unwrap();
    let limit = text.len() as u64;
    let opts = IngestOptions { max_file_bytes: limit, ..IngestOptions::default() };
    assert!(read_path(&at, &opts)[0].is_ok());
    let over = dir.path().join("over.txt");
    fs::write(&over, format!("{text} ")).unwrap();
    let skipped = read_path(&over, &opts).remove(0).unwrap_err();
    assert_eq!(skipped.reason, SkipReason::TooLarge { bytes: limit + 1, limit });
}

#[test]
fn pipes_and_folders_are_skipped_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if made {
        // Opening the pipe would wait for a writer forever.
        let skipped = read_path(&fifo, &IngestOptions::default()).remove(0).unwrap_err();
        assert!(skipped.to_string().contains("not a regular file"), "{skipped}");
    }
    let skipped = read_path(dir.path(), &IngestOptions::default()).remove(0).unwrap_err();
    assert_eq!(skipped.reason, SkipReason::Unreadable("is a folder".into()));
}

#[test]
fn skip_reasons_read_as_sentences() {
    let s = Skipped { source: "a.jsonl#3".into(), reason: SkipReason::BadJsonLine("EOF".into()) };
    assert_eq!(s.to_string(), "a.jsonl#3: bad JSON Lines record: EOF");
    let s = SkipReason::BadEncoding { offset: 17, encoding: "UTF-8".into() };
    assert!(s.to_string().contains("byte offset 17"));
}

#[test]
fn a_records_dateline_beats_the_date_in_its_url() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    // Sites file a page under the day it was written, often the eve of its dateline.
    let with_dateline = r#"{"id":"a","url":"https://x.kr/view.php?key=20240311010005512","text":"도, 몽골과 교류\n기사승인 2024. 03. 12. 09:10\n도는 11일 몽골 울란바토르시와 협약을 맺었다고 12일 밝혔다."}"#;
    assert_eq!(json_record(with_dateline).unwrap().1.published, day(2024, 3, 12));
    let url_only = r#"{"id":"b","url":"https://x.kr/amp/20240311013512001","text":"도는 11일 몽골 울란바토르시와 협약을 맺었다고 밝혔다."}"#;
    assert_eq!(json_record(url_only).unwrap().1.published, day(2024, 3, 11));
    let stated = r#"{"id":"c","published":"2024-03-13","url":"https://x.kr/2024/03/11/a","text":"입력 2024.03.12\n도는 협약을 맺었다고 밝혔다."}"#;
    assert_eq!(json_record(stated).unwrap().1.published, day(2024, 3, 13));
}
