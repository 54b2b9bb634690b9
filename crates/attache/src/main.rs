//! `attache`: political event data from raw news. The command-line front end; the only crate
//! that uses `anyhow`, prints to the terminal or decides exit codes.

mod batch;
mod commands;
mod explain;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when every document was read.
pub const EXIT_OK: u8 = 0;
/// Exit status when some documents could not be read (each is named on standard error).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status for a usage error (clap uses the same).
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "attache",
    version,
    about = "Raw news in, political event data out: who did what to whom, in CAMEO and PLOVER.",
    long_about = "attache reads news articles (plain text, HTML, JSON Lines), cleans them, finds the actors \
(people, governments, groups) and codes their actions as CAMEO events with PLOVER types, Goldstein \
scores and quad classes, each with the sentence, spans and dictionary rule it came from.\n\n\
Exit status: 0 when every document was read, 1 when some could not be (each is named on standard \
error and the rest are still processed), 2 on a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by every command that reads documents.
#[derive(clap::Args, Clone)]
pub struct ReadArgs {
    /// Files or folders to read (.txt, .html, .htm, .jsonl); `-` or nothing reads standard input.
    pub paths: Vec<String>,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<model::Date>,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_bytes: u64,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Never draw a progress bar, even on a terminal.
    #[arg(long)]
    pub quiet: bool,
}

fn parse_date(s: &str) -> Result<model::Date, String> {
    model::Date::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date; use YYYY-MM-DD"))
}

