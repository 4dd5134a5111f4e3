//! gyoryu beyond one machine: any SPARQL 1.1 store as the place the graph
//! lives (Virtuoso, GraphDB, Stardog, Fuseki, Neptune …).
//!
//! * [`Endpoint::replace_graph`] makes one named graph on the server exactly
//!   the given triples: a Graph Store HTTP Protocol `PUT` when a graph store
//!   URL is configured, else (or when the server turns out to lack the
//!   protocol) one SPARQL 1.1 Update request `DROP SILENT GRAPH …; INSERT
//!   DATA { GRAPH … }`. Either way one request per graph, so a failure never
//!   leaves half a graph behind.
//! * [`Endpoint::query`] runs a query through the SPARQL protocol and reads
//!   the answer into gyoryu-export's [`QueryAnswer`], so it prints exactly as
//!   an embedded store's answer does.
//! * [`Endpoint::stored_documents`] asks, for a whole batch of articles in one
//!   request, which are already on the server and under which graphs.
//!
//! Requests authenticate with HTTP basic or digest auth (whichever the server
//! asks for) and are retried with exponential backoff when the failure may
//! pass (connection errors, timeouts, 408, 429, 502, 503, 504). Every error names the
//! URL, the graph, the HTTP status and the start of the server's answer.

use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gyoryu_export::QueryAnswer;
use gyoryu_graph::vocab;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Term, TermRef, Triple, TripleRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};
use ureq::http::{Method, StatusCode};

mod http;

pub use http::Credentials;
use http::{status_error, Call, Client};

/// Everything that can go wrong talking to a remote store.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The server answered, but not with success.
    #[error("{method} {url}{}: HTTP {status}: {body}", graph_note(graph))]
    Status {
        method: String,
        url: String,
        graph: Option<String>,
        status: u16,
        /// The start of the server's answer, on one line.
        body: String,
    },
    /// No answer at all: refused connection, unknown host, timeout.
    #[error("{method} {url}{}: {message} (tried {attempts} times)", graph_note(graph))]
    Transport { method: String, url: String, graph: Option<String>, message: String, attempts: u32 },
    #[error("invalid URL {url}: {message}")]
    Url { url: String, message: String },
    #[error("cannot authenticate to {url}: {message}")]
    Auth { url: String, message: String },
    #[error("cannot read the answer of {url}: {message}")]
    Answer { url: String, message: String },
    #[error("invalid SPARQL query: {0}")]
    Query(String),
}

fn graph_note(graph: &Option<String>) -> String {
    graph.as_ref().map(|g| format!(" (graph <{g}>)")).unwrap_or_default()
}

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// The SPARQL query endpoint (`…/sparql`).
    pub query_url: String,
    /// The SPARQL Update endpoint; the query endpoint when `None`.
    pub update_url: Option<String>,
    /// The Graph Store HTTP Protocol service (Virtuoso:
    /// `…/sparql-graph-crud-auth`); graphs are written with SPARQL Update
    /// when `None`.
    pub graph_store_url: Option<String>,
    pub credentials: Option<Credentials>,
    /// Limit on one whole request, answer included.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// The first wait before trying again; doubled each time.
    pub backoff: Duration,
}

impl EndpointConfig {
    pub fn new(query_url: impl Into<String>) -> Self {
        EndpointConfig {
            query_url: query_url.into(),
            update_url: None,
            graph_store_url: None,
            credentials: None,
            timeout: Duration::from_secs(300),
            retries: 5,
            backoff: Duration::from_millis(500),
        }
    }
}

/// How [`Endpoint::replace_graph`] wrote a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMethod {
    GraphStore,
    Update,
}

/// An article graph already on the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoredDocument {
    pub graph: String,
    pub source_id: String,
    pub content_hash: String,
}

/// A remote SPARQL 1.1 store.
pub struct Endpoint {
    config: EndpointConfig,
    client: Client,
    /// Set once the graph store answered that it does not exist, so that the
    /// remaining graphs go straight to SPARQL Update.
    graph_store_missing: AtomicBool,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint").field("config", &self.config).finish_non_exhaustive()
    }
}

