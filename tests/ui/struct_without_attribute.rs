#[derive(errcat::Catalogued)]
struct LedgerDown;

fn main() {
    // No follow-on error here: the derive still implements the trait.
    let _ = errcat::Catalogued::error_code(&LedgerDown);
}
