//! Builds the perfect-hash tables that `src/phf.rs` probes at run time.
//!
//! PTHash-style "hash and displace": keys fall into buckets of about four;
//! buckets are placed largest first, each with the smallest pilot that sends
//! all its keys to free, distinct slots. Both tables have power-of-two sizes
//! so that the probe masks instead of dividing; with at least 25% spare slots
//! a pilot is found after a handful of tries, so building stays linear.

use std::collections::HashSet;

use errcat_core::phf::{
    bucket, empty, ends, fingerprint, hash, hash_ignoring_case, length_bit, slot,
};

/// The tables for one key set, ready to be rendered as a `Phf` literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub seed: u64,
    pub pilots: Vec<u32>,
    pub slots: Vec<u32>,
    /// One byte a slot: the fingerprint of the key there, 0 for an empty
    /// slot.
    pub fingerprints: Vec<u8>,
    pub lengths: u64,
    /// Whether keys of 17 to 24 bytes hash their middle word (`Phf::middle`).
    pub middle: bool,
    /// Whether the tables need four bytes a number: only for 65,535 keys or
    /// more (pilots are below 2^16 always).
    pub wide: bool,
}

const KEYS_PER_BUCKET: usize = 4;

/// How many pilots a bucket tries before the seed is given up for the next.
const MAX_PILOTS: u32 = 1 << 16;

// A pilot is stored in two bytes.
const _: () = assert!(MAX_PILOTS - 1 <= u16::MAX as u32);

/// Up to this many keys, one bucket over `n²` slots (at most 16 KiB).
const SINGLE_BUCKET_MAX: usize = 64;

/// Whether tables of `count` keys need four bytes a number: when an index
/// or the empty slot's value does not fit two.
fn wide(count: usize) -> bool {
    count >= usize::from(u16::MAX)
}

/// Builds tables in which key `i` of `keys` probes to index `i`. Keys must be
/// distinct (validation guarantees it).
pub fn build(keys: &[&[u8]]) -> Tables {
    build_with(keys, false)
}

/// [`build`] for keys looked up in any ASCII case
/// (`Phf::find_ignoring_case`): lowercase letters, digits and `_`, hashed
/// with every byte's case bit set.
pub fn build_ignoring_case(keys: &[&[u8]]) -> Tables {
    build_with(keys, true)
}

/// Whether some two keys of 17 to 24 bytes agree in their length and their
/// first and last eight bytes: only their middle tells them apart.
fn needs_middle(keys: &[&[u8]], ignoring_case: bool) -> bool {
    let mut seen = HashSet::new();
    keys.iter()
        .filter_map(|key| ends(key, ignoring_case))
        .any(|key_ends| !seen.insert(key_ends))
}

fn build_with(keys: &[&[u8]], ignoring_case: bool) -> Tables {
    let middle = needs_middle(keys, ignoring_case);
    let hash = move |seed: u64, key: &[u8]| {
        if ignoring_case {
            hash_ignoring_case(seed, key, middle)
        } else {
            hash(seed, key, middle)
        }
    };
    // A small set gets one bucket and a sparse table: its pilot is then a
    // constant of the probe, which saves a dependent load on every lookup.
    let (bucket_count, slot_count) = if keys.len() <= SINGLE_BUCKET_MAX {
        (1, (keys.len() * keys.len()).next_power_of_two().max(2))
    } else {
        (
            keys.len().div_ceil(KEYS_PER_BUCKET).next_power_of_two(),
            (keys.len() + keys.len() / 4).next_power_of_two(),
        )
    };
    let lengths = keys
        .iter()
        .fold(0, |mask, key| mask | length_bit(key.len()));
    // Deterministic seeds keep the generated code byte-for-byte stable.
    for attempt in 0u64.. {
        let seed = attempt.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x243F_6A88_85A3_08D3;
        // A single bucket keeps pilot 0, which the probe then need not read:
        // the seed is what varies.
        let max_pilots = if bucket_count == 1 { 1 } else { MAX_PILOTS };
        if let Some((pilots, slots, fingerprints)) =
            try_seed(seed, keys, &hash, bucket_count, slot_count, max_pilots)
        {
            let wide = wide(keys.len());
            // A single bucket's table is mostly empty slots, which refuse
            // misses without fingerprints (`Phf::fingerprints`).
            let fingerprints = if bucket_count == 1 {
                Vec::new()
            } else {
                fingerprints
            };
            return Tables {
                seed,
                pilots,
                slots,
                fingerprints,
                lengths,
                middle,
                wide,
            };
        }
    }
    unreachable!("some seed always separates distinct keys")
}

