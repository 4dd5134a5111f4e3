//! The embedded RDF store of gyoryu.
//!
//! * [`Store`] wraps an oxigraph store (RocksDB on disk, or in memory). Each
//!   article lives in a named graph of its own, so re-ingesting an article is
//!   one transaction that drops its old graph and writes the new one
//!   ([`Store::replace_document`]).
//! * The default graph is kept equal to the set union of all article graphs
//!   and the ontology, in the same transaction as each article's write, so
//!   [`Store::query`] runs SPARQL natively on it and users never write
//!   `GRAPH` clauses.
//! * Facts derived from all articles at once (each actor's event count) live
//!   in a graph of their own, brought up to date by
//!   [`Store::refresh_statistics`] after every write.
//! * [`Store::check`] verifies that every article graph still has the shape
//!   `build` writes ([`CheckReport`]).
//!
//! Printing answers and exporting the store are `gyoryu-export`'s: the store
//! is one of its quad sources ([`gyoryu_export::QuadSource`]).

use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNode, Quad};
use oxigraph::store::{LoaderError, StorageError};

mod batch;
mod check;
pub mod guard;
mod open;
mod query;
mod read;
mod stats;
mod verify;
mod view;
mod write;

pub use batch::{BatchWriter, RUN_QUADS};
pub use check::CheckReport;
pub use guard::{check_query_shape, QueryShapeError, MAX_QUERY_NESTING, MAX_QUERY_OPERATORS};
pub use open::READ_ONLY_OPEN_PATIENCE;
pub use query::{QueryLimits, QUERY_STACK_BYTES};

/// Everything that can go wrong while using the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// RocksDB allows one writer per folder; a second `gyoryu` process (or a
    /// second open in this one) finds its LOCK file taken.
    #[error("store {} is in use by another process", path.display())]
    InUse { path: PathBuf },
    #[error("no store at {}: run `gyoryu build` first", path.display())]
    NotAStore { path: PathBuf },
    /// The folder is (or was) a store, but RocksDB cannot read it as one.
    #[error("the store {} is damaged: {reason}; restore it from a copy, or move it away and run `gyoryu build` again", path.display())]
    Damaged { path: PathBuf, reason: String },
    #[error("store error: {0}")]
    Storage(#[from] StorageError),
    #[error("invalid SPARQL query: {0}")]
    Query(String),
    #[error("invalid SPARQL query: {0}")]
    QueryShape(#[from] QueryShapeError),
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// The query's cancellation token was cancelled ([`QueryLimits`]).
    #[error("the query was cancelled")]
    Cancelled,
    /// The answer has more rows or triples than [`QueryLimits::max_rows`].
    #[error("the answer has more than {limit} {items}")]
    TooLarge { limit: usize, items: &'static str },
    #[error("could not load RDF: {0}")]
    Load(#[from] LoaderError),
    /// A caller handed `replace_document` quads that do not belong in the
    /// document's graph; writing them would leak facts outside the article.
    #[error("quad {quad} is not in the document graph {graph}")]
    QuadOutsideGraph { graph: String, quad: String },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the default graph is the union of the named graphs and is kept so by the store: write into a named graph (GRAPH <…> {{ … }}) instead")]
    DefaultGraphWrite,
}

/// What [`Store::replace_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceOutcome {
    /// The article was not in the store before.
    Added,
    /// An older version of the article (or other facts for it) was replaced.
    Replaced,
    /// The store already held exactly this version; nothing was written.
    Unchanged,
}

/// One change to the named graphs, for [`Store::apply_changes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphChange {
    Insert(Quad),
    Delete(Quad),
    /// Removes the graph and its quads.
    DropGraph(NamedNode),
    CreateGraph(NamedNode),
}

/// One stored article, as [`Store::find_documents`] names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub graph: NamedNode,
    /// Its input's identity (`gy:sourcePath`).
    pub source_path: String,
    /// Its file name or record id (`gy:sourceFile`).
    pub source_file: String,
    pub title: Option<String>,
}

/// The gyoryu RDF store.
#[derive(Clone)]
pub struct Store {
    inner: oxigraph::store::Store,
    path: Option<PathBuf>,
    /// The frozen copy `inner` reads when a writer held the store as it was
    /// opened (see [`view`]); declared after `inner` so that the database is
    /// closed before its folder is removed.
    view: Option<std::sync::Arc<view::View>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// A store that lives only as long as this value; for tests and one-off runs.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Store { inner: oxigraph::store::Store::new()?, path: None, view: None })
    }

    /// The folder of an on-disk store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Has RocksDB merge every index into its final levels now. A bulk write
    /// ingests its tables at the top level and leaves merging them to
    /// background compactions, which stop when the process exits: the store
    /// a build leaves behind then has many overlapping tables, and every
    /// index lookup reads each of them. On 100,000 generated articles this
    /// took 19 s and made the example queries two to four times faster.
    pub fn optimize(&self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.inner.optimize()?;
        }
        Ok(())
    }

    /// Forces buffered writes to disk; a no-op in memory.
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.inner.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
