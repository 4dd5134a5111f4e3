//! Writing the whole store out: RDF for other triple stores, GraphML and GEXF
//! for network tools (Gephi, Cytoscape, yEd).
//!
//! Every format is a [`GraphWriter`], and every writer streams: it reads the
//! store pattern by pattern and writes each statement, node or edge as it
//! reads it, so its memory does not grow with the store (the largest thing
//! held is what one node's facts say, and for Turtle and N-Triples the
//! ontology's own triples).
//!
//! # Order
//!
//! Output follows the store's own indexes rather than a sort. On disk
//! (RocksDB, what `gyoryu` always opens) an index is ordered by the encoded
//! terms, and a named node or long literal is encoded by a fixed hash of its
//! text: the same contents give the same bytes, however and in whatever order
//! they were loaded. An in-memory store (tests) keeps its quads in insertion
//! order, so there each pattern's matches are sorted by their text first.
//!
//! * Turtle and N-Triples: the default graph subject by subject, each
//!   subject's `rdf:type` statements first so Turtle opens a resource with
//!   its class.
//! * N-Quads and TriG: graph by graph, and within a graph the same.
//! * GraphML and GEXF: the nodes class by class in the model's order (the
//!   actor kinds, then the event kinds), then the edges source by source in
//!   the same order, by relation and target.
//!
//! The writers read the store several times and assume nobody writes to it
//! meanwhile, which a read-only open (what `export` uses) guarantees.

use std::collections::HashSet;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

use gyoryu_graph::network::{self, Category, Node, NodeFacts, Relation};
use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef,
    Triple,
};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use crate::{is_ontology_graph, Store, StoreError};

/// One export format.
pub trait GraphWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    GraphMl,
    Gexf,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Turtle,
        ExportFormat::NTriples,
        ExportFormat::NQuads,
        ExportFormat::TriG,
        ExportFormat::GraphMl,
        ExportFormat::Gexf,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "turtle",
            ExportFormat::NTriples => "ntriples",
            ExportFormat::NQuads => "nquads",
            ExportFormat::TriG => "trig",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "ttl",
            ExportFormat::NTriples => "nt",
            ExportFormat::NQuads => "nq",
            ExportFormat::TriG => "trig",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
        }
    }

    /// Whether the format keeps each article in its own graph.
    pub fn keeps_graphs(self) -> bool {
        matches!(self, ExportFormat::NQuads | ExportFormat::TriG)
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format = match s.to_ascii_lowercase().as_str() {
            "turtle" | "ttl" => ExportFormat::Turtle,
            "ntriples" | "nt" => ExportFormat::NTriples,
            "nquads" | "nq" => ExportFormat::NQuads,
            "trig" => ExportFormat::TriG,
            "graphml" => ExportFormat::GraphMl,
            "gexf" => ExportFormat::Gexf,
            _ => {
                return Err(StoreError::UnknownFormat {
                    given: s.to_owned(),
                    expected: "turtle, ntriples, nquads, trig, graphml, gexf",
                })
            }
        };
        Ok(format)
    }
}

/// The writer for `format`, leaving the ontology graph out.
pub fn writer(format: ExportFormat) -> Box<dyn GraphWriter> {
    writer_with_ontology(format, false)
}

/// The writer for `format`; with `include_ontology` the RDF formats also
/// write the ontology graph. GraphML and GEXF never show it: classes are not
/// actors or events.
pub fn writer_with_ontology(format: ExportFormat, include_ontology: bool) -> Box<dyn GraphWriter> {
    let rdf = |syntax| Box::new(RdfWriter { syntax, include_ontology }) as Box<dyn GraphWriter>;
    match format {
        ExportFormat::Turtle => rdf(RdfSyntax::Turtle),
        ExportFormat::NTriples => rdf(RdfSyntax::NTriples),
        ExportFormat::NQuads => rdf(RdfSyntax::NQuads),
        ExportFormat::TriG => rdf(RdfSyntax::TriG),
        ExportFormat::GraphMl => Box::new(GraphMlWriter),
        ExportFormat::Gexf => Box::new(GexfWriter),
    }
}

