//! Counting true and false positives, and the figures made from them (for `eval`, and for
//! training commands that score what they trained).

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds one item's gold and predicted multisets.
    pub fn add<T: Eq + Hash + Clone>(&mut self, gold: &[T], predicted: &[T]) {
        let mut left: HashMap<T, usize> = HashMap::new();
        for g in gold {
            *left.entry(g.clone()).or_default() += 1;
        }
        for p in predicted {
            match left.get_mut(p) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.tp += 1;
                }
                _ => self.fp += 1,
            }
        }
        self.fn_ += left.values().sum::<usize>();
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_multisets() {
        let mut p = Prf::default();
        p.add(&["a", "a", "b"], &["a", "c"]);
        assert_eq!(
            p,
            Prf {
                tp: 1,
                fp: 1,
                fn_: 2
            }
        );
        assert!((p.precision() - 0.5).abs() < 1e-9);
        assert!((p.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((p.f1() - 0.4).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }
}
