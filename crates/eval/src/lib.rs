//! Scores attache against the development gold sets in `../shared`, stage by stage, and
//! prints precision, recall and F1. Sets that are absent are named and skipped, never faked.
//!
//! The sets are research data and stay in `../shared`; nothing here is copied into the project.

mod actors;
mod allsides;
mod confusion;
mod events;
mod extraction;
mod ner;
pub mod parser;

pub use model::Prf;

use std::fmt::Write as _;
use std::path::Path;

/// The printed report, and how many gold sets were found and scored.
pub struct Report {
    pub text: String,
    pub sets_scored: usize,
}

/// What to run and how much to print.
#[derive(Default)]
pub struct Options {
    /// Print the worst pages and every missed and spurious GSR event.
    pub verbose: bool,
    /// Only the sections whose name starts with this (`extraction`, `ner`, `syntax`, `parser`, `actors`, `events`).
    pub only: Option<String>,
    /// Write one tab-separated row per extraction page here (id, body F1, title, author and
    /// date, each as got and gold).
    pub pages: Option<std::path::PathBuf>,
}

impl Options {
    fn wants(&self, section: &str) -> bool {
        self.only.as_deref().is_none_or(|o| section.starts_with(o))
    }
}

/// Runs every evaluation whose data is present and returns the printed report.
pub fn run_all(shared: &Path, options: &Options) -> Report {
    let verbose = options.verbose;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "attache eval: development gold sets in {}\n",
        shared.display()
    );
    let mut sets_scored = 0;
    if options.wants("extraction") {
        sets_scored += usize::from(extraction::wcxb(
            shared,
            verbose,
            options.pages.as_deref(),
            &mut out,
        ));
    }
    if options.wants("ner") {
        sets_scored += usize::from(ner::conll(shared, &mut out));
    }
    if options.wants("syntax") {
        sets_scored += usize::from(ner::syntax(shared, &mut out));
    }
    if options.wants("parser") {
        sets_scored += usize::from(parser::silver(shared, &mut out));
    }
    // The GSR sentences go through the pipeline once, for the actors and events sections.
    let gsr = events::Gsr::new(shared);
    if options.wants("actors") {
        sets_scored += usize::from(actors::gsr(&gsr, verbose, &mut out));
    }
    if options.wants("events") {
        sets_scored += usize::from(events::gsr(&gsr, verbose, &mut out));
        for (file, title) in [
            ("petr_unittest.jsonl", "PETRARCH unit records"),
            ("tabari_validate.jsonl", "TABARI validation records"),
        ] {
            sets_scored += usize::from(events::validation(shared, file, title, verbose, &mut out));
        }
        sets_scored += usize::from(allsides::gold(shared, verbose, &mut out));
    }
    Report {
        text: out,
        sets_scored,
    }
}
