//! First-cut cleaning: the article body out of scraped text or a web page.
//!
//! Plain text is never rewritten: cleaning marks the clutter lines and credits it drops in
//! [`model::Doc::removed`] and the article in [`model::Doc::body`], so every later span still points
//! at the bytes the user gave. A web page is reduced to text first ([`html`]), and that text, with
//! clutter removed, becomes the document text that spans point at.

mod dates;
pub mod html;
mod lines;
mod templates;

pub use lines::{classify_lines, LineVerdict};
pub use templates::Templates;

use model::{Doc, Layer, Layers, Removed, Severity, SourceAnchor, SourceKind, Span, Stage};

/// The cleaning stage: fills `body` (and, for HTML, `text` and metadata).
#[derive(Default)]
pub struct Cleaner;

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Text])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Body])
    }
    fn run(&self, doc: &mut Doc) {
        if doc.kind == SourceKind::Html {
            clean_html(doc);
        } else {
            mark_clutter(doc);
        }
        if doc.body.is_empty() {
            doc.diagnose(
                "clean",
                Severity::Warning,
                "no article text left after cleaning",
            );
        }
    }
}

/// Marks clutter in `doc.text` and sets the body to the kept runs between removed parts.
fn mark_clutter(doc: &mut Doc) {
    let removed = classify_lines(&doc.text);
    doc.body = kept_runs(&doc.text, &removed);
    doc.removed = removed;
    if doc.meta.title.is_none() {
        doc.meta.title = headline(doc);
    }
}

/// The first line of a plain-text article, when it reads as a headline: a short line without
/// sentence punctuation at its end, followed by more text.
fn headline(doc: &Doc) -> Option<String> {
    let first = doc.body.first()?;
    let mut lines = doc.slice(*first).lines();
    let line = lines.next()?.trim();
    let words = line.split_whitespace().count();
    let more_text = lines.next().is_some() || doc.body.len() > 1;
    ((3..=25).contains(&words) && !line.ends_with(['.', ',', ';', ':', '"', '”']) && more_text)
        .then(|| line.to_string())
}

/// The maximal runs of text between removed spans, trimmed of surrounding whitespace.
pub(crate) fn kept_runs(text: &str, removed: &[Removed]) -> Vec<Span> {
    let mut body = Vec::new();
    let mut at = 0;
    let mut push = |from: usize, to: usize| {
        let piece = &text[from..to];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            body.push(Span::new(from + lead, to - trail));
        }
    };
    for r in removed {
        push(at, r.span.start);
        at = r.span.end;
    }
    push(at, text.len());
    body
}

fn clean_html(doc: &mut Doc) {
    let Some(markup) = doc.html.take() else {
        return;
    };
    let page = html::extract(&markup);
    // The page's structure already set navigation, forms and widgets apart; of the line
    // classifier's verdicts only those that hold on a page's paragraphs are taken (measured on
    // WCXB: appeals and widget fragments there are mostly article text, "you" and short
    // headings).
    let removed: Vec<Removed> = classify_lines(&page.text)
        .into_iter()
        .filter(|r| match r.reason {
            "widget fragment" => false,
            "donation or subscription appeal" => {
                strong_appeal(&page.text[r.span.start..r.span.end])
            }
            _ => true,
        })
        .collect();
    // The cleaned text is what `attache clean` prints: the kept runs, one paragraph apart.
    let runs = kept_runs(&page.text, &removed);
    let mut text = String::with_capacity(page.text.len());
    let mut body = Vec::with_capacity(runs.len());
    let mut source_map = Vec::with_capacity(page.sources.len());
    // Both the runs and the page's paragraphs are in text order: one cursor walks them.
    let sources: Vec<&html::Source> = page
        .sources
        .iter()
        .filter(|s| s.markup.1 > s.markup.0)
        .collect();
    let mut next = 0;
    for run in runs {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&page.text[run.start..run.end]);
        body.push(Span::new(start, text.len()));
        // Page paragraphs in the run keep their place relative to it (trimmed to the run: a
        // paragraph may start with a no-break space the run leaves out).
        while next < sources.len() && sources[next].text.1 <= run.start {
            next += 1;
        }
        for source in &sources[next..] {
            let (a, b) = source.text;
            if a >= run.end {
                break;
            }
            let (a, b) = (a.max(run.start), b.min(run.end));
            if a < b {
                source_map.push(SourceAnchor {
                    text: Span::new(start + a - run.start, start + b - run.start),
                    input: Span::new(source.markup.0, source.markup.1),
                });
            }
        }
    }
    // What was dropped, as markup ranges: the page's other paragraphs, and the clutter lines
    // of the article (at the grain of the paragraphs they stand in).
    let mut dropped: Vec<Removed> = page
        .dropped
        .iter()
        .filter(|(a, b)| b > a)
        .map(|&(a, b)| Removed {
            span: Span::new(a, b),
            reason: "not the article",
        })
        .collect();
    let mut next = 0;
    for r in &removed {
        while next < sources.len() && sources[next].text.1 <= r.span.start {
            next += 1;
        }
        for source in &sources[next..] {
            if source.text.0 >= r.span.end {
                break;
            }
            dropped.push(Removed {
                span: Span::new(source.markup.0, source.markup.1),
                reason: r.reason,
            });
        }
    }
    dropped.sort_by_key(|r| (r.span.start, r.span.end));
    dropped.dedup_by_key(|r| (r.span.start, r.span.end));
    doc.text = text;
    doc.body = body;
    doc.removed = dropped;
    doc.source_map = source_map;
    let meta = &mut doc.meta;
    meta.title = meta.title.take().or(page.title);
    meta.date = meta.date.or(page.date);
    meta.author = meta.author.take().or(page.author);
    meta.outlet = meta.outlet.take().or(page.site);
    meta.url = meta.url.take().or(page.url);
    meta.modified = meta.modified.or(page.modified);
    meta.language = meta.language.take().or(page.language);
    doc.html = Some(markup);
}

