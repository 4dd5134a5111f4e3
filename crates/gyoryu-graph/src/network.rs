//! The actor/event network as a `petgraph` graph.
//!
//! The RDF store keeps each article's facts in its own named graph; analysts
//! and graph tools (Gephi, Cytoscape, yEd) want one network where an actor is
//! a single node however many articles mention it. [`KnowledgeGraph`] is that
//! view: it reads quads, ignores which graph they came from (so the union of
//! all articles merges shared actors), and keeps only the typed actors and
//! events and the three relations between them.
//!
//! Nodes and edges are inserted in IRI order, so iterating the graph is
//! deterministic.
//!
//! [`NodeFacts`] is how one subject's quads become a [`Node`]; the GraphML
//! and GEXF exports use it to read the network one node at a time from the
//! store instead of building this whole view.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use oxrdf::{NamedOrBlankNode, Quad, Term};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::article::is_document_link;
pub use crate::article::{category_of_class, known_class, node_classes, Category, Relation};
use crate::vocab;

/// One actor or event, with its attributes merged over every article.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub iri: String,
    pub category: Category,
    /// Local name of the ontology class: `Province`, `Agreement`, …
    pub class: &'static str,
    pub label: String,
    /// Other names (`skos:altLabel`), sorted, without the label itself.
    pub aliases: Vec<String>,
    /// A person's title (`gy:title`).
    pub title: Option<String>,
    /// First day of an event.
    pub date: Option<NaiveDate>,
    /// Last day of an event that spans several days.
    pub end_date: Option<NaiveDate>,
    /// `reported`, `planned` or `past` for events.
    pub status: Option<String>,
    /// The highest confidence any article gave this node.
    pub confidence: Option<f64>,
    /// How many distinct articles mention this actor or report this event.
    pub documents: usize,
}

/// A directed relation between two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    pub relation: Relation,
}

/// An edge seen together with the nodes it joins.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub source: &'a Node,
    pub target: &'a Node,
    pub edge: &'a Edge,
}

/// The merged actor/event network of every article in a set of quads.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    index_by_iri: HashMap<String, NodeIndex>,
}

/// What the quads say about one subject, gathered before it is known to be a
/// node: feed it the subject's quads with [`NodeFacts::record`] (from any
/// graphs but the ontology's, in any order) and ask [`NodeFacts::node`].
#[derive(Debug, Default)]
pub struct NodeFacts {
    classes: BTreeSet<&'static str>,
    labels: BTreeSet<(bool, String)>,
    aliases: BTreeSet<String>,
    titles: BTreeSet<String>,
    dates: BTreeSet<NaiveDate>,
    end_dates: BTreeSet<NaiveDate>,
    statuses: BTreeSet<String>,
    confidence: Option<f64>,
    documents: BTreeSet<String>,
    /// Graphs in which the subject is typed; counts documents when no
    /// `gy:mentionedIn`/`gy:source` link says which article it came from.
    typed_in_graphs: BTreeSet<String>,
    links: BTreeSet<(Relation, String)>,
}

impl KnowledgeGraph {
    /// Builds the network from quads of any graphs, treating them as one union
    /// graph. The ontology graph is skipped so class declarations never become
    /// nodes; edges are kept only when both ends are actors or events.
    pub fn from_quads(quads: impl IntoIterator<Item = Quad>) -> Self {
        let mut facts: BTreeMap<String, NodeFacts> = BTreeMap::new();
        for quad in quads {
            if let oxrdf::GraphName::NamedNode(graph) = &quad.graph_name {
                if graph.as_str() == vocab::ONTOLOGY_GRAPH {
                    continue;
                }
            }
            let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let entry = facts.entry(subject.as_str().to_owned()).or_default();
            entry.record(&quad);
        }

        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        for (iri, fact) in &facts {
            if let Some(node) = fact.node(iri) {
                nodes.insert(iri.clone(), node);
            }
        }

        let mut network = KnowledgeGraph::default();
        for (iri, node) in nodes {
            let index = network.graph.add_node(node);
            network.index_by_iri.insert(iri, index);
        }
        // `facts` is ordered by subject and each link set by relation then
        // target, so edges are added in a stable order too.
        for (iri, fact) in &facts {
            let Some(&source) = network.index_by_iri.get(iri) else {
                continue;
            };
            for (relation, target_iri) in &fact.links {
                if let Some(&target) = network.index_by_iri.get(target_iri) {
                    network.graph.add_edge(source, target, Edge { relation: *relation });
                }
            }
        }
        network
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every node, sorted by IRI.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.graph.node_weights()
    }

