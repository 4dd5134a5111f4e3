//! The domain knowledge extraction relies on, read from the TSV files under
//! `data/` (gazetteers of places and bodies, titles, event triggers, name
//! suffixes, words that are never actors, and the word lists of
//! [`crate::ner`]). The built-in lexicon is compiled into the binary so that
//! gyoryu runs without its source tree; `load` reads and checks the files.
//! Everything is asked through typed look-ups.

mod cues;
mod load;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use gyoryu_model::{ActorKind, EventKind};

use crate::ner::NerWords;
use crate::ExtractError;
use cues::Cues;
pub(crate) use load::{bad, first_column, role_index, rows};

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
    /// It names a trip to its object (`앨버타를 방문`): the place or body
    /// written as its object is where it happened, a party, and what it is
    /// about, and a country before the places it goes to is a party too
    /// (`goes_to` in `triggers.tsv`).
    pub goes_to: bool,
    /// One event per place or body the sentence lists right before it
    /// (`도쿄와 야마나시현을 방문`; `per_leg`).
    pub per_leg: bool,
    /// One event per pair of parties written hyphenated before it
    /// (`전남TP-송산호STP, 충북TP-생태산업원 간 MOU`; `per_pair`).
    pub per_pair: bool,
    /// Even weak, it makes an event of its own after another one when it
    /// meets a named official of the other side (`방문, 응우옌반찌 빈푹성장을
    /// 만나`; `named_talks`).
    pub named_talks: bool,
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
    entries: Vec<Entry>,
    /// Surface forms (names and aliases) matched in text, sorted, parallel to `surface_entry`.
    surfaces: Vec<String>,
    surface_entry: Vec<usize>,
    /// Position in `surfaces` by surface form: a whole-word lookup is asked
    /// for nearly every word, and hashing a short key is cheaper than the
    /// dozen string comparisons of a binary search.
    surface_index: HashMap<String, usize>,
    surface_matcher: AhoCorasick,
    by_name: HashMap<String, usize>,
    titles: Vec<Title>,
    /// Position in `titles` by surface form, for the same reason.
    title_index: HashMap<String, usize>,
    title_matcher: AhoCorasick,
    triggers: Vec<Trigger>,
    trigger_matcher: AhoCorasick,
    /// Longest suffix first, so that `특별자치도` is tried before `도`.
    suffixes: Vec<Suffix>,
    /// Positions in `suffixes` by the suffix's last character (sorted by it),
    /// each list in the order of `suffixes`: a word is compared only with the
    /// few suffixes that end like it, and most words end like none.
    suffixes_by_end: Vec<(char, Vec<usize>)>,
    /// Positions of empty suffixes, which every word ends in.
    empty_suffixes: Vec<usize>,
    not_actors: HashSet<String>,
    /// Generic bodies (`경찰`, `정부`) that NER tags but the graph leaves out.
    ner_bodies: HashSet<String>,
    ambiguous_aliases: HashSet<String>,
    /// Nouns that make the place written before them a party (`카자흐스탄 정부`).
    party_heads: HashSet<String>,
    /// Nouns for a firm written right before its name (`기업`, `회사`).
    company_appositions: Vec<String>,
    /// Nouns for firms closing a list of names (`기업`, `업체`).
    company_list_heads: Vec<String>,
    /// Fields of cooperation worth recording on an event, in the file's order.
    fields: Vec<String>,
    /// The word lists of named-entity recognition alone.
    ner_words: NerWords,
    /// What steers event finding and person names (`cues.tsv`).
    cues: Cues,
}

/// A lexicon match in a text, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into the matched table: [`Lexicon::entry`] for names; for
    /// titles and triggers, ask [`Lexicon::title_found`] and [`Lexicon::trigger`].
    pub index: usize,
}

const PLACES: &str = include_str!("../../../../data/gazetteer/places.tsv");
const ORGANIZATIONS: &str = include_str!("../../../../data/gazetteer/organizations.tsv");
const TITLES: &str = include_str!("../../../../data/lexicon/titles.tsv");
const TRIGGERS: &str = include_str!("../../../../data/lexicon/triggers.tsv");
const SUFFIXES: &str = include_str!("../../../../data/lexicon/suffixes.tsv");
const NOT_ACTORS: &str = include_str!("../../../../data/lexicon/not_actors.tsv");
const AMBIGUOUS_ALIASES: &str = include_str!("../../../../data/lexicon/ambiguous_aliases.tsv");
const NER_BODIES: &str = include_str!("../../../../data/lexicon/ner_bodies.tsv");
pub(crate) const NER_WORDS: &str = include_str!("../../../../data/lexicon/ner_words.tsv");
const PARTY_HEADS: &str = include_str!("../../../../data/lexicon/party_heads.tsv");
const COMPANY_CUES: &str = include_str!("../../../../data/lexicon/company_cues.tsv");
const FIELDS: &str = include_str!("../../../../data/lexicon/fields.tsv");
pub(crate) const CUES: &str = include_str!("../../../../data/lexicon/cues.tsv");

