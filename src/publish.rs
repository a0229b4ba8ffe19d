//! The catalogue in the formats people publish it in: a standalone HTML page,
//! CSV for log engines' lookup tables, and an OpenAPI 3.1 document of the
//! error body and responses. Markdown and JSON are in [`crate::table`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::format::{self, Example, WireFormat};
use crate::table::Entry;
use crate::{Catalogue, CatalogueCode};

/// One standalone HTML page of the catalogue, for the people who call the
/// API: titled with its name and version, the codes grouped by HTTP status
/// under headings, a filter box, and for each code what its responses look
/// like.
///
/// - Each row's `id` is its code, so `errors.html#GEN-1203-100003` lands on
///   it (and opens its details). Codes never break across lines.
/// - The filter narrows the rows as one types: every word typed must appear,
///   in any case, in the row's code, token, status, description, scenario,
///   Rust name or deprecation note. A live region says how many rows match.
///   It is a small inline script; without JavaScript the box is hidden and
///   the page is the whole table.
/// - Each row's details: the body of every format the catalogue speaks
///   (see [`format`](crate::format)), under its media types, placeholders
///   shown as published; the Rust name (`ErrorCode::Name`); the
///   placeholders, in the description as written.
/// - A deprecated row says so, with what to use instead (codes of the
///   catalogue in that note are links).
/// - Real tables (`<th scope>`, labelled by their status's heading), a
///   labelled search input, colours with enough contrast in light and dark
///   schemes; on a phone's width each row becomes a card, with no sideways
///   scrolling. Everything is inline: nothing is fetched.
///
/// ```
/// let page = errcat::publish::html(&errcat::ErrorCode::ALL);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<title>Account API 1: error codes</title>"));
/// assert!(page.contains(r#"<tr id="GEN-1203-100003" data-status="401">"#));
/// assert!(page.contains(r#"<h2 id="status-401">401 Unauthorized</h2>"#));
/// assert!(page.contains(r#"<label for="filter">"#));
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
pub fn html_rows(catalogue: &'static Catalogue, entries: &[Entry<'_>]) -> String {
    let formats: Vec<&dyn WireFormat> = format::formats_of(catalogue).collect();
    html_rows_in(catalogue, entries, &formats)
}

/// [`html_rows`] showing the bodies of `formats` (a team's own among them)
/// instead of those the catalogue lists.
pub fn html_rows_in(
    catalogue: &'static Catalogue,
    entries: &[Entry<'_>],
    formats: &[&dyn WireFormat],
) -> String {
    let title = escape(&format!("{catalogue}: error codes"));
    let groups = by_status(entries);
    let codes: Vec<&str> = entries.iter().map(|entry| entry.code).collect();
    let offers = format::offers(formats, catalogue);
    let spoken: Vec<String> = formats
        .iter()
        .map(|format| {
            let types: Vec<String> = offered_types(&offers, *format)
                .map(|media_type| format!("<code>{}</code>", escape(media_type)))
                .collect();
            format!("{} as {}", escape(described(*format)), types.join(" or "))
        })
        .collect();
    let mut out = String::with_capacity(8192 + 2048 * entries.len());
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(out, "<title>{title}</title>");
    out.push_str(PAGE_STYLE);
    out.push_str("</head>\n<body>\n<header>\n");
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p>Every error the {name} (<code>{id}</code>) answers with, by HTTP status. \
         An error response carries {first}{others}.</p>",
        name = escape(catalogue.name()),
        id = escape(catalogue.id()),
        first = spoken.first().map_or("", String::as_str),
        others = if spoken.len() > 1 {
            format!(
                ", or, to a client that asks for it in <code>Accept</code>, {}",
                spoken[1..].join("; ")
            )
        } else {
            String::new()
        },
    );
    out.push_str("<nav aria-label=\"HTTP statuses\">\n<ul>\n");
    for (status, rows) in &groups {
        let _ = writeln!(
            out,
            "<li><a href=\"#status-{status}\">{heading}</a> ({count})</li>",
            heading = escape(&status_heading(*status)),
            count = rows.len(),
        );
    }
    out.push_str("</ul>\n</nav>\n");
    out.push_str("</header>\n<div class=\"find\">\n");
    out.push_str(
        "<form id=\"find\" role=\"search\" hidden=\"\">\n\
         <label for=\"filter\">Filter by code, token, status or words</label>\n\
         <input id=\"filter\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" \
         aria-describedby=\"count\" placeholder=\"GEN-1203, access_denied, 401, token\"/>\n\
         </form>\n",
    );
    let _ = writeln!(
        out,
        "<p id=\"count\" class=\"count\" role=\"status\" aria-live=\"polite\">{}</p>",
        codes_counted(entries.len())
    );
    out.push_str("</div>\n<main>\n");
    for (status, rows) in &groups {
        let _ = write!(
            out,
            "<section class=\"status\" aria-labelledby=\"status-{status}\">\n\
             <h2 id=\"status-{status}\">{heading}</h2>\n\
             <div class=\"rows\">\n<table aria-labelledby=\"status-{status}\">\n<thead>\n<tr>\
             <th scope=\"col\">Error-code</th><th scope=\"col\">Error</th>\
             <th scope=\"col\">Error-description</th><th scope=\"col\">Scenario</th>\
             </tr>\n</thead>\n<tbody>\n",
            heading = escape(&status_heading(*status)),
        );
        for entry in rows {
            html_row(&mut out, catalogue, entry, &codes, formats);
        }
        out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }
    out.push_str("</main>\n");
    out.push_str(PAGE_SCRIPT);
    out.push_str("</body>\n</html>\n");
    out
}

