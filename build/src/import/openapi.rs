//! OpenAPI 3.0 and 3.1 documents, JSON or YAML: every response whose
//! examples (or whose schema's single-valued enums) carry a code and a
//! token becomes a row, with the status it is documented under.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::Error;
use super::report::{NoteKind, Report, shown};
use super::table::{Cell, Read, Table};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const CODE_KEYS: [&str; 4] = ["error_code", "errorCode", "error-code", "code"];
const TOKEN_KEYS: [&str; 4] = ["error", "token", "error_token", "errorToken"];
const DESCRIPTION_KEYS: [&str; 6] = [
    "error_description",
    "errorDescription",
    "message",
    "detail",
    "description",
    "title",
];

/// A parsed document, JSON or YAML.
pub(crate) fn parse(file: &str, text: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        serde_json::from_str(text).map_err(|error| Error {
            file: file.to_owned(),
            line: error.line(),
            message: format!("not a JSON document: {error}"),
        })
    } else {
        // serde-saphyr's default budget bounds aliases, depth, nodes and
        // scalar bytes: an alias bomb is refused, not expanded.
        serde_saphyr::from_str::<Value>(text).map_err(|error| {
            let message = error.to_string();
            let first = message.lines().next().unwrap_or("").to_owned();
            Error {
                file: file.to_owned(),
                line: 0,
                message: format!("not a YAML document: {}", shown(&first)),
            }
        })
    }
}

/// One response: where it is documented and under which status.
struct Response<'a> {
    place: String,
    status: Option<u16>,
    value: &'a Value,
}

