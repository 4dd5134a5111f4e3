//! References that are not names, resolved to the actors they mean: `도` and
//! `본 도` (the article's province), `시` (its city), `김 지사` and
//! `미르자예프 주지사` (a person named before, by part of the name and a
//! title), a full name found again, and `대표단은` (the delegation last
//! named with its body).

use std::sync::LazyLock;

use gyoryu_model::{ActorKind, Span};
use regex::Regex;

use super::registry::Registry;
use super::Sentence;
use crate::korean::strip_particles;
use crate::lexicon::Lexicon;

static ANAPHOR_PROVINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s“‘\(])(?:본 |우리 )?(도)(?:는|가|의|와|에서|에|도|와의|청)?(?:\s|$)").unwrap()
});
static ANAPHOR_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s“‘\(])(?:본 |우리 )?(시)(?:는|가|의|와|에서|에|도|와의|청)?(?:\s|$)").unwrap()
});
/// `서호주주 정부 대표단이`: the body a delegation comes from.
static DELEGATION_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*정부)?\s*(?:[가-힣]{1,4}\s)?(대표단|방문단|사절단|경제사절단|일행)").unwrap());
/// `아부다비투자청과 중동 기관 관계자로 구성된 28명의 투자사절단이`: the body
/// named first among those a delegation is made of.
static COMPOSED_DELEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:과|와|,|및)[^.]{0,60}?로 구성된 [^.]{0,20}?(대표단|방문단|사절단|시찰단)").unwrap()
});
/// `대표단은 이날 …`: a delegation named before, now without its body.
static BARE_DELEGATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s“‘(])(대표단|방문단|사절단|일행)(?:은|는|이|가|과|와|을|를|의|도)").unwrap());

/// A reference found in a sentence: where it starts and ends, the actor it
/// means, and the alias it gives that actor (`김 지사`), if any.
type Reference = (usize, usize, usize, Option<String>);

/// Resolves references that are not names: `김 지사` (a person named earlier),
/// `도`/`본 도` (the article's province), `시` (its city), `대표단` (the
/// delegation last named with its body), and later mentions of a person by
/// full name alone. Each is noted on its actor and on its sentence.
pub(super) fn resolve(lexicon: &Lexicon, sentences: &mut [Sentence], registry: &mut Registry) {
    let mut resolver = Resolver {
        lexicon,
        main_province: registry.main_actor(lexicon, Some(ActorKind::Province)),
        main_city: registry.main_actor(lexicon, Some(ActorKind::City)),
        persons: (0..registry.actors.len()).filter(|&i| registry.actors[i].kind == ActorKind::Person).collect(),
        delegation: None,
    };
    for s in sentences.iter_mut() {
        let refs = resolver.references_in(s, registry);
        // `양측`, `양 지역`: the two sides last spoken of; resolved during event finding.
        for (start, end, actor, alias) in refs {
            registry.note_reference(
                actor,
                Span { start: s.span.start + start, end: s.span.start + end },
                alias.as_deref(),
            );
            s.references.push((start, end, actor));
        }
    }
}

/// What resolving carries from one sentence to the next.
struct Resolver<'a> {
    lexicon: &'a Lexicon,
    /// The article's own province and city: what `도` and `시` mean.
    main_province: Option<usize>,
    main_city: Option<usize>,
    /// Every person of the article.
    persons: Vec<usize>,
    /// The delegation last named with its body: what a bare `대표단` means.
    delegation: Option<usize>,
}

/// Whether a mention of the sentence overlaps the text from `a` to `b`.
fn covered(s: &Sentence, a: usize, b: usize) -> bool {
    s.mentions.iter().any(|m| m.start < b && a < m.end)
}

