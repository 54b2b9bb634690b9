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

/// Which sentences of a document the parser reads (all, when none is given).
pub type Selector = Box<dyn Fn(&Doc, usize) -> bool + Send + Sync>;

/// Fills `Doc::parses`: part-of-speech tags and a dependency tree for each selected sentence.
pub struct DependencyParser {
    pos: &'static crate::syntax::SyntaxModel,
    parser: &'static crate::parser::ParserModel,
    /// The relation of each of the parser's labels.
    rels: Vec<model::Rel>,
    select: Option<Selector>,
    requires: Layers,
}

impl DependencyParser {
    /// The built-in tagger and parser, reading every sentence.
    pub fn builtin() -> DependencyParser {
        let parser = crate::parser::builtin();
        DependencyParser {
            pos: crate::syntax::builtin(),
            parser,
            rels: parser
                .labels
                .tags
                .iter()
                .map(|t| model::Rel::parse(t))
                .collect(),
            select: None,
            requires: Layers::of(&[Layer::Sentences, Layer::Tokens]),
        }
    }

    /// Reads only the sentences `select` picks; `requires` is what `select` reads besides
    /// sentences and tokens (the event coder picks sentences with an actor and a trigger, so
    /// it needs the mentions).
    pub fn selecting(requires: Layers, select: Selector) -> DependencyParser {
        let mut p = DependencyParser::builtin();
        p.requires = p.requires.with(requires);
        p.select = Some(select);
        p
    }

    /// Tags and parses one sentence.
    pub fn parse(&self, doc: &Doc, sentence: usize) -> model::Parse {
        let forms: Vec<Cow<'_, str>> = doc
            .sentence_tokens(sentence)
            .iter()
            .map(|t| conll_form(doc.slice(t.span)))
            .collect();
        let tags = self.pos.tag(&forms);
        let words: Vec<Cow<'_, str>> = forms.iter().map(|f| model::lowercase(f)).collect();
        let tree = self.parser.parse(&words, &tags);
        let n = words.len();
        model::Parse {
            sentence,
            tags: tags.iter().map(|t| model::Pos::parse(t)).collect(),
            heads: tree
                .heads
                .iter()
                .map(|&h| (h < n).then_some(h as u16))
                .collect(),
            rels: tree
                .heads
                .iter()
                .zip(&tree.labels)
                .map(|(&h, &l)| {
                    if h < n {
                        self.rels[l]
                    } else {
                        model::Rel::Root
                    }
                })
                .collect(),
        }
    }
}

impl Stage for DependencyParser {
    fn name(&self) -> &'static str {
        "parser"
    }
    fn requires(&self) -> Layers {
        self.requires
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Syntax])
    }
    fn run(&self, doc: &mut Doc) {
        let parses = (0..doc.sentences.len())
            .filter(|&s| self.select.as_ref().is_none_or(|f| f(doc, s)))
            .filter(|&s| !doc.sentences[s].tokens.is_empty())
            .map(|s| self.parse(doc, s))
            .collect();
        doc.parses = parses;
    }
}
