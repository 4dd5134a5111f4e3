//! Extraction: from one cleaned [`Document`] to the actors and events it
//! reports ([`Extraction`]).
//!
//! The steps, each in its own module:
//! 1. [`sentences`] splits the text into sentences;
//! 2. [`tokens`] runs lindera with ko-dic over each sentence;
//! 3. [`mentions`] finds actor mentions and titles in a sentence, using the
//!    domain [`lexicon`] loaded from `data/`;
//! 4. [`article`] turns the mentions of all sentences into the article's
//!    actors (resolving aliases such as `김 지사` and `도`) and its events
//!    (triggers, participants, location, status), with dates from [`dates`].

pub mod article;
pub mod dates;
pub mod lexicon;
pub mod mentions;
pub mod sentences;
pub mod tokens;

use gyoryu_model::{ActorKind, Document, Extraction, Span};

pub use lexicon::Lexicon;
pub use tokens::Tokenizer;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("lexicon file {file}, line {line}: {reason}")]
    Lexicon { file: String, line: usize, reason: String },
    #[error("cannot load the ko-dic dictionary: {0}")]
    Dictionary(String),
}

/// Tunable knobs of extraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractOptions {
    /// Actors and events below this confidence are left out.
    pub min_confidence: f32,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { min_confidence: 0.5 }
    }
}

/// The extractor: a lexicon and a tokenizer, built once and shared across
/// threads (it is `Sync`).
pub struct Extractor {
    lexicon: Lexicon,
    tokenizer: Tokenizer,
    options: ExtractOptions,
}

impl Extractor {
    /// The extractor with the built-in lexicon and dictionary.
    pub fn new(options: ExtractOptions) -> Result<Extractor, ExtractError> {
        Ok(Extractor { lexicon: Lexicon::builtin()?, tokenizer: Tokenizer::new()?, options })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Every actor mention in `text` with its kind, sentence by sentence,
    /// without resolving references: named-entity recognition alone.
    pub fn find_mentions(&self, text: &str) -> Vec<(Span, ActorKind)> {
        let finder = mentions::MentionFinder { lexicon: &self.lexicon };
        let mut out = Vec::new();
        for span in sentences::split(text) {
            let sentence = &text[span.start..span.end];
            let morphemes = self.tokenizer.tokenize(sentence);
            let (found, _) = finder.find(sentence, &morphemes);
            let mut spans: Vec<(usize, usize, ActorKind)> = found
                .iter()
                .filter(|m| m.confidence() >= self.options.min_confidence)
                .map(|m| (m.start, m.end, m.kind))
                .collect();
            // Proper nouns ko-dic knows, where the rules found nothing: its
            // semantic class says person (인명) or place (지명); others are bodies.
            let mut pending: Option<(usize, usize, ActorKind)> = None;
            for m in morphemes.iter().filter(|m| m.pos == "NNP") {
                let kind = match m.meaning.as_str() {
                    "인명" => ActorKind::Person,
                    "지명" => ActorKind::City,
                    _ => ActorKind::Organization,
                };
                if spans.iter().any(|&(s, e, _)| s < m.end && m.start < e) {
                    continue;
                }
                pending = match pending {
                    Some((s, e, k)) if e == m.start && k == kind => Some((s, m.end, k)),
                    Some(p) => {
                        spans.push(p);
                        Some((m.start, m.end, kind))
                    }
                    None => Some((m.start, m.end, kind)),
                };
            }
            spans.extend(pending);
            self.add_ner_conventions(sentence, &morphemes, &mut spans);
            spans.sort();
            for (start, end, kind) in spans {
                out.push((Span { start: span.start + start, end: span.start + end }, kind));
            }
        }
        out
    }

    /// What NER marks beyond the graph's actors: `박씨`, `A씨`, `김모(45)씨` (the
    /// person is the part before 씨) and generic bodies such as `경찰`.
    fn add_ner_conventions(&self, sentence: &str, morphemes: &[tokens::Morpheme], spans: &mut Vec<(usize, usize, ActorKind)>) {
        static SSI: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?:^|[^가-힣A-Za-z])([가-힣]{1,3}|[A-Z])(?:모)?(?:\s?\(\d+\))?\s?씨").unwrap()
        });
        for c in SSI.captures_iter(sentence) {
            let g = c.get(1).unwrap();
            let text = g.as_str();
            let plausible = text.chars().count() == 1 || mentions::is_korean_name(text);
            if plausible && !spans.iter().any(|&(s, e, _)| s < g.end() && g.start() < e) {
                spans.push((g.start(), g.end(), ActorKind::Person));
            }
        }
        for m in morphemes {
            if self.lexicon.ner_bodies.contains(m.surface.as_str()) && !spans.iter().any(|&(s, e, _)| s < m.end && m.start < e) {
                // Only a whole word or a word before its particle, not `군` inside `공군`.
                let starts_word = sentence[..m.start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                if starts_word {
                    spans.push((m.start, m.end, ActorKind::Organization));
                }
            }
        }
    }

    pub fn extract(&self, document: &Document) -> Extraction {
        article::extract(&self.lexicon, &self.tokenizer, document, self.options)
    }
}
