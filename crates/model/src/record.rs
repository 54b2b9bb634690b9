//! The flat view of an event that leaves the pipeline: every field of the output contract, as
//! plain values, so the CLI can serialise it and the store can write it without knowing stages.

use crate::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct ActorRecord {
    pub text: String,
    pub span: Span,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    /// Whether the actor was reached through coreference (a pronoun, surname or title).
    pub coreferent: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuoteRecord {
    pub speaker: Option<ActorRecord>,
    pub text: String,
    pub span: Span,
}

/// One line of `attache code`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub doc_id: String,
    pub sentence: usize,
    pub sentence_text: String,
    pub source: Option<ActorRecord>,
    pub target: Option<ActorRecord>,
    pub cameo: String,
    pub cameo_root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub date: Option<String>,
    pub date_basis: &'static str,
    pub negated: bool,
    pub modality: &'static str,
    pub quote: Option<QuoteRecord>,
    pub trigger_text: String,
    pub trigger_span: Span,
    pub rule: String,
    pub confidence: f32,
}
