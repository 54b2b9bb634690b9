//! Named entities (PER, ORG, LOC, MISC in IOB2) with a greedy left-to-right averaged
//! perceptron: the word, its shape, prefixes and suffixes, its neighbours, whether the sentence
//! is written in capitals (headlines), and the tags already given to the words before it.

use crate::conll::Sentence;
use crate::perceptron::{feature, train_greedy, Example, Model, Pair};
use model::{FxHashMap, KeyFilter, Prf};
use std::borrow::Cow;

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
    shape_into(word, &mut out);
    out
}

/// `shape`, written into `out` (cleared first).
pub(crate) fn shape_into(word: &str, out: &mut String) {
    out.clear();
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
}

/// The first `n` characters of a word (all of it if shorter).
pub(crate) fn prefix(w: &str, n: usize) -> &str {
    if w.is_ascii() {
        return &w[..n.min(w.len())];
    }
    w.char_indices().nth(n).map_or(w, |(i, _)| &w[..i])
}

/// The last `n` characters of a word (all of it if shorter).
pub(crate) fn suffix(w: &str, n: usize) -> &str {
    if w.is_ascii() {
        return &w[w.len().saturating_sub(n)..];
    }
    // The n-th character from the end starts the suffix (n is at least 1).
    w.char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(w, |(i, _)| &w[i..])
}

/// Names the project's own tables know (`data/actors/`): countries and capitals (LOC),
/// nationalities (MISC), organisations (ORG) and office holders (PER), by their lowercase words.
struct Gazetteer {
    /// By the hash of the name's word keys (`phrase_key`).
    names: FxHashMap<u64, &'static str>,
    /// The longest name's word count, for each word a name starts with (by the word's hash,
    /// `Lowered::keys`).
    starts: FxHashMap<u64, usize>,
    /// The word keys that start a name: most words start none, and this says so without a
    /// lookup.
    start_bits: KeyFilter,
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
        let mut keyed = FxHashMap::default();
        let mut start_bits = KeyFilter::default();
        for (name, class) in names {
            let keys: Vec<u64> = name.split(' ').map(|w| feature(&[w])).collect();
            start_bits.insert(keys[0]);
            let longest = starts.entry(keys[0]).or_insert(0);
            *longest = (*longest).max(keys.len());
            keyed.insert(phrase_key(&keys), class);
        }
        Gazetteer {
            names: keyed,
            starts,
            start_bits,
        }
    })
}

