//! The one loader of the lexicon's TSV files: rows with their line numbers
//! (the header and `#` comments skipped), `|` lists inside a column, and a
//! load error naming the file and line of any row it cannot read.

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use gyoryu_model::{ActorKind, EventKind};

use super::{Entry, Suffix, Title, Trigger};
use crate::korean::all_hangul;
use crate::ExtractError;

/// Rows of a TSV file as (line number, fields): the header and `#` comments
/// skipped, fields trimmed.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

/// The values of a `|` list column (none when the column is missing).
pub(crate) fn list(field: Option<&&str>) -> Vec<String> {
    field.map(|f| f.split('|').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()).unwrap_or_default()
}

/// The first column of every row: a file that is a list of words.
pub(crate) fn first_column(text: &str) -> impl Iterator<Item = String> + '_ {
    rows(text).filter_map(|(_, cols)| cols.first().map(|w| w.to_string()))
}

/// The position of `role` among `roles`, the second column of a file whose
/// rows each give a word and its role; an unknown role is a load error
/// listing the known ones.
pub(crate) fn role_index(file: &str, line: usize, role: &str, roles: &[&str]) -> Result<usize, ExtractError> {
    roles
        .iter()
        .position(|r| *r == role)
        .ok_or_else(|| bad(file, line, format!("unknown role {role:?} (known: {})", roles.join(", "))))
}

/// The load error for row `line` of `file`.
pub(crate) fn bad(file: &str, line: usize, why: impl Into<String>) -> ExtractError {
    ExtractError::Lexicon { file: file.to_string(), line, reason: why.into() }
}

/// `kind`: a DFA takes one table look-up per byte where an NFA follows
/// failure links, half the instructions; for the few hundred titles and
/// triggers its table is small, but for the gazetteer's thousands of names
/// it is some 40 MB, and in CPU time it was no faster than the NFA.
pub(super) fn matcher(patterns: &[String], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(patterns)
        .expect("lexicon patterns always build")
}

/// Every surface form, sorted, with the position of the entry it names.
pub(super) type Surfaces = Vec<(String, usize)>;

