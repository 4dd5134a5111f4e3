//! The store's unit tests, by concern; this module holds the articles they
//! build and the helpers they share.

use std::collections::HashSet;

use clap::ValueEnum;
use gyoryu_export::{
    display_term, write_answer, writer, writer_with_ontology, ExportFormat, QueryAnswer, ResultFormat,
};
use gyoryu_graph::article::{Category, Relation};
use gyoryu_graph::network::KnowledgeGraph;
use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Dataset, GraphName, GraphNameRef, Literal, NamedNodeRef, Term, Triple};

use super::*;
use crate::open::LAYOUT_MARKER;

mod answers;
mod check;
mod exports;
mod open;
mod stats;
mod write;

/// What only the tests ask of a store.
impl Store {
    /// Adds articles that are not in the store yet ([`Store::holds_source`]
    /// is false for each, and no two share a source), all at once or not at
    /// all; see [`BatchWriter`].
    pub(crate) fn add_new_documents(&self, documents: Vec<(NamedNode, Vec<Quad>)>) -> Result<(), StoreError> {
        let mut writer = self.batch_writer();
        for (graph, quads) in documents {
            writer.push(&graph, quads)?;
        }
        writer.commit()
    }

    /// Quads in every article graph (a triple counts once per article).
    pub(crate) fn quad_count(&self) -> Result<usize, StoreError> {
        self.count(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/gyoryu/ontology>) }",
        )
    }

    /// The default graph: every distinct triple of the articles and the ontology.
    pub(crate) fn default_graph_triples(&self) -> Result<Vec<Triple>, StoreError> {
        self.inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(|quad| Ok(Triple::from(quad?)))
            .collect()
    }

    /// Every quad of the named graphs, the ontology graph included (not the
    /// default graph, which only repeats them).
    pub(crate) fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        for quad in self.inner.iter() {
            let quad = quad?;
            if !quad.graph_name.is_default_graph() {
                quads.push(quad);
            }
        }
        Ok(quads)
    }
}

const ID: &str = vocab::ID_BASE;

fn iri(local: &str) -> NamedNode {
    NamedNode::new(format!("{ID}{local}")).unwrap()
}

fn class(name: &str) -> NamedNode {
    NamedNode::new(vocab::class_iri(name)).unwrap()
}

fn ko(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "ko")
}

/// Removes the one article `name` stands for; false when none does.
fn remove_named(store: &Store, name: &str) -> bool {
    match store.find_documents(name).unwrap().as_slice() {
        [] => false,
        [article] => store.remove_article(&article.graph).unwrap(),
        several => panic!("{name} names {} articles", several.len()),
    }
}

/// Builds the quads of one article graph in the shape `gyoryu_graph::article`
/// describes (its document links and relations come from there).
struct Article {
    graph: NamedNode,
    quads: Vec<Quad>,
}

impl Article {
    fn new(doc: &str, source_file: &str, hash: &str) -> Self {
        let graph = iri(doc);
        let mut article = Article { graph: graph.clone(), quads: Vec::new() };
        article.add(doc, vocab::RDF_TYPE, class("Document"));
        article.add(doc, vocab::SOURCE_FILE, Literal::new_simple_literal(source_file));
        article.add(doc, vocab::SOURCE_PATH, Literal::new_simple_literal(source_file));
        article.add(doc, vocab::CONTENT_HASH, Literal::new_simple_literal(hash));
        article.add(doc, vocab::DCTERMS_ISSUED, Literal::new_typed_literal("2023-10-05", vocab::XSD_DATE));
        article
    }

    fn add(&mut self, subject: &str, predicate: NamedNodeRef<'_>, object: impl Into<Term>) {
        self.quads.push(Quad::new(iri(subject), predicate, object, self.graph.clone()));
    }

    fn actor(&mut self, id: &str, class_name: &str, label: &str) -> &mut Self {
        let doc = self.doc_local();
        self.add(id, vocab::RDF_TYPE, class(class_name));
        self.add(id, vocab::RDFS_LABEL, ko(label));
        self.add(id, Category::Actor.document_link(), iri(&doc));
        self.add(id, vocab::CONFIDENCE, Literal::new_typed_literal("0.9", vocab::XSD_DOUBLE));
        self
    }

    fn event(&mut self, id: &str, class_name: &str, label: &str, date: &str, participants: &[&str]) -> &mut Self {
        let doc = self.doc_local();
        self.add(id, vocab::RDF_TYPE, class(class_name));
        self.add(id, vocab::RDFS_LABEL, ko(label));
        self.add(id, vocab::DATE, Literal::new_typed_literal(date, vocab::XSD_DATE));
        self.add(id, Category::Event.document_link(), iri(&doc));
        self.add(id, vocab::STATUS, Literal::new_simple_literal("reported"));
        for participant in participants {
            self.add(id, Relation::Participant.predicate(), iri(participant));
        }
        self
    }

