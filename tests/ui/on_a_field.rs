#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1202-100002", scenario = "A query parameter failed to parse")]
    BadQuery {
        #[catalogue(input)]
        field: String,
    },
}

fn main() {}
