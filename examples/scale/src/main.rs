//! The scale fixture's catalogue from the command line, as a user's own
//! tool would use errcat's library, for `scripts/bench-scan.sh`:
//!
//! - `scale table --format json`: the catalogue as `errcat table` prints it;
//! - `scale scan --summary FILE`: how many times each code occurs in FILE,
//!   most frequent first, counted as `errcat scan --summary` counts.

use std::process::ExitCode;

use errcat::CatalogueCode;
use errcat::scan::Scanner;
use scale::one::ErrorCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["table", "--format", "json"] => {
            print!("{}", errcat::table::json(ErrorCode::all()));
            ExitCode::SUCCESS
        }
        ["scan", "--summary", file] => {
            let scanner: Scanner<ErrorCode> = Scanner::for_catalogue(false);
            let counts = match scanner.count_file(std::path::Path::new(file)) {
                Ok(counts) => counts,
                Err(error) => {
                    eprintln!("scale: {file}: {error}");
                    return ExitCode::from(2);
                }
            };
            let mut found: Vec<(u64, ErrorCode)> = counts
                .into_iter()
                .zip(ErrorCode::all().iter().copied())
                .filter(|(count, _)| *count > 0)
                .collect();
            found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (count, code) in &found {
                println!("{count:>7}  {code}");
            }
            if found.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            eprintln!("usage: scale table --format json | scale scan --summary FILE");
            ExitCode::from(2)
        }
    }
}
