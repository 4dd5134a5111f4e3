//! The `gyoryu` command line: parses arguments and calls the library.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use gyoryu::export::{self, ExportFormat, ResultFormat};
use gyoryu::pipeline::{self, BuildOptions};
use gyoryu::store::{self, Store};
use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_ingest::IngestOptions;

// A build makes and drops millions of small strings (terms, quads, table
// keys) on several threads; glibc's malloc spent about a tenth of its CPU
// time on them (free-list upkeep and consolidation), mimalloc far less. It
// replaces malloc for the C and C++ code too (the `override` feature):
// oxigraph frees RocksDB's error messages through Rust's allocator, which
// must therefore be the one RocksDB allocated them with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gyoryu",
    version,
    about = "Knowledge graphs of Korean regional economic diplomacy from news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct StoreArg {
    /// The store folder (an embedded oxigraph database).
    #[arg(long, default_value = "gyoryu.db", env = "GYORYU_STORE")]
    store: PathBuf,
}

/// A remote SPARQL 1.1 store to use instead of the embedded one.
#[derive(clap::Args, Clone)]
struct EndpointArgs {
    /// The remote store's SPARQL query endpoint (e.g. http://host:8890/sparql).
    #[arg(long, env = "GYORYU_ENDPOINT")]
    endpoint: Option<String>,
    /// Its Graph Store HTTP Protocol service, used to write each graph with one PUT
    /// (Virtuoso: http://host:8890/sparql-graph-crud-auth). Without it, graphs are
    /// written with SPARQL Update.
    #[arg(long, requires = "endpoint")]
    graph_store: Option<String>,
    /// Its SPARQL Update endpoint, when not the query endpoint (Virtuoso: …/sparql-auth).
    #[arg(long, requires = "endpoint")]
    update_endpoint: Option<String>,
    /// User name for HTTP basic or digest authentication (whichever the server asks for);
    /// unused without --endpoint.
    #[arg(long, env = "GYORYU_ENDPOINT_USER")]
    user: Option<String>,
    /// Password for --user; better given in the environment than on the command line.
    #[arg(long, env = "GYORYU_ENDPOINT_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Times a failed request is tried again (connection errors, timeouts, 408, 429, 502–504),
    /// waiting 0.5 s, 1 s, 2 s … between tries.
    #[arg(long, default_value_t = 5)]
    retries: u32,
    /// Seconds one request may take, answer included.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
}