/// `김 지사`, `(이 장관`: a word of one or two syllables that starts the
/// text or follows a space or an opening mark, one space, and the first
/// (up to six) syllables of the next word; as (surname start, title start,
/// end), left to right, no two sharing a word. This is the regex
/// `(?:^|[\s“‘(])([가-힣]{1,2}) ([가-힣]{1,6})` read by hand: nearly every
/// pair of words is a candidate, and the regex's two passes per match cost
/// more than the whole scan.
fn short_references(text: &str) -> Vec<(usize, usize, usize)> {
    let syllable = |c: char| ('가'..='힣').contains(&c);
    // The run of syllables from `at`, as (characters, end), up to `most` of them.
    let run = |at: usize, most: usize| {
        text[at..]
            .char_indices()
            .take_while(|&(_, c)| syllable(c))
            .take(most)
            .fold((0, at), |(n, _), (b, c)| (n + 1, at + b + c.len_utf8()))
    };
    // A pair whose surname starts at `at`: a run of one or two syllables
    // (three or more leave no room for the space), a space, a syllable.
    let pair_at = |at: usize| {
        let (n, surname_end) = run(at, 3);
        if !(1..=2).contains(&n) || !text[surname_end..].starts_with(' ') {
            return None;
        }
        let (m, end) = run(surname_end + 1, 6);
        (m > 0).then_some((at, surname_end + 1, end))
    };
    let mut found = Vec::new();
    let mut from = 0;
    'scan: while from < text.len() {
        for (b, c) in text[from..].char_indices() {
            let at = from + b;
            let pair = if at == 0 { pair_at(0) } else { None }.or_else(|| {
                (c.is_whitespace() || matches!(c, '“' | '‘' | '(')).then(|| pair_at(at + c.len_utf8())).flatten()
            });
            if let Some(p) = pair {
                found.push(p);
                from = p.2;
                continue 'scan;
            }
        }
        break;
    }
    found
}

