use super::*;
use crate::api::{self, neighbourhood};
use crate::exec::{Limits, Runner};
use crate::AppState;
use gyoryu_store::GraphChange;
use oxigraph::model::{GraphName, Literal, NamedNode};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const ONTOLOGY: &str = include_str!("../../../../ontology/gyoryu.ttl");
const ID: &str = vocab::ID_BASE;

fn iri(local: &str) -> NamedNode {
    NamedNode::new(format!("{ID}{local}")).unwrap()
}

fn full(local: &str) -> String {
    format!("{ID}{local}")
}

/// Quads of one article graph, written tersely.
struct Article {
    graph: NamedNode,
    quads: Vec<Quad>,
}

impl Article {
    fn new(document: &str) -> Article {
        let mut article = Article { graph: iri(document), quads: Vec::new() };
        article.link(document, vocab::RDF_TYPE.as_str(), vocab::DOCUMENT.as_str());
        article
    }

    fn add(&mut self, subject: &str, predicate: NamedNodeRef<'_>, object: impl Into<Term>) -> &mut Self {
        self.quads.push(Quad::new(iri(subject), predicate, object, GraphName::NamedNode(self.graph.clone())));
        self
    }

    fn link(&mut self, subject: &str, predicate: &str, object: &str) -> &mut Self {
        let object = if object.starts_with("http") { NamedNode::new(object).unwrap() } else { iri(object) };
        self.add(subject, NamedNodeRef::new_unchecked(predicate), object)
    }

    fn typed(&mut self, subject: &str, class: &str) -> &mut Self {
        let is_event = ["Agreement", "Visit", "Meeting", "Investment", "Exchange"].contains(&class);
        let top = if is_event { vocab::EVENT } else { vocab::ACTOR };
        self.link(subject, vocab::RDF_TYPE.as_str(), &vocab::class_iri(class));
        self.link(subject, vocab::RDF_TYPE.as_str(), top.as_str())
    }

    fn ko(&mut self, subject: &str, predicate: NamedNodeRef<'_>, text: &str) -> &mut Self {
        self.add(subject, predicate, Literal::new_language_tagged_literal_unchecked(text, "ko"))
    }

    fn plain(&mut self, subject: &str, predicate: NamedNodeRef<'_>, text: &str) -> &mut Self {
        self.add(subject, predicate, Literal::new_simple_literal(text))
    }

    fn date(&mut self, subject: &str, predicate: NamedNodeRef<'_>, text: &str) -> &mut Self {
        self.add(subject, predicate, Literal::new_typed_literal(text, vocab::XSD_DATE))
    }
}

fn store_of(articles: &[Article]) -> Store {
    let store = Store::in_memory().unwrap();
    store.load_ontology(ONTOLOGY).unwrap();
    let changes: Vec<GraphChange> =
        articles.iter().flat_map(|article| article.quads.iter().cloned().map(GraphChange::Insert)).collect();
    store.apply_changes(&changes).unwrap();
    store
}

