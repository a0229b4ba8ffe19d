//! Generates the error catalogue: `errors.toml` (or the file named by
//! `ERRCAT_CATALOGUE`) becomes `$OUT_DIR/catalogue.rs`, the tables it
//! includes, and the table in the crate docs. The work happens in `codegen/`;
//! this file only drives it.

#[path = "codegen/mod.rs"]
mod codegen;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::diagnostic::Source;

/// Always exits 0: failures are reported with `cargo::error`, which fails the
/// build and prints each message once, where a non-zero exit would make cargo
/// dump the script's whole output after them.
fn main() {
    println!("cargo::rerun-if-env-changed=ERRCAT_CATALOGUE");
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());

    // A relative ERRCAT_CATALOGUE is taken from errcat's own directory; give an
    // absolute path (or `relative = true` in .cargo/config.toml's [env]).
    let (path, name) = match env::var_os("ERRCAT_CATALOGUE").filter(|value| !value.is_empty()) {
        Some(value) => (
            manifest_dir.join(&value),
            value.to_string_lossy().into_owned(),
        ),
        None => (manifest_dir.join("errors.toml"), "errors.toml".to_owned()),
    };
    println!("cargo::rerun-if-changed={}", path.display());

    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            println!(
                "cargo::error={name}:1:1: cannot read the error catalogue ({error}): expected a TOML file at {}",
                path.display()
            );
            return;
        }
    };
    let source = Source {
        name: &name,
        text: &text,
    };
    match codegen::generate(&source) {
        Ok(generated) => {
            let mut files = vec![
                (out_dir.join("catalogue.rs"), generated.code.into_bytes()),
                (out_dir.join("catalogue.md"), generated.docs.into_bytes()),
            ];
            for table in &generated.tables {
                files.push((out_dir.join(table.file()), table.bytes()));
            }
            for (path, contents) in files {
                if let Err(message) = write(&path, &contents) {
                    println!("cargo::error={message}");
                }
            }
        }
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                println!("cargo::error={}", diagnostic.display(&source));
            }
        }
    }
}

fn write(path: &Path, contents: &[u8]) -> Result<(), String> {
    // Rewriting an unchanged file would make rustc rebuild the crate for nothing.
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}
