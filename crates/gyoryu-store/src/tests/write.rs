//! Writing articles: replacing, removing, batches, the ontology, and the
//! default graph following every write.

use super::*;

#[test]
fn replacing_the_same_document_twice_changes_nothing() {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Added);
    let triples = store.triple_count().unwrap();
    let quads = store.quad_count().unwrap();
    assert_eq!(quads, one.quads.len());
    assert_eq!(store.replace_document("one.txt", &one.graph, &one.quads).unwrap(), ReplaceOutcome::Unchanged);
    assert_eq!(store.triple_count().unwrap(), triples);
    assert_eq!(store.quad_count().unwrap(), quads);
    assert_eq!(store.document_count().unwrap(), 1);
    assert!(store.has_document(&one.graph, "aaa111").unwrap());
    assert!(!store.has_document(&one.graph, "zzz999").unwrap());
}

#[test]
fn a_changed_article_replaces_its_old_graph() {
    let store = store_with_two_articles();
    let before = store.quad_count().unwrap();

    // New text for one.txt: a new hash, so a new graph, and only Gyeongnam.
    let mut edited = Article::new("doc/ccc", "one.txt", "ccc333");
    edited.actor("province/gyeongnam", "Province", "경상남도");
    assert_eq!(store.replace_document("one.txt", &edited.graph, &edited.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.document_count().unwrap(), 2);
    assert!(!store.has_document(&iri("doc/aaa"), "aaa111").unwrap());
    assert!(store.has_document(&iri("doc/ccc"), "ccc333").unwrap());
    assert_eq!(store.quad_count().unwrap(), before - article_one().quads.len() + edited.quads.len());
    // Texas only appeared in the old version of one.txt.
    let texas = select_strings(&store, "SELECT ?x WHERE { ?x rdfs:label \"텍사스주\"@ko }");
    assert!(texas.is_empty(), "{texas:?}");
    let graphs: Vec<String> = store.document_graphs().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(graphs, vec![format!("<{ID}doc/bbb>"), format!("<{ID}doc/ccc>")]);
}

#[test]
fn same_hash_with_different_facts_is_rewritten() {
    let store = Store::in_memory().unwrap();
    let one = article_one();
    store.replace_document("one.txt", &one.graph, &one.quads).unwrap();
    // A better extractor finds one more fact in the unchanged article.
    let mut richer = article_one();
    richer.add("province/texas", vocab::SKOS_ALT_LABEL, ko("텍사스"));
    assert_eq!(store.replace_document("one.txt", &richer.graph, &richer.quads).unwrap(), ReplaceOutcome::Replaced);
    assert_eq!(store.quad_count().unwrap(), richer.quads.len());
}

#[test]
fn quads_outside_the_document_graph_are_refused() {
    let store = Store::in_memory().unwrap();
    let mut one = article_one();
    one.quads.push(Quad::new(iri("province/texas"), vocab::RDFS_LABEL, ko("텍사스"), GraphName::DefaultGraph));
    let error = store.replace_document("one.txt", &one.graph, &one.quads).unwrap_err();
    assert!(matches!(error, StoreError::QuadOutsideGraph { .. }), "{error}");
    assert_eq!(store.quad_count().unwrap(), 0);
}

#[test]
fn removing_a_document_drops_its_graph_only() {
    let store = store_with_two_articles();
    assert!(remove_named(&store, "one.txt"));
    assert!(!remove_named(&store, "one.txt"));
    assert_eq!(store.document_count().unwrap(), 1);
    assert_eq!(store.quad_count().unwrap(), article_two().quads.len());
    // Gyeongnam survives because article two mentions it too.
    let rows = select_strings(
        &store,
        "SELECT ?label WHERE { gyid:province/gyeongnam rdfs:label ?label }"
            .replace("gyid:province/gyeongnam", &format!("<{ID}province/gyeongnam>"))
            .as_str(),
    );
    assert_eq!(rows, vec![vec!["경상남도".to_owned()]]);
}

#[test]
fn triples_are_counted_once_across_graphs() {
    let store = store_with_two_articles();
    let one = article_one();
    let two = article_two();
    let quads = one.quads.len() + two.quads.len();
    assert_eq!(store.quad_count().unwrap(), quads);
    // Gyeongnam's type, label and confidence are in both graphs; its
    // mentionedIn differs per article.
    assert_eq!(store.triple_count().unwrap(), quads - 3);
    // Queries see the same set semantics: Gyeongnam's label is in both
    // graphs but matches once, and a join does not multiply it.
    let rows = select_strings(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a gy:Province ; rdfs:label ?label ; gy:confidence ?c }",
    );
    assert_eq!(rows, vec![vec!["2".to_owned()]]);
    let rows = select_strings(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a gy:Province } }");
    assert_eq!(rows, vec![vec!["3".to_owned()]]);
}

#[test]
fn a_malformed_query_is_a_query_error() {
    let store = Store::in_memory().unwrap();
    let error = store.query("SELECT ?x WHERE { ?x ").unwrap_err();
    assert!(matches!(error, StoreError::Query(_)), "{error:?}");
    assert!(error.to_string().starts_with("invalid SPARQL query"));
}

