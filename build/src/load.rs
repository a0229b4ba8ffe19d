//! Step 1: the catalogue's TOML text becomes rows of located values.
//!
//! This step knows the file's shape (which keys a row has and their types) and
//! nothing of what the values mean; `validate.rs` checks that.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use errcat_core::log_safe::{LogSafe, Quoted};
use errcat_core::suggest::closest;

use crate::diagnostic::Diagnostic;

/// A value and the byte range it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// One `[[errors]]` table with every required key present.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub status: Located<i64>,
    pub error: Located<String>,
    pub code: Located<String>,
    pub description: Located<String>,
    pub scenario: Located<String>,
    pub name: Option<Located<String>>,
    /// `deprecated = "..."`: what to use instead, and why. The row stays in
    /// the catalogue so that old logs and old servers keep working.
    pub deprecated: Option<Located<String>>,
    /// `docs = "https://..."`: where the code is documented.
    pub docs: Option<Located<String>>,
    /// `berlin_group = "FORMAT_ERROR"`: the NextGenPSD2 message code the
    /// row answers with in the Berlin Group format.
    pub berlin_group: Option<Located<String>>,
    /// `reason = "..."`: the row's AIP-193 reason, when not its default.
    pub reason: Option<Located<String>>,
}

/// The optional `[catalogue]` table: what the catalogue is, for every output.
#[derive(Debug, Clone, Default)]
pub struct RawMetadata {
    /// The API's name, as people say it: "Account API".
    pub name: Option<Located<String>>,
    /// A stable identifier of the API (AIP-193's error `domain`), such as
    /// `accounts.api.example.com`.
    pub id: Option<Located<String>>,
    /// The API's version.
    pub version: Option<Located<String>>,
    /// The API's own media type, such as `application/vnd.example.api+json`.
    pub media_type: Option<Located<String>>,
    /// What problem `type` URIs start with; the code follows.
    pub problem_base: Option<Located<String>>,
    /// Where each code is documented: a URL with `{code}` in it.
    pub docs: Option<Located<String>>,
    /// The `WWW-Authenticate` challenge a 401 carries.
    pub challenge: Option<Located<String>>,
    /// `formats = ["oauth", "problem"]`: the wire formats the API speaks,
    /// the first answering when a request does not decide; the array's span
    /// and each name.
    pub formats: Option<Located<Vec<Located<String>>>>,
    /// `berlin_group_service = "ais"`: which NextGenPSD2 service's message
    /// codes the rows' `berlin_group` codes are checked against.
    pub berlin_group_service: Option<Located<String>>,
}

/// One entry of the optional `[roles]` table: `not_found = "GEN-1206-100001"`.
#[derive(Debug, Clone)]
pub struct RawRole {
    pub role: Located<String>,
    pub code: Located<String>,
}

/// One entry of the optional `[placeholders]` table.
#[derive(Debug, Clone)]
pub struct RawPlaceholder {
    pub name: Located<String>,
    /// How the published table shows the placeholder; `None` means the name
    /// in capitals.
    pub published: Option<Located<String>>,
    pub doc: Option<Located<String>>,
    /// `private = true`: the value stays out of responses unless the caller
    /// marks the error public.
    pub private: Option<Located<bool>>,
}

/// What the file holds, before its values are checked.
#[derive(Debug, Clone, Default)]
pub struct RawCatalogue {
    pub rows: Vec<RawRow>,
    /// `None` when the file has no `[placeholders]` table: then any well-formed
    /// placeholder name is accepted.
    pub placeholders: Option<Vec<RawPlaceholder>>,
    /// The `[catalogue]` table, when the file has one.
    pub metadata: Option<RawMetadata>,
    /// The `[roles]` table and its span, when the file has one.
    pub roles: Option<(Vec<RawRole>, Range<usize>)>,
}

/// The keys a `[[errors]]` row may have.
pub const ROW_KEYS: [&str; 10] = [
    "status",
    "error",
    "code",
    "description",
    "scenario",
    "name",
    "deprecated",
    "docs",
    "berlin_group",
    "reason",
];
const REQUIRED_ROW_KEYS: [&str; 5] = ["status", "error", "code", "description", "scenario"];
const TOP_KEYS: [&str; 4] = ["catalogue", "errors", "placeholders", "roles"];
const METADATA_KEYS: [&str; 9] = [
    "name",
    "id",
    "version",
    "media_type",
    "problem_base",
    "docs",
    "challenge",
    "formats",
    "berlin_group_service",
];
const PLACEHOLDER_KEYS: [&str; 3] = ["published", "doc", "private"];

