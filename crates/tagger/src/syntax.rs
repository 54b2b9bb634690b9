//! Part-of-speech tags (Penn Treebank) and chunks (NP, VP, PP, ... in IOB2), each a greedy
//! averaged perceptron trained on CoNLL-2003's own columns, for the event coder: a verb's
//! subject and object are the noun phrases around its verb phrase.
//!
//! The chunker reads the words and their part-of-speech tags; it is trained on the gold tags
//! and run on the tagger's.

use crate::conll::Sentence;
use crate::ner::{mix, prefix, shape_into, suffix};
use crate::perceptron::{feature, train_greedy, Example, Model};

/// Feature templates (numbers the feature hashes start from).
mod t {
    pub const BIAS: u64 = 101;
    pub const LOW: u64 = 102;
    pub const WORD: u64 = 103;
    pub const SHAPE: u64 = 104;
    pub const PREFIX: u64 = 105; // 105..=107 for 1..=3 letters
    pub const SUFFIX: u64 = 108; // 108..=111 for 1..=4 letters
    pub const LOW_AT: u64 = 112; // 112..=115 for -2, -1, +1, +2
    pub const SUFFIX3_AT: u64 = 116; // 116..=117 for -1, +1
    pub const TAG1: u64 = 118;
    pub const TAG2_TAG1: u64 = 119;
    pub const TAG1_LOW: u64 = 120;
    pub const FIRST: u64 = 121;
    pub const POS: u64 = 130;
    pub const POS_AT: u64 = 131; // 131..=134 for -2, -1, +1, +2
    pub const POS_PREV_POS: u64 = 135;
    pub const POS_POS_NEXT: u64 = 136;
    pub const TAG1_POS: u64 = 137;
    pub const LOW_POS: u64 = 138;
}

/// What a word is, hashed once per sentence.
#[derive(Clone, Copy)]
struct Word {
    low: u64,
    word: u64,
    shape: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
}

const START: Word = edge(1);
const END: Word = edge(2);

const fn edge(k: u64) -> Word {
    Word {
        low: k,
        word: k,
        shape: k,
        prefix: [k; 3],
        suffix: [k; 4],
    }
}

fn words_of(words: &[impl AsRef<str>]) -> Vec<Word> {
    words_known(words, None)
}

/// `words_of`; a word the tag dictionary knows is never scored, so only what its neighbours
/// read of it (its small letters and three-letter suffix) is hashed.
fn words_known(words: &[impl AsRef<str>], known: Option<&TagDictionary>) -> Vec<Word> {
    let mut shaped = String::new();
    words
        .iter()
        .map(|w| {
            let w = w.as_ref();
            // Borrowed when the word is already in small letters (most words are).
            let low = model::lowercase(w);
            let word = feature(&[w]);
            let low_hash = feature(&[&low]);
            if known.is_some_and(|k| k.get(word).is_some()) {
                let s3 = feature(&[suffix(&low, 3)]);
                return Word {
                    low: low_hash,
                    word,
                    shape: 0,
                    prefix: [0; 3],
                    suffix: [0, 0, s3, 0],
                };
            }
            shape_into(w, &mut shaped);
            Word {
                low: low_hash,
                word,
                shape: feature(&[&shaped]),
                prefix: [1, 2, 3].map(|n| feature(&[prefix(&low, n)])),
                suffix: [1, 2, 3, 4].map(|n| feature(&[suffix(&low, n)])),
            }
        })
        .collect()
}

/// A sentence as the taggers see it: its words, and (for the chunker) their POS tags.
struct Prepared {
    words: Vec<Word>,
    /// Hashes of the POS tags, when known.
    pos: Vec<u64>,
}

impl Prepared {
    fn at(&self, i: usize, k: isize) -> (&Word, u64) {
        let j = i as isize + k;
        if j < 0 {
            (&START, 1)
        } else if j as usize >= self.words.len() {
            (&END, 2)
        } else {
            let j = j as usize;
            (&self.words[j], self.pos.get(j).copied().unwrap_or(0))
        }
    }

