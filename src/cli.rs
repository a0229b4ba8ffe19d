//! The `errcat` command line. `main` only calls [`main`] here and exits.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::{ErrorCode, ErrorKind, table};

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
enum Format {
    /// The published columns as a Markdown table.
    Markdown,
    /// An array of objects with the whole row.
    Json,
}

/// Runs the command line and maps the outcome to an exit code: 0 on success,
/// 1 when a code was not found, 2 on a usage or output error. A closed pipe
/// (`errcat table | head`) counts as success.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let outcome = run(cli.command, &mut out).and_then(|code| out.flush().map(|()| code));
    match outcome {
        Ok(code) => code,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("errcat: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, out: &mut impl Write) -> io::Result<ExitCode> {
    match command {
        Command::Explain { items } => explain(&items, out),
        Command::Table {
            format,
            status,
            kind,
        } => {
            let codes: Vec<ErrorCode> = ErrorCode::ALL
                .into_iter()
                .filter(|code| status.is_none_or(|status| code.status().as_u16() == status))
                .filter(|code| kind.is_none_or(|kind| code.kind() == kind))
                .collect();
            let text = match format {
                Format::Markdown => table::markdown(&codes),
                Format::Json => table::json(&codes),
            };
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn explain(items: &[String], out: &mut impl Write) -> io::Result<ExitCode> {
    let mut unknown = false;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        if let Ok(code) = item.parse::<ErrorCode>() {
            explain_code(code, out)?;
        } else if let Ok(kind) = item.parse::<ErrorKind>() {
            writeln!(
                out,
                "{} ({} on the wire): {} codes",
                kind.token(),
                kind.wire(),
                kind.codes().len()
            )?;
            for &code in kind.codes() {
                writeln!(out)?;
                explain_code(code, out)?;
            }
        } else {
            unknown = true;
            // Report with the code parser's message: it names the nearest code.
            let error = item.parse::<ErrorCode>().err();
            out.flush()?;
            match error {
                Some(error) => eprintln!("errcat: {error}"),
                None => eprintln!("errcat: `{item}` is not in the catalogue"),
            }
        }
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
        code.kind().wire()
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
    writeln!(out, "  rust         errcat::ErrorCode::{}", code.name())
}
