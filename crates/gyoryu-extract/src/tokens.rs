//! Korean morphology: a thin wrapper over lindera with the ko-dic dictionary
//! compiled into the binary.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, Mutex};

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token;
use lindera::worker::SegmentWorker;

use crate::ExtractError;

/// A part-of-speech tag or semantic class. ko-dic has a few dozen of each, so
/// they are interned: building a morpheme allocates nothing for them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(&'static str);

impl Tag {
    pub fn as_str(&self) -> &'static str {
        self.0
    }

    fn intern(s: &str) -> Tag {
        // The tags ko-dic uses, so that the common case takes no lock.
        const KNOWN: [&str; 50] = [
            "NNG", "NNP", "NNB", "NNBC", "NR", "NP", "VV", "VA", "VX", "VCP", "VCN", "MM", "MAG", "MAJ", "IC", "JKS", "JKC",
            "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC", "EP", "EF", "EC", "ETN", "ETM", "XPN", "XSN", "XSV", "XSA", "XR",
            "SF", "SE", "SSO", "SSC", "SC", "SY", "SL", "SH", "SN", "UNK", "*", "인명", "지명", "기관", "장소", "성",
        ];
        if let Some(k) = KNOWN.iter().find(|k| **k == s) {
            return Tag(k);
        }
        static OTHERS: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
        let mut others = OTHERS.lock().unwrap_or_else(|e| e.into_inner());
        match others.get(s) {
            Some(k) => Tag(k),
            None => {
                // Bounded by the dictionary's own set of values.
                let k: &'static str = Box::leak(s.to_string().into_boxed_str());
                others.insert(k);
                Tag(k)
            }
        }
    }
}

impl Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

/// One morpheme, with byte offsets into the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    pub surface: String,
    pub start: usize,
    pub end: usize,
    /// The first ko-dic part-of-speech tag (`NNP`, `NNG`, `JKS`, `SL`, …; `UNK` when unknown).
    pub pos: Tag,
    /// ko-dic's semantic class for proper nouns (`인명`, `지명`, …), or `*`.
    pub meaning: Tag,
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
    /// Segmentation sessions, each with its own lattice and buffers, reused
    /// across calls: a fresh lattice per sentence cost as much as the
    /// segmentation itself. One is taken per call, so threads never share one.
    workers: Mutex<Vec<SegmentWorker>>,
}

impl Tokenizer {
    /// Loads the embedded ko-dic dictionary. This takes a moment: build one
    /// tokenizer and share it (it is `Sync`).
    pub fn new() -> Result<Tokenizer, ExtractError> {
        let dictionary = load_dictionary("embedded://ko-dic")
            .map_err(|e| ExtractError::Dictionary(e.to_string()))?;
        Ok(Tokenizer { segmenter: Segmenter::new(Mode::Normal, dictionary, None), workers: Mutex::new(Vec::new()) })
    }

    fn with_worker<R>(&self, f: impl FnOnce(&mut SegmentWorker) -> R) -> R {
        let taken = self.workers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = taken.unwrap_or_else(|| self.segmenter.new_worker());
        let result = f(&mut worker);
        self.workers.lock().unwrap_or_else(|e| e.into_inner()).push(worker);
        result
    }

    pub fn tokenize(&self, text: &str) -> Vec<Morpheme> {
        self.with_worker(|worker| {
            let Ok(tokens) = worker.segment(text) else {
                return Vec::new();
            };
            tokens
                .iter()
                .map(|t| {
                    let (pos, meaning) = tags(t);
                    Morpheme { surface: t.surface.to_string(), start: t.byte_start, end: t.byte_end, pos, meaning }
                })
                .collect()
        })
    }

    /// Just the segmentation, for benchmarks that compare against tokenization alone.
    pub fn count_tokens(&self, text: &str) -> usize {
        self.with_worker(|worker| worker.segment(text).map(|t| t.len()).unwrap_or(0))
    }
}

/// The head part-of-speech tag and the semantic class of a token, read
/// straight from the dictionary entry (what `Token::details` would give,
/// without building its vector).
fn tags(t: &Token<'_>) -> (Tag, Tag) {
    let id = t.word_id.id() as usize;
    let mut fields = if t.word_id.is_unknown() {
        t.dictionary.unknown_word_details_iter(id)
    } else if t.word_id.is_system() {
        t.dictionary.word_details_iter(id)
    } else if let Some(user) = t.user_dictionary {
        user.word_details_iter(id)
    } else {
        return (Tag("UNK"), Tag("*"));
    };
    // Missing fields read as `*`, as lindera pads them.
    let pos = fields.next().unwrap_or("*");
    // Compound analyses look like `NNP+NNG`; the first tag is the head.
    let pos = pos.split('+').next().unwrap_or(pos);
    let meaning = fields.next().unwrap_or("*");
    (Tag::intern(pos), Tag::intern(meaning))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn morphemes_carry_the_tags_lindera_gives_its_tokens() {
        let tokenizer = Tokenizer::new().unwrap();
        for text in ["김철수 지사는 5일 알마티에서 협약을 맺었다.", "Smith 부지사(킴) 방문, 2024.04.04 ㈜가나다", ""] {
            let ours = tokenizer.tokenize(text);
            let theirs = tokenizer.segmenter.segment(Cow::Borrowed(text)).unwrap();
            assert_eq!(ours.len(), theirs.len());
            for (m, mut t) in ours.iter().zip(theirs) {
                assert_eq!((m.surface.as_str(), m.start, m.end), (t.surface.as_ref(), t.byte_start, t.byte_end));
                let details = t.details();
                assert_eq!(m.pos, details[0].split('+').next().unwrap());
                assert_eq!(m.meaning, details[1]);
            }
        }
        let proper = tokenizer.tokenize("서울에서 만났다");
        assert_eq!(proper[0].pos, "NNP");
        // A second call reuses a pooled lattice and gives the same answer.
        assert_eq!(tokenizer.tokenize("서울에서 만났다"), proper);
    }
}
