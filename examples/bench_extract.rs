//! Extraction throughput against lindera tokenization alone, on the same
//! cleaned texts in the same run. Used by `benches/run.sh`.
//!
//! ```sh
//! cargo run --release --example bench_extract -- [--limit N] [--threads 1,2] [--markdown] INPUT...
//! ```
//!
//! INPUTs are read exactly as `gyoryu build` reads them (files, folders, globs;
//! text, HTML, JSON Lines) and cleaned once, up front; only the cleaned texts
//! are timed. For each thread count (default: 1 and all cores) it times, over
//! every article, in a rayon pool of that size:
//!
//! * `tokenize`: `Extractor::tokenizer().count_tokens(text)` on the whole text
//!   (lindera segmentation alone, nothing kept);
//! * `tokenize/sentence`: the text split into sentences, each turned into
//!   `Morpheme`s by `Tokenizer::tokenize` (what extraction itself asks of lindera);
//! * `find_mentions`: sentences, tokens and mention finding (the `gyoryu ner` path);
//! * `extract`: `Extractor::extract`, the whole per-article step of `gyoryu build`.
//!
//! It prints a Markdown table (MB are of cleaned text, 10^6 bytes) and the
//! ratios extract/tokenize at one thread and extract n-thread/1-thread.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_ingest::IngestOptions;
use gyoryu_model::Document;
use rayon::prelude::*;

struct Args {
    limit: Option<usize>,
    threads: Vec<usize>,
    inputs: Vec<PathBuf>,
    repeat: usize,
    /// Write every extraction as one JSON line here and stop: the check that
    /// a speed change left the output byte-identical.
    dump: Option<PathBuf>,
    /// Write every article's `find_mentions` answer (the `gyoryu ner` path)
    /// as one line here and stop: the same check for mention finding.
    dump_mentions: Option<PathBuf>,
    /// Which rows to time (all by default); one step alone is for profiling.
    steps: Vec<String>,
}

const STEPS: [&str; 4] = ["tokenize", "tokenize/sentence", "find_mentions", "extract"];

fn usage() -> ! {
    eprintln!("usage: bench_extract [--limit N] [--threads 1,2] [--repeat R] [--steps tokenize,extract,...] [--dump FILE] [--dump-mentions FILE] INPUT...");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut args = Args {
        limit: None,
        threads: vec![1, cores],
        inputs: Vec::new(),
        repeat: 1,
        dump: None,
        dump_mentions: None,
        steps: STEPS.iter().map(|s| s.to_string()).collect(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--limit" => args.limit = Some(it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage())),
            "--steps" => {
                let v = it.next().unwrap_or_else(|| usage());
                args.steps = v.split(',').map(|s| s.trim().to_string()).collect();
                if args.steps.iter().any(|s| !STEPS.contains(&s.as_str())) {
                    usage();
                }
            }
            "--dump" => args.dump = Some(it.next().map(PathBuf::from).unwrap_or_else(|| usage())),
            "--dump-mentions" => args.dump_mentions = Some(it.next().map(PathBuf::from).unwrap_or_else(|| usage())),
            "--repeat" => args.repeat = it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--threads" => {
                let v = it.next().unwrap_or_else(|| usage());
                args.threads = v.split(',').map(|t| t.trim().parse().unwrap_or_else(|_| usage())).collect();
            }
            "-h" | "--help" => usage(),
            _ if a.starts_with("--") => usage(),
            _ => args.inputs.push(PathBuf::from(a)),
        }
    }
    args.threads.dedup();
    if args.inputs.is_empty() || args.threads.contains(&0) {
        usage();
    }
    args
}

struct Row {
    step: &'static str,
    threads: usize,
    secs: f64,
    cpu: f64,
    wait: f64,
    /// Tokens for the tokenizer rows, mentions/actors+events otherwise: a
    /// checksum that also keeps the work from being optimised away.
    units: usize,
}

