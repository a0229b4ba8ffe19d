//! The Rust items of a catalogue's module: its two enums, its metadata, the
//! trait impls that hand its tables to errcat's runtime, and one typed
//! constructor per row.

use crate::emit::{Code, Expr, INDENT, string};
use crate::names;
use crate::render::Options;
use crate::render::docs;
use crate::render::tables::Indexes;
use crate::validate::Catalogue;

/// How the generated code names errcat's items.
pub struct Paths {
    /// errcat itself: `::errcat` or `crate`.
    pub errcat: String,
    /// errcat's hidden module for generated code.
    pub private: String,
}

impl Paths {
    pub fn new(options: &Options) -> Paths {
        Paths {
            errcat: options.crate_path.clone(),
            private: format!("{}::__private", options.crate_path),
        }
    }
}

/// `pub const NAME: TYPE = VALUE;` (or a `static`) at `indent`.
pub fn item(code: &mut Code, indent: usize, declaration: &str, value: &Expr) {
    code.start(indent, declaration);
    code.push(" = ");
    code.expr(value, indent, 1);
    code.push(";");
    code.end();
}

fn paths(prefix: &str, names: impl IntoIterator<Item = impl AsRef<str>>) -> Expr {
    Expr::array(
        names
            .into_iter()
            .map(|name| Expr::atom(format!("{prefix}::{}", name.as_ref()))),
    )
}

/// The documentation and first line of a generated enum. Its traits are
/// implemented by errcat's `impl_catalogue!`, not derived: a derive on an
/// enum of ten thousand variants costs rustc memory in proportion.
fn enum_start(code: &mut Code, doc: &str, name: &str) {
    code.docs(0, doc);
    code.line(0, "#[repr(u16)]");
    code.line(0, &format!("pub enum {name} {{"));
}

/// The end of a generated enum, its `COUNT` and `ALL`, and `ALL` as the
/// static `all` that the tables index. `deprecated`: some variants are, and
/// the static names them all without a warning.
fn enum_end<'a>(
    code: &mut Code,
    name: &str,
    docs: [&str; 3],
    all: &str,
    variants: impl ExactSizeIterator<Item = &'a String>,
    deprecated: bool,
) {
    let [count_doc, all_doc, static_doc] = docs;
    let count = variants.len();
    code.line(0, "}");
    code.line(0, &format!("impl {name} {{"));
    code.docs(INDENT, count_doc);
    code.line(INDENT, &format!("pub const COUNT: usize = {count};"));
    code.docs(INDENT, all_doc);
    code.line(
        INDENT,
        &format!("pub const ALL: [{name}; {count}] = {all};"),
    );
    code.line(0, "}");
    code.docs(0, static_doc);
    if deprecated {
        code.line(0, "#[allow(deprecated)]");
    }
    item(
        code,
        0,
        &format!("static {all}: [{name}; {count}]"),
        &paths(name, variants),
    );
}

/// `ErrorCode` and `ErrorKind`.
pub fn enums(code: &mut Code, catalogue: &Catalogue, options: &Options) {
    enum_start(code, &docs::error_code(catalogue, options), "ErrorCode");
    // Discriminants stay implicit (0, 1, ... in file order, which is what the
    // tables are indexed by): with explicit ones, rustc's const evaluation of
    // every table that holds an `ErrorCode` grows with the square of the rows.
    for row in &catalogue.rows {
        code.docs(INDENT, &docs::variant(row, options));
        if let Some(note) = &row.deprecated {
            code.attribute(INDENT, "deprecated", "note", note);
        }
        code.line(INDENT, &format!("{},", row.name));
    }
    enum_end(
        code,
        "ErrorCode",
        [
            "How many codes the catalogue has.",
            "Every code, in the order of the catalogue file.",
            docs::ALL_CODES,
        ],
        "ALL_CODES",
        catalogue.rows.iter().map(|row| &row.name),
        catalogue.rows.iter().any(|row| row.deprecated.is_some()),
    );

    enum_start(code, &docs::error_kind(catalogue, options), "ErrorKind");
    for kind in &catalogue.kinds {
        code.docs(INDENT, &docs::kind(catalogue, kind));
        code.line(INDENT, &format!("{},", kind.name));
    }
    enum_end(
        code,
        "ErrorKind",
        [
            "How many distinct tokens the catalogue has.",
            "Every token, in order of first appearance in the catalogue file.",
            "`ErrorKind::ALL`, as one static: see `ALL_CODES`.",
        ],
        "ALL_KINDS",
        catalogue.kinds.iter().map(|kind| &kind.name),
        false,
    );
}

