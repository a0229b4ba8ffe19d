#[derive(errcat::Catalogued)]
union Raw {
    code: u32,
    status: u16,
}

fn main() {}
