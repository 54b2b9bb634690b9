//! Scores attache against the development gold sets in `../shared`, stage by stage, and
//! prints precision, recall and F1. Sets that are absent are named and skipped, never faked.
//!
//! The sets are research data and stay in `../shared`; nothing here is copied into the project.

mod events;
mod score;

pub use score::Prf;

use std::fmt::Write as _;
use std::path::Path;

/// Runs every evaluation whose data is present and returns the printed report.
pub fn run_all(shared: &Path, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "attache eval: development gold sets in {}\n",
        shared.display()
    );
    events::gsr(shared, verbose, &mut out);
    events::validation(
        shared,
        "petr_unittest.jsonl",
        "PETRARCH unit records",
        verbose,
        &mut out,
    );
    events::validation(
        shared,
        "tabari_validate.jsonl",
        "TABARI validation records",
        verbose,
        &mut out,
    );
    out
}