/// A phrase's key from its words' keys (the hashes of their small-letter forms).
fn phrase_key(keys: &[u64]) -> u64 {
    keys.iter().fold(0x51_7cc1_b727_220a, |h, &k| {
        (h.rotate_left(5) ^ k).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// For each word, the class and position (B or I) of the longest known name covering it.
fn gazetteer_marks(keys: &[u64]) -> Vec<Option<(&'static str, bool)>> {
    let gaz = gazetteer();
    let mut marks = vec![None; keys.len()];
    let mut i = 0;
    while i < keys.len() {
        let mut matched = 0;
        // Only words that start a name are looked at further.
        let longest = if gaz.start_bits.may_contain(keys[i]) {
            gaz.starts.get(&keys[i]).copied().unwrap_or(0)
        } else {
            0
        };
        for len in (1..=longest.min(keys.len() - i)).rev() {
            if let Some(&class) = gaz.names.get(&phrase_key(&keys[i..i + len])) {
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
/// Words are kept by the hash of their small-letter form (`Lowered::keys`), not as strings.
#[derive(Default)]
pub struct DocWords {
    capitalised: FxHashMap<u64, ()>,
    small: FxHashMap<u64, ()>,
    /// What a first tagging of the document called each word most often (the second pass
    /// reads it: "Leicestershire" is an ORG everywhere if it is one in most places).
    memory: FxHashMap<u64, &'static str>,
    /// Last words of the known people's full names the document writes ("Putin" after
    /// "Vladimir Putin"): later alone they are the same person, which the actor stage knows
    /// without the tagger.
    surnames: FxHashMap<u64, ()>,
}

/// A sentence's words in small letters and what the gazetteer knows of them, computed once
/// for every use.
pub struct Lowered<'w> {
    lower: Vec<Cow<'w, str>>,
    /// The hash of each small-letter form (also the tagger's word feature).
    keys: Vec<u64>,
    marks: Vec<Option<(&'static str, bool)>>,
}

impl<'w> Lowered<'w> {
    /// Words `a..b` only.
    fn slice(mut self, a: usize, b: usize) -> Lowered<'w> {
        self.keys.truncate(b);
        self.keys.drain(..a);
        self.lower.truncate(b);
        self.lower.drain(..a);
        self.marks.truncate(b);
        self.marks.drain(..a);
        self
    }

    pub fn new<S: AsRef<str>>(words: &'w [S]) -> Lowered<'w> {
        // Most words are already in small ASCII letters: they are borrowed, not copied.
        let lower: Vec<Cow<'w, str>> = words.iter().map(|w| model::lowercase(w.as_ref())).collect();
        let keys: Vec<u64> = lower.iter().map(|l| feature(&[l.as_ref()])).collect();
        let marks = gazetteer_marks(&keys);
        Lowered { lower, keys, marks }
    }
}

impl DocWords {
    /// Reads the sentences of one document, and a first tagging of them if there is one.
    pub fn new<S: AsRef<str>>(
        sentences: &[&[S]],
        tagged: Option<&[Vec<&'static str>]>,
    ) -> DocWords {
        let lowered: Vec<Lowered> = sentences.iter().map(|s| Lowered::new(s)).collect();
        let mut d = DocWords::from_lowered(sentences, &lowered);
        if let Some(tagged) = tagged {
            d.remember(lowered.iter().map(|l| l.keys.as_slice()), tagged);
        }
        d
    }

    /// Reads the sentences of one document, given them in small letters.
    pub fn from_lowered<S: AsRef<str>>(sentences: &[&[S]], lowered: &[Lowered<'_>]) -> DocWords {
        let mut d = DocWords::default();
        for (words, l) in sentences.iter().zip(lowered) {
            let (keys, marks) = (&l.keys, &l.marks);
            for (k, mark) in marks.iter().enumerate() {
                let ends_person = matches!(mark, Some(("PER", _)))
                    && marks
                        .get(k + 1)
                        .is_none_or(|m| !matches!(m, Some(("PER", false))));
                if ends_person {
                    d.surnames.insert(keys[k], ());
                }
            }
            let caps = all_capitals(words);
            for (i, w) in words.iter().enumerate() {
                let w = w.as_ref();
                let first = w.chars().next();
                if first.is_some_and(char::is_lowercase) {
                    d.small.insert(keys[i], ());
                } else if i > 0 && !caps && first.is_some_and(char::is_uppercase) {
                    d.capitalised.insert(keys[i], ());
                }
            }
        }
        d
    }

    /// Takes in what a first tagging called each word most often (ties go to the type name
    /// later in the alphabet: PER, ORG, O, MISC, LOC), given the sentences' word keys.
    fn remember<'w>(
        &mut self,
        keys: impl Iterator<Item = &'w [u64]>,
        tagged: &[Vec<&'static str>],
    ) {
        let mut counts: FxHashMap<u64, [u32; 5]> = FxHashMap::default();
        for (words, tags) in keys.zip(tagged) {
            for (w, t) in words.iter().zip(tags) {
                let kind = t.split_once('-').map_or("O", |(_, k)| k);
                let kind = TYPES.iter().position(|k| *k == kind).unwrap_or(0);
                counts.entry(*w).or_default()[kind] += 1;
            }
        }
        self.memory.clear();
        for (word, kinds) in counts {
            let best = (0..TYPES.len()).max_by_key(|&k| (kinds[k], TYPES[k]));
            if let Some(k) = best.filter(|&k| kinds[k] > 0) {
                self.memory.insert(word, TYPES[k]);
            }
        }
    }
}

/// Feature templates, each a number that the hash of a feature starts from.
mod t {
    pub const BIAS: u64 = 1;
    pub const LOW: u64 = 2;
    pub const WORD: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SHAPE_CAPS: u64 = 5;
    pub const LOW_CAPS: u64 = 6;
    pub const PREFIX: u64 = 7; // 7..=10 for 1..=4 letters
    pub const SUFFIX: u64 = 11; // 11..=14
    pub const LOW_AT: u64 = 15; // 15..=18 for -2, -1, +1, +2
    pub const SHAPE_AT: u64 = 19; // 19..=22
    pub const SHAPES_3: u64 = 23;
    pub const SUFFIX3_NEXT: u64 = 24;
    pub const SUFFIX3_PREV: u64 = 25;
    pub const LOW_PREV_LOW: u64 = 26;
    pub const LOW_LOW_NEXT: u64 = 27;
    pub const TAG1: u64 = 28;
    pub const TAG2_TAG1: u64 = 29;
    pub const TAG1_LOW: u64 = 30;
    pub const TAG1_SHAPE: u64 = 31;
    pub const FIRST_SHAPE: u64 = 32;
    pub const GAZ: u64 = 33;
    pub const GAZ_SHAPE: u64 = 34;
    pub const GAZ_PREV: u64 = 35;
    pub const GAZ_NEXT: u64 = 36;
    pub const DOC_CAPS: u64 = 37;
    pub const DOC_SHAPE: u64 = 38;
    pub const MEM: u64 = 39;
    pub const MEM_SHAPE: u64 = 40;
    pub const MEM_NEXT: u64 = 41;
    pub const MEM_PREV: u64 = 42;
}

/// A feature's fingerprint from its template and the hashes of its parts (cheaper than
/// hashing the strings of every feature of every word).
#[inline]
pub(crate) fn mix(template: u64, parts: &[u64]) -> u64 {
    let mut h = template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &p in parts {
        h = (h ^ p).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 29;
    }
    h
}

/// The hashes of a word's form, shape and affixes: computed only for the words that are
/// scored and their neighbours (most words of a sentence are neither).
#[derive(Clone, Copy)]
struct FormHashes {
    word: u64,
    shape: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
}

impl FormHashes {
    fn of(word: &str, low: &str, shaped: &mut String) -> FormHashes {
        shape_into(word, shaped);
        // An ASCII word is sliced by bytes here, once, rather than checked again by each of the
        // eight `prefix` and `suffix` calls (3% of the stage's instructions).
        let (prefix, suffix) = if low.is_ascii() {
            let n = low.len();
            let pre = |k: usize| feature(&[&low[..k.min(n)]]);
            let suf = |k: usize| feature(&[&low[n.saturating_sub(k)..]]);
            (
                [pre(1), pre(2), pre(3), pre(4)],
                [suf(1), suf(2), suf(3), suf(4)],
            )
        } else {
            let pre = |k: usize| feature(&[prefix(low, k)]);
            let suf = |k: usize| feature(&[suffix(low, k)]);
            (
                [pre(1), pre(2), pre(3), pre(4)],
                [suf(1), suf(2), suf(3), suf(4)],
            )
        };
        FormHashes {
            word: feature(&[word]),
            shape: feature(&[shaped.as_str()]),
            prefix,
            suffix,
        }
    }
}

/// Before the first word and after the last: the sentence's edges.
const START: FormHashes = edge(1);
const END: FormHashes = edge(2);

const fn edge(k: u64) -> FormHashes {
    FormHashes {
        word: k,
        shape: k,
        prefix: [k; 4],
        suffix: [k; 4],
    }
}

/// What the tagger knows about a sentence before tagging it, whatever the pass.
pub struct Prepared<'w> {
    forms: Vec<&'w str>,
    lower: Vec<Cow<'w, str>>,
    /// Each word's key (the hash of its small-letter form).
    low: Vec<u64>,
    /// Each word's gazetteer mark: 0 for none, else class and B/I.
    gaz: Vec<u64>,
    /// Each word's `FormHashes`, where `hashed` says they are computed (see `hash_forms`).
    forms_hashed: Vec<FormHashes>,
    hashed: Vec<bool>,
    capitals: u64,
    /// Words that start no entity (they may continue one): words all in small letters in a
    /// sentence not written in capitals, and punctuation; in the pipeline also words far from
    /// any name the tables do not know (see `tag_selected`).
    plain: Vec<bool>,
}

impl<'w> Prepared<'w> {
    /// A sentence with every word's form hashes computed (training scores every word).
    pub fn new<S: AsRef<str>>(words: &'w [S]) -> Prepared<'w> {
        let mut p = Prepared::part(words, Lowered::new(words), all_capitals(words));
        p.hash_forms(true);
        p
    }

    /// `new`, given the sentence in small letters.
    pub fn from_lowered<S: AsRef<str>>(words: &'w [S], lowered: Lowered<'w>) -> Prepared<'w> {
        let mut p = Prepared::part(words, lowered, all_capitals(words));
        p.hash_forms(false);
        p
    }

    /// `from_lowered` for part of a sentence, told whether the whole is written in capitals.
    fn part<S: AsRef<str>>(words: &'w [S], lowered: Lowered<'w>, capitals: bool) -> Prepared<'w> {
        let Lowered { lower, keys, marks } = lowered;
        let capitals = u64::from(capitals);
        let classes = ["PER", "ORG", "LOC", "MISC"];
        let gaz = marks
            .iter()
            .map(|mark| {
                mark.map_or(0, |(class, b)| {
                    let c = classes.iter().position(|k| *k == class).unwrap_or(0) as u64;
                    1 + 2 * c + u64::from(b)
                })
            })
            .collect();
        let plain = words
            .iter()
            .map(|w| {
                let w = w.as_ref();
                (capitals == 0 && w.chars().all(char::is_lowercase))
                    || !w.chars().any(char::is_alphanumeric)
            })
            .collect();
        Prepared {
            forms: words.iter().map(AsRef::as_ref).collect(),
            forms_hashed: vec![START; keys.len()],
            hashed: vec![false; keys.len()],
            lower,
            low: keys,
            gaz,
            capitals,
            plain,
        }
    }

    /// Computes the form hashes of every word, or only of the words that are scored (those not
    /// `plain`) and their neighbours, whose features they read; any other word's are computed
    /// when asked for.
    fn hash_forms(&mut self, all: bool) {
        let n = self.len();
        let mut shaped = String::new();
        for j in 0..n {
            let near = j.saturating_sub(2)..(j + 3).min(n);
            if !all && self.plain[near].iter().all(|&p| p) {
                continue;
            }
            self.forms_hashed[j] = FormHashes::of(self.forms[j], &self.lower[j], &mut shaped);
            self.hashed[j] = true;
        }
    }

    /// Word `j`'s form hashes (the edges' before the first word and after the last).
    #[inline]
    fn form(&self, j: isize) -> FormHashes {
        if j < 0 {
            return START;
        }
        let j = j as usize;
        match self.hashed.get(j) {
            None => END,
            Some(true) => self.forms_hashed[j],
            // Only a plain word after an entity (it may continue it).
            Some(false) => FormHashes::of(self.forms[j], &self.lower[j], &mut String::new()),
        }
    }

    /// Word `j`'s key, or the edges'.
    #[inline]
    fn low_at(&self, j: isize) -> u64 {
        if j < 0 {
            1
        } else {
            self.low.get(j as usize).copied().unwrap_or(2)
        }
    }

    /// Word `j`'s gazetteer mark (0 at the edges).
    #[inline]
    fn gaz_at(&self, j: isize) -> u64 {
        if j < 0 {
            0
        } else {
            self.gaz.get(j as usize).copied().unwrap_or(0)
        }
    }

    fn len(&self) -> usize {
        self.low.len()
    }
}

/// Whether a sentence is written in capitals (a headline).
fn all_capitals(words: &[impl AsRef<str>]) -> bool {
    let mut letters = 0;
    for w in words.iter().map(|w| w.as_ref()) {
        if w.chars().any(char::is_lowercase) {
            return false;
        }
        letters += usize::from(w.chars().any(char::is_alphabetic));
    }
    letters >= 2
}

/// What a pass knows about a sentence's words from the rest of the document.
pub struct Context<'a> {
    prepared: &'a Prepared<'a>,
    /// How the document writes each word elsewhere (see `DocWords`): 0 without a document.
    doc_marks: Vec<u64>,
    /// What the first pass called each word in this document (see `DocWords::memory`):
    /// 0 for nothing, else 1 + the index in `TYPES`.
    memory: Vec<u64>,
}

impl<'a> Context<'a> {
    pub fn new(prepared: &'a Prepared<'a>, doc: Option<&DocWords>) -> Context<'a> {
        let doc_marks = prepared
            .low
            .iter()
            .map(|low| match doc {
                None => 0,
                Some(d) => match (d.capitalised.contains_key(low), d.small.contains_key(low)) {
                    (true, true) => 1,
                    (true, false) => 2,
                    (false, true) => 3,
                    (false, false) => 4,
                },
            })
            .collect();
        let memory = prepared
            .low
            .iter()
            .map(|low| {
                doc.and_then(|d| d.memory.get(low))
                    .and_then(|k| TYPES.iter().position(|t| t == k))
                    .map_or(0, |k| 1 + k as u64)
            })
            .collect();
        Context {
            prepared,
            doc_marks,
            memory,
        }
    }

    /// The features of word `i`, given the tags of the words before it.
    pub fn features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        out.clear();
        self.word_features(i, out);
        self.tag_features(i, prev, out);
    }

    /// The features of word `i` that depend on the tags before it.
    fn tag_features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        let (low, shape) = (self.prepared.low[i], self.prepared.form(i as isize).shape);
        let p1 = prev.last().map_or(0, |&t| 1 + t as u64);
        let p2 = if prev.len() >= 2 {
            1 + prev[prev.len() - 2] as u64
        } else {
            0
        };
        out.push(mix(t::TAG1, &[p1]));
        out.push(mix(t::TAG2_TAG1, &[p2, p1]));
        out.push(mix(t::TAG1_LOW, &[p1, low]));
        out.push(mix(t::TAG1_SHAPE, &[p1, shape]));
    }

    /// The features of word `i` that do not depend on the tags (appended to `out`).
    fn word_features(&self, i: usize, out: &mut Vec<u64>) {
        let p = self.prepared;
        let at = i as isize;
        let w = p.form(at);
        let (low, gaz) = (p.low[i], p.gaz[i]);
        let caps = p.capitals;
        out.push(mix(t::BIAS, &[]));
        out.push(mix(t::LOW, &[low]));
        out.push(mix(t::WORD, &[w.word]));
        out.push(mix(t::SHAPE, &[w.shape]));
        out.push(mix(t::SHAPE_CAPS, &[w.shape, caps]));
        out.push(mix(t::LOW_CAPS, &[low, caps]));
        for n in 0..4 {
            out.push(mix(t::PREFIX + n as u64, &[w.prefix[n]]));
            out.push(mix(t::SUFFIX + n as u64, &[w.suffix[n]]));
        }
        let (before2, before, after, after2) = (
            p.form(at - 2),
            p.form(at - 1),
            p.form(at + 1),
            p.form(at + 2),
        );
        let (low_before, low_after) = (p.low_at(at - 1), p.low_at(at + 1));
        let neighbours = [
            (p.low_at(at - 2), before2.shape),
            (low_before, before.shape),
            (low_after, after.shape),
            (p.low_at(at + 2), after2.shape),
        ];
        for (n, (o_low, o_shape)) in neighbours.into_iter().enumerate() {
            out.push(mix(t::LOW_AT + n as u64, &[o_low]));
            out.push(mix(t::SHAPE_AT + n as u64, &[o_shape]));
        }
        out.push(mix(t::SHAPES_3, &[before.shape, w.shape, after.shape]));
        out.push(mix(t::SUFFIX3_NEXT, &[after.suffix[2]]));
        out.push(mix(t::SUFFIX3_PREV, &[before.suffix[2]]));
        out.push(mix(t::LOW_PREV_LOW, &[low_before, low]));
        out.push(mix(t::LOW_LOW_NEXT, &[low, low_after]));
        if i == 0 {
            out.push(mix(t::FIRST_SHAPE, &[w.shape]));
        }
        out.push(mix(t::GAZ, &[gaz]));
        out.push(mix(t::GAZ_SHAPE, &[gaz, w.shape]));
        if i > 0 {
            out.push(mix(t::GAZ_PREV, &[p.gaz_at(at - 1)]));
        }
        out.push(mix(t::GAZ_NEXT, &[p.gaz_at(at + 1)]));
        let doc = self.doc_marks[i];
        out.push(mix(t::DOC_CAPS, &[doc, caps]));
        out.push(mix(t::DOC_SHAPE, &[doc, w.shape]));
        self.memory_features(i, w.shape, out);
    }

    /// The features of what the first pass called word `i` and its neighbours elsewhere in
    /// the document (none in the first pass, or for a word it never saw).
    fn memory_features(&self, i: usize, shape: u64, out: &mut Vec<u64>) {
        let mem = self.memory[i];
        if mem != 0 {
            out.push(mix(t::MEM, &[mem]));
            out.push(mix(t::MEM_SHAPE, &[mem, shape]));
            let next = self.memory.get(i + 1).copied().unwrap_or(7);
            out.push(mix(t::MEM_NEXT, &[next]));
            let before = if i > 0 { self.memory[i - 1] } else { 8 };
            out.push(mix(t::MEM_PREV, &[before]));
        }
    }
}

const NER_HEADER: &[u8] = b"ATTACHE-NER-2\n";

/// The named-entity model: a first tagger, and a second that also reads what the first called
/// each word across the document.
#[derive(Debug)]
pub struct NerModel {
    /// Both taggers over one table (see `Pair`).
    pair: Pair,
}

impl Clone for NerModel {
    fn clone(&self) -> NerModel {
        NerModel::new(self.first(), self.second()).expect("a valid model's copy")
    }
}

/// Models are equal when their taggers are (the shared table follows from them).
impl PartialEq for NerModel {
    fn eq(&self, other: &NerModel) -> bool {
        self.first() == other.first() && self.second() == other.second()
    }
}

impl NerModel {
    /// The file form: `ATTACHE-NER-2`, then both taggers' file forms, each after its length.
    pub fn to_bytes(&self) -> Vec<u8> {
        Model::write_parts(NER_HEADER, &[&self.first(), &self.second()])
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        let ((first_tags, first), (second_tags, second)) =
            Model::read_pair_rows(bytes, NER_HEADER, "NER")?;
        for tags in [&first_tags, &second_tags] {
            if tags != TAGS {
                return Err("the NER model has other tags".into());
            }
        }
        let pair = Pair::from_rows(&first_tags, first, &second_tags, second)
            .ok_or("the NER taggers' tags differ")?;
        Ok(NerModel { pair })
    }

    /// The model of the two taggers.
    pub fn new(first: Model, second: Model) -> Result<NerModel, String> {
        let pair = Pair::new(&first, &second).ok_or("the NER taggers' tags differ")?;
        Ok(NerModel { pair })
    }

    /// The first tagger.
    pub fn first(&self) -> Model {
        self.pair.model(0)
    }

    /// The second tagger.
    pub fn second(&self) -> Model {
        self.pair.model(1)
    }

    /// The number of features both taggers hold.
    pub fn features(&self) -> usize {
        self.first().len() + self.second().len()
    }
}

/// Tags a sentence's words, on its own (no document around it).
pub fn tag(model: &NerModel, words: &[impl AsRef<str>]) -> Vec<&'static str> {
    tag_document(model, &[words]).pop().unwrap_or_default()
}

/// Capitalised words the actor stage needs no tagger for: function words that begin
/// sentences, calendar words, regions and parties, and every word of the role nouns and titles
/// in `data/actors/roles.tsv` ("President", "Foreign", "Minister") and of the seats of power.
/// (A surname after its full name is known too: see `DocWords::surnames`.)
fn not_name_words() -> &'static FxHashMap<String, ()> {
    static WORDS: std::sync::OnceLock<FxHashMap<String, ()>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        const FIXED: &str = "the a an in on at of and but or if as for to by with from after \
            before when while since during this that these those there then here his her its \
            their our my your he she it they we i you mr mrs ms dr sen rep gov gen col lt sgt \
            st monday tuesday wednesday thursday friday saturday sunday january february march \
            april may june july august september october november december today yesterday \
            tomorrow what who why how which where according meanwhile however so some instead \
            earlier later even one two three many most all both each every no not yes also \
            still yet now just only such other another more less last next first new image \
            photo video watch watched read hide show ad advertisement related share click \
            caption update must europe european western eastern north south east west middle \
            northern southern asia asian africa african arab arabs gulf pacific atlantic latin \
            democrats republicans republican democratic gop labour conservative conservatives";
        let mut words: FxHashMap<String, ()> = FIXED
            .split_whitespace()
            .map(|w| (w.to_string(), ()))
            .collect();
        // Role nouns and seats of power ("White House", "Pentagon").
        let tables = [
            include_str!("../../../data/actors/roles.tsv"),
            include_str!("../../../data/actors/metonyms.tsv"),
        ];
        for table in tables {
            for line in table.lines().filter(|l| !l.starts_with('#')) {
                let phrases = line.split('\t').next().unwrap_or("");
                for phrase in phrases.split('|') {
                    for w in phrase.split(|c: char| c.is_whitespace() || c == '-') {
                        if !w.is_empty() {
                            words.insert(w.to_lowercase(), ());
                        }
                    }
                }
            }
        }
        words
    })
}

