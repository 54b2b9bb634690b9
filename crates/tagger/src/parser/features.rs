//! The parser's features: words and tags around the stack's top and the buffer's front, their
//! heads and outermost dependents, distance, valency and dependents' labels (after Zhang and
//! Nivre 2011, trimmed to what pays for its lookups), and the label model's features of one
//! arc.

use super::state::{State, NONE};
use crate::ner::mix;

/// A sentence as the parser sees it: hashed lowercased words and tags, with the root after
/// the last word.
pub struct Sentence {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
}

/// Values standing for "no token here" and for the root token.
const ABSENT: u64 = 1;
const ROOT: u64 = 2;

impl Sentence {
    /// From lowercased words and tag names.
    pub fn new(words: &[impl AsRef<str>], tags: &[impl AsRef<str>]) -> Sentence {
        let word = |w: &str| crate::perceptron::feature(&[w]) | 4;
        let mut s = Sentence {
            words: words.iter().map(|w| word(w.as_ref())).collect(),
            tags: tags.iter().map(|t| word(t.as_ref())).collect(),
        };
        s.words.push(ROOT);
        s.tags.push(ROOT);
        s
    }

    #[inline]
    fn w(&self, i: usize) -> u64 {
        if i == NONE {
            ABSENT
        } else {
            self.words[i]
        }
    }

    #[inline]
    fn t(&self, i: usize) -> u64 {
        if i == NONE {
            ABSENT
        } else {
            self.tags[i]
        }
    }
}

/// A token's label in the state (ABSENT for no token or no head yet).
#[inline]
fn label(st: &State, i: usize) -> u64 {
    if i == NONE || st.heads[i] == NONE {
        ABSENT
    } else {
        3 + u64::from(st.labels[i])
    }
}

/// A token's head in the state, or NONE for no token, no head yet, or the root.
#[inline]
fn up(st: &State, i: usize) -> usize {
    let h = if i == NONE { NONE } else { st.heads[i] };
    if h == st.n {
        NONE
    } else {
        h
    }
}

/// A token's `k`-th outermost dependent on one side (`list`), or NONE.
#[inline]
fn pick(list: &[[usize; 2]], i: usize, k: usize) -> usize {
    if i == NONE {
        NONE
    } else {
        list[i][k]
    }
}

/// The transition model's features of a configuration: those of the stack's top that stay
/// fixed while it is on the stack, those of the buffer's front position, and the rest.
pub fn moves(s: &Sentence, st: &State, out: &mut Vec<u64>) {
    out.clear();
    of_top(s, st, out);
    of_front(s, st, out);
    of_configuration(s, st, out);
}

/// The features that depend only on the stack's top while it stays there (after
/// `out`): in arc-eager a word on the stack keeps its head, its left dependents and the stack
/// below it, so a parse computes these once per word on the stack, not once per move.
pub fn of_top(s: &Sentence, st: &State, out: &mut Vec<u64>) {
    let s0 = st.s0();
    let s0h = up(st, s0);
    let s0h2 = up(st, s0h);
    let s0l = pick(&st.lefts, s0, 0);
    let s0l2 = pick(&st.lefts, s0, 1);
    let s1 = st.s1();
    let (s0w, s0t) = (s.w(s0), s.t(s0));
    let mut f = |template: u64, parts: &[u64]| out.push(mix(template, parts));
    f(2, &[s0w, s0t]);
    f(3, &[s0w]);
    f(4, &[s0t]);
    let count = |c: &[u8], i: usize| if i == NONE { 9 } else { u64::from(c[i]) };
    f(35, &[s0w, count(&st.left_count, s0)]);
    f(36, &[s0t, count(&st.left_count, s0)]);
    f(39, &[s.w(s0h)]);
    f(40, &[s.t(s0h)]);
    f(41, &[label(st, s0)]);
    f(42, &[s.w(s0l)]);
    f(43, &[s.t(s0l)]);
    f(44, &[label(st, s0l)]);
    f(51, &[s.t(s0h2)]);
    f(52, &[label(st, s0h)]);
    f(53, &[s0t, s.t(s0h), s.t(s0h2)]);
    f(54, &[s0t, s.t(s0l), s.t(s0l2)]);
    f(57, &[label(st, s0l2), label(st, s0l)]);
    let set = |c: &[u64], i: usize| if i == NONE { 1 } else { c[i] };
    f(61, &[s0t, set(&st.left_labels, s0)]);
    f(64, &[s.w(s1), s.t(s1)]);
    let after_s0 = if s0 == NONE { NONE } else { s0 + 1 };
    f(66, &[s0t, s.t(after_s0)]);
}

/// The features of the buffer's front position and the words after it (after `out`), and the
/// bias: the same until the front moves on.
pub fn of_front(s: &Sentence, st: &State, out: &mut Vec<u64>) {
    let n0 = st.next;
    let n1 = if n0 < st.n { n0 + 1 } else { NONE };
    let n2 = if n1 != NONE && n1 < st.n {
        n1 + 1
    } else {
        NONE
    };
    let (n0w, n0t) = (s.w(n0), s.t(n0));
    let (n1w, n1t, n2w, n2t) = (s.w(n1), s.t(n1), s.w(n2), s.t(n2));
    let mut f = |template: u64, parts: &[u64]| out.push(mix(template, parts));
    f(1, &[]);
    f(5, &[n0w, n0t]);
    f(6, &[n0w]);
    f(7, &[n0t]);
    f(8, &[n1w, n1t]);
    f(9, &[n1w]);
    f(10, &[n1t]);
    f(11, &[n2w]);
    f(12, &[n2t]);
    f(20, &[n0t, n1t]);
    f(21, &[n0t, n1t, n2t]);
    let before_n0 = if n0 > 0 { n0 - 1 } else { NONE };
    f(65, &[s.t(before_n0), n0t]);
}

