//! Response decoding: arbitrary bytes never panic; what decodes to a
//! catalogue error encodes and decodes back to the same error (a value a
//! server sent longer than errcat's wire bound comes back cut, as a prefix
//! marked with `…`), on one log line; and what the decoder reads as the
//! OAuth-style body or the problem document agrees with serde_json on what
//! it says.
#![no_main]

use errcat::ErrorCode;
use errcat::client::{self, Decoded};
use http::{HeaderMap, StatusCode};
use libfuzzer_sys::fuzz_target;

/// The members an error body has, as serde_json reads them: the reference
/// for the decoder, which reads flat bodies without serde.
#[derive(serde::Deserialize)]
struct Reference {
    error: Option<String>,
    error_code: String,
    error_description: Option<String>,
    detail: Option<String>,
}

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [high, low, body @ ..] => (100 + u16::from_be_bytes([*high, *low]) % 900, body),
        _ => (500, data),
    };
    let status = StatusCode::from_u16(status).expect("100..1000 is a status");
    let decoded = client::decode(status, &HeaderMap::new(), body);
    if body.len() <= client::DEFAULT_BODY_LIMIT {
        let reference = serde_json::from_slice::<Reference>(body).ok();
        match (&decoded, reference) {
            (Ok(response), Some(reference)) if matches!(response.format(), "oauth" | "problem") => {
                if let Decoded::Unknown(raw) = response.decoded() {
                    assert_eq!(raw.token(), reference.error.as_deref().unwrap_or(""));
                    assert_eq!(raw.code_text(), reference.error_code);
                    let description = reference.error_description.or(reference.detail);
                    assert_eq!(raw.description(), description.as_deref().unwrap_or(""));
                } else {
                    assert_eq!(response.code(), ErrorCode::from_code(&reference.error_code));
                }
            }
            // Another format read the body first: the reference says
            // nothing of it.
            (Ok(_), _) => {}
            (Err(_), None) => {}
            (Err(error), Some(_)) => panic!("decoding gave {error:?}, serde a body"),
        }
    }
    let Ok(response) = decoded else {
        return;
    };
    let line = response.to_string();
    assert!(!line.contains(['\n', '\r']), "{line:?}");
    if let Decoded::Known(error) = response.decoded() {
        for again in [error.to_json(), error.to_problem_json()] {
            let back = client::decode(status, &HeaderMap::new(), again.as_bytes())
                .expect("a body errcat wrote decodes");
            let back = back
                .api_error()
                .expect("a body errcat wrote is a catalogue error");
            assert_eq!(back.code(), error.code());
            for ((_, sent), (_, got)) in error.values().zip(back.values()) {
                if got != sent {
                    let kept = got.strip_suffix('…').unwrap_or_else(|| panic!("{again}"));
                    assert!(sent.starts_with(kept), "{again}");
                }
            }
        }
    }
});
