//! Code and token parsing: never panics, never parses to a code whose text
//! is not exactly the (trimmed) input, and suggestions are always codes.
#![no_main]

use errcat::{ErrorCode, ErrorKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<ErrorCode>() {
        Ok(code) => assert_eq!(code.code(), text.trim()),
        Err(error) => {
            let _ = error.to_string();
            if let Some(nearest) = error.suggestion() {
                assert!(ErrorCode::ALL.contains(&nearest));
            }
        }
    }
    if let Some(code) = ErrorCode::from_code(text) {
        assert_eq!(code.code(), text);
    }
    if let Ok(kind) = text.parse::<ErrorKind>() {
        assert!(kind.token().eq_ignore_ascii_case(text.trim()));
    }
});
