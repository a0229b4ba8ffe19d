//! The catalogue in the formats people publish it in: a standalone HTML page,
//! CSV for log engines' lookup tables, and an OpenAPI 3.1 document of the
//! error body and responses. Markdown and JSON are in [`crate::table`].

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::table::Entry;
use crate::{Catalogue, CatalogueCode};

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
    html_rows(C::CATALOGUE, &Entry::all(codes))
}

/// [`html`] of entries of `catalogue`, whatever it is: generated, or read at
/// run time.
///
/// ```
/// use errcat::{CATALOGUE, ErrorCode, publish, table::Entry};
/// let entries = Entry::all(&ErrorCode::ALL);
/// assert_eq!(publish::html_rows(&CATALOGUE, &entries), publish::html(&ErrorCode::ALL));
/// ```
pub fn html_rows(catalogue: &Catalogue, entries: &[Entry<'_>]) -> String {
    let title = escape(&format!("{catalogue}: error codes"));
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
    for entry in entries {
        out.push_str(&format!(
            "<tr id=\"{id}\"><td>{status}</td><td><code>{token}</code></td><td><a href=\"#{id}\"><code>{id}</code></a></td><td>",
            id = escape(entry.code),
            status = entry.status,
            token = escape(entry.error),
        ));
        out.push_str(&escape(entry.published));
        out.push_str("</td><td>");
        out.push_str(&escape(entry.scenario).replace('\n', "<br/>"));
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
    csv_rows(&Entry::all(codes))
}

/// [`csv`] of entries, whatever catalogue they come from.
pub fn csv_rows(entries: &[Entry<'_>]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "code",
        "status",
        "error",
        "description",
        "scenario",
        "placeholders",
    ])?;
    for entry in entries {
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
    openapi_rows(C::CATALOGUE, &Entry::all(codes))
}

/// [`openapi`] of entries of `catalogue`, whatever it is.
pub fn openapi_rows(catalogue: &Catalogue, entries: &[Entry<'_>]) -> Value {
    let mut tokens: Vec<String> = Vec::new();
    for entry in entries {
        let token = entry.wire_token();
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    let code_texts: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
    let mut responses: BTreeMap<String, Value> = BTreeMap::new();
    for entry in entries {
        let status = http::StatusCode::from_u16(entry.status).ok();
        let response = responses
            .entry(format!("Error{}", entry.status))
            .or_insert_with(|| {
                json!({
                    "description": status.and_then(|status| status.canonical_reason()).unwrap_or("Error"),
                    "content": {
                        "application/json": {
                            "schema": { "$ref": "#/components/schemas/ErrorBody" },
                            "examples": {}
                        }
                    }
                })
            });
        response["content"]["application/json"]["examples"][entry.code] = json!({
            "summary": entry.scenario.lines().next().unwrap_or(entry.code),
            "value": {
                "error": entry.wire_token(),
                "error_code": entry.code,
                "error_description": entry.published,
            }
        });
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{}: errors", catalogue.name()),
            "version": catalogue.version(),
            "description": format!(
                "The error body and error responses of the {} (`{}`), generated by errcat from its catalogue.",
                catalogue.name(),
                catalogue.id()
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
