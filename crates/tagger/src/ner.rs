//! Named entities (PER, ORG, LOC, MISC in IOB2) with a greedy left-to-right averaged
//! perceptron: the word, its shape, prefixes and suffixes, its neighbours, whether the sentence
//! is written in capitals (headlines), and the tags already given to the words before it.

use crate::conll::Sentence;
use crate::perceptron::{feature, Model, Trainer};
use model::{FxHashMap, Prf};

/// The entity types, and "O" for none.
const TYPES: &[&str] = &["O", "PER", "ORG", "LOC", "MISC"];

/// The tag set, in a fixed order.
pub const TAGS: &[&str] = &[
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// A word's shape: capitals as X, small letters as x, digits as d, runs shortened to two
/// ("Moscow" → "Xxx", "1996-08-22" → "dd-dd-dd").
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let (mut last, mut run) = ('\0', 0);
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = s;
        out.push(s);
    }
    out
}

fn prefix(w: &str, n: usize) -> &str {
    w.char_indices().nth(n).map_or(w, |(i, _)| &w[..i])
}

fn suffix(w: &str, n: usize) -> &str {
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    w.char_indices().nth(count - n).map_or(w, |(i, _)| &w[i..])
}

/// Names the project's own tables know (`data/actors/`): countries and capitals (LOC),
/// nationalities (MISC), organisations (ORG) and office holders (PER), by their lowercase words.
struct Gazetteer {
    names: FxHashMap<String, &'static str>,
    /// The longest name's word count, for each word a name starts with.
    starts: FxHashMap<String, usize>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    GAZ.get_or_init(|| {
        let mut names = FxHashMap::default();
        let mut add = |field: &str, class: &'static str| {
            for name in field.split('|').map(str::trim).filter(|n| !n.is_empty()) {
                names.entry(name.to_lowercase()).or_insert(class);
            }
        };
        let rows = |text: &'static str| {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| l.split('\t').collect::<Vec<_>>())
        };
        for cols in rows(include_str!("../../../data/actors/countries.tsv")) {
            for (k, class) in [(1, "LOC"), (2, "LOC"), (3, "MISC"), (4, "LOC")] {
                if let Some(field) = cols.get(k) {
                    add(field, class);
                }
            }
        }
        for cols in rows(include_str!("../../../data/actors/organisations.tsv")) {
            add(cols[0], "ORG");
        }
        for cols in rows(include_str!("../../../data/actors/people.tsv")) {
            add(cols[0], "PER");
        }
        let mut starts = FxHashMap::default();
        for name in names.keys() {
            let words = name.split(' ').count();
            let first = name.split(' ').next().unwrap_or("").to_string();
            let longest = starts.entry(first).or_insert(0);
            *longest = (*longest).max(words);
        }
        Gazetteer { names, starts }
    })
}

/// For each word, the class and position (B or I) of the longest known name covering it.
fn gazetteer_marks(lower: &[String]) -> Vec<Option<(&'static str, bool)>> {
    let gaz = gazetteer();
    let mut marks = vec![None; lower.len()];
    let mut i = 0;
    while i < lower.len() {
        let mut matched = 0;
        // Only words that start a name are looked at further.
        let longest = gaz.starts.get(&lower[i]).copied().unwrap_or(0);
        for len in (1..=longest.min(lower.len() - i)).rev() {
            let phrase = lower[i..i + len].join(" ");
            if let Some(&class) = gaz.names.get(&phrase) {
                for (k, mark) in marks[i..i + len].iter_mut().enumerate() {
                    *mark = Some((class, k == 0));
                }
                matched = len;
                break;
            }
        }
        i += matched.max(1);
    }
    marks
}

/// What a document says about its words: which are written capitalised away from the start of
/// a sentence (names), and which are written in small letters (common words).
#[derive(Default)]
pub struct DocWords {
    capitalised: FxHashMap<String, ()>,
    small: FxHashMap<String, ()>,
    /// What a first tagging of the document called each word most often (the second pass
    /// reads it: "Leicestershire" is an ORG everywhere if it is one in most places).
    memory: FxHashMap<String, &'static str>,
}

