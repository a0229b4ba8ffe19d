//! The `errcat` command line, a module of the binary (not of the library, so a
//! crate that depends on errcat never compiles it). `main` only calls [`main`]
//! here and exits.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::{Parser, Subcommand, ValueEnum};
use errcat::CatalogueCode;

use errcat::scan::{Escaped, MatchedLine, Scanner};
use errcat::{ErrorCode, ErrorKind, publish, table};

/// Explain PSD2 Account API error codes and print the error table.
#[derive(Debug, Parser)]
#[command(name = "errcat", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print everything the catalogue says about codes or tokens.
    ///
    /// Exits with 1 when an argument is neither a code nor a token.
    Explain {
        /// Codes (GEN-1203-100003) or tokens in any case (missing_input).
        #[arg(required = true, value_name = "CODE|TOKEN")]
        items: Vec<String>,
        /// Print a JSON array of the codes' rows (as `table --format json`);
        /// what is not found is reported on stderr.
        #[arg(long)]
        json: bool,
    },
    /// Find catalogue codes in logs and say what they mean.
    ///
    /// Each line holding a code is printed once, then a note per code. To a
    /// pipe or a file, the line is written byte for byte as the log holds it
    /// (as grep does). To a terminal, control characters (C0 and C1, DEL),
    /// U+2028, U+2029, bidirectional controls and bytes that are not UTF-8
    /// are shown escaped (`\u{1b}`, `\t`, `\xff`), so that a log cannot drive
    /// the terminal; `--escape` decides otherwise. A line longer than 64 KiB
    /// is shown cut to its first 64 KiB, with its length. `--json` carries no
    /// line text, and JSON escapes its strings. File names are always shown
    /// escaped.
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
    Table {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Only the codes with this HTTP status.
        #[arg(long)]
        status: Option<u16>,
        /// Only the codes of this token (any case).
        #[arg(long, value_name = "TOKEN")]
        kind: Option<ErrorKind>,
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
    /// A standalone HTML page with an anchor per code.
    Html,
    /// A CSV lookup table for log engines.
    Csv,
    /// An OpenAPI 3.1 document: the error body and a response per status.
    Openapi,
}

/// Runs the command line and maps the outcome to an exit code: 0 on success,
/// 1 when a code was not found, 2 on a usage or output error. A closed pipe
/// (`errcat table | head`) counts as success.
pub fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|error| escape_arguments(error).exit());
    let outcome = match cli.command {
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
            scan(&files, options, &mut out).and_then(|code| out.flush().map(|()| code))
        }
        command => {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            run(command, &mut out).and_then(|code| out.flush().map(|()| code))
        }
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

