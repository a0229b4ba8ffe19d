#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003")]
    TokenExpired,
    #[catalogue(code = "GEN-1203-100009", scenaro = "Unknown client")]
    UnknownClient,
}

fn main() {}
