//! The catalogues a command works on: the Account API built in, or files
//! read at run time through errcat-build's loader and validator (the same
//! messages as the build), named on the command line, in
//! `ERRCAT_CATALOGUES`, or in a `.errcat.toml`.
//!
//! Every command renders a catalogue from its [`Entry`] rows and its
//! [`Catalogue`], whichever way it came: the built-in one is turned into
//! the same rows (`Entry::of`) that a file gives, so the two cannot take
//! different paths through the output code. A loaded catalogue lives as
//! long as the process (it is leaked once): the command reads a few files
//! and exits.

use foldhash::HashMap;
use foldhash::HashMapExt as _;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use errcat::table::Entry;
use errcat::{Catalogue, ErrorCode};
use errcat_core::log_safe::{LogSafe, Quoted};
use errcat_core::suggest::Index;

/// The environment variable that names the catalogues when no
/// `--catalogue` does: paths separated as in `PATH`.
pub const ENV: &str = "ERRCAT_CATALOGUES";

/// The file that names the catalogues of a directory and those below it,
/// found in the working directory or the nearest parent that has one.
pub const CONFIG: &str = ".errcat.toml";

/// One catalogue: what it is and its rows, in file order.
pub struct Loaded {
    pub catalogue: &'static Catalogue,
    pub entries: Vec<Entry<'static>>,
}

/// One code of the set, with every catalogue row that has it.
pub struct Code {
    pub text: &'static str,
    /// `(catalogue, row)` pairs, in the order of the catalogues.
    pub rows: Vec<(usize, usize)>,
}

/// The catalogues of a command, and their codes merged: a code that several
/// catalogues share is one [`Code`].
pub struct Set {
    pub catalogues: Vec<Loaded>,
    /// The `.errcat.toml` that named the catalogues, when one did.
    pub config: Option<PathBuf>,
    pub codes: Vec<Code>,
    by_code: HashMap<&'static str, usize>,
    /// The "did you mean" indexes of the codes and of every row's token,
    /// built at the first suggestion: one search each, however many
    /// arguments are unknown.
    code_suggestions: OnceLock<Index>,
    token_suggestions: OnceLock<(Vec<&'static str>, Index)>,
}

impl Set {
    /// The built-in Account API alone.
    pub fn built_in() -> Set {
        Set::of(vec![Loaded {
            catalogue: &errcat::CATALOGUE,
            entries: Entry::all(&ErrorCode::ALL),
        }])
    }

    /// The catalogues named by `files`, else by the environment, else by a
    /// `.errcat.toml`, else the built-in one; every mistake of every file
    /// at once, each as `FILE:LINE:COL: message`.
    pub fn find(files: &[PathBuf]) -> Result<Set, Vec<String>> {
        let (paths, config) = choose(files)?;
        if paths.is_empty() {
            return Ok(Set::built_in());
        }
        let mut set = Set::load(&paths)?;
        set.config = config;
        Ok(set)
    }

    /// The catalogues in `paths`, each validated as the build validates it.
    pub fn load(paths: &[PathBuf]) -> Result<Set, Vec<String>> {
        let mut messages = Vec::new();
        let mut catalogues = Vec::new();
        for path in paths {
            match load(path) {
                Ok(loaded) => catalogues.push(loaded),
                Err(mistakes) => messages.extend(mistakes),
            }
        }
        if messages.is_empty() {
            Ok(Set::of(catalogues))
        } else {
            Err(messages)
        }
    }

    fn of(catalogues: Vec<Loaded>) -> Set {
        let mut codes: Vec<Code> = Vec::new();
        let mut by_code: HashMap<&'static str, usize> =
            HashMap::with_capacity(catalogues.iter().map(|loaded| loaded.entries.len()).sum());
        for (index, loaded) in catalogues.iter().enumerate() {
            for (row, entry) in loaded.entries.iter().enumerate() {
                let at = *by_code.entry(entry.code).or_insert_with(|| {
                    codes.push(Code {
                        text: entry.code,
                        rows: Vec::new(),
                    });
                    codes.len() - 1
                });
                codes[at].rows.push((index, row));
            }
        }
        Set {
            catalogues,
            config: None,
            codes,
            by_code,
            code_suggestions: OnceLock::new(),
            token_suggestions: OnceLock::new(),
        }
    }

