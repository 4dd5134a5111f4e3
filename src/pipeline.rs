//! The `build` pipeline: read inputs, extract in parallel, store each article
//! in its own transaction.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gyoryu_extract::Extractor;
use gyoryu_graph::rdf::{document_id, document_iri, extraction_to_quads};
use gyoryu_ingest::{IngestOptions, SkipReason, Skipped, Warning};
use gyoryu_model::{Document, Extraction};
use gyoryu_store::{BatchWriter, ReplaceOutcome, Store, StoreError};
use indicatif::{ProgressBar, ProgressStyle};
use oxigraph::model::{NamedNode, Quad};
use rayon::prelude::*;

/// What one `build` run did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    /// Files stored with a warning (a few invalid bytes replaced).
    pub warnings: Vec<Warning>,
    pub actors: usize,
    pub events: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// The run was asked to stop ([`BuildOptions::stop`]) before the last
    /// input: what was read is stored, the rest was not read.
    pub interrupted: bool,
}

impl BuildReport {
    /// Articles met so far, stored or not.
    pub fn articles(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.skipped.len()
    }

    /// Counts a file's size and its warnings, each printed above the bar.
    pub(crate) fn read_file(&mut self, bar: &ProgressBar, bytes: u64, warnings: Vec<Warning>) {
        self.bytes += bytes;
        bar.inc(bytes);
        for warning in warnings {
            bar.suspend(|| eprintln!("warning: {warning}"));
            self.warnings.push(warning);
        }
    }

    /// Counts an input that gave no article, and prints why above the bar.
    pub(crate) fn skip(&mut self, bar: &ProgressBar, skip: Skipped) {
        bar.suspend(|| eprintln!("skipped {skip}"));
        self.skipped.push(skip);
    }

    /// The summary line `build` prints, before where the articles went.
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

pub struct BuildOptions {
    pub ingest: IngestOptions,
    /// Files extracted in parallel before they are handed to the writer; bounds memory.
    pub batch_size: usize,
    /// New articles written in one atomic step at least (1: one transaction
    /// per article); steps grow with the store (see [`NewArticles::is_full`]).
    /// Larger batches write faster; a kill loses at most one batch.
    pub commit_every: usize,
    pub progress: bool,
    /// Set from outside (a Ctrl-C handler) to stop reading inputs: the
    /// articles already read are still extracted and committed, so an
    /// interrupted run keeps all its work, and running again continues.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        // The environment variable lets tests and benchmarks choose the
        // batch without a flag users would have to understand.
        let commit_every = std::env::var("GYORYU_COMMIT_EVERY")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(DEFAULT_COMMIT_EVERY);
        BuildOptions { ingest: IngestOptions::default(), batch_size: 256, commit_every, progress: false, stop: None }
    }
}

/// Articles per atomic write, at least, when `GYORYU_COMMIT_EVERY` does not
/// say otherwise. A batch waits as table files on disk, not in memory, so
/// its size only weighs what a kill loses: on 100,000 articles batches of
/// 20,000 took a quarter less CPU than batches of 2,000.
pub const DEFAULT_COMMIT_EVERY: usize = 20_000;

/// A batch of new articles is at least this fraction (1/n) of the articles
/// already stored.
const BATCH_SHARE_OF_STORE: usize = 2;

/// One input file after reading and extraction: its size, its articles
/// (`None` when the article's content is already stored) and the warnings
/// about it.
type Extracted = (u64, Vec<Result<Option<Extraction>, Skipped>>, Vec<Warning>);

