//! `gyoryu eval`: scores extraction against gold annotations in the format of
//! the annotation guide (one JSON file per article), with the same matching
//! rules as the project's reference scorer, so that users can annotate a few
//! of their own articles and measure.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use gyoryu_model::Extraction;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub doc: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty_list")]
    pub entities: Vec<GoldEntity>,
    #[serde(default, deserialize_with = "null_as_empty_list")]
    pub events: Vec<GoldEvent>,
}

/// A list written as `null` is an empty list.
fn null_as_empty_list<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Fields the scorer does not read (`location`, annotators' own) are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, deserialize_with = "null_as_empty_list")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    /// The annotator's explanation of a judgement call.
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty_list")]
    pub participants: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Reads every `*.json` gold file in `dir`.
pub fn read_gold(dir: &Path) -> Result<Vec<GoldArticle>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: not a gold file: {e}", f.display()))
        })
        .collect()
}

/// The comparison key of a name: the same key that decides actor identity in
/// the graph (NFC, no spaces or middle dots, no company markers, Latin lower-cased).
pub use gyoryu_model::name_key as norm;

/// Counts for one article or for all.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub actors_matched: usize,
    pub actors_matched_typed: usize,
    pub actors_found: usize,
    pub actors_gold: usize,
    pub events_matched: usize,
    pub events_found: usize,
    pub events_gold: usize,
    pub dates_right: usize,
    pub dates_gold: usize,
    pub titles_right: usize,
    pub titles_gold: usize,
    pub affiliations_right: usize,
    pub affiliations_gold: usize,
    pub published_right: usize,
    pub published_gold: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.actors_matched += o.actors_matched;
        self.actors_matched_typed += o.actors_matched_typed;
        self.actors_found += o.actors_found;
        self.actors_gold += o.actors_gold;
        self.events_matched += o.events_matched;
        self.events_found += o.events_found;
        self.events_gold += o.events_gold;
        self.dates_right += o.dates_right;
        self.dates_gold += o.dates_gold;
        self.titles_right += o.titles_right;
        self.titles_gold += o.titles_gold;
        self.affiliations_right += o.affiliations_right;
        self.affiliations_gold += o.affiliations_gold;
        self.published_right += o.published_right;
        self.published_gold += o.published_gold;
    }
}

