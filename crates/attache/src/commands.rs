//! The subcommands: each reads its inputs, drives the pipeline or the store, and returns the
//! exit status the contract asks for.

use crate::batch::{self, Summary};
use crate::output::{CleanOut, EntityOut, EventOut};
use crate::ReadArgs;
use anyhow::{bail, Context};
use std::io::{BufWriter, Write};
use std::path::Path;

/// `println!` that returns an error instead of panicking when standard output is closed
/// (`attache dict check | head`), so `main` can end quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

fn writer(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

/// Writes one JSON line; a closed pipe (`| head`) ends the run quietly.
fn emit(w: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}

fn finish(summary: Summary, verb: &str) -> anyhow::Result<u8> {
    summary.report(verb);
    Ok(summary.exit_code())
}

/// Runs a pipeline over the inputs and hands each document, in order, to `each` with the
/// output writer; then reports and returns the exit status.
fn stream(
    read: &ReadArgs,
    pipeline: &model::Pipeline,
    out: Option<&Path>,
    verb: &str,
    mut each: impl FnMut(&model::Doc, &mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<u8> {
    let mut w = writer(out)?;
    let summary = batch::run(read, pipeline, |_| Ok(true), |doc| each(&doc, &mut *w))?;
    w.flush()?;
    finish(summary, verb)
}

pub fn code(read: &ReadArgs, out: Option<&Path>) -> anyhow::Result<u8> {
    let table = coder::CodeTable::builtin();
    stream(read, &pipeline::standard(), out, "coded", |doc, w| {
        for record in pipeline::record_iter(doc, &table) {
            emit(w, &EventOut::from(&record))?;
        }
        Ok(())
    })
}

pub fn clean(read: &ReadArgs, json: bool) -> anyhow::Result<u8> {
    stream(read, &pipeline::cleaning(), None, "cleaned", |doc, w| {
        let text = clean::cleaned_text(doc);
        if json {
            emit(w, &CleanOut::new(doc, text))
        } else {
            w.write_all(text.as_bytes())?;
            w.write_all(b"\n")?;
            Ok(())
        }
    })
}

pub fn entities(read: &ReadArgs) -> anyhow::Result<u8> {
    stream(read, &pipeline::entities(), None, "read", |doc, w| {
        for m in &doc.mentions {
            emit(w, &EntityOut::new(doc, m))?;
        }
        Ok(())
    })
}

/// A fingerprint of the coder (version, built-in dictionaries and the models it reads), so a
/// new dictionary or model makes `ingest` recode documents it has already stored.
fn coder_fingerprint() -> String {
    let mut parts: Vec<&[u8]> = vec![env!("CARGO_PKG_VERSION").as_bytes()];
    parts.extend(coder::BUILTIN_FILES.iter().map(|(_, text)| text.as_bytes()));
    // The coder reads the parse, so a new tagger or parser recodes too.
    parts.push(tagger::syntax::BUILTIN_BYTES);
    parts.push(tagger::parser::BUILTIN_BYTES);
    format!(
        "{}-{}",
        env!("CARGO_PKG_VERSION"),
        store::stable_hash(&parts)
    )
}

pub fn ingest(read: &ReadArgs, db: &Path) -> anyhow::Result<u8> {
    let pipeline = pipeline::standard();
    let table = coder::CodeTable::builtin();
    let fingerprint = coder_fingerprint();
    // Two handles: one answers "already stored?" while the reader runs, one writes.
    let check = store::Store::open(db)?;
    let mut store = store::Store::open(db)?;
    let (mut added, mut replaced) = (0u64, 0u64);
    let summary = batch::run(
        read,
        &pipeline,
        |doc| {
            let raw = doc.html.as_deref().unwrap_or(&doc.text);
            Ok(!check.is_current(&doc.id, raw, &fingerprint)?)
        },
        |doc| {
            let records = pipeline::records(&doc, &table);
            let row = store::DocRow {
                id: &doc.id,
                text: doc.html.as_deref().unwrap_or(&doc.text),
                title: doc.meta.title.as_deref(),
                date: doc.meta.date,
                url: doc.meta.url.as_deref(),
                outlet: doc.meta.outlet.as_deref(),
            };
            match store.put(&row, &fingerprint, &records)? {
                store::Outcome::Added => added += 1,
                store::Outcome::Replaced => replaced += 1,
                store::Outcome::Unchanged => {}
            }
            Ok(())
        },
    )?;
    let (docs, events) = store.counts()?;
    eprintln!("attache: {added} documents added, {replaced} replaced; the database now holds {docs} documents and {events} events");
    finish(summary, "ingested")
}

pub fn timeline(source: &str, target: &str, db: &Path, by: &str, json: bool) -> anyhow::Result<u8> {
    for code in [source, target] {
        if code.len() < 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            eprintln!("attache: error: `{code}` is not an actor code; use a country (RUS) or a code such as RUSGOV");
            return Ok(crate::EXIT_USAGE);
        }
    }
    if !db.exists() {
        bail!(
            "{} does not exist; create it with `attache ingest PATH --db {}`",
            db.display(),
            db.display()
        );
    }
    let store = store::Store::open(db)?;
    let period: store::Period = by.parse()?;
    let rows = store.timeline(source, target, period)?;
    let mut out = std::io::stdout().lock();
    if json {
        for r in &rows {
            let line = serde_json::json!({
                "period": r.period, "start": r.start.map(|d| d.to_string()), "events": r.events,
                "verbal_cooperation": r.quad[0], "material_cooperation": r.quad[1],
                "verbal_conflict": r.quad[2], "material_conflict": r.quad[3],
                "goldstein_sum": (r.goldstein_sum * 10.0).round() / 10.0,
                "goldstein_mean": (r.goldstein_mean() * 100.0).round() / 100.0,
            });
            writeln!(out, "{line}")?;
        }
    } else {
        writeln!(out, "{source} -> {target}, by {by}")?;
        writeln!(
            out,
            "{:<20} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7}",
            "period", "events", "vcoop", "mcoop", "vconf", "mconf", "goldstein", "mean"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:<20} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9.1} {:>7.2}",
                r.period,
                r.events,
                r.quad[0],
                r.quad[1],
                r.quad[2],
                r.quad[3],
                r.goldstein_sum,
                r.goldstein_mean()
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "(no events for this dyad)")?;
        }
    }
    Ok(crate::EXIT_OK)
}

