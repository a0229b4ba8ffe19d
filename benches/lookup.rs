//! Parsing a code or a token, beside the lookups one would write instead,
//! on three catalogues in one run: errcat's own (`accounts`), one a crate
//! of its own generated (`payments`, examples/bank/payments), and the scale
//! fixture's (`scale`, examples/scale: 27 rows, or as many as the file
//! ERRCAT_SCALE_CATALOGUE names).
//!
//! Every row queries in a random order fixed in advance (a seeded
//! generator), hits and unknown codes of a known length alike. Every
//! baseline holds the same keys as the catalogue and runs in the same
//! process, so the ratios hold on a noisy machine:
//! - `std_hashmap`: `HashMap<&str, C>` (SipHash-1-3);
//! - `fx_hashmap`: the same map with rustc-hash's FxHash;
//! - `phf`: the `phf` crate's table (SipHash-1-3 plus displacement), built with
//!   `phf_generator` so it holds whatever catalogue it is given.
//!
//! Run: `cargo bench --bench lookup`; with
//! `ERRCAT_SCALE_CATALOGUE` naming a catalogue of 10,000 rows (written by
//! `scripts/generate-catalogue.py 10000`), one run has 27 codes
//! (`accounts`) and 10,000 (`scale`). docs/performance.md records the
//! ratios.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use errcat::{CatalogueCode, CatalogueKind};
use rustc_hash::FxHashMap;

/// The `phf` crate's lookup, as `phf::Map::get` does it.
struct PhfBaseline<C: 'static> {
    state: phf_generator::HashState,
    keys: Vec<&'static str>,
    values: &'static [C],
}

impl<C: CatalogueCode> PhfBaseline<C> {
    fn new(keys: Vec<&'static str>) -> Self {
        let state = phf_generator::generate_hash(&keys);
        PhfBaseline {
            state,
            keys,
            values: C::all(),
        }
    }

    fn get(&self, key: &str) -> Option<C> {
        let hashes = phf_shared::hash(key, &self.state.key);
        let index = phf_shared::get_index(&hashes, &self.state.disps, self.state.map.len());
        let entry = self.state.map[index as usize];
        (self.keys[entry] == key).then(|| self.values[entry])
    }
}

/// Times `lookup` over every input; generic, so each lookup is inlined into
/// its own loop as it would be in a caller.
fn each<C>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    inputs: &[String],
    lookup: impl Fn(&str) -> Option<C>,
) {
    group.bench_with_input(BenchmarkId::new(name, inputs.len()), inputs, |b, inputs| {
        b.iter(|| {
            for input in inputs {
                black_box(lookup(black_box(input.as_str())));
            }
        })
    });
}

/// A fixed-seed generator (splitmix64): the same queries in every run.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % bound as u64) as usize
    }
}

/// How many queries each row of a benchmark makes: every code of a large
/// catalogue about once, a small one's many times over.
fn query_count(codes: usize) -> usize {
    codes.max(4096)
}

fn codes<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let texts: Vec<&'static str> = C::all().iter().map(|code| code.code()).collect();
    let std_map: HashMap<&str, C> = C::all().iter().map(|&code| (code.code(), code)).collect();
    let fx_map: FxHashMap<&str, C> = C::all().iter().map(|&code| (code.code(), code)).collect();
    let phf = PhfBaseline::<C>::new(texts.clone());

    // Queries in a random order fixed in advance, as a server meets them:
    // a walk in catalogue order would let the prefetcher follow the tables.
    // Inputs live in their own allocations, as text read from a request does.
    let mut random = Random(0x5EED);
    let count = query_count(texts.len());
    let hits: Vec<String> = (0..count)
        .map(|_| texts[random.below(texts.len())].to_owned())
        .collect();
    let longest = texts.iter().map(|text| text.len()).max().unwrap_or(0);
    let wrong_length: Vec<String> = hits
        .iter()
        .map(|text| format!("{text:X<width$}", width = longest + 1))
        .collect();
    // Unknown codes of a known length: a code with one of its letters or
    // digits replaced, anywhere, by another that makes no code of the
    // catalogue.
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let unknown_same_length: Vec<String> = (0..count)
        .map(|_| {
            loop {
                let mut bytes = texts[random.below(texts.len())].as_bytes().to_vec();
                let at = random.below(bytes.len());
                if bytes[at] == b'-' {
                    continue;
                }
                bytes[at] = alphabet[random.below(alphabet.len())];
                let text = String::from_utf8(bytes).unwrap();
                if !fx_map.contains_key(text.as_str()) {
                    break text;
                }
            }
        })
        .collect();

    for (case, inputs) in [
        ("hit", &hits),
        ("miss_same_length", &unknown_same_length),
        ("miss_wrong_length", &wrong_length),
    ] {
        let mut group = c.benchmark_group(format!("parse_code/{case}/{catalogue}"));
        group.throughput(Throughput::Elements(inputs.len() as u64));
        each(&mut group, "errcat_from_code", inputs, C::from_code);
        if case == "hit" {
            each(&mut group, "errcat_from_str", inputs, |input| {
                C::parse_code(input).ok()
            });
        }
        // The loop alone: what every lookup above pays for reading its input.
        each(&mut group, "loop_only", inputs, |input| {
            black_box(input.len());
            None::<C>
        });
        each(&mut group, "std_hashmap", inputs, |input| {
            std_map.get(input).copied()
        });
        each(&mut group, "fx_hashmap", inputs, |input| {
            fx_map.get(input).copied()
        });
        each(&mut group, "phf", inputs, |input| phf.get(input));
        group.finish();
    }
}

fn tokens<K: CatalogueKind>(c: &mut Criterion, catalogue: &str) {
    // Bodies carry tokens in lowercase; the baseline map is given the exact
    // case it was built with, so it does no case folding at all.
    let wire: Vec<String> = K::all()
        .iter()
        .map(|kind| kind.wire_token().to_owned())
        .collect();
    let exact: Vec<String> = K::all()
        .iter()
        .map(|kind| kind.token().to_owned())
        .collect();
    let fx_map: FxHashMap<&str, K> = K::all().iter().map(|&kind| (kind.token(), kind)).collect();

    let mut group = c.benchmark_group(format!("parse_token/{catalogue}"));
    group.throughput(Throughput::Elements(wire.len() as u64));
    group.bench_function("errcat_from_token_lowercase", |b| {
        b.iter(|| {
            for input in &wire {
                black_box(K::from_token(black_box(input)));
            }
        })
    });
    group.bench_function("fx_hashmap_exact_case", |b| {
        b.iter(|| {
            for input in &exact {
                black_box(fx_map.get(black_box(input.as_str())).copied());
            }
        })
    });
    group.finish();
}

fn catalogues(c: &mut Criterion) {
    codes::<errcat::ErrorCode>(c, "accounts");
    codes::<payments::errors::ErrorCode>(c, "payments");
    codes::<scale::one::ErrorCode>(c, "scale");
    tokens::<errcat::ErrorKind>(c, "accounts");
    tokens::<payments::errors::ErrorKind>(c, "payments");
    tokens::<scale::one::ErrorKind>(c, "scale");
}

criterion_group!(benches, catalogues);
criterion_main!(benches);