/// CPU time this process's threads have run and have waited for a CPU on a
/// run queue, in seconds, summed over its live threads (Linux
/// `/proc/self/task/*/schedstat`; zeros elsewhere). Waiting for a CPU means
/// another process (or too many threads) held the cores; it is not counted
/// as running.
fn sched_totals() -> (f64, f64) {
    let (mut run, mut wait) = (0u64, 0u64);
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for t in tasks.flatten() {
            if let Ok(s) = std::fs::read_to_string(t.path().join("schedstat")) {
                let mut f = s.split_whitespace().map(|x| x.parse::<u64>().unwrap_or(0));
                run += f.next().unwrap_or(0);
                wait += f.next().unwrap_or(0);
            }
        }
    }
    (run as f64 / 1e9, wait as f64 / 1e9)
}

struct Timing {
    secs: f64,
    cpu: f64,
    wait: f64,
    units: usize,
}

fn time<F: Fn() -> usize>(repeat: usize, f: F) -> Timing {
    // The best of `repeat` runs: the least disturbed by other processes.
    let mut best = Timing { secs: f64::INFINITY, cpu: 0.0, wait: 0.0, units: 0 };
    for _ in 0..repeat.max(1) {
        let (r0, w0) = sched_totals();
        let t = Instant::now();
        let units = black_box(f());
        let secs = t.elapsed().as_secs_f64();
        let (r1, w1) = sched_totals();
        if secs < best.secs {
            best = Timing { secs, cpu: r1 - r0, wait: w1 - w0, units };
        }
    }
    best
}