/// The RDF syntaxes the store exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    Turtle,
    NTriples,
    NQuads,
    TriG,
}

impl RdfSyntax {
    fn format(self) -> RdfFormat {
        match self {
            RdfSyntax::Turtle => RdfFormat::Turtle,
            RdfSyntax::NTriples => RdfFormat::NTriples,
            RdfSyntax::NQuads => RdfFormat::NQuads,
            RdfSyntax::TriG => RdfFormat::TriG,
        }
    }

    fn keeps_graphs(self) -> bool {
        matches!(self, RdfSyntax::NQuads | RdfSyntax::TriG)
    }
}

/// Turtle and N-Triples flatten all article graphs into one (a triple stated
/// by several articles is written once); N-Quads and TriG keep the graphs.
#[derive(Debug, Clone, Copy)]
pub struct RdfWriter {
    pub syntax: RdfSyntax,
    pub include_ontology: bool,
}

impl GraphWriter for RdfWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
        let mut serializer = prefixed_serializer(self.syntax.format()).for_writer(&mut *out);
        if self.syntax.keeps_graphs() {
            for graph in named_graphs(store)? {
                let graph = GraphName::from(graph?);
                if !self.include_ontology && is_ontology_graph(graph.as_ref()) {
                    continue;
                }
                for_each_quad_of_graph(store, graph.as_ref(), |quad| {
                    serializer.serialize_quad(&quad)?;
                    Ok(())
                })?;
            }
        } else {
            // The default graph already is the de-duplicated union; only the
            // ontology's own triples may have to be left out.
            let ontology_only: HashSet<Triple> = if self.include_ontology {
                HashSet::new()
            } else {
                let mut only = HashSet::new();
                let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
                for quad in store.oxigraph().quads_for_pattern(None, None, None, Some(ontology.into())) {
                    let triple = Triple::from(quad?);
                    if !store.held_by_article(triple.as_ref())? {
                        only.insert(triple);
                    }
                }
                only
            };
            for_each_quad_of_graph(store, GraphNameRef::DefaultGraph, |quad| {
                let triple = Triple::from(quad);
                if !ontology_only.contains(&triple) {
                    serializer.serialize_triple(&triple)?;
                }
                Ok(())
            })?;
        }
        serializer.finish()?;
        Ok(())
    }
}

/// The quads matching a pattern in the order the writers use (see the
/// module's comment): the store's index order on disk, sorted by text in an
/// in-memory store.
fn matching(
    store: &Store,
    subject: Option<NamedOrBlankNodeRef<'_>>,
    predicate: Option<NamedNodeRef<'_>>,
    object: Option<TermRef<'_>>,
    graph: Option<GraphNameRef<'_>>,
) -> Result<Box<dyn Iterator<Item = Result<Quad, StoreError>>>, StoreError> {
    let quads = store.oxigraph().quads_for_pattern(subject, predicate, object, graph);
    if store.path().is_some() {
        return Ok(Box::new(quads.map(|quad| quad.map_err(StoreError::from))));
    }
    let mut quads = quads.collect::<Result<Vec<Quad>, _>>()?;
    quads.sort_by_cached_key(|quad| {
        (quad.graph_name.to_string(), quad.subject.to_string(), quad.predicate.to_string(), quad.object.to_string())
    });
    Ok(Box::new(quads.into_iter().map(Ok)))
}

/// The named graphs, in the order of [`matching`].
fn named_graphs(store: &Store) -> Result<Box<dyn Iterator<Item = Result<NamedOrBlankNode, StoreError>>>, StoreError> {
    let graphs = store.oxigraph().named_graphs();
    if store.path().is_some() {
        return Ok(Box::new(graphs.map(|graph| graph.map_err(StoreError::from))));
    }
    let mut graphs = graphs.collect::<Result<Vec<_>, _>>()?;
    graphs.sort_by_cached_key(ToString::to_string);
    Ok(Box::new(graphs.into_iter().map(Ok)))
}