impl DocWords {
    /// Reads the sentences of one document, and a first tagging of them if there is one.
    pub fn new<S: AsRef<str>>(
        sentences: &[&[S]],
        tagged: Option<&[Vec<&'static str>]>,
    ) -> DocWords {
        let mut d = DocWords::default();
        if let Some(tagged) = tagged {
            let mut counts: FxHashMap<String, FxHashMap<&'static str, usize>> =
                FxHashMap::default();
            for (words, tags) in sentences.iter().zip(tagged) {
                for (w, t) in words.iter().zip(tags) {
                    let kind = t.split_once('-').map_or("O", |(_, k)| k);
                    let kind = TYPES.iter().find(|k| **k == kind).copied().unwrap_or("O");
                    *counts
                        .entry(w.as_ref().to_lowercase())
                        .or_default()
                        .entry(kind)
                        .or_default() += 1;
                }
            }
            for (word, kinds) in counts {
                if let Some((kind, _)) = kinds.into_iter().max_by_key(|(k, n)| (*n, *k)) {
                    d.memory.insert(word, kind);
                }
            }
        }
        for words in sentences {
            let caps = Context::all_capitals(words);
            for (i, w) in words.iter().enumerate() {
                let w = w.as_ref();
                let first = w.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    d.small.insert(w.to_lowercase(), ());
                } else if i > 0 && !caps && first.is_some_and(char::is_uppercase) {
                    d.capitalised.insert(w.to_lowercase(), ());
                }
            }
        }
        d
    }
}

/// What the tagger knows about a sentence before tagging it.
pub struct Context {
    lower: Vec<String>,
    shapes: Vec<String>,
    capitals: bool,
    gazetteer: Vec<Option<(&'static str, bool)>>,
    /// How the document writes each word elsewhere (see `DocWords`).
    doc_marks: Vec<&'static str>,
    /// What the first pass called each word in this document (see `DocWords::memory`).
    memory: Vec<&'static str>,
}

impl Context {
    /// Whether a sentence is written in capitals (a headline).
    fn all_capitals(words: &[impl AsRef<str>]) -> bool {
        let letters: Vec<&str> = words
            .iter()
            .map(|w| w.as_ref())
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        letters.len() >= 2 && letters.iter().all(|w| !w.chars().any(char::is_lowercase))
    }

    pub fn new(words: &[impl AsRef<str>], doc: Option<&DocWords>) -> Context {
        let lower: Vec<String> = words.iter().map(|w| w.as_ref().to_lowercase()).collect();
        let shapes = words.iter().map(|w| shape(w.as_ref())).collect();
        let capitals = Context::all_capitals(words);
        let gazetteer = gazetteer_marks(&lower);
        let doc_marks = lower
            .iter()
            .map(|l| match doc {
                None => "none",
                Some(d) => match (d.capitalised.contains_key(l), d.small.contains_key(l)) {
                    (true, true) => "both",
                    (true, false) => "capitalised",
                    (false, true) => "small",
                    (false, false) => "neither",
                },
            })
            .collect();
        let memory = lower
            .iter()
            .map(|l| doc.and_then(|d| d.memory.get(l).copied()).unwrap_or("none"))
            .collect();
        Context {
            lower,
            shapes,
            capitals,
            gazetteer,
            doc_marks,
            memory,
        }
    }

