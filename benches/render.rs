//! Rendering the JSON body, beside serde_json on an equivalent derived struct
//! and beside a plain copy of the finished bytes, in the same run.
//!
//! Nothing here names a row or a catalogue, so it runs on three in one run:
//! errcat's own (`accounts`), one a crate of its own generated (`payments`)
//! and the scale fixture's (`scale`, as large as ERRCAT_SCALE_CATALOGUE
//! says). The rows timed are each catalogue's first with exactly one
//! placeholder and its first with none (`GEN-1201-100001` and
//! `GEN-1202-100001` in errcat's).
//!
//! Also decoding a known body (`client::Decoder::decode`) beside serde_json
//! deserializing the same bytes into a derived struct of the three members.
//!
//! Then each wire format (`format/<name>/<catalogue>`): writing the body
//! through `WireFormat::write` beside serde_json serializing a derived
//! struct of the same shape with the same values (asserted byte for byte),
//! and reading it back (`Decoder::decode` with the format's `Content-Type`,
//! and `WireFormat::read` alone) beside `serde_json::from_slice` into a
//! derived struct of the body's shape borrowing its strings.
//!
//! Run: `cargo bench --bench render`. The README and docs/performance.md
//! record the ratios.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use errcat::format::{self, ErrorFacts, WireFormat};
use errcat::{ApiError, CatalogueCode, CatalogueKind};
use serde::{Deserialize, Serialize};

/// What a server would otherwise write by hand for the same body.
#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    error_code: &'a str,
    error_description: &'a str,
}

/// Times `render` writing into a buffer that is reused (and cleared) between
/// iterations, as a server reuses its response buffer.
fn into_buffer(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    render: impl Fn(&mut Vec<u8>),
) {
    let mut out = Vec::with_capacity(256);
    group.bench_function(name, |b| {
        b.iter(|| {
            out.clear();
            render(&mut out);
            black_box(&out);
        })
    });
}

/// The catalogue's first code with `placeholders` placeholders.
fn first_with<C: CatalogueCode>(placeholders: usize) -> C {
    C::all()
        .iter()
        .copied()
        .find(|code| code.placeholders().len() == placeholders)
        .unwrap_or_else(|| panic!("the catalogue has no code with {placeholders} placeholders"))
}

/// `code`'s error with `value` for its one placeholder.
fn filled<C: CatalogueCode>(code: C, value: &str) -> ApiError<C> {
    ApiError::with_values(code, [(code.placeholders()[0], value.to_owned())]).unwrap()
}

fn with_placeholder<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let code = first_with::<C>(1);
    let value = "Request-ID";
    let error = filled(code, value);
    // The baseline gets its description already filled: only serialization
    // is timed on that side, which favours the baseline.
    let description = error.description();
    let body = Body {
        error: code.kind().wire_token(),
        error_code: code.code(),
        error_description: &description,
    };
    assert_eq!(
        serde_json::to_vec(&body).unwrap(),
        error.to_json().into_bytes()
    );

    let mut group = c.benchmark_group(format!("render/with_placeholder/{catalogue}"));
    into_buffer(&mut group, "errcat_write_json", |out| {
        black_box(&error).write_json(out);
    });
    into_buffer(&mut group, "errcat_fill_and_write_json", |out| {
        filled(code, black_box(value)).write_json(out);
    });
    into_buffer(&mut group, "errcat_serde_json", |out| {
        serde_json::to_writer(out, black_box(&error)).unwrap();
    });
    into_buffer(&mut group, "serde_json_derived_struct", |out| {
        serde_json::to_writer(out, black_box(&body)).unwrap();
    });
    group.finish();
}

