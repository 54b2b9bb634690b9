//! The document and its annotation layers.
//!
//! Layers are plain vectors of spans and indices rather than a tree of owned strings: a stage
//! appends to them, later stages read them, and nothing is copied out of the text until output.

use crate::Date;

/// A half-open `[start, end)` byte range into [`Doc::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} runs backwards");
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What the document was before cleaning; decides what [`Doc::text`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text: `text` is the input exactly as given, and cleaning only marks what to skip.
    Text,
    /// A web page: the markup waits in [`Doc::html`] and cleaning writes `text`.
    Html,
}

/// Publication metadata, from the input record or recovered by cleaning.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// When the page says it was last changed.
    pub modified: Option<Date>,
    /// The language the page declares (ISO 639-1, "en").
    pub language: Option<String>,
}

/// A paragraph of a web page's text and the markup it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceAnchor {
    /// The paragraph in `Doc::text`.
    pub text: Span,
    /// The markup bytes its text came from (tags inside it included) in `Doc::html`.
    pub input: Span,
}

/// A byte range cleaning dropped from the body, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub span: Span,
    pub reason: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// A quotation mark of any style, straight or curly.
    Quote,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// A sentence: its span and the range of its tokens in [`Doc::tokens`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
}

/// Who an actor is, as far as the text and the dictionaries tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    /// The CAMEO actor code as GDELT writes it: "RUSGOV", "USA", "IGOUNO".
    pub code: String,
    /// ISO 3166-1 alpha-3, when the actor belongs to one country.
    pub country: Option<String>,
    /// A CAMEO agent code such as GOV, MIL, OPP.
    pub sector: Option<String>,
    /// The canonical name, when the actor is an individual or a named body.
    pub name: Option<String>,
    /// A finer role than the sector ("diplomat", "head of state").
    pub role: Option<String>,
    /// The country a diplomat is posted to ("ambassador to the US" gives USA).
    pub posted_to: Option<String>,
}

impl Actor {
    /// Builds the code from country and sector, the way GDELT concatenates them.
    pub fn compose_code(country: Option<&str>, sector: Option<&str>) -> String {
        let mut code = String::new();
        code.push_str(country.unwrap_or(""));
        code.push_str(sector.unwrap_or(""));
        code
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A person's name, resolved by a descriptor or the dictionary.
    Person,
    /// A country name or adjective ("Russia", "Russian").
    Country,
    /// A capital or seat of power standing for its government ("the Kremlin").
    Metonym,
    /// A named organisation.
    Organisation,
    /// A role without a name ("the ambassador", "Russian troops").
    Role,
    /// A pronoun that refers back to another mention.
    Pronoun,
}

/// The type of a named entity, as CoNLL-2003 has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Organisation,
    Location,
    /// Nationalities, events, works and the rest ("Russian", "World Cup").
    Misc,
}

impl EntityKind {
    /// The CoNLL name: PER, ORG, LOC, MISC.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organisation => "ORG",
            EntityKind::Location => "LOC",
            EntityKind::Misc => "MISC",
        }
    }

    pub fn parse(name: &str) -> Option<EntityKind> {
        Some(match name {
            "PER" => EntityKind::Person,
            "ORG" => EntityKind::Organisation,
            "LOC" => EntityKind::Location,
            "MISC" => EntityKind::Misc,
            _ => return None,
        })
    }
}

/// A named entity: its tokens (a range of [`Doc::tokens`] within one sentence) and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub span: Span,
    pub sentence: usize,
    pub tokens: std::ops::Range<usize>,
    pub kind: EntityKind,
}

/// An actor mention in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub sentence: usize,
    pub kind: MentionKind,
    pub actor: Actor,
    /// The mention this one refers back to (an index into [`Doc::mentions`]).
    pub antecedent: Option<usize>,
    /// The mention is an adjective on the noun after it ("anti-Russian sanctions"), so that
    /// noun is not a verb it governs.
    pub adjectival: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    Asserted,
    Future,
    Hypothetical,
    Reported,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }
}

/// A quoted statement: its text and who said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub span: Span,
    pub speaker: Option<usize>,
}

/// A coded event. Actors are indices into [`Doc::mentions`], so provenance is never lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub sentence: usize,
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// An actor the rule infers from the source mention rather than the one it names: "Antonov
    /// was recalled" names Antonov, but the actor is his government. The mention stays the
    /// evidence (its text and span); this actor replaces its code.
    pub source_actor: Option<Actor>,
    /// The same for the target ("recalled" from the country the diplomat is posted to).
    pub target_actor: Option<Actor>,
    /// CAMEO code, 2 to 4 digits with the leading zero.
    pub cameo: String,
    pub trigger: Span,
    /// Which dictionary entry produced the event, as `file:line`.
    pub rule: String,
    pub negated: bool,
    pub modality: Modality,
    pub quote: Option<Quote>,
    pub date: Option<Date>,
    pub confidence: f32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Worth knowing, nothing lost ("no article date found").
    Info,
    /// Part of the document could not be used ("stripped 3 invalid bytes").
    Warning,
}