/// Ingests `inputs` into `store`. Files that cannot be read are reported in
/// the report, never fatal; a store error is.
///
/// Extraction runs on every core in chunks of `batch_size` files while one
/// writer thread stores the previous chunks, so the store's work overlaps
/// extraction instead of following it.
pub fn build(
    store: &Store,
    extractor: &Extractor,
    inputs: &[PathBuf],
    options: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let files = gyoryu_ingest::discover_inputs(inputs)?;
    let duplicates = duplicate_inputs(&files);
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let bar = progress_bar(options.progress, total_bytes, "{bytes}/{total_bytes} {bytes_per_sec}");

    let seen = InputCache::load(store, &options.ingest);
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Extracted>>(2);
    let mut interrupted = false;
    let mut report = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(store, receiver, options, &bar, started));
        let batch_size = options.batch_size.max(1);
        for (chunk_index, chunk) in files.chunks(batch_size).enumerate() {
            if options.stop.as_ref().is_some_and(|stop| stop.load(Ordering::Relaxed)) {
                interrupted = true;
                break;
            }
            let results: Vec<Extracted> = chunk
                .par_iter()
                .enumerate()
                .map(|(offset, input)| {
                    let path = &input.path;
                    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                    if let Some(first) = duplicates.get(&(chunk_index * batch_size + offset)) {
                        let reason = SkipReason::DuplicateInput { key: input.key.clone(), first: first.clone() };
                        return (bytes, vec![Err(Skipped { source: path.display().to_string(), reason })], Vec::new());
                    }
                    // The bytes read for the fingerprint are the ones decoded:
                    // a file is read once.
                    let (fingerprint, (docs, warnings)) = match seen.read(path, &input.key, bytes) {
                        Some((fingerprint, raw)) => {
                            if let Some(unchanged) = seen.unchanged(store, fingerprint) {
                                return (bytes, (0..unchanged).map(|_| Ok(None)).collect(), Vec::new());
                            }
                            (
                                Some(fingerprint),
                                gyoryu_ingest::read_input_bytes(path, &input.key, &raw, &options.ingest),
                            )
                        }
                        None => (None, gyoryu_ingest::read_input(path, &input.key, &options.ingest)),
                    };
                    // A file with a warning is read again next time, so the
                    // warning is not heard only once.
                    if let Some(fingerprint) = fingerprint.filter(|_| warnings.is_empty()) {
                        seen.remember(fingerprint, &docs);
                    }
                    let out =
                        docs.into_iter().map(|d| d.map(|doc| extract_unless_stored(store, extractor, doc))).collect();
                    (bytes, out, warnings)
                })
                .collect();
            // The writer only hangs up when it failed; its error is returned below.
            if sender.send(results).is_err() {
                break;
            }
        }
        drop(sender);
        writer.join().expect("the writer thread does not panic")
    })?;
    bar.finish_and_clear();
    // Flushed at the end so that later readers (queries and exports open the
    // store read-only and cannot flush) do not replay the write-ahead log.
    store.flush()?;
    // Only a speed-up for the next run: failing to save it loses nothing.
    let _ = seen.save(store);
    report.elapsed = started.elapsed();
    report.interrupted = interrupted;
    Ok(report)
}

/// The writer thread: stores extracted articles in input order.
///
/// New articles are gathered and added in batches of `commit_every` or more
/// ([`NewArticles::is_full`]), one atomic write per batch; an article whose
/// source is already stored (or waiting in the batch) goes through
/// [`Store::replace_document`], its own transaction, after the batch before it
/// is written. A kill therefore loses at most the batch in flight and never
/// leaves part of an article.
fn write_all(
    store: &Store,
    receiver: std::sync::mpsc::Receiver<Vec<Extracted>>,
    options: &BuildOptions,
    bar: &ProgressBar,
    started: Instant,
) -> Result<BuildReport, BuildError> {
    let mut report = BuildReport::default();
    let mut last_log = Instant::now();
    let mut batch = NewArticles::new(store, options.commit_every)?;
    for results in receiver {
        for (bytes, docs, warnings) in results {
            report.read_file(bar, bytes, warnings);
            show_progress(bar, &report, started, &mut last_log, options.progress);
            for d in docs {
                match d {
                    Err(skip) => report.skip(bar, skip),
                    Ok(None) => report.unchanged += 1,
                    Ok(Some(extraction)) => {
                        report.actors += extraction.actors.len();
                        report.events += extraction.events.len();
                        let (graph, quads) = extraction_to_quads(&extraction);
                        let source = &extraction.document.source;
                        let batched = options.commit_every > 1;
                        if batched && !batch.holds(source) && !store.holds_source(source, &extraction.document.id)? {
                            batch.push(source, graph, quads)?;
                            report.added += 1;
                            if batch.is_full() {
                                batch.commit()?;
                            }
                            continue;
                        }
                        batch.commit()?;
                        match store.replace_document(source, &graph, &quads)? {
                            ReplaceOutcome::Added => report.added += 1,
                            ReplaceOutcome::Replaced => report.replaced += 1,
                            ReplaceOutcome::Unchanged => report.unchanged += 1,
                        }
                    }
                }
            }
        }
    }
    batch.commit()?;
    Ok(report)
}

