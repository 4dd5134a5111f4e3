//! The actor/event network read from a quad source one node at a time, for
//! the GraphML and GEXF exports: the same nodes, attributes and edges as
//! `gyoryu_graph::network::KnowledgeGraph` built from every article quad,
//! without holding it.
//!
//! Nodes come class by class in the model's order (the actor kinds, then the
//! event kinds), and edges source by source in the same order, by relation
//! and target; a node's facts are read from the default graph and merged by
//! `NodeFacts` as the network view merges them, its degree by looking its
//! neighbours up.

use gyoryu_graph::network::{self, Category, Node, NodeFacts, Relation};
use gyoryu_graph::{article, vocab};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, QuadRef, Term};

use crate::{ExportError, QuadSource};

/// The actor/event network read from a source one node at a time: the same
/// nodes, attributes and edges as [`network::KnowledgeGraph`] built from
/// every article quad, without holding it.
///
/// A node's facts are read from the default graph, the union of the named
/// graphs (the ontology's declares classes, never actors or events), and
/// from the graphs typing it when no document link counts its articles. An
/// edge counts only when both ends are nodes, as in the network view.
pub(crate) struct Network<'a> {
    source: &'a dyn QuadSource,
    /// Each class of [`network::node_classes`] with its IRI.
    classes: Vec<(&'static str, NamedNode)>,
    /// Whether an IRI is a node, for the IRIs looked up last (the busiest
    /// actors are the ends of many edges); emptied when it reaches
    /// [`KNOWN_LIMIT`], so it never grows with the store.
    known: std::cell::RefCell<std::collections::HashMap<String, bool>>,
}

/// How many answers [`Network::is_node`] keeps (about 10 MB).
const KNOWN_LIMIT: usize = 100_000;

/// An edge between two nodes, as the network exports write it.
pub(crate) struct NetworkEdge<'a> {
    pub source: &'a NamedNode,
    pub relation: Relation,
    pub target: &'a NamedNode,
    /// The event the edge belongs to (its source, else its target), whose
    /// dates the edge shares.
    pub event: Option<&'a Node>,
}

impl<'a> Network<'a> {
    pub(crate) fn new(source: &'a dyn QuadSource) -> Self {
        let classes =
            network::node_classes().map(|class| (class, NamedNode::new_unchecked(vocab::class_iri(class)))).collect();
        Network { source, classes, known: Default::default() }
    }

    /// Hands `visit` every node's IRI and class once: class by class in the
    /// model's order (a subject typed with several comes under the first).
    fn for_each_subject(
        &self,
        mut visit: impl FnMut(NamedNode, &'static str) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        for (rank, (class, class_iri)) in self.classes.iter().enumerate() {
            let typed = self.source.quads_matching(
                None,
                Some(vocab::RDF_TYPE),
                Some(class_iri.into()),
                Some(GraphNameRef::DefaultGraph),
            )?;
            for quad in typed {
                let NamedOrBlankNode::NamedNode(subject) = quad?.subject else {
                    continue;
                };
                let mut earlier = false;
                for (_, earlier_class) in &self.classes[..rank] {
                    earlier |= self.source.contains(QuadRef::new(
                        &subject,
                        vocab::RDF_TYPE,
                        earlier_class,
                        GraphNameRef::DefaultGraph,
                    ))?;
                }
                if !earlier {
                    visit(subject, class)?;
                }
            }
        }
        Ok(())
    }

    /// Feeds `facts` the default graph's statements `subject predicate ?`.
    fn record(
        &self,
        facts: &mut NodeFacts,
        subject: NamedNodeRef<'_>,
        predicate: Option<NamedNodeRef<'_>>,
    ) -> Result<(), ExportError> {
        for quad in
            self.source.quads_matching(Some(subject.into()), predicate, None, Some(GraphNameRef::DefaultGraph))?
        {
            facts.record(&quad?);
        }
        Ok(())
    }

    /// The node `subject` with all its attributes, and its out-going links.
    fn node(&self, subject: NamedNodeRef<'_>) -> Result<Option<(Node, NodeFacts)>, ExportError> {
        let mut facts = NodeFacts::default();
        self.record(&mut facts, subject, None)?;
        if !facts.has_documents() {
            // Then the node's articles are the graphs typing it.
            for quad in self.source.quads_matching(Some(subject.into()), Some(vocab::RDF_TYPE), None, None)? {
                let quad = quad?;
                if article::is_article_graph(quad.graph_name.as_ref()) {
                    facts.record(&quad);
                }
            }
        }
        Ok(facts.node(subject.as_str()).map(|node| (node, facts)))
    }