fn run(command: Command, out: &mut impl Write) -> io::Result<ExitCode> {
    match command {
        Command::Explain { items, json } => explain(&items, json, out),
        Command::Scan { .. } => unreachable!("scan runs with its own output stream"),
        Command::Table {
            format,
            status,
            kind,
        } => {
            let codes: Vec<ErrorCode> = ErrorCode::all()
                .iter()
                .copied()
                .filter(|code| status.is_none_or(|status| code.status().as_u16() == status))
                .filter(|code| kind.is_none_or(|kind| code.kind() == kind))
                .collect();
            let text = match format {
                Format::Markdown => table::markdown(&codes),
                Format::Json => table::json(&codes),
                Format::Html => publish::html(&codes),
                Format::Csv => publish::csv(&codes).map_err(io::Error::other)?,
                Format::Openapi => {
                    let mut text = serde_json::to_string_pretty(&publish::openapi(&codes))
                        .map_err(io::Error::from)?;
                    text.push('\n');
                    text
                }
            };
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What an `explain` argument names: a code, or a token and its codes.
enum Asked {
    Code(ErrorCode),
    Kind(ErrorKind),
}

impl Asked {
    /// The code's parse error, when it is neither: it names the nearest code.
    fn parse(item: &str) -> Result<Asked, errcat::ParseCodeError> {
        match item.parse::<ErrorCode>() {
            Ok(code) => Ok(Asked::Code(code)),
            Err(error) => item
                .parse::<ErrorKind>()
                .map(Asked::Kind)
                .map_err(|_| error),
        }
    }

    fn codes(&self) -> &[ErrorCode] {
        match self {
            Asked::Code(code) => std::slice::from_ref(code),
            Asked::Kind(kind) => kind.codes(),
        }
    }
}

fn explain(items: &[String], json: bool, out: &mut impl Write) -> io::Result<ExitCode> {
    let mut unknown = false;
    let mut codes: Vec<ErrorCode> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if !json && index > 0 {
            writeln!(out)?;
        }
        let asked = match Asked::parse(item) {
            Ok(asked) => asked,
            Err(error) => {
                unknown = true;
                out.flush()?;
                eprintln!("errcat: {error}");
                continue;
            }
        };
        if json {
            // Each code once, in the order asked, printed together below.
            for &code in asked.codes() {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            continue;
        }
        if let Asked::Kind(kind) = asked {
            writeln!(
                out,
                "{} ({} on the wire): {} codes",
                kind.token(),
                kind.wire_token(),
                kind.codes().len()
            )?;
        }
        for (nth, &code) in asked.codes().iter().enumerate() {
            if matches!(asked, Asked::Kind(_)) || nth > 0 {
                writeln!(out)?;
            }
            explain_code(code, out)?;
        }
    }
    if json {
        out.write_all(table::json(&codes).as_bytes())?;
    }
    Ok(if unknown {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn explain_code(code: ErrorCode, out: &mut impl Write) -> io::Result<()> {
    let status = code.status();
    writeln!(out, "{}", code.code())?;
    writeln!(
        out,
        "  status       {} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("(non-standard)")
    )?;
    writeln!(
        out,
        "  error        {} ({} on the wire)",
        code.kind().token(),
        code.kind().wire_token()
    )?;
    writeln!(out, "  description  {}", code.description())?;
    let scenario = code.scenario();
    let mut lines = scenario.lines();
    writeln!(
        out,
        "  scenario     {}",
        lines.next().unwrap_or("(not given in the published table)")
    )?;
    for line in lines {
        writeln!(out, "               {line}")?;
    }
    if !code.placeholders().is_empty() {
        writeln!(out, "  placeholders {}", code.placeholders().join(", "))?;
    }
    if let Some(note) = code.deprecation() {
        writeln!(out, "  deprecated   {note}")?;
    }
    writeln!(out, "  rust         errcat::ErrorCode::{}", code.name())
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

fn scan(files: &[PathBuf], options: ScanOptions, out: &mut impl Write) -> io::Result<ExitCode> {
    let scanner = if options.ignore_case {
        Scanner::case_insensitive()
    } else {
        Scanner::new()
    };
    let stdin_only = [PathBuf::from("-")];
    let inputs = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    let mut counts = vec![0u64; ErrorCode::COUNT];
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
        write_summary(&counts, out)?;
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

/// Scans one input read sequentially (with a progress bar when it is due).
#[allow(clippy::too_many_arguments)]
fn scan_input(
    scanner: &Scanner,
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
                let record = JsonMatch {
                    file: label.name,
                    line: found.line_number,
                    offset: found.offset,
                    code: found.code.code(),
                    status: found.code.status().as_u16(),
                    token: found.code.kind().token(),
                };
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                writeln!(out)?;
            }
            Ok(())
        }
        ScanOutput::Lines => {
            for line in scanner.scan_lines(reader) {
                *found_any = true;
                write_line(label.escaped, &line?, options, out)?;
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
    label: &str,
    line: &MatchedLine,
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
    for &found in line.distinct_codes() {
        writeln!(
            out,
            "  {note}= {} {} {}: {}{note:#}",
            found.code(),
            found.status().as_u16(),
            found.kind().token(),
            found.published_description()
        )?;
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

fn write_summary(counts: &[u64], out: &mut impl Write) -> io::Result<()> {
    let mut rows: Vec<(u64, ErrorCode)> = counts
        .iter()
        .zip(ErrorCode::all().iter().copied())
        .filter(|(count, _)| **count > 0)
        .map(|(&count, code)| (count, code))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // Most frequent first; ties in catalogue order (the sort is stable).
    rows.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    let width = rows[0].0.to_string().len().max("count".len());
    let code_width = rows
        .iter()
        .map(|(_, code)| code.code().len())
        .max()
        .unwrap_or(0);
    let token_width = rows
        .iter()
        .map(|(_, code)| code.kind().token().len())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{:>width$}  {:<code_width$}  status  {:<token_width$}  description",
        "count", "code", "error"
    )?;
    for (count, code) in rows {
        writeln!(
            out,
            "{count:>width$}  {:<code_width$}  {:<6}  {:<token_width$}  {}",
            code.code(),
            code.status().as_u16(),
            code.kind().token(),
            code.published_description()
        )?;
    }
    Ok(())
}