/// Files whose identity ([`gyoryu_ingest::Input::key`]) an earlier file of
/// the run has (the same relative path under two arguments), by position,
/// with the path of the first: each is skipped with both named, instead of
/// one replacing the other.
fn duplicate_inputs(files: &[gyoryu_ingest::Input]) -> HashMap<usize, String> {
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
    duplicates
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
        self.len() >= self.commit_every.max(self.stored / BATCH_SHARE_OF_STORE)
    }

    /// Whether an article of `source` waits in the batch.
    fn holds(&self, source: &str) -> bool {
        self.sources.contains(source)
    }

    fn push(&mut self, source: &str, graph: NamedNode, quads: Vec<Quad>) -> Result<(), StoreError> {
        self.sources.insert(source.to_owned());
        self.batch.push(&graph, quads)
    }

    fn len(&self) -> usize {
        self.batch.len()
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.stored += self.batch.len();
        self.batch.commit()?;
        self.sources.clear();
        Ok(())
    }
}

/// What earlier builds read from each input file, so that an unchanged file
/// is not read, decoded and cleaned again just to learn that its articles
/// are stored: on a re-run of an unchanged corpus that work was most of the
/// time. A file is known by a hash of its bytes (with the ingest options
/// that shape what it yields); it is skipped only when every article it
/// gave is still stored under its content hash, so a removed or changed
/// article is read again. Files that gave a skip are never remembered, so
/// their reasons are printed on every run.
///
/// The cache is a plain file beside the database, written after the flush.
/// Losing it (a kill, a copy of the store without it) only costs speed.
struct InputCache {
    path: Option<PathBuf>,
    options: u64,
    max_file_bytes: u64,
    known: HashMap<u64, Vec<String>>,
    learned: Mutex<HashMap<u64, Vec<String>>>,
}

const INPUT_CACHE: &str = "gyoryu-inputs.tsv";

