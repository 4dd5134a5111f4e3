//! The explorer's JSON API: a handful of fixed SPARQL queries over the store.
//!
//! Classes are recognised through the ontology (`rdfs:subClassOf+ gy:Actor`,
//! `gy:Event`), which every store carries, so new actor or event kinds in
//! `ontology/gyoryu.ttl` reach the explorer without code changes. Terms from
//! requests enter the queries only as checked IRIs or escaped literals.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use axum::extract::{Query, State};
use axum::Json;
use gyoryu_export::QueryAnswer;
use gyoryu_graph::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::exec::HttpError;
use crate::protocol::{evaluate, parse_query};
use crate::AppState;

type Row = HashMap<String, Term>;

/// Runs a fixed SELECT under the same limits as `/sparql`.
async fn select(app: &AppState, sparql: String) -> Result<Vec<Row>, HttpError> {
    let query = parse_query(&sparql)?;
    let store = app.store.clone();
    app.runner
        .run(move |limits, token| match evaluate(&store, query, limits, token)? {
            QueryAnswer::Solutions { variables, rows } => Ok(rows
                .into_iter()
                .map(|row| {
                    variables
                        .iter()
                        .zip(row)
                        .filter_map(|(variable, value)| Some((variable.as_str().to_owned(), value?)))
                        .collect()
                })
                .collect()),
            _ => Ok(Vec::new()),
        })
        .await
}

fn text(row: &Row, name: &str) -> Option<String> {
    row.get(name).map(|term| match term {
        Term::NamedNode(node) => node.as_str().to_owned(),
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    })
}

/// The local name of a `gy:` class IRI (`…#Province` → `Province`).
fn local(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}

