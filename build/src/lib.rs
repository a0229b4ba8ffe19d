//! The errcat catalogue generator, for build scripts: an error table in TOML
//! becomes a module of typed Rust in the crate that declares it.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     errcat_build::compile(["errors/payments.toml"]);
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! errcat::include_catalogue!(pub mod payments);
//! ```
//!
//! Each catalogue becomes a module with its own `ErrorCode` and `ErrorKind`
//! enums, an `ApiError` type, one typed constructor per row (on
//! `ErrorCode`), the tables errcat's runtime reads, and the whole
//! table as rustdoc. A crate may declare any number of catalogues, each
//! named after its file's stem (`payments` above), or as
//! [`Config::catalogue_named`] says.
//!
//! # Steps
//!
//! Load (`load.rs`: TOML to located values), validate (`validate.rs`: what
//! the values mean), render (`render/`: the files), one file a step. A
//! mistake is reported as `FILE:LINE:COL: what is wrong, what was expected`,
//! every mistake of every catalogue at once, and fails the build without a
//! panic; cargo shows each message. Nothing is written for a catalogue with
//! a mistake.
//!
//! # Versions
//!
//! The generated code uses errcat's runtime through hidden items that
//! follow this crate's version: use the same version of `errcat` and
//! `errcat-build`. The generated code checks it and says so when they
//! differ.

#![forbid(unsafe_code)]
// The examples are build scripts, whose `fn main` is the point of showing them.
#![allow(clippy::needless_doctest_main)]

mod diagnostic;
pub mod diff;
mod emit;
#[cfg(feature = "import")]
pub mod import;
mod load;
mod names;
mod phf;
mod render;
mod template;
mod validate;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use errcat_core::log_safe::LogSafe;

pub use diagnostic::{Diagnostic, Mistake, Source};
pub use render::{Generated, Table, Width};
pub use validate::{Catalogue, Defaults, Kind, Metadata, Placeholder, Row};

/// The template of one description: its literal pieces and placeholders.
pub use template::Template;

/// Which catalogues to generate, and how.
///
/// ```no_run
/// // build.rs: two APIs in one crate.
/// errcat_build::Config::new()
///     .catalogue("errors/payments.toml")
///     .catalogue_named("consent", "errors/consent-v2.toml")
///     .compile_or_report();
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    catalogues: Vec<(String, PathBuf)>,
    crate_path: String,
    inherent_constructors: bool,
    doc_path: Option<String>,
    out_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

/// Why [`Config::compile`] failed: every mistake found, each as
/// `FILE:LINE:COL: message`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    messages: Vec<String>,
}

