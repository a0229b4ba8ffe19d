//! Builds the perfect-hash tables that `src/phf.rs` probes at run time.
//!
//! PTHash-style "hash and displace": keys fall into buckets of about four;
//! buckets are placed largest first, each with the smallest pilot that sends
//! all its keys to free, distinct slots. Both tables have power-of-two sizes
//! so that the probe masks instead of dividing; with at least 25% spare slots
//! a pilot is found after a handful of tries, so building stays linear.

use errcat_core::phf::{EMPTY, bucket, hash, length_bit, slot};

/// The tables for one key set, ready to be rendered as a `Phf` literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub seed: u64,
    pub pilots: Vec<u32>,
    pub slots: Vec<u32>,
    pub lengths: u64,
}

const KEYS_PER_BUCKET: usize = 4;

/// How many pilots a bucket tries before the seed is given up for the next.
const MAX_PILOTS: u32 = 1 << 16;

/// Up to this many keys, one bucket over `n²` slots (at most 16 KiB).
const SINGLE_BUCKET_MAX: usize = 64;

/// Builds tables in which key `i` of `keys` probes to index `i`. Keys must be
/// distinct (validation guarantees it).
pub fn build(keys: &[&[u8]]) -> Tables {
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
        if let Some((pilots, slots)) = try_seed(seed, keys, bucket_count, slot_count) {
            return Tables {
                seed,
                pilots,
                slots,
                lengths,
            };
        }
    }
    unreachable!("some seed always separates distinct keys")
}

fn try_seed(
    seed: u64,
    keys: &[&[u8]],
    bucket_count: usize,
    slot_count: usize,
) -> Option<(Vec<u32>, Vec<u32>)> {
    let hashes: Vec<u64> = keys.iter().map(|key| hash(seed, key)).collect();
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
    for (index, &h) in hashes.iter().enumerate() {
        buckets[bucket(h, bucket_count)].push(index);
    }
    let mut order: Vec<usize> = (0..bucket_count).collect();
    order.sort_by_key(|&b| (std::cmp::Reverse(buckets[b].len()), b));

    let mut pilots = vec![0u32; bucket_count];
    let mut slots = vec![EMPTY; slot_count];
    let mut wanted = Vec::with_capacity(KEYS_PER_BUCKET * 4);
    for b in order {
        if buckets[b].is_empty() {
            break;
        }
        let pilot = (0..MAX_PILOTS).find(|&pilot| {
            wanted.clear();
            for &key in &buckets[b] {
                let at = slot(hashes[key], pilot, slot_count);
                if slots[at] != EMPTY || wanted.contains(&at) {
                    return false;
                }
                wanted.push(at);
            }
            true
        })?;
        pilots[b] = pilot;
        for (&key, &at) in buckets[b].iter().zip(&wanted) {
            slots[at] = u32::try_from(key + 1).ok()?;
        }
    }
    Some((pilots, slots))
}

#[cfg(test)]
mod tests {
    use errcat_core::phf::Phf;

    use super::*;
    use crate::render::Table;

    /// A table as the build script writes it and the generated code
    /// includes it.
    fn written(words: Vec<u32>) -> &'static [u8] {
        let table = Table {
            name: String::new(),
            columns: 1,
            words,
        };
        table.bytes().leak()
    }

    #[test]
    fn the_perfect_hash_places_every_key_and_rejects_others() {
        // Sizes on both sides of the single-bucket limit.
        for size in [1usize, 2, 27, 64, 65, 1000, 10_000] {
            let keys: Vec<String> = (0..size)
                .map(|i| format!("GEN-{:04}-{:06}", 1200 + i % 10, 100_000 + i))
                .collect();
            let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
            let tables = build(&bytes);
            assert!(tables.pilots.len().is_power_of_two(), "{size}");
            assert!(tables.slots.len().is_power_of_two(), "{size}");
            assert!(tables.slots.len() >= size, "{size}");
            // The same keys, the same tables: the generated code is stable.
            assert_eq!(build(&bytes), tables);
            let index = Phf {
                seed: tables.seed,
                pilots: written(tables.pilots),
                slots: written(tables.slots),
                lengths: tables.lengths,
            };
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(index.probe(key.as_bytes()), Some(i), "{key}");
            }
            // A miss either finds no slot or a slot whose key differs.
            for miss in ["GEN-1201-10000", "XGEN-1201-100001", "", "GEN-9999-999999"] {
                if let Some(i) = index.probe(miss.as_bytes()) {
                    assert_ne!(keys[i], miss);
                }
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
        let index = Phf {
            seed: tables.seed,
            pilots: written(tables.pilots),
            slots: written(tables.slots),
            lengths: tables.lengths,
        };
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.probe(key.as_bytes()), Some(i), "{key}");
        }
        // Every key is 4 bytes or longer: the length filter rejects a shorter
        // one before hashing it.
        assert_eq!(index.probe(b"KK"), None);
    }
}
