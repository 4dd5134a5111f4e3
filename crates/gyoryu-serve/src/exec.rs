//! Running store work off the async workers, under the per-query limits.
//!
//! SPARQL evaluation is synchronous, so each query runs on tokio's blocking
//! pool while the request waits for it with a deadline. At the deadline the
//! client gets a 503 with a clear message and the query's cancellation token
//! is cancelled: oxigraph's evaluator checks it at every quad it reads, so the
//! worker usually stops within moments and gives back its slot. (A query busy
//! in memory, joining or sorting what it has already read, only notices at
//! its next read; until then it keeps its slot.) At most
//! `max_concurrent` queries evaluate at once; a request that cannot get a slot
//! before its own deadline is told the server is busy. Rows are counted while
//! the solutions stream out of the evaluator (`protocol::evaluate`), so an
//! answer over the row limit is refused after `max_rows + 1` rows instead of
//! being computed and held in full.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::CancellationToken;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// The limits every query runs under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall-clock time from the request's arrival to its answer.
    pub timeout: Duration,
    /// Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in an answer.
    pub max_rows: usize,
    /// Most bytes in a serialized answer.
    pub max_bytes: usize,
    /// Queries evaluated at the same time; others wait for a slot.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_bytes: 64 * 1024 * 1024,
            // A few more than the cores, so a slow query does not leave a core idle.
            max_concurrent: cores * 2,
        }
    }
}

/// An answer that is not a success: a status and a message for people.
#[derive(Debug, Clone)]
pub struct HttpError {
    pub status: StatusCode,
    pub message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        HttpError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        HttpError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut body = self.message;
        if !body.ends_with('\n') {
            body.push('\n');
        }
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"gyoryu\""),
            );
        }
        response
    }
}

/// Hands work to the blocking pool under the limits.
#[derive(Clone)]
pub struct Runner {
    limits: Arc<Limits>,
    slots: Arc<Semaphore>,
}

impl Runner {
    pub fn new(limits: Limits) -> Self {
        let slots = Arc::new(Semaphore::new(limits.max_concurrent.max(1)));
        Runner { limits: Arc::new(limits), slots }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Runs `work` on the blocking pool; its answer, or 503 when the deadline
    /// passes first (waiting for a slot counts towards the deadline).
    pub async fn run<T, F>(&self, work: F) -> Result<T, HttpError>
    where
        T: Send + 'static,
        F: FnOnce(&Limits, &CancellationToken) -> Result<T, HttpError> + Send + 'static,
    {
        let deadline = Instant::now() + self.limits.timeout;
        let seconds = self.limits.timeout.as_secs_f64();
        let slot = match tokio::time::timeout_at(deadline, self.slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => slot,
            _ => {
                return Err(HttpError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "server busy: all {} query slots stayed taken for the whole time limit of {seconds}s; try again later",
                        self.limits.max_concurrent
                    ),
                ))
            }
        };
        let limits = self.limits.clone();
        let token = CancellationToken::new();
        let worker_token = token.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work(&limits, &worker_token)
        });
        // Also when the client goes away and this future is dropped.
        let _cancel_on_exit = CancelOnDrop(token);
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => Err(HttpError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the query worker failed unexpectedly",
            )),
            Err(_) => Err(HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "query timeout: no answer within the time limit of {seconds}s (gyoryu serve --query-timeout); narrow the query or add a LIMIT"
                ),
            )),
        }
    }
}

/// Cancels a query's evaluation when its request ends, however it ends.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}