/// Reads the catalogue's text. A TOML syntax error ends the reading; any
/// other problem is reported beside what could be read, so that validation
/// can still check the good rows: rows with a mistake in their shape are
/// reported and left out.
pub fn load(text: &str) -> Result<(RawCatalogue, Vec<Diagnostic>), Vec<Diagnostic>> {
    let document = DeTable::parse(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        vec![Diagnostic::new(
            span,
            format!("invalid TOML: {}", LogSafe(error.message().trim_end())),
        )]
    })?;
    let mut diagnostics = Vec::new();
    let mut catalogue = RawCatalogue::default();
    let mut saw_errors = false;

    for (key, value) in document.get_ref() {
        match key.get_ref().as_ref() {
            "errors" => {
                saw_errors = true;
                catalogue.rows = load_rows(value, &mut diagnostics);
            }
            "placeholders" => {
                catalogue.placeholders = load_placeholders(value, &mut diagnostics);
            }
            "catalogue" => {
                catalogue.metadata = load_metadata(value, &mut diagnostics);
            }
            "roles" => {
                catalogue.roles = load_roles(value, &mut diagnostics);
            }
            other => diagnostics.push(unknown_key(key, other, "at the top level", &TOP_KEYS)),
        }
    }
    if !saw_errors {
        diagnostics.push(Diagnostic::new(
            0..0,
            "the catalogue has no rows: expected one `[[errors]]` table per error",
        ));
    }
    Ok((catalogue, diagnostics))
}

fn load_rows(value: &Spanned<DeValue<'_>>, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawRow> {
    let DeValue::Array(array) = value.get_ref() else {
        diagnostics.push(Diagnostic::new(
            value.span(),
            format!(
                "`errors` is {}, expected an array of tables written as `[[errors]]`",
                describe(value.get_ref())
            ),
        ));
        return Vec::new();
    };
    if array.is_empty() {
        diagnostics.push(Diagnostic::new(
            value.span(),
            "`errors` is empty: expected at least one `[[errors]]` row",
        ));
    }
    // Rows past the most a catalogue may have are refused unread: what a
    // file holds beyond them costs no memory and no time.
    if let Some(first_extra) = array.get(usize::from(u16::MAX)) {
        let span = match first_extra.get_ref() {
            DeValue::Table(table) => row_start(table, first_extra),
            _ => first_extra.span(),
        };
        diagnostics.push(Diagnostic::new(
            span,
            format!(
                "the catalogue has {} rows: expected at most {}",
                array.len(),
                u16::MAX
            ),
        ));
    }
    array
        .iter()
        .take(usize::from(u16::MAX))
        .enumerate()
        .filter_map(|(index, row)| load_row(index + 1, row, diagnostics))
        .collect()
}

