//! The catalogue the codes are checked against: the file errcat's build
//! script reads (`ERRCAT_CATALOGUE`, or errcat's `errors.toml`), loaded and
//! validated by the same code, once per compiler process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::codegen::diagnostic::{Source, closest};
use crate::codegen::phf_runtime::fingerprint;
use crate::codegen::{load, validate};

pub use crate::codegen::validate::Row;

pub struct Catalogue {
    pub rows: Vec<Row>,
    /// Of the file's text; errcat's generated code holds the same number.
    pub fingerprint: u64,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl Catalogue {
    pub fn by_code(&self, code: &str) -> Option<&Row> {
        self.by_code.get(code).map(|&index| &self.rows[index])
    }

    pub fn by_name(&self, name: &str) -> Option<&Row> {
        self.by_name.get(name).map(|&index| &self.rows[index])
    }

    /// The code closest to a wrong one, ignoring case.
    pub fn nearest_code(&self, wrong: &str) -> Option<&str> {
        let upper = wrong.to_ascii_uppercase();
        closest(&upper, self.rows.iter().map(|row| row.code.as_str()))
    }

    /// The variant name closest to a wrong one.
    pub fn nearest_name(&self, wrong: &str) -> Option<&str> {
        closest(wrong, self.rows.iter().map(|row| row.name.as_str()))
    }
}

/// The catalogue, or why it could not be read.
pub fn get() -> Result<&'static Catalogue, &'static str> {
    static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    CATALOGUE.get_or_init(read).as_ref().map_err(String::as_str)
}

fn read() -> Result<Catalogue, String> {
    // errcat's directory: this crate lives in its `macros/` folder. Resolved as
    // errcat's build script resolves it.
    let errcat_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let (path, name) = match std::env::var_os("ERRCAT_CATALOGUE").filter(|value| !value.is_empty())
    {
        Some(value) => (
            errcat_dir.join(&value),
            value.to_string_lossy().into_owned(),
        ),
        None => (errcat_dir.join("errors.toml"), "errors.toml".to_owned()),
    };
    read_from(&path, &name)
}

/// The catalogue at `path`, reported under `name` as the build script does.
fn read_from(path: &Path, name: &str) -> Result<Catalogue, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read errcat's catalogue {}: {error}", path.display()))?;
    let source = Source { name, text: &text };
    let (raw, diagnostics) = load::load(&text).map_err(|errors| describe(&source, &errors))?;
    if !diagnostics.is_empty() {
        return Err(describe(&source, &diagnostics));
    }
    let catalogue = validate::validate(&text, raw).map_err(|errors| describe(&source, &errors))?;
    let index_by = |key: fn(&Row) -> &String| -> HashMap<String, usize> {
        catalogue
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| (key(row).clone(), index))
            .collect()
    };
    let by_code = index_by(|row| &row.code);
    let by_name = index_by(|row| &row.name);
    Ok(Catalogue {
        rows: catalogue.rows,
        fingerprint: fingerprint(text.as_bytes()),
        by_code,
        by_name,
    })
}

fn describe(source: &Source<'_>, errors: &[crate::codegen::diagnostic::Diagnostic]) -> String {
    let first = errors
        .first()
        .map(|error| error.display(source).to_string())
        .unwrap_or_default();
    format!("errcat's catalogue is invalid (errcat's own build reports it): {first}")
}

#[cfg(test)]
mod tests {
    use super::read_from;

    /// errcat's build fails first on these, so the derive's own messages are
    /// seen only when the file changes between the two: tested here.
    #[test]
    fn a_catalogue_that_cannot_be_used_is_reported_with_its_first_mistake() {
        let dir = std::env::temp_dir().join(format!("errcat-macros-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.toml");
        let error = read_from(&missing, "missing.toml").err().unwrap();
        assert_eq!(
            error,
            format!(
                "cannot read errcat's catalogue {}: No such file or directory (os error 2)",
                missing.display()
            )
        );

        let broken = dir.join("broken.toml");
        std::fs::write(&broken, "titel = 1\n").unwrap();
        assert_eq!(
            read_from(&broken, "broken.toml").err().unwrap(),
            "errcat's catalogue is invalid (errcat's own build reports it): broken.toml:1:1: unknown key `titel` at the top level: expected one of `errors`, `placeholders`"
        );

        let row = "[[errors]]\nstatus = 99\nerror = \"BAD\"\ncode = \"X-1\"\ndescription = \"Bad\"\nscenario = \"\"\n";
        std::fs::write(&broken, row).unwrap();
        assert_eq!(
            read_from(&broken, "broken.toml").err().unwrap(),
            "errcat's catalogue is invalid (errcat's own build reports it): broken.toml:2:10: status 99 of `X-1` is not an HTTP status: expected a number from 100 to 999"
        );

        std::fs::write(&broken, "errors = [\n").unwrap();
        assert_eq!(
            read_from(&broken, "broken.toml").err().unwrap(),
            "errcat's catalogue is invalid (errcat's own build reports it): broken.toml:1:11: invalid TOML: unclosed array, expected `]`"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
