//! Ingest: from files on disk to clean [`Document`]s.
//!
//! This crate owns everything between a path the user names and the text
//! extraction works on: finding the files ([`discover`]), deciding how their
//! bytes are encoded ([`decode_bytes`]), telling plain text, HTML and JSON
//! Lines apart, pulling the article out of a news page and scrubbing the
//! furniture scrapers leave around it ([`clean_page`]), and finding the
//! title, canonical URL and publication date. A file that cannot become an
//! article is not an error for the whole run; it comes back as a
//! [`Skipped`] with a reason a person can act on.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gyoryu_model::Document;
use serde_json::Value;
use sha2::{Digest, Sha256};
use thiserror::Error;

mod clean;
mod date;
mod decode;
mod discover;
mod html;
mod text;

pub use date::{date_from_url, parse_date_str};
pub use decode::{decode_bytes, decode_with, Decoded};
pub use discover::{discover, discover_inputs, glob_match, is_store_folder, Input};
pub use encoding_rs::Encoding;

/// How files are read.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Decode every file with this encoding instead of detecting one (a
    /// byte-order mark still wins).
    pub encoding: Option<&'static Encoding>,
    /// Files larger than this are skipped unread.
    pub max_file_bytes: u64,
}

/// 64 MiB: far beyond any article, small enough to read a JSON Lines dump.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { encoding: None, max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// Problems with the inputs as named, which stop a run before it starts.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: no files match this pattern", pattern.display())]
    NoMatch { pattern: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why an input produced no document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SkipReason {
    #[error("the file is empty")]
    Empty,
    #[error("binary data (PDF, image, archive or similar), not text")]
    Binary,
    #[error("{bytes} bytes is over the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("not valid {encoding}: malformed bytes from byte offset {offset}; name the right encoding explicitly")]
    BadEncoding { offset: usize, encoding: String },
    #[error("bad JSON Lines record: {0}")]
    BadJsonLine(String),
    #[error("no article text left after removing page furniture")]
    NoText,
    #[error(
        "HTML nested {depth} elements deep or more (the limit is {limit}): not a news page, and too costly to parse"
    )]
    HtmlTooDeep { depth: usize, limit: usize },
    /// Text with letters but not one Hangul syllable: gyoryu reads Korean.
    #[error("no Korean text: it holds only {0}")]
    NotKorean(String),
    /// A second JSON Lines record with an id already used in the same file.
    #[error(
        "the id {id:?} is already used by the record on line {first_line}; every record of a file needs its own id"
    )]
    DuplicateId { id: String, first_line: usize },
    /// A second input with the same identity in one run (the same path
    /// relative to two input arguments).
    #[error("the same input name {key:?} as {first}; name the folders so that the paths under them differ, or build them into separate runs")]
    DuplicateInput { key: String, first: String },
}

/// An input that produced no document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file path, with `#line` for a JSON Lines record.
    pub source: String,
    pub reason: SkipReason,
}

// Written by hand: thiserror would take a field named `source` for the
// underlying error, and here it is a path.
impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

impl std::error::Error for Skipped {}

/// A file whose articles were kept, but not exactly as written: the user
/// should hear of it even though nothing was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file path.
    pub source: String,
    pub reason: WarningReason,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// Why a [`Warning`] was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningReason {
    /// A few malformed byte sequences in an otherwise readable file were
    /// replaced with U+FFFD; the offsets count bytes from the start of the
    /// file, so `dd skip=N` or a hex editor lands on them.
    InvalidBytes { encoding: String, offsets: Vec<usize> },
}

/// Offsets listed by a warning before it says how many more there are.
const OFFSETS_SHOWN: usize = 8;

