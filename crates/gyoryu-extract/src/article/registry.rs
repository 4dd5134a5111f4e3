//! The article's actors: every mention filed under one actor per name (and
//! kind), the names an actor is also written by, and the merges that make
//! two actors one (`미르자예프` and `조이르 미르자예프`, `페르가나` and
//! `페르가나주`, `베트남 산업무역부` and `산업무역부`).

use rustc_hash::FxHashMap as HashMap;

use gyoryu_model::{name_key, Actor, ActorKind, Span};

use crate::korean::all_hangul;
use crate::lexicon::Lexicon;
use crate::mentions::Mention;

#[derive(Default)]
pub(super) struct Registry {
    pub(super) actors: Vec<Actor>,
    by_key: HashMap<(ActorKind, String), usize>,
    /// The actor each name as written was filed under, by kind: a name
    /// mentioned again needs no key.
    by_name: HashMap<String, Vec<(ActorKind, usize)>>,
    /// The key ([`key_of`]) of each actor's name, parallel to `actors`.
    keys: Vec<String>,
    /// How many times each actor is mentioned, for choosing the article's main actor.
    counts: Vec<usize>,
}

impl Registry {
    pub(super) fn add(&mut self, m: &Mention, offset: usize) -> usize {
        let span = Span { start: offset + m.start, end: offset + m.end };
        let seen = self
            .by_name
            .get(m.name.as_str())
            .and_then(|filed| filed.iter().find(|(k, _)| *k == m.kind))
            .map(|&(_, i)| i);
        let index = match seen {
            Some(i) => i,
            None => {
                let key = (m.kind, key_of(&m.name));
                let index = match self.by_key.get(&key) {
                    Some(&i) => i,
                    None => {
                        self.actors.push(Actor {
                            kind: m.kind,
                            name: m.name.clone(),
                            aliases: Vec::new(),
                            title: None,
                            affiliation: None,
                            confidence: 0.0,
                            mentions: Vec::new(),
                        });
                        self.counts.push(0);
                        self.keys.push(key.1.clone());
                        self.by_key.insert(key, self.actors.len() - 1);
                        self.actors.len() - 1
                    }
                };
                self.by_name.entry(m.name.clone()).or_default().push((m.kind, index));
                index
            }
        };
        let actor = &mut self.actors[index];
        actor.confidence = actor.confidence.max(m.confidence());
        actor.mentions.push(span);
        self.counts[index] += 1;
        for alias in std::iter::once(&m.surface).chain(&m.aliases) {
            add_alias(actor, &self.keys[index], alias);
        }
        if actor.title.is_none() {
            actor.title = m.title.clone();
        }
        index
    }

