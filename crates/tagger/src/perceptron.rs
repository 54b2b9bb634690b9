//! A multi-class averaged perceptron over hashed features (Collins 2002), and its compact
//! file format.
//!
//! Features are 64-bit hashes of strings such as `"w=moscow"`; a weight per (feature, tag).
//! Training keeps running totals so that the averaged weights come out without a second copy
//! of the model per update.

use model::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// log2 of the slots of a table for `n` features: at most 70% full, so that a miss ends
/// after a few slots.
fn table_bits(n: usize) -> u32 {
    (n * 10 / 7 + 1)
        .next_power_of_two()
        .max(16)
        .trailing_zeros()
}

/// A feature's first slot in a table of 2^bits slots.
#[inline]
fn home(f: u64, bits: u32) -> usize {
    (f.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// A feature's slot in a table of fingerprints (`keys`, 2^bits of them, 0 for empty), or
/// 2^bits, the index of the row of zeros after the table, when the table lacks it.
#[inline]
fn probe(keys: &[u32], bits: u32, f: u64) -> usize {
    let mask = (1usize << bits) - 1;
    let key = fingerprint(f);
    let mut at = home(f, bits);
    loop {
        let k = keys[at];
        if k == key {
            return at;
        }
        if k == 0 {
            return mask + 1;
        }
        at = (at + 1) & mask;
    }
}

/// A feature's fingerprint.
pub fn feature(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// The trained model: tag names and, per feature, a row of weights (one per tag, in
/// thousandths), in an open-addressing table kept as two arrays side by side.
///
/// Scoring probes the small array of keys (a 32-bit fingerprint per slot: half a megabyte for
/// a hundred thousand features, which stays in the core's cache) and reads a row of weights only
/// for a feature the model has. Most features of a sentence are unknown to the model; they cost
/// a probe of that cache-resident array, not a fetch from memory. A known feature's row is one
/// 32-byte-aligned piece of memory.
#[derive(Debug)]
pub struct Model {
    pub tags: Vec<String>,
    /// A row per slot: `lanes` weights read (the tags rounded up to fours), in whole 32-byte
    /// pieces; for a model of many tags, each feature's nonzero weights only (`Sparse`).
    table: Storage,
    lanes: usize,
    len: usize,
}

/// How a model keeps its weights: rows of every tag's weight (a few tags: the parser's moves),
/// or only the nonzero ones (dozens of tags, of which a feature weighs a handful: the part of
/// speech and the parser's labels, whose full rows would be ten times the memory and the
/// cache misses).
#[derive(Debug)]
enum Storage {
    Dense(Table),
    Sparse(Sparse),
    Narrow(Narrow),
}

/// A slot of a model of up to four tags: the feature's fingerprint (0: empty) and its weights
/// in 16 aligned bytes, so that the fetch that finds a feature brings its weights too (the
/// parser's moves, whose table is too big for the core's cache: one fetch a feature, not two).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
struct NarrowSlot {
    key: u32,
    weights: [i16; 6],
}

/// Open addressing as in `Table`, with keys and weights side by side in `NarrowSlot`s; after
/// the 2^bits slots, one empty slot of zeros, which a feature the table lacks adds.
#[derive(Debug)]
struct Narrow {
    slots: Vec<NarrowSlot>,
    features: Vec<u64>,
    bits: u32,
}

impl Narrow {
    fn build(rows: Vec<(u64, Row)>) -> Narrow {
        let bits = table_bits(rows.len());
        let n = 1usize << bits;
        let mut slots = vec![NarrowSlot::default(); n + 1];
        let mut features = vec![0u64; n];
        for (f, ws) in rows {
            let mut at = home(f, bits);
            // Whole features are compared here, so that two features never share a slot.
            while features[at] != 0 && features[at] != f {
                at = (at + 1) & (n - 1);
            }
            features[at] = f;
            slots[at].key = fingerprint(f);
            for (t, q) in ws {
                slots[at].weights[usize::from(t)] = q;
            }
        }
        Narrow {
            slots,
            features,
            bits,
        }
    }

    /// A feature's slot, or the slot of zeros after the table when the table lacks it.
    #[inline(always)]
    fn find(&self, f: u64) -> usize {
        let mask = (1usize << self.bits) - 1;
        let key = fingerprint(f);
        let mut at = home(f, self.bits);
        loop {
            let k = self.slots[at].key;
            if k == key {
                return at;
            }
            if k == 0 {
                return mask + 1;
            }
            at = (at + 1) & mask;
        }
    }

    #[inline(always)]
    fn add(&self, slot: usize, out: &mut [i32]) {
        let w = &self.slots[slot].weights;
        if let Some(out) = out.first_chunk_mut::<4>() {
            for k in 0..4 {
                out[k] += i32::from(w[k]);
            }
        }
    }

    fn rows(&self, n: usize) -> impl Iterator<Item = (u64, Row)> + '_ {
        self.features
            .iter()
            .enumerate()
            .filter(|(_, &f)| f != 0)
            .map(move |(s, &f)| {
                let ws = (0..n)
                    .map(|t| (t as u8, self.slots[s].weights[t]))
                    .filter(|(_, q)| *q != 0)
                    .collect();
                (f, ws)
            })
    }
}

/// Open addressing as in `Table`, with per slot one word holding the fingerprint (high half),
/// where the slot's weights start in `pairs` (24 bits) and how many there are (8 bits), so one
/// probe finds both; the weights follow in one array of (tag, weight) packed in 32 bits.
#[derive(Debug)]
struct Sparse {
    slots: Vec<u64>,
    features: Vec<u64>,
    pairs: Vec<u32>,
    bits: u32,
}

/// A slot index that finds no weights (a feature the model lacks).
const MISSING: u32 = u32::MAX;

impl Sparse {
    fn build(rows: Vec<(u64, Row)>) -> Sparse {
        let bits = table_bits(rows.len());
        let n = 1usize << bits;
        let mut slots = vec![0u64; n];
        let mut features = vec![0u64; n];
        let mut pairs = Vec::with_capacity(rows.iter().map(|(_, w)| w.len()).sum());
        for (f, ws) in rows {
            let mut at = home(f, bits);
            while features[at] != 0 && features[at] != f {
                at = (at + 1) & (n - 1);
            }
            let start = pairs.len() as u64;
            pairs.extend(
                ws.iter()
                    .map(|&(t, q)| (u32::from(t) << 16) | u32::from(q as u16)),
            );
            features[at] = f;
            slots[at] = (u64::from(fingerprint(f)) << 32) | (start << 8) | ws.len() as u64;
        }
        debug_assert!(
            pairs.len() < 1 << 24,
            "a sparse table holds up to 16M weights"
        );
        Sparse {
            slots,
            features,
            pairs,
            bits,
        }
    }

    #[inline(always)]
    fn find(&self, f: u64) -> u32 {
        let mask = (1usize << self.bits) - 1;
        let key = u64::from(fingerprint(f));
        let mut at = home(f, self.bits);
        loop {
            let s = self.slots[at];
            if s == 0 {
                return MISSING;
            }
            if s >> 32 == key {
                return at as u32;
            }
            at = (at + 1) & mask;
        }
    }

    /// The first weight of a slot (0 for none), read so that its fetch starts early.
    #[inline(always)]
    fn first_pair(&self, slot: u32) -> u32 {
        if slot == MISSING {
            return 0;
        }
        let start = ((self.slots[slot as usize] >> 8) & 0xff_ffff) as usize;
        self.pairs.get(start).copied().unwrap_or(0)
    }

    #[inline(always)]
    fn add(&self, slot: u32, out: &mut [i32]) {
        if slot == MISSING {
            return;
        }
        let s = self.slots[slot as usize];
        let start = ((s >> 8) & 0xff_ffff) as usize;
        let len = (s & 0xff) as usize;
        for &p in &self.pairs[start..start + len] {
            out[(p >> 16) as usize] += i32::from(p as u16 as i16);
        }
    }

    fn rows(&self) -> impl Iterator<Item = (u64, Row)> + '_ {
        self.features
            .iter()
            .enumerate()
            .filter(|(_, &f)| f != 0)
            .map(move |(k, &f)| {
                let s = self.slots[k];
                let start = ((s >> 8) & 0xff_ffff) as usize;
                let len = (s & 0xff) as usize;
                let ws = self.pairs[start..start + len]
                    .iter()
                    .map(|&p| ((p >> 16) as u8, p as u16 as i16))
                    .collect();
                (f, ws)
            })
    }
}

/// The open-addressing table under `Model` and `Pair`: per slot a fingerprint (`keys`, what
/// lookups probe), the whole feature (read only to give the rows back) and `stride` weights in
/// aligned memory; after the slots, one slot of zeros, which a feature the table lacks adds.
#[derive(Debug)]
struct Table {
    /// Per slot, the feature's fingerprint (`fingerprint`); 0 for an empty slot.
    keys: Vec<u32>,
    /// Per slot, the whole feature (0: empty).
    features: Vec<u64>,
    weights: Vec<i16>,
    /// Where the first slot starts in `weights` (for alignment).
    base: usize,
    stride: usize,
    /// log2 of the slot count.
    bits: u32,
}

impl Table {
    /// A table for these features, `stride` weights per slot aligned to `align` bytes (all
    /// zero), and the slot each feature was given, in order (one feature given twice has one
    /// slot). At most 70% full: a miss ends after a few slots, all in one or two cache lines.
    fn build(features: &[u64], stride: usize, align: usize) -> (Table, Vec<usize>) {
        let bits = table_bits(features.len());
        let slots = 1usize << bits;
        let per_align = align / 2;
        let weights = vec![0i16; (slots + 1) * stride + per_align];
        let base = (align - weights.as_ptr() as usize % align) % align / 2;
        let mut table = Table {
            keys: vec![0; slots],
            features: vec![0; slots],
            weights,
            base,
            stride,
            bits,
        };
        let placed = features
            .iter()
            .map(|&f| {
                let mut at = home(f, bits);
                // Whole features are compared here, so that two features never share a slot.
                while table.features[at] != 0 && table.features[at] != f {
                    at = (at + 1) & (slots - 1);
                }
                table.features[at] = f;
                table.keys[at] = fingerprint(f);
                at
            })
            .collect();
        (table, placed)
    }

    /// Where a slot's weights start in `weights`.
    #[inline]
    fn start(&self, slot: usize) -> usize {
        self.base + slot * self.stride
    }

    /// Where a feature's weights start: its slot's, or the slot of zeros.
    #[inline(always)]
    fn find(&self, f: u64) -> usize {
        self.start(probe(&self.keys, self.bits, f))
    }

    /// Each feature with the nonzero weights among the `n` at `offset` in its slot.
    fn rows(&self, offset: usize, n: usize) -> impl Iterator<Item = (u64, Row)> + '_ {
        self.features
            .iter()
            .enumerate()
            .filter(|(_, &f)| f != 0)
            .map(move |(s, &f)| {
                let row = &self.weights[self.start(s) + offset..][..n];
                let ws = (0..n)
                    .map(|t| (t as u8, row[t]))
                    .filter(|(_, q)| *q != 0)
                    .collect();
                (f, ws)
            })
    }

    /// Finds where each feature's weights start, and touches them without waiting, so that
    /// the memory fetches of many features overlap.
    #[inline]
    fn locate(&self, features: &[u64], rows: &mut Vec<u32>) {
        rows.clear();
        let mut touched = 0i16;
        for &f in features {
            let r = self.find(f);
            touched ^= self.weights[r];
            rows.push(r as u32);
        }
        std::hint::black_box(touched);
    }

    /// Adds `lanes` weights from `r` to the scores.
    #[inline(always)]
    fn add(&self, r: usize, lanes: usize, out: &mut [i32]) {
        add_lanes(&self.weights[r..r + lanes], out);
    }
}