fn main() {
    let args = parse_args();
    let t = Instant::now();
    let files = gyoryu_ingest::discover(&args.inputs).unwrap_or_else(|e| {
        eprintln!("bench_extract: {e}");
        std::process::exit(1)
    });
    let opts = IngestOptions::default();
    let mut docs: Vec<Document> = files
        .par_iter()
        .flat_map_iter(|p| gyoryu_ingest::read_path(p, &opts).into_iter().filter_map(Result::ok))
        .collect();
    if let Some(n) = args.limit {
        docs.truncate(n);
    }
    let ingest_secs = t.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    let n = docs.len();
    if n == 0 {
        eprintln!("bench_extract: no articles read");
        std::process::exit(1)
    }

    let t = Instant::now();
    // As for `gyoryu`, the environment chooses the user dictionary (docs/BENCHMARKS.md compares both).
    let user_dictionary = std::env::var("GYORYU_USER_DICTIONARY")
        .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "on" | "1" | "yes" | "true"));
    let extractor = Extractor::new(ExtractOptions { user_dictionary, ..ExtractOptions::default() }).expect("extractor");
    let load_secs = t.elapsed().as_secs_f64();
    if let Some(path) = &args.dump_mentions {
        let lines: Vec<String> = docs
            .par_iter()
            .map(|d| {
                let spans: Vec<String> = extractor
                    .find_mentions(&d.text)
                    .iter()
                    .map(|(s, k)| format!("{}-{} {k:?}", s.start, s.end))
                    .collect();
                format!("{}\t{}", d.id, spans.join(", "))
            })
            .collect();
        std::fs::write(path, lines.join("\n") + "\n").unwrap_or_else(|e| {
            eprintln!("bench_extract: {}: {e}", path.display());
            std::process::exit(1)
        });
        eprintln!("bench_extract: mentions of {} articles written to {}", lines.len(), path.display());
        return;
    }
    if let Some(path) = &args.dump {
        let lines: Vec<String> = docs
            .par_iter()
            .map(|d| serde_json::to_string(&extractor.extract(d)).expect("extractions serialise"))
            .collect();
        std::fs::write(path, lines.join("\n") + "\n").unwrap_or_else(|e| {
            eprintln!("bench_extract: {}: {e}", path.display());
            std::process::exit(1)
        });
        eprintln!("bench_extract: {} extractions written to {}", lines.len(), path.display());
        return;
    }
    // Warm up: page in the dictionary and the lexicon automata.
    for d in docs.iter().take(20) {
        black_box(extractor.extract(d));
    }

    // Every pool lives to the end, so that no thread exits while another
    // pool's run is measured (the CPU counters sum over live threads).
    let pools: Vec<rayon::ThreadPool> = args
        .threads
        .iter()
        .map(|&n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool"))
        .collect();
    let mut rows = Vec::new();
    for (&threads, pool) in args.threads.iter().zip(&pools) {
        let tok = extractor.tokenizer();
        let mut run = |step: &'static str, f: &(dyn Fn() -> usize + Sync)| {
            if args.steps.iter().any(|s| s == step) {
                let m = time(args.repeat, || pool.install(f));
                rows.push(Row { step, threads, secs: m.secs, cpu: m.cpu, wait: m.wait, units: m.units });
            }
        };
        run("tokenize", &|| docs.par_iter().map(|d| tok.count_tokens(&d.text)).sum());
        run("tokenize/sentence", &|| {
            docs.par_iter()
                .map(|d| {
                    gyoryu_extract::sentences::split(&d.text)
                        .into_iter()
                        .map(|s| tok.tokenize(&d.text[s.start..s.end]).len())
                        .sum::<usize>()
                })
                .sum()
        });
        run("find_mentions", &|| docs.par_iter().map(|d| extractor.find_mentions(&d.text).len()).sum());
        run("extract", &|| {
            docs.par_iter()
                .map(|d| {
                    let x = extractor.extract(d);
                    x.actors.len() + x.events.len()
                })
                .sum()
        });
    }

    println!(
        "Articles: {n} ({mb:.2} MB of cleaned text, {:.0} bytes each on average); read and cleaned in {ingest_secs:.2} s; extractor loaded in {load_secs:.2} s.",
        bytes as f64 / n as f64
    );
    println!();
    println!("| step | threads | seconds | MB/s | articles/s | CPU ms/article | cores busy | run-queue wait s | output units |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
            r.step,
            r.threads,
            r.secs,
            mb / r.secs,
            n as f64 / r.secs,
            1000.0 * r.cpu / n as f64,
            r.cpu / r.secs,
            r.wait,
            r.units
        );
    }
    println!();
    println!("(CPU ms/article: CPU time the benchmark's threads ran, per article. Cores busy: that CPU time / wall time. Run-queue wait: time its threads were ready but another process held the core. Output units: tokens for the tokenize rows, mentions for find_mentions, actors + events for extract. Best of {} run(s) per row.)", args.repeat);
    println!();
    let get = |step: &str, th: usize| rows.iter().find(|r| r.step == step && r.threads == th).map(|r| r.secs);
    let one = args.threads[0];
    if let (Some(e), Some(t)) = (get("extract", one), get("tokenize", one)) {
        println!(
            "* extract / tokenize time at {one} thread(s): **{:.2}×** (extraction runs at {:.2}× tokenize-only speed)",
            e / t,
            t / e
        );
    }
    let cpu = |step: &str, th: usize| rows.iter().find(|r| r.step == step && r.threads == th).map(|r| r.cpu);
    if let (Some(e), Some(t)) = (cpu("extract", one), cpu("tokenize", one)) {
        // CPU time is what to compare when other processes share the cores.
        println!("* extract / tokenize CPU time at {one} thread(s): **{:.2}×** (by CPU time, extraction runs at {:.2}× tokenize-only speed)", e / t, t / e);
    }
    if let (Some(e), Some(t)) = (get("extract", one), get("tokenize/sentence", one)) {
        println!("* extract / tokenize-by-sentence time at {one} thread(s): **{:.1}×**", e / t);
    }
    if let (Some(e), Some(m)) = (get("extract", one), get("find_mentions", one)) {
        println!(
            "* share of extract time outside tokens+mentions (article merging, references, events, dates): **{:.0}%**",
            100.0 * (e - m).max(0.0) / e
        );
    }
    for &th in args.threads.iter().skip(1) {
        if let (Some(a), Some(b)) = (get("extract", one), get("extract", th)) {
            println!("* extract speed-up, {th} threads vs {one}: **{:.2}×**", a / b);
        }
        if let (Some(a), Some(b)) = (get("tokenize", one), get("tokenize", th)) {
            println!("* tokenize speed-up, {th} threads vs {one}: **{:.2}×**", a / b);
        }
    }
}
