//! SPARQL queries on the default graph, with gyoryu's prefixes, on a stack
//! of their own; the endpoint's evaluation under a cancellation token and a
//! row limit is the same code.

use gyoryu_export::QueryAnswer;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};

use crate::{check_query_shape, Store, StoreError};

impl Store {
    /// Runs a SPARQL query.
    ///
    /// Unless the query names its own dataset (`FROM`), it runs on the
    /// default graph, which the store keeps equal to the set union of all
    /// article graphs and the ontology: patterns match facts from every
    /// article without `GRAPH` clauses, and a fact stated by several
    /// articles matches once. `GRAPH ?g { … }` sees each article on its own.
    /// gyoryu's prefixes (`gy:`, `gyid:`, `rdfs:`, `skos:`, `xsd:`,
    /// `dcterms:`, `rdf:`) are predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryAnswer, StoreError> {
        check_query_shape(sparql)?;
        on_query_stack("gyoryu-query", || self.evaluate(parse(sparql)?, &QueryLimits::default()))
    }

    /// Runs a query as [`Store::query`] does, reading its whole answer, and
    /// returns oxigraph's plan for it as JSON: the operators after
    /// optimisation, each with the rows it produced and the time it took.
    /// This is the tool for finding why a query is slow (which pattern runs
    /// first, which join multiplies rows).
    pub fn explain(&self, sparql: &str) -> Result<String, StoreError> {
        check_query_shape(sparql)?;
        on_query_stack("gyoryu-explain", || self.explain_here(sparql))
    }

    fn explain_here(&self, sparql: &str) -> Result<String, StoreError> {
        let (results, explanation) =
            SparqlEvaluator::new().for_query(parse(sparql)?).on_store(&self.inner).compute_statistics().explain();
        // The statistics are only complete once every row has been read.
        match results.map_err(failed)? {
            QueryResults::Solutions(solutions) => {
                for solution in solutions {
                    solution.map_err(failed)?;
                }
            }
            QueryResults::Graph(triples) => {
                for triple in triples {
                    triple.map_err(failed)?;
                }
            }
            QueryResults::Boolean(_) => {}
        }
        let mut json = Vec::new();
        explanation.write_in_json(&mut json).map_err(StoreError::Io)?;
        Ok(String::from_utf8_lossy(&json).into_owned())
    }

    /// Evaluates a parsed query (see [`Store::query`] for what it runs on)
    /// under `limits`: a cancelled token stops it with
    /// [`StoreError::Cancelled`], and an answer of more than `max_rows` rows
    /// or triples is refused with [`StoreError::TooLarge`] as soon as the
    /// one over the limit is read. Evaluation recurses over the query: call
    /// it on a stack of [`QUERY_STACK_BYTES`].
    pub fn evaluate(&self, query: spargebra::Query, limits: &QueryLimits) -> Result<QueryAnswer, StoreError> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(token) = &limits.cancellation {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        let max = limits.max_rows.unwrap_or(usize::MAX);
        let results = evaluator.for_query(query).on_store(&self.inner).execute().map_err(failed)?;
        Ok(match results {
            QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(failed)?;
                    if rows.len() == max {
                        return Err(StoreError::TooLarge { limit: max, items: "rows" });
                    }
                    rows.push(variables.iter().map(|variable| solution.get(variable).cloned()).collect());
                }
                QueryAnswer::Solutions { variables, rows }
            }
            QueryResults::Boolean(value) => QueryAnswer::Boolean(value),
            QueryResults::Graph(triples) => {
                let mut kept = Vec::new();
                for triple in triples {
                    let triple = triple.map_err(failed)?;
                    if kept.len() == max {
                        return Err(StoreError::TooLarge { limit: max, items: "triples" });
                    }
                    kept.push(triple);
                }
                QueryAnswer::Graph(kept)
            }
        })
    }
}

/// Runs `work` on a thread of its own with a [`QUERY_STACK_BYTES`] stack:
/// parsing and evaluation recurse over the query, and there their depth is
/// bounded by the shape limits and this stack, not by whatever stack the
/// caller happens to run on.
fn on_query_stack<T: Send>(name: &str, work: impl FnOnce() -> Result<T, StoreError> + Send) -> Result<T, StoreError> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(name.into())
            .stack_size(QUERY_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(StoreError::Io)?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn failed(error: QueryEvaluationError) -> StoreError {
    match error {
        QueryEvaluationError::Cancelled => StoreError::Cancelled,
        other => StoreError::Evaluation(other.to_string()),
    }
}

fn parse(sparql: &str) -> Result<spargebra::Query, StoreError> {
    gyoryu_graph::sparql::parser()
        .parse_query(sparql)
        .map_err(|error| StoreError::Query(gyoryu_graph::sparql::explain_parse_error(sparql, &error.to_string())))
}

/// What a query may take: see [`Store::evaluate`].
#[derive(Clone, Default)]
pub struct QueryLimits {
    /// Stops the evaluation when cancelled (a time limit runs out).
    pub cancellation: Option<CancellationToken>,
    /// The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may have.
    pub max_rows: Option<usize>,
}

/// The stack a query is parsed and evaluated on: with the limits of
/// [`check_query_shape`] the deepest recursion needs far less (only the
/// pages touched are ever allocated).
pub const QUERY_STACK_BYTES: usize = 64 * 1024 * 1024;