/// Hands `emit` every quad of `graph`, subject by subject as the index has
/// them, each subject's `rdf:type` statements first.
fn for_each_quad_of_graph(
    store: &Store,
    graph: GraphNameRef<'_>,
    mut emit: impl FnMut(Quad) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut subject: Option<NamedOrBlankNode> = None;
    for quad in matching(store, None, None, None, Some(graph))? {
        let quad = quad?;
        if subject.as_ref() != Some(&quad.subject) {
            for typed in matching(store, Some(quad.subject.as_ref()), Some(vocab::RDF_TYPE), None, Some(graph))? {
                emit(typed?)?;
            }
            subject = Some(quad.subject.clone());
        }
        if quad.predicate.as_ref() != vocab::RDF_TYPE {
            emit(quad)?;
        }
    }
    Ok(())
}

/// An RDF serializer that knows gyoryu's prefixes and those of the id folders
/// (ignored by the line formats).
pub(crate) fn prefixed_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, namespace) in vocab::PREFIXES {
        serializer = serializer.with_prefix(prefix, namespace).expect("the vocabulary prefixes are valid IRIs");
    }
    for (prefix, namespace) in vocab::id_folder_prefixes() {
        serializer = serializer.with_prefix(prefix, namespace).expect("the id folders are valid IRIs");
    }
    serializer
}

/// Orders triples by subject with `rdf:type` first, so Turtle groups each
/// resource under one subject and opens it with its class.
pub(crate) fn sort_triples(triples: &mut [Triple]) {
    triples.sort_by_cached_key(|triple| {
        (
            triple.subject.to_string(),
            triple.predicate.as_ref() != vocab::RDF_TYPE,
            triple.predicate.to_string(),
            triple.object.to_string(),
        )
    });
}

/// The actor/event network read from the store one node at a time: the same
/// nodes, attributes and edges as [`network::KnowledgeGraph`] built from
/// every article quad, without holding it.
///
/// A node's facts are read from the default graph, the union of the named
/// graphs (the ontology's declares classes, never actors or events), and
/// from the graphs typing it when no document link counts its articles. An
/// edge counts only when both ends are nodes, as in the network view.
struct Network<'a> {
    store: &'a Store,
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
struct NetworkEdge<'a> {
    source: &'a NamedNode,
    relation: Relation,
    target: &'a NamedNode,
    /// The event the edge belongs to (its source, else its target), whose
    /// dates the edge shares.
    event: Option<&'a Node>,
}

impl<'a> Network<'a> {
    fn new(store: &'a Store) -> Self {
        let classes =
            network::node_classes().map(|class| (class, NamedNode::new_unchecked(vocab::class_iri(class)))).collect();
        Network { store, classes, known: Default::default() }
    }