    /// Every edge, sorted by source IRI, then relation, then target IRI.
    pub fn edges(&self) -> impl Iterator<Item = Link<'_>> + '_ {
        self.graph.edge_references().map(|edge| Link {
            source: &self.graph[edge.source()],
            target: &self.graph[edge.target()],
            edge: edge.weight(),
        })
    }

    pub fn node(&self, iri: &str) -> Option<&Node> {
        self.index_by_iri.get(iri).map(|&index| &self.graph[index])
    }

    /// Number of edges touching the node in either direction, or `None` when
    /// the IRI is not a node.
    pub fn degree(&self, iri: &str) -> Option<usize> {
        let &index = self.index_by_iri.get(iri)?;
        let outgoing = self.graph.edges_directed(index, Direction::Outgoing).count();
        let incoming = self.graph.edges_directed(index, Direction::Incoming).count();
        Some(outgoing + incoming)
    }

    /// The nodes an edge joins to this one, in either direction, with the relation.
    pub fn neighbours(&self, iri: &str) -> Vec<(&Node, Relation)> {
        let Some(&index) = self.index_by_iri.get(iri) else {
            return Vec::new();
        };
        let mut found: Vec<(&Node, Relation)> = self
            .graph
            .edges_directed(index, Direction::Outgoing)
            .map(|edge| (&self.graph[edge.target()], edge.weight().relation))
            .chain(
                self.graph
                    .edges_directed(index, Direction::Incoming)
                    .map(|edge| (&self.graph[edge.source()], edge.weight().relation)),
            )
            .collect();
        found.sort_by(|a, b| a.0.iri.cmp(&b.0.iri).then(a.1.cmp(&b.1)));
        found
    }

    /// The underlying petgraph graph, for running graph algorithms.
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    pub fn index_of(&self, iri: &str) -> Option<NodeIndex> {
        self.index_by_iri.get(iri).copied()
    }
}

impl NodeFacts {
    /// Takes in one quad whose subject is this node's.
    pub fn record(&mut self, quad: &Quad) {
        record_fact(self, quad);
    }

    /// The node these facts describe, or `None` when the subject has none of
    /// the actor or event classes.
    pub fn node(&self, iri: &str) -> Option<Node> {
        node_from_facts(iri, self)
    }

    /// Whether a `gy:mentionedIn` or `gy:source` link names a document; when
    /// none does, [`Node::documents`] counts the graphs typing the subject,
    /// so those quads must have been recorded too.
    pub fn has_documents(&self) -> bool {
        !self.documents.is_empty()
    }

    /// The relations from this subject, by relation then target IRI.
    pub fn links(&self) -> impl Iterator<Item = (Relation, &str)> + '_ {
        self.links.iter().map(|(relation, target)| (*relation, target.as_str()))
    }
}

