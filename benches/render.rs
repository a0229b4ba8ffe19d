//! Rendering the JSON body, beside serde_json on an equivalent derived struct
//! and beside a plain copy of the finished bytes, in the same run.
//!
//! Run: `cargo bench --bench render`. The README records the ratios.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat::{ApiError, ErrorCode};
use serde::Serialize;

/// What a server would otherwise write by hand for the same body.
#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    error_code: &'a str,
    error_description: &'a str,
}

fn with_placeholder(c: &mut Criterion) {
    let code = ErrorCode::MissingHeaderInput;
    let value = "Request-ID";
    let error = ApiError::missing_header_input(value);
    // The baseline gets its description already filled: only serialization
    // is timed on that side, which favours the baseline.
    let description = error.to_string();
    let body = Body {
        error: code.kind().wire(),
        error_code: code.code(),
        error_description: &description,
    };
    assert_eq!(
        serde_json::to_vec(&body).unwrap(),
        error.to_json().into_bytes()
    );

    let mut group = c.benchmark_group("render/with_placeholder");
    let mut out = Vec::with_capacity(256);
    group.bench_function("errcat_write_json", |b| {
        b.iter(|| {
            out.clear();
            black_box(&error).write_json(&mut out);
            black_box(&out);
        })
    });
    group.bench_function("errcat_construct_and_write_json", |b| {
        b.iter(|| {
            out.clear();
            ApiError::missing_header_input(black_box(value)).write_json(&mut out);
            black_box(&out);
        })
    });
    group.bench_function("errcat_serde_json", |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, black_box(&error)).unwrap();
            black_box(&out);
        })
    });
    group.bench_function("serde_json_derived_struct", |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, black_box(&body)).unwrap();
            black_box(&out);
        })
    });
    group.finish();
}

fn without_placeholder(c: &mut Criterion) {
    let error = ApiError::invalid_access_token();
    let finished = error.to_json().into_bytes();
    let description = error.to_string();
    let body = Body {
        error: error.kind().wire(),
        error_code: error.code().code(),
        error_description: &description,
    };

    let mut group = c.benchmark_group("render/without_placeholder");
    let mut out = Vec::with_capacity(256);
    group.bench_function("errcat_write_json", |b| {
        b.iter(|| {
            out.clear();
            black_box(&error).write_json(&mut out);
            black_box(&out);
        })
    });
    group.bench_function("copy_finished_bytes", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(black_box(&finished));
            black_box(&out);
        })
    });
    group.bench_function("serde_json_derived_struct", |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, black_box(&body)).unwrap();
            black_box(&out);
        })
    });
    group.finish();
}

criterion_group!(benches, with_placeholder, without_placeholder);
criterion_main!(benches);
