//! The `build` pipeline: read inputs, extract in parallel, store each article
//! in its own transaction.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gyoryu_extract::Extractor;
use gyoryu_graph::rdf::extraction_to_quads;
use gyoryu_ingest::{IngestOptions, Skipped};
use gyoryu_model::Document;
use gyoryu_store::{ReplaceOutcome, Store, StoreError};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

/// What one `build` run did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    pub actors: usize,
    pub events: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

pub struct BuildOptions {
    pub ingest: IngestOptions,
    /// Articles extracted in parallel before they are written; bounds memory.
    pub batch_size: usize,
    pub progress: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { ingest: IngestOptions::default(), batch_size: 256, progress: false }
    }
}

/// Ingests `inputs` into `store`. Files that cannot be read are reported in
/// the report, never fatal; a store error is.
pub fn build(store: &Store, extractor: &Extractor, inputs: &[PathBuf], options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let files = gyoryu_ingest::discover(inputs)?;
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let bar = progress_bar(options.progress, total_bytes);
    let mut report = BuildReport::default();
    let mut last_log = Instant::now();

    for chunk in files.chunks(options.batch_size.max(1)) {
        // Reading and extraction run on every core; writing stays in order on this thread.
        let results: Vec<(u64, Vec<Result<Option<gyoryu_model::Extraction>, Skipped>>)> = chunk
            .par_iter()
            .map(|path| {
                let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                let docs = gyoryu_ingest::read_path(path, &options.ingest);
                let out = docs
                    .into_iter()
                    .map(|d| d.map(|doc| extract_unless_stored(store, extractor, doc)))
                    .collect();
                (bytes, out)
            })
            .collect();
        for (bytes, docs) in results {
            report.bytes += bytes;
            bar.inc(bytes);
            let done = report.added + report.replaced + report.unchanged + report.skipped.len();
            let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{done} articles, {rate:.0}/s"));
            // Without a terminal, a plain line now and then instead of a bar.
            if !options.progress && last_log.elapsed() >= Duration::from_secs(10) {
                eprintln!("gyoryu: {done} articles, {:.1} MB, {rate:.0} articles/s", report.bytes as f64 / 1e6);
                last_log = Instant::now();
            }
            for d in docs {
                match d {
                    Err(skip) => {
                        bar.suspend(|| eprintln!("skipped {skip}"));
                        report.skipped.push(skip);
                    }
                    Ok(None) => report.unchanged += 1,
                    Ok(Some(extraction)) => {
                        let (graph, quads) = extraction_to_quads(&extraction);
                        match store.replace_document(&extraction.document.id, &graph, &quads)? {
                            ReplaceOutcome::Added => report.added += 1,
                            ReplaceOutcome::Replaced => report.replaced += 1,
                            ReplaceOutcome::Unchanged => report.unchanged += 1,
                        }
                        report.actors += extraction.actors.len();
                        report.events += extraction.events.len();
                    }
                }
            }
        }
    }
    bar.finish_and_clear();
    // Flushed at the end so that later readers (queries and exports open the
    // store read-only and cannot flush) do not replay the write-ahead log.
    store.flush()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Extraction is the expensive step: an article whose exact content is
/// already stored is not extracted again.
fn extract_unless_stored(store: &Store, extractor: &Extractor, doc: Document) -> Option<gyoryu_model::Extraction> {
    // A failed look-up only costs the skip: the article is extracted and the
    // write will report the store error.
    if store.has_content_hash(&doc.content_hash).unwrap_or(false) {
        return None;
    }
    Some(extractor.extract(&doc))
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {msg} ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Ingest(#[from] gyoryu_ingest::IngestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