/// Which words of a sentence may be part of a name the project's tables do not know: a
/// capitalised word that is no known name, no title or role word, no calendar or function word,
/// and, first in the sentence, not a word the document also writes in small letters. None in a
/// headline (most words capitalised): capitals say nothing there.
pub fn unknown_names(
    words: &[impl AsRef<str>],
    lowered: &Lowered<'_>,
    doc: &DocWords,
) -> Vec<bool> {
    let capitalised = |w: &str| w.starts_with(char::is_uppercase);
    let alphabetic = words
        .iter()
        .filter(|w| w.as_ref().starts_with(char::is_alphabetic))
        .count();
    let caps = words.iter().filter(|w| capitalised(w.as_ref())).count();
    if alphabetic >= 4 && caps * 10 >= alphabetic * 7 {
        return vec![false; words.len()];
    }
    let (lower, marks) = (&lowered.lower, &lowered.marks);
    let stop = not_name_words();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            capitalised(w.as_ref())
                && marks[i].is_none()
                && !stop.contains_key(lower[i].trim_end_matches('.'))
                && !(i == 0 && doc.small.contains_key(&lowered.keys[i]))
                && !doc.surnames.contains_key(&lowered.keys[i])
        })
        .collect()
}

/// Tags only the sentences marked `selected` of one document (the others come back empty),
/// with what the whole document says about its words (see `tag_document`).
///
/// `unknown` marks, per sentence, the words that may be part of a name the tables do not know
/// (see `unknown_names`): a sentence without one is not tagged, and in the others an entity is
/// only started within two words before one of them (it may go on past them).
pub fn tag_selected<S: AsRef<str>>(
    model: &NerModel,
    sentences: &[&[S]],
    lowered: Vec<Lowered<'_>>,
    unknown: &[Vec<bool>],
    doc: &mut DocWords,
) -> Vec<Vec<&'static str>> {
    // Per sentence with an unknown word: the part of it that is tagged. An entity starts at
    // most two words before an unknown word; the part has two more words of context on the
    // left, and room on the right for the entity to go on (`TAIL`) and for context.
    const TAIL: usize = 8;
    let parts: Vec<Option<(usize, usize)>> = unknown
        .iter()
        .map(|u| {
            let first = u.iter().position(|&x| x)?;
            let last = u.iter().rposition(|&x| x)?;
            Some((first.saturating_sub(4), (last + 1 + TAIL).min(u.len())))
        })
        .collect();
    let chosen: Vec<usize> = (0..sentences.len())
        .filter(|&k| parts[k].is_some())
        .collect();
    let prepared: Vec<Prepared> = lowered
        .into_iter()
        .enumerate()
        .filter_map(|(k, l)| {
            let (a, b) = parts[k]?;
            let words = &sentences[k][a..b];
            let mut p = Prepared::part(words, l.slice(a, b), all_capitals(sentences[k]));
            let u = &unknown[k][a..b];
            for (i, plain) in p.plain.iter_mut().enumerate() {
                *plain |= !u[i..(i + 3).min(u.len())].contains(&true);
            }
            p.hash_forms(false);
            Some(p)
        })
        .collect();
    let mut out = vec![Vec::new(); sentences.len()];
    for (&k, tags) in chosen.iter().zip(two_passes(model, &prepared, doc)) {
        let Some((a, _)) = parts[k] else { continue };
        let mut full = vec!["O"; sentences[k].len()];
        full[a..a + tags.len()].copy_from_slice(&tags);
        out[k] = full;
    }
    out
}

