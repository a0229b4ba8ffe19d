//! Response decoding: arbitrary bytes never panic; what decodes to a
//! catalogue error encodes and decodes back to the same error, on one log
//! line.
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
            assert_eq!(back.api_error(), Some(error), "{again}");
        }
    }
});
