//! The bodies of the built-in wire formats, checked against the standards'
//! own artefacts rather than against errcat's reading of them
//! (tests/peers/formats.py, with PYTHONPATH=target/pytools):
//!
//! - AIP-193: Google's protobuf JSON parser reads each body into
//!   `google.rpc.Status` with its `google.rpc.ErrorInfo` (Python packages
//!   `protobuf` and `googleapis-common-protos`), plus AIP-193's rules for
//!   reasons and metadata;
//! - JSON:API: the JSON:API 1.1 schema of errors, with `jsonschema`;
//! - Berlin Group: the NextGenPSD2 OpenAPI file's `ErrorNNN_NG_AIS` and
//!   `ErrorNNN_NG_PIS` schemas, with `jsonschema`;
//! - OAuth-style and problem: RFC 6749's character sets, RFC 9457's members.
//!
//! Every row of errcat's, the payments crate's and the scale fixture's
//! catalogue is written in every built-in format, those its catalogue does
//! not speak included, with every hostile value. The tools are installed by
//! `scripts/install-test-tools.sh`, which runs when one is missing.

#[path = "support/bodies.rs"]
mod bodies;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use errcat::CatalogueCode;
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pytools() -> PathBuf {
    root().join("target/pytools")
}

/// The peers, installed by the project's script when missing.
fn ensure_peers() {
    let present = || {
        Command::new("python3")
            .args([
                "-c",
                "import google.rpc.error_details_pb2, google.protobuf.json_format, jsonschema",
            ])
            .env("PYTHONPATH", pytools())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !present() {
        let status = Command::new("bash")
            .arg(root().join("scripts/install-test-tools.sh"))
            .status()
            .expect("bash runs");
        assert!(status.success(), "scripts/install-test-tools.sh failed");
        assert!(
            present(),
            "protobuf, googleapis-common-protos or jsonschema is still missing"
        );
    }
}

/// What tests/peers/formats.py finds wrong with each case, by label.
fn check(cases: &[Value]) -> Vec<(String, Vec<String>)> {
    ensure_peers();
    let mut child = Command::new("python3")
        .arg(root().join("tests/peers/formats.py"))
        .env("PYTHONPATH", pytools())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut input = Vec::new();
    for case in cases {
        serde_json::to_writer(&mut input, case).unwrap();
        input.push(b'\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "tests/peers/formats.py failed");
    let verdicts: Vec<(String, Vec<String>)> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let verdict: Value = serde_json::from_str(line).unwrap();
            let errors = verdict["errors"].as_array().unwrap();
            (
                verdict["label"].as_str().unwrap().to_owned(),
                errors
                    .iter()
                    .map(|e| e.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(verdicts.len(), cases.len(), "a verdict for every body");
    verdicts
}

/// A case for tests/peers/formats.py.
fn case(label: String, format: &str, status: u16, service: &str, code: &str, body: &str) -> Value {
    json!({ "label": label, "format": format, "status": status, "service": service, "code": code, "body": body })
}

/// Every row of `C`'s catalogue in every built-in format with every
/// hostile value.
fn cases<C: CatalogueCode>() -> Vec<Value> {
    let catalogue = C::CATALOGUE;
    let service = catalogue.berlin_group_service();
    let seeds = bodies::hostile_values().len();
    let mut cases = Vec::new();
    for &code in C::all() {
        for format in bodies::formats() {
            for seed in 0..seeds {
                let body = bodies::body(code, format, seed);
                let label = format!(
                    "{} {} {} values {seed}",
                    catalogue.id(),
                    code.code(),
                    format.name()
                );
                cases.push(case(
                    label,
                    format.name(),
                    code.status().as_u16(),
                    service,
                    code.code(),
                    &body,
                ));
            }
        }
    }
    cases
}

fn every_body_passes<C: CatalogueCode>() {
    let cases = cases::<C>();
    let failures: Vec<String> = check(&cases)
        .into_iter()
        .filter(|(_, errors)| !errors.is_empty())
        .map(|(label, errors)| format!("{label}: {}", errors.join("; ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} bodies fail their standard's check:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_body_of_errcats_catalogue_passes_its_standard() {
    every_body_passes::<errcat::ErrorCode>();
}

#[test]
fn every_body_of_the_payments_catalogue_passes_its_standard() {
    every_body_passes::<payments::errors::ErrorCode>();
}

/// The scale fixture's catalogue: `scripts/scale-check.sh` runs it with
/// 1,000 and 10,000 rows.
mod scale {
    #[test]
    fn every_body_passes_its_standard() {
        super::every_body_passes::<::scale::one::ErrorCode>();
    }
}

/// A good body of `format` for the first row of errcat's catalogue whose
/// status is `status`, as JSON, for the tests that break it.
fn good(format: &str, status: u16) -> (Value, &'static str) {
    let code = *errcat::ErrorCode::all()
        .iter()
        .find(|code| code.status().as_u16() == status)
        .unwrap();
    let format = errcat::format::builtin(format).unwrap();
    (
        serde_json::from_str(&bodies::body(code, format, 0)).unwrap(),
        code.code(),
    )
}

#[test]
fn the_checks_reject_bodies_that_break_the_standards() {
    let mut wrong = Vec::new();
    let mut push = |what: &str, format: &str, status: u16, code: &str, body: Value| {
        wrong.push(case(
            what.to_owned(),
            format,
            status,
            "ais",
            code,
            &body.to_string(),
        ));
    };
    // AIP-193: a reason not in UPPER_SNAKE_CASE, one too long, a metadata
    // key in snake_case, a value missing from the message, a status that
    // maps to another HTTP status, a member Status does not have, a reason
    // naming two codes.
    let (body, code) = good("aip-193", 400);
    let mut edit = |what: &str, pointer: &str, value: Value| {
        let mut body = body.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        push(what, "aip-193", 400, code, body);
    };
    edit(
        "lowercase reason|breaks AIP-193's rule",
        "/error/details/0/reason",
        json!("Missing_Header_Input"),
    );
    edit(
        "long reason|breaks AIP-193's rule",
        "/error/details/0/reason",
        json!("A".repeat(64)),
    );
    edit(
        "snake key|is not lowerCamelCase",
        "/error/details/0/metadata",
        json!({ "header_name": "x" }),
    );
    edit(
        "value not in message|is not in the message",
        "/error/details/0/metadata",
        json!({ "input": "absent" }),
    );
    edit(
        "wrong rpc status|maps to HTTP 404, not 400",
        "/error/status",
        json!("NOT_FOUND"),
    );
    edit(
        "unknown rpc status|is no google.rpc.Code",
        "/error/status",
        json!("BAD"),
    );
    edit(
        "unknown member|not a google.rpc.Status",
        "/error/details/0",
        {
            let mut detail = body["error"]["details"][0].clone();
            detail["severity"] = json!("high");
            detail
        },
    );
    edit(
        "wrong detail type|not a google.rpc.Status",
        "/error/details/0/@type",
        json!("type.googleapis.com/google.rpc.Help"),
    );
    let (other, other_code) = good("aip-193", 404);
    let mut same_reason = other.clone();
    same_reason["error"]["details"][0]["reason"] = body["error"]["details"][0]["reason"].clone();
    push(
        "reason of two codes (first)|",
        "aip-193",
        400,
        code,
        body.clone(),
    );
    push(
        "reason of two codes|also names",
        "aip-193",
        404,
        other_code,
        same_reason,
    );
    // JSON:API: a status as a number, a member the specification has not.
    let (body, code) = good("json-api", 400);
    let mut number = body.clone();
    number["errors"][0]["status"] = json!(400);
    push(
        "JSON:API status as a number|is not of type 'string'",
        "json-api",
        400,
        code,
        number,
    );
    let mut extra = body.clone();
    extra["errors"][0]["message"] = json!("not a member");
    push(
        "JSON:API unknown member|Additional properties are not allowed",
        "json-api",
        400,
        code,
        extra,
    );
    let mut data = body.clone();
    data["data"] = json!(null);
    push(
        "JSON:API data beside errors|should not be valid",
        "json-api",
        400,
        code,
        data,
    );
    // Berlin Group: a code the standard does not allow for the status, a
    // category it does not have, a text too long, no text.
    let (body, code) = good("berlin-group", 400);
    let mut edit = |what: &str, member: &str, value: Option<Value>| {
        let mut body = body.clone();
        let message = body["tppMessages"][0].as_object_mut().unwrap();
        match value {
            Some(value) => message.insert(member.to_owned(), value),
            None => message.remove(member),
        };
        push(what, "berlin-group", 400, code, body);
    };
    edit(
        "BG code not for 400|'TOKEN_INVALID' is not one of",
        "code",
        Some(json!("TOKEN_INVALID")),
    );
    edit(
        "BG PIS code in AIS|'PAYMENT_FAILED' is not one of",
        "code",
        Some(json!("PAYMENT_FAILED")),
    );
    edit(
        "BG category|'FATAL' is not one of",
        "category",
        Some(json!("FATAL")),
    );
    edit(
        "BG long text|is too long",
        "text",
        Some(json!("x".repeat(501))),
    );
    edit("BG no text|'text' is a required property", "text", None);
    // Each label ends in what the check must say: nothing for the one
    // good body.
    for (label, errors) in check(&wrong) {
        let (_, expected) = label.split_once('|').unwrap();
        if expected.is_empty() {
            assert!(errors.is_empty(), "{label}: {errors:?}");
        } else {
            assert!(
                errors.iter().any(|error| error.contains(expected)),
                "{label}: the check did not say so: {errors:?}"
            );
        }
    }
}