/// The gazetteers' entries, and every surface form (sorted) with the entry it names.
pub(super) fn gazetteers(files: &[(&'static str, &str)]) -> Result<(Vec<Entry>, Surfaces), ExtractError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::default();
    // surface → entry; a surface claimed by two entries is ambiguous and dropped.
    let mut surface_map: HashMap<String, Option<usize>> = HashMap::default();
    for (file, text) in files {
        for (line, cols) in rows(text) {
            let name = cols.first().copied().unwrap_or_default();
            let kind: ActorKind = cols
                .get(1)
                .and_then(|k| k.parse().ok())
                .ok_or_else(|| bad(file, line, "second column must be an actor kind"))?;
            if name.is_empty() {
                return Err(bad(file, line, "empty name"));
            }
            let parent = cols.get(3).filter(|p| !p.is_empty()).map(|p| p.to_string());
            let key = (name.to_string(), kind);
            let index = match by_name.get(&key.0) {
                Some(&i) if entries[i].kind == kind => i,
                _ => {
                    entries.push(Entry { name: name.to_string(), kind, parent });
                    entries.len() - 1
                }
            };
            by_name.entry(key.0).or_insert(index);
            let mut forms = list(cols.get(2));
            forms.push(name.to_string());
            for form in forms {
                match surface_map.get(&form) {
                    None => {
                        surface_map.insert(form, Some(index));
                    }
                    Some(Some(other)) if *other != index => {
                        // The canonical name of an entry wins over another's alias.
                        if entries[*other].name == form {
                            continue;
                        }
                        if entries[index].name == form {
                            surface_map.insert(form, Some(index));
                        } else {
                            surface_map.insert(form, None);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // Articles glue 시 to a city listed without it (`훈춘시`, `마이즈루시장`);
    // those forms name the same city unless the gazetteer says otherwise. A
    // county or a district is never called 시: `봉화시` is not `봉화군`.
    let derived: Vec<(String, usize)> = surface_map
        .iter()
        .filter_map(|(form, e)| e.map(|e| (form, e)))
        .filter(|(form, e)| {
            entries[*e].kind == ActorKind::City
                && !entries[*e].name.ends_with(['군', '구'])
                && all_hangul(form)
                && !["시", "군", "구"].iter().any(|s| form.ends_with(s))
        })
        .map(|(form, e)| (format!("{form}시"), e))
        .collect();
    for (form, e) in derived {
        surface_map.entry(form).or_insert(Some(e));
    }
    let mut sorted: Vec<_> = surface_map.into_iter().filter_map(|(s, e)| e.map(|e| (s, e))).collect();
    sorted.sort();
    Ok((entries, sorted))
}

/// `titles.tsv`, sorted by surface, one title per surface.
pub(super) fn titles(text: &str) -> Result<Vec<Title>, ExtractError> {
    let mut title_list = Vec::new();
    for (line, cols) in rows(text) {
        let surface = cols.first().copied().unwrap_or_default();
        if surface.is_empty() {
            return Err(bad("titles.tsv", line, "empty title"));
        }
        let canonical = cols.get(1).filter(|c| !c.is_empty()).copied().unwrap_or(surface);
        let body_kinds = list(cols.get(2)).iter().filter_map(|k| k.parse().ok()).collect();
        let rank = cols.get(3).and_then(|r| r.parse().ok()).unwrap_or(0);
        title_list.push(Title { surface: surface.into(), canonical: canonical.into(), body_kinds, rank });
    }
    title_list.sort_by(|a, b| a.surface.cmp(&b.surface));
    title_list.dedup_by(|a, b| a.surface == b.surface);
    Ok(title_list)
}

/// The special cases a trigger may ask for, by the names `triggers.tsv` gives them.
const TRIGGER_RULES: [&str; 4] = ["goes_to", "per_leg", "per_pair", "named_talks"];

/// `triggers.tsv`, sorted by surface, one trigger per surface.
pub(super) fn triggers(text: &str) -> Result<Vec<Trigger>, ExtractError> {
    let mut trigger_list = Vec::new();
    for (line, cols) in rows(text) {
        let surface = cols.first().copied().unwrap_or_default();
        let kind: EventKind = cols
            .get(1)
            .and_then(|k| k.parse().ok())
            .ok_or_else(|| bad("triggers.tsv", line, "second column must be an event kind"))?;
        let strength = cols.get(2).copied().unwrap_or("strong");
        if !matches!(strength, "strong" | "weak" | "object") {
            return Err(bad("triggers.tsv", line, "third column must be strong, weak or object"));
        }
        let rules = list(cols.get(3));
        if let Some(unknown) = rules.iter().find(|r| !TRIGGER_RULES.contains(&r.as_str())) {
            return Err(bad(
                "triggers.tsv",
                line,
                format!("unknown rule {unknown:?} in the fourth column (known: {})", TRIGGER_RULES.join(", ")),
            ));
        }
        let has = |rule: &str| rules.iter().any(|r| r == rule);
        trigger_list.push(Trigger {
            surface: surface.into(),
            kind,
            strong: strength != "weak",
            needs_object: strength == "object",
            goes_to: has("goes_to"),
            per_leg: has("per_leg"),
            per_pair: has("per_pair"),
            named_talks: has("named_talks"),
        });
    }
    trigger_list.sort_by(|a, b| a.surface.cmp(&b.surface));
    trigger_list.dedup_by(|a, b| a.surface == b.surface);
    Ok(trigger_list)
}

/// `suffixes.tsv`, longest suffix first.
pub(super) fn suffixes(text: &str) -> Result<Vec<Suffix>, ExtractError> {
    let mut suffix_list = Vec::new();
    for (line, cols) in rows(text) {
        let suffix = cols.first().copied().unwrap_or_default();
        let kind: ActorKind = cols
            .get(1)
            .and_then(|k| k.parse().ok())
            .ok_or_else(|| bad("suffixes.tsv", line, "second column must be an actor kind"))?;
        let min_stem_chars = cols.get(2).and_then(|n| n.parse().ok()).unwrap_or(2);
        suffix_list.push(Suffix { suffix: suffix.into(), kind, min_stem_chars });
    }
    suffix_list.sort_by(|a, b| b.suffix.chars().count().cmp(&a.suffix.chars().count()).then(a.suffix.cmp(&b.suffix)));
    Ok(suffix_list)
}

/// Positions in `suffixes` by the suffix's last character (sorted by it),
/// and the positions of empty suffixes.
pub(super) fn suffixes_by_end(suffix_list: &[Suffix]) -> (Vec<(char, Vec<usize>)>, Vec<usize>) {
    let mut suffixes_by_end: Vec<(char, Vec<usize>)> = Vec::new();
    let mut empty_suffixes = Vec::new();
    for (i, s) in suffix_list.iter().enumerate() {
        match s.suffix.chars().next_back() {
            None => empty_suffixes.push(i),
            Some(c) => match suffixes_by_end.binary_search_by_key(&c, |(e, _)| *e) {
                Ok(at) => suffixes_by_end[at].1.push(i),
                Err(at) => suffixes_by_end.insert(at, (c, vec![i])),
            },
        }
    }
    (suffixes_by_end, empty_suffixes)
}

/// `company_cues.tsv`: the nouns for a firm written before its name, and
/// those closing a list of names.
pub(super) fn company_cues(text: &str) -> Result<(Vec<String>, Vec<String>), ExtractError> {
    let mut company_appositions = Vec::new();
    let mut company_list_heads = Vec::new();
    for (line, cols) in rows(text) {
        let word = cols.first().copied().unwrap_or_default().to_string();
        match cols.get(1).copied() {
            Some("apposition") => company_appositions.push(word),
            Some("list_head") => company_list_heads.push(word),
            _ => return Err(bad("company_cues.tsv", line, "second column must be apposition or list_head")),
        }
    }
    Ok((company_appositions, company_list_heads))
}
