//! What each `gyoryu` command does, once its arguments are parsed. Every
//! command that reads articles goes through [`crate::pipeline`]; they differ
//! in their sink.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use gyoryu_export::{ExportFormat, ResultFormat};
use gyoryu_extract::Extractor;
use gyoryu_ingest::IngestOptions;
use gyoryu_remote::Endpoint;
use gyoryu_store::{Store, StoredArticle};
use rayon::prelude::*;

use crate::pipeline::{self, EndpointSink, ExtractionsSink, NQuadsSink, RunOptions, RunReport, Sink, StoreSink};

/// Opens (or creates) a store to write.
pub fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// Commands that change a store without anything to create one with.
pub fn open_existing_store(path: &Path) -> Result<Store> {
    Store::open_existing(path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// Queries and exports only read, and readers never wait for each other.
pub fn open_store_to_read(path: &Path) -> Result<Store> {
    Store::open_read_only(path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// Exit status of a run: 2 when an input was skipped.
fn exit_code(report: &RunReport) -> ExitCode {
    if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// A flag the first Ctrl-C (or SIGTERM, as `timeout` and service managers
/// send, or SIGHUP) sets, so that `build` stops reading and commits what it
/// has; a second one exits at once (the store then keeps every batch
/// committed before it, and never part of one).
fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("stopping: storing the articles read so far (Ctrl-C again to quit at once)");
    })
    .context("cannot install the Ctrl-C handler")?;
    Ok(stop)
}

/// `build` into the embedded store at `path`.
pub fn build(
    path: &Path,
    extractor: &Extractor,
    inputs: &[PathBuf],
    ingest: &IngestOptions,
    options: RunOptions,
    commit_every: usize,
) -> Result<ExitCode> {
    let fresh = !path.exists();
    // Before the store exists on disk: a signal that finds the store there
    // finds the handler too, also where the shell made the process ignore
    // SIGINT until a handler is set (a job started in the background).
    let options = RunOptions { stop: Some(stop_on_ctrl_c()?), ..options };
    let db = open_store(path)?;
    let built = (|| -> Result<RunReport> {
        let mut sink = StoreSink::new(&db, commit_every)?;
        sink.load_ontology(crate::ONTOLOGY_TTL)?;
        let documents = pipeline::documents(inputs, ingest)?;
        Ok(pipeline::run(documents, extractor, &mut sink, &options)?)
    })();
    let report = match built {
        Ok(report) => report,
        Err(error) => {
            // A build that fails before storing anything (a missing input,
            // say) leaves no store behind it that was not there.
            if fresh && db.document_count().unwrap_or(1) == 0 {
                drop(db);
                let _ = std::fs::remove_dir_all(path);
            }
            return Err(error);
        }
    };
    eprintln!("{}; store: {} articles, {} triples", report.summary(), db.document_count()?, db.triple_count()?);
    if report.interrupted {
        eprintln!("interrupted: every article read so far is stored; run the same command again to continue");
        return Ok(ExitCode::from(130));
    }
    Ok(exit_code(&report))
}

/// `build --endpoint`: the same run, into a remote store.
pub fn build_remote(
    endpoint: Endpoint,
    extractor: &Extractor,
    inputs: &[PathBuf],
    ingest: &IngestOptions,
    options: RunOptions,
) -> Result<ExitCode> {
    let url = endpoint.config().query_url.clone();
    let mut sink = EndpointSink::new(endpoint);
    sink.load_ontology(crate::ONTOLOGY_TTL)?;
    let report = pipeline::run(pipeline::documents(inputs, ingest)?, extractor, &mut sink, &options)?;
    eprintln!("{}; sent to {url}", report.summary());
    Ok(exit_code(&report))
}

/// `load`: article graphs from N-Quads files (`-`: standard input) into a sink.
pub fn load(sink: &mut dyn Sink, files: &[PathBuf], batch_size: usize) -> Result<ExitCode> {
    sink.load_ontology(crate::ONTOLOGY_TTL)?;
    let mut total = RunReport::default();
    for file in files {
        let report = if file.as_os_str() == "-" {
            pipeline::load_nquads(sink, std::io::stdin().lock(), batch_size)
        } else {
            let reader = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
            pipeline::load_nquads(sink, std::io::BufReader::new(reader), batch_size)
        }
        .with_context(|| format!("loading {}", file.display()))?;
        total.added += report.added;
        total.replaced += report.replaced;
        total.unchanged += report.unchanged;
    }
    sink.finish()?;
    eprintln!("{} added, {} replaced, {} unchanged", total.added, total.replaced, total.unchanged);
    Ok(ExitCode::SUCCESS)
}

/// The output of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// One article's findings as JSON, or a list of them.
    Json,
    /// The article graphs, as `load` reads them.
    Nquads,
}

/// `extract`: what is found in the inputs, on standard output.
pub fn extract(
    extractor: &Extractor,
    inputs: &[PathBuf],
    ingest: &IngestOptions,
    format: ExtractFormat,
) -> Result<ExitCode> {
    let documents = pipeline::documents(inputs, ingest)?;
    let options = RunOptions::default();
    let stdout = std::io::stdout();
    let report = match format {
        ExtractFormat::Nquads => {
            let mut sink = NQuadsSink::new(std::io::BufWriter::new(std::io::stdout()));
            pipeline::run(documents, extractor, &mut sink, &options)?
        }
        ExtractFormat::Json => {
            let mut sink = ExtractionsSink::default();
            let report = pipeline::run(documents, extractor, &mut sink, &options)?;
            let mut out = stdout.lock();
            match sink.extractions.as_slice() {
                [one] => serde_json::to_writer_pretty(&mut out, one)?,
                all => serde_json::to_writer_pretty(&mut out, all)?,
            }
            writeln!(out)?;
            report
        }
    };
    Ok(exit_code(&report))
}

/// `eval`: scores extraction against a folder of gold files.
pub fn eval(
    extractor: &Extractor,
    gold: &Path,
    inputs: &[PathBuf],
    ingest: &IngestOptions,
    verbose: bool,
) -> Result<ExitCode> {
    let gold = crate::eval::read_gold(gold).map_err(anyhow::Error::msg)?;
    let mut sink = ExtractionsSink::default();
    let documents = pipeline::documents(inputs, ingest)?;
    let report = pipeline::run(documents, extractor, &mut sink, &RunOptions::default())?;
    let (table, _) = crate::eval::score(&gold, &sink.extractions);
    print!("{table}");
    if verbose {
        let lexicon = extractor.lexicon();
        let known = |name: &str| lexicon.name_index(name).is_some();
        let (misses, _) = crate::eval::report_misses(&gold, &sink.extractions, &known);
        print!("{misses}");
    }
    Ok(exit_code(&report))
}

/// `ner`: one sentence per line in, JSON Lines with character offsets and
/// KLUE-NER types out.
pub fn ner(extractor: &Extractor, file: Option<&Path>) -> Result<ExitCode> {
    let mut text = String::new();
    match file {
        Some(f) => text = std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?,
        None => {
            std::io::stdin().read_to_string(&mut text)?;
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let records: Vec<String> = lines
        .par_iter()
        .map(|line| {
            let entities: Vec<serde_json::Value> = extractor
                .find_mentions(line)
                .into_iter()
                .map(|(span, kind)| {
                    // Character offsets, as NER scorers count them.
                    let start = line[..span.start].chars().count();
                    let end = start + line[span.start..span.end].chars().count();
                    serde_json::json!({"start": start, "end": end, "type": kind.ner_tag()})
                })
                .collect();
            serde_json::json!({"text": line, "entities": entities}).to_string()
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for record in records {
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The query text: from a file, from the argument, or (`-`) from standard input.
pub fn query_text(file: Option<&Path>, query: Option<&str>) -> Result<String> {
    Ok(match (file, query) {
        (Some(f), _) => std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?,
        (None, Some("-")) => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
        (None, Some(q)) => q.to_owned(),
        (None, None) => bail!("give a query, or --file FILE"),
    })
}

/// `query`: one SPARQL query against the embedded store or an endpoint.
pub fn query(store: &Path, endpoint: Option<Endpoint>, text: &str, format: ResultFormat) -> Result<ExitCode> {
    let answer = match endpoint {
        Some(endpoint) => endpoint.query(text)?,
        None => open_store_to_read(store)?.query(text)?,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    gyoryu_export::write_answer(&answer, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `query --explain`: the plan of one query on the embedded store, as JSON.
pub fn explain(store: &Path, text: &str) -> Result<ExitCode> {
    let plan = open_store_to_read(store)?.explain(text)?;
    println!("{plan}");
    Ok(ExitCode::SUCCESS)
}

/// `export`: the whole store in one format, to a file or standard output.
pub fn export(store: &Path, format: ExportFormat, output: Option<&Path>) -> Result<ExitCode> {
    let db = open_store_to_read(store)?;
    let writer = gyoryu_export::writer(format);
    match output {
        Some(path) => {
            // Written beside the target and renamed, so a failed export never leaves half a file.
            let tmp = path.with_extension("gyoryu-tmp");
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?,
            );
            writer.write(&db, &mut file)?;
            file.flush()?;
            drop(file);
            std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            writer.write(&db, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `export --endpoint`: every graph of the store sent to a remote store.
pub fn push(store: &Path, endpoint: &Endpoint, progress: bool) -> Result<ExitCode> {
    let db = open_store_to_read(store)?;
    let report = pipeline::push_store(&db, endpoint, progress)?;
    eprintln!("{} graphs ({} quads) sent to {}", report.graphs, report.quads, endpoint.config().query_url);
    Ok(ExitCode::SUCCESS)
}

/// `check`: read-only, so it needs no lock and also works while a build runs.
pub fn check(store: &Path) -> Result<ExitCode> {
    let report = open_store_to_read(store)?.check()?;
    println!("{report}");
    Ok(if report.is_sound() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `remove`: one article, named by its path, file name, record id or graph.
pub fn remove(store: &Path, id: &str) -> Result<ExitCode> {
    let db = open_existing_store(store)?;
    let articles = db.find_documents(id)?;
    let describe = |article: &StoredArticle| {
        format!(
            "{} (file {:?}{}, graph <{}>)",
            article.source_path,
            article.source_file,
            article.title.as_deref().map(|title| format!(", {title:?}")).unwrap_or_default(),
            article.graph.as_str()
        )
    };
    match articles.as_slice() {
        [] => {
            eprintln!("gyoryu: no article {id:?} in the store (give its path as `build` found it, its file name or record id, or its graph IRI)");
            Ok(ExitCode::FAILURE)
        }
        [article] => {
            db.remove_article(&article.graph)?;
            db.refresh_statistics()?;
            eprintln!("removed {}", describe(article));
            Ok(ExitCode::SUCCESS)
        }
        several => {
            eprintln!(
                "gyoryu: {id:?} names {} articles; nothing removed. Give the path of the one to remove:",
                several.len()
            );
            for article in several {
                eprintln!("  {}", describe(article));
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `serve`: the SPARQL endpoint and the explorer over a store.
pub fn serve(
    store: &Path,
    addr: std::net::SocketAddr,
    limits: gyoryu_serve::Limits,
    update_token: Option<String>,
) -> Result<ExitCode> {
    // Read-only, the store is seen as it was when the server started.
    let db = if update_token.is_some() { open_store(store)? } else { open_store_to_read(store)? };
    let options = gyoryu_serve::ServeOptions { addr, limits, update_token };
    gyoryu_serve::run(db, options, |addr| {
        eprintln!("gyoryu: serving {} at http://{addr}/ (SPARQL endpoint: http://{addr}/sparql)", store.display());
    })?;
    Ok(ExitCode::SUCCESS)
}