/// Whether a feature's row goes into a table: the feature 0 is the empty slot's mark (one in
/// 2^64 hashes), and a row of zeros adds nothing.
fn kept(f: u64, ws: &[(u8, i16)]) -> bool {
    f != 0 && ws.iter().any(|(_, q)| *q != 0)
}

/// A copy is built afresh, so that its table is aligned too.
impl Clone for Model {
    fn clone(&self) -> Model {
        Model::new(self.tags.clone(), self.rows())
    }
}

/// Models are equal when their tags and weights are, wherever their tables sit in memory.
impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        let sorted = |m: &Model| {
            let mut rows: Vec<(u64, Vec<(u8, i16)>)> = m.rows().collect();
            rows.sort_unstable_by_key(|(f, _)| *f);
            rows
        };
        self.tags == other.tags && self.len == other.len && sorted(self) == sorted(other)
    }
}

/// The largest weight the model stores, in thousandths.
const MAX_Q: f32 = 32767.0;

/// The key a feature is probed by: the high half of its hash (never 0, the empty slot's mark).
/// The slot it starts at comes from the whole hash, so two features are taken for one only
/// when both agree (about one lookup in four billion, for a feature the model does not have).
#[inline]
fn fingerprint(f: u64) -> u32 {
    ((f >> 32) as u32).max(1)
}

