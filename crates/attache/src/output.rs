//! The JSON shapes of the output contract (`../shared/contract/`), built from pipeline records.

use model::{ActorRecord, Doc, EventRecord, Mention, MentionKind, SourceKind, Span};
use serde::Serialize;

#[derive(Serialize)]
pub struct ActorOut<'a> {
    text: &'a str,
    span: [usize; 2],
    code: Option<&'a str>,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
}

impl<'a> From<&'a ActorRecord> for ActorOut<'a> {
    fn from(a: &'a ActorRecord) -> Self {
        ActorOut {
            text: &a.text,
            span: [a.span.start, a.span.end],
            code: a.code.as_deref(),
            country: a.country.as_deref(),
            sector: a.sector.as_deref(),
            name: a.name.as_deref(),
            role: a.role.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    speaker: Option<ActorOut<'a>>,
    text: &'a str,
    span: [usize; 2],
}

#[derive(Serialize)]
struct TriggerOut<'a> {
    text: &'a str,
    span: [usize; 2],
}

/// One line of `attache code`.
#[derive(Serialize)]
pub struct EventOut<'a> {
    doc_id: &'a str,
    sentence: usize,
    sentence_text: &'a str,
    source: Option<ActorOut<'a>>,
    target: Option<ActorOut<'a>>,
    cameo: &'a str,
    cameo_root: &'a str,
    quad_class: u8,
    goldstein: f32,
    plover: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plover_mode: Option<&'a str>,
    date: Option<&'a str>,
    date_basis: &'a str,
    negated: bool,
    modality: &'a str,
    quote: Option<QuoteOut<'a>>,
    location: Option<()>,
    trigger: TriggerOut<'a>,
    rule: &'a str,
    confidence: f32,
}

fn round(x: f32, places: i32) -> f32 {
    let f = 10f32.powi(places);
    (x * f).round() / f
}

impl<'a> From<&'a EventRecord> for EventOut<'a> {
    fn from(e: &'a EventRecord) -> Self {
        EventOut {
            doc_id: &e.doc_id,
            sentence: e.sentence,
            sentence_text: &e.sentence_text,
            source: e.source.as_ref().map(ActorOut::from),
            target: e.target.as_ref().map(ActorOut::from),
            cameo: &e.cameo,
            cameo_root: &e.cameo_root,
            quad_class: e.quad_class,
            goldstein: round(e.goldstein, 1),
            plover: e.plover.as_deref(),
            plover_mode: e.plover_mode.as_deref(),
            date: e.date.as_deref(),
            date_basis: e.date_basis,
            negated: e.negated,
            modality: e.modality,
            quote: e.quote.as_ref().map(|q| QuoteOut {
                speaker: q.speaker.as_ref().map(ActorOut::from),
                text: &q.text,
                span: [q.span.start, q.span.end],
            }),
            location: None,
            trigger: TriggerOut {
                text: &e.trigger_text,
                span: [e.trigger_span.start, e.trigger_span.end],
            },
            rule: &e.rule,
            confidence: round(e.confidence, 2),
        }
    }
}

#[derive(Serialize)]
struct RemovedOut<'a> {
    span: [usize; 2],
    reason: &'a str,
    text: &'a str,
}

/// One object of `attache clean --json`.
#[derive(Serialize)]
pub struct CleanOut<'a> {
    id: &'a str,
    title: Option<String>,
    date: Option<String>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    modified: Option<String>,
    language: Option<&'a str>,
    text: String,
    removed: Vec<RemovedOut<'a>>,
    diagnostics: Vec<String>,
}

impl<'a> CleanOut<'a> {
    pub fn new(doc: &'a Doc, text: String) -> Self {
        CleanOut {
            id: &doc.id,
            title: doc.meta.title.clone(),
            date: doc.meta.date.map(|d| d.to_string()),
            outlet: doc.meta.outlet.as_deref(),
            author: doc.meta.author.as_deref(),
            url: doc.meta.url.as_deref(),
            modified: doc.meta.modified.map(|d| d.to_string()),
            language: doc.meta.language.as_deref(),
            text,
            removed: doc
                .removed
                .iter()
                .map(|r| RemovedOut {
                    span: [r.span.start, r.span.end],
                    reason: r.reason,
                    // A page's removed ranges are of its markup; plain text's, of the text.
                    text: match (doc.kind, doc.html.as_deref()) {
                        (SourceKind::Html, Some(markup)) => {
                            markup.get(r.span.start..r.span.end).unwrap_or("")
                        }
                        _ => doc.slice(r.span),
                    },
                })
                .collect(),
            diagnostics: doc
                .diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.stage, d.message))
                .collect(),
        }
    }
}

/// One object of `attache entities`.
#[derive(Serialize)]
pub struct EntityOut<'a> {
    doc_id: &'a str,
    sentence: usize,
    span: [usize; 2],
    text: &'a str,
    /// The named-entity type (PER, ORG, LOC, MISC) of the tagger's entity under the
    /// mention, else what the mention is (PER, ORG, LOC, ROLE, PRON).
    #[serde(rename = "type")]
    kind: &'static str,
    /// How the mention was found: name, country, metonym, organisation, role or pronoun.
    mention: &'static str,
    code: Option<&'a str>,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    name: Option<&'a str>,
    role: Option<&'a str>,
    antecedent: Option<[usize; 2]>,
}

impl<'a> EntityOut<'a> {
    pub fn new(doc: &'a Doc, m: &'a Mention) -> Self {
        let (own, mention) = match m.kind {
            MentionKind::Person => ("PER", "name"),
            MentionKind::Organisation => ("ORG", "organisation"),
            MentionKind::Country => ("LOC", "country"),
            MentionKind::Metonym => ("LOC", "metonym"),
            MentionKind::Role => ("ROLE", "role"),
            MentionKind::Pronoun => ("PRON", "pronoun"),
        };
        // The entity the tagger found inside the mention ("Anatoly Antonov" in "Russian
        // ambassador Anatoly Antonov"), the last one if several.
        let after = doc.entities.partition_point(|e| e.span.start < m.span.end);
        let tagged = doc.entities[..after]
            .last()
            .filter(|e| m.span.contains(e.span))
            .map(|e| e.kind.as_str());
        let kind = match m.kind {
            MentionKind::Pronoun | MentionKind::Role => own,
            _ => tagged.unwrap_or(own),
        };
        let span = |s: Span| [s.start, s.end];
        EntityOut {
            doc_id: &doc.id,
            sentence: m.sentence,
            span: span(m.span),
            text: doc.slice(m.span),
            kind,
            mention,
            code: Some(m.actor.code.as_str()).filter(|c| !c.is_empty()),
            country: m.actor.country.as_deref(),
            sector: m.actor.sector.as_deref(),
            name: m.actor.name.as_deref(),
            role: m.actor.role.as_deref(),
            antecedent: m.antecedent.map(|a| span(doc.mentions[a].span)),
        }
    }
}
