//! The one path every command takes from inputs to a destination:
//!
//! ```text
//! documents(inputs, &IngestOptions) ─► run(documents, &Extractor, &mut dyn Sink)
//!   discover and read files,            in chunks: ask the sink which articles it
//!   one policy for skips and warnings   already holds, extract the others on every
//!                                       core, hand each article graph to the sink
//! ```
//!
//! A [`Sink`] is where article graphs go: the embedded store ([`StoreSink`],
//! with its batch writer and input cache), a remote SPARQL store
//! ([`EndpointSink`]), N-Quads on a stream ([`NQuadsSink`]) or a list of
//! extractions kept for printing or scoring ([`ExtractionsSink`]). `build`,
//! `load`, `extract` and `eval` differ only in their sink; `load` hands the
//! sinks graphs read from N-Quads instead of extracted ones.

mod collect;
mod endpoint;
mod input_cache;
mod nquads;
mod progress;
mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gyoryu_extract::Extractor;
use gyoryu_graph::rdf::{document_iri, extraction_to_quads};
use gyoryu_ingest::{IngestOptions, Input, SkipReason, Skipped, Warning};
use gyoryu_model::{Document, Extraction};
use oxigraph::model::{NamedNode, Quad};
use rayon::prelude::*;

pub use collect::ExtractionsSink;
pub use endpoint::{push_store, EndpointSink, PushReport};
pub use input_cache::InputCache;
pub use nquads::{load_nquads, NQuadsSink};
pub use progress::Progress;
pub use store::{StoreSink, DEFAULT_COMMIT_EVERY};

/// One article's graph on its way to a sink.
#[derive(Debug, Clone)]
pub struct Article {
    /// The article's named graph.
    pub graph: NamedNode,
    /// Its quads, all in `graph`.
    pub quads: Vec<Quad>,
    /// Its input's identity (`gy:sourcePath`).
    pub source: String,
    /// Its file name or record id (`gy:sourceFile`).
    pub source_file: String,
    pub content_hash: String,
    /// What the graph was made from; `None` for a graph read from N-Quads.
    pub extraction: Option<Extraction>,
}

impl Article {
    fn extracted(extraction: Extraction) -> Article {
        let (graph, quads) = extraction_to_quads(&extraction);
        let document = &extraction.document;
        Article {
            graph,
            quads,
            source: document.source.clone(),
            source_file: document.id.clone(),
            content_hash: document.content_hash.clone(),
            extraction: Some(extraction),
        }
    }

    /// The key a sink's [`Lookup`] is asked about.
    pub fn key(&self) -> ArticleKey {
        ArticleKey { graph: self.graph.clone(), source: self.source.clone(), content_hash: self.content_hash.clone() }
    }
}

/// An article as a sink is asked whether it holds it: the graph its content
/// is stored under, its input's identity and its content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleKey {
    pub graph: NamedNode,
    pub source: String,
    pub content_hash: String,
}

impl ArticleKey {
    fn of(document: &Document) -> ArticleKey {
        ArticleKey {
            graph: document_iri(&document.source, &document.content_hash),
            source: document.source.clone(),
            content_hash: document.content_hash.clone(),
        }
    }
}

/// What [`Sink::put`] did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// The article was not there before.
    Added,
    /// An older version of the article was replaced.
    Replaced,
    /// The sink already held exactly this version.
    Unchanged,
}

/// Where article graphs go.
///
/// [`run`] asks the sink's [`Lookup`] which articles it already holds (from
/// the reading threads, while the sink itself writes on another), then puts
/// every other article in input order, then finishes.
pub trait Sink: Send {
    /// A handle that answers "is this article stored?" on any thread.
    fn lookup(&self) -> Arc<dyn Lookup>;

    /// Makes the ontology's labels available where the articles go.
    fn load_ontology(&mut self, _turtle: &str) -> Result<(), SinkError> {
        Ok(())
    }

