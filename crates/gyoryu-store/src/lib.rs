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
//! * [`Store::check`] verifies that every article graph still has the shape
//!   `build` writes ([`CheckReport`]).
//!
//! Printing answers and exporting the store are `gyoryu-export`'s: the store
//! is one of its quad sources ([`gyoryu_export::QuadSource`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gyoryu_export::{GraphNames, QuadSource, Quads, QueryAnswer};
use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef,
    Term, TermRef, Triple, TripleRef,
};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::{BulkLoader, LoaderError, StorageError, Transaction};

mod check;
pub mod guard;
mod verify;
mod view;

pub use check::CheckReport;
pub use guard::{check_query_shape, QueryShapeError, MAX_QUERY_NESTING, MAX_QUERY_OPERATORS};

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

/// What a query may take: see [`Store::evaluate`].
#[derive(Clone, Default)]
pub struct QueryLimits {
    /// Stops the evaluation when cancelled (a time limit runs out).
    pub cancellation: Option<CancellationToken>,
    /// The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may have.
    pub max_rows: Option<usize>,
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

/// A file in the store folder saying its articles' `gy:sourcePath`s are
/// identities relative to their inputs, not local paths.
const LAYOUT_MARKER: &str = "gyoryu-layout";

/// The stack a query is parsed and evaluated on: with the limits of
/// [`check_query_shape`] the deepest recursion needs far less (only the
/// pages touched are ever allocated).
pub const QUERY_STACK_BYTES: usize = 64 * 1024 * 1024;

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
    /// Opens the RocksDB store in `path` for writing, which must exist: for
    /// commands that change a store but have nothing to create one with.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        check_store_files(path)?;
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path: path.to_path_buf() });
        }
        Store::open(path)
    }

    /// Opens (creating if missing) the RocksDB store in `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        // RocksDB would start a new database over the remains of an old one
        // (and then fail on its column families): a damaged store is left
        // as it is for the user to rescue.
        check_store_files(path)?;
        std::fs::create_dir_all(path)?;
        match oxigraph::store::Store::open(path) {
            Ok(inner) => {
                remove_unfinished_batches(path)?;
                let store = Store { inner, path: Some(path.to_path_buf()), view: None };
                store.fill_default_graph_of_old_layout()?;
                store.migrate_legacy_source_paths(path)?;
                Ok(store)
            }
            Err(error) if is_lock_error(&error) => Err(StoreError::InUse { path: path.to_path_buf() }),
            Err(error) => Err(damaged_or(path, error)),
        }
    }

    /// Stores written before the default graph was materialized kept facts
    /// only in article graphs, so every query would answer nothing; opening one
    /// for writing fills the default graph from them once, in one transaction.
    fn fill_default_graph_of_old_layout(&self) -> Result<(), StoreError> {
        // In the current layout every triple of a named graph is also in the
        // default graph, so one named triple missing from it tells the old one.
        let Some(first) = self.inner.named_graphs().next() else { return Ok(()) };
        let first = first?;
        let Some(sample) = self.inner.quads_for_pattern(None, None, None, Some(first.as_ref().into())).next() else {
            return Ok(());
        };
        let sample = sample?;
        let in_default = self.inner.contains(QuadRef::new(
            &sample.subject,
            &sample.predicate,
            &sample.object,
            GraphNameRef::DefaultGraph,
        ))?;
        if in_default {
            return Ok(());
        }
        let mut transaction = self.inner.start_transaction()?;
        let named: Vec<Quad> = transaction.quads_for_pattern(None, None, None, None).collect::<Result<_, _>>()?;
        for quad in &named {
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
        }
        transaction.commit()?;
        Ok(())
    }

    /// Older gyoryu wrote each article's `gy:sourcePath` as the path it was
    /// read from, absolute when the input was named so, which the endpoint
    /// then published. Opening such a store for writing replaces those
    /// paths by the article's file name (its identity back then) once; a
    /// marker file beside the database says it has been done.
    fn migrate_legacy_source_paths(&self, path: &Path) -> Result<(), StoreError> {
        let marker = path.join(LAYOUT_MARKER);
        if marker.is_file() {
            return Ok(());
        }
        let mut rewrites: Vec<(Quad, String)> = Vec::new();
        for quad in self.inner.quads_for_pattern(None, Some(vocab::SOURCE_PATH), None, None) {
            let quad = quad?;
            let GraphName::NamedNode(graph) = &quad.graph_name else { continue };
            if !is_document_graph(quad.graph_name.as_ref()) || !self.is_legacy_graph(graph)? {
                continue;
            }
            let subject = NamedOrBlankNode::NamedNode(graph.clone());
            let file = self
                .inner
                .quads_for_pattern(Some(subject.as_ref()), Some(vocab::SOURCE_FILE), None, Some(graph.as_ref().into()))
                .next()
                .transpose()?
                .and_then(|file| match file.object {
                    Term::Literal(file) => Some(file.value().to_owned()),
                    _ => None,
                });
            match (file, &quad.object) {
                (Some(file), Term::Literal(old)) if old.value() != file => rewrites.push((quad, file)),
                _ => {}
            }
        }
        if !rewrites.is_empty() {
            let mut transaction = self.inner.start_transaction()?;
            for (quad, file) in &rewrites {
                let new_value = Literal::new_simple_literal(file);
                transaction.remove(quad.as_ref());
                transaction.remove(QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &quad.object,
                    GraphNameRef::DefaultGraph,
                ));
                transaction.insert(QuadRef::new(&quad.subject, &quad.predicate, &new_value, &quad.graph_name));
                transaction.insert(QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &new_value,
                    GraphNameRef::DefaultGraph,
                ));
            }
            transaction.commit()?;
        }
        std::fs::write(&marker, "2\n")?;
        Ok(())
    }

    /// Opens an existing on-disk store for reading only. Readers take no lock,
    /// so any number of queries and exports can run at once; what they see is
    /// the store as it was when they opened it.
    ///
    /// While a writer (a build) holds the store, the reader opens a view of
    /// it instead of the live files (see [`view`]). A table file the writer
    /// merged away as the view was taken makes the open fail with a missing
    /// file; it is tried again, on a fresh view, for up to
    /// [`READ_ONLY_OPEN_PATIENCE`], and only an error that persists is
    /// reported, as damage.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        check_store_files(path)?;
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path: path.to_path_buf() });
        }
        let mut patience = Patience::new();
        loop {
            let view = if lock_is_held(&path.join("LOCK")) {
                match view::View::take(path) {
                    Ok(view) => Some(std::sync::Arc::new(view)),
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound && patience.try_again() => continue,
                    Err(error) => {
                        return Err(StoreError::Damaged {
                            path: path.to_path_buf(),
                            reason: format!("a view of it could not be taken while it is being written: {error}"),
                        })
                    }
                }
            } else {
                None
            };
            let opened = oxigraph::store::Store::open_read_only(view.as_ref().map_or(path, |view| view.path()));
            match opened {
                Ok(inner) => return Ok(Store { inner, path: Some(path.to_path_buf()), view }),
                // A store its writer is still creating: oxigraph wants to
                // write its version into a database that has none yet.
                Err(error) if (is_damage(&error) || is_unfinished(&error)) && patience.try_again() => {}
                Err(error) => return Err(damaged_or(path, error)),
            }
        }
    }

    /// A store that lives only as long as this value; for tests and one-off runs.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Store { inner: oxigraph::store::Store::new()?, path: None, view: None })
    }

    /// The folder of an on-disk store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Makes `quads` (all in `graph`) the only facts stored for the input
    /// `source_key` (its `gy:sourcePath`, see `Document::source`).
    ///
    /// In one transaction: every graph whose document has `gy:sourcePath
    /// source_key` is removed (and a graph an older gyoryu wrote for the same
    /// `gy:sourceFile`, see [`Store::holds_source`]), the new quads are
    /// written, and the default graph follows (see [`Store::query`]). When
    /// the store already holds exactly these quads in `graph` under the same
    /// content hash, nothing is written and [`ReplaceOutcome::Unchanged`] is
    /// returned. The quads are compared as well as the hash so that a newer
    /// extractor's output for an unchanged article still reaches the store.
    pub fn replace_document(
        &self,
        source_key: &str,
        graph: &NamedNode,
        quads: &[Quad],
    ) -> Result<ReplaceOutcome, StoreError> {
        check_in_graph(graph, quads)?;
        let source_file = literal_value(quads, vocab::SOURCE_FILE);
        let new_hash = quads.iter().find_map(|quad| {
            if quad.predicate.as_ref() != vocab::CONTENT_HASH {
                return None;
            }
            match &quad.object {
                Term::Literal(hash) => Some(hash.value().to_owned()),
                _ => None,
            }
        });

        let mut transaction = self.inner.start_transaction()?;
        let old_graphs = graphs_of_source(&transaction, source_key, source_file.as_deref())?;
        let only_this_graph = old_graphs.len() == 1 && old_graphs.contains(&NamedOrBlankNode::NamedNode(graph.clone()));
        if only_this_graph {
            if let Some(hash) = &new_hash {
                let hash_literal = Literal::new_simple_literal(hash);
                let same_hash = transaction
                    .quads_for_pattern(
                        None,
                        Some(vocab::CONTENT_HASH),
                        Some(hash_literal.as_ref().into()),
                        Some(graph.as_ref().into()),
                    )
                    .next()
                    .transpose()?
                    .is_some();
                if same_hash && graph_holds_exactly(&transaction, graph, quads)? {
                    return Ok(ReplaceOutcome::Unchanged);
                }
            }
        }

        swap_graphs(&mut transaction, &old_graphs, quads)?;
        transaction.commit()?;
        Ok(if old_graphs.is_empty() { ReplaceOutcome::Added } else { ReplaceOutcome::Replaced })
    }

    /// Whether an article of the input `source_key` is stored, or one that an
    /// older gyoryu (which named articles by file name alone and documents by
    /// content alone) stored for `source_file`: the next build replaces it.
    pub fn holds_source(&self, source_key: &str, source_file: &str) -> Result<bool, StoreError> {
        let key_literal = Literal::new_simple_literal(source_key);
        for quad in
            self.inner.quads_for_pattern(None, Some(vocab::SOURCE_PATH), Some(key_literal.as_ref().into()), None)
        {
            if is_document_graph(quad?.graph_name.as_ref()) {
                return Ok(true);
            }
        }
        let file_literal = Literal::new_simple_literal(source_file);
        for quad in
            self.inner.quads_for_pattern(None, Some(vocab::SOURCE_FILE), Some(file_literal.as_ref().into()), None)
        {
            if let GraphName::NamedNode(graph) = quad?.graph_name {
                if self.is_legacy_graph(&graph)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether a document graph was written by a gyoryu that named documents
    /// by their content hash alone.
    fn is_legacy_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        let subject = NamedOrBlankNode::NamedNode(graph.clone());
        for quad in self.inner.quads_for_pattern(
            Some(subject.as_ref()),
            Some(vocab::CONTENT_HASH),
            None,
            Some(graph.as_ref().into()),
        ) {
            if let Term::Literal(hash) = quad?.object {
                return Ok(graph.as_str() == gyoryu_graph::rdf::legacy_document_iri(hash.value()));
            }
        }
        Ok(false)
    }

    /// Adds articles that are not in the store yet ([`Store::holds_source`]
    /// is false for each, and no two share a source), all at once or not at
    /// all; see [`BatchWriter`].
    pub fn add_new_documents(&self, documents: Vec<(NamedNode, Vec<Quad>)>) -> Result<(), StoreError> {
        let mut writer = self.batch_writer();
        for (graph, quads) in documents {
            writer.push(&graph, quads)?;
        }
        writer.commit()
    }

    /// A writer of new articles in atomic batches; see [`BatchWriter`].
    pub fn batch_writer(&self) -> BatchWriter<'_> {
        BatchWriter { store: self, loader: None, run: Vec::new(), documents: 0 }
    }

    /// The stored articles `name` stands for: those whose input identity
    /// (`gy:sourcePath`) is `name`, or failing that, whose `gy:sourceFile`
    /// (file name or record id) is, or whose graph IRI is.
    pub fn find_documents(&self, name: &str) -> Result<Vec<StoredArticle>, StoreError> {
        let literal = Literal::new_simple_literal(name);
        let mut graphs: Vec<NamedNode> = Vec::new();
        for predicate in [vocab::SOURCE_PATH, vocab::SOURCE_FILE] {
            for quad in self.inner.quads_for_pattern(None, Some(predicate), Some(literal.as_ref().into()), None) {
                if let GraphName::NamedNode(graph) = quad?.graph_name {
                    if is_document_graph(GraphNameRef::NamedNode(graph.as_ref())) && !graphs.contains(&graph) {
                        graphs.push(graph);
                    }
                }
            }
            if !graphs.is_empty() {
                break;
            }
        }
        if graphs.is_empty() {
            if let Ok(graph) = NamedNode::new(name) {
                if is_document_graph(GraphNameRef::NamedNode(graph.as_ref()))
                    && self.inner.contains_named_graph(graph.as_ref())?
                {
                    graphs.push(graph);
                }
            }
        }
        let mut articles = Vec::new();
        for graph in graphs {
            let quads: Vec<Quad> = self
                .inner
                .quads_for_pattern(
                    Some(NamedOrBlankNode::NamedNode(graph.clone()).as_ref()),
                    None,
                    None,
                    Some(graph.as_ref().into()),
                )
                .collect::<Result<_, _>>()?;
            articles.push(StoredArticle {
                source_path: literal_value(&quads, vocab::SOURCE_PATH).unwrap_or_default(),
                source_file: literal_value(&quads, vocab::SOURCE_FILE).unwrap_or_default(),
                title: literal_value(&quads, vocab::DCTERMS_TITLE),
                graph,
            });
        }
        articles.sort_by(|a, b| a.source_path.cmp(&b.source_path));
        Ok(articles)
    }

    /// Removes one article graph (its facts leave the default graph unless
    /// another article states them too); false if there was none.
    pub fn remove_article(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        if !transaction.contains_named_graph(graph.as_ref())? {
            return Ok(false);
        }
        let old_graphs = HashSet::from([NamedOrBlankNode::NamedNode(graph.clone())]);
        swap_graphs(&mut transaction, &old_graphs, &[])?;
        transaction.commit()?;
        Ok(true)
    }

    /// Applies changes to named graphs in one transaction, keeping the
    /// default graph the union of the named graphs as `build` does: an
    /// inserted quad's triple joins the default graph, and a deleted or
    /// dropped one leaves it when no other named graph still states it. This
    /// is how `gyoryu serve --allow-update` writes SPARQL updates. A change
    /// that names the default graph itself is refused: it is not anyone's to
    /// write.
    pub fn apply_changes(&self, changes: &[GraphChange]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        for change in changes {
            match change {
                GraphChange::Insert(quad) | GraphChange::Delete(quad) if quad.graph_name.is_default_graph() => {
                    return Err(StoreError::DefaultGraphWrite);
                }
                GraphChange::Insert(quad) => {
                    transaction.insert(quad.as_ref());
                    let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
                    transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
                }
                GraphChange::Delete(quad) => {
                    transaction.remove(quad.as_ref());
                    let mut still_stated = false;
                    for other in transaction.quads_for_pattern(
                        Some(quad.subject.as_ref()),
                        Some(quad.predicate.as_ref()),
                        Some(quad.object.as_ref()),
                        None,
                    ) {
                        if !other?.graph_name.is_default_graph() {
                            still_stated = true;
                            break;
                        }
                    }
                    if !still_stated {
                        let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
                        transaction.remove(triple.in_graph(GraphNameRef::DefaultGraph));
                    }
                    // A graph emptied by deletes is gone, as a dropped one is,
                    // rather than an article graph without its document.
                    if let GraphName::NamedNode(graph) = &quad.graph_name {
                        let empty = transaction
                            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                            .next()
                            .is_none();
                        if empty {
                            transaction.remove_named_graph(graph.as_ref())?;
                        }
                    }
                }
                GraphChange::DropGraph(graph) => {
                    let old = HashSet::from([NamedOrBlankNode::NamedNode(graph.clone())]);
                    swap_graphs(&mut transaction, &old, &[])?;
                }
                GraphChange::CreateGraph(graph) => {
                    transaction.insert_named_graph(graph.as_ref());
                }
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Whether the article graph `graph` is stored with this content hash:
    /// lets ingestion skip extraction for articles it has already seen. It
    /// is one key look-up with no term to decode, which keeps re-running
    /// `build` on unchanged inputs cheap.
    pub fn has_document(&self, graph: &NamedNode, hash: &str) -> Result<bool, StoreError> {
        let hash_literal = Literal::new_simple_literal(hash);
        Ok(self.inner.contains(QuadRef::new(graph, vocab::CONTENT_HASH, &hash_literal, graph))?)
    }

    /// The number of distinct `gy:Document`s.
    pub fn document_count(&self) -> Result<usize, StoreError> {
        self.count("SELECT (COUNT(*) AS ?n) WHERE { ?d a gy:Document }")
    }

    /// Distinct triples over all articles (the default graph without the
    /// ontology's own triples): an actor's type stated in five articles
    /// counts once.
    pub fn triple_count(&self) -> Result<usize, StoreError> {
        let all = self.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")?;
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let mut ontology_only = 0;
        for quad in self.inner.quads_for_pattern(None, None, None, Some(ontology.into())) {
            let quad = quad?;
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            if !self.held_by_article(triple)? {
                ontology_only += 1;
            }
        }
        Ok(all.saturating_sub(ontology_only))
    }

    /// Quads in every article graph (a triple counts once per article).
    pub fn quad_count(&self) -> Result<usize, StoreError> {
        self.count(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/gyoryu/ontology>) }",
        )
    }

    /// Number of triples in the ontology graph.
    pub fn ontology_triple_count(&self) -> Result<usize, StoreError> {
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        Ok(self.inner.quads_for_pattern(None, None, None, Some(ontology.into())).count())
    }

    /// Replaces the ontology graph with the given Turtle; returns its triple
    /// count. An unchanged ontology is not written again.
    pub fn load_ontology(&self, turtle: &str) -> Result<usize, StoreError> {
        let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(ontology.clone())
            .for_slice(turtle)
            .collect::<Result<_, _>>()
            .map_err(|error| StoreError::Load(LoaderError::Parsing(oxigraph::io::RdfParseError::Syntax(error))))?;
        let mut transaction = self.inner.start_transaction()?;
        if graph_holds_exactly(&transaction, &ontology, &quads)? {
            return self.ontology_triple_count();
        }
        let mut old = HashSet::new();
        if transaction.contains_named_graph(ontology.as_ref())? {
            old.insert(NamedOrBlankNode::NamedNode(ontology));
        }
        swap_graphs(&mut transaction, &old, &quads)?;
        transaction.commit()?;
        self.ontology_triple_count()
    }

    /// The default graph: every distinct triple of the articles and the ontology.
    pub fn default_graph_triples(&self) -> Result<Vec<Triple>, StoreError> {
        self.inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(|quad| Ok(Triple::from(quad?)))
            .collect()
    }

    /// Whether an article graph (not the ontology's) holds `triple`.
    pub(crate) fn held_by_article(&self, triple: TripleRef<'_>) -> Result<bool, StoreError> {
        for quad in
            self.inner.quads_for_pattern(Some(triple.subject), Some(triple.predicate), Some(triple.object), None)
        {
            if is_document_graph(quad?.graph_name.as_ref()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The single number a `SELECT (COUNT(*) AS ?n)` query returns. Counting
    /// in SPARQL works on oxigraph's encoded terms and never looks up strings.
    pub(crate) fn count(&self, sparql: &str) -> Result<usize, StoreError> {
        match self.query(sparql)? {
            QueryAnswer::Solutions { rows, .. } => Ok(rows
                .first()
                .and_then(|row| row.first().cloned().flatten())
                .and_then(|term| match term {
                    Term::Literal(n) => n.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0)),
            _ => Ok(0),
        }
    }

    /// Every quad of the named graphs, the ontology graph included (not the
    /// default graph, which only repeats them).
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if !quad.graph_name.is_default_graph() {
                quads.push(quad);
            }
        }
        Ok(quads)
    }

    /// Every quad of the article graphs.
    pub fn article_quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if is_document_graph(quad.graph_name.as_ref()) {
                quads.push(quad);
            }
        }
        Ok(quads)
    }

    /// The graph names of stored articles, sorted (the ontology graph left out).
    pub fn document_graphs(&self) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.inner.named_graphs() {
            let graph = graph?;
            if !matches!(&graph, NamedOrBlankNode::NamedNode(name) if name.as_str() == vocab::ONTOLOGY_GRAPH) {
                graphs.push(graph);
            }
        }
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// Runs a SPARQL query.
    ///
    /// Unless the query names its own dataset (`FROM`), it runs on the
    /// default graph, which the store keeps equal to the set union of all
    /// article graphs and the ontology: patterns match facts from every
    /// article without `GRAPH` clauses, and a fact stated by several
    /// articles matches once. `GRAPH ?g { … }` sees each article on its own.
    /// gyoryu's prefixes (`gy:`, `gyid:`, `rdfs:`, `skos:`, `xsd:`,
    /// `dcterms:`, `rdf:`) are predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        check_query_shape(sparql)?;
        // Parsing and evaluation recurse over the query; on a thread of their
        // own their depth is bounded by the shape limits and this stack, not
        // by whatever stack the caller happens to run on.
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("gyoryu-query".into())
                .stack_size(QUERY_STACK_BYTES)
                .spawn_scoped(scope, || self.query_here(sparql))
                .map_err(StoreError::Io)?
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    fn query_here(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        let query = gyoryu_graph::sparql::parser().parse_query(sparql).map_err(|error| {
            StoreError::Query(gyoryu_graph::sparql::explain_parse_error(sparql, &error.to_string()))
        })?;
        self.evaluate(query, &QueryLimits::default())
    }

    /// Evaluates a parsed query (see [`Store::query`] for what it runs on)
    /// under `limits`: a cancelled token stops it with
    /// [`StoreError::Cancelled`], and an answer of more than `max_rows` rows
    /// or triples is refused with [`StoreError::TooLarge`] as soon as the
    /// one over the limit is read. Evaluation recurses over the query: call
    /// it on a stack of [`QUERY_STACK_BYTES`].
    pub fn evaluate(&self, query: spargebra::Query, limits: &QueryLimits) -> Result<QueryAnswer, StoreError> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(token) = &limits.cancellation {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        let failed = |error: QueryEvaluationError| match error {
            QueryEvaluationError::Cancelled => StoreError::Cancelled,
            other => StoreError::Evaluation(other.to_string()),
        };
        let max = limits.max_rows.unwrap_or(usize::MAX);
        let results = evaluator.for_query(query).on_store(&self.inner).execute().map_err(failed)?;
        Ok(match results {
            QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(failed)?;
                    if rows.len() == max {
                        return Err(StoreError::TooLarge { limit: max, items: "rows" });
                    }
                    rows.push(variables.iter().map(|variable| solution.get(variable).cloned()).collect());
                }
                QueryAnswer::Solutions { variables, rows }
            }
            QueryResults::Boolean(value) => QueryAnswer::Boolean(value),
            QueryResults::Graph(triples) => {
                let mut kept = Vec::new();
                for triple in triples {
                    let triple = triple.map_err(failed)?;
                    if kept.len() == max {
                        return Err(StoreError::TooLarge { limit: max, items: "triples" });
                    }
                    kept.push(triple);
                }
                QueryAnswer::Graph(kept)
            }
        })
    }

    /// Every quad of one named graph (an article's, or the ontology's).
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>, StoreError> {
        Ok(self.inner.quads_for_pattern(None, None, None, Some(graph.into())).collect::<Result<_, _>>()?)
    }

    /// Forces buffered writes to disk; a no-op in memory.
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.inner.flush()?;
        }
        Ok(())
    }
}