/// `CATALOGUE`: the `[catalogue]` table.
pub fn metadata(code: &mut Code, catalogue: &Catalogue, paths: &Paths, options: &Options) {
    let metadata = &catalogue.metadata;
    code.docs(
        0,
        "What the catalogue is: its name, identifier, version, media type, problem\n\
         `type` base and documentation links, from its `[catalogue]` table.",
    );
    // Items a crate may leave unused, in a module it keeps private, without
    // a warning for each.
    code.line(0, "#[allow(dead_code)]");
    code.start(
        0,
        &format!(
            "pub const CATALOGUE: {}::Catalogue = {}::catalogue",
            paths.errcat, paths.private
        ),
    );
    let arguments = Expr::List {
        open: "(",
        items: [
            metadata.name.as_str(),
            &metadata.id,
            &metadata.version,
            &metadata.media_type,
            &metadata.problem_base,
            metadata.docs.as_deref().unwrap_or(""),
            &metadata.challenge,
            &options.source_name,
        ]
        .into_iter()
        .map(|text| Expr::atom(string(text)))
        .chain([
            placeholder_docs(catalogue),
            Expr::List {
                open: "&[",
                items: metadata
                    .formats
                    .iter()
                    .map(|name| Expr::atom(string(name)))
                    .collect(),
                close: "]",
            },
            Expr::atom(string(&metadata.berlin_group_service)),
        ])
        .collect(),
        close: ")",
    };
    code.expr(&arguments, 0, 1);
    code.push(";");
    code.end();
}

/// `&[(name, doc), ...]`: what each placeholder with a `doc` holds, for
/// `Catalogue::placeholders`.
fn placeholder_docs(catalogue: &Catalogue) -> Expr {
    let pairs = catalogue
        .placeholders
        .iter()
        .filter(|placeholder| !placeholder.doc.is_empty())
        .map(|placeholder| Expr::List {
            open: "(",
            items: vec![
                Expr::atom(string(&placeholder.name)),
                Expr::atom(string(&placeholder.doc)),
            ],
            close: ")",
        })
        .collect();
    Expr::List {
        open: "&[",
        items: pairs,
        close: "]",
    }
}

/// The impls of errcat's `CatalogueCode` and `CatalogueKind`, which hand the
/// tables to the runtime, and errcat's `impl_catalogue!`, which implements
/// every other trait through them.
pub fn trait_impls(code: &mut Code, catalogue: &Catalogue, paths: &Paths, indexes: &Indexes) {
    let errcat = &paths.errcat;
    let private = &paths.private;
    let phf = |tables: &crate::phf::Tables, prefix: &str| Expr::Struct {
        name: format!("{private}::Phf"),
        fields: vec![
            ("seed", Expr::atom(format!("{:#x}", tables.seed))),
            ("pilots", Expr::atom(format!("&{prefix}_PILOTS"))),
            ("slots", Expr::atom(format!("&{prefix}_SLOTS"))),
            (
                "fingerprints",
                Expr::atom(format!("&{prefix}_FINGERPRINTS")),
            ),
            ("lengths", Expr::atom(format!("{:#x}", tables.lengths))),
            ("middle", Expr::atom(tables.middle.to_string())),
            ("wide", Expr::atom(tables.wide.to_string())),
        ],
    };
    let private_placeholders = Expr::array(
        catalogue
            .placeholders
            .iter()
            .filter(|placeholder| placeholder.private)
            .map(|placeholder| Expr::List {
                open: "(",
                items: vec![
                    Expr::atom(string(&placeholder.name)),
                    Expr::atom(string(&placeholder.published)),
                ],
                close: ")",
            }),
    );
    let private_placeholders = match private_placeholders {
        Expr::List { items, .. } => Expr::List {
            open: "&[",
            items,
            close: "]",
        },
        other => other,
    };

    code.line(0, &format!("impl {errcat}::CatalogueCode for ErrorCode {{"));
    code.line(INDENT, "type Kind = ErrorKind;");
    code.line(
        INDENT,
        &format!("const CATALOGUE: &'static {errcat}::Catalogue = &CATALOGUE;"),
    );
    code.start(
        INDENT,
        &format!("const TABLES: {private}::CodeTables<Self> = "),
    );
    code.struct_literal(
        INDENT,
        &format!("{private}::CodeTables"),
        &[
            ("all", Expr::atom("&ALL_CODES")),
            ("codes", Expr::atom("&CODES")),
            ("text", Expr::atom("TEXT")),
            ("rows", Expr::atom("&ROWS")),
            ("placeholder_names", Expr::atom("&PLACEHOLDER_NAMES")),
            ("placeholder_keys", Expr::atom("&PLACEHOLDER_KEYS")),
            ("gap_slots", Expr::atom("&GAP_SLOTS")),
            ("gap_ends", Expr::atom("&GAP_ENDS")),
            ("index", phf(&indexes.code, "CODE")),
            ("private", private_placeholders),
        ],
    );
    code.push(";");
    code.end();
    index_fn(code);
    code.line(0, "}");

    code.line(0, &format!("impl {errcat}::CatalogueKind for ErrorKind {{"));
    code.line(INDENT, "type Code = ErrorCode;");
    code.start(
        INDENT,
        &format!("const TABLES: {private}::KindTables<Self, ErrorCode> = "),
    );
    code.struct_literal(
        INDENT,
        &format!("{private}::KindTables"),
        &[
            ("all", Expr::atom("&ALL_KINDS")),
            ("tokens", Expr::atom("&TOKENS")),
            ("wire_tokens", Expr::atom("&WIRE_TOKENS")),
            ("text", Expr::atom("KIND_TEXT")),
            ("kinds", Expr::atom("&KINDS")),
            ("codes", Expr::atom("&KIND_CODES")),
            ("index", phf(&indexes.token, "TOKEN")),
        ],
    );
    code.push(";");
    code.end();
    index_fn(code);
    code.line(0, "}");
    if let Some(roles) = &catalogue.roles {
        code.docs(
            0,
            "The rows the `[roles]` table names for what a server finds wrong before\n\
             its handlers run.",
        );
        if roles
            .iter()
            .any(|(_, row)| catalogue.rows[*row].deprecated.is_some())
        {
            code.line(0, "#[allow(deprecated)]");
        }
        code.line(0, &format!("impl {errcat}::Roles for ErrorCode {{"));
        for (role, row) in roles {
            let variant = identifier(&catalogue.rows[*row].name);
            code.line(
                INDENT,
                &format!(
                    "const {}: Self = Self::{variant};",
                    role.to_ascii_uppercase()
                ),
            );
        }
        code.line(0, "}");
    }
    code.line(
        0,
        &format!("{private}::impl_catalogue!(ErrorCode, ErrorKind);"),
    );
    code.line(
        0,
        &format!(
            "const _: () = {private}::same_version({});",
            string(env!("CARGO_PKG_VERSION"))
        ),
    );
}

