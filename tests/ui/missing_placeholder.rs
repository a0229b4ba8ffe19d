#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1201-100001", scenario = "No Request-ID header")]
    MissingRequestId,
}

fn main() {}
