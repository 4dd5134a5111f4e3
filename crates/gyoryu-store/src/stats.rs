//! Facts derived from the whole store rather than read from one article,
//! kept in their own named graph ([`vocab::STATS_GRAPH`]) and brought up to
//! date after every write.
//!
//! Today that is each actor's number of distinct events (`gy:eventCount`).
//! "Who are the most connected actors" needs every actor's count and the
//! twentieth largest of them; SPARQL has to count all participant links
//! twice for that (about a second at 100,000 articles), where the stored
//! counts are one number an actor. Only the counts that changed are
//! written. A build writes them with its last batch of new articles
//! ([`crate::BatchWriter::finish`]): the bulk loader writes a quad for a
//! sixth of what a transaction costs, and a fresh store's counts are new
//! for every actor.

use std::collections::HashMap;

use gyoryu_graph::vocab;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::{GraphChange, Store, StoreError};

/// Participant links per actor, as counted by [`Store::statistics_changes`].
pub(crate) type LinkCounts = HashMap<NamedOrBlankNode, i64>;

/// What the stats graph needs to agree with the store.
#[derive(Debug, Default)]
pub(crate) struct StatisticsChanges {
    /// Counts no longer right.
    pub remove: Vec<Quad>,
    /// Counts to write, in a fixed order.
    pub add: Vec<Quad>,
}

impl StatisticsChanges {
    pub fn len(&self) -> usize {
        self.remove.len() + self.add.len()
    }

    /// The removals, then the additions, as one transaction's changes.
    pub fn into_graph_changes(self) -> Vec<GraphChange> {
        self.remove.into_iter().map(GraphChange::Delete).chain(self.add.into_iter().map(GraphChange::Insert)).collect()
    }
}

/// The actor a participant link's object names, if it is a node.
pub(crate) fn linked_actor(object: &Term) -> Option<NamedOrBlankNode> {
    match object {
        Term::NamedNode(node) => Some(NamedOrBlankNode::NamedNode(node.clone())),
        Term::BlankNode(node) => Some(NamedOrBlankNode::BlankNode(node.clone())),
        _ => None,
    }
}

/// A node's order in the stats graph: IRIs, then blank nodes, each by text.
fn node_key(node: &NamedOrBlankNode) -> (bool, &str) {
    match node {
        NamedOrBlankNode::NamedNode(node) => (false, node.as_str()),
        NamedOrBlankNode::BlankNode(node) => (true, node.as_str()),
    }
}

impl Store {
    /// Whether the store holds event counts at all (a store written before
    /// they were kept, or without a single event, has none).
    pub fn has_statistics(&self) -> Result<bool, StoreError> {
        Ok(self.inner.contains_named_graph(NamedNode::new_unchecked(vocab::STATS_GRAPH).as_ref())?)
    }

    /// Makes `gy:eventCount` in the stats graph agree with the default graph's
    /// `gy:participant` links, in one transaction: one count per actor that
    /// takes part in an event, none for one that no longer does. Returns how
    /// many counts were written or removed.
    pub fn refresh_statistics(&self) -> Result<usize, StoreError> {
        self.apply_statistics(self.statistics_changes(LinkCounts::new())?)
    }

    /// Writes `changes` in one transaction; returns how many counts they
    /// wrote or removed.
    pub(crate) fn apply_statistics(&self, changes: StatisticsChanges) -> Result<usize, StoreError> {
        let written = changes.len();
        if written > 0 {
            self.apply_changes(&changes.into_graph_changes())?;
        }
        Ok(written)
    }

    /// The changes that make the stats graph agree with the store once the
    /// `pending` links (of articles about to be committed, whose events are
    /// new, so none of their links is stored yet) are stored too.
    pub(crate) fn statistics_changes(&self, pending: LinkCounts) -> Result<StatisticsChanges, StoreError> {
        let stats = NamedNode::new_unchecked(vocab::STATS_GRAPH);
        // The default graph is a set: each (event, actor) link is there once,
        // however many articles state it.
        let mut counts = pending;
        for quad in self.inner.quads_for_pattern(None, Some(vocab::PARTICIPANT), None, Some(GraphNameRef::DefaultGraph))
        {
            if let Some(actor) = linked_actor(&quad?.object) {
                *counts.entry(actor).or_default() += 1;
            }
        }
        let mut changes = StatisticsChanges::default();
        for quad in self.inner.quads_for_pattern(None, Some(vocab::EVENT_COUNT), None, Some(stats.as_ref().into())) {
            let quad = quad?;
            let stored = match &quad.object {
                Term::Literal(value) => value.value().parse::<i64>().ok(),
                _ => None,
            };
            match counts.get(&quad.subject) {
                Some(&count) if stored == Some(count) => {
                    counts.remove(&quad.subject);
                }
                _ => changes.remove.push(quad),
            }
        }
        let mut fresh: Vec<(NamedOrBlankNode, i64)> = counts.into_iter().collect();
        fresh.sort_unstable_by(|(a, _), (b, _)| node_key(a).cmp(&node_key(b)));
        changes.add = fresh
            .into_iter()
            .map(|(actor, count)| Quad::new(actor, vocab::EVENT_COUNT, Literal::from(count), stats.clone()))
            .collect();
        Ok(changes)
    }
}