fn check_in_graph(graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
    let graph_name = GraphNameRef::NamedNode(graph.as_ref());
    if let Some(stray) = quads.iter().find(|quad| quad.graph_name.as_ref() != graph_name) {
        return Err(StoreError::QuadOutsideGraph { graph: graph.to_string(), quad: stray.to_string() });
    }
    Ok(())
}

/// Whether `graph` holds exactly `quads` (all of them in `graph`).
fn graph_holds_exactly(transaction: &Transaction<'_>, graph: &NamedNode, quads: &[Quad]) -> Result<bool, StoreError> {
    let stored: HashSet<Quad> =
        transaction.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).collect::<Result<_, _>>()?;
    let incoming: HashSet<&Quad> = quads.iter().collect();
    Ok(stored.len() == incoming.len() && stored.iter().all(|quad| incoming.contains(quad)))
}

/// Replaces the named graphs `old_graphs` by `quads` and keeps the default
/// graph the set union of all named graphs: new triples are copied into it,
/// and a triple of a dropped graph leaves it only when no other named graph
/// still states it. The transaction reads its own writes, so the removed
/// graphs no longer count when that is checked.
fn swap_graphs(
    transaction: &mut Transaction<'_>,
    old_graphs: &HashSet<NamedOrBlankNode>,
    quads: &[Quad],
) -> Result<(), StoreError> {
    let mut old_triples: HashSet<Triple> = HashSet::new();
    for old in old_graphs {
        for quad in transaction.quads_for_pattern(None, None, None, Some(old.as_ref().into())) {
            old_triples.insert(Triple::from(quad?));
        }
        transaction.remove_named_graph(old)?;
    }
    let mut new_triples: HashSet<TripleRef<'_>> = HashSet::with_capacity(quads.len());
    for quad in quads {
        transaction.insert(quad);
        let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
        transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
        new_triples.insert(triple);
    }
    for triple in &old_triples {
        let triple = triple.as_ref();
        if new_triples.contains(&triple) {
            continue;
        }
        let mut still_stated = false;
        for quad in
            transaction.quads_for_pattern(Some(triple.subject), Some(triple.predicate), Some(triple.object), None)
        {
            if !quad?.graph_name.is_default_graph() {
                still_stated = true;
                break;
            }
        }
        if !still_stated {
            transaction.remove(triple.in_graph(GraphNameRef::DefaultGraph));
        }
    }
    Ok(())
}

