//! The generator's steps, tested on catalogue texts: every validation error
//! with its exact message and position, derived names, and the perfect hash.

#[allow(dead_code)]
#[path = "../codegen/mod.rs"]
mod codegen;

use codegen::diagnostic::Source;

/// A valid row; tests change one key at a time.
const ROW: &str = r#"
[[errors]]
status = 400
error = "MISSING_INPUT"
code = "GEN-1201-100001"
description = "Missing required header input '{input}'"
scenario = "Request received without a mandatory input in the header"
"#;

fn generate(text: &str) -> Result<codegen::Generated, Vec<String>> {
    let source = Source {
        name: "errors.toml",
        text,
    };
    codegen::generate(&source).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(|diagnostic| diagnostic.display(&source).to_string())
            .collect()
    })
}

fn errors(text: &str) -> Vec<String> {
    match generate(text) {
        Ok(_) => panic!("expected the catalogue to be rejected:\n{text}"),
        Err(errors) => errors,
    }
}

fn error(text: &str) -> String {
    let errors = errors(text);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, got {errors:#?}"
    );
    errors.into_iter().next().unwrap()
}

#[test]
fn the_shipped_catalogue_generates() {
    let text = std::fs::read_to_string("errors.toml").unwrap();
    let generated = generate(&text).unwrap();
    assert!(generated.code.contains("pub enum ErrorCode"));
    assert!(generated.docs.contains("27 codes under 13 error tokens"));
}

#[test]
fn a_file_with_only_the_five_columns_builds() {
    let text = std::fs::read_to_string("tests/fixtures/five_columns.toml").unwrap();
    let generated = generate(&text).unwrap();
    assert!(
        generated
            .code
            .contains("\n    MissingRequiredHeaderInput,\n")
    );
}