impl Model {
    /// Builds the table from each feature's weights (tag index, weight in thousandths).
    /// The feature 0 and rows of zeros are left out (see `kept`).
    pub fn new(tags: Vec<String>, rows: impl IntoIterator<Item = (u64, Vec<(u8, i16)>)>) -> Model {
        let rows: Vec<(u64, Row)> = rows.into_iter().filter(|(f, ws)| kept(*f, ws)).collect();
        let lanes = tags.len().next_multiple_of(4);
        if lanes > 16 {
            let len = rows.len();
            return Model {
                tags,
                table: Storage::Sparse(Sparse::build(rows)),
                lanes,
                len,
            };
        }
        if tags.len() <= 4 {
            let len = rows.len();
            return Model {
                tags,
                table: Storage::Narrow(Narrow::build(rows)),
                lanes,
                len,
            };
        }
        let features: Vec<u64> = rows.iter().map(|(f, _)| *f).collect();
        // Rows of up to eight weights (a parser's four moves) are packed at their own size; longer
        // ones take whole 32-byte pieces.
        let (stride, align) = if lanes <= 8 {
            (lanes.max(1), (lanes * 2).max(8))
        } else {
            (lanes.next_multiple_of(16), 32)
        };
        let (mut table, placed) = Table::build(&features, stride, align);
        for ((_, ws), slot) in rows.into_iter().zip(placed) {
            let start = table.start(slot);
            for (t, q) in ws {
                table.weights[start + t as usize] = q;
            }
        }
        let len = table.features.iter().filter(|&&f| f != 0).count();
        Model {
            tags,
            table: Storage::Dense(table),
            lanes,
            len,
        }
    }

