//! Writing articles while the default graph stays the union of the named
//! graphs: replacing one article, removing one, SPARQL updates' changes, the
//! ontology. New articles in bulk are [`crate::BatchWriter`]'s.

use std::collections::HashSet;

use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple, TripleRef,
};
use oxigraph::store::{LoaderError, Transaction};

use crate::{BatchWriter, GraphChange, ReplaceOutcome, Store, StoreError};
use gyoryu_graph::article::is_article_graph;

impl Store {
    /// Makes `quads` (all in `graph`) the only facts stored for the input
    /// `source_key` (its `gy:sourcePath`, see `Document::source`).
    ///
    /// In one transaction: every graph whose document has `gy:sourcePath
    /// source_key` is removed (and a graph an older gyoryu wrote for the same
    /// `gy:sourceFile`, see [`Store::holds_source`]), the new quads are
    /// written, and the default graph follows (see [`Store::query`]). When
    /// the store already holds exactly these quads in `graph` under the same
    /// content hash, nothing is written and [`ReplaceOutcome::Unchanged`] is
    /// returned. The quads are compared as well as the hash so that a newer
    /// extractor's output for an unchanged article still reaches the store.
    pub fn replace_document(
        &self,
        source_key: &str,
        graph: &NamedNode,
        quads: &[Quad],
    ) -> Result<ReplaceOutcome, StoreError> {
        check_in_graph(graph, quads)?;
        let source_file = literal_value(quads, vocab::SOURCE_FILE);
        let new_hash = quads.iter().find_map(|quad| {
            if quad.predicate.as_ref() != vocab::CONTENT_HASH {
                return None;
            }
            match &quad.object {
                Term::Literal(hash) => Some(hash.value().to_owned()),
                _ => None,
            }
        });

        let mut transaction = self.inner.start_transaction()?;
        let old_graphs = graphs_of_source(&transaction, source_key, source_file.as_deref())?;
        let only_this_graph = old_graphs.len() == 1 && old_graphs.contains(&NamedOrBlankNode::NamedNode(graph.clone()));
        if only_this_graph {
            if let Some(hash) = &new_hash {
                let hash_literal = Literal::new_simple_literal(hash);
                let same_hash = transaction
                    .quads_for_pattern(
                        None,
                        Some(vocab::CONTENT_HASH),
                        Some(hash_literal.as_ref().into()),
                        Some(graph.as_ref().into()),
                    )
                    .next()
                    .transpose()?
                    .is_some();
                if same_hash && graph_holds_exactly(&transaction, graph, quads)? {
                    return Ok(ReplaceOutcome::Unchanged);
                }
            }
        }

        swap_graphs(&mut transaction, &old_graphs, quads)?;
        transaction.commit()?;
        Ok(if old_graphs.is_empty() { ReplaceOutcome::Added } else { ReplaceOutcome::Replaced })
    }

