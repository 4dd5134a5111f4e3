//! `build --endpoint` and `export --endpoint`: the graph goes to a remote
//! SPARQL 1.1 store instead of (or from) the embedded one.
//!
//! The remote build has its own loop rather than a second writer behind the
//! embedded one: its skip check is one request per batch *before*
//! extraction, and its writes are HTTP requests, one per article graph, with
//! nothing to batch into a transaction.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use gyoryu_extract::Extractor;
use gyoryu_graph::rdf::{document_iri, extraction_to_quads};
use gyoryu_graph::vocab;
use gyoryu_model::Document;
use gyoryu_remote::{Endpoint, RemoteError, StoredDocument};
use gyoryu_store::{Store, StoreError};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Triple};
use rayon::prelude::*;

use crate::pipeline::{progress_bar, show_progress, BuildOptions, BuildReport};

/// Everything that can stop a remote build or export.
#[derive(Debug, thiserror::Error)]
pub enum RemoteBuildError {
    #[error(transparent)]
    Ingest(#[from] gyoryu_ingest::IngestError),
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the ontology does not parse: {0}")]
    Ontology(String),
    #[error("cannot load N-Quads: {0}")]
    Nquads(String),
}

/// Replaces the ontology graph on the server, so that queries using its
/// labels answer there as they do locally. Returns its triple count.
pub fn send_ontology(endpoint: &Endpoint, turtle: &str) -> Result<usize, RemoteBuildError> {
    let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|quad| quad.map(Triple::from))
        .collect::<Result<_, _>>()
        .map_err(|e| RemoteBuildError::Ontology(e.to_string()))?;
    endpoint.replace_graph(&graph, triples.iter().map(Triple::as_ref))?;
    Ok(triples.len())
}

/// Reads, extracts and sends `inputs` to `endpoint`, `batch_size` articles
/// at a time: one request asks which of the batch's articles the server
/// already holds (by content hash), the others are extracted on every core
/// and written one graph per request. A changed article's old graph is
/// dropped after its new one is written, so the article is never missing.
pub fn build(
    endpoint: &Endpoint,
    extractor: &Extractor,
    inputs: &[PathBuf],
    options: &BuildOptions,
) -> Result<BuildReport, RemoteBuildError> {
    let started = Instant::now();
    let files = gyoryu_ingest::discover_inputs(inputs)?;
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let bar = progress_bar(options.progress, total_bytes, "{bytes}/{total_bytes} {bytes_per_sec}");
    let mut report = BuildReport::default();
    let mut last_log = Instant::now();
    let batch_size = options.batch_size.max(1);
    let mut pending: Vec<Document> = Vec::new();

    for chunk in files.chunks(batch_size) {
        let read: Vec<_> = chunk
            .par_iter()
            .map(|input| {
                let bytes = std::fs::metadata(&input.path).map(|m| m.len()).unwrap_or(0);
                (bytes, gyoryu_ingest::read_input(&input.path, &input.key, &options.ingest))
            })
            .collect();
        for (bytes, (docs, warnings)) in read {
            report.read_file(&bar, bytes, warnings);
            for doc in docs {
                match doc {
                    Ok(doc) => pending.push(doc),
                    Err(skip) => report.skip(&bar, skip),
                }
            }
            while pending.len() >= batch_size {
                let rest = pending.split_off(batch_size);
                send_batch(endpoint, extractor, std::mem::replace(&mut pending, rest), &mut report)?;
            }
        }
        show_progress(&bar, &report, started, &mut last_log, options.progress);
    }
    send_batch(endpoint, extractor, pending, &mut report)?;
    bar.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
}

fn send_batch(
    endpoint: &Endpoint,
    extractor: &Extractor,
    docs: Vec<Document>,
    report: &mut BuildReport,
) -> Result<(), RemoteBuildError> {
    if docs.is_empty() {
        return Ok(());
    }
    let keys: Vec<(&str, &str)> = docs.iter().map(|d| (d.source.as_str(), d.content_hash.as_str())).collect();
    let stored = endpoint.stored_documents(&keys)?;
    let stored_graphs: HashSet<&str> = stored.iter().map(|s| s.graph.as_str()).collect();

    // Unchanged: this input's graph for this content is there.
    let (unchanged, new): (Vec<&Document>, Vec<&Document>) =
        docs.iter().partition(|d| stored_graphs.contains(document_iri(&d.source, &d.content_hash).as_str()));
    report.unchanged += unchanged.len();
    let extractions: Vec<_> = new.par_iter().map(|doc| extractor.extract(doc)).collect();
    for extraction in &extractions {
        let (graph, quads) = extraction_to_quads(extraction);
        if put_article(endpoint, &extraction.document.source, &graph, &quads, &stored)? {
            report.replaced += 1;
        } else {
            report.added += 1;
        }
        report.actors += extraction.actors.len();
        report.events += extraction.events.len();
    }
    Ok(())
}

/// Writes one article graph to the server, then drops the graphs its source
/// had there under other names (`stored`, as the server listed them before);
/// true when it so replaced an older version of the article.
fn put_article(
    endpoint: &Endpoint,
    source: &str,
    graph: &NamedNode,
    quads: &[Quad],
    stored: &[StoredDocument],
) -> Result<bool, RemoteError> {
    endpoint.replace_graph(graph, quads.iter().map(|q| q.as_ref().into()))?;
    let mut replaced = false;
    for old in stored.iter().filter(|s| s.source_id == source && s.graph != graph.as_str()) {
        endpoint.drop_graph(&NamedNode::new_unchecked(old.graph.as_str()))?;
        replaced = true;
    }
    Ok(replaced)
}

