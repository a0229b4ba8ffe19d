//! Step 2: checks what the values mean and builds the catalogue model the
//! renderer works from. Every mistake is reported with its place in the file,
//! the offending value and what was expected.

use std::collections::hash_map::Entry;

// foldhash (hashbrown's default hasher), randomly seeded: several times
// faster than SipHash on the short keys of a 10,000-row file, and still
// not predictable by whoever writes the file.
use foldhash::{HashMap, HashMapExt};

use errcat_core::formats::{self, aip193, berlin_group};
use errcat_core::log_safe::{LogSafe, Quoted};
use errcat_core::syntax::{MAX_KEY_LEN, is_code, is_description_char, is_token};

use crate::diagnostic::Diagnostic;
use crate::load::{Located, RawCatalogue, RawMetadata, RawPlaceholder, RawRow, char_offset};
use crate::names;
use crate::template::{Template, is_placeholder_name};

/// A validated catalogue: what the renderer works from.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// What the catalogue is: its `[catalogue]` table, defaults filled in.
    pub metadata: Metadata,
    /// The rows, in file order.
    pub rows: Vec<Row>,
    /// The distinct tokens, in order of first appearance.
    pub kinds: Vec<Kind>,
    /// The declared placeholders (or, without a declaration, those used).
    pub placeholders: Vec<Placeholder>,
    /// The `[roles]` table: each role it names and the index of the row
    /// that plays it, in errcat-core's order of roles. `None` when the file
    /// has no `[roles]` table.
    pub roles: Option<Vec<(&'static str, usize)>>,
}

/// The `[catalogue]` table, with a default for every key it does not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// The API's name, as people say it: "Account API". Defaults to the
    /// catalogue's name.
    pub name: String,
    /// A stable identifier of the API (AIP-193's error `domain`). Defaults to
    /// the catalogue's name.
    pub id: String,
    /// The API's version. Defaults to the version of the crate that declares
    /// the catalogue.
    pub version: String,
    /// The API's own media type. Defaults to `application/json`.
    pub media_type: String,
    /// What problem `type` URIs start with. Defaults to `/problems/`.
    pub problem_base: String,
    /// Where each code is documented, `{code}` standing for the code.
    pub docs: Option<String>,
    /// The `WWW-Authenticate` challenge a 401 carries. Defaults to
    /// `Bearer realm="ID"` (RFC 6750), `ID` being the catalogue's `id`.
    pub challenge: String,
    /// The wire formats the API speaks, by name, the first answering when a
    /// request does not decide. Defaults to `["oauth", "problem"]`.
    pub formats: Vec<String>,
    /// The NextGenPSD2 service (`ais` or `pis`) whose message codes the
    /// rows' Berlin Group codes are checked against. Defaults to `ais`.
    pub berlin_group_service: String,
}

impl Metadata {
    /// Whether the catalogue speaks the format named `name`.
    pub fn speaks(&self, name: &str) -> bool {
        self.formats.iter().any(|format| format == name)
    }
}

/// What a catalogue is called when its file does not say, and the version
/// of the crate that declares it: the defaults of [`Metadata`].
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The catalogue's name: the generated module's, by default its file's
    /// stem.
    pub name: String,
    /// The version of the crate that declares the catalogue.
    pub version: String,
}

/// One row of the catalogue.
#[derive(Debug, Clone)]
pub struct Row {
    /// The HTTP status.
    pub status: u16,
    /// The error token, as published: `MISSING_INPUT`.
    pub token: String,
    /// The code: `GEN-1201-100001`.
    pub code: String,
    /// The template as written in the file.
    pub description: String,
    /// When the API answers with the code.
    pub scenario: String,
    /// The `ErrorCode` variant.
    pub name: String,
    /// The typed constructor on `ApiError`.
    pub constructor: String,
    /// Index into `Catalogue::kinds`.
    pub kind: usize,
    /// The description's literal pieces and placeholders.
    pub template: Template,
    /// The description as the published table shows it.
    pub published: String,
    /// What to use instead, when the row is deprecated.
    pub deprecated: Option<String>,
    /// Where the code is documented: the row's own `docs`, or the
    /// catalogue's with `{code}` filled in; empty when neither is given.
    pub docs: String,
    /// The row's AIP-193 reason: its own `reason`, or its variant's name in
    /// UPPER_SNAKE_CASE.
    pub reason: String,
    /// The row's NextGenPSD2 message code, when it has one.
    pub berlin_group: Option<String>,
}

