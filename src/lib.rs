//! gyoryu: a knowledge-graph builder for Korean news on regional economic
//! diplomacy. This crate ties the pipeline crates together; the `gyoryu`
//! binary is a thin command line over it.
//!
//! text → [`gyoryu_ingest`] (cleaned [`Document`]s) → [`gyoryu_extract`]
//! (actors and events) → [`gyoryu_graph`] (deterministic RDF per article) →
//! [`gyoryu_store`] (embedded oxigraph store, SPARQL) → [`gyoryu_export`]
//! (answers and exports).
//!
//! [`Document`]: gyoryu_model::Document

pub mod commands;
pub mod eval;
pub mod pipeline;

pub use gyoryu_export as export;
pub use gyoryu_extract as extract;
pub use gyoryu_graph as graph;
pub use gyoryu_ingest as ingest;
pub use gyoryu_model as model;
pub use gyoryu_remote as remote;
pub use gyoryu_store as store;

/// The ontology, loaded into every store so that queries can use its labels.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/gyoryu.ttl");
