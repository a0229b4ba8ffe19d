//! Step 2: checks what the values mean and builds the catalogue model the
//! renderer works from. Every mistake is reported with its place in the file,
//! the offending value and what was expected.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::codegen::diagnostic::{Diagnostic, did_you_mean};
use crate::codegen::load::{Located, RawCatalogue, RawPlaceholder, RawRow, char_offset};
use crate::codegen::names;
use crate::codegen::template::{Template, is_placeholder_name};

/// A validated catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub rows: Vec<Row>,
    /// The distinct tokens, in order of first appearance.
    pub kinds: Vec<Kind>,
    /// The declared placeholders (or, without a declaration, those used).
    pub placeholders: Vec<Placeholder>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub status: u16,
    pub token: String,
    pub code: String,
    /// The template as written in the file.
    pub description: String,
    pub scenario: String,
    /// The `ErrorCode` variant.
    pub name: String,
    /// The typed constructor on `ApiError`.
    pub constructor: String,
    /// Index into `Catalogue::kinds`.
    pub kind: usize,
    pub template: Template,
    /// The description as the published table shows it.
    pub published: String,
    /// What to use instead, when the row is deprecated.
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Kind {
    pub token: String,
    /// The `ErrorKind` variant.
    pub name: String,
    /// Indexes into `Catalogue::rows`.
    pub rows: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Placeholder {
    pub name: String,
    pub published: String,
    pub doc: String,
    /// Kept out of responses unless the caller marks the error public.
    pub private: bool,
}

/// Longest code or token: the lookup's length filter covers 0..128 bytes.
pub const MAX_KEY_LEN: usize = 127;

/// Names a generated constructor on `ApiError` must not take: its inherent
/// methods (`src/api_error.rs`; a test keeps the two in step) and the methods
/// of the traits it implements.
pub const API_ERROR_METHODS: [&str; 30] = [
    "new",
    "filled",
    "with_values",
    "code",
    "status",
    "kind",
    "value",
    "values",
    "detail",
    "with_detail",
    "mark_public",
    "is_public",
    "wire_value",
    "fill",
    "write_json",
    "to_json",
    "write_problem_json",
    "to_problem_json",
    "write_body",
    "log",
    "into_response",
    "description",
    "clone",
    "eq",
    "fmt",
    "to_string",
    "serialize",
    "source",
    "from",
    "into",
];

pub fn validate(text: &str, raw: RawCatalogue) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let placeholders = validate_placeholders(raw.placeholders.as_deref(), &mut diagnostics);
    // A broken declaration is reported once; checking every use against it
    // would only repeat the same mistake.
    let declared = raw.placeholders.is_some() && diagnostics.is_empty();

    if raw.rows.len() > usize::from(u16::MAX) {
        diagnostics.push(Diagnostic::new(
            raw.rows[usize::from(u16::MAX)].span.clone(),
            format!(
                "the catalogue has {} rows: expected at most {}",
                raw.rows.len(),
                u16::MAX
            ),
        ));
    }

    let mut rows = Vec::with_capacity(raw.rows.len());
    let mut spans = Vec::with_capacity(raw.rows.len());
    for raw_row in &raw.rows {
        if let Some(row) = validate_row(text, raw_row, &placeholders, declared, &mut diagnostics) {
            rows.push(row);
            spans.push(raw_row);
        }
    }

    check_unique(&rows, &spans, &mut diagnostics);
    let kinds = collect_kinds(&mut rows, &spans, &mut diagnostics);

    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);
        return Err(diagnostics);
    }
    let placeholders = if raw.placeholders.is_some() {
        placeholders
    } else {
        used_placeholders(&rows)
    };
    Ok(Catalogue {
        rows,
        kinds,
        placeholders,
    })
}

