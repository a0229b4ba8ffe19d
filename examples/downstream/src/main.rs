//! Uses errcat as a dependent crate does: parse a code from a log, look up
//! its status, answer a request with the catalogue's JSON body.

use errcat::{ApiError, ErrorCode};
use http::StatusCode;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let code: ErrorCode = "GEN-1203-100003".parse()?;
    assert_eq!(code, ErrorCode::InvalidAccessToken);
    assert_eq!(code.status(), StatusCode::UNAUTHORIZED);

    let error = ApiError::missing_header_input("Request-ID");
    let body: serde_json::Value = serde_json::from_str(&error.to_json())?;
    assert_eq!(body["error_code"], "GEN-1201-100001");

    let unknown = "GEN-1203-10003".parse::<ErrorCode>().unwrap_err();
    println!("{} {}", code, code.status().as_u16());
    println!("{}", error.to_json());
    println!("{unknown}");
    Ok(())
}