fn checked_iri(iri: &str) -> Result<NamedNode, HttpError> {
    NamedNode::new(iri).map_err(|error| HttpError::bad_request(format!("{iri:?} is not an IRI: {error}")))
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
fn gazetteer_names(needle: &str) -> BTreeMap<String, BTreeSet<String>> {
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

/// `/api/search?q=…`: actors whose label or any alias contains the text,
/// ignoring case (so romanised names match whatever their capitals), and
/// actors the gazetteers know by a name containing it.
pub async fn search(State(app): State<AppState>, Query(params): Query<SearchParams>) -> Result<Json<Value>, HttpError> {
    let needle = params.q.trim().to_lowercase();
    if needle.is_empty() {
        return Ok(Json(json!({ "actors": [] })));
    }
    let known = gazetteer_names(&needle);
    let known_labels: Vec<String> =
        known.keys().map(|name| Literal::new_language_tagged_literal_unchecked(name, "ko").to_string()).collect();
    let by_gazetteer = if known_labels.is_empty() {
        String::new()
    } else {
        format!("UNION {{ VALUES ?name {{ {} }} ?a rdfs:label ?name }}", known_labels.join(" "))
    };
    let needle = Literal::new_simple_literal(needle);
    let limit = params.limit.unwrap_or(30).clamp(1, 200);
    let sparql = format!(
        r#"SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type)
              (GROUP_CONCAT(DISTINCT ?alt; separator="\u001f") AS ?aliases)
              (COUNT(DISTINCT ?e) AS ?events)
           WHERE {{
             {{ SELECT DISTINCT ?a WHERE {{
                 {{ {{ ?a rdfs:label ?name }} UNION {{ ?a skos:altLabel ?name }}
                    FILTER(CONTAINS(LCASE(STR(?name)), {needle})) }}
                 {by_gazetteer}
             }} }}
             ?a a ?t . ?t rdfs:subClassOf+ gy:Actor .
             ?a rdfs:label ?l .
             OPTIONAL {{ ?a skos:altLabel ?alt }}
             OPTIONAL {{ ?e gy:participant ?a }}
           }}
           GROUP BY ?a ORDER BY DESC(?events) ?label LIMIT {limit}"#
    );
    let rows = select(&app, sparql).await?;
    let actors: Vec<Value> = rows
        .iter()
        .map(|row| {
            let aliases: Vec<String> = text(row, "aliases")
                .map(|all| all.split('\u{1f}').filter(|a| !a.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default();
            let label = text(row, "label");
            let known_as: Vec<&String> = label
                .as_ref()
                .and_then(|label| known.get(label))
                .map(|names| names.iter().filter(|name| !aliases.contains(name)).collect())
                .unwrap_or_default();
            json!({
                "iri": text(row, "a"),
                "label": label,
                "kind": text(row, "type").map(|t| local(&t)),
                "aliases": aliases,
                "knownAs": known_as,
                "events": text(row, "events").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0),
            })
        })
        .collect();
    Ok(Json(json!({ "actors": actors })))
}

#[derive(Deserialize)]
pub struct IriParams {
    iri: String,
}

/// Events sent for one actor at most; the most recent are kept. The page
/// folds them by partner and filters them, so a busy actor's whole record
/// is sent, up to a bound that keeps the answer quick.
const MAX_EVENTS: usize = 1000;

/// `/api/actor?iri=…`: the actor, its events as a timeline, and its
/// neighbourhood (its events and their other participants) as nodes and edges.
pub async fn actor(State(app): State<AppState>, Query(params): Query<IriParams>) -> Result<Json<Value>, HttpError> {
    let iri = checked_iri(&params.iri)?;
    let about = select(
        &app,
        format!(
            r#"SELECT ?label ?type ?alt ?title ?aff ?affLabel WHERE {{
                 {iri} rdfs:label ?label ; a ?type . ?type rdfs:subClassOf+ gy:Actor .
                 OPTIONAL {{ {iri} skos:altLabel ?alt }}
                 OPTIONAL {{ {iri} gy:title ?title }}
                 OPTIONAL {{ {iri} gy:affiliation ?aff . ?aff rdfs:label ?affLabel }}
               }}"#
        ),
    )
    .await?;
    let Some(first) = about.first() else {
        return Err(HttpError::new(axum::http::StatusCode::NOT_FOUND, format!("no actor {iri} in the store")));
    };
    let collect = |name: &str| -> Vec<String> {
        about.iter().filter_map(|row| text(row, name)).collect::<BTreeSet<_>>().into_iter().collect()
    };
    let affiliation = first.get("aff").map(|_| json!({ "iri": text(first, "aff"), "label": text(first, "affLabel") }));
    let actor = json!({
        "iri": iri.as_str(),
        "label": text(first, "label"),
        "kind": text(first, "type").map(|t| local(&t)),
        "aliases": collect("alt"),
        "titles": collect("title"),
        "affiliation": affiliation,
    });

    let rows = select(
        &app,
        format!(
            r#"SELECT ?e ?etype ?elabel ?date ?status ?p ?plabel ?ptype ?paff WHERE {{
                 {{ SELECT ?e (SAMPLE(?d) AS ?date) WHERE {{
                     ?e gy:participant {iri} . OPTIONAL {{ ?e gy:date ?d }}
                   }} GROUP BY ?e ORDER BY DESC(?date) LIMIT {MAX_EVENTS} }}
                 ?e a ?etype . ?etype rdfs:subClassOf+ gy:Event .
                 OPTIONAL {{ ?e rdfs:label ?elabel }}
                 OPTIONAL {{ ?e gy:status ?status }}
                 ?e gy:participant ?p . ?p rdfs:label ?plabel ; a ?ptype . ?ptype rdfs:subClassOf+ gy:Actor .
                 OPTIONAL {{ ?p gy:affiliation ?paff }}
               }}"#
        ),
    )
    .await?;

    let mut nodes: BTreeMap<String, Value> = BTreeMap::new();
    let mut edges: BTreeSet<(String, String, &str)> = BTreeSet::new();
    let mut events: BTreeMap<String, Value> = BTreeMap::new();
    let mut affiliations: Vec<(String, String)> = Vec::new();
    nodes.insert(
        iri.as_str().to_owned(),
        json!({ "id": iri.as_str(), "label": actor["label"], "group": "actor", "kind": actor["kind"], "focus": true }),
    );
    for row in &rows {
        let (Some(event), Some(participant)) = (text(row, "e"), text(row, "p")) else { continue };
        let kind = text(row, "etype").map(|t| local(&t));
        let entry = events.entry(event.clone()).or_insert_with(|| {
            json!({
                "iri": event,
                "label": text(row, "elabel"),
                "kind": kind,
                "date": text(row, "date"),
                "status": text(row, "status"),
                "participants": [],
            })
        });
        if let Some(list) = entry["participants"].as_array_mut() {
            if !list.iter().any(|p| p == participant.as_str()) {
                list.push(json!(participant));
            }
        }
        nodes.entry(event.clone()).or_insert_with(|| {
            json!({ "id": event, "label": text(row, "elabel").or_else(|| kind.clone()), "group": "event", "kind": kind, "date": text(row, "date") })
        });
        nodes.entry(participant.clone()).or_insert_with(|| {
            json!({ "id": participant, "label": text(row, "plabel"), "group": "actor", "kind": text(row, "ptype").map(|t| local(&t)) })
        });
        edges.insert((event.clone(), participant.clone(), "participant"));
        if let Some(affiliation) = text(row, "paff") {
            affiliations.push((participant, affiliation));
        }
    }
    for (person, body) in affiliations {
        if nodes.contains_key(&body) {
            edges.insert((person, body, "affiliation"));
        }
    }
    let mut timeline: Vec<Value> = events.into_values().collect();
    // Dated events first, oldest to newest, so the list reads as a story.
    timeline.sort_by_key(|event| {
        let date = event["date"].as_str().map(str::to_owned);
        (date.is_none(), date, event["label"].as_str().map(str::to_owned))
    });
    let edges: Vec<Value> = edges
        .into_iter()
        .map(|(source, target, kind)| json!({ "source": source, "target": target, "kind": kind }))
        .collect();
    Ok(Json(json!({
        "actor": actor,
        "timeline": timeline,
        "nodes": nodes.into_values().collect::<Vec<_>>(),
        "edges": edges,
        "truncated": timeline.len() >= MAX_EVENTS,
    })))
}