#[test]
fn the_shipped_catalogue_builds_without_its_names() {
    // Every `name` is a readability choice: the derived names must not collide.
    let text = std::fs::read_to_string("errors.toml").unwrap();
    let stripped: String = text
        .lines()
        .filter(|line| !line.starts_with("name = "))
        .map(|line| format!("{line}\n"))
        .collect();
    let generated = generate(&stripped).unwrap();
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
fn toml_syntax_errors_point_at_the_mistake() {
    let text = "[[errors]]\nstatus = 400\ncode = \"GEN-1\n";
    assert_eq!(
        error(text),
        "errors.toml:3:14: invalid TOML: invalid basic string, expected `\"`"
    );
}

#[test]
fn missing_keys_are_named_with_the_row() {
    let text = ROW.replace(
        "scenario = \"Request received without a mandatory input in the header\"\n",
        "",
    );
    assert_eq!(
        error(&text),
        "errors.toml:3:1: row 1 (`GEN-1201-100001`) is missing `scenario`: expected every row to have status, error, code, description, scenario"
    );
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    // One mistake, one message: not also "missing `scenario`".
    let text = ROW.replace("scenario =", "scenaro =");
    assert_eq!(
        error(&text),
        "errors.toml:7:1: unknown key `scenaro` in an `[[errors]]` row: expected one of `status`, `error`, `code`, `description`, `scenario`, `name`, `deprecated`; did you mean `scenario`?"
    );
    let text = format!("titel = \"Account API\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:1: unknown key `titel` at the top level: expected one of `errors`, `placeholders`"
    );
}

#[test]
fn wrong_types_name_the_value() {
    let text = ROW.replace("status = 400", "status = \"400\"");
    assert_eq!(
        error(&text),
        "errors.toml:3:10: `status` is the string \"400\", expected an integer such as `status = 400`"
    );
    let text = ROW.replace("code = \"GEN-1201-100001\"", "code = 1201");
    assert_eq!(
        error(&text),
        "errors.toml:5:8: `code` is the integer 1201, expected a string in double quotes"
    );
}

#[test]
fn duplicate_codes_are_reported_at_the_second() {
    let second = ROW.replace("header input '{input}'", "header value '{input}'");
    let text = format!("{ROW}{second}");
    assert_eq!(
        error(&text),
        "errors.toml:12:8: duplicate code `GEN-1201-100001`: it is already the code of row 1 (`MissingRequiredHeaderInput`); expected every code once"
    );
}

#[test]
fn duplicate_variant_names_ask_for_a_name() {
    let second = ROW.replace("GEN-1201-100001", "GEN-1201-100002");
    let text = format!("{ROW}{second}");
    assert_eq!(
        error(&text),
        "errors.toml:13:15: duplicate variant name: `GEN-1201-100001` and `GEN-1201-100002` are both named `MissingRequiredHeaderInput` (derived from its description); expected a distinct `name = \"...\"` on one of them"
    );
    let first = format!("{ROW}name = \"Missing\"\n");
    let second = format!(
        "{}name = \"Missing\"\n",
        ROW.replace("GEN-1201-100001", "GEN-1201-100002")
    );
    assert_eq!(
        error(&format!("{first}{second}")),
        "errors.toml:16:8: duplicate variant name: `GEN-1201-100001` and `GEN-1201-100002` are both named `Missing` (set by `name`); expected a distinct `name = \"...\"` on one of them"
    );
}

#[test]
fn names_must_be_variant_names_and_not_clash_with_methods() {
    let text = format!("{ROW}name = \"missing_input\"\n");
    assert_eq!(
        error(&text),
        "errors.toml:8:8: name `missing_input` of `GEN-1201-100001` is not a variant name: expected UpperCamelCase letters and digits, such as `MissingHeaderInput`"
    );
    let text = format!("{ROW}name = \"Status\"\n");
    assert_eq!(
        error(&text),
        "errors.toml:8:8: variant name `Status` (set by `name`) of `GEN-1201-100001` gives the constructor `ApiError::status`, which is already a method of ApiError; expected another `name = \"...\"`"
    );
}

#[test]
fn status_must_be_an_http_status() {
    for bad in ["99", "1000", "-400"] {
        let text = ROW.replace("status = 400", &format!("status = {bad}"));
        assert_eq!(
            error(&text),
            format!(
                "errors.toml:3:10: status {bad} of `GEN-1201-100001` is not an HTTP status: expected a number from 100 to 999"
            )
        );
    }
    // 495 is the non-standard "SSL certificate error" the API uses.
    let text = ROW.replace("status = 400", "status = 495");
    assert!(generate(&text).is_ok());
}

#[test]
fn codes_must_be_dashed_groups_of_capitals_and_digits() {
    for bad in [
        "GEN1201100001",
        "GEN-1201-",
        "-GEN-1201",
        "GEN--1201",
        "GEN 1201-1",
        "GÉN-1201-1",
    ] {
        let text = ROW.replace("GEN-1201-100001", bad);
        let message = error(&text);
        assert!(
            message.starts_with(&format!("errors.toml:5:8: code `{bad}` is malformed: expected uppercase letters and digits in two or more groups joined by `-`")),
            "{message}"
        );
    }
    let text = ROW.replace("GEN-1201-100001", "gen-1201-100001");
    assert!(error(&text).ends_with("such as `GEN-1201-100001` (did you mean `GEN-1201-100001`?)"));
}

#[test]
fn tokens_must_be_capitals_joined_by_underscores() {
    let text = ROW.replace("MISSING_INPUT", "missing input");
    assert_eq!(
        error(&text),
        "errors.toml:4:9: error token `missing input` of `GEN-1201-100001` is malformed: expected uppercase letters and digits joined by `_` ([A-Z0-9]+(_[A-Z0-9]+)*), such as `MISSING_INPUT`"
    );
}

#[test]
fn tokens_must_give_distinct_kind_names() {
    let second = ROW
        .replace("MISSING_INPUT", "MISSING_INPUT1")
        .replace("GEN-1201-100001", "GEN-1201-100002")
        .replace("header input", "header value");
    let text = format!(
        "{}{second}",
        ROW.replace("MISSING_INPUT", "MISSING_INPUT_1")
    );
    assert_eq!(
        error(&text),
        "errors.toml:11:9: error tokens `MISSING_INPUT_1` and `MISSING_INPUT1` both become the ErrorKind variant `MissingInput1`; expected tokens that differ by more than `_`"
    );
}

#[test]
fn descriptions_must_not_be_empty() {
    let text = ROW.replace("\"Missing required header input '{input}'\"", "\"  \"");
    assert_eq!(
        error(&text),
        "errors.toml:6:15: description of `GEN-1201-100001` is empty: expected the text the API sends as `error_description`"
    );
}

#[test]
fn descriptions_stay_within_the_oauth_character_set() {
    // The mis-decoded no-break space of the published page.
    let text = ROW.replace("header input", "header\u{100}\u{a0}input");
    assert_eq!(
        error(&text),
        "errors.toml:6:39: description of `GEN-1201-100001` has the character 'Ā' (U+0100) (1 more such characters follow): expected printable ASCII (0x20-0x7E) except '\"' and '\\', the characters OAuth 2.0 allows in `error_description` (RFC 6749, section 5.2)"
    );
    // Escapes count as one character of the value: the column is the escape's.
    let text = ROW.replace("header input", "header \\\"input\\\"");
    assert!(error(&text).starts_with(
        "errors.toml:6:40: description of `GEN-1201-100001` has the character '\"' (U+0022) (1 more"
    ));
    let text = ROW.replace("'{input}'\"", "'{input}'\\n\"");
    assert!(error(&text).starts_with(
        "errors.toml:6:55: description of `GEN-1201-100001` has the character '\\n' (U+000A)"
    ));
}

#[test]
fn placeholders_must_be_well_formed() {
    let cases = [
        (
            "'{input'",
            "errors.toml:6:47: description of `GEN-1201-100001` has an unclosed placeholder `{input'`: expected `{name}`, or `{{` for a literal brace",
        ),
        (
            "'{}'",
            "errors.toml:6:47: description of `GEN-1201-100001` has a malformed placeholder `{}`: expected a name of lowercase letters, digits and `_` that starts with a letter, such as `{input}`",
        ),
        (
            "'{Input}'",
            "errors.toml:6:47: description of `GEN-1201-100001` has a malformed placeholder `{Input}`: expected a name of lowercase letters, digits and `_` that starts with a letter, such as `{input}`",
        ),
        (
            "'input}'",
            "errors.toml:6:52: description of `GEN-1201-100001` has a `}` that closes no placeholder: expected `{name}`, or `}}` for a literal brace",
        ),
    ];
    for (bad, expected) in cases {
        let text = ROW.replace("'{input}'", bad);
        assert_eq!(error(&text), expected);
    }
    // Doubled braces are literal braces.
    let text = ROW.replace("'{input}'", "'{{input}}'");
    assert!(
        generate(&text)
            .unwrap()
            .code
            .contains("header input '{{input}}'")
    );
}

#[test]
fn declared_placeholders_catch_unknown_ones() {
    let declared = "[placeholders.input]\npublished = \"INPUT\"\ndoc = \"A header name.\"\n";
    let text = format!("{declared}{}", ROW.replace("{input}", "{inptu}"));
    assert_eq!(
        error(&text),
        "errors.toml:9:47: description of `GEN-1201-100001` uses the unknown placeholder `{inptu}`: expected one declared under [placeholders] (`{input}`); did you mean `input`?"
    );
    let text = format!("{declared}{ROW}");
    let generated = generate(&text).unwrap();
    assert!(generated.code.contains("- `input`: A header name."));
    assert!(
        generated
            .docs
            .contains("Missing required header input 'INPUT'")
    );
}

#[test]
fn placeholder_declarations_are_checked() {
    let text = format!("[placeholders.Input]\n{ROW}");
    assert!(error(&text).starts_with("errors.toml:1:15: placeholder name `Input` is not usable"));
    let text = format!("[placeholders.input]\npublishd = \"X\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:2:1: unknown key `publishd` in a placeholder: expected one of `published`, `doc`, `private`; did you mean `published`?"
    );
    let text = format!("[placeholders.input]\nprivate = \"yes\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:2:11: `private` is the string \"yes\", expected `true` or `false`"
    );
}

#[test]
fn private_placeholders_are_listed_for_the_runtime() {
    let text = format!("[placeholders.input]\nprivate = true\n{ROW}");
    let generated = generate(&text).unwrap();
    assert!(
        generated.code.contains(
            r#"pub(crate) const PRIVATE_PLACEHOLDERS: &[(&str, &str)] = &[("input", "INPUT")];"#
        ),
        "{}",
        generated.code
    );
    assert!(
        generated
            .code
            .contains("Private: responses carry the published form")
    );
    let generated = generate(ROW).unwrap();
    assert!(
        generated
            .code
            .contains("pub(crate) const PRIVATE_PLACEHOLDERS: &[(&str, &str)] = &[];")
    );
}

#[test]
fn an_empty_catalogue_is_an_error() {
    assert_eq!(
        error("# nothing here\n"),
        "errors.toml:1:1: the catalogue has no rows: expected one `[[errors]]` table per error"
    );
    assert_eq!(
        error("errors = []\n"),
        "errors.toml:1:10: `errors` is empty: expected at least one `[[errors]]` row"
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let text = format!(
        "{}{}",
        ROW.replace("status = 400", "status = 40"),
        ROW.replace("GEN-1201-100001", "GEN1201")
            .replace("MISSING_INPUT", "missing")
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("errors.toml:3:10: status 40"));
    assert!(errors[1].starts_with("errors.toml:11:9: error token `missing`"));
    assert!(errors[2].starts_with("errors.toml:12:8: code `GEN1201` is malformed"));
}

#[test]
fn a_row_with_a_bad_key_does_not_hide_the_mistakes_of_others() {
    let text = format!(
        "{}{}",
        ROW.replace("status = 400", "stauts = 400"),
        ROW.replace("GEN-1201-100001", "GEN-1201-100002")
            .replace("header input", "header\u{a0}input")
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("errors.toml:3:1: unknown key `stauts`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(
            "errors.toml:13:39: description of `GEN-1201-100002` has the character '\\u{a0}'"
        ),
        "{}",
        errors[1]
    );
}

#[test]
fn published_descriptions_show_placeholders_as_the_table_does() {
    let text = std::fs::read_to_string("errors.toml").unwrap();
    let docs = generate(&text).unwrap().docs;
    assert!(docs.contains("| Specific version not found. Supported versions are 'INPUT' |"));
    // `{reason}` is published as nothing, which leaves the text as printed.
    assert!(docs.contains(
        "| Internal error occurred with reason : | Internal error occurred with reason : |"
    ));
}

#[test]
fn derived_names_are_readable() {
    use codegen::names::{derive_variant_name, kind_name, snake_case};
    assert_eq!(
        derive_variant_name("Invalid access token", "X-1"),
        "InvalidAccessToken"
    );
    assert_eq!(
        derive_variant_name("SCA is required. ", "X-1"),
        "ScaRequired"
    );
    assert_eq!(
        derive_variant_name("No account found with given logicalId.", "X-1"),
        "NoAccountFoundGivenLogicalId"
    );
    assert_eq!(derive_variant_name("404 page", "X-1"), "E404Page");
    assert_eq!(derive_variant_name("' '", "GEN-1201-1"), "CodeGen12011");
    assert_eq!(kind_name("API_USAGE_LIMIT_REACHED"), "ApiUsageLimitReached");
    assert_eq!(snake_case("MissingHeaderInput"), "missing_header_input");
    assert_eq!(snake_case("HTTPVersionNotFound"), "http_version_not_found");
    assert_eq!(snake_case("Error404Page"), "error404_page");
}

#[test]
fn the_perfect_hash_places_every_key_and_rejects_others() {
    use codegen::phf;
    use codegen::phf_runtime::Phf;
    for size in [1usize, 2, 27, 1000, 10_000] {
        let keys: Vec<String> = (0..size)
            .map(|i| format!("GEN-{:04}-{:06}", 1200 + i % 10, 100_000 + i))
            .collect();
        let bytes: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
        let tables = phf::build(&bytes);
        // As the build script writes them.
        let written = |words: Vec<u32>| -> &'static [u8] {
            let table = codegen::render::Table {
                name: String::new(),
                columns: 1,
                words,
            };
            Box::leak(table.bytes().into_boxed_slice())
        };
        let index = Phf {
            seed: tables.seed,
            pilots: written(tables.pilots),
            slots: written(tables.slots),
            lengths: tables.lengths,
        };
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.probe(key.as_bytes()), Some(i), "{key}");
        }
        // A miss either finds no slot or a slot whose key differs.
        for miss in ["GEN-1201-10000", "XGEN-1201-100001", "", "GEN-9999-999999"] {
            if let Some(i) = index.probe(miss.as_bytes()) {
                assert_ne!(keys[i], miss);
            }
        }
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    use codegen::diagnostic::Diagnostic;
    let text = "a = \"é\"\nb = \"x\"";
    let at = text.find('x').unwrap();
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (2, 6));
    let at = text.rfind('"').unwrap();
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (2, 7));
    let at = text.find('"').unwrap() + 3;
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (1, 7));
}