/// One code's row of the page.
fn html_row(
    out: &mut String,
    catalogue: &'static Catalogue,
    entry: &Entry<'_>,
    codes: &[&str],
    formats: &[&dyn WireFormat],
) {
    let id = escape(entry.code);
    let _ = write!(
        out,
        "<tr id=\"{id}\" data-status=\"{status}\">\
         <th scope=\"row\"><a class=\"code\" href=\"#{id}\">{id}</a></th>\
         <td data-label=\"Error\"><code class=\"token\">{token}</code></td>\
         <td data-label=\"Error-description\" class=\"about\">",
        status = entry.status,
        token = escape(entry.error),
    );
    if let Some(note) = entry.deprecated {
        out.push_str("<p class=\"deprecated\"><strong>Deprecated:</strong> <span class=\"note\">");
        linked_codes(out, note, codes);
        out.push_str("</span></p>");
    }
    let _ = write!(
        out,
        "<p class=\"desc\">{}</p>\n<details><summary>Responses, Rust name, placeholders</summary>\n\
         <dl>\n<dt>Rust</dt><dd><code class=\"rust\">ErrorCode::{}</code></dd>\n<dt>Placeholders</dt><dd>",
        escape(entry.published),
        escape(entry.name),
    );
    if entry.placeholders.is_empty() {
        out.push_str("none");
    } else {
        out.push_str("<ul class=\"placeholders\">");
        for name in &entry.placeholders {
            let _ = write!(out, "<li><code>{}</code>", escape(name));
            if let Some(doc) = catalogue.placeholder_doc(name) {
                let _ = write!(out, ": {}", escape(doc));
            }
            out.push_str("</li>");
        }
        let _ = write!(
            out,
            "</ul>filled in at run time; the description as written: <code>{}</code>",
            escape(entry.description)
        );
    }
    out.push_str("</dd>\n</dl>\n");
    let example = Example::new(catalogue, entry);
    let offers = format::offers(formats, catalogue);
    for wire in formats {
        let types: Vec<&str> = offered_types(&offers, *wire).collect();
        let _ = write!(
            out,
            "<p class=\"media\">{media}</p>\n<pre><code>{body}</code></pre>\n",
            media = escape(&types.join(" or ")),
            body = escape(&pretty(&wire.to_body(&example))),
        );
    }
    let _ = writeln!(
        out,
        "</details></td><td data-label=\"Scenario\" class=\"scenario\">{scenario}</td></tr>",
        scenario = escape(entry.scenario).replace('\n', "<br/>\n"),
    );
}