    /// The features of word `i`, given the tags of the words before it.
    pub fn features(
        &self,
        words: &[impl AsRef<str>],
        i: usize,
        prev: &[usize],
        out: &mut Vec<u64>,
    ) {
        out.clear();
        let w = words[i].as_ref();
        let low = &self.lower[i];
        let at = |k: isize| -> (&str, &str) {
            let j = i as isize + k;
            if j < 0 {
                ("<s>", "<s>")
            } else if j as usize >= words.len() {
                ("</s>", "</s>")
            } else {
                (
                    self.lower[j as usize].as_str(),
                    self.shapes[j as usize].as_str(),
                )
            }
        };
        let p1 = prev.last().map_or("<s>", |&t| TAGS[t]);
        let p2 = if prev.len() >= 2 {
            TAGS[prev[prev.len() - 2]]
        } else {
            "<s>"
        };
        let caps = if self.capitals { "caps" } else { "mixed" };
        out.push(feature(&["bias"]));
        out.push(feature(&["w", low]));
        out.push(feature(&["W", w]));
        out.push(feature(&["shape", &self.shapes[i]]));
        out.push(feature(&["shape.caps", &self.shapes[i], caps]));
        out.push(feature(&["w.caps", low, caps]));
        for (n, key) in [(1, "1"), (2, "2"), (3, "3"), (4, "4")] {
            out.push(feature(&["pre", key, prefix(low, n)]));
            out.push(feature(&["suf", key, suffix(low, n)]));
        }
        for (k, key) in [(-2isize, "-2"), (-1, "-1"), (1, "1"), (2, "2")] {
            let (lw, sh) = at(k);
            out.push(feature(&["w@", key, lw]));
            out.push(feature(&["shape@", key, sh]));
        }
        let (_, s1) = at(-1);
        let (_, s2) = at(1);
        out.push(feature(&["shape-1,shape,shape+1", s1, &self.shapes[i], s2]));
        let (r1w, _) = at(1);
        out.push(feature(&["suf3+1", suffix(r1w, 3)]));
        let (l1w, _) = at(-1);
        out.push(feature(&["suf3-1", suffix(l1w, 3)]));
        let (l1, _) = at(-1);
        let (r1, _) = at(1);
        out.push(feature(&["w-1,w", l1, low]));
        out.push(feature(&["w,w+1", low, r1]));
        out.push(feature(&["t-1", p1]));
        out.push(feature(&["t-2,t-1", p2, p1]));
        out.push(feature(&["t-1,w", p1, low]));
        out.push(feature(&["t-1,shape", p1, &self.shapes[i]]));
        if i == 0 {
            out.push(feature(&["first", &self.shapes[i]]));
        }
        let gaz = |j: usize| match self.gazetteer.get(j).copied().flatten() {
            Some((class, true)) => ("B", class),
            Some((class, false)) => ("I", class),
            None => ("O", ""),
        };
        let (b, class) = gaz(i);
        out.push(feature(&["gaz", b, class]));
        out.push(feature(&["gaz,shape", b, class, &self.shapes[i]]));
        if i > 0 {
            let (b1, c1) = gaz(i - 1);
            out.push(feature(&["gaz-1", b1, c1]));
        }
        let (b2, c2) = gaz(i + 1);
        out.push(feature(&["gaz+1", b2, c2]));
        out.push(feature(&["doc", self.doc_marks[i], caps]));
        out.push(feature(&["doc,shape", self.doc_marks[i], &self.shapes[i]]));
        if self.memory[i] != "none" {
            out.push(feature(&["mem", self.memory[i]]));
            out.push(feature(&["mem,shape", self.memory[i], &self.shapes[i]]));
            let next = self.memory.get(i + 1).copied().unwrap_or("</s>");
            out.push(feature(&["mem+1", next]));
            let before = if i > 0 { self.memory[i - 1] } else { "<s>" };
            out.push(feature(&["mem-1", before]));
        }
    }
}

/// The named-entity model: a first tagger, and a second that also reads what the first called
/// each word across the document.
#[derive(Clone, Debug, PartialEq)]
pub struct NerModel {
    pub first: Model,
    pub second: Model,
}

impl NerModel {
    /// The file form: `ATTACHE-NER-2`, then both taggers' file forms, each after its length.
    pub fn to_bytes(&self, prune: f32) -> Vec<u8> {
        let mut out = b"ATTACHE-NER-2\n".to_vec();
        for m in [&self.first, &self.second] {
            let bytes = m.to_bytes(prune);
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        let rest = bytes
            .strip_prefix(b"ATTACHE-NER-2\n".as_slice())
            .ok_or("not an attache NER model (bad header)")?;
        let mut parts = Vec::new();
        let mut at = 0;
        for _ in 0..2 {
            let len = rest
                .get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_le_bytes)
                .ok_or("NER model truncated")? as usize;
            at += 8;
            let part = rest
                .get(at..at.saturating_add(len))
                .ok_or("NER model truncated")?;
            parts.push(Model::from_bytes(part)?);
            at += len;
        }
        if at != rest.len() {
            return Err("trailing bytes after the NER model".into());
        }
        let second = parts.pop().ok_or("no second tagger")?;
        let first = parts.pop().ok_or("no first tagger")?;
        for m in [&first, &second] {
            if m.tags != TAGS {
                return Err("the NER model has other tags".into());
            }
        }
        Ok(NerModel { first, second })
    }

    /// The number of features both taggers hold.
    pub fn features(&self) -> usize {
        self.first.weights.len() + self.second.weights.len()
    }
}

/// Tags a sentence's words, on its own (no document around it).
pub fn tag(model: &NerModel, words: &[impl AsRef<str>]) -> Vec<&'static str> {
    tag_document(model, &[words]).pop().unwrap_or_default()
}

/// Tags the sentences of one document: a first pass, then a second that also knows how the
/// document writes each word and what the first pass called it elsewhere.
pub fn tag_document<S: AsRef<str>>(model: &NerModel, sentences: &[&[S]]) -> Vec<Vec<&'static str>> {
    let plain = DocWords::new(sentences, None);
    let first: Vec<Vec<&'static str>> = sentences
        .iter()
        .map(|s| tag_in(&model.first, s, Some(&plain)))
        .collect();
    let remembered = DocWords::new(sentences, Some(&first));
    sentences
        .iter()
        .map(|s| tag_in(&model.second, s, Some(&remembered)))
        .collect()
}

