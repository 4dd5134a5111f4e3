//! `cues.tsv`: the words and phrases that steer event finding (a plan, a
//! look back, a demonstrative, what may follow a trigger) and person names
//! (words that stand before a name without being part of it).

use rustc_hash::FxHashSet as HashSet;

use regex::Regex;

use super::load::{bad, role_index, rows};
use crate::ExtractError;

/// The cues, by role.
pub(super) struct Cues {
    planned: Regex,
    past: Regex,
    not_after_trigger: Vec<String>,
    demonstratives: Vec<String>,
    goes_on_from: Vec<String>,
    not_names: HashSet<String>,
    clause_breaks: Vec<String>,
    goal_after_trigger: Vec<String>,
    kind_before_trigger: Vec<String>,
    locating: Vec<String>,
    councils: Vec<String>,
    council_posts: Vec<String>,
}

const ROLES: [&str; 12] = [
    "planned",
    "past",
    "not_after_trigger",
    "demonstrative",
    "goes_on_from",
    "not_name",
    "clause_break",
    "goal_after_trigger",
    "kind_before_trigger",
    "locating",
    "council",
    "council_post",
];

/// One regular expression that matches where any of `cues` does.
fn any_of(cues: &[String], role: &str, lines: &[usize]) -> Result<Regex, ExtractError> {
    for (cue, &line) in cues.iter().zip(lines) {
        Regex::new(cue).map_err(|e| bad("cues.tsv", line, format!("not a regular expression for {role}: {e}")))?;
    }
    Ok(Regex::new(&cues.join("|")).expect("alternatives that build one by one build together"))
}

impl Cues {
    pub(super) fn load(text: &str) -> Result<Cues, ExtractError> {
        let mut by_role: Vec<Vec<String>> = vec![Vec::new(); ROLES.len()];
        let mut lines: Vec<Vec<usize>> = vec![Vec::new(); ROLES.len()];
        for (line, cols) in rows(text) {
            let cue = cols.first().copied().unwrap_or_default();
            let role = cols.get(1).copied().unwrap_or_default();
            let at = role_index("cues.tsv", line, role, &ROLES)?;
            if cue.is_empty() {
                return Err(bad("cues.tsv", line, "empty cue"));
            }
            by_role[at].push(cue.to_string());
            lines[at].push(line);
        }
        Ok(Cues {
            planned: any_of(&by_role[0], ROLES[0], &lines[0])?,
            past: any_of(&by_role[1], ROLES[1], &lines[1])?,
            not_after_trigger: std::mem::take(&mut by_role[2]),
            demonstratives: std::mem::take(&mut by_role[3]),
            goes_on_from: std::mem::take(&mut by_role[4]),
            not_names: by_role[5].drain(..).collect(),
            clause_breaks: std::mem::take(&mut by_role[6]),
            goal_after_trigger: std::mem::take(&mut by_role[7]),
            kind_before_trigger: std::mem::take(&mut by_role[8]),
            locating: std::mem::take(&mut by_role[9]),
            councils: std::mem::take(&mut by_role[10]),
            council_posts: std::mem::take(&mut by_role[11]),
        })
    }

    /// `개최할 예정이다`, `오는 5일`: the sentence speaks of what is to come.
    pub(super) fn is_planned(&self, sentence: &str) -> bool {
        self.planned.is_match(sentence)
    }

    /// `지난해`, `체결한 바 있다`: the sentence looks back.
    pub(super) fn looks_back(&self, sentence: &str) -> bool {
        self.past.is_match(sentence)
    }

    /// `방문객`, `방문자들`: `rest`, glued right after a trigger, makes it no
    /// happening; so does the next word when it makes the trigger a goal
    /// (`방문 활성화`, `박람회 유치`).
    pub(super) fn ends_no_happening(&self, rest: &str) -> bool {
        self.not_after_trigger.iter().any(|s| rest.starts_with(s.as_str()))
            || rest
                .strip_prefix(' ')
                .is_some_and(|next| self.goal_after_trigger.iter().any(|g| next.starts_with(g.as_str())))
    }

    /// `자유무역협정`: `before`, the text of the word before a trigger glued to
    /// it, makes the trigger name a kind of treaty, not a signing.
    pub(super) fn names_a_kind(&self, before: &str) -> bool {
        self.kind_before_trigger.iter().any(|k| before.ends_with(k.as_str()))
    }

    /// `소재`, `인근`: `after`, right after a word, says the word is where something is.
    /// `도의회`, `시의회 의장`: the name of a council ends in one of these
    /// words, and a title that holds one is a council's post.
    pub(super) fn is_council(&self, name: &str) -> bool {
        self.councils.iter().any(|c| name.ends_with(c.as_str()))
    }

    /// `의장`, `도의원`, `시의회 부의장`: a post in a council.
    pub(super) fn is_council_post(&self, title: &str) -> bool {
        self.councils.iter().any(|c| title.contains(c.as_str()))
            || self.council_posts.iter().any(|p| title.ends_with(p.as_str()))
    }

    pub(super) fn locates(&self, after: &str) -> bool {
        self.locating.iter().any(|cue| after.starts_with(cue.as_str()))
    }

    /// `이번`, `해당`: a word that makes the event after it one told before.
    pub(super) fn is_demonstrative(&self, word: &str) -> bool {
        self.demonstratives.iter().any(|d| d == word)
    }

    /// `에 따라`, `을 계기로`: `after`, right after a trigger, goes on from the event.
    pub(super) fn goes_on_from(&self, after: &str) -> bool {
        self.goes_on_from.iter().any(|cue| after.starts_with(cue.as_str()))
    }

    /// `이날`, `신임`, `전`: a word that stands before a name without being part of it.
    pub(super) fn is_not_name(&self, word: &str) -> bool {
        self.not_names.contains(word)
    }

    /// The byte offsets in `sentence` where a clause telling one happening
    /// ends and one telling the next begins (`체결한 데 이어`), in order.
    pub(super) fn clause_breaks(&self, sentence: &str) -> Vec<usize> {
        let mut breaks: Vec<usize> = self
            .clause_breaks
            .iter()
            .flat_map(|cue| sentence.match_indices(cue.as_str()).map(|(at, cue)| at + cue.len()))
            .collect();
        breaks.sort_unstable();
        breaks.dedup();
        breaks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_cues_load() {
        let cues = Cues::load(super::super::CUES).unwrap();
        assert!(cues.is_planned("포럼을 개최할 예정이다") && cues.is_planned("나설 계획") && !cues.is_planned("나설"));
        assert!(cues.looks_back("지난해 체결한") && cues.looks_back("지난 5월"));
        assert!(cues.ends_no_happening("객이") && cues.is_demonstrative("이번") && cues.is_not_name("故"));
        assert!(cues.ends_no_happening(" 유치 협조") && !cues.ends_no_happening("을 유치"));
        let text = "협약을 체결한 데 이어 협정도 맺었다";
        assert_eq!(cues.clause_breaks(text), vec![text.find(" 협정").unwrap()]);
    }

    #[test]
    fn a_bad_cue_names_its_file_and_line() {
        let err = Cues::load("cue\trole\n예정이다\tplanned\n이번\tdemonstrativ\n").err().unwrap();
        assert!(err.to_string().starts_with("lexicon file cues.tsv, line 3: unknown role \"demonstrativ\""), "{err}");
        let err = Cues::load("cue\trole\n# comment\n예정(이다\tplanned\n").err().unwrap();
        assert!(err.to_string().starts_with("lexicon file cues.tsv, line 3: not a regular expression"), "{err}");
    }
}
