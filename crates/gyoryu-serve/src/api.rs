//! The explorer's JSON API: `/api/search`, `/api/actor`, `/api/event` and
//! `/api/stats`.
//!
//! Each answer is read from the [`ExplorerIndex`](crate::index::ExplorerIndex),
//! the graph in memory, once it is built; until then (at start-up, and after
//! an update through `/sparql` while the index is rebuilt) the same answer is
//! read with fixed SPARQL queries over the store ([`sparql`]). Both fill the
//! types below, and what is shared beyond the reading (the gazetteer's other
//! names, the neighbourhood's nodes, edges and timeline, the JSON shape) is
//! done here once, so the two give the same answers.
//!
//! Classes are recognised through the ontology (`rdfs:subClassOf+ gy:Actor`,
//! `gy:Event`), which every store carries, so new actor or event kinds in
//! `ontology/gyoryu.ttl` reach the explorer without code changes.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gyoryu_graph::vocab;
use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::exec::HttpError;
use crate::{index, AppState};

pub mod sparql;

/// Text that is either borrowed from the index or read from a query answer.
pub type Text<'a> = Cow<'a, str>;

// The fields of every answer type are declared in alphabetical order: the
// JSON objects the API wrote before these types existed had their keys so.

/// `/api/search`'s answer.
#[derive(Debug, Serialize)]
pub struct Found<'a> {
    pub actors: Vec<SearchHit<'a>>,
}

/// One actor found by a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit<'a> {
    /// Its `skos:altLabel`s, sorted.
    pub aliases: Vec<Text<'a>>,
    /// The events it takes part in.
    pub events: u64,
    pub iri: Text<'a>,
    /// The local name of its class (`Province`).
    pub kind: Option<Text<'a>>,
    /// Names the gazetteers know it by that no article gave it (filled by [`search`]).
    #[serde(rename = "knownAs")]
    pub known_as: Vec<String>,
    pub label: Option<Text<'a>>,
}

/// An IRI with its label, when it has one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labelled<'a> {
    pub iri: Text<'a>,
    pub label: Option<Text<'a>>,
}

/// What `/api/actor` says about the actor itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorFacts<'a> {
    pub affiliation: Option<Labelled<'a>>,
    pub aliases: Vec<Text<'a>>,
    pub iri: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
    pub titles: Vec<Text<'a>>,
}

/// One event of an actor, as the reader found it, before [`neighbourhood`]
/// turns the events into the page's nodes, edges and timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEvent<'a> {
    pub iri: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
    pub date: Option<Text<'a>>,
    pub status: Option<Text<'a>>,
    /// The participants that are actors with a label, the actor among them.
    pub participants: Vec<Participant<'a>>,
}

/// A participant of an [`ActorEvent`].
#[derive(Debug, Clone, PartialEq)]
pub struct Participant<'a> {
    pub iri: Text<'a>,
    pub label: Option<Text<'a>>,
    pub kind: Option<Text<'a>>,
    /// The bodies it belongs to (`gy:affiliation`).
    pub affiliations: Vec<Text<'a>>,
}

/// `/api/actor`'s answer.
#[derive(Debug, Serialize)]
pub struct Neighbourhood<'a> {
    pub actor: ActorFacts<'a>,
    pub edges: Vec<GraphEdge<'a>>,
    pub nodes: Vec<GraphNode<'a>>,
    pub timeline: Vec<TimelineEvent<'a>>,
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphEdge<'a> {
    pub kind: &'static str,
    pub source: Text<'a>,
    pub target: Text<'a>,
}

/// A node of the drawn network: an actor (`date` left out) or an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphNode<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Option<Text<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<bool>,
    pub group: &'static str,
    pub id: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEvent<'a> {
    pub date: Option<Text<'a>>,
    pub iri: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
    pub participants: Vec<Text<'a>>,
    pub status: Option<Text<'a>>,
}

/// `/api/event`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFacts<'a> {
    pub amount: Option<Text<'a>>,
    pub confidence: Option<Text<'a>>,
    pub date: Option<Text<'a>>,
    #[serde(rename = "endDate")]
    pub end_date: Option<Text<'a>>,
    /// The sentences it was read from, sorted.
    pub evidence: Vec<Text<'a>>,
    pub field: Option<Text<'a>>,
    pub iri: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
    pub location: Option<Labelled<'a>>,
    /// Sorted by IRI.
    pub participants: Vec<EventParticipant<'a>>,
    /// The articles that report it, sorted by IRI.
    pub sources: Vec<SourceDocument<'a>>,
    pub status: Option<Text<'a>>,
    pub trigger: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventParticipant<'a> {
    pub iri: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceDocument<'a> {
    pub file: Option<Text<'a>>,
    pub iri: Text<'a>,
    pub issued: Option<Text<'a>>,
    pub path: Option<Text<'a>>,
    pub title: Option<Text<'a>>,
    pub url: Option<Text<'a>>,
}

