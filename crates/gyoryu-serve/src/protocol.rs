//! The SPARQL 1.1 Protocol at `/sparql`.
//!
//! A query arrives as `GET ?query=…`, as a form POST (`query=…`) or as a POST
//! whose body is the query (`application/sparql-query`); `default-graph-uri`
//! and `named-graph-uri` parameters replace the query's own dataset, as the
//! protocol says. An update arrives as a form POST (`update=…`) or an
//! `application/sparql-update` body and is only run when the server holds an
//! update token and the request carries it as a bearer token.
//!
//! Status codes: 400 for a malformed query or request, 401/403 for updates
//! without the right token / on a read-only endpoint, 406 when no offered
//! format is acceptable, 413 when the answer is over the row or byte limit,
//! 415 for a body of another media type, 500 when evaluation fails, 503 when
//! the time limit passes. Every error body is one line of plain text.

use std::io::Write;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use gyoryu_export::{serializer_with, Prefixes, QueryAnswer, ResultFormat};
use gyoryu_graph::sparql::parser;
use gyoryu_store::{GraphChange, QueryLimits, Store, StoreError};
use oxigraph::io::RdfFormat;
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::CancellationToken;
use spargebra::algebra::{GraphTarget, QueryDataset};
use spargebra::{Query, Update};

use crate::exec::{HttpError, Limits};
use crate::negotiate::{self, AnswerFormat, GRAPH_TYPES, SOLUTION_TYPES};
use crate::AppState;

/// What one protocol request asks for, whichever way it was sent.
#[derive(Debug, Default)]
struct Operation {
    query: Vec<String>,
    update: Vec<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    using_graphs: Vec<String>,
    /// Every `format`/`output` value, in order (SPARQLWrapper sends several).
    formats: Vec<String>,
}

impl Operation {
    fn add_pairs(&mut self, encoded: &[u8]) {
        for (key, value) in form_urlencoded::parse(encoded) {
            let value = value.into_owned();
            match key.as_ref() {
                "query" => self.query.push(value),
                "update" => self.update.push(value),
                "default-graph-uri" => self.default_graphs.push(value),
                "named-graph-uri" => self.named_graphs.push(value),
                "using-graph-uri" | "using-named-graph-uri" => self.using_graphs.push(value),
                "format" | "output" => self.formats.push(value),
                _ => {}
            }
        }
    }
}

/// `/sparql`, GET and POST.
pub async fn handle(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw_query): RawQuery,
    body: Bytes,
) -> Response {
    match answer(app, method, headers, raw_query, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn answer(
    app: AppState,
    method: Method,
    headers: HeaderMap,
    raw_query: Option<String>,
    body: Bytes,
) -> Result<Response, HttpError> {
    let mut operation = Operation::default();
    if let Some(raw) = &raw_query {
        operation.add_pairs(raw.as_bytes());
    }
    if method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|value| value.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let text =
            || String::from_utf8(body.to_vec()).map_err(|_| HttpError::bad_request("the request body is not UTF-8"));
        match content_type.as_str() {
            "application/x-www-form-urlencoded" => operation.add_pairs(&body),
            "application/sparql-query" => operation.query.push(text()?),
            "application/sparql-update" => operation.update.push(text()?),
            "" => {
                return Err(HttpError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "a POST needs a Content-Type: application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
                ))
            }
            other => {
                return Err(HttpError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!("unsupported Content-Type {other}: use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"),
                ))
            }
        }
    }

    match (operation.query.len(), operation.update.len()) {
        (0, 0) => Err(HttpError::bad_request(
            "no query: send ?query=… (GET), a form with query=… or update=… (POST), or a SPARQL body",
        )),
        (1, 0) => {
            if !operation.using_graphs.is_empty() {
                return Err(HttpError::bad_request(
                    "using-graph-uri and using-named-graph-uri belong to updates, not queries",
                ));
            }
            run_query(&app, &headers, operation).await
        }
        (0, 1) if method == Method::GET => {
            Err(HttpError::new(StatusCode::METHOD_NOT_ALLOWED, "updates must be sent with POST"))
        }
        (0, 1) => run_update(&app, &headers, operation).await,
        (queries, 0) if queries > 1 => Err(HttpError::bad_request("more than one query in one request")),
        _ => Err(HttpError::bad_request("a request carries either a query or an update, not both")),
    }
}

