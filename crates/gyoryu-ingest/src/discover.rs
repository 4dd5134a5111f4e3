//! Expanding the paths a user names into the files to read.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::IngestError;

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Matches a file name against a pattern of literal characters, `*` (any run)
/// and `?` (one character), working on characters so that Korean names match.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn sorted_entries(dir: &Path) -> Result<Vec<(String, PathBuf)>, IngestError> {
    let io = |source| IngestError::Io { path: dir.to_path_buf(), source };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        entries.push((name, entry.path()));
    }
    entries.sort();
    Ok(entries)
}

/// One file to read, and its identity among the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as found (the argument's spelling, then the folders below it).
    pub path: PathBuf,
    /// The file's identity: its path relative to the input argument it was
    /// found under, with `/` between folders (`2023/04/a.txt`), or its name
    /// when it was named itself. The same input found the same way is the
    /// same article on every run and machine; two files in different
    /// folders under one argument are two.
    pub key: String,
}

/// Whether a folder is a RocksDB database (a gyoryu store): its `LOG` and
/// `MANIFEST` files are not articles.
pub fn is_store_folder(dir: &Path) -> bool {
    dir.join("CURRENT").is_file()
        && fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with("MANIFEST-") || name.starts_with("OPTIONS-")
            })
        })
}

struct Walker {
    out: Vec<Input>,
    seen_files: HashSet<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
    /// The folder argument being walked, which keys are relative to.
    root: Option<PathBuf>,
}

impl Walker {
    fn add_file(&mut self, path: PathBuf) {
        // The same file can be named twice (a folder and a file in it); the
        // canonical path decides, the path as named is what gets reported.
        let seen = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.seen_files.insert(seen) {
            let relative = self.root.as_deref().and_then(|root| path.strip_prefix(root).ok());
            let key = match relative {
                Some(relative) if !relative.as_os_str().is_empty() => relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
                _ => path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string()),
            };
            self.out.push(Input { path, key });
        }
    }

    fn walk_dir(&mut self, dir: &Path) -> Result<(), IngestError> {
        if is_store_folder(dir) {
            // Listed like a file, so that reading it says what it is.
            self.add_file(dir.to_path_buf());
            return Ok(());
        }
        let key = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.seen_dirs.insert(key) {
            // A symlink loop, or a folder named twice.
            return Ok(());
        }
        for (name, path) in sorted_entries(dir)? {
            if is_hidden(&name) {
                continue;
            }
            self.add_entry(&path);
        }
        Ok(())
    }

    /// Something found inside a folder. Whatever is wrong with it (a
    /// dangling link, a symlink loop, a subfolder that cannot be listed) is
    /// that entry's problem, not the run's: it is listed like a file so
    /// that reading it reports a skip with the reason.
    fn add_entry(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if self.walk_dir(path).is_err() {
                    self.add_file(path.to_path_buf());
                }
            }
            _ => self.add_file(path.to_path_buf()),
        }
    }

    /// A path the user named: one that is not there is an error (a typo
    /// should not pass as an empty corpus), but a link that exists and
    /// leads nowhere is listed, to be reported when it is read.
    fn add(&mut self, path: &Path) -> Result<(), IngestError> {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) if fs::symlink_metadata(path).is_ok() => {
                self.add_file(path.to_path_buf());
                return Ok(());
            }
            Err(source) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(IngestError::NotFound { path: path.to_path_buf() })
            }
            Err(source) => return Err(IngestError::Io { path: path.to_path_buf(), source }),
        };
        if meta.is_dir() {
            self.root = Some(path.to_path_buf());
            let walked = self.walk_dir(path);
            self.root = None;
            walked
        } else {
            self.add_file(path.to_path_buf());
            Ok(())
        }
    }
}

/// Expands input paths into the files to read, in a stable order: files as
/// given, folders recursively in name order (skipping hidden entries), and
/// `*`/`?` patterns in the last path component (`articles/2023-*.html`).
/// A file reached twice is listed once. A path that does not exist, or a
/// pattern that matches nothing, is an error: a typo should not pass as an
/// empty corpus.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    Ok(discover_inputs(inputs)?.into_iter().map(|input| input.path).collect())
}

/// [`discover`], with each file's identity ([`Input::key`]).
pub fn discover_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>, IngestError> {
    let mut w = Walker { out: Vec::new(), seen_files: HashSet::new(), seen_dirs: HashSet::new(), root: None };
    for input in inputs {
        let name = input.file_name().map(|n| n.to_string_lossy().into_owned());
        match name {
            Some(pattern) if has_wildcard(&pattern) && !input.exists() => {
                let parent = match input.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let mut matched = false;
                for (entry_name, path) in sorted_entries(&parent)? {
                    if is_hidden(&entry_name) && !pattern.starts_with('.') {
                        continue;
                    }
                    if glob_match(&pattern, &entry_name) {
                        matched = true;
                        // Keep the pattern's own spelling of the folder.
                        let shown = match input.parent() {
                            Some(p) if !p.as_os_str().is_empty() => p.join(&entry_name),
                            _ => PathBuf::from(&entry_name),
                        };
                        debug_assert_eq!(fs::canonicalize(&shown).ok(), fs::canonicalize(&path).ok());
                        w.add(&shown)?;
                    }
                }
                if !matched {
                    return Err(IngestError::NoMatch { pattern: input.clone() });
                }
            }
            _ => w.add(input)?,
        }
    }
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_by_character() {
        assert!(glob_match("*.html", "a.html"));
        assert!(glob_match("기사?.txt", "기사1.txt"));
        assert!(!glob_match("기사?.txt", "기사12.txt"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
    }

    #[test]
    fn broken_links_inside_a_folder_are_listed_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("good.txt"), "도는 협약을 맺었다.").unwrap();
        std::os::unix::fs::symlink("loop-b", d.join("loop-a")).unwrap();
        std::os::unix::fs::symlink("loop-a", d.join("loop-b")).unwrap();
        std::os::unix::fs::symlink("missing", d.join("dangling")).unwrap();
        std::os::unix::fs::symlink(".", d.join("self")).unwrap();
        let found = discover(&[d.to_path_buf()]).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["dangling", "good.txt", "loop-a", "loop-b"]);
        // Named directly, a dangling link is listed too; a missing path is an error.
        assert_eq!(discover(&[d.join("dangling")]).unwrap().len(), 1);
        assert!(matches!(discover(&[d.join("nope.txt")]), Err(IngestError::NotFound { .. })));
    }
}
