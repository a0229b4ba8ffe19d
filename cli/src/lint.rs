//! `errcat check`, `errcat diff` and `errcat snapshot`: a catalogue's
//! lints and its breaking changes, for any team's CI. The rules are
//! errcat-build's (its loader and validator, and its `diff` engine), the
//! same the build and errcat's own guard on published codes use.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use errcat_build::diff::{self, Class, Published, snapshot};
use errcat_core::log_safe::LogSafe;

/// How `check` and `diff` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Lines for people.
    Human,
    /// JSON, for tools (an editor, a CI annotation step).
    Json,
}

/// The classes of changes `diff --accept` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Accept {
    /// Breaking changes, made on purpose (and announced).
    Breaking,
    /// Reworded descriptions.
    WireText,
}

/// One mistake of `check --format json`.
#[derive(serde::Serialize)]
struct JsonMistake<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    suggestion: Option<&'a str>,
}

/// Checks each file with every rule of the build: 0 when all are valid, 1
/// otherwise.
pub fn check(files: &[PathBuf], format: Output, out: &mut impl Write) -> io::Result<ExitCode> {
    let mut mistakes = Vec::new();
    let mut summaries = Vec::new();
    for path in files {
        let loaded = crate::set::read(path)
            .map_err(|mistake| vec![mistake])
            .and_then(|text| {
                let shown = path.display().to_string();
                let source = errcat_build::Source {
                    name: &shown,
                    text: &text,
                };
                errcat_build::load(&source, &crate::set::defaults(path)).map_err(|diagnostics| {
                    diagnostics
                        .iter()
                        .map(|diagnostic| diagnostic.locate(&source))
                        .collect()
                })
            });
        match loaded {
            Ok(catalogue) => summaries.push(format!(
                "{}: ok, {} codes",
                LogSafe(&path.display().to_string()),
                catalogue.rows.len()
            )),
            Err(found) => mistakes.extend(found),
        }
    }
    match format {
        Output::Human => {
            for mistake in &mistakes {
                writeln!(out, "{mistake}")?;
            }
            for summary in &summaries {
                writeln!(out, "{summary}")?;
            }
            if !mistakes.is_empty() {
                out.flush()?;
                eprintln!(
                    "errcat: {} {} in {} of {} files",
                    mistakes.len(),
                    if mistakes.len() == 1 {
                        "mistake"
                    } else {
                        "mistakes"
                    },
                    files.len() - summaries.len(),
                    files.len()
                );
            }
        }
        Output::Json => {
            let records: Vec<JsonMistake<'_>> = mistakes
                .iter()
                .map(|mistake| JsonMistake {
                    file: &mistake.file,
                    line: mistake.line,
                    column: mistake.column,
                    message: &mistake.message,
                    suggestion: mistake.suggestion.as_deref(),
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&records).map_err(io::Error::from)?;
            text.push('\n');
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(if mistakes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One version of a catalogue: its codes, and the wire formats it speaks
/// when it is a catalogue (a snapshot does not record them).
type Version = (Vec<Published>, Option<Vec<String>>);

/// A version of a catalogue, from a catalogue file or a snapshot, read from
/// disk or from git.
fn read_version(argument: &str) -> Result<Version, Vec<String>> {
    let (name, text) = read_text(argument).map_err(|message| vec![message])?;
    let place = |diagnostics: Vec<errcat_build::Diagnostic>| {
        let source = errcat_build::Source {
            name: &name,
            text: &text,
        };
        errcat_build::Diagnostic::locate_all(&diagnostics, &source)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    if snapshot::is_snapshot(&text) {
        return snapshot::parse(&text)
            .map(|codes| (codes, None))
            .map_err(place);
    }
    // A git REV:PATH is named after its path.
    let defaults = crate::set::defaults(Path::new(argument.rsplit(':').next().unwrap_or(argument)));
    let source = errcat_build::Source {
        name: &name,
        text: &text,
    };
    errcat_build::load(&source, &defaults)
        .map(|catalogue| (Published::of(&catalogue), Some(catalogue.metadata.formats)))
        .map_err(place)
}

/// The text of a file, or of `REV:PATH` in git when no file has that name:
/// the name messages give it, and the text.
fn read_text(argument: &str) -> Result<(String, String), String> {
    let shown = LogSafe(argument).to_string();
    let path = Path::new(argument);
    if path.exists() || !argument.contains(':') {
        return crate::set::read(path)
            .map(|text| (argument.to_owned(), text))
            .map_err(|mistake| mistake.to_string());
    }
    let limit = crate::set::max_bytes().map_err(|message| format!("errcat: {message}"))?;
    // `--end-of-options`: a REV:PATH that begins with `-` is a revision to
    // git, never one of its options (`--output=FILE` would write a file).
    let mut child = std::process::Command::new("git")
        .args(["show", "--no-textconv", "--end-of-options", argument])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| {
            format!("{shown}: no such file, and git, which reads REV:PATH, cannot run ({error})")
        })?;
    // At most as much as a catalogue file is read with; git's messages are
    // a few lines.
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let read = child.stdout.take().map_or(Ok(0), |out| {
        io::Read::read_to_end(
            &mut io::Read::take(out, limit.saturating_add(1)),
            &mut stdout,
        )
    });
    if let Some(err) = child.stderr.take() {
        let _ = io::Read::read_to_end(&mut io::Read::take(err, 64 << 10), &mut stderr);
    }
    let too_long = u64::try_from(stdout.len()).unwrap_or(u64::MAX) > limit;
    if too_long {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|error| format!("{shown}: git failed ({error})"))?;
    read.map_err(|error| format!("{shown}: cannot read git's output ({error})"))?;
    if too_long {
        return Err(format!(
            "{shown}: git's version has more than {limit} bytes, the most read: expected a smaller catalogue ({} sets the limit)",
            crate::set::MAX_BYTES_ENV
        ));
    }
    if !status.success() {
        let reason = String::from_utf8_lossy(&stderr);
        return Err(format!(
            "{shown}: no such file, and git cannot read it as REV:PATH ({})",
            LogSafe(reason.trim())
        ));
    }
    String::from_utf8(stdout)
        .map(|text| (argument.to_owned(), text))
        .map_err(|_| format!("{shown}: is not UTF-8: expected a TOML file"))
}

/// `diff --format json`.
#[derive(serde::Serialize)]
struct JsonDiff<'a> {
    old: &'a str,
    new: &'a str,
    changes: Vec<JsonChange<'a>>,
    failed: bool,
}

#[derive(serde::Serialize)]
struct JsonChange<'a> {
    class: &'static str,
    rule: &'static str,
    code: &'a str,
    message: &'a str,
}

/// Compares two versions: 1 when a change of a class that fails (breaking,
/// wire text) is not accepted, 0 otherwise, 2 when a version cannot be read.
pub fn diff(
    old: &str,
    new: &str,
    format: Output,
    accept: &[Accept],
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let (before, after) = match (read_version(old), read_version(new)) {
        (Ok(before), Ok(after)) => (before, after),
        (before, after) => {
            for message in [before.err(), after.err()].into_iter().flatten().flatten() {
                eprintln!("{message}");
            }
            eprintln!("errcat: cannot compare: a version has mistakes");
            return Ok(ExitCode::from(2));
        }
    };
    let ((before, old_formats), (after, new_formats)) = (before, after);
    let mut changes = diff::diff(&before, &after);
    if let (Some(old_formats), Some(new_formats)) = (&old_formats, &new_formats) {
        changes.extend(diff::formats(old_formats, new_formats));
    }
    let fails = |class: Class| match class {
        Class::Breaking => !accept.contains(&Accept::Breaking),
        Class::WireText => !accept.contains(&Accept::WireText),
        Class::Compatible => false,
    };
    let failed = changes.iter().any(|change| fails(change.class));
    match format {
        Output::Json => {
            let record = JsonDiff {
                old,
                new,
                changes: changes
                    .iter()
                    .map(|change| JsonChange {
                        class: change.class.name(),
                        rule: change.rule.name(),
                        code: &change.code,
                        message: &change.message,
                    })
                    .collect(),
                failed,
            };
            let mut text = serde_json::to_string_pretty(&record).map_err(io::Error::from)?;
            text.push('\n');
            out.write_all(text.as_bytes())?;
        }
        Output::Human => {
            for (class, title) in [
                (Class::Breaking, "Breaking changes"),
                (Class::WireText, "Wire-text changes"),
                (Class::Compatible, "Compatible changes"),
            ] {
                let of_class: Vec<_> = changes
                    .iter()
                    .filter(|change| change.class == class)
                    .collect();
                if of_class.is_empty() {
                    continue;
                }
                let accepted = if class != Class::Compatible && !fails(class) {
                    ", accepted"
                } else {
                    ""
                };
                writeln!(out, "{title} ({}{accepted}):", of_class.len())?;
                for change in of_class {
                    writeln!(out, "  {}  {}", change.rule, change.message)?;
                }
            }
            if changes.is_empty() {
                writeln!(
                    out,
                    "No changes between {} and {}.",
                    LogSafe(old),
                    LogSafe(new)
                )?;
            }
            if failed {
                out.flush()?;
                let classes: Vec<&str> = [Class::Breaking, Class::WireText]
                    .into_iter()
                    .filter(|&class| {
                        fails(class) && changes.iter().any(|change| change.class == class)
                    })
                    .map(Class::name)
                    .collect();
                eprintln!(
                    "errcat: {} changes to what was published; if they are made on purpose, accept them with --accept {}",
                    classes.join(" and "),
                    classes.join(",")
                );
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The header of a snapshot `errcat snapshot` writes.
const HEADER: &str = "\
# The codes this catalogue has published, in catalogue order: what logs,
# clients and other servers may depend on. Codes removed on purpose follow,
# marked `removed = true`: their numbers are never reused. Written by
# `errcat snapshot`; compared with the catalogue by `errcat diff`.
";

/// Prints (or writes) the snapshot of `file`, keeping the tombstones and
/// the removed codes of `previous`.
pub fn snapshot(file: &str, previous: Option<&str>, output: Option<&Path>) -> io::Result<ExitCode> {
    let current = read_version(file).map(|(codes, _)| codes);
    let before = previous
        .map(|previous| read_version(previous).map(|(codes, _)| codes))
        .transpose();
    let (current, before) = match (current, before) {
        (Ok(current), Ok(before)) => (current, before.unwrap_or_default()),
        (current, before) => {
            for message in [current.err(), before.err()]
                .into_iter()
                .flatten()
                .flatten()
            {
                eprintln!("{message}");
            }
            eprintln!("errcat: no snapshot written: a version has mistakes");
            return Ok(ExitCode::from(2));
        }
    };
    let text = snapshot::render(HEADER, &diff::next_snapshot(&before, &current));
    match output {
        Some(path) => std::fs::write(path, text).map_err(|error| {
            io::Error::new(
                error.kind(),
                format!("{}: {error}", LogSafe(&path.display().to_string())),
            )
        })?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