#[test]
fn generated_constructors_cannot_take_the_name_of_an_api_error_method() {
    // Every method of ApiError, inherent or from a trait, in any file of
    // src/, must be on the generator's list of names a constructor may not
    // take, or a row could shadow it.
    let mut methods = Vec::new();
    for entry in std::fs::read_dir("src").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&source).unwrap();
        for item in file.items {
            if let syn::Item::Impl(block) = item {
                let is_api_error = matches!(&*block.self_ty, syn::Type::Path(path) if path.path.is_ident("ApiError"));
                if is_api_error {
                    for item in block.items {
                        if let syn::ImplItem::Fn(function) = item {
                            methods.push(function.sig.ident.to_string());
                        }
                    }
                }
            }
        }
    }
    assert!(methods.len() > 5, "found {methods:?}");
    for method in methods {
        assert!(
            codegen::validate::API_ERROR_METHODS.contains(&method.as_str()),
            "ApiError::{method} is missing from API_ERROR_METHODS in codegen/validate.rs"
        );
    }
}

#[test]
fn deprecated_rows_stay_in_every_output_and_say_what_to_use_instead() {
    let note = "Use GEN-1201-100002, which names the parameter";
    let text = format!("{ROW}deprecated = \"{note}\"\n");
    let generated = generate(&text).unwrap();
    let code = &generated.code;
    // The variant, its row and its constructor are all still there.
    assert!(
        code.contains(&format!(
            "    /// Build one with [`ApiError::missing_required_header_input`].\n    #[deprecated(note = \"{note}\")]\n    MissingRequiredHeaderInput,\n"
        )),
        "{code}"
    );
    assert!(code.contains(&format!("/// | Deprecated | {note} |\n")));
    // The note is a part of the row's text, between scenario and JSON body.
    assert!(code.contains(&format!(
        "    Request received without a mandatory input in the header\\\n    {note}\\\n    {{\\\"error\\\""
    )));
    assert_ne!(
        row_column(&generated, SCENARIO),
        row_column(&generated, DEPRECATED)
    );
    assert!(code.contains(&format!(
        "    #[deprecated(note = \"{note}\")]\n    #[allow(deprecated)]\n    #[inline]\n    pub fn missing_required_header_input("
    )));
    // Lists of every variant name it without a warning.
    assert!(code.contains("#[allow(deprecated)]\npub(crate) static ALL_CODES: [ErrorCode; 1]"));
    assert!(generated.docs.contains(&format!(
        "| Request received without a mandatory input in the header<br>**Deprecated:** {note} |"
    )));

    // Without a deprecated row, none of it.
    let generated = generate(ROW).unwrap();
    assert!(!generated.code.contains("#[deprecated"));
    assert!(!generated.code.contains("allow(deprecated)"));
    // An empty note: the part ends where the scenario does.
    assert_eq!(
        row_column(&generated, SCENARIO),
        row_column(&generated, DEPRECATED)
    );
}

