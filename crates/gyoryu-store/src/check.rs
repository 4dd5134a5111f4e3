//! Verifying that a store still has the shape `gyoryu build` gives it.
//!
//! Everything downstream (SPARQL examples, exports, `remove`, re-ingestion)
//! assumes one article per named graph, named after its document, with every
//! link staying inside that graph. A store edited by hand, loaded from an
//! outside dump or written by an older gyoryu can break that silently; the
//! check names each break so a person can find it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use gyoryu_export::QueryAnswer;
use gyoryu_graph::article::{self, Category, Relation};
use gyoryu_graph::vocab;
use oxigraph::model::{NamedOrBlankNode, Quad, Term};

use crate::{Store, StoreError};

/// What [`Store::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Article graphs examined (every named graph except the ontology's).
    pub documents: usize,
    /// One sentence per problem, naming the graph and the resource; empty
    /// when the store is sound. Sorted by graph so output is stable.
    pub problems: Vec<String>,
    /// What is worth knowing but leaves the store sound: derived facts that
    /// the next write brings up to date.
    pub notes: Vec<String>,
}

impl CheckReport {
    /// True when no problem was found.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        if self.is_sound() {
            write!(f, "{} article graphs checked: the store is sound", self.documents)
        } else {
            write!(
                f,
                "{} article graphs checked: {} problem{} found",
                self.documents,
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// Sample size when the default graph and the named graphs disagree: enough
/// to show what is wrong without flooding the report.
const DEFAULT_GRAPH_EXAMPLES: usize = 3;

/// Named-graph triples missing from the default graph. The test runs on
/// oxigraph's encoded terms, so a whole store is checked without looking up
/// a single string until there is something to report.
const MISSING_FROM_DEFAULT: &str = "{ GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }";
/// Default-graph triples that no named graph states.
const ONLY_IN_DEFAULT: &str = "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }";

impl Store {
    /// Checks that every article graph is well formed; see [`CheckReport`].
    ///
    /// For each named graph other than the ontology's: exactly one
    /// `gy:Document`, whose IRI is the graph name and which has a
    /// `gy:sourceFile` and a `gy:contentHash`; every event has a participant,
    /// and its participants and location are actors typed in the same graph;
    /// every event's `gy:source` is that document; every actor has an
    /// `rdfs:label` and is `gy:mentionedIn` that document, and its
    /// `gy:affiliation` is an actor of the graph. The default graph must be
    /// exactly the set union of the named graphs (articles and ontology).
    /// Problems in the data are reported, never returned as errors; only a
    /// failure to read the store is an `Err`.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let mut report = CheckReport::default();

        // Damage first: queries over a damaged table can fail anywhere, or
        // read garbage as sizes. Every table is read once with its checksums.
        if let Some(path) = &self.path {
            // The files this store reads: a view's while a writer is busy.
            let files = self.view.as_ref().map_or(path.as_path(), |view| view.path());
            if let Err(message) = crate::verify::scan_tables(files) {
                report.problems.push(format!(
                    "the store {} is damaged: {message}; restore it from a copy, or delete it and run `gyoryu build` again",
                    path.display()
                ));
                return Ok(report);
            }
        }

        self.check_default_graph(&mut report.problems)?;

        for graph in self.document_graphs()? {
            report.documents += 1;
            // One article graph at a time keeps memory bounded by the
            // largest article, not the store.
            let quads: Vec<Quad> = self
                .inner
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .collect::<Result<_, _>>()?;
            check_graph(&graph, &quads, &mut report.problems);
        }
        // A build stopped between writing articles and their counts leaves
        // counts missing or stale: derived, so a note, not a problem.
        let stale = self.statistics_changes(Default::default())?;
        if stale.len() > 0 {
            let actors: BTreeSet<String> = stale
                .remove
                .iter()
                .map(|q| q.subject.to_string())
                .chain(stale.add.iter().map(|q| q.subject.to_string()))
                .collect();
            report.notes.push(format!(
                "the event counts (gy:eventCount) of {} actor{} are out of date; the next `gyoryu build` or `remove` brings them up to date",
                actors.len(),
                if actors.len() == 1 { "" } else { "s" }
            ));
        }
        Ok(report)
    }
}

impl Store {
    fn check_default_graph(&self, problems: &mut Vec<String>) -> Result<(), StoreError> {
        let missing = self.count(&format!("SELECT (COUNT(*) AS ?n) WHERE {MISSING_FROM_DEFAULT}"))?;
        let extra = self.count(&format!("SELECT (COUNT(*) AS ?n) WHERE {ONLY_IN_DEFAULT}"))?;
        if missing == 0 && extra == 0 {
            return Ok(());
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let default_is_empty = self.count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")? == 0;
        if default_is_empty && extra == 0 {
            problems.push(format!(
                "the default graph is empty but the article graphs hold {missing} triple{}: \
                 the store was written by an older gyoryu that kept facts only in article graphs; \
                 rebuild it (delete the store folder and run `gyoryu build` again)",
                plural(missing)
            ));
            return Ok(());
        }
        if missing > 0 {
            let examples = self
                .examples(&format!("SELECT ?s ?p ?o ?g WHERE {MISSING_FROM_DEFAULT} LIMIT {DEFAULT_GRAPH_EXAMPLES}"))?;
            problems.push(format!(
                "{missing} triple{} of named graphs {} missing from the default graph, which must be their union (e.g. {examples})",
                plural(missing),
                if missing == 1 { "is" } else { "are" }
            ));
        }
        if extra > 0 {
            let examples =
                self.examples(&format!("SELECT ?s ?p ?o WHERE {ONLY_IN_DEFAULT} LIMIT {DEFAULT_GRAPH_EXAMPLES}"))?;
            problems.push(format!(
                "the default graph holds {extra} triple{} that no article graph or ontology states, but every fact must sit in an article graph (e.g. {examples})",
                plural(extra)
            ));
        }
        Ok(())
    }

    /// The rows of a small SELECT, each as its terms joined by spaces.
    fn examples(&self, sparql: &str) -> Result<String, StoreError> {
        let QueryAnswer::Solutions { rows, .. } = self.query(sparql)? else {
            return Ok(String::new());
        };
        Ok(rows
            .iter()
            .map(|row| {
                let terms: Vec<String> = row.iter().flatten().map(ToString::to_string).collect();
                match terms.as_slice() {
                    [s, p, o, g] => format!("{s} {p} {o} in {g}"),
                    _ => terms.join(" "),
                }
            })
            .collect::<Vec<_>>()
            .join("; "))
    }
}

/// What one graph says about each subject, gathered in one pass.
#[derive(Default)]
struct Subject {
    types: BTreeSet<String>,
    /// Predicate IRI → objects.
    values: BTreeMap<String, Vec<Term>>,
}

impl Subject {
    fn objects(&self, predicate: oxigraph::model::NamedNodeRef<'_>) -> &[Term] {
        self.values.get(predicate.as_str()).map_or(&[], Vec::as_slice)
    }
}

fn check_graph(graph: &NamedOrBlankNode, quads: &[Quad], problems: &mut Vec<String>) {
    let document_class = vocab::DOCUMENT.as_str();

    let mut subjects: BTreeMap<String, Subject> = BTreeMap::new();
    for quad in quads {
        let entry = subjects.entry(quad.subject.to_string()).or_default();
        if quad.predicate == vocab::RDF_TYPE {
            if let Term::NamedNode(class) = &quad.object {
                entry.types.insert(class.as_str().to_owned());
            }
        }
        entry.values.entry(quad.predicate.as_str().to_owned()).or_default().push(quad.object.clone());
    }
    let is_a = |subject: &Subject, category: Category| {
        subject.types.iter().any(|class| article::category_of_class_iri(class) == Some(category))
    };
    let has_type = |subject: &str, category: Category| subjects.get(subject).is_some_and(|s| is_a(s, category));

    // The document: exactly one, named like its graph.
    let documents: Vec<&String> =
        subjects.iter().filter(|(_, s)| s.types.contains(document_class)).map(|(iri, _)| iri).collect();
    let graph_iri = graph.to_string();
    let document = match documents.as_slice() {
        [] => {
            problems.push(format!("graph {graph_iri} has no gy:Document"));
            None
        }
        [one] => Some(one.as_str()),
        many => {
            problems.push(format!(
                "graph {graph_iri} has {} gy:Documents ({}) but must have exactly one",
                many.len(),
                many.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
            ));
            None
        }
    };
    if let Some(doc) = document {
        if doc != graph_iri {
            problems
                .push(format!("graph {graph_iri} holds document {doc}, but a document's graph must be named after it"));
        }
        let fields = &subjects[doc];
        for (property, name) in article::REQUIRED_DOCUMENT_FACTS {
            if fields.objects(property).is_empty() {
                problems.push(format!("document {doc} in graph {graph_iri} has no {name}"));
            }
        }
    }
    // Links are judged against the graph's single document; with none (or
    // several) the document problem above already explains the graph.
    let points_at_document = |object: &Term| match (object, document) {
        // Subjects are keyed as written in N-Triples, `<iri>`.
        (Term::NamedNode(node), Some(doc)) => {
            doc.strip_prefix('<').and_then(|doc| doc.strip_suffix('>')) == Some(node.as_str())
        }
        _ => false,
    };

    let is_actor_link = |object: &Term| match object {
        Term::NamedNode(node) => has_type(&node.to_string(), Category::Actor),
        _ => false,
    };

    for (iri, subject) in &subjects {
        let is_event = is_a(subject, Category::Event);
        let is_actor = is_a(subject, Category::Actor);

        if is_event {
            let participants = subject.objects(Relation::Participant.predicate());
            if participants.is_empty() {
                problems.push(format!("event {iri} in graph {graph_iri} has no gy:participant"));
            }
            let location = subject.objects(Relation::Location.predicate());
            for (role, targets) in [(Relation::Participant.name(), participants), (Relation::Location.name(), location)]
            {
                for target in targets.iter().filter(|t| !is_actor_link(t)) {
                    problems.push(format!(
                        "event {iri} in graph {graph_iri} has {role} {target}, which is not an actor typed in that graph"
                    ));
                }
            }
            let sources = subject.objects(Category::Event.document_link());
            if sources.is_empty() {
                problems.push(format!("event {iri} in graph {graph_iri} has no gy:source"));
            }
            if document.is_some() {
                for source in sources.iter().filter(|s| !points_at_document(s)) {
                    problems.push(format!(
                        "event {iri} in graph {graph_iri} has gy:source {source}, not the graph's document"
                    ));
                }
            }
        }

        if is_actor {
            if subject.objects(vocab::RDFS_LABEL).is_empty() {
                problems.push(format!("actor {iri} in graph {graph_iri} has no rdfs:label"));
            }
            let mentions = subject.objects(Category::Actor.document_link());
            if document.is_some() && !mentions.iter().any(points_at_document) {
                problems.push(format!(
                    "actor {iri} in graph {graph_iri} has no gy:mentionedIn pointing at the graph's document"
                ));
            }
        }

        // Checked on every subject, not just typed actors: an affiliation
        // on an untyped node is just as dangling.
        for body in subject.objects(Relation::Affiliation.predicate()) {
            if !is_actor_link(body) {
                problems.push(format!(
                    "{iri} in graph {graph_iri} has gy:affiliation {body}, which is not an actor typed in that graph"
                ));
            }
        }
    }
}
