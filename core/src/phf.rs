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

use crate::layout::{half_word, word};

/// A static perfect hash table over a set of byte-string keys.
///
/// A probe returns the only index the key can have; the caller compares the
/// key with the entry at that index, so a key outside the set is rejected.
#[derive(Debug, Clone, Copy)]
pub struct Phf {
    /// The seed of [`hash`], chosen at build time so that no two keys collide.
    pub seed: u64,
    /// One pilot per bucket, as [`word`]s or [`half_word`]s; the number of
    /// buckets is a power of two.
    pub pilots: &'static [u8],
    /// For each slot, as a [`word`] or [`half_word`], the index of the key
    /// stored there. A slot no key occupies holds [`empty`], an index past
    /// every key, so that the bounds check of reading the key there, which
    /// a hit pays anyway, rejects what lands in it. The number of slots is a
    /// power of two.
    pub slots: &'static [u8],
    /// For each slot, one byte of the hash of the key stored there
    /// ([`fingerprint`]), bits the bucket and the slot do not depend on; 0
    /// for a slot no key occupies. A miss whose byte differs is refused
    /// before its slot's key is read: that key is a random one of the
    /// table, often out of the cache, where this table is one byte a slot.
    /// Empty for a table of a single bucket, whose slots are mostly empty
    /// (`n²` for `n` keys): there a hit would pay for the check and a miss
    /// would gain nothing.
    pub fingerprints: &'static [u8],
    /// Bit `n` is set when some key is `n` bytes long, bit 63 when some key
    /// is 63 bytes or longer: most misses end here, before hashing.
    pub lengths: u64,
    /// Whether keys of 17 to 24 bytes hash their middle word (bytes 8 to
    /// the last 8): only when two keys of one length agree in their first
    /// and last eight bytes, which no other key of a catalogue's families
    /// does. Without it, hashing every key of 8 to 24 bytes is one folded
    /// multiplication, whatever its length; the compare reads the middle
    /// word either way.
    pub middle: bool,
    /// Whether `pilots` and `slots` hold four bytes a number ([`word`]);
    /// otherwise two ([`half_word`]), which every table of fewer than
    /// 65,535 keys fits (its indexes and [`empty`] below 2^16), in half the
    /// cache lines.
    pub wide: bool,
}

/// The value of a slot no key occupies in a table of two bytes a number
/// (`wide` false), or of four: past the index of every key it can hold.
pub const fn empty(wide: bool) -> u32 {
    if wide { u32::MAX } else { u16::MAX as u32 }
}

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

/// Hashes `key`. Keys of 8 to 16 bytes cost one folded multiplication:
/// their first and last eight bytes cover them; keys of up to 24 bytes one
/// more, side by side with it, for a middle word when `middle` (see
/// [`Phf::middle`]; otherwise their middle bytes are left to the compare);
/// longer keys one more for each further word.
#[inline(always)]
pub fn hash(seed: u64, key: &[u8], middle: bool) -> u64 {
    hash_words(seed, key, |word| word, middle)
}

/// The bit that tells an ASCII letter's cases apart, in every byte.
const CASE: u64 = 0x2020_2020_2020_2020;

/// [`hash`] with the case bit (0x20) of every byte set: the same for a key
/// in any ASCII case, and cheaper than lowering it. A table of tokens is
/// built and probed with it ([`Phf::find_ignoring_case`]).
#[inline(always)]
pub fn hash_ignoring_case(seed: u64, key: &[u8], middle: bool) -> u64 {
    hash_words(seed, key, |word| word | CASE, middle)
}

/// The hash, reading `key` a word at a time and passing every word through
/// `fold` (which must act on each byte alone, so that folding a word is
/// folding its bytes).
#[inline(always)]
fn hash_words(seed: u64, key: &[u8], fold: impl Fn(u64) -> u64, middle: bool) -> u64 {
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
    let ends = fold_mul(first ^ seed, last ^ MUL ^ len as u64);
    if len <= 16 || (len <= 24 && !middle) {
        return ends;
    }
    // Words from the middle; up to 24 bytes that is a single one. It has a
    // multiplication of its own, beside the ends' rather than after it, so
    // that the two cost the latency of one, and a probe can compute it
    // whatever the length and keep it or not without a branch.
    let mut at = (len - 8) / 2;
    let mut ends = ends;
    if len > 24 {
        at = 8;
        while at + 16 < len {
            first = fold_mul(first ^ MUL, fold(read_u64(key, at)) ^ seed);
            at += 8;
        }
        ends = fold_mul(first ^ seed, last ^ MUL ^ len as u64);
    }
    ends ^ self::middle(seed, fold(read_u64(key, at)))
}

