//! Prints every code of whatever catalogue errcat was built from, so a test
//! can build errcat with `ERRCAT_CATALOGUE` and see what it got.

fn main() {
    for code in errcat::ErrorCode::ALL {
        println!("{} {} {} {:?}", code.status().as_u16(), code.kind().token(), code.code(), code);
    }
}