/// `/api/stats`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub actors: u64,
    /// By the class's local name.
    pub classes: BTreeMap<String, ClassLabels>,
    pub documents: u64,
    pub events: u64,
}

/// The legend's entry for one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassLabels {
    pub en: Option<String>,
    /// `actor` or `event`.
    pub group: Option<String>,
    pub ko: Option<String>,
}

/// The local name of a `gy:` class IRI (`…#Province` → `Province`).
pub fn local(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn checked_iri(iri: &str) -> Result<NamedNode, HttpError> {
    NamedNode::new(iri).map_err(|error| HttpError::bad_request(format!("{iri:?} is not an IRI: {error}")))
}

fn not_found(what: &str, iri: &NamedNode) -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, format!("no {what} {iri} in the store"))
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: String,
    #[serde(default)]
    limit: Option<usize>,
}

/// Canonical names the gazetteers know by another name containing `needle`
/// (lower case), with those other names: `gangwon` → 강원특별자치도 (Gangwon,
/// Gangwon-do, Gangwon State). Articles seldom write the romanisation, so the
/// store alone would not find the province by it.
pub fn gazetteer_names(needle: &str) -> BTreeMap<String, BTreeSet<String>> {
    static LEXICON: OnceLock<Option<gyoryu_extract::Lexicon>> = OnceLock::new();
    let Some(lexicon) = LEXICON.get_or_init(|| gyoryu_extract::Lexicon::builtin().ok()) else {
        return BTreeMap::new();
    };
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (surface, entry) in lexicon.names() {
        if surface != entry.name && surface.to_lowercase().contains(needle) {
            // A short needle matches many names; a page of results is enough.
            if found.len() >= MAX_GAZETTEER_NAMES && !found.contains_key(&entry.name) {
                continue;
            }
            found.entry(entry.name.clone()).or_default().insert(surface.to_owned());
        }
    }
    found
}

const MAX_GAZETTEER_NAMES: usize = 50;

/// What a search asks: the text in lower case, the gazetteer's canonical
/// names for it, and how many actors to return.
pub struct SearchRequest {
    pub needle: String,
    pub known: BTreeMap<String, BTreeSet<String>>,
    pub limit: usize,
}

/// Gives each hit the gazetteer names it is known by that are not already
/// among its aliases.
fn add_known_names(hits: &mut [SearchHit<'_>], known: &BTreeMap<String, BTreeSet<String>>) {
    for hit in hits {
        let Some(names) = hit.label.as_deref().and_then(|label| known.get(label)) else { continue };
        hit.known_as =
            names.iter().filter(|name| !hit.aliases.iter().any(|alias| alias == name.as_str())).cloned().collect();
    }
}

/// `/api/search?q=…`: actors whose label or any alias contains the text,
/// ignoring case (so romanised names match whatever their capitals), and
/// actors the gazetteers know by a name containing it; the busiest first.
pub async fn search(State(app): State<AppState>, Query(params): Query<SearchParams>) -> Result<Response, HttpError> {
    let needle = params.q.trim().to_lowercase();
    if needle.is_empty() {
        return Ok(Json(json!({ "actors": [] })).into_response());
    }
    let request =
        SearchRequest { known: gazetteer_names(&needle), needle, limit: params.limit.unwrap_or(30).clamp(1, 200) };
    if let Some(index) = app.explorer.current() {
        let mut actors = index.search(&request);
        add_known_names(&mut actors, &request.known);
        return Ok(Json(Found { actors }).into_response());
    }
    let mut actors = sparql::search(&app, &request).await?;
    add_known_names(&mut actors, &request.known);
    Ok(Json(Found { actors }).into_response())
}

#[derive(Deserialize)]
pub struct IriParams {
    iri: String,
}

/// Events sent for one actor at most; the most recent are kept. The page
/// folds them by partner and filters them, so a busy actor's whole record
/// is sent, up to a bound that keeps the answer quick.
pub const MAX_EVENTS: usize = 1000;

/// The page's view of an actor's events: the actor and its events'
/// participants as nodes, participation and affiliation as edges, and the
/// events as a timeline, oldest first.
pub fn neighbourhood<'a>(actor: ActorFacts<'a>, events: Vec<ActorEvent<'a>>) -> Neighbourhood<'a> {
    let mut nodes: BTreeMap<Text<'a>, GraphNode<'a>> = BTreeMap::new();
    let mut edges: BTreeSet<(Text<'a>, Text<'a>, &'static str)> = BTreeSet::new();
    let mut affiliations: Vec<(Text<'a>, Text<'a>)> = Vec::new();
    let mut timeline = Vec::with_capacity(events.len());
    nodes.insert(
        actor.iri.clone(),
        GraphNode {
            date: None,
            focus: Some(true),
            group: "actor",
            id: actor.iri.clone(),
            kind: actor.kind.clone(),
            label: actor.label.clone(),
        },
    );
    for event in events {
        nodes.entry(event.iri.clone()).or_insert_with(|| GraphNode {
            date: Some(event.date.clone()),
            focus: None,
            group: "event",
            id: event.iri.clone(),
            kind: event.kind.clone(),
            label: event.label.clone().or_else(|| event.kind.clone()),
        });
        let mut participants: Vec<Text<'a>> = Vec::with_capacity(event.participants.len());
        for participant in event.participants {
            if !participants.contains(&participant.iri) {
                participants.push(participant.iri.clone());
            }
            edges.insert((event.iri.clone(), participant.iri.clone(), "participant"));
            for body in participant.affiliations {
                affiliations.push((participant.iri.clone(), body));
            }
            nodes.entry(participant.iri.clone()).or_insert(GraphNode {
                date: None,
                focus: None,
                group: "actor",
                id: participant.iri,
                kind: participant.kind,
                label: participant.label,
            });
        }
        timeline.push(TimelineEvent {
            date: event.date,
            iri: event.iri,
            kind: event.kind,
            label: event.label,
            participants,
            status: event.status,
        });
    }
    for (person, body) in affiliations {
        if nodes.contains_key(&body) {
            edges.insert((person, body, "affiliation"));
        }
    }
    // Dated events first, oldest to newest, so the list reads as a story.
    timeline.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.label, &a.iri).cmp(&(b.date.is_none(), &b.date, &b.label, &b.iri))
    });
    let truncated = timeline.len() >= MAX_EVENTS;
    Neighbourhood {
        actor,
        edges: edges.into_iter().map(|(source, target, kind)| GraphEdge { kind, source, target }).collect(),
        nodes: nodes.into_values().collect(),
        timeline,
        truncated,
    }
}

