// A type attached to the Payment API's catalogue: codes are checked against
// that catalogue, and the suggestion comes from it.
use errcat::Catalogued;

#[derive(Debug, Catalogued)]
#[catalogue(module = payments::errors)]
enum TransferError {
    #[catalogue(code = "PIS-1322-00001", scenario = "The debtor account is empty")]
    NoFunds,
    // An Account API code the Payment API does not have.
    #[catalogue(code = "B14800ZZ-3002-000000", scenario = "No such account")]
    NoAccount,
    #[catalogue(code = payments::errors::ErrorCode::InsuficientFunds, scenario = "Empty")]
    Empty,
}

fn main() {}
