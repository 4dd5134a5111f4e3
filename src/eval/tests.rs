use super::*;
use gyoryu_model::{Actor, ActorKind, Document, Event, EventKind, EventStatus};

fn actor(kind: ActorKind, name: &str) -> Actor {
    Actor {
        kind,
        name: name.into(),
        aliases: vec![],
        title: None,
        affiliation: None,
        confidence: 1.0,
        mentions: vec![],
    }
}

fn event(kind: EventKind, participants: Vec<usize>, date: Option<&str>) -> Event {
    Event {
        kind,
        label: format!("{kind} found"),
        participants,
        date: date.and_then(gyoryu_ingest::parse_date_str),
        end_date: None,
        location: None,
        status: EventStatus::Reported,
        trigger: "협약".into(),
        evidence: String::new(),
        amounts: vec![],
        fields: vec![],
        confidence: 1.0,
    }
}

/// A made-up article's gold, in the shared format with its extra fields.
const GOLD: &str = r#"{
  "doc": "t1.txt", "published": "2024-05-10",
  "entities": [
    {"name": "가상도", "type": "Province", "aliases": ["가상"], "notes": "the Korean side"},
    {"name": "누리 바트르", "type": "Person", "title": "주지사", "affiliation": "초원주", "aliases": []},
    {"name": "초원주", "type": "Province", "aliases": null},
    {"name": "한별시", "type": "City", "aliases": []},
    {"name": "미리내연구원", "type": "Organization", "aliases": []},
    {"name": "이도윤", "type": "Person", "title": "지사", "affiliation": "가상도", "aliases": []},
    {"name": "별나라", "type": "Country", "aliases": []}
  ],
  "events": [
    {"type": "Agreement", "label": "가상도-초원주 협약", "date": "2024-05-09", "location": null,
     "participants": ["가상도", "초원주"]},
    {"type": "Agreement", "label": "2019년 우호협정", "date": null, "location": null,
     "participants": ["가상도", "별나라"]},
    {"type": "Visit", "label": "지난 3월 방문", "date": "2024-03-02", "location": null,
     "participants": ["이도윤", "별나라"]},
    {"type": "Meeting", "label": "면담", "date": "2024-05-09", "location": null,
     "participants": ["이도윤", "누리 바트르"], "notes": "the talks before the signing"}
  ]
}"#;

fn extraction() -> Extraction {
    let mut person = actor(ActorKind::Person, "누리 바트르 주지사와");
    person.title = Some("주지사".into());
    let mut governor = actor(ActorKind::Person, "이도윤");
    governor.title = Some("부지사".into());
    let actors = vec![
        actor(ActorKind::Province, "가상도"),
        actor(ActorKind::City, "초원주"),
        person,
        governor,
        actor(ActorKind::Company, "아무개상사"),
    ];
    let events =
        vec![event(EventKind::Agreement, vec![0, 1], Some("2024-05-08")), event(EventKind::Forum, vec![0, 4], None)];
    let document = Document {
        id: "t1.txt".into(),
        source: "t1.txt".into(),
        url: None,
        title: None,
        published: gyoryu_ingest::parse_date_str("2024-05-09"),
        text: String::new(),
        content_hash: String::new(),
    };
    Extraction { document, actors, events }
}

fn details(all: &[Miss], kind: MissKind) -> Vec<&str> {
    all.iter().filter(|m| m.kind == kind).map(|m| m.detail.as_str()).collect()
}

#[test]
fn gold_finds_its_article_with_or_without_an_extension() {
    let gold: GoldArticle = serde_json::from_str(&GOLD.replace("\"t1.txt\"", "\"t1\"")).unwrap();
    let (table, totals) = score(&[gold], &[extraction()]);
    assert!(!table.contains("not among the inputs"), "{table}");
    assert_eq!(totals.actors_gold, 7);
    assert_eq!(stem("d01.txt"), "d01");
    assert_eq!(stem("42"), "42");
    assert_eq!(stem(".hidden"), ".hidden");
}

#[test]
fn the_shared_gold_format_reads_with_its_extra_fields() {
    let gold: GoldArticle = serde_json::from_str(GOLD).unwrap();
    assert_eq!(gold.entities.len(), 7);
    assert!(gold.entities[2].aliases.is_empty());
    assert_eq!(gold.events[3].notes.as_deref(), Some("the talks before the signing"));
}

#[test]
fn misses_are_sorted_into_kinds() {
    let gold: GoldArticle = serde_json::from_str(GOLD).unwrap();
    let all = misses(&gold, &extraction(), &|n| n == "가상도");
    // The person's span swallowed the particle: shown with the gold name, not as an extra actor.
    assert_eq!(details(&all, MissKind::PersonSpan), ["gold 누리 바트르 (Person), found 누리 바트르 주지사와 (Person)"]);
    assert_eq!(details(&all, MissKind::UnknownPlace), ["한별시 (City)"]);
    assert_eq!(details(&all, MissKind::MissedBody), ["미리내연구원 (Organization)"]);
    assert_eq!(details(&all, MissKind::MissedCountry), ["별나라 (Country)"]);
    assert_eq!(details(&all, MissKind::WrongType), ["초원주 (City), gold Province"]);
    assert_eq!(details(&all, MissKind::ExtraActor), ["아무개상사 (Company)"]);
    // A year before the article's in the label, and a date two months before it.
    assert_eq!(details(&all, MissKind::BackgroundEvent).len(), 2);
    assert_eq!(details(&all, MissKind::MissedEvent), ["Meeting 면담 [이도윤, 누리 바트르] 2024-05-09"]);
    assert_eq!(
        details(&all, MissKind::SpuriousEvent),
        ["Forum Forum found [가상도, 아무개상사] none (reported, trigger 협약)"]
    );
    assert_eq!(details(&all, MissKind::WrongDate), ["Agreement 가상도-초원주 협약: gold 2024-05-09, found 2024-05-08"]);
    assert_eq!(details(&all, MissKind::WrongAffiliation), ["이도윤: gold 가상도, found none"]);
    assert!(details(&all, MissKind::WrongTitle).is_empty(), "부지사 holds 지사");
    assert_eq!(details(&all, MissKind::WrongPublished), ["gold 2024-05-10, found 2024-05-09"]);
}

#[test]
fn the_report_counts_every_kind_and_lists_the_examples() {
    let gold: GoldArticle = serde_json::from_str(GOLD).unwrap();
    let (text, all) = report_misses(&[gold], &[extraction()], &|n| n == "한별시");
    assert!(text.contains("    unknown place         0\n"), "{text}");
    assert!(text.contains("    place not taken       1\n"), "{text}");
    assert!(text.contains("    title                 0\n"), "{text}");
    assert!(text.contains("\nspurious event (1)\n  t1.txt           Forum"), "{text}");
    assert_eq!(all.len(), 13);
}
