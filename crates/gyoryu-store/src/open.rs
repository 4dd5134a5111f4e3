//! Opening a store: on disk for writing (creating it, refusing a damaged or
//! locked one, bringing an older layout up to date once) or for reading only
//! (a view of it while a writer holds it), and the waits of a reader whose
//! files change under it.

use std::path::Path;

use gyoryu_graph::vocab;
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedOrBlankNode, Quad, QuadRef, Term, TripleRef};
use oxigraph::store::StorageError;

use crate::{view, Store, StoreError};
use gyoryu_graph::article::is_article_graph;

impl Store {
    /// Opens the RocksDB store in `path` for writing, which must exist: for
    /// commands that change a store but have nothing to create one with.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        check_store_files(path)?;
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path: path.to_path_buf() });
        }
        Store::open(path)
    }

    /// Opens (creating if missing) the RocksDB store in `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        // RocksDB would start a new database over the remains of an old one
        // (and then fail on its column families): a damaged store is left
        // as it is for the user to rescue.
        check_store_files(path)?;
        std::fs::create_dir_all(path)?;
        match oxigraph::store::Store::open(path) {
            Ok(inner) => {
                remove_unfinished_batches(path)?;
                let store = Store { inner, path: Some(path.to_path_buf()), view: None };
                store.fill_default_graph_of_old_layout()?;
                store.migrate_legacy_source_paths(path)?;
                Ok(store)
            }
            Err(error) if is_lock_error(&error) => Err(StoreError::InUse { path: path.to_path_buf() }),
            Err(error) => Err(damaged_or(path, error)),
        }
    }

    /// Stores written before the default graph was materialized kept facts
    /// only in article graphs, so every query would answer nothing; opening one
    /// for writing fills the default graph from them once, in one transaction.
    fn fill_default_graph_of_old_layout(&self) -> Result<(), StoreError> {
        // In the current layout every triple of a named graph is also in the
        // default graph, so one named triple missing from it tells the old one.
        let Some(first) = self.inner.named_graphs().next() else { return Ok(()) };
        let first = first?;
        let Some(sample) = self.inner.quads_for_pattern(None, None, None, Some(first.as_ref().into())).next() else {
            return Ok(());
        };
        let sample = sample?;
        let in_default = self.inner.contains(QuadRef::new(
            &sample.subject,
            &sample.predicate,
            &sample.object,
            GraphNameRef::DefaultGraph,
        ))?;
        if in_default {
            return Ok(());
        }
        let mut transaction = self.inner.start_transaction()?;
        let named: Vec<Quad> = transaction.quads_for_pattern(None, None, None, None).collect::<Result<_, _>>()?;
        for quad in &named {
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            transaction.insert(triple.in_graph(GraphNameRef::DefaultGraph));
        }
        transaction.commit()?;
        Ok(())
    }

    /// Older gyoryu wrote each article's `gy:sourcePath` as the path it was
    /// read from, absolute when the input was named so, which the endpoint
    /// then published. Opening such a store for writing replaces those
    /// paths by the article's file name (its identity back then) once; a
    /// marker file beside the database says it has been done.
    fn migrate_legacy_source_paths(&self, path: &Path) -> Result<(), StoreError> {
        let marker = path.join(LAYOUT_MARKER);
        if marker.is_file() {
            return Ok(());
        }
        let mut rewrites: Vec<(Quad, String)> = Vec::new();
        for quad in self.inner.quads_for_pattern(None, Some(vocab::SOURCE_PATH), None, None) {
            let quad = quad?;
            let GraphName::NamedNode(graph) = &quad.graph_name else { continue };
            if !is_article_graph(quad.graph_name.as_ref()) || !self.is_legacy_graph(graph)? {
                continue;
            }
            let subject = NamedOrBlankNode::NamedNode(graph.clone());
            let file = self
                .inner
                .quads_for_pattern(Some(subject.as_ref()), Some(vocab::SOURCE_FILE), None, Some(graph.as_ref().into()))
                .next()
                .transpose()?
                .and_then(|file| match file.object {
                    Term::Literal(file) => Some(file.value().to_owned()),
                    _ => None,
                });
            match (file, &quad.object) {
                (Some(file), Term::Literal(old)) if old.value() != file => rewrites.push((quad, file)),
                _ => {}
            }
        }
        if !rewrites.is_empty() {
            let mut transaction = self.inner.start_transaction()?;
            for (quad, file) in &rewrites {
                let new_value = Literal::new_simple_literal(file);
                transaction.remove(quad.as_ref());
                transaction.remove(QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &quad.object,
                    GraphNameRef::DefaultGraph,
                ));
                transaction.insert(QuadRef::new(&quad.subject, &quad.predicate, &new_value, &quad.graph_name));
                transaction.insert(QuadRef::new(
                    &quad.subject,
                    &quad.predicate,
                    &new_value,
                    GraphNameRef::DefaultGraph,
                ));
            }
            transaction.commit()?;
        }
        std::fs::write(&marker, "2\n")?;
        Ok(())
    }

    /// Opens an existing on-disk store for reading only. Readers take no lock,
    /// so any number of queries and exports can run at once; what they see is
    /// the store as it was when they opened it.
    ///
    /// While a writer (a build) holds the store, the reader opens a view of
    /// it instead of the live files (see [`view`]). A table file the writer
    /// merged away as the view was taken makes the open fail with a missing
    /// file; it is tried again, on a fresh view, for up to
    /// [`READ_ONLY_OPEN_PATIENCE`], and only an error that persists is
    /// reported, as damage.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        check_store_files(path)?;
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path: path.to_path_buf() });
        }
        let mut patience = Patience::new();
        loop {
            let view = if lock_is_held(&path.join("LOCK")) {
                match view::View::take(path) {
                    Ok(view) => Some(std::sync::Arc::new(view)),
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound && patience.try_again() => continue,
                    Err(error) => {
                        return Err(StoreError::Damaged {
                            path: path.to_path_buf(),
                            reason: format!("a view of it could not be taken while it is being written: {error}"),
                        })
                    }
                }
            } else {
                None
            };
            let opened = oxigraph::store::Store::open_read_only(view.as_ref().map_or(path, |view| view.path()));
            match opened {
                Ok(inner) => return Ok(Store { inner, path: Some(path.to_path_buf()), view }),
                // A store its writer is still creating: oxigraph wants to
                // write its version into a database that has none yet.
                Err(error) if (is_damage(&error) || is_unfinished(&error)) && patience.try_again() => {}
                Err(error) => return Err(damaged_or(path, error)),
            }
        }
    }
}

