//! `errcat`: explain error codes, scan logs, publish, lint and compare error
//! catalogues. See `errcat --help`.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    errcat_cli::cli::main()
}
