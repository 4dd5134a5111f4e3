//! Limits on a query's shape, checked on its text before it is parsed.
//!
//! The SPARQL parser, the optimizer and the evaluator all recurse over the
//! query's structure, and in Rust a stack overflow aborts the whole process
//! (for `gyoryu serve`, every client's). Brackets nested thousands deep, or
//! thousands of groups, unions or operators in a row (which parse into trees
//! just as deep), are what makes that recursion deep; no real query comes
//! near these limits. The text is scanned once, with strings, IRIs and
//! comments skipped, so the check itself never recurses.

/// Deepest nesting of `{`, `(` and `[` a query may have.
pub const MAX_QUERY_NESTING: usize = 64;

/// Most brackets, operators and keywords that chain patterns or expressions
/// (`{`, `(`, `[`, `UNION`, `OPTIONAL`, `MINUS`, `||`, `&&`, `!`, `+`, `-`,
/// `*`, `/`, comparisons) a query may hold in all.
pub const MAX_QUERY_OPERATORS: usize = 4_096;

/// Why a query text was refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryShapeError {
    #[error(
        "query nested too deeply: more than {MAX_QUERY_NESTING} levels of brackets at line {line}, column {column}"
    )]
    TooDeep { line: usize, column: usize },
    #[error("query too complex: more than {MAX_QUERY_OPERATORS} brackets, operators, UNIONs, OPTIONALs and MINUSes")]
    TooManyOperators,
}

/// Refuses query (or update) texts whose structure would make parsing or
/// evaluation recurse deeper than a worker's stack allows.
pub fn check_query_shape(text: &str) -> Result<(), QueryShapeError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut i = 0;
    let count = |operators: &mut usize| {
        *operators += 1;
        if *operators > MAX_QUERY_OPERATORS {
            Err(QueryShapeError::TooManyOperators)
        } else {
            Ok(())
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'<' => {
                if let Some(end) = iri_end(bytes, i) {
                    i = end;
                    continue;
                }
                count(&mut operators)?;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_QUERY_NESTING {
                    let (line, column) = position(text, i);
                    return Err(QueryShapeError::TooDeep { line, column });
                }
                count(&mut operators)?;
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            b'|' | b'&' | b'!' | b'+' | b'-' | b'*' | b'/' | b'=' | b'>' => count(&mut operators)?,
            b'u' | b'U' | b'o' | b'O' | b'm' | b'M' if starts_keyword(bytes, i) => count(&mut operators)?,
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Whether a chaining keyword (UNION, OPTIONAL, MINUS) starts at `i` as a word of its own.
fn starts_keyword(bytes: &[u8], i: usize) -> bool {
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b >= 0x80;
    if i > 0 && (word_byte(bytes[i - 1]) || bytes[i - 1] == b'?' || bytes[i - 1] == b'$') {
        return false;
    }
    ["union", "optional", "minus"].iter().any(|keyword| {
        let end = i + keyword.len();
        end <= bytes.len()
            && bytes[i..end].eq_ignore_ascii_case(keyword.as_bytes())
            && bytes.get(end).is_none_or(|&b| !word_byte(b))
    })
}

/// Past the string literal opening at `start` (short or long form, with
/// backslash escapes); the end of the text when it is not closed.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let long = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => {
                if !long {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            b'\n' | b'\r' if !long => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past the IRI written `<…>` at `start`, as SPARQL's lexer reads one; `None`
/// when the `<` is a comparison instead.
fn iri_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return None,
            b if b <= b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_queries_pass() {
        let query = r#"PREFIX ex: <http://example.org/a#b>
            SELECT ?p (COUNT(*) AS ?n) WHERE {
              { ?p a gy:Person ; rdfs:label "{{{(((" } UNION { ?p gy:title '''[[[''' }
              OPTIONAL { ?p gy:affiliation ?o } # {{{{{{ a comment
              FILTER(?n > 1 && ?n < 10 || !BOUND(?o))
            } GROUP BY ?p"#;
        assert_eq!(check_query_shape(query), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_with_its_place() {
        let query = format!("SELECT * WHERE {}{}", "{".repeat(10_000), "}".repeat(10_000));
        assert_eq!(
            check_query_shape(&query),
            Err(QueryShapeError::TooDeep { line: 1, column: 16 + MAX_QUERY_NESTING })
        );
        let query = format!("SELECT * WHERE {{ FILTER({}1{}) }}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(matches!(check_query_shape(&query), Err(QueryShapeError::TooDeep { .. })));
        let nested = format!("{}{}", "{".repeat(MAX_QUERY_NESTING), "}".repeat(MAX_QUERY_NESTING));
        assert_eq!(check_query_shape(&nested), Ok(()));
    }

    #[test]
    fn long_chains_are_refused() {
        let query = format!("SELECT * WHERE {{ {} }}", "{} UNION ".repeat(5_000));
        assert_eq!(check_query_shape(&query), Err(QueryShapeError::TooManyOperators));
        let query = format!("ASK {{ FILTER({}1) }}", "!".repeat(100_000));
        assert_eq!(check_query_shape(&query), Err(QueryShapeError::TooManyOperators));
        let query = format!("ASK {{ FILTER(1{}) }}", " || 1".repeat(100_000));
        assert_eq!(check_query_shape(&query), Err(QueryShapeError::TooManyOperators));
    }

    #[test]
    fn brackets_inside_strings_iris_and_comments_do_not_count() {
        let query = format!(
            "SELECT * WHERE {{ ?s ?p \"{}\" . ?s ?p <http://x/{}> }} # {}",
            "{".repeat(1_000),
            "(".repeat(1_000),
            "[".repeat(1_000)
        );
        assert_eq!(check_query_shape(&query), Ok(()));
        // A comparison is not an IRI.
        assert_eq!(check_query_shape("ASK { FILTER(1<2 && 3 > 2) }"), Ok(()));
        // Keywords inside names are not keywords.
        assert_eq!(check_query_shape(&"?unionx ex:optional ".repeat(5_000)), Ok(()));
    }
}