/// `/api/event?iri=…`: everything known about one event, with the sentence
/// it was read from and the article that sentence is in.
pub async fn event(State(app): State<AppState>, Query(params): Query<IriParams>) -> Result<Json<Value>, HttpError> {
    let iri = checked_iri(&params.iri)?;
    let facts = select(
        &app,
        format!(
            r#"SELECT ?p ?o ?olabel ?otype WHERE {{
                 {iri} ?p ?o .
                 OPTIONAL {{ ?o rdfs:label ?olabel }}
                 OPTIONAL {{ ?o a ?otype . ?otype rdfs:subClassOf+ gy:Actor }}
               }}"#
        ),
    )
    .await?;
    if facts.is_empty() {
        return Err(HttpError::new(axum::http::StatusCode::NOT_FOUND, format!("no event {iri} in the store")));
    }
    let mut single: BTreeMap<String, String> = BTreeMap::new();
    let mut participants: BTreeMap<String, Value> = BTreeMap::new();
    let mut location = Value::Null;
    let mut evidence: BTreeSet<String> = BTreeSet::new();
    let mut documents: BTreeSet<String> = BTreeSet::new();
    let mut kind = None;
    for row in &facts {
        let (Some(predicate), Some(object)) = (text(row, "p"), text(row, "o")) else { continue };
        let name = local(&predicate);
        match name.as_str() {
            "participant" => {
                participants.insert(
                    object.clone(),
                    json!({ "iri": object, "label": text(row, "olabel"), "kind": text(row, "otype").map(|t| local(&t)) }),
                );
            }
            "location" => location = json!({ "iri": object, "label": text(row, "olabel") }),
            "evidence" => {
                evidence.insert(object);
            }
            "source" => {
                documents.insert(object);
            }
            "type" => {
                // Events are typed with their kind and with gy:Event; the kind is shown.
                if object.starts_with(vocab::GY) && object != vocab::EVENT.as_str() && kind.is_none() {
                    kind = Some(local(&object));
                }
            }
            _ => {
                single.entry(name).or_insert(object);
            }
        }
    }
    let mut sources = Vec::new();
    for document in &documents {
        let document_iri = checked_iri(document)?;
        let rows = select(
            &app,
            format!(
                r#"SELECT ?title ?file ?path ?url ?issued WHERE {{
                     OPTIONAL {{ {document_iri} dcterms:title ?title }}
                     OPTIONAL {{ {document_iri} gy:sourceFile ?file }}
                     OPTIONAL {{ {document_iri} gy:sourcePath ?path }}
                     OPTIONAL {{ {document_iri} gy:sourceUrl ?url }}
                     OPTIONAL {{ {document_iri} dcterms:issued ?issued }}
                   }} LIMIT 1"#
            ),
        )
        .await?;
        let row = rows.first().cloned().unwrap_or_default();
        sources.push(json!({
            "iri": document,
            "title": text(&row, "title"),
            "file": text(&row, "file"),
            "path": text(&row, "path"),
            "url": text(&row, "url"),
            "issued": text(&row, "issued"),
        }));
    }
    Ok(Json(json!({
        "iri": iri.as_str(),
        "kind": kind,
        "label": single.get("label"),
        "date": single.get("date"),
        "endDate": single.get("endDate"),
        "status": single.get("status"),
        "trigger": single.get("trigger"),
        "field": single.get("field"),
        "amount": single.get("amount"),
        "confidence": single.get("confidence"),
        "location": location,
        "participants": participants.into_values().collect::<Vec<_>>(),
        "evidence": evidence,
        "sources": sources,
    })))
}

