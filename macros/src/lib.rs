//! `#[derive(Catalogued)]` for errcat: attach your own error types to the
//! catalogue. Use it through the facade, `errcat::Catalogued`, whose docs
//! describe the attribute.
//!
//! One file a step: `ast.rs` (a typed view of the input that keeps the user's
//! tokens for spans), `attr.rs` (the attribute's syntax), `valid.rs` (its
//! meaning, against the catalogue of `catalogue.rs`), `expand.rs` (the impls)
//! and `fallback.rs` (on error: the errors and a stub impl, so the user sees
//! one error per mistake and nothing that follows from it).

mod ast;
mod attr;
mod catalogue;
mod expand;
mod fallback;
mod valid;

mod codegen;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `errcat::Catalogued`; see that trait for the attribute.
#[proc_macro_derive(Catalogued, attributes(catalogue, source))]
pub fn derive_catalogued(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