#[derive(Subcommand)]
enum Command {
    /// Code events: one JSON object per event, per line (JSON Lines).
    Code {
        #[command(flatten)]
        read: ReadArgs,
        /// Write events here instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Print the cleaned article text (or, with --json, the text, metadata and what was removed).
    Clean {
        #[command(flatten)]
        read: ReadArgs,
        /// One JSON object per document: id, title, date, outlet, author, text, removed.
        #[arg(long)]
        json: bool,
    },
    /// List actor mentions: one JSON object per mention, with its resolved actor.
    Entities {
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Code documents into an embedded database (idempotent: unchanged documents are skipped).
    Ingest {
        #[command(flatten)]
        read: ReadArgs,
        /// The database file (created if missing).
        #[arg(long)]
        db: PathBuf,
    },
    /// Events of a directed dyad per period: counts per quad class and the Goldstein sum and mean.
    Timeline {
        /// Source actor: a country (RUS) or an actor code prefix (RUSGOV).
        source: String,
        /// Target actor, the same way.
        target: String,
        /// The database file written by `attache ingest`.
        #[arg(long)]
        db: PathBuf,
        /// Period length.
        #[arg(long, default_value = "week", value_parser = ["day", "week", "month"])]
        by: String,
        /// JSON Lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Score the coder on the development gold sets in ../shared (precision, recall, F1).
    Eval {
        /// The shared data folder.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Print the worst extraction pages and every missed and spurious event of the PLOVER
        /// GSR set.
        #[arg(long)]
        verbose: bool,
        /// Run only the sections whose name starts with this: extraction, ner, syntax, actors, events.
        #[arg(long)]
        only: Option<String>,
        /// Write the extraction section's per-page scores to this file (tab-separated).
        #[arg(long, value_name = "FILE")]
        pages: Option<PathBuf>,
    },
    /// Measure speed and memory on a real corpus.
    Bench {
        /// The corpus to code (JSON Lines, text files or a folder).
        #[arg(long, default_value = "../shared/data/corpora/allsides_intl.jsonl")]
        corpus: PathBuf,
        /// Stop after this many documents.
        #[arg(long)]
        limit: Option<usize>,
        /// Worker threads; one gives per-core figures.
        #[arg(long, short = 'j', default_value_t = 1)]
        jobs: usize,
    },
    /// Show everything the coder saw and decided for a sentence or a document: tokens, tags
    /// and the parse tree, the actors and how each was resolved, every candidate trigger with
    /// the patterns tried and why each matched or failed, and the events.
    Explain {
        /// The sentence (or text) to explain; with --doc, the files to find the document in.
        #[arg(required = true)]
        input: Vec<String>,
        /// Explain the document with this id, read from the files given.
        #[arg(long, value_name = "ID")]
        doc: Option<String>,
        /// Only this sentence of the document (counted from 1).
        #[arg(long)]
        sentence: Option<usize>,
        /// Publication date (YYYY-MM-DD), for dated office holders.
        #[arg(long, value_parser = parse_date)]
        date: Option<model::Date>,
        /// Code with PETRARCH dictionaries instead of attache's own: a directory holding
        /// PETR.Validate.actors.txt, PETR.Validate.agents.txt and PETR.Validate.verbs.txt
        /// (as eval codes the PETRARCH and TABARI records).
        #[arg(long, value_name = "DIR")]
        petrarch: Option<PathBuf>,
    },
    /// Dictionary tools.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(TrainCommand),
}

/// Where a tagger learns from and writes to, and how long it trains.
#[derive(clap::Args)]
struct TrainArgs {
    /// The folder with CoNLL-2003's train.txt and valid.txt.
    #[arg(long, default_value = "../shared/data/ner")]
    data: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Leave out features that took part in fewer mistakes than this in training (rare
    /// features: a smaller, faster model).
    #[arg(long, default_value_t = 2)]
    min_updates: u32,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The dependency parser, from the silver parses in ../shared/data/syntax
    /// (silver-train.conllu.gz, scored on silver-dev.conllu.gz), on the part-of-speech tags the
    /// built-in tagger gives.
    Parser {
        /// The folder with silver-train.conllu.gz and silver-dev.conllu.gz.
        #[arg(long, default_value = "../shared/data/syntax")]
        data: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        /// Leave out move features that took part in fewer mistakes than this in training.
        #[arg(long, default_value_t = 20)]
        min_updates: u32,
        /// The same for the label model's features.
        #[arg(long, default_value_t = 8)]
        min_label_updates: u32,
        /// Train on this many sentences only (all by default): for trying settings quickly.
        #[arg(long)]
        limit: Option<usize>,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/parser.bin")]
        out: PathBuf,
    },
    /// The named-entity tagger, from CoNLL-2003 (train.txt, scored on valid.txt).
    Ner {
        #[command(flatten)]
        args: TrainArgs,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/ner.bin")]
        out: PathBuf,
    },
    /// The part-of-speech tagger and the chunker, from CoNLL-2003's other columns; the tagger
    /// also learns from the silver trees' tags (modern news, in ../shared/data/syntax).
    Syntax {
        #[command(flatten)]
        args: TrainArgs,
        /// The folder with the silver parses (silver-train.conllu.gz).
        #[arg(long, default_value = "../shared/data/syntax")]
        silver: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/syntax.bin")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum DictCommand {
    /// Convert a PETRARCH verb dictionary into attache's format (keeps each file's additions).
    ImportPetrarch {
        /// The PETRARCH verb file (e.g. CAMEO.2.0.txt).
        file: PathBuf,
        /// The folder to write (e.g. data/verbs).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a dictionary folder and print its size per CAMEO root.
    Check {
        /// The folder (default: the built-in dictionary).
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code { read, out } => commands::code(&read, out.as_deref()),
        Command::Clean { read, json } => commands::clean(&read, json),
        Command::Entities { read } => commands::entities(&read),
        Command::Ingest { read, db } => commands::ingest(&read, &db),
        Command::Timeline {
            source,
            target,
            db,
            by,
            json,
        } => commands::timeline(&source, &target, &db, &by, json),
        Command::Eval {
            shared,
            verbose,
            only,
            pages,
        } => commands::eval(
            &shared,
            &eval::Options {
                verbose,
                only,
                pages,
            },
        ),
        Command::Bench {
            corpus,
            limit,
            jobs,
        } => commands::bench(&corpus, limit, jobs),
        Command::Explain {
            input,
            doc,
            sentence,
            date,
            petrarch,
        } => commands::explain(&input, doc.as_deref(), sentence, date, petrarch.as_deref()),
        Command::Dict(DictCommand::ImportPetrarch { file, out }) => {
            commands::import_petrarch(&file, &out)
        }
        Command::Dict(DictCommand::Check { dir }) => commands::check_dict(dir.as_deref()),
        Command::Train(TrainCommand::Ner { args, out }) => {
            commands::train_ner(&args.data, &out, args.epochs, args.min_updates)
        }
        Command::Train(TrainCommand::Parser {
            data,
            epochs,
            min_updates,
            min_label_updates,
            limit,
            out,
        }) => commands::train_parser(&data, &out, epochs, (min_updates, min_label_updates), limit),
        Command::Train(TrainCommand::Syntax { args, silver, out }) => {
            commands::train_syntax(&args.data, &silver, &out, args.epochs, args.min_updates)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A reader that stops early (`attache code ... | head`) is not a failure.
        Err(e) if closed_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("attache: error: {e:#}");
            ExitCode::from(EXIT_SOME_FAILED)
        }
    }
}

/// Whether an error comes from writing to a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
