//! The rustdoc of every generated item, and the catalogue's page: each row's
//! whole story where a reader looks for it.

use errcat_core::markdown::{MarkdownRow, escape_cell, write_table};

use crate::render::Options;
use crate::validate::{Catalogue, Kind, Row};

/// Text for a Markdown table cell or a doc line: nothing in it is taken for
/// markup.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_cell(&mut out, text);
    out
}

/// The docs of `ErrorCode`.
pub fn error_code(catalogue: &Catalogue, options: &Options) -> String {
    let metadata = &catalogue.metadata;
    let mut doc = format!(
        "A code of the {} error catalogue: one variant per row of `{}`.\n\n\
         Each variant's documentation carries its whole row. The enum is exhaustive on\n\
         purpose: a `match` without a wildcard arm stops compiling when a code is added,\n\
         which is the moment to decide how to answer it.\n\n\
         Parse one from its text with [`str::parse`] or `TryFrom<&str>`; look at its row\n\
         with [`code`](Self::code), [`status`](Self::status), [`kind`](Self::kind),\n\
         [`description`](Self::description), [`scenario`](Self::scenario) and\n\
         [`placeholders`](Self::placeholders). Everything it does comes from errcat's\n\
         `CatalogueCode` trait, which it implements.",
        markdown_text(&metadata.name),
        options.source_name,
    );
    if let (Some(path), Some(row)) = (&options.doc_path, catalogue.rows.first()) {
        let kind = &catalogue.kinds[row.kind];
        doc.push_str(&format!(
            "\n\n```\n\
             use {path}::{{ErrorCode, ErrorKind}};\n\n\
             let code: ErrorCode = \"{code}\".parse()?;\n\
             assert_eq!(code, ErrorCode::{name});\n\
             assert_eq!(code.status().as_u16(), {status});\n\
             assert_eq!(code.kind(), ErrorKind::{kind});\n\
             assert_eq!(code.to_string(), \"{code}\");\n\
             # Ok::<(), Box<dyn std::error::Error>>(())\n\
             ```",
            code = row.code,
            name = row.name,
            status = row.status,
            kind = kind.name,
        ));
    }
    doc
}

/// The docs of `ErrorKind`.
pub fn error_kind(catalogue: &Catalogue, options: &Options) -> String {
    let mut doc =
        "An error token of the catalogue (`MISSING_INPUT`, ...): what a client branches\n\
                   on. A token has one or more codes.\n\n\
                   Tokens parse in any case: the published table prints `MISSING_INPUT`, response\n\
                   bodies carry `missing_input`."
            .to_owned();
    if let (Some(path), Some(kind)) = (&options.doc_path, catalogue.kinds.first()) {
        let row = &catalogue.rows[kind.rows[0]];
        doc.push_str(&format!(
            "\n\n```\n\
             use {path}::{{ErrorCode, ErrorKind}};\n\n\
             let kind: ErrorKind = \"{lower}\".parse()?;\n\
             assert_eq!(kind, ErrorKind::{name});\n\
             assert_eq!(kind.token(), \"{token}\");\n\
             assert!(kind.codes().contains(&ErrorCode::{code}));\n\
             # Ok::<(), Box<dyn std::error::Error>>(())\n\
             ```",
            lower = kind.token.to_ascii_lowercase(),
            name = kind.name,
            token = kind.token,
            code = row.name,
        ));
    }
    doc
}

