//! The explorer's graph in memory: what `/api/search`, `/api/actor`,
//! `/api/event` and `/api/stats` answer from, so that a click is a few
//! look-ups rather than SPARQL joins over the whole store.
//!
//! [`ExplorerIndex`] is a `petgraph` graph whose nodes are the actors and
//! events (merged over every article, as the store's default graph merges
//! them) and the resources they point to, with three kinds of edge: event →
//! participant, event → location, person → body (affiliation). Beside it are
//! what the answers show and the graph does not: an actor's aliases and
//! titles, an event's facts, evidence and source articles, and a name index
//! for search (every label and alias in lower case, in one buffer searched
//! with `memchr`'s substring finder). Every text is stored once, in an
//! interner, and referred to by a 4-byte [`Sym`].
//!
//! It is built from the default graph, reading only the predicates it needs,
//! one pattern at a time ([`ExplorerIndex::build`]). Which classes are actor
//! and event classes is read from the ontology in the same store
//! (`rdfs:subClassOf` chains up to `gy:Actor` and `gy:Event`), as the SPARQL
//! answers read it.
//!
//! [`Explorer`] holds the index the server answers from and builds it on a
//! thread of its own: at start-up, and again after every update through
//! `/sparql`, dropping the old one first so that no answer is stale. While
//! there is none the API answers through SPARQL ([`crate::api::sparql`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasher;
use std::io::Write;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use gyoryu_export::QuadSource;
use gyoryu_graph::article::Relation;
use gyoryu_graph::vocab;
use gyoryu_store::Store;
use hashbrown::hash_table::{Entry, HashTable};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::StorageError;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::api::{
    local, ActorEvent, ActorFacts, ClassLabels, EventFacts, EventParticipant, Labelled, Participant, SearchHit,
    SearchRequest, SourceDocument, Stats, Text,
};

#[cfg(test)]
mod tests;

/// Why the index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("cannot read the store for the explorer index: {0}")]
    Read(#[from] StorageError),
    #[error("cannot start a thread to read the store for the explorer index: {0}")]
    Thread(std::io::Error),
    #[error("building the explorer index stopped unexpectedly")]
    Stopped,
}

/// A text in [`Strings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Sym(NonZeroU32);

/// Every distinct text once, end to end in one buffer: an IRI or a label
/// repeated over thousands of facts costs four bytes per use, and there is
/// no allocation per text.
#[derive(Default)]
struct Strings {
    text: String,
    /// Where each text ends in `text`; the next one starts there.
    ends: Vec<usize>,
    table: HashTable<Sym>,
    hasher: hashbrown::DefaultHashBuilder,
}

fn slice<'a>(text: &'a str, ends: &[usize], sym: Sym) -> &'a str {
    let index = sym.0.get() as usize - 1;
    let start = if index == 0 { 0 } else { ends[index - 1] };
    &text[start..ends[index]]
}

impl Strings {
    fn get(&self, sym: Sym) -> &str {
        slice(&self.text, &self.ends, sym)
    }

    fn find(&self, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        self.table.find(hash, |&sym| self.get(sym) == text).copied()
    }

    fn intern(&mut self, text: &str) -> Sym {
        let Strings { text: buffer, ends, table, hasher } = self;
        let hash = hasher.hash_one(text);
        let entry = table.entry(
            hash,
            |&sym| slice(buffer, ends, sym) == text,
            |&sym| hasher.hash_one(slice(buffer, ends, sym)),
        );
        match entry {
            Entry::Occupied(found) => *found.get(),
            Entry::Vacant(vacant) => {
                buffer.push_str(text);
                ends.push(buffer.len());
                // Four billion distinct texts would need far more memory than
                // any store this serves.
                let sym = Sym(u32::try_from(ends.len()).ok().and_then(NonZeroU32::new).expect("fewer than 2^32 texts"));
                vacant.insert(sym);
                sym
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * size_of::<usize>()
            + self.table.capacity() * (size_of::<Sym>() + 1)
    }
}

/// What a node of the graph is, with its place in the table of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Actor(u32),
    Event(u32),
    /// A resource an event or an actor points to that has none of the actor
    /// or event classes.
    Other,
}

#[derive(Debug, Clone)]
struct Node {
    iri: Sym,
    /// The Korean label if it has one, else any; the smallest when several.
    label: Option<Sym>,
    /// The local name of its actor or event class.
    kind: Option<Sym>,
    role: Role,
}

#[derive(Debug, Default)]
struct ActorData {
    /// Sorted by text, without repeats.
    aliases: Vec<Sym>,
    titles: Vec<Sym>,
    /// The events it takes part in, for ranking search hits.
    events: u32,
}

#[derive(Debug, Default)]
struct EventData {
    date: Option<Sym>,
    end_date: Option<Sym>,
    status: Option<Sym>,
    trigger: Option<Sym>,
    field: Option<Sym>,
    amount: Option<Sym>,
    confidence: Option<Sym>,
    /// Sorted by text.
    evidence: Vec<Sym>,
    /// Indexes into the documents, sorted by their IRIs.
    sources: Vec<u32>,
}

#[derive(Debug)]
struct Document {
    iri: Sym,
    title: Option<Sym>,
    file: Option<Sym>,
    path: Option<Sym>,
    url: Option<Sym>,
    issued: Option<Sym>,
}

/// Every actor's labels and aliases in lower case, each followed by a NUL,
/// in one buffer: a search is one pass of a substring finder over it.
#[derive(Default)]
struct Names {
    text: String,
    /// Where each name starts in `text`, in order.
    starts: Vec<usize>,
    /// The actor each name belongs to.
    owners: Vec<NodeIndex>,
}

impl Names {
    fn add(&mut self, owner: NodeIndex, name: &str) {
        self.starts.push(self.text.len());
        self.owners.push(owner);
        // The separator must not occur inside a name.
        self.text.extend(name.to_lowercase().chars().filter(|&c| c != '\0'));
        self.text.push('\0');
    }

