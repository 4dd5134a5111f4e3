//! SPARQL as every part of gyoryu reads it: one parser with gyoryu's
//! prefixes predeclared ([`parser`]), and its errors as one line a person can
//! act on ([`explain_parse_error`]), the same from the command line, the
//! endpoint and the remote client.

use spargebra::SparqlParser;

use crate::vocab;

/// A SPARQL parser with gyoryu's prefixes ([`vocab::PREFIXES`]) predeclared:
/// the store's queries, the endpoint's queries and updates, and the remote
/// client's look at a query all parse with it.
pub fn parser() -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in vocab::PREFIXES {
        parser = parser.with_prefix(prefix, namespace).expect("the vocabulary prefixes are valid IRIs");
    }
    parser
}

/// The parser's message (`error at LINE:COLUMN: …`, possibly over several
/// lines) on one line: an undeclared prefix is named as such with the
/// prefixes that are predeclared; otherwise the expected tokens without the
/// character classes the parser lists among them, the position, and the text
/// where parsing stopped.
pub fn explain_parse_error(text: &str, message: &str) -> String {
    if let Some(said) = unknown_query_form(text) {
        return said;
    }
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let position = message
        .strip_prefix("error at ")
        .and_then(|rest| rest.split(':').take(2).collect::<Vec<_>>().try_into().ok())
        .and_then(|[line, column]: [&str; 2]| Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?)));
    let Some((line, column)) = position else { return message };
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let before: String = source_line.chars().take(column.saturating_sub(1)).collect();
    if message.contains("Prefix not found") {
        // The parser stops after the prefixed name; the user looks for its start.
        let (start, word) = last_prefixed_word(&before).unwrap_or((before.len(), ""));
        let prefix = word.split(':').next().unwrap_or("");
        let column = before[..start].chars().count() + 1;
        let known: Vec<String> = vocab::PREFIXES.iter().map(|(p, _)| format!("{p}:")).collect();
        return format!(
            "unknown prefix {prefix}: at {line}:{column}; declare it with PREFIX (predeclared: {})",
            known.join(" ")
        );
    }
    let message = match message.split_once("expected one of ") {
        Some((head, list)) => {
            let kept: Vec<&str> = list.split(", ").filter(|item| !item.starts_with('[')).collect();
            if kept.is_empty() {
                format!("{head}unexpected text")
            } else {
                format!("{head}expected one of {}", kept.join(", "))
            }
        }
        None => message,
    };
    let context: String = before.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
    if context.trim().is_empty() {
        let after: String = source_line.chars().skip(column.saturating_sub(1)).take(30).collect();
        return format!("{message}, at \"{}\"", after.trim_end());
    }
    format!("{message}, after \"{}\"", context.trim_start())
}

/// The last word of `before` holding a colon (a prefixed name), with the
/// byte offset where it starts.
fn last_prefixed_word(before: &str) -> Option<(usize, &str)> {
    let is_separator = |c: char| c.is_whitespace() || "{}().;,".contains(c);
    let mut end = before.len();
    for (at, c) in before.char_indices().rev() {
        if is_separator(c) {
            let start = at + c.len_utf8();
            if before[start..end].contains(':') {
                return Some((start, &before[start..end]));
            }
            end = at;
        }
    }
    before[..end].contains(':').then(|| (0, &before[..end]))
}

/// The query forms a query may open with, after its prologue.
const FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];

/// A query whose first word after `PREFIX`/`BASE` declarations is no query
/// form (`SELEC ?x …`): the parser would report what it expected somewhere
/// later in the text, which misleads; this names the word and its place.
fn unknown_query_form(text: &str) -> Option<String> {
    let mut words = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        let mut column = 0;
        for piece in line.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end();
            if !word.is_empty() {
                words.push((number + 1, column + 1, word));
            }
            column += piece.chars().count();
        }
    }
    let mut at = 0;
    loop {
        let (_, _, word) = *words.get(at)?;
        match word.to_ascii_uppercase().as_str() {
            // PREFIX name: <iri>, BASE <iri>
            "PREFIX" => at += 3,
            "BASE" => at += 2,
            _ => break,
        }
    }
    let (line, column, word) = *words.get(at)?;
    let first: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    if first.is_empty() || FORMS.iter().any(|form| form.eq_ignore_ascii_case(&first)) {
        return None;
    }
    Some(format!(
        "error at {line}:{column}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX or BASE), not \"{first}\""
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undeclared_prefix_is_named_with_its_position() {
        let text = "SELECT ?x WHERE {\n  ?x a foo:Bar }";
        let said = explain_parse_error(text, "error at 2:12: Prefix not found");
        assert!(said.starts_with("unknown prefix foo: at 2:8; declare it with PREFIX"), "{said}");
        assert!(!said.contains('\n'));
    }

    #[test]
    fn a_misspelt_query_form_is_named() {
        let said = explain_parse_error("SELEC ?x WHERE { ?x ?p ?o }", "error at 1:10: expected CONSTRUCT");
        assert!(
            said.starts_with("error at 1:1: a query starts with SELECT") && said.ends_with("not \"SELEC\""),
            "{said}"
        );
        let said = explain_parse_error(
            "PREFIX ex: <http://example.org/>\n# look\n  selct ?x",
            "error at 3:9: expected CONSTRUCT",
        );
        assert!(said.starts_with("error at 3:3:"), "{said}");
        let fine = "PREFIX ex: <http://example.org/>\nselect ?x WHERE { ?x ?p }";
        assert!(explain_parse_error(fine, "error at 2:23: expected one of \"(\"").contains("after"));
    }

    #[test]
    fn character_classes_are_left_out_and_the_place_is_quoted() {
        let said = explain_parse_error(
            "SELECT ?x WHERE { ?x ?y }",
            "error at 1:25: expected one of \"(\", ['a'..='z'], \"[\",\n \"a\"",
        );
        assert_eq!(said, "error at 1:25: expected one of \"(\", \"[\", \"a\", after \"SELECT ?x WHERE { ?x ?y \"");
    }
}