    /// `미르자예프 주지사` after `조이르 미르자예프 … 주지사`: a person named by one
    /// word that is the first or last word of another person's full name is that
    /// person. Returns, per actor, the actor it was merged into.
    pub(super) fn merge_partial_persons(&mut self) -> Vec<Option<usize>> {
        let mut merged = vec![None; self.actors.len()];
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if a.kind != ActorKind::Person || a.name.contains(' ') {
                continue;
            }
            let full = (0..self.actors.len()).find(|&q| {
                let b = &self.actors[q];
                q != p
                    && b.kind == ActorKind::Person
                    && b.name.contains(' ')
                    && (b.name.split(' ').next_back() == Some(a.name.as_str())
                        || b.name.split(' ').next() == Some(a.name.as_str()))
            });
            let Some(q) = full else { continue };
            self.absorb(q, p, &mut merged);
        }
        merged
    }

    /// Among the actors `eligible` allows, the one the article mentions most,
    /// when no other is mentioned as often.
    pub(super) fn most_mentioned(&self, eligible: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Vec<usize> = Vec::new();
        for b in (0..self.actors.len()).filter(|&b| eligible(b)) {
            match best.first().map(|&x| self.counts[x].cmp(&self.counts[b])) {
                None | Some(std::cmp::Ordering::Equal) => best.push(b),
                Some(std::cmp::Ordering::Less) => best = vec![b],
                Some(std::cmp::Ordering::Greater) => {}
            }
        }
        (best.len() == 1).then(|| best[0])
    }

    /// Points every actor's body at the actor it was merged into.
    pub(super) fn follow_merges(&mut self, merged: &[Option<usize>]) {
        for actor in self.actors.iter_mut() {
            actor.affiliation = actor.affiliation.map(|b| merged_into(merged, b));
        }
    }

    /// The actors, each index as the article's sentences refer to it.
    pub(super) fn into_actors(self) -> Vec<Actor> {
        self.actors
    }

    /// Makes actor `part` one with actor `whole`: its mentions, names, title
    /// and body go to `whole`, and `merged` records where it went.
    fn absorb(&mut self, whole: usize, part: usize, merged: &mut [Option<usize>]) {
        let emptied = Actor { mentions: Vec::new(), aliases: Vec::new(), ..self.actors[part].clone() };
        let taken = std::mem::replace(&mut self.actors[part], emptied);
        let key = self.keys[whole].clone();
        let into = &mut self.actors[whole];
        into.mentions.extend(taken.mentions);
        into.confidence = into.confidence.max(taken.confidence);
        into.title = into.title.take().or(taken.title);
        into.affiliation = into.affiliation.or(taken.affiliation);
        for alias in std::iter::once(&taken.name).chain(&taken.aliases) {
            add_alias(into, &key, alias);
        }
        self.counts[whole] += self.counts[part];
        merged[part] = Some(whole);
    }

    /// `페르가나` beside `페르가나주`, `삿포로` beside `삿포로시`: a foreign
    /// place written with and without its one-syllable suffix is one place,
    /// under its whole written name (and the suffix's kind: `주` is a
    /// province). Korean places need no such rule: the gazetteer names them;
    /// and two places the gazetteer knows apart (`타슈켄트`, the capital, and
    /// `타슈켄트주`, the region around it) stay apart.
    /// Marks in `merged` the actors merged away.
    pub(super) fn merge_place_stems(&mut self, lexicon: &Lexicon, merged: &mut [Option<usize>]) {
        let is_place = |a: &Actor| matches!(a.kind, ActorKind::Province | ActorKind::City);
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if merged[p].is_some() || !is_place(a) || a.mentions.is_empty() || lexicon.in_korea(&a.name) {
                continue;
            }
            let whole = (0..self.actors.len()).find(|&q| {
                let b = &self.actors[q];
                q != p
                    && merged[q].is_none()
                    && is_place(b)
                    && b.name.strip_prefix(a.name.as_str()).is_some_and(|rest| {
                        rest.chars().count() == 1
                            && lexicon
                                .kind_by_suffix(&b.name)
                                .is_some_and(|(kind, suffix)| kind.is_place() && suffix == rest)
                    })
            });
            let Some(q) = whole else { continue };
            if lexicon.entry_by_name(&self.actors[p].name).is_some()
                && lexicon.entry_by_name(&self.actors[q].name).is_some()
            {
                continue;
            }
            self.absorb(q, p, merged);
        }
    }

    /// `로스엔젤레스(LA)`: a place with another name of it in brackets is one
    /// place, whatever spelling each was found under. The one the gazetteer
    /// knows keeps its name, so that articles spelling it differently meet
    /// in the graph; the other becomes its alias.
    pub(super) fn merge_bracketed_names(
        &mut self,
        lexicon: &Lexicon,
        pairs: &[(usize, usize)],
        merged: &mut [Option<usize>],
    ) {
        for &(outer, inner) in pairs {
            let (outer, inner) = (merged_into(merged, outer), merged_into(merged, inner));
            let (a, b) = (&self.actors[outer], &self.actors[inner]);
            if outer == inner || !a.kind.is_place() || !b.kind.is_place() || a.kind == ActorKind::Country {
                continue;
            }
            let known = |n: &str| lexicon.entry_by_name(n).is_some();
            // Two places the gazetteer tells apart are not one.
            if known(&a.name) && known(&b.name) {
                continue;
            }
            if known(&b.name) {
                self.absorb(inner, outer, merged);
            } else {
                self.absorb(outer, inner, merged);
            }
        }
    }

    /// `베트남 산업무역부`: a body named after its place is also known without it,
    /// and a body written both ways is one actor.
    pub(super) fn merge_place_prefixed(&mut self, lexicon: &Lexicon, merged: &mut [Option<usize>]) {
        for p in 0..self.actors.len() {
            let a = &self.actors[p];
            if merged[p].is_some() || a.kind == ActorKind::Person || a.kind.is_place() {
                continue;
            }
            let Some((first, rest)) = a.name.split_once(' ') else { continue };
            if rest.chars().count() < 2 || !lexicon.entry_by_name(first).is_some_and(|e| e.kind.is_place()) {
                continue;
            }
            let (kind, rest) = (a.kind, rest.to_string());
            let key = self.keys[p].clone();
            add_alias(&mut self.actors[p], &key, &rest);
            let Some(q) = (0..self.actors.len())
                .find(|&q| q != p && merged[q].is_none() && self.actors[q].kind == kind && self.actors[q].name == rest)
            else {
                continue;
            };
            self.absorb(p, q, merged);
        }
    }

    pub(super) fn note_reference(&mut self, actor: usize, span: Span, alias: Option<&str>) {
        let a = &mut self.actors[actor];
        a.mentions.push(span);
        self.counts[actor] += 1;
        if let Some(alias) = alias {
            add_alias(a, &self.keys[actor], alias);
        }
    }

    /// The Korean province or city the article is about: the omitted subject
    /// of its sentences and the referent of `도`/`시`.
    pub(super) fn main_actor(&self, lexicon: &Lexicon, kind: Option<ActorKind>) -> Option<usize> {
        self.main_actor_among(lexicon, kind, &vec![true; self.actors.len()])
    }

    /// [`Registry::main_actor`] among the actors `eligible` allows.
    pub(super) fn main_actor_among(
        &self,
        lexicon: &Lexicon,
        kind: Option<ActorKind>,
        eligible: &[bool],
    ) -> Option<usize> {
        (0..self.actors.len())
            .filter(|&i| eligible[i])
            .filter(|&i| {
                let a = &self.actors[i];
                matches!(a.kind, ActorKind::Province | ActorKind::City)
                    && kind.is_none_or(|k| k == a.kind)
                    && lexicon.in_korea(&a.name)
            })
            .max_by_key(|&i| (self.counts[i], std::cmp::Reverse(self.actors[i].mentions[0].start)))
    }
}