/// What a stage noticed about a document that did not stop it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub stage: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// The annotation layers a stage can require or assign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Text,
    Body,
    Sentences,
    Tokens,
    Entities,
    Mentions,
    /// Part-of-speech tags and dependency trees ([`crate::Parse`]) of some sentences.
    Syntax,
    Events,
}

impl Layer {
    pub const ALL: [Layer; 8] = [
        Layer::Text,
        Layer::Body,
        Layer::Sentences,
        Layer::Tokens,
        Layer::Entities,
        Layer::Mentions,
        Layer::Syntax,
        Layer::Events,
    ];
    fn bit(self) -> u32 {
        1 << (self as u32)
    }
    pub fn name(self) -> &'static str {
        match self {
            Layer::Text => "text",
            Layer::Body => "body",
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::Entities => "entities",
            Layer::Mentions => "mentions",
            Layer::Syntax => "syntax",
            Layer::Events => "events",
        }
    }
}

/// A set of [`Layer`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layers(u32);

impl Layers {
    pub const NONE: Layers = Layers(0);
    pub fn of(layers: &[Layer]) -> Layers {
        Layers(layers.iter().fold(0, |acc, l| acc | l.bit()))
    }
    pub fn has(self, layer: Layer) -> bool {
        self.0 & layer.bit() != 0
    }
    pub fn with(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }
    /// The layers of `self` missing from `present`.
    pub fn missing_from(self, present: Layers) -> Vec<Layer> {
        Layer::ALL
            .into_iter()
            .filter(|l| self.has(*l) && !present.has(*l))
            .collect()
    }
}

/// One document and everything the pipeline has learned about it.
#[derive(Clone, Debug)]
pub struct Doc {
    pub id: String,
    pub kind: SourceKind,
    /// The text every span points at: the input for plain text, the cleaned text for HTML.
    pub text: String,
    /// The markup of an HTML input, consumed by cleaning.
    pub html: Option<String>,
    pub meta: Meta,
    /// The parts of `text` that are the article, in order; empty until cleaning runs.
    pub body: Vec<Span>,
    /// What cleaning dropped, as byte ranges of the input: of `text` for plain text, of the
    /// markup (`html`) for a web page.
    pub removed: Vec<Removed>,
    /// For a web page, whose `text` attache wrote: where each paragraph of `text` came from in
    /// the markup. Empty for plain text, whose text is the input itself.
    pub source_map: Vec<SourceAnchor>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Named entities the tagger found, in text order, not overlapping.
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    /// Dependency parses of the sentences the parser was asked to read, in sentence order
    /// (not every sentence has one: see [`Doc::parse_of`]).
    pub parses: Vec<crate::Parse>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// A plain-text document; `text` is what spans will point at.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Doc {
        Doc::new(id.into(), SourceKind::Text, text.into(), None)
    }

    /// A web page; cleaning turns the markup into `text`.
    pub fn from_html(id: impl Into<String>, html: impl Into<String>) -> Doc {
        Doc::new(
            id.into(),
            SourceKind::Html,
            String::new(),
            Some(html.into()),
        )
    }

    fn new(id: String, kind: SourceKind, text: String, html: Option<String>) -> Doc {
        Doc {
            id,
            kind,
            text,
            html,
            meta: Meta::default(),
            body: Vec::new(),
            removed: Vec::new(),
            source_map: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            mentions: Vec::new(),
            parses: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The parse of a sentence, if it was parsed.
    pub fn parse_of(&self, sentence: usize) -> Option<&crate::Parse> {
        self.parses
            .binary_search_by_key(&sentence, |p| p.sentence)
            .ok()
            .map(|k| &self.parses[k])
    }

    /// The tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence].tokens.clone()]
    }

    pub fn diagnose(
        &mut self,
        stage: &'static str,
        severity: Severity,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            stage,
            severity,
            message: message.into(),
        });
    }
}

impl Doc {
    /// Quotations as token ranges `[first inside, closing mark)`: curly and guillemet marks
    /// open and close by shape, straight double quotes alternate. Unclosed quotations are
    /// dropped rather than guessed at.
    pub fn quote_regions(&self) -> Vec<std::ops::Range<usize>> {
        let mut regions = Vec::new();
        let mut open: Option<usize> = None;
        for (i, t) in self.tokens.iter().enumerate() {
            if t.kind != TokenKind::Quote {
                continue;
            }
            match (self.slice(t.span), open) {
                ("“" | "«" | "„", _) => open = Some(i),
                ("”" | "»" | "\"", Some(o)) => {
                    regions.push(o + 1..i);
                    open = None;
                }
                ("\"", None) => open = Some(i),
                _ => {}
            }
        }
        regions
    }
}