    fn put(&mut self, article: Article) -> Result<PutOutcome, SinkError>;

    /// Writes what is still waiting; called once, after the last article.
    fn finish(&mut self) -> Result<(), SinkError>;

    /// Where an input cache for this sink lives (see [`InputCache`]), if it keeps one.
    fn input_cache_path(&self) -> Option<PathBuf> {
        None
    }
}

/// Whether a sink holds articles, asked before they are extracted.
pub trait Lookup: Send + Sync {
    /// For each key, whether exactly this content is stored under its graph.
    /// The default asks one key at a time, on every core.
    fn stored(&self, keys: &[ArticleKey]) -> Result<Vec<bool>, SinkError> {
        keys.par_iter().map(|key| self.holds(key)).collect()
    }

    fn holds(&self, key: &ArticleKey) -> Result<bool, SinkError>;
}

/// A lookup for sinks that keep nothing between runs.
pub struct NothingStored;

impl Lookup for NothingStored {
    fn stored(&self, keys: &[ArticleKey]) -> Result<Vec<bool>, SinkError> {
        Ok(vec![false; keys.len()])
    }

    fn holds(&self, _key: &ArticleKey) -> Result<bool, SinkError> {
        Ok(false)
    }
}

/// Everything a sink can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error(transparent)]
    Store(#[from] gyoryu_store::StoreError),
    #[error(transparent)]
    Remote(#[from] gyoryu_remote::RemoteError),
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    #[error("the ontology does not parse: {0}")]
    Ontology(String),
}

/// Everything that stops a run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Ingest(#[from] gyoryu_ingest::IngestError),
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error("cannot load N-Quads: {0}")]
    Nquads(String),
}

/// How a run reads and hands over its articles.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Articles read, checked against the sink and extracted together (and
    /// files read together); bounds memory. 0 means the default, 256.
    pub batch_size: usize,
    /// A progress bar on standard error (for a terminal); without it, a
    /// plain line every ten seconds when `log` is set.
    pub progress: bool,
    pub log: bool,
    /// Set from outside (a Ctrl-C handler) to stop reading inputs: the
    /// articles already read are still extracted and handed over, so an
    /// interrupted run keeps all its work, and running again continues.
    pub stop: Option<Arc<AtomicBool>>,
}

impl RunOptions {
    fn batch_size(&self) -> usize {
        if self.batch_size == 0 {
            256
        } else {
            self.batch_size
        }
    }
}

/// What one run did.
#[derive(Debug, Default, Clone)]
pub struct RunReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    /// Files read with a warning (a few invalid bytes replaced).
    pub warnings: Vec<Warning>,
    pub actors: usize,
    pub events: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// The run was asked to stop ([`RunOptions::stop`]) before the last
    /// input: what was read is stored, the rest was not read.
    pub interrupted: bool,
}

impl RunReport {
    /// Articles met so far, stored or not.
    pub fn articles(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.skipped.len()
    }

    fn count(&mut self, outcome: PutOutcome) {
        match outcome {
            PutOutcome::Added => self.added += 1,
            PutOutcome::Replaced => self.replaced += 1,
            PutOutcome::Unchanged => self.unchanged += 1,
        }
    }

    /// The summary line a run prints, before where the articles went.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} added, {} replaced, {} unchanged, {} skipped{}; {} actors and {} events found; {:.1} MB in {:.1}s ({:.0} articles/s)",
            self.added,
            self.replaced,
            self.unchanged,
            self.skipped.len(),
            match self.warnings.len() {
                0 => String::new(),
                1 => ", 1 file with a warning".to_string(),
                n => format!(", {n} files with warnings"),
            },
            self.actors,
            self.events,
            self.bytes as f64 / 1e6,
            secs,
            (self.added + self.replaced + self.unchanged) as f64 / secs,
        )
    }
}

