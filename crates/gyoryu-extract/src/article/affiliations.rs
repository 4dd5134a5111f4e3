//! Persons' bodies: the body written with the title in the same sentence,
//! the article's own province or city written as `도`/`시` before a title,
//! and, failing those, the body the title and the article make likely.

use gyoryu_model::{Actor, ActorKind};

use super::registry::Registry;
use super::Sentence;
use crate::korean::is_korean_name;
use crate::lexicon::{Lexicon, Title};

/// Persons' affiliations point at mentions of the same sentence.
pub(super) fn from_sentence(s: &Sentence, registry: &mut Registry) {
    for (i, m) in s.mentions.iter().enumerate() {
        let body = m
            .affiliation_start
            .and_then(|start| s.mentions.iter().position(|b| b.start == start))
            .and_then(|b| s.actors[b]);
        if let (Some(person), Some(body)) = (s.actors[i], body) {
            if registry.actors[person].affiliation.is_none() && person != body {
                registry.actors[person].affiliation = Some(body);
            }
        }
    }
}

/// `남궁영 도 경제통상실장`, `정환중 시 국제교류담당관`: the article's own province
/// or city, written as `도`/`시` between a name and its title, is the person's body.
pub(super) fn from_references(sentences: &[Sentence], registry: &mut Registry) {
    for s in sentences {
        for (m, actor) in s.mentions.iter().zip(&s.actors) {
            let Some(p) = *actor else { continue };
            if m.kind != ActorKind::Person || registry.actors[p].affiliation.is_some() {
                continue;
            }
            let body = s.references.iter().find(|&&(start, _, b)| {
                start >= m.end && s.text[m.end..start].trim().is_empty() && registry.actors[b].kind.is_place()
            });
            if let Some(&(_, _, b)) = body {
                registry.actors[p].affiliation = Some(b);
            }
        }
    }
}

/// `김 지사`, `염홍철 시장`, `김경수 총장`: an official of the article's own side
/// named with a title but no body. The body is the article's own province or
/// city when the title belongs to one, else the one body of the title's kind
/// the article speaks of most; a `시장` of a metropolitan city (`울산광역시`,
/// filed as a province) is its mayor too.
///
/// `우에다 시장`, `리러청 성장`: a foreign official with the title of a place's
/// head and no body belongs to the foreign place of that kind the article
/// speaks of most, when one leads. Other foreign officials are left alone:
/// their body is whichever partner the sentence names.
pub(super) fn by_default(lexicon: &Lexicon, registry: &mut Registry, main: Option<usize>, locators: &[bool]) {
    // A metropolitan city is filed as a province but is headed by a 시장.
    let heads = |title: &Title, place: &Actor| {
        title.body_kinds.first() == Some(&place.kind)
            || (place.kind == ActorKind::Province
                && place.name.ends_with('시')
                && title.body_kinds.contains(&ActorKind::City))
    };
    for p in 0..registry.actors.len() {
        let a = &registry.actors[p];
        if a.kind != ActorKind::Person || a.affiliation.is_some() || locators[p] {
            continue;
        }
        let Some(title) = a.title.as_deref().and_then(|t| lexicon.title(t)) else { continue };
        if !is_korean_name(&a.name) {
            if !title.body_kinds.first().is_some_and(|k| matches!(k, ActorKind::Province | ActorKind::City)) {
                continue;
            }
            let place = registry.most_mentioned(|b| {
                let place = &registry.actors[b];
                !locators[b] && !place.mentions.is_empty() && heads(title, place) && !lexicon.in_korea(&place.name)
            });
            registry.actors[p].affiliation = place;
            continue;
        }
        // Other bodies: those of the first kind of body the title names that is no place
        // (`의원`: a council, once no province or city heads it).
        let body_kind = title.body_kinds.iter().find(|k| !k.is_place());
        let body = match main {
            Some(m) if heads(title, &registry.actors[m]) => Some(m),
            _ => registry.most_mentioned(|b| {
                let actor = &registry.actors[b];
                !locators[b] && !actor.kind.is_place() && body_kind == Some(&actor.kind)
            }),
        };
        registry.actors[p].affiliation = body;
    }
}

/// `문승우 전북도의회 의장`, `문승우 의장`: a council's post (a chair, a member)
/// given a place belongs to the place's council when the article names that
/// council (`전북도의회`), a body of its own, not to the place.
pub(super) fn to_councils(lexicon: &Lexicon, registry: &mut Registry) {
    for p in 0..registry.actors.len() {
        let person = &registry.actors[p];
        let (Some(title), Some(place)) = (person.title.as_deref(), person.affiliation) else { continue };
        if person.kind != ActorKind::Person
            || !lexicon.is_council_post(title)
            || !registry.actors[place].kind.is_place()
        {
            continue;
        }
        let place = &registry.actors[place];
        let names: Vec<&str> =
            std::iter::once(place.name.as_str()).chain(place.aliases.iter().map(String::as_str)).collect();
        let council = (0..registry.actors.len()).find(|&c| {
            let body = &registry.actors[c];
            body.kind == ActorKind::Organization
                && !body.mentions.is_empty()
                && lexicon.kind_by_suffix(&body.name).is_some_and(|(_, suffix)| lexicon.is_council(suffix))
                && names.iter().any(|n| {
                    body.name.strip_prefix(n).is_some_and(|rest| lexicon.is_council(rest) && rest.chars().count() <= 3)
                })
        });
        if let Some(c) = council {
            registry.actors[p].affiliation = Some(c);
        }
    }
}
