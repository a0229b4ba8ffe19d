//! `errcat`: explain error codes and print the catalogue. See `errcat --help`.

fn main() -> std::process::ExitCode {
    errcat::cli::main()
}
