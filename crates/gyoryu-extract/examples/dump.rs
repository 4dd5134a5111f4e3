//! Prints what extraction finds in a text file, for working on the rules:
//! `cargo run --release -p gyoryu-extract --example dump -- FILE [YYYY-MM-DD] [--morphemes]`

use gyoryu_extract::{ExtractOptions, Extractor};
use gyoryu_model::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&args[0]).expect("readable file");
    let published = args.get(1).and_then(|d| d.parse().ok());
    let extractor = Extractor::new(ExtractOptions { min_confidence: 0.0, ..Default::default() }).unwrap();
    if args.iter().any(|a| a == "--morphemes") {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let ms = extractor.tokenizer().tokenize(line);
            let shown: Vec<String> = ms
                .iter()
                .map(|m| {
                    format!(
                        "{}/{}{}",
                        m.surface,
                        m.pos,
                        if m.meaning != "*" { format!(":{}", m.meaning) } else { String::new() }
                    )
                })
                .collect();
            println!("{}", shown.join(" "));
        }
    }
    let doc = Document {
        id: args[0].clone(),
        source: args[0].clone(),
        url: None,
        title: None,
        published,
        text,
        content_hash: "0".repeat(64),
    };
    let x = extractor.extract(&doc);
    for (i, a) in x.actors.iter().enumerate() {
        println!(
            "A{i} {:?} {} aliases={:?} title={:?} aff={:?} conf={:.2} n={}",
            a.kind,
            a.name,
            a.aliases,
            a.title,
            a.affiliation.map(|j| &x.actors[j].name),
            a.confidence,
            a.mentions.len()
        );
    }
    for e in &x.events {
        let names: Vec<&str> = e.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
        println!(
            "E {:?} [{}] {:?} date={:?}..{:?} loc={:?} {:?}\n   {}",
            e.kind,
            e.label,
            names,
            e.date,
            e.end_date,
            e.location.map(|l| &x.actors[l].name),
            e.status,
            e.evidence
        );
    }
}