const RESULTS_ACCEPT: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9";
const GRAPH_ACCEPT: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5";

impl Endpoint {
    pub fn new(config: EndpointConfig) -> Result<Self, RemoteError> {
        for url in
            std::iter::once(&config.query_url).chain(config.update_url.as_ref()).chain(config.graph_store_url.as_ref())
        {
            check_url(url)?;
        }
        let client = Client::new(config.credentials.clone(), config.timeout, config.retries, config.backoff);
        Ok(Endpoint { config, client, graph_store_missing: AtomicBool::new(false) })
    }

    pub fn config(&self) -> &EndpointConfig {
        &self.config
    }

    fn update_url(&self) -> &str {
        self.config.update_url.as_deref().unwrap_or(&self.config.query_url)
    }

    /// Makes the named graph `graph` hold exactly `triples`, in one request.
    pub fn replace_graph<'a>(
        &self,
        graph: &NamedNode,
        triples: impl IntoIterator<Item = TripleRef<'a>>,
    ) -> Result<WriteMethod, RemoteError> {
        let triples: Vec<TripleRef<'a>> = triples.into_iter().collect();
        let body = ntriples(triples.iter().copied());
        if let Some(store) = &self.config.graph_store_url {
            if !self.graph_store_missing.load(Ordering::Relaxed) {
                let url = graph_store_target(store, graph);
                let call = Call {
                    method: Method::PUT,
                    url: &url,
                    graph: Some(graph.as_str()),
                    // N-Triples is Turtle, and every graph store reads Turtle.
                    content_type: Some("text/turtle; charset=utf-8"),
                    accept: None,
                    body: body.as_bytes(),
                };
                let response = self.client.send(&call)?;
                let status = response.status();
                if status.is_success() {
                    return Ok(WriteMethod::GraphStore);
                }
                if !lacks_graph_store(status) {
                    return Err(status_error(&call, response));
                }
                self.graph_store_missing.store(true, Ordering::Relaxed);
            }
        }
        let mut update = format!("DROP SILENT GRAPH {graph} ;\n");
        let blank = |term: TermRef<'_>| matches!(term, TermRef::BlankNode(_));
        if triples.iter().any(|t| t.subject.is_blank_node() || blank(t.object)) {
            // Blank nodes are allowed in INSERT DATA by the standard but not
            // by every store (Virtuoso 7); a template with an empty WHERE
            // means the same thing everywhere.
            update.push_str(&format!("INSERT {{ GRAPH {graph} {{\n{body}}} }} WHERE {{}}\n"));
        } else if !body.is_empty() {
            update.push_str(&format!("INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}\n"));
        }
        self.run_update(&update, Some(graph.as_str()))?;
        Ok(WriteMethod::Update)
    }

    /// Removes a named graph (a Graph Store `DELETE`, or `DROP SILENT
    /// GRAPH`); no error when it does not exist.
    pub fn drop_graph(&self, graph: &NamedNode) -> Result<(), RemoteError> {
        if let Some(store) = &self.config.graph_store_url {
            if !self.graph_store_missing.load(Ordering::Relaxed) {
                let url = graph_store_target(store, graph);
                let call = Call {
                    method: Method::DELETE,
                    url: &url,
                    graph: Some(graph.as_str()),
                    content_type: None,
                    accept: None,
                    body: &[],
                };
                let response = self.client.send(&call)?;
                let status = response.status();
                // 404: no such graph, which is what was asked for.
                if status.is_success() || status == StatusCode::NOT_FOUND {
                    return Ok(());
                }
                if !lacks_graph_store(status) {
                    return Err(status_error(&call, response));
                }
                self.graph_store_missing.store(true, Ordering::Relaxed);
            }
        }
        self.run_update(&format!("DROP SILENT GRAPH {graph}"), Some(graph.as_str()))
    }

    /// Runs a SPARQL 1.1 Update.
    pub fn update(&self, sparql: &str) -> Result<(), RemoteError> {
        self.run_update(sparql, None)
    }

    fn run_update(&self, sparql: &str, graph: Option<&str>) -> Result<(), RemoteError> {
        let body = form(&[("update", sparql)]);
        let call = Call {
            method: Method::POST,
            url: self.update_url(),
            graph,
            content_type: Some("application/x-www-form-urlencoded"),
            accept: Some("*/*"),
            body: body.as_bytes(),
        };
        let response = self.client.send(&call)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(status_error(&call, response))
        }
    }

    /// Runs a query. gyoryu's prefixes (`gy:`, `rdfs:`, `skos:`, `xsd:`,
    /// `dcterms:` …) are declared for it as the embedded store does; the
    /// query's default graph is whatever the server makes of it (for
    /// Virtuoso: every graph).
    pub fn query(&self, sparql: &str) -> Result<QueryAnswer, RemoteError> {
        let QueryForm { graph: form_is_graph, distinct } = query_form(sparql)?;
        let text = with_prefixes(sparql);
        let body = form(&[("query", &text)]);
        let call = Call {
            method: Method::POST,
            url: &self.config.query_url,
            graph: None,
            content_type: Some("application/x-www-form-urlencoded"),
            accept: Some(if form_is_graph { GRAPH_ACCEPT } else { RESULTS_ACCEPT }),
            body: body.as_bytes(),
        };
        let response = self.client.send(&call)?;
        if !response.status().is_success() {
            return Err(status_error(&call, response));
        }
        let media_type = response
            .headers()
            .get("Content-Type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
            .unwrap_or_default();
        let url = &self.config.query_url;
        let reader = response.into_body().into_reader();
        if form_is_graph {
            return read_graph(url, &media_type, reader);
        }
        let mut answer = read_results(url, &media_type, reader)?;
        if distinct {
            // Virtuoso 7.2 repeats some rows of a DISTINCT query when
            // OPTIONAL values are unbound; what DISTINCT promises is kept here.
            if let QueryAnswer::Solutions { rows, .. } = &mut answer {
                let mut seen = HashSet::new();
                rows.retain(|row| seen.insert(row.clone()));
            }
        }
        Ok(answer)
    }

    /// Which of these articles (input identity, `gy:sourcePath`, and content
    /// hash) the server already holds, in one request: every stored article
    /// graph whose identity or content hash is among them.
    pub fn stored_documents(&self, documents: &[(&str, &str)]) -> Result<Vec<StoredDocument>, RemoteError> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let ids: HashSet<&str> = documents.iter().map(|(id, _)| *id).collect();
        let hashes: HashSet<&str> = documents.iter().map(|(_, hash)| *hash).collect();
        let query = gyoryu_graph::article::stored_documents_query(ids.iter().copied(), hashes.iter().copied());
        let QueryAnswer::Solutions { rows, .. } = self.query(&query)? else {
            return Err(RemoteError::Answer {
                url: self.config.query_url.clone(),
                message: "a SELECT query was not answered with solutions".into(),
            });
        };
        Ok(rows
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [Some(Term::NamedNode(graph)), Some(Term::Literal(source)), Some(Term::Literal(hash))] => {
                    Some(StoredDocument {
                        graph: graph.as_str().to_owned(),
                        source_id: source.value().to_owned(),
                        content_hash: hash.value().to_owned(),
                    })
                }
                _ => None,
            })
            .collect())
    }
}

