//! The CAMEO code table: label, Goldstein score, quad class and PLOVER type of every code.
//!
//! Built once from the shipped lookups in `data/cameo/` and `data/plover/`. A code the Goldstein
//! table lacks takes the value of its nearest parent (0251 -> 025 -> 02), as GDELT's users do.

use std::collections::HashMap;

const GOLDSTEIN: &str = include_str!("../../../data/cameo/goldstein.tsv");
const LABELS: &str = include_str!("../../../data/cameo/labels.txt");
const PLOVER: &str = include_str!("../../../data/plover/cameo2plover.txt");

/// What the tables say about one CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    pub label: Option<String>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct CodeTable {
    goldstein: HashMap<String, f32>,
    labels: HashMap<String, String>,
    plover: HashMap<String, (String, Option<String>)>,
}

/// GDELT's quad class of a CAMEO root: 01-05 verbal cooperation, 06-08 material cooperation,
/// 09-13 verbal conflict, 14-20 material conflict.
pub fn quad_class(root: u8) -> u8 {
    match root {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

/// The two-digit root of a code ("0251" -> "02").
pub fn root_of(code: &str) -> &str {
    &code[..code.len().min(2)]
}

impl CodeTable {
    pub fn builtin() -> CodeTable {
        let mut t = CodeTable::default();
        for line in GOLDSTEIN.lines().filter(|l| !l.starts_with('#')) {
            if let Some((code, value)) = line.split_once('\t') {
                if let Ok(v) = value.trim().parse::<f32>() {
                    t.goldstein.insert(code.trim().to_string(), v);
                }
            }
        }
        for line in LABELS.lines() {
            if let Some(rest) = line.strip_prefix("LABEL:") {
                if let Some((code, label)) = rest.split_once('=') {
                    t.labels
                        .entry(code.trim().to_string())
                        .or_insert_with(|| label.trim().to_string());
                }
            }
        }
        for line in PLOVER.lines() {
            let line = line.split('#').next().unwrap_or("");
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let mut parts = rest.split(',').map(str::trim);
            let event = parts.next().unwrap_or("").to_string();
            if event.is_empty() {
                continue;
            }
            let mode = parts.next().filter(|m| !m.is_empty()).map(str::to_string);
            t.plover.insert(code.to_string(), (event, mode));
        }
        t
    }

    /// Everything known about a code, falling back to parent codes where a table has a gap.
    pub fn info(&self, code: &str) -> CodeInfo {
        let parents = || (2..=code.len()).rev().map(|n| &code[..n]);
        let goldstein = parents()
            .find_map(|c| self.goldstein.get(c))
            .copied()
            .unwrap_or(0.0);
        let plover = parents().find_map(|c| self.plover.get(c));
        let root: u8 = root_of(code).parse().unwrap_or(1);
        CodeInfo {
            label: parents().find_map(|c| self.labels.get(c)).cloned(),
            goldstein,
            quad_class: quad_class(root),
            plover: plover.map(|(e, _)| e.clone()),
            plover_mode: plover.and_then(|(_, m)| m.clone()),
        }
    }

    /// Whether the code is in the CAMEO codebook.
    pub fn is_known(&self, code: &str) -> bool {
        self.labels.contains_key(code) || self.goldstein.contains_key(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_goldstein_quad_and_plover() {
        let t = CodeTable::builtin();
        let sanctions = t.info("163");
        assert_eq!(sanctions.goldstein, -8.0);
        assert_eq!(sanctions.quad_class, 4);
        // The PLOVER table files embargoes and sanctions under COERCE (restrict).
        assert_eq!(sanctions.plover.as_deref(), Some("COERCE"));
        assert_eq!(sanctions.plover_mode.as_deref(), Some("restrict"));
        assert_eq!(t.info("161").plover.as_deref(), Some("SANCTION"));
        let statement = t.info("010");
        assert_eq!(statement.quad_class, 1);
        assert_eq!(statement.plover, None);
        assert_eq!(t.info("111").plover.as_deref(), Some("ACCUSE"));
        assert_eq!(t.info("1823").plover.as_deref(), Some("ASSAULT"));
        assert!(t
            .info("111")
            .label
            .unwrap()
            .to_lowercase()
            .contains("criticize"));
        assert!(t.is_known("0251"));
        assert!(!t.is_known("999"));
    }
}