impl Lexicon {
    /// The lexicon compiled from the `data/` folder of this source tree.
    pub fn builtin() -> Result<Lexicon, ExtractError> {
        crate::korean::check()?;
        Lexicon::from_sources(
            &[("places.tsv", PLACES), ("organizations.tsv", ORGANIZATIONS)],
            TITLES,
            TRIGGERS,
            SUFFIXES,
            NOT_ACTORS,
        )
    }

    /// The lexicon from the given gazetteers (file name and text), titles,
    /// triggers, suffixes and words that are never actors, with the built-in
    /// other lists.
    pub fn from_sources(
        gazetteers: &[(&'static str, &str)],
        titles: &str,
        triggers: &str,
        suffixes: &str,
        not_actors: &str,
    ) -> Result<Lexicon, ExtractError> {
        let (entries, surfaces) = load::gazetteers(gazetteers)?;
        let (surfaces, surface_entry): (Vec<String>, Vec<usize>) = surfaces.into_iter().unzip();
        let titles = load::titles(titles)?;
        let triggers = load::triggers(triggers)?;
        let suffixes = load::suffixes(suffixes)?;
        let (suffixes_by_end, empty_suffixes) = load::suffixes_by_end(&suffixes);
        let (company_appositions, company_list_heads) = load::company_cues(COMPANY_CUES)?;
        let title_surfaces: Vec<String> = titles.iter().map(|t| t.surface.clone()).collect();
        let trigger_surfaces: Vec<String> = triggers.iter().map(|t| t.surface.clone()).collect();
        Ok(Lexicon {
            surface_matcher: load::matcher(&surfaces, AhoCorasickKind::ContiguousNFA),
            surface_index: surfaces.iter().enumerate().map(|(i, s)| (s.clone(), i)).collect(),
            surfaces,
            surface_entry,
            // A name filed twice (`고성군`) is found under its last entry.
            by_name: entries.iter().enumerate().map(|(i, e)| (e.name.clone(), i)).collect(),
            entries,
            title_matcher: load::matcher(&title_surfaces, AhoCorasickKind::DFA),
            title_index: title_surfaces.into_iter().enumerate().map(|(i, s)| (s, i)).collect(),
            titles,
            trigger_matcher: load::matcher(&trigger_surfaces, AhoCorasickKind::DFA),
            triggers,
            suffixes_by_end,
            empty_suffixes,
            suffixes,
            not_actors: first_column(not_actors).collect(),
            ner_bodies: first_column(NER_BODIES).collect(),
            ambiguous_aliases: first_column(AMBIGUOUS_ALIASES).collect(),
            party_heads: first_column(PARTY_HEADS).collect(),
            company_appositions,
            company_list_heads,
            fields: first_column(FIELDS).collect(),
            ner_words: NerWords::load(NER_WORDS, not_actors)?,
            cues: Cues::load(CUES)?,
        })
    }

    /// The entry a name hit (`Hit::index` of [`Lexicon::find_names`]) or
    /// [`Lexicon::name_index`] points at.
    pub fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// Every gazetteer entry.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// The title a hit of [`Lexicon::find_titles`] found.
    pub fn title_found(&self, hit: &Hit) -> &Title {
        &self.titles[hit.index]
    }

    /// The trigger a hit of [`Lexicon::find_triggers`] found.
    pub fn trigger(&self, hit: &Hit) -> &Trigger {
        &self.triggers[hit.index]
    }

    /// Known names in `text`; `Hit::index` is for [`Lexicon::entry`].
    pub fn find_names(&self, text: &str) -> Vec<Hit> {
        self.surface_matcher
            .find_iter(text)
            .map(|m| Hit { start: m.start(), end: m.end(), index: self.surface_entry[m.pattern().as_usize()] })
            .collect()
    }

    /// The entry `text` names when the whole of it is a known surface form:
    /// what `find_names(text)` gives as a hit from 0 to `text.len()`, by a
    /// look-up instead of a scan.
    pub fn name_index(&self, text: &str) -> Option<usize> {
        self.surface_index.get(text).map(|&i| self.surface_entry[i])
    }

    /// Titles in `text`, for [`Lexicon::title_found`].
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

    /// Event triggers in `text`, for [`Lexicon::trigger`].
    pub fn find_triggers(&self, text: &str) -> Vec<Hit> {
        self.trigger_matcher
            .find_iter(text)
            .map(|m| Hit { start: m.start(), end: m.end(), index: m.pattern().as_usize() })
            .collect()
    }

    /// Whether any trigger is written in `text` (as a part of a word or not).
    pub fn has_trigger(&self, text: &str) -> bool {
        self.trigger_matcher.is_match(text)
    }

    pub fn entry_by_name(&self, name: &str) -> Option<&Entry> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }

    pub fn title(&self, surface: &str) -> Option<&Title> {
        self.title_index.get(surface).map(|&i| &self.titles[i])
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

    /// Whether `text` ends in a Latin word for a company (`Co.`, `Inc`).
    pub fn ends_in_latin_company_suffix(&self, text: &str) -> bool {
        self.suffixes
            .iter()
            .any(|s| s.kind == ActorKind::Company && s.suffix.is_ascii() && text.ends_with(s.suffix.as_str()))
    }

    /// A generic body (`경찰`, `정부`) that NER tags but the graph leaves out.
    pub fn is_ner_body(&self, word: &str) -> bool {
        self.ner_bodies.contains(word)
    }

    /// Whether the gazetteers place `name` in Korea (itself, or its province
    /// or city, within three levels).
    pub fn in_korea(&self, name: &str) -> bool {
        let mut current = self.entry_by_name(name);
        for _ in 0..3 {
            match current {
                Some(e) if e.name == "대한민국" => return true,
                Some(e) => current = e.parent.as_deref().and_then(|p| self.entry_by_name(p)),
                None => return false,
            }
        }
        false
    }

    /// The fields of cooperation `text` names (`에너지`, `관광`), in the order of `fields.tsv`.
    pub fn fields_in(&self, text: &str) -> Vec<String> {
        self.fields.iter().filter(|f| text.contains(f.as_str())).cloned().collect()
    }

    /// The word lists of named-entity recognition.
    pub(crate) fn ner_words(&self) -> &NerWords {
        &self.ner_words
    }

    /// `개최할 예정이다`, `오는 5일`: the sentence speaks of what is to come.
    pub fn is_planned(&self, sentence: &str) -> bool {
        self.cues.is_planned(sentence)
    }

    /// `지난해`, `체결한 바 있다`: the sentence looks back.
    pub fn looks_back(&self, sentence: &str) -> bool {
        self.cues.looks_back(sentence)
    }

    /// `방문객`, `방문자들`: `rest`, glued right after a trigger, makes it no happening.
    pub fn ends_no_happening(&self, rest: &str) -> bool {
        self.cues.ends_no_happening(rest)
    }

    /// `자유무역협정`, `사회보장협정`: glued before a trigger, `before` makes it
    /// the name of a kind of treaty.
    pub fn names_a_kind_of_agreement(&self, before: &str) -> bool {
        self.cues.names_a_kind(before)
    }

    /// `이번`, `해당`: a word that makes the event after it one told before.
    pub fn is_demonstrative(&self, word: &str) -> bool {
        self.cues.is_demonstrative(word)
    }

    /// `에 따라`, `을 계기로`: `after`, right after a trigger, goes on from the event.
    pub fn goes_on_from(&self, after: &str) -> bool {
        self.cues.goes_on_from(after)
    }

    /// `소재`, `인근`: `after`, right after a word, says the word is where something is
    /// (`농장(라구나 소재)`), so the word is a place.
    /// Whether a body's name ends as a council's does (`…의회`).
    pub fn is_council(&self, name: &str) -> bool {
        self.cues.is_council(name)
    }

    /// Whether a title is a post in a council (`의장`, `도의원`).
    pub fn is_council_post(&self, title: &str) -> bool {
        self.cues.is_council_post(title)
    }

    /// Whether `c` alone is the ending of a Korean city or county's name in
    /// `suffixes.tsv` (`시`, `군`).
    pub fn is_city_ending(&self, c: char) -> bool {
        let mut buffer = [0; 4];
        let ending: &str = c.encode_utf8(&mut buffer);
        self.suffixes_ending_like(ending)
            .any(|i| self.suffixes[i].kind == ActorKind::City && self.suffixes[i].suffix == ending)
    }

    pub fn locates(&self, after: &str) -> bool {
        self.cues.locates(after)
    }

    /// `이날`, `신임`, `전`: a word that stands before a name without being part of it.
    pub fn is_not_name(&self, word: &str) -> bool {
        self.cues.is_not_name(word)
    }

    /// Where one clause of `sentence` ends and the next begins (`체결한 데 이어`).
    pub fn clause_breaks(&self, sentence: &str) -> Vec<usize> {
        self.cues.clause_breaks(sentence)
    }
}

#[cfg(test)]
mod tests;