/// Parses a query with gyoryu's prefixes predeclared (as `gyoryu query` does).
/// Texts nested too deeply for the parser's recursion are refused first.
pub fn parse_query(text: &str) -> Result<Query, HttpError> {
    gyoryu_store::check_query_shape(text)
        .map_err(|error| HttpError::bad_request(format!("malformed SPARQL query: {error}")))?;
    on_query_stack(|| {
        parser().parse_query(text).map_err(|error| {
            HttpError::bad_request(format!("malformed SPARQL query: {}", explain(text, &error.to_string())))
        })
    })
}

fn parse_update(text: &str) -> Result<Update, HttpError> {
    gyoryu_store::check_query_shape(text)
        .map_err(|error| HttpError::bad_request(format!("malformed SPARQL update: {error}")))?;
    on_query_stack(|| {
        parser().parse_update(text).map_err(|error| HttpError::bad_request(format!("malformed SPARQL update: {error}")))
    })
}

/// Runs a parse on a stack as large as an evaluation worker's rather than on
/// the async worker's small one.
fn on_query_stack<T: Send>(parse: impl FnOnce() -> Result<T, HttpError> + Send) -> Result<T, HttpError> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("gyoryu-parse".into())
            .stack_size(gyoryu_store::QUERY_STACK_BYTES)
            .spawn_scoped(scope, parse)
        {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => Err(HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server busy: cannot start a parser thread; try again later",
            )),
        }
    })
}

fn explain(text: &str, message: &str) -> String {
    gyoryu_graph::sparql::explain_parse_error(text, message)
}

fn graph_iris(iris: &[String], parameter: &str) -> Result<Vec<NamedNode>, HttpError> {
    iris.iter()
        .map(|iri| {
            NamedNode::new(iri.as_str())
                .map_err(|error| HttpError::bad_request(format!("{parameter} {iri:?} is not an IRI: {error}")))
        })
        .collect()
}

async fn run_query(app: &AppState, headers: &HeaderMap, operation: Operation) -> Result<Response, HttpError> {
    let mut query = parse_query(&operation.query[0])?;
    if !operation.default_graphs.is_empty() || !operation.named_graphs.is_empty() {
        let default = graph_iris(&operation.default_graphs, "default-graph-uri")?;
        let named = graph_iris(&operation.named_graphs, "named-graph-uri")?;
        let dataset = Some(QueryDataset { default, named: if named.is_empty() { None } else { Some(named) } });
        match &mut query {
            Query::Select { dataset: d, .. }
            | Query::Construct { dataset: d, .. }
            | Query::Describe { dataset: d, .. }
            | Query::Ask { dataset: d, .. } => *d = dataset,
        }
    }
    let graph = matches!(query, Query::Construct { .. } | Query::Describe { .. });
    let offered = if graph { GRAPH_TYPES } else { SOLUTION_TYPES };
    // A `format` value is a hint for clients that cannot set headers: the
    // first one known that fits the query form wins. Values may be lists
    // (SPARQLWrapper asks for JSON-LD as `application/ld+json,application/x-json+ld`
    // and repeats it as `output`); when none fits, `Accept` decides, so a
    // request is never refused that `Accept` alone would have been served.
    let hinted = operation
        .formats
        .iter()
        .flat_map(|value| value.split(','))
        .filter_map(|name| AnswerFormat::from_name_for(name, graph))
        .find(|format| format.is_for_solutions() != graph);
    let format = match hinted {
        Some(format) => format,
        None => {
            let accept = headers.get(header::ACCEPT).and_then(|value| value.to_str().ok());
            negotiate::choose(accept, offered).ok_or_else(|| {
                let asked = if operation.formats.is_empty() {
                    String::new()
                } else {
                    format!(" nor the format asked for ({})", operation.formats.join(", "))
                };
                HttpError::new(
                    StatusCode::NOT_ACCEPTABLE,
                    format!(
                        "none of the accepted types ({}){asked} is offered for this query; offered: {}",
                        accept.unwrap_or(""),
                        negotiate::describe(offered)
                    ),
                )
            })?
        }
    };
    let store = app.store.clone();
    let body = app
        .runner
        .run(move |limits, token| {
            let answer = evaluate(&store, query, limits, token)?;
            serialize(&answer, format, limits)
        })
        .await?;
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

/// Evaluates a parsed query on the store's default graph, which the store
/// keeps equal to the union of all articles (so answers are those of
/// `gyoryu query`), under a cancellation token, and reads at most
/// `max_rows + 1` solutions or triples before refusing the answer.
pub fn evaluate(
    store: &Store,
    query: Query,
    limits: &Limits,
    token: &CancellationToken,
) -> Result<QueryAnswer, HttpError> {
    let store_limits = QueryLimits { cancellation: Some(token.clone()), max_rows: Some(limits.max_rows) };
    store.evaluate(query, &store_limits).map_err(|error| match error {
        StoreError::Cancelled => HttpError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "query timeout: the query was stopped at the time limit (gyoryu serve --query-timeout)",
        ),
        StoreError::TooLarge { limit, items } => too_many(items, limit),
        StoreError::Evaluation(message) => {
            HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("query evaluation failed: {message}"))
        }
        other => HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("query evaluation failed: {other}")),
    })
}

