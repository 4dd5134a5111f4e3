//! Content negotiation: which format an answer is written in.
//!
//! SELECT and ASK answers can be SPARQL JSON (the default), XML, CSV or TSV;
//! CONSTRUCT and DESCRIBE answers Turtle (the default), N-Triples, JSON-LD or
//! RDF/XML. The client's `Accept` header decides, by quality value and then by
//! how specific the range is; a `format` parameter (`?format=csv`) overrides
//! it, for links and tools that cannot set headers.

/// A format an answer can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerFormat {
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    NTriples,
    JsonLd,
    RdfXml,
}

/// Media types offered for SELECT and ASK, the preferred first.
pub const SOLUTION_TYPES: &[(&str, AnswerFormat)] = &[
    ("application/sparql-results+json", AnswerFormat::Json),
    ("application/sparql-results+xml", AnswerFormat::Xml),
    ("text/csv", AnswerFormat::Csv),
    ("text/tab-separated-values", AnswerFormat::Tsv),
    ("application/json", AnswerFormat::Json),
    ("application/xml", AnswerFormat::Xml),
    ("text/xml", AnswerFormat::Xml),
];

/// Media types offered for CONSTRUCT and DESCRIBE, the preferred first.
pub const GRAPH_TYPES: &[(&str, AnswerFormat)] = &[
    ("text/turtle", AnswerFormat::Turtle),
    ("application/n-triples", AnswerFormat::NTriples),
    ("application/ld+json", AnswerFormat::JsonLd),
    ("application/rdf+xml", AnswerFormat::RdfXml),
    ("application/x-turtle", AnswerFormat::Turtle),
    ("text/plain", AnswerFormat::NTriples),
];

impl AnswerFormat {
    /// The `Content-Type` of an answer in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            AnswerFormat::Json => "application/sparql-results+json; charset=utf-8",
            AnswerFormat::Xml => "application/sparql-results+xml; charset=utf-8",
            AnswerFormat::Csv => "text/csv; charset=utf-8",
            AnswerFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            AnswerFormat::Turtle => "text/turtle; charset=utf-8",
            AnswerFormat::NTriples => "application/n-triples; charset=utf-8",
            AnswerFormat::JsonLd => "application/ld+json; charset=utf-8",
            AnswerFormat::RdfXml => "application/rdf+xml; charset=utf-8",
        }
    }

    /// A `format` parameter: a short name or a media type.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        let by_name = match name.as_str() {
            "json" | "srj" => Some(AnswerFormat::Json),
            "xml" | "srx" => Some(AnswerFormat::Xml),
            "csv" => Some(AnswerFormat::Csv),
            "tsv" => Some(AnswerFormat::Tsv),
            "turtle" | "ttl" => Some(AnswerFormat::Turtle),
            "ntriples" | "n-triples" | "nt" => Some(AnswerFormat::NTriples),
            "jsonld" | "json-ld" => Some(AnswerFormat::JsonLd),
            "rdfxml" | "rdf/xml" | "rdf" => Some(AnswerFormat::RdfXml),
            _ => None,
        };
        by_name.or_else(|| {
            SOLUTION_TYPES
                .iter()
                .chain(GRAPH_TYPES)
                .find(|(media_type, _)| *media_type == name)
                .map(|(_, format)| *format)
        })
    }

    /// A `format` parameter for a query of the given form. Clients such as
    /// SPARQLWrapper send `xml` and `json` whatever the form, meaning RDF/XML
    /// and JSON-LD for graphs; `n3` is read as Turtle, which is valid N3.
    pub fn from_name_for(name: &str, graph: bool) -> Option<Self> {
        if graph {
            match name.trim().to_ascii_lowercase().as_str() {
                "xml" => return Some(AnswerFormat::RdfXml),
                "json" => return Some(AnswerFormat::JsonLd),
                "n3" | "text/n3" => return Some(AnswerFormat::Turtle),
                _ => {}
            }
        }
        Self::from_name(name)
    }

    pub fn is_for_solutions(self) -> bool {
        matches!(self, AnswerFormat::Json | AnswerFormat::Xml | AnswerFormat::Csv | AnswerFormat::Tsv)
    }
}

/// One range of an `Accept` header.
struct Range<'a> {
    main: &'a str,
    sub: &'a str,
    quality: f32,
    order: usize,
}