fn f1(tp: usize, found: usize, gold: usize) -> f64 {
    let p = if found > 0 { tp as f64 / found as f64 } else { 0.0 };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

/// Greedy one-to-one matching of found actors to gold entities by shared names.
fn match_actors(gold: &GoldArticle, x: &Extraction, typed: bool) -> HashMap<usize, usize> {
    let gold_keys: Vec<HashSet<String>> =
        gold.entities.iter().map(|e| std::iter::once(&e.name).chain(&e.aliases).map(|n| norm(n)).collect()).collect();
    let mut pairs = Vec::new();
    for (a, actor) in x.actors.iter().enumerate() {
        let names: HashSet<String> = std::iter::once(&actor.name).chain(&actor.aliases).map(|n| norm(n)).collect();
        for (g, e) in gold.entities.iter().enumerate() {
            if typed && e.kind != actor.kind.class_name() {
                continue;
            }
            if !names.is_disjoint(&gold_keys[g]) {
                let score = 2 * usize::from(names.contains(&norm(&e.name)))
                    + usize::from(gold_keys[g].contains(&norm(&actor.name)));
                pairs.push((std::cmp::Reverse(score), a, g));
            }
        }
    }
    pairs.sort();
    let (mut used_a, mut used_g, mut map) = (HashSet::new(), HashSet::new(), HashMap::new());
    for (_, a, g) in pairs {
        if used_a.insert(a) {
            if used_g.insert(g) {
                map.insert(a, g);
            } else {
                used_a.remove(&a);
            }
        }
    }
    map
}

fn match_events(gold: &GoldArticle, x: &Extraction, actors: &HashMap<usize, usize>) -> HashMap<usize, usize> {
    let index: HashMap<&str, usize> = gold.entities.iter().enumerate().map(|(i, e)| (e.name.as_str(), i)).collect();
    let mut pairs = Vec::new();
    for (ei, event) in x.events.iter().enumerate() {
        let mapped: HashSet<usize> = event.participants.iter().filter_map(|p| actors.get(p).copied()).collect();
        let date = event.date.map(|d| d.format("%Y-%m-%d").to_string());
        for (gi, ge) in gold.events.iter().enumerate() {
            if ge.kind != event.kind.class_name() {
                continue;
            }
            let gp: HashSet<usize> = ge.participants.iter().filter_map(|n| index.get(n.as_str()).copied()).collect();
            let overlap = mapped.intersection(&gp).count();
            if !gp.is_empty() && overlap >= gp.len().min(2) {
                let same_date = usize::from(ge.date.is_some() && ge.date == date);
                pairs.push((std::cmp::Reverse(overlap), std::cmp::Reverse(same_date), ei, gi));
            }
        }
    }
    pairs.sort();
    let (mut used_e, mut used_g, mut map) = (HashSet::new(), HashSet::new(), HashMap::new());
    for (_, _, e, g) in pairs {
        if !used_e.contains(&e) && !used_g.contains(&g) {
            used_e.insert(e);
            used_g.insert(g);
            map.insert(e, g);
        }
    }
    map
}

/// Scores one article.
pub fn score_article(gold: &GoldArticle, x: &Extraction) -> Counts {
    let actors = match_actors(gold, x, false);
    let typed = match_actors(gold, x, true);
    let events = match_events(gold, x, &actors);
    let mut c = Counts {
        actors_matched: actors.len(),
        actors_matched_typed: typed.len(),
        actors_found: x.actors.len(),
        actors_gold: gold.entities.len(),
        events_matched: events.len(),
        events_found: x.events.len(),
        events_gold: gold.events.len(),
        ..Counts::default()
    };
    for (&e, &g) in &events {
        if let Some(d) = &gold.events[g].date {
            c.dates_gold += 1;
            c.dates_right +=
                usize::from(x.events[e].date.map(|x| x.format("%Y-%m-%d").to_string()).as_ref() == Some(d));
        }
    }
    let inverse: HashMap<usize, usize> = actors.iter().map(|(&a, &g)| (g, a)).collect();
    for (&a, &g) in &actors {
        let entity = &gold.entities[g];
        if let Some(title) = &entity.title {
            c.titles_gold += 1;
            let t = norm(title);
            c.titles_right += usize::from(x.actors[a].title.as_deref().is_some_and(|x| {
                let x = norm(x);
                !x.is_empty() && (t.contains(&x) || x.contains(&t))
            }));
        }
        if let Some(body) = &entity.affiliation {
            c.affiliations_gold += 1;
            let target = gold.entities.iter().position(|e| &e.name == body);
            c.affiliations_right +=
                usize::from(target.and_then(|t| inverse.get(&t)).is_some_and(|&b| x.actors[a].affiliation == Some(b)));
        }
    }
    if let Some(p) = &gold.published {
        c.published_gold = 1;
        c.published_right =
            usize::from(x.document.published.map(|d| d.format("%Y-%m-%d").to_string()).as_ref() == Some(p));
    }
    c
}

/// The extractions by document id, for finding each gold file's article.
struct Inputs<'a> {
    by_id: HashMap<&'a str, &'a Extraction>,
    by_stem: HashMap<&'a str, Option<&'a Extraction>>,
}

/// A document id without its file extension (`d01.txt` → `d01`).
fn stem(id: &str) -> &str {
    match id.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()) => s,
        _ => id,
    }
}