/// Two articles about Gyeongnam: an agreement with Texas at Changwon, and
/// a visit by its governor; Jeju both a province and a city.
fn two_articles() -> Vec<Article> {
    let mut a = Article::new("doc/a");
    a.plain("doc/a", vocab::SOURCE_FILE, "a.txt")
        .plain("doc/a", vocab::SOURCE_PATH, "news/a.txt")
        .ko("doc/a", vocab::DCTERMS_TITLE, "경남, 텍사스와 협약")
        .date("doc/a", vocab::DCTERMS_ISSUED, "2023-10-06")
        .add("doc/a", vocab::SOURCE_URL, Literal::new_typed_literal("https://example.org/a", vocab::XSD_ANY_URI))
        .typed("province/경상남도", "Province")
        .ko("province/경상남도", vocab::RDFS_LABEL, "경상남도")
        .ko("province/경상남도", vocab::SKOS_ALT_LABEL, "경남")
        .typed("province/텍사스주", "Province")
        .ko("province/텍사스주", vocab::RDFS_LABEL, "텍사스주")
        .ko("province/텍사스주", vocab::SKOS_ALT_LABEL, "Texas")
        .typed("city/창원시", "City")
        .ko("city/창원시", vocab::RDFS_LABEL, "창원시")
        .typed("event/a1", "Agreement")
        .ko("event/a1", vocab::RDFS_LABEL, "경남-텍사스 업무협약")
        .date("event/a1", vocab::DATE, "2023-10-05")
        .plain("event/a1", vocab::STATUS, "reported")
        .ko("event/a1", vocab::TRIGGER, "업무협약")
        .ko("event/a1", vocab::EVIDENCE, "경남도는 5일 창원에서 텍사스주와 업무협약을 맺었다.")
        .add("event/a1", vocab::CONFIDENCE, Literal::new_typed_literal("0.9", vocab::XSD_DOUBLE))
        .link("event/a1", vocab::PARTICIPANT.as_str(), "province/경상남도")
        .link("event/a1", vocab::PARTICIPANT.as_str(), "province/텍사스주")
        .link("event/a1", vocab::LOCATION.as_str(), "city/창원시")
        .link("event/a1", vocab::SOURCE.as_str(), "doc/a")
        .typed("province/제주", "Province")
        .ko("province/제주", vocab::RDFS_LABEL, "제주")
        .typed("city/제주", "City")
        .ko("city/제주", vocab::RDFS_LABEL, "제주");
    let mut b = Article::new("doc/b");
    b.plain("doc/b", vocab::SOURCE_FILE, "b.txt")
        .plain("doc/b", vocab::SOURCE_PATH, "news/b.txt")
        .typed("province/경상남도", "Province")
        .ko("province/경상남도", vocab::RDFS_LABEL, "경상남도")
        .ko("province/경상남도", vocab::SKOS_ALT_LABEL, "도")
        .typed("person/박완수", "Person")
        .ko("person/박완수", vocab::RDFS_LABEL, "박완수")
        .ko("person/박완수", vocab::TITLE, "도지사")
        .link("person/박완수", vocab::AFFILIATION.as_str(), "province/경상남도")
        .typed("province/강원특별자치도", "Province")
        .ko("province/강원특별자치도", vocab::RDFS_LABEL, "강원특별자치도")
        .typed("event/b1", "Visit")
        .ko("event/b1", vocab::RDFS_LABEL, "박완수 도지사 방문")
        .date("event/b1", vocab::DATE, "2023-11-21")
        .date("event/b1", vocab::END_DATE, "2023-11-29")
        .ko("event/b1", vocab::EVIDENCE, "박완수 도지사는 21일 강원을 방문했다.")
        .ko("event/b1", vocab::EVIDENCE, "도지사는 29일까지 머문다.")
        .link("event/b1", vocab::PARTICIPANT.as_str(), "person/박완수")
        .link("event/b1", vocab::PARTICIPANT.as_str(), "province/경상남도")
        .link("event/b1", vocab::PARTICIPANT.as_str(), "province/강원특별자치도")
        // A participant no class names: the event lists it, the network does not.
        .link("event/b1", vocab::PARTICIPANT.as_str(), "unknown/thing")
        .link("event/b1", vocab::SOURCE.as_str(), "doc/b")
        .link("event/b1", vocab::SOURCE.as_str(), "doc/a");
    vec![a, b]
}

fn index_of(articles: &[Article]) -> ExplorerIndex {
    ExplorerIndex::build(&store_of(articles)).unwrap()
}

fn request(needle: &str) -> SearchRequest {
    SearchRequest { needle: needle.to_lowercase(), known: api::gazetteer_names(&needle.to_lowercase()), limit: 30 }
}

fn labels<'a>(hits: &'a [SearchHit<'_>]) -> Vec<(&'a str, &'a str)> {
    hits.iter().map(|hit| (hit.label.as_deref().unwrap(), hit.kind.as_deref().unwrap())).collect()
}

#[test]
fn actors_merge_across_articles_with_every_alias() {
    let index = index_of(&two_articles());
    let (facts, events) = index.actor(&full("province/경상남도"), 1000).unwrap();
    assert_eq!(facts.label.as_deref(), Some("경상남도"));
    assert_eq!(facts.kind.as_deref(), Some("Province"));
    assert_eq!(facts.aliases, ["경남", "도"]);
    // Both articles' events, the most recent first.
    let events: Vec<&str> = events.iter().map(|event| event.iri.as_ref()).collect();
    assert_eq!(events, [full("event/b1"), full("event/a1")]);
    let stats = index.stats();
    assert_eq!((stats.documents, stats.actors, stats.events), (2, 7, 2));
    assert_eq!(stats.classes["Province"].ko.as_deref(), Some("광역 행정구역"), "{:?}", stats.classes["Province"]);
    assert_eq!(stats.classes["Visit"].group.as_deref(), Some("event"));
}

