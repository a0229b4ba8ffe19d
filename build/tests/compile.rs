//! `Config::compile`, as a build script runs it: catalogue files in, files
//! in `OUT_DIR/errcat/` out, or every mistake of every file and nothing
//! written.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use errcat_build::{Config, Defaults, Source};

const ROW: &str = r#"
[[errors]]
status = 400
error = "MISSING_INPUT"
code = "GEN-1201-100001"
description = "Missing required header input '{input}'"
scenario = "Request received without a mandatory input in the header"
"#;

/// An empty directory of this test's own, under cargo's scratch directory.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("errcat-build-compile")
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/file` and returns the path.
fn catalogue(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

/// The names in `dir`, or none when it does not exist.
fn listing(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

fn names(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

#[test]
fn a_catalogue_becomes_its_code_derive_docs_and_tables() {
    let dir = scratch("writes");
    let text = std::fs::read_to_string("tests/fixtures/five_columns.toml").unwrap();
    let path = catalogue(&dir, "errors/payments.toml", &text);
    let out = dir.join("out");
    Config::new()
        .catalogue(&path)
        .out_dir(&out)
        .compile()
        .unwrap();

    let errcat = out.join("errcat");
    assert_eq!(
        listing(&out),
        names(&["errcat"]),
        "everything goes to errcat/"
    );
    assert_eq!(
        listing(&errcat),
        names(&[
            "payments.rs",
            "payments.derive.rs",
            "payments.md",
            "payments"
        ])
    );
    // What `generate` says, named after the file as it was given, in the
    // version of the crate being built.
    let shown = path.display().to_string();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "0.0.0".to_owned());
    let generated = Config::new()
        .generate(
            "payments",
            &Source {
                name: &shown,
                text: &text,
            },
            &Defaults {
                name: "payments".to_owned(),
                version,
            },
        )
        .unwrap();
    let read = |file: &str| fs::read_to_string(errcat.join(file)).unwrap();
    assert_eq!(read("payments.rs"), generated.code);
    assert_eq!(read("payments.derive.rs"), generated.derive);
    assert_eq!(read("payments.md"), generated.docs);
    assert!(
        generated
            .code
            .contains("include!(concat!(env!(\"OUT_DIR\"), \"/errcat/payments.derive.rs\"));")
    );
    // One file a table, with the bytes `Table::bytes` gives, where the code
    // includes it from.
    let files: BTreeSet<String> = generated.tables.iter().map(|table| table.file()).collect();
    // Nine, and the two perfect hashes' fingerprints.
    assert_eq!(files.len(), 11);
    assert_eq!(listing(&errcat.join("payments")), files);
    for table in &generated.tables {
        let bytes = fs::read(errcat.join("payments").join(table.file())).unwrap();
        assert_eq!(bytes, table.bytes(), "{}", table.name);
        let squeezed: String = generated.code.split_whitespace().collect();
        assert!(squeezed.contains(&format!("table!(\"payments/{}\")", table.file())));
    }
}

#[test]
fn an_unchanged_file_is_not_written_again() {
    // Rewriting it would make rustc build the crate again.
    let dir = scratch("unchanged");
    let path = catalogue(&dir, "errors.toml", ROW);
    let out = dir.join("out");
    let mut config = Config::new();
    config.catalogue(&path).out_dir(&out);
    config.compile().unwrap();
    let code = out.join("errcat/errors.rs");
    let rows = out.join("errcat/errors/rows.bin");
    let long_ago = SystemTime::now() - Duration::from_secs(24 * 60 * 60);
    for file in [&code, &rows] {
        fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    config.compile().unwrap();
    for file in [&code, &rows] {
        assert_eq!(
            fs::metadata(file).unwrap().modified().unwrap(),
            long_ago,
            "{}",
            file.display()
        );
    }
    // A changed catalogue is written.
    fs::write(&path, ROW.replace("status = 400", "status = 422")).unwrap();
    config.compile().unwrap();
    assert_ne!(fs::metadata(&code).unwrap().modified().unwrap(), long_ago);
    assert!(
        fs::read_to_string(&code)
            .unwrap()
            .contains("(422 Unprocessable Entity, `MISSING_INPUT`)")
    );
}

#[test]
fn two_catalogues_may_not_have_the_same_name() {
    let dir = scratch("same-name");
    let first = catalogue(&dir, "v1/errors.toml", ROW);
    let second = catalogue(&dir, "v2/errors.toml", ROW);
    let out = dir.join("out");
    let error = Config::new()
        .catalogue(&first)
        .catalogue(&second)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [format!(
            "{}:1:1: a second catalogue named `errors`: expected each catalogue of a crate under a name of its own; name one with Config::catalogue_named",
            second.display()
        )]
    );
    assert_eq!(listing(&out), BTreeSet::new(), "nothing is written");
    // Named apart, both are written.
    Config::new()
        .catalogue(&first)
        .catalogue_named("errors_v2", &second)
        .out_dir(&out)
        .compile()
        .unwrap();
    let written = listing(&out.join("errcat"));
    assert!(written.contains("errors.rs"), "{written:?}");
    assert!(written.contains("errors_v2.rs"), "{written:?}");
    // Each derive macro has a name of its own, for the crate's root.
    let derive = |name: &str| {
        let text = fs::read_to_string(out.join(format!("errcat/{name}.derive.rs"))).unwrap();
        let start = text.find("macro_rules! ").unwrap();
        text[start..].lines().next().unwrap().to_owned()
    };
    assert!(derive("errors").starts_with("macro_rules! __errcat_catalogue_errors_"));
    assert!(derive("errors_v2").starts_with("macro_rules! __errcat_catalogue_errors_v2_"));
}

#[test]
fn a_catalogue_is_named_as_a_module() {
    let dir = scratch("module-name");
    let path = catalogue(&dir, "consent-v2.toml", ROW);
    let out = dir.join("out");
    let error = Config::new()
        .catalogue(&path)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [format!(
            "{}:1:1: the catalogue's name `consent-v2` is not a module name: expected lowercase letters, digits and `_`, starting with a letter; name it with Config::catalogue_named",
            path.display()
        )]
    );
    assert_eq!(listing(&out), BTreeSet::new());
    for (file, name) in [
        ("Payments.toml", "Payments"),
        ("2fa.toml", "2fa"),
        ("_errors.toml", "_errors"),
    ] {
        let path = catalogue(&dir, file, ROW);
        let error = Config::new()
            .catalogue(&path)
            .out_dir(&out)
            .compile()
            .unwrap_err();
        assert!(
            error.messages()[0].starts_with(&format!(
                "{}:1:1: the catalogue's name `{name}` is not a module name",
                path.display()
            )),
            "{error}"
        );
    }
    // A keyword has the shape of a name, and is said to be a keyword.
    let path = catalogue(&dir, "type.toml", ROW);
    let error = Config::new()
        .catalogue(&path)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [format!(
            "{}:1:1: the catalogue's name `type` is a Rust keyword: expected a name a module can have; name it with Config::catalogue_named",
            path.display()
        )]
    );
    let error = Config::new()
        .catalogue_named("consent v2", &path)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert!(error.messages()[0].contains("the catalogue's name `consent v2` is not a module name"));
    // Named as a module, it is written under that name.
    Config::new()
        .catalogue_named("consent_v2", &path)
        .out_dir(&out)
        .compile()
        .unwrap();
    assert_eq!(
        listing(&out.join("errcat")),
        names(&[
            "consent_v2.rs",
            "consent_v2.derive.rs",
            "consent_v2.md",
            "consent_v2"
        ])
    );
    let code = fs::read_to_string(out.join("errcat/consent_v2.rs")).unwrap();
    let squeezed: String = code.split_whitespace().collect();
    assert!(squeezed.contains("table!(\"consent_v2/rows.bin\")"));
    assert!(code.contains("\"/errcat/consent_v2.derive.rs\""));
    // Its name is the default of the `[catalogue]` table's.
    assert!(code.contains("the consent_v2 error catalogue"));
}

#[test]
fn a_catalogue_that_is_not_utf8_is_reported_at_the_byte() {
    let dir = scratch("not-utf8");
    let path = dir.join("errors.toml");
    let mut bytes = b"[catalogue]\nname = \"Ledger \xE2\x82\xAC API\"\nid = \"le".to_vec();
    bytes.extend(b"\xFFdger\"\n");
    fs::write(&path, bytes).unwrap();
    let out = dir.join("out");
    let error = Config::new()
        .catalogue(&path)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert_eq!(
        error.messages(),
        [format!(
            "{}:3:9: byte 0xFF is not UTF-8: expected a TOML file, which is UTF-8 text",
            path.display()
        )]
    );
    assert_eq!(listing(&out), BTreeSet::new());
}

#[test]
fn an_unreadable_catalogue_is_reported() {
    let dir = scratch("unreadable");
    let missing = dir.join("missing.toml");
    let out = dir.join("out");
    let error = Config::new()
        .catalogue(&missing)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert_eq!(error.messages().len(), 1, "{error}");
    let message = &error.messages()[0];
    assert!(
        message.starts_with(&format!(
            "{}:1:1: cannot read the catalogue (",
            missing.display()
        )),
        "{message}"
    );
    assert!(message.ends_with("): expected a TOML file"), "{message}");
    // A directory is not a file either.
    let error = Config::new()
        .catalogue(&dir)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    assert!(error.messages()[0].contains(":1:1: cannot read the catalogue ("));
    assert_eq!(listing(&out), BTreeSet::new());
}

#[test]
fn the_mistakes_of_every_catalogue_are_reported_together() {
    let dir = scratch("together");
    let first = catalogue(
        &dir,
        "first.toml",
        &ROW.replace("status = 400", "status = 40"),
    );
    let good = catalogue(&dir, "good.toml", ROW);
    let missing = dir.join("missing.toml");
    let second = catalogue(
        &dir,
        "second.toml",
        &format!(
            "{}{}",
            ROW.replace("GEN-1201-100001", "GEN1201"),
            ROW.replace("MISSING_INPUT", "missing")
                .replace("GEN-1201-100001", "GEN-1201-100002")
                .replace("header input", "header value")
        ),
    );
    let out = dir.join("out");
    let error = Config::new()
        .catalogue(&first)
        .catalogue(&good)
        .catalogue(&missing)
        .catalogue(&second)
        .out_dir(&out)
        .compile()
        .unwrap_err();
    let messages = error.messages();
    assert_eq!(messages.len(), 4, "{error}");
    assert_eq!(
        messages[0],
        format!(
            "{}:3:10: status 40 of `GEN-1201-100001` is not an HTTP status: expected a number from 100 to 999",
            first.display()
        )
    );
    assert!(messages[1].starts_with(&format!("{}:1:1: cannot read", missing.display())));
    assert!(
        messages[2].starts_with(&format!(
            "{}:5:8: code `GEN1201` is malformed",
            second.display()
        )),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].starts_with(&format!(
            "{}:11:9: error token `missing` of `GEN-1201-100002` is malformed",
            second.display()
        )),
        "{}",
        messages[3]
    );
    // Shown one a line, as a build script's `main` returning the error
    // prints them.
    assert_eq!(error.to_string(), messages.join("\n"));
    assert_eq!(format!("{error:?}"), messages.join("\n"));
    // Nothing is written, not even the good catalogue.
    assert_eq!(listing(&out), BTreeSet::new());
}

/// What is not a regular file is refused before it is read, a FIFO without
/// waiting for a writer; a file longer than the limit before it is parsed.
#[cfg(unix)]
#[test]
fn only_a_regular_file_of_bounded_size_is_read() {
    let dir = std::env::temp_dir().join(format!("errcat-read-bounds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let defaults = errcat_build::Defaults {
        name: "errors".to_owned(),
        version: String::new(),
    };
    let mut refused = vec![std::path::PathBuf::from("/dev/zero")];
    if made.is_ok_and(|status| status.success()) {
        refused.push(fifo);
    }
    for path in &refused {
        let started = std::time::Instant::now();
        let mistakes = errcat_build::load_file(path, &defaults).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(mistakes.len(), 1);
        assert!(
            mistakes[0]
                .to_string()
                .ends_with("cannot read the catalogue (not a regular file: a FIFO, a socket or a device): expected a TOML file"),
            "{}",
            mistakes[0]
        );
    }
    let large = dir.join("large.toml");
    let file = std::fs::File::create(&large).unwrap();
    file.set_len(errcat_build::MAX_FILE_BYTES + 1).unwrap();
    let mistakes = errcat_build::load_file(&large, &defaults).unwrap_err();
    assert!(
        mistakes[0].message.starts_with(&format!(
            "cannot read the catalogue (it has more than {} bytes, the most read)",
            errcat_build::MAX_FILE_BYTES
        )),
        "{}",
        mistakes[0]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
