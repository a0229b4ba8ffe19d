#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003", scenario = "  ")]
    TokenExpired,
}

fn main() {}
