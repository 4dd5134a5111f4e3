//! The explorer's answers read with fixed SPARQL queries over the store,
//! under the same limits as `/sparql`: what the API answers from while the
//! index is not built yet. Terms from requests enter the queries only as
//! checked IRIs or escaped literals.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gyoryu_export::QueryAnswer;
use gyoryu_graph::vocab;
use oxigraph::model::{Literal, NamedNode, Term};

use super::{
    local, ActorEvent, ActorFacts, ClassLabels, EventFacts, EventParticipant, Labelled, Participant, SearchHit,
    SearchRequest, SourceDocument, Stats, Text, MAX_EVENTS,
};
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

fn owned(row: &Row, name: &str) -> Option<Text<'static>> {
    text(row, name).map(Text::Owned)
}

fn kind(row: &Row, name: &str) -> Option<Text<'static>> {
    text(row, name).map(|class| Text::Owned(local(&class).to_owned()))
}

pub async fn search(app: &AppState, request: &SearchRequest) -> Result<Vec<SearchHit<'static>>, HttpError> {
    let known_labels: Vec<String> = request
        .known
        .keys()
        .map(|name| Literal::new_language_tagged_literal_unchecked(name, "ko").to_string())
        .collect();
    let by_gazetteer = if known_labels.is_empty() {
        String::new()
    } else {
        format!("UNION {{ VALUES ?name {{ {} }} ?a rdfs:label ?name }}", known_labels.join(" "))
    };
    let needle = Literal::new_simple_literal(&request.needle);
    let limit = request.limit;
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
    let rows = select(app, sparql).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let mut aliases: Vec<Text<'static>> = text(row, "aliases")
                .map(|all| all.split('\u{1f}').filter(|a| !a.is_empty()).map(|a| Text::Owned(a.to_owned())).collect())
                .unwrap_or_default();
            aliases.sort();
            Some(SearchHit {
                aliases,
                events: text(row, "events").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0),
                iri: owned(row, "a")?,
                kind: kind(row, "type"),
                known_as: Vec::new(),
                label: owned(row, "label"),
            })
        })
        .collect())
}

/// The actor's facts and its most recent events, or `None` when the IRI is
/// not a labelled actor.
pub async fn actor(
    app: &AppState,
    iri: &NamedNode,
) -> Result<Option<(ActorFacts<'static>, Vec<ActorEvent<'static>>)>, HttpError> {
    let about = select(
        app,
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
        return Ok(None);
    };
    let collect = |name: &str| -> Vec<Text<'static>> {
        about.iter().filter_map(|row| text(row, name)).collect::<BTreeSet<_>>().into_iter().map(Text::Owned).collect()
    };
    let facts = ActorFacts {
        affiliation: owned(first, "aff").map(|aff| Labelled { iri: aff, label: owned(first, "affLabel") }),
        aliases: collect("alt"),
        iri: Text::Owned(iri.as_str().to_owned()),
        kind: kind(first, "type"),
        label: owned(first, "label"),
        titles: collect("title"),
    };

    let rows = select(
        app,
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
    // One row per event, participant and affiliation: gathered by event,
    // the event's facts from its first row.
    let mut events: BTreeMap<String, ActorEvent<'static>> = BTreeMap::new();
    for row in &rows {
        let (Some(event), Some(participant)) = (text(row, "e"), text(row, "p")) else { continue };
        let entry = events.entry(event.clone()).or_insert_with(|| ActorEvent {
            iri: Text::Owned(event),
            kind: kind(row, "etype"),
            label: owned(row, "elabel"),
            date: owned(row, "date"),
            status: owned(row, "status"),
            participants: Vec::new(),
        });
        let position = match entry.participants.iter().position(|p| p.iri == participant.as_str()) {
            Some(position) => position,
            None => {
                entry.participants.push(Participant {
                    iri: Text::Owned(participant),
                    label: owned(row, "plabel"),
                    kind: kind(row, "ptype"),
                    affiliations: Vec::new(),
                });
                entry.participants.len() - 1
            }
        };
        if let Some(body) = owned(row, "paff") {
            let affiliations = &mut entry.participants[position].affiliations;
            if !affiliations.contains(&body) {
                affiliations.push(body);
            }
        }
    }
    Ok(Some((facts, events.into_values().collect())))
}