    /// The owners of every name containing `needle` (lower case), in no order, repeats included.
    fn owners_containing<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = NodeIndex> + 'a {
        let usable = !needle.is_empty() && !needle.contains('\0');
        let found = usable.then(|| memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes()));
        found.into_iter().flatten().map(|position| {
            // No match spans two names: the needle has no separator.
            let name = self.starts.partition_point(|&start| start <= position) - 1;
            self.owners[name]
        })
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + (self.starts.capacity() + self.owners.capacity()) * size_of::<usize>()
    }
}

/// The explorer's graph in memory (see the module documentation).
pub struct ExplorerIndex {
    strings: Strings,
    graph: DiGraph<Node, Relation>,
    by_iri: HashMap<Sym, NodeIndex>,
    actors: Vec<ActorData>,
    events: Vec<EventData>,
    documents: Vec<Document>,
    names: Names,
    /// Actors by each of their Korean labels, for the gazetteer's canonical names.
    by_label: HashMap<Sym, Vec<NodeIndex>>,
    stats: Stats,
    /// `/api/actor`'s answers for busy actors, as sent.
    answers: AnswerCache,
}

/// The serialized `/api/actor` answers of busy actors, least recently used
/// dropped first. A busy actor's answer (up to a thousand events with their
/// participants, a megabyte of JSON) takes milliseconds to assemble and
/// write, and busy actors are the ones opened most; the cache lives in the
/// index, so it goes when the index does and is never stale.
#[derive(Default)]
struct AnswerCache {
    entries: Mutex<AnswerEntries>,
}

#[derive(Default)]
struct AnswerEntries {
    by_iri: HashMap<Box<str>, (Bytes, u64)>,
    bytes: usize,
    clock: u64,
}

/// Answers of actors with fewer events are quick to make and not kept.
pub const CACHED_FROM_EVENTS: usize = 100;
/// The most the cache holds, in bytes of JSON.
const CACHE_BYTES: usize = 64 << 20;

impl AnswerCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, AnswerEntries> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, iri: &str) -> Option<Bytes> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let (answer, used) = entries.by_iri.get_mut(iri)?;
        *used = now;
        Some(answer.clone())
    }

    fn put(&self, iri: &str, answer: Bytes) {
        if answer.len() > CACHE_BYTES / 4 {
            return;
        }
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        entries.bytes += answer.len();
        if let Some((old, _)) = entries.by_iri.insert(iri.into(), (answer, now)) {
            entries.bytes -= old.len();
        }
        while entries.bytes > CACHE_BYTES {
            let Some(oldest) = entries.by_iri.iter().min_by_key(|(_, (_, used))| *used).map(|(iri, _)| iri.clone())
            else {
                break;
            };
            if let Some((old, _)) = entries.by_iri.remove(&oldest) {
                entries.bytes -= old.len();
            }
        }
    }
}

/// What [`ExplorerIndex::build`] read, for the log line.
#[derive(Debug, Clone, Copy)]
pub struct IndexSize {
    pub actors: usize,
    pub events: usize,
    pub documents: usize,
    pub edges: usize,
    pub names: usize,
    pub heap_bytes: usize,
}

