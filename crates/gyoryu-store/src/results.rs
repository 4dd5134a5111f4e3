//! Printing query answers: a human table, or the standard SPARQL result formats.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use gyoryu_graph::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::Variable;
use unicode_width::UnicodeWidthStr;

use crate::export::{prefixed_serializer, sort_triples};
use crate::{QueryAnswer, StoreError};

/// How SELECT and ASK answers are printed. CONSTRUCT and DESCRIBE answers are
/// always Turtle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultFormat {
    /// Aligned columns for a terminal, with IRIs shortened by prefix.
    #[default]
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

impl ResultFormat {
    pub const ALL: [ResultFormat; 5] =
        [ResultFormat::Table, ResultFormat::Csv, ResultFormat::Tsv, ResultFormat::Json, ResultFormat::Xml];

    pub fn name(self) -> &'static str {
        match self {
            ResultFormat::Table => "table",
            ResultFormat::Csv => "csv",
            ResultFormat::Tsv => "tsv",
            ResultFormat::Json => "json",
            ResultFormat::Xml => "xml",
        }
    }

    fn standard_format(self) -> Option<QueryResultsFormat> {
        match self {
            ResultFormat::Table => None,
            ResultFormat::Csv => Some(QueryResultsFormat::Csv),
            ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
            ResultFormat::Json => Some(QueryResultsFormat::Json),
            ResultFormat::Xml => Some(QueryResultsFormat::Xml),
        }
    }
}

impl fmt::Display for ResultFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ResultFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResultFormat::ALL
            .into_iter()
            .find(|format| format.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| StoreError::UnknownFormat { given: s.to_owned(), expected: "table, csv, tsv, json, xml" })
    }
}

/// Writes a query answer to `out`: SELECT and ASK in `format`, CONSTRUCT and
/// DESCRIBE as Turtle whatever `format` says.
pub fn write_answer(answer: &QueryAnswer, format: ResultFormat, out: &mut dyn Write) -> Result<(), StoreError> {
    match answer {
        QueryAnswer::Solutions { variables, rows } => match format.standard_format() {
            None => write_table(variables, rows, out),
            Some(standard) => {
                let mut serializer = QueryResultsSerializer::from_format(standard)
                    .serialize_solutions_to_writer(&mut *out, variables.clone())?;
                for row in rows {
                    serializer.serialize(
                        variables
                            .iter()
                            .zip(row)
                            .filter_map(|(variable, value)| value.as_ref().map(|term| (variable, term))),
                    )?;
                }
                serializer.finish()?;
                Ok(())
            }
        },
        QueryAnswer::Boolean(value) => match format.standard_format() {
            None => Ok(writeln!(out, "{value}")?),
            Some(standard) => {
                QueryResultsSerializer::from_format(standard).serialize_boolean_to_writer(&mut *out, *value)?;
                Ok(())
            }
        },
        QueryAnswer::Graph(triples) => write_turtle(triples, out),
    }
}

fn write_turtle(triples: &[Triple], out: &mut dyn Write) -> Result<(), StoreError> {
    let mut sorted = triples.to_vec();
    sort_triples(&mut sorted);
    let mut serializer = prefixed_serializer(RdfFormat::Turtle).for_writer(&mut *out);
    for triple in &sorted {
        serializer.serialize_triple(triple)?;
    }
    serializer.finish()?;
    Ok(())
}

/// Column gap of the table; two spaces keep Korean columns visibly apart.
const GAP: &str = "  ";

fn write_table(variables: &[Variable], rows: &[Vec<Option<Term>>], out: &mut dyn Write) -> Result<(), StoreError> {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|value| value.as_ref().map(display_term).unwrap_or_default()).collect())
        .collect();
    // Widths are in terminal columns: a Hangul syllable takes two.
    let mut widths: Vec<usize> = header.iter().map(|name| name.width()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }

    write_table_line(out, &header, &widths)?;
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    write_table_line(out, &rule, &widths)?;
    for row in &cells {
        write_table_line(out, row, &widths)?;
    }
    let noun = if rows.len() == 1 { "row" } else { "rows" };
    writeln!(out, "{} {noun}", rows.len())?;
    Ok(())
}

fn write_table_line(out: &mut dyn Write, cells: &[String], widths: &[usize]) -> Result<(), StoreError> {
    let mut line = String::new();
    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if index > 0 {
            line.push_str(GAP);
        }
        line.push_str(cell);
        line.extend(std::iter::repeat_n(' ', width.saturating_sub(cell.width())));
    }
    writeln!(out, "{}", line.trim_end())?;
    Ok(())
}

/// How a term reads in the table: literals by their text, IRIs by prefix
/// where one of gyoryu's prefixes fits. Line breaks would tear the table
/// apart, so they become spaces.
pub fn display_term(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(node) => shorten_iri(node.as_str()),
        Term::BlankNode(node) => node.to_string(),
        Term::Literal(literal) => literal.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    text.replace(['\r', '\n', '\t'], " ")
}

/// `https://w3id.org/gyoryu/ontology#Province` → `gy:Province`; an IRI no
/// prefix fits (or whose remainder is not a plain local name) stays `<…>`.
pub fn shorten_iri(iri: &str) -> String {
    for (prefix, namespace) in vocab::PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace) {
            let plain = !local.is_empty()
                && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '%'))
                && !local.ends_with('.');
            if plain {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}
