//! Opening stores on disk: locking, and stores an older gyoryu wrote.

use super::*;

#[test]
fn on_disk_store_persists_and_is_locked_while_open() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        let one = article_one();
        store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
        store.flush().unwrap();

        // RocksDB keeps a per-process table of held LOCK files, so a second
        // open from this process fails just as one from another process would.
        match Store::open(&path) {
            Err(StoreError::InUse { path: reported }) => {
                assert_eq!(reported, path);
            }
            Err(other) => panic!("expected InUse, got {other}"),
            Ok(_) => panic!("second open of a locked store succeeded"),
        }
        let message = StoreError::InUse { path: path.clone() }.to_string();
        assert!(message.contains("is in use by another process"), "{message}");
    }
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.document_count().unwrap(), 1);
    assert!(reopened.has_document(&iri("doc/aaa"), "aaa111").unwrap());
}

// ---- Store::check ----------------------------------------------------------

#[test]
fn opening_a_store_of_the_old_layout_for_writing_fills_its_default_graph() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        let one = article_one();
        store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
        // What an older gyoryu left: facts only in the article graph.
        let mut transaction = store.inner.start_transaction().unwrap();
        transaction.clear_graph(GraphNameRef::DefaultGraph).unwrap();
        transaction.commit().unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:?}", report.problems);
    assert!(store.triple_count().unwrap() > 0);
}

// ---- stores written before articles had an identity ------------------------

/// An article as an older gyoryu wrote it: the graph named after the content
/// hash alone, and the path it was read from as `gy:sourcePath`.
fn legacy_article(file: &str, hash: &str, path: &str) -> Article {
    let mut article = Article::new(&format!("doc/{hash}"), file, hash);
    for quad in &mut article.quads {
        if quad.predicate.as_ref() == vocab::SOURCE_PATH {
            quad.object = Literal::new_simple_literal(path).into();
        }
    }
    article.actor("province/gangwon", "Province", "강원특별자치도");
    article
}

#[test]
fn an_old_store_loses_its_local_paths_and_its_articles_are_replaced_by_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = legacy_article("one.txt", "aaa111", "/home/someone/corpus/2023/one.txt");
    {
        let store = Store::open(&path).unwrap();
        store.replace_document("/home/someone/corpus/2023/one.txt", &old.graph, &old.quads).unwrap();
    }
    // As an older gyoryu left it: no marker of the new layout.
    std::fs::remove_file(path.join(LAYOUT_MARKER)).unwrap();

    let store = Store::open(&path).unwrap();
    let paths = select_strings(&store, "SELECT ?p WHERE { ?d gy:sourcePath ?p }");
    assert_eq!(paths, [["one.txt"]], "the local path is gone from the default graph");
    let named = select_strings(&store, "SELECT ?p WHERE { GRAPH ?g { ?d gy:sourcePath ?p } }");
    assert_eq!(named, [["one.txt"]], "and from the article graph");
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{report}");
    assert!(path.join(LAYOUT_MARKER).is_file());

    // The input it came from, now known as 2023/one.txt, replaces it.
    assert!(store.holds_source("2023/one.txt", "one.txt").unwrap());
    let mut new = Article::new("doc/new-identity", "one.txt", "aaa111");
    for quad in &mut new.quads {
        if quad.predicate.as_ref() == vocab::SOURCE_PATH {
            quad.object = Literal::new_simple_literal("2023/one.txt").into();
        }
    }
    new.actor("province/gangwon", "Province", "강원특별자치도");
    assert_eq!(store.replace_document("2023/one.txt", &new.graph, &new.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.document_count().unwrap(), 1);
    // A second input of the same name is another article, not a replacement.
    assert!(!store.holds_source("other/one.txt", "one.txt").unwrap());
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{report}");
}
