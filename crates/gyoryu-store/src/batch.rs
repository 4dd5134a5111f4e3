//! New articles many at a time, through oxigraph's bulk loader: see
//! [`BatchWriter`].

use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::BulkLoader;

use crate::write::check_in_graph;
use crate::{Store, StoreError};

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

impl<'a> BatchWriter<'a> {
    pub(crate) fn new(store: &'a Store) -> Self {
        BatchWriter { store, loader: None, run: Vec::new(), documents: 0 }
    }

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
