//! The cache of validated catalogue files: a large file read a second time
//! gives exactly what it gave the first time, a changed file is read again,
//! a damaged entry is a miss, and a file with mistakes is never cached.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A valid catalogue of `rows` rows, large enough to be cached from about
/// 1,300 rows.
fn catalogue(rows: usize, wording: &str) -> String {
    let mut text = String::from(
        "[catalogue]\nname = \"Big API\"\nid = \"big\"\nversion = \"3\"\n\n[placeholders.input]\npublished = \"INPUT\"\ndoc = \"A value.\"\n",
    );
    for row in 0..rows {
        text.push_str(&format!(
            "\n[[errors]]\nstatus = {}\nerror = \"ERROR_{}\"\ncode = \"BIG-{row:05}\"\ndescription = \"{wording} {row} with input '{{input}}'\"\nscenario = \"Request {row} received in a synthetic scenario, described at length to make the file large\"\n",
            [400, 401, 403, 404, 409, 500][row % 6],
            row % 40,
        ));
        if row % 97 == 5 {
            text.push_str(&format!("deprecated = \"Use BIG-{:05}\"\n", row + 1));
        }
    }
    text
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("errcat-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("cache")).unwrap();
        Dir(path)
    }

    fn cache(&self) -> PathBuf {
        self.0.join("cache")
    }

    fn entries(&self) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(self.cache())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            // The cache's key is not an entry.
            .filter(|path| path.file_name().is_some_and(|name| name != "key"))
            .collect();
        entries.sort();
        entries
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn errcat(cache: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .env("ERRCAT_CACHE_DIR", cache)
        .output()
        .expect("the errcat binary runs")
}

fn seen(output: &Output) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    (
        output.status.code(),
        output.stdout.clone(),
        output.stderr.clone(),
    )
}

/// Every output the catalogue takes part in.
fn outputs(cache: &str, file: &str, log: &str) -> Vec<(Option<i32>, Vec<u8>, Vec<u8>)> {
    let uses: [&[&str]; 7] = [
        &["explain", "BIG-00005", "error_7", "BIG-0005"],
        &["explain", "--json", "BIG-01234"],
        &["table", "--format", "json"],
        &["table", "--format", "html"],
        &["table", "--format", "openapi"],
        &["scan", "--summary", log],
        &["scan", "--json", log],
    ];
    uses.iter()
        .map(|args| {
            let mut all = vec!["--catalogue", file];
            all.extend(*args);
            seen(&errcat(cache, &all))
        })
        .collect()
}

#[test]
fn a_large_catalogue_read_again_from_the_cache_gives_the_same_outputs() {
    let dir = Dir::new("same");
    let file = dir.0.join("big.toml");
    let text = catalogue(2000, "Generated error");
    assert!(text.len() > 256 << 10, "{} bytes", text.len());
    std::fs::write(&file, &text).unwrap();
    let log = dir.0.join("app.log");
    std::fs::write(&log, "a BIG-00005 b\nc BIG-01999 BIG-00005\n").unwrap();
    let (file, log) = (file.to_str().unwrap(), log.to_str().unwrap());
    let cache = dir.cache();
    let cache = cache.to_str().unwrap();

    let uncached = outputs("off", file, log);
    assert!(dir.entries().is_empty());
    let first = outputs(cache, file, log);
    assert_eq!(dir.entries().len(), 1, "one entry for one file");
    let second = outputs(cache, file, log);
    assert_eq!(first, uncached);
    assert_eq!(second, uncached);
    assert_eq!(uncached[0].0, Some(1), "BIG-0005 is unknown");
    assert!(String::from_utf8_lossy(&uncached[0].1).contains("  deprecated   Use BIG-00006\n"));

    // A changed file is another entry, and says what the file says now.
    std::fs::write(file, catalogue(2000, "Synthesised error")).unwrap();
    let changed = seen(&errcat(
        cache,
        &["--catalogue", file, "explain", "BIG-00005"],
    ));
    assert!(String::from_utf8_lossy(&changed.1).contains("Synthesised error 5 with input"));
    assert_eq!(dir.entries().len(), 2);
}

#[test]
fn a_damaged_entry_is_a_miss() {
    let dir = Dir::new("damaged");
    let file = dir.0.join("big.toml");
    std::fs::write(&file, catalogue(2000, "Generated error")).unwrap();
    let file = file.to_str().unwrap();
    let cache = dir.cache();
    let cache = cache.to_str().unwrap();
    let args = ["--catalogue", file, "table", "--format", "json"];
    let expected = seen(&errcat("off", &args));
    assert_eq!(seen(&errcat(cache, &args)), expected);
    let entry = dir.entries().remove(0);
    let bytes = std::fs::read(&entry).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        Vec::new(),
        bytes[..bytes.len() / 2].to_vec(),
        bytes[..8].to_vec(),
        {
            // A length that points far past the end.
            let mut damaged = bytes.clone();
            damaged[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
            damaged
        },
        {
            // The row count made huge.
            let mut damaged = bytes.clone();
            let count_at = bytes.len() / 3;
            damaged[count_at..count_at + 4].copy_from_slice(&[0xff; 4]);
            damaged
        },
        {
            // Bytes that are not UTF-8 in a text.
            let mut damaged = bytes.clone();
            let at = bytes.len() - 3;
            damaged[at] = 0xff;
            damaged
        },
        [bytes.as_slice(), b"trailing"].concat(),
        b"not an entry at all".to_vec(),
    ];
    for damage in damages {
        std::fs::write(&entry, &damage).unwrap();
        assert_eq!(seen(&errcat(cache, &args)), expected);
    }
}

#[test]
fn mistakes_and_small_files_are_never_cached() {
    let dir = Dir::new("never");
    let cache = dir.cache();
    let cache = cache.to_str().unwrap();
    let bad = dir.0.join("bad.toml");
    std::fs::write(
        &bad,
        catalogue(2000, "Generated error").replace("status = 409", "status = 40"),
    )
    .unwrap();
    for _ in 0..2 {
        let output = errcat(
            cache,
            &["--catalogue", bad.to_str().unwrap(), "explain", "BIG-00001"],
        );
        assert_eq!(output.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("status 40 of `BIG-00004` is not an HTTP status")
        );
    }
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("../errors.toml");
    let output = errcat(
        cache,
        &[
            "--catalogue",
            small.to_str().unwrap(),
            "explain",
            "GEN-1203-100003",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
}
