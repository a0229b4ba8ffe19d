//! `errcat`: explain error codes, scan logs, publish, lint and compare error
//! catalogues. See `errcat --help`.

mod cli;
mod lint;
mod set;

fn main() -> std::process::ExitCode {
    cli::main()
}
