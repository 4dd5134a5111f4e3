//! The RDF exports: Turtle and N-Triples write the default graph, N-Quads
//! and TriG each named graph.
//!
//! Every writer streams: it reads the source pattern by pattern and writes
//! each statement as it reads it, so its memory does not grow with the store
//! (the largest thing held is, for Turtle and N-Triples, the ontology's own
//! triples). Output follows the source's order (see [`QuadSource`]), each
//! subject's `rdf:type` statements first so Turtle opens a resource with its
//! class; N-Quads and TriG go graph by graph.

use std::collections::HashSet;
use std::io::Write;

use gyoryu_graph::{article, vocab};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Triple, TripleRef};

use crate::format::GraphWriter;
use crate::{ExportError, QuadSource};

/// The RDF syntaxes the store exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RdfSyntax {
    Turtle,
    NTriples,
    NQuads,
    TriG,
}

impl RdfSyntax {
    fn format(self) -> RdfFormat {
        match self {
            RdfSyntax::Turtle => RdfFormat::Turtle,
            RdfSyntax::NTriples => RdfFormat::NTriples,
            RdfSyntax::NQuads => RdfFormat::NQuads,
            RdfSyntax::TriG => RdfFormat::TriG,
        }
    }

    fn keeps_graphs(self) -> bool {
        matches!(self, RdfSyntax::NQuads | RdfSyntax::TriG)
    }
}

/// Turtle and N-Triples flatten all article graphs into one (a triple stated
/// by several articles is written once); N-Quads and TriG keep the graphs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RdfWriter {
    pub syntax: RdfSyntax,
    pub include_ontology: bool,
}

impl GraphWriter for RdfWriter {
    fn write(&self, source: &dyn QuadSource, out: &mut dyn Write) -> Result<(), ExportError> {
        let mut serializer = prefixed_serializer(self.syntax.format()).for_writer(&mut *out);
        if self.syntax.keeps_graphs() {
            for graph in source.named_graphs()? {
                let graph = GraphName::from(graph?);
                if !self.include_ontology && article::is_ontology_graph(graph.as_ref()) {
                    continue;
                }
                for_each_quad_of_graph(source, graph.as_ref(), |quad| {
                    serializer.serialize_quad(&quad)?;
                    Ok(())
                })?;
            }
        } else {
            // The default graph already is the de-duplicated union; only the
            // ontology's own triples may have to be left out.
            let ontology_only: HashSet<Triple> = if self.include_ontology {
                HashSet::new()
            } else {
                let mut only = HashSet::new();
                let ontology = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
                for quad in source.quads_matching(None, None, None, Some(ontology.into()))? {
                    let triple = Triple::from(quad?);
                    if !held_by_article(source, triple.as_ref())? {
                        only.insert(triple);
                    }
                }
                only
            };
            for_each_quad_of_graph(source, GraphNameRef::DefaultGraph, |quad| {
                let triple = Triple::from(quad);
                if !ontology_only.contains(&triple) {
                    serializer.serialize_triple(&triple)?;
                }
                Ok(())
            })?;
        }
        serializer.finish()?;
        Ok(())
    }
}

/// Whether an article graph (not the ontology's) holds `triple`.
fn held_by_article(source: &dyn QuadSource, triple: TripleRef<'_>) -> Result<bool, ExportError> {
    for quad in source.quads_matching(Some(triple.subject), Some(triple.predicate), Some(triple.object), None)? {
        if article::is_article_graph(quad?.graph_name.as_ref()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Hands `emit` every quad of `graph`, subject by subject as the source
/// orders them, each subject's `rdf:type` statements first.
fn for_each_quad_of_graph(
    source: &dyn QuadSource,
    graph: GraphNameRef<'_>,
    mut emit: impl FnMut(Quad) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let mut subject: Option<NamedOrBlankNode> = None;
    for quad in source.quads_matching(None, None, None, Some(graph))? {
        let quad = quad?;
        if subject.as_ref() != Some(&quad.subject) {
            for typed in source.quads_matching(Some(quad.subject.as_ref()), Some(vocab::RDF_TYPE), None, Some(graph))? {
                emit(typed?)?;
            }
            subject = Some(quad.subject.clone());
        }
        if quad.predicate.as_ref() != vocab::RDF_TYPE {
            emit(quad)?;
        }
    }
    Ok(())
}

/// Which prefixes an RDF serializer declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefixes {
    /// The predeclared ones ([`vocab::PREFIXES`]).
    Vocabulary,
    /// Those and one per id folder (`province:`, `event:` …), so that names
    /// read plainly in Turtle and TriG.
    WithIdFolders,
}

/// An RDF serializer that knows gyoryu's prefixes (ignored by the line formats).
pub fn serializer_with(format: RdfFormat, prefixes: Prefixes) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    let folders = match prefixes {
        Prefixes::Vocabulary => Vec::new(),
        Prefixes::WithIdFolders => vocab::id_folder_prefixes(),
    };
    let declared = vocab::PREFIXES.iter().map(|&(prefix, namespace)| (prefix, namespace));
    for (prefix, namespace) in declared.chain(folders.iter().map(|(prefix, namespace)| (&**prefix, &**namespace))) {
        serializer = serializer.with_prefix(prefix, namespace).expect("gyoryu's prefixes are valid IRIs");
    }
    serializer
}

/// The serializer the exports and printed graphs use: every prefix.
pub(crate) fn prefixed_serializer(format: RdfFormat) -> RdfSerializer {
    serializer_with(format, Prefixes::WithIdFolders)
}

/// Orders triples by subject with `rdf:type` first, so Turtle groups each
/// resource under one subject and opens it with its class.
pub(crate) fn sort_triples(triples: &mut [Triple]) {
    triples.sort_by_cached_key(|triple| {
        (
            triple.subject.to_string(),
            triple.predicate.as_ref() != vocab::RDF_TYPE,
            triple.predicate.to_string(),
            triple.object.to_string(),
        )
    });
}