/// The first pass over the prepared sentences, what it called each word taken into the
/// document's memory, then the second pass.
fn two_passes(
    model: &NerModel,
    prepared: &[Prepared],
    doc: &mut DocWords,
) -> Vec<Vec<&'static str>> {
    let pair = &model.pair;
    let first_model = Half { pair, which: 0 };
    let mut scratch = Scratch::default();
    // Each sentence's words are located in the table once; the second pass adds its own rows
    // of the same slots, and only its memory features are new.
    let mut located: Vec<(Vec<u32>, Vec<usize>)> = Vec::with_capacity(prepared.len());
    let mut first = Vec::with_capacity(prepared.len());
    for p in prepared {
        let ctx = Context::new(p, Some(doc));
        word_scores(&first_model, &ctx, &mut scratch);
        first.push(decode(&first_model, &ctx, &mut scratch));
        located.push((
            std::mem::take(&mut scratch.rows),
            std::mem::take(&mut scratch.ends),
        ));
    }
    doc.remember(prepared.iter().map(|p| p.low.as_slice()), &first);
    let second_model = Half { pair, which: 1 };
    prepared
        .iter()
        .zip(first)
        .zip(located)
        .map(|((p, first), (rows, ends))| {
            let ctx = Context::new(p, Some(doc));
            // Unless the first found nothing and the document remembers nothing but "no entity"
            // for the words: then the second would not either, and the first pass's tags stand.
            if first.iter().all(|t| *t == "O") && ctx.memory.iter().all(|&m| m <= 1) {
                return first;
            }
            let Scratch { fixed, feats, .. } = &mut scratch;
            sum_rows(&second_model, &rows, &ends, fixed);
            // Then the memory features of the words scored above.
            let lanes = second_model.lanes();
            for i in (0..p.len()).filter(|&i| !p.plain[i]) {
                feats.clear();
                ctx.memory_features(i, p.form(i as isize).shape, feats);
                second_model.add_scores(feats, &mut fixed[i * lanes..(i + 1) * lanes]);
            }
            decode(&second_model, &ctx, &mut scratch)
        })
        .collect()
}

