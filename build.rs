//! Generates the error catalogue: `errors.toml` (or the file named by
//! `ERRCAT_CATALOGUE`) becomes `$OUT_DIR/catalogue.rs` and the table in the
//! crate docs. The work happens in `codegen/`; this file only drives it.

#[path = "codegen/mod.rs"]
mod codegen;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diagnostic::Source;

fn main() -> ExitCode {
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
            return ExitCode::FAILURE;
        }
    };
    let source = Source {
        name: &name,
        text: &text,
    };
    match codegen::generate(&source) {
        Ok(generated) => {
            let written = write(&out_dir.join("catalogue.rs"), &generated.code)
                .and_then(|()| write(&out_dir.join("catalogue.md"), &generated.docs));
            if let Err(message) = written {
                println!("cargo::error={message}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                println!("cargo::error={}", diagnostic.display(&source));
            }
            ExitCode::FAILURE
        }
    }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    // Rewriting an unchanged file would make rustc rebuild the crate for nothing.
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}