    fn pos_features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        out.clear();
        let w = &self.words[i];
        let p1 = prev.last().map_or(0, |&t| 1 + t as u64);
        let p2 = prev.len().checked_sub(2).map_or(0, |k| 1 + prev[k] as u64);
        out.push(mix(t::BIAS, &[]));
        out.push(mix(t::LOW, &[w.low]));
        out.push(mix(t::WORD, &[w.word]));
        out.push(mix(t::SHAPE, &[w.shape]));
        for n in 0..3 {
            out.push(mix(t::PREFIX + n as u64, &[w.prefix[n]]));
        }
        for n in 0..4 {
            out.push(mix(t::SUFFIX + n as u64, &[w.suffix[n]]));
        }
        for (n, k) in [-2isize, -1, 1, 2].into_iter().enumerate() {
            out.push(mix(t::LOW_AT + n as u64, &[self.at(i, k).0.low]));
        }
        out.push(mix(t::SUFFIX3_AT, &[self.at(i, -1).0.suffix[2]]));
        out.push(mix(t::SUFFIX3_AT + 1, &[self.at(i, 1).0.suffix[2]]));
        out.push(mix(t::TAG1, &[p1]));
        out.push(mix(t::TAG2_TAG1, &[p2, p1]));
        out.push(mix(t::TAG1_LOW, &[p1, w.low]));
        if i == 0 {
            out.push(mix(t::FIRST, &[w.shape]));
        }
    }

    fn chunk_features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        out.clear();
        let w = &self.words[i];
        let pos = self.pos[i];
        let p1 = prev.last().map_or(0, |&t| 1 + t as u64);
        let p2 = prev.len().checked_sub(2).map_or(0, |k| 1 + prev[k] as u64);
        out.push(mix(t::BIAS, &[]));
        out.push(mix(t::LOW, &[w.low]));
        out.push(mix(t::SHAPE, &[w.shape]));
        out.push(mix(t::SUFFIX + 2, &[w.suffix[2]]));
        out.push(mix(t::POS, &[pos]));
        out.push(mix(t::LOW_POS, &[w.low, pos]));
        for (n, k) in [-2isize, -1, 1, 2].into_iter().enumerate() {
            out.push(mix(t::POS_AT + n as u64, &[self.at(i, k).1]));
        }
        for (n, k) in [-1isize, 1].into_iter().enumerate() {
            out.push(mix(t::LOW_AT + 1 + n as u64, &[self.at(i, k).0.low]));
        }
        out.push(mix(t::POS_PREV_POS, &[self.at(i, -1).1, pos]));
        out.push(mix(t::POS_POS_NEXT, &[pos, self.at(i, 1).1]));
        out.push(mix(t::TAG1, &[p1]));
        out.push(mix(t::TAG2_TAG1, &[p2, p1]));
        out.push(mix(t::TAG1_POS, &[p1, pos]));
    }
}

/// The part-of-speech tagger and the chunker.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxModel {
    pub pos: Model,
    pub chunk: Model,
    /// Words (their `word` hash, as written) that the training data gives one tag almost
    /// always: tagged from here, without scoring (`TagDictionary`).
    pub known: TagDictionary,
}

/// The tag dictionary (after Honnibal's tagger): a word seen at least `MIN_SEEN` times in
/// training, with one tag on at least `MIN_SHARE` of them, gets that tag without the model.
/// On the silver dev split this covers 59% of the tokens (function words, punctuation, common
/// nouns and verbs), and disagrees with the silver tags on 0.15% of those.
pub type TagDictionary = crate::perceptron::Fixed;

const MIN_SEEN: usize = 20;
const MIN_SHARE: f64 = 0.99;

const HEADER: &[u8] = b"ATTACHE-SYNTAX-2\n";

