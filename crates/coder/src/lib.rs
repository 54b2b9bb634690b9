//! The dictionary event coder: who did what to whom, in CAMEO, with PLOVER, Goldstein and quad
//! class, and the dictionary entry that fired.
//!
//! The dictionary ([`dict`]) is text a political scientist can read and diff, one file per CAMEO
//! root under `data/verbs/`; it is compiled into the binary and built once into a [`Matcher`].
//! [`petrarch`] reads PETRARCH's own format, to convert it and to evaluate on its test records.

pub mod code;
pub mod codes;
pub mod dict;
mod flat;
pub mod matcher;
mod modality;
mod mood;
pub mod petrarch;
mod quotes;
pub mod roles;

pub use codes::{CodeInfo, CodeTable};
pub use dict::{DictError, Dictionary};
pub use matcher::Matcher;

use model::{Doc, Layer, Layers, Stage};

/// The files of the built-in dictionary, in load order: sets and verb groups first.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("sets.txt", include_str!("../../../data/verbs/sets.txt")),
    ("verbs.txt", include_str!("../../../data/verbs/verbs.txt")),
    (
        "00_not_events.txt",
        include_str!("../../../data/verbs/00_not_events.txt"),
    ),
    (
        "01_make_public_statement.txt",
        include_str!("../../../data/verbs/01_make_public_statement.txt"),
    ),
    (
        "02_appeal.txt",
        include_str!("../../../data/verbs/02_appeal.txt"),
    ),
    (
        "03_express_intent_to_cooperate.txt",
        include_str!("../../../data/verbs/03_express_intent_to_cooperate.txt"),
    ),
    (
        "04_consult.txt",
        include_str!("../../../data/verbs/04_consult.txt"),
    ),
    (
        "05_engage_in_diplomatic_cooperation.txt",
        include_str!("../../../data/verbs/05_engage_in_diplomatic_cooperation.txt"),
    ),
    (
        "06_engage_in_material_cooperation.txt",
        include_str!("../../../data/verbs/06_engage_in_material_cooperation.txt"),
    ),
    (
        "07_provide_aid.txt",
        include_str!("../../../data/verbs/07_provide_aid.txt"),
    ),
    (
        "08_yield.txt",
        include_str!("../../../data/verbs/08_yield.txt"),
    ),
    (
        "09_investigate.txt",
        include_str!("../../../data/verbs/09_investigate.txt"),
    ),
    (
        "10_demand.txt",
        include_str!("../../../data/verbs/10_demand.txt"),
    ),
    (
        "11_disapprove.txt",
        include_str!("../../../data/verbs/11_disapprove.txt"),
    ),
    (
        "12_reject.txt",
        include_str!("../../../data/verbs/12_reject.txt"),
    ),
    (
        "13_threaten.txt",
        include_str!("../../../data/verbs/13_threaten.txt"),
    ),
    (
        "14_protest.txt",
        include_str!("../../../data/verbs/14_protest.txt"),
    ),
    (
        "15_exhibit_force_posture.txt",
        include_str!("../../../data/verbs/15_exhibit_force_posture.txt"),
    ),
    (
        "16_reduce_relations.txt",
        include_str!("../../../data/verbs/16_reduce_relations.txt"),
    ),
    (
        "17_coerce.txt",
        include_str!("../../../data/verbs/17_coerce.txt"),
    ),
    (
        "18_assault.txt",
        include_str!("../../../data/verbs/18_assault.txt"),
    ),
    (
        "19_fight.txt",
        include_str!("../../../data/verbs/19_fight.txt"),
    ),
    (
        "20_use_unconventional_mass_violence.txt",
        include_str!("../../../data/verbs/20_use_unconventional_mass_violence.txt"),
    ),
];

/// Reads a dictionary from (file name, text) pairs: `sets.txt`, `verbs.txt`, then patterns.
pub fn read_dictionary(files: &[(&str, &str)]) -> Result<Dictionary, DictError> {
    let mut d = Dictionary::default();
    for (name, text) in files {
        match *name {
            "sets.txt" => d.read_sets(name, text)?,
            "verbs.txt" => d.read_verbs(name, text)?,
            _ => {}
        }
    }
    for (name, text) in files {
        if *name != "sets.txt" && *name != "verbs.txt" {
            d.read_patterns(name, text)?;
        }
    }
    Ok(d)
}

/// The coding stage: fills `events` from sentences, tokens and mentions.
pub struct Coder {
    /// Shared with the parser's sentence selector (`parse_selector`).
    matcher: std::sync::Arc<Matcher>,
    table: CodeTable,
}

impl Coder {
    /// The coder with the dictionary compiled into the binary.
    pub fn builtin() -> Coder {
        let dict = read_dictionary(BUILTIN_FILES)
            .expect("the built-in dictionary is checked by the tests");
        Coder::new(dict)
    }

    pub fn new(dict: Dictionary) -> Coder {
        Coder {
            matcher: std::sync::Arc::new(Matcher::new(dict)),
            table: CodeTable::builtin(),
        }
    }

    pub fn table(&self) -> &CodeTable {
        &self.table
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// What the coder saw and decided in one sentence of a coded document, in words: each
    /// candidate trigger, the patterns tried and why each matched or not, the roles, and the
    /// events (for `attache explain`).
    pub fn explain(&self, doc: &Doc, sentence: usize) -> Vec<String> {
        code::explain_sentence(&self.matcher, doc, sentence)
    }

    /// Which sentences the parser should read for this coder: those with an actor and a word
    /// that can trigger a pattern. The rest cannot give an event, and parsing them would cost
    /// the pipeline more than any other stage.
    pub fn parse_selector(&self) -> impl Fn(&Doc, usize) -> bool + Send + Sync + 'static {
        let matcher = std::sync::Arc::clone(&self.matcher);
        move |doc: &Doc, s: usize| code::wants_parse(&matcher, doc, s)
    }
}

impl Stage for Coder {
    fn name(&self) -> &'static str {
        "coder"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens, Layer::Mentions])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Events])
    }
    fn run(&self, doc: &mut Doc) {
        doc.events = code::code_doc(&self.matcher, doc);
    }
}

#[cfg(test)]
mod tests;
