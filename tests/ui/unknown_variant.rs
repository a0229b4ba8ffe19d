use errcat::ErrorCode;

#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = ErrorCode::InvalidAcessToken, scenario = "The token expired")]
    TokenExpired,
}

fn main() {}
