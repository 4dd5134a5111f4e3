//! The embedded RDF store of gyoryu, and everything that reads it back out.
//!
//! * [`Store`] wraps an oxigraph store (RocksDB on disk, or in memory). Each
//!   article lives in a named graph of its own, so re-ingesting an article is
//!   one transaction that drops its old graph and writes the new one
//!   ([`Store::replace_document`]).
//! * The default graph is kept equal to the set union of all article graphs
//!   and the ontology, in the same transaction as each article's write, so
//!   [`Store::query`] runs SPARQL natively on it and users never write
//!   `GRAPH` clauses; [`results`] prints the answers as a table, CSV, TSV,
//!   JSON or XML.
//! * [`export`] writes the whole store as Turtle, N-Triples, N-Quads, TriG,
//!   GraphML or GEXF behind one [`GraphWriter`] trait.
//! * [`Store::check`] verifies that every article graph still has the shape
//!   `build` writes ([`CheckReport`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term,
    Triple, TripleRef,
};
use oxigraph::sparql::{SparqlEvaluator, Variable};
use oxigraph::store::{BulkLoader, LoaderError, StorageError, Transaction};

mod check;
pub mod export;
pub mod results;

pub use check::CheckReport;
/// The RDF terms the store's API takes, so callers need no oxigraph of their own.
pub use oxigraph::model::{NamedNode as GraphIri, Quad as StoreQuad};

pub use export::{writer, writer_with_ontology, ExportFormat, GraphWriter};
pub use results::{write_answer, ResultFormat};

/// Everything that can go wrong while using the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// RocksDB allows one writer per folder; a second `gyoryu` process (or a
    /// second open in this one) finds its LOCK file taken.
    #[error("store {} is in use by another process", path.display())]
    InUse { path: PathBuf },
    #[error("no store at {}: run `gyoryu build` first", path.display())]
    NotAStore { path: PathBuf },
    #[error("store error: {0}")]
    Storage(#[from] StorageError),
    #[error("invalid SPARQL query: {0}")]
    Query(String),
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    #[error("could not load RDF: {0}")]
    Load(#[from] LoaderError),
    /// A caller handed `replace_document` quads that do not belong in the
    /// document's graph; writing them would leak facts outside the article.
    #[error("quad {quad} is not in the document graph {graph}")]
    QuadOutsideGraph { graph: String, quad: String },
    #[error("unknown format {given:?}; expected one of {expected}")]
    UnknownFormat {
        given: String,
        expected: &'static str,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
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

/// A query's answer, read in full so it can be printed in any format.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryAnswer {
    /// SELECT: each row has one entry per variable, `None` where unbound.
    Solutions {
        variables: Vec<Variable>,
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// The gyoryu RDF store.
#[derive(Clone)]
pub struct Store {
    inner: oxigraph::store::Store,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if missing) the RocksDB store in `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        std::fs::create_dir_all(path)?;
        match oxigraph::store::Store::open(path) {
            Ok(inner) => {
                remove_unfinished_batches(path)?;
                let store = Store {
                    inner,
                    path: Some(path.to_path_buf()),
                };
                store.fill_default_graph_of_old_layout()?;
                Ok(store)
            }
            Err(error) if is_lock_error(&error) => Err(StoreError::InUse {
                path: path.to_path_buf(),
            }),
            Err(error) => Err(error.into()),
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
        let in_default = self.inner.contains(QuadRef::new(&sample.subject, &sample.predicate, &sample.object, GraphNameRef::DefaultGraph))?;
        if in_default {
            return Ok(());
        }
        let mut transaction = self.inner.start_transaction()?;
        let named: Vec<Quad> = transaction
            .quads_for_pattern(None, None, None, None)
            .collect::<Result<_, _>>()?;
        for quad in &named {
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
        }
        transaction.commit()?;
        Ok(())
    }

    /// Opens an existing on-disk store for reading only. Readers take no lock,
    /// so any number of queries and exports can run at once; what they see is
    /// the store as it was when they opened it.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path: path.to_path_buf() });
        }
        Ok(Store {
            inner: oxigraph::store::Store::open_read_only(path)?,
            path: Some(path.to_path_buf()),
        })
    }

    /// A store that lives only as long as this value; for tests and one-off runs.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Store {
            inner: oxigraph::store::Store::new()?,
            path: None,
        })
    }

    /// The folder of an on-disk store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The oxigraph store underneath, for anything this API does not cover.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Makes `quads` (all in `graph`) the only facts stored for `source_id`.
    ///
    /// In one transaction: every graph whose document has `gy:sourceFile
    /// source_id` is removed, the new quads are written, and the default
    /// graph follows (see [`Store::query`]). When the store already holds
    /// exactly these quads in `graph` under the same content hash, nothing is
    /// written and [`ReplaceOutcome::Unchanged`] is returned. The quads are
    /// compared as well as the hash so that a newer extractor's output for an
    /// unchanged article still reaches the store.
    pub fn replace_document(
        &self,
        source_id: &str,
        graph: &NamedNode,
        quads: &[Quad],
    ) -> Result<ReplaceOutcome, StoreError> {
        check_in_graph(graph, quads)?;
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
        let old_graphs = graphs_of_source(&transaction, source_id)?;
        let only_this_graph = old_graphs.len() == 1
            && old_graphs.contains(&NamedOrBlankNode::NamedNode(graph.clone()));
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
        Ok(if old_graphs.is_empty() {
            ReplaceOutcome::Added
        } else {
            ReplaceOutcome::Replaced
        })
    }

    /// Whether some article with `gy:sourceFile source_id` is stored.
    pub fn holds_source(&self, source_id: &str) -> Result<bool, StoreError> {
        let source_literal = Literal::new_simple_literal(source_id);
        for quad in self.inner.quads_for_pattern(
            None,
            Some(vocab::SOURCE_FILE),
            Some(source_literal.as_ref().into()),
            None,
        ) {
            if is_document_graph(quad?.graph_name.as_ref()) {
                return Ok(true);
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

    /// Removes every graph of the article `source_id`; false if there was none.
    pub fn remove_document(&self, source_id: &str) -> Result<bool, StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        let old_graphs = graphs_of_source(&transaction, source_id)?;
        if old_graphs.is_empty() {
            return Ok(false);
        }
        swap_graphs(&mut transaction, &old_graphs, &[])?;
        transaction.commit()?;
        Ok(true)
    }

    /// Whether any article with this content hash is stored: lets ingestion
    /// skip extraction for articles it has already seen. A document's graph
    /// is named after its hash, so a hit is one key look-up with no term to
    /// decode, which keeps re-running `build` on unchanged inputs cheap.
    pub fn has_content_hash(&self, hash: &str) -> Result<bool, StoreError> {
        let hash_literal = Literal::new_simple_literal(hash);
        let graph = gyoryu_graph::rdf::document_iri(hash);
        if self.inner.contains(QuadRef::new(
            &graph,
            vocab::CONTENT_HASH,
            &hash_literal,
            &graph,
        ))? {
            return Ok(true);
        }
        // Graphs named otherwise (hand-made or older stores); a miss here
        // finds nothing to decode and costs one seek.
        Ok(self
            .inner
            .quads_for_pattern(
                None,
                Some(vocab::CONTENT_HASH),
                Some(hash_literal.as_ref().into()),
                Some(GraphNameRef::DefaultGraph),
            )
            .next()
            .transpose()?
            .is_some())
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
        for quad in self
            .inner
            .quads_for_pattern(None, None, None, Some(ontology.into()))
        {
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
        self.count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/gyoryu/ontology>) }")
    }

    /// Number of triples in the ontology graph.
    pub fn ontology_triple_count(&self) -> Result<usize, StoreError> {
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        Ok(self
            .inner
            .quads_for_pattern(None, None, None, Some(ontology.into()))
            .count())
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
        for quad in self.inner.quads_for_pattern(
            Some(triple.subject),
            Some(triple.predicate),
            Some(triple.object),
            None,
        ) {
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
            if !matches!(&graph, NamedOrBlankNode::NamedNode(name) if name.as_str() == vocab::ONTOLOGY_GRAPH)
            {
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
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, namespace) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, namespace)
                .expect("the vocabulary prefixes are valid IRIs");
        }
        let prepared = evaluator
            .parse_query(sparql)
            .map_err(|error| StoreError::Query(gyoryu_graph::sparql::explain_parse_error(sparql, &error.to_string())))?;
        let evaluation = |error: oxigraph::sparql::QueryEvaluationError| {
            StoreError::Evaluation(error.to_string())
        };
        let results = prepared.on_store(&self.inner).execute().map_err(evaluation)?;
        Ok(match results {
            oxigraph::sparql::QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|variable| solution.get(variable).cloned())
                            .collect(),
                    );
                }
                QueryAnswer::Solutions { variables, rows }
            }
            oxigraph::sparql::QueryResults::Boolean(value) => QueryAnswer::Boolean(value),
            oxigraph::sparql::QueryResults::Graph(triples) => {
                QueryAnswer::Graph(triples.collect::<Result<_, _>>().map_err(evaluation)?)
            }
        })
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
        return Err(StoreError::QuadOutsideGraph {
            graph: graph.to_string(),
            quad: stray.to_string(),
        });
    }
    Ok(())
}

