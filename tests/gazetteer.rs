//! The gazetteer files obey the rules of `data/README.md`: well-formed
//! rows, and no surface form that could name two places. The loader drops a
//! form two entries claim without a word, so a clash added by mistake would
//! only show as a name that is no longer found; this test names it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

const KINDS: [&str; 7] = ["Person", "Country", "Province", "City", "Company", "GovernmentAgency", "Organization"];

struct Row {
    file: &'static str,
    line: usize,
    name: String,
    kind: String,
    aliases: Vec<String>,
    parent: String,
}

fn read(file: &'static str, columns: usize) -> Vec<Row> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let at = format!("{file}:{}", i + 1);
        assert_eq!(line, line.nfc().collect::<String>(), "{at}: not NFC");
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), columns, "{at}: {} columns", cols.len());
        for c in &cols {
            assert_eq!(*c, c.trim(), "{at}: spaces around {c:?}");
        }
        let aliases: Vec<String> = cols[2].split('|').filter(|a| !a.is_empty()).map(str::to_string).collect();
        for a in &aliases {
            assert_eq!(a, a.trim(), "{at}: spaces around alias {a:?}");
        }
        assert!(KINDS.contains(&cols[1]), "{at}: unknown kind {}", cols[1]);
        rows.push(Row {
            file,
            line: i + 1,
            name: cols[0].to_string(),
            kind: cols[1].to_string(),
            aliases,
            parent: cols.get(3).map_or(String::new(), |p| p.to_string()),
        });
    }
    rows
}

fn gazetteer() -> Vec<Row> {
    let mut rows = read("gazetteer/places.tsv", 4);
    rows.extend(read("gazetteer/organizations.tsv", 3));
    rows
}

#[test]
fn no_surface_form_names_two_entries() {
    let rows = gazetteer();
    // An entry is its name and kind: 고성군 is listed twice (two provinces),
    // as one surface shared on purpose.
    let mut owner: HashMap<&str, (&str, &str, String)> = HashMap::new();
    let mut clashes = Vec::new();
    for r in &rows {
        for form in std::iter::once(&r.name).chain(&r.aliases) {
            let at = format!("{}:{}", r.file, r.line);
            match owner.get(form.as_str()) {
                Some((name, kind, first)) if (*name, *kind) != (r.name.as_str(), r.kind.as_str()) => {
                    clashes.push(format!("{form:?} at {at} ({}) and {first} ({name})", r.name));
                }
                Some(_) => {}
                None => {
                    owner.insert(form, (&r.name, &r.kind, at));
                }
            }
        }
    }
    assert!(clashes.is_empty(), "surface forms of two entries:\n{}", clashes.join("\n"));
}

#[test]
fn no_alias_is_a_word_listed_as_no_actor() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let not_actors = std::fs::read_to_string(root.join("data/lexicon/not_actors.tsv")).unwrap();
    let words: HashSet<&str> =
        not_actors.lines().skip(1).filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).collect();
    let bad: Vec<String> = gazetteer()
        .iter()
        .flat_map(|r| {
            r.aliases.iter().filter(|a| words.contains(a.as_str())).map(move |a| format!("{}:{} {a}", r.file, r.line))
        })
        .collect();
    assert!(bad.is_empty(), "aliases that not_actors.tsv lists as common words:\n{}", bad.join("\n"));
}

#[test]
fn every_foreign_place_hangs_under_a_listed_country() {
    let rows = read("gazetteer/places.tsv", 4);
    let countries: HashSet<&str> = rows.iter().filter(|r| r.kind == "Country").map(|r| r.name.as_str()).collect();
    let places: HashSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    for r in rows.iter().filter(|r| r.kind != "Country") {
        assert!(
            places.contains(r.parent.as_str()),
            "places.tsv:{} {}: parent {:?} is not listed",
            r.line,
            r.name,
            r.parent
        );
    }
    for r in rows.iter().filter(|r| r.kind == "Country") {
        assert!(r.parent.is_empty(), "places.tsv:{} {}: a country has no parent", r.line, r.name);
    }
    assert!(countries.len() > 190);
}

/// The first-level divisions listed whole (`data/README.md`): a row lost in
/// an edit shows here.
#[test]
fn first_level_divisions_of_partner_countries_are_complete() {
    let rows = read("gazetteer/places.tsv", 4);
    let count = |country: &str, kind: &str| rows.iter().filter(|r| r.parent == country && r.kind == kind).count();
    for (country, provinces) in [
        ("일본", 47),
        ("미국", 50),
        ("캐나다", 13),
        ("호주", 8),
        ("몽골", 21),
        ("카자흐스탄", 17),
        ("우즈베키스탄", 13),
        ("키르기스스탄", 7),
        ("타지키스탄", 3),
        ("투르크메니스탄", 5),
        ("폴란드", 16),
        ("인도", 28),
        ("멕시코", 31),
        ("브라질", 27),
        // Without Taiwan; Hong Kong and Macau are cities in the graph.
        ("중국", 31),
        // 13 states; Berlin, Hamburg and Bremen are listed as cities.
        ("독일", 13),
        // 37 and Jakarta, a city in the graph.
        ("인도네시아", 37),
        // The 83 subjects before 2014 but Moscow and Saint Petersburg, cities.
        ("러시아", 81),
        // The 58 provinces before the 2025 mergers but Ha Nam, whose Korean
        // form 하남성 is China's Henan (and 하남 a Korean city).
        ("베트남", 57),
    ] {
        assert_eq!(count(country, "Province"), provinces, "first-level divisions of {country}");
    }
}
