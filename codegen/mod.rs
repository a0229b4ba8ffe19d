//! The catalogue generator: load, validate, render.
//!
//! `build.rs` drives it; the tests include the same files (`tests/codegen.rs`)
//! and call [`generate`] on fixtures, so every message is pinned by a test.

pub mod diagnostic;
pub mod emit;
pub mod load;
pub mod names;
pub mod phf;
pub mod render;
pub mod template;
pub mod validate;

/// The hash function and probe the runtime uses, so tables built here match.
#[allow(dead_code)]
#[path = "../src/phf.rs"]
pub mod phf_runtime;

/// The Markdown table the library prints, reused for the crate docs.
#[allow(dead_code)]
#[path = "../src/markdown.rs"]
pub mod markdown;

use diagnostic::{Diagnostic, Source};
pub use render::Generated;

/// Turns a catalogue's text into generated code, or every mistake found in it.
/// Mistakes come sorted by their place in the file.
pub fn generate(source: &Source<'_>) -> Result<Generated, Vec<Diagnostic>> {
    let (raw, mut diagnostics) = load::load(source.text)?;
    match validate::validate(source.text, raw) {
        Ok(catalogue) if diagnostics.is_empty() => Ok(render::render(
            &catalogue,
            source.name,
            phf_runtime::fingerprint(source.text.as_bytes()),
        )),
        Ok(_) => Err(diagnostics),
        Err(more) => {
            diagnostics.extend(more);
            diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);
            Err(diagnostics)
        }
    }
}
