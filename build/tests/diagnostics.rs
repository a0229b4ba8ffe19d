//! The generator's steps, tested on catalogue texts through errcat-build's
//! public API: every mistake with its exact message and position, the
//! `[catalogue]` table, derived names, deprecation, and the tables the
//! runtime reads.

use errcat_build::{Catalogue, Config, Defaults, Diagnostic, Generated, Metadata, Source};
use errcat_core::layout::{RowReader, row};

/// A valid row; tests change one key at a time.
const ROW: &str = r#"
[[errors]]
status = 400
error = "MISSING_INPUT"
code = "GEN-1201-100001"
description = "Missing required header input '{input}'"
scenario = "Request received without a mandatory input in the header"
"#;

/// What a catalogue without a `[catalogue]` table is called, and the version
/// of the crate that declares it.
fn defaults() -> Defaults {
    Defaults {
        name: "errors".to_owned(),
        version: "1.2.3".to_owned(),
    }
}

/// Every diagnostic as `FILE:LINE:COL: message`.
fn shown(source: &Source<'_>, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic.display(source).to_string())
        .collect()
}

fn generate_with(config: &Config, text: &str) -> Result<Generated, Vec<String>> {
    let source = Source {
        name: "errors.toml",
        text,
    };
    config
        .generate("errors", &source, &defaults())
        .map_err(|diagnostics| shown(&source, &diagnostics))
}

fn generate(text: &str) -> Result<Generated, Vec<String>> {
    generate_with(&Config::new(), text)
}

fn load(text: &str) -> Result<Catalogue, Vec<String>> {
    let source = Source {
        name: "errors.toml",
        text,
    };
    errcat_build::load(&source, &defaults()).map_err(|diagnostics| shown(&source, &diagnostics))
}

fn errors(text: &str) -> Vec<String> {
    let generated = generate(text);
    // Loading is the step that finds mistakes: it finds the same ones.
    assert_eq!(
        load(text).err(),
        generated.as_ref().err().cloned(),
        "load and generate disagree"
    );
    match generated {
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

/// Whether `code` holds `snippet`, whitespace aside: where the generated
/// code breaks its lines is `tests/golden.rs`'s business (prettyplease's
/// layout), not these tests'.
fn has(code: &str, snippet: &str) -> bool {
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    squeeze(code).contains(&squeeze(snippet))
}

/// `errors` sorted by line, then column. `errcat_build::load` sorts mistakes
/// by place when validation finds some; mistakes found only while reading
/// the TOML come in the order of the keys' names, not of their places.
fn in_any_order(mut errors: Vec<String>) -> Vec<String> {
    let place = |error: &String| -> (usize, usize) {
        let mut parts = error.splitn(4, ':').skip(1).map(|n| n.parse().unwrap());
        (parts.next().unwrap(), parts.next().unwrap())
    };
    errors.sort_by_key(place);
    errors
}

/// The generated `TEXT`, the string every row's texts are slices of.
fn text_of(generated: &Generated) -> String {
    let file = syn::parse_file(&generated.code).expect("the generated code parses");
    for item in file.items {
        if let syn::Item::Static(item) = item {
            if item.ident == "TEXT" {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = *item.expr
                {
                    return text.value();
                }
            }
        }
    }
    panic!("no `static TEXT: &str` in\n{}", generated.code)
}

/// Line `index` of `ROWS`, read as the runtime reads it.
fn row_of(generated: &Generated, index: usize) -> RowReader<{ row::LINE_BYTES }> {
    let rows = generated
        .tables
        .iter()
        .find(|table| table.name == "ROWS")
        .expect("a ROWS table");
    assert_eq!(rows.columns, row::COUNT);
    assert!(rows.words.len() > index * row::COUNT, "no row {index}");
    let text: &'static str = text_of(generated).leak();
    RowReader::new(rows.bytes().leak(), index, text)
}

/// The text part of a row that `column` ends (one of `row::PARTS`).
fn part(reader: RowReader<{ row::LINE_BYTES }>, column: usize) -> &'static str {
    reader.part(&row::PARTS, column)
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
    // Without a `[catalogue]` table, it is called by the catalogue's name.
    assert!(generated.docs.starts_with(
        "# errors: the error catalogue\n\nVersion 1.2.3, identifier `errors`: 4 codes under 4 error tokens"
    ));
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
        "errors.toml:7:1: unknown key `scenaro` in an `[[errors]]` row: expected one of `status`, `error`, `code`, `description`, `scenario`, `name`, `deprecated`, `docs`, `berlin_group`, `reason`; did you mean `scenario`?"
    );
    let text = format!("titel = \"Account API\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:1: unknown key `titel` at the top level: expected one of `catalogue`, `errors`, `placeholders`, `roles`"
    );
    // A singular for the plural.
    let text = format!("[placeholder.input]\ndoc = \"A header name.\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:2: unknown key `placeholder` at the top level: expected one of `catalogue`, `errors`, `placeholders`, `roles`; did you mean `placeholders`?"
    );
}

#[test]
fn suggestions_ignore_case_and_grow_with_the_length_of_the_key() {
    // TOML keys are case-sensitive; suggestions are not.
    let text = ROW.replace("status =", "Status =");
    assert_eq!(
        error(&text),
        "errors.toml:3:1: unknown key `Status` in an `[[errors]]` row: expected one of `status`, `error`, `code`, `description`, `scenario`, `name`, `deprecated`, `docs`, `berlin_group`, `reason`; did you mean `status`?"
    );
    // Swapped neighbours are one edit.
    let text = ROW.replace("status =", "stauts =");
    assert!(
        error(&text).ends_with("; did you mean `status`?"),
        "{}",
        error(&text)
    );
    // Keys of up to seven characters may be one edit away, of eight to eleven
    // two: `stat` is two edits from `status`, so it is reported as unknown
    // without a suggestion, and `status` as missing.
    let text = ROW.replace("status =", "stat =");
    assert_eq!(
        errors(&text),
        [
            "errors.toml:3:1: unknown key `stat` in an `[[errors]]` row: expected one of `status`, `error`, `code`, `description`, `scenario`, `name`, `deprecated`, `docs`, `berlin_group`, `reason`",
            "errors.toml:3:1: row 1 (`GEN-1201-100001`) is missing `status`: expected every row to have status, error, code, description, scenario",
        ]
    );
    let text = format!("{ROW}deprecation = \"Use GEN-1201-100002\"\n");
    assert_eq!(
        error(&text),
        "errors.toml:8:1: unknown key `deprecation` in an `[[errors]]` row: expected one of `status`, `error`, `code`, `description`, `scenario`, `name`, `deprecated`, `docs`, `berlin_group`, `reason`"
    );
    let text = format!("{ROW}descripton2 = \"x\"\n");
    assert!(error(&text).ends_with("; did you mean `description`?"));
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
        "errors.toml:8:8: variant name `Status` (set by `name`) of `GEN-1201-100001` gives the constructor `status`, which is already a method of ApiError or ErrorCode; expected another `name = \"...\"`"
    );
    // `Self` is UpperCamelCase but no identifier, not even as `r#Self`.
    let text = format!("{ROW}name = \"Self\"\n");
    assert!(
        error(&text)
            .starts_with("errors.toml:8:8: name `Self` of `GEN-1201-100001` is not a variant name")
    );
    // A derived name can clash too.
    let text = ROW.replace("Missing required header input '{input}'", "Status");
    assert_eq!(
        error(&text),
        "errors.toml:6:15: variant name `Status` (derived from its description) of `GEN-1201-100001` gives the constructor `status`, which is already a method of ApiError or ErrorCode; expected another `name = \"...\"`"
    );
}