impl std::fmt::Display for WarningReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WarningReason::InvalidBytes { encoding, offsets } => {
                let plural = if offsets.len() == 1 { "" } else { "s" };
                let shown: Vec<String> = offsets.iter().take(OFFSETS_SHOWN).map(usize::to_string).collect();
                write!(
                    f,
                    "{} invalid {encoding} byte sequence{plural} replaced with U+FFFD, at byte offset{plural} {}",
                    offsets.len(),
                    shown.join(", ")
                )?;
                if offsets.len() > OFFSETS_SHOWN {
                    write!(f, " and {} more", offsets.len() - OFFSETS_SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

/// What [`clean_page`] makes of one page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanPage {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The canonical URL (`<link rel="canonical">` or `og:url`).
    pub url: Option<String>,
    /// The article body, one paragraph per line.
    pub text: String,
}

/// Cleans one page: HTML is reduced to its article first; then menus,
/// bylines, copyright lines, related headlines, duplicated paragraphs and an
/// English copy are removed. The title is the page's own (`og:title`,
/// `<title>`) or, in plain text, the headline line.
pub fn clean_page(raw: &str, is_html: bool) -> CleanPage {
    clean_page_titled(raw, is_html, None)
}

/// [`clean_page`] with a title known from elsewhere (a JSON record), which
/// wins over the page's own and is removed from the text where it repeats.
pub fn clean_page_titled(raw: &str, is_html: bool, title: Option<&str>) -> CleanPage {
    if !is_html {
        let lines: Vec<&str> = raw.lines().collect();
        let c = clean::clean_lines(&lines, title);
        return CleanPage { title: c.title, published: c.published, url: None, text: c.text };
    }
    let page = html::extract(raw);
    let title = title.map(str::to_string).or(page.title.clone());
    let mut c = clean::clean_lines(&page.body_lines, title.as_deref());
    if c.text.is_empty() {
        // The container search went wrong; the whole page, cleaned, is
        // still better than nothing.
        let whole = clean::clean_lines(&page.page_lines, title.as_deref());
        if !whole.text.is_empty() {
            c = whole;
        }
    }
    let published = page
        .meta_date
        .or(c.published)
        .or_else(|| {
            let lines = &page.page_lines;
            date::date_from_lines(lines, clean::body_start(lines), clean::body_end(lines))
        })
        .or_else(|| page.url.as_deref().and_then(date_from_url));
    CleanPage { title: c.title, published, url: page.url, text: c.text }
}

/// Hex SHA-256 of the title (empty when there is none), a newline and the text.
pub fn content_hash(title: Option<&str>, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update(b"\n");
    h.update(text.as_bytes());
    h.finalize().iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn document(id: String, key: String, source: String, raw: &str, page: CleanPage) -> Result<Document, Skipped> {
    if page.text.trim().is_empty() {
        let reason = match what_script(raw) {
            Some(what) => SkipReason::NotKorean(what),
            None => SkipReason::NoText,
        };
        return Err(Skipped { source, reason });
    }
    let source = key;
    let content_hash = content_hash(page.title.as_deref(), &page.text);
    Ok(Document {
        id,
        source,
        url: page.url,
        title: page.title,
        published: page.published,
        text: page.text,
        content_hash,
    })
}

/// Refuses pages nested deeper than [`html::MAX_HTML_DEPTH`] before the
/// parser, whose cost grows with the square of the depth, sees them.
fn check_html_depth(raw: &str) -> Result<(), SkipReason> {
    let depth = html::nesting_depth(raw, html::MAX_HTML_DEPTH);
    if depth > html::MAX_HTML_DEPTH {
        return Err(SkipReason::HtmlTooDeep { depth, limit: html::MAX_HTML_DEPTH });
    }
    Ok(())
}

/// What a text without a single Hangul syllable is written in, for its skip
/// reason; `None` when it has Hangul (or nothing to speak of), and the
/// ordinary reason applies.
fn what_script(raw: &str) -> Option<String> {
    let (mut han, mut rtl, mut symbols, mut latin, mut other) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut in_tag = false;
    for c in raw.chars() {
        // Markup is not text: `<p>` must not count as Latin letters.
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => return None,
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}' => {
                han += 1
            }
            '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => rtl += 1,
            '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' => symbols += 1,
            c if c.is_ascii_alphabetic() => latin += 1,
            c if c.is_alphabetic() => other += 1,
            _ => {}
        }
    }
    let mut found = Vec::new();
    if han > 0 {
        found.push("Chinese characters (Hanja)");
    }
    if rtl > 0 {
        found.push("right-to-left script (Arabic or Hebrew)");
    }
    if symbols > 0 {
        found.push("emoji and symbols");
    }
    if latin > 0 {
        found.push("Latin letters");
    }
    if other > 0 {
        found.push("letters of other scripts");
    }
    match found.len() {
        0 => None,
        1 => Some(found[0].to_string()),
        _ => {
            let last = found.pop().unwrap_or_default();
            Some(format!("{} and {last}", found.join(", ")))
        }
    }
}

/// How a file's content is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Html,
    JsonLines,
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// The kind of a file by its name, and failing that by its first characters.
pub fn input_kind(path: &Path, text: &str) -> InputKind {
    match extension(path).as_str() {
        "jsonl" | "ndjson" => InputKind::JsonLines,
        "html" | "htm" | "xhtml" | "shtml" => InputKind::Html,
        _ if looks_like_html(text) => InputKind::Html,
        _ => InputKind::Text,
    }
}

fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        let head = rest.chars().take(16).collect::<String>().to_ascii_lowercase();
        // Saved pages often open with an XML declaration or a comment.
        let skip_to = if head.starts_with("<?xml") {
            "?>"
        } else if head.starts_with("<!--") {
            "-->"
        } else {
            return ["<!doctype html", "<html", "<head", "<body", "<meta"].iter().any(|p| head.starts_with(p));
        };
        rest = rest.split_once(skip_to).map_or("", |(_, r)| r).trim_start();
    }
}

fn base_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Reads one file into documents: one for a text or HTML file (its id is the
/// file name), one per record for JSON Lines. Everything that fails comes
/// back as a [`Skipped`] in its place, so one bad file or line costs only
/// itself. Warnings are dropped; [`read_path_with_warnings`] returns them.
pub fn read_path(path: &Path, opts: &IngestOptions) -> Vec<Result<Document, Skipped>> {
    read_path_with_warnings(path, opts).0
}

/// [`read_path`], with the [`Warning`]s about the file that was read.
pub fn read_path_with_warnings(path: &Path, opts: &IngestOptions) -> (Vec<Result<Document, Skipped>>, Vec<Warning>) {
    read_input(path, &base_name(path), opts)
}

/// [`read_path_with_warnings`] for a file whose identity among the inputs
/// is `key` (see [`Input::key`]): each document's `source` is `key`, with
/// `#id` for a JSON Lines record.
pub fn read_input(path: &Path, key: &str, opts: &IngestOptions) -> (Vec<Result<Document, Skipped>>, Vec<Warning>) {
    let source = path.display().to_string();
    let skip = |reason| (vec![Err(Skipped { source: source.clone(), reason })], Vec::new());
    // Looked at before opening: opening a named pipe blocks until something
    // writes to it, which would hang the whole run.
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            // A folder reaches here when discovery could not list it; say why.
            let why = match fs::read_dir(path) {
                Err(e) => e.to_string(),
                Ok(_) if is_store_folder(path) => {
                    "is a gyoryu store (a RocksDB database folder), not articles".to_string()
                }
                Ok(_) => "is a folder".to_string(),
            };
            return skip(SkipReason::Unreadable(why));
        }
        Ok(m) if !m.is_file() => {
            return skip(SkipReason::Unreadable("not a regular file (a named pipe, socket or device)".into()))
        }
        Ok(_) => {}
        Err(e) => return skip(SkipReason::Unreadable(e.to_string())),
    }
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return skip(SkipReason::Unreadable(e.to_string())),
    };
    let len = match file.metadata() {
        Ok(m) => m.len(),
        Err(e) => return skip(SkipReason::Unreadable(e.to_string())),
    };
    if len > opts.max_file_bytes {
        return skip(SkipReason::TooLarge { bytes: len, limit: opts.max_file_bytes });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while it is read.
    if let Err(e) = file.take(opts.max_file_bytes + 1).read_to_end(&mut bytes) {
        return skip(SkipReason::Unreadable(e.to_string()));
    }
    if bytes.len() as u64 > opts.max_file_bytes {
        return skip(SkipReason::TooLarge { bytes: bytes.len() as u64, limit: opts.max_file_bytes });
    }
    read_input_bytes(path, key, &bytes, opts)
}

/// [`read_path`] for bytes already in memory; `path` names the source and
/// decides the kind by its extension.
pub fn read_bytes(path: &Path, bytes: &[u8], opts: &IngestOptions) -> Vec<Result<Document, Skipped>> {
    read_bytes_with_warnings(path, bytes, opts).0
}

/// [`read_bytes`], with the [`Warning`]s about the bytes that were read.
pub fn read_bytes_with_warnings(
    path: &Path,
    bytes: &[u8],
    opts: &IngestOptions,
) -> (Vec<Result<Document, Skipped>>, Vec<Warning>) {
    read_input_bytes(path, &base_name(path), bytes, opts)
}

/// [`read_bytes_with_warnings`] for a file whose identity among the inputs
/// is `key`, as [`read_input`].
pub fn read_input_bytes(
    path: &Path,
    key: &str,
    bytes: &[u8],
    opts: &IngestOptions,
) -> (Vec<Result<Document, Skipped>>, Vec<Warning>) {
    let source = path.display().to_string();
    let decoded = match decode_bytes(bytes, opts.encoding) {
        Ok(d) => d,
        Err(reason) => return (vec![Err(Skipped { source, reason })], Vec::new()),
    };
    let mut warnings = Vec::new();
    if !decoded.replaced_at.is_empty() {
        warnings.push(Warning {
            source: source.clone(),
            reason: WarningReason::InvalidBytes {
                encoding: decoded.encoding.name().to_string(),
                offsets: decoded.replaced_at.clone(),
            },
        });
    }
    let documents = match input_kind(path, &decoded.text) {
        InputKind::JsonLines => read_json_lines(&source, key, &decoded.text),
        kind => {
            if kind == InputKind::Html {
                if let Err(reason) = check_html_depth(&decoded.text) {
                    return (vec![Err(Skipped { source, reason })], warnings);
                }
            }
            let page = clean_page(&decoded.text, kind == InputKind::Html);
            vec![document(base_name(path), key.to_string(), source, &decoded.text, page)]
        }
    };
    (documents, warnings)
}

