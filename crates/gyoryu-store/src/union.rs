//! The dataset SPARQL queries run against: the store's named graphs, with a
//! default graph that is their *set* union.
//!
//! oxigraph's own "default graph = union" mode yields one match per graph a
//! triple is in, so an actor mentioned by five articles would come back five
//! times from `?a rdfs:label ?l`, and joins would multiply that. An RDF merge
//! is a set of triples; this view gives queries exactly that, while `GRAPH`
//! patterns still see each article's graph on its own.

use std::collections::HashSet;

use oxigraph::model::{
    GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::{StorageError, Store};
use spareval::{InternalQuad, QueryableDataset};

type QuadResults = Box<dyn Iterator<Item = Result<InternalQuad<Term>, StorageError>>>;

pub(crate) struct UnionView {
    store: Store,
}

impl UnionView {
    pub(crate) fn new(store: &Store) -> Self {
        UnionView {
            store: store.clone(),
        }
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(node) => Some(node.as_ref().into()),
        Term::BlankNode(node) => Some(node.as_ref().into()),
        _ => None,
    }
}

fn as_predicate(term: &Term) -> Option<NamedNodeRef<'_>> {
    match term {
        Term::NamedNode(node) => Some(node.as_ref()),
        _ => None,
    }
}

fn as_graph(term: &Term) -> Option<GraphNameRef<'_>> {
    match term {
        Term::NamedNode(node) => Some(node.as_ref().into()),
        Term::BlankNode(node) => Some(node.as_ref().into()),
        _ => None,
    }
}

fn to_internal(quad: Quad) -> InternalQuad<Term> {
    InternalQuad {
        subject: quad.subject.into(),
        predicate: quad.predicate.into(),
        object: quad.object,
        graph_name: match quad.graph_name {
            GraphName::NamedNode(node) => Some(node.into()),
            GraphName::BlankNode(node) => Some(node.into()),
            GraphName::DefaultGraph => None,
        },
    }
}

impl UnionView {
    fn quads_matching(
        &self,
        subject: Option<&Term>,
        predicate: Option<&Term>,
        object: Option<&Term>,
        graph_name: Option<Option<&Term>>,
    ) -> QuadResults {
        // A bound position holding a term that cannot appear there (a literal
        // subject, say) matches nothing.
        let subject = match subject.map(as_subject) {
            Some(None) => return Box::new(std::iter::empty()),
            other => other.flatten(),
        };
        let predicate = match predicate.map(as_predicate) {
            Some(None) => return Box::new(std::iter::empty()),
            other => other.flatten(),
        };
        let object: Option<TermRef<'_>> = object.map(Term::as_ref);
        match graph_name {
            Some(Some(graph)) => {
                let Some(graph) = as_graph(graph) else {
                    return Box::new(std::iter::empty());
                };
                Box::new(
                    self.store
                        .quads_for_pattern(subject, predicate, object, Some(graph))
                        .map(|quad| quad.map(to_internal)),
                )
            }
            Some(None) => {
                // The default graph: every triple of every graph, once.
                let mut seen = HashSet::new();
                let quads = self
                    .store
                    .quads_for_pattern(subject, predicate, object, None)
                    .filter_map(move |quad| match quad {
                        Ok(quad) => {
                            let mut quad = to_internal(quad);
                            quad.graph_name = None;
                            let key = (
                                quad.subject.clone(),
                                quad.predicate.clone(),
                                quad.object.clone(),
                            );
                            seen.insert(key).then_some(Ok(quad))
                        }
                        Err(error) => Some(Err(error)),
                    });
                Box::new(quads)
            }
            None => {
                let quads = self
                    .store
                    .quads_for_pattern(subject, predicate, object, None)
                    .filter(|quad| {
                        !quad
                            .as_ref()
                            .is_ok_and(|quad| quad.graph_name.is_default_graph())
                    })
                    .map(|quad| quad.map(to_internal));
                Box::new(quads)
            }
        }
    }
}

impl QueryableDataset<'static> for UnionView {
    type InternalTerm = Term;
    type Error = StorageError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&Term>,
        predicate: Option<&Term>,
        object: Option<&Term>,
        graph_name: Option<Option<&Term>>,
    ) -> impl Iterator<Item = Result<InternalQuad<Term>, StorageError>> + use<> {
        let quads: QuadResults = self.quads_matching(subject, predicate, object, graph_name);
        quads
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<Term, StorageError>> + use<> {
        self.store.named_graphs().map(|graph| graph.map(Term::from))
    }

    fn contains_internal_graph_name(&self, graph_name: &Term) -> Result<bool, StorageError> {
        match graph_name {
            Term::NamedNode(node) => self.store.contains_named_graph(node.as_ref()),
            Term::BlankNode(node) => self.store.contains_named_graph(node.as_ref()),
            _ => Ok(false),
        }
    }

    fn internalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }

    fn externalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }
}