#[test]
fn keywords_become_raw_identifiers() {
    // A constructor or a placeholder may be a keyword: it is written `r#...`.
    let text = format!(
        "{}name = \"Type\"\n",
        ROW.replace("'{input}'", "'{input}' of {type}")
    );
    let generated = generate(&text).unwrap();
    assert!(
        has(
            &generated.code,
            "fn r#type(
                input: impl ::core::convert::Into<::std::borrow::Cow<'static, str>>,
                r#type: impl ::core::convert::Into<::std::borrow::Cow<'static, str>>,
            ) -> ApiError {"
        ),
        "{}",
        generated.code
    );
    assert!(has(&generated.code, "[input.into(), r#type.into()]"));
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
    let generated = generate(&text).unwrap();
    assert!(generated.code.contains("(495, `MISSING_INPUT`)"));
    assert_eq!(row_of(&generated, 0).get(row::STATUS), 495);
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
    // At most 127 bytes, the lookup's length filter.
    let long = format!("A-{}", "1".repeat(125));
    let text = ROW.replace("GEN-1201-100001", &long);
    assert!(generate(&text).is_ok());
    let text = ROW.replace("GEN-1201-100001", &format!("{long}2"));
    assert!(error(&text).starts_with("errors.toml:5:8: code `A-111"));
}

#[test]
fn tokens_must_be_capitals_joined_by_underscores() {
    let text = ROW.replace("MISSING_INPUT", "missing input");
    assert_eq!(
        error(&text),
        "errors.toml:4:9: error token `missing input` of `GEN-1201-100001` is malformed: expected uppercase letters and digits joined by `_` ([A-Z0-9]+(_[A-Z0-9]+)*), such as `MISSING_INPUT`"
    );
    let text = ROW.replace("MISSING_INPUT", &"A".repeat(128));
    assert!(error(&text).starts_with("errors.toml:4:9: error token `AAA"));
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
        "errors.toml:6:15: description of `GEN-1201-100001` is empty: expected the text the API sends as the error's description"
    );
}

#[test]
fn descriptions_stay_within_the_oauth_character_set() {
    // The mis-decoded no-break space of the published page.
    let text = ROW.replace("header input", "header\u{100}\u{a0}input");
    assert_eq!(
        error(&text),
        "errors.toml:6:39: description of `GEN-1201-100001` has the character 'Ā' (U+0100) (1 more such characters follow): expected printable ASCII (0x20-0x7E) except '\"' and '\\', the characters OAuth 2.0 allows in an error description (RFC 6749, section 5.2)"
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
    let generated = generate(&text).unwrap();
    assert!(generated.code.contains("header input '{{input}}'"));
    assert_eq!(
        part(row_of(&generated, 0), row::PUBLISHED),
        "Missing required header input '{input}'"
    );
    assert_eq!(load(&text).unwrap().placeholders.len(), 0);
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
        has(&generated.code, "private: &[(\"input\", \"INPUT\")],"),
        "{}",
        generated.code
    );
    assert!(
        generated
            .code
            .contains("Private: responses carry the published form")
    );
    let catalogue = load(&text).unwrap();
    assert!(catalogue.placeholders[0].private);
    let generated = generate(ROW).unwrap();
    assert!(has(&generated.code, "private: &[],"));
    assert!(!generated.code.contains("Private:"));
}

#[test]
fn undeclared_placeholders_are_those_used() {
    // Without `[placeholders]`, every well-formed name is accepted and
    // published in capitals.
    let second = ROW
        .replace("GEN-1201-100001", "GEN-1201-100002")
        .replace("header input '{input}'", "{field} in '{input}'");
    let catalogue = load(&format!("{ROW}{second}")).unwrap();
    let names: Vec<(&str, &str)> = catalogue
        .placeholders
        .iter()
        .map(|placeholder| (placeholder.name.as_str(), placeholder.published.as_str()))
        .collect();
    assert_eq!(names, [("input", "INPUT"), ("field", "FIELD")]);
    assert_eq!(
        catalogue.rows[1].published,
        "Missing required FIELD in 'INPUT'"
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
fn columns_count_characters_not_bytes() {
    let text = "a = \"é\"\nb = \"x\"";
    let at = text.find('x').unwrap();
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (2, 6));
    let at = text.rfind('"').unwrap();
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (2, 7));
    let at = text.find('"').unwrap() + 3;
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (1, 7));
    // Inside a character, the column is the character's.
    let at = text.find('é').unwrap() + 1;
    assert_eq!(Diagnostic::new(at..at + 1, "").line_col(text), (1, 6));
    // Past the end, the end.
    assert_eq!(Diagnostic::new(100..101, "").line_col(text), (2, 8));
    let source = Source {
        name: "dir/errors.toml",
        text,
    };
    assert_eq!(
        Diagnostic::new(at..at, "what is wrong")
            .display(&source)
            .to_string(),
        "dir/errors.toml:1:6: what is wrong"
    );
}