/// Scores tags from a table of weights: one model, or one of a `Pair`.
trait Scorer {
    fn lanes(&self) -> usize;
    fn locate(&self, features: &[u64], rows: &mut Vec<u32>);
    fn add_rows(&self, rows: &[u32], out: &mut [i32]);
    fn add_scores(&self, features: &[u64], out: &mut [i32]);
}

impl Scorer for Model {
    fn lanes(&self) -> usize {
        Model::lanes(self)
    }
    fn locate(&self, features: &[u64], rows: &mut Vec<u32>) {
        Model::locate(self, features, rows)
    }
    fn add_rows(&self, rows: &[u32], out: &mut [i32]) {
        Model::add_rows(self, rows, out)
    }
    fn add_scores(&self, features: &[u64], out: &mut [i32]) {
        Model::add_scores(self, features, out)
    }
}

/// One of the two models of a `Pair`.
struct Half<'a> {
    pair: &'a Pair,
    which: usize,
}

impl Scorer for Half<'_> {
    fn lanes(&self) -> usize {
        self.pair.lanes()
    }
    fn locate(&self, features: &[u64], rows: &mut Vec<u32>) {
        self.pair.locate(features, rows)
    }
    fn add_rows(&self, rows: &[u32], out: &mut [i32]) {
        self.pair.add_rows(self.which, rows, out)
    }
    fn add_scores(&self, features: &[u64], out: &mut [i32]) {
        self.pair.add_scores(self.which, features, out)
    }
}

