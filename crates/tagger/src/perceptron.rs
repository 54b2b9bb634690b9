//! A multi-class averaged perceptron over hashed features (Collins 2002), and its compact
//! file format.
//!
//! Features are 64-bit hashes of strings such as `"w=moscow"`; a weight per (feature, tag).
//! Training keeps running totals so that the averaged weights come out without a second copy
//! of the model per update.

use model::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// A feature's fingerprint.
pub fn feature(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// The trained model: tag names and, per feature, the weights of the tags it speaks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub tags: Vec<String>,
    pub weights: FxHashMap<u64, Vec<(u8, f32)>>,
}

impl Model {
    /// Scores every tag for the given features.
    pub fn scores(&self, features: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.tags.len(), 0.0);
        for f in features {
            if let Some(ws) = self.weights.get(f) {
                for &(t, w) in ws {
                    out[t as usize] += w;
                }
            }
        }
    }

    /// The best tag's index for the given features.
    pub fn predict(&self, features: &[u64], scratch: &mut Vec<f32>) -> usize {
        self.scores(features, scratch);
        best(scratch)
    }

    /// The file form: `ATTACHE-TAGGER-1`, the tag names, then per feature its hash and its
    /// tags' weights in thousandths (i16). Weights smaller than `prune` are left out.
    pub fn to_bytes(&self, prune: f32) -> Vec<u8> {
        let mut out = b"ATTACHE-TAGGER-1\n".to_vec();
        out.extend_from_slice(&(self.tags.len() as u32).to_le_bytes());
        for t in &self.tags {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        let mut features: Vec<(&u64, Vec<(u8, i16)>)> = self
            .weights
            .iter()
            .map(|(f, ws)| {
                let kept = ws
                    .iter()
                    .filter(|(_, w)| w.abs() >= prune)
                    .map(|&(t, w)| (t, (w * 1000.0).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|(_, q)| *q != 0)
                    .collect();
                (f, kept)
            })
            .filter(|(_, ws): &(&u64, Vec<(u8, i16)>)| !ws.is_empty())
            .collect();
        // Sorted, so that the same model always writes the same bytes.
        features.sort_unstable_by_key(|(f, _)| **f);
        out.extend_from_slice(&(features.len() as u32).to_le_bytes());
        for (f, ws) in features {
            out.extend_from_slice(&f.to_le_bytes());
            out.push(ws.len() as u8);
            for (t, q) in ws {
                out.push(t);
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Reads the file form back; an error says what is wrong with it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(17)? != b"ATTACHE-TAGGER-1\n" {
            return Err("not an attache tagger model (bad header)".into());
        }
        let n_tags = r.u32()? as usize;
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let len = r.u32()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| "tag name is not UTF-8")?;
            tags.push(name.to_string());
        }
        let n = r.u32()? as usize;
        let mut weights = FxHashMap::default();
        weights.reserve(n);
        for _ in 0..n {
            let f = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| "truncated")?);
            let k = r.take(1)?[0] as usize;
            let mut ws = Vec::with_capacity(k);
            for _ in 0..k {
                let t = r.take(1)?[0];
                if t as usize >= n_tags {
                    return Err(format!("weight for tag {t} of {n_tags}"));
                }
                let q = i16::from_le_bytes(r.take(2)?.try_into().map_err(|_| "truncated")?);
                ws.push((t, f32::from(q) / 1000.0));
            }
            weights.insert(f, ws);
        }
        if r.at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok(Model { tags, weights })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("model truncated at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "truncated")?,
        ))
    }
}

fn best(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Training state: current weights, and for averaging the running totals and when each weight
/// last changed.
pub struct Trainer {
    pub tags: Vec<String>,
    weights: FxHashMap<u64, Vec<(f32, f64, u64)>>,
    step: u64,
    scratch: Vec<f32>,
}

impl Trainer {
    pub fn new(tags: Vec<String>) -> Trainer {
        Trainer {
            tags,
            weights: FxHashMap::default(),
            step: 0,
            scratch: Vec::new(),
        }
    }

    /// The current (not averaged) best tag.
    pub fn predict(&mut self, features: &[u64]) -> usize {
        let n = self.tags.len();
        self.scratch.clear();
        self.scratch.resize(n, 0.0);
        for f in features {
            if let Some(ws) = self.weights.get(f) {
                for (t, w) in ws.iter().enumerate() {
                    self.scratch[t] += w.0;
                }
            }
        }
        best(&self.scratch)
    }

    /// One example: predicts, and on a mistake moves weight from the guess to the truth.
    /// Returns the guess.
    pub fn learn(&mut self, features: &[u64], truth: usize) -> usize {
        self.step += 1;
        let guess = self.predict(features);
        if guess == truth {
            return guess;
        }
        let (n, step) = (self.tags.len(), self.step);
        for f in features {
            let ws = self
                .weights
                .entry(*f)
                .or_insert_with(|| vec![(0.0, 0.0, 0); n]);
            for (t, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let (w, total, since) = &mut ws[t];
                *total += f64::from(*w) * (step - *since) as f64;
                *since = step;
                *w += delta;
            }
        }
        guess
    }

    /// The averaged model.
    pub fn average(&self) -> Model {
        let step = self.step.max(1);
        let weights = self
            .weights
            .iter()
            .map(|(f, ws)| {
                let averaged = ws
                    .iter()
                    .enumerate()
                    .map(|(t, &(w, total, since))| {
                        let total = total + f64::from(w) * (step - since) as f64;
                        (t as u8, (total / step as f64) as f32)
                    })
                    .filter(|(_, w)| *w != 0.0)
                    .collect();
                (*f, averaged)
            })
            .collect();
        Model {
            tags: self.tags.clone(),
            weights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_the_file_form() {
        let tags = vec!["A".to_string(), "B".to_string()];
        let mut trainer = Trainer::new(tags);
        let a = [feature(&["x", "1"]), feature(&["bias"])];
        let b = [feature(&["x", "2"]), feature(&["bias"])];
        for _ in 0..5 {
            trainer.learn(&a, 0);
            trainer.learn(&b, 1);
        }
        let model = trainer.average();
        let mut scratch = Vec::new();
        assert_eq!(model.predict(&a, &mut scratch), 0);
        assert_eq!(model.predict(&b, &mut scratch), 1);
        let back = Model::from_bytes(&model.to_bytes(0.0)).unwrap();
        assert_eq!(back.tags, model.tags);
        assert_eq!(back.predict(&a, &mut scratch), 0);
        assert_eq!(back.predict(&b, &mut scratch), 1);
        let bytes = model.to_bytes(0.0);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