/// How long [`Store::open_read_only`] keeps trying when the files it reads
/// change under it.
pub const READ_ONLY_OPEN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// The waits of a reader whose files a writer changed under it: 10 ms,
/// doubling up to 200 ms, for [`READ_ONLY_OPEN_PATIENCE`] in all.
pub(crate) struct Patience {
    started: std::time::Instant,
    wait: std::time::Duration,
}

impl Patience {
    pub(crate) fn new() -> Patience {
        Patience { started: std::time::Instant::now(), wait: std::time::Duration::from_millis(10) }
    }

    /// Waits and says to try again, unless the patience is spent.
    pub(crate) fn try_again(&mut self) -> bool {
        if self.started.elapsed() >= READ_ONLY_OPEN_PATIENCE {
            return false;
        }
        std::thread::sleep(self.wait);
        self.wait = (self.wait * 2).min(std::time::Duration::from_millis(200));
        true
    }
}

/// Whether RocksDB's error says files are missing or unreadable, which is
/// damage unless a writer replaced them meanwhile.
fn is_damage(error: &StorageError) -> bool {
    let message = error.to_string();
    message.contains("Corruption")
        || message.contains("No such file")
        || message.contains("not found")
        || message.contains("IO error")
}

/// Whether a read-only open met a database oxigraph has not set up yet.
fn is_unfinished(error: &StorageError) -> bool {
    error.to_string().contains("only possible on read-write")
}