/// A buffer that refuses to grow past a size, so an oversized answer is
/// noticed while it is written rather than after.
struct Capped {
    buffer: Vec<u8>,
    max: usize,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buffer.len() + bytes.len() > self.max {
            self.overflowed = true;
            return Err(std::io::Error::other("answer over the byte limit"));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn too_many(count_noun: &str, limit: usize) -> HttpError {
    HttpError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "result too large: more than {limit} {count_noun} (gyoryu serve --max-rows); add a LIMIT, or page with LIMIT and OFFSET"
        ),
    )
}

/// Writes an answer in `format`, refusing answers over the byte limit.
pub fn serialize(answer: &QueryAnswer, format: AnswerFormat, limits: &Limits) -> Result<Vec<u8>, HttpError> {
    let mut out = Capped { buffer: Vec::new(), max: limits.max_bytes, overflowed: false };
    let written = write(answer, format, &mut out);
    if out.overflowed {
        return Err(HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "result too large: more than {} bytes (gyoryu serve --max-result-mb); add a LIMIT, or page with LIMIT and OFFSET",
                limits.max_bytes
            ),
        ));
    }
    written.map_err(|message| HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, message))?;
    Ok(out.buffer)
}

fn write(answer: &QueryAnswer, format: AnswerFormat, out: &mut Capped) -> Result<(), String> {
    let standard = match format {
        AnswerFormat::Json => Some(ResultFormat::Json),
        AnswerFormat::Xml => Some(ResultFormat::Xml),
        AnswerFormat::Csv => Some(ResultFormat::Csv),
        AnswerFormat::Tsv => Some(ResultFormat::Tsv),
        // The store's writer prints graphs as Turtle, with gyoryu's prefixes.
        AnswerFormat::Turtle => Some(ResultFormat::Json),
        _ => None,
    };
    if let Some(result_format) = standard {
        return gyoryu_export::write_answer(answer, result_format, out).map_err(|error| error.to_string());
    }
    let QueryAnswer::Graph(triples) = answer else {
        return Err("a graph format was chosen for a non-graph answer".into());
    };
    let rdf_format = match format {
        AnswerFormat::NTriples => RdfFormat::NTriples,
        AnswerFormat::RdfXml => RdfFormat::RdfXml,
        _ => RdfFormat::from_media_type("application/ld+json").ok_or("JSON-LD is not available")?,
    };
    let mut writer = serializer_with(rdf_format, Prefixes::Vocabulary).for_writer(out);
    for triple in triples {
        writer.serialize_triple(triple).map_err(|error| error.to_string())?;
    }
    writer.finish().map_err(|error| error.to_string())?;
    Ok(())
}

async fn run_update(app: &AppState, headers: &HeaderMap, operation: Operation) -> Result<Response, HttpError> {
    let Some(token) = app.update_token.clone() else {
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            "updates are refused: this endpoint is read-only (start gyoryu serve with --allow-update and an update token to accept them)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    if !given.is_some_and(|given| same_secret(given.as_bytes(), token.as_bytes())) {
        return Err(HttpError::new(
            StatusCode::UNAUTHORIZED,
            "updates need the server's update token: send Authorization: Bearer <token>",
        ));
    }
    if !operation.using_graphs.is_empty() {
        return Err(HttpError::bad_request(
            "using-graph-uri and using-named-graph-uri are not supported; write USING or WITH in the update",
        ));
    }
    let update: Update = parse_update(&operation.update[0])?;
    let changes = graph_changes(&update)?;
    let store = app.store.clone();
    let explorer = app.explorer.clone();
    app.runner
        .run(move |_, _| {
            store.apply_changes(&changes).and_then(|()| store.refresh_statistics()).map_err(|error| {
                HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("update failed: {error}"))
            })?;
            // The explorer index no longer says what the store holds: it is
            // dropped before anyone hears of the update, and built again.
            // Here rather than after the wait, so that an update the client
            // stopped waiting for still does it.
            explorer.rebuild(store, "after an update");
            Ok(())
        })
        .await?;
    Ok((StatusCode::OK, "update applied\n").into_response())
}