#[test]
fn deprecated_rows_stay_in_every_output_and_say_what_to_use_instead() {
    let note = "Use GEN-1201-100002, which names the parameter";
    let text = format!("{ROW}deprecated = \"{note}\"\n");
    let generated = generate(&text).unwrap();
    let code = &generated.code;
    // The variant, its row and its constructor are all still there.
    assert!(
        has(
            code,
            &format!(
                "/// *Placeholders:* `input`. Build one with [`ErrorCode::missing_required_header_input`](#method.missing_required_header_input).
                #[deprecated(note = \"{note}\")]
                MissingRequiredHeaderInput,"
            )
        ),
        "{code}"
    );
    assert!(code.contains(&format!("/// *Deprecated:* {note}\n")));
    // The note is a part of the row's text, after the scenario.
    let row = row_of(&generated, 0);
    assert_eq!(
        part(row, row::SCENARIO),
        "Request received without a mandatory input in the header"
    );
    assert_eq!(part(row, row::DEPRECATED), note);
    assert!(has(
        code,
        &format!(
            "#[deprecated(note = \"{note}\")]
            #[allow(deprecated)]
            #[inline]
            pub fn missing_required_header_input("
        )
    ));
    // Lists of every variant name it without a warning.
    assert!(has(
        code,
        "#[allow(deprecated)] static ALL_CODES: [ErrorCode; 1]"
    ));
    assert!(has(
        code,
        "#[allow(deprecated)] static KIND_CODES: [ErrorCode; 1]"
    ));
    assert!(generated.docs.contains(&format!(
        "| Request received without a mandatory input in the header<br>**Deprecated:** {note} |"
    )));
    // The derive knows, to warn about it.
    assert!(generated.derive.contains(
        "\nGEN-1201-100001\tMissingRequiredHeaderInput\tdeprecated\tinput\tMissing required header input '{input}'\n"
    ));
    // As an inherent constructor, the same.
    let inherent = generate_with(Config::new().inherent_constructors(), &text).unwrap();
    assert!(has(
        &inherent.code,
        &format!(
            "#[deprecated(note = \"{note}\")]
            #[allow(deprecated)]
            #[inline]
            pub fn missing_required_header_input("
        )
    ));

    // Without a deprecated row, none of it.
    let generated = generate(ROW).unwrap();
    assert!(!generated.code.contains("#[deprecated"));
    assert!(!generated.code.contains("allow(deprecated)"));
    assert!(!generated.docs.contains("Deprecated"));
    assert!(
        generated
            .derive
            .contains("\nGEN-1201-100001\tMissingRequiredHeaderInput\t-\tinput\t")
    );
    // An empty part: the note ends where the scenario does.
    assert_eq!(part(row_of(&generated, 0), row::DEPRECATED), "");
    // Without a scenario, the note stands alone in its cell.
    let text = format!("{ROW}deprecated = \"{note}\"\n").replace(
        "\"Request received without a mandatory input in the header\"",
        "\"\"",
    );
    assert!(generate(&text).unwrap().docs.contains(&format!(
        "| Missing required header input 'INPUT' | **Deprecated:** {note} |"
    )));
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
    let text = format!("[placeholders.self]\n{ROW}");
    assert!(error(&text).starts_with("errors.toml:1:15: placeholder name `self` is not usable"));
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
        "errors.toml:16:8: variant names `HttpError` and `HTTPError` both give the constructor `http_error`; expected a distinct `name = \"...\"` on `GEN-1201-100002`"
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
    let source = Source {
        name: "errors.toml",
        text: &text,
    };
    let diagnostics = errcat_build::load(&source, &defaults()).unwrap_err();
    assert_eq!(
        shown(&source, &diagnostics),
        ["errors.toml:393212:1: the catalogue has 65536 rows: expected at most 65535"]
    );
}

#[test]
fn derived_names_are_readable() {
    // The rules themselves are unit tests of `names.rs`; here, what a row gets.
    let cases = [
        (
            "Invalid access token",
            "InvalidAccessToken",
            "invalid_access_token",
        ),
        ("SCA is required. ", "ScaRequired", "sca_required"),
        (
            "No account found with given logicalId.",
            "NoAccountFoundGivenLogicalId",
            "no_account_found_given_logical_id",
        ),
        ("404 page", "E404Page", "e404_page"),
        ("' '", "CodeGen1201100001", "code_gen1201100001"),
        (
            "Missing required header input '{input}' in the request, please",
            "MissingRequiredHeaderInputRequest",
            "missing_required_header_input_request",
        ),
    ];
    for (description, name, constructor) in cases {
        let text = ROW.replace("Missing required header input '{input}'", description);
        let catalogue = load(&text).unwrap();
        assert_eq!(catalogue.rows[0].name, name, "{description}");
        assert_eq!(catalogue.rows[0].constructor, constructor, "{description}");
    }
    let text = ROW.replace("MISSING_INPUT", "API_USAGE_LIMIT_REACHED");
    assert_eq!(load(&text).unwrap().kinds[0].name, "ApiUsageLimitReached");
    let text = format!("{ROW}name = \"HTTPVersionNotFound\"\n");
    assert_eq!(
        load(&text).unwrap().rows[0].constructor,
        "http_version_not_found"
    );
}

#[test]
fn the_catalogue_model_holds_every_row_and_kind() {
    let text = std::fs::read_to_string("tests/fixtures/five_columns.toml").unwrap();
    let catalogue = load(&text).unwrap();
    let rows: Vec<(u16, &str, &str, usize)> = catalogue
        .rows
        .iter()
        .map(|row| (row.status, row.token.as_str(), row.code.as_str(), row.kind))
        .collect();
    assert_eq!(
        rows,
        [
            (400, "MISSING_INPUT", "GEN-1201-100001", 0),
            (401, "FAILED_SECURITY_VALIDATION", "GEN-1203-100003", 1),
            (404, "NOT_FOUND", "ACC-404-000001", 2),
            (500, "OTHER_API_ERRORS", "GEN-1206-100008", 3),
        ]
    );
    assert_eq!(catalogue.kinds[1].token, "FAILED_SECURITY_VALIDATION");
    assert_eq!(catalogue.kinds[1].rows, [1]);
    let row = &catalogue.rows[3];
    assert_eq!(
        row.template.pieces,
        ["Internal error occurred with reason : ", ""]
    );
    assert_eq!(row.template.names, ["reason"]);
    // An empty published placeholder leaves no trailing space.
    let text = format!(
        "[placeholders.reason]\npublished = \"\"\n[placeholders.input]\n[placeholders.account_id]\n{text}"
    );
    let catalogue = load(&text).unwrap();
    assert_eq!(
        catalogue.rows[3].published,
        "Internal error occurred with reason :"
    );
}

#[test]
fn the_tables_say_what_the_rows_say() {
    let text = std::fs::read_to_string("tests/fixtures/five_columns.toml").unwrap();
    let catalogue = load(&text).unwrap();
    let generated = generate(&text).unwrap();
    for (index, expected) in catalogue.rows.iter().enumerate() {
        let row = row_of(&generated, index);
        assert_eq!(part(row, row::NAME), expected.name);
        assert_eq!(part(row, row::DESCRIPTION), expected.description);
        assert_eq!(part(row, row::PUBLISHED), expected.published);
        assert_eq!(part(row, row::SCENARIO), expected.scenario);
        assert_eq!(part(row, row::DEPRECATED), "");
        assert_eq!(part(row, row::DOCS), "");
        assert_eq!(part(row, row::REASON), expected.reason);
        assert_eq!(
            part(row, row::BERLIN_GROUP),
            expected.berlin_group.as_deref().unwrap_or("")
        );
        assert_eq!(part(row, row::HEAD), expected.template.pieces[0]);
        assert_eq!(
            row.get(row::GAP_COUNT) as usize,
            expected.template.slots.len()
        );
        assert_eq!(
            row.get(row::PLACEHOLDER_COUNT) as usize,
            expected.template.names.len()
        );
        assert_eq!(row.get(row::KIND) as usize, expected.kind);
        assert_eq!(row.get(row::STATUS), u32::from(expected.status));
    }
    // Every table is included from its file, with its size.
    let names: Vec<&str> = generated
        .tables
        .iter()
        .map(|table| table.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "ROWS",
            "KINDS",
            "KIND_CODE_INDEXES",
            "GAP_SLOTS",
            "GAP_ENDS",
            "CODE_PILOTS",
            "CODE_SLOTS",
            "CODE_FINGERPRINTS",
            "TOKEN_PILOTS",
            "TOKEN_SLOTS",
            "TOKEN_FINGERPRINTS"
        ]
    );
    for table in &generated.tables {
        let bytes = table.bytes();
        // The perfect hash's fingerprints in one byte a number, its other
        // tables in two, the rest in four.
        let width = if table.name.ends_with("_FINGERPRINTS") {
            1
        } else if table.name.starts_with("CODE_") || table.name.starts_with("TOKEN_") {
            2
        } else {
            4
        };
        assert_eq!(table.number_bytes(), width, "{}", table.name);
        assert_eq!(bytes.len(), table.words.len() * width);
        assert_eq!(
            table.file(),
            format!("{}.bin", table.name.to_ascii_lowercase())
        );
        assert!(
            has(
                &generated.code,
                &format!(
                    "static {}: [u8; {}] = ::errcat::__private::table!(\"errors/{}\");",
                    table.name,
                    bytes.len(),
                    table.file()
                )
            ),
            "{}",
            table.name
        );
    }
}

#[test]
fn tables_as_text_are_one_line_of_numbers_per_line_of_the_table() {
    let mut text = String::new();
    for row in 0..20 {
        text.push_str(
            &ROW.replace("100001", &format!("{}", 100_000 + row))
                .replace("header input", &format!("header input {row}")),
        );
    }
    let generated = generate(&text).unwrap();
    let tables = generated.tables_text();
    let rows = &generated.tables[0];
    let first: Vec<String> = rows.words[..row::COUNT]
        .iter()
        .map(u32::to_string)
        .collect();
    assert!(tables.starts_with(&format!(
        "ROWS (rows.bin, {} numbers, {} a line)\n{}\n",
        20 * row::COUNT,
        row::COUNT,
        first.join(" ")
    )));
    // A list is cut into lines of 16.
    assert!(
        tables.contains(
            "KIND_CODE_INDEXES (kind_code_indexes.bin, 20 numbers, 16 a line)\n\
             0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n\
             16 17 18 19\n\n"
        ),
        "{tables}"
    );
}

const METADATA: &str = r#"[catalogue]
name = "Account API"
id = "accounts.api.example.com"
version = "2.1"
media_type = "application/vnd.example.api+json"
problem_base = "https://api.example.com/problems/"
docs = "https://developer.example.com/errors#{code}"
challenge = 'Bearer realm="accounts", scope="read"'
formats = ["json-api", "oauth"]
berlin_group_service = "pis"
"#;

#[test]
fn every_catalogue_key_is_read() {
    let text = format!("{METADATA}{ROW}");
    let catalogue = load(&text).unwrap();
    assert_eq!(
        catalogue.metadata,
        Metadata {
            name: "Account API".to_owned(),
            id: "accounts.api.example.com".to_owned(),
            version: "2.1".to_owned(),
            media_type: "application/vnd.example.api+json".to_owned(),
            problem_base: "https://api.example.com/problems/".to_owned(),
            docs: Some("https://developer.example.com/errors#{code}".to_owned()),
            challenge: r#"Bearer realm="accounts", scope="read""#.to_owned(),
            formats: vec!["json-api".to_owned(), "oauth".to_owned()],
            berlin_group_service: "pis".to_owned(),
        }
    );
    // And every output says so.
    let generated = generate(&text).unwrap();
    assert!(generated.code.starts_with(&format!(
        "// @generated by errcat-build {} from errors.toml: the Account API error catalogue, version 2.1.\n",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(has(
        &generated.code,
        r#"pub const CATALOGUE: ::errcat::Catalogue = ::errcat::__private::catalogue(
            "Account API",
            "accounts.api.example.com",
            "2.1",
            "application/vnd.example.api+json",
            "https://api.example.com/problems/",
            "https://developer.example.com/errors#{code}",
            "Bearer realm=\"accounts\", scope=\"read\"",
            "errors.toml",
            &[],
            &["json-api", "oauth"],
            "pis",
        );"#
    ));
    assert!(
        generated
            .code
            .contains("/// A code of the Account API error catalogue")
    );
    assert!(generated.docs.starts_with(
        "# Account API: the error catalogue\n\nVersion 2.1, identifier `accounts.api.example.com`: 1 code under 1 error token"
    ));
    assert!(generated.derive.contains("catalogue = \"Account API\";"));
    // Each key alone; the others keep their defaults.
    let defaults = load(ROW).unwrap().metadata;
    for line in METADATA.lines().skip(1) {
        let text = format!("[catalogue]\n{line}\n{ROW}");
        let metadata = load(&text).unwrap().metadata;
        let (key, _) = line.split_once(" = ").unwrap();
        let mut expected = defaults.clone();
        let value = catalogue.metadata.clone();
        if key == "id" {
            // The default challenge names the catalogue's id.
            expected.challenge = format!("Bearer realm=\"{}\"", value.id);
        }
        match key {
            "name" => expected.name = value.name,
            "id" => expected.id = value.id,
            "version" => expected.version = value.version,
            "media_type" => expected.media_type = value.media_type,
            "problem_base" => expected.problem_base = value.problem_base,
            "docs" => expected.docs = value.docs,
            "challenge" => expected.challenge = value.challenge,
            "formats" => expected.formats = value.formats,
            "berlin_group_service" => expected.berlin_group_service = value.berlin_group_service,
            other => panic!("no such key {other}"),
        }
        assert_eq!(metadata, expected, "{line}");
    }
}

#[test]
fn catalogue_values_of_every_allowed_form_are_taken() {
    let cases = [
        ("name", "Zahlungen \u{e9}\u{fc} API"),
        ("id", "a"),
        ("id", "0"),
        ("id", "my_api-v2.example"),
        ("version", "2024-01-01"),
        ("version", "v1.0.0+build.5"),
        ("media_type", "application/problem+json"),
        ("media_type", "text/plain"),
        ("problem_base", "/problems/"),
        ("problem_base", "urn:example:problem:"),
        ("docs", "/errors/{code}.html"),
        ("docs", "https://example.com/{code}?lang=en#{code}"),
        ("challenge", "Basic"),
        (
            "challenge",
            "Bearer realm=\\\"x\\\", error=\\\"invalid_token\\\"",
        ),
        (
            "challenge",
            "Newauth realm=\\\"apps\\\", type=1, title=\\\"Login to apps\\\"",
        ),
    ];
    for (key, value) in cases {
        let text = format!("[catalogue]\n{key} = \"{value}\"\n{ROW}");
        let catalogue =
            load(&text).unwrap_or_else(|errors| panic!("{key} = {value:?}: {errors:#?}"));
        let metadata = catalogue.metadata;
        let taken = match key {
            "name" => metadata.name,
            "id" => metadata.id,
            "version" => metadata.version,
            "media_type" => metadata.media_type,
            "problem_base" => metadata.problem_base,
            "challenge" => metadata.challenge,
            _ => metadata.docs.unwrap(),
        };
        assert_eq!(taken, value.replace('\\', ""));
    }
}

#[test]
fn without_a_catalogue_table_the_defaults_hold() {
    let expected = Metadata {
        name: "errors".to_owned(),
        id: "errors".to_owned(),
        version: "1.2.3".to_owned(),
        media_type: "application/json".to_owned(),
        problem_base: "/problems/".to_owned(),
        docs: None,
        challenge: r#"Bearer realm="errors""#.to_owned(),
        formats: vec!["oauth".to_owned(), "problem".to_owned()],
        berlin_group_service: "ais".to_owned(),
    };
    assert_eq!(load(ROW).unwrap().metadata, expected);
    assert_eq!(
        load(&format!("[catalogue]\n{ROW}")).unwrap().metadata,
        expected
    );
    // The defaults come from `Defaults`.
    let source = Source {
        name: "payments.toml",
        text: ROW,
    };
    let defaults = Defaults {
        name: "payments".to_owned(),
        version: "0.9.0".to_owned(),
    };
    let metadata = errcat_build::load(&source, &defaults).unwrap().metadata;
    assert_eq!(
        (
            metadata.name.as_str(),
            metadata.id.as_str(),
            metadata.version.as_str()
        ),
        ("payments", "payments", "0.9.0")
    );
    assert_eq!(load(ROW).unwrap().rows[0].docs, "");
}

#[test]
fn each_bad_catalogue_value_is_reported_where_it_is() {
    let text = format!(
        "[catalogue]\n\
         name = \"  \"\n\
         id = \"Accounts API\"\n\
         version = \"1 2\"\n\
         media_type = \"application/json; charset=utf-8\"\n\
         problem_base = \"/my problems/\"\n\
         docs = \"https://developer.example.com/errors\"\n\
         challenge = \"Bearer\\n realm\"\n\
         {ROW}"
    );
    assert_eq!(
        errors(&text),
        [
            "errors.toml:2:8: `name` of `[catalogue]` is \"  \": expected the API's name on one line, such as \"Account API\"",
            "errors.toml:3:6: `id` of `[catalogue]` is \"Accounts API\": expected lowercase letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit, such as \"accounts.api.example.com\"",
            "errors.toml:4:11: `version` of `[catalogue]` is \"1 2\": expected a version without spaces, such as \"1.2\"",
            "errors.toml:5:14: `media_type` of `[catalogue]` is \"application/json; charset=utf-8\": expected a media type without parameters, such as \"application/vnd.example.api+json\"",
            "errors.toml:6:16: `problem_base` of `[catalogue]` is \"/my problems/\": expected a URI or a path without spaces or quotes, such as \"https://api.example.com/problems/\"",
            "errors.toml:7:8: `docs` of `[catalogue]` is \"https://developer.example.com/errors\": expected a URL with `{code}` where the code goes, such as \"https://developer.example.com/errors#{code}\"",
            "errors.toml:8:13: `challenge` of `[catalogue]` is \"Bearer\\n realm\": expected an HTTP authentication challenge on one line, such as \"Bearer realm=\\\"api.example.com\\\"\"",
        ]
    );
    // More values each key refuses, each on line 2.
    let cases = [
        ("name", "\"\""),
        ("name", "\"Account\\nAPI\""),
        ("name", "\"Account\\tAPI\""),
        ("id", "\"\""),
        ("id", "\"-accounts\""),
        ("id", "\"accounts.\""),
        ("id", "\"Accounts\""),
        ("id", "\"acc\u{f6}unts\""),
        ("version", "\"\""),
        ("version", "\"1.0\\n\""),
        ("version", "\"1.\u{2070}\""),
        ("media_type", "\"json\""),
        ("media_type", "\"application/\""),
        ("media_type", "\"/json\""),
        ("media_type", "\"application/json/x\""),
        ("media_type", "\"application/vnd example\""),
        ("problem_base", "\"\""),
        ("problem_base", "\"https://example.com/\\\"problems\\\"/\""),
        ("problem_base", "\"<https://example.com/problems/>\""),
        ("problem_base", "\"https://example.com/probl\u{e8}mes/\""),
        ("docs", "\"\""),
        ("docs", "\"https://example.com/errors/{code} here\""),
        ("docs", "\"https://example.com/errors/{Code}\""),
        ("challenge", "\"\""),
        ("challenge", "\" Bearer\""),
        ("challenge", "\"Bearer \""),
        ("challenge", "\"Bearer realm=\\\"caf\u{e9}\\\"\""),
        ("challenge", "\"Bearer\\trealm\""),
        ("challenge", "\"Bea(rer\""),
    ];
    for (key, value) in cases {
        let text = format!("[catalogue]\n{key} = {value}\n{ROW}");
        let column = key.len() + 4;
        let message = error(&text);
        assert!(
            message.starts_with(&format!(
                "errors.toml:2:{column}: `{key}` of `[catalogue]` is \""
            )),
            "{key} = {value}: {message}"
        );
    }
}

#[test]
fn catalogue_values_must_be_strings() {
    let text = format!("[catalogue]\nversion = 2\nname = [\"Account API\"]\n{ROW}");
    assert_eq!(
        in_any_order(errors(&text)),
        [
            "errors.toml:2:11: `version` is the integer 2, expected a string in double quotes",
            "errors.toml:3:8: `name` is an array, expected a string in double quotes",
        ]
    );
}

#[test]
fn an_unknown_catalogue_key_suggests_the_nearest() {
    let text = format!(
        "[catalogue]\nvesion = \"2\"\nmediatype = \"application/json\"\ntitle = \"Account API\"\n{ROW}"
    );
    assert_eq!(
        in_any_order(errors(&text)),
        [
            "errors.toml:2:1: unknown key `vesion` in `[catalogue]`: expected one of `name`, `id`, `version`, `media_type`, `problem_base`, `docs`, `challenge`, `formats`, `berlin_group_service`; did you mean `version`?",
            "errors.toml:3:1: unknown key `mediatype` in `[catalogue]`: expected one of `name`, `id`, `version`, `media_type`, `problem_base`, `docs`, `challenge`, `formats`, `berlin_group_service`; did you mean `media_type`?",
            "errors.toml:4:1: unknown key `title` in `[catalogue]`: expected one of `name`, `id`, `version`, `media_type`, `problem_base`, `docs`, `challenge`, `formats`, `berlin_group_service`",
        ]
    );
}

#[test]
fn the_catalogue_table_must_be_a_table() {
    let text = format!("catalogue = \"Account API\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:13: `catalogue` is the string \"Account API\", expected a table such as `[catalogue]` followed by `name = \"Account API\"`"
    );
    let text = format!("[[catalogue]]\nname = \"Account API\"\n{ROW}");
    assert_eq!(
        error(&text),
        "errors.toml:1:1: `catalogue` is an array, expected a table such as `[catalogue]` followed by `name = \"Account API\"`"
    );
}

#[test]
fn a_row_may_say_where_it_is_documented() {
    let url = "https://developer.example.com/errors/missing-input";
    let text = format!("{ROW}docs = \"{url}\"\n");
    let catalogue = load(&text).unwrap();
    assert_eq!(catalogue.rows[0].docs, url);
    let generated = generate(&text).unwrap();
    assert!(
        generated
            .code
            .contains(&format!("    /// *Documentation:* [{url}]({url})\n"))
    );
    assert_eq!(part(row_of(&generated, 0), row::DOCS), url);
    // A row without one has no such line.
    assert!(!generate(ROW).unwrap().code.contains("*Documentation:*"));

    for bad in ["", "see the wiki", "https://example.com/\\\"errors\\\""] {
        let text = format!("{ROW}docs = \"{bad}\"\n");
        let shown = bad.replace('\\', "");
        assert_eq!(
            error(&text),
            format!(
                "errors.toml:8:8: `docs` of `GEN-1201-100001` is {shown:?}: expected a URL without spaces or quotes, such as \"https://developer.example.com/errors#GEN-1201-100001\""
            )
        );
    }
    let text = format!("{ROW}docs = true\n");
    assert_eq!(
        error(&text),
        "errors.toml:8:8: `docs` is the boolean true, expected a string in double quotes"
    );
}

#[test]
fn the_catalogue_docs_template_documents_every_row_without_its_own() {
    let own = "https://other.example.com/missing-value";
    let second = format!(
        "{}docs = \"{own}\"\n",
        ROW.replace("GEN-1201-100001", "GEN-1201-100002")
            .replace("header input", "header value")
    );
    let text = format!("{METADATA}{ROW}{second}");
    let catalogue = load(&text).unwrap();
    assert_eq!(
        catalogue.rows[0].docs,
        "https://developer.example.com/errors#GEN-1201-100001"
    );
    assert_eq!(catalogue.rows[1].docs, own);
    let generated = generate(&text).unwrap();
    assert_eq!(
        part(row_of(&generated, 0), row::DOCS),
        "https://developer.example.com/errors#GEN-1201-100001"
    );
    assert_eq!(part(row_of(&generated, 1), row::DOCS), own);
    // Every `{code}` of the template is the code.
    let text = format!("[catalogue]\ndocs = \"/errors/{{code}}#{{code}}\"\n{ROW}");
    assert_eq!(
        load(&text).unwrap().rows[0].docs,
        "/errors/GEN-1201-100001#GEN-1201-100001"
    );
}

#[test]
fn a_bad_catalogue_value_does_not_hide_the_mistakes_of_rows() {
    let text = format!(
        "[catalogue]\nid = \"Accounts\"\n{}",
        ROW.replace("status = 400", "status = 40")
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("errors.toml:2:6: `id` of `[catalogue]`"));
    assert!(errors[1].starts_with("errors.toml:5:10: status 40"));
}

#[test]
fn text_rustc_refuses_in_comments_never_reaches_the_generated_docs() {
    // A lone CR is refused in a doc comment, and a codepoint that changes
    // the direction of text in any comment or literal (rustc's lint
    // text_direction_codepoint_in_comment); a line break would end the
    // comment. The catalogue's free texts refuse all of them, each mistake
    // placed on its character, so none reaches the generated code.
    let text = format!(
        "[catalogue]\nname = \"Ledger \u{202E}API\"\n\
         [placeholders.input]\ndoc = \"a\\rb \u{2066}c\u{2069}\"\n{}deprecated = \"Use \u{202E}X\\rY\"\n",
        ROW.replace(
            "scenario = \"Request received without a mandatory input in the header\"",
            "scenario = \"one\\rtwo \u{202E}three\u{2028}four\""
        )
    );
    let errors = errors(&text);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    for (error, start) in errors.iter().zip([
        "errors.toml:2:8: `name` of `[catalogue]` is \"Ledger \\u{202e}API\"",
        "errors.toml:4:9: `doc` of placeholder `input` has the character '\\r' (U+000D) (2 more such characters follow)",
        "errors.toml:11:16: scenario of `GEN-1201-100001` has the character '\\r' (U+000D) (2 more such characters follow)",
        "errors.toml:12:19: `deprecated` of `GEN-1201-100001` has the character '\\u{202e}' (U+202E) (1 more such characters follow)",
    ]) {
        assert!(error.starts_with(start), "{error}\nexpected {start}");
        assert!(one_safe_line(error), "{error:?}");
    }
}

/// Rows a `[roles]` table can name: one with a placeholder, one without, one
/// with two.
const ROLE_ROWS: &str = r#"
[[errors]]
status = 400
error = "MISSING_INPUT"
code = "GEN-1201-100002"
description = "Missing required input '{input}'"
scenario = ""

[[errors]]
status = 400
error = "INVALID_INPUT"
code = "GEN-1202-100002"
description = "Invalid input."
scenario = ""

[[errors]]
status = 500
error = "INTERNAL"
code = "GEN-1206-100004"
description = "Internal error: {reason} at {place}"
scenario = ""
"#;

#[test]
fn roles_name_rows_and_become_the_roles_impl() {
    let text = format!(
        "[roles]\ninvalid_input = \"GEN-1202-100002\"\nmissing_input = \"GEN-1201-100002\"\ninternal = \"GEN-1202-100002\"\n{ROLE_ROWS}"
    );
    let generated = generate(&text).unwrap();
    // In errcat-core's order of roles, whatever the file's.
    assert!(
        has(
            &generated.code,
            "impl ::errcat::Roles for ErrorCode {
    const MISSING_INPUT: Self = Self::MissingRequiredInput;
    const INVALID_INPUT: Self = Self::InvalidInput;
    const INTERNAL: Self = Self::InvalidInput;
}"
        ),
        "{}",
        generated.code
    );
    // Without a `[roles]` table there is no impl.
    assert!(!generate(ROLE_ROWS).unwrap().code.contains("Roles for"));
}

#[test]
fn each_mistake_in_roles_is_reported_where_it_is() {
    let text = format!(
        "[roles]\n\
         not_fuond = \"GEN-1202-100002\"\n\
         invalid_input = \"GEN-1202-10002\"\n\
         internal = \"GEN-1206-100004\"\n\
         missing_input = 7\n\
         {ROLE_ROWS}"
    );
    assert_eq!(
        errors(&text),
        [
            "errors.toml:2:1: unknown role `not_fuond` in `[roles]`: expected one of `missing_header`, `invalid_header`, `missing_input`, `invalid_input`, `unsupported_media_type`, `payload_too_large`, `not_found`, `method_not_allowed`, `internal`; did you mean `not_found`?",
            "errors.toml:3:17: role `invalid_input` names the code \"GEN-1202-10002\", which is no row of the catalogue: expected the code of one of its rows; did you mean `GEN-1202-100002`?",
            "errors.toml:4:12: role `internal` is played by GEN-1206-100004, which has 2 placeholders: expected a row with at most one, which the offending name fills",
            "errors.toml:5:17: `missing_input` is the integer 7, expected the code of the row that plays the role, such as \"GEN-1206-100001\"",
        ]
    );
    // A required role left out is reported at the table.
    let text = format!("[roles]\ninternal = \"GEN-1202-100002\"\n{ROLE_ROWS}");
    assert_eq!(
        error(&text),
        "errors.toml:1:1: `[roles]` does not say which row plays `invalid_input`: expected `invalid_input = \"CODE\"`; `invalid_input` and `internal` are required, the other roles fall back to them"
    );
    let text = format!("roles = \"GEN-1202-100002\"\n{ROLE_ROWS}");
    assert_eq!(
        error(&text),
        "errors.toml:1:9: `roles` is the string \"GEN-1202-100002\", expected a table such as `[roles]` followed by `not_found = \"GEN-1206-100001\"`"
    );
}

/// `text` as a TOML basic string, every character but letters and digits
/// escaped, so that any text can stand anywhere a string can.
fn toml_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            quoted.push(c);
        } else {
            quoted.push_str(&format!("\\U{:08X}", u32::from(c)));
        }
    }
    quoted.push('"');
    quoted
}