/// A RocksDB error met while opening, as damage when it is.
fn damaged_or(path: &Path, error: StorageError) -> StoreError {
    if (is_damage(&error) || is_unfinished(&error)) && !is_lock_error(&error) {
        StoreError::Damaged { path: path.to_path_buf(), reason: error.to_string() }
    } else {
        error.into()
    }
}

/// A folder holding a store's files without the `CURRENT` file that names
/// its manifest is a damaged store, not an empty folder.
fn check_store_files(path: &Path) -> Result<(), StoreError> {
    if path.join("CURRENT").exists() || !path.is_dir() {
        return Ok(());
    }
    let mut leftovers = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("MANIFEST-")
            || (name.ends_with(".sst") && !name.starts_with("bulk-"))
            || name.starts_with("OPTIONS-")
        {
            leftovers.push(name);
        }
    }
    // A store being created has its first MANIFEST before its CURRENT.
    if leftovers.is_empty() || lock_is_held(&path.join("LOCK")) {
        return Ok(());
    }
    leftovers.sort();
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        reason: format!(
            "its CURRENT file is missing, though it holds {} ({} database file{})",
            leftovers[0],
            leftovers.len(),
            if leftovers.len() == 1 { "" } else { "s" }
        ),
    })
}

/// Whether another process holds RocksDB's lock on `lock` (an `fcntl`
/// write lock), that is, whether a writer has the store open.
#[cfg(unix)]
fn lock_is_held(lock: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(lock) else { return false };
    // SAFETY: `flock` is plain data, zeroed then filled in; F_GETLK only
    // reads the descriptor, which `file` keeps open for the call.
    unsafe {
        let mut probe: libc::flock = std::mem::zeroed();
        probe.l_type = libc::F_WRLCK as libc::c_short;
        probe.l_whence = libc::SEEK_SET as libc::c_short;
        if libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut probe) != 0 {
            return false;
        }
        probe.l_type != libc::F_UNLCK as libc::c_short
    }
}

