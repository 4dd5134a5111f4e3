//! The domain knowledge extraction relies on, read from the TSV files under
//! `data/` (gazetteers of places and bodies, titles, event triggers, name
//! suffixes, words that are never actors). The built-in lexicon is compiled
//! into the binary so that gyoryu runs without its source tree.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use gyoryu_model::{ActorKind, EventKind};

use crate::ExtractError;

/// One known name: its canonical form and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: ActorKind,
    /// The containing province or country, for places.
    pub parent: Option<String>,
}

/// A title as written, the form to record, and the kinds of body it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub surface: String,
    pub canonical: String,
    pub body_kinds: Vec<ActorKind>,
    pub rank: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub surface: String,
    pub kind: EventKind,
    /// A strong trigger names the event on its own; a weak one (`만나`, `협의`)
    /// needs a second party in the sentence.
    pub strong: bool,
    /// The trigger is an everyday verb (`찾아`) that names an event only with
    /// an actor as its object right before it (`센터를 찾아`).
    pub needs_object: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suffix {
    pub suffix: String,
    pub kind: ActorKind,
    /// The fewest characters the part before the suffix must have.
    pub min_stem_chars: usize,
}

/// Everything extraction knows about the domain.
pub struct Lexicon {
    /// Canonical entries; gazetteer matches point into this.
    pub entries: Vec<Entry>,
    /// Surface forms (names and aliases) matched in text, parallel to `surface_entry`.
    pub surfaces: Vec<String>,
    surface_entry: Vec<usize>,
    surface_matcher: AhoCorasick,
    by_name: HashMap<String, usize>,
    pub titles: Vec<Title>,
    title_matcher: AhoCorasick,
    pub triggers: Vec<Trigger>,
    trigger_matcher: AhoCorasick,
    /// Longest suffix first, so that `특별자치도` is tried before `도`.
    pub suffixes: Vec<Suffix>,
    /// Positions in `suffixes` by the suffix's last character (sorted by it),
    /// each list in the order of `suffixes`: a word is compared only with the
    /// few suffixes that end like it, and most words end like none.
    suffixes_by_end: Vec<(char, Vec<usize>)>,
    /// Positions of empty suffixes, which every word ends in.
    empty_suffixes: Vec<usize>,
    pub not_actors: HashSet<String>,
    /// Generic bodies (`경찰`, `정부`) that NER tags but the graph leaves out.
    pub ner_bodies: HashSet<String>,
    ambiguous_aliases: HashSet<String>,
    /// Nouns that make the place written before them a party (`카자흐스탄 정부`).
    party_heads: HashSet<String>,
    /// Nouns for a firm written right before its name (`기업`, `회사`).
    company_appositions: Vec<String>,
    /// Nouns for firms closing a list of names (`기업`, `업체`).
    company_list_heads: Vec<String>,
}

/// A lexicon match in a text, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into the matched table (entries, titles or triggers).
    pub index: usize,
}

const PLACES: &str = include_str!("../../../data/gazetteer/places.tsv");
const ORGANIZATIONS: &str = include_str!("../../../data/gazetteer/organizations.tsv");
const TITLES: &str = include_str!("../../../data/lexicon/titles.tsv");
const TRIGGERS: &str = include_str!("../../../data/lexicon/triggers.tsv");
const SUFFIXES: &str = include_str!("../../../data/lexicon/suffixes.tsv");
const NOT_ACTORS: &str = include_str!("../../../data/lexicon/not_actors.tsv");
const AMBIGUOUS_ALIASES: &str = include_str!("../../../data/lexicon/ambiguous_aliases.tsv");
const NER_BODIES: &str = include_str!("../../../data/lexicon/ner_bodies.tsv");
const PARTY_HEADS: &str = include_str!("../../../data/lexicon/party_heads.tsv");
const COMPANY_CUES: &str = include_str!("../../../data/lexicon/company_cues.tsv");

/// Rows of a TSV file as (line number, fields): the header and `#` comments
/// skipped, fields trimmed.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

fn list(field: Option<&&str>) -> Vec<String> {
    field.map(|f| f.split('|').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()).unwrap_or_default()
}

fn bad(file: &str, line: usize, why: impl Into<String>) -> ExtractError {
    ExtractError::Lexicon { file: file.to_string(), line, reason: why.into() }
}

/// `kind`: a DFA takes one table look-up per byte where an NFA follows
/// failure links, half the instructions; for the few hundred titles and
/// triggers its table is small, but for the gazetteer's thousands of names
/// it is some 40 MB, and in CPU time it was no faster than the NFA.
fn matcher(patterns: &[String], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(patterns)
        .expect("lexicon patterns always build")
}