/// Tags the sentences of one document: a first pass, then a second that also knows how the
/// document writes each word and what the first pass called it elsewhere.
pub fn tag_document<S: AsRef<str>>(model: &NerModel, sentences: &[&[S]]) -> Vec<Vec<&'static str>> {
    let lowered: Vec<Lowered> = sentences.iter().map(|s| Lowered::new(s)).collect();
    let mut doc = DocWords::from_lowered(sentences, &lowered);
    let prepared: Vec<Prepared> = sentences
        .iter()
        .zip(lowered)
        .map(|(s, l)| Prepared::from_lowered(s, l))
        .collect();
    two_passes(model, &prepared, &mut doc)
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Scratch {
    fixed: Vec<i32>,
    feats: Vec<u64>,
    ends: Vec<usize>,
    prev: Vec<usize>,
    scores: Vec<i32>,
    rows: Vec<u32>,
}

fn tag_in(model: &impl Scorer, ctx: &Context, scratch: &mut Scratch) -> Vec<&'static str> {
    word_scores(model, ctx, scratch);
    decode(model, ctx, scratch)
}

/// The scores of what each word is (`Scratch::fixed`), for the whole sentence at once, so
/// that their memory fetches overlap; `Scratch::rows` and `ends` keep where each word's
/// features were found.
fn word_scores(model: &impl Scorer, ctx: &Context, scratch: &mut Scratch) {
    let n = ctx.prepared.len();
    let Scratch {
        fixed,
        feats,
        ends,
        rows,
        ..
    } = scratch;
    feats.clear();
    ends.clear();
    for i in 0..n {
        if !ctx.prepared.plain[i] {
            ctx.word_features(i, feats);
        }
        ends.push(feats.len());
    }
    model.locate(feats, rows);
    sum_rows(model, rows, ends, fixed);
}