/// The one rule for when two names are one: [`gyoryu_model::name_key`],
/// answered without its normalisation where it would change nothing. Most
/// names are Hangul syllables alone, which are in NFC and have no case,
/// spaces or dots: their key is the name itself, unless it holds the one
/// Hangul company marker.
fn key_of(name: &str) -> String {
    if all_hangul(name) && !name.contains("주식회사") {
        name.to_string()
    } else {
        name_key(name)
    }
}

/// `key` is `key_of(&actor.name)`.
fn add_alias(actor: &mut Actor, key: &str, alias: &str) {
    let alias = alias.trim();
    // A surface with its romanisation in brackets is not a name of its own.
    if alias.is_empty() || alias.contains('(') {
        return;
    }
    // Most mentions repeat the name or a known alias: settle those before
    // computing two keys.
    if alias == actor.name || actor.aliases.iter().any(|a| a == alias) || key_of(alias) == key {
        return;
    }
    actor.aliases.push(alias.to_string());
}

/// The actor `a` ended up in after the merges so far: merges chain when a
/// place that took in its bracketed name is itself taken in by its stem.
pub(super) fn merged_into(merged: &[Option<usize>], mut a: usize) -> usize {
    while let Some(b) = merged[a] {
        a = b;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_name_keys() {
        let lexicon = Lexicon::builtin().unwrap();
        let mut names: Vec<String> = lexicon.names().map(|(s, _)| s.to_string()).collect();
        names.extend(lexicon.entries().map(|e| e.name.clone()));
        names.extend(
            [
                "",
                "가나주식회사",
                "주식회사 가나",
                "㈜가나",
                "(주)가나",
                "한·미",
                "KOTRA",
                "Kotra 센터",
                "전북 특별자치도",
            ]
            .map(String::from),
        );
        for n in &names {
            assert_eq!(key_of(n), name_key(n), "{n}");
        }
    }
}