fn read_json_lines(source: &str, key: &str, text: &str) -> Vec<Result<Document, Skipped>> {
    let mut out = Vec::new();
    // A record's identity is its id within its file: a second record with
    // the same id would silently replace the first.
    let mut first_lines: HashMap<String, usize> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let src = format!("{source}#{}", n + 1);
        let record = json_record(line).and_then(|(id, page)| match first_lines.get(&id) {
            Some(&first_line) => Err(SkipReason::DuplicateId { id, first_line }),
            None => {
                first_lines.insert(id.clone(), n + 1);
                Ok((id, page))
            }
        });
        out.push(record.map_err(|reason| Skipped { source: src.clone(), reason }).and_then(|(id, page)| {
            let record_key = format!("{key}#{id}");
            document(id, record_key, src.clone(), "", page)
        }));
    }
    if out.is_empty() {
        out.push(Err(Skipped { source: source.to_string(), reason: SkipReason::Empty }));
    }
    out
}

fn string_field<'a>(rec: &'a serde_json::Map<String, Value>, key: &str) -> Result<Option<&'a str>, SkipReason> {
    match rec.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.trim().is_empty())),
        Some(other) => {
            Err(SkipReason::BadJsonLine(format!("\"{key}\" should be a string, found {}", json_type(other))))
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSON Lines record: `id`, `text` or `html`, and optionally `url`,
/// `title` and `published`. A record's own fields win over what its HTML
/// says; a record without a date takes the one its page states (metadata, a
/// dateline), then the one in its URL: the URL's date is when the page was
/// filed, which can be the day before the dateline.
fn json_record(line: &str) -> Result<(String, CleanPage), SkipReason> {
    let value: Value = serde_json::from_str(line).map_err(|e| SkipReason::BadJsonLine(e.to_string()))?;
    let Value::Object(rec) = value else {
        return Err(SkipReason::BadJsonLine(format!("expected an object, found {}", json_type(&value))));
    };
    let id = match rec.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        // As written: a number read into a `Value` goes through a float when
        // it is larger than 64 bits, and two long ids would become one.
        Some(Value::Number(_)) => raw_id(line).ok_or_else(|| SkipReason::BadJsonLine("cannot read \"id\"".into()))?,
        Some(other) => {
            return Err(SkipReason::BadJsonLine(format!(
                "\"id\" should be a non-empty string or a number, found {}",
                json_type(other)
            )))
        }
        None => return Err(SkipReason::BadJsonLine("the record has no \"id\"".into())),
    };
    let title = string_field(&rec, "title")?;
    let url = string_field(&rec, "url")?;
    let published = string_field(&rec, "published")?;
    let (raw, mut page) = match (string_field(&rec, "text")?, string_field(&rec, "html")?) {
        (Some(text), _) if looks_like_html(text) => {
            check_html_depth(text)?;
            (text, clean_page_titled(text, true, title))
        }
        (Some(text), _) => (text, clean_page_titled(text, false, title)),
        (None, Some(html)) => {
            check_html_depth(html)?;
            (html, clean_page_titled(html, true, title))
        }
        (None, None) => {
            let has_field = rec.contains_key("text") || rec.contains_key("html");
            if has_field {
                return Err(SkipReason::NoText);
            }
            return Err(SkipReason::BadJsonLine("the record has neither \"text\" nor \"html\"".into()));
        }
    };
    if let Some(t) = title {
        page.title = Some(text::normalize_line(t));
    }
    if let Some(u) = url {
        page.url = Some(u.trim().to_string());
    }
    let record_date = published.and_then(parse_date_str);
    let url_date = page.url.as_deref().and_then(date_from_url);
    page.published = record_date.or(page.published).or(url_date);
    if page.text.trim().is_empty() {
        return Err(what_script(raw).map_or(SkipReason::NoText, SkipReason::NotKorean));
    }
    Ok((id, page))
}

/// The `id` of a record as written in the line, for numbers.
fn raw_id(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: &'a serde_json::value::RawValue,
    }
    let record: Id<'_> = serde_json::from_str(line).ok()?;
    Some(record.id.get().trim().to_string())
}

#[cfg(test)]
mod tests;
