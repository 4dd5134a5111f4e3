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
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub participants: Vec<String>,
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
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// Greedy one-to-one matching of found actors to gold entities by shared names.
fn match_actors(gold: &GoldArticle, x: &Extraction, typed: bool) -> HashMap<usize, usize> {
    let gold_keys: Vec<HashSet<String>> = gold
        .entities
        .iter()
        .map(|e| std::iter::once(&e.name).chain(&e.aliases).map(|n| norm(n)).collect())
        .collect();
    let mut pairs = Vec::new();
    for (a, actor) in x.actors.iter().enumerate() {
        let names: HashSet<String> = std::iter::once(&actor.name).chain(&actor.aliases).map(|n| norm(n)).collect();
        for (g, e) in gold.entities.iter().enumerate() {
            if typed && e.kind != actor.kind.class_name() {
                continue;
            }
            if !names.is_disjoint(&gold_keys[g]) {
                let score = 2 * usize::from(names.contains(&norm(&e.name))) + usize::from(gold_keys[g].contains(&norm(&actor.name)));
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
            c.dates_right += usize::from(x.events[e].date.map(|x| x.format("%Y-%m-%d").to_string()).as_ref() == Some(d));
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
            c.affiliations_right += usize::from(target.and_then(|t| inverse.get(&t)).is_some_and(|&b| x.actors[a].affiliation == Some(b)));
        }
    }
    if let Some(p) = &gold.published {
        c.published_gold = 1;
        c.published_right = usize::from(x.document.published.map(|d| d.format("%Y-%m-%d").to_string()).as_ref() == Some(p));
    }
    c
}

/// Scores every gold article against the extraction with the same document id
/// and renders the per-article and total table. Returns the text and totals.
pub fn score(gold: &[GoldArticle], extractions: &[Extraction]) -> (String, Counts) {
    let by_id: HashMap<&str, &Extraction> = extractions.iter().map(|x| (x.document.id.as_str(), x)).collect();
    let mut out = String::new();
    let mut total = Counts::default();
    let _ = writeln!(out, "{:<44}{:>22}{:>22}", "article", "actors tp/found/gold", "events tp/found/gold");
    for g in gold {
        let c = match by_id.get(g.doc.as_str()) {
            Some(x) => score_article(g, x),
            None => Counts { actors_gold: g.entities.len(), events_gold: g.events.len(), published_gold: usize::from(g.published.is_some()), ..Counts::default() },
        };
        let missing = if by_id.contains_key(g.doc.as_str()) { "" } else { "  (not among the inputs)" };
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
