//! Korean morphology: a thin wrapper over lindera with the ko-dic dictionary
//! compiled into the binary.

use rustc_hash::FxHashSet as HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, Mutex};

use gyoryu_model::ActorKind;
use lindera::dictionary::{load_dictionary, DictionaryBuilder};
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
        let known = match s {
            "NNG" => "NNG",
            "NNP" => "NNP",
            "NNB" => "NNB",
            "NNBC" => "NNBC",
            "NR" => "NR",
            "NP" => "NP",
            "VV" => "VV",
            "VA" => "VA",
            "VX" => "VX",
            "VCP" => "VCP",
            "VCN" => "VCN",
            "MM" => "MM",
            "MAG" => "MAG",
            "MAJ" => "MAJ",
            "IC" => "IC",
            "JKS" => "JKS",
            "JKC" => "JKC",
            "JKG" => "JKG",
            "JKO" => "JKO",
            "JKB" => "JKB",
            "JKV" => "JKV",
            "JKQ" => "JKQ",
            "JX" => "JX",
            "JC" => "JC",
            "EP" => "EP",
            "EF" => "EF",
            "EC" => "EC",
            "ETN" => "ETN",
            "ETM" => "ETM",
            "XPN" => "XPN",
            "XSN" => "XSN",
            "XSV" => "XSV",
            "XSA" => "XSA",
            "XR" => "XR",
            "SF" => "SF",
            "SE" => "SE",
            "SSO" => "SSO",
            "SSC" => "SSC",
            "SC" => "SC",
            "SY" => "SY",
            "SL" => "SL",
            "SH" => "SH",
            "SN" => "SN",
            "UNK" => "UNK",
            "*" => "*",
            "인명" => "인명",
            "지명" => "지명",
            _ => "",
        };
        if !known.is_empty() {
            return Tag(known);
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
pub struct Morpheme<'t> {
    /// The morpheme as written: a slice of that text, so that a sentence's
    /// morphemes cost one allocation, not one each.
    pub surface: &'t str,
    pub start: usize,
    pub end: usize,
    /// The first ko-dic part-of-speech tag (`NNP`, `NNG`, `JKS`, `SL`, …; `UNK` when unknown).
    pub pos: Tag,
    /// ko-dic's semantic class for proper nouns (`인명`, `지명`, …), or `*`.
    pub meaning: Tag,
}

impl Morpheme<'_> {
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
    workers: Mutex<Vec<Session>>,
}

/// A lindera worker and the tags of the words it met last.
struct Session {
    worker: SegmentWorker,
    /// Direct-mapped by word id: reading an entry's fields from the
    /// dictionary costs more than the lattice step for common words.
    tags: Vec<(u64, Tag, Tag)>,
}

const TAG_CACHE_SLOTS: usize = 4096;

impl Tokenizer {
    /// Loads the embedded ko-dic dictionary. This takes a moment: build one
    /// tokenizer and share it (it is `Sync`).
    pub fn new() -> Result<Tokenizer, ExtractError> {
        Tokenizer::with_names(std::iter::empty())
    }

    /// ko-dic with the given names added as proper nouns (a lindera user
    /// dictionary built in memory), so that each comes out as one token
    /// instead of ko-dic's guess at its parts (`전북특별자치도` rather than
    /// `전북/NNP 특별/NNG 자치/NNG 도/NNG`).
    pub fn with_names<'a>(names: impl Iterator<Item = (&'a str, ActorKind)>) -> Result<Tokenizer, ExtractError> {
        let dictionary = load_dictionary("embedded://ko-dic").map_err(|e| ExtractError::Dictionary(e.to_string()))?;
        let csv = user_dictionary_csv(names);
        let user = if csv.is_empty() {
            None
        } else {
            let builder = DictionaryBuilder::new((*dictionary.metadata).clone());
            Some(
                builder
                    .build_user_dict_from_reader(csv.as_bytes())
                    .map_err(|e| ExtractError::Dictionary(e.to_string()))?,
            )
        };
        Ok(Tokenizer { segmenter: Segmenter::new(Mode::Normal, dictionary, user), workers: Mutex::new(Vec::new()) })
    }

    fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let taken = self.workers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut session = taken.unwrap_or_else(|| Session {
            worker: self.segmenter.new_worker(),
            tags: vec![(u64::MAX, Tag("*"), Tag("*")); TAG_CACHE_SLOTS],
        });
        let result = f(&mut session);
        self.workers.lock().unwrap_or_else(|e| e.into_inner()).push(session);
        result
    }

    pub fn tokenize<'t>(&self, text: &'t str) -> Vec<Morpheme<'t>> {
        self.with_session(|Session { worker, tags: cache }| {
            let Ok(tokens) = worker.segment(text) else {
                return Vec::new();
            };
            tokens
                .iter()
                .map(|t| {
                    let id = t.word_id.id();
                    // Unknown, system and user words have ids of their own.
                    let key = u64::from(id)
                        | if t.word_id.is_unknown() {
                            1 << 32
                        } else if t.word_id.is_system() {
                            2 << 32
                        } else {
                            3 << 32
                        };
                    let slot = &mut cache[id as usize % TAG_CACHE_SLOTS];
                    if slot.0 != key {
                        let (pos, meaning) = tags(t);
                        *slot = (key, pos, meaning);
                    }
                    Morpheme {
                        surface: &text[t.byte_start..t.byte_end],
                        start: t.byte_start,
                        end: t.byte_end,
                        pos: slot.1,
                        meaning: slot.2,
                    }
                })
                .collect()
        })
    }

    /// Just the segmentation, for benchmarks that compare against tokenization alone.
    pub fn count_tokens(&self, text: &str) -> usize {
        self.with_session(|s| s.worker.segment(text).map(|t| t.len()).unwrap_or(0))
    }
}

