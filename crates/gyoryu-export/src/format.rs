//! The export formats by name, and the writer of each.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use clap::ValueEnum;

use crate::rdf::{RdfSyntax, RdfWriter};
use crate::xml::{GexfWriter, GraphMlWriter};
use crate::{ExportError, QuadSource};

/// One export format.
pub trait GraphWriter {
    fn write(&self, source: &dyn QuadSource, out: &mut dyn Write) -> Result<(), ExportError>;
}

/// The formats `gyoryu export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum ExportFormat {
    #[value(name = "turtle", alias = "ttl")]
    Turtle,
    #[value(name = "ntriples", alias = "nt")]
    NTriples,
    #[value(name = "nquads", alias = "nq")]
    NQuads,
    #[value(name = "trig")]
    TriG,
    #[value(name = "graphml")]
    GraphMl,
    #[value(name = "gexf")]
    Gexf,
}

impl ExportFormat {
    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "turtle",
            ExportFormat::NTriples => "ntriples",
            ExportFormat::NQuads => "nquads",
            ExportFormat::TriG => "trig",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is none of the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {given:?}; expected one of {expected}")]
pub struct UnknownFormat {
    pub given: String,
    pub expected: String,
}

/// Parses a format name as the command line does (ignoring case, aliases
/// included), naming the formats there are when it fails.
pub(crate) fn parse_value<T: ValueEnum>(given: &str) -> Result<T, UnknownFormat> {
    T::from_str(given, true).map_err(|_| UnknownFormat {
        given: given.to_owned(),
        expected: T::value_variants()
            .iter()
            .filter_map(|value| value.to_possible_value())
            .map(|value| value.get_name().to_owned())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

impl FromStr for ExportFormat {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_value(s)
    }
}

/// The writer for `format`, leaving the ontology graph out.
pub fn writer(format: ExportFormat) -> Box<dyn GraphWriter> {
    writer_with_ontology(format, false)
}

/// The writer for `format`; with `include_ontology` the RDF formats also
/// write the ontology graph. GraphML and GEXF never show it: classes are not
/// actors or events.
pub fn writer_with_ontology(format: ExportFormat, include_ontology: bool) -> Box<dyn GraphWriter> {
    let rdf = |syntax| Box::new(RdfWriter { syntax, include_ontology }) as Box<dyn GraphWriter>;
    match format {
        ExportFormat::Turtle => rdf(RdfSyntax::Turtle),
        ExportFormat::NTriples => rdf(RdfSyntax::NTriples),
        ExportFormat::NQuads => rdf(RdfSyntax::NQuads),
        ExportFormat::TriG => rdf(RdfSyntax::TriG),
        ExportFormat::GraphMl => Box::new(GraphMlWriter),
        ExportFormat::Gexf => Box::new(GexfWriter),
    }
}
