//! `check`: each kind of damage to an article graph or the default graph.

use super::*;

fn in_graph(graph: &str, subject: &str, predicate: NamedNodeRef<'_>, object: impl Into<Term>) -> Quad {
    Quad::new(iri(subject), predicate, object, iri(graph))
}

/// Damages one named graph the way a hand edit would, but keeps the default
/// graph their union, so that each test sees only the problem it made.
fn insert(store: &Store, quad: Quad) {
    store.inner.insert(&quad).unwrap();
    if !quad.graph_name.is_default_graph() {
        store.inner.insert(&in_default_graph(&quad)).unwrap();
    }
}

fn remove(store: &Store, quad: Quad) {
    assert!(store.inner.contains(&quad).unwrap(), "{quad} was not stored");
    store.inner.remove(&quad).unwrap();
    let still_stated = store
        .inner
        .quads_for_pattern(Some(quad.subject.as_ref()), Some(quad.predicate.as_ref()), Some(quad.object.as_ref()), None)
        .any(|q| !q.unwrap().graph_name.is_default_graph());
    if !still_stated {
        store.inner.remove(&in_default_graph(&quad)).unwrap();
    }
}

fn in_default_graph(quad: &Quad) -> Quad {
    Quad::new(quad.subject.clone(), quad.predicate.clone(), quad.object.clone(), GraphName::DefaultGraph)
}

/// The two-article store after `damage`, checked; asserts exactly one
/// problem and returns it so each test can say what it must name.
fn single_problem(damage: impl FnOnce(&Store)) -> String {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    damage(&store);
    let report = store.check().unwrap();
    assert!(!report.is_sound());
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    report.problems[0].clone()
}

#[test]
fn a_store_built_like_gyoryu_builds_is_sound() {
    let store = store_with_two_articles();
    // The ontology graph is neither an article nor a problem.
    store.load_ontology(ONTOLOGY).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:#?}", report.problems);
    assert_eq!(report.documents, 2);
    assert!(report.to_string().contains("sound"));
    assert!(Store::in_memory().unwrap().check().unwrap().is_sound());
}

#[test]
fn a_store_from_the_real_rdf_mapping_is_sound() {
    use gyoryu_model::{Actor, ActorKind, Document, Event, EventKind, EventStatus, Extraction};
    let actor = |kind, name: &str, affiliation| Actor {
        kind,
        name: name.into(),
        aliases: vec![],
        title: None,
        affiliation,
        confidence: 0.9,
        mentions: vec![],
    };
    let extraction = Extraction {
        document: Document {
            id: "mou.txt".into(),
            source: "in/mou.txt".into(),
            url: None,
            title: Some("충북, 몽골 도르노드주와 협약".into()),
            published: None,
            text: "충청북도는 몽골 도르노드주와 협약을 맺었다.".into(),
            content_hash: "c0ffee".repeat(11),
        },
        actors: vec![
            actor(ActorKind::Province, "충청북도", None),
            actor(ActorKind::Province, "도르노드주", None),
            actor(ActorKind::Person, "한가람", Some(0)),
        ],
        events: vec![Event {
            kind: EventKind::Agreement,
            label: "충북-도르노드 협약".into(),
            participants: vec![0, 1],
            date: None,
            end_date: None,
            location: Some(1),
            evidence: "충청북도는 몽골 도르노드주와 협약을 맺었다.".into(),
            status: EventStatus::Reported,
            trigger: "협약".into(),
            amounts: vec![],
            fields: vec![],
            confidence: 0.8,
        }],
    };
    let (graph, quads) = gyoryu_graph::rdf::extraction_to_quads(&extraction);
    let store = Store::in_memory().unwrap();
    store.replace_document("mou.txt", &graph, &quads).unwrap();
    let report = store.check().unwrap();
    assert!(report.is_sound(), "{:#?}", report.problems);
    assert_eq!(report.documents, 1);
}

#[test]
fn check_finds_triples_in_the_default_graph() {
    let problem = single_problem(|store| {
        insert(store, Quad::new(iri("province/gyeongnam"), vocab::RDFS_LABEL, ko("경남"), GraphName::DefaultGraph))
    });
    assert!(problem.contains("default graph") && problem.contains("1 triple"), "{problem}");
    assert!(problem.contains("province/gyeongnam"), "{problem}");
}

#[test]
fn check_finds_article_triples_missing_from_the_default_graph() {
    let problem = single_problem(|store| {
        store
            .inner
            .remove(&Quad::new(iri("province/texas"), vocab::RDFS_LABEL, ko("텍사스주"), GraphName::DefaultGraph))
            .unwrap();
    });
    assert!(problem.contains("1 triple") && problem.contains("missing from the default graph"), "{problem}");
    assert!(problem.contains("province/texas") && problem.contains("doc/aaa"), "{problem}");
}

#[test]
fn check_asks_to_rebuild_a_store_of_the_old_layout() {
    // Before the default graph was kept, facts lived only in article graphs.
    let problem = single_problem(|store| {
        let mut transaction = store.inner.start_transaction().unwrap();
        transaction.clear_graph(GraphNameRef::DefaultGraph).unwrap();
        transaction.commit().unwrap();
    });
    assert!(problem.contains("older gyoryu") && problem.contains("rebuild"), "{problem}");
}