/// `/api/stats`: store size for the page header, and the Korean and English
/// labels of actor and event classes from the ontology, for the legend.
pub async fn stats(State(app): State<AppState>) -> Result<Json<Value>, HttpError> {
    let counts = select(
        &app,
        r#"SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?a) AS ?actors) (COUNT(DISTINCT ?e) AS ?events) WHERE {
             { ?d a gy:Document } UNION
             { ?a a ?t . ?t rdfs:subClassOf+ gy:Actor } UNION
             { ?e a ?u . ?u rdfs:subClassOf+ gy:Event }
           }"#
        .to_owned(),
    )
    .await?;
    let classes = select(
        &app,
        r#"SELECT ?c ?group ?ko ?en WHERE {
             { ?c rdfs:subClassOf+ gy:Actor . BIND("actor" AS ?group) } UNION
             { ?c rdfs:subClassOf+ gy:Event . BIND("event" AS ?group) }
             FILTER(STRSTARTS(STR(?c), STR(gy:)))
             OPTIONAL { ?c rdfs:label ?ko FILTER(LANG(?ko) = "ko") }
             OPTIONAL { ?c rdfs:label ?en FILTER(LANG(?en) = "en") }
           }"#
        .to_owned(),
    )
    .await?;
    let count =
        |name: &str| counts.first().and_then(|row| text(row, name)).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    let mut legend: BTreeMap<String, Value> = BTreeMap::new();
    for row in &classes {
        if let Some(class) = text(row, "c") {
            legend.entry(local(&class)).or_insert_with(
                || json!({ "group": text(row, "group"), "ko": text(row, "ko"), "en": text(row, "en") }),
            );
        }
    }
    Ok(Json(json!({
        "documents": count("documents"),
        "actors": count("actors"),
        "events": count("events"),
        "classes": legend,
    })))
}

/// `/api/prefixes`: the prefixes every query here has predeclared, in the
/// order they are tried, so that the page shortens IRIs with the same ones
/// as the command line instead of a copy of its own.
pub async fn prefixes() -> Json<Value> {
    let prefixes: Vec<Value> =
        vocab::PREFIXES.iter().map(|(prefix, namespace)| json!({ "prefix": prefix, "namespace": namespace })).collect();
    Json(json!({ "prefixes": prefixes }))
}
