//! Deterministic IRIs and the mapping of one article's extraction to RDF.
//!
//! IRIs depend only on what was found, never on input order or on the
//! machine: an actor's IRI is its kind plus its normalised canonical name, a
//! document's is a hash of its identity among the inputs and its content
//! hash, and an event's is the document's id plus the event's position in
//! that document. Graphs extracted separately
//! therefore merge by plain union.

use gyoryu_model::{Actor, ActorKind, Event, Extraction};
use oxrdf::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::article::{Category, Relation};
use crate::vocab::{self, ID_BASE};

pub use gyoryu_model::name_key;

/// Letters and digits (in any script) stay readable in IRIs; everything else is
/// percent-encoded so that no name can break out of its path segment.
fn iri_segment(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

pub fn actor_iri(kind: ActorKind, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_BASE}{}/{}", kind.class_name().to_lowercase(), iri_segment(&name_key(name))))
}

/// The hex id of one article: a hash of its identity among the inputs (the
/// document's `source`) and its content hash. Two inputs with the same text
/// are two articles, each with its own events; the same input with the same
/// content is the same article on every run and machine.
pub fn document_id(source_key: &str, content_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(source_key.as_bytes());
    hasher.update(b"\n");
    hasher.update(content_hash.as_bytes());
    hasher.finalize()[..16].iter().fold(String::with_capacity(32), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

pub fn document_iri(source_key: &str, content_hash: &str) -> NamedNode {
    document_iri_of_id(&document_id(source_key, content_hash))
}

/// The IRI of the article whose [`document_id`] is `id`.
pub fn document_iri_of_id(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_BASE}doc/{id}"))
}

/// The IRI stores written before articles had an identity of their own gave
/// a document: its content hash alone. Such graphs are recognised (and
/// replaced on the next build) by it.
pub fn legacy_document_iri(content_hash: &str) -> String {
    let short = &content_hash[..content_hash.len().min(32)];
    format!("{ID_BASE}doc/{short}")
}

pub fn event_iri(document_id: &str, index: usize) -> NamedNode {
    let short = &document_id[..document_id.len().min(16)];
    NamedNode::new_unchecked(format!("{ID_BASE}event/{short}-{index}"))
}

fn class(local: &str) -> NamedNode {
    NamedNode::new_unchecked(vocab::class_iri(local))
}

fn ko(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "ko")
}

fn date(d: chrono::NaiveDate) -> Literal {
    Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), vocab::XSD_DATE)
}

fn confidence(c: f32) -> Literal {
    // Rounded so that the same extraction always prints the same literal,
    // and written in the canonical form a store reads back ("0.6", not
    // "0.60"), so that loading extracted N-Quads into a store that already
    // holds them finds them equal.
    let rounded: f64 = format!("{c:.2}").parse().expect("a formatted number parses");
    Literal::from(rounded)
}

/// Collects the quads of one named graph.
struct GraphBuilder {
    graph: NamedNode,
    quads: Vec<Quad>,
}

impl GraphBuilder {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p.into_owned(),
            o.into(),
            self.graph.clone(),
        ));
    }
}

/// The quads of one article: its document node, every actor it mentions and
/// every event it reports, all in the named graph whose name is the
/// document's IRI. Returns the graph name and the quads.
pub fn extraction_to_quads(extraction: &Extraction) -> (NamedNode, Vec<Quad>) {
    let doc = &extraction.document;
    let doc_id = document_id(&doc.source, &doc.content_hash);
    let doc_iri = document_iri(&doc.source, &doc.content_hash);
    let mut g = GraphBuilder { graph: doc_iri.clone(), quads: Vec::new() };

    g.add(&doc_iri, vocab::RDF_TYPE, vocab::DOCUMENT.into_owned());
    g.add(&doc_iri, vocab::SOURCE_FILE, Literal::new_simple_literal(&doc.id));
    g.add(&doc_iri, vocab::SOURCE_PATH, Literal::new_simple_literal(&doc.source));
    g.add(&doc_iri, vocab::CONTENT_HASH, Literal::new_simple_literal(&doc.content_hash));
    if let Some(published) = doc.published {
        g.add(&doc_iri, vocab::DCTERMS_ISSUED, date(published));
    }
    if let Some(title) = &doc.title {
        g.add(&doc_iri, vocab::DCTERMS_TITLE, ko(title));
    }
    if let Some(url) = &doc.url {
        g.add(&doc_iri, vocab::SOURCE_URL, Literal::new_typed_literal(url, vocab::XSD_ANY_URI));
    }

    let actor_iris: Vec<NamedNode> = extraction.actors.iter().map(|a| actor_iri(a.kind, &a.name)).collect();
    for (actor, iri) in extraction.actors.iter().zip(&actor_iris) {
        add_actor(&mut g, actor, iri, &doc_iri, &actor_iris);
    }
    for (index, event) in extraction.events.iter().enumerate() {
        let iri = event_iri(&doc_id, index);
        add_event(&mut g, event, &iri, &doc_iri, &actor_iris);
    }
    (doc_iri, g.quads)
}

