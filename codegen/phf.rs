//! Builds the perfect-hash tables that `src/phf.rs` probes at run time.
//!
//! PTHash-style "hash and displace": keys fall into buckets of about four;
//! buckets are placed largest first, each with the smallest pilot that sends
//! all its keys to free, distinct slots. Both tables have power-of-two sizes
//! so that the probe masks instead of dividing; with at least 25% spare slots
//! a pilot is found after a handful of tries, so building stays linear.

use crate::codegen::phf_runtime::{EMPTY, bucket, hash, length_bit, slot};

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
