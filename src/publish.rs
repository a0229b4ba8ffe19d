//! The catalogue in the formats people publish it in: a standalone HTML page,
//! CSV for log engines' lookup tables, and an OpenAPI 3.1 document of the
//! error body and responses. Markdown and JSON are in [`crate::table`].

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::table::Entry;
use crate::{CatalogueCode, CatalogueKind};

/// One standalone HTML page (no scripts, no network), a row per code, titled
/// with the catalogue's name and version; each row's `id` is its code, so
/// `errors.html#GEN-1203-100003` lands on it.
///
/// ```
/// let page = errcat::publish::html(&errcat::ErrorCode::ALL);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<title>Account API 1: error codes</title>"));
/// assert!(page.contains(r#"<tr id="GEN-1203-100003">"#));
/// ```
pub fn html<C: CatalogueCode>(codes: &[C]) -> String {
    let title = escape(&format!("{}: error codes", C::CATALOGUE));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{title}</title>\n<style>\n\
         body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ border: 1px solid #ccc; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }}\n\
         th {{ background: #f3f3f3; }}\n\
         tr:target {{ background: #fff4c2; }}\n\
         code {{ font-family: ui-monospace, monospace; }}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n<table>\n<thead>\n<tr>\
         <th>HTTP status</th><th>Error</th><th>Error-code</th><th>Error-description</th><th>Scenario</th>\
         </tr>\n</thead>\n<tbody>\n",
    );
    for &code in codes {
        let status = code.status();
        out.push_str(&format!(
            "<tr id=\"{id}\"><td>{status}</td><td><code>{token}</code></td><td><a href=\"#{id}\"><code>{id}</code></a></td><td>",
            id = escape(code.code()),
            status = status.as_u16(),
            token = escape(code.kind().token()),
        ));
        out.push_str(&escape(code.published_description()));
        out.push_str("</td><td>");
        out.push_str(&escape(code.scenario()).replace('\n', "<br/>"));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A CSV lookup table: a header line, then one row per code with `code`
/// first, quoted where needed, so log engines (Vector enrichment tables,
/// Splunk lookups, ClickHouse dictionaries) can annotate codes where logs
/// live. Placeholders are separated by `;`.
///
/// ```
/// let text = errcat::publish::csv(&[errcat::ErrorCode::MissingHeaderInput])?;
/// assert_eq!(
///     text,
///     "code,status,error,description,scenario,placeholders\n\
///      GEN-1201-100001,400,MISSING_INPUT,Missing required header input '{input}',Request received without a mandatory input in the header,input\n"
/// );
/// # Ok::<(), csv::Error>(())
/// ```
pub fn csv<C: CatalogueCode>(codes: &[C]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "code",
        "status",
        "error",
        "description",
        "scenario",
        "placeholders",
    ])?;
    for &code in codes {
        let entry = Entry::of(code);
        writer.write_record([
            entry.code,
            &entry.status.to_string(),
            entry.error,
            entry.description,
            entry.scenario,
            &entry.placeholders.join(";"),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|error| error.into_error())?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()))
}

/// An OpenAPI 3.1 document made of `components`: the error body's schema,
/// with the tokens and codes as enums, and one response per HTTP status with
/// an example per code. Its `info` names the catalogue's API and version.
/// Merge its `components` into an API's own document.
///
/// ```
/// let document = errcat::publish::openapi(&errcat::ErrorCode::ALL);
/// assert_eq!(document["openapi"], "3.1.0");
/// assert_eq!(document["info"]["title"], "Account API: errors");
/// let example = &document["components"]["responses"]["Error401"]["content"]["application/json"]["examples"]["GEN-1203-100003"];
/// assert_eq!(example["value"]["error"], "failed_security_validation");
/// ```
pub fn openapi<C: CatalogueCode>(codes: &[C]) -> Value {
    let mut tokens: Vec<&str> = Vec::new();
    for code in codes {
        if !tokens.contains(&code.kind().wire_token()) {
            tokens.push(code.kind().wire_token());
        }
    }
    let code_texts: Vec<&str> = codes.iter().map(|code| code.code()).collect();
    let mut responses: BTreeMap<String, Value> = BTreeMap::new();
    for &code in codes {
        let status = code.status();
        let response = responses
            .entry(format!("Error{}", status.as_u16()))
            .or_insert_with(|| {
                json!({
                    "description": status.canonical_reason().unwrap_or("Error"),
                    "content": {
                        "application/json": {
                            "schema": { "$ref": "#/components/schemas/ErrorBody" },
                            "examples": {}
                        }
                    }
                })
            });
        response["content"]["application/json"]["examples"][code.code()] = json!({
            "summary": code.scenario().lines().next().unwrap_or(code.code()),
            "value": {
                "error": code.kind().wire_token(),
                "error_code": code.code(),
                "error_description": code.published_description(),
            }
        });
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{}: errors", C::CATALOGUE.name()),
            "version": C::CATALOGUE.version(),
            "description": format!(
                "The error body and error responses of the {} (`{}`), generated by errcat from its catalogue.",
                C::CATALOGUE.name(),
                C::CATALOGUE.id()
            )
        },
        "components": {
            "schemas": {
                "ErrorBody": {
                    "type": "object",
                    "description": "An error, OAuth 2.0 style (RFC 6749 section 5.2).",
                    "required": ["error", "error_code", "error_description"],
                    "properties": {
                        "error": { "type": "string", "enum": tokens, "description": "The error token, in lowercase." },
                        "error_code": { "type": "string", "enum": code_texts },
                        "error_description": { "type": "string", "description": "What went wrong, placeholders filled." }
                    },
                    "additionalProperties": false
                }
            },
            "responses": responses
        }
    })
}