/// Reads the rows of an OpenAPI document.
pub(crate) fn read(file: &str, text: &str, report: &mut Report) -> Result<Read, Error> {
    let document = parse(file, text)?;
    let refuse = |message: String| Error {
        file: file.to_owned(),
        line: 1,
        message,
    };
    if document.get("swagger").is_some() {
        return Err(refuse(
            "a Swagger 2.0 document: expected OpenAPI 3.0 or 3.1 (convert it first)".to_owned(),
        ));
    }
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(refuse(format!(
            "`openapi` is {}: expected an OpenAPI document of version 3.0 or 3.1",
            shown(version)
        )));
    }
    let mut responses: Vec<Response<'_>> = Vec::new();
    let mut referenced: HashSet<String> = HashSet::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                let Some(listed) = item
                    .get(method)
                    .and_then(|operation| operation.get("responses"))
                    .and_then(Value::as_object)
                else {
                    continue;
                };
                for (key, response) in listed {
                    if let Some(name) = reference(response, "#/components/responses/") {
                        referenced.insert(name.to_owned());
                    }
                    responses.push(Response {
                        place: format!("{} {path} {key}", method.to_ascii_uppercase()),
                        status: three_digits(key),
                        value: resolve(&document, response),
                    });
                }
            }
        }
    }
    if let Some(components) = document
        .pointer("/components/responses")
        .and_then(Value::as_object)
    {
        for (name, response) in components {
            if !referenced.contains(name) {
                responses.push(Response {
                    place: format!("components.responses.{name}"),
                    status: None,
                    value: resolve(&document, response),
                });
            }
        }
    }

    let first_lines = first_lines(text);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut seen: HashSet<[String; 5]> = HashSet::new();
    let mut without_token: Vec<String> = Vec::new();
    for response in &responses {
        let examples = examples(&document, response.value);
        let mut status = response.status;
        if status.is_none() {
            let from_example = examples
                .iter()
                .find_map(|example| example.value.get("status").and_then(Value::as_u64))
                .and_then(|status| u16::try_from(status).ok());
            let from_name = three_digits_in(&response.place);
            let from_reason = response
                .value
                .get("description")
                .and_then(Value::as_str)
                .and_then(reason_status);
            let (found, how) = match (from_example, from_name, from_reason) {
                (Some(status), _, _) => (Some(status), "the `status` of its problem examples"),
                (None, Some(status), _) => (Some(status), "its name"),
                (None, None, Some(status)) => (Some(status), "its description, a reason phrase"),
                _ => (None, ""),
            };
            if !examples.is_empty() {
                let message = match found {
                    Some(found) => format!(
                        "{} is documented under no status code of a path: its status {found} is taken from {how}",
                        response.place
                    ),
                    None => format!(
                        "{} is documented under no status code (a range or `default`): its examples are left out",
                        response.place
                    ),
                };
                let kind = if found.is_some() {
                    NoteKind::Decided
                } else {
                    NoteKind::Check
                };
                report.push(file, 0, kind, None, message);
            }
            status = found;
        }
        let Some(status) = status else { continue };
        for example in examples {
            let Some(fields) = fields_of(&example.value) else {
                continue;
            };
            let Some(token) = fields.token else {
                if !without_token.contains(&fields.code) {
                    without_token.push(fields.code.clone());
                }
                continue;
            };
            let scenario = example
                .description
                .or(example.summary)
                .filter(|scenario| *scenario != fields.code && Some(*scenario) != example.name)
                .unwrap_or("")
                .to_owned();
            let row = [
                status.to_string(),
                token,
                fields.code,
                fields.description,
                scenario,
            ];
            if !seen.insert(row.clone()) {
                continue;
            }
            let line = first_lines.get(row[2].as_str()).copied().unwrap_or(0);
            rows.push(row.into_iter().map(|text| Cell::new(text, line)).collect());
        }
    }
    let order = order_rows(&document, &mut rows);
    report.push(file, 0, NoteKind::Decided, None, format!("rows in {order}"));
    for code in without_token {
        report.push(
            file,
            0,
            NoteKind::Check,
            Some(&code),
            "an example has the code but no error token: left out",
        );
    }
    let header = ["status", "error", "code", "description", "scenario"]
        .map(|name| Cell::new(name, 1))
        .to_vec();
    report.push(
        file,
        0,
        NoteKind::Decided,
        None,
        format!(
            "an OpenAPI {version} document: {} rows from the examples of {} responses",
            rows.len(),
            responses.len()
        ),
    );
    let info = document.get("info");
    Ok(Read {
        tables: vec![Table {
            header,
            rows,
            line: 1,
        }],
        title: info
            .and_then(|info| info.get("title"))
            .and_then(Value::as_str)
            .map(|title| Cell::new(title, 1)),
        version: info
            .and_then(|info| info.get("version"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// Puts the rows in the order of the document's list of codes (the enum
/// of a schema's code property that names them all), else in the order the
/// text first names each code: a parsed document keeps no order of keys.
fn order_rows(document: &Value, rows: &mut [Vec<Cell>]) -> &'static str {
    let mut lists: Vec<&Vec<Value>> = Vec::new();
    collect_enums(document, &mut lists, 0);
    let codes: HashSet<&str> = rows.iter().map(|row| row[2].text.as_str()).collect();
    let covering = lists
        .into_iter()
        .filter(|list| {
            let listed: HashSet<&str> = list.iter().filter_map(Value::as_str).collect();
            codes.iter().all(|code| listed.contains(code))
        })
        .max_by_key(|list| list.len());
    let keys: Vec<usize> = match covering {
        Some(list) => {
            let index: HashMap<&str, usize> = list
                .iter()
                .enumerate()
                .filter_map(|(at, value)| Some((value.as_str()?, at)))
                .collect();
            rows.iter()
                .map(|row| {
                    index
                        .get(row[2].text.as_str())
                        .copied()
                        .unwrap_or(usize::MAX)
                })
                .collect()
        }
        None => {
            // The line each row's code was found on; a row not found keeps
            // its place after the one before it.
            let mut last = 0;
            rows.iter()
                .map(|row| {
                    last = if row[2].line > 0 { row[2].line } else { last };
                    last
                })
                .collect()
        }
    };
    let mut keyed: Vec<(usize, Vec<Cell>)> = keys
        .into_iter()
        .zip(rows.iter_mut().map(std::mem::take))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    for (slot, (_, row)) in rows.iter_mut().zip(keyed) {
        *slot = row;
    }
    if covering.is_some() {
        "the order of the schema's list (enum) of codes"
    } else {
        "the order the document first names their codes"
    }
}

fn collect_enums<'a>(value: &'a Value, lists: &mut Vec<&'a Vec<Value>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                if let (true, Some(list)) = (key == "enum", inner.as_array()) {
                    let codes = list
                        .iter()
                        .filter(|value| value.as_str().is_some_and(errcat_core::syntax::is_code))
                        .count();
                    if codes >= 2 {
                        lists.push(list);
                    }
                }
                collect_enums(inner, lists, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_enums(item, lists, depth + 1);
            }
        }
        _ => {}
    }
}

/// The line on which each word of `text` made of letters, digits, `-` and
/// `_` (every code and token) first occurs: one pass, whatever the size.
fn first_lines(text: &str) -> HashMap<&str, usize> {
    let mut first = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        for word in line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
            if !word.is_empty() {
                first.entry(word).or_insert(index + 1);
            }
        }
    }
    first
}

/// An example value with what documents it.
struct Example<'a> {
    value: Cow<'a, Value>,
    name: Option<&'a str>,
    summary: Option<&'a str>,
    description: Option<&'a str>,
}

/// Every example of a response: of each media type's `examples` and
/// `example`, of its schema, and the single-valued enums of the schema and
/// its `oneOf`/`anyOf` branches.
fn examples<'a>(document: &'a Value, response: &'a Value) -> Vec<Example<'a>> {
    let mut found = Vec::new();
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return found;
    };
    for media in content.values() {
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            for (name, example) in named {
                let example = resolve(document, example);
                if let Some(value) = example.get("value") {
                    found.push(Example {
                        value: Cow::Borrowed(value),
                        name: Some(name),
                        summary: example.get("summary").and_then(Value::as_str),
                        description: example.get("description").and_then(Value::as_str),
                    });
                }
            }
        }
        if let Some(value) = media.get("example") {
            found.push(Example {
                value: Cow::Borrowed(value),
                name: None,
                summary: None,
                description: None,
            });
        }
        if let Some(schema) = media.get("schema") {
            schema_examples(document, resolve(document, schema), &mut found, 0);
        }
    }
    found
}

