//! Article extraction against WCXB (the news-article pages of its development set): the
//! bag-of-words F1 of the body against `main_content`, exact-match accuracy of title, author and
//! date, and pages per second.

use clean::Cleaner;
use model::{Doc, Stage};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

/// The words of a text as WCXB counts them: runs of letters, digits and underscores, lowercased.
fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// Word-multiset F1 of a prediction against a reference, as WCXB's `word_f1`.
pub fn word_f1(predicted: &str, reference: &str) -> f64 {
    let (p, r) = (words(predicted), words(reference));
    let (np, nr): (usize, usize) = (p.values().sum(), r.values().sum());
    if nr == 0 {
        return if np == 0 { 1.0 } else { 0.0 };
    }
    if np == 0 {
        return 0.0;
    }
    let overlap: usize = p
        .iter()
        .map(|(w, n)| (*n).min(r.get(w).copied().unwrap_or(0)))
        .sum();
    if overlap == 0 {
        return 0.0;
    }
    let (precision, recall) = (overlap as f64 / np as f64, overlap as f64 / nr as f64);
    2.0 * precision * recall / (precision + recall)
}

/// Equality for titles and authors that ignores case, spacing and the typography of quotes
/// (curly or straight).
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace(['’', '‘'], "'")
            .replace(['“', '”'], "\"")
    };
    norm(a) == norm(b)
}

/// Exact-match counts for one metadata field over the pages whose ground truth gives it.
#[derive(Default)]
struct Field {
    right: usize,
    total: usize,
}

impl Field {
    fn add(&mut self, gold: Option<&str>, got: Option<&str>, same: impl Fn(&str, &str) -> bool) {
        if let Some(g) = gold.filter(|g| !g.trim().is_empty()) {
            self.total += 1;
            self.right += usize::from(got.is_some_and(|x| same(g, x)));
        }
    }
    fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Scores the cleaner on the WCXB article pages; false when the set is absent.
pub fn wcxb(shared: &Path, verbose: bool, pages: Option<&Path>, out: &mut String) -> bool {
    let dir = shared.join("data/extraction/wcxb-dev-articles");
    let _ = writeln!(
        out,
        "== extraction: WCXB dev, article pages ({}) ==",
        dir.display()
    );
    let Ok(entries) = std::fs::read_dir(dir.join("ground-truth")) else {
        let _ = writeln!(out, "absent: {} (skipped)\n", dir.display());
        return false;
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let (mut f1s, mut title, mut author, mut date) = (
        Vec::new(),
        Field::default(),
        Field::default(),
        Field::default(),
    );
    let mut worst: Vec<(f64, String)> = Vec::new();
    let mut rows =
        String::from("id\tf1\ttitle\tgold_title\tauthor\tgold_author\tdate\tgold_date\n");
    let mut unreadable = 0;
    let mut seconds = 0.0;
    for gt_path in &files {
        let stem = gt_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let gt: Value = match std::fs::read_to_string(gt_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
        {
            Some(v) => v,
            None => {
                unreadable += 1;
                continue;
            }
        };
        let html_path = dir.join("html").join(format!("{stem}.html.gz"));
        let mut html = String::new();
        let read = std::fs::File::open(&html_path)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_string(&mut html));
        if read.is_err() {
            unreadable += 1;
            continue;
        }
        let started = Instant::now();
        let mut doc = Doc::from_html(stem.clone(), html);
        Cleaner.run(&mut doc);
        let text = clean::cleaned_text(&doc);
        seconds += started.elapsed().as_secs_f64();
        let truth = &gt["ground_truth"];
        let f1 = word_f1(&text, truth["main_content"].as_str().unwrap_or(""));
        f1s.push(f1);
        title.add(
            truth["title"].as_str(),
            doc.meta.title.as_deref(),
            same_text,
        );
        author.add(
            truth["author"].as_str(),
            doc.meta.author.as_deref(),
            same_text,
        );
        let got_date = doc.meta.date.map(|d| d.to_string());
        let cell = |s: Option<&str>| s.unwrap_or("").replace(['\t', '\n'], " ");
        let _ = writeln!(
            rows,
            "{stem}\t{f1:.4}\t{}\t{}\t{}\t{}\t{}\t{}",
            cell(doc.meta.title.as_deref()),
            cell(truth["title"].as_str()),
            cell(doc.meta.author.as_deref()),
            cell(truth["author"].as_str()),
            cell(got_date.as_deref()),
            cell(truth["publish_date"].as_str()),
        );
        worst.push((f1, stem));
        date.add(
            truth["publish_date"].as_str(),
            got_date.as_deref(),
            |g, x| g.get(..10) == x.get(..10),
        );
    }
    if let Some(path) = pages {
        match std::fs::write(path, &rows) {
            Ok(()) => {
                let _ = writeln!(out, "per-page rows written to {}", path.display());
            }
            Err(e) => {
                let _ = writeln!(out, "could not write {}: {e}", path.display());
            }
        }
    }
    if f1s.is_empty() {
        let _ = writeln!(out, "no readable pages (skipped)\n");
        return false;
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    let mut sorted = f1s.clone();
    sorted.sort_by(f64::total_cmp);
    let below = f1s.iter().filter(|f| **f < 0.5).count();
    let _ = writeln!(out, "{} pages ({} unreadable)", f1s.len(), unreadable);
    let _ = writeln!(
        out,
        "body word F1: mean {mean:.3}, median {:.3}, {below} pages below 0.5",
        sorted[sorted.len() / 2]
    );
    let _ = writeln!(
        out,
        "title exact   {:.3} ({}/{})",
        title.share(),
        title.right,
        title.total
    );
    let _ = writeln!(
        out,
        "author exact  {:.3} ({}/{})",
        author.share(),
        author.right,
        author.total
    );
    let _ = writeln!(
        out,
        "date exact    {:.3} ({}/{})",
        date.share(),
        date.right,
        date.total
    );
    let _ = writeln!(
        out,
        "speed         {:.0} pages/s on one core (cleaning only)\n",
        f1s.len() as f64 / seconds.max(1e-9)
    );
    if verbose {
        worst.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f1, stem) in worst.iter().take(20) {
            let _ = writeln!(out, "  {stem}: F1 {f1:.3}");
        }
        out.push('\n');
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_f1_counts_multisets_like_wcxb() {
        assert_eq!(word_f1("", ""), 1.0);
        assert_eq!(word_f1("a", ""), 0.0);
        assert_eq!(word_f1("", "a"), 0.0);
        assert!((word_f1("The cat, the hat.", "the CAT sat") - 0.5714285714).abs() < 1e-6);
        assert_eq!(word_f1("Moscow said", "Moscow said"), 1.0);
    }
}
