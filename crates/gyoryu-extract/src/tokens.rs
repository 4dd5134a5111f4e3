//! Korean morphology: a thin wrapper over lindera with the ko-dic dictionary
//! compiled into the binary.

use std::borrow::Cow;

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::ExtractError;

/// One morpheme, with byte offsets into the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    pub surface: String,
    pub start: usize,
    pub end: usize,
    /// The first ko-dic part-of-speech tag (`NNP`, `NNG`, `JKS`, `SL`, …; `UNK` when unknown).
    pub pos: String,
    /// ko-dic's semantic class for proper nouns (`인명`, `지명`, …), or `*`.
    pub meaning: String,
}

impl Morpheme {
    pub fn is_noun(&self) -> bool {
        self.pos.starts_with("NN") || self.pos == "SL" || self.pos == "SH" || self.pos == "UNK"
    }
    /// Particles (josa): what follows a name without being part of it.
    pub fn is_particle(&self) -> bool {
        self.pos.starts_with('J')
    }
}

pub struct Tokenizer {
    segmenter: Segmenter,
}

impl Tokenizer {
    /// Loads the embedded ko-dic dictionary. This takes a moment: build one
    /// tokenizer and share it (it is `Sync`).
    pub fn new() -> Result<Tokenizer, ExtractError> {
        let dictionary = load_dictionary("embedded://ko-dic")
            .map_err(|e| ExtractError::Dictionary(e.to_string()))?;
        Ok(Tokenizer { segmenter: Segmenter::new(Mode::Normal, dictionary, None) })
    }

    pub fn tokenize(&self, text: &str) -> Vec<Morpheme> {
        let Ok(mut tokens) = self.segmenter.segment(Cow::Borrowed(text)) else {
            return Vec::new();
        };
        tokens
            .iter_mut()
            .map(|t| {
                let (start, end) = (t.byte_start, t.byte_end);
                let surface = t.surface.to_string();
                let details = t.details();
                let pos = details.first().copied().unwrap_or("UNK");
                // Compound analyses look like `NNP+NNG`; the first tag is the head.
                let pos = pos.split('+').next().unwrap_or(pos).to_string();
                let meaning = details.get(1).copied().unwrap_or("*").to_string();
                Morpheme { surface, start, end, pos, meaning }
            })
            .collect()
    }

    /// Just the segmentation, for benchmarks that compare against tokenization alone.
    pub fn count_tokens(&self, text: &str) -> usize {
        self.segmenter.segment(Cow::Borrowed(text)).map(|t| t.len()).unwrap_or(0)
    }
}