#[cfg(not(unix))]
fn lock_is_held(_lock: &Path) -> bool {
    false
}

/// A batch being written when its process was killed leaves its table files
/// (`bulk-….sst`) behind, never ingested: RocksDB does not know them, so they
/// would only take disk space. Only the process holding the store's lock
/// writes them, and that is now this one.
fn remove_unfinished_batches(path: &Path) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Adds articles that are not in the store yet, many at a time: the
/// articles pushed since the last [`BatchWriter::commit`] become part of the
/// store together or not at all.
///
/// Articles are gathered into runs of about [`RUN_QUADS`] quads. oxigraph's
/// bulk loader turns each run (with the default-graph copies of its quads)
/// into sorted table files on a thread of its own while the next run fills,
/// and a commit hands every file written since the last one to RocksDB in one
/// atomic ingestion. That skips the write-ahead log and the memtables, where
/// a build spent most of its time and memory with one transaction per
/// article, and a kill leaves either every article of a commit or none.
///
/// Runs bound the memory; commits bound what a kill loses. Each ingestion
/// puts one file per index into RocksDB's first level, and every index is
/// then rewritten whole by a compaction (article IRIs are hashed, so new keys
/// fall all over the old ones): the fewer commits, the fewer rewrites of an
/// ever larger store. Files of several runs ingested together are merged in
/// one compaction.
///
/// Dropped without a commit, it deletes the files it wrote.
pub struct BatchWriter<'a> {
    store: &'a Store,
    loader: Option<BulkLoader<'a>>,
    run: Vec<Quad>,
    documents: usize,
}