/// An event's facts shown as one value each, and where they go.
type EventField = fn(&mut EventData) -> &mut Option<Sym>;
const EVENT_FIELDS: [(NamedNodeRef<'static>, EventField); 7] = [
    (vocab::DATE, |data| &mut data.date),
    (vocab::END_DATE, |data| &mut data.end_date),
    (vocab::STATUS, |data| &mut data.status),
    (vocab::TRIGGER, |data| &mut data.trigger),
    (vocab::FIELD, |data| &mut data.field),
    (vocab::AMOUNT, |data| &mut data.amount),
    (vocab::CONFIDENCE, |data| &mut data.confidence),
];

/// A source article's facts.
type DocumentField = fn(&mut Document) -> &mut Option<Sym>;
const DOCUMENT_FIELDS: [(NamedNodeRef<'static>, DocumentField); 5] = [
    (vocab::DCTERMS_TITLE, |document| &mut document.title),
    (vocab::SOURCE_FILE, |document| &mut document.file),
    (vocab::SOURCE_PATH, |document| &mut document.path),
    (vocab::SOURCE_URL, |document| &mut document.url),
    (vocab::DCTERMS_ISSUED, |document| &mut document.issued),
];

/// Quads a reader thread hands over at once, and how many batches it may
/// be ahead of the build.
const BATCH: usize = 4096;
const READ_AHEAD: usize = 4;

/// What a reader thread sends for each of its patterns: batches of quads,
/// then the end or the error that stopped it.
enum Batch {
    Quads(Vec<Quad>),
    End,
    Failed(StorageError),
}

/// Reads the default graph's quads of each pattern in turn and sends them
/// on; stops when the build stops listening.
fn read_ahead(
    source: &(dyn QuadSource + Sync),
    patterns: &[(NamedNodeRef<'_>, Option<NamedNodeRef<'_>>)],
    sender: &std::sync::mpsc::SyncSender<Batch>,
) {
    for (predicate, object) in patterns {
        let object = object.map(TermRef::from);
        let quads = match source.quads_matching(None, Some(*predicate), object, Some(GraphNameRef::DefaultGraph)) {
            Ok(quads) => quads,
            Err(error) => {
                let _ = sender.send(Batch::Failed(error));
                return;
            }
        };
        let mut batch = Vec::with_capacity(BATCH);
        for quad in quads {
            match quad {
                Ok(quad) => batch.push(quad),
                Err(error) => {
                    let _ = sender.send(Batch::Failed(error));
                    return;
                }
            }
            if batch.len() == BATCH
                && sender.send(Batch::Quads(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))).is_err()
            {
                return;
            }
        }
        if sender.send(Batch::Quads(batch)).is_err() || sender.send(Batch::End).is_err() {
            return;
        }
    }
}

/// The build's side of the reader threads: the patterns of the plan in
/// order, pattern `n` from reader `n` modulo their number.
struct Prefetched<'p> {
    plan: &'p [(NamedNodeRef<'p>, Option<NamedNodeRef<'p>>)],
    channels: Vec<std::sync::mpsc::Receiver<Batch>>,
    next: usize,
}

impl Prefetched<'_> {
    /// Every quad of the next pattern, which must be this one.
    fn each(
        &mut self,
        predicate: NamedNodeRef<'_>,
        object: Option<NamedNodeRef<'_>>,
        mut visit: impl FnMut(Quad),
    ) -> Result<(), IndexError> {
        assert_eq!(self.plan.get(self.next), Some(&(predicate, object)), "the build reads the patterns it planned");
        let channel = &self.channels[self.next % self.channels.len()];
        self.next += 1;
        loop {
            match channel.recv() {
                Ok(Batch::Quads(quads)) => quads.into_iter().for_each(&mut visit),
                Ok(Batch::End) => return Ok(()),
                Ok(Batch::Failed(error)) => return Err(error.into()),
                Err(_) => return Err(IndexError::Stopped),
            }
        }
    }
}