impl Resolver<'_> {
    /// The references of one sentence, in the order they are looked for.
    fn references_in(&mut self, s: &Sentence, registry: &Registry) -> Vec<Reference> {
        let mut refs = Vec::new();
        self.anaphors(s, &mut refs);
        // A person's name or part of it with a title: only a person named
        // before can be meant, and only where a title is written.
        if !self.persons.is_empty() && self.lexicon.has_title(s.text) {
            self.surnames_with_titles(s, registry, &mut refs);
            self.last_names_with_titles(s, registry, &mut refs);
        }
        self.full_names(s, registry, &mut refs);
        self.delegations(s, &mut refs);
        refs
    }

    /// `도`, `본 도`, `시는`: the article's own province or city.
    fn anaphors(&self, s: &Sentence, refs: &mut Vec<Reference>) {
        for (re, word, main) in [(&*ANAPHOR_PROVINCE, '도', self.main_province), (&*ANAPHOR_CITY, '시', self.main_city)]
        {
            let Some(main) = main else { continue };
            // Nothing before the group can be its word (`본 `, `우리 `, an opening
            // mark), so the group is where the word first stands in the match.
            for m in s.text.contains(word).then(|| re.find_iter(s.text)).into_iter().flatten() {
                let Some(at) = m.as_str().find(word) else { continue };
                let (start, end) = (m.start() + at, m.start() + at + word.len_utf8());
                if !covered(s, start, end) {
                    refs.push((start, end, main, None));
                }
            }
        }
    }

    /// `김 지사`, `김 차관보`: a surname and a title. The groups are read off
    /// the match (the surname runs to its one space) rather than asked of
    /// the slower capturing search.
    fn surnames_with_titles(&self, s: &Sentence, registry: &Registry, refs: &mut Vec<Reference>) {
        for (surname_start, title_start, end) in short_references(s.text) {
            let surname = &s.text[surname_start..title_start - 1];
            let title = &s.text[title_start..end];
            let title_text = strip_particles(title);
            let Some(t) = self.lexicon.title(title_text) else { continue };
            let found = self.persons.iter().copied().find(|&p| {
                let a = &registry.actors[p];
                a.name.starts_with(surname)
                    && a.title.as_deref().is_none_or(|at| {
                        at.ends_with(&t.canonical) || t.canonical.ends_with(at) || at.contains(title_text)
                    })
            });
            if let Some(p) = found {
                let end = title_start + title_text.len();
                if !covered(s, surname_start, end) {
                    refs.push((surname_start, end, p, Some(s.text[surname_start..end].to_string())));
                }
            }
        }
    }

    /// `미르자예프 주지사`: a foreign person's last name and a title.
    fn last_names_with_titles(&self, s: &Sentence, registry: &Registry, refs: &mut Vec<Reference>) {
        for &p in &self.persons {
            let name = &registry.actors[p].name;
            let Some(last) = name.split_whitespace().last().filter(|l| *l != name.as_str() && l.chars().count() >= 2)
            else {
                continue;
            };
            for (pos, _) in s.text.match_indices(last) {
                let after = &s.text[pos + last.len()..];
                let Some(rest) = after.strip_prefix(' ') else { continue };
                let word: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                let title = strip_particles(&word);
                if self.lexicon.title(title).is_some() && !covered(s, pos, pos + last.len()) {
                    let end = pos + last.len() + 1 + title.len();
                    refs.push((pos, end, p, Some(s.text[pos..end].to_string())));
                }
            }
        }
    }

    /// Full names of persons found elsewhere in the article.
    fn full_names(&self, s: &Sentence, registry: &Registry, refs: &mut Vec<Reference>) {
        for &p in &self.persons {
            let name = registry.actors[p].name.as_str();
            for (pos, _) in s.text.match_indices(name) {
                if !covered(s, pos, pos + name.len()) {
                    refs.push((pos, pos + name.len(), p, None));
                }
            }
        }
    }

    /// `대표단은`: the delegation last named with its body (`서호주주 정부 대표단이`).
    fn delegations(&mut self, s: &Sentence, refs: &mut Vec<Reference>) {
        // Both regexes need one of these words; most sentences have none.
        if !["대표단", "방문단", "사절단", "일행"].iter().any(|w| s.text.contains(w)) {
            return;
        }
        let mut own: Vec<(usize, usize)> = Vec::new();
        for (m, a) in s.mentions.iter().zip(&s.actors) {
            let Some(a) = a else { continue };
            let rest = &s.text[m.end..];
            if let Some(c) = DELEGATION_OF.captures(rest).or_else(|| COMPOSED_DELEGATION.captures(rest)) {
                let head = c.get(1).unwrap();
                own.push((m.end + head.start(), m.end + head.end()));
                self.delegation = Some(*a);
            }
        }
        if let Some(d) = self.delegation {
            for c in BARE_DELEGATION.captures_iter(s.text) {
                let head = c.get(1).unwrap();
                if !own.iter().any(|&(a, b)| a <= head.start() && head.end() <= b)
                    && !covered(s, head.start(), head.end())
                {
                    refs.push((head.start(), head.end(), d, None));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::short_references;

    /// The regex `short_references` stands for, read the way it used to be.
    fn by_regex(text: &str) -> Vec<(usize, usize, usize)> {
        let re = Regex::new(r"(?:^|[\s“‘\(])([가-힣]{1,2}) ([가-힣]{1,6})").unwrap();
        re.captures_iter(text)
            .map(|c| (c.get(1).unwrap().start(), c.get(2).unwrap().start(), c.get(2).unwrap().end()))
            .collect()
    }

    #[test]
    fn finds_a_surname_and_the_title_after_it() {
        let text = "(김 지사는 이 장관과 만났다. 박철수 차관";
        let pairs: Vec<(&str, &str)> =
            short_references(text).iter().map(|&(a, t, e)| (&text[a..t - 1], &text[t..e])).collect();
        assert_eq!(pairs, [("김", "지사는"), ("이", "장관과")]);
        assert_eq!(short_references(text), by_regex(text));
    }

    proptest! {
        #[test]
        fn reads_text_as_the_regex_does(text in "[김이 지사장관는(“‘a,\n]{0,40}") {
            prop_assert_eq!(short_references(&text), by_regex(&text));
        }
    }
}