fn schema_examples<'a>(
    document: &'a Value,
    schema: &'a Value,
    found: &mut Vec<Example<'a>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    if let Some(value) = schema.get("example") {
        found.push(Example {
            value: Cow::Borrowed(value),
            name: None,
            summary: None,
            description: schema.get("description").and_then(Value::as_str),
        });
    }
    if let Some(values) = schema.get("examples").and_then(Value::as_array) {
        for value in values {
            found.push(Example {
                value: Cow::Borrowed(value),
                name: None,
                summary: None,
                description: schema.get("description").and_then(Value::as_str),
            });
        }
    }
    if let Some(value) = enum_example(document, schema) {
        found.push(Example {
            value: Cow::Owned(value),
            name: None,
            summary: schema.get("title").and_then(Value::as_str),
            description: schema.get("description").and_then(Value::as_str),
        });
    }
    for branches in ["oneOf", "anyOf"] {
        for branch in schema
            .get(branches)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            schema_examples(document, resolve(document, branch), found, depth + 1);
        }
    }
}

/// The body a schema describes when its code and token properties each
/// allow one value (`enum` of one, or `const`): `{"error_code": ...,
/// "error": ..., "error_description": ...}`, the description from its
/// property's single value, example or default. `allOf` parts count as one.
fn enum_example(document: &Value, schema: &Value) -> Option<Value> {
    let mut properties = Map::new();
    let parts = schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(|parts| {
            parts
                .iter()
                .map(|part| resolve(document, part))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for part in std::iter::once(schema).chain(parts) {
        if let Some(own) = part.get("properties").and_then(Value::as_object) {
            for (key, property) in own {
                properties.insert(key.clone(), resolve(document, property).clone());
            }
        }
    }
    let single = |property: &Value| {
        property.get("const").cloned().or_else(|| {
            property
                .get("enum")
                .and_then(Value::as_array)
                .filter(|values| values.len() == 1)
                .map(|values| values[0].clone())
        })
    };
    let pick = |keys: &[&str], fallback: bool| {
        keys.iter().find_map(|key| {
            let property = properties.get(*key)?;
            let value = single(property).or_else(|| {
                fallback
                    .then(|| property.get("example").or(property.get("default")).cloned())
                    .flatten()
            })?;
            Some(((*key).to_owned(), value))
        })
    };
    let (code_key, code) = pick(&CODE_KEYS, false)?;
    let (token_key, token) = pick(&TOKEN_KEYS, false)?;
    let mut body = Map::new();
    body.insert(code_key, code);
    body.insert(token_key, token);
    if let Some((key, description)) = pick(&DESCRIPTION_KEYS, true) {
        body.insert(key, description);
    }
    Some(Value::Object(body))
}

/// What an example body says: its code, token and description, at its top
/// or under `error`.
struct Fields {
    code: String,
    token: Option<String>,
    description: String,
}

fn fields_of(value: &Value) -> Option<Fields> {
    let object = value.as_object()?;
    let text = |object: &Map<String, Value>, keys: &[&str], shape: fn(&str) -> bool| {
        keys.iter()
            .filter_map(|key| object.get(*key).and_then(Value::as_str))
            .find(|text| shape(text))
            .map(str::to_owned)
    };
    let is_code = |text: &str| errcat_core::syntax::is_code(&text.to_ascii_uppercase());
    let is_token = |text: &str| errcat_core::syntax::is_token(&text.to_ascii_uppercase());
    let any = |_: &str| true;
    let read = |object: &Map<String, Value>| {
        let code = text(object, &CODE_KEYS, is_code)?;
        Some(Fields {
            token: text(object, &TOKEN_KEYS, is_token),
            description: text(object, &DESCRIPTION_KEYS, any).unwrap_or_default(),
            code,
        })
    };
    read(object).or_else(|| {
        object
            .get("error")
            .and_then(Value::as_object)
            .and_then(read)
    })
}

/// The name of a `$ref` into `prefix`.
fn reference<'a>(value: &'a Value, prefix: &str) -> Option<&'a str> {
    value.get("$ref")?.as_str()?.strip_prefix(prefix)
}

/// `value`, or what its local `$ref` points to (a few steps deep).
fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| document.pointer(pointer))
        else {
            break;
        };
        value = target;
    }
    value
}

fn three_digits(text: &str) -> Option<u16> {
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|status| (100..=999).contains(status))
}

/// The status in a name such as `Error400`.
fn three_digits_in(name: &str) -> Option<u16> {
    let name = name.rsplit('.').next().unwrap_or(name);
    name.split(|c: char| !c.is_ascii_digit())
        .find_map(three_digits)
}

/// The status whose reason phrase `description` is: `Not Found` -> 404.
fn reason_status(description: &str) -> Option<u16> {
    (100..=599).find(|&status| {
        http::StatusCode::from_u16(status)
            .ok()
            .and_then(|status| status.canonical_reason())
            .is_some_and(|reason| reason.eq_ignore_ascii_case(description.trim()))
    })
}
