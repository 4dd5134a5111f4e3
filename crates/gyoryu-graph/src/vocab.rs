//! The RDF terms gyoryu writes. `ontology/gyoryu.ttl` declares every one of them;
//! the `gy:` terms marked "contract" are read by external scorers and scripts and
//! must never change.

use gyoryu_model::ActorKind;
use oxrdf::NamedNodeRef;

pub const GY: &str = "https://w3id.org/gyoryu/ontology#";
/// Base of every resource IRI gyoryu mints (actors, events, documents).
pub const ID_BASE: &str = "https://w3id.org/gyoryu/id/";
/// The named graph that holds the ontology itself inside a store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/gyoryu/ontology";
/// The named graph of facts a store derives from all its articles at once
/// (`gy:eventCount`), rewritten after every write.
pub const STATS_GRAPH: &str = "https://w3id.org/gyoryu/stats";

macro_rules! terms {
    ($($name:ident = $iri:expr;)*) => {
        $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked($iri);)*
    };
}

terms! {
    // Classes (contract).
    DOCUMENT = "https://w3id.org/gyoryu/ontology#Document";
    ACTOR = "https://w3id.org/gyoryu/ontology#Actor";
    EVENT = "https://w3id.org/gyoryu/ontology#Event";
    // Document properties.
    SOURCE_FILE = "https://w3id.org/gyoryu/ontology#sourceFile";
    SOURCE_PATH = "https://w3id.org/gyoryu/ontology#sourcePath";
    SOURCE_URL = "https://w3id.org/gyoryu/ontology#sourceUrl";
    CONTENT_HASH = "https://w3id.org/gyoryu/ontology#contentHash";
    // Actor properties.
    MENTIONED_IN = "https://w3id.org/gyoryu/ontology#mentionedIn";
    TITLE = "https://w3id.org/gyoryu/ontology#title";
    AFFILIATION = "https://w3id.org/gyoryu/ontology#affiliation";
    // Event properties.
    PARTICIPANT = "https://w3id.org/gyoryu/ontology#participant";
    // Derived by the store (the stats graph).
    EVENT_COUNT = "https://w3id.org/gyoryu/ontology#eventCount";
    DATE = "https://w3id.org/gyoryu/ontology#date";
    END_DATE = "https://w3id.org/gyoryu/ontology#endDate";
    LOCATION = "https://w3id.org/gyoryu/ontology#location";
    SOURCE = "https://w3id.org/gyoryu/ontology#source";
    EVIDENCE = "https://w3id.org/gyoryu/ontology#evidence";
    STATUS = "https://w3id.org/gyoryu/ontology#status";
    TRIGGER = "https://w3id.org/gyoryu/ontology#trigger";
    AMOUNT = "https://w3id.org/gyoryu/ontology#amount";
    FIELD = "https://w3id.org/gyoryu/ontology#field";
    // Both actors and events.
    CONFIDENCE = "https://w3id.org/gyoryu/ontology#confidence";
    // Standard vocabularies.
    RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
    RDFS_SUB_CLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
    SKOS_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel";
    DCTERMS_ISSUED = "http://purl.org/dc/terms/issued";
    DCTERMS_TITLE = "http://purl.org/dc/terms/title";
    XSD_DATE = "http://www.w3.org/2001/XMLSchema#date";
    XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double";
    XSD_ANY_URI = "http://www.w3.org/2001/XMLSchema#anyURI";
}

/// The class IRI of an actor or event kind (`gy:Province`, `gy:Agreement`).
pub fn class_iri(local_name: &str) -> String {
    format!("{GY}{local_name}")
}

/// Prefixes used when gyoryu writes Turtle or TriG.
pub const PREFIXES: [(&str, &str); 7] = [
    ("gy", GY),
    ("gyid", ID_BASE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Prefixes for the folders under [`ID_BASE`] (`province:`, `event:`,
/// `doc:` …), added to [`PREFIXES`] when writing Turtle and TriG. Under
/// `gyid:` alone every actor would be written `gyid:province\/강원특별자치도`,
/// since a slash must be escaped in a prefixed name; the writer takes the
/// longest prefix that fits, so these win and names read plainly.
pub fn id_folder_prefixes() -> Vec<(String, String)> {
    ActorKind::ALL
        .iter()
        .map(|kind| kind.class_name().to_lowercase())
        .chain(["event".to_owned(), "doc".to_owned()])
        .map(|folder| {
            let namespace = format!("{ID_BASE}{folder}/");
            (folder, namespace)
        })
        .collect()
}