impl SyntaxModel {
    /// The file form: `ATTACHE-SYNTAX-2`, both taggers' file forms, each after its length,
    /// then the tag dictionary.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Model::write_parts(HEADER, &[&self.pos, &self.chunk]);
        self.known.write(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<SyntaxModel, String> {
        let (pos, chunk, known) =
            Model::read_pair_and_fixed(bytes, HEADER, "syntax", 0, "tag dictionary")?;
        Ok(SyntaxModel { pos, chunk, known })
    }

    /// Part-of-speech tag indices of a prepared sentence: from the dictionary where it knows the
    /// word, else from the model given the tags before.
    fn pos_tags(&self, p: &Prepared) -> Vec<usize> {
        let (mut feats, mut scores) = (Vec::new(), Vec::new());
        let mut prev = Vec::with_capacity(p.words.len());
        for i in 0..p.words.len() {
            let tag = match self.known.get(p.words[i].word) {
                Some(t) => t,
                None => {
                    p.pos_features(i, &prev, &mut feats);
                    self.pos.predict(&feats, &mut scores)
                }
            };
            prev.push(tag);
        }
        prev
    }

    /// Part-of-speech tags of a sentence's words.
    pub fn tag<'m>(&'m self, words: &[impl AsRef<str>]) -> Vec<&'m str> {
        let p = Prepared {
            words: words_known(words, Some(&self.known)),
            pos: Vec::new(),
        };
        let tags = self.pos_tags(&p);
        tags.iter().map(|&t| self.pos.tags[t].as_str()).collect()
    }

    /// Part-of-speech tags and chunk tags (IOB2) of a sentence's words.
    pub fn analyse<'m>(&'m self, words: &[impl AsRef<str>]) -> (Vec<&'m str>, Vec<&'m str>) {
        let mut p = Prepared {
            words: words_of(words),
            pos: Vec::new(),
        };
        let n = p.words.len();
        let pos = self.pos_tags(&p);
        p.pos = pos
            .iter()
            .map(|&t| feature(&[self.pos.tags[t].as_str()]))
            .collect();
        let chunks = greedy(&self.chunk, n, |i, prev, out| {
            p.chunk_features(i, prev, out)
        });
        let names = |m: &'m Model, ts: &[usize]| -> Vec<&'m str> {
            ts.iter().map(|&t| m.tags[t].as_str()).collect()
        };
        (names(&self.pos, &pos), names(&self.chunk, &chunks))
    }

    /// The number of features both taggers hold.
    pub fn features(&self) -> usize {
        self.pos.len() + self.chunk.len()
    }
}

/// Tags `n` words left to right, each from its features given the tags before it.
fn greedy(
    model: &Model,
    n: usize,
    features: impl Fn(usize, &[usize], &mut Vec<u64>),
) -> Vec<usize> {
    let (mut feats, mut scores, mut prev) = (Vec::new(), Vec::new(), Vec::with_capacity(n));
    for i in 0..n {
        features(i, &prev, &mut feats);
        prev.push(model.predict(&feats, &mut scores));
    }
    prev
}

/// A training sentence: its words, and its gold tags as indices into a tag list.
struct Gold {
    prepared: Prepared,
    truth: Vec<usize>,
    chunk: bool,
}

impl Example for Gold {
    fn len(&self) -> usize {
        self.truth.len()
    }
    fn truth(&self, i: usize) -> usize {
        self.truth[i]
    }
    fn features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        if self.chunk {
            self.prepared.chunk_features(i, prev, out)
        } else {
            self.prepared.pos_features(i, prev, out)
        }
    }
}

fn pos_of(s: &Sentence) -> &[String] {
    &s.pos
}

fn chunks_of(s: &Sentence) -> &[String] {
    &s.chunks
}

/// The tag set of a column, sorted (the same data gives the same model).
fn tag_set(sentences: &[Sentence], column: impl Fn(&Sentence) -> &[String]) -> Vec<String> {
    let mut tags: Vec<String> = sentences.iter().flat_map(|s| column(s).to_vec()).collect();
    tags.sort();
    tags.dedup();
    tags
}