fn index_fn(code: &mut Code) {
    code.line(INDENT, "#[inline]");
    code.line(INDENT, "fn index(self) -> usize {");
    code.line(2 * INDENT, "self as usize");
    code.line(INDENT, "}");
}

/// One constructor per row, with one argument per placeholder: inherent
/// methods of the module's `ErrorCode`, which return the module's
/// `ApiError`; in errcat itself, inherent methods of `ApiError` (only the
/// crate that defines `ApiError` may add to it).
///
/// Inherent methods rather than a trait's: a trait's provided methods cost
/// rustc about half a second more at ten thousand rows, and a user needs no
/// import to call them.
pub fn constructors(code: &mut Code, catalogue: &Catalogue, paths: &Paths, options: &Options) {
    let cow = "impl ::core::convert::Into<::std::borrow::Cow<'static, str>>";
    if options.inherent_constructors {
        code.docs(
            0,
            "One constructor per row, with one argument per placeholder.",
        );
        code.line(0, &format!("impl {}::ApiError<ErrorCode> {{", paths.errcat));
    } else {
        code.docs(0, docs::API_ERROR_ALIAS);
        code.line(0, "#[allow(dead_code)]");
        code.line(
            0,
            &format!("pub type ApiError = {}::ApiError<ErrorCode>;", paths.errcat),
        );
        code.docs(0, &docs::constructors(catalogue, options));
        code.line(0, "#[allow(dead_code)]");
        code.line(0, "impl ErrorCode {");
    }
    for row in &catalogue.rows {
        let function = identifier(&row.constructor);
        let params: Vec<String> = row
            .template
            .names
            .iter()
            .map(|name| identifier(name))
            .collect();
        code.docs(INDENT, &docs::constructor(catalogue, row, options));
        // The constructor of a deprecated row is deprecated with it; naming
        // the variant inside is not a use anyone should be warned about.
        if let Some(note) = &row.deprecated {
            code.attribute(INDENT, "deprecated", "note", note);
            code.line(INDENT, "#[allow(deprecated)]");
        }
        // Not compiled unless called: ten thousand constructors would
        // otherwise be ten thousand functions for LLVM in every build.
        code.line(INDENT, "#[inline]");
        code.start(INDENT, &format!("pub fn {function}"));
        // RFC 9110 section 15.5.6: a 405 MUST say which methods the resource
        // allows, and only the caller knows them: its constructor asks.
        let allows = row.status == 405;
        let mut items: Vec<Expr> = params
            .iter()
            .map(|param| Expr::atom(format!("{param}: {cow}")))
            .collect();
        if allows {
            items.push(Expr::atom(format!(
                "allow: impl ::core::iter::IntoIterator<Item = {}::http::Method>",
                paths.private
            )));
        }
        let signature = Expr::List {
            open: "(",
            items,
            close: ")",
        };
        let tail = if options.inherent_constructors {
            " -> Self {"
        } else {
            " -> ApiError {"
        };
        code.expr(&signature, INDENT, tail.len());
        code.push(tail);
        code.end();
        let filled = Expr::List {
            open: "(",
            items: vec![
                Expr::atom(format!("ErrorCode::{}", row.name)),
                Expr::array(
                    params
                        .iter()
                        .map(|param| Expr::atom(format!("{param}.into()"))),
                ),
            ],
            close: ")",
        };
        code.start(2 * INDENT, &format!("{}::filled", paths.private));
        code.expr(&filled, 2 * INDENT, 0);
        if allows {
            code.push(".with_allow(allow)");
        }
        code.end();
        code.line(INDENT, "}");
    }
    code.line(0, "}");
}

fn identifier(name: &str) -> String {
    if names::is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}