    /// The number of features the model holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each feature with its nonzero weights, in thousandths.
    pub fn rows(&self) -> Box<dyn Iterator<Item = (u64, Row)> + '_> {
        match &self.table {
            Storage::Dense(t) => Box::new(t.rows(0, self.tags.len())),
            Storage::Sparse(t) => Box::new(t.rows()),
            Storage::Narrow(t) => Box::new(t.rows(self.tags.len())),
        }
    }

    /// Scores every tag for the given features, in thousandths.
    pub fn scores(&self, features: &[u64], out: &mut Vec<i32>) {
        out.clear();
        out.resize(self.lanes(), 0);
        self.add_scores(features, out);
        out.truncate(self.tags.len());
    }

    /// How long a score buffer for `add_scores` must be (the tags, rounded up to fours).
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Finds the rows of many features at once (`locate`'s output, for `add_rows`), and
    /// touches each known feature's row without waiting for it, so that the memory fetches of
    /// a whole sentence overlap.
    pub fn locate(&self, features: &[u64], rows: &mut Vec<u32>) {
        match &self.table {
            Storage::Dense(t) => t.locate(features, rows),
            Storage::Narrow(t) => {
                rows.clear();
                rows.extend(features.iter().map(|&f| t.find(f) as u32));
            }
            Storage::Sparse(t) => {
                rows.clear();
                let mut touched = 0u32;
                for &f in features {
                    let slot = t.find(f);
                    touched ^= t.first_pair(slot);
                    rows.push(slot);
                }
                std::hint::black_box(touched);
            }
        }
    }

    /// Adds the rows `locate` found to `out` (at least `lanes()` long; padding lanes get 0).
    pub fn add_rows(&self, rows: &[u32], out: &mut [i32]) {
        match &self.table {
            Storage::Dense(t) => {
                for &r in rows {
                    t.add(r as usize, self.lanes, out);
                }
            }
            Storage::Sparse(t) => {
                for &r in rows {
                    t.add(r, out);
                }
            }
            Storage::Narrow(t) => {
                for &r in rows {
                    t.add(r as usize, out);
                }
            }
        }
    }

    /// Adds the features' weights to `out` (at least `lanes()` long; padding lanes get 0).
    pub fn add_scores(&self, features: &[u64], out: &mut [i32]) {
        match &self.table {
            Storage::Dense(t) => {
                for &f in features {
                    t.add(t.find(f), self.lanes, out);
                }
            }
            Storage::Narrow(t) => {
                for &f in features {
                    t.add(t.find(f), out);
                }
            }
            Storage::Sparse(t) => {
                // Probed first, then added, so that the fetches of all the features overlap.
                let mut slots = [MISSING; 64];
                for chunk in features.chunks(64) {
                    let mut touched = 0u32;
                    for (slot, &f) in slots.iter_mut().zip(chunk) {
                        *slot = t.find(f);
                        touched ^= t.first_pair(*slot);
                    }
                    std::hint::black_box(touched);
                    for &slot in &slots[..chunk.len()] {
                        t.add(slot, out);
                    }
                }
            }
        }
    }

    /// The index of the best of `scores` (the first, on a tie).
    pub fn best(scores: &[i32]) -> usize {
        best(scores)
    }

    /// The best tag's index for the given features.
    pub fn predict(&self, features: &[u64], scratch: &mut Vec<i32>) -> usize {
        self.scores(features, scratch);
        best(scratch)
    }

    /// The file form: `ATTACHE-TAGGER-1`, the tag names, then per feature its hash and its
    /// tags' nonzero weights in thousandths (i16).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = b"ATTACHE-TAGGER-1\n".to_vec();
        out.extend_from_slice(&(self.tags.len() as u32).to_le_bytes());
        for t in &self.tags {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        let mut features: Vec<(u64, Vec<(u8, i16)>)> = self.rows().collect();
        // Sorted, so that the same model always writes the same bytes.
        features.sort_unstable_by_key(|(f, _)| *f);
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
        let (tags, rows) = Model::parse(bytes)?;
        Ok(Model::new(tags, rows))
    }

    /// The tags and rows of a model's file form, without building its table.
    pub fn parse(bytes: &[u8]) -> Result<Parsed, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(17)? != b"ATTACHE-TAGGER-1\n" {
            return Err("not an attache tagger model (bad header)".into());
        }
        let n_tags = r.u32()? as usize;
        if n_tags > 255 {
            return Err(format!("{n_tags} tags (at most 255)"));
        }
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let len = r.u32()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| "tag name is not UTF-8")?;
            tags.push(name.to_string());
        }
        let n = r.u32()? as usize;
        let mut rows = Vec::with_capacity(n.min(bytes.len() / 9));
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
                ws.push((t, q));
            }
            rows.push((f, ws));
        }
        if r.at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok((tags, rows))
    }
}