fn without_placeholder<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let error = ApiError::new(first_with::<C>(0)).unwrap();
    let finished = error.to_json().into_bytes();
    let description = error.description();
    let body = Body {
        error: error.kind().wire_token(),
        error_code: error.code().code(),
        error_description: &description,
    };

    let mut group = c.benchmark_group(format!("render/without_placeholder/{catalogue}"));
    into_buffer(&mut group, "errcat_write_json", |out| {
        black_box(&error).write_json(out);
    });
    into_buffer(&mut group, "copy_finished_bytes", |out| {
        out.extend_from_slice(black_box(&finished));
    });
    into_buffer(&mut group, "serde_json_derived_struct", |out| {
        serde_json::to_writer(out, black_box(&body)).unwrap();
    });
    group.finish();
}

/// What a server would otherwise write by hand for an RFC 9457 body.
#[derive(Serialize, Deserialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    type_uri: &'a str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    error: &'a str,
    error_code: &'a str,
}

fn problem<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let code = first_with::<C>(1);
    let error = filled(code, "Request-ID");
    let type_uri = format!("{}{}", C::CATALOGUE.problem_base(), code.code());
    let detail = error.description();
    let body = Problem {
        type_uri: &type_uri,
        title: code.published_description(),
        status: code.status().as_u16(),
        detail: &detail,
        error: code.kind().wire_token(),
        error_code: code.code(),
    };
    assert_eq!(
        serde_json::to_vec(&body).unwrap(),
        error.to_problem_json().into_bytes()
    );

    let mut group = c.benchmark_group(format!("render/problem/{catalogue}"));
    into_buffer(&mut group, "errcat_write_problem_json", |out| {
        black_box(&error).write_problem_json(C::CATALOGUE.problem_base(), out);
    });
    into_buffer(&mut group, "serde_json_derived_struct", |out| {
        serde_json::to_writer(out, black_box(&body)).unwrap();
    });
    group.finish();
}

/// A value full of what must be encoded: errcat percent-encodes it into
/// RFC 6749's set, serde_json escapes it for JSON only.
fn hostile_value<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let value = "x\"\r\n\u{1b}[31m\u{2028}é".repeat(4);
    let code = first_with::<C>(1);
    let error = filled(code, &value);
    // The description with the raw value, which serde_json escapes.
    let placeholder = format!("{{{}}}", code.placeholders()[0]);
    let raw_description = code.description().replace(&placeholder, &value);
    let body = Body {
        error: code.kind().wire_token(),
        error_code: code.code(),
        error_description: &raw_description,
    };

    let mut group = c.benchmark_group(format!("render/hostile_value/{catalogue}"));
    into_buffer(&mut group, "errcat_write_json", |out| {
        black_box(&error).write_json(out);
    });
    into_buffer(&mut group, "serde_json_derived_struct", |out| {
        serde_json::to_writer(out, black_box(&body)).unwrap();
    });
    group.finish();
}

/// What a client would otherwise deserialize an error body into.
#[derive(Deserialize)]
#[allow(dead_code)]
struct OwnedBody {
    error: String,
    error_code: String,
    error_description: String,
}

/// The same struct borrowing from the body: fails on a string with an
/// escape, which an error body may have; for comparison only.
#[derive(Deserialize)]
#[allow(dead_code)]
struct BorrowedBody<'a> {
    error: &'a str,
    error_code: &'a str,
    error_description: &'a str,
}

