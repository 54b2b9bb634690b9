//! Sequence taggers trained by the project, with no download: an averaged perceptron over
//! hashed word features (`perceptron`), the CoNLL-2003 reader it is trained from (`conll`), and
//! the named-entity tagger (`ner`) and its pipeline stage (`EntityTagger`), and the
//! part-of-speech tagger and chunker (`syntax`). `attache train ner`
//! writes the model file that the binary carries (`data/models/ner.bin`).

pub mod conll;
pub mod conllu;
pub mod ner;
pub mod parser;
pub mod perceptron;
mod stage;
pub mod syntax;
#[cfg(test)]
mod testing;

pub use perceptron::Model;
pub use stage::{conll_form, DependencyParser, EntityTagger, Selector};
