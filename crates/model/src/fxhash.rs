//! A fast, non-cryptographic hasher for the lookup tables of the pipeline (word forms,
//! gazetteer phrases, word ids). Its keys come from dictionaries and text, not from an
//! adversary choosing collisions, so SipHash's protection is not worth its cost here.
//! The mixing step is the one rustc uses (FxHash).

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

/// The last one to seven bytes of a key as a little-endian word, zero-padded, read in at most
/// two overlapping loads instead of a copy of variable length (most keys are short words).
#[inline]
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | (u64::from(hi) << ((n - 4) * 8))
    } else {
        // One to three bytes: the first, the middle and the last cover them all.
        u64::from(rest[0])
            | (u64::from(rest[n / 2]) << ((n / 2) * 8))
            | (u64::from(rest[n - 1]) << ((n - 1) * 8))
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("chunks of eight")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail(rest));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A set of 65,536 bits, one per hash's top 16 bits: it says for sure that a key was never
/// added, so that most lookups of a big table (the words that start a phrase) end without a
/// lookup. Keys are hashes already (the top bits must be well mixed).
#[derive(Clone, Debug, Default)]
pub struct KeyFilter {
    bits: Vec<u64>,
}

impl KeyFilter {
    pub fn insert(&mut self, key: u64) {
        if self.bits.is_empty() {
            self.bits = vec![0; 1 << 10];
        }
        let bit = (key >> 48) as usize;
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// False when the key was never added; true when it may have been.
    #[inline]
    pub fn may_contain(&self, key: u64) -> bool {
        let bit = (key >> 48) as usize;
        self.bits
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }
}

/// A `HashMap` with the fast hasher.
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_filter_keeps_every_key_added() {
        let mut f = KeyFilter::default();
        assert!(!f.may_contain(7 << 48));
        let keys: Vec<u64> = (0..1000u64)
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        for &k in &keys {
            f.insert(k);
        }
        assert!(keys.iter().all(|&k| f.may_contain(k)));
        // A thousand keys set at most a thousand of the 65,536 bits: most others are out.
        let others = (1000..11_000u64).map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        assert!(others.filter(|&k| f.may_contain(k)).count() < 500);
    }

    #[test]
    fn tails_read_as_zero_padded_words() {
        let text = b"abcdefg";
        for n in 1..=7 {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&text[..n]);
            assert_eq!(tail(&text[..n]), u64::from_le_bytes(buf), "{n} bytes");
        }
    }

    #[test]
    fn distinguishes_keys_and_is_stable() {
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        for (i, w) in ["sanction", "sanctions", "recall", "recalled", ""]
            .iter()
            .enumerate()
        {
            m.insert(w.to_string(), i as u32);
        }
        assert_eq!(m.len(), 5);
        assert_eq!(m["recalled"], 3);
        let h = |s: &str| {
            let mut x = FxHasher::default();
            x.write(s.as_bytes());
            x.finish()
        };
        assert_eq!(h("attache"), h("attache"));
        assert_ne!(h("attache"), h("attaché"));
    }
}