impl InputCache {
    fn load(store: &Store, ingest: &IngestOptions) -> InputCache {
        let mut options = DefaultHasher::new();
        ingest.encoding.map(|e| e.name()).hash(&mut options);
        ingest.max_file_bytes.hash(&mut options);
        let options = options.finish();
        let path = store.path().map(|p| p.join(INPUT_CACHE));
        let mut known = HashMap::new();
        if let Some(text) = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
            for line in text.lines() {
                let mut fields = line.split('\t');
                let (Some(file), Some(opts), Some(hashes)) = (fields.next(), fields.next(), fields.next()) else {
                    continue;
                };
                let (Ok(file), Ok(opts)) = (u64::from_str_radix(file, 16), u64::from_str_radix(opts, 16)) else {
                    continue;
                };
                if opts == options {
                    known.insert(file, hashes.split(',').filter(|h| !h.is_empty()).map(str::to_owned).collect());
                }
            }
        }
        InputCache { path, options, max_file_bytes: ingest.max_file_bytes, known, learned: Mutex::new(HashMap::new()) }
    }

    /// A regular file's bytes and their fingerprint (a hash of them, with
    /// the file's `size` and the ingest options); `None` for anything else
    /// (pipes, folders, files over the size limit, files that cannot be
    /// read), which go to the reader to be reported.
    fn read(&self, path: &Path, key: &str, size: u64) -> Option<(u64, Vec<u8>)> {
        self.path.as_ref()?;
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || size > self.max_file_bytes {
            return None;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // `take` guards against a file that grows while it is read.
        std::fs::File::open(path).ok()?.take(self.max_file_bytes + 1).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 > self.max_file_bytes {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        hasher.write(&bytes);
        // The same bytes under another name are another article.
        key.hash(&mut hasher);
        hasher.write_u64(size);
        hasher.write_u64(self.options);
        Some((hasher.finish(), bytes))
    }

    /// How many articles the file gave, when all of them are still stored.
    fn unchanged(&self, store: &Store, fingerprint: u64) -> Option<usize> {
        let hashes = self.known.get(&fingerprint)?;
        if hashes.is_empty() || !hashes.iter().all(|h| is_stored(store, h)) {
            return None;
        }
        self.learned.lock().ok()?.insert(fingerprint, hashes.clone());
        Some(hashes.len())
    }

    fn remember(&self, fingerprint: u64, docs: &[Result<Document, Skipped>]) {
        let hashes: Option<Vec<String>> = docs
            .iter()
            .map(|d| {
                d.as_ref()
                    .ok()
                    .map(|doc| format!("{}/{}", document_id(&doc.source, &doc.content_hash), doc.content_hash))
            })
            .collect();
        if let (Some(hashes), Ok(mut learned)) = (hashes, self.learned.lock()) {
            if !hashes.is_empty() {
                learned.insert(fingerprint, hashes);
            }
        }
    }

    /// Writes what this run read (beside the old entries of files it did
    /// not see), through a temporary file so a kill never leaves half of it.
    fn save(&self, store: &Store) -> std::io::Result<()> {
        let Some(path) = &self.path else { return Ok(()) };
        let learned = self.learned.lock().map_err(|_| std::io::Error::other("poisoned"))?;
        let mut text = String::new();
        for (file, hashes) in self.known.iter().filter(|(f, _)| !learned.contains_key(f)).chain(learned.iter()) {
            // Only articles that really are stored: a failed write must not
            // make the next run skip them.
            if hashes.iter().all(|h| is_stored(store, h)) {
                text.push_str(&format!("{file:016x}\t{:016x}\t{}\n", self.options, hashes.join(",")));
            }
        }
        let tmp = path.with_extension("tsv.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }
}

/// Whether an entry of the input cache (`document id/content hash`) is
/// stored; entries of another form (older caches) never are.
fn is_stored(store: &Store, entry: &str) -> bool {
    let Some((id, hash)) = entry.split_once('/') else { return false };
    let graph = NamedNode::new_unchecked(format!("{}doc/{id}", gyoryu_graph::vocab::ID_BASE));
    store.has_document(&graph, hash).unwrap_or(false)
}

/// Extraction is the expensive step: an article whose input is already
/// stored with the same content is not extracted again.
fn extract_unless_stored(store: &Store, extractor: &Extractor, doc: Document) -> Option<Extraction> {
    // A failed look-up only costs the skip: the article is extracted and the
    // write will report the store error.
    if store.has_document(&document_iri(&doc.source, &doc.content_hash), &doc.content_hash).unwrap_or(false) {
        return None;
    }
    Some(extractor.extract(&doc))
}

/// A bar on a terminal (`counts` is indicatif's template for the amounts), hidden otherwise.
pub(crate) fn progress_bar(enabled: bool, total: u64, counts: &str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {counts} {{msg}} ETA {{eta}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Articles and their rate on the bar; without a terminal, a plain line now
/// and then instead.
pub(crate) fn show_progress(
    bar: &ProgressBar,
    report: &BuildReport,
    started: Instant,
    last_log: &mut Instant,
    terminal: bool,
) {
    let done = report.articles();
    let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
    bar.set_message(format!("{done} articles, {rate:.0}/s"));
    if !terminal && last_log.elapsed() >= Duration::from_secs(10) {
        eprintln!("gyoryu: {done} articles, {:.1} MB, {rate:.0} articles/s", report.bytes as f64 / 1e6);
        *last_log = Instant::now();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Ingest(#[from] gyoryu_ingest::IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