impl EndpointArgs {
    fn connect(&self) -> Result<Option<gyoryu_remote::Endpoint>> {
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

#[derive(Subcommand)]
enum Command {
    /// Read articles (text, HTML, JSON Lines; files, folders or globs) into the store.
    #[command(
        after_help = "Examples:\n  gyoryu build articles/\n  gyoryu build --store kg.db 'news/*.html' feed.jsonl\n  gyoryu build --endpoint http://host:8890/sparql articles/"
    )]
    Build {
        #[command(flatten)]
        store: StoreArg,
        /// Leave out actors and events extracted with less confidence than this (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f32,
        /// Decode every input with this encoding (e.g. euc-kr, utf-16le) instead of detecting it.
        #[arg(long)]
        encoding: Option<String>,
        /// Skip files larger than this many megabytes.
        #[arg(long, default_value_t = 64)]
        max_file_mb: u64,
        /// Articles read and extracted together (with --endpoint: per request asking which
        /// are already stored); bounds memory.
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// Send the graph to this SPARQL store instead of the embedded one (--store is then unused).
        #[command(flatten)]
        remote: EndpointArgs,
        /// Article files, folders (read recursively) or globs.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Run a SPARQL query against the store.
    #[command(
        after_help = "The prefixes gy:, gyid:, rdf:, rdfs:, skos:, dcterms: and xsd: are predeclared.\n\nExamples:\n  gyoryu query 'SELECT ?e ?label WHERE { ?e a gy:Event ; rdfs:label ?label } LIMIT 10'\n  gyoryu query --format csv --file examples/queries/01-agreements-by-province.rq\n  echo 'ASK { ?a a gy:Country }' | gyoryu query -"
    )]
    Query {
        #[command(flatten)]
        store: StoreArg,
        /// table, csv, tsv, json or xml (CONSTRUCT and DESCRIBE always print Turtle).
        #[arg(long, default_value = "table")]
        format: String,
        /// Read the query from this file.
        #[arg(long, conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Ask this SPARQL endpoint instead of the embedded store.
        #[command(flatten)]
        remote: EndpointArgs,
        /// The SPARQL query text; `-` reads it from standard input.
        query: Option<String>,
    },
    /// Write the whole graph in an RDF format, GraphML or GEXF.
    #[command(
        after_help = "Examples:\n  gyoryu export --format turtle -o kg.ttl\n  gyoryu export --format graphml -o kg.graphml   # Gephi, Cytoscape, yEd, igraph, networkx\n  gyoryu export --format gexf -o kg.gexf         # Gephi, with a timeline"
    )]
    Export {
        #[command(flatten)]
        store: StoreArg,
        /// turtle, ntriples, nquads, trig, graphml or gexf.
        #[arg(long, required_unless_present = "endpoint")]
        format: Option<String>,
        /// Write here instead of standard output.
        #[arg(short, long, conflicts_with = "endpoint")]
        output: Option<PathBuf>,
        /// Send every article graph and the ontology to this SPARQL store instead, one
        /// request per graph, each replacing the server's graph of the same name.
        #[command(flatten)]
        remote: EndpointArgs,
    },
    /// Show what is found in articles: JSON (one article's findings, or a list), or the
    /// article graphs as N-Quads. N-Quads from several machines merge by concatenation.
    #[command(
        after_help = "Examples:\n  gyoryu extract article.txt\n  gyoryu extract --format nquads shard-03/ > shard-03.nq   # then: gyoryu load shard-*.nq"
    )]
    Extract {
        /// Files, folders or globs.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// json or nquads.
        #[arg(long, default_value = "json")]
        format: String,
        /// Leave out actors and events extracted with less confidence than this (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f32,
    },
    /// Score extraction against gold annotations (one JSON file per article, in the annotation guide's format).
    #[command(
        after_help = "Example:\n  gyoryu eval --gold tests/fixtures/gold examples/articles tests/fixtures/articles"
    )]
    Eval {
        /// The folder of gold `*.json` files.
        #[arg(long)]
        gold: PathBuf,
        /// Leave out actors and events extracted with less confidence than this (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f32,
        /// Also list every miss, grouped by kind (person span, unknown place,
        /// body, background event, spurious event, dates, affiliations …),
        /// after a table of counts per kind.
        #[arg(short, long)]
        verbose: bool,
        /// The articles the gold describes: files, folders or globs.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Named-entity recognition: one sentence per line in, JSON Lines with
    /// character offsets and KLUE-NER types (PS, LC, OG) out.
    #[command(after_help = "Example:\n  echo '김관영 전북도지사가 카자흐스탄을 방문했다.' | gyoryu ner")]
    Ner {
        /// Read sentences from this file instead of standard input.
        file: Option<PathBuf>,
        /// Leave out names found with less confidence than this (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        min_confidence: f32,
    },
    /// Verify a store: every event has participants that exist, every fact has its document.
    /// Exits 0 only when the store is sound.
    #[command(after_help = "Example:\n  gyoryu check --store kg.db && echo sound")]
    Check {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Load article graphs from N-Quads (`extract --format nquads` output, shards of it
    /// concatenated) into the store or a remote one; each replaces its article.
    #[command(after_help = "Example:\n  cat shard-*.nq | gyoryu load --store kg.db -")]
    Load {
        #[command(flatten)]
        store: StoreArg,
        /// Load into this SPARQL store instead of the embedded one.
        #[command(flatten)]
        remote: EndpointArgs,
        /// Article graphs handled together (with --endpoint: per request asking which are stored).
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// N-Quads files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Remove one article from the store: by its path as `build` found it (relative to the
    /// input argument, `#id` for a JSON Lines record), its file name or record id when only
    /// one article has it, or its graph IRI. Says what it removed.
    #[command(
        after_help = "Examples:\n  gyoryu remove 2024/gangwon-kz.html      # the path build found it under\n  gyoryu remove 'feed.jsonl#d17'           # one JSON Lines record\n  gyoryu remove gangwon-kz.html           # its file name, when no other article has it"
    )]
    Remove {
        #[command(flatten)]
        store: StoreArg,
        /// The article: its path as `build` found it (`file#id` for a JSON Lines record),
        /// its file name or record id, or its graph IRI.
        id: String,
    },
    /// Serve the store over HTTP: a SPARQL 1.1 Protocol endpoint at /sparql
    /// and the graph explorer at /. Read-only unless --allow-update.
    #[command(
        after_help = "Examples:\n  gyoryu serve --store kg.db            # then open http://127.0.0.1:7878/\n  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?l WHERE { ?c a gy:Country ; rdfs:label ?l }' http://127.0.0.1:7878/sparql"
    )]
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// The address to listen on; 127.0.0.1 keeps the server to this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on (0 picks a free one and prints it).
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// Seconds a query may take before it is stopped with a 503.
        #[arg(long, default_value_t = 30.0)]
        query_timeout: f64,
        /// Most rows (or triples) in one answer; larger answers get a 413.
        #[arg(long, default_value_t = 100_000)]
        max_rows: usize,
        /// Most megabytes in one serialized answer; larger answers get a 413.
        #[arg(long, default_value_t = 64)]
        max_result_mb: usize,
        /// Queries evaluated at once (default: twice the cores); others wait.
        #[arg(long)]
        max_concurrent: Option<usize>,
        /// Accept SPARQL updates from requests carrying the update token. Opens
        /// the store for writing, so no `gyoryu build` can run meanwhile.
        #[arg(long, requires = "update_token")]
        allow_update: bool,
        /// The bearer token updates must carry (Authorization: Bearer …).
        #[arg(long, env = "GYORYU_UPDATE_TOKEN", hide_env_values = true)]
        update_token: Option<String>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gyoryu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A flag the first Ctrl-C (or SIGTERM, as `timeout` and service managers
/// send, or SIGHUP) sets, so that `build` stops reading and commits what it
/// has; a second one exits at once (the store then keeps every batch
/// committed before it, and never part of one).
fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("stopping: storing the articles read so far (Ctrl-C again to quit at once)");
    })
    .context("cannot install the Ctrl-C handler")?;
    Ok(stop)
}