/// The entries grouped by status, groups in the order of their first row,
/// rows in theirs.
fn by_status<'e, 'a>(entries: &'e [Entry<'a>]) -> Vec<(u16, Vec<&'e Entry<'a>>)> {
    let mut groups: Vec<(u16, Vec<&Entry<'a>>)> = Vec::new();
    for entry in entries {
        match groups
            .iter_mut()
            .find(|(status, _)| *status == entry.status)
        {
            Some((_, rows)) => rows.push(entry),
            None => groups.push((entry.status, vec![entry])),
        }
    }
    groups
}

/// `401 Unauthorized`; the number alone for a status without a standard
/// reason (`495`).
fn status_heading(status: u16) -> String {
    match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn codes_counted(count: usize) -> String {
    match count {
        1 => "1 code".to_owned(),
        count => format!("{count} codes"),
    }
}

/// `note`, escaped, with every code of `codes` in it a link to its row.
fn linked_codes(out: &mut String, note: &str, codes: &[&str]) {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut rest = note;
    while !rest.is_empty() {
        let word_end = rest.find(|c: char| !is_part(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        if codes.contains(&word) {
            let word = escape(word);
            let _ = write!(out, "<a class=\"code\" href=\"#{word}\">{word}</a>");
        } else {
            out.push_str(&escape(word));
        }
        let gap_end = after.find(is_part).unwrap_or(after.len());
        out.push_str(&escape(&after[..gap_end]));
        rest = &after[gap_end..];
    }
}

/// `text` for HTML text and attribute values.
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

/// A body, indented, its members in the order the format wrote them: the
/// text as it is when it is not JSON.
fn pretty(body: &str) -> String {
    let mut out = Vec::with_capacity(body.len() * 2);
    let mut reader = serde_json::Deserializer::from_str(body);
    let mut writer = serde_json::Serializer::pretty(&mut out);
    match serde_transcode::transcode(&mut reader, &mut writer) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| body.to_owned()),
        Err(_) => body.to_owned(),
    }
}

/// The media types of `offers` that `format` answers.
fn offered_types<'o>(
    offers: &'o [(&dyn WireFormat, &'static str)],
    format: &'o dyn WireFormat,
) -> impl Iterator<Item = &'static str> + 'o {
    offers
        .iter()
        .filter(move |(offered, _)| {
            std::ptr::addr_eq(*offered, format) && offered.name() == format.name()
        })
        .map(|(_, media_type)| *media_type)
}

/// What a format's body is, for people: its summary, or its name.
fn described(format: &dyn WireFormat) -> &'static str {
    match format.summary() {
        "" => format.name(),
        summary => summary,
    }
}

