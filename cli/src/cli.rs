//! The `errcat` command line, a module of the binary (not of the library, so a
//! crate that depends on errcat never compiles it). `main` only calls [`main`]
//! here and exits.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use errcat::scan::{CodeIndex, Escaped, MatchedLine, Scanner};
use errcat::table::Entry;
use errcat::{publish, table};
use errcat_core::log_safe::LogSafe;

use crate::lint;
use crate::set::{self, Set};

/// Explain error codes found in logs, scan logs for them, publish, lint and
/// compare error catalogues: the PSD2 Account API's, built in, or any
/// catalogue file.
///
/// The catalogues are those named by `--catalogue`, else by the environment
/// variable ERRCAT_CATALOGUES (paths separated as in PATH), else by the
/// nearest `.errcat.toml` (`catalogues = ["errors.toml", ...]`, relative to
/// it) in the working directory or above, else the built-in Account API.
#[derive(Debug, Parser)]
#[command(name = "errcat", version, about, long_about)]
pub struct Cli {
    /// A catalogue file to use instead of the built-in one (repeatable).
    #[arg(long = "catalogue", short = 'c', value_name = "FILE", global = true)]
    catalogues: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print everything the catalogues say about codes or tokens.
    ///
    /// A code that several catalogues share is shown once, with its
    /// catalogues. Exits with 1 when an argument is neither a code nor a
    /// token.
    Explain {
        /// Codes (GEN-1203-100003) or tokens in any case (missing_input).
        #[arg(required = true, value_name = "CODE|TOKEN")]
        items: Vec<String>,
        /// Print a JSON array of the codes' rows (as `table --format json`,
        /// with the ids of their catalogues); what is not found is reported
        /// on stderr.
        #[arg(long)]
        json: bool,
    },
    /// Find catalogue codes in logs and say what they mean.
    ///
    /// Each line holding a code is printed once, then a note per code (with
    /// its catalogues when there are several). To a pipe or a file, the
    /// line is written byte for byte as the log holds it (as grep does). To
    /// a terminal, control characters (C0 and C1, DEL), U+2028, U+2029,
    /// bidirectional controls and bytes that are not UTF-8 are shown escaped
    /// (`\u{1b}`, `\t`, `\xff`), so that a log cannot drive the terminal;
    /// `--escape` decides otherwise. A line longer than 64 KiB is shown cut
    /// to its first 64 KiB, with its length. `--json` carries no line text,
    /// and JSON escapes its strings. File names are always shown escaped.
    ///
    /// Exits with 0 when a code was found, 1 when none was, 2 on an error
    /// (a file that cannot be read is reported and the others still scanned).
    Scan {
        /// Files to scan; standard input when none is given, or for `-`.
        files: Vec<PathBuf>,
        /// Find codes in any case (`gen-1203-100003` too).
        #[arg(short = 'i', long)]
        ignore_case: bool,
        /// Print a table of counts per code, most frequent first.
        #[arg(long, conflicts_with = "json")]
        summary: bool,
        /// Print one JSON object per code found, one per line.
        #[arg(long)]
        json: bool,
        /// When to color the output; NO_COLOR is honoured under `auto`.
        #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
        color: ColorWhen,
        /// When to escape the control characters of log lines.
        #[arg(long, value_enum, default_value_t = EscapeWhen::Auto, value_name = "WHEN")]
        escape: EscapeWhen,
    },
    /// Print the error table.
    ///
    /// With several catalogues, Markdown prints one table after another,
    /// each under its catalogue's name; the other formats take one catalogue.
    Table {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Only the codes with this HTTP status.
        #[arg(long)]
        status: Option<u16>,
        /// Only the codes of this token (any case).
        #[arg(long, value_name = "TOKEN")]
        kind: Option<String>,
    },
    /// Check catalogue files with every rule of the build, without building.
    ///
    /// Prints each mistake as FILE:LINE:COL: message. Exits with 0 when
    /// every file is valid, 1 when one is not.
    Check {
        /// The catalogue files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// `human`, or `json`: an array of objects with `file`, `line`,
        /// `column`, `message` and `suggestion` (null when there is none).
        #[arg(long, value_enum, default_value_t = lint::Output::Human)]
        format: lint::Output,
    },
    /// Say what changed between two versions of a catalogue, and whether
    /// clients notice.
    ///
    /// Each change is breaking (a code removed, renumbered or reused, a
    /// status, token or placeholder changed), wire-text (a description
    /// reworded: clients match these texts) or compatible (codes added,
    /// rows deprecated, scenarios or docs changed). OLD and NEW are
    /// catalogue files or snapshots of published codes (`[[code]]` tables,
    /// as `errcat snapshot` writes them; removed codes stay as tombstones).
    /// Either may be read from git as REV:PATH (`main:errors.toml`).
    ///
    /// Exits with 1 when there are breaking or wire-text changes that
    /// `--accept` does not accept, 0 otherwise, 2 on an error.
    Diff {
        /// The published version: a catalogue, a snapshot, or REV:PATH.
        old: String,
        /// The new version: a catalogue, a snapshot, or REV:PATH.
        new: String,
        /// `human`, or `json`: an object with `old`, `new`, `changes`
        /// (`class`, `rule`, `code`, `message` each) and `failed`.
        #[arg(long, value_enum, default_value_t = lint::Output::Human)]
        format: lint::Output,
        /// Changes of these classes do not fail the command: made on
        /// purpose (repeatable, or comma-separated).
        #[arg(long, value_enum, value_delimiter = ',', value_name = "CLASS")]
        accept: Vec<lint::Accept>,
    },
    /// Print a snapshot of a catalogue's published codes, for `errcat diff`
    /// to compare the next version with.
    ///
    /// With `--previous`, the codes the previous snapshot has and the
    /// catalogue no longer has stay in it as tombstones (`removed = true`),
    /// so that their numbers are never reused.
    Snapshot {
        /// The catalogue file (or REV:PATH).
        file: String,
        /// The snapshot it follows (or REV:PATH): its removed codes are kept.
        #[arg(long, value_name = "SNAPSHOT")]
        previous: Option<String>,
        /// Write the snapshot to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    #[command(name = "import")]
    Import(crate::import::Args),
    /// Print a shell's completion script for errcat.
    ///
    /// bash: `errcat completions bash > ~/.local/share/bash-completion/completions/errcat`;
    /// zsh: into a directory of `$fpath` as `_errcat`; fish:
    /// `errcat completions fish > ~/.config/fish/completions/errcat.fish`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print errcat's manual page (roff): `errcat man > errcat.1; man ./errcat.1`.
    ///
    /// With `--dir`, write it and a page per subcommand (`errcat-diff.1`,
    /// ...) into a directory, such as `/usr/local/share/man/man1`.
    Man {
        /// Write every page into this directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    /// Color when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EscapeWhen {
    /// Escape when standard output is a terminal.
    Auto,
    /// Always escape.
    Always,
    /// Never: write lines as the log holds them, even to a terminal.
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The published columns as a Markdown table.
    Markdown,
    /// An array of objects with the whole row.
    Json,
    /// A standalone HTML page: codes by status, a filter box, an anchor per code.
    Html,
    /// A CSV lookup table for log engines.
    Csv,
    /// An OpenAPI 3.1 document: both error bodies and a response per status.
    Openapi,
}

/// Runs the command line and maps the outcome to an exit code: 0 on success,
/// 1 when a code was not found (or a check or a diff failed), 2 on a usage,
/// catalogue or output error. A closed pipe (`errcat table | head`) counts
/// as success.
pub fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|error| escape_arguments(error).exit());
    let outcome = match cli.command {
        Command::Check { files, format } => with_stdout(|out| lint::check(&files, format, out)),
        Command::Diff {
            old,
            new,
            format,
            accept,
        } => with_stdout(|out| lint::diff(&old, &new, format, &accept, out)),
        Command::Snapshot {
            file,
            previous,
            output,
        } => lint::snapshot(&file, previous.as_deref(), output.as_deref()),
        Command::Import(args) => crate::import::run(&args),
        Command::Completions { shell } => with_stdout(|out| {
            clap_complete::generate(shell, &mut Cli::command(), "errcat", out);
            Ok(ExitCode::SUCCESS)
        }),
        Command::Man { dir: None } => with_stdout(|out| {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Man { dir: Some(dir) } => clap_mangen::generate_to(Cli::command(), &dir)
            .map(|()| ExitCode::SUCCESS)
            .map_err(|error| {
                io::Error::new(
                    error.kind(),
                    format!("{}: {error}", LogSafe(&dir.display().to_string())),
                )
            }),
        command => match Set::find(&cli.catalogues) {
            Err(messages) => {
                for message in messages {
                    eprintln!("{message}");
                }
                eprintln!("errcat: the catalogues have mistakes: nothing was done");
                return ExitCode::from(2);
            }
            Ok(set) => run(&set, command),
        },
    };
    match outcome {
        Ok(code) => code,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("errcat: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs `body` with standard output, flushed at the end.
fn with_stdout(
    body: impl FnOnce(&mut io::StdoutLock<'static>) -> io::Result<ExitCode>,
) -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    body(&mut out).and_then(|code| out.flush().map(|()| code))
}

/// The commands that read catalogues: explain, scan and table.
fn run(set: &Set, command: Command) -> io::Result<ExitCode> {
    match command {
        Command::Scan {
            files,
            ignore_case,
            summary,
            json,
            color,
            escape,
        } => {
            let stdout = io::stdout();
            let color = !json
                && match color {
                    ColorWhen::Auto => {
                        anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never
                    }
                    ColorWhen::Always => true,
                    ColorWhen::Never => false,
                };
            let escape = match escape {
                EscapeWhen::Auto => stdout.is_terminal(),
                EscapeWhen::Always => true,
                EscapeWhen::Never => false,
            };
            // Line by line to a person (standard output's own line
            // buffering), in large writes to a pipe or a file, as grep.
            let buffer = if stdout.is_terminal() { 0 } else { 64 << 10 };
            let mut out = BufWriter::with_capacity(buffer, stdout.lock());
            let options = ScanOptions {
                ignore_case,
                output: if summary {
                    ScanOutput::Summary
                } else if json {
                    ScanOutput::Json
                } else {
                    ScanOutput::Lines
                },
                look: if color { Look::COLORED } else { Look::PLAIN },
                escape,
            };
            scan(set, &files, options, &mut out).and_then(|code| out.flush().map(|()| code))
        }
        Command::Explain { items, json } => with_stdout(|out| explain(set, &items, json, out)),
        Command::Table {
            format,
            status,
            kind,
        } => with_stdout(|out| print_table(set, format, status, kind.as_deref(), out)),
        Command::Check { .. }
        | Command::Diff { .. }
        | Command::Snapshot { .. }
        | Command::Import(_)
        | Command::Completions { .. }
        | Command::Man { .. } => unreachable!("runs without catalogues"),
    }
}

/// A usage error shows the arguments it quotes escaped, as `scan` shows a
/// log on a terminal: an argument cannot drive the terminal or forge a line.
fn escape_arguments(mut error: clap::Error) -> clap::Error {
    use clap::builder::StyledStr;
    use clap::error::{ContextKind, ContextValue};
    let escaped = |text: &str| Escaped(text.as_bytes()).to_string();
    // Tips quote arguments inside styled text, where an escape sequence of
    // the argument's cannot be told from clap's styles: when an argument
    // needs escaping, they are shown plain.
    let hostile = std::env::args_os().any(|argument| {
        let bytes = argument.as_encoded_bytes();
        Escaped(bytes).to_string().as_bytes() != bytes
    });
    let plain = |text: &StyledStr| StyledStr::from(escaped(&text.to_string()));
    let replaced: Vec<_> = error
        .context()
        .filter_map(|(kind, value)| match value {
            ContextValue::String(text) => Some((kind, ContextValue::String(escaped(text)))),
            ContextValue::Strings(texts) => Some((
                kind,
                ContextValue::Strings(texts.iter().map(|text| escaped(text)).collect()),
            )),
            ContextValue::StyledStr(text) if hostile && kind != ContextKind::Usage => {
                Some((kind, ContextValue::StyledStr(plain(text))))
            }
            ContextValue::StyledStrs(texts) if hostile => Some((
                kind,
                ContextValue::StyledStrs(texts.iter().map(plain).collect()),
            )),
            _ => None,
        })
        .collect();
    for (kind, value) in replaced {
        error.insert(kind, value);
    }
    error
}

fn print_table(
    set: &Set,
    format: Format,
    status: Option<u16>,
    kind: Option<&str>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    if set.is_several() && !matches!(format, Format::Markdown) {
        let names: Vec<String> = set
            .catalogues
            .iter()
            .map(|loaded| loaded.catalogue.to_string())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        eprintln!(
            "errcat: `table --format {}` prints one catalogue, and {} are named ({}): name one with --catalogue FILE",
            format.name(),
            set.catalogues.len(),
            set::listed(&names)
        );
        return Ok(ExitCode::from(2));
    }
    if let Some(kind) = kind {
        let known = set.catalogues.iter().any(|loaded| {
            loaded
                .entries
                .iter()
                .any(|entry| entry.error.eq_ignore_ascii_case(kind))
        });
        if !known {
            eprintln!("errcat: {}", unknown_token(set, kind));
            return Ok(ExitCode::from(2));
        }
    }
    for (nth, loaded) in set.catalogues.iter().enumerate() {
        let entries: Vec<Entry<'static>> = loaded
            .entries
            .iter()
            .filter(|entry| status.is_none_or(|status| entry.status == status))
            .filter(|entry| kind.is_none_or(|kind| entry.error.eq_ignore_ascii_case(kind)))
            .cloned()
            .collect();
        let catalogue = loaded.catalogue;
        let text = match format {
            Format::Markdown => table::markdown_rows(&entries),
            Format::Json => table::json_rows(&entries),
            Format::Html => publish::html_rows(catalogue, &entries),
            Format::Csv => publish::csv_rows(&entries).map_err(io::Error::other)?,
            Format::Openapi => {
                let mut text =
                    serde_json::to_string_pretty(&publish::openapi_rows(catalogue, &entries))
                        .map_err(io::Error::from)?;
                text.push('\n');
                text
            }
        };
        if set.is_several() {
            if nth > 0 {
                writeln!(out)?;
            }
            writeln!(out, "## {catalogue}\n")?;
        }
        write_document(&text, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A table as it is to a pipe or a file; to a terminal, each line shown as
/// `scan` shows a log there ([`Escaped`]), so that no text of a catalogue
/// drives the terminal.
fn write_document(text: &str, out: &mut impl Write) -> io::Result<()> {
    if !io::stdout().is_terminal() {
        return out.write_all(text.as_bytes());
    }
    for line in text.split_inclusive('\n') {
        let (line, end) = line
            .strip_suffix('\n')
            .map_or((line, ""), |line| (line, "\n"));
        write!(out, "{}{end}", Escaped(line.as_bytes()))?;
    }
    Ok(())
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Openapi => "openapi",
        }
    }
}

/// Why `item` is no token of the set, with the nearest token.
fn unknown_token(set: &Set, item: &str) -> String {
    let mut message = format!("unknown error token `{}`", LogSafe(item));
    if let Some(token) = set.suggest_token(item) {
        message.push_str(&format!("; did you mean `{token}`?"));
    }
    message
}

/// Why `item` is neither a code nor a token of the set: the message of a
/// code that does not parse, as errcat's `ParseCodeError` words it.
fn unknown_code(set: &Set, item: &str) -> String {
    let shown = LogSafe(item);
    let suggestion = || {
        set.suggest_code(item)
            .map_or_else(String::new, |code| format!("; did you mean `{code}`?"))
    };
    if item.is_empty() {
        format!(
            "empty error code: expected a code such as `{}`",
            set.codes.first().map_or("", |code| code.text)
        )
    } else if errcat_core::syntax::is_code(item) {
        format!("unknown error code `{shown}`{}", suggestion())
    } else {
        format!(
            "`{shown}` is not an error code: expected uppercase letters and digits in groups joined by `-`{}",
            suggestion()
        )
    }
}

/// The codes an `explain` argument names: a code, or every code of a token
/// (in any case), in the order of the set.
fn asked(set: &Set, item: &str) -> Result<(Option<&'static str>, Vec<usize>), String> {
    if let Some(index) = set.code(item) {
        return Ok((None, vec![index]));
    }
    let mut token = None;
    let codes: Vec<usize> = (0..set.codes.len())
        .filter(|&index| {
            set.codes[index].rows.iter().any(|&row| {
                let entry = set.entry(row);
                let matches = entry.error.eq_ignore_ascii_case(item);
                if matches && token.is_none() {
                    token = Some(entry.error);
                }
                matches
            })
        })
        .collect();
    match token {
        Some(token) => Ok((Some(token), codes)),
        None => Err(unknown_code(set, item)),
    }
}

/// One object of `explain --json`: the table's row and its catalogues.
#[derive(serde::Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    entry: &'a Entry<'static>,
    catalogues: Vec<&'static str>,
}

fn explain(set: &Set, items: &[String], json: bool, out: &mut impl Write) -> io::Result<ExitCode> {
    let mut unknown = false;
    let mut codes: Vec<usize> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if !json && index > 0 {
            writeln!(out)?;
        }
        let (token, asked) = match asked(set, item) {
            Ok(asked) => asked,
            Err(message) => {
                unknown = true;
                out.flush()?;
                eprintln!("errcat: {message}");
                continue;
            }
        };
        if json {
            // Each code once, in the order asked, printed together below.
            for code in asked {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            continue;
        }
        if let Some(token) = token {
            writeln!(
                out,
                "{token} ({} on the wire): {} codes",
                token.to_ascii_lowercase(),
                asked.len()
            )?;
        }
        for (nth, &code) in asked.iter().enumerate() {
            if token.is_some() || nth > 0 {
                writeln!(out)?;
            }
            explain_code(set, code, out)?;
        }
    }
    if json {
        let rows: Vec<Explained<'_>> = codes
            .iter()
            .flat_map(|&code| set.meanings(code))
            .map(|(entry, catalogues)| Explained {
                entry,
                catalogues: set.ids(&catalogues),
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&rows).map_err(io::Error::from)?;
        text.push('\n');
        out.write_all(text.as_bytes())?;
    }
    Ok(if unknown {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Everything about one code: once per meaning when catalogues that share
/// the code say different things. Every text is shown as `scan` shows a log
/// on a terminal ([`Escaped`]): the validator refuses what would need it,
/// and the output does not depend on that.
fn explain_code(set: &Set, code: usize, out: &mut impl Write) -> io::Result<()> {
    let shown = |text: &str| Escaped(text.as_bytes()).to_string();
    for (nth, (entry, catalogues)) in set.meanings(code).into_iter().enumerate() {
        if nth > 0 {
            writeln!(out)?;
        }
        let status = http::StatusCode::from_u16(entry.status).ok();
        writeln!(out, "{}", shown(entry.code))?;
        writeln!(
            out,
            "  status       {} {}",
            entry.status,
            status
                .and_then(|status| status.canonical_reason())
                .unwrap_or("(non-standard)")
        )?;
        writeln!(
            out,
            "  error        {} ({} on the wire)",
            shown(entry.error),
            shown(&entry.wire_token())
        )?;
        writeln!(out, "  description  {}", shown(entry.description))?;
        let mut lines = entry.scenario.lines();
        writeln!(
            out,
            "  scenario     {}",
            lines
                .next()
                .map_or_else(|| "(not given in the published table)".to_owned(), shown)
        )?;
        for line in lines {
            writeln!(out, "               {}", shown(line))?;
        }
        if !entry.placeholders.is_empty() {
            writeln!(
                out,
                "  placeholders {}",
                shown(&entry.placeholders.join(", "))
            )?;
        }
        if let Some(note) = entry.deprecated {
            writeln!(out, "  deprecated   {}", shown(note))?;
        }
        let speaks = |format: &str| {
            catalogues
                .iter()
                .any(|&index| set.catalogues[index].catalogue.formats().contains(&format))
        };
        if let Some(code) = entry.berlin_group.filter(|_| speaks("berlin-group")) {
            writeln!(out, "  berlin group {code} (NextGenPSD2 message code)")?;
        }
        if speaks("aip-193") {
            writeln!(out, "  reason       {} (AIP-193)", entry.reason)?;
        }
        let names: Vec<String> = catalogues
            .iter()
            .map(|&index| {
                let catalogue = set.catalogues[index].catalogue;
                format!("{catalogue} ({})", LogSafe(catalogue.id()))
            })
            .collect();
        writeln!(out, "  catalogue    {}", names.join(", "))?;
        // Catalogues a `.errcat.toml` found by walking up named: which
        // files, and which `.errcat.toml`, so that a catalogue that looks
        // like another is told apart by where it was read.
        if let Some(config) = &set.config {
            let files: Vec<String> = catalogues
                .iter()
                .map(|&index| LogSafe(set.catalogues[index].catalogue.source()).to_string())
                .collect();
            writeln!(
                out,
                "  file         {} (named by {})",
                files.join(", "),
                LogSafe(&config.display().to_string())
            )?;
        }
        writeln!(out, "  rust         ErrorCode::{}", shown(entry.name))?;
    }
    Ok(())
}

/// One line of `errcat scan --json`.
#[derive(serde::Serialize)]
struct JsonMatch<'a> {
    file: &'a str,
    line: u64,
    offset: u64,
    code: &'static str,
    status: u16,
    token: &'static str,
    /// The ids of the catalogues that have the code.
    catalogues: &'a [&'static str],
}

#[derive(Clone, Copy)]
enum ScanOutput {
    Lines,
    Summary,
    Json,
}

#[derive(Clone, Copy)]
struct ScanOptions {
    ignore_case: bool,
    output: ScanOutput,
    look: Look,
    /// Whether log lines are shown escaped ([`Escaped`]).
    escape: bool,
}

/// The styles of the lines output: colors, or none.
#[derive(Clone, Copy)]
struct Look {
    code: Style,
    place: Style,
    note: Style,
}

impl Look {
    const COLORED: Look = Look {
        code: AnsiColor::Red.on_default().bold(),
        place: AnsiColor::Magenta.on_default(),
        note: AnsiColor::Cyan.on_default(),
    };
    const PLAIN: Look = Look {
        code: Style::new(),
        place: Style::new(),
        note: Style::new(),
    };
}

/// Inputs at least this large show a progress bar, when stderr is a terminal.
const PROGRESS_FROM: u64 = 64 << 20;

fn scan(
    set: &Set,
    files: &[PathBuf],
    options: ScanOptions,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let scanner = Scanner::from_codes(set.codes.iter().map(|code| code.text), options.ignore_case);
    let catalogues: Vec<Vec<&'static str>> = (0..set.codes.len())
        .map(|index| set.code_ids(index))
        .collect();
    let context = Context {
        set,
        catalogues: &catalogues,
    };
    let stdin_only = [PathBuf::from("-")];
    let inputs = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    let mut counts = vec![0u64; set.codes.len()];
    let mut found_any = false;
    let mut failed = false;
    for path in inputs {
        let is_stdin = path.as_os_str() == "-";
        // The file's name as JSON carries it, and escaped (bytes that are
        // not UTF-8 included) for everything else.
        let (name, label) = if is_stdin {
            let name = "(standard input)".to_owned();
            (name.clone(), name)
        } else {
            let bytes = path.as_os_str().as_encoded_bytes();
            (path.display().to_string(), Escaped(bytes).to_string())
        };
        let outcome = if is_stdin {
            scan_input(
                context,
                &scanner,
                io::stdin().lock(),
                0,
                Label {
                    name: &name,
                    escaped: &label,
                },
                options,
                &mut counts,
                &mut found_any,
                out,
            )
        } else {
            File::open(path).and_then(|file| {
                let size = file.metadata().map_or(0, |meta| meta.len());
                if matches!(options.output, ScanOutput::Summary) && !shows_progress(size) {
                    // A file to count: in parallel ranges, one per core.
                    scanner
                        .count_file(path)
                        .map(|found| add(&mut counts, found))
                } else {
                    scan_input(
                        context,
                        &scanner,
                        file,
                        size,
                        Label {
                            name: &name,
                            escaped: &label,
                        },
                        options,
                        &mut counts,
                        &mut found_any,
                        out,
                    )
                }
            })
        };
        if let Err(error) = outcome {
            if error.kind() == io::ErrorKind::BrokenPipe {
                return Err(error);
            }
            out.flush()?;
            eprintln!("errcat: {label}: {error}");
            failed = true;
        }
    }
    if let ScanOutput::Summary = options.output {
        found_any = counts.iter().any(|&count| count > 0);
        write_summary(set, &counts, out)?;
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if found_any {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether reading `size` bytes shows a progress bar: only for a large input
/// and a person watching stderr.
fn shows_progress(size: u64) -> bool {
    size >= PROGRESS_FROM && io::stderr().is_terminal()
}

fn add(totals: &mut [u64], counts: Vec<u64>) {
    for (total, count) in totals.iter_mut().zip(counts) {
        *total += count;
    }
}

/// What an input is called: its name as given (for JSON), and escaped.
#[derive(Clone, Copy)]
struct Label<'a> {
    name: &'a str,
    escaped: &'a str,
}

/// What the outputs of a scan say about the codes found.
#[derive(Clone, Copy)]
struct Context<'a> {
    set: &'a Set,
    /// The ids of each code's catalogues, indexed like the set's codes.
    catalogues: &'a [Vec<&'static str>],
}

/// Scans one input read sequentially (with a progress bar when it is due).
#[allow(clippy::too_many_arguments)]
fn scan_input(
    context: Context<'_>,
    scanner: &Scanner<CodeIndex>,
    reader: impl Read + 'static,
    size: u64,
    label: Label<'_>,
    options: ScanOptions,
    counts: &mut [u64],
    found_any: &mut bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let reader = with_progress(Box::new(reader), size);
    match options.output {
        ScanOutput::Summary => scanner.count_reader(reader).map(|found| add(counts, found)),
        ScanOutput::Json => {
            for found in scanner.scan_reader(reader) {
                let found = found?;
                *found_any = true;
                let CodeIndex(index) = found.code;
                let entry = context.set.first(index);
                let record = JsonMatch {
                    file: label.name,
                    line: found.line_number,
                    offset: found.offset,
                    code: entry.code,
                    status: entry.status,
                    token: entry.error,
                    catalogues: &context.catalogues[index],
                };
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Ok(())
        }
        ScanOutput::Lines => {
            for line in scanner.scan_lines(reader) {
                *found_any = true;
                write_line(context, label.escaped, &line?, options, out)?;
            }
            Ok(())
        }
    }
}

fn with_progress(reader: Box<dyn Read>, size: u64) -> Box<dyn Read> {
    if !shows_progress(size) {
        return reader;
    }
    let bar = indicatif::ProgressBar::new(size).with_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Box::new(bar.wrap_read(reader))
}

/// `FILE:LINE:text` with each code highlighted, a note when the line is cut,
/// then one note per code. `label` is escaped already.
fn write_line(
    context: Context<'_>,
    label: &str,
    line: &MatchedLine<CodeIndex>,
    options: ScanOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let Look { code, place, note } = options.look;
    write!(
        out,
        "{place}{label}{place:#}:{place}{}{place:#}:",
        line.line_number
    )?;
    let text = line.text();
    let mut at = 0;
    for found in line.codes() {
        write_text(&text[at..found.start], options.escape, out)?;
        write!(out, "{code}")?;
        out.write_all(&text[found.start..found.end])?;
        write!(out, "{code:#}")?;
        at = found.end;
    }
    write_text(&text[at..], options.escape, out)?;
    writeln!(out)?;
    if line.is_cut() {
        writeln!(
            out,
            "  {note}[cut: {} of {} bytes shown, {} codes on the line]{note:#}",
            text.len(),
            line.len,
            line.code_count()
        )?;
    }
    for &CodeIndex(index) in line.distinct_codes() {
        for (entry, catalogues) in context.set.meanings(index) {
            write!(
                out,
                "  {note}= {} {} {}: {}",
                Escaped(entry.code.as_bytes()),
                entry.status,
                Escaped(entry.error.as_bytes()),
                Escaped(entry.published.as_bytes())
            )?;
            if context.set.is_several() {
                write!(out, " [{}]", context.set.ids(&catalogues).join(", "))?;
            }
            writeln!(out, "{note:#}")?;
        }
    }
    Ok(())
}

/// Log text as the log holds it, or escaped.
fn write_text(text: &[u8], escape: bool, out: &mut impl Write) -> io::Result<()> {
    if escape {
        write!(out, "{}", Escaped(text))
    } else {
        out.write_all(text)
    }
}

fn write_summary(set: &Set, counts: &[u64], out: &mut impl Write) -> io::Result<()> {
    let mut rows: Vec<(u64, &Entry<'static>, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(index, &count)| (count, set.first(index), index))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // Most frequent first; ties in catalogue order (the sort is stable).
    rows.sort_by_key(|(count, _, _)| std::cmp::Reverse(*count));
    let width = rows[0].0.to_string().len().max("count".len());
    let code_width = rows
        .iter()
        .map(|(_, entry, _)| entry.code.len())
        .max()
        .unwrap_or(0);
    let token_width = rows
        .iter()
        .map(|(_, entry, _)| entry.error.len())
        .max()
        .unwrap_or(0);
    // With several catalogues, a column says which have each code.
    let catalogues: Vec<String> = rows
        .iter()
        .map(|&(_, _, index)| set.code_ids(index).join(","))
        .collect();
    let catalogues_width = catalogues.iter().map(String::len).max().unwrap_or(0);
    write!(
        out,
        "{:>width$}  {:<code_width$}  status  {:<token_width$}  ",
        "count", "code", "error"
    )?;
    if set.is_several() {
        write!(out, "{:<catalogues_width$}  ", "catalogues")?;
    }
    writeln!(out, "description")?;
    for ((count, entry, _), catalogues) in rows.into_iter().zip(&catalogues) {
        write!(
            out,
            "{count:>width$}  {:<code_width$}  {:<6}  {:<token_width$}  ",
            entry.code, entry.status, entry.error
        )?;
        if set.is_several() {
            write!(out, "{catalogues:<catalogues_width$}  ")?;
        }
        writeln!(out, "{}", Escaped(entry.published.as_bytes()))?;
    }
    Ok(())
}
