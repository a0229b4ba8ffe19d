//! errcat's own catalogue, `errors.toml`, through errcat-build as errcat's
//! build script hands it over, and what the generator must know of errcat's
//! `ApiError`.

use std::path::{Path, PathBuf};

use errcat_build::{Config, Defaults, Generated, Source};

/// errcat's build script's configuration (`build.rs`).
fn config() -> Config {
    let mut config = Config::new();
    config
        .crate_path("crate")
        .inherent_constructors()
        .doc_path("errcat");
    config
}

fn generate(text: &str) -> Result<Generated, Vec<String>> {
    let source = Source {
        name: "errors.toml",
        text,
    };
    let defaults = Defaults {
        name: "accounts".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    config()
        .generate("accounts", &source, &defaults)
        .map_err(|diagnostics| {
            diagnostics
                .iter()
                .map(|diagnostic| diagnostic.display(&source).to_string())
                .collect()
        })
}

fn shipped() -> String {
    std::fs::read_to_string("errors.toml").unwrap()
}

#[test]
fn the_shipped_catalogue_generates() {
    let generated = generate(&shipped()).unwrap();
    assert!(generated.code.contains("pub enum ErrorCode {"));
    assert!(generated.code.contains("pub enum ErrorKind {"));
    // Constructors are inherent methods: errcat defines `ApiError`.
    assert!(generated.code.contains("impl crate::ApiError<ErrorCode> {"));
    assert!(!generated.code.contains("impl ErrorCode {\n    /// ["));
    assert!(
        generated
            .docs
            .starts_with("# Account API: the error catalogue\n")
    );
    assert!(
        generated.docs.contains("27 codes under 13 error tokens"),
        "{}",
        generated.docs
    );
    // What the build script wrote is what `generate` says.
    let out = Path::new(env!("OUT_DIR")).join("errcat");
    let read = |file: &str| std::fs::read_to_string(out.join(file)).unwrap();
    assert_eq!(read("accounts.rs"), generated.code);
    assert_eq!(read("accounts.derive.rs"), generated.derive);
    assert_eq!(read("accounts.md"), generated.docs);
    for table in &generated.tables {
        let bytes = std::fs::read(out.join("accounts").join(table.file())).unwrap();
        assert_eq!(bytes, table.bytes(), "{}", table.name);
    }
}

#[test]
fn the_shipped_catalogue_builds_without_its_names() {
    // Every row's `name` is a readability choice: the derived names must not
    // collide. (`[catalogue]` keeps its own.)
    let text = shipped();
    let rows = text.find("[[errors]]").unwrap();
    let stripped: String = text[rows..]
        .lines()
        .filter(|line| !line.starts_with("name = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let generated = generate(&format!("{}{stripped}", &text[..rows])).unwrap();
    for name in [
        "MissingRequiredHeaderInput",
        "InvalidAccessToken",
        "ScaRequiredFollowCorrespondingUrlResponse",
        "AccessNotOkAccountContactCustomer",
        "AccessNotOkAccount",
        "InternalErrorOccurredReason",
    ] {
        assert!(
            generated.code.contains(&format!("\n    {name},\n")),
            "no variant {name}"
        );
    }
}

#[test]
fn published_descriptions_show_placeholders_as_the_table_does() {
    let docs = generate(&shipped()).unwrap().docs;
    assert!(docs.contains("| Specific version not found. Supported versions are 'INPUT' |"));
    // `{reason}` is published as nothing, which leaves the text as printed.
    assert!(docs.contains(
        "| Internal error occurred with reason : | Internal error occurred with reason : |"
    ));
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// `to_problem_json` -> `ToProblemJson`: the variant name whose constructor
/// has that name.
fn upper_camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[test]
fn generated_constructors_cannot_take_the_name_of_an_api_error_method() {
    // Every method of ApiError, inherent or from a trait, in any file of
    // src/, and every method of CatalogueCode (which a generated ErrorCode
    // also has as an inherent method), must be a name the generator refuses
    // a constructor: errcat's constructors are methods of ApiError, every
    // other catalogue's of its ErrorCode.
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut methods = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&source).unwrap();
        for item in file.items {
            if let syn::Item::Trait(definition) = &item {
                if definition.ident == "CatalogueCode" {
                    for item in &definition.items {
                        if let syn::TraitItem::Fn(function) = item {
                            methods.push(function.sig.ident.to_string());
                        }
                    }
                }
            }
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let is_api_error = matches!(
                &*block.self_ty,
                syn::Type::Path(path)
                    if path.path.segments.last().is_some_and(|last| last.ident == "ApiError")
            );
            if !is_api_error {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(function) = item {
                    methods.push(function.sig.ident.to_string());
                }
            }
        }
    }
    assert!(methods.len() > 5, "found {methods:?}");
    for method in [
        "new",
        "status",
        "to_json",
        "fmt",
        "serialize",
        "scenario",
        "docs_url",
        "parse_code",
    ] {
        assert!(
            methods.iter().any(|found| found == method),
            "no {method} in {methods:?}"
        );
    }

    let row = "[[errors]]\nstatus = 400\nerror = \"MISSING_INPUT\"\ncode = \"GEN-1201-100001\"\ndescription = \"Missing input\"\nscenario = \"\"\n";
    for method in methods {
        let name = upper_camel(&method);
        let errors = generate(&format!("{row}name = \"{name}\"\n")).err();
        let expected = format!(
            "errors.toml:7:8: variant name `{name}` (set by `name`) of `GEN-1201-100001` gives the constructor `{method}`, which is already a method of ApiError or ErrorCode; expected another `name = \"...\"`"
        );
        assert_eq!(
            errors,
            Some(vec![expected]),
            "{method} is missing from RESERVED_METHODS in build/src/validate.rs"
        );
    }
}