fn try_seed(
    seed: u64,
    keys: &[&[u8]],
    hash: &dyn Fn(u64, &[u8]) -> u64,
    bucket_count: usize,
    slot_count: usize,
    max_pilots: u32,
) -> Option<(Vec<u32>, Vec<u32>, Vec<u8>)> {
    let hashes: Vec<u64> = keys.iter().map(|key| hash(seed, key)).collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
    for (index, &h) in hashes.iter().enumerate() {
        buckets[bucket(h, bucket_count)].push(index);
    }
    let mut order: Vec<usize> = (0..bucket_count).collect();
    order.sort_by_key(|&b| (std::cmp::Reverse(buckets[b].len()), b));

    let mut pilots = vec![0u32; bucket_count];
    let mut slots = vec![empty(wide(keys.len())); slot_count];
    let mut fingerprints = vec![0u8; slot_count];
    let mut taken = vec![false; slot_count];
    let mut wanted = Vec::with_capacity(KEYS_PER_BUCKET * 4);
    for b in order {
        if buckets[b].is_empty() {
            break;
        }
        let pilot = (0..max_pilots).find(|&pilot| {
            wanted.clear();
            for &key in &buckets[b] {
                let at = slot(hashes[key], pilot, slot_count);
                if taken[at] || wanted.contains(&at) {
                    return false;
                }
                wanted.push(at);
            }
            true
        })?;
        pilots[b] = pilot;
        for (&key, &at) in buckets[b].iter().zip(&wanted) {
            slots[at] = u32::try_from(key).ok()?;
            fingerprints[at] = fingerprint(hashes[key]);
            taken[at] = true;
        }
    }
    Some((pilots, slots, fingerprints))
}

#[cfg(test)]
mod tests {
    use errcat_core::phf::Phf;

    use super::*;
    use crate::render::{Table, Width};

    /// A table as the build script writes it and the generated code
    /// includes it.
    /// The runtime's view of `tables`, as the generated code hands them over.
    fn runtime(tables: &Tables) -> Phf {
        Phf {
            seed: tables.seed,
            pilots: written(tables.pilots.clone(), tables.wide),
            slots: written(tables.slots.clone(), tables.wide),
            fingerprints: tables.fingerprints.clone().leak(),
            lengths: tables.lengths,
            middle: tables.middle,
            wide: tables.wide,
        }
    }