/// Quads in one run of the bulk loader, default-graph copies included:
/// about 1,700 generated articles, a few hundred megabytes while encoded.
pub const RUN_QUADS: usize = 250_000;

impl BatchWriter<'_> {
    /// Adds one article (all its quads in `graph`).
    pub fn push(&mut self, graph: &NamedNode, mut quads: Vec<Quad>) -> Result<(), StoreError> {
        check_in_graph(graph, &quads)?;
        self.run.append(&mut quads);
        self.documents += 1;
        if 2 * self.run.len() >= RUN_QUADS {
            self.write_run()?;
        }
        Ok(())
    }

    /// Articles pushed since the last commit.
    pub fn len(&self) -> usize {
        self.documents
    }

    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }

    /// Makes every article pushed since the last commit part of the store.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        self.write_run()?;
        if let Some(loader) = self.loader.take() {
            loader.commit()?;
        }
        self.documents = 0;
        Ok(())
    }

    /// Starts writing the run's table files; this waits only for the run
    /// before it.
    fn write_run(&mut self) -> Result<(), StoreError> {
        if self.run.is_empty() {
            return Ok(());
        }
        let inner = &self.store.inner;
        let loader = self.loader.get_or_insert_with(|| {
            // oxigraph cuts its input into runs of 1,000 quads per megabyte;
            // the margin keeps a run that ends on a long article whole.
            inner
                .bulk_loader()
                .with_num_threads(1)
                .with_max_memory_size_in_megabytes((RUN_QUADS + RUN_QUADS / 4) / 1000)
        });
        loader.load_quads(with_default_graph_copies(std::mem::take(&mut self.run)))?;
        Ok(())
    }
}