/// Whether `graph` holds exactly `quads` (all of them in `graph`).
fn graph_holds_exactly(
    transaction: &Transaction<'_>,
    graph: &NamedNode,
    quads: &[Quad],
) -> Result<bool, StoreError> {
    let stored: HashSet<Quad> = transaction
        .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
        .collect::<Result<_, _>>()?;
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
        for quad in transaction.quads_for_pattern(
            Some(triple.subject),
            Some(triple.predicate),
            Some(triple.object),
            None,
        ) {
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
        let copy = Quad::new(quad.subject.clone(), quad.predicate.clone(), quad.object.clone(), GraphName::DefaultGraph);
        [copy, quad]
    })
}

fn graphs_of_source(
    transaction: &oxigraph::store::Transaction<'_>,
    source_id: &str,
) -> Result<HashSet<NamedOrBlankNode>, StoreError> {
    let source_literal = Literal::new_simple_literal(source_id);
    let mut graphs = HashSet::new();
    for quad in transaction.quads_for_pattern(
        None,
        Some(vocab::SOURCE_FILE),
        Some(source_literal.as_ref().into()),
        None,
    ) {
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
    Ok(graphs)
}

/// A named graph other than the ontology's: an article.
pub(crate) fn is_document_graph(graph: GraphNameRef<'_>) -> bool {
    !graph.is_default_graph() && !is_ontology_graph(graph)
}

pub(crate) fn is_ontology_graph(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(name) if name.as_str() == vocab::ONTOLOGY_GRAPH)
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

#[cfg(test)]
mod tests;