fn add_actor(g: &mut GraphBuilder, actor: &Actor, iri: &NamedNode, doc: &NamedNode, all: &[NamedNode]) {
    // The superclass too, so that `?a a gy:Actor` finds every actor without
    // RDFS inference, which most stores do not run by default.
    g.add(iri, vocab::RDF_TYPE, class(actor.kind.class_name()));
    g.add(iri, vocab::RDF_TYPE, vocab::ACTOR.into_owned());
    g.add(iri, vocab::RDFS_LABEL, ko(&actor.name));
    let key = name_key(&actor.name);
    let mut seen = vec![key];
    for alias in &actor.aliases {
        let k = name_key(alias);
        if !seen.contains(&k) {
            seen.push(k);
            g.add(iri, vocab::SKOS_ALT_LABEL, ko(alias));
        }
    }
    g.add(iri, Category::Actor.document_link(), doc.clone());
    if let Some(title) = &actor.title {
        g.add(iri, vocab::TITLE, ko(title));
    }
    if let Some(body) = actor.affiliation.and_then(|i| all.get(i)) {
        g.add(iri, Relation::Affiliation.predicate(), body.clone());
    }
    g.add(iri, vocab::CONFIDENCE, confidence(actor.confidence));
}

fn add_event(g: &mut GraphBuilder, event: &Event, iri: &NamedNode, doc: &NamedNode, actors: &[NamedNode]) {
    g.add(iri, vocab::RDF_TYPE, class(event.kind.class_name()));
    g.add(iri, vocab::RDF_TYPE, vocab::EVENT.into_owned());
    g.add(iri, vocab::RDFS_LABEL, ko(&event.label));
    let mut seen: Vec<usize> = Vec::new();
    for &p in &event.participants {
        if let Some(actor) = actors.get(p).filter(|_| !seen.contains(&p)) {
            seen.push(p);
            g.add(iri, Relation::Participant.predicate(), actor.clone());
        }
    }
    if let Some(d) = event.date {
        g.add(iri, vocab::DATE, date(d));
    }
    if let Some(d) = event.end_date.filter(|e| Some(*e) != event.date) {
        g.add(iri, vocab::END_DATE, date(d));
    }
    if let Some(place) = event.location.and_then(|i| actors.get(i)) {
        g.add(iri, Relation::Location.predicate(), place.clone());
    }
    g.add(iri, Category::Event.document_link(), doc.clone());
    g.add(iri, vocab::EVIDENCE, ko(&event.evidence));
    g.add(iri, vocab::STATUS, Literal::new_simple_literal(event.status.name()));
    g.add(iri, vocab::TRIGGER, ko(&event.trigger));
    for amount in &event.amounts {
        g.add(iri, vocab::AMOUNT, Literal::new_simple_literal(amount));
    }
    for field in &event.fields {
        g.add(iri, vocab::FIELD, ko(field));
    }
    g.add(iri, vocab::CONFIDENCE, confidence(event.confidence));
}