impl Range<'_> {
    fn specificity(&self) -> u8 {
        match (self.main, self.sub) {
            ("*", _) => 0,
            (_, "*") => 1,
            _ => 2,
        }
    }

    fn matches(&self, media_type: &str) -> bool {
        let (main, sub) = media_type.split_once('/').unwrap_or((media_type, ""));
        (self.main == "*" || self.main.eq_ignore_ascii_case(main))
            && (self.sub == "*" || self.sub.eq_ignore_ascii_case(sub))
    }
}

/// The format to answer in, given the `Accept` header and what is offered;
/// `None` when the client accepts none of them (406).
pub fn choose(accept: Option<&str>, offered: &[(&str, AnswerFormat)]) -> Option<AnswerFormat> {
    let accept = accept.map(str::trim).unwrap_or("");
    if accept.is_empty() {
        return offered.first().map(|(_, format)| *format);
    }
    let mut ranges: Vec<Range<'_>> = accept
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let media_type = parts.next()?.trim();
            let (main, sub) = media_type.split_once('/')?;
            let mut quality = 1.0;
            for parameter in parts {
                if let Some((key, value)) = parameter.split_once('=') {
                    if key.trim().eq_ignore_ascii_case("q") {
                        quality = value.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            Some(Range { main: main.trim(), sub: sub.trim(), quality, order })
        })
        .collect();
    ranges.sort_by(|a, b| {
        b.quality.total_cmp(&a.quality).then(b.specificity().cmp(&a.specificity())).then(a.order.cmp(&b.order))
    });
    // A type refused with q=0 stays refused even when a wildcard would admit it.
    let refused = |media_type: &str| {
        ranges.iter().any(|range| range.quality <= 0.0 && range.specificity() == 2 && range.matches(media_type))
    };
    for range in ranges.iter().filter(|range| range.quality > 0.0) {
        if let Some((_, format)) =
            offered.iter().find(|(media_type, _)| range.matches(media_type) && !refused(media_type))
        {
            return Some(*format);
        }
    }
    None
}

/// The offered media types, for a 406 message.
pub fn describe(offered: &[(&str, AnswerFormat)]) -> String {
    offered.iter().map(|(media_type, _)| *media_type).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_accept() {
        assert_eq!(choose(None, SOLUTION_TYPES), Some(AnswerFormat::Json));
        assert_eq!(choose(Some(""), GRAPH_TYPES), Some(AnswerFormat::Turtle));
        assert_eq!(choose(Some("*/*"), GRAPH_TYPES), Some(AnswerFormat::Turtle));
    }

    #[test]
    fn quality_and_specificity_decide() {
        assert_eq!(
            choose(Some("text/csv;q=0.5, application/sparql-results+xml"), SOLUTION_TYPES),
            Some(AnswerFormat::Xml)
        );
        assert_eq!(choose(Some("text/*, */*;q=0.1"), SOLUTION_TYPES), Some(AnswerFormat::Csv));
        assert_eq!(
            choose(Some("application/sparql-results+json, text/turtle;q=0.9"), GRAPH_TYPES),
            Some(AnswerFormat::Turtle)
        );
        assert_eq!(choose(Some("text/html,application/xhtml+xml,*/*;q=0.8"), SOLUTION_TYPES), Some(AnswerFormat::Json));
    }

    #[test]
    fn nothing_acceptable() {
        assert_eq!(choose(Some("image/png"), SOLUTION_TYPES), None);
        assert_eq!(choose(Some("text/csv"), GRAPH_TYPES), None);
        assert_eq!(choose(Some("*/*, application/sparql-results+json;q=0"), SOLUTION_TYPES), Some(AnswerFormat::Xml));
    }

    #[test]
    fn format_names() {
        assert_eq!(AnswerFormat::from_name("CSV"), Some(AnswerFormat::Csv));
        assert_eq!(AnswerFormat::from_name("application/ld+json"), Some(AnswerFormat::JsonLd));
        assert_eq!(AnswerFormat::from_name("yaml"), None);
        assert_eq!(AnswerFormat::from_name_for("xml", true), Some(AnswerFormat::RdfXml));
        assert_eq!(AnswerFormat::from_name_for("xml", false), Some(AnswerFormat::Xml));
        assert_eq!(AnswerFormat::from_name_for("json", true), Some(AnswerFormat::JsonLd));
        assert_eq!(AnswerFormat::from_name_for("n3", true), Some(AnswerFormat::Turtle));
    }
}
