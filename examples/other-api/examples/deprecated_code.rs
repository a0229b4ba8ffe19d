//! Naming a deprecated code warns, with the catalogue's note, at the name:
//! in a derive's attribute, as a string or as a variant, and as a
//! constructor. `tests/downstream.rs` builds this and reads the warnings.

use errcat::{ApiError, Catalogued, ErrorCode};

#[derive(Debug, Catalogued)]
enum PaymentsError {
    #[catalogue(code = "ACC-409-000000", scenario = "An old client retried a payment")]
    Retried,
    #[catalogue(code = ErrorCode::DuplicatePayment, scenario = "An old client retried twice")]
    RetriedTwice,
}

fn main() {
    println!("{}", PaymentsError::Retried.api_error());
    println!("{}", PaymentsError::RetriedTwice.error_code());
    println!("{}", ApiError::duplicate_payment());
}
