//! Derives against its own catalogue: the codes below exist only in this
//! crate's errors.toml.

use errcat::{Catalogued, ErrorCode};

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
    println!("{}", PaymentsError::UnknownAccount { id: 42 }.api_error().to_json());
    println!("{}", PaymentsError::Duplicate("p-7".into()).api_error());
}
