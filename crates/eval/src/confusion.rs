//! A confusion table of CAMEO roots: which root the coder gave where the gold set has another,
//! or none. Within a unit (a sentence, a record), gold and coded roots that agree are paired
//! first; the rest are paired in order, and what is left over is paired with "none".

use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Default)]
pub struct Confusion {
    /// (gold root, coded root) -> count; "--" stands for none.
    counts: BTreeMap<(String, String), usize>,
}

const NONE: &str = "--";

impl Confusion {
    pub fn add(&mut self, gold: &[String], coded: &[String]) {
        let mut coded: Vec<Option<&String>> = coded.iter().map(Some).collect();
        let mut unmatched = Vec::new();
        for g in gold {
            match coded.iter_mut().find(|c| c.is_some_and(|c| c == g)) {
                Some(slot) => {
                    *slot = None;
                    *self.counts.entry((g.clone(), g.clone())).or_default() += 1;
                }
                None => unmatched.push(g),
            }
        }
        let mut rest = coded.into_iter().flatten();
        for g in unmatched {
            let c = rest.next().map_or(NONE.to_string(), Clone::clone);
            *self.counts.entry((g.clone(), c)).or_default() += 1;
        }
        for c in rest {
            *self
                .counts
                .entry((NONE.to_string(), c.clone()))
                .or_default() += 1;
        }
    }

    /// Per gold root: how often it was coded right, coded as another root, or missed; then the
    /// most frequent confusions.
    pub fn render(&self, top: usize, out: &mut String) {
        let mut roots: Vec<&String> = self
            .counts
            .keys()
            .flat_map(|(g, c)| [g, c])
            .filter(|r| *r != NONE)
            .collect();
        roots.sort();
        roots.dedup();
        let _ = writeln!(out, "root confusion (gold root: right / coded as another / missed; coded with no such gold):");
        let mut line = String::new();
        for r in &roots {
            let count = |f: &dyn Fn(&(String, String)) -> bool| -> usize {
                self.counts
                    .iter()
                    .filter(|(k, _)| f(k))
                    .map(|(_, n)| n)
                    .sum()
            };
            let right = count(&|(g, c)| g == *r && c == *r);
            let other = count(&|(g, c)| g == *r && c != *r && c != NONE);
            let missed = count(&|(g, c)| g == *r && c == NONE);
            let spurious = count(&|(g, c)| g == NONE && c == *r);
            let _ = write!(line, "  {r}: {right}/{other}/{missed}; +{spurious}");
            if line.len() > 80 {
                let _ = writeln!(out, "{line}");
                line.clear();
            }
        }
        if !line.is_empty() {
            let _ = writeln!(out, "{line}");
        }
        let mut off: Vec<(&(String, String), &usize)> = self
            .counts
            .iter()
            .filter(|((g, c), _)| g != c && g != NONE && c != NONE)
            .collect();
        off.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !off.is_empty() {
            let list: Vec<String> = off
                .iter()
                .take(top)
                .map(|((g, c), n)| format!("{g}->{c} {n}"))
                .collect();
            let _ = writeln!(out, "most confused (gold->coded): {}", list.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_agreeing_roots_first() {
        let mut c = Confusion::default();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        c.add(&s(&["04", "19"]), &s(&["01", "04"]));
        c.add(&s(&["11"]), &s(&[]));
        c.add(&s(&[]), &s(&["01"]));
        assert_eq!(c.counts[&("04".into(), "04".into())], 1);
        assert_eq!(c.counts[&("19".into(), "01".into())], 1);
        assert_eq!(c.counts[&("11".into(), NONE.into())], 1);
        assert_eq!(c.counts[&(NONE.into(), "01".into())], 1);
        let mut out = String::new();
        c.render(5, &mut out);
        assert!(out.contains("19->01 1"), "{out}");
    }
}
