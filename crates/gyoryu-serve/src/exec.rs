//! Running store work off the async workers, under the per-query limits.
//!
//! SPARQL parsing and evaluation are synchronous and recursive, so each query
//! runs on a thread of its own with a large stack while the request waits for
//! it with a deadline. At the deadline the client gets a 503 with a clear
//! message and the query's cancellation token is cancelled: oxigraph's
//! evaluator checks it at every quad it reads, so the worker usually stops
//! within moments and gives back its slot. A query busy in memory (joining or
//! aggregating what it has already read) only notices at its next read; if it
//! has not stopped shortly after the deadline it is abandoned: its slot goes
//! back to the pool and its thread runs on at the lowest priority until it
//! notices, so slots always free up. At most `max_concurrent` queries hold a
//! slot at once; a request that cannot get a slot before its own deadline is
//! told the server is busy. Rows are counted while the solutions stream out
//! of the evaluator (`protocol::evaluate`), so an answer over the row limit is
//! refused after `max_rows + 1` rows instead of being computed and held in
//! full.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::CancellationToken;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
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
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"gyoryu\""));
        }
        response
    }
}

/// Hands work to worker threads under the limits.
#[derive(Clone)]
pub struct Runner {
    limits: Arc<Limits>,
    slots: Arc<Semaphore>,
    abandoned: Arc<AtomicUsize>,
}

/// How long a cancelled query may take to notice before its worker is
/// abandoned and its slot given to the next request.
pub const CANCEL_GRACE: Duration = Duration::from_millis(500);

/// The slot and the thread id of one worker, shared between the worker and
/// the request that waits for it, so that whichever lets go last frees it.
struct Worker {
    slot: Option<OwnedSemaphorePermit>,
    thread: Option<i64>,
}

impl Runner {
    pub fn new(limits: Limits) -> Self {
        let slots = Arc::new(Semaphore::new(limits.max_concurrent.max(1)));
        Runner { limits: Arc::new(limits), slots, abandoned: Arc::new(AtomicUsize::new(0)) }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Workers that did not stop within [`CANCEL_GRACE`] of their deadline
    /// and are still running.
    pub fn abandoned_workers(&self) -> usize {
        self.abandoned.load(Ordering::SeqCst)
    }

    /// Runs `work` on a thread of its own (with a stack large enough for the
    /// deepest query [`gyoryu_store::check_query_shape`] lets through); its
    /// answer, or 503 when the deadline passes first (waiting for a slot
    /// counts towards the deadline).
    ///
    /// At the deadline the query's token is cancelled. A worker that has not
    /// stopped [`CANCEL_GRACE`] later (oxigraph only looks at the token when
    /// it reads the store, not while it joins in memory) is abandoned: it
    /// gives its slot back at once and runs on at the lowest scheduling
    /// priority until it notices, so it neither blocks other queries nor
    /// takes their processor time.
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
        let worker = Arc::new(Mutex::new(Worker { slot: Some(slot), thread: None }));
        let shared = worker.clone();
        let abandoned = self.abandoned.clone();
        let (sender, mut receiver) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("gyoryu-query".into())
            .stack_size(gyoryu_store::QUERY_STACK_BYTES)
            .spawn(move || {
                let id = current_thread_id();
                let mut state = lock(&shared);
                state.thread = Some(id);
                if state.slot.is_none() {
                    // Abandoned before it even started.
                    lower_priority(id);
                }
                drop(state);
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&limits, &worker_token)));
                let mut state = lock(&shared);
                if state.slot.take().is_none() {
                    // The request gave up on this worker and freed its slot.
                    abandoned.fetch_sub(1, Ordering::SeqCst);
                }
                drop(state);
                let _ = sender.send(answer);
            });
        if spawned.is_err() {
            return Err(HttpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server busy: cannot start a query worker; try again later",
            ));
        }
        // Also when the client goes away and this future is dropped.
        let _release = AbandonOnDrop { token, worker, abandoned: self.abandoned.clone() };
        let answer = match tokio::time::timeout_at(deadline, &mut receiver).await {
            Ok(answer) => answer,
            Err(_) => {
                _release.token.cancel();
                // A worker that notices at once still answers with its own
                // message; one that does not is left behind (see above).
                match tokio::time::timeout(CANCEL_GRACE, &mut receiver).await {
                    Ok(Ok(Ok(Err(error)))) if error.status != StatusCode::SERVICE_UNAVAILABLE => Ok(Ok(Err(error))),
                    _ => {
                        return Err(HttpError::new(
                            StatusCode::SERVICE_UNAVAILABLE,
                            format!(
                                "query timeout: no answer within the time limit of {seconds}s (gyoryu serve --query-timeout); narrow the query or add a LIMIT"
                            ),
                        ))
                    }
                }
            }
        };
        match answer {
            Ok(Ok(answer)) => answer,
            _ => Err(HttpError::new(StatusCode::INTERNAL_SERVER_ERROR, "the query worker failed unexpectedly")),
        }
    }
}

fn lock(worker: &Mutex<Worker>) -> std::sync::MutexGuard<'_, Worker> {
    worker.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(target_os = "linux")]
fn current_thread_id() -> i64 {
    // SAFETY: gettid has no preconditions.
    i64::from(unsafe { libc::gettid() })
}

#[cfg(not(target_os = "linux"))]
fn current_thread_id() -> i64 {
    0
}

/// Lowers a thread to the lowest scheduling priority, so that a query left
/// running after its deadline only uses processor time nobody else wants.
#[cfg(target_os = "linux")]
fn lower_priority(thread: i64) {
    if let Ok(id) = libc::id_t::try_from(thread) {
        // SAFETY: setpriority reads its arguments only; a thread that has
        // ended meanwhile makes it fail with ESRCH, which changes nothing.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, id, 19);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority(_thread: i64) {}

/// When a request ends, however it ends: cancels its query, and if the
/// worker is still running, takes its slot back from it and lowers its
/// priority.
struct AbandonOnDrop {
    token: CancellationToken,
    worker: Arc<Mutex<Worker>>,
    abandoned: Arc<AtomicUsize>,
}

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.token.cancel();
        let mut state = lock(&self.worker);
        if let Some(slot) = state.slot.take() {
            self.abandoned.fetch_add(1, Ordering::SeqCst);
            if let Some(thread) = state.thread {
                lower_priority(thread);
            }
            drop(slot);
        }
    }
}