/// The query that derives `gy:eventCount` on any SPARQL server: each
/// actor's distinct events over every named graph but the stats graph
/// (so a server whose default graph is empty, as Fuseki's may be, counts
/// the same), as rows of `?actor ?events`. A remote build writes the
/// answer as the stats graph; the embedded store counts in Rust and
/// writes only what changed (`Store::refresh_statistics`).
pub const EVENT_COUNTS_QUERY: &str = "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
SELECT ?actor (COUNT(DISTINCT ?event) AS ?events)
WHERE { GRAPH ?g { ?event gy:participant ?actor } FILTER (?g != <https://w3id.org/gyoryu/stats>) }
GROUP BY ?actor";

#[cfg(test)]
mod tests {
    use super::*;
    use gyoryu_model::{Document, EventKind, EventStatus};

    fn sample() -> Extraction {
        let actor = |kind, name: &str| Actor {
            kind,
            name: name.into(),
            aliases: vec![],
            title: None,
            affiliation: None,
            confidence: 0.9,
            mentions: vec![],
        };
        let mut governor = actor(ActorKind::Person, "김관영");
        governor.title = Some("도지사".into());
        governor.affiliation = Some(0);
        Extraction {
            document: Document {
                id: "a.txt".into(),
                source: "dir/a.txt".into(),
                url: None,
                title: None,
                published: chrono::NaiveDate::from_ymd_opt(2023, 12, 5),
                text: "본문".into(),
                content_hash: "ab".repeat(32),
            },
            actors: vec![
                actor(ActorKind::Province, "전북특별자치도"),
                actor(ActorKind::Country, "카자흐스탄"),
                governor,
            ],
            events: vec![Event {
                kind: EventKind::Forum,
                label: "전북-카자흐스탄 경제포럼".into(),
                participants: vec![0, 1, 2, 1],
                date: chrono::NaiveDate::from_ymd_opt(2023, 12, 5),
                end_date: None,
                location: None,
                status: EventStatus::Reported,
                trigger: "포럼".into(),
                evidence: "포럼을 열었다.".into(),
                amounts: vec![],
                fields: vec![],
                confidence: 0.8,
            }],
        }
    }

    #[test]
    fn iris_depend_only_on_kind_and_normalised_name() {
        assert_eq!(actor_iri(ActorKind::Company, "㈜젠셀"), actor_iri(ActorKind::Company, "젠셀"));
        assert_eq!(
            actor_iri(ActorKind::Company, "ORACLE B&H").as_str(),
            "https://w3id.org/gyoryu/id/company/oracleb%26h"
        );
        assert_ne!(actor_iri(ActorKind::City, "광주"), actor_iri(ActorKind::Province, "광주"));
    }

    #[test]
    fn every_quad_is_in_the_document_graph_and_participants_are_not_repeated() {
        let (graph, quads) = extraction_to_quads(&sample());
        assert!(quads.iter().all(|q| q.graph_name == graph.clone().into()));
        let participants = quads.iter().filter(|q| q.predicate.as_ref() == vocab::PARTICIPANT).count();
        assert_eq!(participants, 3);
        let affiliation = quads.iter().find(|q| q.predicate.as_ref() == vocab::AFFILIATION).unwrap();
        assert_eq!(affiliation.object, Term::from(actor_iri(ActorKind::Province, "전북특별자치도")));
    }

    #[test]
    fn actors_and_events_carry_their_superclass_and_urls_are_typed() {
        let mut extraction = sample();
        extraction.document.url = Some("https://example.org/news/1".into());
        let (_, quads) = extraction_to_quads(&extraction);
        let typed = |class: NamedNodeRef<'_>| {
            quads
                .iter()
                .filter(|q| q.predicate.as_ref() == vocab::RDF_TYPE && q.object == Term::from(class.into_owned()))
                .count()
        };
        assert_eq!(typed(vocab::ACTOR), 3);
        assert_eq!(typed(vocab::EVENT), 1);
        let url = quads.iter().find(|q| q.predicate.as_ref() == vocab::SOURCE_URL).unwrap();
        let Term::Literal(url) = &url.object else { panic!("{url}") };
        assert_eq!(url.datatype(), vocab::XSD_ANY_URI);
    }

    #[test]
    fn mapping_is_deterministic() {
        assert_eq!(extraction_to_quads(&sample()), extraction_to_quads(&sample()));
    }
}