fn check_url(url: &str) -> Result<(), RemoteError> {
    let parsed: ureq::http::Uri = url
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| RemoteError::Url { url: url.to_owned(), message: e.to_string() })?;
    match parsed.scheme_str() {
        Some("http") | Some("https") if parsed.host().is_some() => Ok(()),
        _ => Err(RemoteError::Url { url: url.to_owned(), message: "expected an http:// or https:// URL".into() }),
    }
}

/// The graph store URL addressing one graph (`?graph=…`, which Virtuoso's
/// `sparql-graph-crud` services read as well as their own `graph-uri`).
fn graph_store_target(store: &str, graph: &NamedNode) -> String {
    let separator = if store.contains('?') { '&' } else { '?' };
    format!("{store}{separator}graph={}", encode(graph.as_str()))
}

/// Answers by which a graph store says it is not one (or not there).
fn lacks_graph_store(status: StatusCode) -> bool {
    matches!(status.as_u16(), 404 | 405 | 501)
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

fn ntriples<'a>(triples: impl IntoIterator<Item = TripleRef<'a>>) -> String {
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for triple in triples {
        serializer.serialize_triple(triple).expect("writing to memory cannot fail");
    }
    let bytes = serializer.finish().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("N-Triples are UTF-8")
}

/// gyoryu's prefixes, declared before the query text unless it declares them
/// itself (a later declaration would win anyway, but some servers reject
/// duplicates).
fn with_prefixes(sparql: &str) -> String {
    let declared: HashSet<String> = sparql
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let keyword = words.next()?;
            keyword.eq_ignore_ascii_case("PREFIX").then(|| words.next().unwrap_or("").to_ascii_lowercase())
        })
        .collect();
    let mut text = String::new();
    for (prefix, namespace) in vocab::PREFIXES {
        if !declared.contains(&format!("{}:", prefix.to_ascii_lowercase())) {
            text.push_str(&format!("PREFIX {prefix}: <{namespace}>\n"));
        }
    }
    text.push_str(sparql);
    text
}

