//! A remote SPARQL 1.1 store as a [`Sink`], and `export --endpoint`.
//!
//! Its look-up is one request per batch, before extraction, asking which of
//! the batch's articles the server holds; its writes are HTTP requests, one
//! per article graph, each replacing the server's graph of that name. A
//! changed article's old graph is dropped after its new one is written, so
//! the article is never missing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gyoryu_export::QueryAnswer;
use gyoryu_graph::vocab;
use gyoryu_remote::Endpoint;
use gyoryu_store::Store;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};

use super::progress::Progress;
use super::{Article, ArticleKey, Lookup, PutOutcome, Sink, SinkError};

/// Sends articles to a remote store.
pub struct EndpointSink {
    lookup: Arc<EndpointLookup>,
}

impl EndpointSink {
    pub fn new(endpoint: Endpoint) -> EndpointSink {
        EndpointSink { lookup: Arc::new(EndpointLookup { endpoint, graphs: Mutex::new(HashMap::new()) }) }
    }
}

/// The server's graphs for the sources last asked about, so that a put can
/// drop an article's older graphs without asking again.
struct EndpointLookup {
    endpoint: Endpoint,
    graphs: Mutex<HashMap<String, Vec<String>>>,
}

impl Lookup for EndpointLookup {
    /// One request for the whole batch: every stored article graph whose
    /// identity or content hash is among the keys.
    fn stored(&self, keys: &[ArticleKey]) -> Result<Vec<bool>, SinkError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let asked: Vec<(&str, &str)> = keys.iter().map(|k| (k.source.as_str(), k.content_hash.as_str())).collect();
        let stored = self.endpoint.stored_documents(&asked)?;
        let answer: Vec<bool> = keys
            .iter()
            .map(|key| stored.iter().any(|s| s.graph == key.graph.as_str() && s.content_hash == key.content_hash))
            .collect();
        // Kept until the article is put, which happens on the writer's
        // thread, after later batches may have been asked about.
        let mut graphs = self.graphs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for (key, _) in keys.iter().zip(&answer).filter(|(_, stored)| !**stored) {
            let older: Vec<String> =
                stored.iter().filter(|s| s.source_id == key.source).map(|s| s.graph.clone()).collect();
            if !older.is_empty() {
                graphs.insert(key.source.clone(), older);
            }
        }
        Ok(answer)
    }

    fn holds(&self, key: &ArticleKey) -> Result<bool, SinkError> {
        Ok(self.stored(std::slice::from_ref(key))?[0])
    }
}

impl Sink for EndpointSink {
    fn lookup(&self) -> Arc<dyn Lookup> {
        Arc::clone(&self.lookup) as Arc<dyn Lookup>
    }

    /// Replaces the ontology graph on the server, so that queries using its
    /// labels answer there as they do locally.
    fn load_ontology(&mut self, turtle: &str) -> Result<(), SinkError> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .map(|quad| quad.map(Triple::from))
            .collect::<Result<_, _>>()
            .map_err(|e| SinkError::Ontology(e.to_string()))?;
        self.lookup.endpoint.replace_graph(&graph, triples.iter().map(Triple::as_ref))?;
        Ok(())
    }

    fn put(&mut self, article: Article) -> Result<PutOutcome, SinkError> {
        let endpoint = &self.lookup.endpoint;
        endpoint.replace_graph(&article.graph, article.quads.iter().map(|q| q.as_ref().into()))?;
        let older = self.lookup.graphs.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&article.source);
        let mut replaced = false;
        for old in older.iter().flatten().filter(|graph| graph.as_str() != article.graph.as_str()) {
            endpoint.drop_graph(&NamedNode::new_unchecked(old.as_str()))?;
            replaced = true;
        }
        Ok(if replaced { PutOutcome::Replaced } else { PutOutcome::Added })
    }

    /// Writes the stats graph from the server's own count of every actor's
    /// events over all its graphs, as one graph replacement (so through the
    /// Graph Store Protocol where that is how this server is written).
    fn finish(&mut self) -> Result<(), SinkError> {
        let endpoint = &self.lookup.endpoint;
        let QueryAnswer::Solutions { rows, .. } = endpoint.query(gyoryu_graph::rdf::EVENT_COUNTS_QUERY)? else {
            return Ok(());
        };
        let triples: Vec<Triple> = rows
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [Some(Term::NamedNode(actor)), Some(Term::Literal(events))] => {
                    let events: i64 = events.value().parse().ok()?;
                    Some(Triple::new(actor.clone(), vocab::EVENT_COUNT, Literal::from(events)))
                }
                _ => None,
            })
            .collect();
        endpoint.replace_graph(&NamedNode::new_unchecked(vocab::STATS_GRAPH), triples.iter().map(Triple::as_ref))?;
        Ok(())
    }
}

/// What `export --endpoint` sent.
#[derive(Debug, Default, Clone, Copy)]
pub struct PushReport {
    pub graphs: usize,
    pub quads: usize,
}

/// Sends every article graph of the embedded store, the ontology graph and the stats graph,
/// to `endpoint`, each replacing the server's graph of the same name.
pub fn push_store(store: &Store, endpoint: &Endpoint, progress: bool) -> Result<PushReport, SinkError> {
    let mut graphs = store.document_graphs()?;
    graphs.push(NamedOrBlankNode::NamedNode(NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH)));
    graphs.push(NamedOrBlankNode::NamedNode(NamedNode::new_unchecked(vocab::STATS_GRAPH)));
    let bar = Progress::with_counts(progress, false, graphs.len() as u64, "{pos}/{len} graphs");
    let mut report = PushReport::default();
    for graph in &graphs {
        // Blank-node graph names cannot be addressed on another server; gyoryu never writes them.
        let NamedOrBlankNode::NamedNode(name) = graph else { continue };
        let quads: Vec<Quad> = store.graph_quads(name.as_ref())?;
        endpoint.replace_graph(name, quads.iter().map(|q| q.as_ref().into()))?;
        report.graphs += 1;
        report.quads += quads.len();
        bar.advance(1);
    }
    bar.finish();
    Ok(report)
}
