//! Response decoding: arbitrary bytes never panic; what decodes to a
//! catalogue error encodes and decodes back to the same error (a value a
//! server sent longer than errcat's wire bound comes back cut, as a prefix
//! marked with `…`), on one log line; and the decoder's one-pass reader
//! agrees with serde_json on what is an error body and what it says.
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
            (Ok(response), Some(reference)) => {
                assert_eq!(response.code(), ErrorCode::from_code(&reference.error_code));
                if let Decoded::Unknown(raw) = response.decoded() {
                    assert_eq!(raw.error(), reference.error.as_deref().unwrap_or(""));
                    assert_eq!(raw.error_code(), reference.error_code);
                    let description = reference.error_description.or(reference.detail);
                    assert_eq!(
                        raw.error_description(),
                        description.as_deref().unwrap_or("")
                    );
                }
            }
            (Err(_), None) => {}
            (decoded, reference) => panic!(
                "decoding gave {decoded:?}, serde {}",
                if reference.is_some() {
                    "a body"
                } else {
                    "none"
                }
            ),
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