    /// Whether an article of the input `source_key` is stored, or one that an
    /// older gyoryu (which named articles by file name alone and documents by
    /// content alone) stored for `source_file`: the next build replaces it.
    pub fn holds_source(&self, source_key: &str, source_file: &str) -> Result<bool, StoreError> {
        let key_literal = Literal::new_simple_literal(source_key);
        for quad in
            self.inner.quads_for_pattern(None, Some(vocab::SOURCE_PATH), Some(key_literal.as_ref().into()), None)
        {
            if is_article_graph(quad?.graph_name.as_ref()) {
                return Ok(true);
            }
        }
        let file_literal = Literal::new_simple_literal(source_file);
        for quad in
            self.inner.quads_for_pattern(None, Some(vocab::SOURCE_FILE), Some(file_literal.as_ref().into()), None)
        {
            if let GraphName::NamedNode(graph) = quad?.graph_name {
                if self.is_legacy_graph(&graph)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether a document graph was written by a gyoryu that named documents
    /// by their content hash alone.
    pub(crate) fn is_legacy_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        let subject = NamedOrBlankNode::NamedNode(graph.clone());
        for quad in self.inner.quads_for_pattern(
            Some(subject.as_ref()),
            Some(vocab::CONTENT_HASH),
            None,
            Some(graph.as_ref().into()),
        ) {
            if let Term::Literal(hash) = quad?.object {
                return Ok(graph.as_str() == gyoryu_graph::rdf::legacy_document_iri(hash.value()));
            }
        }
        Ok(false)
    }

    /// A writer of new articles in atomic batches; see [`BatchWriter`].
    pub fn batch_writer(&self) -> BatchWriter<'_> {
        BatchWriter::new(self)
    }

    /// Removes one article graph (its facts leave the default graph unless
    /// another article states them too); false if there was none.
    pub fn remove_article(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        if !transaction.contains_named_graph(graph.as_ref())? {
            return Ok(false);
        }
        let old_graphs = HashSet::from([NamedOrBlankNode::NamedNode(graph.clone())]);
        swap_graphs(&mut transaction, &old_graphs, &[])?;
        transaction.commit()?;
        Ok(true)
    }

    /// Applies changes to named graphs in one transaction, keeping the
    /// default graph the union of the named graphs as `build` does: an
    /// inserted quad's triple joins the default graph, and a deleted or
    /// dropped one leaves it when no other named graph still states it. This
    /// is how `gyoryu serve --allow-update` writes SPARQL updates. A change
    /// that names the default graph itself is refused: it is not anyone's to
    /// write.
    pub fn apply_changes(&self, changes: &[GraphChange]) -> Result<(), StoreError> {
        let mut transaction = self.inner.start_transaction()?;
        for change in changes {
            match change {
                GraphChange::Insert(quad) | GraphChange::Delete(quad) if quad.graph_name.is_default_graph() => {
                    return Err(StoreError::DefaultGraphWrite);
                }
                GraphChange::Insert(quad) => {
                    transaction.insert(quad.as_ref());
                    let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
                    transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
                }
                GraphChange::Delete(quad) => {
                    transaction.remove(quad.as_ref());
                    let mut still_stated = false;
                    for other in transaction.quads_for_pattern(
                        Some(quad.subject.as_ref()),
                        Some(quad.predicate.as_ref()),
                        Some(quad.object.as_ref()),
                        None,
                    ) {
                        if !other?.graph_name.is_default_graph() {
                            still_stated = true;
                            break;
                        }
                    }
                    if !still_stated {
                        let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
                        transaction.remove(triple.in_graph(GraphNameRef::DefaultGraph));
                    }
                    // A graph emptied by deletes is gone, as a dropped one is,
                    // rather than an article graph without its document.
                    if let GraphName::NamedNode(graph) = &quad.graph_name {
                        let empty = transaction
                            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                            .next()
                            .is_none();
                        if empty {
                            transaction.remove_named_graph(graph.as_ref())?;
                        }
                    }
                }
                GraphChange::DropGraph(graph) => {
                    let old = HashSet::from([NamedOrBlankNode::NamedNode(graph.clone())]);
                    swap_graphs(&mut transaction, &old, &[])?;
                }
                GraphChange::CreateGraph(graph) => {
                    transaction.insert_named_graph(graph.as_ref());
                }
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Replaces the ontology graph with the given Turtle; returns its triple
    /// count. An unchanged ontology is not written again.
    pub fn load_ontology(&self, turtle: &str) -> Result<usize, StoreError> {
        let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(ontology.clone())
            .for_slice(turtle)
            .collect::<Result<_, _>>()
            .map_err(|error| StoreError::Load(LoaderError::Parsing(oxigraph::io::RdfParseError::Syntax(error))))?;
        let mut transaction = self.inner.start_transaction()?;
        if graph_holds_exactly(&transaction, &ontology, &quads)? {
            return self.ontology_triple_count();
        }
        let mut old = HashSet::new();
        if transaction.contains_named_graph(ontology.as_ref())? {
            old.insert(NamedOrBlankNode::NamedNode(ontology));
        }
        swap_graphs(&mut transaction, &old, &quads)?;
        transaction.commit()?;
        self.ontology_triple_count()
    }
}

pub(crate) fn check_in_graph(graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
    let graph_name = GraphNameRef::NamedNode(graph.as_ref());
    if let Some(stray) = quads.iter().find(|quad| quad.graph_name.as_ref() != graph_name) {
        return Err(StoreError::QuadOutsideGraph { graph: graph.to_string(), quad: stray.to_string() });
    }
    Ok(())
}

/// Whether `graph` holds exactly `quads` (all of them in `graph`).
fn graph_holds_exactly(transaction: &Transaction<'_>, graph: &NamedNode, quads: &[Quad]) -> Result<bool, StoreError> {
    let stored: HashSet<Quad> =
        transaction.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).collect::<Result<_, _>>()?;
    let incoming: HashSet<&Quad> = quads.iter().collect();
    Ok(stored.len() == incoming.len() && stored.iter().all(|quad| incoming.contains(quad)))
}

/// Replaces the named graphs `old_graphs` by `quads` and keeps the default
/// graph the set union of all named graphs: new triples are copied into it,
/// and a triple of a dropped graph leaves it only when no other named graph
/// still states it. The transaction reads its own writes, so the removed
/// graphs no longer count when that is checked.
fn swap_graphs(
    transaction: &mut Transaction<'_>,
    old_graphs: &HashSet<NamedOrBlankNode>,
    quads: &[Quad],
) -> Result<(), StoreError> {
    let mut old_triples: HashSet<Triple> = HashSet::new();
    for old in old_graphs {
        for quad in transaction.quads_for_pattern(None, None, None, Some(old.as_ref().into())) {
            old_triples.insert(Triple::from(quad?));
        }
        transaction.remove_named_graph(old)?;
    }
    let mut new_triples: HashSet<TripleRef<'_>> = HashSet::with_capacity(quads.len());
    for quad in quads {
        transaction.insert(quad);
        let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
        transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
        new_triples.insert(triple);
    }
    for triple in &old_triples {
        let triple = triple.as_ref();
        if new_triples.contains(&triple) {
            continue;
        }
        let mut still_stated = false;
        for quad in
            transaction.quads_for_pattern(Some(triple.subject), Some(triple.predicate), Some(triple.object), None)
        {
            if !quad?.graph_name.is_default_graph() {
                still_stated = true;
                break;
            }
        }
        if !still_stated {
            transaction.remove(triple.in_graph(GraphNameRef::DefaultGraph));
        }
    }
    Ok(())
}

/// The article graphs of one input: those whose document has `gy:sourcePath
/// source_key`, and a graph an older gyoryu wrote for its `gy:sourceFile`
/// (named after the content hash alone), which the input's new graph
/// replaces.
fn graphs_of_source(
    transaction: &Transaction<'_>,
    source_key: &str,
    source_file: Option<&str>,
) -> Result<HashSet<NamedOrBlankNode>, StoreError> {
    let key_literal = Literal::new_simple_literal(source_key);
    let mut graphs = HashSet::new();
    for quad in transaction.quads_for_pattern(None, Some(vocab::SOURCE_PATH), Some(key_literal.as_ref().into()), None) {
        match quad?.graph_name {
            GraphName::NamedNode(name) if name.as_str() != vocab::ONTOLOGY_GRAPH => {
                graphs.insert(NamedOrBlankNode::NamedNode(name));
            }
            GraphName::BlankNode(name) => {
                graphs.insert(NamedOrBlankNode::BlankNode(name));
            }
            _ => {}
        }
    }
    let Some(source_file) = source_file else { return Ok(graphs) };
    let file_literal = Literal::new_simple_literal(source_file);
    for quad in transaction.quads_for_pattern(None, Some(vocab::SOURCE_FILE), Some(file_literal.as_ref().into()), None)
    {
        let GraphName::NamedNode(name) = quad?.graph_name else { continue };
        let subject = NamedOrBlankNode::NamedNode(name.clone());
        let hash = transaction
            .quads_for_pattern(Some(subject.as_ref()), Some(vocab::CONTENT_HASH), None, Some(name.as_ref().into()))
            .next()
            .transpose()?;
        if let Some(Quad { object: Term::Literal(hash), .. }) = hash {
            if name.as_str() == gyoryu_graph::rdf::legacy_document_iri(hash.value()) {
                graphs.insert(NamedOrBlankNode::NamedNode(name));
            }
        }
    }
    Ok(graphs)
}

/// The value of the first literal `predicate` has among `quads`.
pub(crate) fn literal_value(quads: &[Quad], predicate: NamedNodeRef<'_>) -> Option<String> {
    quads.iter().find(|quad| quad.predicate.as_ref() == predicate).and_then(|quad| match &quad.object {
        Term::Literal(literal) => Some(literal.value().to_owned()),
        _ => None,
    })
}