#[test]
fn the_default_graph_is_the_union_of_all_articles() {
    let store = store_with_two_articles();
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?label WHERE { ?e a ?class ; rdfs:label ?label ; gy:date ?d . FILTER(?class IN (gy:Agreement, gy:Visit)) }
         ORDER BY ?d",
    );
    assert_eq!(
        rows,
        vec![vec!["경남-텍사스 \"에너지\" 협약 <MOU> & 후속".to_owned()], vec!["박완수 도지사 베트남 방문".to_owned()],]
    );
    // A join across articles: the governor (article two) belongs to a
    // province that signed an agreement (article one).
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         SELECT DISTINCT ?person WHERE { ?person gy:affiliation ?p . ?e a gy:Agreement ; gy:participant ?p }",
    );
    assert_eq!(rows, vec![vec!["gyid:person/park".to_owned()]]);
    // GRAPH clauses still see the separate graphs.
    let rows = select_strings(&store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    assert_eq!(rows, vec![vec!["2".to_owned()]]);
}

#[test]
fn ontology_is_loaded_into_its_own_graph_and_replaced() {
    let store = store_with_two_articles();
    let triples_before = store.triple_count().unwrap();
    assert_eq!(store.load_ontology(ONTOLOGY).unwrap(), 5);
    assert_eq!(store.load_ontology(ONTOLOGY).unwrap(), 5);
    assert_eq!(store.triple_count().unwrap(), triples_before);
    assert_eq!(store.document_count().unwrap(), 2);
    // The ontology is part of the union, so class hierarchies can be used.
    let rows = select_strings(
        &store,
        "PREFIX gy: <https://w3id.org/gyoryu/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?label WHERE { ?a a/rdfs:subClassOf gy:Actor ; rdfs:label ?label } ORDER BY ?label",
    );
    assert_eq!(rows, vec![vec!["경상남도".to_owned()], vec!["텍사스주".to_owned()]]);
    assert!(matches!(store.load_ontology("gy:broken ."), Err(StoreError::Load(_))));
    // A failed load leaves the previous ontology in place.
    assert_eq!(store.ontology_triple_count().unwrap(), 5);
}

#[test]
fn the_default_graph_follows_replacements_and_removals() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let mut edited = Article::new("doc/ccc", "one.txt", "ccc333");
    edited.actor("province/gyeongnam", "Province", "경상남도");
    store.replace_document("one.txt", &edited.graph, &edited.quads).unwrap();
    assert!(store.check().unwrap().is_sound(), "{:#?}", store.check().unwrap().problems);
    assert!(remove_named(&store, "two.txt"));
    assert!(store.check().unwrap().is_sound(), "{:#?}", store.check().unwrap().problems);
    // Only the edited article and the ontology are left in the default graph.
    let mut expected: Vec<Triple> = edited.quads.iter().cloned().map(Triple::from).collect();
    expected.sort_by_cached_key(ToString::to_string);
    assert_eq!(store.triple_count().unwrap(), expected.len());
    assert!(remove_named(&store, "one.txt"));
    assert_eq!(store.default_graph_triples().unwrap().len(), store.ontology_triple_count().unwrap());
    assert_eq!(store.triple_count().unwrap(), 0);
}

#[test]
fn articles_added_in_one_batch_are_like_articles_added_one_by_one() {
    let one = article_one();
    let two = article_two();
    let batch = Store::in_memory().unwrap();
    batch
        .add_new_documents(vec![(one.graph.clone(), one.quads.clone()), (two.graph.clone(), two.quads.clone())])
        .unwrap();
    let single = store_with_two_articles();
    let sorted = |store: &Store| {
        let mut quads: Vec<String> = store.inner.iter().map(|q| q.unwrap().to_string()).collect();
        quads.sort();
        quads
    };
    assert_eq!(sorted(&batch), sorted(&single));
    assert!(batch.holds_source("one.txt", "one.txt").unwrap());
    assert!(!batch.holds_source("three.txt", "three.txt").unwrap());
    assert!(batch.check().unwrap().is_sound());
}

/// Articles enough for more than one run of the bulk loader.
fn many_articles() -> Vec<Article> {
    let one = |i: usize| {
        let mut article = Article::new(&format!("doc/{i:05}"), &format!("{i}.txt"), &format!("hash{i}"));
        article.actor("province/gyeongnam", "Province", "경상남도");
        article
    };
    let per_article = one(0).quads.len();
    (0..RUN_QUADS / per_article + 10).map(one).collect()
}

#[test]
fn a_batch_of_several_loader_runs_is_stored_whole_at_its_commit() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::open(folder.path()).unwrap();
    let articles = many_articles();
    let mut writer = store.batch_writer();
    for article in &articles {
        writer.push(&article.graph, article.quads.clone()).unwrap();
    }
    assert_eq!(writer.len(), articles.len());
    // The first run's table files are written, but not yet part of the store.
    assert!(!store.holds_source("0.txt", "0.txt").unwrap());
    writer.commit().unwrap();
    assert!(writer.is_empty());
    assert_eq!(store.document_count().unwrap(), articles.len());
    assert!(store.holds_source("0.txt", "0.txt").unwrap());
    assert_eq!(store.quad_count().unwrap(), articles.iter().map(|a| a.quads.len()).sum::<usize>());
}

#[test]
fn a_batch_dropped_before_its_commit_leaves_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let store = Store::open(folder.path()).unwrap();
    let mut writer = store.batch_writer();
    for article in many_articles() {
        writer.push(&article.graph, article.quads).unwrap();
    }
    drop(writer);
    assert_eq!(store.document_count().unwrap(), 0);
    let left: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
