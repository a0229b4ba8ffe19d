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
    /// For each slot, as a [`word`], the index of the key stored there. A
    /// slot no key occupies holds 0, the index of a key that is stored
    /// elsewhere, so that the compare rejects whatever lands there without
    /// a test for an empty slot. The number of slots is a power of two.
    pub slots: &'static [u8],
    /// Bit `n` is set when some key is `n` bytes long, bit 63 when some key
    /// is 63 bytes or longer: most misses end here, before hashing.
    pub lengths: u64,
}

/// The value of a slot no key occupies: the first key's index, which no
/// other key's compare accepts.
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
    hash_words(seed, key, |word| word)
}

/// [`hash`] of `key` in ASCII lowercase, without making the lowercase copy:
/// each word is lowered as it is read ([`lower_word`]), so
/// `hash_ascii_lowercase(seed, b"Missing_INPUT")` equals
/// `hash(seed, b"missing_input")`. A table built over lowercase keys is
/// searched with it in any case ([`Phf::find_ascii_lowercase`]).
#[inline(always)]
pub fn hash_ascii_lowercase(seed: u64, key: &[u8]) -> u64 {
    hash_words(seed, key, lower_word)
}

/// The hash, reading `key` a word at a time and passing every word through
/// `fold` (which must act on each byte alone, so that folding a word is
/// folding its bytes).
#[inline(always)]
fn hash_words(seed: u64, key: &[u8], fold: impl Fn(u64) -> u64) -> u64 {
    let len = key.len();
    let (mut first, last) = if len >= 8 {
        (fold(read_u64(key, 0)), fold(read_u64(key, len - 8)))
    } else if len >= 4 {
        (fold(read_u32(key, 0)), fold(read_u32(key, len - 4)))
    } else {
        let mut word = 0u64;
        for &byte in key {
            word = word << 8 | u64::from(byte);
        }
        (fold(word), 0)
    };
    if len > 16 {
        // Words from the middle; up to 24 bytes that is a single one.
        let mut at = (len - 8) / 2;
        if len > 24 {
            at = 8;
            while at + 16 < len {
                first = fold_mul(first ^ MUL, fold(read_u64(key, at)) ^ seed);
                at += 8;
            }
        }
        first = fold_mul(first ^ MUL, fold(read_u64(key, at)) ^ seed);
    }
    fold_mul(first ^ seed, last ^ MUL ^ len as u64)
}

/// Eight bytes in ASCII lowercase at once: `A`-`Z` become `a`-`z`, every
/// other byte (non-ASCII ones included) stays as it is.
///
/// ```
/// use errcat_core::phf::lower_word;
/// let word = u64::from_le_bytes(*b"Ab_Z@[\xc3z");
/// assert_eq!(lower_word(word).to_le_bytes(), *b"ab_z@[\xc3z");
/// ```
#[inline(always)]
pub const fn lower_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each byte's low seven bits plus a constant cannot carry into the next
    // byte; the sum's high bit says whether the byte is at least `A`, or
    // past `Z`.
    let low = word & !HIGH;
    let at_least_a = low + ONES * (0x80 - b'A' as u64);
    let past_z = low + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = (at_least_a ^ past_z) & !word & HIGH;
    word | (upper >> 2)
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
    /// The index `key` would have if it were in the set (the caller compares
    /// the key stored there), or `None` when it certainly is not. Always inlined: probing a `static` table then
    /// compiles with its sizes and seed as constants.
    #[inline(always)]
    pub fn probe(&self, key: &[u8]) -> Option<usize> {
        let len = key.len();
        if self.lengths & length_bit(len) == 0 {
            return None;
        }
        Some(self.index_of(hash(self.seed, key)))
    }

    /// The index of `key` among `keys` (the keys the table was built
    /// over, in order), or `None`: the probe and the compare in one, each
    /// word of the key read and hashed once and compared with the stored
    /// key's word at the same place.
    #[inline(always)]
    pub fn find(&self, key: &[u8], keys: &[&str]) -> Option<usize> {
        self.find_folded(key, keys, |word| word)
    }

    /// [`find`](Self::find) for a table built over keys in ASCII lowercase,
    /// with `key` in any case: each word of `key` is lowered as it is read
    /// ([`lower_word`]), so that nothing is copied.
    #[inline(always)]
    pub fn find_ascii_lowercase(&self, key: &[u8], keys: &[&str]) -> Option<usize> {
        self.find_folded(key, keys, lower_word)
    }

    #[inline(always)]
    fn find_folded(&self, key: &[u8], keys: &[&str], fold: impl Fn(u64) -> u64) -> Option<usize> {
        let len = key.len();
        if self.lengths & length_bit(len) == 0 {
            return None;
        }
        if !(8..=24).contains(&len) {
            let at = self.index_of(hash_words(self.seed, key, &fold));
            let stored = keys.get(at)?.as_bytes();
            return same_key_folded(stored, key, &fold).then_some(at);
        }
        // The words `hash_words` reads, read once: first and last, and for
        // more than 16 bytes the one in the middle. Together they cover the
        // key, so they are also all the compare needs.
        let seed = self.seed;
        let first = fold(read_u64(key, 0));
        let last = fold(read_u64(key, len - 8));
        let finish = |mixed: u64| self.index_of(fold_mul(mixed ^ seed, last ^ MUL ^ len as u64));
        if len <= 16 {
            let at = finish(first);
            let stored = keys.get(at)?.as_bytes();
            (stored.len() == len
                && read_u64(stored, 0) == first
                && read_u64(stored, len - 8) == last)
                .then_some(at)
        } else {
            let middle_at = (len - 8) / 2;
            let middle = fold(read_u64(key, middle_at));
            let at = finish(fold_mul(first ^ MUL, middle ^ seed));
            let stored = keys.get(at)?.as_bytes();
            (stored.len() == len
                && read_u64(stored, 0) == first
                && read_u64(stored, middle_at) == middle
                && read_u64(stored, len - 8) == last)
                .then_some(at)
        }
    }

    /// The index stored in the slot of a key hashing to `h`: the only key
    /// it can be. A table of a single bucket has pilot 0 (the generator
    /// chooses its seed for that), so its probe reads no pilot.
    #[inline(always)]
    fn index_of(&self, h: u64) -> usize {
        let buckets = self.pilots.len() / 4;
        let pilot = if buckets <= 1 {
            0
        } else {
            word(self.pilots, bucket(h, buckets))
        };
        word(self.slots, slot(h, pilot, self.slots.len() / 4)) as usize
    }
}