/// Rows of a ko-dic user dictionary in its full format (surface, left and
/// right context ids, cost, then ko-dic's eight feature fields), one per
/// name. Only names ko-dic can take as one token are given: Hangul words
/// of two or more syllables without spaces (Latin names are already one
/// `SL` token; a name with spaces spans several).
fn user_dictionary_csv<'a>(names: impl Iterator<Item = (&'a str, ActorKind)>) -> String {
    // Context ids of ko-dic's own proper nouns (its NNP.csv and Place.csv
    // entries), which differ by whether the last syllable has a final
    // consonant; lindera maps them onto the compiled dictionary's ids.
    const PLACE: (u16, u16, u16) = (1789, 3552, 3553);
    const BODY: (u16, u16, u16) = (1786, 3545, 3546);
    const PERSON: (u16, u16, u16) = (1788, 3549, 3550);
    // Lower than ko-dic's own proper nouns (2,000–5,500), so that a known
    // name beats any split of it, but not so low that it swallows the
    // particle or word it is glued to.
    const COST: i32 = 0;
    let mut csv = String::new();
    let mut seen = HashSet::default();
    for (name, kind) in names {
        let hangul = crate::korean::all_hangul(name);
        if !hangul || name.chars().count() < 2 || !seen.insert(name) {
            continue;
        }
        let ((left, right_open, right_closed), meaning) = match kind {
            ActorKind::Person => (PERSON, "인명"),
            k if k.is_place() => (PLACE, "지명"),
            _ => (BODY, "*"),
        };
        // A Hangul syllable has a final consonant when its index mod 28 is not 0.
        let closed = name.chars().last().is_some_and(|c| !(c as u32 - 0xAC00).is_multiple_of(28));
        let (right, tf) = if closed { (right_closed, "T") } else { (right_open, "F") };
        csv.push_str(&format!("{name},{left},{right},{COST},NNP,{meaning},{tf},{name},*,*,*,*\n"));
    }
    csv
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
        for text in ["김철수 지사는 5일 알마티에서 협약을 맺었다.", "Smith 부지사(킴) 방문, 2024.04.04 ㈜가나다", ""]
        {
            let ours = tokenizer.tokenize(text);
            let theirs = tokenizer.segmenter.segment(Cow::Borrowed(text)).unwrap();
            assert_eq!(ours.len(), theirs.len());
            for (m, mut t) in ours.iter().zip(theirs) {
                assert_eq!((m.surface, m.start, m.end), (t.surface.as_ref(), t.byte_start, t.byte_end));
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

    #[test]
    fn names_given_as_a_user_dictionary_are_one_proper_noun_token() {
        let names = [
            ("전북특별자치도", ActorKind::Province),
            ("코나예프개발청", ActorKind::GovernmentAgency),
            ("경기", ActorKind::Province),
        ];
        let tokenizer = Tokenizer::with_names(names.into_iter().filter(|(n, _)| *n != "경기")).unwrap();
        let ms = tokenizer.tokenize("전북특별자치도와 코나예프개발청이 경기 회복을 논의했다");
        let shown: Vec<String> = ms.iter().map(|m| format!("{}/{}/{}", m.surface, m.pos, m.meaning)).collect();
        assert_eq!(
            &shown[..4],
            ["전북특별자치도/NNP/지명", "와/JKB/*", "코나예프개발청/NNP/*", "이/JKS/*"],
            "{shown:?}"
        );
        // Without it, ko-dic cuts the name into pieces.
        let plain = Tokenizer::new().unwrap().tokenize("전북특별자치도와");
        assert!(plain.len() > 2 && plain[0].surface != "전북특별자치도");
    }
}