/// What the client must know of a query before sending it.
struct QueryForm {
    /// It answers with triples (CONSTRUCT, DESCRIBE) rather than solutions or
    /// a boolean: decides what to ask the server for.
    graph: bool,
    /// A SELECT DISTINCT, whose answer must not repeat rows.
    distinct: bool,
}

/// Queries that do not parse are refused here, with the parser's message,
/// rather than with whatever the server says.
fn query_form(sparql: &str) -> Result<QueryForm, RemoteError> {
    use spargebra::algebra::GraphPattern;
    let query = gyoryu_graph::sparql::parser()
        .parse_query(sparql)
        .map_err(|e| RemoteError::Query(gyoryu_graph::sparql::explain_parse_error(sparql, &e.to_string())))?;
    Ok(match query {
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => {
            QueryForm { graph: true, distinct: false }
        }
        spargebra::Query::Ask { .. } => QueryForm { graph: false, distinct: false },
        spargebra::Query::Select { pattern, .. } => {
            let mut top = &pattern;
            // LIMIT and OFFSET wrap the DISTINCT.
            while let GraphPattern::Slice { inner, .. } = top {
                top = inner;
            }
            QueryForm { graph: false, distinct: matches!(top, GraphPattern::Distinct { .. }) }
        }
    })
}

fn read_results(url: &str, media_type: &str, reader: impl Read) -> Result<QueryAnswer, RemoteError> {
    let answer_error = |message: String| RemoteError::Answer { url: url.to_owned(), message };
    let format = QueryResultsFormat::from_media_type(media_type)
        .ok_or_else(|| answer_error(format!("unexpected content type {media_type:?} for query results")))?;
    let parsed = QueryResultsParser::from_format(format).for_reader(reader).map_err(|e| answer_error(e.to_string()))?;
    Ok(match parsed {
        ReaderQueryResultsParserOutput::Boolean(value) => QueryAnswer::Boolean(value),
        ReaderQueryResultsParserOutput::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(|e| answer_error(e.to_string()))?;
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            QueryAnswer::Solutions { variables, rows }
        }
    })
}

