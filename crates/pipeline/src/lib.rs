//! Assembles the standard stages into a checked pipeline, and turns coded documents into the
//! flat records of the output contract.
//!
//! This is the one crate that knows every stage; the stages know only the model.

use actors::ActorResolver;
use clean::{Cleaner, Templates};
use coder::{CodeTable, Coder};
use model::{Actor, ActorRecord, Doc, EventRecord, Mention, Pipeline, QuoteRecord, Span};
use segment::Segmenter;
use tagger::{DependencyParser, EntityTagger};

/// The built-in pipeline: clean, outlet templates, segment, named entities, actors, parser
/// (of the sentences the coder can use), coder.
pub fn standard() -> Pipeline {
    with_stages(ActorResolver::builtin(), Coder::builtin())
}

/// The standard order with the given actor and coder stages (eval swaps their dictionaries).
pub fn with_stages(actors: ActorResolver, coder: Coder) -> Pipeline {
    Pipeline::new(vec![
        Box::new(Cleaner),
        Box::new(Templates::default()),
        Box::new(Segmenter),
        Box::new(EntityTagger::builtin()),
        Box::new(actors),
        Box::new(parser_for(&coder)),
        Box::new(coder),
    ])
    .unwrap_or_else(|errors| panic!("the standard stages fit together: {errors:?}"))
}

/// The dependency parser, reading the sentences in which `coder` can find an event.
pub fn parser_for(coder: &Coder) -> DependencyParser {
    DependencyParser::selecting(
        model::Layers::of(&[model::Layer::Mentions]),
        Box::new(coder.parse_selector()),
    )
}

/// Only the stages that `attache clean` needs.
pub fn cleaning() -> Pipeline {
    Pipeline::new(vec![Box::new(Cleaner), Box::new(Templates::default())])
        .expect("cleaning needs only text")
}

/// Up to mentions, for `attache entities`.
pub fn entities() -> Pipeline {
    Pipeline::new(vec![
        Box::new(Cleaner),
        Box::new(Templates::default()),
        Box::new(Segmenter),
        Box::new(EntityTagger::builtin()),
        Box::new(ActorResolver::builtin()),
    ])
    .expect("actors need only segmentation")
}

fn actor_record(doc: &Doc, m: &Mention, over: Option<&Actor>) -> ActorRecord {
    let a = over.unwrap_or(&m.actor);
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    ActorRecord {
        text: doc.slice(m.span).to_string(),
        span: m.span,
        code: non_empty(&a.code),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: a.name.clone(),
        role: a.role.clone(),
        coreferent: m.antecedent.is_some(),
    }
}

/// The contract's records for a coded document.
pub fn records(doc: &Doc, table: &CodeTable) -> Vec<EventRecord> {
    record_iter(doc, table).collect()
}

/// The contract's records one at a time, so a document with very many events is written out
/// without holding all its records at once.
pub fn record_iter<'a>(
    doc: &'a Doc,
    table: &'a CodeTable,
) -> impl Iterator<Item = EventRecord> + 'a {
    doc.events.iter().map(move |e| {
        let info = table.info(&e.cameo);
        let sentence = &doc.sentences[e.sentence];
        let actor = |i: Option<usize>, over: Option<&Actor>| {
            i.map(|i| actor_record(doc, &doc.mentions[i], over))
        };
        EventRecord {
            doc_id: doc.id.clone(),
            sentence: e.sentence,
            sentence_text: doc.slice(sentence.span).to_string(),
            source: actor(e.source, e.source_actor.as_ref()),
            target: actor(e.target, e.target_actor.as_ref()),
            cameo: e.cameo.clone(),
            cameo_root: coder::codes::root_of(&e.cameo).to_string(),
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            plover: info.plover,
            plover_mode: info.plover_mode,
            date: e.date.map(|d| d.to_string()),
            date_basis: if e.date.is_some() {
                "published"
            } else {
                "none"
            },
            negated: e.negated,
            modality: e.modality.as_str(),
            quote: e.quote.as_ref().map(|q| QuoteRecord {
                speaker: q.speaker.map(|s| actor_record(doc, &doc.mentions[s], None)),
                text: doc.slice(q.span).to_string(),
                span: q.span,
            }),
            trigger_text: doc.slice(e.trigger).to_string(),
            trigger_span: e.trigger,
            rule: e.rule.clone(),
            confidence: e.confidence,
        }
    })
}

