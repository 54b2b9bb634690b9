//! Actors: finds who is named in each sentence and resolves them to a country, sector and name.
//!
//! Three sources of knowledge, in order of trust: descriptors in the text itself ("Russian
//! ambassador to the US Anatoly Antonov"), the gazetteers shipped in `data/actors/` (countries,
//! demonyms, capitals, seats of power, organisations, role nouns, dated office holders), and
//! coreference within the document (a later "Antonov", "he" or "the ambassador"). Names that
//! none of these cover come from the named-entity tagger (`Doc::entities`).

mod chunk;
mod coref;
mod gazetteer;
mod named;
pub mod petrarch;

pub use gazetteer::{Gazetteer, GazetteerError, Lex};

use model::{Doc, Layer, Layers, Stage};

/// The actor stage: fills `mentions` from `tokens` and `sentences`.
pub struct ActorResolver {
    gazetteer: Gazetteer,
}

impl ActorResolver {
    /// A resolver over the gazetteers built into the binary.
    pub fn builtin() -> ActorResolver {
        ActorResolver {
            gazetteer: Gazetteer::builtin(),
        }
    }

    pub fn with_gazetteer(gazetteer: Gazetteer) -> ActorResolver {
        ActorResolver { gazetteer }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

impl Stage for ActorResolver {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn requires(&self) -> Layers {
        Layers::of(&[Layer::Sentences, Layer::Tokens, Layer::Entities])
    }
    fn assigns(&self) -> Layers {
        Layers::of(&[Layer::Mentions])
    }
    fn run(&self, doc: &mut Doc) {
        let mut mentions = Vec::new();
        for s in 0..doc.sentences.len() {
            chunk::sentence_mentions(&self.gazetteer, doc, s, &mut mentions);
        }
        named::add_entity_mentions(&self.gazetteer, doc, &mut mentions);
        doc.mentions = mentions;
        coref::resolve(&self.gazetteer, doc);
    }
}

#[cfg(test)]
mod tests;