/// Decoding a known body with a placeholder: errcat matches the token in
/// any case, the code, the template, and percent-decodes the value; the
/// baseline only deserializes the three strings.
fn decode<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let code = first_with::<C>(1);
    let error = filled(code, "Request-ID");
    let body = error.to_json().into_bytes();
    let decoder = errcat::client::Decoder::<C>::for_catalogue();
    let headers = http::HeaderMap::new();
    let status = code.status();
    let decoded = decoder.decode(status, &headers, &body).unwrap();
    assert_eq!(decoded.api_error(), Some(&error.clone().mark_public()));

    let mut group = c.benchmark_group(format!("decode/with_placeholder/{catalogue}"));
    group.bench_function("errcat_client_decode", |b| {
        b.iter(|| black_box(decoder.decode(status, &headers, black_box(&body)).unwrap()))
    });
    group.bench_function("serde_json_derived_struct", |b| {
        b.iter(|| black_box(serde_json::from_slice::<OwnedBody>(black_box(&body)).unwrap()))
    });
    group.bench_function("serde_json_derived_struct_borrowed", |b| {
        b.iter(|| black_box(serde_json::from_slice::<BorrowedBody<'_>>(black_box(&body)).unwrap()))
    });
    group.finish();
}

/// Writing and reading one format's body of `error`, beside serde_json on
/// `shape` (a derived struct of the same shape and values, which must
/// serialize to the same bytes) and `serde_read` (serde_json into a derived
/// struct of the body's shape, borrowing).
fn wire_format<C: CatalogueCode, F: WireFormat + Clone>(
    c: &mut Criterion,
    catalogue: &str,
    wire: &F,
    error: &ApiError<C>,
    shape: &impl Serialize,
    serde_read: impl Fn(&[u8]),
) {
    let mut body = Vec::new();
    wire.write(error, &mut body);
    assert_eq!(
        serde_json::to_vec(shape).unwrap(),
        body,
        "{}: serde_json's bytes differ",
        wire.name()
    );
    serde_read(&body);
    // What a client of the catalogue's API reads: the response says its
    // type; a format the catalogue does not speak is the decoder's own.
    let mut decoder = errcat::client::Decoder::<C>::for_catalogue();
    if !C::CATALOGUE.formats().contains(&wire.name()) {
        decoder = decoder.with_format(wire.clone());
    }
    let mut headers = http::HeaderMap::new();
    let media_type = wire.media_types(C::CATALOGUE).first();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(media_type),
    );
    let status = error.status();
    let decoded = decoder.decode(status, &headers, &body).unwrap();
    assert_eq!(decoded.format(), wire.name());
    assert_eq!(decoded.api_error(), Some(&error.clone().mark_public()));

    let mut group = c.benchmark_group(format!("format/{}/{catalogue}", wire.name()));
    into_buffer(&mut group, "errcat_write", |out| {
        black_box(wire).write(black_box(error), out);
    });
    into_buffer(&mut group, "serde_json_derived_struct", |out| {
        serde_json::to_writer(out, black_box(shape)).unwrap();
    });
    group.bench_function("errcat_client_decode", |b| {
        b.iter(|| black_box(decoder.decode(status, &headers, black_box(&body)).unwrap()))
    });
    group.bench_function("errcat_format_read", |b| {
        b.iter(|| black_box(wire.read(black_box(&body)).unwrap()))
    });
    group.bench_function("serde_json_from_slice_borrowed", |b| {
        b.iter(|| serde_read(black_box(&body)))
    });
    group.finish();
}

/// AIP-193's `google.rpc.Status`, as a server would derive it.
#[derive(Serialize, Deserialize)]
struct Aip<'a> {
    #[serde(borrow)]
    error: AipStatus<'a>,
}

#[derive(Serialize, Deserialize)]
struct AipStatus<'a> {
    code: u16,
    message: &'a str,
    status: &'a str,
    #[serde(borrow)]
    details: Vec<AipInfo<'a>>,
}

#[derive(Serialize, Deserialize)]
struct AipInfo<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    reason: &'a str,
    domain: &'a str,
    #[serde(borrow)]
    metadata: BTreeMap<&'a str, &'a str>,
}

/// A JSON:API error document, as a server would derive it.
#[derive(Serialize, Deserialize)]
struct JsonApi<'a> {
    #[serde(borrow)]
    errors: Vec<JsonApiError<'a>>,
}

#[derive(Serialize, Deserialize)]
struct JsonApiError<'a> {
    status: &'a str,
    code: &'a str,
    title: &'a str,
    detail: &'a str,
    #[serde(borrow)]
    meta: JsonApiMeta<'a>,
}

#[derive(Serialize, Deserialize)]
struct JsonApiMeta<'a> {
    error: &'a str,
}

