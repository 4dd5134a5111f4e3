//! The embedded store as a [`Sink`]: new articles are gathered and written
//! in large atomic batches, changed ones replace their old graph in a
//! transaction of their own, and an input cache beside the database saves
//! re-reading unchanged files.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use gyoryu_store::{BatchWriter, ReplaceOutcome, Store, StoreError};
use oxigraph::model::{NamedNode, Quad};

use super::{Article, ArticleKey, Lookup, PutOutcome, Sink, SinkError};

/// Articles per atomic write, at least, unless the caller says otherwise. A
/// batch waits as table files on disk, not in memory, so its size only
/// weighs what a kill loses: on 100,000 articles batches of 20,000 took a
/// quarter less CPU than batches of 2,000.
pub const DEFAULT_COMMIT_EVERY: usize = 20_000;

/// A batch of new articles is at least this fraction (1/n) of the articles
/// already stored.
const BATCH_SHARE_OF_STORE: usize = 2;

/// The file beside the database that remembers what earlier builds read.
const INPUT_CACHE: &str = "gyoryu-inputs.tsv";

/// Writes articles into the embedded store.
///
/// New articles are added in batches of `commit_every` or more
/// ([`NewArticles::is_full`]), one atomic write per batch; an article whose
/// source is already stored (or waiting in the batch) goes through
/// [`Store::replace_document`], its own transaction, after the batch before
/// it is written. A kill therefore loses at most the batch in flight and
/// never leaves part of an article.
pub struct StoreSink<'a> {
    store: &'a Store,
    batch: NewArticles<'a>,
    /// Whether any article was added or replaced: only then can the event
    /// counts have changed.
    wrote: bool,
}

impl<'a> StoreSink<'a> {
    /// `commit_every`: new articles written in one atomic step at least (1:
    /// one transaction per article); steps grow with the store.
    pub fn new(store: &'a Store, commit_every: usize) -> Result<Self, StoreError> {
        Ok(StoreSink { store, batch: NewArticles::new(store, commit_every)?, wrote: false })
    }
}

impl Sink for StoreSink<'_> {
    fn lookup(&self) -> Arc<dyn Lookup> {
        Arc::new(StoreLookup(self.store.clone()))
    }

    fn load_ontology(&mut self, turtle: &str) -> Result<(), SinkError> {
        self.store.load_ontology(turtle)?;
        Ok(())
    }

    fn put(&mut self, article: Article) -> Result<PutOutcome, SinkError> {
        let batched = self.batch.commit_every > 1;
        if batched
            && !self.batch.holds(&article.source)
            && !self.store.holds_source(&article.source, &article.source_file)?
        {
            self.batch.push(&article.source, article.graph, article.quads)?;
            if self.batch.is_full() {
                self.batch.commit()?;
            }
            self.wrote = true;
            return Ok(PutOutcome::Added);
        }
        self.batch.commit()?;
        let outcome = match self.store.replace_document(&article.source, &article.graph, &article.quads)? {
            ReplaceOutcome::Added => PutOutcome::Added,
            ReplaceOutcome::Replaced => PutOutcome::Replaced,
            ReplaceOutcome::Unchanged => PutOutcome::Unchanged,
        };
        self.wrote |= outcome != PutOutcome::Unchanged;
        Ok(outcome)
    }

    /// Writes the last batch with the event counts brought up to date, has
    /// RocksDB merge what bulk writes left unmerged, and flushes, so that later readers (queries and exports open the store
    /// read-only and cannot flush) do not replay the write-ahead log.
    ///
    /// A build that changed nothing leaves the counts alone (counting every
    /// participant link again would double the time of an unchanged rerun),
    /// unless the store has none yet: one written by a gyoryu from before
    /// they were kept gets them on its next build.
    fn finish(&mut self) -> Result<(), SinkError> {
        if self.wrote || !self.store.has_statistics()? {
            self.batch.finish()?;
        } else {
            self.batch.commit()?;
        }
        // Bulk writes leave their tables unmerged (see `Store::optimize`);
        // one merge now is cheaper than every later query reading them all.
        if self.batch.batch.ingested() {
            self.store.optimize()?;
        }
        self.store.flush()?;
        Ok(())
    }

    fn input_cache_path(&self) -> Option<PathBuf> {
        self.store.path().map(|path| path.join(INPUT_CACHE))
    }
}

struct StoreLookup(Store);

impl Lookup for StoreLookup {
    fn holds(&self, key: &ArticleKey) -> Result<bool, SinkError> {
        Ok(self.0.has_document(&key.graph, &key.content_hash)?)
    }
}

/// New articles waiting to be written together.
struct NewArticles<'a> {
    sources: HashSet<String>,
    batch: BatchWriter<'a>,
    commit_every: usize,
    /// Articles in the store, as of the last commit.
    stored: usize,
}

impl<'a> NewArticles<'a> {
    fn new(store: &'a Store, commit_every: usize) -> Result<Self, StoreError> {
        let stored = store.document_count()?;
        Ok(NewArticles { sources: HashSet::new(), batch: store.batch_writer(), commit_every, stored })
    }

    /// Whether the batch is to be written now: once it has `commit_every`
    /// articles and half as many as the store holds. Each write makes
    /// RocksDB rewrite every index whole (see [`BatchWriter`]), so batches of
    /// a fixed size made a build's cost grow with the square of the store;
    /// batches that grow with it keep the rewrites to about three times the
    /// final store, whatever its size. They hold only table files waiting on
    /// disk, not memory.
    fn is_full(&self) -> bool {
        self.batch.len() >= self.commit_every.max(self.stored / BATCH_SHARE_OF_STORE)
    }

    /// Whether an article of `source` waits in the batch.
    fn holds(&self, source: &str) -> bool {
        self.sources.contains(source)
    }

    fn push(&mut self, source: &str, graph: NamedNode, quads: Vec<Quad>) -> Result<(), StoreError> {
        self.sources.insert(source.to_owned());
        self.batch.push(&graph, quads)
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.stored += self.batch.len();
        self.batch.commit()?;
        self.sources.clear();
        Ok(())
    }

    /// The last commit, with the event counts (see [`BatchWriter::finish`]).
    fn finish(&mut self) -> Result<(), StoreError> {
        self.stored += self.batch.len();
        self.batch.finish()?;
        self.sources.clear();
        Ok(())
    }
}