impl<'a> Inputs<'a> {
    fn new(extractions: &'a [Extraction]) -> Inputs<'a> {
        let by_id = extractions.iter().map(|x| (x.document.id.as_str(), x)).collect();
        let mut by_stem: HashMap<&str, Option<&Extraction>> = HashMap::new();
        for x in extractions {
            // Two inputs with one stem (`a.txt`, `a.html`) match by full id only.
            by_stem.entry(stem(&x.document.id)).and_modify(|e| *e = None).or_insert(Some(x));
        }
        Inputs { by_id, by_stem }
    }

    /// The article a gold file's `doc` names: the same id, or failing that
    /// the same id without extension, so that gold made for `d01.txt` scores
    /// the JSON Lines record `d01` and the other way round.
    fn get(&self, doc: &str) -> Option<&'a Extraction> {
        self.by_id.get(doc).copied().or_else(|| self.by_stem.get(stem(doc)).copied().flatten())
    }
}

/// Scores every gold article against the extraction with the same document id
/// and renders the per-article and total table. Returns the text and totals.
pub fn score(gold: &[GoldArticle], extractions: &[Extraction]) -> (String, Counts) {
    let by_id = Inputs::new(extractions);
    let mut out = String::new();
    let mut total = Counts::default();
    let _ = writeln!(out, "{:<44}{:>22}{:>22}", "article", "actors tp/found/gold", "events tp/found/gold");
    for g in gold {
        let c = match by_id.get(&g.doc) {
            Some(x) => score_article(g, x),
            None => Counts {
                actors_gold: g.entities.len(),
                events_gold: g.events.len(),
                published_gold: usize::from(g.published.is_some()),
                ..Counts::default()
            },
        };
        let missing = if by_id.get(&g.doc).is_some() { "" } else { "  (not among the inputs)" };
        let _ = writeln!(
            out,
            "{:<44}{:>22}{:>22}{missing}",
            g.doc,
            format!("{}/{}/{}", c.actors_matched, c.actors_found, c.actors_gold),
            format!("{}/{}/{}", c.events_matched, c.events_found, c.events_gold)
        );
        total.add(&c);
    }
    let t = &total;
    let _ = writeln!(
        out,
        "\nactors   F1 {:.3}   (type must agree: F1 {:.3})\nevents   F1 {:.3}\ndates {:.3} of {}  titles {:.3} of {}  affiliations {:.3} of {}  published {:.3} of {}",
        f1(t.actors_matched, t.actors_found, t.actors_gold),
        f1(t.actors_matched_typed, t.actors_found, t.actors_gold),
        f1(t.events_matched, t.events_found, t.events_gold),
        ratio(t.dates_right, t.dates_gold),
        t.dates_gold,
        ratio(t.titles_right, t.titles_gold),
        t.titles_gold,
        ratio(t.affiliations_right, t.affiliations_gold),
        t.affiliations_gold,
        ratio(t.published_right, t.published_gold),
        t.published_gold,
    );
    let _ = writeln!(
        out,
        "entity_f1={:.3} typed_entity_f1={:.3} event_f1={:.3} date_acc={:.3}",
        f1(t.actors_matched, t.actors_found, t.actors_gold),
        f1(t.actors_matched_typed, t.actors_found, t.actors_gold),
        f1(t.events_matched, t.events_found, t.events_gold),
        ratio(t.dates_right, t.dates_gold)
    );
    (out, total)
}

impl Counts {
    pub fn entity_f1(&self) -> f64 {
        f1(self.actors_matched, self.actors_found, self.actors_gold)
    }
    pub fn typed_entity_f1(&self) -> f64 {
        f1(self.actors_matched_typed, self.actors_found, self.actors_gold)
    }
    pub fn event_f1(&self) -> f64 {
        f1(self.events_matched, self.events_found, self.events_gold)
    }
}