/// One error token and its rows.
#[derive(Debug, Clone)]
pub struct Kind {
    /// The token, as published: `MISSING_INPUT`.
    pub token: String,
    /// The `ErrorKind` variant.
    pub name: String,
    /// Indexes into `Catalogue::rows`.
    pub rows: Vec<usize>,
}

/// A placeholder of the descriptions.
#[derive(Debug, Clone)]
pub struct Placeholder {
    /// Its name: `input`.
    pub name: String,
    /// How the published table shows it: `INPUT`.
    pub published: String,
    /// What it holds, for the constructors' docs.
    pub doc: String,
    /// Kept out of responses unless the caller marks the error public.
    pub private: bool,
}

/// Names a generated constructor must not take: the inherent methods of
/// `ApiError` (`src/api_error.rs`) and of a generated `ErrorCode` (errcat's
/// `impl_catalogue!` and the generated consts), where constructors are
/// defined, and the methods of the traits they implement. errcat's tests
/// keep the list in step with the code.
pub const RESERVED_METHODS: [&str; 70] = [
    // ApiError
    "new",
    "filled",
    "unfilled",
    "naming",
    "with_allow",
    "allow",
    "with_retry_after",
    "retry_after",
    "with_challenge",
    "challenge",
    "write_headers",
    "fields_mut",
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
    "write_gaps",
    "fill",
    "write_json",
    "to_json",
    "write_problem_json",
    "to_problem_json",
    "write_body",
    "log",
    "into_response",
    "description",
    // ErrorCode, and CatalogueCode's methods
    "published_description",
    "scenario",
    "placeholders",
    "deprecation",
    "docs_url",
    "name",
    "from_code",
    "parse_code",
    "all",
    "index",
    "aip_reason",
    "berlin_group_code",
    // Traits both implement
    "clone",
    "eq",
    "cmp",
    "partial_cmp",
    "hash",
    "fmt",
    "to_string",
    "serialize",
    "source",
    "from",
    "into",
    // utoipa's PartialSchema, ToSchema and IntoResponses, implemented for
    // ApiError with the `utoipa` feature
    "schema",
    "schemas",
    "responses",
    // errcat::format::ErrorFacts, implemented for ApiError
    "catalogue",
    "token",
    "title",
    "reason",
    "berlin_group",
    "write_description",
    "value_count",
    "placeholder",
    "metadata_key",
    "write_value",
    "wire_token",
];

/// Checks the meaning of every value of `raw`, read from `text`.
pub fn validate(
    text: &str,
    raw: RawCatalogue,
    defaults: &Defaults,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let placeholders = validate_placeholders(text, raw.placeholders.as_deref(), &mut diagnostics);
    // A broken declaration is reported once; checking every use against it
    // would only repeat the same mistake.
    let declared = raw.placeholders.is_some() && diagnostics.is_empty();
    let metadata = validate_metadata(raw.metadata.as_ref(), defaults, &mut diagnostics);

    // The loader reads at most u16::MAX rows, and refuses a file with more.

    let mut rows = Vec::with_capacity(raw.rows.len());
    let mut spans = Vec::with_capacity(raw.rows.len());
    for raw_row in &raw.rows {
        if let Some(row) = validate_row(text, raw_row, &placeholders, declared, &mut diagnostics) {
            rows.push(row);
            spans.push(raw_row);
        }
    }

    check_unique(&rows, &spans, &mut diagnostics);
    for (row, raw_row) in rows.iter().zip(&spans) {
        // The constructor of a 405 row takes the allowed methods as `allow`.
        if row.status == 405 && row.template.names.iter().any(|name| name == "allow") {
            diagnostics.push(Diagnostic::new(
                raw_row.description.span.clone(),
                format!(
                    "placeholder `allow` of {}, a 405 row, has the name of its constructor's `allow` argument (the methods for the `Allow` header a 405 must carry): expected another name",
                    Quoted(&row.code)
                ),
            ));
        }
    }
    let kinds = collect_kinds(&mut rows, &spans, &mut diagnostics);
    validate_standards(&metadata, &rows, &spans, &mut diagnostics);
    let roles = raw
        .roles
        .as_ref()
        .map(|(roles, span)| validate_roles(roles, span, &rows, &mut diagnostics));

    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);
        return Err(diagnostics);
    }
    let placeholders = if raw.placeholders.is_some() {
        placeholders
    } else {
        used_placeholders(&rows)
    };
    for row in &mut rows {
        if row.docs.is_empty() {
            if let Some(docs) = &metadata.docs {
                row.docs = docs.replace("{code}", &row.code);
            }
        }
    }
    Ok(Catalogue {
        metadata,
        roles,
        rows,
        kinds,
        placeholders,
    })
}