fn tag_in(model: &Model, words: &[impl AsRef<str>], doc: Option<&DocWords>) -> Vec<&'static str> {
    let ctx = Context::new(words, doc);
    let mut prev: Vec<usize> = Vec::with_capacity(words.len());
    let (mut feats, mut scratch) = (Vec::new(), Vec::new());
    for i in 0..words.len() {
        ctx.features(words, i, &prev, &mut feats);
        let t = model.predict(&feats, &mut scratch);
        // The model's tags are TAGS in order (checked when it is loaded).
        prev.push(t.min(TAGS.len() - 1));
    }
    prev.into_iter().map(|t| TAGS[t]).collect()
}

/// Trains both taggers: the first on the sentences; the second on the sentences with what a
/// first tagger called their words, a first tagger that did not see those documents (two
/// halves, each tagged by a tagger trained on the other), so that the second learns how far
/// such a memory can be trusted. Each pass's token accuracy goes to `progress`.
pub fn train(
    sentences: &[Sentence],
    epochs: usize,
    mut progress: impl FnMut(&str, usize, f64),
) -> NerModel {
    let docs = doc_words(sentences, None);
    let half = |parity: usize| -> Vec<Sentence> {
        sentences
            .iter()
            .filter(|s| s.doc % 2 == parity)
            .cloned()
            .collect()
    };
    let (even, odd) = (half(0), half(1));
    let on_even = train_stage(&even, &docs, epochs, |e, a| {
        progress("first (even half)", e, a)
    });
    let on_odd = train_stage(&odd, &docs, epochs, |e, a| {
        progress("first (odd half)", e, a)
    });
    // Each document tagged by the tagger that did not see it.
    let mut tagged: Vec<Vec<&'static str>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let model = if s.doc % 2 == 0 { &on_odd } else { &on_even };
        tagged.push(tag_in(model, &s.words, Some(&docs[s.doc])));
    }
    let remembered = doc_words(sentences, Some(&tagged));
    let first = train_stage(sentences, &docs, epochs, |e, a| progress("first", e, a));
    let second = train_stage(sentences, &remembered, epochs, |e, a| {
        progress("second", e, a)
    });
    NerModel { first, second }
}

/// A document's tags, sentence by sentence.
type Tagged = Vec<Vec<&'static str>>;