/// An update as changes the store can apply while it keeps the default
/// graph the union of the named graphs ([`gyoryu_store::Store::apply_changes`]).
/// The forms it could not keep that for are refused with the reason: writes
/// into the default graph itself (it is derived), `CLEAR`/`DROP` of the
/// default graph or of all graphs, `LOAD`, and `DELETE`/`INSERT … WHERE`
/// (whose effect is only known while it runs); `INSERT DATA`, `DELETE DATA`,
/// `CREATE`, and `CLEAR`/`DROP` of a named graph are kept.
fn graph_changes(update: &Update) -> Result<Vec<GraphChange>, HttpError> {
    use spargebra::term::{GraphName as UpdateGraph, GroundTerm};
    use spargebra::GraphUpdateOperation as Op;
    let refuse = |what: &str| {
        HttpError::bad_request(format!(
            "update refused: {what}. The default graph is the union of the named graphs, and the store keeps it so only for INSERT DATA, DELETE DATA, CREATE, and CLEAR or DROP of one named graph (each with GRAPH <…>)"
        ))
    };
    let graph = |name: &UpdateGraph| match name {
        UpdateGraph::NamedNode(node) => Ok(GraphName::NamedNode(node.clone())),
        UpdateGraph::DefaultGraph => Err(refuse("it writes into the default graph itself")),
    };
    let mut changes = Vec::new();
    for operation in &update.operations {
        match operation {
            Op::InsertData { data } => {
                // Blank nodes of INSERT DATA are new ones on every request.
                let mut fresh: HashMap<String, BlankNode> = HashMap::new();
                let mut renamed = |node: &BlankNode| fresh.entry(node.as_str().to_owned()).or_default().clone();
                for quad in data {
                    let subject = match &quad.subject {
                        NamedOrBlankNode::BlankNode(node) => NamedOrBlankNode::BlankNode(renamed(node)),
                        other => other.clone(),
                    };
                    let object = match &quad.object {
                        Term::BlankNode(node) => Term::BlankNode(renamed(node)),
                        other => other.clone(),
                    };
                    let graph_name = graph(&quad.graph_name)?;
                    changes.push(GraphChange::Insert(Quad::new(subject, quad.predicate.clone(), object, graph_name)));
                }
            }
            Op::DeleteData { data } => {
                for quad in data {
                    let object = match &quad.object {
                        GroundTerm::NamedNode(node) => Term::NamedNode(node.clone()),
                        GroundTerm::Literal(literal) => Term::Literal(literal.clone()),
                        #[allow(unreachable_patterns)]
                        _ => return Err(refuse("it deletes a quoted triple")),
                    };
                    let graph_name = graph(&quad.graph_name)?;
                    changes.push(GraphChange::Delete(Quad::new(quad.subject.clone(), quad.predicate.clone(), object, graph_name)));
                }
            }
            Op::Create { graph, .. } => changes.push(GraphChange::CreateGraph(graph.clone())),
            Op::Clear { graph: GraphTarget::NamedNode(graph), .. } | Op::Drop { graph: GraphTarget::NamedNode(graph), .. } => {
                changes.push(GraphChange::DropGraph(graph.clone()))
            }
            Op::Clear { .. } | Op::Drop { .. } => {
                return Err(refuse("CLEAR and DROP of DEFAULT, NAMED or ALL would empty the default graph apart from the graphs it is the union of"))
            }
            Op::Load { .. } => return Err(refuse("LOAD is not offered by this endpoint")),
            Op::DeleteInsert { .. } => {
                return Err(refuse("DELETE/INSERT … WHERE changes quads only known while it runs; send its result as DELETE DATA and INSERT DATA"))
            }
        }
    }
    Ok(changes)
}

/// Compares secrets in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_predeclared() {
        assert!(parse_query("SELECT ?a WHERE { ?a a gy:Person ; rdfs:label ?l }").is_ok());
        let error = parse_query("SELECT ?a WHERE { ?a a ").unwrap_err();
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert!(error.message.starts_with("malformed SPARQL query"));
    }

    #[test]
    fn syntax_errors_read_well() {
        let error = parse_query("SELECT ?x WHERE { ?x a foaf:Person }").unwrap_err();
        assert!(error.message.contains("unknown prefix foaf:"), "{}", error.message);
        let error = parse_query("SELECT ?x WHERE {\n ?x a gy:Person\n").unwrap_err();
        assert!(!error.message.contains('\n') && !error.message.contains("'\\u{"), "{}", error.message);
        assert!(error.message.starts_with("malformed SPARQL query: error at"), "{}", error.message);
    }

    #[test]
    fn secrets() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