/// The features that change from move to move (after `out`): pairs of the stack's top and
/// the buffer's front, their distance, the top's right dependents and the front's left ones.
pub fn of_configuration(s: &Sentence, st: &State, out: &mut Vec<u64>) {
    let s0 = st.s0();
    let n0 = st.next;
    let n1 = if n0 < st.n { n0 + 1 } else { NONE };
    let s0h = up(st, s0);
    let s0l = pick(&st.lefts, s0, 0);
    let s0r = pick(&st.rights, s0, 0);
    let s0r2 = pick(&st.rights, s0, 1);
    let n0l = pick(&st.lefts, n0, 0);
    let n0l2 = pick(&st.lefts, n0, 1);
    let s1 = st.s1();

    let (s0w, s0t, n0w, n0t) = (s.w(s0), s.t(s0), s.w(n0), s.t(n0));
    let n1t = s.t(n1);
    let mut f = |template: u64, parts: &[u64]| out.push(mix(template, parts));
    // Pairs of the stack's top and the buffer's front.
    f(13, &[s0w, s0t, n0w, n0t]);
    f(14, &[s0w, s0t, n0w]);
    f(15, &[s0w, n0w, n0t]);
    f(16, &[s0w, s0t, n0t]);
    f(17, &[s0t, n0w, n0t]);
    f(18, &[s0w, n0w]);
    f(19, &[s0t, n0t]);
    // Triples of tags.
    f(22, &[s0t, n0t, n1t]);
    f(23, &[s.t(s0h), s0t, n0t]);
    f(24, &[s0t, s.t(s0l), n0t]);
    f(25, &[s0t, s.t(s0r), n0t]);
    f(26, &[s0t, n0t, s.t(n0l)]);
    // Distance between the two, and valency.
    let distance = if s0 == NONE {
        0
    } else {
        (n0 - s0).min(6) as u64
    };
    f(27, &[s0w, distance]);
    f(28, &[s0t, distance]);
    f(29, &[n0w, distance]);
    f(30, &[n0t, distance]);
    f(31, &[s0w, n0w, distance]);
    f(32, &[s0t, n0t, distance]);
    let count = |c: &[u8], i: usize| if i == NONE { 9 } else { u64::from(c[i]) };
    f(33, &[s0w, count(&st.right_count, s0)]);
    f(34, &[s0t, count(&st.right_count, s0)]);
    f(37, &[n0w, count(&st.left_count, n0)]);
    f(38, &[n0t, count(&st.left_count, n0)]);
    // The top's right dependents, the front's left ones, and their labels.
    f(45, &[s.w(s0r)]);
    f(46, &[s.t(s0r)]);
    f(47, &[label(st, s0r)]);
    f(48, &[s.w(n0l)]);
    f(49, &[s.t(n0l)]);
    f(50, &[label(st, n0l)]);
    f(55, &[s0t, s.t(s0r), s.t(s0r2)]);
    f(56, &[n0t, s.t(n0l), s.t(n0l2)]);
    f(58, &[label(st, s0r2), label(st, s0r)]);
    // Label sets.
    let set = |c: &[u64], i: usize| if i == NONE { 1 } else { c[i] };
    f(59, &[s0w, set(&st.right_labels, s0)]);
    f(60, &[s0t, set(&st.right_labels, s0)]);
    f(62, &[n0t, set(&st.left_labels, n0)]);
    // The stack's second item: what a reduce would expose.
    f(63, &[s.t(s1), s0t, n0t]);
    f(67, &[label(st, s0), n0t]);
}

/// What settles an arc's label when the training trees always agree on it (`Fixed`): the
/// head's and the dependent's tags and the direction.
#[inline]
pub fn arc_key(s: &Sentence, head: usize, dep: usize) -> u64 {
    mix(200, &[s.tags[head], s.tags[dep], u64::from(dep > head)])
}

/// The label model's features of an arc from `head` to `dep` in a configuration.
pub fn label_of(s: &Sentence, st: &State, head: usize, dep: usize, out: &mut Vec<u64>) {
    out.clear();
    let (hw, ht, dw, dt) = (s.w(head), s.t(head), s.w(dep), s.t(dep));
    let right = u64::from(dep > head);
    let distance = head.abs_diff(dep).min(8) as u64;
    let after = if dep < st.n { dep + 1 } else { NONE };
    let before = dep.checked_sub(1).unwrap_or(NONE);
    let hh = st.heads[head];
    let hh = if hh == NONE || hh >= st.n { NONE } else { hh };
    let dl = st.lefts[dep][0];
    let dr = st.rights[dep][0];
    let mut f = |template: u64, parts: &[u64]| out.push(mix(100 + template, parts));
    f(1, &[right]);
    f(2, &[dw, right]);
    f(3, &[dt, right]);
    f(4, &[hw, right]);
    f(5, &[ht, right]);
    f(6, &[ht, dt, right]);
    f(7, &[hw, dt, right]);
    f(8, &[ht, dw, right]);
    f(9, &[hw, dw]);
    f(10, &[ht, dt, right, distance]);
    f(11, &[dt, s.t(after)]);
    f(12, &[dt, s.t(before)]);
    f(13, &[ht, dt, s.t(after)]);
    f(14, &[dt, label(st, dl), label(st, dr)]);
    f(15, &[dt, s.w(dl)]);
    f(16, &[dt, s.w(dr)]);
    f(17, &[ht, s.t(hh), dt]);
    f(18, &[hw, label(st, head)]);
    f(19, &[dt, st.left_labels[dep], st.right_labels[dep]]);
    f(20, &[ht, dt, st.left_labels[head], right]);
    f(21, &[dw, s.t(after)]);
}