/// A weight in thousandths, as the model stores it.
fn quantize(w: f32) -> i16 {
    (w * 1000.0).round().clamp(-MAX_Q, MAX_Q) as i16
}

impl Model {
    /// A file of several models: a header, then each model's file form after its length.
    pub fn write_parts(header: &[u8], models: &[&Model]) -> Vec<u8> {
        let mut out = header.to_vec();
        for m in models {
            let bytes = m.to_bytes();
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
        out
    }

    /// Reads a file of two models written by `write_parts` with this header, followed by a
    /// `Fixed` table over the tags of model `fixed_of` (0 or 1), named `fixed_what` in errors;
    /// `what` names the file.
    pub fn read_pair_and_fixed(
        bytes: &[u8],
        header: &[u8],
        what: &str,
        fixed_of: usize,
        fixed_what: &str,
    ) -> Result<(Model, Model, Fixed), String> {
        let rest = bytes
            .strip_prefix(header)
            .ok_or_else(|| format!("not an attache {what} model (bad header)"))?;
        let (parts, tail) = rest.split_at(Model::parts_length(rest, 2)?);
        let mut parts = Model::read_parts(parts, 2)?.into_iter();
        let (Some((a_tags, a)), Some((b_tags, b))) = (parts.next(), parts.next()) else {
            return Err(format!("the {what} model needs two models"));
        };
        let (a, b) = (Model::new(a_tags, a), Model::new(b_tags, b));
        let n_tags = if fixed_of == 0 {
            a.tags.len()
        } else {
            b.tags.len()
        };
        let (fixed, trailing) = Fixed::read(tail, n_tags, fixed_what)?;
        if !trailing.is_empty() {
            return Err(format!("trailing bytes after the {fixed_what}"));
        }
        Ok((a, b, fixed))
    }

    /// The two models of a file written by `write_parts` with this header (nothing after
    /// them), as each model's tags and rows, without building their tables.
    pub fn read_pair_rows(
        bytes: &[u8],
        header: &[u8],
        what: &str,
    ) -> Result<(Parsed, Parsed), String> {
        let rest = bytes
            .strip_prefix(header)
            .ok_or_else(|| format!("not an attache {what} model (bad header)"))?;
        let mut parts = Model::read_parts(rest, 2)?.into_iter();
        match (parts.next(), parts.next()) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(format!("the {what} model needs two taggers")),
        }
    }

    /// How many bytes `n` models written by `write_parts` (after its header) take at the start
    /// of `bytes`, from their lengths.
    pub fn parts_length(bytes: &[u8], n: usize) -> Result<usize, String> {
        let mut at = 0usize;
        for _ in 0..n {
            let len = bytes
                .get(at..at.saturating_add(8))
                .and_then(|b| b.try_into().ok())
                .map(u64::from_le_bytes)
                .ok_or("model file truncated")?;
            at = at
                .saturating_add(8)
                .saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        }
        if at > bytes.len() {
            return Err("model file truncated".into());
        }
        Ok(at)
    }

