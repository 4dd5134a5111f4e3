//! GraphML and GEXF, the network formats Gephi, Cytoscape and yEd read,
//! written through `quick-xml` as the network is read node by node
//! ([`crate::network`]).

use std::io::Write;

use gyoryu_graph::network::Node;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use crate::format::GraphWriter;
use crate::network::Network;
use crate::{ExportError, QuadSource};

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

fn open(xml: &mut XmlWriter<'_>, name: &str, attributes: &[(&str, &str)]) -> Result<(), ExportError> {
    xml.write_event(Event::Start(tag(name, attributes)))?;
    Ok(())
}

fn close(xml: &mut XmlWriter<'_>, name: &str) -> Result<(), ExportError> {
    xml.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

fn empty(xml: &mut XmlWriter<'_>, name: &str, attributes: &[(&str, &str)]) -> Result<(), ExportError> {
    xml.write_event(Event::Empty(tag(name, attributes)))?;
    Ok(())
}

/// `<name attributes…>text</name>` on one line.
fn text_element(
    xml: &mut XmlWriter<'_>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Result<(), ExportError> {
    open(xml, name, attributes)?;
    xml.write_event(Event::Text(BytesText::from_escaped(escape_xml(text))))?;
    close(xml, name)
}

/// The XML declaration, with which both network formats begin.
fn xml_writer(out: &mut dyn Write) -> Result<XmlWriter<'_>, ExportError> {
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
pub(crate) struct GraphMlWriter;

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
    fn write(&self, source: &dyn QuadSource, out: &mut dyn Write) -> Result<(), ExportError> {
        let network = Network::new(source);
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
pub(crate) struct GexfWriter;

impl GraphWriter for GexfWriter {
    fn write(&self, source: &dyn QuadSource, out: &mut dyn Write) -> Result<(), ExportError> {
        let network = Network::new(source);
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
fn escape_xml(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::escape_xml;

    #[test]
    fn xml_escaping_drops_forbidden_characters() {
        assert_eq!(escape_xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(escape_xml("줄\n바꿈\u{0}\u{8}"), "줄&#10;바꿈");
    }
}