/// Trains the tagger and the chunker (the chunker on the gold part-of-speech tags, from the
/// sentences that have chunks).
pub fn train(
    sentences: &[Sentence],
    epochs: usize,
    min_updates: u32,
    mut progress: impl FnMut(&str, usize, f64),
) -> SyntaxModel {
    let all: Vec<usize> = (0..sentences.len()).collect();
    // Sentences with no chunk column (silver trees) train the part-of-speech tagger only.
    let chunked: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&k| !sentences[k].chunks.is_empty())
        .collect();
    let models: Vec<Model> = [false, true]
        .into_iter()
        .map(|chunk| {
            let column = if chunk { chunks_of } else { pos_of };
            let which = if chunk { &chunked } else { &all };
            let tags = tag_set(sentences, column);
            let example = |k: usize| {
                let s = &sentences[k];
                Gold {
                    prepared: Prepared {
                        words: words_of(&s.words),
                        pos: s.pos.iter().map(|p| feature(&[p])).collect(),
                    },
                    truth: column(s)
                        .iter()
                        .map(|g| tags.binary_search(g).unwrap_or(0))
                        .collect(),
                    chunk,
                }
            };
            let name = if chunk { "chunks" } else { "part of speech" };
            train_greedy(tags.clone(), which, example, epochs, min_updates, |e, a| {
                progress(name, e, a)
            })
        })
        .collect();
    let mut models = models.into_iter();
    let (Some(pos), Some(chunk)) = (models.next(), models.next()) else {
        unreachable!("two models were trained");
    };
    let known = TagDictionary::learn(
        sentences.iter().flat_map(|s| {
            s.words
                .iter()
                .zip(&s.pos)
                .map(|(w, g)| (feature(&[w]), pos.tags.binary_search(g).unwrap_or(0)))
        }),
        MIN_SEEN,
        MIN_SHARE,
    );
    SyntaxModel { pos, chunk, known }
}

/// Scores on CoNLL sentences: part-of-speech token accuracy, and chunk counts per type with
/// the tagger's own part-of-speech tags.
pub struct SyntaxScore {
    pub pos_right: usize,
    pub tokens: usize,
    pub chunks: crate::ner::Score,
}

impl SyntaxScore {
    pub fn of(model: &SyntaxModel, sentences: &[Sentence]) -> SyntaxScore {
        let mut score = SyntaxScore {
            pos_right: 0,
            tokens: 0,
            chunks: crate::ner::Score::default(),
        };
        for s in sentences {
            let (pos, chunks) = model.analyse(&s.words);
            score.tokens += s.words.len();
            score.pos_right += pos.iter().zip(&s.pos).filter(|(a, b)| *a == b).count();
            score.chunks.add(&s.chunks, &chunks);
        }
        score
    }

    pub fn pos_accuracy(&self) -> f64 {
        self.pos_right as f64 / self.tokens.max(1) as f64
    }
}

/// The file of the built-in model (for fingerprints of what the pipeline runs).
pub const BUILTIN_BYTES: &[u8] = include_bytes!("../../../data/models/syntax.bin");

/// The model `attache train syntax` wrote into the repository, compiled into the binary.
pub fn builtin() -> &'static SyntaxModel {
    static MODEL: std::sync::OnceLock<SyntaxModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        SyntaxModel::from_bytes(BUILTIN_BYTES)
            .unwrap_or_else(|e| panic!("the built-in syntax model is broken: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_chunks_a_news_sentence() {
        let words: Vec<&str> =
            "Russia recalled its ambassador to the United States for consultations ."
                .split(' ')
                .collect();
        let (pos, chunks) = builtin().analyse(&words);
        assert_eq!(pos[1], "VBD", "{pos:?}");
        assert_eq!(pos[2], "PRP$", "{pos:?}");
        assert_eq!(pos[3], "NN", "{pos:?}");
        let found = crate::testing::span_texts(&words, &chunks);
        let expected = [
            ("NP", "Russia"),
            ("VP", "recalled"),
            ("NP", "its ambassador"),
            ("PP", "to"),
        ];
        crate::testing::assert_found(&found, &expected, "chunks");
    }

    #[test]
    fn a_model_survives_its_file_form_and_a_broken_file_is_named() {
        crate::testing::assert_file_form(
            &builtin().to_bytes(),
            HEADER,
            SyntaxModel::from_bytes,
            SyntaxModel::features,
            builtin().features(),
        );
    }
}