fn open_store(arg: &StoreArg) -> Result<Store> {
    Store::open(&arg.store).with_context(|| format!("cannot open the store {}", arg.store.display()))
}

/// Commands that change a store without anything to create one with.
fn open_existing_store(arg: &StoreArg) -> Result<Store> {
    Store::open_existing(&arg.store).with_context(|| format!("cannot open the store {}", arg.store.display()))
}

/// Queries and exports only read, and readers never wait for each other.
fn open_store_to_read(arg: &StoreArg) -> Result<Store> {
    Store::open_read_only(&arg.store).with_context(|| format!("cannot open the store {}", arg.store.display()))
}

/// `extract --format nquads`: every article's named graph, in input order, on
/// every core. The graphs' IRIs depend only on content, so the outputs of
/// shards extracted on different machines merge by concatenation.
fn extract_nquads(extractor: &Extractor, inputs: &[PathBuf]) -> Result<ExitCode> {
    use gyoryu::graph::rdf::extraction_to_quads;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use rayon::prelude::*;
    let files = gyoryu_ingest::discover_inputs(inputs)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut skipped = 0;
    for chunk in files.chunks(256) {
        let outputs: Vec<Vec<Result<Vec<u8>, gyoryu_ingest::Skipped>>> = chunk
            .par_iter()
            .map(|file| {
                // Each article keyed as `build` keys it, so that loading the
                // shards gives the store one build would.
                let (docs, warnings) = gyoryu_ingest::read_input(&file.path, &file.key, &IngestOptions::default());
                warnings.iter().for_each(|warning| eprintln!("warning: {warning}"));
                docs.into_iter()
                    .map(|doc| {
                        let (_, quads) = extraction_to_quads(&extractor.extract(&doc?));
                        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
                        for quad in &quads {
                            serializer.serialize_quad(quad).expect("writing to memory cannot fail");
                        }
                        Ok(serializer.finish().expect("writing to memory cannot fail"))
                    })
                    .collect()
            })
            .collect();
        for result in outputs.into_iter().flatten() {
            match result {
                Ok(bytes) => out.write_all(&bytes)?,
                Err(skip) => {
                    eprintln!("skipped {skip}");
                    skipped += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(if skipped == 0 { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build { store, min_confidence, encoding, max_file_mb, batch_size, remote, inputs } => {
            let encoding = match encoding {
                Some(label) => Some(
                    encoding_rs::Encoding::for_label(label.as_bytes())
                        .with_context(|| format!("unknown encoding {label:?}"))?,
                ),
                None => None,
            };
            let extractor = Extractor::new(ExtractOptions { min_confidence })?;
            let options = BuildOptions {
                ingest: IngestOptions {
                    encoding,
                    max_file_bytes: max_file_mb * 1024 * 1024,
                    ..IngestOptions::default()
                },
                progress: std::io::stderr().is_terminal(),
                batch_size: batch_size.max(1),
                ..BuildOptions::default()
            };
            if let Some(endpoint) = remote.connect()? {
                gyoryu::remote::send_ontology(&endpoint, gyoryu::ONTOLOGY_TTL)?;
                let report = gyoryu::remote::build(&endpoint, &extractor, &inputs, &options)?;
                eprintln!("{}; sent to {}", report.summary(), endpoint.config().query_url);
                return Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) });
            }
            let fresh = !store.store.exists();
            let db = open_store(&store)?;
            let stop = stop_on_ctrl_c()?;
            let options = BuildOptions { stop: Some(stop), ..options };
            let built = db
                .load_ontology(gyoryu::ONTOLOGY_TTL)
                .map_err(anyhow::Error::from)
                .and_then(|_| Ok(pipeline::build(&db, &extractor, &inputs, &options)?));
            let report = match built {
                Ok(report) => report,
                Err(error) => {
                    // A build that fails before storing anything (a missing
                    // input, say) leaves no store behind it that was not there.
                    if fresh && db.document_count().unwrap_or(1) == 0 {
                        drop(db);
                        let _ = std::fs::remove_dir_all(&store.store);
                    }
                    return Err(error);
                }
            };
            eprintln!("{}; store: {} articles, {} triples", report.summary(), db.document_count()?, db.triple_count()?);
            if report.interrupted {
                eprintln!("interrupted: every article read so far is stored; run the same command again to continue");
                return Ok(ExitCode::from(130));
            }
            Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
        Command::Query { store, format, file, remote, query } => {
            let text = match (file, query) {
                (Some(f), _) => std::fs::read_to_string(&f).with_context(|| format!("cannot read {}", f.display()))?,
                (None, Some(q)) if q == "-" => {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    s
                }
                (None, Some(q)) => q,
                (None, None) => bail!("give a query, or --file FILE"),
            };
            let format: ResultFormat = format.parse()?;
            let answer = match remote.connect()? {
                Some(endpoint) => endpoint.query(&text)?,
                None => open_store_to_read(&store)?.query(&text)?,
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            export::write_answer(&answer, format, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { store, format, output, remote } => {
            if let Some(endpoint) = remote.connect()? {
                let db = open_store_to_read(&store)?;
                let report = gyoryu::remote::push_store(&db, &endpoint, std::io::stderr().is_terminal())?;
                eprintln!("{} graphs ({} quads) sent to {}", report.graphs, report.quads, endpoint.config().query_url);
                return Ok(ExitCode::SUCCESS);
            }
            let format: ExportFormat = format.context("give --format")?.parse()?;
            let db = open_store_to_read(&store)?;
            let writer = export::writer(format);
            match output {
                Some(path) => {
                    // Written beside the target and renamed, so a failed export never leaves half a file.
                    let tmp = path.with_extension("gyoryu-tmp");
                    let mut file = std::io::BufWriter::new(
                        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?,
                    );
                    writer.write(&db, &mut file)?;
                    file.flush()?;
                    drop(file);
                    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut out = std::io::BufWriter::new(stdout.lock());
                    writer.write(&db, &mut out)?;
                    out.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { inputs, format, min_confidence } => {
            let extractor = Extractor::new(ExtractOptions { min_confidence })?;
            match format.as_str() {
                "json" => {}
                "nquads" => return extract_nquads(&extractor, &inputs),
                other => bail!("unknown format {other:?}; expected json or nquads"),
            }
            let mut results = Vec::new();
            for file in gyoryu_ingest::discover_inputs(&inputs)? {
                let (docs, warnings) = gyoryu_ingest::read_input(&file.path, &file.key, &IngestOptions::default());
                warnings.iter().for_each(|warning| eprintln!("warning: {warning}"));
                for doc in docs {
                    let doc = doc.map_err(|skip| anyhow::anyhow!("{skip}"))?;
                    results.push(extractor.extract(&doc));
                }
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if results.len() == 1 {
                serde_json::to_writer_pretty(&mut out, &results[0])?;
            } else {
                serde_json::to_writer_pretty(&mut out, &results)?;
            }
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold, min_confidence, verbose, inputs } => {
            let gold = gyoryu::eval::read_gold(&gold).map_err(anyhow::Error::msg)?;
            let extractor = Extractor::new(ExtractOptions { min_confidence })?;
            let mut documents = Vec::new();
            for path in gyoryu_ingest::discover(&inputs)? {
                for doc in gyoryu_ingest::read_path(&path, &IngestOptions::default()) {
                    match doc {
                        Ok(d) => documents.push(d),
                        Err(skip) => eprintln!("skipped {skip}"),
                    }
                }
            }
            use rayon::prelude::*;
            let extractions: Vec<_> = documents.par_iter().map(|d| extractor.extract(d)).collect();
            let (table, _) = gyoryu::eval::score(&gold, &extractions);
            print!("{table}");
            if verbose {
                let lexicon = extractor.lexicon();
                let known = |name: &str| lexicon.name_index(name).is_some();
                let (misses, _) = gyoryu::eval::report_misses(&gold, &extractions, &known);
                print!("{misses}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ner { file, min_confidence } => {
            let mut text = String::new();
            match file {
                Some(f) => {
                    text = std::fs::read_to_string(&f).with_context(|| format!("cannot read {}", f.display()))?
                }
                None => {
                    std::io::stdin().read_to_string(&mut text)?;
                }
            }
            let extractor = Extractor::new(ExtractOptions { min_confidence })?;
            let lines: Vec<&str> = text.lines().collect();
            use rayon::prelude::*;
            let records: Vec<String> = lines
                .par_iter()
                .map(|line| {
                    let entities: Vec<serde_json::Value> = extractor
                        .find_mentions(line)
                        .into_iter()
                        .map(|(span, kind)| {
                            // Character offsets, as NER scorers count them.
                            let start = line[..span.start].chars().count();
                            let end = start + line[span.start..span.end].chars().count();
                            serde_json::json!({"start": start, "end": end, "type": kind.ner_tag()})
                        })
                        .collect();
                    serde_json::json!({"text": line, "entities": entities}).to_string()
                })
                .collect();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for r in records {
                writeln!(out, "{r}")?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { store } => {
            // Read-only: needs no lock, so it also works while a build runs.
            let db = open_store_to_read(&store)?;
            let report = db.check()?;
            println!("{report}");
            Ok(if report.is_sound() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Serve {
            store,
            bind,
            port,
            query_timeout,
            max_rows,
            max_result_mb,
            max_concurrent,
            allow_update,
            update_token,
        } => {
            use std::net::ToSocketAddrs;
            let addr = (bind.as_str(), port)
                .to_socket_addrs()
                .with_context(|| format!("cannot use {bind}:{port} as an address"))?
                .next()
                .with_context(|| format!("{bind} names no address"))?;
            if !(query_timeout > 0.0 && query_timeout.is_finite()) {
                bail!("--query-timeout must be a positive number of seconds");
            }
            let mut limits = gyoryu_serve::Limits {
                timeout: std::time::Duration::from_secs_f64(query_timeout),
                max_rows,
                max_bytes: max_result_mb.saturating_mul(1024 * 1024),
                ..gyoryu_serve::Limits::default()
            };
            if let Some(n) = max_concurrent {
                limits.max_concurrent = n.max(1);
            }
            // Read-only, the store is seen as it was when the server started.
            let db = if allow_update { open_store(&store)? } else { open_store_to_read(&store)? };
            let options = gyoryu_serve::ServeOptions {
                addr,
                limits,
                update_token: if allow_update { update_token } else { None },
            };
            gyoryu_serve::run(db, options, |addr| {
                eprintln!(
                    "gyoryu: serving {} at http://{addr}/ (SPARQL endpoint: http://{addr}/sparql)",
                    store.store.display()
                );
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Load { store, remote, batch_size, files } => {
            let endpoint = remote.connect()?;
            let db = match &endpoint {
                Some(_) => None,
                None => Some(open_store(&store)?),
            };
            let target = match (&endpoint, &db) {
                (Some(endpoint), _) => {
                    gyoryu::remote::send_ontology(endpoint, gyoryu::ONTOLOGY_TTL)?;
                    gyoryu::remote::LoadTarget::Remote(endpoint)
                }
                (None, Some(db)) => {
                    db.load_ontology(gyoryu::ONTOLOGY_TTL)?;
                    gyoryu::remote::LoadTarget::Embedded(db)
                }
                (None, None) => unreachable!("a store is opened when there is no endpoint"),
            };
            let mut total = gyoryu::remote::LoadReport::default();
            for file in &files {
                let report = if file.as_os_str() == "-" {
                    gyoryu::remote::load_nquads(&target, std::io::stdin().lock(), batch_size)
                } else {
                    let reader =
                        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
                    gyoryu::remote::load_nquads(&target, std::io::BufReader::new(reader), batch_size)
                }
                .with_context(|| format!("loading {}", file.display()))?;
                total.added += report.added;
                total.replaced += report.replaced;
                total.unchanged += report.unchanged;
            }
            eprintln!("{} added, {} replaced, {} unchanged", total.added, total.replaced, total.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        Command::Remove { store, id } => {
            let db = open_existing_store(&store)?;
            let articles = db.find_documents(&id)?;
            let describe = |article: &store::StoredArticle| {
                format!(
                    "{} (file {:?}{}, graph <{}>)",
                    article.source_path,
                    article.source_file,
                    article.title.as_deref().map(|title| format!(", {title:?}")).unwrap_or_default(),
                    article.graph.as_str()
                )
            };
            match articles.as_slice() {
                [] => {
                    eprintln!("gyoryu: no article {id:?} in the store (give its path as `build` found it, its file name or record id, or its graph IRI)");
                    Ok(ExitCode::FAILURE)
                }
                [article] => {
                    db.remove_article(&article.graph)?;
                    eprintln!("removed {}", describe(article));
                    Ok(ExitCode::SUCCESS)
                }
                several => {
                    eprintln!(
                        "gyoryu: {id:?} names {} articles; nothing removed. Give the path of the one to remove:",
                        several.len()
                    );
                    for article in several {
                        eprintln!("  {}", describe(article));
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
