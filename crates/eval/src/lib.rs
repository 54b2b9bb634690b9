//! Scores attache against the development gold sets in `../shared`, stage by stage, and
//! prints precision, recall and F1. Sets that are absent are named and skipped, never faked.
//!
//! The sets are research data and stay in `../shared`; nothing here is copied into the project.

mod events;
mod extraction;
mod score;

pub use score::Prf;

use std::fmt::Write as _;
use std::path::Path;

/// The printed report, and how many gold sets were found and scored.
pub struct Report {
    pub text: String,
    pub sets_scored: usize,
}

/// Runs every evaluation whose data is present and returns the printed report.
pub fn run_all(shared: &Path, verbose: bool) -> Report {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "attache eval: development gold sets in {}\n",
        shared.display()
    );
    let mut sets_scored = usize::from(extraction::wcxb(shared, verbose, &mut out));
    sets_scored += usize::from(events::gsr(shared, verbose, &mut out));
    for (file, title) in [
        ("petr_unittest.jsonl", "PETRARCH unit records"),
        ("tabari_validate.jsonl", "TABARI validation records"),
    ] {
        sets_scored += usize::from(events::validation(shared, file, title, verbose, &mut out));
    }
    Report {
        text: out,
        sets_scored,
    }
}
