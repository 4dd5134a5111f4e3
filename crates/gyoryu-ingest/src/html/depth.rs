//! How deep a page's elements nest, counted before the page is parsed: the
//! parser's cost grows with the depth, so pathological pages are refused
//! from this count.

/// Deepest element nesting a page may have. The HTML parser's scope checks
/// cost time in proportion to the depth at every tag, so a page of 100,000
/// nested `div`s took minutes; news pages stay far below a few hundred.
pub const MAX_HTML_DEPTH: usize = 2_000;

/// Elements that pages often leave open, which the parser closes by itself:
/// they do not count towards the depth.
const SELF_CLOSING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li",
    "td", "th", "tr", "dt", "dd", "option", "tbody", "thead", "tfoot", "html", "head", "body", "param", "colgroup",
    "optgroup", "rb", "rt", "rp", "!doctype",
];

/// The deepest nesting of elements in `raw`, counted from its tags in one
/// pass without building a tree (comments, `script` and `style` content
/// skipped); it stops counting once the depth passes `limit`.
pub fn nesting_depth(raw: &str, limit: usize) -> usize {
    let bytes = raw.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        i += offset + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!' || *b == b'-'))
            .map_or(bytes.len(), |n| start + n);
        if end == start {
            continue;
        }
        let name = raw[start..end].to_ascii_lowercase();
        if SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        let tag_end = find(bytes, end, b">").unwrap_or(bytes.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if tag_end > 0 && bytes[tag_end - 1] != b'/' {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                return deepest;
            }
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                i = find_ignore_case(bytes, tag_end, close.as_bytes()).unwrap_or(bytes.len());
                continue;
            }
        }
        i = tag_end.min(bytes.len());
    }
    deepest
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|window| window == needle).map(|n| from + n)
}

fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle)).map(|n| from + n)
}