    fn written(words: Vec<u32>, wide: bool) -> &'static [u8] {
        let table = Table {
            name: String::new(),
            columns: 1,
            words,
            width: Width::from(!wide),
        };
        table.bytes().leak()
    }

    #[test]
    fn the_perfect_hash_places_every_key_and_rejects_others() {
        // Sizes on both sides of the single-bucket limit, and past the two-byte
        // tables' limit.
        for size in [1usize, 2, 27, 64, 65, 1000, 10_000, 70_000] {
            let keys: Vec<String> = (0..size)
                .map(|i| format!("GEN-{:04}-{:06}", 1200 + i % 10, 100_000 + i))
                .collect();
            let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
            let tables = build(&bytes);
            assert!(tables.pilots.len().is_power_of_two(), "{size}");
            assert!(tables.slots.len().is_power_of_two(), "{size}");
            assert!(tables.slots.len() >= size, "{size}");
            assert_eq!(tables.wide, size >= 65_535, "{size}");
            if tables.pilots.len() == 1 {
                assert_eq!(
                    tables.pilots,
                    [0],
                    "{size}: a single bucket's pilot is never read"
                );
            }
            // The same keys, the same tables: the generated code is stable.
            assert_eq!(build(&bytes), tables);
            let index = runtime(&tables);
            let texts: Vec<&str> = keys.iter().map(String::as_str).collect();
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(index.probe(key.as_bytes()), Some(i), "{key}");
                assert_eq!(index.find(key.as_bytes(), &texts), Some(i), "{key}");
            }
            // A miss either finds no slot or a slot whose key differs.
            for miss in ["GEN-1201-10000", "XGEN-1201-100001", "", "GEN-9999-999999"] {
                if let Some(i) = index.probe(miss.as_bytes()) {
                    assert_ne!(keys.get(i).map(String::as_str), Some(miss));
                }
                assert_eq!(index.find(miss.as_bytes(), &texts), None, "{miss}");
            }
        }
    }

    /// A miss of a known length is refused before any key is read: on its
    /// slot's fingerprint, all but about one time in 256, in a table of
    /// many buckets; on an empty slot, mostly, in a table of one. Every
    /// slot's fingerprint is its key's.
    #[test]
    fn fingerprints_refuse_misses_before_a_key_is_read() {
        for size in [27usize, 10_000] {
            let keys: Vec<String> = (0..size)
                .map(|i| format!("GEN-{:04}-{:06}", 1200 + i % 97, 100_000 + i))
                .collect();
            let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
            let tables = build(&bytes);
            let single = tables.pilots.len() == 1;
            if single {
                assert!(tables.fingerprints.is_empty());
            } else {
                assert_eq!(tables.fingerprints.len(), tables.slots.len());
            }
            for (at, &index) in tables.slots.iter().enumerate().filter(|_| !single) {
                let expected = match bytes.get(index as usize) {
                    Some(key) => {
                        errcat_core::phf::fingerprint(hash(tables.seed, key, tables.middle))
                    }
                    None => 0,
                };
                assert_eq!(tables.fingerprints[at], expected, "{size}: slot {at}");
            }
            let index = runtime(&tables);
            let misses = 20_000;
            let probed = (0..misses)
                .filter(|i| {
                    let miss = format!("GEN-{:04}-{:06}", 1300 + i % 97, 500_000 + i);
                    index.probe(miss.as_bytes()).is_some_and(|at| at < size)
                })
                .count();
            // A single bucket's slots are 1 in 27 occupied; a large table's
            // 3 in 5, of which the fingerprint lets 1 in 256 through.
            let most = if single { misses / 20 } else { misses / 100 };
            assert!(
                probed < most,
                "{size}: {probed} of {misses} misses reached a key"
            );
        }
    }

    /// Keys of 17 to 24 bytes that only their middle tells apart make the
    /// table hash it; keys that their ends tell apart do not, and both
    /// find every key and nothing else.
    #[test]
    fn the_middle_word_is_hashed_when_only_it_tells_keys_apart() {
        // 17 to 24 bytes, the same first and last eight.
        let middles: Vec<String> = (0..300)
            .map(|i| format!("ABCDEFGH{:0w$}ABCDEFGH", i, w = 1 + i % 8))
            .collect();
        let ends: Vec<String> = (0..300)
            .map(|i| format!("B{:05}ZZ-{:04}-{i:06}", 14_000 + i % 900, i % 10_000))
            .collect();
        for (keys, middle) in [(&middles, true), (&ends, false)] {
            let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
            let tables = build(&bytes);
            assert_eq!(tables.middle, middle, "{:?}", &keys[..2]);
            let index = runtime(&tables);
            let texts: Vec<&str> = keys.iter().map(String::as_str).collect();
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(index.find(key.as_bytes(), &texts), Some(i), "{key}");
                let mut changed = key.clone().into_bytes();
                changed[10] ^= 0x40;
                assert_eq!(index.find(&changed, &texts), None, "{key}");
            }
        }
    }

    #[test]
    fn keys_of_every_length_are_placed() {
        // Short keys, and long ones that hash their middle words.
        let keys: Vec<String> = (0..200)
            .map(|i| format!("KEY{}{i}", "K".repeat(i % 70)))
            .collect();
        let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
        let tables = build(&bytes);
        let index = runtime(&tables);
        let texts: Vec<&str> = keys.iter().map(String::as_str).collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.probe(key.as_bytes()), Some(i), "{key}");
            assert_eq!(index.find(key.as_bytes(), &texts), Some(i), "{key}");
            // One byte changed, anywhere: not found.
            for at in 0..key.len() {
                let mut changed = key.clone().into_bytes();
                changed[at] ^= 0x01;
                assert_eq!(index.find(&changed, &texts), None, "{key} at {at}");
            }
        }
        // Every key is 4 bytes or longer: the length filter rejects a shorter
        // one before hashing it.
        assert_eq!(index.probe(b"KK"), None);
    }

    /// Tables built for tokens find them in any case, and only them: a byte
    /// that differs from a digit or `_` only in the case bit (0x20) is
    /// another key.
    #[test]
    fn lowercase_tables_find_keys_in_any_case() {
        for size in [1usize, 3, 13, 64, 65, 500] {
            let keys: Vec<String> = (0..size)
                .map(|i| format!("tok{}_{i}", "en_x".repeat(i % 9)))
                .collect();
            let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
            let tables = build_ignoring_case(&bytes);
            let index = runtime(&tables);
            let texts: Vec<&str> = keys.iter().map(String::as_str).collect();
            for (i, key) in keys.iter().enumerate() {
                let upper = key.to_ascii_uppercase();
                let mixed: String = key
                    .chars()
                    .enumerate()
                    .map(|(n, c)| {
                        if n % 3 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                for variant in [key, &upper, &mixed] {
                    assert_eq!(
                        index.find_ignoring_case(variant.as_bytes(), &texts),
                        Some(i),
                        "{variant}"
                    );
                }
                for at in 0..key.len() {
                    for flip in [0x20u8, 0x40, 0x01, 0x80] {
                        let mut changed = upper.clone().into_bytes();
                        changed[at] ^= flip;
                        if changed[at].eq_ignore_ascii_case(&key.as_bytes()[at]) {
                            continue;
                        }
                        assert_eq!(
                            index.find_ignoring_case(&changed, &texts),
                            None,
                            "{key} at {at} ^ {flip:#x}"
                        );
                    }
                }
            }
        }
    }
}