fn validate_metadata(
    raw: Option<&RawMetadata>,
    defaults: &Defaults,
    diagnostics: &mut Vec<Diagnostic>,
) -> Metadata {
    let mut metadata = Metadata {
        name: defaults.name.clone(),
        id: defaults.name.clone(),
        version: defaults.version.clone(),
        media_type: "application/json".to_owned(),
        problem_base: "/problems/".to_owned(),
        docs: None,
        challenge: String::new(),
        formats: formats::DEFAULT.map(str::to_owned).to_vec(),
        berlin_group_service: berlin_group::DEFAULT_SERVICE.to_owned(),
    };
    let Some(raw) = raw else {
        metadata.challenge = default_challenge(&metadata.id);
        return metadata;
    };
    let mut check = |value: &Option<Located<String>>,
                     key: &str,
                     valid: fn(&str) -> bool,
                     expected: &str,
                     slot: &mut String| {
        if let Some(value) = value {
            if valid(&value.value) {
                slot.clone_from(&value.value);
            } else {
                diagnostics.push(Diagnostic::new(
                    value.span.clone(),
                    format!(
                        "`{key}` of `[catalogue]` is {:?}: expected {expected}",
                        Quoted(&value.value)
                    ),
                ));
            }
        }
    };
    check(
        &raw.name,
        "name",
        |name| !name.trim().is_empty() && !name.chars().any(is_hidden),
        "the API's name on one line, such as \"Account API\"",
        &mut metadata.name,
    );
    check(
        &raw.id,
        "id",
        is_identifier,
        "lowercase letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit, such as \"accounts.api.example.com\"",
        &mut metadata.id,
    );
    check(
        &raw.version,
        "version",
        |version| !version.is_empty() && version.chars().all(|c| c.is_ascii_graphic()),
        "a version without spaces, such as \"1.2\"",
        &mut metadata.version,
    );
    check(
        &raw.media_type,
        "media_type",
        is_media_type,
        "a media type without parameters, such as \"application/vnd.example.api+json\"",
        &mut metadata.media_type,
    );
    check(
        &raw.problem_base,
        "problem_base",
        is_uri_reference,
        "a URI or a path without spaces or quotes, such as \"https://api.example.com/problems/\"",
        &mut metadata.problem_base,
    );
    let mut docs = String::new();
    check(
        &raw.docs,
        "docs",
        |docs| is_uri_reference(docs) && docs.contains("{code}"),
        "a URL with `{code}` where the code goes, such as \"https://developer.example.com/errors#{code}\"",
        &mut docs,
    );
    metadata.docs = Some(docs).filter(|docs| !docs.is_empty());
    check(
        &raw.challenge,
        "challenge",
        is_challenge,
        "an HTTP authentication challenge on one line, such as \"Bearer realm=\\\"api.example.com\\\"\"",
        &mut metadata.challenge,
    );
    if metadata.challenge.is_empty() {
        metadata.challenge = default_challenge(&metadata.id);
    }
    if let Some(names) = &raw.formats {
        if let Some(names) = validate_formats(names, diagnostics) {
            metadata.formats = names;
        }
    }
    if let Some(service) = &raw.berlin_group_service {
        if berlin_group::SERVICES.contains(&service.value.as_str()) {
            metadata.berlin_group_service.clone_from(&service.value);
        } else {
            diagnostics.push(Diagnostic::suggesting(
                service.span.clone(),
                format!(
                    "`berlin_group_service` of `[catalogue]` is {:?}: expected \"ais\" (account information) or \"pis\" (payment initiation)",
                    LogSafe(&service.value).to_string()
                ),
                &service.value,
                berlin_group::SERVICES,
            ));
        }
    }
    metadata
}