/// Each quad preceded by the same triple in the default graph, which the
/// store keeps equal to the union of the named graphs.
fn with_default_graph_copies(quads: Vec<Quad>) -> impl Iterator<Item = Quad> {
    quads.into_iter().flat_map(|quad| {
        let copy =
            Quad::new(quad.subject.clone(), quad.predicate.clone(), quad.object.clone(), GraphName::DefaultGraph);
        [copy, quad]
    })
}

/// The article graphs of one input: those whose document has `gy:sourcePath
/// source_key`, and a graph an older gyoryu wrote for its `gy:sourceFile`
/// (named after the content hash alone), which the input's new graph
/// replaces.
fn graphs_of_source(
    transaction: &Transaction<'_>,
    source_key: &str,
    source_file: Option<&str>,
) -> Result<HashSet<NamedOrBlankNode>, StoreError> {
    let key_literal = Literal::new_simple_literal(source_key);
    let mut graphs = HashSet::new();
    for quad in transaction.quads_for_pattern(None, Some(vocab::SOURCE_PATH), Some(key_literal.as_ref().into()), None) {
        match quad?.graph_name {
            GraphName::NamedNode(name) if name.as_str() != vocab::ONTOLOGY_GRAPH => {
                graphs.insert(NamedOrBlankNode::NamedNode(name));
            }
            GraphName::BlankNode(name) => {
                graphs.insert(NamedOrBlankNode::BlankNode(name));
            }
            _ => {}
        }
    }
    let Some(source_file) = source_file else { return Ok(graphs) };
    let file_literal = Literal::new_simple_literal(source_file);
    for quad in transaction.quads_for_pattern(None, Some(vocab::SOURCE_FILE), Some(file_literal.as_ref().into()), None)
    {
        let GraphName::NamedNode(name) = quad?.graph_name else { continue };
        let subject = NamedOrBlankNode::NamedNode(name.clone());
        let hash = transaction
            .quads_for_pattern(Some(subject.as_ref()), Some(vocab::CONTENT_HASH), None, Some(name.as_ref().into()))
            .next()
            .transpose()?;
        if let Some(Quad { object: Term::Literal(hash), .. }) = hash {
            if name.as_str() == gyoryu_graph::rdf::legacy_document_iri(hash.value()) {
                graphs.insert(NamedOrBlankNode::NamedNode(name));
            }
        }
    }
    Ok(graphs)
}

