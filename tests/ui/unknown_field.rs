#[derive(errcat::Catalogued)]
enum Error {
    #[catalogue(code = "GEN-1201-100002", input = fild, scenario = "A path parameter is missing")]
    MissingParameter { field: String },
}

fn main() {}
