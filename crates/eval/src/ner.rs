//! Named-entity recognition against CoNLL-2003's validation file: entity-level precision,
//! recall and F1 per type and micro-averaged (as conlleval counts), and tokens per second.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// CoNLL-2003's validation sentences, under the section's heading; `None` (and a line saying
/// why) when the file is absent or unreadable.
fn valid_sentences(
    shared: &Path,
    section: &str,
    out: &mut String,
) -> Option<Vec<tagger::conll::Sentence>> {
    let path = shared.join("data/ner/valid.txt");
    let _ = writeln!(
        out,
        "== {section}: CoNLL-2003 valid ({}) ==",
        path.display()
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        let _ = writeln!(out, "absent: {} (skipped)\n", path.display());
        return None;
    };
    match tagger::conll::parse(&text) {
        Ok(s) => Some(s),
        Err(e) => {
            let _ = writeln!(out, "unreadable: {e} (skipped)\n");
            None
        }
    }
}

/// Scores the built-in tagger; false when the file is absent.
pub fn conll(shared: &Path, out: &mut String) -> bool {
    let Some(sentences) = valid_sentences(shared, "NER", out) else {
        return false;
    };
    let model = tagger::ner::builtin();
    let started = Instant::now();
    // Document by document, as attache tags an article.
    let predicted = tagger::ner::tag_sentences(model, &sentences);
    let seconds = started.elapsed().as_secs_f64();
    let score = tagger::ner::Score::of(&sentences, &predicted);
    let tokens: usize = sentences.iter().map(|s| s.words.len()).sum();
    let _ = writeln!(out, "{} sentences, {tokens} tokens", sentences.len());
    for (kind, counts) in &score.per_type {
        let _ = writeln!(out, "{kind:<5} {counts}");
    }
    let _ = writeln!(out, "micro {}", score.micro());
    let _ = writeln!(
        out,
        "speed {:.0} tokens/s on one core (model loaded before timing)\n",
        tokens as f64 / seconds.max(1e-9)
    );
    true
}

/// Scores the built-in part-of-speech tagger and chunker on CoNLL-2003's validation file;
/// false when the file is absent.
pub fn syntax(shared: &Path, out: &mut String) -> bool {
    let Some(sentences) = valid_sentences(shared, "syntax", out) else {
        return false;
    };
    let model = tagger::syntax::builtin();
    let started = Instant::now();
    let score = tagger::syntax::SyntaxScore::of(model, &sentences);
    let seconds = started.elapsed().as_secs_f64();
    let _ = writeln!(
        out,
        "part of speech: token accuracy {:.3} ({} of {})",
        score.pos_accuracy(),
        score.pos_right,
        score.tokens
    );
    for (kind, counts) in &score.chunks.per_type {
        if counts.tp + counts.fn_ >= 100 {
            let _ = writeln!(out, "chunk {kind:<5} {counts}");
        }
    }
    let _ = writeln!(out, "chunk micro {}", score.chunks.micro());
    let _ = writeln!(
        out,
        "speed {:.0} tokens/s on one core, tags and chunks (model loaded before timing)\n",
        score.tokens as f64 / seconds.max(1e-9)
    );
    true
}
