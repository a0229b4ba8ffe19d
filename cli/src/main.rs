//! `errcat`: explain error codes, scan logs, publish, lint and compare error
//! catalogues. See `errcat --help`.

mod cache;
mod cli;
mod import;
mod lint;
mod set;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
