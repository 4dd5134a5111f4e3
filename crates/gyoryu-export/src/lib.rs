//! Everything gyoryu writes out of a graph, whatever holds it.
//!
//! * [`QueryAnswer`] is a query's answer read in full (from the embedded
//!   store or a remote endpoint), and [`write_answer`] prints it as a table,
//!   CSV, TSV, JSON or XML ([`ResultFormat`]), graphs as Turtle.
//! * [`ExportFormat`] names every export format, and [`writer`] gives its
//!   [`GraphWriter`]: Turtle, N-Triples, N-Quads and TriG (`rdf`), GraphML
//!   and GEXF (`xml`), the network ones reading the actor/event network node
//!   by node (`network`). [`serializer_with`] is the one RDF serializer that
//!   declares gyoryu's prefixes, for the exports and the endpoint alike.
//! * The writers read a [`QuadSource`], the few questions they ask of a
//!   store: the quads matching a pattern and the named graphs, both in a
//!   stable order. `gyoryu-store`'s `Store` is one; nothing here knows RocksDB.
//!
//! A new output format is one more variant and one more writer in this crate.

use oxigraph::model::{
    GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef, Triple,
};
use oxigraph::sparql::Variable;
pub use oxigraph::store::StorageError;

mod format;
mod network;
mod rdf;
mod results;
mod xml;

pub use format::{writer, writer_with_ontology, ExportFormat, GraphWriter, UnknownFormat};
pub use rdf::{serializer_with, Prefixes};
pub use results::{display_term, write_answer, ResultFormat};

/// Everything that can go wrong while writing an answer or an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The quad source failed to read.
    #[error("store error: {0}")]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A query's answer, read in full so it can be printed in any format.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryAnswer {
    /// SELECT: each row has one entry per variable, `None` where unbound.
    Solutions { variables: Vec<Variable>, rows: Vec<Vec<Option<Term>>> },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// Quads as a source yields them.
pub type Quads<'a> = Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'a>;
/// Graph names as a source yields them.
pub type GraphNames<'a> = Box<dyn Iterator<Item = Result<NamedOrBlankNode, StorageError>> + 'a>;

/// What the export writers read: a store whose default graph is the union of
/// its named graphs (one per article, and the ontology's).
///
/// Both methods answer in an order that depends only on the contents, never
/// on the order they were loaded in, so that an export is the same bytes for
/// the same graph: a store on disk answers in its index order, one in memory
/// sorts by text.
pub trait QuadSource {
    /// The quads matching a pattern (`None` matches anything).
    fn quads_matching(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Quads<'_>, StorageError>;

    /// Every named graph, the ontology's included.
    fn named_graphs(&self) -> Result<GraphNames<'_>, StorageError>;

    /// Whether the source holds `quad`.
    fn contains(&self, quad: QuadRef<'_>) -> Result<bool, StorageError> {
        let mut found =
            self.quads_matching(Some(quad.subject), Some(quad.predicate), Some(quad.object), Some(quad.graph_name))?;
        found.next().transpose().map(|quad| quad.is_some())
    }
}