#[test]
fn check_finds_a_graph_without_a_document() {
    let problem =
        single_problem(|store| insert(store, in_graph("doc/orphan", "province/jeju", vocab::RDFS_LABEL, ko("제주"))));
    assert!(problem.contains("doc/orphan") && problem.contains("no gy:Document"), "{problem}");
}

#[test]
fn check_finds_a_graph_with_two_documents() {
    let problem =
        single_problem(|store| insert(store, in_graph("doc/aaa", "doc/zzz", vocab::RDF_TYPE, class("Document"))));
    assert!(problem.contains("2 gy:Documents") && problem.contains("doc/zzz"), "{problem}");
}

#[test]
fn check_finds_a_document_in_a_graph_not_named_after_it() {
    let store = Store::in_memory().unwrap();
    let mut one = article_one();
    // The same article, written under a graph name of its own choosing.
    let elsewhere = iri("graph/misnamed");
    for quad in &mut one.quads {
        quad.graph_name = elsewhere.clone().into();
    }
    store.replace_document("one.txt", &elsewhere, &one.quads).unwrap();
    let report = store.check().unwrap();
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    let problem = &report.problems[0];
    assert!(problem.contains("graph/misnamed") && problem.contains("doc/aaa"), "{problem}");
}

#[test]
fn check_finds_documents_without_source_file_or_hash() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "doc/bbb", vocab::SOURCE_FILE, Literal::new_simple_literal("two.txt")))
    });
    assert!(problem.contains("doc/bbb") && problem.contains("gy:sourceFile"), "{problem}");
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "doc/aaa", vocab::CONTENT_HASH, Literal::new_simple_literal("aaa111")))
    });
    assert!(problem.contains("doc/aaa") && problem.contains("gy:contentHash"), "{problem}");
}

#[test]
fn check_finds_an_event_without_participants() {
    let problem = single_problem(|store| {
        for p in ["person/park", "country/vietnam"] {
            remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::PARTICIPANT, iri(p)));
        }
    });
    assert!(problem.contains("event/bbb-0") && problem.contains("no gy:participant"), "{problem}");
}

#[test]
fn check_finds_a_participant_typed_only_in_another_graph() {
    // Park is an actor of article two, not of article one.
    let problem = single_problem(|store| {
        insert(store, in_graph("doc/aaa", "event/aaa-0", vocab::PARTICIPANT, iri("person/park")))
    });
    assert!(
        problem.contains("event/aaa-0") && problem.contains("person/park") && problem.contains("participant"),
        "{problem}"
    );
}

#[test]
fn check_finds_a_location_that_is_not_an_actor() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "event/aaa-0", vocab::LOCATION, iri("city/changwon")));
        insert(store, in_graph("doc/aaa", "event/aaa-0", vocab::LOCATION, iri("city/nowhere")));
    });
    assert!(problem.contains("location") && problem.contains("city/nowhere"), "{problem}");
}

#[test]
fn check_finds_a_dangling_affiliation() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "person/park", vocab::AFFILIATION, iri("province/gyeongnam")));
        insert(store, in_graph("doc/bbb", "person/park", vocab::AFFILIATION, iri("province/texas")));
    });
    assert!(problem.contains("person/park") && problem.contains("province/texas"), "{problem}");
}

#[test]
fn check_finds_an_event_sourced_from_another_document() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/bbb")));
        insert(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/aaa")));
    });
    assert!(
        problem.contains("event/bbb-0") && problem.contains("gy:source") && problem.contains("doc/aaa"),
        "{problem}"
    );
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "event/bbb-0", vocab::SOURCE, iri("doc/bbb")));
    });
    assert!(problem.contains("event/bbb-0") && problem.contains("no gy:source"), "{problem}");
}

#[test]
fn check_finds_actors_without_label_or_mention() {
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/aaa", "province/texas", vocab::RDFS_LABEL, ko("텍사스주")));
    });
    assert!(problem.contains("province/texas") && problem.contains("rdfs:label"), "{problem}");
    let problem = single_problem(|store| {
        remove(store, in_graph("doc/bbb", "country/vietnam", vocab::MENTIONED_IN, iri("doc/bbb")));
        insert(store, in_graph("doc/bbb", "country/vietnam", vocab::MENTIONED_IN, iri("doc/aaa")));
    });
    assert!(problem.contains("country/vietnam") && problem.contains("gy:mentionedIn"), "{problem}");
}

#[test]
fn check_reports_every_problem_with_its_graph() {
    let store = store_with_two_articles();
    insert(&store, Quad::new(iri("x"), vocab::RDFS_LABEL, ko("x"), GraphName::DefaultGraph));
    remove(&store, in_graph("doc/aaa", "province/texas", vocab::RDFS_LABEL, ko("텍사스주")));
    remove(&store, in_graph("doc/bbb", "doc/bbb", vocab::CONTENT_HASH, Literal::new_simple_literal("bbb222")));
    let report = store.check().unwrap();
    assert_eq!(report.problems.len(), 3, "{:#?}", report.problems);
    assert!(report.problems.iter().all(|p| p.contains("graph")));
    assert!(report.to_string().ends_with("3 problems found"), "{report}");
}