    /// Reads the tags and rows of `n` models written by `write_parts` (after its header);
    /// nothing may follow.
    pub fn read_parts(bytes: &[u8], n: usize) -> Result<Vec<Parsed>, String> {
        let mut parts = Vec::with_capacity(n);
        let mut at = 0;
        for _ in 0..n {
            let len = bytes
                .get(at..at + 8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_le_bytes)
                .ok_or("model file truncated")? as usize;
            at += 8;
            let part = bytes
                .get(at..at.saturating_add(len))
                .ok_or("model file truncated")?;
            parts.push(Model::parse(part)?);
            at += len;
        }
        if at != bytes.len() {
            return Err("trailing bytes after the models".into());
        }
        Ok(parts)
    }
}

/// Two models with the same tags over one table, for two taggers that score the same words
/// one after the other (the named-entity tagger's two passes): a feature's two rows share one
/// 64-byte line, so the first model's lookups bring in the second's weights, and a word's
/// features are located once for both.
#[derive(Debug)]
pub struct Pair {
    tags: Vec<String>,
    /// Per slot `SLOT` weights: the first model's row, then at `HALF` the second's.
    table: Table,
    lanes: usize,
}

/// A feature's nonzero weights: (tag index, weight in thousandths).
pub type Row = Vec<(u8, i16)>;

/// A model's tags and, per feature, its row: what a model file holds.
pub type Parsed = (Vec<String>, Vec<(u64, Row)>);

/// Weights per slot of a `Pair` (64 bytes), and where the second model's row starts.
const SLOT: usize = 32;
const HALF: usize = 16;

impl Pair {
    /// The table of both models; `None` when their tags differ or rows would not fit a slot.
    pub fn new(a: &Model, b: &Model) -> Option<Pair> {
        Pair::from_rows(&a.tags, a.rows(), &b.tags, b.rows())
    }

    /// `new`, from each model's tags and rows (as `Model::parse` gives them).
    pub fn from_rows(
        a_tags: &[String],
        a: impl IntoIterator<Item = (u64, Row)>,
        b_tags: &[String],
        b: impl IntoIterator<Item = (u64, Row)>,
    ) -> Option<Pair> {
        if a_tags != b_tags || a_tags.len() > HALF {
            return None;
        }
        let mut rows: FxHashMap<u64, [Row; 2]> = FxHashMap::default();
        for (which, m) in [a.into_iter().collect::<Vec<_>>(), b.into_iter().collect()]
            .into_iter()
            .enumerate()
        {
            for (f, ws) in m.into_iter().filter(|(f, ws)| kept(*f, ws)) {
                rows.entry(f).or_default()[which] = ws;
            }
        }
        // In feature order, so that the table does not depend on the map's order.
        let mut rows: Vec<(u64, [Row; 2])> = rows.into_iter().collect();
        rows.sort_unstable_by_key(|(f, _)| *f);
        let features: Vec<u64> = rows.iter().map(|(f, _)| *f).collect();
        let (mut table, placed) = Table::build(&features, SLOT, 64);
        for ((_, both), slot) in rows.into_iter().zip(placed) {
            let start = table.start(slot);
            for (which, ws) in both.iter().enumerate() {
                for &(t, q) in ws {
                    table.weights[start + which * HALF + t as usize] = q;
                }
            }
        }
        Some(Pair {
            tags: a_tags.to_vec(),
            table,
            lanes: a_tags.len().next_multiple_of(4),
        })
    }

    /// Model `which` (0 or 1) on its own, as it was given.
    pub fn model(&self, which: usize) -> Model {
        Model::new(
            self.tags.clone(),
            self.table.rows(which * HALF, self.tags.len()),
        )
    }

    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// As `Model::locate`: the slots of many features, touched so that the fetches overlap.
    pub fn locate(&self, features: &[u64], slots: &mut Vec<u32>) {
        self.table.locate(features, slots);
    }

    /// Adds model `which`'s rows of the slots `locate` found to `out`.
    pub fn add_rows(&self, which: usize, slots: &[u32], out: &mut [i32]) {
        for &r in slots {
            self.table.add(r as usize + which * HALF, self.lanes, out);
        }
    }

    /// Adds model `which`'s weights of the features to `out`.
    pub fn add_scores(&self, which: usize, features: &[u64], out: &mut [i32]) {
        for &f in features {
            self.table
                .add(self.table.find(f) + which * HALF, self.lanes, out);
        }
    }
}