/// The articles of a run's inputs, not yet read: the files found under the
/// inputs, in order, with the ingest options to read them with.
pub struct Documents {
    files: Vec<Input>,
    /// Files whose identity an earlier file of the run has (the same relative
    /// path under two arguments), by position, with the path of the first:
    /// each is skipped with both named, instead of one replacing the other.
    duplicates: HashMap<usize, String>,
    options: IngestOptions,
}

/// Finds the files under `inputs` (files, folders, globs); reading them is
/// left to [`run`], a chunk at a time.
pub fn documents(inputs: &[PathBuf], options: &IngestOptions) -> Result<Documents, gyoryu_ingest::IngestError> {
    let files = gyoryu_ingest::discover_inputs(inputs)?;
    let mut first: HashMap<&str, &Path> = HashMap::new();
    let mut duplicates = HashMap::new();
    for (index, input) in files.iter().enumerate() {
        match first.get(input.key.as_str()) {
            Some(path) => {
                duplicates.insert(index, path.display().to_string());
            }
            None => {
                first.insert(&input.key, &input.path);
            }
        }
    }
    Ok(Documents { duplicates, files, options: *options })
}

impl Documents {
    /// The bytes to read, for a progress bar.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum()
    }

    /// Reads one file: its articles, or a skip for each input that gave
    /// none, and its warnings. A file the input cache knows to be stored
    /// whole is not decoded again.
    fn read(&self, index: usize, cache: Option<&InputCache>) -> FileRead {
        let input = &self.files[index];
        let path = &input.path;
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut read = FileRead { bytes, items: Vec::new(), warnings: Vec::new() };
        if let Some(first) = self.duplicates.get(&index) {
            let reason = SkipReason::DuplicateInput { key: input.key.clone(), first: first.clone() };
            read.items.push(Item::Skip(Skipped { source: path.display().to_string(), reason }));
            return read;
        }
        // The bytes read for the fingerprint are the ones decoded: a file is read once.
        let (fingerprint, (docs, warnings)) = match cache.and_then(|cache| cache.read(path, &input.key, bytes)) {
            Some((fingerprint, raw)) => {
                if let Some(unchanged) = cache.and_then(|cache| cache.unchanged(fingerprint)) {
                    read.items.extend((0..unchanged).map(|_| Item::Unchanged));
                    return read;
                }
                (Some(fingerprint), gyoryu_ingest::read_input_bytes(path, &input.key, &raw, &self.options))
            }
            None => (None, gyoryu_ingest::read_input(path, &input.key, &self.options)),
        };
        // A file with a warning is read again next time, so the warning is
        // not heard only once.
        if let (Some(cache), Some(fingerprint)) = (cache, fingerprint.filter(|_| warnings.is_empty())) {
            cache.remember(fingerprint, &docs);
        }
        read.warnings = warnings;
        read.items = docs
            .into_iter()
            .map(|doc| match doc {
                Ok(doc) => Item::Document(Box::new(doc)),
                Err(skip) => Item::Skip(skip),
            })
            .collect();
        read
    }
}

/// One file as read, then extracted: what the sink is handed, in order.
struct FileRead {
    bytes: u64,
    items: Vec<Item>,
    warnings: Vec<Warning>,
}

enum Item {
    Skip(Skipped),
    /// Stored already, with the same content: not extracted.
    Unchanged,
    Document(Box<Document>),
    Article(Box<Article>),
}

