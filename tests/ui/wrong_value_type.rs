#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = 1203100003, scenario = "The token expired")]
    TokenExpired,
    #[catalogue(code = "GEN-1203-100009", scenario = unknown_client)]
    UnknownClient,
}

fn main() {}