/// Adds a row of weights to the scores, lane by lane.
#[inline]
fn add_lanes(row: &[i16], out: &mut [i32]) {
    // The named-entity tagger's twelve lanes (nine tags) in fixed-size arrays, which the
    // compiler turns into a few vector additions.
    if let (Ok(row), Some(out)) = (<&[i16; 12]>::try_from(row), out.first_chunk_mut::<12>()) {
        for k in 0..12 {
            out[k] += i32::from(row[k]);
        }
    } else {
        for (o, &w) in out.iter_mut().zip(row) {
            *o += i32::from(w);
        }
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

fn best<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// A table of keys (hashed contexts) whose tag is all but certain, so that a tagger or a
/// labeller takes it without scoring: learned from training pairs, a key seen at least
/// `min_seen` times with one tag on at least `min_share` of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fixed {
    tags: FxHashMap<u64, u8>,
}

impl Fixed {
    /// From (key, tag index) pairs.
    pub fn learn(
        pairs: impl IntoIterator<Item = (u64, usize)>,
        min_seen: usize,
        min_share: f64,
    ) -> Fixed {
        let mut seen: FxHashMap<u64, FxHashMap<usize, usize>> = FxHashMap::default();
        for (key, tag) in pairs {
            *seen.entry(key).or_default().entry(tag).or_default() += 1;
        }
        let tags = seen
            .into_iter()
            .filter_map(|(key, counts)| {
                let total: usize = counts.values().sum();
                // The most frequent tag, the smallest index on a tie (the map has no fixed order).
                let (&t, &n) = counts
                    .iter()
                    .max_by_key(|&(&t, &n)| (n, std::cmp::Reverse(t)))?;
                let tag = u8::try_from(t).ok()?;
                (total >= min_seen && n as f64 >= min_share * total as f64).then_some((key, tag))
            })
            .collect();
        Fixed { tags }
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<usize> {
        self.tags.get(&key).map(|&t| usize::from(t))
    }

    /// The file form: the count, then (key, tag) in key order.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut rows: Vec<(u64, u8)> = self.tags.iter().map(|(&k, &t)| (k, t)).collect();
        rows.sort_unstable();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, t) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(t);
        }
    }

    /// Reads the file form at the start of `bytes` (tags below `n_tags`) and gives the rest;
    /// `what` names the table in errors.
    pub fn read<'a>(
        bytes: &'a [u8],
        n_tags: usize,
        what: &str,
    ) -> Result<(Fixed, &'a [u8]), String> {
        let truncated = || format!("the {what} is truncated");
        let n = bytes
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(truncated)?;
        let end = n
            .checked_mul(9)
            .and_then(|l| l.checked_add(4))
            .ok_or_else(truncated)?;
        let body = bytes.get(4..end).ok_or_else(truncated)?;
        let mut tags = FxHashMap::default();
        for row in body.chunks_exact(9) {
            let mut key = [0u8; 8];
            key.copy_from_slice(&row[..8]);
            if usize::from(row[8]) >= n_tags {
                return Err(format!("the {what} names tag {} of {n_tags}", row[8]));
            }
            tags.insert(u64::from_le_bytes(key), row[8]);
        }
        Ok((Fixed { tags }, &bytes[end..]))
    }
}

/// A weight in training: its current value, its running total, and the step of its last
/// change.
type Averaged = (f32, f64, u64);

/// Training state: current weights, and for averaging the running totals and when each weight
/// last changed.
pub struct Trainer {
    pub tags: Vec<String>,
    /// Per feature: how many mistakes it took part in, and per tag the current weight, the
    /// running total and the step of the last change.
    weights: FxHashMap<u64, (u32, Vec<Averaged>)>,
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
            if let Some((_, ws)) = self.weights.get(f) {
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
        if guess != truth {
            self.correct(features, truth, guess);
        }
        guess
    }

    /// The current (not averaged) scores of every tag, counting one more example seen: for a
    /// learner that chooses among the tags itself (a parser's valid moves) and then calls
    /// `correct`.
    pub fn observe(&mut self, features: &[u64]) -> &[f32] {
        self.step += 1;
        self.predict(features);
        &self.scratch
    }

    /// Moves weight from `guess` to `truth` for these features, at the current example.
    pub fn correct(&mut self, features: &[u64], truth: usize, guess: usize) {
        let (n, step) = (self.tags.len(), self.step);
        for f in features {
            let (updates, ws) = self
                .weights
                .entry(*f)
                .or_insert_with(|| (0, vec![(0.0, 0.0, 0); n]));
            *updates += 1;
            for (t, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let (w, total, since) = &mut ws[t];
                *total += f64::from(*w) * (step - *since) as f64;
                *since = step;
                *w += delta;
            }
        }
    }

