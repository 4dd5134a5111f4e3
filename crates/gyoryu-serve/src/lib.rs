//! `gyoryu serve`: the store over HTTP.
//!
//! * `/sparql` is a SPARQL 1.1 Protocol endpoint ([`protocol`]): queries by
//!   GET, form POST or `application/sparql-query` POST, answers in the format
//!   the client accepts ([`negotiate`]), a time limit and a result-size limit
//!   per query ([`exec`]), updates only when the server was started with an
//!   update token and the request carries it.
//! * `/` is the graph explorer, a static page from `web/` compiled into the
//!   binary together with Cytoscape.js ([`assets`]); it reads the graph through
//!   the small JSON API under `/api/` ([`api`]), answered from the explorer
//!   index, the actors and events in memory ([`index`]), which is built on a
//!   thread of its own once the server listens and again after each update;
//!   until it is ready the API answers with SPARQL over the same store.
//!
//! SPARQL evaluation is blocking work, so it runs on threads of its own
//! while the async workers keep accepting and answering other clients.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use gyoryu_store::Store;
use tower_http::cors::{Any, CorsLayer};

pub mod api;
pub mod assets;
pub mod exec;
pub mod index;
pub mod negotiate;
pub mod protocol;

pub use exec::Limits;

/// Everything that can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    // The OS error is part of the message and deliberately not the error's
    // source, so that a chain printer (`{:#}`) does not say it twice.
    #[error("cannot listen on {addr}: {error}{}", bind_hint(.error))]
    Bind { addr: SocketAddr, error: std::io::Error },
    #[error("the HTTP server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("--allow-update needs a non-empty token (--update-token or GYORYU_UPDATE_TOKEN), so that only its holder can write")]
    UpdateWithoutToken,
}

fn bind_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => {
            "; another program (perhaps another gyoryu serve) has that port: choose another with --port"
        }
        _ => "",
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    pub limits: Limits,
    /// When set, SPARQL updates are accepted from requests that carry
    /// `Authorization: Bearer <token>`; when `None` every update is refused.
    pub update_token: Option<String>,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) runner: exec::Runner,
    pub(crate) update_token: Option<Arc<str>>,
    pub(crate) explorer: Arc<index::Explorer>,
}

/// The whole application: endpoint, explorer API and page, with CORS open to
/// any origin (the endpoint is public data; credentials are never involved,
/// the update token travels in a header the client sets itself). The
/// explorer's API answers from `explorer`'s index when it has one.
pub fn router(store: Store, limits: Limits, update_token: Option<String>, explorer: Arc<index::Explorer>) -> Router {
    let state =
        AppState { store, runner: exec::Runner::new(limits), update_token: update_token.map(Arc::from), explorer };
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::ACCEPT,
            axum::http::header::AUTHORIZATION,
        ])
        .max_age(Duration::from_secs(3600));
    Router::new()
        .route("/sparql", get(protocol::handle).post(protocol::handle))
        .route("/api/search", get(api::search))
        .route("/api/actor", get(api::actor))
        .route("/api/event", get(api::event))
        .route("/api/stats", get(api::stats))
        .route("/api/prefixes", get(api::prefixes))
        .merge(assets::routes())
        .layer(cors)
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM. `on_ready` is called with the bound
/// address (useful with port 0) once the socket is listening; then the
/// explorer index is built in the background (its line on standard error
/// comes after `on_ready`'s).
pub fn run(store: Store, options: ServeOptions, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    if options.update_token.as_deref().is_some_and(|token| token.trim().is_empty()) {
        return Err(ServeError::UpdateWithoutToken);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("gyoryu-serve").build()?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|error| ServeError::Bind { addr: options.addr, error })?;
        let addr = listener.local_addr()?;
        let explorer = index::Explorer::new();
        let app = router(store.clone(), options.limits, options.update_token, explorer.clone());
        on_ready(addr);
        explorer.rebuild(store, "at start-up");
        let (stopping, mut stop) = tokio::sync::watch::channel(false);
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            shutdown_signal().await;
            let _ = stopping.send(true);
        });
        // Requests still running get a few seconds to finish after the signal.
        let grace = async move {
            let _ = stop.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            result = server => result?,
            _ = grace => eprintln!("gyoryu: stopped with requests still running"),
        }
        Ok(())
    });
    // A query between two quad reads does not see its cancellation (a large
    // join in memory, say); the process must not wait for it to end.
    runtime.shutdown_timeout(Duration::from_millis(100));
    served
}

/// How long requests in flight may run on after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
