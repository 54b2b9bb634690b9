//! The dependency parser against the silver parses in `../shared/data/syntax`: attachment
//! scores (UAS, LAS) on attache's tokens, with and without punctuation, per relation, and
//! tokens per second. Every silver file but the training split is scored (the dev split, and
//! any held-out split put beside it).

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tagger::parser::{Example, ParseScore, ParserModel};

/// Reads a gzipped (or plain) CoNLL-U file of silver trees.
pub fn read_silver(path: &Path) -> Result<Vec<tagger::conllu::Tree>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    let read = if path.extension().is_some_and(|x| x == "gz") {
        flate2::read::GzDecoder::new(file).read_to_string(&mut text)
    } else {
        std::io::BufReader::new(file).read_to_string(&mut text)
    };
    read.map_err(|e| format!("{}: {e}", path.display()))?;
    tagger::conllu::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The silver files to score: every `silver-*.conllu.gz` of the folder but the training split.
fn scored_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("silver-") && name.ends_with(".conllu.gz") && !name.contains("train")
        })
        .collect();
    files.sort();
    files
}

/// Scores the built-in parser; false when no silver file is there.
pub fn silver(shared: &Path, out: &mut String) -> bool {
    let dir = shared.join("data/syntax");
    let files = scored_files(&dir);
    let _ = writeln!(
        out,
        "== parser: silver dependency parses ({}) ==",
        dir.display()
    );
    if files.is_empty() {
        let _ = writeln!(
            out,
            "absent: no silver-*.conllu.gz but the training split (skipped)\n"
        );
        return false;
    }
    let model = tagger::parser::builtin();
    let pos = tagger::syntax::builtin();
    let mut scored = false;
    for path in files {
        let trees = match read_silver(&path) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(out, "unreadable: {e} (skipped)");
                continue;
            }
        };
        let started = Instant::now();
        let examples: Vec<Example> = trees.iter().map(|t| Example::from_tree(t, pos)).collect();
        let tagging = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut score = ParseScore::default();
        for e in &examples {
            score.add(model, e);
        }
        let parsing = started.elapsed().as_secs_f64();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let _ = writeln!(
            out,
            "{name}: {} sentences, {} tokens (attache's; {} of them exactly one silver word)",
            examples.len(),
            score.tokens,
            score.exact
        );
        let _ = writeln!(
            out,
            "all tokens      UAS {:.3}  LAS {:.3}",
            score.uas(),
            score.las()
        );
        let _ = writeln!(
            out,
            "no punctuation  UAS {:.3}  LAS {:.3}",
            score.word_uas(),
            score.word_las()
        );
        let _ = writeln!(out, "one-word tokens UAS {:.3}", score.exact_uas());
        let _ = writeln!(
            out,
            "tags agreeing with the silver tags {:.3}",
            tag_agreement(&examples)
        );
        relations(model, &examples, out);
        let _ = writeln!(
            out,
            "speed {:.0} tokens/s parsing, {:.0} tokens/s tagging and parsing, one core\n",
            score.tokens as f64 / parsing.max(1e-9),
            score.tokens as f64 / (parsing + tagging).max(1e-9)
        );
        scored = true;
    }
    scored
}

/// The share of one-word tokens whose predicted tag is the silver tree's.
fn tag_agreement(examples: &[Example]) -> f64 {
    let (mut same, mut total) = (0usize, 0usize);
    for e in examples {
        for k in (0..e.tags.len()).filter(|&k| e.exact[k]) {
            total += 1;
            same += usize::from(e.silver_tags[k] == e.tags[k]);
        }
    }
    same as f64 / total.max(1) as f64
}

/// Precision, recall and F1 of the relations the event coder reads (an arc counts when its
/// head and label are both right).
fn relations(model: &ParserModel, examples: &[Example], out: &mut String) {
    const WATCHED: &[&str] = &[
        "nsubj",
        "nsubjpass",
        "dobj",
        "dative",
        "prep",
        "pobj",
        "agent",
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "appos",
        "relcl",
        "acl",
        "neg",
        "aux",
    ];
    let mut counts = vec![(0usize, 0usize, 0usize); WATCHED.len()];
    for e in examples {
        let tree = model.parse(&e.words, &e.tags);
        for i in 0..e.heads.len() {
            let got = model.labels.tags[tree.labels[i]].as_str();
            let want = e.rels[i].as_str();
            let right = tree.heads[i] == e.heads[i] && got == want;
            for (k, r) in WATCHED.iter().enumerate() {
                if *r == got {
                    counts[k].1 += 1;
                    counts[k].0 += usize::from(right);
                }
                if *r == want {
                    counts[k].2 += 1;
                }
            }
        }
    }
    let mut line = String::from("relations (F1)");
    for (r, (tp, predicted, gold)) in WATCHED.iter().zip(counts) {
        let prf = model::Prf {
            tp,
            fp: predicted - tp,
            fn_: gold - tp,
        };
        let _ = write!(line, " {r} {:.2}", prf.f1());
    }
    let _ = writeln!(out, "{line}");
}
