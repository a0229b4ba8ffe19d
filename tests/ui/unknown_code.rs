#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-10003", scenario = "The token expired")]
    TokenExpired,
}

fn main() {}
