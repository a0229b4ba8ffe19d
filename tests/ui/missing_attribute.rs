#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1203-100003", scenario = "The token expired")]
    TokenExpired,
    Forgotten,
}

fn main() {
    // No follow-on error here: the derive still implements the trait.
    let _ = errcat::Catalogued::error_code(&Error::TokenExpired);
}
