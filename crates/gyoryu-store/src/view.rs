//! Views: what a reader opens while a writer changes the store.
//!
//! RocksDB's read-only open assumes that nobody writes meanwhile (oxigraph
//! calls anything else undefined behaviour). A reader opening the live folder
//! during a build reads a manifest being appended and table files being
//! merged away; it failed with "MANIFEST may be corrupted", and about one
//! run in ten its memory grew until the kernel killed it.
//!
//! So while a writer holds the store's lock, a reader opens a view instead:
//! a folder of its own in which the table files are hard links (RocksDB never
//! changes a table file once written, and a link keeps it readable after the
//! writer deletes it) and the few small files that do change (`CURRENT`, the
//! manifest it names, the write-ahead logs) are copies taken at one moment.
//! The view is removed when the reader closes the store.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A private, frozen copy of a live store's folder.
pub(crate) struct View {
    dir: tempfile::TempDir,
}

impl View {
    /// Takes a view of the store in `store`.
    ///
    /// A file the writer deletes while the view is taken is left out; if the
    /// manifest needed it, opening the view fails with a missing file and
    /// the caller takes a new view.
    pub(crate) fn take(store: &Path) -> io::Result<View> {
        // Hard links need the view on the store's file system: the temporary
        // folder when it is there, else beside the store. Where neither
        // allows links, table files are copied.
        let parent = store.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = store.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut last_error = None;
        for base in [std::env::temp_dir(), parent.to_path_buf()] {
            let dir = match tempfile::Builder::new().prefix(&format!(".{name}.view-")).tempdir_in(&base) {
                Ok(dir) => dir,
                Err(error) => {
                    last_error = Some(error);
                    continue;
                }
            };
            match fill(store, dir.path(), Tables::Link) {
                Ok(()) => return Ok(View { dir }),
                Err(error) if cannot_link(&error) => last_error = Some(error),
                Err(error) => return Err(error),
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.view-"))
            .tempdir()
            .map_err(|error| last_error.unwrap_or(error))?;
        fill(store, dir.path(), Tables::Copy)?;
        Ok(View { dir })
    }

    /// The folder to open.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

#[derive(Clone, Copy)]
enum Tables {
    Link,
    Copy,
}

/// Whether a hard link failed because of where the view is, not what it links.
fn cannot_link(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::CrossesDevices | io::ErrorKind::PermissionDenied | io::ErrorKind::Unsupported)
}

fn fill(store: &Path, view: &Path, tables: Tables) -> io::Result<()> {
    // The order matters. CURRENT names the manifest and the manifest names
    // the tables, so each is read before what it names: a table merged away
    // after the manifest was copied is still linked, or its absence is
    // reported when the view is opened, never silently skipped.
    let current = fs::read(store.join("CURRENT"))?;
    let manifest = String::from_utf8_lossy(&current).trim().to_owned();
    if manifest.is_empty() || manifest.contains('/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("its CURRENT file names no manifest ({manifest:?})"),
        ));
    }
    fs::copy(store.join(&manifest), view.join(&manifest))?;
    fs::write(view.join("CURRENT"), &current)?;
    for entry in fs::read_dir(store)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let from = entry.path();
        let to: PathBuf = view.join(&*name);
        let copied = if name.ends_with(".sst") && !name.starts_with("bulk-") {
            match tables {
                Tables::Link => fs::hard_link(&from, &to),
                Tables::Copy => fs::copy(&from, &to).map(drop),
            }
        } else if name.ends_with(".log") || name.starts_with("OPTIONS-") || name == "IDENTITY" {
            fs::copy(&from, &to).map(drop)
        } else {
            Ok(())
        };
        match copied {
            // Deleted by the writer since the folder was listed.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}
