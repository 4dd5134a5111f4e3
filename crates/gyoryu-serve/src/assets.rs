//! The explorer page and its drawing library, compiled into the binary so
//! that `gyoryu serve` needs no files and no network at run time.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

const INDEX_HTML: &str = include_str!("../../../web/index.html");
const APP_JS: &str = include_str!("../../../web/app.js");
const STYLE_CSS: &str = include_str!("../../../web/style.css");
/// Cytoscape.js as published on npm (`web/package-lock.json` pins the version).
const CYTOSCAPE_JS: &[u8] = include_bytes!("../../../web/node_modules/cytoscape/dist/cytoscape.min.js");

fn asset(body: &'static [u8], content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // The assets change only with the binary; a short cache keeps reloads cheap.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    response
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { asset(INDEX_HTML.as_bytes(), "text/html; charset=utf-8") }))
        .route("/app.js", get(|| async { asset(APP_JS.as_bytes(), "text/javascript; charset=utf-8") }))
        .route("/style.css", get(|| async { asset(STYLE_CSS.as_bytes(), "text/css; charset=utf-8") }))
        // Browsers ask for it on every page; there is none, and saying so
        // without a 404 keeps their consoles clean.
        .route("/favicon.ico", get(|| async { axum::http::StatusCode::NO_CONTENT }))
        .route("/vendor/cytoscape.min.js", get(|| async { asset(CYTOSCAPE_JS, "text/javascript; charset=utf-8") }))
}
