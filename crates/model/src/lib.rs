//! The document model and the stage contract of attache.
//!
//! One [`Doc`] flows through the pipeline. Every layer a stage adds (the kept body, sentences,
//! tokens, actor mentions, events) is stored as byte [`Span`]s into [`Doc::text`], the text the
//! user's spans point at. This crate does no I/O and knows no serialisation format, so every
//! stage crate can depend on it without pulling anything else in.

mod date;
mod doc;
mod fxhash;
mod pipeline;
mod record;
mod score;
mod syntax;
mod tokens;

pub use date::{Date, DatePrecision};
pub use doc::{
    Actor, Diagnostic, Doc, Entity, EntityKind, Event, Layer, Layers, Mention, MentionKind, Meta,
    Modality, Quote, Removed, Sentence, Severity, SourceAnchor, SourceKind, Span, Token, TokenKind,
};
pub use fxhash::{FxHashMap, FxHasher, KeyFilter};
pub use pipeline::{Pipeline, PipelineError, Stage};
pub use record::{ActorRecord, EventRecord, QuoteRecord};
pub use score::Prf;
pub use syntax::{Parse, Pos, Rel};
pub use tokens::{lowercase, phrase_tokens, straight_apostrophes, tokenize, ABBREVIATIONS};