pub fn eval(shared: &Path, options: &eval::Options) -> anyhow::Result<u8> {
    let report = eval::run_all(shared, options);
    write!(std::io::stdout().lock(), "{}", report.text)?;
    if report.sets_scored == 0 {
        bail!(
            "no gold set found under {}; run from the project root with ../shared beside it, or pass --shared DIR",
            shared.display()
        );
    }
    Ok(crate::EXIT_OK)
}

pub fn bench(corpus: &Path, limit: Option<usize>, jobs: usize) -> anyhow::Result<u8> {
    if !corpus.exists() {
        bail!(
            "{} is not there; bench needs a real corpus (see ../shared/README.md)",
            corpus.display()
        );
    }
    let read = ReadArgs {
        paths: vec![corpus.display().to_string()],
        date: None,
        max_bytes: 16 << 20,
        jobs: Some(jobs),
        quiet: true,
    };
    let pipeline = pipeline::standard();
    let mut count = 0usize;
    let mut bytes = 0usize;
    let mut events = 0usize;
    let mut coded_docs = 0usize;
    let (mut sentences, mut parsed) = (0usize, 0usize);
    let stop = limit.unwrap_or(usize::MAX);
    let started = std::time::Instant::now();
    let summary = batch::run(
        &read,
        &pipeline,
        |_| {
            Ok(count < stop && {
                count += 1;
                true
            })
        },
        |doc| {
            bytes += doc.text.len();
            sentences += doc.sentences.len();
            parsed += doc.parses.len();
            events += doc.events.len();
            coded_docs += usize::from(!doc.events.is_empty());
            Ok(())
        },
    )?;
    let secs = started.elapsed().as_secs_f64();
    // A fast wrong answer must not pass for a benchmark: a real news corpus yields events.
    if summary.docs > 50 && coded_docs * 10 < summary.docs as usize {
        bail!(
            "only {coded_docs} of {} documents gave events; the coder is broken",
            summary.docs
        );
    }
    out!("corpus      {}", corpus.display());
    out!(
        "documents   {}  ({} failed to read)",
        summary.docs,
        summary.failed
    );
    out!("text        {:.1} MB", bytes as f64 / 1e6);
    out!("sentences   {sentences}  ({parsed} parsed: those with an actor and a trigger)");
    out!("events      {events}  ({coded_docs} documents with events)");
    out!("threads     {jobs}");
    out!("time        {secs:.2} s");
    out!(
        "speed       {:.0} documents/s, {:.0} sentences/s, {:.2} MB/s",
        summary.docs as f64 / secs,
        sentences as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    // Where the time goes: each stage's share, and its speed over the text it was given.
    let total: f64 = pipeline
        .stage_times()
        .iter()
        .map(|(_, d)| d.as_secs_f64())
        .sum();
    for (name, spent) in pipeline.stage_times() {
        let s = spent.as_secs_f64();
        out!(
            "  {name:<10} {s:>7.2} s  {:>5.1}%  {:>7.2} MB/s",
            100.0 * s / total.max(1e-9),
            bytes as f64 / 1e6 / s.max(1e-9)
        );
    }
    if let Some(kb) = peak_rss_kb() {
        out!(
            "peak memory {:.1} MB (max resident set)",
            kb as f64 / 1024.0
        );
    }
    Ok(crate::EXIT_OK)
}

/// The process's peak resident set size, from /proc (Linux); None elsewhere.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The text after this marker in a pattern file is the project's own, kept across re-imports.
const ADDITIONS: &str = "# === attache additions ===";

pub fn import_petrarch(file: &Path, out: &Path) -> anyhow::Result<u8> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map_or("verbs".into(), |n| n.to_string_lossy().into_owned());
    let (dict, report) = coder::petrarch::import(&name, &text)?;
    std::fs::create_dir_all(out)?;
    let header = format!(
        "# attache verb dictionary (format: data/verbs/README.md).\n\
         # Converted from PETRARCH2's {name} (MIT License, Copyright (c) 2015 Open Event Data Alliance)\n\
         # by `attache dict import-petrarch`; text below `{ADDITIONS}` is the project's own and survives re-imports.\n"
    );
    for (file_name, body) in dict.write(&header) {
        let path = out.join(&file_name);
        let kept = std::fs::read_to_string(&path)
            .ok()
            .and_then(|old| old.find(ADDITIONS).map(|i| old[i..].to_string()));
        let mut body = body;
        if let Some(kept) = kept {
            body.push('\n');
            body.push_str(&kept);
        }
        std::fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "attache: imported {} blocks, {} patterns, {} sets; skipped {} transformation lines",
        report.blocks, report.patterns, report.sets, report.transformations_skipped
    );
    Ok(crate::EXIT_OK)
}

