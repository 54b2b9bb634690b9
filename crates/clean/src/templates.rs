//! An outlet's template lines: text its pages all carry around the article (a donation widget,
//! "Follow us on Telegram", a standing disclaimer). The line classifier knows what clutter looks
//! like in general; this knows what one outlet repeats. A line that turns up in several of an
//! outlet's documents, and in a good share of them, is its template, not its news.
//!
//! Learning is per outlet only: a wire story reprinted by ten outlets repeats its paragraphs
//! across outlets, and those are news. Exact duplicate documents are counted once, and a
//! document that would lose most of its body to the template is left alone (it is the same
//! article again, not a page of template).

use model::{
    Doc, FxHashMap, FxHasher, Layer, Layers, Removed, Severity, SourceAnchor, SourceKind, Span,
    Stage,
};
use std::hash::{Hash, Hasher};
use std::sync::RwLock;

/// Documents of an outlet a line must appear in, at least, to be its template...
const MIN_DOCS: u32 = 3;
/// ...and the share of the outlet's documents.
const MIN_SHARE: f64 = 0.3;
/// The share of a document's body above which template lines are not cut (a duplicate).
const MAX_CUT: f64 = 0.5;
/// Memory bounds: lines remembered per outlet, documents remembered per outlet (to count
/// duplicates once), outlets, and entries of all outlets together (about 16 MB).
const MAX_LINES: usize = 50_000;
const MAX_SEEN: usize = 20_000;
const MAX_OUTLETS: usize = 5_000;
const MAX_ENTRIES: usize = 500_000;

#[derive(Default)]
struct Outlet {
    docs: u32,
    seen: FxHashMap<u64, ()>,
    lines: FxHashMap<u64, u32>,
}

/// The stage: learns each batch's outlets, then cuts their template lines from the body.
#[derive(Default)]
pub struct Templates {
    outlets: RwLock<FxHashMap<u64, Outlet>>,
}

fn hash(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// The outlet a document comes from: its outlet's name, else its address's host.
fn outlet_key(doc: &Doc) -> Option<u64> {
    if let Some(outlet) = doc.meta.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
        return Some(hash(&["outlet", &outlet.trim().to_lowercase()]));
    }
    let url = doc.meta.url.as_deref()?;
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let host = host.trim_start_matches("www.").to_lowercase();
    (!host.is_empty()).then(|| hash(&["outlet", &host]))
}

/// The body's non-blank lines, trimmed, in text order.
fn trimmed_lines(doc: &Doc) -> impl Iterator<Item = Span> + '_ {
    doc.body.iter().flat_map(move |run| {
        let mut at = run.start;
        doc.text[run.start..run.end]
            .split_inclusive('\n')
            .filter_map(move |line| {
                let start = at + (line.len() - line.trim_start().len());
                let end = at + line.trim_end().len();
                at += line.len();
                (end > start).then(|| Span::new(start, end))
            })
    })
}

/// The body's lines: their spans in the text and a fingerprint of their words (case and
/// spacing ignored). Lines without a letter are not fingerprinted.
fn body_lines(doc: &Doc) -> Vec<(Span, u64)> {
    trimmed_lines(doc)
        .filter(|line| doc.slice(*line).chars().any(char::is_alphabetic))
        .map(|line| {
            // Its words, lowercased, into the hash without building strings.
            let mut h = FxHasher::default();
            for word in doc.slice(line).split_whitespace() {
                for c in word.chars().flat_map(char::to_lowercase) {
                    h.write_u32(c as u32);
                }
                h.write_u8(0);
            }
            (line, h.finish())
        })
        .collect()
}

impl Templates {
    /// The template lines of a document's outlet found in its body.
    fn template_lines(&self, doc: &Doc) -> Vec<Span> {
        let Some(key) = outlet_key(doc) else {
            return Vec::new();
        };
        let outlets = self.outlets.read().unwrap_or_else(|e| e.into_inner());
        let Some(outlet) = outlets.get(&key).filter(|o| o.docs >= MIN_DOCS) else {
            return Vec::new();
        };
        let needed = (MIN_SHARE * f64::from(outlet.docs))
            .ceil()
            .max(f64::from(MIN_DOCS)) as u32;
        body_lines(doc)
            .into_iter()
            .filter(|(_, h)| outlet.lines.get(h).is_some_and(|&n| n >= needed))
            .map(|(span, _)| span)
            .collect()
    }
}

