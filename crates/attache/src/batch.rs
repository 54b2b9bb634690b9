//! Streaming, parallel processing of documents: read a batch, run the pipeline on it across
//! threads, hand the results to a sink in input order, repeat. Memory stays bounded by the
//! batch, however many documents come in.

use crate::ReadArgs;
use indicatif::{ProgressBar, ProgressStyle};
use ingest::{DocSource, Input, ReadOptions};
use model::{Doc, Pipeline};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const BATCH: usize = 64;

/// What a run did, for the closing line and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    pub docs: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Documents read but left with no article text by cleaning (an empty page, only clutter).
    pub no_text: u64,
    pub events: u64,
    pub bytes: u64,
    pub skipped_files: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl Summary {
    /// The exit status the contract gives this run.
    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            crate::EXIT_SOME_FAILED
        } else {
            crate::EXIT_OK
        }
    }

    /// One line for standard error: what was read, what could not be, what was passed over.
    pub fn report(&self, verb: &str) {
        let mut line = format!(
            "attache: {verb} {} document{}",
            self.docs,
            if self.docs == 1 { "" } else { "s" }
        );
        if self.events > 0 {
            let s = if self.events == 1 { "" } else { "s" };
            line.push_str(&format!(" ({} event{s})", self.events));
        }
        line.push_str(&format!(" in {:.2}s", self.elapsed.as_secs_f64()));
        if self.skipped > 0 {
            line.push_str(&format!("; {} unchanged, skipped", self.skipped));
        }
        if self.failed > 0 {
            line.push_str(&format!("; {} could not be read (see above)", self.failed));
        }
        if self.no_text > 0 {
            line.push_str(&format!(
                "; {} had no article text left after cleaning",
                self.no_text
            ));
        }
        eprintln!("{line}");
        if !self.skipped_files.is_empty() {
            let first = self.skipped_files[0].display();
            eprintln!(
                "attache: passed over {} file{} of a type attache does not read, e.g. {first}",
                self.skipped_files.len(),
                if self.skipped_files.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
        }
    }
}

fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Runs `pipeline` over every document `read` names. `keep` may pass over a document before it
/// is processed (counted as skipped); `sink` receives each processed document in input order.
pub fn run(
    read: &ReadArgs,
    pipeline: &Pipeline,
    mut keep: impl FnMut(&Doc) -> anyhow::Result<bool>,
    mut sink: impl FnMut(Doc) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let inputs: Vec<Input> = read.paths.iter().map(|p| Input::parse(p)).collect();
    let opts = ReadOptions {
        max_bytes: read.max_bytes,
        default_date: read.date,
    };
    let mut source = DocSource::new(inputs, opts);
    let jobs = read
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let bar = progress(read.quiet);
    let mut summary = Summary::default();
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        for item in source.by_ref() {
            match item {
                Ok(doc) => {
                    if keep(&doc)? {
                        batch.push(doc);
                    } else {
                        summary.skipped += 1;
                    }
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("attache: error: {e}"));
                    summary.failed += 1;
                }
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let crashed = process(pipeline, &mut batch, jobs);
        for (doc, crash) in batch.into_iter().zip(crashed) {
            if let Some(message) = crash {
                bar.suspend(|| eprintln!("attache: error: {}: internal error while analysing it ({message}); please report it", doc.id));
                summary.failed += 1;
                continue;
            }
            summary.docs += 1;
            summary.events += doc.events.len() as u64;
            summary.no_text += u64::from(doc.body.is_empty());
            sink(doc)?;
        }
        bar.set_message(format!(
            "{} documents, {:.1} MB, {} events",
            summary.docs,
            source.bytes_read as f64 / 1e6,
            summary.events
        ));
    }
    bar.finish_and_clear();
    summary.bytes = source.bytes_read;
    summary.skipped_files = std::mem::take(&mut source.skipped_files);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Runs the pipeline over a batch, split across `jobs` threads, phase by phase: a stage that
/// learns across documents (an outlet's template lines) learns from the whole batch before it
/// runs on any of it. Returns, for each document, the panic message if analysing it crashed: a
/// bug in attache must cost that document, not the batch.
pub fn process(pipeline: &Pipeline, batch: &mut [Doc], jobs: usize) -> Vec<Option<String>> {
    let mut crashed: Vec<Option<String>> = vec![None; batch.len()];
    for phase in pipeline.phases() {
        let alive: Vec<&Doc> = batch
            .iter()
            .zip(&crashed)
            .filter(|(_, c)| c.is_none())
            .map(|(d, _)| d)
            .collect();
        // Learning is analysis too: a bug there costs this batch its lessons, not its documents.
        let learned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline.learn(phase.start, &alive)
        }));
        if learned.is_err() {
            eprintln!(
                "attache: error: internal error while learning from a batch; please report it"
            );
        }
        let results = run_phase(pipeline, phase, batch, &crashed, jobs);
        for (slot, result) in crashed.iter_mut().zip(results) {
            if slot.is_none() {
                *slot = result;
            }
        }
    }
    crashed
}

/// Runs one phase over the documents that have not crashed, split across `jobs` threads.
fn run_phase(
    pipeline: &Pipeline,
    phase: std::ops::Range<usize>,
    batch: &mut [Doc],
    crashed: &[Option<String>],
    jobs: usize,
) -> Vec<Option<String>> {
    let run = |(doc, crashed): (&mut Doc, &Option<String>)| -> Option<String> {
        if crashed.is_some() {
            return None;
        }
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipeline.run_stages(doc, phase.clone())
        }))
        .err()
        .map(|p| {
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into())
        })
    };
    if jobs <= 1 || batch.len() <= 1 {
        return batch.iter_mut().zip(crashed).map(run).collect();
    }
    let chunk = batch.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let run = &run;
        let handles: Vec<_> = batch
            .chunks_mut(chunk)
            .zip(crashed.chunks(chunk))
            .map(|(part, dead)| {
                scope.spawn(move || part.iter_mut().zip(dead).map(run).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}