pub fn check_dict(dir: Option<&Path>) -> anyhow::Result<u8> {
    let dict = match dir {
        None => coder::read_dictionary(coder::BUILTIN_FILES)?,
        Some(d) => {
            let mut files = Vec::new();
            for (name, _) in coder::BUILTIN_FILES {
                let path = d.join(name);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                files.push((name.to_string(), text));
            }
            let borrowed: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            coder::read_dictionary(&borrowed)?
        }
    };
    let table = coder::CodeTable::builtin();
    let mut unknown = dict.unknown_codes(&table);
    unknown.sort_unstable();
    unknown.dedup();
    let per_root = coder::dict::entries_per_root(&dict);
    out!(
        "{} verb groups, {} noun sets, {} patterns",
        dict.groups.len(),
        dict.sets.len(),
        dict.entries.len()
    );
    for (root, name) in coder::dict::ROOT_FILES.iter().skip(1) {
        out!(
            "  {root} {:<34} {:>5}",
            name.replace('_', " "),
            per_root.get(*root).copied().unwrap_or(0)
        );
    }
    if !unknown.is_empty() {
        // 176 ("attack cybernetically") is PETRARCH's own extension of CAMEO.
        out!(
            "codes outside the CAMEO 0.7b5 codebook: {} (176 is PETRARCH's cyber attack)",
            unknown.join(", ")
        );
    }
    Ok(crate::EXIT_OK)
}