impl Error {
    /// Every mistake, one message each, in the order of the files and of the
    /// places in each file.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// Reports every mistake to cargo, which fails the build and shows each
    /// one as an error of the crate being built.
    pub fn report(&self) {
        for message in &self.messages {
            // One line a message: cargo reads the output line by line.
            println!("cargo::error={}", message.replace(['\r', '\n'], " "));
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, message) in self.messages.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(message)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    /// The messages, as `Display` shows them: a build script whose `main`
    /// returns `Result<(), Error>` prints them readably.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

impl Config {
    /// No catalogues yet; errcat reached as `::errcat`.
    pub fn new() -> Config {
        Config {
            catalogues: Vec::new(),
            crate_path: "::errcat".to_owned(),
            inherent_constructors: false,
            doc_path: None,
            out_dir: None,
        }
    }

    /// Adds the catalogue in `path` (relative to the crate's directory, where
    /// cargo runs build scripts), named after the file's stem:
    /// `errors/payments.toml` is `payments`, which
    /// `errcat::include_catalogue!(pub mod payments)` includes.
    pub fn catalogue(&mut self, path: impl AsRef<Path>) -> &mut Config {
        let path = path.as_ref();
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.catalogues.push((name, path.to_owned()));
        self
    }

    /// Adds the catalogue in `path` under another `name` than its file's
    /// stem.
    pub fn catalogue_named(&mut self, name: &str, path: impl AsRef<Path>) -> &mut Config {
        self.catalogues
            .push((name.to_owned(), path.as_ref().to_owned()));
        self
    }

    /// The path the generated code names errcat by, when the crate depends
    /// on it under another name or re-exports it: `::errcat` by default.
    pub fn crate_path(&mut self, path: &str) -> &mut Config {
        path.clone_into(&mut self.crate_path);
        self
    }

    /// Where users reach a catalogue's module from outside the crate,
    /// `{name}` standing for the catalogue's name: `"payments::{name}"` for
    /// a module `errcat::include_catalogue!(pub mod ...)` declares in the
    /// crate `payments`. With it, the generated docs carry examples that run
    /// as the crate's doctests.
    pub fn doc_path(&mut self, path: &str) -> &mut Config {
        self.doc_path = Some(path.to_owned());
        self
    }

    /// Typed constructors as inherent methods of `ApiError<ErrorCode>`
    /// rather than of the module's `ErrorCode`. Only the crate that defines
    /// `ApiError`, errcat itself, may have them.
    #[doc(hidden)]
    pub fn inherent_constructors(&mut self) -> &mut Config {
        self.inherent_constructors = true;
        self
    }

    /// Writes to `dir` instead of `OUT_DIR` (which is where
    /// `include_catalogue!` looks: for tests and tools).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Config {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Loads, validates and renders every catalogue, writes the files to
    /// `OUT_DIR/errcat/`, and tells cargo to run the build script again when
    /// a catalogue file changes. On a mistake in any catalogue, nothing is
    /// written and the error holds every mistake of every catalogue.
    pub fn compile(&self) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error {
                messages: vec![
                    "OUT_DIR is not set: errcat-build runs in a build script, or is given Config::out_dir"
                        .to_owned(),
                ],
            })?,
        };
        let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "0.0.0".to_owned());
        let mut messages = Vec::new();
        let mut outputs = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for (name, path) in &self.catalogues {
            println!("cargo::rerun-if-changed={}", path.display());
            let shown = path.display().to_string();
            if let Some(message) = name_mistake(name) {
                messages.push(format!("{shown}:1:1: {message}"));
                continue;
            }
            if names.contains(&name.as_str()) {
                messages.push(format!(
                    "{shown}:1:1: a second catalogue named `{name}`: expected each catalogue of a crate under a name of its own; name one with Config::catalogue_named"
                ));
                continue;
            }
            names.push(name);
            let text = match read_file(path, MAX_FILE_BYTES) {
                Ok(text) => text,
                Err(mistake) => {
                    messages.push(mistake.to_string());
                    continue;
                }
            };
            let source = Source {
                name: &shown,
                text: &text,
            };
            let defaults = Defaults {
                name: name.clone(),
                version: version.clone(),
            };
            match generate(&source, &defaults, &self.options(name, &shown)) {
                Ok(generated) => outputs.push((name, generated)),
                Err(diagnostics) => messages.extend(
                    Diagnostic::locate_all(&diagnostics, &source)
                        .iter()
                        .map(ToString::to_string),
                ),
            }
        }
        if !messages.is_empty() {
            return Err(Error { messages });
        }
        for (name, generated) in outputs {
            write_files(&out_dir.join("errcat"), name, &generated).map_err(|message| Error {
                messages: vec![message],
            })?;
        }
        Ok(())
    }

    /// [`compile`](Self::compile), reporting any mistake to cargo (see
    /// [`Error::report`]), which then fails the build with each message.
    pub fn compile_or_report(&self) {
        if let Err(error) = self.compile() {
            error.report();
        }
    }

    fn options(&self, name: &str, source_name: &str) -> render::Options {
        render::Options {
            name: name.to_owned(),
            source_name: source_name.to_owned(),
            crate_path: self.crate_path.clone(),
            inherent_constructors: self.inherent_constructors,
            doc_path: self
                .doc_path
                .as_ref()
                .map(|path| path.replace("{name}", name)),
        }
    }

    /// What [`compile`](Self::compile) would write for one catalogue's
    /// text named `name`, without writing it: for tests and tools. A name
    /// that is not a module name is a mistake at the file's start.
    pub fn generate(
        &self,
        name: &str,
        source: &Source<'_>,
        defaults: &Defaults,
    ) -> Result<Generated, Vec<Diagnostic>> {
        if let Some(message) = name_mistake(name) {
            return Err(vec![Diagnostic::new(0..0, message)]);
        }
        generate(source, defaults, &self.options(name, source.name))
    }
}

/// Generates the catalogues in `paths`, each named after its file's stem;
/// a mistake is reported to cargo, which fails the build and shows every
/// message. The whole build script of a crate with one catalogue:
///
/// ```no_run
/// fn main() {
///     errcat_build::compile(["errors.toml"]);
/// }
/// ```
pub fn compile<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) {
    let mut config = Config::new();
    for path in paths {
        config.catalogue(path);
    }
    config.compile_or_report();
}

/// Reads, loads and validates a catalogue file, as the build does: the
/// model, or every mistake in it placed in the file (named as `path`
/// displays), sorted by place. For tools that read a catalogue at run time,
/// such as the `errcat` command.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("errcat-load-file-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("ledger.toml");
/// std::fs::write(&path, r#"
/// [[errors]]
/// status = 404
/// error = "NOT_FOUND"
/// code = "LED-0001"
/// description = "No such ledger"
/// scenario = ""
/// "#)?;
/// let defaults = errcat_build::Defaults { name: "ledger".into(), version: String::new() };
/// let catalogue = errcat_build::load_file(&path, &defaults).unwrap();
/// assert_eq!(catalogue.rows[0].code, "LED-0001");
///
/// std::fs::write(&path, "[[errors]]\nstatus = 40\n")?;
/// let mistakes = errcat_build::load_file(&path, &defaults).unwrap_err();
/// assert!(mistakes.iter().all(|mistake| mistake.file.ends_with("ledger.toml")));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn load_file(path: &Path, defaults: &Defaults) -> Result<Catalogue, Vec<Mistake>> {
    let shown = path.display().to_string();
    let text = read_file(path, MAX_FILE_BYTES).map_err(|mistake| vec![mistake])?;
    let source = Source {
        name: &shown,
        text: &text,
    };
    load(&source, defaults).map_err(|diagnostics| Diagnostic::locate_all(&diagnostics, &source))
}