/// The NextGenPSD2 body, as a server would derive it.
#[derive(Serialize, Deserialize)]
struct Berlin<'a> {
    #[serde(rename = "tppMessages", borrow)]
    tpp_messages: Vec<TppMessage<'a>>,
}

#[derive(Serialize, Deserialize)]
struct TppMessage<'a> {
    category: &'a str,
    code: &'a str,
    text: &'a str,
}

/// Every built-in format on the catalogue's first row with one
/// placeholder, its value `Request-ID`.
fn formats<C: CatalogueCode>(c: &mut Criterion, catalogue: &str) {
    let code = first_with::<C>(1);
    let error = filled(code, "Request-ID");
    let description = error.description();
    let token = code.kind().wire_token();
    let status = code.status().as_u16();

    let oauth = Body {
        error: token,
        error_code: code.code(),
        error_description: &description,
    };
    wire_format(c, catalogue, &format::OAUTH, &error, &oauth, |body| {
        black_box(serde_json::from_slice::<BorrowedBody<'_>>(body).unwrap());
    });

    let type_uri = format!("{}{}", C::CATALOGUE.problem_base(), code.code());
    let problem = Problem {
        type_uri: &type_uri,
        title: code.published_description(),
        status,
        detail: &description,
        error: token,
        error_code: code.code(),
    };
    wire_format(c, catalogue, &format::PROBLEM, &error, &problem, |body| {
        black_box(serde_json::from_slice::<Problem<'_>>(body).unwrap());
    });

    // The rpc status as errcat names it (the mapping is the format's).
    let mut written = Vec::new();
    format::AIP_193.write(&error, &mut written);
    let written: serde_json::Value = serde_json::from_slice(&written).unwrap();
    let key = ErrorFacts::metadata_key(&error, 0);
    let aip = Aip {
        error: AipStatus {
            code: status,
            message: &description,
            status: written["error"]["status"].as_str().unwrap(),
            details: vec![AipInfo {
                kind: "type.googleapis.com/google.rpc.ErrorInfo",
                reason: ErrorFacts::reason(&error),
                domain: C::CATALOGUE.id(),
                metadata: BTreeMap::from([(&*key, "Request-ID")]),
            }],
        },
    };
    wire_format(c, catalogue, &format::AIP_193, &error, &aip, |body| {
        black_box(serde_json::from_slice::<Aip<'_>>(body).unwrap());
    });

    let status_text = status.to_string();
    let json_api = JsonApi {
        errors: vec![JsonApiError {
            status: &status_text,
            code: code.code(),
            title: code.published_description(),
            detail: &description,
            meta: JsonApiMeta { error: token },
        }],
    };
    wire_format(c, catalogue, &format::JSON_API, &error, &json_api, |body| {
        black_box(serde_json::from_slice::<JsonApi<'_>>(body).unwrap());
    });

    let berlin = Berlin {
        tpp_messages: vec![TppMessage {
            category: "ERROR",
            code: ErrorFacts::berlin_group(&error).unwrap_or("FORMAT_ERROR"),
            text: &description,
        }],
    };
    wire_format(
        c,
        catalogue,
        &format::BERLIN_GROUP,
        &error,
        &berlin,
        |body| {
            black_box(serde_json::from_slice::<Berlin<'_>>(body).unwrap());
        },
    );
}

fn catalogue<C: CatalogueCode>(c: &mut Criterion, name: &str) {
    with_placeholder::<C>(c, name);
    without_placeholder::<C>(c, name);
    problem::<C>(c, name);
    hostile_value::<C>(c, name);
    decode::<C>(c, name);
    formats::<C>(c, name);
}

fn catalogues(c: &mut Criterion) {
    catalogue::<errcat::ErrorCode>(c, "accounts");
    catalogue::<payments::errors::ErrorCode>(c, "payments");
    catalogue::<scale::one::ErrorCode>(c, "scale");
}

criterion_group!(benches, catalogues);
criterion_main!(benches);
