//! Article graphs as N-Quads: written by `extract --format nquads`
//! ([`NQuadsSink`]), read back by `load` ([`load_nquads`]) into any sink.

use std::io::Write;
use std::sync::Arc;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad};

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
        // The ontology and the derived counts of an exported store are the
        // sink's own to write, not articles.
        if !gyoryu_graph::article::is_article_graph(quad.graph_name.as_ref()) {
            continue;
        }
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

/// An article graph read back, with the identity `build` wrote into it.
fn article(graph: NamedNode, quads: Vec<Quad>) -> Result<Article, PipelineError> {
    let Some(identity) = gyoryu_graph::article::identity(&quads) else {
        return Err(PipelineError::Nquads(format!(
            "graph <{}> has no gy:sourcePath: not a gyoryu article graph",
            graph.as_str()
        )));
    };
    Ok(Article {
        graph,
        quads,
        source: identity.source,
        source_file: identity.source_file,
        content_hash: identity.content_hash,
        extraction: None,
    })
}