    /// The code nearest `wrong`, by errcat-core's rule.
    pub fn suggest_code(&self, wrong: &str) -> Option<&'static str> {
        let index = self
            .code_suggestions
            .get_or_init(|| Index::new(self.codes.iter().map(|code| code.text)));
        index.closest(wrong).map(|at| self.codes[at].text)
    }

    /// The token nearest `wrong`, by errcat-core's rule, among the tokens
    /// of every row of every catalogue in order.
    pub fn suggest_token(&self, wrong: &str) -> Option<&'static str> {
        let (tokens, index) = self.token_suggestions.get_or_init(|| {
            let tokens: Vec<&'static str> = self
                .catalogues
                .iter()
                .flat_map(|loaded| loaded.entries.iter().map(|entry| entry.error))
                .collect();
            let index = Index::new(tokens.iter().copied());
            (tokens, index)
        });
        index.closest(wrong).map(|at| tokens[at])
    }

    /// Whether the set holds more than one catalogue: outputs then say which
    /// catalogue each code belongs to.
    pub fn is_several(&self) -> bool {
        self.catalogues.len() > 1
    }

    /// The code whose text is `code`, exactly.
    pub fn code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn entry(&self, (catalogue, row): (usize, usize)) -> &Entry<'static> {
        &self.catalogues[catalogue].entries[row]
    }

    /// The first row of code `index`: what the code means where only one
    /// meaning is shown (JSON lines, counts).
    pub fn first(&self, index: usize) -> &Entry<'static> {
        self.entry(self.codes[index].rows[0])
    }

    /// The rows of code `index` grouped by what they say (status, token,
    /// descriptions, scenario, deprecation, name): the rows of catalogues
    /// that share the code word for word are one group. Each group: the
    /// entry and the catalogues that have it.
    pub fn meanings(&self, index: usize) -> Vec<(&Entry<'static>, Vec<usize>)> {
        let mut groups: Vec<(&Entry<'static>, Vec<usize>)> = Vec::new();
        for &(catalogue, row) in &self.codes[index].rows {
            let entry = self.entry((catalogue, row));
            match groups.iter_mut().find(|(seen, _)| *seen == entry) {
                Some((_, catalogues)) => catalogues.push(catalogue),
                None => groups.push((entry, vec![catalogue])),
            }
        }
        groups
    }

    /// The ids of the catalogues that have code `index`, each once, in the
    /// order of the catalogues.
    pub fn code_ids(&self, index: usize) -> Vec<&'static str> {
        let mut catalogues: Vec<usize> = self.codes[index]
            .rows
            .iter()
            .map(|&(catalogue, _)| catalogue)
            .collect();
        catalogues.dedup();
        self.ids(&catalogues)
    }

    /// The catalogues' ids, as outputs list them: `[a, b]`.
    pub fn ids(&self, catalogues: &[usize]) -> Vec<&'static str> {
        catalogues
            .iter()
            .map(|&index| self.catalogues[index].catalogue.id())
            .collect()
    }
}

/// The paths the catalogues come from (none for the built-in one), and the
/// `.errcat.toml` that named them, when one did.
fn choose(files: &[PathBuf]) -> Result<(Vec<PathBuf>, Option<PathBuf>), Vec<String>> {
    if !files.is_empty() {
        return Ok((files.to_vec(), None));
    }
    if let Some(value) = std::env::var_os(ENV).filter(|value| !value.is_empty()) {
        let paths: Vec<PathBuf> = std::env::split_paths(&value)
            .filter(|path| !path.as_os_str().is_empty())
            .collect();
        return Ok((paths, None));
    }
    let Ok(here) = std::env::current_dir() else {
        return Ok((Vec::new(), None));
    };
    let Some(config) = discover(&here) else {
        return Ok((Vec::new(), None));
    };
    Ok((read_config(&config)?, Some(config)))
}