/// `/api/actor?iri=…`: the actor, its events as a timeline, and its
/// neighbourhood (its events and their other participants) as nodes and edges.
pub async fn actor(State(app): State<AppState>, Query(params): Query<IriParams>) -> Result<Response, HttpError> {
    let iri = checked_iri(&params.iri)?;
    if let Some(index) = app.explorer.current() {
        if let Some(answer) = index.cached_actor(iri.as_str()) {
            return Ok(json_bytes(answer));
        }
        let (facts, events) = index.actor(iri.as_str(), MAX_EVENTS).ok_or_else(|| not_found("actor", &iri))?;
        let busy = events.len() >= index::CACHED_FROM_EVENTS;
        let answer = serde_json::to_vec(&neighbourhood(facts, events)).map_err(|error| {
            HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write the answer: {error}"))
        })?;
        let answer = Bytes::from(answer);
        if busy {
            index.keep_actor(iri.as_str(), answer.clone());
        }
        return Ok(json_bytes(answer));
    }
    let (facts, events) = sparql::actor(&app, &iri).await?.ok_or_else(|| not_found("actor", &iri))?;
    Ok(Json(neighbourhood(facts, events)).into_response())
}

/// JSON already written, sent as [`Json`] sends it.
fn json_bytes(answer: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], answer).into_response()
}

/// `/api/event?iri=…`: everything known about one event, with the sentence
/// it was read from and the article that sentence is in.
pub async fn event(State(app): State<AppState>, Query(params): Query<IriParams>) -> Result<Response, HttpError> {
    let iri = checked_iri(&params.iri)?;
    if let Some(index) = app.explorer.current() {
        let facts = index.event(iri.as_str()).ok_or_else(|| not_found("event", &iri))?;
        return Ok(Json(facts).into_response());
    }
    let facts = sparql::event(&app, &iri).await?.ok_or_else(|| not_found("event", &iri))?;
    Ok(Json(facts).into_response())
}

/// `/api/stats`: store size for the page header, and the Korean and English
/// labels of actor and event classes from the ontology, for the legend.
pub async fn stats(State(app): State<AppState>) -> Result<Response, HttpError> {
    if let Some(index) = app.explorer.current() {
        return Ok(Json(index.stats()).into_response());
    }
    Ok(Json(sparql::stats(&app).await?).into_response())
}

/// `/api/prefixes`: the prefixes every query here has predeclared, in the
/// order they are tried, so that the page shortens IRIs with the same ones
/// as the command line instead of a copy of its own.
pub async fn prefixes() -> Json<Value> {
    let prefixes: Vec<Value> =
        vocab::PREFIXES.iter().map(|(prefix, namespace)| json!({ "prefix": prefix, "namespace": namespace })).collect();
    Json(json!({ "prefixes": prefixes }))
}
