//! A catalogue's data as tables: its texts end to end in `TEXT` and
//! `KIND_TEXT`, and integer tables of where each row's parts are, written
//! through errcat-core's `layout` writers so that the runtime's readers find
//! them where they expect.

use std::collections::HashMap;

use errcat_core::formats::aip193;
use errcat_core::layout::{self, KindWriter, RowNumbers, RowTexts, RowWriter};

use crate::emit::{Code, Expr, INDENT, string, string_lines};
use crate::phf;
use crate::render::items::{Paths, item};
use crate::render::{Options, Table, Width};
use crate::validate::Catalogue;

/// The seed and length mask of the two perfect hashes, for the trait impls
/// that hold them as constants.
pub struct Indexes {
    /// Every code to its row.
    pub code: phf::Tables,
    /// Every token, in lowercase, to its kind.
    pub token: phf::Tables,
}

fn strings<'a>(texts: impl IntoIterator<Item = &'a str>) -> Expr {
    Expr::array(texts.into_iter().map(|text| Expr::atom(string(text))))
}

/// The static `name`: `words`, `columns` a line, included as bytes from the
/// file the build writes them to.
fn words_item(
    code: &mut Code,
    tables: &mut Vec<Table>,
    (paths, options): (&Paths, &Options),
    name: &str,
    doc: &str,
    columns: usize,
    (words, width): (Vec<u32>, impl Into<Width>),
) {
    let table = Table {
        name: name.to_owned(),
        columns,
        words,
        width: width.into(),
    };
    let file = format!("{}/{}", options.name, table.file());
    let numbers = match table.width {
        Width::Word => "Little-endian `u32`s",
        Width::Half => "Little-endian `u16`s",
        Width::Byte => "Bytes",
    };
    code.docs(
        0,
        &format!("{doc}\n\n{numbers}, in `OUT_DIR/errcat/{file}`."),
    );
    code.start(
        0,
        &format!(
            "static {name}: [u8; {}] = {}::",
            table.words.len() * table.number_bytes(),
            paths.private
        ),
    );
    code.macro_call(0, "table!(", &string(&file), 1);
    code.push(";");
    code.end();
    tables.push(table);
}