fn record_fact(entry: &mut NodeFacts, quad: &Quad) {
    let predicate = quad.predicate.as_str();
    if predicate == vocab::RDF_TYPE.as_str() {
        if let Term::NamedNode(class) = &quad.object {
            if let Some(name) = known_class(class.as_str()) {
                entry.classes.insert(name);
                if let oxrdf::GraphName::NamedNode(graph) = &quad.graph_name {
                    entry.typed_in_graphs.insert(graph.as_str().to_owned());
                }
            }
        }
        return;
    }
    if let Some(relation) = Relation::from_predicate(predicate) {
        if let Term::NamedNode(target) = &quad.object {
            entry.links.insert((relation, target.as_str().to_owned()));
        }
        return;
    }
    if is_document_link(predicate) {
        if let Term::NamedNode(document) = &quad.object {
            entry.documents.insert(document.as_str().to_owned());
        }
        return;
    }
    let Term::Literal(literal) = &quad.object else {
        return;
    };
    let value = literal.value();
    if predicate == vocab::RDFS_LABEL.as_str() {
        // Korean labels win over labels in other languages; `false` sorts first.
        let is_korean = literal.language().is_some_and(|lang| lang.eq_ignore_ascii_case("ko"));
        entry.labels.insert((!is_korean, value.to_owned()));
    } else if predicate == vocab::SKOS_ALT_LABEL.as_str() {
        entry.aliases.insert(value.to_owned());
    } else if predicate == vocab::TITLE.as_str() {
        entry.titles.insert(value.to_owned());
    } else if predicate == vocab::DATE.as_str() {
        if let Ok(date) = value.parse::<NaiveDate>() {
            entry.dates.insert(date);
        }
    } else if predicate == vocab::END_DATE.as_str() {
        if let Ok(date) = value.parse::<NaiveDate>() {
            entry.end_dates.insert(date);
        }
    } else if predicate == vocab::STATUS.as_str() {
        entry.statuses.insert(value.to_owned());
    } else if predicate == vocab::CONFIDENCE.as_str() {
        if let Ok(confidence) = value.parse::<f64>() {
            if confidence.is_finite() {
                entry.confidence = Some(entry.confidence.map_or(confidence, |c| c.max(confidence)));
            }
        }
    }
}

fn node_from_facts(iri: &str, facts: &NodeFacts) -> Option<Node> {
    // A subject typed with several known classes (two articles disagreeing)
    // keeps the first in the fixed order of the model's kinds, so the choice
    // does not depend on which article was read first.
    let class = node_classes().find(|name| facts.classes.contains(name))?;
    let label =
        facts.labels.iter().next().map(|(_, label)| label.clone()).unwrap_or_else(|| local_part(iri).to_owned());
    let aliases = facts.aliases.iter().filter(|alias| **alias != label).cloned().collect();
    let documents = if facts.documents.is_empty() { facts.typed_in_graphs.len() } else { facts.documents.len() };
    Some(Node {
        iri: iri.to_owned(),
        category: category_of_class(class),
        class,
        label,
        aliases,
        title: facts.titles.iter().next().cloned(),
        date: facts.dates.iter().next().copied(),
        end_date: facts.end_dates.iter().next_back().copied(),
        status: facts.statuses.iter().next().cloned(),
        confidence: facts.confidence,
        documents,
    })
}

