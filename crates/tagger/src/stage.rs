//! The named-entity stage: tags each document's sentences with the built-in model and records
//! the entities as token ranges and byte spans.

use crate::ner::{self, NerModel};
use model::{Doc, Entity, EntityKind, Layer, Layers, Span, Stage};
use std::borrow::Cow;

/// Fills `Doc::entities` from `sentences` and `tokens`.
pub struct EntityTagger {
    model: &'static NerModel,
}

impl EntityTagger {
    /// The tagger with the model compiled into the binary.
    pub fn builtin() -> EntityTagger {
        EntityTagger {
            model: ner::builtin(),
        }
    }
}

/// A token as CoNLL-2003 writes it: typographic quotes and apostrophes become ASCII, and long
/// dashes a hyphen, so that the model sees the forms it learned.
pub fn conll_form(token: &str) -> Cow<'_, str> {
    if token.is_ascii() {
        return Cow::Borrowed(token);
    }
    let mapped: String = token
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    Cow::Owned(mapped)
}

impl Stage for EntityTagger {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Entities])
    }
    fn run(&self, doc: &mut Doc) {
        let forms: Vec<Vec<Cow<'_, str>>> = doc
            .sentences
            .iter()
            .map(|s| {
                doc.tokens[s.tokens.clone()]
                    .iter()
                    .map(|t| conll_form(doc.slice(t.span)))
                    .collect()
            })
            .collect();
        let slices: Vec<&[Cow<'_, str>]> = forms.iter().map(Vec::as_slice).collect();
        // Only names the tables do not know are looked for: the actor stage reads a known name
        // from its own tables, and the tagger costs more than all the other stages together.
        let lowered: Vec<ner::Lowered> = slices.iter().map(|s| ner::Lowered::new(s)).collect();
        let mut words = ner::DocWords::from_lowered(&slices, &lowered);
        let unknown: Vec<Vec<bool>> = slices
            .iter()
            .zip(&lowered)
            .map(|(s, l)| ner::unknown_names(s, l, &words))
            .collect();
        let tagged = ner::tag_selected(self.model, &slices, lowered, &unknown, &mut words);
        let mut entities = Vec::new();
        for (s, tags) in tagged.iter().enumerate() {
            let first = doc.sentences[s].tokens.start;
            for (kind, a, b) in crate::conll::spans(tags) {
                let Some(kind) = EntityKind::parse(&kind) else {
                    continue;
                };
                let tokens = first + a..first + b;
                entities.push(Entity {
                    span: Span::new(
                        doc.tokens[tokens.start].span.start,
                        doc.tokens[tokens.end - 1].span.end,
                    ),
                    sentence: s,
                    tokens,
                    kind,
                });
            }
        }
        doc.entities = entities;
    }
}
