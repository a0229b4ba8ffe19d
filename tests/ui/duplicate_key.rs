#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003", scenario = "The token expired", scenario = "Again")]
    TokenExpired,
}

fn main() {}