/// Whether a message holds nothing that could end a line, forge one or
/// reach a terminal as a control (CWE-117).
fn one_safe_line(message: &str) -> bool {
    !message.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn messages_quote_hostile_catalogue_text_escaped() {
    let hostile = "GEN\u{1b}[2J\r\nerrors.toml:1:1: forged\u{2028}\u{202e}\u{85}";
    let quoted = toml_string(hostile);
    let messages = errors(&format!(
        "{quoted} = 1\n[placeholders.{quoted}]\ndoc = \"x\"\n[[errors]]\nstatus = 400\nerror = {quoted}\ncode = {quoted}\ndescription = \"Missing {{{hostile_ascii}}}\"\nscenario = \"x\"\nname = {quoted}\n{quoted} = \"x\"\n",
        hostile_ascii = "A\\u001b[2J"
    ));
    assert!(!messages.is_empty());
    for message in &messages {
        assert!(one_safe_line(message), "{message:?}");
    }
    assert!(
        messages
            .iter()
            .any(|message| message.contains("GEN\\u{1b}[2J\\r\\n")),
        "{messages:#?}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn every_message_is_one_line_whatever_the_catalogue_holds(
        text in proptest::prop_oneof![
            proptest::prelude::any::<String>(),
            "([a-z{} \\\\]|[\\u{0}-\\u{1f}]|\\u{7f}|[\\u{80}-\\u{9f}]|[\\u{202a}-\\u{202e}]|[\\u{2066}-\\u{2069}]|\\u{2028}|\\u{2029}){0,16}",
        ],
    ) {
        let quoted = toml_string(&text);
        let brace = toml_string(&format!("Missing {{{text}}}"));
        let catalogue = format!(
            "{quoted} = 1\n[placeholders.{quoted}]\ndoc = \"x\"\n[[errors]]\nstatus = 400\nerror = {quoted}\ncode = {quoted}\ndescription = {brace}\nscenario = \"x\"\nname = {quoted}\n{quoted} = \"x\"\n"
        );
        if let Err(messages) = generate(&catalogue) {
            for message in &messages {
                proptest::prop_assert!(one_safe_line(message), "{:?}", message);
            }
        }
    }
}

#[test]
fn a_405_row_asks_its_constructor_for_the_allowed_methods() {
    let row = |description: &str| {
        format!(
            "[[errors]]\nstatus = 405\nerror = \"METHOD\"\ncode = \"GEN-1206-100003\"\ndescription = \"{description}\"\nscenario = \"\"\n"
        )
    };
    let generated = generate(&row("Method {method} not allowed")).unwrap();
    assert!(
        has(
            &generated.code,
            "pub fn method_not_allowed(
        method: impl ::core::convert::Into<::std::borrow::Cow<'static, str>>,
        allow: impl ::core::iter::IntoIterator<Item = ::errcat::__private::http::Method>,
    ) -> ApiError {"
        ),
        "{}",
        generated.code
    );
    assert!(generated.code.contains(".with_allow(allow)"));
    assert_eq!(
        error(&row("Method not allowed; allowed: {allow}")),
        "errors.toml:5:15: placeholder `allow` of GEN-1206-100003, a 405 row, has the name of its constructor's `allow` argument (the methods for the `Allow` header a 405 must carry): expected another name"
    );
}

// What the wire formats a catalogue speaks need of it.

const BERLIN_GROUP: &str = "[catalogue]\nformats = [\"berlin-group\", \"problem\"]\n";

#[test]
fn an_unknown_format_suggests_the_nearest_and_a_repeated_one_is_refused() {
    let errors = errors(&format!(
        "[catalogue]\nformats = [\"oauth\", \"jsonapi\", \"oauth\"]\n{ROW}"
    ));
    assert_eq!(
        errors,
        [
            "errors.toml:2:21: unknown format `jsonapi` in `formats`: expected one of \"oauth\", \"problem\", \"aip-193\", \"json-api\", \"berlin-group\"; did you mean `json-api`?",
            "errors.toml:2:32: format `oauth` is listed twice in `formats`: expected each format once",
        ]
    );
    assert_eq!(
        error(&format!("[catalogue]\nformats = []\n{ROW}")),
        "errors.toml:2:11: `formats` of `[catalogue]` is empty: expected at least one of \"oauth\", \"problem\", \"aip-193\", \"json-api\", \"berlin-group\", the first answering when a request does not choose"
    );
    assert_eq!(
        error(&format!("[catalogue]\nformats = \"oauth\"\n{ROW}")),
        "errors.toml:2:11: `formats` is the string \"oauth\", expected an array of names such as `formats = [\"oauth\", \"problem\"]`"
    );
}

#[test]
fn a_catalogue_that_speaks_berlin_group_needs_a_code_the_standard_allows_on_every_row() {
    assert_eq!(
        error(&format!("{BERLIN_GROUP}{ROW}")),
        "errors.toml:7:8: `GEN-1201-100001` has no `berlin_group`: the catalogue speaks berlin-group, expected the NextGenPSD2 message code for a 400 in ais, one of FORMAT_ERROR, PARAMETER_NOT_CONSISTENT, PARAMETER_NOT_SUPPORTED, SERVICE_INVALID, RESOURCE_UNKNOWN, RESOURCE_EXPIRED, RESOURCE_BLOCKED, TIMESTAMP_INVALID, PERIOD_INVALID, SCA_METHOD_UNKNOWN, SCA_INVALID, CONSENT_UNKNOWN, SESSIONS_NOT_SUPPORTED"
    );
    let typo = error(&format!(
        "{BERLIN_GROUP}{ROW}berlin_group = \"FORMAT_EROR\"\n"
    ));
    assert!(
        typo.starts_with("errors.toml:10:16: Berlin Group message code `FORMAT_EROR` of `GEN-1201-100001` is not one NextGenPSD2 allows for a 400 in ais: expected one of FORMAT_ERROR,"),
        "{typo}"
    );
    assert!(typo.ends_with("; did you mean `FORMAT_ERROR`?"), "{typo}");
    // A code of another status is refused too: a TPP branches on it.
    let other = error(&format!(
        "{BERLIN_GROUP}{ROW}berlin_group = \"TOKEN_INVALID\"\n"
    ));
    assert!(
        other.contains(
            "`TOKEN_INVALID` of `GEN-1201-100001` is not one NextGenPSD2 allows for a 400"
        ),
        "{other}"
    );
    // The payment service allows codes the account service does not.
    let pis = format!(
        "{BERLIN_GROUP}berlin_group_service = \"pis\"\n{ROW}berlin_group = \"PAYMENT_FAILED\"\n"
    );
    assert!(load(&pis).is_ok());
    let ais = format!("{BERLIN_GROUP}{ROW}berlin_group = \"PAYMENT_FAILED\"\n");
    assert!(error(&ais).contains("is not one NextGenPSD2 allows for a 400 in ais"));
    assert_eq!(
        error(&format!(
            "[catalogue]\nberlin_group_service = \"pls\"\n{ROW}"
        )),
        "errors.toml:2:24: `berlin_group_service` of `[catalogue]` is \"pls\": expected \"ais\" (account information) or \"pis\" (payment initiation); did you mean `pis`?"
    );
    // A status the standard fixes no codes for takes one of the API's own.
    let internal = ROW.replace("status = 400", "status = 500");
    assert!(
        load(&format!(
            "{BERLIN_GROUP}{internal}berlin_group = \"INTERNAL_SERVER_ERROR\"\n"
        ))
        .is_ok()
    );
    assert!(
        error(&format!(
            "{BERLIN_GROUP}{internal}berlin_group = \"internal\"\n"
        ))
        .contains("Berlin Group message code `internal` of `GEN-1201-100001` is malformed")
    );
}

#[test]
fn aip_193_reasons_follow_its_rule_and_are_unique_in_the_catalogue() {
    let catalogue = load(ROW).unwrap();
    assert_eq!(catalogue.rows[0].reason, "MISSING_REQUIRED_HEADER_INPUT");
    let reason = format!("{ROW}reason = \"missing_header\"\n");
    assert!(
        error(&reason).starts_with("errors.toml:8:10: AIP-193 reason `missing_header` of `GEN-1201-100001` (set by `reason`) is malformed: expected UPPER_SNAKE_CASE matching [A-Z][A-Z0-9_]+[A-Z0-9], at most 63 characters"),
        "{}",
        error(&reason)
    );
    let long = format!("{ROW}reason = \"{}\"\n", "A".repeat(64));
    assert!(error(&long).contains("is malformed"));
    // A reason given to one row that is another's default.
    let second = ROW
        .replace("GEN-1201-100001", "GEN-1201-100002")
        .replace("header input", "header value");
    let clash = format!("{ROW}{second}reason = \"MISSING_REQUIRED_HEADER_INPUT\"\n");
    assert_eq!(
        error(&clash),
        "errors.toml:15:10: AIP-193 reason `MISSING_REQUIRED_HEADER_INPUT` of `GEN-1201-100002` is already the reason of `GEN-1201-100001`: expected each reason once in a catalogue (AIP-193's domain)"
    );
    // A catalogue that speaks AIP-193 needs metadata keys it accepts.
    let short =
        "[catalogue]\nformats = [\"aip-193\"]\n".to_owned() + &ROW.replace("'{input}'", "'{x}'");
    assert!(
        error(&short).contains("placeholder `x` of `GEN-1201-100001` gives the AIP-193 metadata key `x`, which is not lowerCamelCase"),
        "{}",
        error(&short)
    );
}

/// Every free text of a catalogue (a scenario, a deprecation note, a
/// placeholder's published form and doc, the API's name) refuses what would
/// drive a terminal or hide a line, even written as a TOML escape: placed
/// on the character, and naming it.
#[test]
fn free_texts_refuse_control_bidi_and_separator_characters() {
    let hostile = [
        ('\u{1b}', "\\u001B"),
        ('\u{7}', "\\u0007"),
        ('\r', "\\r"),
        ('\0', "\\u0000"),
        ('\t', "\\t"),
        ('\u{85}', "\\u0085"),
        ('\u{7f}', "\\u007F"),
        ('\u{202e}', "\\u202E"),
        ('\u{2066}', "\\u2066"),
        ('\u{200f}', "\\u200F"),
        ('\u{2028}', "\\u2028"),
        ('\u{2029}', "\\u2029"),
    ];
    for (c, escape) in hostile {
        let placed = [
            (
                ROW.replace(
                    "scenario = \"Request",
                    &format!("scenario = \"Req{escape}uest"),
                ),
                7,
                16,
                "scenario of `GEN-1201-100001`",
            ),
            (
                format!("{ROW}deprecated = \"Use {escape}X\"\n"),
                8,
                19,
                "`deprecated` of `GEN-1201-100001`",
            ),
            (
                format!("[placeholders.input]\ndoc = \"ab{escape}\"\n{ROW}"),
                2,
                10,
                "`doc` of placeholder `input`",
            ),
            (
                format!("[placeholders.input]\npublished = \"{escape}IN\"\n{ROW}"),
                2,
                14,
                "`published` of placeholder `input`",
            ),
        ];
        for (text, line, column, what) in placed {
            let message = error(&text);
            let expected = format!(
                "errors.toml:{line}:{column}: {what} has the character {c:?} (U+{:04X}): expected text without control characters",
                u32::from(c)
            );
            assert!(
                message.starts_with(&expected),
                "{message}\nexpected {expected}"
            );
            assert!(one_safe_line(&message), "{message:?}");
        }
        // The API's name is one line too: the message quotes it escaped.
        let message = error(&format!("[catalogue]\nname = \"API {escape}\"\n{ROW}"));
        assert!(
            message.starts_with(&format!(
                "errors.toml:2:8: `name` of `[catalogue]` is \"API {}\": expected the API's name on one line",
                c.escape_debug()
            )),
            "{message}"
        );
        assert!(one_safe_line(&message), "{message:?}");
    }
}

/// A scenario of several cases keeps its line breaks (LF alone); the rest of
/// the free texts are one line.
#[test]
fn a_scenario_may_hold_line_breaks_and_nothing_else_may() {
    let lines = ROW.replace(
        "scenario = \"Request received without a mandatory input in the header\"",
        "scenario = \"\"\"\nOne case.\nAnother case.\"\"\"",
    );
    let catalogue = load(&lines).expect("a scenario of two lines is valid");
    assert_eq!(catalogue.rows[0].scenario, "One case.\nAnother case.");
    let message = error(&format!("{ROW}deprecated = \"Use\\nX\"\n"));
    assert!(
        message.contains("`deprecated` of `GEN-1201-100001` has the character '\\n' (U+000A)"),
        "{message}"
    );
    let message = error(&lines.replace("One case.\n", "One case.\r\n"));
    assert!(
        message.contains("has the character '\\r' (U+000D)"),
        "{message}"
    );
}