fn validate_placeholders(
    raw: Option<&[RawPlaceholder]>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Placeholder> {
    let mut placeholders = Vec::new();
    for entry in raw.unwrap_or_default() {
        let name = &entry.name.value;
        if !is_placeholder_name(name) || names::is_unusable_identifier(name) {
            diagnostics.push(Diagnostic::new(
                entry.name.span.clone(),
                format!(
                    "placeholder name `{name}` is not usable: expected lowercase letters, digits and `_`, starting with a letter (and not `self`, `super` or `crate`)"
                ),
            ));
            continue;
        }
        placeholders.push(Placeholder {
            name: name.clone(),
            published: entry.published.as_ref().map_or_else(
                || name.to_ascii_uppercase(),
                |published| published.value.clone(),
            ),
            doc: entry
                .doc
                .as_ref()
                .map(|doc| doc.value.clone())
                .unwrap_or_default(),
            private: entry.private.as_ref().is_some_and(|flag| flag.value),
        });
    }
    placeholders
}

fn used_placeholders(rows: &[Row]) -> Vec<Placeholder> {
    let mut used: Vec<Placeholder> = Vec::new();
    for name in rows.iter().flat_map(|row| &row.template.names) {
        if !used.iter().any(|known| known.name == *name) {
            used.push(Placeholder {
                name: name.clone(),
                published: name.to_ascii_uppercase(),
                doc: String::new(),
                private: false,
            });
        }
    }
    used
}

fn validate_row(
    text: &str,
    raw: &RawRow,
    placeholders: &[Placeholder],
    declared: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let before = diagnostics.len();
    let code = &raw.code.value;

    let status = raw.status.value;
    if !(100..=999).contains(&status) {
        diagnostics.push(Diagnostic::new(
            raw.status.span.clone(),
            format!("status {status} of `{code}` is not an HTTP status: expected a number from 100 to 999"),
        ));
    }

    if !is_dashed(code, '-') || code.len() > MAX_KEY_LEN {
        let hint = if is_dashed(&code.to_ascii_uppercase(), '-') {
            format!(" (did you mean `{}`?)", code.to_ascii_uppercase())
        } else {
            String::new()
        };
        diagnostics.push(Diagnostic::new(
            raw.code.span.clone(),
            format!(
                "code `{code}` is malformed: expected uppercase letters and digits in two or more groups joined by `-` ([A-Z0-9]+(-[A-Z0-9]+)+, at most {MAX_KEY_LEN} characters), such as `GEN-1201-100001`{hint}"
            ),
        ));
    }

    let token = &raw.error.value;
    if !is_dashed_or_single(token, '_') || token.len() > MAX_KEY_LEN {
        diagnostics.push(Diagnostic::new(
            raw.error.span.clone(),
            format!(
                "error token `{token}` of `{code}` is malformed: expected uppercase letters and digits joined by `_` ([A-Z0-9]+(_[A-Z0-9]+)*), such as `MISSING_INPUT`"
            ),
        ));
    }

    let template = validate_description(
        text,
        &raw.description,
        code,
        placeholders,
        declared,
        diagnostics,
    );

    if let Some(note) = &raw.deprecated {
        if note.value.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                note.span.clone(),
                format!(
                    "`deprecated` of `{code}` is empty: expected what to use instead and why, such as `deprecated = \"Use GEN-1201-100002, which names the parameter\"`"
                ),
            ));
        }
    }

    let name = match &raw.name {
        Some(name) => {
            if !names::is_variant_name(&name.value) || names::is_unusable_identifier(&name.value) {
                diagnostics.push(Diagnostic::new(
                    name.span.clone(),
                    format!(
                        "name `{}` of `{code}` is not a variant name: expected UpperCamelCase letters and digits, such as `MissingHeaderInput`",
                        name.value
                    ),
                ));
            }
            name.value.clone()
        }
        None => names::derive_variant_name(
            &template
                .as_ref()
                .map(|t| t.pieces.join(" "))
                .unwrap_or_default(),
            code,
        ),
    };

    if diagnostics.len() > before {
        return None;
    }
    let template = template?;
    let published = template
        .render(|name| {
            placeholders
                .iter()
                .find(|placeholder| placeholder.name == name)
                .map_or_else(
                    || name.to_ascii_uppercase(),
                    |placeholder| placeholder.published.clone(),
                )
        })
        .trim_end()
        .to_owned();
    Some(Row {
        status: u16::try_from(status).ok()?,
        token: token.clone(),
        code: code.clone(),
        description: raw.description.value.clone(),
        scenario: raw.scenario.value.clone(),
        constructor: names::snake_case(&name),
        name,
        kind: 0,
        template,
        published,
        deprecated: raw.deprecated.as_ref().map(|note| note.value.clone()),
    })
}

fn validate_description(
    text: &str,
    description: &Located<String>,
    code: &str,
    placeholders: &[Placeholder],
    declared: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Template> {
    let value = &description.value;
    let at = |char_index: usize| {
        let start = char_offset(text, &description.span, char_index);
        start..start + 1
    };
    if value.trim().is_empty() {
        diagnostics.push(Diagnostic::new(
            description.span.clone(),
            format!("description of `{code}` is empty: expected the text the API sends as `error_description`"),
        ));
        return None;
    }
    let mut outside = value
        .chars()
        .enumerate()
        .filter(|(_, c)| !is_oauth_description_char(*c));
    if let Some((index, c)) = outside.next() {
        let more = outside.count();
        let more = if more > 0 {
            format!(" ({more} more such characters follow)")
        } else {
            String::new()
        };
        diagnostics.push(Diagnostic::new(
            at(index),
            format!(
                "description of `{code}` has the character {c:?} (U+{:04X}){more}: expected printable ASCII (0x20-0x7E) except '\"' and '\\', the characters OAuth 2.0 allows in `error_description` (RFC 6749, section 5.2)",
                u32::from(c)
            ),
        ));
    }
    let template = match Template::parse(value) {
        Ok(template) => template,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                at(error.char_index),
                format!("description of `{code}` {}", error.message),
            ));
            return None;
        }
    };
    if declared {
        for name in &template.names {
            if !placeholders
                .iter()
                .any(|placeholder| placeholder.name == *name)
            {
                let index = value
                    .find(&format!("{{{name}}}"))
                    .map_or(0, |byte| value[..byte].chars().count());
                let known = placeholders
                    .iter()
                    .map(|placeholder| format!("`{{{}}}`", placeholder.name))
                    .collect::<Vec<_>>();
                let known = if known.is_empty() {
                    "none are declared".to_owned()
                } else {
                    known.join(", ")
                };
                diagnostics.push(Diagnostic::new(
                    at(index),
                    format!(
                        "description of `{code}` uses the unknown placeholder `{{{name}}}`: expected one declared under [placeholders] ({known}){}",
                        did_you_mean(name, placeholders.iter().map(|placeholder| placeholder.name.as_str()))
                    ),
                ));
            }
        }
    }
    Some(template)
}

