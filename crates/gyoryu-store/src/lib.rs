//! The embedded RDF store of gyoryu, and everything that reads it back out.
//!
//! * [`Store`] wraps an oxigraph store (RocksDB on disk, or in memory). Each
//!   article lives in a named graph of its own, so re-ingesting an article is
//!   one transaction that drops its old graph and writes the new one
//!   ([`Store::replace_document`]).
//! * [`Store::query`] runs SPARQL with the default graph set to the union of
//!   all graphs, so users never write `GRAPH` clauses; [`results`] prints the
//!   answers as a table, CSV, TSV, JSON or XML.
//! * [`export`] writes the whole store as Turtle, N-Triples, N-Quads, TriG,
//!   GraphML or GEXF behind one [`GraphWriter`] trait.
//! * [`Store::check`] verifies that every article graph still has the shape
//!   `build` writes ([`CheckReport`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};
use oxigraph::sparql::{SparqlEvaluator, Variable};
use oxigraph::store::{LoaderError, StorageError};

mod check;
pub mod export;
pub mod results;
mod union;

pub use check::CheckReport;

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
            Ok(inner) => Ok(Store {
                inner,
                path: Some(path.to_path_buf()),
            }),
            Err(error) if is_lock_error(&error) => Err(StoreError::InUse {
                path: path.to_path_buf(),
            }),
            Err(error) => Err(error.into()),
        }
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
    /// source_id` is removed and the new quads are written. When the store
    /// already holds exactly these quads in `graph` under the same content hash,
    /// nothing is written and [`ReplaceOutcome::Unchanged`] is returned. The
    /// quads are compared as well as the hash so that a newer extractor's
    /// output for an unchanged article still reaches the store.
    pub fn replace_document(
        &self,
        source_id: &str,
        graph: &NamedNode,
        quads: &[Quad],
    ) -> Result<ReplaceOutcome, StoreError> {
        let graph_name = GraphName::NamedNode(graph.clone());
        if let Some(stray) = quads.iter().find(|quad| quad.graph_name != graph_name) {
            return Err(StoreError::QuadOutsideGraph {
                graph: graph.to_string(),
                quad: stray.to_string(),
            });
        }
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
                if same_hash {
                    let stored: HashSet<Quad> = transaction
                        .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                        .collect::<Result<_, _>>()?;
                    let incoming: HashSet<&Quad> = quads.iter().collect();
                    if stored.len() == incoming.len()
                        && stored.iter().all(|quad| incoming.contains(quad))
                    {
                        return Ok(ReplaceOutcome::Unchanged);
                    }
                }
            }
        }

        for old in &old_graphs {
            transaction.remove_named_graph(old)?;
        }
        for quad in quads {
            transaction.insert(quad);
        }
        transaction.commit()?;
        Ok(if old_graphs.is_empty() {
            ReplaceOutcome::Added
        } else {
            ReplaceOutcome::Replaced
        })
    }

    /// Removes every graph of the article `source_id`; false if there was none.
    pub fn remove_document(&self, source_id: &str) -> Result<bool, StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        let old_graphs = graphs_of_source(&transaction, source_id)?;
        if old_graphs.is_empty() {
            return Ok(false);
        }
        for old in &old_graphs {
            transaction.remove_named_graph(old)?;
        }
        transaction.commit()?;
        Ok(true)
    }

    /// Whether any article with this content hash is stored: lets ingestion
    /// skip extraction for articles it has already seen.
    pub fn has_content_hash(&self, hash: &str) -> Result<bool, StoreError> {
        let hash_literal = Literal::new_simple_literal(hash);
        Ok(self
            .inner
            .quads_for_pattern(
                None,
                Some(vocab::CONTENT_HASH),
                Some(hash_literal.as_ref().into()),
                None,
            )
            .next()
            .transpose()?
            .is_some())
    }

    /// The number of distinct `gy:Document`s.
    pub fn document_count(&self) -> Result<usize, StoreError> {
        let class = NamedNode::new_unchecked(vocab::class_iri("Document"));
        let mut documents = HashSet::new();
        for quad in self.inner.quads_for_pattern(
            None,
            Some(vocab::RDF_TYPE),
            Some(class.as_ref().into()),
            None,
        ) {
            let quad = quad?;
            if !is_ontology_graph(quad.graph_name.as_ref()) {
                documents.insert(quad.subject);
            }
        }
        Ok(documents.len())
    }

    /// Distinct triples over the union of all graphs except the ontology: an
    /// actor's type stated in five articles counts once.
    pub fn triple_count(&self) -> Result<usize, StoreError> {
        let mut triples = HashSet::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if !is_ontology_graph(quad.graph_name.as_ref()) {
                triples.insert(Triple::from(quad));
            }
        }
        Ok(triples.len())
    }

    /// Quads in every graph except the ontology (a triple counts once per article).
    pub fn quad_count(&self) -> Result<usize, StoreError> {
        let mut count = 0;
        for quad in self.inner.iter() {
            if !is_ontology_graph(quad?.graph_name.as_ref()) {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Number of triples in the ontology graph.
    pub fn ontology_triple_count(&self) -> Result<usize, StoreError> {
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        Ok(self
            .inner
            .quads_for_pattern(None, None, None, Some(ontology.into()))
            .count())
    }

    /// Replaces the ontology graph with the given Turtle; returns its triple count.
    pub fn load_ontology(&self, turtle: &str) -> Result<usize, StoreError> {
        let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let mut transaction = self.inner.start_transaction()?;
        transaction.clear_graph(ontology.as_ref())?;
        transaction.load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle).with_default_graph(ontology.clone()),
            turtle,
        )?;
        transaction.commit()?;
        self.ontology_triple_count()
    }

    /// Every quad in the store, the ontology graph included.
    pub fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        Ok(self.inner.iter().collect::<Result<_, _>>()?)
    }

    /// Every quad outside the ontology graph.
    pub fn article_quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if !is_ontology_graph(quad.graph_name.as_ref()) {
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
    /// Unless the query names its own dataset (`FROM`), the default graph is
    /// the set union of all graphs (the ontology included), so patterns match
    /// facts from every article without `GRAPH` clauses and a fact stated by
    /// several articles matches once. gyoryu's prefixes (`gy:`, `gyid:`,
    /// `rdfs:`, `skos:`, `xsd:`, `dcterms:`, `rdf:`) are predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, namespace) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(prefix, namespace)
                .expect("the vocabulary prefixes are valid IRIs");
        }
        let prepared = evaluator
            .parse_query(sparql)
            .map_err(|error| StoreError::Query(error.to_string()))?;
        let evaluation = |error: oxigraph::sparql::QueryEvaluationError| {
            StoreError::Evaluation(error.to_string())
        };
        let results = prepared
            .on_queryable_dataset(union::UnionView::new(&self.inner))
            .execute()
            .map_err(evaluation)?;
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
