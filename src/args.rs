//! The argument groups several commands share, each defined once.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_ingest::IngestOptions;

#[derive(clap::Args)]
pub struct StoreArg {
    /// The store folder (an embedded oxigraph database).
    #[arg(long, default_value = "gyoryu.db", env = "GYORYU_STORE")]
    pub store: PathBuf,
}

/// A remote SPARQL 1.1 store to use instead of the embedded one.
#[derive(clap::Args, Clone)]
pub struct EndpointArgs {
    /// The remote store's SPARQL query endpoint (e.g. http://host:8890/sparql).
    #[arg(long, env = "GYORYU_ENDPOINT")]
    pub endpoint: Option<String>,
    /// Its Graph Store HTTP Protocol service, used to write each graph with one PUT
    /// (Virtuoso: http://host:8890/sparql-graph-crud-auth). Without it, graphs are
    /// written with SPARQL Update.
    #[arg(long, requires = "endpoint")]
    pub graph_store: Option<String>,
    /// Its SPARQL Update endpoint, when not the query endpoint (Virtuoso: …/sparql-auth).
    #[arg(long, requires = "endpoint")]
    pub update_endpoint: Option<String>,
    /// User name for HTTP basic or digest authentication (whichever the server asks for);
    /// unused without --endpoint.
    #[arg(long, env = "GYORYU_ENDPOINT_USER")]
    pub user: Option<String>,
    /// Password for --user; better given in the environment than on the command line.
    #[arg(long, env = "GYORYU_ENDPOINT_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Times a failed request is tried again (connection errors, timeouts, 408, 429, 502–504),
    /// waiting 0.5 s, 1 s, 2 s … between tries.
    #[arg(long, default_value_t = 5)]
    pub retries: u32,
    /// Seconds one request may take, answer included.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

impl EndpointArgs {
    pub fn connect(&self) -> Result<Option<gyoryu_remote::Endpoint>> {
        let Some(url) = &self.endpoint else { return Ok(None) };
        let mut config = gyoryu_remote::EndpointConfig::new(url.clone());
        config.graph_store_url = self.graph_store.clone();
        config.update_url = self.update_endpoint.clone();
        config.credentials = self.user.as_ref().map(|user| gyoryu_remote::Credentials {
            user: user.clone(),
            password: self.password.clone().unwrap_or_default(),
        });
        config.retries = self.retries;
        config.timeout = std::time::Duration::from_secs(self.timeout.max(1));
        Ok(Some(gyoryu_remote::Endpoint::new(config)?))
    }
}

/// How articles are read (`build`, `extract`, `eval`).
#[derive(clap::Args)]
pub struct ReadArgs {
    /// Decode every input with this encoding (e.g. euc-kr, utf-16le) instead of detecting it.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Skip files larger than this many megabytes.
    #[arg(long, default_value_t = 64)]
    pub max_file_mb: u64,
}

impl ReadArgs {
    pub fn options(&self) -> Result<IngestOptions> {
        let encoding = match &self.encoding {
            Some(label) => Some(
                gyoryu_ingest::Encoding::for_label(label.as_bytes())
                    .with_context(|| format!("unknown encoding {label:?}"))?,
            ),
            None => None,
        };
        Ok(IngestOptions { encoding, max_file_bytes: self.max_file_mb * 1024 * 1024 })
    }
}

/// How actors and events are found (`build`, `extract`, `eval`, `ner`).
#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Leave out actors and events extracted with less confidence than this (0 to 1).
    #[arg(long, default_value_t = 0.5)]
    pub min_confidence: f32,
    /// Give the tokenizer the gazetteers' names as a user dictionary (on/off). Off by
    /// default: on the project's gold it scores slightly lower than ko-dic alone.
    #[arg(long, hide = true, env = "GYORYU_USER_DICTIONARY", default_value = "off",
          value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::Set)]
    pub user_dictionary: bool,
}

impl ExtractArgs {
    pub fn extractor(&self) -> Result<Extractor> {
        let options = ExtractOptions { min_confidence: self.min_confidence, user_dictionary: self.user_dictionary };
        Ok(Extractor::new(options)?)
    }
}

/// Articles handled together (`build`, `load`).
#[derive(clap::Args)]
pub struct BatchArgs {
    /// Articles read, extracted and checked against the store together (with --endpoint:
    /// one request asking which are stored); bounds memory.
    #[arg(long, default_value_t = 256)]
    pub batch_size: usize,
}

/// How `serve` listens and what it allows.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on; 127.0.0.1 keeps the server to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// The port to listen on (0 picks a free one and prints it).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Seconds a query may take before it is stopped with a 503.
    #[arg(long, default_value_t = 30.0)]
    pub query_timeout: f64,
    /// Most rows (or triples) in one answer; larger answers get a 413.
    #[arg(long, default_value_t = 100_000)]
    pub max_rows: usize,
    /// Most megabytes in one serialized answer; larger answers get a 413.
    #[arg(long, default_value_t = 64)]
    pub max_result_mb: usize,
    /// Queries evaluated at once (default: twice the cores); others wait.
    #[arg(long)]
    pub max_concurrent: Option<usize>,
    /// Accept SPARQL updates from requests carrying the update token. Opens
    /// the store for writing, so no `gyoryu build` can run meanwhile.
    #[arg(long, requires = "update_token")]
    pub allow_update: bool,
    /// The bearer token updates must carry (Authorization: Bearer …).
    #[arg(long, env = "GYORYU_UPDATE_TOKEN", hide_env_values = true)]
    pub update_token: Option<String>,
}

impl ServeArgs {
    /// The address, the limits and the update token (only with --allow-update).
    pub fn settings(self) -> Result<(SocketAddr, gyoryu_serve::Limits, Option<String>)> {
        let (bind, port) = (self.bind.as_str(), self.port);
        let addr = (bind, port)
            .to_socket_addrs()
            .with_context(|| format!("cannot use {bind}:{port} as an address"))?
            .next()
            .with_context(|| format!("{bind} names no address"))?;
        if !(self.query_timeout > 0.0 && self.query_timeout.is_finite()) {
            bail!("--query-timeout must be a positive number of seconds");
        }
        let mut limits = gyoryu_serve::Limits {
            timeout: std::time::Duration::from_secs_f64(self.query_timeout),
            max_rows: self.max_rows,
            max_bytes: self.max_result_mb.saturating_mul(1024 * 1024),
            ..gyoryu_serve::Limits::default()
        };
        if let Some(n) = self.max_concurrent {
            limits.max_concurrent = n.max(1);
        }
        Ok((addr, limits, if self.allow_update { self.update_token } else { None }))
    }
}

/// `query --help`'s closing text, naming the predeclared prefixes from their one list.
pub fn query_help() -> String {
    let names: Vec<String> = gyoryu_graph::vocab::PREFIXES.iter().map(|(name, _)| format!("{name}:")).collect();
    format!(
        "The prefixes {} are predeclared.\n\nExamples:\n  gyoryu query 'SELECT ?e ?label WHERE {{ ?e a gy:Event ; rdfs:label ?label }} LIMIT 10'\n  gyoryu query --format csv --file examples/queries/01-agreements-by-province.rq\n  echo 'ASK {{ ?a a gy:Country }}' | gyoryu query -",
        names.join(", ")
    )
}