/// The length and the first and last eight bytes of a key of 17 to 24
/// bytes (with every byte's case bit set when `ignoring_case`): all that a
/// table without [`Phf::middle`] hashes of it. `None` for other keys, which
/// the hash covers whole.
pub fn ends(key: &[u8], ignoring_case: bool) -> Option<(usize, u64, u64)> {
    let len = key.len();
    let case = if ignoring_case { CASE } else { 0 };
    (17..=24)
        .contains(&len)
        .then(|| (len, read_u64(key, 0) | case, read_u64(key, len - 8) | case))
}

/// The middle word's share of the hash of a key of 8 bytes or more.
#[inline(always)]
fn middle(seed: u64, word: u64) -> u64 {
    fold_mul(word ^ MUL2, seed ^ MUL)
}

/// The case bit (0x20) of each byte of `stored` that is a lowercase
/// letter, for a key of lowercase letters, digits and `_`: a letter has
/// bits 0x40 and 0x20 set, a digit not 0x40, `_` not 0x20.
#[inline(always)]
const fn letters(stored: u64) -> u64 {
    (stored >> 1) & stored & CASE
}

/// Whether `key` is `stored` (lowercase letters, digits and `_`) in some
/// case: its letters may differ in their case bit, nothing else may.
#[inline(always)]
const fn same_ignoring_case(stored: u64, key: u64) -> bool {
    key | letters(stored) == stored
}

/// The fingerprint of a key with hash `h` ([`Phf::fingerprints`]): bits 32
/// to 39, which neither the bucket (the low bits, for fewer than 2^32
/// buckets) nor the slot (the high bits, for fewer than 2^24 slots) reads,
/// so that a key that lands in a slot matches its fingerprint one time in
/// 256.
#[inline(always)]
pub fn fingerprint(h: u64) -> u8 {
    (h >> 32) as u8
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
    /// the key stored there; an empty slot gives an index past every key),
    /// or `None` when it certainly is not: its length is no key's, or its
    /// fingerprint is not that of its slot's key. Always inlined: probing a `static` table then
    /// compiles with its sizes and seed as constants.
    #[inline(always)]
    pub fn probe(&self, key: &[u8]) -> Option<usize> {
        let len = key.len();
        if self.lengths & length_bit(len) == 0 {
            return None;
        }
        self.index_of(hash(self.seed, key, self.middle))
    }

    /// The index of `key` among `keys` (the keys the table was built
    /// over, in order), or `None`: the probe and the compare in one, each
    /// word of the key read and hashed once and compared with the stored
    /// key's word at the same place.
    #[inline(always)]
    pub fn find(&self, key: &[u8], keys: &[&str]) -> Option<usize> {
        self.find_with(key, keys, |word| word, |stored, key| stored == key, true)
    }

    /// [`find`](Self::find) in any ASCII case, for a table built with
    /// [`hash_ignoring_case`] over keys of lowercase letters, digits and `_`
    /// (what tokens are in lowercase): `key` is hashed with the case bit of
    /// every byte set, and compared a word at a time, its letters in either
    /// case and its other bytes exactly. Nothing is copied or lowered. A key
    /// of 8 to 24 bytes skips the length filter, which costs a hit more
    /// than it saves the rare miss (an input of an unknown length is then
    /// rejected by the compare); a shorter or longer one is filtered, so
    /// that a long input is refused before it is hashed.
    #[inline(always)]
    pub fn find_ignoring_case(&self, key: &[u8], keys: &[&str]) -> Option<usize> {
        self.find_with(key, keys, |word| word | CASE, same_ignoring_case, false)
    }

    /// The lookup, `fold` passing every word of the key to the hash as
    /// [`hash_words`] does, and `same` comparing a stored word with the
    /// key's word at the same place; `filter` rejects keys of a length no
    /// key has first, whatever their length.
    #[inline(always)]
    fn find_with(
        &self,
        key: &[u8],
        keys: &[&str],
        fold: impl Fn(u64) -> u64,
        same: impl Fn(u64, u64) -> bool,
        filter: bool,
    ) -> Option<usize> {
        let len = key.len();
        if filter && self.lengths & length_bit(len) == 0 {
            return None;
        }
        if !(8..=24).contains(&len) {
            if !filter && len > 24 && self.lengths & length_bit(len) == 0 {
                return None;
            }
            let at = self.index_of(hash_words(self.seed, key, &fold, self.middle))?;
            let stored = keys.get(at)?.as_bytes();
            return same_key_with(stored, key, &same).then_some(at);
        }
        // The words `hash_words` reads, read once: first, middle (which
        // overlaps the others up to 16 bytes) and last. Together they
        // cover the key, so they are also all the compare needs; keys of
        // every length from 8 to 24 take the same steps.
        let seed = self.seed;
        let first = read_u64(key, 0);
        let middle_at = (len - 8) / 2;
        let middle = read_u64(key, middle_at);
        let last = read_u64(key, len - 8);
        let ends = fold_mul(fold(first) ^ seed, fold(last) ^ MUL ^ len as u64);
        // The middle word's share for a key of more than 16 bytes, none
        // for a shorter one, chosen with a mask: codes of mixed lengths
        // give the probe no branch to mispredict.
        let share = if self.middle {
            let longer = 0u64.wrapping_sub(u64::from(len > 16));
            self::middle(seed, fold(middle)) & longer
        } else {
            0
        };
        let at = self.index_of(ends ^ share)?;
        let stored = keys.get(at)?.as_bytes();
        if stored.len() != len {
            return None;
        }
        // One branch for the three words, not one each.
        (same(read_u64(stored, 0), first)
            & same(read_u64(stored, middle_at), middle)
            & same(read_u64(stored, len - 8), last))
        .then_some(at)
    }

    /// The index stored in the slot of a key hashing to `h`: the only key
    /// it can be, or [`empty`], past every key; `None` when the slot's
    /// fingerprint is not the key's. A table of a single bucket has pilot 0
    /// (the generator chooses its seed for that), so its probe reads no
    /// pilot.
    #[inline(always)]
    fn index_of(&self, h: u64) -> Option<usize> {
        let size = if self.wide { 4 } else { 2 };
        let read = |table: &[u8], index: usize| {
            if self.wide {
                word(table, index)
            } else {
                half_word(table, index)
            }
        };
        let buckets = self.pilots.len() / size;
        let pilot = if buckets <= 1 {
            0
        } else {
            read(self.pilots, bucket(h, buckets))
        };
        let at = slot(h, pilot, self.slots.len() / size);
        // Both loads depend on the slot alone: a hit pays for them together.
        // A table of a single bucket has none: most of its slots are empty,
        // which rejects a miss as well.
        if !self.fingerprints.is_empty() && self.fingerprints.get(at) != Some(&fingerprint(h)) {
            return None;
        }
        Some(read(self.slots, at) as usize)
    }
}

