#[derive(Debug)]
struct Io;

impl std::fmt::Display for Io {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("io")
    }
}

#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003", scenario = "The token expired")]
    #[catalogue(code = "GEN-1203-100009", scenario = "The client is unknown")]
    TokenExpired,
    #[catalogue(code = "GEN-1206-100004", scenario = "The ledger is down")]
    LedgerDown(#[source] Io, #[source] Io),
}

fn main() {}