impl Stage for Templates {
    fn name(&self) -> &'static str {
        "templates"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Body])
    }
    fn assigns(&self) -> Layers {
        Layers::NONE
    }
    fn learns(&self) -> bool {
        true
    }
    fn learn(&self, docs: &[&Doc]) {
        let mut outlets = self.outlets.write().unwrap_or_else(|e| e.into_inner());
        let entries = |outlets: &FxHashMap<u64, Outlet>| {
            outlets
                .values()
                .map(|o| o.lines.len() + o.seen.len())
                .sum::<usize>()
        };
        if entries(&outlets) > MAX_ENTRIES {
            // Over budget: keep only what recurs, and if that is still too much, start afresh.
            for outlet in outlets.values_mut() {
                outlet.lines.retain(|_, n| *n > 1);
                outlet.seen.clear();
            }
            if entries(&outlets) > MAX_ENTRIES / 2 {
                outlets.clear();
            }
        }
        for doc in docs {
            let Some(key) = outlet_key(doc) else {
                continue;
            };
            if outlets.len() >= MAX_OUTLETS && !outlets.contains_key(&key) {
                outlets.clear();
            }
            let outlet = outlets.entry(key).or_default();
            if outlet.seen.insert(hash(&[&doc.text]), ()).is_some() {
                continue; // the same document again
            }
            if outlet.seen.len() > MAX_SEEN {
                outlet.seen.clear();
            }
            let mut fingerprints: Vec<u64> = body_lines(doc).into_iter().map(|(_, h)| h).collect();
            fingerprints.sort_unstable();
            fingerprints.dedup();
            // A new version of a story the outlet already ran shares most of its lines with
            // it: counting it would make the story's paragraphs look like template.
            let known = fingerprints
                .iter()
                .filter(|h| outlet.lines.contains_key(h))
                .count();
            if fingerprints.len() >= 4 && known * 2 > fingerprints.len() {
                continue;
            }
            outlet.docs += 1;
            for h in fingerprints {
                *outlet.lines.entry(h).or_insert(0) += 1;
            }
            if outlet.lines.len() > MAX_LINES {
                outlet.lines.retain(|_, n| *n > 1);
                if outlet.lines.len() > MAX_LINES / 2 {
                    // Still full of repeated lines: start the outlet afresh.
                    *outlet = Outlet::default();
                }
            }
        }
    }
    fn run(&self, doc: &mut Doc) {
        let cut = self.template_lines(doc);
        if cut.is_empty() {
            return;
        }
        let cut_chars: usize = cut.iter().map(|s| s.end - s.start).sum();
        let body_chars: usize = doc.body.iter().map(|s| s.end - s.start).sum();
        if cut_chars as f64 > MAX_CUT * body_chars as f64 {
            doc.diagnose(
                "templates",
                Severity::Info,
                "most of the text repeats the outlet's other documents; kept as it is",
            );
            return;
        }
        if doc.kind == SourceKind::Html {
            // The page text is ours: rebuild it without the template paragraphs, so that the
            // text `attache clean` prints and every later span still agree.
            let mut text = String::with_capacity(doc.text.len());
            let mut body = Vec::new();
            let mut source_map = Vec::new();
            let cut_set: std::collections::HashSet<Span> = cut.iter().copied().collect();
            // The lines and the anchors are both in text order: a cursor finds each line's
            // anchor (the paragraph it overlaps).
            let anchors = std::mem::take(&mut doc.source_map);
            let mut next = 0;
            let mut anchor = |span: Span| {
                while next < anchors.len() && anchors[next].text.end <= span.start {
                    next += 1;
                }
                anchors
                    .get(next)
                    .filter(|a| a.text.start < span.end)
                    .copied()
            };
            // Collected first: the loop records what it cuts in `doc.removed`.
            let lines: Vec<Span> = trimmed_lines(doc).collect();
            for line in lines {
                if cut_set.contains(&line) {
                    if let Some(a) = anchor(line) {
                        doc.removed.push(Removed {
                            span: a.input,
                            reason: "outlet template",
                        });
                    }
                    continue;
                }
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let from = text.len();
                text.push_str(doc.slice(line));
                body.push(Span::new(from, text.len()));
                if let Some(a) = anchor(line) {
                    source_map.push(SourceAnchor {
                        text: Span::new(from, text.len()),
                        input: a.input,
                    });
                }
            }
            doc.text = text;
            doc.body = body;
            doc.source_map = source_map;
            doc.removed.sort_by_key(|r| (r.span.start, r.span.end));
        } else {
            doc.removed.extend(cut.iter().map(|&span| Removed {
                span,
                reason: "outlet template",
            }));
            doc.removed.sort_by_key(|r| (r.span.start, r.span.end));
            doc.body = crate::kept_runs(&doc.text, &doc.removed);
        }
        doc.diagnose(
            "templates",
            Severity::Info,
            format!(
                "dropped {} lines the outlet repeats across its documents",
                cut.len()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cleaner;
    use model::Pipeline;

    const BANNER: &str = "Our correspondents follow the story from Kyiv and Moscow every day.";

    fn article(id: &str, outlet: &str, lead: &str) -> Doc {
        let mut doc = Doc::from_text(
            id,
            format!(
                "{lead} Officials in Moscow said talks would resume next week.\n{BANNER}\nThe ministry declined to comment further ({lead}).\n"
            ),
        );
        doc.meta.outlet = Some(outlet.to_string());
        doc
    }

    fn run_batch(docs: &mut [Doc]) {
        let pipeline =
            Pipeline::new(vec![Box::new(Cleaner), Box::new(Templates::default())]).unwrap();
        for phase in pipeline.phases() {
            let refs: Vec<&Doc> = docs.iter().collect();
            pipeline.learn(phase.start, &refs);
            for doc in docs.iter_mut() {
                pipeline.run_stages(doc, phase.clone());
            }
        }
    }

    #[test]
    fn cuts_a_line_an_outlet_repeats_and_keeps_the_news() {
        let leads = [
            "Russia recalled its envoy.",
            "Kyiv reported strikes.",
            "Talks stalled.",
            "Aid arrived.",
        ];
        let mut docs: Vec<Doc> = leads
            .iter()
            .enumerate()
            .map(|(k, lead)| article(&format!("d{k}"), "The Daily Planet", lead))
            .collect();
        // The same banner from another outlet, once: not that outlet's template.
        docs.push(article("other", "Other Times", "Minsk said nothing."));
        run_batch(&mut docs);
        for doc in &docs[..4] {
            let body: Vec<&str> = doc.body.iter().map(|s| doc.slice(*s)).collect();
            let body = body.join("\n");
            assert!(!body.contains(BANNER), "{body}");
            assert!(body.contains("Officials in Moscow said"));
            assert!(body.contains("declined to comment"));
            assert!(doc
                .removed
                .iter()
                .any(|r| r.reason == "outlet template" && doc.slice(r.span) == BANNER));
        }
        let other = &docs[4];
        assert!(other.body.iter().any(|s| other.slice(*s).contains(BANNER)));
    }

    #[test]
    fn duplicates_and_outletless_documents_teach_nothing() {
        // The same article four times is one document, not a template.
        let mut docs: Vec<Doc> = (0..4)
            .map(|k| {
                article(
                    &format!("d{k}"),
                    "The Daily Planet",
                    "Russia recalled its envoy.",
                )
            })
            .collect();
        run_batch(&mut docs);
        let learned = |d: &Doc| d.removed.iter().any(|r| r.reason == "outlet template");
        assert!(!docs.iter().any(learned), "{:?}", docs[0].removed);
        let mut docs: Vec<Doc> = ["a", "b", "c", "d"]
            .iter()
            .map(|lead| {
                let mut d = article(lead, "", lead);
                d.meta.outlet = None;
                d
            })
            .collect();
        run_batch(&mut docs);
        assert!(!docs.iter().any(learned));
    }

    #[test]
    fn rebuilds_page_text_without_the_template() {
        let page = |lead: &str| {
            format!(
                "<html><head><meta property='og:site_name' content='Planet'></head><body><article>\
                 <p>{lead} Officials in Moscow said that talks with the neighbours would resume next week.</p>\
                 <p>{BANNER}</p><p>The ministry declined to comment further on the matter ({lead}).</p>\
                 </article></body></html>"
            )
        };
        let mut docs: Vec<Doc> = [
            "Russia recalled its envoy.",
            "Kyiv reported strikes.",
            "Talks stalled.",
        ]
        .iter()
        .enumerate()
        .map(|(k, lead)| Doc::from_html(format!("p{k}"), page(lead)))
        .collect();
        run_batch(&mut docs);
        for doc in &docs {
            assert!(!doc.text.contains(BANNER), "{}", doc.text);
            assert_eq!(crate::cleaned_text(doc), doc.text);
            assert!(doc.text.contains("declined to comment"));
        }
    }
}