/// The page's style: a table on a wide screen, a card per row on a narrow
/// one.
const PAGE_STYLE: &str = "<style>
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #4d4d4d; --line: #c9c9c9; --panel: #f3f3f3; --link: #0b57d0; --mark: #fff0b3; --old-fg: #8a1c12; --old-bg: #fdecea; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --bg: #151515; --muted: #c2c2c2; --line: #4a4a4a; --panel: #242424; --link: #9cc0ff; --mark: #4d4200; --old-fg: #ffb4a9; --old-bg: #3d1713; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font-family: system-ui, sans-serif; line-height: 1.45; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 80rem; padding: 0 1rem 2rem; }
a { color: var(--link); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.code, .token { white-space: nowrap; }
h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
nav ul { list-style: none; margin: 0.5rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.find { position: sticky; top: 0; z-index: 1; background: var(--bg); padding: 0.5rem 0 0.25rem; border-bottom: 1px solid var(--line); }
.find label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.find input { width: 100%; max-width: 36rem; font: inherit; padding: 0.45rem 0.6rem; color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; }
.count { color: var(--muted); margin: 0.25rem 0 0; }
.rows { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 0.5rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
tr[id] { scroll-margin-top: 8rem; }
td.about { min-width: 22rem; }
tr:target > * { background: var(--mark); }
td p { margin: 0 0 0.35rem; }
details summary { cursor: pointer; color: var(--link); }
dl { margin: 0.35rem 0; }
dt { font-weight: 600; }
dd { margin: 0 0 0.35rem 1rem; overflow-wrap: anywhere; }
ul.placeholders { margin: 0 0 0.25rem; padding-left: 1.1rem; }
.media { font-weight: 600; margin: 0.5rem 0 0.15rem; }
pre { margin: 0; padding: 0.5rem; background: var(--panel); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.deprecated { color: var(--old-fg); background: var(--old-bg); padding: 0.15rem 0.4rem; border-radius: 4px; }
@media (max-width: 40rem) {
  body { padding: 0 0.75rem 2rem; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table, tbody, tr, th, td { display: block; }
  tr { border-bottom: 2px solid var(--line); padding: 0.5rem 0; }
  th, td { border: 0; padding: 0.15rem 0; }
  th[scope=row] { font-size: 1.05rem; }
  td.about { min-width: 0; }
  td[data-label]::before { content: attr(data-label) \": \"; font-weight: 600; }
}
</style>
";

/// The filter. Without it the page is the whole table; it avoids `<` and
/// `&` so that the page stays well-formed XML.
const PAGE_SCRIPT: &str = "<script>
(function () {
  var form = document.getElementById('find');
  var input = document.getElementById('filter');
  var count = document.getElementById('count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-status]'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.status'));
  var fields = ['.code', '.token', '.desc', '.scenario', '.rust', '.note'];
  var texts = rows.map(function (row) {
    var parts = [row.getAttribute('data-status')];
    fields.forEach(function (field) {
      var found = row.querySelector(field);
      if (found) { parts.push(found.textContent); }
    });
    return parts.join('\\n').toLowerCase();
  });
  function counted(n) { return n === 1 ? '1 code' : n + ' codes'; }
  function apply() {
    var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = terms.every(function (term) { return texts[index].indexOf(term) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector('tr[data-status]:not([hidden])');
    });
    if (terms.length === 0) {
      count.textContent = counted(rows.length);
    } else if (shown === 0) {
      count.textContent = 'No code matches \\u201c' + input.value.trim() + '\\u201d';
    } else {
      count.textContent = shown + ' of ' + counted(rows.length) + (shown === 1 ? ' matches' : ' match');
    }
  }
  function reveal() {
    var row = null;
    try { row = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (error) { return; }
    if (!row || !row.hasAttribute('data-status')) { return; }
    var details = row.querySelector('details');
    if (details) { details.open = true; }
    if (row.hidden) {
      input.value = '';
      apply();
    }
    row.scrollIntoView();
  }
  form.hidden = false;
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  input.addEventListener('input', apply);
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
})();
</script>
";

/// The OAuth body an error of `entry`'s code carries, as compact JSON:
/// `{"error":…,"error_code":…,"error_description":…}`, the description as
/// the published table prints it (placeholders as `'INPUT'`). What
/// [`ApiError::to_json`](crate::ApiError::to_json) sends, for an error
/// whose values are the placeholders' published forms.
///
/// ```
/// use errcat::{ApiError, ErrorCode, publish, table::Entry};
///
/// let entry = Entry::of(ErrorCode::MissingHeaderInput);
/// assert_eq!(
///     publish::example_body(&entry),
///     r#"{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'INPUT'"}"#
/// );
/// assert_eq!(publish::example_body(&entry), ApiError::missing_header_input("INPUT").to_json());
/// ```
pub fn example_body(entry: &Entry<'_>) -> String {
    static ANY: Catalogue = Catalogue::new("");
    format::OAUTH.to_body(&Example::new(&ANY, entry))
}

/// The RFC 9457 problem document an error of `entry`'s code carries, as
/// compact JSON, in the members and order of errcat's runtime
/// ([`format::problem`]): `type` (the catalogue's
/// [`problem_base`](Catalogue::problem_base) and the code), `title`,
/// `status`, `detail`, `error`, `error_code`; the title and detail as the
/// published table prints the description.
///
/// ```
/// use errcat::{ApiError, CATALOGUE, ErrorCode, publish, table::Entry};
///
/// let entry = Entry::of(ErrorCode::VersionNotFound);
/// assert_eq!(
///     publish::example_problem(&CATALOGUE, &entry),
///     ApiError::version_not_found("INPUT").to_problem_json()
/// );
/// assert!(publish::example_problem(&CATALOGUE, &entry).starts_with(r#"{"type":"/problems/GEN-1206-100002","title":"#));
/// ```
pub fn example_problem(catalogue: &Catalogue, entry: &Entry<'_>) -> String {
    format::PROBLEM.to_body(&Example::new(catalogue, entry))
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

/// [`csv()`] of entries, whatever catalogue they come from.
///
/// ```
/// use errcat::{ErrorCode, publish, table::Entry};
/// let entries = Entry::all(&ErrorCode::ALL);
/// assert_eq!(publish::csv_rows(&entries)?, publish::csv(&ErrorCode::ALL)?);
/// # Ok::<(), csv::Error>(())
/// ```
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

/// An OpenAPI 3.1 document made of `components`, to merge into an API's own
/// document: the schema of the body of every format the catalogue speaks
/// (see [`format`](crate::format)) and one response per HTTP status. Each
/// response documents every body the server can answer with, under each
/// media type of its format, with an example per code. The schemas are
/// named after their format: `ErrorBody` (the OAuth-style body),
/// `Problem` (RFC 9457), and the format's name in UpperCamelCase for the
/// others (`Aip193`, `JsonApi`, `BerlinGroup`). Its `info` is the
/// catalogue's API: its name and version.
///
/// ```
/// let document = errcat::publish::openapi(&errcat::ErrorCode::ALL);
/// assert_eq!(document["openapi"], "3.1.0");
/// assert_eq!(document["info"]["title"], "Account API");
/// assert_eq!(document["info"]["version"], "1");
/// let content = &document["components"]["responses"]["Error401"]["content"];
/// let example = &content["application/json"]["examples"]["GEN-1203-100003"];
/// assert_eq!(example["value"]["error"], "failed_security_validation");
/// let vendor = &content["application/vnd.belfius.api+json"]["examples"]["GEN-1203-100003"];
/// assert_eq!(vendor, example);
/// let problem = &content["application/problem+json"]["examples"]["GEN-1203-100003"]["value"];
/// assert_eq!(problem["type"], "/problems/GEN-1203-100003");
/// assert_eq!(problem["status"], 401);
/// let json_api = &content["application/vnd.api+json"]["examples"]["GEN-1203-100003"]["value"];
/// assert_eq!(json_api["errors"][0]["status"], "401");
/// ```
pub fn openapi<C: CatalogueCode>(codes: &[C]) -> Value {
    openapi_rows(C::CATALOGUE, &Entry::all(codes))
}

/// [`openapi`] of entries of `catalogue`, whatever it is.
///
/// ```
/// use errcat::{CATALOGUE, ErrorCode, publish, table::Entry};
/// let entries = Entry::all(&ErrorCode::ALL);
/// assert_eq!(publish::openapi_rows(&CATALOGUE, &entries), publish::openapi(&ErrorCode::ALL));
/// ```
pub fn openapi_rows(catalogue: &'static Catalogue, entries: &[Entry<'_>]) -> Value {
    let formats: Vec<&dyn WireFormat> = format::formats_of(catalogue).collect();
    openapi_rows_in(catalogue, entries, &formats)
}

/// [`openapi_rows`] documenting the bodies of `formats` (a team's own among
/// them) instead of those the catalogue lists.
pub fn openapi_rows_in(
    catalogue: &'static Catalogue,
    entries: &[Entry<'_>],
    formats: &[&dyn WireFormat],
) -> Value {
    let all: Vec<&Entry<'_>> = entries.iter().collect();
    let mut schemas = serde_json::Map::new();
    for wire in formats {
        schemas.insert(schema_name(*wire), wire.schema(catalogue, &all));
    }
    let offers = format::offers(formats, catalogue);
    let mut responses: BTreeMap<String, Value> = BTreeMap::new();
    for entry in entries {
        let response = responses
            .entry(format!("Error{}", entry.status))
            .or_insert_with(|| {
                let mut content = serde_json::Map::new();
                for wire in formats {
                    for media_type in offered_types(&offers, *wire) {
                        content.insert(
                            media_type.to_owned(),
                            json!({
                                "schema": { "$ref": format!("#/components/schemas/{}", schema_name(*wire)) },
                                "examples": {}
                            }),
                        );
                    }
                }
                let reason = http::StatusCode::from_u16(entry.status)
                    .ok()
                    .and_then(|status| status.canonical_reason());
                json!({ "description": reason.unwrap_or("Error"), "content": content })
            });
        let summary = entry.scenario.lines().next().unwrap_or(entry.code);
        let example = Example::new(catalogue, entry);
        for wire in formats {
            let body = wire.to_body(&example);
            let value: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
            let example = json!({ "summary": summary, "value": value });
            for media_type in offered_types(&offers, *wire) {
                response["content"][media_type]["examples"][entry.code] = example.clone();
            }
        }
    }
    let version = if catalogue.version().is_empty() {
        String::new()
    } else {
        format!(" version {}", catalogue.version())
    };
    let spoken: Vec<String> = formats
        .iter()
        .map(|wire| {
            let types: Vec<String> = offered_types(&offers, *wire)
                .map(|media_type| format!("`{media_type}`"))
                .collect();
            format!("{} as {}", described(*wire), types.join(" or "))
        })
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": catalogue.name(),
            "version": catalogue.version(),
            "description": format!(
                "The error responses of the {name}{version} (`{id}`), generated by errcat from its error catalogue: \
                 one response per HTTP status, each with {bodies} (the first unless the request's `Accept` asks for another), \
                 with an example of each code. Merge `components` into the API's own document.",
                name = catalogue.name(),
                id = catalogue.id(),
                bodies = spoken.join("; "),
            )
        },
        "components": {
            "schemas": schemas,
            "responses": responses
        }
    })
}

/// The component name of a format's schema: `ErrorBody` for the
/// OAuth-style body and `Problem` for RFC 9457, as before there were
/// others; the name in UpperCamelCase for the others.
fn schema_name(format: &dyn WireFormat) -> String {
    match format.name() {
        "oauth" => "ErrorBody".to_owned(),
        "problem" => "Problem".to_owned(),
        name => name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect(),
    }
}
