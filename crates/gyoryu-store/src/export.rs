//! Writing the whole store out: RDF for other triple stores, GraphML and GEXF
//! for network tools (Gephi, Cytoscape, yEd).
//!
//! Every format is a [`GraphWriter`]. Output is sorted, so exporting the same
//! store twice gives the same bytes.

use std::collections::HashSet;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

use gyoryu_graph::network::{Category, KnowledgeGraph, Node};
use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNodeRef, Quad, Triple};

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
    let rdf = |syntax| {
        Box::new(RdfWriter {
            syntax,
            include_ontology,
        }) as Box<dyn GraphWriter>
    };
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
            let mut quads: Vec<Quad> = store
                .quads()?
                .into_iter()
                .filter(|quad| self.include_ontology || !is_ontology_graph(quad.graph_name.as_ref()))
                .collect();
            sort_quads(&mut quads);
            for quad in &quads {
                serializer.serialize_quad(quad)?;
            }
        } else {
            // The default graph already is the de-duplicated union; only the
            // ontology's own triples may have to be left out.
            let ontology_only: HashSet<Triple> = if self.include_ontology {
                HashSet::new()
            } else {
                let mut only = HashSet::new();
                let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
                for quad in store
                    .oxigraph()
                    .quads_for_pattern(None, None, None, Some(ontology.into()))
                {
                    let triple = Triple::from(quad?);
                    if !store.held_by_article(triple.as_ref())? {
                        only.insert(triple);
                    }
                }
                only
            };
            let mut triples: Vec<Triple> = store
                .default_graph_triples()?
                .into_iter()
                .filter(|triple| !ontology_only.contains(triple))
                .collect();
            sort_triples(&mut triples);
            for triple in &triples {
                serializer.serialize_triple(triple)?;
            }
        }
        serializer.finish()?;
        Ok(())
    }
}

/// An RDF serializer that knows gyoryu's prefixes and those of the id folders
/// (ignored by the line formats).
pub(crate) fn prefixed_serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, namespace) in vocab::PREFIXES {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .expect("the vocabulary prefixes are valid IRIs");
    }
    for (prefix, namespace) in vocab::id_folder_prefixes() {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .expect("the id folders are valid IRIs");
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

fn sort_quads(quads: &mut [Quad]) {
    quads.sort_by_cached_key(|quad| {
        let graph = match &quad.graph_name {
            GraphName::DefaultGraph => String::new(),
            other => other.to_string(),
        };
        (
            graph,
            quad.subject.to_string(),
            quad.predicate.as_ref() != vocab::RDF_TYPE,
            quad.predicate.to_string(),
            quad.object.to_string(),
        )
    });
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
fn node_values(graph: &KnowledgeGraph, node: &Node) -> [Option<String>; 12] {
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
        Some(graph.degree(&node.iri).unwrap_or(0).to_string()),
    ]
}

impl GraphWriter for GraphMlWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
        let graph = KnowledgeGraph::from_quads(store.quads()?);
        let mut xml = String::new();
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.push_str(
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );
        // Nodes and edges both have a `label`, declared once for each: igraph
        // ignores keys `for="all"` (and so loses every label), and Gephi takes
        // `label` as the label only from a key declared for nodes or for
        // edges. Key ids are global, so the edges' one needs an id of its own.
        xml.push_str("  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n");
        xml.push_str("  <key id=\"edge_label\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n");
        for (name, kind) in NODE_KEYS {
            xml.push_str(&format!(
                "  <key id=\"{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{kind}\"/>\n"
            ));
        }
        xml.push_str(
            "  <key id=\"interaction\" for=\"edge\" attr.name=\"interaction\" attr.type=\"string\"/>\n",
        );
        xml.push_str("  <graph id=\"gyoryu\" edgedefault=\"directed\">\n");
        for node in graph.nodes() {
            xml.push_str(&format!("    <node id=\"{}\">\n", escape_xml(&node.iri)));
            push_data(&mut xml, "label", &node.label);
            for ((name, _), value) in NODE_KEYS.iter().zip(node_values(&graph, node)) {
                if let Some(value) = value {
                    push_data(&mut xml, name, &value);
                }
            }
            xml.push_str("    </node>\n");
        }
        for (index, link) in graph.edges().enumerate() {
            let relation = link.edge.relation.name();
            xml.push_str(&format!(
                "    <edge id=\"e{index}\" source=\"{}\" target=\"{}\">\n",
                escape_xml(&link.source.iri),
                escape_xml(&link.target.iri)
            ));
            push_data(&mut xml, "edge_label", relation);
            push_data(&mut xml, "interaction", relation);
            xml.push_str("    </edge>\n");
        }
        xml.push_str("  </graph>\n</graphml>\n");
        out.write_all(xml.as_bytes())?;
        Ok(())
    }
}

