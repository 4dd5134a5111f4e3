//! Reading the store back: finding articles, counting, one graph's quads,
//! and the store as the exports' quad source.

use gyoryu_export::{GraphNames, QuadSource, Quads, QueryAnswer};
use gyoryu_graph::article::is_article_graph;
use gyoryu_graph::vocab;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef,
    Term, TermRef, TripleRef,
};
use oxigraph::store::StorageError;

use crate::write::literal_value;
use crate::{Store, StoreError, StoredArticle};

impl Store {
    /// The stored articles `name` stands for: those whose input identity
    /// (`gy:sourcePath`) is `name`, or failing that, whose `gy:sourceFile`
    /// (file name or record id) is, or whose graph IRI is.
    pub fn find_documents(&self, name: &str) -> Result<Vec<StoredArticle>, StoreError> {
        let literal = Literal::new_simple_literal(name);
        let mut graphs: Vec<NamedNode> = Vec::new();
        for predicate in [vocab::SOURCE_PATH, vocab::SOURCE_FILE] {
            for quad in self.inner.quads_for_pattern(None, Some(predicate), Some(literal.as_ref().into()), None) {
                if let GraphName::NamedNode(graph) = quad?.graph_name {
                    if is_article_graph(GraphNameRef::NamedNode(graph.as_ref())) && !graphs.contains(&graph) {
                        graphs.push(graph);
                    }
                }
            }
            if !graphs.is_empty() {
                break;
            }
        }
        if graphs.is_empty() {
            if let Ok(graph) = NamedNode::new(name) {
                if is_article_graph(GraphNameRef::NamedNode(graph.as_ref()))
                    && self.inner.contains_named_graph(graph.as_ref())?
                {
                    graphs.push(graph);
                }
            }
        }
        let mut articles = Vec::new();
        for graph in graphs {
            let quads: Vec<Quad> = self
                .inner
                .quads_for_pattern(
                    Some(NamedOrBlankNode::NamedNode(graph.clone()).as_ref()),
                    None,
                    None,
                    Some(graph.as_ref().into()),
                )
                .collect::<Result<_, _>>()?;
            articles.push(StoredArticle {
                source_path: literal_value(&quads, vocab::SOURCE_PATH).unwrap_or_default(),
                source_file: literal_value(&quads, vocab::SOURCE_FILE).unwrap_or_default(),
                title: literal_value(&quads, vocab::DCTERMS_TITLE),
                graph,
            });
        }
        articles.sort_by(|a, b| a.source_path.cmp(&b.source_path));
        Ok(articles)
    }

    /// Whether the article graph `graph` is stored with this content hash:
    /// lets ingestion skip extraction for articles it has already seen. It
    /// is one key look-up with no term to decode, which keeps re-running
    /// `build` on unchanged inputs cheap.
    pub fn has_document(&self, graph: &NamedNode, hash: &str) -> Result<bool, StoreError> {
        let hash_literal = Literal::new_simple_literal(hash);
        Ok(self.inner.contains(QuadRef::new(graph, vocab::CONTENT_HASH, &hash_literal, graph))?)
    }

    /// The number of distinct `gy:Document`s.
    pub fn document_count(&self) -> Result<usize, StoreError> {
        self.count("SELECT (COUNT(*) AS ?n) WHERE { ?d a gy:Document }")
    }

    /// Distinct triples over all articles (the default graph without the
    /// ontology's own triples): an actor's type stated in five articles
    /// counts once.
    pub fn triple_count(&self) -> Result<usize, StoreError> {
        let all = self.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")?;
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let mut ontology_only = 0;
        for quad in self.inner.quads_for_pattern(None, None, None, Some(ontology.into())) {
            let quad = quad?;
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            if !self.held_by_article(triple)? {
                ontology_only += 1;
            }
        }
        // The derived counts are no article's facts.
        let stats = NamedNodeRef::new_unchecked(vocab::STATS_GRAPH);
        let derived = self.inner.quads_for_pattern(None, None, None, Some(stats.into())).count();
        Ok(all.saturating_sub(ontology_only).saturating_sub(derived))
    }

    /// Number of triples in the ontology graph.
    pub(crate) fn ontology_triple_count(&self) -> Result<usize, StoreError> {
        let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
        Ok(self.inner.quads_for_pattern(None, None, None, Some(ontology.into())).count())
    }

    /// Whether an article graph (not the ontology's) holds `triple`.
    pub(crate) fn held_by_article(&self, triple: TripleRef<'_>) -> Result<bool, StoreError> {
        for quad in
            self.inner.quads_for_pattern(Some(triple.subject), Some(triple.predicate), Some(triple.object), None)
        {
            if is_article_graph(quad?.graph_name.as_ref()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The single number a `SELECT (COUNT(*) AS ?n)` query returns. Counting
    /// in SPARQL works on oxigraph's encoded terms and never looks up strings.
    pub(crate) fn count(&self, sparql: &str) -> Result<usize, StoreError> {
        match self.query(sparql)? {
            QueryAnswer::Solutions { rows, .. } => Ok(rows
                .first()
                .and_then(|row| row.first().cloned().flatten())
                .and_then(|term| match term {
                    Term::Literal(n) => n.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0)),
            _ => Ok(0),
        }
    }

    /// Every quad of the article graphs.
    pub fn article_quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if is_article_graph(quad.graph_name.as_ref()) {
                quads.push(quad);
            }
        }
        Ok(quads)
    }

    /// The graph names of stored articles, sorted (the ontology and stats graphs left out).
    pub fn document_graphs(&self) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.inner.named_graphs() {
            let graph = graph?;
            if is_article_graph(GraphNameRef::from(graph.as_ref())) {
                graphs.push(graph);
            }
        }
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// Every quad of one named graph (an article's, or the ontology's).
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>, StoreError> {
        Ok(self.inner.quads_for_pattern(None, None, None, Some(graph.into())).collect::<Result<_, _>>()?)
    }
}

/// The export writers read a store on disk in its index order (by the
/// encoded terms, hashes of their text, so the same contents read the same
/// however they were loaded); a store in memory keeps insertion order, so
/// its matches are sorted by text first.
impl QuadSource for Store {
    fn quads_matching(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Quads<'_>, StorageError> {
        let quads = self.inner.quads_for_pattern(subject, predicate, object, graph);
        if self.path.is_some() {
            return Ok(Box::new(quads));
        }
        let mut quads = quads.collect::<Result<Vec<Quad>, _>>()?;
        quads.sort_by_cached_key(|quad| {
            (quad.graph_name.to_string(), quad.subject.to_string(), quad.predicate.to_string(), quad.object.to_string())
        });
        Ok(Box::new(quads.into_iter().map(Ok)))
    }

    fn named_graphs(&self) -> Result<GraphNames<'_>, StorageError> {
        let graphs = self.inner.named_graphs();
        if self.path.is_some() {
            return Ok(Box::new(graphs));
        }
        let mut graphs = graphs.collect::<Result<Vec<_>, _>>()?;
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(Box::new(graphs.into_iter().map(Ok)))
    }

    fn contains(&self, quad: QuadRef<'_>) -> Result<bool, StorageError> {
        self.inner.contains(quad)
    }
}