    /// Hands `visit` every node's IRI and class once: class by class in the
    /// model's order (a subject typed with several comes under the first).
    fn for_each_subject(
        &self,
        mut visit: impl FnMut(NamedNode, &'static str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for (rank, (class, class_iri)) in self.classes.iter().enumerate() {
            let typed = matching(
                self.store,
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
                    earlier |= self.store.oxigraph().contains(oxigraph::model::QuadRef::new(
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
    ) -> Result<(), StoreError> {
        for quad in self.store.oxigraph().quads_for_pattern(
            Some(subject.into()),
            predicate,
            None,
            Some(GraphNameRef::DefaultGraph),
        ) {
            facts.record(&quad?);
        }
        Ok(())
    }

    /// The node `subject` with all its attributes, and its out-going links.
    fn node(&self, subject: NamedNodeRef<'_>) -> Result<Option<(Node, NodeFacts)>, StoreError> {
        let mut facts = NodeFacts::default();
        self.record(&mut facts, subject, None)?;
        if !facts.has_documents() {
            // Then the node's articles are the graphs typing it.
            for quad in self.store.oxigraph().quads_for_pattern(Some(subject.into()), Some(vocab::RDF_TYPE), None, None)
            {
                let quad = quad?;
                if !quad.graph_name.is_default_graph() && !is_ontology_graph(quad.graph_name.as_ref()) {
                    facts.record(&quad);
                }
            }
        }
        Ok(facts.node(subject.as_str()).map(|node| (node, facts)))
    }

    /// The node `subject` with only its class and dates, or `None` when it is
    /// no node.
    fn node_dates(&self, subject: NamedNodeRef<'_>) -> Result<Option<Node>, StoreError> {
        let mut facts = NodeFacts::default();
        for predicate in [vocab::RDF_TYPE, vocab::DATE, vocab::END_DATE] {
            self.record(&mut facts, subject, Some(predicate))?;
        }
        Ok(facts.node(subject.as_str()))
    }

    /// Whether `iri` is typed with one of the actor or event classes.
    fn is_node(&self, iri: NamedNodeRef<'_>) -> Result<bool, StoreError> {
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

    fn looks_like_node(&self, iri: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        for quad in self.store.oxigraph().quads_for_pattern(
            Some(iri.into()),
            Some(vocab::RDF_TYPE),
            None,
            Some(GraphNameRef::DefaultGraph),
        ) {
            if let Term::NamedNode(class) = quad?.object {
                if network::known_class(class.as_str()).is_some() {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The number of edges touching a node, in either direction.
    fn degree(&self, subject: NamedNodeRef<'_>, facts: &NodeFacts) -> Result<usize, StoreError> {
        let mut degree = 0;
        for (_, target) in facts.links() {
            if self.is_node(NamedNodeRef::new_unchecked(target))? {
                degree += 1;
            }
        }
        for relation in Relation::ALL {
            for quad in self.store.oxigraph().quads_for_pattern(
                None,
                Some(relation.predicate()),
                Some(subject.into()),
                Some(GraphNameRef::DefaultGraph),
            ) {
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
    fn for_each_node(&self, mut visit: impl FnMut(&Node, usize) -> Result<(), StoreError>) -> Result<(), StoreError> {
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
    /// order of [`matching`].
    fn for_each_edge(
        &self,
        mut visit: impl FnMut(&NetworkEdge<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.for_each_subject(|source, class| {
            let source_event = if network::category_of_class(class) == Category::Event {
                self.node_dates(source.as_ref())?
            } else {
                None
            };
            for relation in Relation::ALL {
                let links = matching(
                    self.store,
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

/// An XML writer with two-space indentation, as the network formats use.
type XmlWriter<'a> = quick_xml::Writer<&'a mut dyn Write>;

/// A start tag whose attribute values are escaped with [`escape_xml`].
fn tag<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        start.push_attribute(Attribute { key: QName(key.as_bytes()), value: escape_xml(value).into_bytes().into() });
    }
    start
}

fn open(xml: &mut XmlWriter<'_>, name: &str, attributes: &[(&str, &str)]) -> Result<(), StoreError> {
    xml.write_event(Event::Start(tag(name, attributes)))?;
    Ok(())
}

fn close(xml: &mut XmlWriter<'_>, name: &str) -> Result<(), StoreError> {
    xml.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

fn empty(xml: &mut XmlWriter<'_>, name: &str, attributes: &[(&str, &str)]) -> Result<(), StoreError> {
    xml.write_event(Event::Empty(tag(name, attributes)))?;
    Ok(())
}

/// `<name attributes…>text</name>` on one line.
fn text_element(
    xml: &mut XmlWriter<'_>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Result<(), StoreError> {
    open(xml, name, attributes)?;
    xml.write_event(Event::Text(BytesText::from_escaped(escape_xml(text))))?;
    close(xml, name)
}

/// The XML declaration, with which both network formats begin.
fn xml_writer(out: &mut dyn Write) -> Result<XmlWriter<'_>, StoreError> {
    let mut xml = quick_xml::Writer::new_with_indent(out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(xml)
}

/// GraphML as Gephi, Cytoscape and yEd read it.
///
/// Importers are stricter than the GraphML schema: every key is declared
/// before the graph, a key's `id` equals its `attr.name` (Cytoscape names
/// columns by id), only `string`/`int`/`double`/`boolean` types are used (yEd
/// rejects `long`), and no attribute is called `x`, `y`, `size`, `r`, `g`,
/// `b`, `d3` or `d7`, which Gephi reads as layout or colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphMlWriter;

/// Node attributes of the network exports: name and type.
const NODE_KEYS: [(&str, &str); 12] = [
    ("name", "string"),
    ("iri", "string"),
    ("kind", "string"),
    ("category", "string"),
    ("aliases", "string"),
    ("title", "string"),
    ("date", "string"),
    ("end_date", "string"),
    ("status", "string"),
    ("confidence", "double"),
    ("documents", "int"),
    ("degree", "int"),
];

/// The attribute values of one node, in [`NODE_KEYS`] order; `None` is left out.
fn node_values(node: &Node, degree: usize) -> [Option<String>; 12] {
    [
        Some(node.label.clone()),
        Some(node.iri.clone()),
        Some(node.class.to_owned()),
        Some(node.category.name().to_owned()),
        (!node.aliases.is_empty()).then(|| node.aliases.join("; ")),
        node.title.clone(),
        node.date.map(|date| date.to_string()),
        node.end_date.map(|date| date.to_string()),
        node.status.clone(),
        node.confidence.map(|confidence| confidence.to_string()),
        Some(node.documents.to_string()),
        Some(degree.to_string()),
    ]
}

impl GraphWriter for GraphMlWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
        let network = Network::new(store);
        let mut xml = xml_writer(out)?;
        open(
            &mut xml,
            "graphml",
            &[
                ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                ),
            ],
        )?;
        // Nodes and edges both have a `label`, declared once for each: igraph
        // ignores keys `for="all"` (and so loses every label), and Gephi takes
        // `label` as the label only from a key declared for nodes or for
        // edges. Key ids are global, so the edges' one needs an id of its own.
        let key = |xml: &mut XmlWriter<'_>, id: &str, target: &str, name: &str, kind: &str| {
            empty(xml, "key", &[("id", id), ("for", target), ("attr.name", name), ("attr.type", kind)])
        };
        key(&mut xml, "label", "node", "label", "string")?;
        key(&mut xml, "edge_label", "edge", "label", "string")?;
        for (name, kind) in NODE_KEYS {
            key(&mut xml, name, "node", name, kind)?;
        }
        key(&mut xml, "interaction", "edge", "interaction", "string")?;
        open(&mut xml, "graph", &[("id", "gyoryu"), ("edgedefault", "directed")])?;
        network.for_each_node(|node, degree| {
            open(&mut xml, "node", &[("id", &node.iri)])?;
            text_element(&mut xml, "data", &[("key", "label")], &node.label)?;
            for ((name, _), value) in NODE_KEYS.iter().zip(node_values(node, degree)) {
                if let Some(value) = value {
                    text_element(&mut xml, "data", &[("key", name)], &value)?;
                }
            }
            close(&mut xml, "node")
        })?;
        let mut index = 0usize;
        network.for_each_edge(|edge| {
            let relation = edge.relation.name();
            let id = format!("e{index}");
            index += 1;
            open(&mut xml, "edge", &[("id", &id), ("source", edge.source.as_str()), ("target", edge.target.as_str())])?;
            text_element(&mut xml, "data", &[("key", "edge_label")], relation)?;
            text_element(&mut xml, "data", &[("key", "interaction")], relation)?;
            close(&mut xml, "edge")
        })?;
        close(&mut xml, "graph")?;
        close(&mut xml, "graphml")?;
        xml.get_mut().write_all(b"\n")?;
        Ok(())
    }
}

/// GEXF 1.3 with a timeline: events appear from their date to their end date
/// (or for their one day) and so do their edges, so Gephi can play the
/// network over time. Actors have no dates and are always present.
#[derive(Debug, Clone, Copy, Default)]
pub struct GexfWriter;

impl GraphWriter for GexfWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
        let network = Network::new(store);
        let mut xml = xml_writer(out)?;
        open(
            &mut xml,
            "gexf",
            &[
                ("xmlns", "http://gexf.net/1.3"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
                ("version", "1.3"),
            ],
        )?;
        open(&mut xml, "meta", &[])?;
        text_element(&mut xml, "creator", &[], "gyoryu")?;
        text_element(&mut xml, "description", &[], "Actors and events of Korean regional economic diplomacy")?;
        close(&mut xml, "meta")?;
        open(&mut xml, "graph", &[("defaultedgetype", "directed"), ("mode", "dynamic"), ("timeformat", "date")])?;
        open(&mut xml, "attributes", &[("class", "node"), ("mode", "static")])?;
        // GEXF spells the integer type out; GraphML's `int` is not valid here.
        for (name, kind) in NODE_KEYS.iter().skip(1) {
            let kind = if *kind == "int" { "integer" } else { kind };
            empty(&mut xml, "attribute", &[("id", name), ("title", name), ("type", kind)])?;
        }
        close(&mut xml, "attributes")?;
        open(&mut xml, "attributes", &[("class", "edge"), ("mode", "static")])?;
        empty(&mut xml, "attribute", &[("id", "relation"), ("title", "relation"), ("type", "string")])?;
        close(&mut xml, "attributes")?;

        open(&mut xml, "nodes", &[])?;
        network.for_each_node(|node, degree| {
            let span = time_span(node);
            let mut attributes = vec![("id", node.iri.as_str()), ("label", node.label.as_str())];
            if let Some((start, end)) = &span {
                attributes.extend([("start", start.as_str()), ("end", end.as_str())]);
            }
            open(&mut xml, "node", &attributes)?;
            open(&mut xml, "attvalues", &[])?;
            // The label is already the node's own attribute; skip `name`.
            for ((name, _), value) in NODE_KEYS.iter().zip(node_values(node, degree)).skip(1) {
                if let Some(value) = value {
                    empty(&mut xml, "attvalue", &[("for", name), ("value", &value)])?;
                }
            }
            close(&mut xml, "attvalues")?;
            close(&mut xml, "node")
        })?;
        close(&mut xml, "nodes")?;

        open(&mut xml, "edges", &[])?;
        let mut index = 0usize;
        network.for_each_edge(|edge| {
            let relation = edge.relation.name();
            let id = index.to_string();
            index += 1;
            let mut attributes = vec![
                ("id", id.as_str()),
                ("source", edge.source.as_str()),
                ("target", edge.target.as_str()),
                ("label", relation),
            ];
            // An edge lives as long as the event it belongs to.
            let span = edge.event.and_then(time_span);
            if let Some((start, end)) = &span {
                attributes.extend([("start", start.as_str()), ("end", end.as_str())]);
            }
            open(&mut xml, "edge", &attributes)?;
            open(&mut xml, "attvalues", &[])?;
            empty(&mut xml, "attvalue", &[("for", "relation"), ("value", relation)])?;
            close(&mut xml, "attvalues")?;
            close(&mut xml, "edge")
        })?;
        close(&mut xml, "edges")?;
        close(&mut xml, "graph")?;
        close(&mut xml, "gexf")?;
        xml.get_mut().write_all(b"\n")?;
        Ok(())
    }
}

/// The first and last day of a dated node, nothing for an undated one.
fn time_span(node: &Node) -> Option<(String, String)> {
    let start = node.date.or(node.end_date)?;
    let end = node.end_date.or(node.date)?;
    Some((start.to_string(), end.to_string()))
}

/// Escapes text for XML element content or a double-quoted attribute.
///
/// Line breaks and tabs become character references so attribute values keep
/// them; characters XML 1.0 forbids outright (most C0 controls, U+FFFE,
/// U+FFFF) are dropped, as no reference can express them.
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            other => escaped.push(other),
        }
    }
    escaped
}