/// The kinds of error `gyoryu eval -v` sorts misses into, in the order
/// its summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MissKind {
    /// A gold person not found, whose name overlaps an extracted actor's:
    /// the name was cut short or swallowed words around it.
    PersonSpan,
    /// The same for a place or a body.
    NameSpan,
    /// A gold person not found at all.
    MissedPerson,
    /// A gold province or city not found, under no name the gazetteer knows.
    UnknownPlace,
    /// A gold province or city the gazetteer knows, not made an actor
    /// (taken for a mere locator, or lost).
    PlaceNotTaken,
    /// A gold organization, agency or company not found.
    MissedBody,
    /// A gold country not found.
    MissedCountry,
    /// Found, but of another kind than the gold's.
    WrongType,
    /// Extracted, and no gold entity has its name.
    ExtraActor,
    /// A gold event told as background (dated well before the article, or
    /// marked so by the annotator) not found.
    BackgroundEvent,
    /// Any other gold event not found.
    MissedEvent,
    /// Extracted, and no gold event matches it.
    SpuriousEvent,
    /// A matched event with another date than the gold's.
    WrongDate,
    /// A matched person linked to another body than the gold's.
    WrongAffiliation,
    /// A matched person without the gold's title.
    WrongTitle,
    /// The article's publication date differs from the gold's.
    WrongPublished,
}

impl MissKind {
    pub const ALL: [MissKind; 16] = [
        MissKind::PersonSpan,
        MissKind::NameSpan,
        MissKind::MissedPerson,
        MissKind::UnknownPlace,
        MissKind::PlaceNotTaken,
        MissKind::MissedBody,
        MissKind::MissedCountry,
        MissKind::WrongType,
        MissKind::ExtraActor,
        MissKind::BackgroundEvent,
        MissKind::MissedEvent,
        MissKind::SpuriousEvent,
        MissKind::WrongDate,
        MissKind::WrongAffiliation,
        MissKind::WrongTitle,
        MissKind::WrongPublished,
    ];

    /// The short name the summary prints.
    pub fn name(self) -> &'static str {
        match self {
            MissKind::PersonSpan => "person span",
            MissKind::NameSpan => "name span",
            MissKind::MissedPerson => "missed person",
            MissKind::UnknownPlace => "unknown place",
            MissKind::PlaceNotTaken => "place not taken",
            MissKind::MissedBody => "missed body",
            MissKind::MissedCountry => "missed country",
            MissKind::WrongType => "wrong type",
            MissKind::ExtraActor => "extra actor",
            MissKind::BackgroundEvent => "background event",
            MissKind::MissedEvent => "missed event",
            MissKind::SpuriousEvent => "spurious event",
            MissKind::WrongDate => "event date",
            MissKind::WrongAffiliation => "affiliation",
            MissKind::WrongTitle => "title",
            MissKind::WrongPublished => "published",
        }
    }

    fn group(self) -> &'static str {
        match self {
            MissKind::WrongDate | MissKind::WrongAffiliation | MissKind::WrongTitle | MissKind::WrongPublished => {
                "attributes"
            }
            MissKind::BackgroundEvent | MissKind::MissedEvent | MissKind::SpuriousEvent => "events",
            _ => "actors",
        }
    }
}

/// One error of extraction against the gold, for `gyoryu eval -v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub kind: MissKind,
    pub doc: String,
    /// What was expected and what was found, in a line.
    pub detail: String,
}

/// How long before the article a gold event must be to count as its
/// background rather than its news.
const BACKGROUND_DAYS: i64 = 30;