/// The docs of one `ErrorKind` variant.
pub fn kind(catalogue: &Catalogue, kind: &Kind) -> String {
    let codes = kind
        .rows
        .iter()
        .map(|&row| {
            let row = &catalogue.rows[row];
            format!("[`{}`]({})", row.code, variant_url(&row.name))
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "`{}` (`{}` on the wire): {codes}.",
        kind.token,
        kind.token.to_ascii_lowercase()
    )
}

/// The docs of one `ErrorCode` variant: its whole row, in as few bytes as
/// read well (at ten thousand rows, every byte of docs is ten kilobytes for
/// rustc to read, and rustc's time follows the volume of the source).
pub fn variant(row: &Row, options: &Options) -> String {
    let reason = http::StatusCode::from_u16(row.status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map_or_else(String::new, |reason| format!(" {reason}"));
    let mut doc = format!(
        "`{code}` ({status}{reason}, `{token}`): {description}\n\n",
        code = row.code,
        status = row.status,
        token = row.token,
        description = markdown_text(&row.description),
    );
    if row.scenario.is_empty() {
        doc.push_str("*Scenario:* not given in the published table.");
    } else {
        doc.push_str("*Scenario:* ");
        doc.push_str(&markdown_text(&row.scenario));
    }
    if let Some(note) = &row.deprecated {
        doc.push_str("\n\n*Deprecated:* ");
        doc.push_str(&markdown_text(note));
    }
    if !row.docs.is_empty() {
        doc.push_str(&format!(
            "\n\n*Documentation:* [{url}]({url})",
            url = markdown_text(&row.docs)
        ));
    }
    doc.push_str("\n\n");
    if row.template.names.is_empty() {
        doc.push_str("No placeholders. ");
    } else {
        let names: Vec<String> = row
            .template
            .names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect();
        doc.push_str(&format!("*Placeholders:* {}. ", names.join(", ")));
    }
    // URLs rather than intra-doc links, here and in every other per-row
    // link: rustc resolves intra-doc links while it compiles (to record them
    // in the crate's metadata), and ten thousand of them cost half a second
    // of every build. The pages are in one folder: the module's, or for
    // errcat's own catalogue, whose enums and `ApiError` it shows at its
    // root, the crate's.
    if options.inherent_constructors {
        doc.push_str(&format!(
            "Build one with [`ApiError::{name}`](struct.ApiError.html#method.{name}).",
            name = row.constructor
        ));
    } else {
        doc.push_str(&format!(
            "Build one with [`ErrorCode::{name}`](#method.{name}).",
            name = row.constructor
        ));
    }
    doc
}

/// The docs of one typed constructor.
pub fn constructor(catalogue: &Catalogue, row: &Row, options: &Options) -> String {
    // A URL rather than an intra-doc link, as in `variant`.
    let variant = if options.inherent_constructors {
        variant_url(&row.name)
    } else {
        format!("#variant.{}", row.name)
    };
    let mut doc = format!(
        "[`{}`]({variant}) ({} `{}`): {}",
        row.code,
        row.status,
        row.token,
        markdown_text(&row.description),
    );
    if !row.template.names.is_empty() {
        doc.push_str("\n\n# Placeholders\n");
        for name in &row.template.names {
            let declared = catalogue
                .placeholders
                .iter()
                .find(|placeholder| placeholder.name == *name);
            let what = declared
                .map(|placeholder| placeholder.doc.as_str())
                .filter(|text| !text.is_empty())
                .unwrap_or("Filled in at run time.");
            doc.push_str(&format!("- `{name}`: {}", markdown_text(what)));
            if declared.is_some_and(|placeholder| placeholder.private) {
                let mark_public = if options.inherent_constructors {
                    "#method.mark_public"
                } else {
                    "type.ApiError.html#method.mark_public"
                };
                doc.push_str(&format!(
                    " Private: responses carry the published form instead, unless the error is marked public with [`mark_public`]({mark_public})."
                ));
            }
            doc.push('\n');
        }
    }
    if row.status == 405 {
        if !doc.ends_with('\n') {
            doc.push('\n');
        }
        doc.push_str(
            "\n# Allow\n`allow`: the methods the resource allows, sent as the `Allow` header RFC 9110 section 15.5.6 requires of a 405.\n",
        );
    }
    doc
}

/// The docs of the `ApiError` alias.
pub const API_ERROR_ALIAS: &str = "\
An error of this catalogue, ready to answer a request with: errcat's
`ApiError` for this module's `ErrorCode`. Build one with the typed
constructors of [`ErrorCode`], one a row.";

/// The docs of the `impl ErrorCode` block of typed constructors.
pub fn constructors(catalogue: &Catalogue, options: &Options) -> String {
    let row = catalogue.rows.iter().find(|row| row.deprecated.is_none());
    let example = match (&options.doc_path, row) {
        (Some(path), Some(row)) => {
            let arguments = vec!["\"value\""; row.template.names.len()].join(", ");
            format!(
                "\n\n```\nuse {path}::{{ApiError, ErrorCode}};\n\n\
                 let error: ApiError = ErrorCode::{}({arguments});\n\
                 assert_eq!(error.code(), ErrorCode::{});\n```",
                row.constructor, row.name
            )
        }
        _ => String::new(),
    };
    format!(
        "One typed constructor per row, one argument per placeholder, so that a forgotten\n\
         value does not compile: each makes this catalogue's [`ApiError`].{example}"
    )
}

/// `ALL_CODES`'s docs.
pub const ALL_CODES: &str = "\
`ErrorCode::ALL`, as one static. The tables index this, not the constant: each
use of a constant array is a copy of it in the code of the function that uses
it, which at ten thousand codes costs a second of compile time.";

/// Where rustdoc puts a variant of `ErrorCode`, from a page in the same
/// folder.
fn variant_url(name: &str) -> String {
    format!("enum.ErrorCode.html#variant.{name}")
}

/// `1 code`, `27 codes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The catalogue's page: the module's (or crate's) documentation.
pub fn page(catalogue: &Catalogue, options: &Options) -> String {
    let metadata = &catalogue.metadata;
    let mut out = format!(
        "# {name}: the error catalogue\n\n\
         Version {version}, identifier `{id}`: {rows} under {kinds}, \
         generated from `{source}`. Descriptions are shown as published; in the code, \
         `{{name}}` marks a placeholder.\n\n",
        name = markdown_text(&metadata.name),
        version = markdown_text(&metadata.version),
        id = metadata.id,
        rows = count(catalogue.rows.len(), "code", "codes"),
        kinds = count(catalogue.kinds.len(), "error token", "error tokens"),
        source = options.source_name,
    );
    let links: Vec<String> = catalogue
        .rows
        .iter()
        .map(|row| variant_url(&row.name))
        .collect();
    write_table(
        &mut out,
        catalogue
            .rows
            .iter()
            .zip(&links)
            .map(|(row, link)| MarkdownRow {
                status: row.status,
                token: &row.token,
                code: &row.code,
                description: &row.published,
                scenario: &row.scenario,
                deprecated: row.deprecated.as_deref(),
                code_link: Some(link),
            }),
    );
    out
}
