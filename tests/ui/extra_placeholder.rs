#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003", input = "Authorization", scenario = "The token expired")]
    TokenExpired,
}

fn main() {}
