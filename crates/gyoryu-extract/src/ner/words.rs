//! The word lists of named-entity recognition (`data/lexicon/ner_words.tsv`,
//! and the news outlets of `not_actors.tsv`), read by the lexicon's loader:
//! a row with a role or type it does not know is a load error.

use rustc_hash::FxHashSet as HashSet;

use gyoryu_model::ActorKind;

use crate::lexicon::{bad, role_index, rows};
use crate::ExtractError;

/// The NER word lists, by role (see `ner_words.tsv`).
#[derive(Debug, Default)]
pub(crate) struct NerWords {
    pub(super) glued: Vec<(String, ActorKind)>,
    pub(super) country_body: Vec<String>,
    pub(super) place_part: HashSet<String>,
    pub(super) not_place: HashSet<String>,
    pub(super) side: HashSet<String>,
    pub(super) sport: Vec<String>,
    pub(super) unit: Vec<String>,
    pub(super) leader_body: HashSet<String>,
    pub(super) heads: Vec<(String, usize)>,
    pub(super) person: HashSet<String>,
    pub(super) country: HashSet<char>,
    pub(super) acronyms: HashSet<String>,
    /// News outlets: not actors in the graph, organizations for NER.
    pub(super) outlets: HashSet<String>,
}

const FILE: &str = "ner_words.tsv";

const ROLES: [&str; 12] = [
    "glued",
    "country_body",
    "sport",
    "unit",
    "leader_body",
    "side",
    "not_place",
    "place_part",
    "head",
    "person",
    "country",
    "acronym",
];

impl NerWords {
    /// The lists from the text of `ner_words.tsv`, and the outlets among the
    /// words of `not_actors.tsv`.
    pub(crate) fn load(ner_words: &str, not_actors: &str) -> Result<NerWords, ExtractError> {
        let mut w = NerWords::default();
        for (line, cols) in rows(ner_words) {
            let (word, role) = (cols[0].to_string(), cols.get(1).copied().unwrap_or_default());
            let kind = match cols.get(2).copied().unwrap_or_default() {
                "LC" => ActorKind::City,
                "OG" | "" => ActorKind::Organization,
                other => return Err(bad(FILE, line, format!("unknown type {other:?} (known: OG, LC)"))),
            };
            role_index(FILE, line, role, &ROLES)?;
            match role {
                "glued" => w.glued.push((word, kind)),
                "country_body" => w.country_body.push(word),
                "sport" => w.sport.push(word),
                "unit" => w.unit.push(word),
                "leader_body" => {
                    w.leader_body.insert(word);
                }
                "side" => {
                    w.side.insert(word);
                }
                "not_place" => {
                    w.not_place.insert(word);
                }
                "place_part" => {
                    w.place_part.insert(word);
                }
                "head" => w.heads.push((word, cols.get(3).and_then(|n| n.parse().ok()).unwrap_or(2))),
                "person" => {
                    w.person.insert(word);
                }
                "country" => w.country.extend(word.chars().next()),
                "acronym" => {
                    w.acronyms.insert(word);
                }
                _ => unreachable!("role_index lets only the roles above through"),
            }
        }
        for (_, cols) in rows(not_actors) {
            // `뉴스` is listed there too, but as a word it is no outlet's name.
            let name_like = cols[0].chars().count() >= 3 || cols[0].is_ascii();
            if cols.get(1).is_some_and(|r| r.contains("outlet")) && name_like {
                w.outlets.insert(cols[0].to_string());
            }
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lists_load() {
        let w = NerWords::load(crate::lexicon::NER_WORDS, "word\treason\n").unwrap();
        assert!(w.heads.iter().any(|(h, _)| h == "당"));
        assert!(w.country.contains(&'한'));
    }

    #[test]
    fn an_unknown_role_names_its_file_and_line() {
        let text = "word\trole\ttype\n# a comment\n고법\tglued\tOG\n당\thaed\t\t1\n";
        let err = NerWords::load(text, "word\n").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("lexicon file ner_words.tsv, line 4: unknown role \"haed\""), "{message}");
    }

    #[test]
    fn an_unknown_type_names_its_file_and_line() {
        let err = NerWords::load("word\trole\ttype\n고법\tglued\tPS\n", "word\n").unwrap_err();
        assert!(err.to_string().starts_with("lexicon file ner_words.tsv, line 2: unknown type \"PS\""), "{err}");
    }
}