impl Lexicon {
    /// The lexicon compiled from the `data/` folder of this source tree.
    pub fn builtin() -> Result<Lexicon, ExtractError> {
        Lexicon::from_sources(
            &[("places.tsv", PLACES), ("organizations.tsv", ORGANIZATIONS)],
            TITLES,
            TRIGGERS,
            SUFFIXES,
            NOT_ACTORS,
        )
    }

    pub fn from_sources(
        gazetteers: &[(&'static str, &str)],
        titles: &str,
        triggers: &str,
        suffixes: &str,
        not_actors: &str,
    ) -> Result<Lexicon, ExtractError> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        // surface → entry; a surface claimed by two entries is ambiguous and dropped.
        let mut surface_map: HashMap<String, Option<usize>> = HashMap::new();
        for (file, text) in gazetteers {
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
        // those forms name the same city unless the gazetteer says otherwise.
        let derived: Vec<(String, usize)> = surface_map
            .iter()
            .filter_map(|(form, e)| e.map(|e| (form, e)))
            .filter(|(form, e)| {
                entries[*e].kind == ActorKind::City
                    && form.chars().all(|c| ('가'..='힣').contains(&c))
                    && !["시", "군", "구"].iter().any(|s| form.ends_with(s))
            })
            .map(|(form, e)| (format!("{form}시"), e))
            .collect();
        for (form, e) in derived {
            surface_map.entry(form).or_insert(Some(e));
        }
        let mut surfaces = Vec::new();
        let mut surface_entry = Vec::new();
        let mut sorted: Vec<_> = surface_map.into_iter().filter_map(|(s, e)| e.map(|e| (s, e))).collect();
        sorted.sort();
        for (s, e) in sorted {
            surfaces.push(s);
            surface_entry.push(e);
        }

        let mut title_list = Vec::new();
        for (line, cols) in rows(titles) {
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

        let mut trigger_list = Vec::new();
        for (line, cols) in rows(triggers) {
            let surface = cols.first().copied().unwrap_or_default();
            let kind: EventKind = cols
                .get(1)
                .and_then(|k| k.parse().ok())
                .ok_or_else(|| bad("triggers.tsv", line, "second column must be an event kind"))?;
            let strength = cols.get(2).copied().unwrap_or("strong");
            if !matches!(strength, "strong" | "weak" | "object") {
                return Err(bad("triggers.tsv", line, "third column must be strong, weak or object"));
            }
            trigger_list.push(Trigger {
                surface: surface.into(),
                kind,
                strong: strength != "weak",
                needs_object: strength == "object",
            });
        }
        trigger_list.sort_by(|a, b| a.surface.cmp(&b.surface));
        trigger_list.dedup_by(|a, b| a.surface == b.surface);

        let mut suffix_list = Vec::new();
        for (line, cols) in rows(suffixes) {
            let suffix = cols.first().copied().unwrap_or_default();
            let kind: ActorKind = cols
                .get(1)
                .and_then(|k| k.parse().ok())
                .ok_or_else(|| bad("suffixes.tsv", line, "second column must be an actor kind"))?;
            let min_stem_chars = cols.get(2).and_then(|n| n.parse().ok()).unwrap_or(2);
            suffix_list.push(Suffix { suffix: suffix.into(), kind, min_stem_chars });
        }
        suffix_list
            .sort_by(|a, b| b.suffix.chars().count().cmp(&a.suffix.chars().count()).then(a.suffix.cmp(&b.suffix)));

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

        let not_actors = rows(not_actors).filter_map(|(_, cols)| cols.first().map(|w| w.to_string())).collect();

        let ner_bodies = rows(NER_BODIES).filter_map(|(_, cols)| cols.first().map(|w| w.to_string())).collect();
        let ambiguous_aliases =
            rows(AMBIGUOUS_ALIASES).filter_map(|(_, cols)| cols.first().map(|w| w.to_string())).collect();
        let party_heads = rows(PARTY_HEADS).filter_map(|(_, cols)| cols.first().map(|w| w.to_string())).collect();
        let mut company_appositions = Vec::new();
        let mut company_list_heads = Vec::new();
        for (line, cols) in rows(COMPANY_CUES) {
            let word = cols.first().copied().unwrap_or_default().to_string();
            match cols.get(1).copied() {
                Some("apposition") => company_appositions.push(word),
                Some("list_head") => company_list_heads.push(word),
                _ => return Err(bad("company_cues.tsv", line, "second column must be apposition or list_head")),
            }
        }
        let title_surfaces: Vec<String> = title_list.iter().map(|t| t.surface.clone()).collect();
        let trigger_surfaces: Vec<String> = trigger_list.iter().map(|t| t.surface.clone()).collect();
        Ok(Lexicon {
            surface_matcher: matcher(&surfaces, AhoCorasickKind::ContiguousNFA),
            surfaces,
            surface_entry,
            by_name: entries.iter().enumerate().map(|(i, e)| (e.name.clone(), i)).collect(),
            entries,
            title_matcher: matcher(&title_surfaces, AhoCorasickKind::DFA),
            titles: title_list,
            trigger_matcher: matcher(&trigger_surfaces, AhoCorasickKind::DFA),
            triggers: trigger_list,
            suffixes_by_end,
            empty_suffixes,
            suffixes: suffix_list,
            not_actors,
            ner_bodies,
            ambiguous_aliases,
            party_heads,
            company_appositions,
            company_list_heads,
        })
    }

    /// Known names in `text`; `Hit::index` points into [`Lexicon::entries`].
    pub fn find_names(&self, text: &str) -> Vec<Hit> {
        self.surface_matcher
            .find_iter(text)
            .map(|m| Hit { start: m.start(), end: m.end(), index: self.surface_entry[m.pattern().as_usize()] })
            .collect()
    }

    /// The entry `text` names when the whole of it is a known surface form:
    /// what `find_names(text)` gives as a hit from 0 to `text.len()`, by a
    /// binary search instead of a scan.
    pub fn name_index(&self, text: &str) -> Option<usize> {
        self.surfaces.binary_search_by(|s| s.as_str().cmp(text)).ok().map(|i| self.surface_entry[i])
    }

    /// Titles in `text`; `Hit::index` points into [`Lexicon::titles`].
    pub fn find_titles(&self, text: &str) -> Vec<Hit> {
        self.title_matcher
            .find_iter(text)
            .map(|m| Hit { start: m.start(), end: m.end(), index: m.pattern().as_usize() })
            .collect()
    }

    /// Whether any title is written in `text` (as a part of a word or not).
    pub fn has_title(&self, text: &str) -> bool {
        self.title_matcher.is_match(text)
    }

    /// Event triggers in `text`; `Hit::index` points into [`Lexicon::triggers`].
    pub fn find_triggers(&self, text: &str) -> Vec<Hit> {
        self.trigger_matcher
            .find_iter(text)
            .map(|m| Hit { start: m.start(), end: m.end(), index: m.pattern().as_usize() })
            .collect()
    }

    pub fn entry_by_name(&self, name: &str) -> Option<&Entry> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }

    pub fn title(&self, surface: &str) -> Option<&Title> {
        self.titles.binary_search_by(|t| t.surface.as_str().cmp(surface)).ok().map(|i| &self.titles[i])
    }

    /// The kind a name's ending suggests (`코나예프개발청` → agency), if any.
    pub fn kind_by_suffix(&self, word: &str) -> Option<(ActorKind, &str)> {
        // Longest suffix first; among equal suffixes, the file's order.
        self.suffixes_ending_like(word)
            .chain(self.empty_suffixes.iter().copied())
            .map(|i| &self.suffixes[i])
            .find(|s| word.strip_suffix(s.suffix.as_str()).is_some_and(|stem| stem.chars().count() >= s.min_stem_chars))
            .map(|s| (s.kind, s.suffix.as_str()))
    }

    /// Positions of the suffixes whose last character is that of `word`, in
    /// the order of `suffixes`.
    fn suffixes_ending_like(&self, word: &str) -> impl Iterator<Item = usize> + '_ {
        let end = word.chars().next_back();
        let list = end
            .and_then(|c| self.suffixes_by_end.binary_search_by_key(&c, |(e, _)| *e).ok())
            .map_or(&[][..], |at| &self.suffixes_by_end[at].1[..]);
        list.iter().copied()
    }

    /// A word that is nothing but a suffix (`대학교`, `센터`): a name only with proper words before it.
    pub fn bare_suffix(&self, word: &str) -> Option<(ActorKind, &str)> {
        // Only bodies: `반도체` or `건설` alone is an industry, not a company.
        self.suffixes_ending_like(word)
            .map(|i| &self.suffixes[i])
            .find(|s| {
                s.suffix == word
                    && matches!(s.kind, ActorKind::Organization | ActorKind::GovernmentAgency)
                    && word.chars().count() >= 2
            })
            .map(|s| (s.kind, s.suffix.as_str()))
    }

    /// A short form that is also an everyday word (`경기`): a name only in lists.
    pub fn is_ambiguous_alias(&self, surface: &str) -> bool {
        self.ambiguous_aliases.contains(surface)
    }

    /// `정부`, `측`, `대표단`: after a place, the place acts (`카자흐스탄 정부와`).
    /// `생산기업인`, `독일 기업`: the word ends in a noun for a firm, so the name after it is one.
    pub fn ends_in_company_apposition(&self, word: &str) -> bool {
        let word = word
            .strip_suffix('인')
            .filter(|w| self.company_appositions.iter().any(|a| w.ends_with(a.as_str())))
            .unwrap_or(word);
        self.company_appositions.iter().any(|a| word.ends_with(a.as_str()))
    }

    /// `한국기업`, `기업`, `13개사`: a noun for firms that closes a list of their names.
    pub fn is_company_list_head(&self, word: &str) -> bool {
        self.company_list_heads.iter().any(|h| word.ends_with(h.as_str()) || word.starts_with(h.as_str()))
    }

    pub fn is_party_head(&self, word: &str) -> bool {
        self.party_heads.contains(word)
    }

    pub fn is_not_actor(&self, word: &str) -> bool {
        self.not_actors.contains(word)
    }

    /// Every known surface form (romanisations and old names included) with
    /// the entry it names, for finding actors by names their articles do not use.
    pub fn names(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.surfaces.iter().zip(&self.surface_entry).map(|(s, &e)| (s.as_str(), &self.entries[e]))
    }

    /// Every known surface form with its kind: the user dictionary lindera is given.
    pub fn surface_forms(&self) -> impl Iterator<Item = (&str, ActorKind)> {
        self.surfaces.iter().zip(&self.surface_entry).map(|(s, &e)| (s.as_str(), self.entries[e].kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_data_files_load() {
        let lexicon = Lexicon::builtin().unwrap();
        assert!(lexicon.entries.len() > 1000);
        assert_eq!(lexicon.entry_by_name("전북특별자치도").unwrap().kind, ActorKind::Province);
        assert_eq!(lexicon.title("지사").unwrap().canonical, "도지사");
        assert!(lexicon.triggers.iter().any(|t| t.surface == "업무협약" && t.kind == EventKind::Agreement));
        assert_eq!(lexicon.kind_by_suffix("코나예프개발청").map(|(k, _)| k), Some(ActorKind::GovernmentAgency));
    }

    #[test]
    fn a_surface_claimed_by_two_entries_is_dropped_unless_it_is_ones_name() {
        let places =
            "name\tkind\taliases\tparent\n광주광역시\tProvince\t광주\t\n광주시\tCity\t광주\t\n전주시\tCity\t전주\t\n";
        let lexicon =
            Lexicon::from_sources(&[("places.tsv", places)], "title\n", "trigger\n", "suffix\n", "word\n").unwrap();
        let found: Vec<&str> =
            lexicon.find_names("광주와 전주").iter().map(|h| lexicon.entries[h.index].name.as_str()).collect();
        assert_eq!(found, vec!["전주시"]);
    }

    #[test]
    fn name_index_agrees_with_a_whole_text_match() {
        let lexicon = Lexicon::builtin().unwrap();
        let whole =
            |t: &str| lexicon.find_names(t).into_iter().find(|h| h.start == 0 && h.end == t.len()).map(|h| h.index);
        let mut texts: Vec<String> = lexicon.surfaces.clone();
        texts.extend(lexicon.surfaces.iter().map(|s| format!("{s}의")));
        texts.extend(["", "도", "강원도청", "카자흐스탄 정부", "알마티주"].map(String::from));
        for t in &texts {
            assert_eq!(lexicon.name_index(t), whole(t), "{t}");
        }
    }

    #[test]
    fn suffix_look_ups_agree_with_trying_every_suffix() {
        let lexicon = Lexicon::builtin().unwrap();
        let by_scan = |word: &str| {
            lexicon.suffixes.iter().find_map(|s| {
                let stem = word.strip_suffix(s.suffix.as_str())?;
                (stem.chars().count() >= s.min_stem_chars).then_some((s.kind, s.suffix.as_str()))
            })
        };
        let bare_by_scan = |word: &str| {
            lexicon
                .suffixes
                .iter()
                .find(|s| {
                    s.suffix == word
                        && word.chars().count() >= 2
                        && matches!(s.kind, ActorKind::Organization | ActorKind::GovernmentAgency)
                })
                .map(|s| (s.kind, s.suffix.as_str()))
        };
        let mut words: Vec<String> = lexicon.surfaces.clone();
        words.extend(lexicon.suffixes.iter().map(|s| s.suffix.clone()));
        words.extend(lexicon.suffixes.iter().map(|s| format!("가{}", s.suffix)));
        words.extend(["", "도", "시", "A청", "코나예프개발청", "정부", "수도"].map(String::from));
        for w in &words {
            assert_eq!(lexicon.kind_by_suffix(w), by_scan(w), "{w}");
            assert_eq!(lexicon.bare_suffix(w), bare_by_scan(w), "{w}");
        }
    }

    #[test]
    fn a_bad_row_names_its_file_and_line() {
        let err = Lexicon::from_sources(&[("places.tsv", "name\tkind\n서울\tCapital\n")], "t\n", "t\n", "s\n", "w\n")
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "lexicon file places.tsv, line 2: second column must be an actor kind");
    }
}
