//! Parsing a code or a token, beside the lookups one would write instead.
//!
//! Every baseline holds the same keys as the catalogue and runs in the same
//! process, so the ratios hold on a noisy machine:
//! - `std_hashmap`: `HashMap<&str, ErrorCode>` (SipHash-1-3);
//! - `fx_hashmap`: the same map with rustc-hash's FxHash;
//! - `phf`: the `phf` crate's table (SipHash-1-3 plus displacement), built with
//!   `phf_generator` so it holds whatever catalogue errcat was built from.
//!
//! Run: `cargo bench --bench lookup`. The README records the ratios.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use errcat::{ErrorCode, ErrorKind};
use rustc_hash::FxHashMap;

/// The `phf` crate's lookup, as `phf::Map::get` does it.
struct PhfBaseline {
    state: phf_generator::HashState,
    keys: Vec<&'static str>,
}

impl PhfBaseline {
    fn new(keys: Vec<&'static str>) -> Self {
        let state = phf_generator::generate_hash(&keys);
        PhfBaseline { state, keys }
    }

    fn get(&self, key: &str) -> Option<ErrorCode> {
        let hashes = phf_shared::hash(key, &self.state.key);
        let index = phf_shared::get_index(&hashes, &self.state.disps, self.state.map.len());
        let entry = self.state.map[index as usize];
        (self.keys[entry] == key).then(|| ErrorCode::ALL[entry])
    }
}

/// Times `lookup` over every input; generic, so each lookup is inlined into
/// its own loop as it would be in a caller.
fn each(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    inputs: &[String],
    lookup: impl Fn(&str) -> Option<ErrorCode>,
) {
    group.bench_with_input(BenchmarkId::new(name, inputs.len()), inputs, |b, inputs| {
        b.iter(|| {
            for input in inputs {
                black_box(lookup(black_box(input.as_str())));
            }
        })
    });
}

fn codes(c: &mut Criterion) {
    let texts: Vec<&'static str> = ErrorCode::ALL.iter().map(|code| code.code()).collect();
    let std_map: HashMap<&str, ErrorCode> = ErrorCode::ALL
        .iter()
        .map(|&code| (code.code(), code))
        .collect();
    let fx_map: FxHashMap<&str, ErrorCode> = ErrorCode::ALL
        .iter()
        .map(|&code| (code.code(), code))
        .collect();
    let phf = PhfBaseline::new(texts.clone());

    // Inputs live in their own allocations, as text read from a request does.
    let hits: Vec<String> = texts.iter().map(|text| (*text).to_owned()).collect();
    let longest = texts.iter().map(|text| text.len()).max().unwrap_or(0);
    let wrong_length: Vec<String> = hits
        .iter()
        .map(|text| format!("{text:X<width$}", width = longest + 1))
        .collect();
    let unknown_same_length: Vec<String> = hits
        .iter()
        .map(|text| {
            let mut bytes = text.clone().into_bytes();
            let last = bytes.len() - 1;
            bytes[last] = if bytes[last] == b'Z' { b'Y' } else { b'Z' };
            String::from_utf8(bytes).unwrap()
        })
        .collect();

    for (case, inputs) in [
        ("hit", &hits),
        ("miss_wrong_length", &wrong_length),
        ("miss_same_length", &unknown_same_length),
    ] {
        let mut group = c.benchmark_group(format!("parse_code/{case}"));
        group.throughput(Throughput::Elements(inputs.len() as u64));
        each(&mut group, "errcat_from_code", inputs, ErrorCode::from_code);
        if case == "hit" {
            each(&mut group, "errcat_from_str", inputs, |input| {
                input.parse().ok()
            });
        }
        // The loop alone: what every lookup above pays for reading its input.
        each(&mut group, "loop_only", inputs, |input| {
            black_box(input.len());
            None
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

fn tokens(c: &mut Criterion) {
    // Bodies carry tokens in lowercase; the baseline map is given the exact
    // case it was built with, so it does no case folding at all.
    let wire: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|kind| kind.wire_token().to_owned())
        .collect();
    let exact: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|kind| kind.token().to_owned())
        .collect();
    let fx_map: FxHashMap<&str, ErrorKind> = ErrorKind::ALL
        .iter()
        .map(|&kind| (kind.token(), kind))
        .collect();

    let mut group = c.benchmark_group("parse_token");
    group.throughput(Throughput::Elements(wire.len() as u64));
    group.bench_function("errcat_from_token_lowercase", |b| {
        b.iter(|| {
            for input in &wire {
                black_box(ErrorKind::from_token(black_box(input)));
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

criterion_group!(benches, codes, tokens);
criterion_main!(benches);
