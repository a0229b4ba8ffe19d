//! Response decoding: arbitrary bytes never panic; what decodes to a
//! catalogue error encodes and decodes back to the same error (a value a
//! server sent longer than errcat's wire bound comes back cut, as a prefix
//! marked with `…`), on one log line.
#![no_main]

use errcat::client::{self, Decoded};
use http::{HeaderMap, StatusCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [high, low, body @ ..] => (100 + u16::from_be_bytes([*high, *low]) % 900, body),
        _ => (500, data),
    };
    let status = StatusCode::from_u16(status).expect("100..1000 is a status");
    let Ok(response) = client::decode(status, &HeaderMap::new(), body) else {
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