/// The columns of `ROWS` where the scenario and the deprecation note end
/// (`src/catalogue.rs`'s `column` module).
const SCENARIO: usize = 4;
const DEPRECATED: usize = 5;

/// Column `column` of the first line of `ROWS`.
fn row_column(generated: &codegen::Generated, column: usize) -> u32 {
    let rows = generated.tables.iter().find(|table| table.name == "ROWS");
    rows.unwrap().words[column]
}

#[test]
fn a_deprecation_says_what_to_use_instead() {
    for empty in ["\"\"", "\"  \""] {
        let text = format!("{ROW}deprecated = {empty}\n");
        assert_eq!(
            error(&text),
            "errors.toml:8:14: `deprecated` of `GEN-1201-100001` is empty: expected what to use instead and why, such as `deprecated = \"Use GEN-1201-100002, which names the parameter\"`"
        );
    }
    let text = format!("{ROW}deprecated = true\n");
    assert_eq!(
        error(&text),
        "errors.toml:8:14: `deprecated` is the boolean true, expected a string saying what to use instead, such as `deprecated = \"Use GEN-1201-100002, which names the parameter\"`"
    );
}

#[test]
fn the_shape_of_the_file_is_checked() {
    assert_eq!(
        error("errors = 1\n"),
        "errors.toml:1:10: `errors` is the integer 1, expected an array of tables written as `[[errors]]`"
    );
    assert_eq!(
        error("errors = [\"GEN-1201-100001\"]\n"),
        "errors.toml:1:11: row 1 is the string \"GEN-1201-100001\", expected a table of status, error, code, description, scenario"
    );
    assert_eq!(
        error(&format!("placeholders = [\"input\"]\n{ROW}")),
        "errors.toml:1:16: `placeholders` is an array, expected a table with one `[placeholders.NAME]` entry per placeholder"
    );
    assert_eq!(
        error(&format!("[placeholders]\ninput = \"INPUT\"\n{ROW}")),
        "errors.toml:2:9: placeholder `input` is the string \"INPUT\", expected a table with `published` and `doc`"
    );
}

