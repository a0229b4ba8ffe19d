//! `#[derive(Catalogued)]` for errcat: attach your own error types to the
//! catalogue. Use it through the facade, `errcat::Catalogued`, whose docs
//! describe the attribute.
//!
//! One file a step: `ast.rs` (a typed view of the input that keeps the user's
//! tokens for spans), `attr.rs` (the attribute's syntax), `catalogue.rs`
//! (the rows of the catalogue the type names), `valid.rs` (the attribute's
//! meaning, against those rows), `expand.rs` (the impls) and `fallback.rs`
//! (on error: the errors and a stub impl, so the user sees one error per
//! mistake and nothing that follows from it).
//!
//! A derive sees only the type it is on, not the catalogue, which another
//! crate may have generated: the derive expands to a call of the catalogue
//! module's own macro, which calls [`derive_catalogued!`] back with the
//! catalogue's rows (see `expand.rs`).

mod ast;
mod attr;
mod catalogue;
mod expand;
mod fallback;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `errcat::Catalogued`; see that trait for the attribute.
#[proc_macro_derive(Catalogued, attributes(catalogue, source))]
pub fn derive(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// The derive's second stage, called back by a catalogue module's macro with
/// its rows and the type. Not an API: reached through `errcat::__private`.
#[doc(hidden)]
#[proc_macro]
pub fn derive_catalogued(input: TokenStream) -> TokenStream {
    expand::expand(input.into()).into()
}