fn local_part(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{GraphName, Literal, NamedNode};

    const ID: &str = vocab::ID_BASE;

    fn iri(local: &str) -> NamedNode {
        NamedNode::new(format!("{ID}{local}")).unwrap()
    }

    fn in_graph(graph: &str) -> GraphName {
        iri(graph).into()
    }

    fn typed(subject: &str, class: &str, graph: &str) -> Quad {
        Quad::new(iri(subject), vocab::RDF_TYPE, NamedNode::new(vocab::class_iri(class)).unwrap(), in_graph(graph))
    }

    fn literal(subject: &str, predicate: oxrdf::NamedNodeRef<'_>, object: Literal, graph: &str) -> Quad {
        Quad::new(iri(subject), predicate, object, in_graph(graph))
    }

    fn link(subject: &str, predicate: oxrdf::NamedNodeRef<'_>, object: &str, graph: &str) -> Quad {
        Quad::new(iri(subject), predicate, iri(object), in_graph(graph))
    }

    fn ko(text: &str) -> Literal {
        Literal::new_language_tagged_literal_unchecked(text, "ko")
    }

    fn date(text: &str) -> Literal {
        Literal::new_typed_literal(text, vocab::XSD_DATE)
    }

    fn double(value: &str) -> Literal {
        Literal::new_typed_literal(value, vocab::XSD_DOUBLE)
    }

    /// Two articles: both mention Gyeongnam; the first has an agreement with
    /// Texas at Changwon, the second a visit by the governor.
    fn two_articles() -> Vec<Quad> {
        vec![
            typed("doc/a", "Document", "doc/a"),
            typed("province/gyeongnam", "Province", "doc/a"),
            literal("province/gyeongnam", vocab::RDFS_LABEL, ko("경상남도"), "doc/a"),
            literal("province/gyeongnam", vocab::SKOS_ALT_LABEL, ko("경남"), "doc/a"),
            literal("province/gyeongnam", vocab::CONFIDENCE, double("0.8"), "doc/a"),
            link("province/gyeongnam", vocab::MENTIONED_IN, "doc/a", "doc/a"),
            typed("province/texas", "Province", "doc/a"),
            literal("province/texas", vocab::RDFS_LABEL, ko("텍사스주"), "doc/a"),
            typed("city/changwon", "City", "doc/a"),
            literal("city/changwon", vocab::RDFS_LABEL, ko("창원시"), "doc/a"),
            typed("event/a1", "Agreement", "doc/a"),
            literal("event/a1", vocab::RDFS_LABEL, ko("경남-텍사스 업무협약"), "doc/a"),
            literal("event/a1", vocab::DATE, date("2023-10-05"), "doc/a"),
            literal("event/a1", vocab::STATUS, Literal::new_simple_literal("reported"), "doc/a"),
            link("event/a1", vocab::PARTICIPANT, "province/gyeongnam", "doc/a"),
            link("event/a1", vocab::PARTICIPANT, "province/texas", "doc/a"),
            link("event/a1", vocab::LOCATION, "city/changwon", "doc/a"),
            // An edge to something that is not a node must be dropped.
            link("event/a1", vocab::PARTICIPANT, "unknown/thing", "doc/a"),
            link("event/a1", vocab::SOURCE, "doc/a", "doc/a"),
            typed("doc/b", "Document", "doc/b"),
            typed("province/gyeongnam", "Province", "doc/b"),
            literal("province/gyeongnam", vocab::RDFS_LABEL, ko("경상남도"), "doc/b"),
            literal("province/gyeongnam", vocab::SKOS_ALT_LABEL, ko("도"), "doc/b"),
            literal("province/gyeongnam", vocab::CONFIDENCE, double("0.95"), "doc/b"),
            link("province/gyeongnam", vocab::MENTIONED_IN, "doc/b", "doc/b"),
            typed("person/park", "Person", "doc/b"),
            literal("person/park", vocab::RDFS_LABEL, ko("박완수"), "doc/b"),
            literal("person/park", vocab::TITLE, ko("도지사"), "doc/b"),
            link("person/park", vocab::AFFILIATION, "province/gyeongnam", "doc/b"),
            typed("event/b1", "Visit", "doc/b"),
            literal("event/b1", vocab::RDFS_LABEL, ko("박완수 도지사 방문"), "doc/b"),
            literal("event/b1", vocab::DATE, date("2023-11-21"), "doc/b"),
            literal("event/b1", vocab::END_DATE, date("2023-11-29"), "doc/b"),
            link("event/b1", vocab::PARTICIPANT, "person/park", "doc/b"),
            // The same participant stated twice is one edge.
            link("event/b1", vocab::PARTICIPANT, "person/park", "doc/a"),
            // Ontology statements never become nodes.
            Quad::new(
                NamedNode::new(vocab::class_iri("Province")).unwrap(),
                vocab::RDF_TYPE,
                NamedNode::new(vocab::class_iri("Agreement")).unwrap(),
                NamedNode::new(vocab::ONTOLOGY_GRAPH).unwrap(),
            ),
        ]
    }

    #[test]
    fn union_of_graphs_merges_shared_actors() {
        let graph = KnowledgeGraph::from_quads(two_articles());
        // gyeongnam, texas, changwon, park, a1, b1; documents are not nodes.
        assert_eq!(graph.node_count(), 6);
        let gyeongnam = graph.node(&format!("{ID}province/gyeongnam")).unwrap();
        assert_eq!(gyeongnam.category, Category::Actor);
        assert_eq!(gyeongnam.class, "Province");
        assert_eq!(gyeongnam.label, "경상남도");
        assert_eq!(gyeongnam.aliases, vec!["경남".to_owned(), "도".to_owned()]);
        assert_eq!(gyeongnam.documents, 2);
        assert_eq!(gyeongnam.confidence, Some(0.95));
        assert!(graph.node(&vocab::class_iri("Province")).is_none());
        assert!(graph.node(&format!("{ID}doc/a")).is_none());
    }

    #[test]
    fn edges_need_both_ends_and_are_not_duplicated() {
        let graph = KnowledgeGraph::from_quads(two_articles());
        // a1: 2 participants + 1 location; park affiliation; b1 participant.
        assert_eq!(graph.edge_count(), 5);
        let relations: Vec<(String, &str, String)> = graph
            .edges()
            .map(|link| (link.source.label.clone(), link.edge.relation.name(), link.target.label.clone()))
            .collect();
        assert!(relations.contains(&("박완수".to_owned(), "affiliation", "경상남도".to_owned())));
        assert!(relations.contains(&("경남-텍사스 업무협약".to_owned(), "location", "창원시".to_owned())));
        assert_eq!(graph.degree(&format!("{ID}province/gyeongnam")), Some(2));
        assert_eq!(graph.degree(&format!("{ID}person/park")), Some(2));
        assert_eq!(graph.degree(&format!("{ID}unknown/thing")), None);
        let neighbours = graph.neighbours(&format!("{ID}person/park"));
        assert_eq!(neighbours.len(), 2);
    }

    #[test]
    fn events_carry_dates_status_and_title_attributes() {
        let graph = KnowledgeGraph::from_quads(two_articles());
        let visit = graph.node(&format!("{ID}event/b1")).unwrap();
        assert_eq!(visit.category, Category::Event);
        assert_eq!(visit.class, "Visit");
        assert_eq!(visit.date, NaiveDate::from_ymd_opt(2023, 11, 21));
        assert_eq!(visit.end_date, NaiveDate::from_ymd_opt(2023, 11, 29));
        let agreement = graph.node(&format!("{ID}event/a1")).unwrap();
        assert_eq!(agreement.status.as_deref(), Some("reported"));
        assert_eq!(agreement.end_date, None);
        assert_eq!(agreement.documents, 1);
        let park = graph.node(&format!("{ID}person/park")).unwrap();
        assert_eq!(park.title.as_deref(), Some("도지사"));
        // No mentionedIn link: counted by the graphs typing it.
        assert_eq!(park.documents, 1);
    }

    #[test]
    fn iteration_order_is_sorted_and_independent_of_input_order() {
        let forward = KnowledgeGraph::from_quads(two_articles());
        let mut reversed_quads = two_articles();
        reversed_quads.reverse();
        let reversed = KnowledgeGraph::from_quads(reversed_quads);

        let iris: Vec<&str> = forward.nodes().map(|node| node.iri.as_str()).collect();
        let mut sorted = iris.clone();
        sorted.sort();
        assert_eq!(iris, sorted);

        let describe = |graph: &KnowledgeGraph| -> Vec<String> {
            graph
                .nodes()
                .map(|node| format!("{node:?}"))
                .chain(
                    graph.edges().map(|link| format!("{} {} {}", link.source.iri, link.edge.relation, link.target.iri)),
                )
                .collect()
        };
        assert_eq!(describe(&forward), describe(&reversed));
    }

    #[test]
    fn empty_input_gives_an_empty_graph() {
        let graph = KnowledgeGraph::from_quads(Vec::new());
        assert_eq!(graph.node_count(), 0);
        assert_eq!(graph.edge_count(), 0);
        assert_eq!(graph.nodes().count(), 0);
    }
}
