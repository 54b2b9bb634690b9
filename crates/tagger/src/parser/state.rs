//! The arc-eager transition system: a parser configuration, its four moves, when each is
//! valid, and what each costs against a gold tree (Goldberg and Nivre's dynamic oracle).
//!
//! The root is a token after the sentence's last word, where the buffer ends: a word becomes a
//! root by a left arc from it (Ballesteros and Nivre: a root at the end makes fewer early
//! mistakes than one at the start). The buffer's front is `next`; tokens `next..=n` are the
//! buffer, `n` being the root.

/// No token (an empty stack position, a child not there).
pub const NONE: usize = usize::MAX;

/// The moves, as the transition model's tag indices.
pub const SHIFT: usize = 0;
pub const REDUCE: usize = 1;
pub const LEFT: usize = 2;
pub const RIGHT: usize = 3;
pub const MOVES: [&str; 4] = ["shift", "reduce", "left", "right"];

/// A parser configuration over `n` words and the root.
#[derive(Clone, Debug)]
pub struct State {
    pub n: usize,
    pub stack: Vec<usize>,
    /// The buffer's front (`n` when only the root is left).
    pub next: usize,
    /// Each token's head (`n` for a root), or NONE.
    pub heads: Vec<usize>,
    /// Each token's relation label, as the label model's index.
    pub labels: Vec<u8>,
    /// Each token's two leftmost and two rightmost dependents (outermost first).
    pub lefts: Vec<[usize; 2]>,
    pub rights: Vec<[usize; 2]>,
    /// How many left and right dependents each token has.
    pub left_count: Vec<u8>,
    pub right_count: Vec<u8>,
    /// Per token, a bit per label of its left and of its right dependents.
    pub left_labels: Vec<u64>,
    pub right_labels: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: Vec::with_capacity(n),
            next: 0,
            heads: vec![NONE; m],
            labels: vec![0; m],
            lefts: vec![[NONE; 2]; m],
            rights: vec![[NONE; 2]; m],
            left_count: vec![0; m],
            right_count: vec![0; m],
            left_labels: vec![0; m],
            right_labels: vec![0; m],
        }
    }

    pub fn done(&self) -> bool {
        self.next == self.n && self.stack.is_empty()
    }

    /// The top of the stack, or NONE.
    pub fn s0(&self) -> usize {
        self.stack.last().copied().unwrap_or(NONE)
    }

    /// The stack's second item, or NONE.
    pub fn s1(&self) -> usize {
        self.stack
            .len()
            .checked_sub(2)
            .map_or(NONE, |k| self.stack[k])
    }

    pub fn valid(&self, m: usize) -> bool {
        let s = self.s0();
        match m {
            SHIFT => self.next < self.n,
            REDUCE => s != NONE && self.heads[s] != NONE,
            LEFT => s != NONE && self.heads[s] == NONE,
            RIGHT => s != NONE && self.next < self.n,
            _ => false,
        }
    }

    /// For a left or right arc, the (head, dependent) it would make.
    pub fn arc(&self, m: usize) -> (usize, usize) {
        match m {
            LEFT => (self.next, self.s0()),
            _ => (self.s0(), self.next),
        }
    }

    fn attach(&mut self, head: usize, dep: usize, label: u8) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        let bit = 1u64 << (label % 64);
        if dep < head {
            // Left dependents arrive right to left: each new one is the leftmost.
            self.lefts[head] = [dep, self.lefts[head][0]];
            self.left_count[head] = self.left_count[head].saturating_add(1);
            self.left_labels[head] |= bit;
        } else {
            self.rights[head] = [dep, self.rights[head][0]];
            self.right_count[head] = self.right_count[head].saturating_add(1);
            self.right_labels[head] |= bit;
        }
    }

    /// Applies a valid move; `label` is the new arc's label (ignored by shift and reduce).
    pub fn apply(&mut self, m: usize, label: u8) {
        match m {
            SHIFT => {
                self.stack.push(self.next);
                self.next += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                let s = self.stack.pop().expect("a left arc needs a stack");
                self.attach(self.next, s, label);
            }
            _ => {
                let s = self.s0();
                self.attach(s, self.next, label);
                self.stack.push(self.next);
                self.next += 1;
            }
        }
    }

    /// How many gold arcs a move makes unreachable (`gold[i]` is word i's head, `n` for the
    /// root): the dynamic oracle of Goldberg and Nivre (2012). Exact for projective trees; for
    /// the few others it still ranks the moves sensibly.
    pub fn cost(&self, m: usize, gold: &[usize]) -> usize {
        let s = self.s0();
        let b = self.next;
        let in_buffer = |k: usize| k >= b;
        // Stack items that still have no head.
        let headless = || {
            self.stack
                .iter()
                .copied()
                .filter(|&k| self.heads[k] == NONE)
        };
        match m {
            SHIFT => {
                // b can no longer take a head from the stack nor give one to it.
                let head_lost = self.stack.contains(&gold[b]);
                headless().filter(|&k| gold[k] == b).count() + usize::from(head_lost)
            }
            REDUCE => (b..self.n).filter(|&k| gold[k] == s).count(),
            LEFT => {
                let head_lost = gold[s] != b && in_buffer(gold[s]);
                (b..self.n).filter(|&k| gold[k] == s).count() + usize::from(head_lost)
            }
            _ => {
                let head_lost = gold[b] != s && (self.stack.contains(&gold[b]) || gold[b] > b);
                headless().filter(|&k| gold[k] == b).count() + usize::from(head_lost)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following only zero-cost moves rebuilds any projective tree exactly.
    #[test]
    fn the_oracle_rebuilds_a_projective_tree() {
        // "Russia recalled its ambassador to Washington ." with the root at 7.
        let gold = [1, 7, 3, 1, 3, 4, 1];
        let mut st = State::new(gold.len());
        let mut steps = 0;
        while !st.done() {
            let m = (0..4)
                .find(|&m| st.valid(m) && st.cost(m, &gold) == 0)
                .expect("some move is free");
            st.apply(m, 0);
            steps += 1;
            assert!(steps <= 2 * gold.len() + 1);
        }
        assert_eq!(&st.heads[..gold.len()], &gold);
        assert_eq!(st.lefts[1][0], 0);
        assert_eq!(st.rights[1], [6, 3]);
    }

    #[test]
    fn a_wrong_move_costs_the_arcs_it_loses() {
        let gold = [1, 3, 1];
        let mut st = State::new(3);
        st.apply(SHIFT, 0);
        // Reducing is not valid for a word with no head; a right arc 0 -> 1 loses 1 -> 0 and
        // 1's own head (the root).
        assert!(!st.valid(REDUCE));
        assert_eq!(st.cost(RIGHT, &gold), 2);
        assert_eq!(st.cost(LEFT, &gold), 0);
        assert_eq!(st.cost(SHIFT, &gold), 1);
    }
}
