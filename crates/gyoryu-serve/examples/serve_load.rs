//! Load on a running `gyoryu serve`: N clients, each in its own thread with
//! its own keep-alive connection, send the example queries round-robin as
//! fast as answers come back, for a fixed time. Prints throughput, latency
//! percentiles and errors as Markdown. With `--slow QUERY`, one extra client
//! sends that query once, part-way through, and the report shows what it got
//! back and how the other clients fared while it ran.
//!
//! With `--explorer`, the clients send the explorer's API instead: searches
//! for a few names (romanised ones among them), `/api/actor` for the ten
//! busiest actors the searches find, and `/api/event` for a sample of those
//! actors' events, round-robin; the report adds each endpoint's requests,
//! errors and latencies.
//!
//! ```sh
//! serve_load --url http://127.0.0.1:7878/sparql --queries examples/queries --clients 50 --seconds 30
//! serve_load --url http://127.0.0.1:7878 --explorer --clients 50 --seconds 30
//! ```
//! `benches/serve_load.sh` starts the server on a store and runs this.

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
    explorer: bool,
    events: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:7878/sparql".into(),
        queries: PathBuf::from("examples/queries"),
        clients: 50,
        seconds: 30.0,
        slow: None,
        explorer: false,
        events: 20,
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
            "--explorer" => args.explorer = true,
            "--events" => args.events = value().parse().expect("--events N"),
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

/// One request of the mix: a SPARQL query, or an explorer API call.
#[derive(Clone)]
enum Request {
    Sparql(String),
    Api { path: &'static str, parameter: &'static str, value: String },
}

/// Sends one request; `Ok(status, body)` or the transport error. `url` is
/// the SPARQL endpoint's for a query, the server's base for the API.
fn send(agent: &ureq::Agent, url: &str, request: &Request) -> Result<(u16, String), String> {
    let response = match request {
        Request::Sparql(query) => agent
            .post(url)
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "application/sparql-results+json, text/turtle;q=0.9")
            .send(query),
        Request::Api { path, parameter, value } => agent.get(format!("{url}{path}")).query(*parameter, value).call(),
    };
    let mut response = response.map_err(|error| error.to_string())?;
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

/// The explorer's API mix: its requests, named by endpoint, and how the
/// ten busiest actors were chosen.
fn explorer_mix(base: &str, events_wanted: usize) -> Vec<(String, Request)> {
    let agent = agent();
    let get_json = |path: &'static str, parameter: &'static str, value: &str| -> serde_json::Value {
        let request = Request::Api { path, parameter, value: value.to_owned() };
        match send(&agent, base, &request) {
            Ok((200, body)) => serde_json::from_str(&body).expect("a JSON answer"),
            Ok((status, body)) => panic!("{path}?{parameter}={value}: {status} {}", body.trim()),
            Err(error) => panic!("{path}?{parameter}={value}: {error}"),
        }
    };
    // What an analyst types: Korean names, parts of names, and romanised
    // names that only the gazetteers know.
    let names = ["강원", "Gangwon", "Kazakhstan", "Jeonbuk", "경기", "베트남", "충청", "시장"];
    // Broad searches rank the busiest actors first; together they find the
    // ten busiest in the store.
    let broad = ["도", "시", "국", "부", "청", "회", "아", "스", "일", "군"];
    let mut actors: std::collections::BTreeMap<String, (u64, String)> = std::collections::BTreeMap::new();
    for needle in names.iter().chain(&broad) {
        for actor in get_json("/api/search", "q", needle)["actors"].as_array().into_iter().flatten() {
            let (Some(iri), Some(events)) = (actor["iri"].as_str(), actor["events"].as_u64()) else { continue };
            let label = actor["label"].as_str().unwrap_or("").to_owned();
            actors.insert(iri.to_owned(), (events, label));
        }
    }
    let mut busiest: Vec<(u64, String, String)> =
        actors.into_iter().map(|(iri, (events, label))| (events, label, iri)).collect();
    busiest.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    busiest.truncate(10);
    assert!(!busiest.is_empty(), "the searches found no actor");
    println!(
        "Busiest actors: {}.",
        busiest.iter().map(|(events, label, _)| format!("{label} ({events} events)")).collect::<Vec<_>>().join(", ")
    );
    // Events from the busiest actors' timelines, spread over each.
    let mut events: Vec<String> = Vec::new();
    let per_actor = events_wanted.div_ceil(busiest.len()).max(1);
    for (_, _, iri) in &busiest {
        let timeline = get_json("/api/actor", "iri", iri)["timeline"].as_array().cloned().unwrap_or_default();
        let step = (timeline.len() / per_actor).max(1);
        for event in timeline.iter().step_by(step).take(per_actor) {
            if let Some(event) = event["iri"].as_str() {
                events.push(event.to_owned());
            }
        }
    }
    events.truncate(events_wanted);
    let api = |path: &'static str, parameter: &'static str, value: &str| {
        (path.trim_start_matches("/api/").to_owned(), Request::Api { path, parameter, value: value.to_owned() })
    };
    names
        .iter()
        .map(|name| api("/api/search", "q", name))
        .chain(busiest.iter().map(|(_, _, iri)| api("/api/actor", "iri", iri)))
        .chain(events.iter().map(|event| api("/api/event", "iri", event)))
        .collect()
}

