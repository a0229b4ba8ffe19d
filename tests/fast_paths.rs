//! The fast paths of issue 16 against what they replaced, on every row of
//! a catalogue: tokens in any case through the lowercase perfect hash, codes
//! one byte off, the pre-rendered RFC 9457 body and the table-driven wire
//! encoding against serde_json, and decoding against the body it came from.
//!
//! Generic over the catalogue like tests/roundtrip.rs: it runs on errcat's
//! own catalogue, on the payments crate's and on the scale fixture's, which
//! `scripts/scale-check.sh` builds with 1,000 and 10,000 rows.

use errcat::client::Decoder;
use errcat::{ApiError, CatalogueCode, CatalogueKind};
use http::HeaderMap;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use serde::Serialize;

/// What a server would write by hand for an RFC 9457 body: the reference
/// errcat's bytes must equal.
#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    type_uri: &'a str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    error: &'a str,
    error_code: &'a str,
}

/// Values full of what the wire encoding and JSON escape: quotes, `\`,
/// `%`, control characters, line separators, non-ASCII text, and long ones
/// that are cut.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "(\\PC|[\\x00-\\x1f\\x7f\"\\\\%]|\u{2028}|é){0,40}",
        "[a-z\"%\u{e9}]{500,600}",
        Just(String::new()),
    ]
}

/// `code`'s error with `value` in every placeholder.
fn error_with<C: CatalogueCode>(code: C, value: &str) -> ApiError<C> {
    let values = code
        .placeholders()
        .iter()
        .map(|name| (*name, value.to_owned()));
    ApiError::with_values(code, values).unwrap()
}

/// The problem document serde_json writes for `error`.
fn serde_problem<C: CatalogueCode>(error: &ApiError<C>, base: &str) -> Vec<u8> {
    let code = error.code();
    let type_uri = format!("{base}{}", code.code());
    let detail = error.description();
    serde_json::to_vec(&Problem {
        type_uri: &type_uri,
        title: code.published_description(),
        status: code.status().as_u16(),
        detail: &detail,
        error: code.kind().wire_token(),
        error_code: code.code(),
    })
    .unwrap()
}

/// Checks both bodies of `error` against serde_json, and that decoding
/// either gives the error back; with `must_decode`, that it is decoded as a
/// catalogue error (a value may hold its template's next literal piece,
/// which can make the match fail for a row that repeats a placeholder).
fn check_bodies<C: CatalogueCode>(
    error: &ApiError<C>,
    base: &str,
    must_decode: bool,
) -> Result<(), TestCaseError> {
    let mut body = b"[before]".to_vec();
    error.write_json(&mut body);
    // The Serialize impl goes through `Display` and serde's own escaping:
    // another path to the same bytes.
    let mut expected = b"[before]".to_vec();
    serde_json::to_writer(&mut expected, error).unwrap();
    prop_assert_eq!(&body, &expected);

    let mut problem = b"[before]".to_vec();
    error.write_problem_json(base, &mut problem);
    let mut expected = b"[before]".to_vec();
    expected.extend(serde_problem(error, base));
    prop_assert_eq!(&problem, &expected);

    // A value cut on the wire decodes to its cut form, not to itself: the
    // round trip holds for what was sent.
    let sent = error.description();
    let status = error.status();
    for body in [&body[8..], &problem[8..]] {
        let decoded = Decoder::<C>::for_catalogue()
            .decode(status, &HeaderMap::new(), body)
            .unwrap();
        prop_assert_eq!(decoded.code(), Some(error.code()));
        match decoded.api_error() {
            Some(known) => prop_assert_eq!(known.description(), sent.clone()),
            None => prop_assert!(!must_decode, "{:?}", decoded),
        }
    }
    Ok(())
}

/// A token with each letter's case chosen by `mask`.
fn recased(token: &str, mask: u128) -> String {
    token
        .chars()
        .enumerate()
        .map(|(at, c)| {
            if mask >> (at % 128) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

macro_rules! for_each_catalogue {
    ($($test:ident),* $(,)?) => {
        mod accounts {
            $(#[test] fn $test() { super::$test::<errcat::ErrorCode>(); })*
        }
        mod payments {
            $(#[test] fn $test() { super::$test::<payments::errors::ErrorCode>(); })*
        }
        mod scale {
            $(#[test] fn $test() { super::$test::<scale::one::ErrorCode>(); })*
        }
    };
}

for_each_catalogue!(
    every_token_parses_in_any_case_and_nothing_else_does,
    every_code_parses_and_no_code_one_byte_off_does,
    every_row_writes_both_bodies_as_serde_json_does,
    any_value_and_base_write_both_bodies_as_serde_json_does,
);

fn every_token_parses_in_any_case_and_nothing_else_does<C: CatalogueCode>() {
    let mut runner = TestRunner::new(Config::with_cases(64));
    for &kind in C::Kind::all() {
        let token = kind.wire_token();
        runner
            .run(&any::<u128>(), |mask| {
                let input = recased(token, mask);
                prop_assert_eq!(C::Kind::from_token(&input), Some(kind), "{}", input);
                Ok(())
            })
            .unwrap();
        // A byte changed in a bit that case does not explain: `_` and
        // digits to control characters or DEL, letters to other letters.
        for at in 0..token.len() {
            for flip in [0x01u8, 0x20, 0x40, 0x80] {
                let mut bytes = token.to_ascii_uppercase().into_bytes();
                bytes[at] ^= flip;
                let Ok(input) = String::from_utf8(bytes) else {
                    continue;
                };
                let same = input.eq_ignore_ascii_case(token);
                let found = C::Kind::from_token(&input);
                if same {
                    assert_eq!(found, Some(kind), "{input:?}");
                } else {
                    assert!(
                        found.is_none_or(|other| other.wire_token().eq_ignore_ascii_case(&input)),
                        "{input:?} parsed as {found:?}"
                    );
                }
            }
        }
    }
}

fn every_code_parses_and_no_code_one_byte_off_does<C: CatalogueCode>() {
    for &code in C::all() {
        let text = code.code();
        assert_eq!(C::from_code(text), Some(code));
        assert_eq!(C::from_code(&text.to_ascii_lowercase()), None, "{text}");
        for at in 0..text.len() {
            let mut bytes = text.as_bytes().to_vec();
            bytes[at] ^= 0x01;
            let input = String::from_utf8(bytes).unwrap();
            assert!(
                C::from_code(&input).is_none_or(|other| other.code() == input),
                "{input}"
            );
        }
        assert_eq!(C::from_code(&text[..text.len() - 1]), None, "{text}");
        assert_eq!(C::from_code(&format!("{text}0")).map(C::code), None);
    }
}

fn every_row_writes_both_bodies_as_serde_json_does<C: CatalogueCode>() {
    let value = "x\"\r\n\u{1b}[31m\u{2028}é%41\\".repeat(4);
    for &code in C::all() {
        for base in [C::CATALOGUE.problem_base(), "https://api.example.com/p/"] {
            check_bodies(&error_with(code, &value), base, true).unwrap();
            check_bodies(&error_with(code, "Request-ID"), base, true).unwrap();
        }
    }
}

fn any_value_and_base_write_both_bodies_as_serde_json_does<C: CatalogueCode>() {
    let mut runner = TestRunner::new(Config::with_cases(512));
    runner
        .run(
            &(any::<Index>(), hostile(), hostile()),
            |(row, value, base)| {
                let code = C::all()[row.index(C::all().len())];
                check_bodies(&error_with(code, &value), &base, false)?;
                check_bodies(&error_with(code, &value).mark_public(), "/problems/", false)
            },
        )
        .unwrap();
}
