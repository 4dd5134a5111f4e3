//! Printing query answers: a human table, or the standard SPARQL result formats.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use clap::ValueEnum;

use gyoryu_graph::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::Variable;
use unicode_width::UnicodeWidthStr;

use crate::format::{parse_value, UnknownFormat};
use crate::rdf::{prefixed_serializer, sort_triples};
use crate::{ExportError, QueryAnswer};

/// How SELECT and ASK answers are printed. CONSTRUCT and DESCRIBE answers are
/// always Turtle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
#[value(rename_all = "lower")]
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
    /// The name the command line takes.
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
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_value(s)
    }
}

/// Writes a query answer to `out`: SELECT and ASK in `format`, CONSTRUCT and
/// DESCRIBE as Turtle whatever `format` says.
pub fn write_answer(answer: &QueryAnswer, format: ResultFormat, out: &mut dyn Write) -> Result<(), ExportError> {
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

fn write_turtle(triples: &[Triple], out: &mut dyn Write) -> Result<(), ExportError> {
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

fn write_table(variables: &[Variable], rows: &[Vec<Option<Term>>], out: &mut dyn Write) -> Result<(), ExportError> {
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

fn write_table_line(out: &mut dyn Write, cells: &[String], widths: &[usize]) -> Result<(), ExportError> {
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
pub(crate) fn shorten_iri(iri: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ExportFormat;

    #[test]
    fn format_names_parse() {
        for &format in ResultFormat::value_variants() {
            assert_eq!(format.name().parse::<ResultFormat>().unwrap(), format);
        }
        for &format in ExportFormat::value_variants() {
            assert_eq!(format.name().parse::<ExportFormat>().unwrap(), format);
        }
        assert_eq!("ttl".parse::<ExportFormat>().unwrap(), ExportFormat::Turtle);
        assert_eq!("nt".parse::<ExportFormat>().unwrap(), ExportFormat::NTriples);
        assert_eq!("NQ".parse::<ExportFormat>().unwrap(), ExportFormat::NQuads);
        let unknown = "rdfxml".parse::<ExportFormat>().unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown format \"rdfxml\"; expected one of turtle, ntriples, nquads, trig, graphml, gexf"
        );
        let unknown = "yaml".parse::<ResultFormat>().unwrap_err();
        assert_eq!(unknown.to_string(), "unknown format \"yaml\"; expected one of table, csv, tsv, json, xml");
    }

    #[test]
    fn iris_are_shortened_only_when_a_prefix_fits() {
        let id = vocab::ID_BASE;
        assert_eq!(shorten_iri(&vocab::class_iri("Province")), "gy:Province");
        assert_eq!(shorten_iri(&format!("{id}province/경상남도")), "gyid:province/경상남도");
        assert_eq!(shorten_iri("http://www.w3.org/2001/XMLSchema#date"), "xsd:date");
        assert_eq!(shorten_iri("http://example.com/x"), "<http://example.com/x>");
        assert_eq!(shorten_iri(vocab::GY), format!("<{}>", vocab::GY));
    }
}
