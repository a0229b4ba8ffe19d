//! `errcat import`: a catalogue from the error table a team already
//! publishes. The reading, cleaning and writing are errcat-build's
//! (`errcat_build::import`); this module reads the files, writes the
//! catalogue and prints the report.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use errcat_build::import::{Format, Importer, Input, MAX_INPUT_BYTES, NoteKind};
use errcat_core::log_safe::LogSafe;

/// Write a catalogue from an error table the API already publishes.
///
/// Reads a Markdown table, CSV, an HTML page, text copied from a page (one
/// cell per line, or cells between blank lines) or an OpenAPI 3.0/3.1
/// document (JSON or YAML), each guessed from its content unless `--from`
/// says. Columns are found by their headers. Every fix (encoding artefacts
/// removed, the original shown), every decision (a status carried down, a
/// placeholder made of 'INPUT') and every row that needs a person is
/// reported on stderr as FILE:LINE: fixed|decided|check: ...; nothing is
/// changed silently. The catalogue is checked with every rule of the build
/// before it is written. Sources may hold 16 MiB together.
///
/// Exits with 0 when the catalogue is written and `errcat check` accepts it,
/// 1 when it is written but has mistakes to fix (they are listed; a merged
/// file is then left as it was), 2 when nothing could be imported.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tables, read in order; `-` for standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The sources' format, instead of guessing it from each one's content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<From>,
    /// Write the catalogue to this file instead of standard output (an
    /// existing file only with --force; with --merge, the merged file
    /// itself by default).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add only the codes this catalogue lacks, keeping its comments and
    /// order, and report the codes whose text differs.
    #[arg(long, value_name = "CATALOGUE")]
    merge: Option<PathBuf>,
    /// Overwrite the --output file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum From {
    /// A Markdown table.
    Markdown,
    /// Comma-, semicolon- or tab-separated values.
    Csv,
    /// An HTML page with a table (scripts are not run).
    Html,
    /// Text copied from a page: one cell per line, or cells between blank lines.
    Text,
    /// An OpenAPI 3.0 or 3.1 document, JSON or YAML.
    Openapi,
}

impl From {
    fn format(self) -> Format {
        match self {
            From::Markdown => Format::Markdown,
            From::Csv => Format::Csv,
            From::Html => Format::Html,
            From::Text => Format::Text,
            From::Openapi => Format::Openapi,
        }
    }
}

fn shown(path: &Path) -> String {
    LogSafe(&path.display().to_string()).to_string()
}

/// Reads a source, at most what is left of the import's budget.
fn read_source(path: &Path, budget: usize) -> Result<String, String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(budget).unwrap_or(u64::MAX).saturating_add(1);
    let read = if path.as_os_str() == "-" {
        io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    let name = if path.as_os_str() == "-" {
        "(standard input)".to_owned()
    } else {
        shown(path)
    };
    read.map_err(|error| format!("{name}: cannot read it ({error})"))?;
    if bytes.len() > budget {
        return Err(format!(
            "{name}: more than {MAX_INPUT_BYTES} bytes (16 MiB) of sources: expected an error table, which is far smaller"
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "{name}:{line}: byte 0x{:02X} is not UTF-8: expected text in UTF-8 (save or convert the table as UTF-8)",
            error.as_bytes()[valid]
        )
    })
}