/// The value of the first literal `predicate` has among `quads`.
fn literal_value(quads: &[Quad], predicate: NamedNodeRef<'_>) -> Option<String> {
    quads.iter().find(|quad| quad.predicate.as_ref() == predicate).and_then(|quad| match &quad.object {
        Term::Literal(literal) => Some(literal.value().to_owned()),
        _ => None,
    })
}

/// A named graph other than the ontology's: an article.
pub(crate) fn is_document_graph(graph: GraphNameRef<'_>) -> bool {
    vocab::is_article_graph(graph)
}

/// RocksDB reports a held lock as an I/O error naming the LOCK file, worded
/// differently when the holder is another process ("While lock file") or this
/// one ("lock hold by current process").
fn is_lock_error(error: &StorageError) -> bool {
    let message = error.to_string();
    message.contains("/LOCK")
        || message.contains("\\LOCK")
        || message.contains("lock hold by current process")
        || message.contains("While lock file")
}

/// The export writers read a store on disk in its index order (by the
/// encoded terms, hashes of their text, so the same contents read the same
/// however they were loaded); a store in memory keeps insertion order, so
/// its matches are sorted by text first.
impl QuadSource for Store {
    fn quads_matching(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Quads<'_>, StorageError> {
        let quads = self.inner.quads_for_pattern(subject, predicate, object, graph);
        if self.path.is_some() {
            return Ok(Box::new(quads));
        }
        let mut quads = quads.collect::<Result<Vec<Quad>, _>>()?;
        quads.sort_by_cached_key(|quad| {
            (quad.graph_name.to_string(), quad.subject.to_string(), quad.predicate.to_string(), quad.object.to_string())
        });
        Ok(Box::new(quads.into_iter().map(Ok)))
    }

    fn named_graphs(&self) -> Result<GraphNames<'_>, StorageError> {
        let graphs = self.inner.named_graphs();
        if self.path.is_some() {
            return Ok(Box::new(graphs));
        }
        let mut graphs = graphs.collect::<Result<Vec<_>, _>>()?;
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(Box::new(graphs.into_iter().map(Ok)))
    }

    fn contains(&self, quad: QuadRef<'_>) -> Result<bool, StorageError> {
        self.inner.contains(quad)
    }
}

#[cfg(test)]
mod tests;