/// Whether a gold event is background to its article: dated a month or more
/// before it, dated in an earlier year than the article by its label, or
/// called so in the annotator's notes.
fn is_background(event: &GoldEvent, published: Option<&str>) -> bool {
    let day = gyoryu_ingest::parse_date_str;
    let published_year: Option<i32> = published.and_then(|p| p.get(..4)?.parse().ok());
    let published = published.and_then(day);
    if let (Some(d), Some(p)) = (event.date.as_deref().and_then(day), published) {
        if (p - d).num_days() >= BACKGROUND_DAYS {
            return true;
        }
    }
    if event.notes.as_deref().is_some_and(|n| n.to_lowercase().contains("background")) {
        return true;
    }
    // A year written in the label (`2015년 우호교류협정`) before the article's.
    let year_in_label = event.label.as_deref().and_then(|l| {
        let at = l.find('년')?;
        let digits: String = l[..at].chars().rev().take_while(char::is_ascii_digit).collect();
        (digits.len() == 4).then(|| digits.chars().rev().collect::<String>().parse::<i32>().ok()).flatten()
    });
    matches!((year_in_label, published_year), (Some(y), Some(p)) if y < p)
}

/// Whether two names overlap: one (at least two characters) inside the other.
fn overlaps(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    short.chars().count() >= 2 && long.contains(short)
}

/// A found date as the gold writes it (`NaiveDate` displays as `YYYY-MM-DD`).
fn day<D: std::fmt::Display>(d: Option<D>) -> String {
    d.map_or_else(|| "none".to_string(), |d| d.to_string())
}

/// Every error in one article, sorted by kind. `known_place` says whether
/// the gazetteer knows a written name.
pub fn misses(gold: &GoldArticle, x: &Extraction, known_place: &dyn Fn(&str) -> bool) -> Vec<Miss> {
    let actors = match_actors(gold, x, false);
    let events = match_events(gold, x, &actors);
    let inverse: HashMap<usize, usize> = actors.iter().map(|(&a, &g)| (g, a)).collect();
    let mut out = Vec::new();
    let mut push = |kind, detail: String| out.push(Miss { kind, doc: gold.doc.clone(), detail });
    let label = |a: usize| format!("{} ({})", x.actors[a].name, x.actors[a].kind.class_name());

    // An unmatched extracted actor that explains a missed gold one is shown
    // with it, not again as an extra actor.
    let mut explained: HashSet<usize> = HashSet::new();
    for (g, e) in gold.entities.iter().enumerate() {
        if inverse.contains_key(&g) {
            continue;
        }
        let keys: Vec<String> = std::iter::once(&e.name).chain(&e.aliases).map(|n| norm(n)).collect();
        let span = (0..x.actors.len())
            .filter(|a| !actors.contains_key(a))
            .find(|&a| keys.iter().any(|k| overlaps(k, &norm(&x.actors[a].name))));
        if let Some(a) = span {
            explained.insert(a);
            let kind = if e.kind == "Person" { MissKind::PersonSpan } else { MissKind::NameSpan };
            push(kind, format!("gold {} ({}), found {}", e.name, e.kind, label(a)));
            continue;
        }
        let kind = match e.kind.as_str() {
            "Person" => MissKind::MissedPerson,
            "Province" | "City" if std::iter::once(&e.name).chain(&e.aliases).any(|n| known_place(n)) => {
                MissKind::PlaceNotTaken
            }
            "Province" | "City" => MissKind::UnknownPlace,
            "Country" => MissKind::MissedCountry,
            _ => MissKind::MissedBody,
        };
        push(kind, format!("{} ({})", e.name, e.kind));
    }
    for a in 0..x.actors.len() {
        match actors.get(&a) {
            Some(&g) if gold.entities[g].kind != x.actors[a].kind.class_name() => {
                push(MissKind::WrongType, format!("{}, gold {}", label(a), gold.entities[g].kind));
            }
            Some(_) => {}
            None if !explained.contains(&a) => push(MissKind::ExtraActor, label(a)),
            None => {}
        }
    }

    let matched_gold: HashSet<usize> = events.values().copied().collect();
    for (gi, ge) in gold.events.iter().enumerate() {
        if matched_gold.contains(&gi) {
            continue;
        }
        let kind = if is_background(ge, gold.published.as_deref()) {
            MissKind::BackgroundEvent
        } else {
            MissKind::MissedEvent
        };
        let name = ge.label.as_deref().unwrap_or("");
        push(
            kind,
            format!("{} {name} [{}] {}", ge.kind, ge.participants.join(", "), ge.date.as_deref().unwrap_or("none")),
        );
    }
    for (ei, ev) in x.events.iter().enumerate() {
        match events.get(&ei) {
            None => {
                let names: Vec<&str> = ev.participants.iter().map(|&p| x.actors[p].name.as_str()).collect();
                push(
                    MissKind::SpuriousEvent,
                    format!(
                        "{} {} [{}] {} ({}, trigger {})",
                        ev.kind.class_name(),
                        ev.label,
                        names.join(", "),
                        day(ev.date),
                        ev.status.name(),
                        ev.trigger
                    ),
                );
            }
            Some(&gi) => {
                let ge = &gold.events[gi];
                let found = ev.date.map(|d| d.format("%Y-%m-%d").to_string());
                if ge.date.is_some() && ge.date != found {
                    push(
                        MissKind::WrongDate,
                        format!(
                            "{} {}: gold {}, found {}",
                            ge.kind,
                            ge.label.as_deref().unwrap_or(&ev.label),
                            ge.date.as_deref().unwrap_or("none"),
                            day(ev.date)
                        ),
                    );
                }
            }
        }
    }

    for (&a, &g) in &actors {
        let e = &gold.entities[g];
        if let Some(body) = &e.affiliation {
            let target = gold.entities.iter().position(|t| &t.name == body).and_then(|t| inverse.get(&t));
            let found = x.actors[a].affiliation;
            if target.is_none() || found != target.copied() {
                let found = found.map_or_else(|| "none".to_string(), |b| x.actors[b].name.clone());
                push(MissKind::WrongAffiliation, format!("{}: gold {body}, found {found}", e.name));
            }
        }
        if let Some(title) = &e.title {
            let t = norm(title);
            let ok = x.actors[a].title.as_deref().is_some_and(|x| {
                let x = norm(x);
                !x.is_empty() && (t.contains(&x) || x.contains(&t))
            });
            if !ok {
                let found = x.actors[a].title.as_deref().unwrap_or("none");
                push(MissKind::WrongTitle, format!("{}: gold {title}, found {found}", e.name));
            }
        }
    }
    if let Some(p) = &gold.published {
        if Some(p) != x.document.published.map(|d| d.format("%Y-%m-%d").to_string()).as_ref() {
            push(MissKind::WrongPublished, format!("gold {p}, found {}", day(x.document.published)));
        }
    }
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.detail.cmp(&b.detail)));
    out
}