    /// The averaged model, without the features that took part in fewer than `min_updates`
    /// mistakes (rare features: they cost memory and lookups, and say little).
    pub fn average(&self, min_updates: u32) -> Model {
        let step = self.step.max(1);
        let kept = self.weights.iter().filter(|(_, (n, _))| *n >= min_updates);
        let rows = kept.map(|(f, (_, ws))| {
            let averaged = ws
                .iter()
                .enumerate()
                .map(|(t, &(w, total, since))| {
                    let total = total + f64::from(w) * (step - since) as f64;
                    (t as u8, quantize((total / step as f64) as f32))
                })
                .filter(|(_, q)| *q != 0)
                .collect();
            (*f, averaged)
        });
        Model::new(self.tags.clone(), rows)
    }
}

/// One training sentence of a greedy left-to-right tagger: its length, each word's true tag,
/// and each word's features given the tags guessed for the words before it.
#[allow(clippy::len_without_is_empty)]
pub trait Example {
    fn len(&self) -> usize;
    fn truth(&self, i: usize) -> usize;
    fn features(&self, i: usize, prev: &[usize], out: &mut Vec<u64>);
}

/// The next number of a fixed xorshift sequence: training draws the same numbers every time,
/// so the same data gives the same model.
pub(crate) fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// Fisher-Yates with the xorshift sequence.
pub(crate) fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        let r = xorshift(seed);
        order.swap(i, (r % (i as u64 + 1)) as usize);
    }
}

/// Trains a greedy tagger for `epochs` passes over the sentences `which` (in an order shuffled
/// the same way every time, so the same data gives the same model); `example` builds a
/// sentence's example. Each pass's token accuracy goes to `progress`.
pub fn train_greedy<E: Example>(
    tags: Vec<String>,
    which: &[usize],
    example: impl Fn(usize) -> E,
    epochs: usize,
    min_updates: u32,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    let mut trainer = Trainer::new(tags);
    let mut order: Vec<usize> = which.to_vec();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut feats = Vec::new();
    for epoch in 0..epochs {
        shuffle(&mut order, &mut seed);
        let (mut right, mut total) = (0usize, 0usize);
        for &s in &order {
            let e = example(s);
            let mut prev = Vec::with_capacity(e.len());
            for i in 0..e.len() {
                let truth = e.truth(i);
                e.features(i, &prev, &mut feats);
                let guess = trainer.learn(&feats, truth);
                right += usize::from(guess == truth);
                total += 1;
                // The history the tagger will have at work: its own guesses.
                prev.push(guess);
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    trainer.average(min_updates)
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
        let model = trainer.average(1);
        let mut scratch = Vec::new();
        assert_eq!(model.predict(&a, &mut scratch), 0);
        assert_eq!(model.predict(&b, &mut scratch), 1);
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.tags, model.tags);
        assert_eq!(back.predict(&a, &mut scratch), 0);
        assert_eq!(back.predict(&b, &mut scratch), 1);
        let bytes = model.to_bytes();
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn a_pair_scores_as_each_of_its_models() {
        let tags: Vec<String> = (0..9).map(|t| format!("T{t}")).collect();
        // Features both models have, features of one only, and features of neither.
        let words = [
            "moscow", "kremlin", "said", "the", "ryabkov", "envoy", "talks", "nato",
        ];
        let f = |w: &str, k: &str| feature(&[w, k]);
        let row = |w: &str, k: i16| -> Vec<(u8, i16)> {
            (0..9u8)
                .map(|t| {
                    (
                        t,
                        (w.len() as i16 * 37 + k * 11 + i16::from(t) * 5) % 97 - 48,
                    )
                })
                .collect()
        };
        let a = Model::new(
            tags.clone(),
            words[..6]
                .iter()
                .map(|w| (f(w, "a"), row(w, 1)))
                .collect::<Vec<_>>(),
        );
        let b = Model::new(
            tags.clone(),
            words[2..]
                .iter()
                .map(|w| (f(w, "a"), row(w, 2)))
                .collect::<Vec<_>>(),
        );
        let pair = Pair::new(&a, &b).unwrap();
        let features: Vec<u64> = words
            .iter()
            .flat_map(|w| [f(w, "a"), f(w, "unknown")])
            .collect();
        let mut slots = Vec::new();
        pair.locate(&features, &mut slots);
        for (which, model) in [&a, &b].into_iter().enumerate() {
            let mut expected = vec![0; model.lanes()];
            model.add_scores(&features, &mut expected);
            assert!(expected.iter().any(|&x| x != 0));
            let mut located = vec![0; pair.lanes()];
            pair.add_rows(which, &slots, &mut located);
            let mut direct = vec![0; pair.lanes()];
            pair.add_scores(which, &features, &mut direct);
            assert_eq!(located, expected, "model {which}");
            assert_eq!(direct, expected, "model {which}");
        }
        let other = Model::new(vec!["A".into()], Vec::new());
        assert!(Pair::new(&a, &other).is_none());
    }
}