/// CoNLL-2003's training and validation sentences from `data`.
fn conll_sets(
    data: &Path,
) -> anyhow::Result<(Vec<tagger::conll::Sentence>, Vec<tagger::conll::Sentence>)> {
    let read = |name: &str| -> anyhow::Result<Vec<tagger::conll::Sentence>> {
        let path = data.join(name);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {} (CoNLL-2003 is in ../shared/data/ner)",
                path.display()
            )
        })?;
        tagger::conll::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    };
    Ok((read("train.txt")?, read("valid.txt")?))
}

/// Writes a model file, making its folder if needed.
fn write_model(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// Trains the named-entity tagger on CoNLL-2003 and writes the model; prints each pass's token
/// accuracy, the model's entity F1 on the validation file, and the file's size.
pub fn train_ner(data: &Path, out: &Path, epochs: usize, min_updates: u32) -> anyhow::Result<u8> {
    let (train, valid) = conll_sets(data)?;
    eprintln!(
        "attache: training on {} sentences, {epochs} passes",
        train.len()
    );
    let model = tagger::ner::train(&train, epochs, min_updates, |stage, epoch, accuracy| {
        eprintln!("  {stage}, pass {epoch}: token accuracy {accuracy:.4}");
    });
    let bytes = model.to_bytes();
    let model = tagger::ner::NerModel::from_bytes(&bytes).map_err(anyhow::Error::msg)?;
    let score = tagger::ner::Score::of(&valid, &tagger::ner::tag_sentences(&model, &valid)).micro();
    let (p, r, f) = (score.precision(), score.recall(), score.f1());
    write_model(out, &bytes)?;
    println!(
        "{}: {} features, {:.1} MB; valid entity P {p:.3} R {r:.3} F1 {f:.3}",
        out.display(),
        model.features(),
        bytes.len() as f64 / 1e6
    );
    Ok(crate::EXIT_OK)
}

/// Trains the part-of-speech tagger and the chunker on CoNLL-2003 and writes the model; prints
/// each pass's token accuracy, the validation scores and the file's size.
pub fn train_syntax(
    data: &Path,
    silver: &Path,
    out: &Path,
    epochs: usize,
    min_updates: u32,
) -> anyhow::Result<u8> {
    let (mut train, valid) = conll_sets(data)?;
    let conll = train.len();
    let path = silver.join("silver-train.conllu.gz");
    let trees = eval::parser::read_silver(&path)
        .map_err(|e| anyhow::anyhow!("{e} (the silver parses are in ../shared/data/syntax)"))?;
    train.extend(trees.iter().map(|t| t.tagged_sentence()));
    eprintln!(
        "attache: training on {} sentences ({conll} of CoNLL-2003 with chunks, {} silver for the tagger), {epochs} passes",
        train.len(),
        trees.len()
    );
    let model = tagger::syntax::train(&train, epochs, min_updates, |stage, epoch, accuracy| {
        eprintln!("  {stage}, pass {epoch}: token accuracy {accuracy:.4}");
    });
    let bytes = model.to_bytes();
    let model = tagger::syntax::SyntaxModel::from_bytes(&bytes).map_err(anyhow::Error::msg)?;
    let score = tagger::syntax::SyntaxScore::of(&model, &valid);
    write_model(out, &bytes)?;
    println!(
        "{}: {} features, {:.1} MB; valid part of speech {:.3}, chunks F1 {:.3}",
        out.display(),
        model.features(),
        bytes.len() as f64 / 1e6,
        score.pos_accuracy(),
        score.chunks.micro().f1()
    );
    Ok(crate::EXIT_OK)
}

/// Trains the dependency parser on the silver training split and writes the model; prints each
/// pass's share of right moves, the dev split's attachment scores and the file's size.
pub fn train_parser(
    data: &Path,
    out: &Path,
    epochs: usize,
    (min_updates, min_label_updates): (u32, u32),
    limit: Option<usize>,
) -> anyhow::Result<u8> {
    let read = |name: &str| -> anyhow::Result<Vec<tagger::conllu::Tree>> {
        eval::parser::read_silver(&data.join(name))
            .map_err(|e| anyhow::anyhow!("{e} (the silver parses are in ../shared/data/syntax)"))
    };
    let (mut train, dev) = (
        read("silver-train.conllu.gz")?,
        read("silver-dev.conllu.gz")?,
    );
    if let Some(n) = limit {
        train.truncate(n);
    }
    let pos = tagger::syntax::builtin();
    let bar = indicatif::ProgressBar::new((train.len() + dev.len()) as u64)
        .with_message("tagging the silver sentences");
    let tag = |trees: &[tagger::conllu::Tree]| -> Vec<tagger::parser::Example> {
        trees
            .iter()
            .map(|t| {
                bar.inc(1);
                tagger::parser::Example::from_tree(t, pos)
            })
            .collect()
    };
    let (train, dev) = (tag(&train), tag(&dev));
    bar.finish_and_clear();
    eprintln!(
        "attache: training the parser on {} sentences, {epochs} passes",
        train.len()
    );
    let model = tagger::parser::train(
        &train,
        epochs,
        min_updates,
        min_label_updates,
        |epoch, right| {
            eprintln!("  pass {epoch}: moves right {right:.4}");
        },
    );
    let bytes = model.to_bytes();
    let model = tagger::parser::ParserModel::from_bytes(&bytes).map_err(anyhow::Error::msg)?;
    let mut score = tagger::parser::ParseScore::default();
    for e in &dev {
        score.add(&model, e);
    }
    write_model(out, &bytes)?;
    println!(
        "{}: {} move and {} label features, {:.1} MB; dev UAS {:.3} LAS {:.3} (without punctuation UAS {:.3} LAS {:.3})",
        out.display(),
        model.moves.len(),
        model.labels.len(),
        bytes.len() as f64 / 1e6,
        score.uas(),
        score.las(),
        score.word_uas(),
        score.word_las()
    );
    Ok(crate::EXIT_OK)
}

/// `attache explain`: a sentence given on the command line, or the document `doc` found in the
/// files `input` names.
pub fn explain(
    input: &[String],
    doc: Option<&str>,
    sentence: Option<usize>,
    date: Option<model::Date>,
    petrarch: Option<&Path>,
) -> anyhow::Result<u8> {
    let (coder, pipeline) = match petrarch {
        None => (coder::Coder::builtin(), pipeline::standard()),
        Some(dir) => {
            let read = |name: &str| {
                let path = dir.join(name);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))
            };
            let mut g = actors::Gazetteer::default();
            actors::petrarch::import(
                &mut g,
                &read("PETR.Validate.actors.txt")?,
                &read("PETR.Validate.agents.txt")?,
            );
            let verbs = read("PETR.Validate.verbs.txt")?;
            let load =
                || coder::petrarch::import("PETR.Validate.verbs.txt", &verbs).map(|(d, _)| d);
            let pipeline = pipeline::with_stages(
                actors::ActorResolver::with_gazetteer(g),
                coder::Coder::new(load()?),
            );
            (coder::Coder::new(load()?), pipeline)
        }
    };
    let Some(id) = doc else {
        let mut d = model::Doc::from_text("input", input.join(" "));
        d.meta.date = date;
        pipeline.run(&mut d);
        out!("{}", crate::explain::report(&d, &coder, sentence));
        return Ok(crate::EXIT_OK);
    };
    let read = ReadArgs {
        paths: input.to_vec(),
        date,
        max_bytes: 16 << 20,
        jobs: Some(1),
        quiet: true,
    };
    let mut found = None;
    let summary = batch::run(
        &read,
        &pipeline,
        |d| Ok(d.id == id),
        |d| {
            found = Some(d);
            Ok(())
        },
    )?;
    match found {
        Some(d) => {
            out!("{}", crate::explain::report(&d, &coder, sentence));
            Ok(summary.exit_code())
        }
        None => bail!("no document with id `{id}` in {}", input.join(", ")),
    }
}
