use errcat::Catalogued;

mod nothing {}

#[derive(Debug, Catalogued)]
#[catalogue(module = nothing)]
enum TransferError {
    #[catalogue(code = "PIS-1322-000001", scenario = "The debtor account is empty")]
    NoFunds,
}

fn main() {}
