//! The perfect-hash lookup behind code and token parsing.
//!
//! `codegen/phf.rs` builds the tables at build time (PTHash-style "hash and
//! displace": every key's bucket gets a pilot chosen so that the keys land in
//! distinct slots); this file holds the part both sides share, the hash
//! function, and the runtime probe. The build script includes this file by
//! path, so the two can never disagree about how a key hashes.
//!
//! Why not the `phf` crate: it hashes with SipHash-1-3, which costs more than
//! the whole lookup budget here (see `benches/lookup.rs`, where `phf` runs
//! beside this table as one of the baselines).

/// A static minimal-ish perfect hash table over a set of byte-string keys.
///
/// A probe returns the only index the key can have; the caller compares the
/// key with the entry at that index, so a key outside the set is rejected.
#[derive(Debug)]
pub struct Phf {
    /// The seed of [`hash`], chosen at build time so that no two keys collide.
    pub seed: u64,
    /// One pilot per bucket.
    pub pilots: &'static [u16],
    /// For each slot, the index of the key stored there, or [`EMPTY`].
    pub slots: &'static [u32],
    /// Bit `n` is set when some key is `n` bytes long (keys are at most 127
    /// bytes), so most misses end before hashing.
    pub lengths: u128,
}

/// The slot value of a slot no key occupies.
pub const EMPTY: u32 = u32::MAX;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL2: u64 = 0xD6E8_FEB8_6659_FD93;

/// Folded 64x64->128 multiplication: a cheap, well-mixing step.
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

#[inline(always)]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[inline(always)]
fn read_u32(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

/// Hashes every byte of `key`, eight at a time (the last word overlaps the
/// one before it), so keys that differ anywhere hash differently.
#[inline]
pub fn hash(seed: u64, key: &[u8]) -> u64 {
    let len = key.len();
    let mut h = seed ^ (len as u64).wrapping_mul(MUL);
    if len >= 8 {
        let mut at = 0;
        while at + 8 < len {
            h = fold_mul(h ^ read_u64(key, at), MUL2);
            at += 8;
        }
        h = fold_mul(h ^ read_u64(key, len - 8), MUL2);
    } else if len >= 4 {
        h = fold_mul(h ^ (read_u32(key, 0) << 32 | read_u32(key, len - 4)), MUL2);
    } else {
        let mut word = 0u64;
        for &byte in key {
            word = word << 8 | u64::from(byte);
        }
        h = fold_mul(h ^ word, MUL2);
    }
    fold_mul(h, MUL)
}

/// Maps `x` uniformly onto `0..n` without a division (Lemire's reduction).
#[inline(always)]
pub fn reduce(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}

/// The bucket of a key with hash `h` among `buckets` buckets. Uses the low
/// half of the hash, the slot uses the high half, so the two are independent.
#[inline(always)]
pub fn bucket(h: u64, buckets: usize) -> usize {
    reduce(h << 32, buckets)
}

/// The slot of a key with hash `h` in its bucket displaced by `pilot`.
#[inline(always)]
pub fn slot(h: u64, pilot: u16, slots: usize) -> usize {
    reduce(h ^ u64::from(pilot).wrapping_mul(MUL2), slots)
}

impl Phf {
    /// The index `key` would have if it were in the set, or `None` when it
    /// certainly is not.
    #[inline]
    pub fn probe(&self, key: &[u8]) -> Option<usize> {
        let len = key.len();
        if len >= 128 || self.lengths & (1u128 << len) == 0 {
            return None;
        }
        let h = hash(self.seed, key);
        let pilot = self.pilots[bucket(h, self.pilots.len())];
        let index = self.slots[slot(h, pilot, self.slots.len())];
        (index != EMPTY).then_some(index as usize)
    }
}
