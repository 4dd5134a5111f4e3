//! The plain data types that flow through the gyoryu pipeline.
//!
//! Every stage hands the next one a value of a type defined here:
//! ingest produces [`Document`]s, extraction turns one document into an
//! [`Extraction`] (its [`Actor`]s and [`Event`]s), and the graph and store
//! crates map extractions to RDF. Nothing here does any work; keeping the
//! types in one small crate lets each stage depend only on the shapes it
//! exchanges, not on the stage that made them.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// The key two surface forms must share to be one actor: NFC, no spaces or
/// middle dots, no company markers, Latin lower-cased. It mirrors how analysts
/// (and the evaluation scorer) compare names.
pub fn name_key(name: &str) -> String {
    // Most names are already NFC (precomposed Hangul, ASCII): skip the copy.
    let mut s: std::borrow::Cow<str> = match unicode_normalization::is_nfc_quick(name.chars()) {
        unicode_normalization::IsNormalized::Yes => name.into(),
        _ => name.nfc().collect::<String>().into(),
    };
    for marker in ["㈜", "(주)", "（주）", "주식회사"] {
        if s.contains(marker) {
            s = s.replace(marker, "").into();
        }
    }
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '·' | '・' | 'ㆍ')).flat_map(char::to_lowercase).collect()
}

/// A cleaned article, ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The article's name in its source: a file's base name, or the `id`
    /// of a JSON Lines record (`gy:sourceFile`).
    pub id: String,
    /// The article's identity among the inputs (`gy:sourcePath`): the file's
    /// path relative to the input argument it was found under, with `#id`
    /// for a JSON Lines record (`2023/a.txt`, `news.jsonl#17`). Re-ingesting
    /// the same input replaces its facts; two inputs are two articles.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The article body with page furniture removed: one paragraph per line.
    pub text: String,
    /// Hex SHA-256 of the title and the cleaned text; keys the article's named graph.
    pub content_hash: String,
}

/// The seven kinds of actor an analyst distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActorKind {
    Person,
    Country,
    /// First-level regions: Korean 도/특별시/광역시 and foreign states, provinces, prefectures, oblasts.
    Province,
    /// Cities, counties and districts, Korean or foreign.
    City,
    Company,
    GovernmentAgency,
    Organization,
}

impl ActorKind {
    pub const ALL: [ActorKind; 7] = [
        ActorKind::Person,
        ActorKind::Country,
        ActorKind::Province,
        ActorKind::City,
        ActorKind::Company,
        ActorKind::GovernmentAgency,
        ActorKind::Organization,
    ];

    /// The local name of the ontology class (`gy:Province`, …).
    pub fn class_name(self) -> &'static str {
        match self {
            ActorKind::Person => "Person",
            ActorKind::Country => "Country",
            ActorKind::Province => "Province",
            ActorKind::City => "City",
            ActorKind::Company => "Company",
            ActorKind::GovernmentAgency => "GovernmentAgency",
            ActorKind::Organization => "Organization",
        }
    }

    /// Places can be event locations and are typed LC in KLUE-NER terms.
    pub fn is_place(self) -> bool {
        matches!(self, ActorKind::Country | ActorKind::Province | ActorKind::City)
    }

    /// The KLUE-NER tag for this kind: PS, LC or OG.
    pub fn ner_tag(self) -> &'static str {
        match self {
            ActorKind::Person => "PS",
            ActorKind::Country | ActorKind::Province | ActorKind::City => "LC",
            _ => "OG",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.class_name())
    }
}

impl FromStr for ActorKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActorKind::ALL
            .into_iter()
            .find(|k| k.class_name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// The four kinds of happening the graph records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventKind {
    Agreement,
    Forum,
    Visit,
    Meeting,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [EventKind::Agreement, EventKind::Forum, EventKind::Visit, EventKind::Meeting];

    pub fn class_name(self) -> &'static str {
        match self {
            EventKind::Agreement => "Agreement",
            EventKind::Forum => "Forum",
            EventKind::Visit => "Visit",
            EventKind::Meeting => "Meeting",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.class_name())
    }
}

impl FromStr for EventKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.class_name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// A kind name that is not one of the ontology's classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown kind {:?}", self.0)
    }
}

impl std::error::Error for UnknownKind {}

/// Whether an event is reported as happening, announced for later, or recalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EventStatus {
    /// The article reports it as happening now (the news of the day).
    #[default]
    Reported,
    /// Announced for the future (`체결할 계획이다`, `예정이다`).
    Planned,
    /// Mentioned as background (`지난 5월 … 체결한`).
    Past,
}

impl EventStatus {
    pub fn name(self) -> &'static str {
        match self {
            EventStatus::Reported => "reported",
            EventStatus::Planned => "planned",
            EventStatus::Past => "past",
        }
    }
}

/// A span of a document's `text`, in bytes, always on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One actor as found in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub kind: ActorKind,
    /// The fullest official form (the current name where the article uses an old one).
    pub name: String,
    /// Other surface forms in the article that refer to this actor.
    pub aliases: Vec<String>,
    /// A person's title as written (`도지사`, `대사`, `주 수상`).
    pub title: Option<String>,
    /// The body a person's title belongs to: an index into [`Extraction::actors`].
    pub affiliation: Option<usize>,
    /// How sure extraction is that this is a real actor of the story, 0 to 1.
    pub confidence: f32,
    /// Where the actor is mentioned in the document text.
    pub mentions: Vec<Span>,
}

/// One happening as found in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    /// A short readable Korean label.
    pub label: String,
    /// Indices into [`Extraction::actors`].
    pub participants: Vec<usize>,
    pub date: Option<NaiveDate>,
    /// The last day, for happenings over several days (`21~29일`).
    pub end_date: Option<NaiveDate>,
    /// Where it took place: an index into [`Extraction::actors`] (a place).
    pub location: Option<usize>,
    pub status: EventStatus,
    /// The trigger word that names the happening (`업무협약`, `포럼`, `방문`).
    pub trigger: String,
    /// The sentence the event was read from.
    pub evidence: String,
    /// Money amounts stated with it (`2억달러`).
    pub amounts: Vec<String>,
    /// Fields of cooperation (`에너지`, `바이오`).
    pub fields: Vec<String>,
    pub confidence: f32,
}

/// Everything extraction found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub document: Document,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_class_names() {
        for k in ActorKind::ALL {
            assert_eq!(k.class_name().parse::<ActorKind>().unwrap(), k);
        }
        for k in EventKind::ALL {
            assert_eq!(k.class_name().parse::<EventKind>().unwrap(), k);
        }
        assert!("Type2".parse::<ActorKind>().is_err());
    }

    #[test]
    fn name_keys_ignore_spacing_markers_case_and_composition() {
        assert_eq!(name_key("㈜ 한국 전력"), "한국전력");
        assert_eq!(name_key("주식회사 가나·다"), "가나다");
        assert_eq!(name_key("C-FER Technologies"), "c-fertechnologies");
        // Decomposed jamo (NFD) key like the precomposed syllable.
        assert_eq!(name_key("\u{1100}\u{1161}"), name_key("가"));
        assert_eq!(name_key("(주)알파"), "알파");
    }

    #[test]
    fn places_are_lc_and_bodies_are_og() {
        assert_eq!(ActorKind::City.ner_tag(), "LC");
        assert_eq!(ActorKind::Person.ner_tag(), "PS");
        assert_eq!(ActorKind::GovernmentAgency.ner_tag(), "OG");
    }
}
