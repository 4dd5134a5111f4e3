//! What earlier runs read from each input file, so that an unchanged file is
//! not read, decoded and cleaned again just to learn that its articles are
//! stored: on a re-run of an unchanged corpus that work was most of the time.
//!
//! A file is known by a hash of its bytes (with the ingest options that
//! shape what it yields); it is skipped only when every article it gave is
//! still stored under its content hash, so a removed or changed article is
//! read again. Files that gave a skip are never remembered, so their reasons
//! are printed on every run. The cache is a plain file the sink names
//! ([`super::Sink::input_cache_path`]), written after the sink finished;
//! losing it (a kill, a copy of the store without it) only costs speed.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gyoryu_graph::rdf::{document_id, document_iri_of_id};
use gyoryu_ingest::{IngestOptions, Skipped};
use gyoryu_model::Document;

use super::{ArticleKey, Lookup};

pub struct InputCache {
    path: PathBuf,
    options: u64,
    max_file_bytes: u64,
    known: HashMap<u64, Vec<String>>,
    learned: Mutex<HashMap<u64, Vec<String>>>,
    lookup: Arc<dyn Lookup>,
}

impl InputCache {
    pub fn load(path: PathBuf, ingest: &IngestOptions, lookup: Arc<dyn Lookup>) -> InputCache {
        let mut options = DefaultHasher::new();
        ingest.encoding.map(|e| e.name()).hash(&mut options);
        ingest.max_file_bytes.hash(&mut options);
        let options = options.finish();
        let mut known = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(&path) {
            for line in text.lines() {
                let mut fields = line.split('\t');
                let (Some(file), Some(opts), Some(hashes)) = (fields.next(), fields.next(), fields.next()) else {
                    continue;
                };
                let (Ok(file), Ok(opts)) = (u64::from_str_radix(file, 16), u64::from_str_radix(opts, 16)) else {
                    continue;
                };
                if opts == options {
                    known.insert(file, hashes.split(',').filter(|h| !h.is_empty()).map(str::to_owned).collect());
                }
            }
        }
        InputCache {
            path,
            options,
            max_file_bytes: ingest.max_file_bytes,
            known,
            learned: Mutex::new(HashMap::new()),
            lookup,
        }
    }

    /// A regular file's bytes and their fingerprint (a hash of them, with
    /// the file's `size` and the ingest options); `None` for anything else
    /// (pipes, folders, files over the size limit, files that cannot be
    /// read), which go to the reader to be reported.
    pub fn read(&self, path: &Path, key: &str, size: u64) -> Option<(u64, Vec<u8>)> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || size > self.max_file_bytes {
            return None;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // `take` guards against a file that grows while it is read.
        std::fs::File::open(path).ok()?.take(self.max_file_bytes + 1).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 > self.max_file_bytes {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        hasher.write(&bytes);
        // The same bytes under another name are another article.
        key.hash(&mut hasher);
        hasher.write_u64(size);
        hasher.write_u64(self.options);
        Some((hasher.finish(), bytes))
    }

    /// How many articles the file gave, when all of them are still stored.
    pub fn unchanged(&self, fingerprint: u64) -> Option<usize> {
        let hashes = self.known.get(&fingerprint)?;
        if hashes.is_empty() || !hashes.iter().all(|h| self.is_stored(h)) {
            return None;
        }
        self.learned.lock().ok()?.insert(fingerprint, hashes.clone());
        Some(hashes.len())
    }

    pub fn remember(&self, fingerprint: u64, docs: &[Result<Document, Skipped>]) {
        let hashes: Option<Vec<String>> = docs
            .iter()
            .map(|d| {
                d.as_ref()
                    .ok()
                    .map(|doc| format!("{}/{}", document_id(&doc.source, &doc.content_hash), doc.content_hash))
            })
            .collect();
        if let (Some(hashes), Ok(mut learned)) = (hashes, self.learned.lock()) {
            if !hashes.is_empty() {
                learned.insert(fingerprint, hashes);
            }
        }
    }

    /// Writes what this run read (beside the old entries of files it did
    /// not see), through a temporary file so a kill never leaves half of it.
    pub fn save(&self) -> std::io::Result<()> {
        let learned = self.learned.lock().map_err(|_| std::io::Error::other("poisoned"))?;
        let mut text = String::new();
        for (file, hashes) in self.known.iter().filter(|(f, _)| !learned.contains_key(f)).chain(learned.iter()) {
            // Only articles that really are stored: a failed write must not
            // make the next run skip them.
            if hashes.iter().all(|h| self.is_stored(h)) {
                text.push_str(&format!("{file:016x}\t{:016x}\t{}\n", self.options, hashes.join(",")));
            }
        }
        let tmp = self.path.with_extension("tsv.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)
    }

    /// Whether an entry (`document id/content hash`) is stored; entries of
    /// another form (older caches) never are.
    fn is_stored(&self, entry: &str) -> bool {
        let Some((id, hash)) = entry.split_once('/') else { return false };
        let key = ArticleKey { graph: document_iri_of_id(id), source: String::new(), content_hash: hash.to_owned() };
        self.lookup.holds(&key).unwrap_or(false)
    }
}