#[test]
fn a_row_without_its_code_is_named_by_its_number() {
    let text = ROW.replace("code = \"GEN-1201-100001\"\n", "");
    assert_eq!(
        error(&text),
        "errors.toml:3:1: row 1 is missing `code`: expected every row to have status, error, code, description, scenario"
    );
}

#[test]
fn placeholder_names_must_be_usable() {
    let text = format!("[placeholders.Input]\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:15: placeholder name `Input` is not usable: expected lowercase letters, digits and `_`, starting with a letter (and not `self`, `super` or `crate`)"
    );
}

#[test]
fn a_malformed_code_is_named_with_the_expected_form() {
    let text = ROW.replace("GEN-1201-100001", "GEN1201100001");
    assert_eq!(
        error(&text),
        "errors.toml:5:8: code `GEN1201100001` is malformed: expected uppercase letters and digits in two or more groups joined by `-` ([A-Z0-9]+(-[A-Z0-9]+)+, at most 127 characters), such as `GEN-1201-100001`"
    );
}

#[test]
fn an_empty_placeholder_declaration_declares_none() {
    let text = format!("[placeholders]\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:7:47: description of `GEN-1201-100001` uses the unknown placeholder `{input}`: expected one declared under [placeholders] (none are declared)"
    );
}

#[test]
fn two_names_may_not_give_the_same_constructor() {
    let first = format!("{ROW}name = \"HttpError\"\n");
    let second = format!(
        "{}name = \"HTTPError\"\n",
        ROW.replace("GEN-1201-100001", "GEN-1201-100002")
    );
    assert_eq!(
        error(&format!("{first}{second}")),
        "errors.toml:16:8: variant names `HttpError` and `HTTPError` both give the constructor `ApiError::http_error`; expected a distinct `name = \"...\"` on `GEN-1201-100002`"
    );
}

#[test]
fn a_catalogue_holds_at_most_u16_max_rows() {
    // Row numbers are u16 in the generated tables.
    let rows = usize::from(u16::MAX) + 1;
    let mut text = String::with_capacity(rows * 90);
    for row in 0..rows {
        text.push_str(&format!(
            "[[errors]]\nstatus = 400\nerror = \"BAD\"\ncode = \"X-{row}\"\ndescription = \"Row {row}\"\nscenario = \"\"\n"
        ));
    }
    assert_eq!(
        error(&text),
        "errors.toml:393212:1: the catalogue has 65536 rows: expected at most 65535"
    );
}

proptest::proptest! {
    /// `emit::string` writes plain ASCII itself and leaves the rest to
    /// proc-macro2; either way the literal is the one proc-macro2 writes.
    #[test]
    fn string_literals_are_proc_macro2s(
        text in proptest::prop_oneof!["[ -~]*", "[\\x00-\\x7f]{0,8}", ".*"]
    ) {
        proptest::prop_assert_eq!(
            codegen::emit::string(&text),
            proc_macro2::Literal::string(&text).to_string()
        );
    }
}