/// Checks that every span a document carries points at text inside the document; a stage that
/// broke this would hand users offsets into nowhere.
pub fn spans_in_bounds(doc: &Doc) -> bool {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= doc.text.len()
            && doc.text.is_char_boundary(s.start)
            && doc.text.is_char_boundary(s.end)
    };
    doc.body.iter().all(|s| ok(*s))
        && doc.tokens.iter().all(|t| ok(t.span))
        && doc.sentences.iter().all(|s| ok(s.span))
        && doc.mentions.iter().all(|m| ok(m.span))
        && doc
            .events
            .iter()
            .all(|e| ok(e.trigger) && e.quote.as_ref().is_none_or(|q| ok(q.span)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency and fails the same way
    /// every time.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    const PIECES: &[&str] = &[
        "Russia",
        "’s",
        "U.S.",
        " ",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        "\"",
        "“",
        "”",
        "'",
        "said",
        "he",
        "sanctions",
        "on",
        "the",
        "Ambassador",
        "Antonov",
        "×",
        "é",
        "—",
        "recalled",
        "was",
        "(",
        ")",
        "Read more",
        "Support us",
        "<p>",
        "</p>",
        "&amp;",
        "U",
        "S",
        "-",
        "anti",
        "Mr.",
        "Jan.",
        "Kremlin",
        "and",
        "it",
        "they",
        "called",
        "killer",
        "…",
        "\u{feff}",
        "\r\n",
        "数",
        "🙂",
    ];

    /// A page of very many short paragraphs that each hold an event (issue 10: such a page once
    /// took minutes, the coder scanning every earlier event or mention for each new one). Ten
    /// times the events must cost about ten times the time, far from a hundred.
    #[test]
    fn coding_time_grows_linearly_with_the_events_of_a_document() {
        let stages = || -> Vec<Box<dyn model::Stage>> {
            let coder = Coder::builtin();
            vec![
                Box::new(Segmenter),
                Box::new(EntityTagger::builtin()),
                Box::new(ActorResolver::builtin()),
                Box::new(parser_for(&coder)),
                Box::new(coder),
            ]
        };
        let pipeline = Pipeline::with_given(model::Layers::of(&[model::Layer::Body]), stages())
            .expect("the stages fit");
        let time = |paragraphs: usize| {
            let text: String = (0..paragraphs)
                .map(|i| format!("Russia condemned Ukraine on day {i}.\n\n"))
                .collect();
            let mut doc = Doc::from_text("many", text);
            doc.body = vec![Span::new(0, doc.text.len())];
            let started = std::time::Instant::now();
            pipeline.run(&mut doc);
            let spent = started.elapsed().as_secs_f64();
            assert_eq!(doc.events.len(), paragraphs, "one event a paragraph");
            spent
        };
        // Warm the built-in models and dictionaries first.
        time(100);
        let small = time(10_000);
        let large = time(100_000);
        assert!(
            large < 20.0 * small,
            "10,000 events took {small:.2} s and 100,000 took {large:.2} s"
        );
    }

    #[test]
    fn random_text_never_panics_and_spans_stay_in_bounds() {
        let pipeline = standard();
        let table = CodeTable::builtin();
        // ATTACHE_FUZZ_ROUNDS runs a longer sweep by hand; CI runs the default.
        let rounds = std::env::var("ATTACHE_FUZZ_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(400);
        let mut rng = Lcg(42);
        for round in 0..rounds {
            let len = (rng.next() % 80) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(rng.next() as usize) % PIECES.len()])
                .collect();
            let mut doc = if round % 5 == 0 {
                Doc::from_html(format!("r{round}"), text.clone())
            } else {
                Doc::from_text(format!("r{round}"), text.clone())
            };
            pipeline.run(&mut doc);
            assert!(spans_in_bounds(&doc), "round {round}: {text:?}");
            for r in records(&doc, &table) {
                for a in r.source.iter().chain(r.target.iter()) {
                    assert_eq!(doc.slice(a.span), a.text, "round {round}");
                }
            }
        }
    }
}