/// Runs `errcat import`.
pub fn run(args: &Args) -> io::Result<ExitCode> {
    let fail = |message: String| {
        eprintln!("errcat: {message}");
        Ok(ExitCode::from(2))
    };
    let mut texts = Vec::new();
    let mut budget = MAX_INPUT_BYTES;
    for path in &args.files {
        match read_source(path, budget) {
            Ok(text) => {
                budget -= text.len();
                texts.push(text);
            }
            Err(message) => return fail(message),
        }
    }
    let names: Vec<String> = args
        .files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                "(standard input)".to_owned()
            } else {
                path.display().to_string()
            }
        })
        .collect();
    let inputs: Vec<Input<'_>> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| Input { name, text })
        .collect();
    let output = args.output.as_ref().or(args.merge.as_ref());
    if let Some(output) = &args.output {
        let merged_in_place = args.merge.as_ref() == Some(output);
        if output.exists() && !args.force && !merged_in_place {
            return fail(format!(
                "{} exists: add to it with --merge {}, or overwrite it with --force",
                shown(output),
                shown(output)
            ));
        }
    }
    let output_name = output.map_or_else(
        || "errors.toml".to_owned(),
        |path| path.display().to_string(),
    );
    let existing = match &args.merge {
        Some(path) => match read_source(path, MAX_INPUT_BYTES) {
            Ok(text) => Some(text),
            Err(message) => return fail(message),
        },
        None => None,
    };
    let merge_name = args.merge.as_ref().map(|path| path.display().to_string());
    let mut importer = Importer::new(&output_name);
    if let Some(from) = args.from {
        importer.from(from.format());
    }
    if let (Some(text), Some(name)) = (&existing, &merge_name) {
        importer.merge_into(errcat_build::Source { name, text });
    }
    let imported = match importer.import(&inputs) {
        Ok(imported) => imported,
        Err(error) => return fail(error.to_string()),
    };
    let mut stderr = io::stderr().lock();
    write!(stderr, "{}", imported.report)?;
    let count = |kind| imported.report.of(kind).count();
    let summary = format!(
        "{} rows from {} {}: {} fixed, {} decided, {} to check",
        imported.rows,
        inputs.len(),
        if inputs.len() == 1 {
            "source"
        } else {
            "sources"
        },
        count(NoteKind::Fixed),
        count(NoteKind::Decided),
        count(NoteKind::Check),
    );
    let valid = imported.mistakes.is_empty();
    for mistake in &imported.mistakes {
        writeln!(stderr, "{mistake}")?;
    }
    if !valid && args.merge.is_some() {
        writeln!(
            stderr,
            "errcat: {summary}; the merged catalogue has {} mistakes (above), so {} is left as it was",
            imported.mistakes.len(),
            shown(output.expect("a merge has a file"))
        )?;
        return Ok(ExitCode::FAILURE);
    }
    match output {
        Some(path) => write_catalogue(path, &imported.text)?,
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(imported.text.as_bytes())?;
            stdout.flush()?;
        }
    }
    let to = output.map_or_else(|| "standard output".to_owned(), |path| shown(path));
    if valid {
        writeln!(
            stderr,
            "errcat: {summary}; wrote {to}, which `errcat check` accepts"
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(
            stderr,
            "errcat: {summary}; wrote {to}, which has {} mistakes (above) to fix before `errcat check` accepts it",
            imported.mistakes.len()
        )?;
        Ok(ExitCode::FAILURE)
    }
}

/// Writes the catalogue: into a new file beside `path`, renamed over it,
/// so that a reader never sees half a file and a link at `path` is
/// replaced, not followed.
fn write_catalogue(path: &Path, text: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "errors.toml".into(), |name| name.to_os_string());
    let mut attempt = 0u32;
    loop {
        let mut temporary = name.clone();
        temporary.push(format!(".import-{}-{attempt}", std::process::id()));
        let temporary = dir.join(temporary);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(mut file) => {
                let written = file
                    .write_all(text.as_bytes())
                    .and_then(|()| file.sync_all())
                    .and_then(|()| fs::rename(&temporary, path));
                if written.is_err() {
                    let _ = fs::remove_file(&temporary);
                }
                return written.map_err(|error| {
                    io::Error::new(error.kind(), format!("{}: {error}", shown(path)))
                });
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => {
                return Err(io::Error::new(
                    error.kind(),
                    format!("{}: {error}", shown(&temporary)),
                ));
            }
        }
    }
}
