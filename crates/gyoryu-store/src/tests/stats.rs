//! The event counts of the stats graph follow every kind of write.

use super::*;

/// Each actor's stored `gy:eventCount`, by IRI local name.
fn event_counts(store: &Store) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> =
        select_strings(store, "SELECT ?a ?n WHERE { GRAPH <https://w3id.org/gyoryu/stats> { ?a gy:eventCount ?n } }")
            .into_iter()
            .map(|row| (row[0].trim_start_matches("gyid:").to_owned(), row[1].clone()))
            .collect();
    rows.sort();
    rows
}

fn counts(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(a, n)| (a.to_string(), n.to_string())).collect()
}

/// Article three: Gyeongnam meets Texas again, and hosts a forum alone.
fn article_three() -> Article {
    let mut article = Article::new("doc/ccc", "three.txt", "ccc333");
    article
        .actor("province/gyeongnam", "Province", "경상남도")
        .actor("province/texas", "Province", "텍사스주")
        .event("event/ccc-0", "Meeting", "경남-텍사스 면담", "2024-02-01", &["province/gyeongnam", "province/texas"])
        .event("event/ccc-1", "Forum", "경남 투자 포럼", "2024-02-02", &["province/gyeongnam"]);
    article
}

#[test]
fn a_batch_writes_each_actors_count_of_events_with_its_articles() {
    let store = Store::in_memory().unwrap();
    let mut writer = store.batch_writer();
    for article in [article_one(), article_two(), article_three()] {
        writer.push(&article.graph, article.quads).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), 4);
    assert_eq!(
        event_counts(&store),
        counts(&[("country/vietnam", "1"), ("person/park", "1"), ("province/gyeongnam", "3"), ("province/texas", "2")])
    );
    // The default graph has them too, so queries need no GRAPH clause; they
    // are no article's facts and the store is sound.
    let rows = select_strings(&store, &format!("SELECT ?n WHERE {{ <{ID}province/gyeongnam> gy:eventCount ?n }}"));
    assert_eq!(rows, vec![vec!["3".to_owned()]]);
    assert_eq!(store.document_graphs().unwrap().len(), 3);
    assert!(store.check().unwrap().is_sound());
    // Nothing changed, nothing to write.
    assert_eq!(store.refresh_statistics().unwrap(), 0);
}

#[test]
fn counts_follow_removals_and_replacements() {
    let store = store_with_two_articles();
    assert_eq!(store.refresh_statistics().unwrap(), 4);
    let three = article_three();
    store.replace_document("three.txt", &three.graph, &three.quads).unwrap();
    // Only Gyeongnam's and Texas' counts change: two removed, two written.
    assert_eq!(store.refresh_statistics().unwrap(), 4);
    assert_eq!(event_counts(&store)[2..], counts(&[("province/gyeongnam", "3"), ("province/texas", "2")])[..]);
    // Park and Vietnam take part in nothing once article two is gone: no count.
    assert!(remove_named(&store, "two.txt"));
    store.refresh_statistics().unwrap();
    assert_eq!(event_counts(&store), counts(&[("province/gyeongnam", "3"), ("province/texas", "2")]));
    let rows = select_strings(&store, &format!("SELECT ?n WHERE {{ <{ID}person/park> gy:eventCount ?n }}"));
    assert!(rows.is_empty(), "{rows:?}");
    // Every article gone: the stats graph goes as well.
    assert!(remove_named(&store, "one.txt"));
    assert!(remove_named(&store, "three.txt"));
    store.refresh_statistics().unwrap();
    assert!(event_counts(&store).is_empty());
    assert!(store.default_graph_triples().unwrap().is_empty(), "{:?}", store.default_graph_triples().unwrap());
}

#[test]
fn an_event_stated_by_two_articles_counts_once() {
    let store = store_with_two_articles();
    // A second article that states article one's event again (the same IRI).
    let mut again = Article::new("doc/ddd", "four.txt", "ddd444");
    again.actor("province/gyeongnam", "Province", "경상남도").event(
        "event/aaa-0",
        "Agreement",
        "경남-텍사스 협약",
        "2023-10-05",
        &["province/gyeongnam", "province/texas"],
    );
    store.replace_document("four.txt", &again.graph, &again.quads).unwrap();
    store.refresh_statistics().unwrap();
    // Gyeongnam takes part in article one's agreement alone (article two's
    // visit is Park's), however many articles report it.
    assert_eq!(event_counts(&store)[2..], counts(&[("province/gyeongnam", "1"), ("province/texas", "1")])[..]);
}

#[test]
fn counts_are_not_counted_as_article_triples() {
    let store = store_with_two_articles();
    let before = store.triple_count().unwrap();
    store.refresh_statistics().unwrap();
    assert_eq!(store.triple_count().unwrap(), before);
    assert_eq!(store.document_count().unwrap(), 2);
}

#[test]
fn check_notes_counts_left_out_of_date_but_finds_the_store_sound() {
    let store = store_with_two_articles();
    store.refresh_statistics().unwrap();
    assert!(store.check().unwrap().notes.is_empty());
    // An article written without the counts, as by a build killed between the two.
    let three = article_three();
    store.replace_document("three.txt", &three.graph, &three.quads).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{report}");
    assert_eq!(report.notes.len(), 1, "{report}");
    assert!(report.notes[0].contains("of 2 actors are out of date"), "{report}");
    assert!(report.to_string().contains("note: the event counts"), "{report}");
    store.refresh_statistics().unwrap();
    assert!(store.check().unwrap().notes.is_empty());
}
