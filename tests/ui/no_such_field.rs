#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1201-100001", input = header, scenario = "No Request-ID header")]
    MissingRequestId,
    #[catalogue(code = "GEN-1201-100002", input = 1, scenario = "A query parameter is missing")]
    MissingQuery(String),
}

fn main() {}
