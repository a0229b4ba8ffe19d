//! "Did you mean", beside the rule applied to every code (errcat-core's
//! `suggest::closest`, what every suggestion cost before the index), at 27
//! codes (errcat's own catalogue, through `ParseCodeError::suggestion`),
//! the scale fixture's codes (examples/scale, through the same; 10,000 with
//! `ERRCAT_SCALE_CATALOGUE` naming a catalogue of that size), and 10,000
//! and 65,535 codes made at run time in the shape of
//! `scripts/generate-catalogue.py`'s, through `suggest::Index` as the
//! command builds it for a catalogue it loads.
//!
//! The queries, fixed in advance by a seeded generator, in two rows: a
//! code with one typo (a letter or digit changed, dropped, added, or two
//! swapped), what "did you mean" is for; and a code with three, the
//! costlier case, where the search must look at every code within the
//! edit limit of the input (at 15 and 20 characters, three edits) before
//! it can say which is nearest, or that none is near.
//!
//! Run: `cargo bench --bench suggest`. docs/performance.md records the
//! ratios.

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use errcat::{CatalogueCode, ParseCodeError};
use errcat_core::suggest::{Index, closest};

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

/// The codes of `scripts/generate-catalogue.py ROWS`, in its order.
fn generated(rows: usize) -> Vec<String> {
    (0..rows)
        .map(|i| {
            if i % 2 == 1 {
                format!("GEN-{:04}-{:06}", 1200 + i % 97, 100_000 + i)
            } else {
                format!("B{:05}ZZ-{:04}-{i:06}", 14_000 + i % 900, i % 10_000)
            }
        })
        .collect()
}

/// `count` unknown inputs near `codes`: a code with `edits` typos, that is
/// no code of the list.
fn queries(codes: &[&str], count: usize, edits: usize, random: &mut Random) -> Vec<String> {
    let known: HashSet<&str> = codes.iter().copied().collect();
    let mut queries = Vec::with_capacity(count);
    while queries.len() < count {
        let query = typo(codes, edits, random);
        if !known.contains(query.as_str()) {
            queries.push(query);
        }
    }
    queries
}

/// A code of `codes` with `edits` typos.
fn typo(codes: &[&str], edits: usize, random: &mut Random) -> String {
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut bytes = codes[random.below(codes.len())].as_bytes().to_vec();
    for _ in 0..edits {
        let at = random.below(bytes.len() - 1);
        let byte = alphabet[random.below(alphabet.len())];
        match random.below(4) {
            0 => bytes[at] = byte,
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, byte),
            _ => bytes.swap(at, at + 1),
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// The suggestion for each query through a catalogue's parse error (its
/// index built before timing), beside the rule over every code.
fn compiled<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let codes: Vec<&str> = C::all().iter().map(|code| code.code()).collect();
    let mut random = Random(0x5EED);
    for edits in [1, 3] {
        let inputs = queries(&codes, 64, edits, &mut random);
        let errors: Vec<ParseCodeError<C>> = inputs
            .iter()
            .map(|input| C::parse_code(input).unwrap_err())
            .collect();
        // The index is built at the first suggestion: before timing.
        black_box(errors[0].suggestion());
        let mut group = c.benchmark_group(format!("suggest/typos_{edits}/{catalogue}"));
        group.throughput(Throughput::Elements(inputs.len() as u64));
        group.bench_function(BenchmarkId::new("errcat_parse_error", codes.len()), |b| {
            b.iter(|| {
                for error in &errors {
                    black_box(error.suggestion());
                }
            })
        });
        // Every code, for a few of the queries at ten thousand codes.
        let few = if codes.len() > 1000 { 8 } else { inputs.len() };
        if few < inputs.len() {
            group.sample_size(10);
        }
        linear(&mut group, &codes, &inputs[..few]);
        group.finish();
    }
}

fn linear(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    codes: &[&str],
    inputs: &[String],
) {
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function(BenchmarkId::new("every_code", codes.len()), |b| {
        b.iter(|| {
            for input in inputs {
                black_box(closest(black_box(input), codes.iter().copied()));
            }
        })
    });
}

/// The same through an index made at run time, as the command makes one
/// for a catalogue it loads.
fn loaded(c: &mut Criterion, rows: usize) {
    let owned = generated(rows);
    let codes: Vec<&str> = owned.iter().map(String::as_str).collect();
    let index = Index::new(codes.iter().copied());
    let mut random = Random(0x5EED);
    for edits in [1, 3] {
        let inputs = queries(&codes, 64, edits, &mut random);
        let mut group = c.benchmark_group(format!("suggest/typos_{edits}/loaded_{rows}"));
        group.throughput(Throughput::Elements(inputs.len() as u64));
        group.bench_function(BenchmarkId::new("errcat_index", rows), |b| {
            b.iter(|| {
                for input in &inputs {
                    black_box(index.closest(black_box(input)));
                }
            })
        });
        // Every code, for a few of the queries: a second or more for all 64.
        group.sample_size(10);
        linear(&mut group, &codes, &inputs[..8]);
        group.finish();
    }
}

fn suggestions(c: &mut Criterion) {
    compiled::<errcat::ErrorCode>(c, "accounts");
    compiled::<scale::one::ErrorCode>(c, "scale");
    loaded(c, 10_000);
    loaded(c, 65_535);
}

criterion_group!(benches, suggestions);
criterion_main!(benches);