/// The `.errcat.toml` that names the catalogues of `here`: in `here` or the
/// nearest parent that has one. The walk stops after a repository's root
/// (a directory with `.git`) and after the home directory, and before a
/// directory that another user owns (root excepted). A `.errcat.toml` that
/// another user owns or may write is not used: errcat says so and uses
/// none, for it would name the catalogues of everyone below it.
pub fn discover(here: &Path) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    for dir in here.ancestors() {
        let Ok(metadata) = std::fs::metadata(dir) else {
            return None;
        };
        let owner = crate::trust::writer(&metadata, true, true);
        if let crate::trust::Writer::OtherOwner(_) = owner {
            warn_unused(dir, "the directory", owner);
            return None;
        }
        let config = dir.join(CONFIG);
        if let Ok(link) = std::fs::symlink_metadata(&config) {
            let writer = std::fs::metadata(&config).map_or(crate::trust::Writer::Trusted, |file| {
                crate::trust::writer(&file, true, true)
            });
            let writer = match crate::trust::writer(&link, true, true) {
                crate::trust::Writer::Trusted => writer,
                link => link,
            };
            if writer != crate::trust::Writer::Trusted {
                warn_unused(&config, "it", writer);
                return None;
            }
            return Some(config);
        }
        if home.as_deref() == Some(dir) || dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Says on standard error that the walk for a `.errcat.toml` stopped at
/// `place`, and why.
fn warn_unused(place: &Path, what: &str, writer: crate::trust::Writer) {
    eprintln!(
        "errcat: {}: {what} is {}: no {CONFIG} at or above it is used; name the catalogues with --catalogue or {ENV}",
        LogSafe(&place.display().to_string()),
        writer.reason()
    );
}

/// The most bytes a `.errcat.toml` is read with: it names a few files.
const CONFIG_BYTES: u64 = 64 << 10;

/// The catalogues a `.errcat.toml` names, relative to its directory:
///
/// ```toml
/// catalogues = ["errors/accounts.toml", "errors/payments.toml"]
/// ```
fn read_config(path: &Path) -> Result<Vec<PathBuf>, Vec<String>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Config {
        catalogues: Vec<PathBuf>,
    }
    let shown = LogSafe(&path.display().to_string()).to_string();
    let text =
        errcat_build::read_file(path, CONFIG_BYTES).map_err(|mistake| vec![mistake.to_string()])?;
    let config: Config = toml::from_str(&text).map_err(|error| {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| line_col(&text, span.start));
        vec![format!(
            "{shown}:{line}:{column}: {}: expected `catalogues = [\"FILE.toml\", ...]`",
            Quoted(error.message().trim_end())
        )]
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    Ok(config
        .catalogues
        .into_iter()
        .map(|file| dir.join(file))
        .collect())
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// The environment variable that sets the most bytes a catalogue file is
/// read with, instead of [`errcat_build::MAX_FILE_BYTES`] (16 MiB).
pub const MAX_BYTES_ENV: &str = "ERRCAT_MAX_CATALOGUE_BYTES";

/// The most bytes a catalogue file is read with.
pub fn max_bytes() -> Result<u64, String> {
    match std::env::var_os(MAX_BYTES_ENV) {
        None => Ok(errcat_build::MAX_FILE_BYTES),
        Some(value) => value
            .to_str()
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| {
                format!(
                    "{MAX_BYTES_ENV} is {}: expected a number of bytes, such as 16777216",
                    Quoted(&value.to_string_lossy())
                )
            }),
    }
}

/// A catalogue file's text, read once: only a regular file, of at most
/// [`max_bytes`].
pub fn read(path: &Path) -> Result<String, errcat_build::Mistake> {
    let limit = max_bytes().map_err(|message| errcat_build::Mistake {
        file: path.display().to_string(),
        line: 1,
        column: 1,
        message,
        suggestion: None,
    })?;
    errcat_build::read_file(path, limit).map_err(|mut mistake| {
        if mistake.message.contains("(it has more than ") {
            mistake
                .message
                .push_str(&format!(" ({MAX_BYTES_ENV} sets the limit)"));
        }
        mistake
    })
}

/// One catalogue file, through errcat-build: named after its file's stem
/// unless its `[catalogue]` table says otherwise, without a version unless
/// it gives one. The file is read once: what is validated, and what a
/// cache entry is kept under, are the same bytes.
fn load(path: &Path) -> Result<Loaded, Vec<String>> {
    let defaults = defaults(path);
    let shown = path.display().to_string();
    let text = read(path).map_err(|mistake| vec![mistake.to_string()])?;
    // A large file validated before is read back from the cache.
    let cache = (text.len() >= crate::cache::FROM)
        .then(crate::cache::Cache::open)
        .flatten();
    if let Some(loaded) = cache
        .as_ref()
        .and_then(|cache| cache.read(&defaults.name, text.as_bytes(), &shown))
    {
        return Ok(loaded);
    }
    let source = errcat_build::Source {
        name: &shown,
        text: &text,
    };
    let model = errcat_build::load(&source, &defaults).map_err(|diagnostics| {
        errcat_build::Diagnostic::locate_all(&diagnostics, &source)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    })?;
    let loaded = leak(model, path);
    if let Some(cache) = cache {
        cache.write(&defaults.name, text.as_bytes(), &loaded);
    }
    Ok(loaded)
}

/// What a catalogue file is called when its `[catalogue]` table does not
/// say: its stem, as errcat-build names the module; no version.
pub fn defaults(path: &Path) -> errcat_build::Defaults {
    errcat_build::Defaults {
        name: path.file_stem().map_or_else(
            || "catalogue".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        ),
        version: String::new(),
    }
}

/// A validated catalogue as the rows and the [`Catalogue`] errcat renders:
/// its texts leaked, to live as long as the command.
pub fn leak(model: errcat_build::Catalogue, path: &Path) -> Loaded {
    let model: &'static errcat_build::Catalogue = Box::leak(Box::new(model));
    let metadata = &model.metadata;
    let source: &'static str = path.display().to_string().leak();
    let catalogue = Catalogue::new(&metadata.name)
        .with_id(&metadata.id)
        .with_version(&metadata.version)
        .with_media_type(&metadata.media_type)
        .with_problem_base(&metadata.problem_base)
        .with_docs(metadata.docs.as_deref().unwrap_or(""))
        .with_challenge(&metadata.challenge)
        .with_source(source)
        .with_placeholders(placeholder_docs(model))
        .with_formats(
            metadata
                .formats
                .iter()
                .map(String::as_str)
                .collect::<Vec<&'static str>>()
                .leak(),
        )
        .with_berlin_group_service(&metadata.berlin_group_service);
    let entries = model
        .rows
        .iter()
        .map(|row| Entry {
            status: row.status,
            error: &row.token,
            code: &row.code,
            description: &row.description,
            scenario: &row.scenario,
            placeholders: row.template.names.iter().map(String::as_str).collect(),
            deprecated: row.deprecated.as_deref(),
            published: &row.published,
            name: &row.name,
            reason: &row.reason,
            berlin_group: row.berlin_group.as_deref(),
        })
        .collect();
    Loaded {
        catalogue: Box::leak(Box::new(catalogue)),
        entries,
    }
}

/// What each placeholder with a `doc` holds, as a generated catalogue's
/// `Catalogue::placeholders` has it.
fn placeholder_docs(
    model: &'static errcat_build::Catalogue,
) -> &'static [(&'static str, &'static str)] {
    model
        .placeholders
        .iter()
        .filter(|placeholder| !placeholder.doc.is_empty())
        .map(|placeholder| (placeholder.name.as_str(), placeholder.doc.as_str()))
        .collect::<Vec<_>>()
        .leak()
}

/// `a, b and c`.
pub fn listed(items: &[&str]) -> String {
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(if index + 1 == items.len() {
                " and "
            } else {
                ", "
            });
        }
        let _ = write!(out, "{}", LogSafe(item));
    }
    out
}
