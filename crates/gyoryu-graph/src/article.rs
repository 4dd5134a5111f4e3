//! The RDF shape of one article, in one place.
//!
//! An article is a named graph whose name is its document's IRI. The graph
//! holds the document (`gy:Document`, with `gy:sourceFile`, `gy:sourcePath`
//! and `gy:contentHash`), the actors it mentions (typed with one of the actor
//! classes, linked to the document by `gy:mentionedIn`) and the events it
//! reports (typed with one of the event classes, linked by `gy:source`),
//! and the [`Relation`]s between them. The ontology has a graph of its own.
//!
//! [`crate::rdf`] writes this shape, [`crate::network`] reads it back as a
//! network, `gyoryu-store` checks it and the remote client asks a server for
//! it: each takes the classes, links and graph rules from here.

use std::fmt;

use gyoryu_model::{ActorKind, EventKind};
use oxrdf::{GraphNameRef, Literal, NamedNodeRef, Quad, Term};

use crate::vocab;

/// Whether a graph name is the ontology's graph.
pub fn is_ontology_graph(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(name) if name.as_str() == vocab::ONTOLOGY_GRAPH)
}

/// Whether a graph name is the graph of facts derived from the whole store.
pub fn is_stats_graph(graph: GraphNameRef<'_>) -> bool {
    matches!(graph, GraphNameRef::NamedNode(name) if name.as_str() == vocab::STATS_GRAPH)
}

/// A named graph other than the ontology's and the stats': an article's.
pub fn is_article_graph(graph: GraphNameRef<'_>) -> bool {
    !graph.is_default_graph() && !is_ontology_graph(graph) && !is_stats_graph(graph)
}

/// What identifies an article graph, read back from its quads: what `load`
/// needs to put a graph where `build` would have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Its input (`gy:sourcePath`; `gy:sourceFile` for a graph an older
    /// gyoryu wrote, which had only the file name).
    pub source: String,
    /// Its file name or record id (`gy:sourceFile`).
    pub source_file: String,
    /// `gy:contentHash`, empty when the graph has none.
    pub content_hash: String,
}

/// The identity of the article whose graph holds `quads`; `None` when they
/// name no input, so the graph is not an article graph.
pub fn identity(quads: &[Quad]) -> Option<Identity> {
    let literal = |predicate: NamedNodeRef<'_>| {
        quads.iter().find(|q| q.predicate.as_ref() == predicate).and_then(|q| match &q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
    };
    let source_file = literal(vocab::SOURCE_FILE);
    let source = literal(vocab::SOURCE_PATH).or_else(|| source_file.clone())?;
    Some(Identity {
        source_file: source_file.unwrap_or_else(|| source.clone()),
        content_hash: literal(vocab::CONTENT_HASH).unwrap_or_default(),
        source,
    })
}

/// The facts a document must have besides its type, with their prefixed names.
pub const REQUIRED_DOCUMENT_FACTS: [(NamedNodeRef<'static>, &str); 2] =
    [(vocab::SOURCE_FILE, "gy:sourceFile"), (vocab::CONTENT_HASH, "gy:contentHash")];

/// Whether a node is one of the actor classes or one of the event classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Actor,
    Event,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Actor => "actor",
            Category::Event => "event",
        }
    }

    /// How a node of this category names its article: an actor is
    /// `gy:mentionedIn` it, an event has it as `gy:source`.
    pub fn document_link(self) -> NamedNodeRef<'static> {
        match self {
            Category::Actor => vocab::MENTIONED_IN,
            Category::Event => vocab::SOURCE,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a predicate links a node to its article ([`Category::document_link`]).
pub fn is_document_link(predicate: &str) -> bool {
    [Category::Actor, Category::Event].iter().any(|category| category.document_link().as_str() == predicate)
}

/// The relations between actors and events; every other property of a
/// node is an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// Event → actor taking part (`gy:participant`).
    Participant,
    /// Person → the body their title belongs to (`gy:affiliation`).
    Affiliation,
    /// Event → place where it happened (`gy:location`).
    Location,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::Participant, Relation::Affiliation, Relation::Location];

    /// The local name of the RDF property, also used as the edge label in exports.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Participant => "participant",
            Relation::Affiliation => "affiliation",
            Relation::Location => "location",
        }
    }

    /// The RDF property of the relation.
    pub fn predicate(self) -> NamedNodeRef<'static> {
        match self {
            Relation::Participant => vocab::PARTICIPANT,
            Relation::Affiliation => vocab::AFFILIATION,
            Relation::Location => vocab::LOCATION,
        }
    }

    /// The relation a predicate IRI stands for, if any.
    pub fn from_predicate(iri: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|relation| relation.predicate().as_str() == iri)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The local names of the actor classes then the event classes, in the
/// model's fixed order: a subject typed with several takes the first.
pub fn node_classes() -> impl Iterator<Item = &'static str> {
    ActorKind::ALL.into_iter().map(ActorKind::class_name).chain(EventKind::ALL.into_iter().map(EventKind::class_name))
}

/// Maps a class IRI to the local name of one of the actor or event classes.
pub fn known_class(iri: &str) -> Option<&'static str> {
    let local = iri.strip_prefix(vocab::GY)?;
    node_classes().find(|name| *name == local)
}

/// Whether a class local name (see [`node_classes`]) is an actor or an event class.
pub fn category_of_class(class: &str) -> Category {
    if EventKind::ALL.iter().any(|kind| kind.class_name() == class) {
        Category::Event
    } else {
        Category::Actor
    }
}

/// The category of a class IRI, when it is one of the actor or event classes.
pub fn category_of_class_iri(iri: &str) -> Option<Category> {
    known_class(iri).map(category_of_class)
}

/// The query that asks a server which article graphs hold a document with
/// one of these input identities (`gy:sourcePath`) or content hashes
/// (`gy:contentHash`): its rows are the graph, the identity and the hash.
pub fn stored_documents_query<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    hashes: impl IntoIterator<Item = &'a str>,
) -> String {
    let values = |texts: &mut dyn Iterator<Item = &'a str>| {
        texts.map(|text| Literal::new_simple_literal(text).to_string()).collect::<Vec<_>>().join(" ")
    };
    let (source, hash) = (vocab::SOURCE_PATH, vocab::CONTENT_HASH);
    format!(
        "SELECT DISTINCT ?graph ?source ?hash WHERE {{\n\
         {{ VALUES ?source {{ {} }} GRAPH ?graph {{ ?doc {source} ?source ; {hash} ?hash }} }}\n\
         UNION\n\
         {{ VALUES ?hash {{ {} }} GRAPH ?graph {{ ?doc {hash} ?hash ; {source} ?source }} }}\n}}",
        values(&mut sources.into_iter()),
        values(&mut hashes.into_iter()),
    )
}
