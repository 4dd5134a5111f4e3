//! Distributed extraction: `extract --format nquads` run on shards separately
//! and concatenated gives exactly the article graphs one `build` stores, and
//! `gyoryu load` of the concatenation makes the same store.

mod common;

use std::collections::HashSet;

use common::gyoryu;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};

fn quads(nquads: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads).collect::<Result<_, _>>().expect("valid N-Quads")
}

#[test]
fn shards_extracted_apart_merge_by_concatenation_into_what_build_stores() {
    // Two shards, in an order no build would use, one of them twice.
    let mut concatenated = Vec::new();
    for shard in
        ["tests/fixtures/articles", "examples/articles", "tests/fixtures/articles/fx02-titles-affiliations.txt"]
    {
        let out = gyoryu(&["extract", "--format", "nquads", shard]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        concatenated.extend_from_slice(&out.stdout);
    }
    // Read as written, with no store between: numbers are already in the
    // canonical form a store gives back.
    let merged: HashSet<Quad> = quads(&concatenated).into_iter().collect();
    assert!(merged.iter().all(|q| matches!(q.graph_name, GraphName::NamedNode(_))), "every quad in an article graph");

    let store = tempfile::tempdir().unwrap();
    let store = store.path().join("kg.db");
    let store = store.to_str().unwrap();
    let built = gyoryu(&["build", "--store", store, "examples/articles", "tests/fixtures/articles"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let exported = gyoryu(&["export", "--store", store, "--format", "nquads"]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    let stored: HashSet<Quad> = quads(&exported.stdout)
        .into_iter()
        .filter(|q| matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str().starts_with("https://w3id.org/gyoryu/id/doc/")))
        .collect();

    assert!(stored.len() > 1000, "{} quads stored", stored.len());
    assert_eq!(merged.len(), stored.len());
    assert!(merged == stored, "the merged shards differ from the build");

    // `gyoryu load` of the concatenation makes the same store as the build.
    let work = tempfile::tempdir().unwrap();
    let all = work.path().join("all.nq");
    std::fs::write(&all, &concatenated).unwrap();
    let loaded_store = work.path().join("loaded.db");
    let loaded_store = loaded_store.to_str().unwrap();
    let out = gyoryu(&["load", "--store", loaded_store, all.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 16 articles, and fx02 met a second time in the third shard, unchanged.
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("16 added, 0 replaced, 1 unchanged"), "{summary}");
    // Loading the same shards again changes nothing.
    let again = gyoryu(&["load", "--store", loaded_store, all.to_str().unwrap()]);
    let summary = String::from_utf8_lossy(&again.stderr);
    assert!(summary.contains("0 added, 0 replaced, 17 unchanged"), "{summary}");
    let exported = gyoryu(&["export", "--store", loaded_store, "--format", "nquads"]);
    let reloaded: HashSet<Quad> = quads(&exported.stdout)
        .into_iter()
        .filter(|q| matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str().starts_with("https://w3id.org/gyoryu/id/doc/")))
        .collect();
    assert!(reloaded == stored, "the loaded shards differ from the build");
    let check = gyoryu(&["check", "--store", loaded_store]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let count =
        |store: &str| String::from_utf8(gyoryu(&["query", "--store", store, "--format", "csv", query]).stdout).unwrap();
    assert_eq!(count(loaded_store), count(store), "the default graphs differ");
}

#[test]
fn extract_refuses_an_unknown_format() {
    let out = gyoryu(&["extract", "--format", "rdfxml", "examples/articles"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[possible values: json, nquads]"));
}
