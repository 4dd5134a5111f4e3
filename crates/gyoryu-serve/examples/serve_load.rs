//! Load on a running `gyoryu serve`: N clients, each in its own thread with
//! its own keep-alive connection, send the example queries round-robin as
//! fast as answers come back, for a fixed time. Prints throughput, latency
//! percentiles and errors as Markdown. With `--slow QUERY`, one extra client
//! sends that query once, part-way through, and the report shows what it got
//! back and how the other clients fared while it ran.
//!
//! ```sh
//! cargo run --release -p gyoryu-serve --example serve_load -- \
//!     --url http://127.0.0.1:7878/sparql --queries examples/queries --clients 50 --seconds 30
//! ```
//! `benches/serve_load.sh` builds a store, starts the server and runs this.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    url: String,
    queries: PathBuf,
    clients: usize,
    seconds: f64,
    slow: Option<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:7878/sparql".into(),
        queries: PathBuf::from("examples/queries"),
        clients: 50,
        seconds: 30.0,
        slow: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => args.url = value(),
            "--queries" => args.queries = value().into(),
            "--clients" => args.clients = value().parse().expect("--clients N"),
            "--seconds" => args.seconds = value().parse().expect("--seconds S"),
            "--slow" => args.slow = Some(value()),
            other => panic!("unknown argument {other}"),
        }
    }
    args
}

/// One answered (or failed) request.
struct Sample {
    finished: Duration,
    latency: Duration,
    ok: bool,
    query: usize,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Sends one query; `Ok(status, body)` or the transport error.
fn send(agent: &ureq::Agent, url: &str, query: &str) -> Result<(u16, String), String> {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/sparql-query")
        .header("Accept", "application/sparql-results+json, text/turtle;q=0.9")
        .send(query)
        .map_err(|error| error.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .map_err(|error| error.to_string())?;
    Ok((status, body))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

fn main() {
    let args = parse_args();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.queries)
        .expect("the queries folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rq"))
        .collect();
    files.sort();
    let queries: Arc<Vec<(String, String)>> = Arc::new(
        files
            .iter()
            .map(|path| {
                (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(path).unwrap())
            })
            .collect(),
    );
    assert!(!queries.is_empty(), "no .rq files in {}", args.queries.display());

    // Every query must answer before the clock starts; a broken query would
    // otherwise show up as load errors.
    let check = agent();
    for (name, query) in queries.iter() {
        match send(&check, &args.url, query) {
            Ok((200, _)) => {}
            Ok((status, body)) => panic!("{name}: {status} {}", body.trim()),
            Err(error) => panic!("{name}: {error}"),
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = Vec::new();
    for client in 0..args.clients {
        let (stop, queries, url) = (stop.clone(), queries.clone(), args.url.clone());
        workers.push(std::thread::spawn(move || {
            let agent = agent();
            let mut samples = Vec::new();
            let mut errors = Vec::new();
            let mut next = client % queries.len();
            while !stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let result = send(&agent, &url, &queries[next].1);
                let latency = sent.elapsed();
                let ok = matches!(result, Ok((200, _)));
                if !ok {
                    errors.push(match result {
                        Ok((status, body)) => format!("{}: {status} {}", queries[next].0, body.trim()),
                        Err(error) => format!("{}: {error}", queries[next].0),
                    });
                }
                samples.push(Sample { finished: started.elapsed(), latency, ok, query: next });
                next = (next + 1) % queries.len();
            }
            (samples, errors)
        }));
    }

    let slow = args.slow.clone().map(|query| {
        let url = args.url.clone();
        let delay = Duration::from_secs_f64(args.seconds / 3.0);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let sent = started.elapsed();
            let result = send(&agent(), &url, &query);
            (sent, started.elapsed(), result)
        })
    });

    std::thread::sleep(Duration::from_secs_f64(args.seconds));
    stop.store(true, Ordering::Relaxed);
    let wall = started.elapsed();
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (s, e) = worker.join().expect("client thread");
        samples.extend(s);
        errors.extend(e);
    }

    let mut latencies: Vec<Duration> = samples.iter().filter(|s| s.ok).map(|s| s.latency).collect();
    latencies.sort();
    println!(
        "| clients | seconds | requests | errors | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {:.1} | {} | {} | {:.0} | {} | {} | {} | {} |",
        args.clients,
        wall.as_secs_f64(),
        samples.len(),
        errors.len(),
        samples.len() as f64 / wall.as_secs_f64(),
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    println!();
    println!("| query | requests | p50 (ms) | p99 (ms) |");
    println!("|---|---:|---:|---:|");
    for (index, (name, _)) in queries.iter().enumerate() {
        let mut own: Vec<Duration> = samples.iter().filter(|s| s.ok && s.query == index).map(|s| s.latency).collect();
        own.sort();
        println!("| {name} | {} | {} | {} |", own.len(), ms(percentile(&own, 50.0)), ms(percentile(&own, 99.0)));
    }
    for error in errors.iter().take(10) {
        println!("\nerror: {error}");
    }

    if let Some(slow) = slow {
        let (sent, answered, result) = slow.join().expect("slow client");
        println!();
        match &result {
            Ok((status, body)) => println!(
                "Over-limit query: sent at {:.1}s, answered after {:.2}s with {status}: \"{}\"",
                sent.as_secs_f64(),
                (answered - sent).as_secs_f64(),
                body.trim()
            ),
            Err(error) => println!("Over-limit query: transport error {error}"),
        }
        let during: Vec<&Sample> = samples.iter().filter(|s| s.finished >= sent && s.finished <= answered).collect();
        let failed = during.iter().filter(|s| !s.ok).count();
        let mut lat: Vec<Duration> = during.iter().filter(|s| s.ok).map(|s| s.latency).collect();
        lat.sort();
        let window = (answered - sent).as_secs_f64().max(1e-9);
        println!(
            "While it ran: {} other requests answered ({:.0} req/s), {failed} errors, p50 {} ms, p99 {} ms.",
            during.len() - failed,
            (during.len() - failed) as f64 / window,
            ms(percentile(&lat, 50.0)),
            ms(percentile(&lat, 99.0)),
        );
        if !matches!(result, Ok((503, _))) {
            std::process::exit(1);
        }
    }
    if !errors.is_empty() {
        std::process::exit(1);
    }
}