/// `stored == key` with each word of `key` passed through `fold` as
/// [`hash_words`] passes it.
#[inline(always)]
fn same_key_folded(stored: &[u8], key: &[u8], fold: impl Fn(u64) -> u64) -> bool {
    let len = key.len();
    if stored.len() != len {
        return false;
    }
    if len >= 8 {
        let mut at = 0;
        while at + 8 < len {
            if read_u64(stored, at) != fold(read_u64(key, at)) {
                return false;
            }
            at += 8;
        }
        read_u64(stored, len - 8) == fold(read_u64(key, len - 8))
    } else if len >= 4 {
        read_u32(stored, 0) == fold(read_u32(key, 0))
            && read_u32(stored, len - 4) == fold(read_u32(key, len - 4))
    } else {
        stored
            .iter()
            .zip(key)
            .all(|(&stored, &byte)| u64::from(stored) == fold(u64::from(byte)))
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

/// `stored == key` in ASCII lowercase, for a `stored` key that is in
/// lowercase already: `key` is lowered a word at a time as it is compared,
/// never copied.
#[inline(always)]
pub fn same_key_ascii_lowercase(stored: &[u8], key: &[u8]) -> bool {
    same_key_folded(stored, key, lower_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_bytes(word: u64) -> u64 {
        u64::from_le_bytes(word.to_le_bytes().map(|byte| byte.to_ascii_lowercase()))
    }

    #[test]
    fn lowering_a_word_lowers_each_byte() {
        // Every byte value in every position, beside neighbours that carry.
        for byte in 0..=255u8 {
            for neighbour in [0u8, b'@', b'A', b'Z', b'[', b'`', b'z', 0x7f, 0x80, 0xff] {
                for position in 0..8 {
                    let mut bytes = [neighbour; 8];
                    bytes[position] = byte;
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(lower_word(word), lower_bytes(word), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn the_lowercase_hash_is_the_hash_of_the_lowercase_key() {
        let keys = [
            "",
            "A",
            "Ab",
            "aBc",
            "MISS",
            "Missing",
            "MISSING_INPUT",
            "Access_Denied_",
            "FAILED_SECURITY_VALIDATION",
            "A_VERY_LONG_TOKEN_OF_MORE_THAN_TWENTY_FOUR_BYTES",
            "\u{e9}T\u{c9}",
            "@[`{",
        ];
        for key in keys {
            let lower = key.to_ascii_lowercase();
            for seed in [0, 1, 0x243F_6A88_85A3_08D3] {
                assert_eq!(
                    hash_ascii_lowercase(seed, key.as_bytes()),
                    hash(seed, lower.as_bytes()),
                    "{key}"
                );
            }
            assert!(
                same_key_ascii_lowercase(lower.as_bytes(), key.as_bytes()),
                "{key}"
            );
        }
    }

    #[test]
    fn the_lowercase_compare_folds_letters_only() {
        // Bytes that differ from a letter, a digit or `_` only in the 0x20 bit
        // are not the same key.
        for (stored, key) in [
            ("missing_input", "MISSING\x7fINPUT"),
            ("code_1", "code_\x11"),
            ("ab", "a\x02"),
            ("abcde", "abcd\x05"),
            ("missing_input", "missing_inpu"),
        ] {
            assert!(
                !same_key_ascii_lowercase(stored.as_bytes(), key.as_bytes()),
                "{key:?}"
            );
        }
    }
}