fn subject_iri(quad: &Quad) -> Option<&str> {
    match &quad.subject {
        NamedOrBlankNode::NamedNode(node) => Some(node.as_str()),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

fn object_iri(quad: &Quad) -> Option<&str> {
    match &quad.object {
        Term::NamedNode(node) => Some(node.as_str()),
        _ => None,
    }
}

/// The lexical form of a literal object, or an IRI object's text.
fn object_text(quad: &Quad) -> Option<&str> {
    match &quad.object {
        Term::Literal(literal) => Some(literal.value()),
        Term::NamedNode(node) => Some(node.as_str()),
        _ => None,
    }
}

/// The classes whose `rdfs:subClassOf` chain reaches `root`, with how many
/// classes each one is under (the more, the more specific).
fn classes_under(pairs: &[(String, String)], root: &str) -> HashMap<String, usize> {
    let mut parents: HashMap<&str, Vec<&str>> = HashMap::new();
    for (class, parent) in pairs {
        parents.entry(class.as_str()).or_default().push(parent.as_str());
    }
    let mut found = HashMap::new();
    for &class in parents.keys() {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack = vec![class];
        while let Some(next) = stack.pop() {
            for &parent in parents.get(next).into_iter().flatten() {
                if seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        if seen.contains(root) {
            found.insert(class.to_owned(), seen.len());
        }
    }
    found
}

/// Keeps the smaller of two texts, so that a fact stated differently by two
/// articles gives the same answer whichever was read first.
fn keep_smaller(strings: &Strings, slot: &mut Option<Sym>, candidate: Sym) {
    if slot.is_none_or(|current| strings.get(candidate) < strings.get(current)) {
        *slot = Some(candidate);
    }
}

/// The state of the build, turned into an [`ExplorerIndex`] at the end.
struct Builder {
    strings: Strings,
    graph: DiGraph<Node, Relation>,
    by_iri: HashMap<Sym, NodeIndex>,
    /// For each node, how specific its class is, to keep the most specific.
    depth: Vec<usize>,
    label_is_korean: Vec<bool>,
}

impl Builder {
    fn node_of(&self, iri: &str) -> Option<NodeIndex> {
        self.strings.find(iri).and_then(|sym| self.by_iri.get(&sym).copied())
    }

    fn node_or_other(&mut self, iri: &str) -> NodeIndex {
        let sym = self.strings.intern(iri);
        if let Some(&node) = self.by_iri.get(&sym) {
            return node;
        }
        let node = self.graph.add_node(Node { iri: sym, label: None, kind: None, role: Role::Other });
        self.depth.push(0);
        self.label_is_korean.push(false);
        self.by_iri.insert(sym, node);
        node
    }
}

impl ExplorerIndex {
    /// Reads the default graph of `source` (the union of every article, and
    /// the ontology) into an index.
    ///
    /// Decoding quads (a key-value read for every long term) costs more than
    /// taking them in, so the patterns are read ahead on a few threads
    /// while this one builds from them in a fixed order.
    pub fn build(source: &(dyn QuadSource + Sync)) -> Result<ExplorerIndex, IndexError> {
        // The classes, from the ontology.
        let mut pairs = Vec::new();
        for quad in
            source.quads_matching(None, Some(vocab::RDFS_SUB_CLASS_OF), None, Some(GraphNameRef::DefaultGraph))?
        {
            let quad = quad?;
            if let (Some(class), Some(parent)) = (subject_iri(&quad), object_iri(&quad)) {
                pairs.push((class.to_owned(), parent.to_owned()));
            }
        }
        let actor_classes = classes_under(&pairs, vocab::ACTOR.as_str());
        let event_classes = classes_under(&pairs, vocab::EVENT.as_str());
        // In IRI order, so that of two classes equally specific the smaller wins.
        let mut typed: Vec<(&String, usize, bool)> = actor_classes
            .iter()
            .map(|(class, depth)| (class, *depth, false))
            .chain(event_classes.iter().map(|(class, depth)| (class, *depth, true)))
            .collect();
        typed.sort();

        // Every pattern read below, in the order it is read.
        let mut plan: Vec<(NamedNodeRef<'_>, Option<NamedNodeRef<'_>>)> = typed
            .iter()
            .map(|(class, _, _)| (vocab::RDF_TYPE, Some(NamedNodeRef::new_unchecked(class.as_str()))))
            .collect();
        plan.push((vocab::RDF_TYPE, Some(vocab::DOCUMENT)));
        plan.extend(Relation::ALL.map(|relation| (relation.predicate(), None)));
        plan.extend([vocab::RDFS_LABEL, vocab::SKOS_ALT_LABEL, vocab::TITLE].map(|predicate| (predicate, None)));
        plan.extend(EVENT_FIELDS.map(|(predicate, _)| (predicate, None)));
        plan.extend([vocab::EVIDENCE, vocab::SOURCE].map(|predicate| (predicate, None)));
        plan.extend(DOCUMENT_FIELDS.map(|(predicate, _)| (predicate, None)));

        let readers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        std::thread::scope(|scope| {
            let mut channels = Vec::new();
            for first in 0..readers {
                let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
                channels.push(receiver);
                let mine: Vec<_> = plan.iter().skip(first).step_by(readers).copied().collect();
                std::thread::Builder::new()
                    .name("gyoryu-index-read".into())
                    .spawn_scoped(scope, move || read_ahead(source, &mine, &sender))
                    .map_err(IndexError::Thread)?;
            }
            let mut reader = Prefetched { plan: &plan, channels, next: 0 };
            Self::assemble(&mut reader, &actor_classes, &event_classes, &typed)
        })
    }

    fn assemble(
        reader: &mut Prefetched<'_>,
        actor_classes: &HashMap<String, usize>,
        event_classes: &HashMap<String, usize>,
        typed: &[(&String, usize, bool)],
    ) -> Result<ExplorerIndex, IndexError> {
        let mut builder = Builder {
            strings: Strings::default(),
            graph: DiGraph::new(),
            by_iri: HashMap::new(),
            depth: Vec::new(),
            label_is_korean: Vec::new(),
        };

        // Actors and events: the subjects typed with one of their classes.
        // A subject typed with several keeps an event class over an actor
        // class, and a deeper class over its superclasses.
        for &(class, depth, is_event) in typed {
            let class_node = NamedNodeRef::new_unchecked(class);
            let kind = builder.strings.intern(local(class));
            let rank = depth + if is_event { 1 << 16 } else { 0 };
            reader.each(vocab::RDF_TYPE, Some(class_node), |quad| {
                let Some(iri) = subject_iri(&quad) else { return };
                let node = builder.node_or_other(iri);
                let index = node.index();
                if builder.graph[node].kind.is_none() || rank > builder.depth[index] {
                    builder.depth[index] = rank;
                    let weight = &mut builder.graph[node];
                    weight.kind = Some(kind);
                    weight.role = if is_event { Role::Event(0) } else { Role::Actor(0) };
                }
            })?;
        }
        let mut documents_typed = 0u64;
        reader.each(vocab::RDF_TYPE, Some(vocab::DOCUMENT), |_| documents_typed += 1)?;

        let mut actors = Vec::new();
        let mut events = Vec::new();
        for weight in builder.graph.node_weights_mut() {
            weight.role = match weight.role {
                Role::Actor(_) => {
                    actors.push(ActorData::default());
                    Role::Actor((actors.len() - 1) as u32)
                }
                Role::Event(_) => {
                    events.push(EventData::default());
                    Role::Event((events.len() - 1) as u32)
                }
                Role::Other => Role::Other,
            };
        }
        let (actor_count, event_count) = (actors.len() as u64, events.len() as u64);

        // The relations, from actors and events to whatever they name.
        for relation in Relation::ALL {
            reader.each(relation.predicate(), None, |quad| {
                let (Some(subject), Some(object)) = (subject_iri(&quad), object_iri(&quad)) else { return };
                let Some(from) = builder.node_of(subject) else { return };
                if builder.graph[from].role == Role::Other {
                    return;
                }
                let to = builder.node_or_other(object);
                builder.graph.add_edge(from, to, relation);
            })?;
        }
        for edge in builder.graph.edge_references() {
            if let (Relation::Participant, Role::Event(_), Role::Actor(actor)) =
                (edge.weight(), builder.graph[edge.source()].role, builder.graph[edge.target()].role)
            {
                actors[actor as usize].events += 1;
            }
        }

        // Labels: of every node (the Korean one preferred), and of the
        // classes for the legend; actors' labels and aliases are searched.
        let mut names = Names::default();
        let mut by_label: HashMap<Sym, Vec<NodeIndex>> = HashMap::new();
        let mut legend: BTreeMap<String, ClassLabels> = BTreeMap::new();
        for (classes, group) in [(actor_classes, "actor"), (event_classes, "event")] {
            for class in classes.keys().filter(|class| class.starts_with(vocab::GY)) {
                legend.entry(local(class).to_owned()).or_insert_with(|| ClassLabels {
                    en: None,
                    group: Some(group.to_owned()),
                    ko: None,
                });
            }
        }
        reader.each(vocab::RDFS_LABEL, None, |quad| {
            let (Some(subject), Term::Literal(literal)) = (subject_iri(&quad), &quad.object) else { return };
            let language = literal.language().map(str::to_ascii_lowercase);
            let is_korean = language.as_deref() == Some("ko");
            if let Some(node) = builder.node_of(subject) {
                let label = builder.strings.intern(literal.value());
                let index = node.index();
                let better = match builder.graph[node].label {
                    None => true,
                    Some(current) => {
                        (!is_korean, literal.value()) < (!builder.label_is_korean[index], builder.strings.get(current))
                    }
                };
                if better {
                    builder.graph[node].label = Some(label);
                    builder.label_is_korean[index] = is_korean;
                }
                if let Role::Actor(_) = builder.graph[node].role {
                    names.add(node, literal.value());
                    if is_korean {
                        by_label.entry(label).or_default().push(node);
                    }
                }
            } else if subject.starts_with(vocab::GY) {
                let group = if actor_classes.contains_key(subject) {
                    "actor"
                } else if event_classes.contains_key(subject) {
                    "event"
                } else {
                    return;
                };
                let entry = legend.entry(local(subject).to_owned()).or_insert_with(|| ClassLabels {
                    en: None,
                    group: Some(group.to_owned()),
                    ko: None,
                });
                let slot = match language.as_deref() {
                    Some("ko") => &mut entry.ko,
                    Some("en") => &mut entry.en,
                    _ => return,
                };
                if slot.as_deref().is_none_or(|current| literal.value() < current) {
                    *slot = Some(literal.value().to_owned());
                }
            }
        })?;

        // An actor's aliases and titles.
        for predicate in [vocab::SKOS_ALT_LABEL, vocab::TITLE] {
            reader.each(predicate, None, |quad| {
                let (Some(subject), Term::Literal(literal)) = (subject_iri(&quad), &quad.object) else { return };
                let Some(node) = builder.node_of(subject) else { return };
                let Role::Actor(actor) = builder.graph[node].role else { return };
                let text = builder.strings.intern(literal.value());
                let data = &mut actors[actor as usize];
                if predicate == vocab::SKOS_ALT_LABEL {
                    data.aliases.push(text);
                    names.add(node, literal.value());
                } else {
                    data.titles.push(text);
                }
            })?;
        }

        // An event's facts, evidence and sources.
        for (predicate, field) in EVENT_FIELDS {
            reader.each(predicate, None, |quad| {
                let (Some(subject), Some(value)) = (subject_iri(&quad), object_text(&quad)) else { return };
                let Some(node) = builder.node_of(subject) else { return };
                let Role::Event(event) = builder.graph[node].role else { return };
                let value = builder.strings.intern(value);
                keep_smaller(&builder.strings, field(&mut events[event as usize]), value);
            })?;
        }
        reader.each(vocab::EVIDENCE, None, |quad| {
            let (Some(subject), Some(value)) = (subject_iri(&quad), object_text(&quad)) else { return };
            let Some(node) = builder.node_of(subject) else { return };
            let Role::Event(event) = builder.graph[node].role else { return };
            let value = builder.strings.intern(value);
            events[event as usize].evidence.push(value);
        })?;
        let mut documents: Vec<Document> = Vec::new();
        let mut document_by_iri: HashMap<Sym, u32> = HashMap::new();
        reader.each(vocab::SOURCE, None, |quad| {
            let (Some(subject), Some(document)) = (subject_iri(&quad), object_iri(&quad)) else { return };
            let Some(node) = builder.node_of(subject) else { return };
            let Role::Event(event) = builder.graph[node].role else { return };
            let iri = builder.strings.intern(document);
            let index = *document_by_iri.entry(iri).or_insert_with(|| {
                documents.push(Document { iri, title: None, file: None, path: None, url: None, issued: None });
                (documents.len() - 1) as u32
            });
            events[event as usize].sources.push(index);
        })?;

        // The facts of the documents events name.
        for (predicate, field) in DOCUMENT_FIELDS {
            reader.each(predicate, None, |quad| {
                let (Some(subject), Some(value)) = (subject_iri(&quad), object_text(&quad)) else { return };
                let Some(&index) = builder.strings.find(subject).and_then(|sym| document_by_iri.get(&sym)) else {
                    return;
                };
                let value = builder.strings.intern(value);
                keep_smaller(&builder.strings, field(&mut documents[index as usize]), value);
            })?;
        }

        // Lists in a fixed order, whatever order the store gave.
        let strings = builder.strings;
        let by_text = |a: &Sym, b: &Sym| strings.get(*a).cmp(strings.get(*b));
        for data in &mut actors {
            for list in [&mut data.aliases, &mut data.titles] {
                list.sort_by(by_text);
                list.dedup();
                list.shrink_to_fit();
            }
        }
        for data in &mut events {
            data.evidence.sort_by(by_text);
            data.evidence.dedup();
            data.evidence.shrink_to_fit();
            data.sources.sort_by(|a, b| by_text(&documents[*a as usize].iri, &documents[*b as usize].iri));
            data.sources.dedup();
            data.sources.shrink_to_fit();
        }
        for owners in by_label.values_mut() {
            owners.sort();
            owners.dedup();
        }
        let stats = Stats { actors: actor_count, classes: legend, documents: documents_typed, events: event_count };
        let mut graph = builder.graph;
        graph.shrink_to_fit();
        Ok(ExplorerIndex {
            strings,
            graph,
            by_iri: builder.by_iri,
            actors,
            events,
            documents,
            names,
            by_label,
            stats,
            answers: AnswerCache::default(),
        })
    }

    fn text(&self, sym: Sym) -> Text<'_> {
        Text::Borrowed(self.strings.get(sym))
    }

    fn optional(&self, sym: Option<Sym>) -> Option<Text<'_>> {
        sym.map(|sym| self.text(sym))
    }

    fn node(&self, iri: &str) -> Option<NodeIndex> {
        self.strings.find(iri).and_then(|sym| self.by_iri.get(&sym).copied())
    }

    fn iri(&self, node: NodeIndex) -> &str {
        self.strings.get(self.graph[node].iri)
    }

    /// The nodes an edge of `relation` leads to from `node`, sorted by IRI.
    fn targets(&self, node: NodeIndex, relation: Relation) -> Vec<NodeIndex> {
        let mut targets: Vec<NodeIndex> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .filter(|edge| *edge.weight() == relation)
            .map(|edge| edge.target())
            .collect();
        targets.sort_by(|a, b| self.iri(*a).cmp(self.iri(*b)));
        targets
    }

    /// `/api/search`: the labelled actors whose label or alias contains the
    /// needle, or whose Korean label is one of the gazetteer's canonical
    /// names for it; most events first, then by label.
    pub fn search(&self, request: &SearchRequest) -> Vec<SearchHit<'_>> {
        let mut found: HashSet<NodeIndex> = self.names.owners_containing(&request.needle).collect();
        for name in request.known.keys() {
            if let Some(owners) = self.strings.find(name).and_then(|sym| self.by_label.get(&sym)) {
                found.extend(owners);
            }
        }
        let mut hits: Vec<(u32, &str, &str, NodeIndex)> = found
            .into_iter()
            .filter_map(|node| {
                let weight = &self.graph[node];
                let Role::Actor(actor) = weight.role else { return None };
                let label = self.strings.get(weight.label?);
                Some((self.actors[actor as usize].events, label, self.strings.get(weight.iri), node))
            })
            .collect();
        let order = |a: &(u32, &str, &str, NodeIndex), b: &(u32, &str, &str, NodeIndex)| {
            b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| a.2.cmp(b.2))
        };
        if hits.len() > request.limit {
            hits.select_nth_unstable_by(request.limit - 1, order);
            hits.truncate(request.limit);
        }
        hits.sort_unstable_by(order);
        hits.into_iter()
            .map(|(events, label, iri, node)| {
                let weight = &self.graph[node];
                let aliases = match weight.role {
                    Role::Actor(actor) => self.actors[actor as usize].aliases.iter().map(|&a| self.text(a)).collect(),
                    _ => Vec::new(),
                };
                SearchHit {
                    aliases,
                    events: u64::from(events),
                    iri: Text::Borrowed(iri),
                    kind: self.optional(weight.kind),
                    known_as: Vec::new(),
                    label: Some(Text::Borrowed(label)),
                }
            })
            .collect()
    }

    /// `/api/actor`: a labelled actor's facts and its `max_events` most
    /// recent events (undated ones last), or `None` for any other IRI.
    pub fn actor(&self, iri: &str, max_events: usize) -> Option<(ActorFacts<'_>, Vec<ActorEvent<'_>>)> {
        let node = self.node(iri)?;
        let weight = &self.graph[node];
        let Role::Actor(actor) = weight.role else { return None };
        weight.label?;
        let data = &self.actors[actor as usize];
        let affiliation = self.targets(node, Relation::Affiliation).into_iter().find_map(|body| {
            let label = self.graph[body].label?;
            Some(Labelled { iri: Text::Borrowed(self.iri(body)), label: Some(self.text(label)) })
        });
        let facts = ActorFacts {
            affiliation,
            aliases: data.aliases.iter().map(|&a| self.text(a)).collect(),
            iri: Text::Borrowed(self.iri(node)),
            kind: self.optional(weight.kind),
            label: self.optional(weight.label),
            titles: data.titles.iter().map(|&t| self.text(t)).collect(),
        };

        let mut events: Vec<(Option<&str>, &str, NodeIndex, u32)> = self
            .graph
            .edges_directed(node, Direction::Incoming)
            .filter(|edge| *edge.weight() == Relation::Participant)
            .filter_map(|edge| {
                let source = edge.source();
                let Role::Event(event) = self.graph[source].role else { return None };
                let date = self.events[event as usize].date.map(|date| self.strings.get(date));
                Some((date, self.iri(source), source, event))
            })
            .collect();
        // The most recent first, undated last; `None` sorts below any date.
        let recent_first = |a: &(Option<&str>, &str, NodeIndex, u32), b: &(Option<&str>, &str, NodeIndex, u32)| {
            b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
        };
        if events.len() > max_events && max_events > 0 {
            events.select_nth_unstable_by(max_events - 1, recent_first);
        }
        events.truncate(max_events);
        events.sort_unstable_by(recent_first);
        let events = events
            .into_iter()
            .map(|(date, iri, event_node, event)| {
                let participants = self
                    .targets(event_node, Relation::Participant)
                    .into_iter()
                    .filter_map(|participant| {
                        let weight = &self.graph[participant];
                        if !matches!(weight.role, Role::Actor(_)) {
                            return None;
                        }
                        Some(Participant {
                            iri: Text::Borrowed(self.iri(participant)),
                            label: Some(self.text(weight.label?)),
                            kind: self.optional(weight.kind),
                            affiliations: self
                                .targets(participant, Relation::Affiliation)
                                .into_iter()
                                .map(|body| Text::Borrowed(self.iri(body)))
                                .collect(),
                        })
                    })
                    .collect();
                let weight = &self.graph[event_node];
                ActorEvent {
                    iri: Text::Borrowed(iri),
                    kind: self.optional(weight.kind),
                    label: self.optional(weight.label),
                    date: date.map(Text::Borrowed),
                    status: self.optional(self.events[event as usize].status),
                    participants,
                }
            })
            .collect();
        Some((facts, events))
    }

    /// A busy actor's `/api/actor` answer as last sent, if it is kept.
    pub fn cached_actor(&self, iri: &str) -> Option<Bytes> {
        self.answers.get(iri)
    }

    /// Keeps a busy actor's `/api/actor` answer (one with at least
    /// [`CACHED_FROM_EVENTS`] events) for the next request.
    pub fn keep_actor(&self, iri: &str, answer: Bytes) {
        self.answers.put(iri, answer);
    }

    /// `/api/event`: everything about one event, or `None` when the IRI is
    /// not an event.
    pub fn event(&self, iri: &str) -> Option<EventFacts<'_>> {
        let node = self.node(iri)?;
        let weight = &self.graph[node];
        let Role::Event(event) = weight.role else { return None };
        let data = &self.events[event as usize];
        let location = self.targets(node, Relation::Location).into_iter().next().map(|place| Labelled {
            iri: Text::Borrowed(self.iri(place)),
            label: self.optional(self.graph[place].label),
        });
        let participants = self
            .targets(node, Relation::Participant)
            .into_iter()
            .map(|participant| {
                let weight = &self.graph[participant];
                EventParticipant {
                    iri: Text::Borrowed(self.iri(participant)),
                    kind: if matches!(weight.role, Role::Actor(_)) { self.optional(weight.kind) } else { None },
                    label: self.optional(weight.label),
                }
            })
            .collect();
        let sources = data
            .sources
            .iter()
            .map(|&index| {
                let document = &self.documents[index as usize];
                SourceDocument {
                    file: self.optional(document.file),
                    iri: self.text(document.iri),
                    issued: self.optional(document.issued),
                    path: self.optional(document.path),
                    title: self.optional(document.title),
                    url: self.optional(document.url),
                }
            })
            .collect();
        Some(EventFacts {
            amount: self.optional(data.amount),
            confidence: self.optional(data.confidence),
            date: self.optional(data.date),
            end_date: self.optional(data.end_date),
            evidence: data.evidence.iter().map(|&sentence| self.text(sentence)).collect(),
            field: self.optional(data.field),
            iri: Text::Borrowed(self.iri(node)),
            kind: self.optional(weight.kind),
            label: self.optional(weight.label),
            location,
            participants,
            sources,
            status: self.optional(data.status),
            trigger: self.optional(data.trigger),
        })
    }

    /// `/api/stats`: the counts and the legend, computed when it was built.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// How much it holds, and about how much memory that takes.
    pub fn size(&self) -> IndexSize {
        let (node_capacity, edge_capacity) = self.graph.capacity();
        let lists: usize = self.actors.iter().map(|a| a.aliases.capacity() + a.titles.capacity()).sum::<usize>()
            + self.events.iter().map(|e| e.evidence.capacity() + e.sources.capacity()).sum::<usize>();
        let heap_bytes = self.strings.heap_bytes()
            + node_capacity * size_of::<petgraph::graph::Node<Node>>()
            + edge_capacity * size_of::<petgraph::graph::Edge<Relation>>()
            + self.by_iri.capacity() * (size_of::<(Sym, NodeIndex)>() + 1)
            + self.actors.capacity() * size_of::<ActorData>()
            + self.events.capacity() * size_of::<EventData>()
            + lists * size_of::<Sym>()
            + self.documents.capacity() * size_of::<Document>()
            + self.names.heap_bytes()
            + self.by_label.capacity() * (size_of::<(Sym, Vec<NodeIndex>)>() + 1)
            + self.by_label.values().map(|owners| owners.capacity() * size_of::<NodeIndex>()).sum::<usize>();
        IndexSize {
            actors: self.actors.len(),
            events: self.events.len(),
            documents: self.documents.len(),
            edges: self.graph.edge_count(),
            names: self.names.starts.len(),
            heap_bytes,
        }
    }
}