fn read_graph(url: &str, media_type: &str, reader: impl Read) -> Result<QueryAnswer, RemoteError> {
    let answer_error = |message: String| RemoteError::Answer { url: url.to_owned(), message };
    // Older servers (Virtuoso among them) label N-Triples text/plain.
    let format = RdfFormat::from_media_type(media_type)
        .or((media_type == "text/plain").then_some(RdfFormat::NTriples))
        .ok_or_else(|| answer_error(format!("unexpected content type {media_type:?} for a graph")))?;
    let mut triples = Vec::new();
    for quad in RdfParser::from_format(format).for_reader(reader) {
        triples.push(Triple::from(quad.map_err(|e| answer_error(e.to_string()))?));
    }
    Ok(QueryAnswer::Graph(triples))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_store_targets_escape_the_graph_iri() {
        let graph = NamedNode::new_unchecked("https://w3id.org/gyoryu/id/doc/ab?c");
        assert_eq!(
            graph_store_target("http://h/store", &graph),
            "http://h/store?graph=https%3A%2F%2Fw3id%2Eorg%2Fgyoryu%2Fid%2Fdoc%2Fab%3Fc"
        );
        assert!(graph_store_target("http://h/x?repo=1", &graph).starts_with("http://h/x?repo=1&graph="));
    }

    #[test]
    fn prefixes_are_added_only_where_missing() {
        let text = with_prefixes("PREFIX gy: <urn:other#>\nSELECT * WHERE { ?s gy:p ?o }");
        assert!(!text.contains(&format!("PREFIX gy: <{}>", vocab::GY)));
        assert!(text.contains("PREFIX rdfs:"));
        assert!(text.ends_with("SELECT * WHERE { ?s gy:p ?o }"));
    }

    #[test]
    fn query_forms() {
        let form = |q| query_form(q).map(|f| (f.graph, f.distinct));
        assert_eq!(form("SELECT ?l WHERE { ?s rdfs:label ?l }").unwrap(), (false, false));
        assert_eq!(form("SELECT DISTINCT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 3").unwrap(), (false, true));
        assert_eq!(
            form("SELECT ?l WHERE { { SELECT DISTINCT ?l WHERE { ?s rdfs:label ?l } } }").unwrap(),
            (false, false)
        );
        assert_eq!(form("ASK { ?s a gy:Province }").unwrap(), (false, false));
        assert_eq!(form("CONSTRUCT WHERE { ?s a gy:Province }").unwrap(), (true, false));
        assert_eq!(form("DESCRIBE <urn:x>").unwrap(), (true, false));
        assert!(matches!(form("SELECT WHERE"), Err(RemoteError::Query(_))));
    }

    #[test]
    fn bad_urls_are_refused() {
        assert!(Endpoint::new(EndpointConfig::new("ftp://h/sparql")).is_err());
        assert!(Endpoint::new(EndpointConfig::new("not a url")).is_err());
        assert!(Endpoint::new(EndpointConfig::new("http://127.0.0.1:8890/sparql")).is_ok());
    }

    #[test]
    fn results_are_read_from_json() {
        let json = r#"{"head":{"vars":["a","b"]},"results":{"bindings":[
            {"a":{"type":"literal","value":"강원특별자치도","xml:lang":"ko"},
             "b":{"type":"typed-literal","value":"3","datatype":"http://www.w3.org/2001/XMLSchema#integer"}},
            {"a":{"type":"uri","value":"https://w3id.org/gyoryu/id/country/카자흐스탄"}}]}}"#;
        let QueryAnswer::Solutions { variables, rows } =
            read_results("http://h/sparql", "application/sparql-results+json", json.as_bytes()).unwrap()
        else {
            panic!("solutions expected")
        };
        assert_eq!(variables.len(), 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][0].as_ref().unwrap().to_string(), "\"강원특별자치도\"@ko");
        assert!(rows[1][1].is_none());
    }

    #[test]
    fn status_errors_name_url_graph_and_status() {
        let error = RemoteError::Status {
            method: "PUT".into(),
            url: "http://h/store?graph=x".into(),
            graph: Some("https://w3id.org/gyoryu/id/doc/1".into()),
            status: 500,
            body: "SR008: out of space".into(),
        };
        assert_eq!(
            error.to_string(),
            "PUT http://h/store?graph=x (graph <https://w3id.org/gyoryu/id/doc/1>): HTTP 500: SR008: out of space"
        );
    }
}