/// The most bytes [`load_file`] reads of a catalogue file: 16 MiB, room for
/// the 65,535 rows a catalogue may have at about 250 bytes a row.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// A catalogue file's text, read once, or why it cannot be one: not a
/// regular file (a directory, a FIFO, a device such as `/dev/zero`: refused
/// before anything is read, and a FIFO without blocking), longer than
/// `limit` bytes (refused before parsing: memory stays bounded whatever the
/// path names), unreadable, or not UTF-8 (placed at the first byte that is
/// not). Messages name the file as `path` displays.
///
/// ```
/// let mistake = errcat_build::read_file("/dev/zero".as_ref(), 1 << 20).unwrap_err();
/// assert!(mistake.message.contains("(not a regular file: "), "{}", mistake.message);
///
/// let path = std::env::temp_dir().join(format!("errcat-read-file-{}.toml", std::process::id()));
/// std::fs::write(&path, "x = 1\n")?;
/// assert_eq!(errcat_build::read_file(&path, 6).unwrap(), "x = 1\n");
/// let mistake = errcat_build::read_file(&path, 5).unwrap_err();
/// assert!(mistake.message.contains("(it has more than 5 bytes"), "{}", mistake.message);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_file(path: &Path, limit: u64) -> Result<String, Mistake> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let refused = |message: String| Mistake {
        file: shown.clone(),
        line: 1,
        column: 1,
        message,
        suggestion: None,
    };
    let cannot = |error: std::io::Error| {
        refused(format!(
            "cannot read the catalogue ({error}): expected a TOML file"
        ))
    };
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer: without blocking, it
    // opens at once and is refused below, as is anything not a file.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a directory"
        } else {
            "a FIFO, a socket or a device"
        };
        return Err(refused(format!(
            "cannot read the catalogue (not a regular file: {kind}): expected a TOML file"
        )));
    }
    let too_long = || {
        refused(format!(
            "cannot read the catalogue (it has more than {limit} bytes, the most read): expected a smaller file"
        ))
    };
    if metadata.len() > limit {
        return Err(too_long());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may have grown since: never more than `limit` + 1 bytes.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_long());
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let source = Source {
            name: &shown,
            text: std::str::from_utf8(&bytes[..valid]).unwrap_or_default(),
        };
        let diagnostic = Diagnostic::new(
            valid..valid,
            format!(
                "byte 0x{:02X} is not UTF-8: expected a TOML file, which is UTF-8 text",
                bytes[valid]
            ),
        );
        diagnostic.locate(&source)
    })
}

/// Loads and validates a catalogue's text: the model every output is made
/// from, or every mistake in it, sorted by place. Nothing is generated.
pub fn load(source: &Source<'_>, defaults: &Defaults) -> Result<Catalogue, Vec<Diagnostic>> {
    let (raw, mut diagnostics) = load::load(source.text)?;
    match validate::validate(source.text, raw, defaults) {
        Ok(catalogue) if diagnostics.is_empty() => return Ok(catalogue),
        Ok(_) => {}
        Err(more) => diagnostics.extend(more),
    }
    // TOML tables come back in key order: put the mistakes in file order.
    diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);
    Err(diagnostics)
}

fn generate(
    source: &Source<'_>,
    defaults: &Defaults,
    options: &render::Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let catalogue = load(source, defaults)?;
    let fingerprint = errcat_core::phf::hash(0x0E22_CA7C_A7A1_0605, source.text.as_bytes(), true);
    Ok(render::render(&catalogue, options, fingerprint))
}

/// What is wrong with `name` as a catalogue's name, if anything: it must
/// be `[a-z][a-z0-9_]*` and not a keyword, a module name and part of the
/// derive macro's.
fn name_mistake(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let shown = LogSafe(name);
    let shaped = chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !shaped {
        Some(format!(
            "the catalogue's name `{shown}` is not a module name: expected lowercase letters, digits and `_`, starting with a letter; name it with Config::catalogue_named"
        ))
    } else if names::is_keyword(name) {
        Some(format!(
            "the catalogue's name `{shown}` is a Rust keyword: expected a name a module can have; name it with Config::catalogue_named"
        ))
    } else {
        None
    }
}

fn write_files(dir: &Path, name: &str, generated: &Generated) -> Result<(), String> {
    let tables = dir.join(name);
    fs::create_dir_all(&tables)
        .map_err(|error| format!("cannot create {}: {error}", tables.display()))?;
    write(&dir.join(format!("{name}.rs")), generated.code.as_bytes())?;
    write(
        &dir.join(format!("{name}.derive.rs")),
        generated.derive.as_bytes(),
    )?;
    write(&dir.join(format!("{name}.md")), generated.docs.as_bytes())?;
    for table in &generated.tables {
        write(&tables.join(table.file()), &table.bytes())?;
    }
    Ok(())
}

fn write(path: &Path, contents: &[u8]) -> Result<(), String> {
    // Rewriting an unchanged file would make rustc build the crate again.
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}