fn load_row(
    number: usize,
    row: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawRow> {
    let DeValue::Table(table) = row.get_ref() else {
        diagnostics.push(Diagnostic::new(
            row.span(),
            format!(
                "row {number} is {}, expected a table of {}",
                describe(row.get_ref()),
                REQUIRED_ROW_KEYS.join(", ")
            ),
        ));
        return None;
    };
    let before = diagnostics.len();
    let mut status = None;
    let mut error = None;
    let mut code = None;
    let mut description = None;
    let mut scenario = None;
    let mut name = None;
    let mut deprecated = None;
    let mut docs = None;
    let mut berlin_group = None;
    let mut reason = None;
    for (key, value) in table {
        let key_name = key.get_ref().as_ref();
        match key_name {
            "status" => status = integer(key_name, value, diagnostics),
            "error" => error = string(key_name, value, diagnostics),
            "code" => code = string(key_name, value, diagnostics),
            "description" => description = string(key_name, value, diagnostics),
            "scenario" => scenario = string(key_name, value, diagnostics),
            "name" => name = string(key_name, value, diagnostics),
            "deprecated" => deprecated = deprecation(value, diagnostics),
            "docs" => docs = string(key_name, value, diagnostics),
            "berlin_group" => berlin_group = string(key_name, value, diagnostics),
            "reason" => reason = string(key_name, value, diagnostics),
            other => diagnostics.push(unknown_key(key, other, "in an `[[errors]]` row", &ROW_KEYS)),
        }
    }
    // A misspelt key is reported once, as unknown with its correction, not
    // again as the key it was meant to be.
    let misspelt: Vec<&str> = table
        .iter()
        .filter_map(|(key, _)| {
            let key = key.get_ref().as_ref();
            (!ROW_KEYS.contains(&key)).then(|| closest(key, ROW_KEYS))?
        })
        .collect();
    let missing: Vec<&str> = REQUIRED_ROW_KEYS
        .into_iter()
        .filter(|key| !has_key(table, key) && !misspelt.contains(key))
        .collect();
    if !missing.is_empty() {
        let what = missing
            .iter()
            .map(|key| format!("`{key}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let identity = code.as_ref().map_or_else(
            || format!("row {number}"),
            |code| format!("row {number} (`{}`)", Quoted(&code.value)),
        );
        diagnostics.push(Diagnostic::new(
            row_start(table, row),
            format!(
                "{identity} is missing {what}: expected every row to have {}",
                REQUIRED_ROW_KEYS.join(", ")
            ),
        ));
    }
    if diagnostics.len() > before {
        return None;
    }
    Some(RawRow {
        status: status?,
        error: error?,
        code: code?,
        description: description?,
        scenario: scenario?,
        name,
        deprecated,
        docs,
        berlin_group,
        reason,
    })
}

fn load_metadata(
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawMetadata> {
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(Diagnostic::new(
            value.span(),
            format!(
                "`catalogue` is {}, expected a table such as `[catalogue]` followed by `name = \"Account API\"`",
                describe(value.get_ref())
            ),
        ));
        return None;
    };
    let mut metadata = RawMetadata::default();
    for (key, value) in table {
        let key_name = key.get_ref().as_ref();
        let slot = match key_name {
            "name" => &mut metadata.name,
            "id" => &mut metadata.id,
            "version" => &mut metadata.version,
            "media_type" => &mut metadata.media_type,
            "problem_base" => &mut metadata.problem_base,
            "docs" => &mut metadata.docs,
            "challenge" => &mut metadata.challenge,
            "berlin_group_service" => &mut metadata.berlin_group_service,
            "formats" => {
                metadata.formats = names(key_name, value, diagnostics);
                continue;
            }
            other => {
                diagnostics.push(unknown_key(key, other, "in `[catalogue]`", &METADATA_KEYS));
                continue;
            }
        };
        *slot = string(key_name, value, diagnostics);
    }
    Some(metadata)
}

/// `None` when `roles` is not a table. Which role names and codes are
/// right is `validate.rs`'s business.
fn load_roles(
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Vec<RawRole>, Range<usize>)> {
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(Diagnostic::new(
            value.span(),
            format!(
                "`roles` is {}, expected a table such as `[roles]` followed by `not_found = \"GEN-1206-100001\"`",
                describe(value.get_ref())
            ),
        ));
        return None;
    };
    let roles = table
        .iter()
        .filter_map(|(key, value)| {
            let name = key.get_ref().as_ref();
            let code = typed(
                name,
                value,
                diagnostics,
                "the code of the row that plays the role, such as \"GEN-1206-100001\"",
                text,
            )?;
            Some(RawRole {
                role: Located {
                    value: name.to_owned(),
                    span: key.span(),
                },
                code,
            })
        })
        .collect();
    Some((roles, value.span()))
}

/// `None` when `placeholders` is not a table: reported once here, it is then
/// left out, so that uses of placeholders are not reported as undeclared too.
fn load_placeholders(
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<RawPlaceholder>> {
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(Diagnostic::new(
            value.span(),
            format!(
                "`placeholders` is {}, expected a table with one `[placeholders.NAME]` entry per placeholder",
                describe(value.get_ref())
            ),
        ));
        return None;
    };
    let mut placeholders = Vec::new();
    for (key, entry) in table {
        let name = Located {
            value: key.get_ref().to_string(),
            span: key.span(),
        };
        let mut placeholder = RawPlaceholder {
            name,
            published: None,
            doc: None,
            private: None,
        };
        let DeValue::Table(fields) = entry.get_ref() else {
            diagnostics.push(Diagnostic::new(
                entry.span(),
                format!(
                    "placeholder `{}` is {}, expected a table with `published` and `doc`",
                    Quoted(&placeholder.name.value),
                    describe(entry.get_ref())
                ),
            ));
            // Still declared: its uses are not mistakes of their own.
            placeholders.push(placeholder);
            continue;
        };
        for (field, field_value) in fields {
            let field_name = field.get_ref().as_ref();
            match field_name {
                "published" => placeholder.published = string(field_name, field_value, diagnostics),
                "doc" => placeholder.doc = string(field_name, field_value, diagnostics),
                "private" => placeholder.private = boolean(field_name, field_value, diagnostics),
                other => diagnostics.push(unknown_key(
                    field,
                    other,
                    "in a placeholder",
                    &PLACEHOLDER_KEYS,
                )),
            }
        }
        placeholders.push(placeholder);
    }
    Some(placeholders)
}

fn has_key(table: &DeTable<'_>, wanted: &str) -> bool {
    table
        .iter()
        .any(|(key, _)| key.get_ref().as_ref() == wanted)
}

/// Where a row starts: its first key, or the table itself when it is empty.
fn row_start(table: &DeTable<'_>, row: &Spanned<DeValue<'_>>) -> Range<usize> {
    table
        .iter()
        .map(|(key, _)| key.span())
        .min_by_key(|span| span.start)
        .unwrap_or_else(|| row.span())
}

fn unknown_key(
    key: &Spanned<toml::de::DeString<'_>>,
    name: &str,
    place: &str,
    expected: &[&str],
) -> Diagnostic {
    let list = expected
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::suggesting(
        key.span(),
        format!(
            "unknown key `{}` {place}: expected one of {list}",
            Quoted(name)
        ),
        name,
        expected.iter().copied(),
    )
}

/// The value of `key` if `extract` takes it; otherwise a diagnostic at the
/// value: "`key` is <what it is>, expected <expected>".
fn typed<T>(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
    expected: &str,
    extract: impl FnOnce(&DeValue<'_>) -> Option<T>,
) -> Option<Located<T>> {
    if let Some(extracted) = extract(value.get_ref()) {
        return Some(Located {
            value: extracted,
            span: value.span(),
        });
    }
    diagnostics.push(Diagnostic::new(
        value.span(),
        format!(
            "`{key}` is {}, expected {expected}",
            describe(value.get_ref())
        ),
    ));
    None
}

fn integer(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<i64>> {
    let expected = format!("an integer such as `{key} = 400`");
    typed(key, value, diagnostics, &expected, |value| match value {
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix()).ok(),
        _ => None,
    })
}

fn text(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(text) => Some(text.to_string()),
        _ => None,
    }
}

fn string(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    typed(key, value, diagnostics, "a string in double quotes", text)
}

/// An array of strings, such as `formats = ["oauth", "problem"]`.
fn names(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<Vec<Located<String>>>> {
    let expected = format!("an array of names such as `{key} = [\"oauth\", \"problem\"]`");
    let DeValue::Array(array) = value.get_ref() else {
        diagnostics.push(Diagnostic::new(
            value.span(),
            format!(
                "`{key}` is {}, expected {expected}",
                describe(value.get_ref())
            ),
        ));
        return None;
    };
    let mut names = Vec::with_capacity(array.len());
    for item in array {
        names.push(typed(key, item, diagnostics, &expected, text)?);
    }
    Some(Located {
        value: names,
        span: value.span(),
    })
}

/// `deprecated = "..."`: a string that says what to use instead. Whether it
/// says anything is `validate.rs`'s business.
fn deprecation(
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    typed(
        "deprecated",
        value,
        diagnostics,
        "a string saying what to use instead, such as `deprecated = \"Use GEN-1201-100002, which names the parameter\"`",
        text,
    )
}

fn boolean(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Located<bool>> {
    typed(
        key,
        value,
        diagnostics,
        "`true` or `false`",
        |value| match value {
            DeValue::Boolean(flag) => Some(*flag),
            _ => None,
        },
    )
}

/// Names a TOML value the way a message should: its type and, when short,
/// the value itself.
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("the string {text:?}"),
        DeValue::Integer(integer) => format!("the integer {}", integer.as_str()),
        DeValue::Float(float) => format!("the float {}", float.as_str()),
        DeValue::Boolean(flag) => format!("the boolean {flag}"),
        DeValue::Datetime(datetime) => format!("the datetime {datetime}"),
        DeValue::Array(_) => "an array".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

/// The byte offset in the file of the character at `char_index` of a string
/// value whose literal spans `span`. Escapes (`\n`, `\u00E9`, ...) count as
/// one character, as they do in the value. Falls back to the start of the
/// literal when the literal's form is not one it follows.
pub fn char_offset(text: &str, span: &Range<usize>, char_index: usize) -> usize {
    let Some(literal) = text.get(span.clone()) else {
        return span.start;
    };
    let (quote, basic) = if literal.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if literal.starts_with("'''") {
        ("'''", false)
    } else if literal.starts_with('"') {
        ("\"", true)
    } else if literal.starts_with('\'') {
        ("'", false)
    } else {
        return span.start;
    };
    let mut body_start = quote.len();
    if quote.len() == 3 {
        // A newline right after the opening delimiter is not part of the value.
        if literal[body_start..].starts_with("\r\n") {
            body_start += 2;
        } else if literal[body_start..].starts_with('\n') {
            body_start += 1;
        }
    }
    let mut chars = literal[body_start..].char_indices();
    let mut seen = 0;
    while let Some((at, c)) = chars.next() {
        if seen == char_index {
            return span.start + body_start + at;
        }
        if basic && c == '\\' {
            match chars.next() {
                Some((_, 'u')) => {
                    chars.nth(3);
                }
                Some((_, 'U')) => {
                    chars.nth(7);
                }
                Some((_, 'x')) => {
                    chars.nth(1);
                }
                Some((_, next)) if next.is_whitespace() => return span.start,
                _ => {}
            }
        }
        seen += 1;
    }
    span.start
}
