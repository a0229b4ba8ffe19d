use errcat::Catalogued;

#[derive(Debug, Catalogued)]
enum TransferError {
    #[catalogue(module = payments::errors, code = "PIS-1322-000001", scenario = "The debtor account is empty")]
    NoFunds,
}

fn main() {}