#[test]
fn search_finds_labels_and_aliases_in_any_case_busiest_first() {
    let index = index_of(&two_articles());
    let hits = index.search(&request("경남"));
    assert_eq!(labels(&hits), [("경상남도", "Province")]);
    assert_eq!(hits[0].events, 2);
    assert_eq!(labels(&index.search(&request("TEXAS"))), [("텍사스주", "Province")]);
    // A short needle: the busiest first, then by label.
    let hits = index.search(&request("도"));
    assert_eq!(hits[0].label.as_deref(), Some("경상남도"));
    assert!(hits.iter().any(|hit| hit.label.as_deref() == Some("강원특별자치도")));
    let limited = index.search(&SearchRequest { limit: 1, ..request("도") });
    assert_eq!(limited.len(), 1);
    assert!(index.search(&request("없는이름")).is_empty());
}

#[test]
fn search_finds_romanisations_only_the_gazetteer_knows() {
    let index = index_of(&two_articles());
    let hits = index.search(&request("Gangwon"));
    assert_eq!(labels(&hits), [("강원특별자치도", "Province")]);
}

#[test]
fn one_label_in_two_kinds_is_two_actors() {
    let index = index_of(&two_articles());
    let hits = index.search(&request("제주"));
    let mut found = labels(&hits);
    found.sort();
    assert_eq!(found, [("제주", "City"), ("제주", "Province")]);
    let (city, _) = index.actor(&full("city/제주"), 10).unwrap();
    assert_eq!(city.kind.as_deref(), Some("City"));
}

