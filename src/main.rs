//! The `gyoryu` command line: parses arguments and calls the library.

mod args;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use gyoryu::commands::{self, ExtractFormat};
use gyoryu::export::{ExportFormat, ResultFormat};
use gyoryu::pipeline::{self, EndpointSink, RunOptions, StoreSink};

use args::{BatchArgs, EndpointArgs, ExtractArgs, ReadArgs, ServeArgs, StoreArg};

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

#[derive(Subcommand)]
enum Command {
    /// Read articles (text, HTML, JSON Lines; files, folders or globs) into the store.
    #[command(
        after_help = "Examples:\n  gyoryu build articles/\n  gyoryu build --store kg.db 'news/*.html' feed.jsonl\n  gyoryu build --endpoint http://host:8890/sparql articles/"
    )]
    Build {
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        extract: ExtractArgs,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        batch: BatchArgs,
        /// New articles written in one atomic step at least; a kill loses at most one step.
        #[arg(long, hide = true, env = "GYORYU_COMMIT_EVERY", default_value_t = pipeline::DEFAULT_COMMIT_EVERY)]
        commit_every: usize,
        /// Send the graph to this SPARQL store instead of the embedded one (--store is then unused).
        #[command(flatten)]
        remote: EndpointArgs,
        /// Article files, folders (read recursively) or globs.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Run a SPARQL query against the store.
    #[command(
        after_help = args::query_help()
    )]
    Query {
        #[command(flatten)]
        store: StoreArg,
        /// How to print the answer (CONSTRUCT and DESCRIBE always print Turtle).
        #[arg(long, value_enum, default_value_t = ResultFormat::Table)]
        format: ResultFormat,
        /// Read the query from this file.
        #[arg(long, conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Run the query and print oxigraph's plan for it instead of the answer: JSON with
        /// each operator's rows and time, to see where a slow query spends it.
        #[arg(long, conflicts_with = "endpoint")]
        explain: bool,
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
        /// The format to write.
        #[arg(long, value_enum, required_unless_present = "endpoint")]
        format: Option<ExportFormat>,
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
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        extract: ExtractArgs,
    },
    /// Score extraction against gold annotations (one JSON file per article, in the annotation guide's format).
    #[command(
        after_help = "Example:\n  gyoryu eval --gold tests/fixtures/gold examples/articles tests/fixtures/articles"
    )]
    Eval {
        /// The folder of gold `*.json` files.
        #[arg(long)]
        gold: PathBuf,
        #[command(flatten)]
        extract: ExtractArgs,
        /// Also list every miss, grouped by kind (person span, unknown place,
        /// body, background event, spurious event, dates, affiliations …),
        /// after a table of counts per kind.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        read: ReadArgs,
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
        #[command(flatten)]
        extract: ExtractArgs,
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
        #[command(flatten)]
        batch: BatchArgs,
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
        #[command(flatten)]
        serve: ServeArgs,
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

fn run(cli: Cli) -> Result<ExitCode> {
    let terminal = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build { store, extract, read, batch, commit_every, remote, inputs } => {
            let options = RunOptions { batch_size: batch.batch_size, progress: terminal, log: true, stop: None };
            let (extractor, ingest) = (extract.extractor()?, read.options()?);
            match remote.connect()? {
                Some(endpoint) => commands::build_remote(endpoint, &extractor, &inputs, &ingest, options),
                None => commands::build(&store.store, &extractor, &inputs, &ingest, options, commit_every),
            }
        }
        Command::Query { store, format, file, explain, remote, query } => {
            let text = commands::query_text(file.as_deref(), query.as_deref())?;
            if explain {
                return commands::explain(&store.store, &text);
            }
            commands::query(&store.store, remote.connect()?, &text, format)
        }
        Command::Export { store, format, output, remote } => match remote.connect()? {
            Some(endpoint) => commands::push(&store.store, &endpoint, terminal),
            None => commands::export(&store.store, format.context("give --format")?, output.as_deref()),
        },
        Command::Extract { inputs, format, read, extract } => {
            commands::extract(&extract.extractor()?, &inputs, &read.options()?, format)
        }
        Command::Eval { gold, extract, verbose, read, inputs } => {
            commands::eval(&extract.extractor()?, &gold, &inputs, &read.options()?, verbose)
        }
        Command::Ner { file, extract } => commands::ner(&extract.extractor()?, file.as_deref()),
        Command::Check { store } => commands::check(&store.store),
        Command::Serve { store, serve } => {
            let (addr, limits, update_token) = serve.settings()?;
            commands::serve(&store.store, addr, limits, update_token)
        }
        Command::Load { store, remote, batch, files } => match remote.connect()? {
            Some(endpoint) => commands::load(&mut EndpointSink::new(endpoint), &files, batch.batch_size),
            None => {
                let db = commands::open_store(&store.store)?;
                let mut sink = StoreSink::new(&db, 1)?;
                commands::load(&mut sink, &files, batch.batch_size)
            }
        },
        Command::Remove { store, id } => commands::remove(&store.store, &id),
    }
}
