//! A running `gyoryu serve` for the tests that speak to it over HTTP.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `gyoryu serve` on a free loopback port, stopped on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    /// Serves `store` with `extra` flags; returns once the server has said where it listens.
    pub fn start(store: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gyoryu"))
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        assert!(address.starts_with("127.0.0.1:"), "binds loopback by default: {line}");
        Server { child, base: format!("http://{address}") }
    }

    /// The SPARQL endpoint's URL.
    pub fn sparql(&self) -> String {
        format!("{}/sparql", self.base)
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
