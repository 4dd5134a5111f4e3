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
//!
//! [`ner`] serves `gyoryu ner` alone: mentions as KLUE-NER spans; [`korean`]
//! holds the Korean text helpers every step shares.

pub mod article;
pub mod dates;
pub mod korean;
pub mod lexicon;
pub mod mentions;
pub mod ner;
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
    /// Whether lindera gets the gazetteers' names as a user dictionary, so
    /// that a known name is one proper-noun token. On the project's gold it
    /// scores slightly lower than ko-dic alone (docs/BENCHMARKS.md), so it is
    /// off by default; the CLI sets it from `GYORYU_USER_DICTIONARY`.
    pub user_dictionary: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { min_confidence: 0.5, user_dictionary: false }
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
    /// The extractor with the built-in lexicon and dictionary, and the
    /// gazetteers' names as a user dictionary when `options.user_dictionary`.
    pub fn new(options: ExtractOptions) -> Result<Extractor, ExtractError> {
        let lexicon = Lexicon::builtin()?;
        let tokenizer = if options.user_dictionary {
            // Everyday words among the short forms (`경기`) stay ko-dic's.
            Tokenizer::with_names(lexicon.surface_forms().filter(|(s, _)| !lexicon.is_ambiguous_alias(s)))?
        } else {
            Tokenizer::new()?
        };
        Ok(Extractor { lexicon, tokenizer, options })
    }

    /// [`Extractor::new`] with `options.user_dictionary` set to `names`.
    pub fn with_user_dictionary(options: ExtractOptions, names: bool) -> Result<Extractor, ExtractError> {
        Extractor::new(ExtractOptions { user_dictionary: names, ..options })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Every actor mention in `text` with its kind, sentence by sentence,
    /// without resolving references: named-entity recognition alone, in the
    /// conventions of KLUE-NER ([`ner`]).
    pub fn find_mentions(&self, text: &str) -> Vec<(Span, ActorKind)> {
        let finder = mentions::MentionFinder { lexicon: &self.lexicon };
        let mut out = Vec::new();
        for span in sentences::split(text) {
            let sentence = &text[span.start..span.end];
            let morphemes = self.tokenizer.tokenize(sentence);
            let (found, _) = finder.find(sentence, &morphemes);
            let found = found
                .iter()
                .filter(|m| m.confidence() >= self.options.min_confidence)
                .map(|m| (m.start, m.end, m.kind))
                .collect();
            let spans = ner::recognise(&self.lexicon, sentence, &morphemes, found);
            for (start, end, kind) in spans {
                out.push((Span { start: span.start + start, end: span.start + end }, kind));
            }
        }
        out
    }

    pub fn extract(&self, document: &Document) -> Extraction {
        article::extract(&self.lexicon, &self.tokenizer, document, self.options)
    }
}
