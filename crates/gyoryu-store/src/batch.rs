//! New articles many at a time, through oxigraph's bulk loader: see
//! [`BatchWriter`].

use gyoryu_graph::vocab;
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::BulkLoader;

use crate::stats::{linked_actor, LinkCounts};
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
/// [`BatchWriter::finish`] commits the last articles together with the
/// event counts of the stats graph they change (see [`Store::refresh_statistics`]).
///
/// Dropped without a commit, it deletes the files it wrote.
pub struct BatchWriter<'a> {
    store: &'a Store,
    loader: Option<BulkLoader<'a>>,
    run: Vec<Quad>,
    documents: usize,
    /// Participant links per actor of the articles since the last commit.
    pending_links: LinkCounts,
    /// Whether a commit has handed table files to RocksDB.
    ingested: bool,
}

/// Below this many counts to write after an empty batch, a transaction
/// writes them: a bulk ingestion makes RocksDB compact the files it touches,
/// which costs more than a few thousand transactional writes.
const BULK_STATISTICS: usize = 10_000;

/// Quads in one run of the bulk loader, default-graph copies included:
/// about 1,700 generated articles, a few hundred megabytes while encoded.
pub const RUN_QUADS: usize = 250_000;

impl<'a> BatchWriter<'a> {
    pub(crate) fn new(store: &'a Store) -> Self {
        BatchWriter {
            store,
            loader: None,
            run: Vec::new(),
            documents: 0,
            pending_links: LinkCounts::new(),
            ingested: false,
        }
    }

    /// Adds one article (all its quads in `graph`).
    pub fn push(&mut self, graph: &NamedNode, mut quads: Vec<Quad>) -> Result<(), StoreError> {
        check_in_graph(graph, &quads)?;
        // An article's events are its own (their IRIs start with its
        // document's), so none of these links is stored yet.
        for quad in quads.iter().filter(|quad| quad.predicate == vocab::PARTICIPANT) {
            if let Some(actor) = linked_actor(&quad.object) {
                *self.pending_links.entry(actor).or_default() += 1;
            }
        }
        self.run.append(&mut quads);
        self.documents += 1;
        if 2 * self.run.len() >= RUN_QUADS {
            self.write_run()?;
        }
        Ok(())
    }

    /// Whether any commit so far wrote through the bulk loader: then
    /// [`Store::optimize`] is worth its time before the store is queried.
    pub fn ingested(&self) -> bool {
        self.ingested
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
            self.ingested = true;
        }
        self.documents = 0;
        self.pending_links.clear();
        Ok(())
    }

    /// Commits the articles pushed since the last commit and brings the event
    /// counts up to date with them; returns how many counts were written or
    /// removed. Counts that are no longer right are removed first, in a
    /// transaction of their own, so a kill between the two steps leaves
    /// counts missing (the next write puts them back), never wrong ones.
    pub fn finish(&mut self) -> Result<usize, StoreError> {
        let changes = self.store.statistics_changes(std::mem::take(&mut self.pending_links))?;
        let written = changes.len();
        if self.is_empty() && changes.add.len() < BULK_STATISTICS {
            return self.store.apply_statistics(changes);
        }
        if !changes.remove.is_empty() {
            let removals: Vec<_> = changes.remove.into_iter().map(crate::GraphChange::Delete).collect();
            self.store.apply_changes(&removals)?;
        }
        self.run.extend(changes.add);
        self.commit()?;
        Ok(written)
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
