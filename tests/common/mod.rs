//! What the command-line test files share: where the project is, how to run the binary, and a running server.
// Every test file that uses `common` compiles all of it, and none uses every piece.
#![allow(dead_code)]

pub mod server;

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `gyoryu` binary from the project root.
pub fn gyoryu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gyoryu")).args(args).current_dir(root()).output().expect("gyoryu runs")
}
