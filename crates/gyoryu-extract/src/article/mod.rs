//! From the mentions of every sentence to the article's actors and events.
//!
//! The steps, each in its own module:
//! 1. `registry` files each mention under an actor and merges the actors
//!    that are one;
//! 2. `references` resolves what is not a name (`도`, `김 지사`, `대표단은`);
//! 3. `affiliations` gives persons their bodies;
//! 4. `locators` tells places that act from places written only to locate
//!    something else;
//! 5. `events` reads the sentences in order for events: `candidates`
//!    per trigger, with `participants` and a day and status (`status`),
//!    merged into one per happening (`merge`);
//! 6. `finish` keeps what is confident enough and numbers it.

mod affiliations;
mod candidates;
mod events;
mod locators;
mod merge;
mod participants;
mod references;
mod registry;
mod status;

use gyoryu_model::{ActorKind, Document, Event, EventKind, Extraction, Span};

use crate::lexicon::Lexicon;
use crate::mentions::{Mention, MentionFinder};
use crate::sentences;
use crate::tokens::{Morpheme, Tokenizer};
use crate::ExtractOptions;
use candidates::Candidate;
use registry::Registry;

/// One analysed sentence.
struct Sentence<'a> {
    span: Span,
    text: &'a str,
    mentions: Vec<Mention>,
    /// Actor index of each mention, parallel to `mentions`.
    actors: Vec<Option<usize>>,
    /// Extra references (`도`, `김 지사`, `양측`) resolved to actors: (start, end, actor).
    references: Vec<(usize, usize, usize)>,
    /// Spans of quoted speech (`sentences::quoted_speech`).
    quoted: Vec<(usize, usize)>,
}

pub fn extract(lexicon: &Lexicon, tokenizer: &Tokenizer, doc: &Document, options: ExtractOptions) -> Extraction {
    let finder = MentionFinder { lexicon };
    let mut sentences: Vec<Sentence> = sentences::split(&doc.text)
        .into_iter()
        .map(|span| {
            let text = &doc.text[span.start..span.end];
            let morphemes: Vec<Morpheme> = tokenizer.tokenize(text);
            let (mentions, _titles) = finder.find(text, &morphemes);
            let quoted = sentences::quoted_speech(text);
            Sentence { span, actors: vec![None; mentions.len()], references: Vec::new(), text, mentions, quoted }
        })
        .collect();

    let mut registry = Registry::default();
    for s in sentences.iter_mut() {
        for (i, m) in s.mentions.iter().enumerate() {
            s.actors[i] = Some(registry.add(m, s.span.start));
        }
        affiliations::from_sentence(s, &mut registry);
    }
    let mut merged = registry.merge_partial_persons();
    registry.merge_bracketed_names(lexicon, &bracketed_pairs(&sentences), &mut merged);
    registry.merge_place_stems(lexicon, &mut merged);
    registry.merge_place_prefixed(lexicon, &mut merged);
    registry.follow_merges(&merged);
    for s in sentences.iter_mut() {
        for a in s.actors.iter_mut().flatten() {
            *a = registry::merged_into(&merged, *a);
        }
    }
    references::resolve(lexicon, &mut sentences, &mut registry);
    affiliations::from_references(&sentences, &mut registry);
    let (mut locators, main) = locators::locator_places(lexicon, &sentences, &registry);
    // A person merged into another is no actor of its own.
    for (i, m) in merged.iter().enumerate() {
        locators[i] |= m.is_some();
    }
    affiliations::by_default(lexicon, &mut registry, main, &locators);
    affiliations::to_councils(lexicon, &mut registry);
    for s in sentences.iter_mut() {
        for a in s.actors.iter_mut() {
            if a.is_some_and(|i| locators[i]) {
                *a = None;
            }
        }
    }
    // Without a dateline, relative days are told from the latest date the text writes out.
    let told_from = doc.published.or_else(|| crate::dates::latest_written_date(&doc.text));
    let events = events::find_events(lexicon, &sentences, &registry, told_from, main);
    finish(registry, events, &sentences, doc, options, &locators)
}

/// Actors written `A(B)`: a mention, an opening bracket and a mention that
/// fills the bracket.
fn bracketed_pairs(sentences: &[Sentence]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for s in sentences {
        for (i, pair) in s.mentions.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let filled = s.text.get(a.end..b.start) == Some("(") && s.text[b.end..].starts_with(')');
            if let (true, Some(x), Some(y)) = (filled, s.actors[i], s.actors[i + 1]) {
                pairs.push((x, y));
            }
        }
    }
    pairs
}

/// The extraction: events with their labels and confidence, and the actors
/// above the threshold that are not mere locators, renumbered.
fn finish(
    registry: Registry,
    candidates: Vec<Candidate>,
    sentences: &[Sentence],
    doc: &Document,
    options: ExtractOptions,
    locators: &[bool],
) -> Extraction {
    let actors = registry.into_actors();
    let mut events: Vec<Event> = candidates
        .into_iter()
        .map(|c| {
            let names: Vec<&str> = c
                .participants
                .iter()
                .filter(|&&p| actors[p].kind != ActorKind::Person)
                .take(2)
                .map(|&p| actors[p].name.as_str())
                .collect();
            let label = match &c.label_hint {
                Some(h) if h.chars().count() > c.trigger.chars().count() + 1 => h.clone(),
                _ => format!("{} {}", names.join("·"), c.trigger).trim().to_string(),
            };
            // One signs with, visits or meets someone: such an event that links
            // no two actors is mostly a trigger read out of context, below the
            // default threshold and kept for those who ask. A forum may have
            // one host.
            let confidence = match (c.strong, c.participants.len() >= 2) {
                (true, true) => 0.85,
                (true, false) if c.kind == EventKind::Forum => 0.6,
                (true, false) => 0.45,
                (false, true) => 0.65,
                (false, false) => 0.4,
            };
            Event {
                kind: c.kind,
                label,
                participants: c.participants,
                date: c.date,
                end_date: c.end_date,
                location: c.location,
                status: c.status,
                trigger: c.trigger,
                evidence: sentences[c.sentence].text.to_string(),
                amounts: c.amounts,
                fields: c.fields,
                confidence,
            }
        })
        .filter(|e| e.confidence >= options.min_confidence)
        .collect();

    // Keep actors above the threshold, and renumber references to them.
    let keep: Vec<bool> =
        actors.iter().zip(locators).map(|(a, &locator)| a.confidence >= options.min_confidence && !locator).collect();
    let mut new_index = vec![None; actors.len()];
    let mut kept = Vec::new();
    for (i, a) in actors.into_iter().enumerate() {
        if keep[i] {
            new_index[i] = Some(kept.len());
            kept.push(a);
        }
    }
    for a in kept.iter_mut() {
        a.affiliation = a.affiliation.and_then(|i| new_index[i]);
        a.mentions.sort();
        a.mentions.dedup();
    }
    for e in events.iter_mut() {
        e.participants = e.participants.iter().filter_map(|&p| new_index[p]).collect();
        e.location = e.location.and_then(|l| new_index[l]);
    }
    events.retain(|e| !e.participants.is_empty());
    Extraction { document: doc.clone(), actors: kept, events }
}
