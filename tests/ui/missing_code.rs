#[derive(errcat::Catalogued)]
#[catalogue(scenario = "The ledger is down")]
struct LedgerDown;

fn main() {}