/// An appeal in so many words: donating, subscribing, signing up, becoming a member or
/// supporting the outlet's journalism.
fn strong_appeal(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "donat",
        "subscri",
        "newsletter",
        "sign up",
        "membership",
        "become a member",
        "support us",
        "support our",
        "support independent",
        "our journalism",
        "contribution",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The last character boundary of `s` at or before byte `at` (at most its length).
pub(crate) fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The cleaned article text as `attache clean` prints it: the body runs, a blank line apart.
pub fn cleaned_text(doc: &Doc) -> String {
    let parts: Vec<&str> = doc.body.iter().map(|s| doc.slice(*s)).collect();
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_becomes_the_document_text_with_metadata() {
        let mut doc = Doc::from_html(
            "p",
            r#"<html><head><title>Envoy recalled | The Times</title>
            <meta property="article:published_time" content="2021-04-21T10:00:00Z">
            <script>var x = "<p>not text</p>";</script></head>
            <body><nav><a href="/">Home</a></nav><article><h1>Envoy recalled</h1>
            <p>Russia recalled its ambassador &amp; envoy.</p><p>Read more</p>
            <figure><img src=x><figcaption>A photo</figcaption></figure>
            <p>He said talks&nbsp;would resume.</p></article><footer>© 2021</footer></body></html>"#,
        );
        Cleaner.run(&mut doc);
        assert_eq!(
            cleaned_text(&doc),
            "Envoy recalled\n\nRussia recalled its ambassador & envoy.\n\nHe said talks\u{a0}would resume."
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Envoy recalled"));
        assert_eq!(doc.meta.date.unwrap().to_string(), "2021-04-21");
        for span in &doc.body {
            assert!(!doc.slice(*span).is_empty());
        }
    }

    #[test]
    fn on_a_page_only_appeals_in_so_many_words_are_clutter() {
        let review = "If you pay for accounting software, you want your invoices sent and your payments \
            tracked: this one lets you pay contractors monthly, and its support team answers you fast.";
        // As plain text, the line classifier would call it an appeal; on a page it is the article.
        assert_ne!(lines::classify(review), LineVerdict::Keep);
        let appeal = "Your support keeps our journalism free: please donate today, even a small amount helps us.";
        let mut doc = Doc::from_html(
            "p",
            format!(
                "<html><body><article><h1>Accounting apps reviewed</h1><p>{review}</p>\
                 <p>{appeal}</p><p>The ministry said on Monday that talks with its neighbours would resume.</p>\
                 </article></body></html>"
            ),
        );
        Cleaner.run(&mut doc);
        assert!(
            doc.text.contains("If you pay for accounting software"),
            "{}",
            doc.text
        );
        assert!(!doc.text.contains("please donate"), "{}", doc.text);
    }

    #[test]
    fn page_paragraphs_map_back_to_their_markup_and_drops_are_markup_ranges() {
        let markup = "<html><body><nav><a href='/'>Home of the Daily Planet</a></nav><article>\
            <p>&nbsp;Russia recalled its ambassador &amp; envoy from Washington on Wednesday.</p>\
            <p>Read more</p><p>He said talks would resume in <b>May</b>.</p></article></body></html>";
        let mut doc = Doc::from_html("p", markup);
        Cleaner.run(&mut doc);
        let html = doc.html.as_deref().unwrap();
        assert_eq!(doc.source_map.len(), 2);
        for anchor in &doc.source_map {
            let paragraph = doc.slice(anchor.text);
            let source = &html[anchor.input.start..anchor.input.end];
            let first = paragraph.split_whitespace().next().unwrap();
            assert!(source.contains(first), "{paragraph:?} from {source:?}");
        }
        assert_eq!(
            &html[doc.source_map[1].input.start..doc.source_map[1].input.end],
            "He said talks would resume in <b>May</b>."
        );
        let dropped: Vec<(&str, &str)> = doc
            .removed
            .iter()
            .map(|r| (&html[r.span.start..r.span.end], r.reason))
            .collect();
        assert!(
            dropped
                .iter()
                .any(|(t, _)| *t == "Home of the Daily Planet"),
            "{dropped:?}"
        );
        assert!(
            dropped
                .iter()
                .any(|(t, r)| *t == "Read more" && *r != "not the article"),
            "{dropped:?}"
        );
    }
}