/// Writes every table, and returns what the trait impls need of the
/// perfect hashes.
pub fn text_and_tables(
    code: &mut Code,
    tables: &mut Vec<Table>,
    catalogue: &Catalogue,
    paths: &Paths,
    options: &Options,
) -> Indexes {
    let context = (paths, options);
    let count = catalogue.rows.len();
    let kind_count = catalogue.kinds.len();

    code.docs(
        0,
        "Every code as the API sends it, indexed by `ErrorCode`'s discriminant.",
    );
    item(
        code,
        0,
        &format!("static CODES: [&str; {count}]"),
        &strings(catalogue.rows.iter().map(|row| row.code.as_str())),
    );
    code.docs(
        0,
        "Every token as the published table prints it, indexed by `ErrorKind`'s\n\
         discriminant.",
    );
    item(
        code,
        0,
        &format!("static TOKENS: [&str; {kind_count}]"),
        &strings(catalogue.kinds.iter().map(|kind| kind.token.as_str())),
    );
    let wire_tokens: Vec<String> = catalogue
        .kinds
        .iter()
        .map(|kind| kind.token.to_ascii_lowercase())
        .collect();
    code.docs(
        0,
        "Every token as response bodies carry it, in lowercase, indexed by\n\
         `ErrorKind`'s discriminant: the keys of the token lookup.",
    );
    item(
        code,
        0,
        &format!("static WIRE_TOKENS: [&str; {kind_count}]"),
        &strings(wire_tokens.iter().map(String::as_str)),
    );

    let mut rows = RowWriter::default();
    let mut placeholder_names: Vec<&str> = Vec::new();
    // Rows with the same placeholder names share them.
    let mut placeholder_lists: HashMap<&[String], usize> = HashMap::new();
    for row in &catalogue.rows {
        let names = row.template.names.as_slice();
        let placeholders = match placeholder_lists.get(names) {
            Some(&at) => at,
            None if names.is_empty() => 0,
            None => {
                let at = placeholder_names.len();
                placeholder_names.extend(names.iter().map(String::as_str));
                placeholder_lists.insert(names, at);
                at
            }
        };
        rows.row(
            &RowTexts {
                name: &row.name,
                description: &row.description,
                published: &row.published,
                scenario: &row.scenario,
                deprecated: row.deprecated.as_deref().unwrap_or(""),
                docs: &row.docs,
                reason: &row.reason,
                berlin_group: row.berlin_group.as_deref().unwrap_or(""),
                pieces: &row.template.pieces,
                slots: &row.template.slots,
            },
            &RowNumbers {
                placeholders,
                placeholder_count: names.len(),
                kind: row.kind,
                status: row.status,
            },
        );
    }
    code.docs(0, TEXT_DOC);
    code.start(0, "static TEXT: &str = ");
    code.push(&string_lines(INDENT, rows.parts.iter().copied()));
    code.push(";");
    code.end();
    words_item(
        code,
        tables,
        context,
        "ROWS",
        ROWS_DOC,
        layout::row::COUNT,
        (rows.rows, false),
    );

    let mut kinds = KindWriter::default();
    for kind in &catalogue.kinds {
        kinds.kind(&kind.name, &kind.rows);
    }
    code.docs(
        0,
        "The name of every `ErrorKind`'s variant, one a line (the line breaks are\n\
         not part of the text).",
    );
    code.start(0, "static KIND_TEXT: &str = ");
    code.push(&string_lines(INDENT, kinds.parts.iter().copied()));
    code.push(";");
    code.end();
    words_item(
        code,
        tables,
        context,
        "KINDS",
        "One line per `ErrorKind`, indexed by its discriminant (errcat-core's\n\
         `layout::kind` names the columns): where its name starts in `KIND_TEXT`\n\
         and where it ends, counted from there, where its codes start in\n\
         `KIND_CODES`, and how many there are.",
        layout::kind::COUNT,
        (kinds.kinds, false),
    );
    let kind_code_count = kinds.kind_codes.len();
    words_item(
        code,
        tables,
        context,
        "KIND_CODE_INDEXES",
        "The codes of every kind, in kind order, as indexes of `ALL_CODES`.",
        1,
        (kinds.kind_codes, false),
    );
    code.docs(0, "The codes of every kind, in kind order.");
    if catalogue.rows.iter().any(|row| row.deprecated.is_some()) {
        code.line(0, "#[allow(deprecated)]");
    }
    code.start(
        0,
        &format!(
            "static KIND_CODES: [ErrorCode; {kind_code_count}] = {}::pick",
            paths.private
        ),
    );
    let arguments = Expr::List {
        open: "(",
        items: vec![Expr::atom("&ALL_CODES"), Expr::atom("&KIND_CODE_INDEXES")],
        close: ")",
    };
    code.expr(&arguments, 0, 1);
    code.push(";");
    code.end();

    code.docs(
        0,
        "The placeholder names of every row, in order of first appearance; rows\n\
         with the same names share them.",
    );
    item(
        code,
        0,
        &format!(
            "static PLACEHOLDER_NAMES: [&str; {}]",
            placeholder_names.len()
        ),
        &strings(placeholder_names.iter().copied()),
    );
    code.docs(
        0,
        "The metadata key of each of `PLACEHOLDER_NAMES`, in lowerCamelCase, as\n\
         AIP-193 wants them.",
    );
    let placeholder_keys: Vec<String> = placeholder_names
        .iter()
        .map(|name| aip193::metadata_key(name))
        .collect();
    item(
        code,
        0,
        &format!(
            "static PLACEHOLDER_KEYS: [&str; {}]",
            placeholder_keys.len()
        ),
        &strings(placeholder_keys.iter().map(String::as_str)),
    );
    words_item(
        code,
        tables,
        context,
        "GAP_SLOTS",
        "For each gap in a description, which of its row's placeholders fills it.",
        1,
        (rows.gap_slots, false),
    );
    words_item(
        code,
        tables,
        context,
        "GAP_ENDS",
        "For each gap in a description, where the literal piece after it ends,\n\
         counted from its row's start in `TEXT`.",
        1,
        (rows.gap_ends, false),
    );

    let code_keys: Vec<&[u8]> = catalogue
        .rows
        .iter()
        .map(|row| row.code.as_bytes())
        .collect();
    // Tokens match in any case: the hash sets every byte's case bit, and
    // the runtime compares with the lowercase tokens letting letters differ
    // in it.
    let token_keys: Vec<&[u8]> = wire_tokens.iter().map(|token| token.as_bytes()).collect();
    let indexes = Indexes {
        code: phf::build(&code_keys),
        token: phf::build_ignoring_case(&token_keys),
    };
    for (name, phf) in [("CODE", &indexes.code), ("TOKEN", &indexes.token)] {
        words_item(
            code,
            tables,
            context,
            &format!("{name}_PILOTS"),
            &format!(
                "The pilots of the perfect hash of every {}, one per bucket.",
                name.to_ascii_lowercase()
            ),
            1,
            (phf.pilots.clone(), !phf.wide),
        );
        words_item(
            code,
            tables,
            context,
            &format!("{name}_SLOTS"),
            &format!(
                "The slots of the perfect hash of every {}: the index of the key\n\
                 there, or {}, past every key's, for a slot no key occupies.",
                name.to_ascii_lowercase(),
                errcat_core::phf::empty(phf.wide)
            ),
            1,
            (phf.slots.clone(), !phf.wide),
        );
        words_item(
            code,
            tables,
            context,
            &format!("{name}_FINGERPRINTS"),
            &format!(
                "A byte of the hash of the {} in each slot of `{name}_SLOTS`, 0 for\n\
                 an empty slot: a miss is refused on it before a key is read. None\n\
                 for a table of one bucket, whose slots are mostly empty.",
                name.to_ascii_lowercase()
            ),
            1,
            (
                phf.fingerprints
                    .iter()
                    .map(|&byte| u32::from(byte))
                    .collect(),
                Width::Byte,
            ),
        );
    }
    indexes
}

const ROWS_DOC: &str = "\
One line per `ErrorCode`, indexed by its discriminant (errcat-core's
`layout::row` names the columns): where its text starts in `TEXT`; where its
name, description, published description, scenario, deprecation note,
documentation URL, AIP-193 reason, Berlin Group message code and first
literal piece end, counted from there; its first entry in `GAP_SLOTS` and `GAP_ENDS` and how many gaps it has;
its first placeholder name in `PLACEHOLDER_NAMES` and how many it has; its
`ErrorKind`; its status.";

const TEXT_DOC: &str = "\
The text of every row, one part a line (the line breaks are not part of it):
the variant's name, the description as written, the description as published,
the scenario, the deprecation note and the documentation URL (empty lines when
there are none), the AIP-193 reason, the Berlin Group message code (empty when
there is none) and the description's literal pieces.";