/// Everything about one event, or `None` when the store says nothing about it.
pub async fn event(app: &AppState, iri: &NamedNode) -> Result<Option<EventFacts<'static>>, HttpError> {
    let facts = select(
        app,
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
        return Ok(None);
    }
    let mut single: BTreeMap<String, String> = BTreeMap::new();
    let mut participants: BTreeMap<String, EventParticipant<'static>> = BTreeMap::new();
    let mut location = None;
    let mut evidence: BTreeSet<String> = BTreeSet::new();
    let mut documents: BTreeSet<String> = BTreeSet::new();
    let mut event_kind = None;
    for row in &facts {
        let (Some(predicate), Some(object)) = (text(row, "p"), text(row, "o")) else { continue };
        match local(&predicate) {
            "participant" => {
                participants.insert(
                    object.clone(),
                    EventParticipant {
                        iri: Text::Owned(object),
                        kind: kind(row, "otype"),
                        label: owned(row, "olabel"),
                    },
                );
            }
            "location" => location = Some(Labelled { iri: Text::Owned(object), label: owned(row, "olabel") }),
            "evidence" => {
                evidence.insert(object);
            }
            "source" => {
                documents.insert(object);
            }
            "type" => {
                // Events are typed with their kind and with gy:Event; the kind is shown.
                if object.starts_with(vocab::GY) && object != vocab::EVENT.as_str() && event_kind.is_none() {
                    event_kind = Some(Text::Owned(local(&object).to_owned()));
                }
            }
            name => {
                single.entry(name.to_owned()).or_insert(object);
            }
        }
    }
    let mut sources = Vec::new();
    for document in documents {
        let document_iri = super::checked_iri(&document)?;
        let rows = select(
            app,
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
        sources.push(SourceDocument {
            file: owned(&row, "file"),
            iri: Text::Owned(document),
            issued: owned(&row, "issued"),
            path: owned(&row, "path"),
            title: owned(&row, "title"),
            url: owned(&row, "url"),
        });
    }
    let mut single = |name: &str| single.remove(name).map(Text::Owned);
    Ok(Some(EventFacts {
        amount: single("amount"),
        confidence: single("confidence"),
        date: single("date"),
        end_date: single("endDate"),
        evidence: evidence.into_iter().map(Text::Owned).collect(),
        field: single("field"),
        iri: Text::Owned(iri.as_str().to_owned()),
        kind: event_kind,
        label: single("label"),
        location,
        participants: participants.into_values().collect(),
        sources,
        status: single("status"),
        trigger: single("trigger"),
    }))
}

pub async fn stats(app: &AppState) -> Result<Stats, HttpError> {
    let counts = select(
        app,
        r#"SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?a) AS ?actors) (COUNT(DISTINCT ?e) AS ?events) WHERE {
             { ?d a gy:Document } UNION
             { ?a a ?t . ?t rdfs:subClassOf+ gy:Actor } UNION
             { ?e a ?u . ?u rdfs:subClassOf+ gy:Event }
           }"#
        .to_owned(),
    )
    .await?;
    let classes = select(
        app,
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
    let mut legend: BTreeMap<String, ClassLabels> = BTreeMap::new();
    for row in &classes {
        if let Some(class) = text(row, "c") {
            legend.entry(local(&class).to_owned()).or_insert_with(|| ClassLabels {
                en: text(row, "en"),
                group: text(row, "group"),
                ko: text(row, "ko"),
            });
        }
    }
    Ok(Stats { actors: count("actors"), classes: legend, documents: count("documents"), events: count("events") })
}
