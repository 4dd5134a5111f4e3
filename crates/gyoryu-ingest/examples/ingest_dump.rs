//! Prints what ingest makes of the given paths, for eyeballing the cleaner
//! on new sites: `cargo run --release -p gyoryu-ingest --example ingest_dump -- PATH…`.

use std::path::PathBuf;

use gyoryu_ingest::{discover, read_path, IngestOptions};

fn main() {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let files = match discover(&inputs) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    for file in files {
        for result in read_path(&file, &IngestOptions::default()) {
            match result {
                Ok(doc) => {
                    println!("== {} ({})", doc.id, doc.source);
                    println!("title: {:?}", doc.title);
                    println!("date:  {:?}", doc.published);
                    println!("url:   {:?}", doc.url);
                    for line in doc.text.lines() {
                        println!("  | {line}");
                    }
                }
                Err(skipped) => println!("-- skipped {skipped}"),
            }
        }
    }
}
