//! What a run shows while it works: a bar on a terminal, a plain line every
//! ten seconds in a log, or nothing.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::RunReport;

pub struct Progress {
    bar: ProgressBar,
    terminal: bool,
    log: bool,
    last_log: Mutex<Instant>,
}

impl Progress {
    /// A bar over `total` (bytes, or `counts` of indicatif's template) when
    /// `terminal`; plain lines now and then when only `log`.
    pub fn new(terminal: bool, log: bool, total: u64) -> Progress {
        Progress::with_counts(terminal, log, total, "{bytes}/{total_bytes} {bytes_per_sec}")
    }

    pub fn with_counts(terminal: bool, log: bool, total: u64, counts: &str) -> Progress {
        let bar = if terminal {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {counts} {{msg}} ETA {{eta}}"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, terminal, log, last_log: Mutex::new(Instant::now()) }
    }

    pub fn advance(&self, amount: u64) {
        self.bar.inc(amount);
    }

    /// A line above the bar (a skip, a warning).
    pub fn print(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Articles and their rate on the bar; in a log, a plain line every ten seconds.
    pub fn show(&self, report: &RunReport, started: Instant) {
        let done = report.articles();
        let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
        if self.terminal {
            self.bar.set_message(format!("{done} articles, {rate:.0}/s"));
        } else if self.log {
            let mut last_log = self.last_log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if last_log.elapsed() >= Duration::from_secs(10) {
                eprintln!("gyoryu: {done} articles, {:.1} MB, {rate:.0} articles/s", report.bytes as f64 / 1e6);
                *last_log = Instant::now();
            }
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