/// The index the API answers from, when there is a current one, and its
/// rebuilding.
///
/// A build reads the store while requests go on, so it is tagged with the
/// generation it started in; an update moves the generation on and drops
/// the index at once, and a build that finishes in an older generation is
/// thrown away and started again. At most one build runs at a time, on a
/// thread of its own that holds the store only while it reads.
#[derive(Default)]
pub struct Explorer {
    state: Mutex<Live>,
}

#[derive(Default)]
struct Live {
    index: Option<Arc<ExplorerIndex>>,
    generation: u64,
    building: bool,
}

impl Explorer {
    pub fn new() -> Arc<Explorer> {
        Arc::new(Explorer::default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Live> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The index, when one is built and nothing has changed since.
    pub fn current(&self) -> Option<Arc<ExplorerIndex>> {
        self.lock().index.clone()
    }

    /// Drops the current index (the API answers through SPARQL meanwhile)
    /// and builds a new one from `store` in the background. `why` is said
    /// in the log line (`at start-up`, `after an update`).
    pub fn rebuild(self: &Arc<Self>, store: Store, why: &'static str) {
        let mut state = self.lock();
        state.index = None;
        state.generation += 1;
        if state.building {
            // The running build will see the new generation and read again.
            return;
        }
        state.building = true;
        drop(state);
        let explorer = Arc::clone(self);
        let spawned =
            std::thread::Builder::new().name("gyoryu-index".into()).spawn(move || explorer.build(&store, why));
        if let Err(error) = spawned {
            self.lock().building = false;
            log(format_args!("explorer index not built ({error}); the explorer answers through SPARQL"));
        }
    }

    /// Builds until a build finishes with no change to the store meanwhile.
    fn build(&self, store: &Store, why: &'static str) {
        loop {
            let generation = self.lock().generation;
            let started = Instant::now();
            // A panic while building (a bug) must not leave `building` set,
            // which would stop every later rebuild.
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ExplorerIndex::build(store)))
                .unwrap_or(Err(IndexError::Stopped));
            let mut state = self.lock();
            if state.generation != generation {
                continue;
            }
            state.building = false;
            match built {
                Ok(index) => {
                    let size = index.size();
                    state.index = Some(Arc::new(index));
                    drop(state);
                    log(format_args!(
                        "explorer index built {why} in {:.1} s: {} actors, {} events, {} documents, {} edges, {} names; about {} MB in memory",
                        started.elapsed().as_secs_f64(),
                        size.actors,
                        size.events,
                        size.documents,
                        size.edges,
                        size.names,
                        size.heap_bytes / 1_000_000,
                    ));
                }
                Err(error) => {
                    drop(state);
                    log(format_args!("{error}; the explorer answers through SPARQL"));
                }
            }
            return;
        }
    }
}

/// One line on standard error. Whoever started the server may have closed
/// it (a test reads only the line saying where it listens), which must not
/// stop the server, so a failed write is ignored.
fn log(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "gyoryu: {message}");
}