/// What `export --endpoint` sent.
#[derive(Debug, Default, Clone, Copy)]
pub struct PushReport {
    pub graphs: usize,
    pub quads: usize,
}

/// Sends every article graph of the embedded store, and the ontology graph,
/// to `endpoint`, each replacing the server's graph of the same name.
pub fn push_store(store: &Store, endpoint: &Endpoint, progress: bool) -> Result<PushReport, RemoteBuildError> {
    let mut graphs = store.document_graphs()?;
    graphs.push(NamedOrBlankNode::NamedNode(NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH)));
    let bar = progress_bar(progress, graphs.len() as u64, "{pos}/{len} graphs");
    let mut report = PushReport::default();
    for graph in &graphs {
        // Blank-node graph names cannot be addressed on another server; gyoryu never writes them.
        let NamedOrBlankNode::NamedNode(name) = graph else { continue };
        let quads: Vec<Quad> = store.graph_quads(name.as_ref())?;
        endpoint.replace_graph(name, quads.iter().map(|q| q.as_ref().into()))?;
        report.graphs += 1;
        report.quads += quads.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(report)
}

/// What `load` did.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

/// Where `load` puts article graphs.
pub enum LoadTarget<'a> {
    Embedded(&'a Store),
    Remote(&'a Endpoint),
}

/// Loads article graphs from N-Quads (`extract --format nquads` output, or
/// shards of it concatenated): each graph replaces the stored article of the
/// same source file, as `build` would have written it. Quads of one graph are
/// expected together, as `extract` writes them; a graph met twice is simply
/// written twice.
pub fn load_nquads(
    target: &LoadTarget<'_>,
    input: impl std::io::Read,
    batch_size: usize,
) -> Result<LoadReport, RemoteBuildError> {
    let mut report = LoadReport::default();
    let mut batch: Vec<(NamedNode, Vec<Quad>)> = Vec::new();
    let mut current: Option<(NamedNode, Vec<Quad>)> = None;
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_reader(input) {
        let quad = quad.map_err(|e| RemoteBuildError::Nquads(e.to_string()))?;
        let oxigraph::model::GraphName::NamedNode(graph) = &quad.graph_name else {
            return Err(RemoteBuildError::Nquads(format!("{quad} is not in an article graph")));
        };
        if current.as_ref().is_none_or(|(g, _)| g != graph) {
            if let Some(done) = current.take() {
                batch.push(done);
                if batch.len() >= batch_size.max(1) {
                    load_batch(target, std::mem::take(&mut batch), &mut report)?;
                }
            }
            current = Some((graph.clone(), Vec::new()));
        }
        if let Some((_, quads)) = current.as_mut() {
            quads.push(quad);
        }
    }
    batch.extend(current);
    load_batch(target, batch, &mut report)?;
    if let LoadTarget::Embedded(store) = target {
        store.flush()?;
    }
    Ok(report)
}

fn literal_of(quads: &[Quad], predicate: oxigraph::model::NamedNodeRef<'_>) -> Option<String> {
    quads.iter().find(|q| q.predicate.as_ref() == predicate).and_then(|q| match &q.object {
        oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    })
}

fn load_batch(
    target: &LoadTarget<'_>,
    batch: Vec<(NamedNode, Vec<Quad>)>,
    report: &mut LoadReport,
) -> Result<(), RemoteBuildError> {
    let mut keyed = Vec::with_capacity(batch.len());
    for (graph, quads) in batch {
        // An article is its input (gy:sourcePath); graphs extracted by an
        // older gyoryu only had their file name.
        let source = literal_of(&quads, vocab::SOURCE_PATH)
            .or_else(|| literal_of(&quads, vocab::SOURCE_FILE))
            .ok_or_else(|| {
                RemoteBuildError::Nquads(format!(
                    "graph <{}> has no gy:sourcePath: not a gyoryu article graph",
                    graph.as_str()
                ))
            })?;
        let hash = literal_of(&quads, vocab::CONTENT_HASH).unwrap_or_default();
        keyed.push((source, hash, graph, quads));
    }
    match target {
        LoadTarget::Embedded(store) => {
            for (source, _, graph, quads) in &keyed {
                match store.replace_document(source, graph, quads)? {
                    gyoryu_store::ReplaceOutcome::Added => report.added += 1,
                    gyoryu_store::ReplaceOutcome::Replaced => report.replaced += 1,
                    gyoryu_store::ReplaceOutcome::Unchanged => report.unchanged += 1,
                }
            }
        }
        LoadTarget::Remote(endpoint) => {
            let keys: Vec<(&str, &str)> = keyed.iter().map(|(s, h, _, _)| (s.as_str(), h.as_str())).collect();
            let stored = endpoint.stored_documents(&keys)?;
            for (source, hash, graph, quads) in &keyed {
                if stored.iter().any(|s| &s.content_hash == hash && s.graph == graph.as_str()) {
                    report.unchanged += 1;
                    continue;
                }
                if put_article(endpoint, source, graph, quads, &stored)? {
                    report.replaced += 1;
                } else {
                    report.added += 1;
                }
            }
        }
    }
    Ok(())
}
