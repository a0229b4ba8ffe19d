//! `errcat`: explain error codes and print the catalogue. See `errcat --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