    /// The node `subject` with only its class and dates, or `None` when it is
    /// no node.
    fn node_dates(&self, subject: NamedNodeRef<'_>) -> Result<Option<Node>, ExportError> {
        let mut facts = NodeFacts::default();
        for predicate in [vocab::RDF_TYPE, vocab::DATE, vocab::END_DATE] {
            self.record(&mut facts, subject, Some(predicate))?;
        }
        Ok(facts.node(subject.as_str()))
    }

    /// Whether `iri` is typed with one of the actor or event classes.
    fn is_node(&self, iri: NamedNodeRef<'_>) -> Result<bool, ExportError> {
        if let Some(&known) = self.known.borrow().get(iri.as_str()) {
            return Ok(known);
        }
        let answer = self.looks_like_node(iri)?;
        let mut known = self.known.borrow_mut();
        if known.len() >= KNOWN_LIMIT {
            known.clear();
        }
        known.insert(iri.as_str().to_owned(), answer);
        Ok(answer)
    }

    fn looks_like_node(&self, iri: NamedNodeRef<'_>) -> Result<bool, ExportError> {
        for quad in self.source.quads_matching(
            Some(iri.into()),
            Some(vocab::RDF_TYPE),
            None,
            Some(GraphNameRef::DefaultGraph),
        )? {
            if let Term::NamedNode(class) = quad?.object {
                if network::known_class(class.as_str()).is_some() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The number of edges touching a node, in either direction.
    fn degree(&self, subject: NamedNodeRef<'_>, facts: &NodeFacts) -> Result<usize, ExportError> {
        let mut degree = 0;
        for (_, target) in facts.links() {
            if self.is_node(NamedNodeRef::new_unchecked(target))? {
                degree += 1;
            }
        }
        for relation in Relation::ALL {
            for quad in self.source.quads_matching(
                None,
                Some(relation.predicate()),
                Some(subject.into()),
                Some(GraphNameRef::DefaultGraph),
            )? {
                if let NamedOrBlankNode::NamedNode(source) = quad?.subject {
                    if self.is_node(source.as_ref())? {
                        degree += 1;
                    }
                }
            }
        }
        Ok(degree)
    }

    /// Hands `visit` every node with its degree, in the order of
    /// [`Network::for_each_subject`].
    pub(crate) fn for_each_node(
        &self,
        mut visit: impl FnMut(&Node, usize) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.for_each_subject(|subject, _| {
            if let Some((node, facts)) = self.node(subject.as_ref())? {
                let degree = self.degree(subject.as_ref(), &facts)?;
                visit(&node, degree)?;
            }
            Ok(())
        })
    }

    /// Hands `visit` every edge: source by source in the order of
    /// [`Network::for_each_subject`], then by relation, then by target in the
    /// source's order.
    pub(crate) fn for_each_edge(
        &self,
        mut visit: impl FnMut(&NetworkEdge<'_>) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.for_each_subject(|source, class| {
            let source_event = if network::category_of_class(class) == Category::Event {
                self.node_dates(source.as_ref())?
            } else {
                None
            };
            for relation in Relation::ALL {
                let links = self.source.quads_matching(
                    Some(source.as_ref().into()),
                    Some(relation.predicate()),
                    None,
                    Some(GraphNameRef::DefaultGraph),
                )?;
                for quad in links {
                    let Term::NamedNode(target) = quad?.object else {
                        continue;
                    };
                    let target_node = match &source_event {
                        Some(_) => None,
                        None => self.node_dates(target.as_ref())?,
                    };
                    let is_target_node = match &source_event {
                        Some(_) => self.is_node(target.as_ref())?,
                        None => target_node.is_some(),
                    };
                    if !is_target_node {
                        continue;
                    }
                    let event =
                        source_event.as_ref().or(target_node.as_ref().filter(|node| node.category == Category::Event));
                    visit(&NetworkEdge { source: &source, relation, target: &target, event })?;
                }
            }
            Ok(())
        })
    }
}
