//! Writes one error body per catalogue row, in both formats and with values
//! that need encoding, into a directory: the seed corpus of the
//! `decode_response` fuzz target (`scripts/fuzz.sh decode_response`).

use errcat::{ApiError, ErrorCode};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: seed_bodies DIR"));
    std::fs::create_dir_all(&dir)?;
    for code in ErrorCode::ALL {
        let values = code
            .placeholders()
            .iter()
            .map(|name| (*name, "a\"b\\c\r\n%é"));
        let error = ApiError::with_values(code, values)
            .expect("one value per placeholder")
            .mark_public();
        // Two status bytes first, as the target reads them.
        let status = (code.status().as_u16() - 100).to_be_bytes();
        for (format, body) in [
            ("json", error.to_json()),
            ("problem", error.to_problem_json()),
        ] {
            let mut seed = status.to_vec();
            seed.extend_from_slice(body.as_bytes());
            std::fs::write(dir.join(format!("{code}-{format}")), seed)?;
        }
    }
    Ok(())
}
