//! One HTTP exchange with a SPARQL server: authentication (basic or digest,
//! whichever the server asks for) and retries with exponential backoff.

use std::sync::Mutex;
use std::time::Duration;

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use ureq::http::{self, Method, Request, Response, StatusCode};

use crate::RemoteError;

/// A user name and password, sent only after the server asks for them.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user", &self.user).finish_non_exhaustive()
    }
}

/// How the server last asked us to authenticate; remembered so that later
/// requests carry the answer up front instead of paying a 401 round trip each.
enum Challenge {
    Basic,
    Digest(WwwAuthenticateHeader),
}

pub(crate) struct Client {
    agent: ureq::Agent,
    credentials: Option<Credentials>,
    challenge: Mutex<Option<Challenge>>,
    retries: u32,
    backoff: Duration,
}

/// A request about to be sent: what the error messages name.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub url: &'a str,
    pub graph: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub body: &'a [u8],
}

/// Bodies are cut to this many characters in error messages.
const EXCERPT: usize = 400;

impl Client {
    pub(crate) fn new(credentials: Option<Credentials>, timeout: Duration, retries: u32, backoff: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            // Statuses are ours to interpret: a 401 is a challenge, a 404 on a
            // graph store means the server lacks the protocol.
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .new_agent();
        Client { agent, credentials, challenge: Mutex::new(None), retries, backoff }
    }

    /// Sends `call`, answering authentication challenges and retrying on
    /// failures that may pass (connection errors, timeouts, 408, 429, and the
    /// 502, 503 and 504 of overloaded servers and proxies; a 500 is usually
    /// the server's verdict on the request, like Virtuoso's SQL errors, and
    /// is not retried).
    /// Any other status outside 2xx is returned as the response for the
    /// caller to judge.
    pub(crate) fn send(&self, call: &Call<'_>) -> Result<Response<ureq::Body>, RemoteError> {
        let mut attempt = 0;
        loop {
            let outcome = self.send_authenticated(call);
            let retry = match &outcome {
                Ok(response) => is_transient(response.status()),
                Err(RemoteError::Transport { .. }) => true,
                Err(_) => false,
            };
            if !retry || attempt >= self.retries {
                return match outcome {
                    Err(RemoteError::Transport { method, url, graph, message, .. }) => {
                        Err(RemoteError::Transport { method, url, graph, message, attempts: attempt + 1 })
                    }
                    other => other,
                };
            }
            let delay = self.backoff.saturating_mul(1 << attempt.min(6)).min(Duration::from_secs(30));
            std::thread::sleep(delay);
            attempt += 1;
        }
    }

    fn send_authenticated(&self, call: &Call<'_>) -> Result<Response<ureq::Body>, RemoteError> {
        let response = self.send_once(call, self.authorization(call)?)?;
        if response.status() != StatusCode::UNAUTHORIZED || self.credentials.is_none() {
            return Ok(response);
        }
        // Challenged: learn how, answer once. A second 401 means the
        // credentials are wrong and is returned as it is.
        let Some(challenge) = parse_challenge(&response) else {
            return Ok(response);
        };
        *self.challenge.lock().unwrap_or_else(|e| e.into_inner()) = Some(challenge);
        self.send_once(call, self.authorization(call)?)
    }

    fn send_once(&self, call: &Call<'_>, authorization: Option<String>) -> Result<Response<ureq::Body>, RemoteError> {
        let mut request = Request::builder().method(call.method.clone()).uri(call.url);
        if let Some(content_type) = call.content_type {
            request = request.header("Content-Type", content_type);
        }
        if let Some(accept) = call.accept {
            request = request.header("Accept", accept);
        }
        if let Some(authorization) = authorization {
            request = request.header("Authorization", authorization);
        }
        let request = request
            .body(call.body)
            .map_err(|e| RemoteError::Url { url: call.url.to_owned(), message: e.to_string() })?;
        self.agent.run(request).map_err(|e| RemoteError::Transport {
            method: call.method.to_string(),
            url: call.url.to_owned(),
            graph: call.graph.map(str::to_owned),
            message: e.to_string(),
            attempts: 1,
        })
    }

    fn authorization(&self, call: &Call<'_>) -> Result<Option<String>, RemoteError> {
        let Some(credentials) = &self.credentials else {
            return Ok(None);
        };
        let mut challenge = self.challenge.lock().unwrap_or_else(|e| e.into_inner());
        Ok(match challenge.as_mut() {
            None => None,
            Some(Challenge::Basic) => {
                use base64::Engine as _;
                let token = base64::engine::general_purpose::STANDARD
                    .encode(format!("{}:{}", credentials.user, credentials.password));
                Some(format!("Basic {token}"))
            }
            Some(Challenge::Digest(header)) => {
                let uri: http::Uri = call.url.parse().map_err(|e: http::uri::InvalidUri| RemoteError::Url {
                    url: call.url.to_owned(),
                    message: e.to_string(),
                })?;
                let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
                let method = HttpMethod(call.method.as_str().to_owned().into());
                let context = AuthContext::new_with_method(
                    credentials.user.as_str(),
                    credentials.password.as_str(),
                    path,
                    Some(call.body),
                    method,
                );
                let answer = header
                    .respond(&context)
                    .map_err(|e| RemoteError::Auth { url: call.url.to_owned(), message: e.to_string() })?;
                Some(answer.to_header_string())
            }
        })
    }
}

/// The strongest scheme the server offers in its `WWW-Authenticate` headers.
fn parse_challenge(response: &Response<ureq::Body>) -> Option<Challenge> {
    let offers: Vec<&str> =
        response.headers().get_all("WWW-Authenticate").iter().filter_map(|value| value.to_str().ok()).collect();
    for offer in &offers {
        if offer.trim_start().get(..6).is_some_and(|s| s.eq_ignore_ascii_case("digest")) {
            if let Ok(header) = digest_auth::parse(offer) {
                return Some(Challenge::Digest(header));
            }
        }
    }
    offers
        .iter()
        .any(|offer| offer.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("basic")))
        .then_some(Challenge::Basic)
}

fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// Reads a failed response into the error that names everything needed to
/// find the problem: method, URL, graph, status and what the server said.
pub(crate) fn status_error(call: &Call<'_>, response: Response<ureq::Body>) -> RemoteError {
    let status = response.status().as_u16();
    let mut body = response.into_body();
    let text = body.with_config().limit(64 * 1024).lossy_utf8(true).read_to_string().unwrap_or_default();
    RemoteError::Status {
        method: call.method.to_string(),
        url: call.url.to_owned(),
        graph: call.graph.map(str::to_owned),
        status,
        body: excerpt(&text),
    }
}

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT {
        flat
    } else {
        let cut: String = flat.chars().take(EXCERPT).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_flat_and_short() {
        assert_eq!(excerpt("  a\n\n b  "), "a b");
        let long = "가".repeat(EXCERPT + 10);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT + 1);
        assert!(cut.ends_with('…'));
    }
}
