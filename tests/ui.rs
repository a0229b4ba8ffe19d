//! Every compile error of `#[derive(Catalogued)]`, with the message the user
//! sees (`tests/ui/*.stderr`). After changing a message on purpose, refresh
//! them with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn derive_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