/// Each word's scores (`lanes` apiece in `fixed`) from the rows `locate` found for its
/// features: word `i`'s are `rows[ends[i - 1]..ends[i]]`.
fn sum_rows(model: &impl Scorer, rows: &[u32], ends: &[usize], fixed: &mut Vec<i32>) {
    let lanes = model.lanes();
    fixed.clear();
    fixed.resize(ends.len() * lanes, 0);
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        model.add_rows(&rows[start..end], &mut fixed[i * lanes..(i + 1) * lanes]);
        start = end;
    }
}

/// Word by word, left to right: the word's scores (`Scratch::fixed`) and those of the tags
/// before it.
fn decode(model: &impl Scorer, ctx: &Context, scratch: &mut Scratch) -> Vec<&'static str> {
    let n = ctx.prepared.len();
    let Scratch {
        fixed,
        feats,
        prev,
        scores,
        ..
    } = scratch;
    let lanes = model.lanes();
    prev.clear();
    scores.resize(lanes, 0);
    for i in 0..n {
        // A word in small letters after no entity, in a sentence not written in capitals,
        // starts none, nor does punctuation (on CoNLL valid the model says otherwise for a
        // handful of words): their scoring is spared.
        if ctx.prepared.plain[i] && prev.last().is_none_or(|&t| t == 0) {
            prev.push(0);
            continue;
        }
        feats.clear();
        if ctx.prepared.plain[i] {
            // Not scored above: after an entity, it may continue it.
            ctx.word_features(i, feats);
        }
        ctx.tag_features(i, prev, feats);
        scores.copy_from_slice(&fixed[i * lanes..(i + 1) * lanes]);
        model.add_scores(feats, scores);
        // The model's tags are TAGS in order (checked when it is loaded).
        prev.push(Model::best(&scores[..TAGS.len()]));
    }
    prev.iter().map(|&t| TAGS[t]).collect()
}