/// Each document's `DocWords`, indexed by document.
fn doc_words(sentences: &[Sentence], tagged: Option<&[Vec<&'static str>]>) -> Vec<DocWords> {
    let n_docs = sentences.iter().map(|s| s.doc + 1).max().unwrap_or(0);
    let mut grouped: Vec<(Vec<&[String]>, Tagged)> =
        (0..n_docs).map(|_| (Vec::new(), Vec::new())).collect();
    for (k, s) in sentences.iter().enumerate() {
        grouped[s.doc].0.push(&s.words);
        if let Some(t) = tagged {
            grouped[s.doc].1.push(t[k].clone());
        }
    }
    grouped
        .iter()
        .map(|(words, tags)| DocWords::new(words, tagged.map(|_| tags.as_slice())))
        .collect()
}

/// Trains one tagger for `epochs` passes (in an order shuffled the same way every time).
fn train_stage(
    sentences: &[Sentence],
    docs: &[DocWords],
    epochs: usize,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    let mut trainer = Trainer::new(TAGS.iter().map(|t| t.to_string()).collect());
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut feats = Vec::new();
    for epoch in 0..epochs {
        // Fisher-Yates with a fixed xorshift sequence: the same data gives the same model.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &s in &order {
            let sentence = &sentences[s];
            let ctx = Context::new(&sentence.words, Some(&docs[sentence.doc]));
            let mut prev = Vec::with_capacity(sentence.words.len());
            for i in 0..sentence.words.len() {
                let truth = TAGS
                    .iter()
                    .position(|t| *t == sentence.entities[i])
                    .unwrap_or(0);
                ctx.features(&sentence.words, i, &prev, &mut feats);
                let guess = trainer.learn(&feats, truth);
                right += usize::from(guess == truth);
                total += 1;
                // The history the tagger will have at work: its own guesses.
                prev.push(guess);
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    trainer.average()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Moscow"), "Xxx");
        assert_eq!(shape("1996-08-22"), "dd-dd-dd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(prefix("moscow", 3), "mos");
        assert_eq!(suffix("moscow", 3), "cow");
        assert_eq!(suffix("ab", 3), "ab");
        assert_eq!(suffix("Köln", 2), "ln");
    }
}

/// Entity-level counts per type, as conlleval scores: an entity is right when its type and
/// both its ends are.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub per_type: std::collections::BTreeMap<String, Prf>,
}

impl Score {
    /// Scores predicted tags against the sentences' own.
    pub fn of(sentences: &[Sentence], predicted: &[Vec<&str>]) -> Score {
        let mut score = Score::default();
        for (s, p) in sentences.iter().zip(predicted) {
            score.add(&s.entities, p);
        }
        score
    }

    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[impl AsRef<str>], predicted: &[impl AsRef<str>]) {
        let g = crate::conll::spans(gold);
        let p = crate::conll::spans(predicted);
        let mut kinds: Vec<&String> = g.iter().chain(&p).map(|e| &e.0).collect();
        kinds.sort();
        kinds.dedup();
        for kind in kinds {
            let of_kind = |spans: &[(String, usize, usize)]| -> Vec<(String, usize, usize)> {
                spans.iter().filter(|e| &e.0 == kind).cloned().collect()
            };
            self.per_type
                .entry(kind.clone())
                .or_default()
                .add(&of_kind(&g), &of_kind(&p));
        }
    }

    /// Micro-averaged counts over all types.
    pub fn micro(&self) -> Prf {
        self.per_type.values().fold(Prf::default(), |a, b| Prf {
            tp: a.tp + b.tp,
            fp: a.fp + b.fp,
            fn_: a.fn_ + b.fn_,
        })
    }
}

/// The model `attache train ner` wrote into the repository, compiled into the binary.
pub fn builtin() -> &'static NerModel {
    static MODEL: std::sync::OnceLock<NerModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        NerModel::from_bytes(include_bytes!("../../../data/models/ner.bin"))
            .unwrap_or_else(|e| panic!("the built-in NER model is broken: {e}"))
    })
}

/// Tags CoNLL sentences document by document, in their order.
pub fn tag_sentences(model: &NerModel, sentences: &[Sentence]) -> Vec<Vec<&'static str>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let doc = sentences[start].doc;
        let end = sentences[start..]
            .iter()
            .position(|s| s.doc != doc)
            .map_or(sentences.len(), |k| start + k);
        let words: Vec<&[String]> = sentences[start..end]
            .iter()
            .map(|s| s.words.as_slice())
            .collect();
        out.extend(tag_document(model, &words));
        start = end;
    }
    out
}

#[cfg(test)]
mod model_tests {
    use super::*;

    fn entities(words: &str) -> Vec<(String, String)> {
        let words: Vec<&str> = words.split(' ').collect();
        let tags = tag(builtin(), &words);
        crate::conll::spans(&tags)
            .into_iter()
            .map(|(kind, a, b)| (kind, words[a..b].join(" ")))
            .collect()
    }

    #[test]
    fn the_built_in_model_finds_people_places_and_groups_in_news_sentences() {
        let cases = [
            (
                "The talks were held in Geneva , said Russian Foreign Minister Sergei Lavrov on Monday .",
                vec![("LOC", "Geneva"), ("MISC", "Russian"), ("PER", "Sergei Lavrov")],
            ),
            (
                "U.S. President Joe Biden called Putin a killer in an interview with ABC News .",
                vec![("LOC", "U.S."), ("PER", "Joe Biden"), ("PER", "Putin"), ("ORG", "ABC News")],
            ),
            (
                "Navalny , a critic of the Kremlin , was jailed , the Reuters news agency reported .",
                vec![("PER", "Navalny"), ("ORG", "Reuters")],
            ),
            (
                "Antonov said the United States had expelled diplomats .",
                vec![("PER", "Antonov"), ("LOC", "United States")],
            ),
        ];
        for (sentence, expected) in cases {
            let found = entities(sentence);
            for (kind, text) in expected {
                assert!(
                    found.iter().any(|(k, t)| k == kind && t == text),
                    "({kind}, {text}) not in {found:?} for {sentence:?}"
                );
            }
        }
    }

    #[test]
    fn a_model_survives_its_file_form_and_a_broken_file_is_named() {
        let bytes = builtin().to_bytes(0.0);
        let back = NerModel::from_bytes(&bytes).unwrap();
        assert_eq!(back.features(), builtin().features());
        assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(NerModel::from_bytes(b"ATTACHE-NER-2\n").is_err());
    }
}