fn push_data(xml: &mut String, key: &str, value: &str) {
    xml.push_str(&format!(
        "      <data key=\"{key}\">{}</data>\n",
        escape_xml(value)
    ));
}

/// GEXF 1.3 with a timeline: events appear from their date to their end date
/// (or for their one day) and so do their edges, so Gephi can play the
/// network over time. Actors have no dates and are always present.
#[derive(Debug, Clone, Copy, Default)]
pub struct GexfWriter;

impl GraphWriter for GexfWriter {
    fn write(&self, store: &Store, out: &mut dyn Write) -> Result<(), StoreError> {
        let graph = KnowledgeGraph::from_quads(store.quads()?);
        let mut xml = String::new();
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.push_str(
            "<gexf xmlns=\"http://gexf.net/1.3\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" \
             version=\"1.3\">\n",
        );
        xml.push_str("  <meta>\n    <creator>gyoryu</creator>\n");
        xml.push_str(
            "    <description>Actors and events of Korean regional economic diplomacy</description>\n",
        );
        xml.push_str("  </meta>\n");
        xml.push_str(
            "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n",
        );
        xml.push_str("    <attributes class=\"node\" mode=\"static\">\n");
        // GEXF spells the integer type out; GraphML's `int` is not valid here.
        for (name, kind) in NODE_KEYS.iter().skip(1) {
            let kind = if *kind == "int" { "integer" } else { kind };
            xml.push_str(&format!(
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"{kind}\"/>\n"
            ));
        }
        xml.push_str("    </attributes>\n");
        xml.push_str("    <attributes class=\"edge\" mode=\"static\">\n");
        xml.push_str("      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n");
        xml.push_str("    </attributes>\n");

        xml.push_str("    <nodes>\n");
        for node in graph.nodes() {
            xml.push_str(&format!(
                "      <node id=\"{}\" label=\"{}\"{}>\n",
                escape_xml(&node.iri),
                escape_xml(&node.label),
                time_span(node)
            ));
            xml.push_str("        <attvalues>\n");
            // The label is already the node's own attribute; skip `name`.
            for ((name, _), value) in NODE_KEYS.iter().zip(node_values(&graph, node)).skip(1) {
                if let Some(value) = value {
                    xml.push_str(&format!(
                        "          <attvalue for=\"{name}\" value=\"{}\"/>\n",
                        escape_xml(&value)
                    ));
                }
            }
            xml.push_str("        </attvalues>\n");
            xml.push_str("      </node>\n");
        }
        xml.push_str("    </nodes>\n");

        xml.push_str("    <edges>\n");
        for (index, link) in graph.edges().enumerate() {
            let relation = link.edge.relation.name();
            // An edge lives as long as the event it belongs to.
            let event = [link.source, link.target]
                .into_iter()
                .find(|node| node.category == Category::Event);
            xml.push_str(&format!(
                "      <edge id=\"{index}\" source=\"{}\" target=\"{}\" label=\"{relation}\"{}>\n",
                escape_xml(&link.source.iri),
                escape_xml(&link.target.iri),
                event.map(time_span).unwrap_or_default()
            ));
            xml.push_str(&format!(
                "        <attvalues>\n          <attvalue for=\"relation\" value=\"{relation}\"/>\n        </attvalues>\n"
            ));
            xml.push_str("      </edge>\n");
        }
        xml.push_str("    </edges>\n");
        xml.push_str("  </graph>\n</gexf>\n");
        out.write_all(xml.as_bytes())?;
        Ok(())
    }
}

/// ` start="…" end="…"` for a dated node, nothing for an undated one.
fn time_span(node: &Node) -> String {
    let start = node.date.or(node.end_date);
    let end = node.end_date.or(node.date);
    match (start, end) {
        (Some(start), Some(end)) => format!(" start=\"{start}\" end=\"{end}\""),
        _ => String::new(),
    }
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
