//! The knowledge graph: how actors and events from many articles become one
//! graph, and how that graph is written as RDF.
//!
//! * [`vocab`] holds every RDF term gyoryu writes.
//! * [`article`] is the RDF shape of one article (its graph, the classes and
//!   links of its document, actors and events), which writing, reading back,
//!   checking and the remote client all take from it.
//! * [`rdf`] mints deterministic IRIs and maps one article's [`Extraction`]
//!   to the quads of its own named graph. Because an actor's IRI depends only
//!   on its kind and canonical name, the same actor found in two articles (or
//!   on two machines) is one node once the graphs are put together.
//! * [`network`] is the in-memory `petgraph` view of actors and events across
//!   all articles, built from those quads, for network measures (degree); its
//!   `NodeFacts` turns one subject's quads into a node, which is how the
//!   streamed GraphML/GEXF exports read the network one node at a time.
//! * [`sparql`] words SPARQL parse errors the same way everywhere.
//!
//! [`Extraction`]: gyoryu_model::Extraction

pub mod article;
pub mod network;
pub mod rdf;
pub mod sparql;
pub mod vocab;
