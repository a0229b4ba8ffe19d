#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue]
    TokenExpired,
    #[catalogue = "GEN-1203-100009"]
    UnknownClient,
}

fn main() {}