/// The misses of every gold article: a table of counts per kind, then the
/// misses of each kind with their article.
pub fn report_misses(
    gold: &[GoldArticle],
    extractions: &[Extraction],
    known_place: &dyn Fn(&str) -> bool,
) -> (String, Vec<Miss>) {
    let by_id = Inputs::new(extractions);
    let all: Vec<Miss> =
        gold.iter().filter_map(|g| by_id.get(&g.doc).map(|x| misses(g, x, known_place))).flatten().collect();
    let mut counts: HashMap<MissKind, usize> = HashMap::new();
    for m in &all {
        *counts.entry(m.kind).or_default() += 1;
    }
    let mut out = String::new();
    let _ = writeln!(out, "\nmisses by kind");
    let mut group = "";
    for k in MissKind::ALL {
        if k.group() != group {
            group = k.group();
            let _ = writeln!(out, "  {group}");
        }
        let _ = writeln!(out, "    {:<18}{:>5}", k.name(), counts.get(&k).copied().unwrap_or(0));
    }
    for k in MissKind::ALL {
        let of_kind: Vec<&Miss> = all.iter().filter(|m| m.kind == k).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", k.name(), of_kind.len());
        for m in of_kind {
            let _ = writeln!(out, "  {:<16} {}", m.doc, m.detail);
        }
    }
    (out, all)
}

#[cfg(test)]
mod tests;