/// Whether `stored` and `key` are the same key, `same` comparing them a
/// word at a time (bytes as words when shorter than four).
#[inline(always)]
fn same_key_with(stored: &[u8], key: &[u8], same: impl Fn(u64, u64) -> bool) -> bool {
    let len = key.len();
    if stored.len() != len {
        return false;
    }
    if len >= 8 {
        let mut at = 0;
        while at + 8 < len {
            if !same(read_u64(stored, at), read_u64(key, at)) {
                return false;
            }
            at += 8;
        }
        same(read_u64(stored, len - 8), read_u64(key, len - 8))
    } else if len >= 4 {
        same(read_u32(stored, 0), read_u32(key, 0))
            && same(read_u32(stored, len - 4), read_u32(key, len - 4))
    } else {
        stored
            .iter()
            .zip(key)
            .all(|(&stored, &byte)| same(u64::from(stored), u64::from(byte)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte a token may hold in lowercase, against every byte of
    /// the input, beside neighbours of every kind: the compare accepts the
    /// byte itself and, for a letter, its capital, and nothing else.
    #[test]
    fn the_case_blind_compare_folds_letters_only() {
        let token_bytes = (b'a'..=b'z').chain(b'0'..=b'9').chain([b'_']);
        for stored in token_bytes {
            for byte in 0..=255u8 {
                for neighbour in [b'a', b'Z', b'0', b'_'] {
                    for position in 0..8 {
                        let mut stored_word = [neighbour.to_ascii_lowercase(); 8];
                        let mut key_word = [neighbour; 8];
                        stored_word[position] = stored;
                        key_word[position] = byte;
                        let expected = byte.to_ascii_lowercase() == stored;
                        assert_eq!(
                            same_ignoring_case(
                                u64::from_le_bytes(stored_word),
                                u64::from_le_bytes(key_word)
                            ),
                            expected,
                            "{stored:#x} against {byte:#x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_case_blind_hash_is_the_same_in_any_case() {
        let keys = [
            "",
            "a",
            "ab",
            "a_1",
            "miss",
            "missing",
            "missing_input",
            "access_denied_",
            "failed_security_validation",
            "a_very_long_token_of_more_than_twenty_four_bytes",
        ];
        for key in keys {
            let upper = key.to_ascii_uppercase();
            for seed in [0, 1, 0x243F_6A88_85A3_08D3] {
                assert_eq!(
                    hash_ignoring_case(seed, key.as_bytes(), true),
                    hash_ignoring_case(seed, upper.as_bytes(), true),
                    "{key}"
                );
            }
        }
    }
}
