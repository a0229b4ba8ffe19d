//! The perfect-hash lookup behind code and token parsing.
//!
//! errcat-build builds the tables at build time (PTHash-style "hash and
//! displace": every key's bucket gets a pilot chosen so that the keys land in
//! distinct slots); this module holds what both sides share, the hash
//! function and the slot arithmetic, and the runtime probe, so the two can
//! never disagree about how a key hashes.
//!
//! Why not the `phf` crate: it hashes with SipHash-1-3, which alone costs more
//! than this whole lookup (`benches/lookup.rs` runs `phf` beside it).

use crate::layout::word;

/// A static perfect hash table over a set of byte-string keys.
///
/// A probe returns the only index the key can have; the caller compares the
/// key with the entry at that index, so a key outside the set is rejected.
#[derive(Debug, Clone, Copy)]
pub struct Phf {
    /// The seed of [`hash`], chosen at build time so that no two keys collide.
    pub seed: u64,
    /// One pilot per bucket, as [`word`]s; the number of buckets is a power
    /// of two.
    pub pilots: &'static [u8],
    /// For each slot, as a [`word`], one more than the index of the key
    /// stored there, or [`EMPTY`] (so that the table reads as small numbers);
    /// the number of slots is a power of two.
    pub slots: &'static [u8],
    /// Bit `n` is set when some key is `n` bytes long, bit 63 when some key
    /// is 63 bytes or longer: most misses end here, before hashing.
    pub lengths: u64,
}

/// The value of a slot no key occupies.
pub const EMPTY: u32 = 0;

const MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL2: u64 = 0xD6E8_FEB8_6659_FD93;

/// Folded 64x64->128 multiplication: one instruction pair that mixes well.
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

/// The bit of [`Phf::lengths`] for keys of `len` bytes.
#[inline(always)]
pub fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Hashes every byte of `key`. Keys of 8 to 16 bytes (most codes) cost one
/// folded multiplication: their first and last eight bytes cover them; keys
/// of up to 24 bytes one more, for a middle word.
#[inline(always)]
pub fn hash(seed: u64, key: &[u8]) -> u64 {
    let len = key.len();
    let (mut first, last) = if len >= 8 {
        (read_u64(key, 0), read_u64(key, len - 8))
    } else if len >= 4 {
        (read_u32(key, 0), read_u32(key, len - 4))
    } else {
        let mut word = 0u64;
        for &byte in key {
            word = word << 8 | u64::from(byte);
        }
        (word, 0)
    };
    if len > 16 {
        // Words from the middle; up to 24 bytes that is a single one.
        let mut at = (len - 8) / 2;
        if len > 24 {
            at = 8;
            while at + 16 < len {
                first = fold_mul(first ^ MUL, read_u64(key, at) ^ seed);
                at += 8;
            }
        }
        first = fold_mul(first ^ MUL, read_u64(key, at) ^ seed);
    }
    fold_mul(first ^ seed, last ^ MUL ^ len as u64)
}

/// The bucket of a key with hash `h`, from the low bits of the hash.
#[inline(always)]
pub fn bucket(h: u64, buckets: usize) -> usize {
    (h as usize) & (buckets - 1)
}

/// The slot of a key with hash `h` whose bucket has `pilot`, from the high
/// bits of the hash, which are independent of the bucket.
#[inline(always)]
pub fn slot(h: u64, pilot: u32, slots: usize) -> usize {
    let displaced = h ^ u64::from(pilot).wrapping_mul(MUL2);
    (displaced >> (64 - slots.trailing_zeros())) as usize & (slots - 1)
}

impl Phf {
    /// The index `key` would have if it were in the set, or `None` when it
    /// certainly is not. Always inlined: probing a `static` table then
    /// compiles with its sizes and seed as constants.
    #[inline(always)]
    pub fn probe(&self, key: &[u8]) -> Option<usize> {
        let len = key.len();
        if self.lengths & length_bit(len) == 0 {
            return None;
        }
        let h = hash(self.seed, key);
        let pilot = word(self.pilots, bucket(h, self.pilots.len() / 4));
        let entry = word(self.slots, slot(h, pilot, self.slots.len() / 4));
        (entry != EMPTY).then(|| entry as usize - 1)
    }
}

/// `stored == key`, comparing keys of 8 to 24 bytes as overlapping words
/// instead of calling `memcmp`: the probe's candidate is almost always the
/// key itself.
#[inline(always)]
pub fn same_key(stored: &[u8], key: &[u8]) -> bool {
    let len = key.len();
    if stored.len() != len {
        return false;
    }
    if (8..=24).contains(&len) {
        let middle = (len - 8) / 2;
        read_u64(stored, 0) == read_u64(key, 0)
            && read_u64(stored, middle) == read_u64(key, middle)
            && read_u64(stored, len - 8) == read_u64(key, len - 8)
    } else {
        stored == key
    }
}