/// A file in the store folder saying its articles' `gy:sourcePath`s are
/// identities relative to their inputs, not local paths.
pub(crate) const LAYOUT_MARKER: &str = "gyoryu-layout";

/// How long [`Store::open_read_only`] keeps trying when the files it reads
/// change under it.
pub const READ_ONLY_OPEN_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// The waits of a reader whose files a writer changed under it: 10 ms,
/// doubling up to 200 ms, for [`READ_ONLY_OPEN_PATIENCE`] in all.
pub(crate) struct Patience {
    started: std::time::Instant,
    wait: std::time::Duration,
}

impl Patience {
    pub(crate) fn new() -> Patience {
        Patience { started: std::time::Instant::now(), wait: std::time::Duration::from_millis(10) }
    }

    /// Waits and says to try again, unless the patience is spent.
    pub(crate) fn try_again(&mut self) -> bool {
        if self.started.elapsed() >= READ_ONLY_OPEN_PATIENCE {
            return false;
        }
        std::thread::sleep(self.wait);
        self.wait = (self.wait * 2).min(std::time::Duration::from_millis(200));
        true
    }
}

/// Whether RocksDB's error says files are missing or unreadable, which is
/// damage unless a writer replaced them meanwhile.
fn is_damage(error: &StorageError) -> bool {
    let message = error.to_string();
    message.contains("Corruption")
        || message.contains("No such file")
        || message.contains("not found")
        || message.contains("IO error")
}

/// Whether a read-only open met a database oxigraph has not set up yet.
fn is_unfinished(error: &StorageError) -> bool {
    error.to_string().contains("only possible on read-write")
}

/// A RocksDB error met while opening, as damage when it is.
fn damaged_or(path: &Path, error: StorageError) -> StoreError {
    if (is_damage(&error) || is_unfinished(&error)) && !is_lock_error(&error) {
        StoreError::Damaged { path: path.to_path_buf(), reason: error.to_string() }
    } else {
        error.into()
    }
}

/// A folder holding a store's files without the `CURRENT` file that names
/// its manifest is a damaged store, not an empty folder.
fn check_store_files(path: &Path) -> Result<(), StoreError> {
    if path.join("CURRENT").exists() || !path.is_dir() {
        return Ok(());
    }
    let mut leftovers = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("MANIFEST-")
            || (name.ends_with(".sst") && !name.starts_with("bulk-"))
            || name.starts_with("OPTIONS-")
        {
            leftovers.push(name);
        }
    }
    // A store being created has its first MANIFEST before its CURRENT.
    if leftovers.is_empty() || lock_is_held(&path.join("LOCK")) {
        return Ok(());
    }
    leftovers.sort();
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        reason: format!(
            "its CURRENT file is missing, though it holds {} ({} database file{})",
            leftovers[0],
            leftovers.len(),
            if leftovers.len() == 1 { "" } else { "s" }
        ),
    })
}

/// Whether another process holds RocksDB's lock on `lock` (an `fcntl`
/// write lock), that is, whether a writer has the store open.
#[cfg(unix)]
fn lock_is_held(lock: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(lock) else { return false };
    // SAFETY: `flock` is plain data, zeroed then filled in; F_GETLK only
    // reads the descriptor, which `file` keeps open for the call.
    unsafe {
        let mut probe: libc::flock = std::mem::zeroed();
        probe.l_type = libc::F_WRLCK as libc::c_short;
        probe.l_whence = libc::SEEK_SET as libc::c_short;
        if libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut probe) != 0 {
            return false;
        }
        probe.l_type != libc::F_UNLCK as libc::c_short
    }
}

#[cfg(not(unix))]
fn lock_is_held(_lock: &Path) -> bool {
    false
}

/// A batch being written when its process was killed leaves its table files
/// (`bulk-….sst`) behind, never ingested: RocksDB does not know them, so they
/// would only take disk space. Only the process holding the store's lock
/// writes them, and that is now this one.
fn remove_unfinished_batches(path: &Path) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// RocksDB reports a held lock as an I/O error naming the LOCK file, worded
/// differently when the holder is another process ("While lock file") or this
/// one ("lock hold by current process").
fn is_lock_error(error: &StorageError) -> bool {
    let message = error.to_string();
    message.contains("/LOCK")
        || message.contains("\\LOCK")
        || message.contains("lock hold by current process")
        || message.contains("While lock file")
}
