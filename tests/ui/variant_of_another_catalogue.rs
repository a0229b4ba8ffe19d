// Both catalogues have a row named `InvalidJwt`, but the path names the
// Account API's enum: rustc refuses it for a type of the Payment API.
use errcat::Catalogued;

#[derive(Debug, Catalogued)]
#[catalogue(module = payments::errors)]
enum TransferError {
    #[catalogue(code = errcat::ErrorCode::InvalidJwt, scenario = "The PIS token is invalid")]
    BadToken,
}

fn main() {}