#[test]
fn events_carry_evidence_sources_and_every_participant() {
    let index = index_of(&two_articles());
    let visit = index.event(&full("event/b1")).unwrap();
    assert_eq!(visit.kind.as_deref(), Some("Visit"));
    assert_eq!((visit.date.as_deref(), visit.end_date.as_deref()), (Some("2023-11-21"), Some("2023-11-29")));
    assert_eq!(visit.evidence, ["도지사는 29일까지 머문다.", "박완수 도지사는 21일 강원을 방문했다."]);
    let sources: Vec<(&str, Option<&str>)> =
        visit.sources.iter().map(|source| (source.iri.as_ref(), source.file.as_deref())).collect();
    assert_eq!(sources, [(full("doc/a").as_str(), Some("a.txt")), (full("doc/b").as_str(), Some("b.txt"))]);
    let a = &visit.sources[0];
    assert_eq!(a.title.as_deref(), Some("경남, 텍사스와 협약"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.issued.as_deref(), Some("2023-10-06"));
    assert_eq!(a.path.as_deref(), Some("news/a.txt"));
    let participants: Vec<(&str, Option<&str>)> =
        visit.participants.iter().map(|p| (p.iri.as_ref(), p.kind.as_deref())).collect();
    assert_eq!(participants.len(), 4);
    assert!(participants.contains(&(full("unknown/thing").as_str(), None)));
    let agreement = index.event(&full("event/a1")).unwrap();
    assert_eq!(agreement.location.unwrap().label.as_deref(), Some("창원시"));
    assert_eq!(agreement.confidence.as_deref(), Some("0.9"));
    assert_eq!(agreement.trigger.as_deref(), Some("업무협약"));
    // Neither an actor nor an unknown IRI is an event.
    assert!(index.event(&full("province/경상남도")).is_none());
    assert!(index.event(&full("event/none")).is_none());
    assert!(index.actor(&full("event/a1"), 10).is_none());
}

#[test]
fn the_neighbourhood_draws_affiliations_between_drawn_actors() {
    let index = index_of(&two_articles());
    let (facts, events) = index.actor(&full("person/박완수"), 1000).unwrap();
    assert_eq!(facts.titles, ["도지사"]);
    assert_eq!(facts.affiliation.as_ref().unwrap().label.as_deref(), Some("경상남도"));
    let view = neighbourhood(facts, events);
    assert!(view.edges.contains(&api::GraphEdge {
        kind: "affiliation",
        source: Text::Owned(full("person/박완수")),
        target: Text::Owned(full("province/경상남도")),
    }));
    // The unlabelled, unclassed participant is not drawn.
    assert!(!view.nodes.iter().any(|node| node.id == full("unknown/thing").as_str()));
    assert_eq!(view.timeline.len(), 1);
    assert_eq!(view.timeline[0].participants.len(), 3);
}

#[test]
fn the_most_recent_events_are_kept() {
    let mut article = Article::new("doc/many");
    article.typed("country/가나", "Country").ko("country/가나", vocab::RDFS_LABEL, "가나");
    for day in 1..=9 {
        let event = format!("event/m{day}");
        article.typed(&event, "Meeting").date(&event, vocab::DATE, &format!("2024-01-0{day}")).link(
            &event,
            vocab::PARTICIPANT.as_str(),
            "country/가나",
        );
    }
    article.typed("event/undated", "Meeting").link("event/undated", vocab::PARTICIPANT.as_str(), "country/가나");
    let index = index_of(&[article]);
    let (_, events) = index.actor(&full("country/가나"), 3).unwrap();
    let dates: Vec<Option<&str>> = events.iter().map(|event| event.date.as_deref()).collect();
    assert_eq!(dates, [Some("2024-01-09"), Some("2024-01-08"), Some("2024-01-07")]);
    let (_, events) = index.actor(&full("country/가나"), 100).unwrap();
    assert_eq!(events.len(), 10);
    assert_eq!(events.last().unwrap().date, None);
}

#[test]
fn an_update_drops_the_index_until_it_is_built_again() {
    let store = store_of(&two_articles());
    let explorer = Explorer::new();
    explorer.rebuild(store.clone(), "in a test");
    let ready = |explorer: &Explorer| {
        for _ in 0..500 {
            if let Some(index) = explorer.current() {
                return index;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("no index after 5 s");
    };
    let before = ready(&explorer);
    assert!(before.search(&request("메모")).is_empty());

    let mut note = Article::new("doc/c");
    note.typed("person/메모인물", "Person").ko("person/메모인물", vocab::RDFS_LABEL, "메모인물");
    store.apply_changes(&note.quads.into_iter().map(GraphChange::Insert).collect::<Vec<_>>()).unwrap();
    explorer.rebuild(store.clone(), "in a test");
    // At once: no index, so nothing stale is answered.
    assert!(explorer.current().is_none());
    let after = ready(&explorer);
    assert_eq!(labels(&after.search(&request("메모"))), [("메모인물", "Person")]);
    // The old one, still held by a request, is untouched.
    assert!(before.search(&request("메모")).is_empty());
}

/// The fixtures' and examples' plain-text articles, extracted into a store
/// as `gyoryu build` would.
fn extracted_store() -> Store {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let extractor = gyoryu_extract::Extractor::new(Default::default()).unwrap();
    let store = Store::in_memory().unwrap();
    store.load_ontology(ONTOLOGY).unwrap();
    let mut count = 0;
    for folder in ["tests/fixtures/articles", "examples/articles"] {
        let mut paths: Vec<_> =
            std::fs::read_dir(root.join(folder)).unwrap().map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|path| path.extension().is_some_and(|ext| ext == "txt")) {
            count += 1;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let document = gyoryu_model::Document {
                id: name.clone(),
                source: format!("{folder}/{name}"),
                url: Some(format!("https://example.org/{name}")),
                title: Some(name.clone()),
                published: None,
                text: std::fs::read_to_string(&path).unwrap(),
                content_hash: format!("{count:064x}"),
            };
            let (graph, quads) = gyoryu_graph::rdf::extraction_to_quads(&extractor.extract(&document));
            store.replace_document(&document.source, &graph, &quads).unwrap();
        }
    }
    assert!(count >= 10, "{count} articles");
    store
}

/// A JSON answer with the lists whose order SPARQL leaves open sorted.
fn settled(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(timeline) = value.get_mut("timeline").and_then(|t| t.as_array_mut()) {
        for event in timeline {
            if let Some(participants) = event.get_mut("participants").and_then(|p| p.as_array_mut()) {
                participants.sort_by_key(|p| p.to_string());
            }
        }
    }
    value
}

/// The index answers every actor, event, search and the counts exactly as
/// the SPARQL queries do on the same store.
#[test]
fn the_index_answers_as_the_sparql_queries_do() {
    let store = extracted_store();
    let index = ExplorerIndex::build(&store).unwrap();
    let app = AppState {
        store: store.clone(),
        runner: Runner::new(Limits::default()),
        update_token: None,
        explorer: Explorer::new(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let sparql_stats = runtime.block_on(api::sparql::stats(&app)).unwrap();
    assert_eq!(index.stats(), &sparql_stats);
    assert!(sparql_stats.actors > 20 && sparql_stats.events > 5, "{sparql_stats:?}");

    let actors: BTreeSet<String> = index
        .graph
        .node_weights()
        .filter(|node| matches!(node.role, Role::Actor(_)))
        .map(|node| index.strings.get(node.iri).to_owned())
        .collect();
    let mut compared = 0;
    for actor in &actors {
        let iri = NamedNode::new(actor.as_str()).unwrap();
        let from_sparql = runtime.block_on(api::sparql::actor(&app, &iri)).unwrap();
        let from_index = index.actor(actor, api::MAX_EVENTS);
        match (from_sparql, from_index) {
            (Some((facts, events)), Some((index_facts, index_events))) => {
                assert_eq!(
                    settled(json(&neighbourhood(index_facts, index_events))),
                    settled(json(&neighbourhood(facts, events))),
                    "{actor}"
                );
                compared += 1;
            }
            (None, None) => {}
            (sparql, index) => panic!("{actor}: SPARQL {sparql:?}, index {index:?}"),
        }
    }
    assert!(compared > 20, "{compared} actors");

    let events: Vec<String> = index
        .graph
        .node_weights()
        .filter(|node| matches!(node.role, Role::Event(_)))
        .map(|node| index.strings.get(node.iri).to_owned())
        .collect();
    for event in &events {
        let iri = NamedNode::new(event.as_str()).unwrap();
        let from_sparql = runtime.block_on(api::sparql::event(&app, &iri)).unwrap().unwrap();
        let from_index = json(&index.event(event).unwrap());
        let mut from_sparql = json(&from_sparql);
        // A fact stated twice (an event in two fields) is shown once: SPARQL
        // shows the first it meets, the index the smallest. Either is one of
        // the event's values.
        for (key, predicate) in [("field", vocab::FIELD), ("amount", vocab::AMOUNT), ("label", vocab::RDFS_LABEL)] {
            if from_index[key] != from_sparql[key] {
                let values: Vec<String> = store
                    .quads_matching(Some(iri.as_ref().into()), Some(predicate), None, Some(GraphNameRef::DefaultGraph))
                    .unwrap()
                    .map(|quad| object_text(&quad.unwrap()).unwrap().to_owned())
                    .collect();
                assert!(values.iter().any(|value| from_index[key] == value.as_str()), "{event} {key}: {values:?}");
                from_sparql[key] = from_index[key].clone();
            }
        }
        assert_eq!(from_index, from_sparql, "{event}");
    }

    let mut needles: BTreeSet<String> =
        ["도", "gangwon", "Kazakhstan", "시", "KOTRA", "경기"].map(str::to_owned).into();
    needles.extend(actors.iter().map(|iri| iri.rsplit('/').next().unwrap().chars().take(2).collect::<String>()));
    for needle in needles {
        let request = request(&needle);
        let from_sparql = runtime.block_on(api::sparql::search(&app, &request)).unwrap();
        let from_index = index.search(&request);
        // SPARQL orders ties of events and label as it likes.
        let key = |hits: &[SearchHit<'_>]| -> BTreeMap<String, serde_json::Value> {
            hits.iter().map(|hit| (hit.iri.to_string(), json(hit))).collect()
        };
        assert_eq!(key(&from_index), key(&from_sparql), "{needle}");
        let order = |hits: &[SearchHit<'_>]| -> Vec<(u64, String)> {
            hits.iter().map(|hit| (hit.events, hit.label.as_deref().unwrap_or("").to_owned())).collect()
        };
        assert_eq!(order(&from_index), order(&from_sparql), "{needle}");
    }
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn the_answer_cache_keeps_the_most_recently_used_within_its_budget() {
    let cache = AnswerCache::default();
    let answer = |byte: u8| Bytes::from(vec![byte; CACHE_BYTES / 8]);
    for n in 0..8u8 {
        cache.put(&format!("a{n}"), answer(n));
    }
    assert_eq!(cache.get("a0").unwrap()[0], 0);
    // Over budget: the least recently used goes (a1, since a0 was just read).
    cache.put("a8", answer(8));
    assert!(cache.get("a1").is_none());
    assert!(cache.get("a0").is_some() && cache.get("a8").is_some());
    assert!(cache.lock().bytes <= CACHE_BYTES);
    // An answer too large to be worth a quarter of the cache is not kept.
    cache.put("huge", Bytes::from(vec![0; CACHE_BYTES / 2]));
    assert!(cache.get("huge").is_none());
}

#[test]
fn odd_needles_and_an_empty_store_find_nothing() {
    let index = index_of(&two_articles());
    for needle in ["", "\0", "경\0남", "경상남도\0"] {
        assert!(index
            .search(&SearchRequest { needle: needle.to_owned(), known: BTreeMap::new(), limit: 30 })
            .is_empty());
    }
    // A needle ending a name matches; one across two names' seam does not.
    assert_eq!(index.search(&request("남도")).len(), 1);
    assert!(index.search(&request("도경")).is_empty());
    let empty = index_of(&[]);
    assert!(empty.search(&request("도")).is_empty());
    assert!(empty.actor(&full("province/경상남도"), 10).is_none());
    assert_eq!((empty.stats().actors, empty.stats().events, empty.stats().documents), (0, 0, 0));
    assert!(!empty.stats().classes.is_empty(), "the legend comes from the ontology");
}