    fn doc_local(&self) -> String {
        self.graph.as_str().strip_prefix(ID).unwrap().to_owned()
    }
}

/// Article one: Gyeongnam and Texas sign an agreement at Changwon.
fn article_one() -> Article {
    let mut article = Article::new("doc/aaa", "one.txt", "aaa111");
    article
        .actor("province/gyeongnam", "Province", "경상남도")
        .actor("province/texas", "Province", "텍사스주")
        .actor("city/changwon", "City", "창원시")
        .event(
            "event/aaa-0",
            "Agreement",
            "경남-텍사스 \"에너지\" 협약 <MOU> & 후속",
            "2023-10-05",
            &["province/gyeongnam", "province/texas"],
        );
    article.add("event/aaa-0", Relation::Location.predicate(), iri("city/changwon"));
    article.add("event/aaa-0", vocab::END_DATE, Literal::new_typed_literal("2023-10-06", vocab::XSD_DATE));
    article
}

/// Article two: the Gyeongnam governor visits Vietnam.
fn article_two() -> Article {
    let mut article = Article::new("doc/bbb", "two.txt", "bbb222");
    article
        .actor("province/gyeongnam", "Province", "경상남도")
        .actor("person/park", "Person", "박완수")
        .actor("country/vietnam", "Country", "베트남")
        .event("event/bbb-0", "Visit", "박완수 도지사 베트남 방문", "2023-11-21", &["person/park", "country/vietnam"]);
    article.add("person/park", vocab::TITLE, ko("도지사"));
    article.add("person/park", Relation::Affiliation.predicate(), iri("province/gyeongnam"));
    article
}

fn store_with_two_articles() -> Store {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    let two = article_two();
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Added);
    assert_eq!(store.replace_document("two.txt", &two.graph, &two.quads).unwrap(), ReplaceOutcome::Added);
    store
}

const ONTOLOGY: &str = r#"
@prefix gy: <https://w3id.org/gyoryu/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
gy:Province a owl:Class ; rdfs:subClassOf gy:Actor ; rdfs:label "광역자치단체"@ko .
gy:Agreement a owl:Class ; rdfs:subClassOf gy:Event .
"#;

fn select_strings(store: &Store, sparql: &str) -> Vec<Vec<String>> {
    match store.query(sparql).unwrap() {
        QueryAnswer::Solutions { rows, .. } => rows
            .into_iter()
            .map(|row| row.into_iter().map(|value| value.map(|term| display_term(&term)).unwrap_or_default()).collect())
            .collect(),
        other => panic!("expected solutions, got {other:?}"),
    }
}

fn parse_rdf(format: RdfFormat, text: &str) -> Dataset {
    RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .collect::<Result<Dataset, _>>()
        .unwrap_or_else(|error| panic!("{error}\n{text}"))
}

/// A small XML checker: balanced, properly nested tags, quoted attributes,
/// no duplicate attributes, and `&` only in the five entities or character
/// references. Enough to catch the mistakes a hand-written exporter makes.
fn assert_well_formed(xml: &str) {
    fn check_text(text: &str) {
        assert!(!text.contains('<'), "raw < in {text:?}");
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let after = &rest[at + 1..];
            let end = after.find(';').unwrap_or_else(|| panic!("unterminated entity in {text:?}"));
            let name = &after[..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || (name.starts_with('#') && name[1..].chars().all(|c| c.is_ascii_digit()) && name.len() > 1);
            assert!(known, "unknown entity &{name}; in {text:?}");
            rest = &after[end + 1..];
        }
    }

    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml.trim_start();
    assert!(rest.starts_with("<?xml "), "missing XML declaration");
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text);
        if stack.is_empty() {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        let close = rest[open..].find('>').expect("unterminated tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') {
            assert!(tag.ends_with('?'));
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        assert!(!name.is_empty(), "empty tag name");
        // Attributes: name="value" pairs.
        let mut attributes = body[name_end..].trim();
        let mut seen = HashSet::new();
        while !attributes.is_empty() {
            let eq = attributes.find('=').unwrap_or_else(|| panic!("bad attributes in <{tag}>"));
            let attribute = attributes[..eq].trim();
            assert!(seen.insert(attribute.to_owned()), "duplicate attribute {attribute} in <{tag}>");
            let value_part = attributes[eq + 1..].trim_start();
            assert!(value_part.starts_with('"'), "unquoted attribute in <{tag}>");
            let value_end = value_part[1..].find('"').expect("unterminated attribute") + 1;
            check_text(&value_part[1..value_end]);
            attributes = value_part[value_end + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    check_text(rest);
    assert!(rest.trim().is_empty(), "trailing text");
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
}