/// Trains both taggers: the first on the sentences; the second on the sentences with what a
/// first tagger called their words, a first tagger that did not see those documents (two
/// halves, each tagged by a tagger trained on the other), so that the second learns how far
/// such a memory can be trusted. Each pass's token accuracy goes to `progress`.
pub fn train(
    sentences: &[Sentence],
    epochs: usize,
    min_updates: u32,
    mut progress: impl FnMut(&str, usize, f64),
) -> NerModel {
    let prepared: Vec<Prepared> = sentences.iter().map(|s| Prepared::new(&s.words)).collect();
    let data = Data {
        sentences,
        prepared: &prepared,
        epochs,
        min_updates,
    };
    let docs = doc_words(sentences, None);
    let half = |parity: usize| -> Vec<usize> {
        (0..sentences.len())
            .filter(|&k| sentences[k].doc % 2 == parity)
            .collect()
    };
    let on_even = train_stage(&data, &half(0), &docs, |e, a| {
        progress("first (even half)", e, a)
    });
    let on_odd = train_stage(&data, &half(1), &docs, |e, a| {
        progress("first (odd half)", e, a)
    });
    // Each document tagged by the tagger that did not see it.
    let mut tagged: Vec<Vec<&'static str>> = Vec::with_capacity(sentences.len());
    let mut scratch = Scratch::default();
    for (k, s) in sentences.iter().enumerate() {
        let model = if s.doc % 2 == 0 { &on_odd } else { &on_even };
        let ctx = Context::new(&prepared[k], Some(&docs[s.doc]));
        tagged.push(tag_in(model, &ctx, &mut scratch));
    }
    let remembered = doc_words(sentences, Some(&tagged));
    let all: Vec<usize> = (0..sentences.len()).collect();
    let first = train_stage(&data, &all, &docs, |e, a| progress("first", e, a));
    let second = train_stage(&data, &all, &remembered, |e, a| progress("second", e, a));
    NerModel::new(first, second).expect("both taggers are trained with TAGS")
}

/// The training sentences, prepared once, and the settings.
struct Data<'a> {
    sentences: &'a [Sentence],
    prepared: &'a [Prepared<'a>],
    epochs: usize,
    min_updates: u32,
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

/// One NER training sentence in its document.
struct NerExample<'a> {
    ctx: Context<'a>,
    gold: &'a [String],
}

impl Example for NerExample<'_> {
    fn len(&self) -> usize {
        self.gold.len()
    }
    fn truth(&self, i: usize) -> usize {
        TAGS.iter().position(|t| *t == self.gold[i]).unwrap_or(0)
    }
    fn features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>) {
        self.ctx.features(i, prev, out);
    }
}

/// Trains one tagger on the sentences `which` for the set number of passes.
fn train_stage(
    data: &Data,
    which: &[usize],
    docs: &[DocWords],
    progress: impl FnMut(usize, f64),
) -> Model {
    let example = |s: usize| NerExample {
        ctx: Context::new(&data.prepared[s], Some(&docs[data.sentences[s].doc])),
        gold: &data.sentences[s].entities,
    };
    let tags = TAGS.iter().map(|t| t.to_string()).collect();
    train_greedy(
        tags,
        which,
        example,
        data.epochs,
        data.min_updates,
        progress,
    )
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

    use crate::testing::{assert_file_form, assert_found, span_texts};

    fn entities(words: &str) -> Vec<(String, String)> {
        let words: Vec<&str> = words.split(' ').collect();
        span_texts(&words, &tag(builtin(), &words))
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
        ];
        for (sentence, expected) in cases {
            assert_found(&entities(sentence), &expected, sentence);
        }
    }

    #[test]
    fn the_second_pass_remembers_a_name_from_earlier_in_the_document() {
        // Alone, a sentence-initial surname the model has never seen is a guess; after the full
        // name earlier in the document it is a person.
        let first: Vec<&str> = "Russian Ambassador Anatoly Antonov met officials on Monday ."
            .split(' ')
            .collect();
        let second: Vec<&str> = "Antonov said the United States had expelled diplomats ."
            .split(' ')
            .collect();
        let tags = tag_document(builtin(), &[first.as_slice(), second.as_slice()]);
        let found = span_texts(&second, &tags[1]);
        assert_found(
            &found,
            &[("PER", "Antonov"), ("LOC", "United States")],
            "second",
        );
    }

    #[test]
    fn a_model_survives_its_file_form_and_a_broken_file_is_named() {
        // The taggers come back out of the shared table exactly as the file gave them.
        assert!(builtin().to_bytes() == include_bytes!("../../../data/models/ner.bin"));
        assert_file_form(
            &builtin().to_bytes(),
            NER_HEADER,
            NerModel::from_bytes,
            NerModel::features,
            builtin().features(),
        );
    }
}
