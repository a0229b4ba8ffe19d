#[derive(errcat::Catalogued)]
#[catalogue(code = "GEN-1203-100003", scenario = "The token expired")]
enum Error {
    #[catalogue(code = "GEN-1203-100003", scenario = "The token expired")]
    TokenExpired,
}

fn main() {}