/// Reads `documents` a chunk at a time, extracts on every core the articles
/// `sink` does not hold yet, and hands their graphs to `sink` in input order
/// on a thread of its own, so the sink's work overlaps extraction. Inputs
/// that give no article are counted in the report, never fatal; a sink
/// error is.
pub fn run(
    documents: Documents,
    extractor: &Extractor,
    sink: &mut dyn Sink,
    options: &RunOptions,
) -> Result<RunReport, PipelineError> {
    let started = Instant::now();
    let progress = Progress::new(options.progress, options.log, documents.total_bytes());
    let lookup = sink.lookup();
    let cache = sink.input_cache_path().map(|path| InputCache::load(path, &documents.options, Arc::clone(&lookup)));
    let batch_size = options.batch_size();
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<FileRead>>(2);
    let mut interrupted = false;
    let mut report = std::thread::scope(|scope| -> Result<RunReport, PipelineError> {
        let writer = scope.spawn(|| -> Result<RunReport, SinkError> {
            let mut report = RunReport::default();
            for files in receiver {
                for file in files {
                    hand_over(file, sink, &mut report, &progress)?;
                    progress.show(&report, started);
                }
            }
            sink.finish()?;
            Ok(report)
        });
        let mut failed = None;
        let files = documents.files.len();
        for start in (0..files).step_by(batch_size) {
            if options.stop.as_ref().is_some_and(|stop| stop.load(Ordering::Relaxed)) {
                interrupted = true;
                break;
            }
            let mut files: Vec<FileRead> = (start..files.min(start + batch_size))
                .into_par_iter()
                .map(|index| documents.read(index, cache.as_ref()))
                .collect();
            if let Err(error) = extract_new(&mut files, extractor, lookup.as_ref(), batch_size) {
                failed = Some(error);
                break;
            }
            // The writer only hangs up when it failed; its error is returned below.
            if sender.send(files).is_err() {
                break;
            }
        }
        drop(sender);
        let report = writer.join().expect("the writer thread does not panic")?;
        match failed {
            Some(error) => Err(error.into()),
            None => Ok(report),
        }
    })?;
    progress.finish();
    // Only a speed-up for the next run: failing to save it loses nothing.
    if let Some(cache) = cache {
        let _ = cache.save();
    }
    report.elapsed = started.elapsed();
    report.interrupted = interrupted;
    Ok(report)
}

/// Replaces each document of `files` by its article graph, or by
/// [`Item::Unchanged`] when the sink holds it: one look-up and one parallel
/// extraction per `batch_size` documents.
fn extract_new(
    files: &mut [FileRead],
    extractor: &Extractor,
    lookup: &dyn Lookup,
    batch_size: usize,
) -> Result<(), SinkError> {
    let mut documents: Vec<&mut Item> = files
        .iter_mut()
        .flat_map(|file| file.items.iter_mut())
        .filter(|item| matches!(item, Item::Document(_)))
        .collect();
    for group in documents.chunks_mut(batch_size) {
        let keys: Vec<ArticleKey> = group
            .iter()
            .map(|item| match &**item {
                Item::Document(document) => ArticleKey::of(document),
                _ => unreachable!("only documents are gathered"),
            })
            .collect();
        let stored = lookup.stored(&keys)?;
        group.par_iter_mut().zip(stored).for_each(|(item, stored)| {
            let Item::Document(document) = std::mem::replace(&mut **item, Item::Unchanged) else {
                unreachable!("only documents are gathered")
            };
            if !stored {
                **item = Item::Article(Box::new(Article::extracted(extractor.extract(&document))));
            }
        });
    }
    Ok(())
}

/// Hands one file's articles to the sink, counting everything in `report`.
fn hand_over(
    file: FileRead,
    sink: &mut dyn Sink,
    report: &mut RunReport,
    progress: &Progress,
) -> Result<(), SinkError> {
    report.bytes += file.bytes;
    progress.advance(file.bytes);
    for warning in file.warnings {
        progress.print(&format!("warning: {warning}"));
        report.warnings.push(warning);
    }
    for item in file.items {
        match item {
            Item::Skip(skip) => {
                progress.print(&format!("skipped {skip}"));
                report.skipped.push(skip);
            }
            Item::Unchanged | Item::Document(_) => report.unchanged += 1,
            Item::Article(article) => {
                if let Some(extraction) = &article.extraction {
                    report.actors += extraction.actors.len();
                    report.events += extraction.events.len();
                }
                let outcome = sink.put(*article)?;
                report.count(outcome);
            }
        }
    }
    Ok(())
}