fn main() {
    let args = parse_args();
    let (url, queries): (String, Vec<(String, Request)>) = if args.explorer {
        let base = args.url.trim_end_matches('/').trim_end_matches("/sparql").to_owned();
        let mix = explorer_mix(&base, args.events);
        (base, mix)
    } else {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&args.queries)
            .expect("the queries folder")
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rq"))
            .collect();
        files.sort();
        let queries = files
            .iter()
            .map(|path| {
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    Request::Sparql(std::fs::read_to_string(path).unwrap()),
                )
            })
            .collect();
        (args.url.clone(), queries)
    };
    let queries = Arc::new(queries);
    assert!(!queries.is_empty(), "no .rq files in {}", args.queries.display());

    // Every request must answer before the clock starts; a broken one would
    // otherwise show up as load errors.
    let check = agent();
    for (name, query) in queries.iter() {
        match send(&check, &url, query) {
            Ok((200, _)) => {}
            Ok((status, body)) => panic!("{name}: {status} {}", body.trim()),
            Err(error) => panic!("{name}: {error}"),
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = Vec::new();
    for client in 0..args.clients {
        let (stop, queries, url) = (stop.clone(), queries.clone(), url.clone());
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
        let url = url.clone();
        let delay = Duration::from_secs_f64(args.seconds / 3.0);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let sent = started.elapsed();
            let result = send(&agent(), &url, &Request::Sparql(query));
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
    if args.explorer {
        // One row per endpoint: the mix names each request by it.
        let mut endpoints: Vec<&str> = queries.iter().map(|(name, _)| name.as_str()).collect();
        endpoints.dedup();
        println!("| endpoint | requests | errors | throughput (req/s) | p50 (ms) | p95 (ms) | max (ms) |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for endpoint in endpoints {
            let own: Vec<&Sample> = samples.iter().filter(|s| queries[s.query].0 == endpoint).collect();
            let failed = own.iter().filter(|s| !s.ok).count();
            let mut latencies: Vec<Duration> = own.iter().filter(|s| s.ok).map(|s| s.latency).collect();
            latencies.sort();
            println!(
                "| {endpoint} | {} | {failed} | {:.0} | {} | {} | {} |",
                own.len(),
                own.len() as f64 / wall.as_secs_f64(),
                ms(percentile(&latencies, 50.0)),
                ms(percentile(&latencies, 95.0)),
                ms(latencies.last().copied().unwrap_or_default()),
            );
        }
    } else {
        println!("| query | requests | p50 (ms) | p99 (ms) |");
        println!("|---|---:|---:|---:|");
        for (index, (name, _)) in queries.iter().enumerate() {
            let mut own: Vec<Duration> =
                samples.iter().filter(|s| s.ok && s.query == index).map(|s| s.latency).collect();
            own.sort();
            println!("| {name} | {} | {} | {} |", own.len(), ms(percentile(&own, 50.0)), ms(percentile(&own, 99.0)));
        }
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