fn check_unique(rows: &[Row], raw: &[&RawRow], diagnostics: &mut Vec<Diagnostic>) {
    let mut codes: HashMap<&str, usize> = HashMap::new();
    let mut variants: HashMap<&str, usize> = HashMap::new();
    let mut constructors: HashMap<&str, usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        match codes.entry(&row.code) {
            Entry::Occupied(first) => diagnostics.push(Diagnostic::new(
                raw[index].code.span.clone(),
                format!(
                    "duplicate code `{}`: it is already the code of row {} (`{}`); expected every code once",
                    row.code,
                    first.get() + 1,
                    rows[*first.get()].name
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        let name_span = raw[index].name.as_ref().map_or_else(
            || raw[index].description.span.clone(),
            |name| name.span.clone(),
        );
        let how = |row: &Row, raw: &RawRow| {
            if raw.name.is_some() {
                format!("`{}` (set by `name`)", row.name)
            } else {
                format!("`{}` (derived from its description)", row.name)
            }
        };
        match variants.entry(&row.name) {
            Entry::Occupied(first) => {
                let first = *first.get();
                diagnostics.push(Diagnostic::new(
                    name_span.clone(),
                    format!(
                        "duplicate variant name: `{}` and `{}` are both named {}; expected a distinct `name = \"...\"` on one of them",
                        rows[first].code,
                        row.code,
                        how(row, raw[index]),
                    ),
                ));
                continue;
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        if API_ERROR_METHODS.contains(&row.constructor.as_str()) {
            diagnostics.push(Diagnostic::new(
                name_span,
                format!(
                    "variant name {} of `{}` gives the constructor `ApiError::{}`, which is already a method of ApiError; expected another `name = \"...\"`",
                    how(row, raw[index]),
                    row.code,
                    row.constructor
                ),
            ));
            continue;
        }
        match constructors.entry(&row.constructor) {
            Entry::Occupied(first) => diagnostics.push(Diagnostic::new(
                name_span,
                format!(
                    "variant names `{}` and `{}` both give the constructor `ApiError::{}`; expected a distinct `name = \"...\"` on `{}`",
                    rows[*first.get()].name, row.name, row.constructor, row.code
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }
}

/// The distinct tokens, in order of first appearance; sets each row's `kind`.
fn collect_kinds(
    rows: &mut [Row],
    raw: &[&RawRow],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::new();
    let mut by_token: HashMap<String, usize> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (index, row) in rows.iter_mut().enumerate() {
        if let Some(&kind) = by_token.get(&row.token) {
            kinds[kind].rows.push(index);
            row.kind = kind;
            continue;
        }
        let name = names::kind_name(&row.token);
        if let Some(&other) = names.get(&name) {
            diagnostics.push(Diagnostic::new(
                raw[index].error.span.clone(),
                format!(
                    "error tokens `{}` and `{}` both become the ErrorKind variant `{name}`; expected tokens that differ by more than `_`",
                    kinds[other].token, row.token
                ),
            ));
            continue;
        }
        names.insert(name.clone(), kinds.len());
        by_token.insert(row.token.clone(), kinds.len());
        row.kind = kinds.len();
        kinds.push(Kind {
            token: row.token.clone(),
            name,
            rows: vec![index],
        });
    }
    kinds
}

/// `[A-Z0-9]+(SEP[A-Z0-9]+)+`
fn is_dashed(text: &str, separator: char) -> bool {
    text.contains(separator) && is_dashed_or_single(text, separator)
}

/// `[A-Z0-9]+(SEP[A-Z0-9]+)*`
fn is_dashed_or_single(text: &str, separator: char) -> bool {
    text.split(separator).all(|group| {
        !group.is_empty()
            && group
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

/// RFC 6749, section 5.2: `error_description` is `%x20-21 / %x23-5B / %x5D-7E`.
pub fn is_oauth_description_char(c: char) -> bool {
    matches!(c, ' '..='~') && c != '"' && c != '\\'
}
