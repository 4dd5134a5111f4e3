//! Article graphs as N-Quads: written by `extract --format nquads`
//! ([`NQuadsSink`]), read back by `load` ([`load_nquads`]) into any sink.

use std::io::Write;
use std::sync::Arc;

use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad, Term};

use super::{Article, Lookup, NothingStored, PipelineError, PutOutcome, RunReport, Sink, SinkError};

/// Writes every article's named graph to a stream, in input order. The
/// graphs' IRIs depend only on content, so the outputs of shards extracted
/// on different machines merge by concatenation.
pub struct NQuadsSink<W: Write + Send> {
    out: W,
}

impl<W: Write + Send> NQuadsSink<W> {
    pub fn new(out: W) -> Self {
        NQuadsSink { out }
    }
}

impl<W: Write + Send> Sink for NQuadsSink<W> {
    fn lookup(&self) -> Arc<dyn Lookup> {
        Arc::new(NothingStored)
    }

    fn put(&mut self, article: Article) -> Result<PutOutcome, SinkError> {
        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut self.out);
        for quad in &article.quads {
            serializer.serialize_quad(quad)?;
        }
        serializer.finish()?;
        Ok(PutOutcome::Added)
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        Ok(self.out.flush()?)
    }
}

/// Reads article graphs from N-Quads (`extract --format nquads` output, or
/// shards of it concatenated) and puts each in `sink`, `batch_size` graphs
/// per look-up: each replaces the stored article of the same input, as
/// `build` would have written it. Quads of one graph are expected together,
/// as `extract` writes them; a graph met twice is simply written twice. The
/// caller finishes the sink.
pub fn load_nquads(
    sink: &mut dyn Sink,
    input: impl std::io::Read,
    batch_size: usize,
) -> Result<RunReport, PipelineError> {
    let lookup = sink.lookup();
    let mut report = RunReport::default();
    let mut batch: Vec<Article> = Vec::new();
    let mut current: Option<(NamedNode, Vec<Quad>)> = None;
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_reader(input) {
        let quad = quad.map_err(|e| PipelineError::Nquads(e.to_string()))?;
        let GraphName::NamedNode(graph) = &quad.graph_name else {
            return Err(PipelineError::Nquads(format!("{quad} is not in an article graph")));
        };
        if current.as_ref().is_none_or(|(g, _)| g != graph) {
            if let Some((graph, quads)) = current.take() {
                batch.push(article(graph, quads)?);
                if batch.len() >= batch_size.max(1) {
                    put_batch(sink, lookup.as_ref(), std::mem::take(&mut batch), &mut report)?;
                }
            }
            current = Some((graph.clone(), Vec::new()));
        }
        if let Some((_, quads)) = current.as_mut() {
            quads.push(quad);
        }
    }
    if let Some((graph, quads)) = current {
        batch.push(article(graph, quads)?);
    }
    put_batch(sink, lookup.as_ref(), batch, &mut report)?;
    Ok(report)
}

fn put_batch(
    sink: &mut dyn Sink,
    lookup: &dyn Lookup,
    batch: Vec<Article>,
    report: &mut RunReport,
) -> Result<(), PipelineError> {
    let keys: Vec<_> = batch.iter().map(Article::key).collect();
    let stored = lookup.stored(&keys)?;
    for (article, stored) in batch.into_iter().zip(stored) {
        if stored {
            report.unchanged += 1;
        } else {
            let outcome = sink.put(article)?;
            report.count(outcome);
        }
    }
    Ok(())
}

/// An article graph read back: its identity from the literals `build` wrote.
fn article(graph: NamedNode, quads: Vec<Quad>) -> Result<Article, PipelineError> {
    // An article is its input (gy:sourcePath); graphs extracted by an older
    // gyoryu only had their file name.
    let source_file = literal_of(&quads, vocab::SOURCE_FILE);
    let source = literal_of(&quads, vocab::SOURCE_PATH).or_else(|| source_file.clone()).ok_or_else(|| {
        PipelineError::Nquads(format!("graph <{}> has no gy:sourcePath: not a gyoryu article graph", graph.as_str()))
    })?;
    let content_hash = literal_of(&quads, vocab::CONTENT_HASH).unwrap_or_default();
    Ok(Article {
        source_file: source_file.unwrap_or_else(|| source.clone()),
        graph,
        quads,
        source,
        content_hash,
        extraction: None,
    })
}

fn literal_of(quads: &[Quad], predicate: NamedNodeRef<'_>) -> Option<String> {
    quads.iter().find(|q| q.predicate.as_ref() == predicate).and_then(|q| match &q.object {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    })
}