/// The names of `formats = [...]`: each a built-in format, each once, at
/// least one.
fn validate_formats(
    names: &Located<Vec<Located<String>>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let before = diagnostics.len();
    let known = formats::BUILTIN
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if names.value.is_empty() {
        diagnostics.push(Diagnostic::new(
            names.span.clone(),
            format!("`formats` of `[catalogue]` is empty: expected at least one of {known}, the first answering when a request does not choose"),
        ));
    }
    for (index, name) in names.value.iter().enumerate() {
        if !formats::BUILTIN.contains(&name.value.as_str()) {
            diagnostics.push(Diagnostic::suggesting(
                name.span.clone(),
                format!(
                    "unknown format `{}` in `formats`: expected one of {known}",
                    LogSafe(&name.value)
                ),
                &name.value,
                formats::BUILTIN,
            ));
        } else if names.value[..index]
            .iter()
            .any(|earlier| earlier.value == name.value)
        {
            diagnostics.push(Diagnostic::new(
                name.span.clone(),
                format!(
                    "format `{}` is listed twice in `formats`: expected each format once",
                    name.value
                ),
            ));
        }
    }
    (diagnostics.len() == before)
        .then(|| names.value.iter().map(|name| name.value.clone()).collect())
}

/// What the formats a catalogue speaks need of its rows: a Berlin Group
/// message code the standard allows for the row's status, an AIP-193
/// reason unique within the catalogue, metadata keys AIP-193 accepts.
fn validate_standards(
    metadata: &Metadata,
    rows: &[Row],
    raw: &[&RawRow],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let berlin_group = metadata.speaks(formats::BERLIN_GROUP);
    let aip = metadata.speaks(formats::AIP_193);
    let service = metadata.berlin_group_service.as_str();
    let mut reasons: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (index, (row, raw_row)) in rows.iter().zip(raw).enumerate() {
        let allowed = berlin_group::message_codes(service, row.status);
        let listed = |codes: &[&str]| codes.join(", ");
        match (&raw_row.berlin_group, allowed) {
            (None, Some(codes)) if berlin_group => diagnostics.push(Diagnostic::new(
                raw_row.code.span.clone(),
                format!(
                    "`{}` has no `berlin_group`: the catalogue speaks berlin-group, expected the NextGenPSD2 message code for a {} in {service}, one of {}",
                    row.code,
                    row.status,
                    listed(codes)
                ),
            )),
            (None, None) if berlin_group => diagnostics.push(Diagnostic::new(
                raw_row.code.span.clone(),
                format!(
                    "`{}` has no `berlin_group`: the catalogue speaks berlin-group, expected a message code in UPPER_SNAKE_CASE (NextGenPSD2 fixes none for a {}), such as `berlin_group = \"INTERNAL_SERVER_ERROR\"`",
                    row.code, row.status
                ),
            )),
            (Some(code), Some(codes)) if !codes.contains(&code.value.as_str()) => {
                diagnostics.push(Diagnostic::suggesting(
                    code.span.clone(),
                    format!(
                        "Berlin Group message code `{}` of `{}` is not one NextGenPSD2 allows for a {} in {service}: expected one of {}",
                        LogSafe(&code.value),
                        row.code,
                        row.status,
                        listed(codes)
                    ),
                    &code.value,
                    codes.iter().copied(),
                ));
            }
            (Some(code), None) if !berlin_group::is_message_code(&code.value) => {
                diagnostics.push(Diagnostic::new(
                    code.span.clone(),
                    format!(
                        "Berlin Group message code `{}` of `{}` is malformed: expected uppercase letters and digits joined by `_`, such as `INTERNAL_SERVER_ERROR`",
                        LogSafe(&code.value),
                        row.code
                    ),
                ));
            }
            _ => {}
        }

        let explicit = raw_row.reason.as_ref();
        if (explicit.is_some() || aip) && !aip193::is_reason(&row.reason) {
            let (span, how) = match explicit {
                Some(reason) => (reason.span.clone(), "set by `reason`"),
                None => (
                    raw_row.code.span.clone(),
                    "derived from its variant name; set `reason`",
                ),
            };
            diagnostics.push(Diagnostic::new(
                span,
                format!(
                    "AIP-193 reason `{}` of `{}` ({how}) is malformed: expected UPPER_SNAKE_CASE matching [A-Z][A-Z0-9_]+[A-Z0-9], at most {} characters, such as `MISSING_HEADER_INPUT`",
                    LogSafe(&row.reason),
                    row.code,
                    aip193::MAX_REASON_LEN
                ),
            ));
        }
        match reasons.entry(&row.reason) {
            // A default reason is the variant's name: a name given twice is
            // reported as such.
            Entry::Occupied(first) if explicit.is_none() && rows[*first.get()].name == row.name => {}
            Entry::Occupied(first) => diagnostics.push(Diagnostic::new(
                explicit.map_or_else(|| raw_row.code.span.clone(), |reason| reason.span.clone()),
                format!(
                    "AIP-193 reason `{}` of `{}` is already the reason of `{}`: expected each reason once in a catalogue (AIP-193's domain)",
                    LogSafe(&row.reason),
                    row.code,
                    rows[*first.get()].code
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }

        if aip {
            let keys: Vec<String> = row
                .template
                .names
                .iter()
                .map(|name| aip193::metadata_key(name))
                .collect();
            for (at, (key, name)) in keys.iter().zip(&row.template.names).enumerate() {
                let problem = if !aip193::is_metadata_key(key) {
                    Some(format!(
                        "gives the AIP-193 metadata key `{key}`, which is not lowerCamelCase of 2 to {} letters and digits",
                        aip193::MAX_KEY_LEN
                    ))
                } else {
                    keys[..at]
                        .iter()
                        .position(|earlier| earlier == key)
                        .map(|other| {
                            format!(
                                "gives the AIP-193 metadata key `{key}`, as `{}` does",
                                row.template.names[other]
                            )
                        })
                };
                if let Some(problem) = problem {
                    diagnostics.push(Diagnostic::new(
                        raw_row.description.span.clone(),
                        format!(
                            "placeholder `{name}` of `{}` {problem}: expected another placeholder name",
                            row.code
                        ),
                    ));
                }
            }
        }
    }
}

/// Whether a free text may hold line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// One line: a name, a note.
    One,
    /// Lines separated by LF (`\n`), as a scenario of several cases has:
    /// each output shows them as separate lines, indented.
    Allowed,
}

/// Whether `c` would change what a terminal, a log line or a table shows
/// instead of being shown: a control character (C0, DEL, C1: ESC, BEL, CR,
/// NUL, tab...), U+2028 and U+2029, or a bidirectional control.
fn is_hidden(c: char) -> bool {
    errcat_core::log_safe::breaks_log_line(c) && c != '\\'
}

/// Refuses the first character of a free text that [`is_hidden`], placed
/// on that character and naming it: every output shows the catalogue's
/// texts, and none of them may drive a terminal or hide a line.
fn check_text(
    text: &str,
    value: &Located<String>,
    what: &str,
    lines: Lines,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut hidden = value
        .value
        .chars()
        .enumerate()
        .filter(|&(_, c)| is_hidden(c) && !(c == '\n' && lines == Lines::Allowed));
    let Some((index, c)) = hidden.next() else {
        return;
    };
    let more = match hidden.count() {
        0 => String::new(),
        more => format!(" ({more} more such characters follow)"),
    };
    let allowed = match lines {
        Lines::One => "",
        Lines::Allowed => " (line breaks are LF, `\\n`, alone)",
    };
    let start = char_offset(text, &value.span, index);
    diagnostics.push(Diagnostic::new(
        start..start + 1,
        format!(
            "{what} has the character {c:?} (U+{:04X}){more}: expected text without control characters, bidirectional controls or line and paragraph separators{allowed}",
            u32::from(c)
        ),
    ));
}

/// RFC 6750's challenge for an API of OAuth 2.0 bearer tokens, its realm
/// the catalogue's id (letters, digits, `.`, `-`, `_`: nothing to escape).
fn default_challenge(id: &str) -> String {
    format!("Bearer realm=\"{id}\"")
}

/// An RFC 9110 challenge: an auth-scheme (a token), then optionally a space
/// and parameters, all visible ASCII or spaces, so that it is a valid header
/// value.
fn is_challenge(challenge: &str) -> bool {
    let scheme = challenge.split(' ').next().unwrap_or("");
    !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        && challenge.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
        && !challenge.ends_with(' ')
}

/// Each role of the `[roles]` table: a known role, given once, played by a
/// row of the catalogue with at most one placeholder; the required roles
/// present.
fn validate_roles(
    raw: &[crate::load::RawRole],
    span: &std::ops::Range<usize>,
    rows: &[Row],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'static str, usize)> {
    use errcat_core::roles::{MAX_ROLE_PLACEHOLDERS, REQUIRED_ROLES, ROLES};
    let mut roles: Vec<(&'static str, usize)> = Vec::new();
    for entry in raw {
        let Some(role) = ROLES.iter().copied().find(|role| *role == entry.role.value) else {
            diagnostics.push(Diagnostic::suggesting(
                entry.role.span.clone(),
                format!(
                    "unknown role `{}` in `[roles]`: expected one of {}",
                    Quoted(&entry.role.value),
                    ROLES.map(|role| format!("`{role}`")).join(", "),
                ),
                &entry.role.value,
                ROLES,
            ));
            continue;
        };
        let Some(index) = rows.iter().position(|row| row.code == entry.code.value) else {
            diagnostics.push(Diagnostic::suggesting(
                entry.code.span.clone(),
                format!(
                    "role `{role}` names the code \"{}\", which is no row of the catalogue: expected the code of one of its rows",
                    Quoted(&entry.code.value),
                ),
                &entry.code.value,
                rows.iter().map(|row| row.code.as_str()),
            ));
            continue;
        };
        let placeholders = rows[index].template.names.len();
        if placeholders > MAX_ROLE_PLACEHOLDERS {
            diagnostics.push(Diagnostic::new(
                entry.code.span.clone(),
                format!(
                    "role `{role}` is played by {}, which has {placeholders} placeholders: expected a row with at most one, which the offending name fills",
                    entry.code.value
                ),
            ));
            continue;
        }
        roles.push((role, index));
    }
    for required in REQUIRED_ROLES {
        if !raw.iter().any(|entry| entry.role.value == required) {
            diagnostics.push(Diagnostic::new(
                span.start..span.start,
                format!(
                    "`[roles]` does not say which row plays `{required}`: expected `{required} = \"CODE\"`; {} are required, the other roles fall back to them",
                    REQUIRED_ROLES.map(|role| format!("`{role}`")).join(" and ")
                ),
            ));
        }
    }
    roles.sort_by_key(|(role, _)| ROLES.iter().position(|known| known == role));
    roles
}

/// `[a-z0-9]` then `[a-z0-9._-]*`, ending in `[a-z0-9]`.
fn is_identifier(id: &str) -> bool {
    let inner = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = id.as_bytes();
    bytes.first().is_some_and(|&b| inner(b))
        && bytes.last().is_some_and(|&b| inner(b))
        && bytes
            .iter()
            .all(|&b| inner(b) || matches!(b, b'.' | b'-' | b'_'))
}

/// `type/subtype`, each an RFC 9110 token.
fn is_media_type(media_type: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    media_type
        .split_once('/')
        .is_some_and(|(ty, subtype)| token(ty) && token(subtype))
}

/// Printable ASCII without spaces, `"`, `<`, `>`, `\` or a backtick: what
/// can stand in rustdoc, HTML and JSON without escaping. (RFC 3986 would
/// also refuse `{`, `}`, `|` and `^`; a template's `{code}` needs the
/// braces.)
fn is_uri_reference(uri: &str) -> bool {
    !uri.is_empty()
        && uri
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"<>\\`".contains(&b))
}

fn validate_placeholders(
    text: &str,
    raw: Option<&[RawPlaceholder]>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Placeholder> {
    let mut placeholders = Vec::new();
    for entry in raw.unwrap_or_default() {
        let name = &entry.name.value;
        let shown = Quoted(name);
        for (field, value) in [("published", &entry.published), ("doc", &entry.doc)] {
            if let Some(value) = value {
                let what = format!("`{field}` of placeholder `{shown}`");
                check_text(text, value, &what, Lines::One, diagnostics);
            }
        }
        if !is_placeholder_name(name) || names::is_unusable_identifier(name) {
            let name = Quoted(name);
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
    let shown = Quoted(code);

    let status = raw.status.value;
    if !(100..=999).contains(&status) {
        diagnostics.push(Diagnostic::new(
            raw.status.span.clone(),
            format!("status {status} of `{shown}` is not an HTTP status: expected a number from 100 to 999"),
        ));
    }

    if !is_code(code) || code.len() > MAX_KEY_LEN {
        let upper = code.to_ascii_uppercase();
        let suggestion = (is_code(&upper) && upper.len() <= MAX_KEY_LEN).then_some(upper);
        let hint = suggestion
            .as_ref()
            .map_or_else(String::new, |upper| format!(" (did you mean `{upper}`?)"));
        let mut diagnostic = Diagnostic::new(
            raw.code.span.clone(),
            format!(
                "code `{shown}` is malformed: expected uppercase letters and digits in two or more groups joined by `-` ([A-Z0-9]+(-[A-Z0-9]+)+, at most {MAX_KEY_LEN} characters), such as `GEN-1201-100001`{hint}"
            ),
        );
        diagnostic.suggestion = suggestion;
        diagnostics.push(diagnostic);
    }

    let token = &raw.error.value;
    if !is_token(token) || token.len() > MAX_KEY_LEN {
        let token = Quoted(token);
        diagnostics.push(Diagnostic::new(
            raw.error.span.clone(),
            format!(
                "error token `{token}` of `{shown}` is malformed: expected uppercase letters and digits joined by `_` ([A-Z0-9]+(_[A-Z0-9]+)*), such as `MISSING_INPUT`"
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

    check_text(
        text,
        &raw.scenario,
        &format!("scenario of `{shown}`"),
        Lines::Allowed,
        diagnostics,
    );
    if let Some(note) = &raw.deprecated {
        check_text(
            text,
            note,
            &format!("`deprecated` of `{shown}`"),
            Lines::One,
            diagnostics,
        );
        if note.value.trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                note.span.clone(),
                format!(
                    "`deprecated` of `{shown}` is empty: expected what to use instead and why, such as `deprecated = \"Use GEN-1201-100002, which names the parameter\"`"
                ),
            ));
        }
    }

    if let Some(docs) = &raw.docs {
        if !is_uri_reference(&docs.value) {
            diagnostics.push(Diagnostic::new(
                docs.span.clone(),
                format!(
                    "`docs` of `{shown}` is {:?}: expected a URL without spaces or quotes, such as \"https://developer.example.com/errors#{shown}\"",
                    Quoted(&docs.value)
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
                        "name `{}` of `{shown}` is not a variant name: expected UpperCamelCase letters and digits, such as `MissingHeaderInput`",
                        Quoted(&name.value)
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
        kind: 0,
        template,
        published,
        deprecated: raw.deprecated.as_ref().map(|note| note.value.clone()),
        docs: raw
            .docs
            .as_ref()
            .map(|docs| docs.value.clone())
            .unwrap_or_default(),
        reason: raw.reason.as_ref().map_or_else(
            || aip193::default_reason(&name),
            |reason| reason.value.clone(),
        ),
        berlin_group: raw.berlin_group.as_ref().map(|code| code.value.clone()),
        name,
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
    let shown = Quoted(code);
    let at = |char_index: usize| {
        let start = char_offset(text, &description.span, char_index);
        start..start + 1
    };
    if value.trim().is_empty() {
        diagnostics.push(Diagnostic::new(
            description.span.clone(),
            format!("description of `{shown}` is empty: expected the text the API sends as the error's description"),
        ));
        return None;
    }
    let mut outside = value
        .chars()
        .enumerate()
        .filter(|(_, c)| !is_description_char(*c));
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
                "description of `{shown}` has the character {c:?} (U+{:04X}){more}: expected printable ASCII (0x20-0x7E) except '\"' and '\\', the characters OAuth 2.0 allows in an error description (RFC 6749, section 5.2)",
                u32::from(c)
            ),
        ));
    }
    let template = match Template::parse(value) {
        Ok(template) => template,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                at(error.char_index),
                format!("description of `{shown}` {}", error.message),
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
                diagnostics.push(Diagnostic::suggesting(
                    at(index),
                    format!(
                        "description of `{shown}` uses the unknown placeholder `{{{name}}}`: expected one declared under [placeholders] ({known})"
                    ),
                    name,
                    placeholders.iter().map(|placeholder| placeholder.name.as_str()),
                ));
            }
        }
    }
    Some(template)
}

fn check_unique(rows: &[Row], raw: &[&RawRow], diagnostics: &mut Vec<Diagnostic>) {
    let mut codes: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut variants: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut constructors: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
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
        if RESERVED_METHODS.contains(&row.constructor.as_str()) {
            diagnostics.push(Diagnostic::new(
                name_span,
                format!(
                    "variant name {} of `{}` gives the constructor `{}`, which is already a method of ApiError or ErrorCode; expected another `name = \"...\"`",
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
                    "variant names `{}` and `{}` both give the constructor `{}`; expected a distinct `name = \"...\"` on `{}`",
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
