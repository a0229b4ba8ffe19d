//! Derives against its own catalogue: the codes below exist only in this
//! crate's errors.toml, one of them deprecated. Builds without a warning.

use errcat::{ApiError, Catalogued, ErrorCode};

#[derive(Debug, Catalogued)]
enum PaymentsError {
    #[catalogue(code = "ACC-404-000001", account_id = id, scenario = "The debtor account is closed")]
    UnknownAccount { id: u64 },
    #[catalogue(code = ErrorCode::PaymentAlreadySubmitted, payment_id = _0, scenario = "The client retried a payment")]
    Duplicate(String),
}

fn main() {
    for code in ErrorCode::ALL {
        println!("{} {}", code, code.status().as_u16());
    }
    println!(
        "{}",
        PaymentsError::UnknownAccount { id: 42 }
            .api_error()
            .to_json()
    );
    println!("{}", PaymentsError::Duplicate("p-7".into()).api_error());

    // A deprecated code still parses and renders, so that old logs and old
    // servers keep working; only naming its variant or constructor warns
    // (examples/deprecated_code.rs).
    let retired: ErrorCode = "ACC-409-000000".parse().expect("a deprecated code parses");
    let error = ApiError::new(retired).expect("the code has no placeholders");
    println!(
        "{} {}",
        error.to_json(),
        retired.deprecation().unwrap_or("-")
    );
    let table = errcat::table::markdown(&[retired]);
    println!("{}", table.lines().nth(2).unwrap_or_default());
    let json = errcat::table::json(&[retired]);
    let field = json.lines().find(|line| line.contains("\"deprecated\""));
    println!("{}", field.unwrap_or_default().trim());

    // And an old server's body with it still decodes to a catalogue error.
    let body = error.to_json();
    let decoded = errcat::client::decode(
        http::StatusCode::CONFLICT,
        &http::HeaderMap::new(),
        body.as_bytes(),
    )
    .expect("an error body");
    println!("decoded {:?}", decoded.code().map(ErrorCode::code));
}
