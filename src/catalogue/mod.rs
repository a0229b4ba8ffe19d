//! What every catalogue's codes and tokens do, written once.
//!
//! A catalogue is a module that errcat-build generated from an error table:
//! an `ErrorCode` enum (one variant a row) and an `ErrorKind` enum (one
//! variant an error token), and the tables they are read from. The generated
//! enums implement [`CatalogueCode`] and [`CatalogueKind`], whose provided
//! methods are the whole behaviour; the enums' inherent methods of the same
//! names call them, so that a user needs no import. Every other piece of
//! errcat ([`ApiError`](crate::ApiError), decoding, scanning, publishing)
//! is generic over these two traits, so it works the same for every
//! catalogue, and an error of one catalogue cannot pass for another's: its
//! type says which it is.
//!
//! errcat's own catalogue, the Account API, is [`ErrorCode`](crate::ErrorCode)
//! and [`ErrorKind`](crate::ErrorKind).
//!
//! # Names
//!
//! The error token (`MISSING_INPUT`) has one name per layer: in the
//! catalogue file and on the wire it is the `error` column and member, as
//! the published table and RFC 6749 call it; in Rust its type is the *kind*
//! (`ErrorKind`, [`CatalogueCode::kind`]) and its text is the *token*
//! ([`CatalogueKind::token`], and [`CatalogueKind::wire_token`] for the
//! lowercase form response bodies carry).

pub(crate) mod impls;
pub(crate) mod parse;
mod roles;
pub(crate) mod tables;

use std::fmt;
use std::hash::Hash;

use errcat_core::layout::row;
use http::StatusCode;

pub use parse::{ParseCodeError, ParseKindError, ParseProblem};
pub use roles::Roles;
#[doc(hidden)]
pub use tables::{CodeTables, KindTables};
use tables::{KindRow, Row};

/// What a catalogue is: the `[catalogue]` table of its file, with defaults
/// for what the file does not say. Every output uses it: the rustdoc and the
/// HTML page's title, OpenAPI's `info`, problem documents' `type`, the
/// fields of log events.
///
/// ```
/// use errcat::CatalogueCode;
///
/// // Each catalogue's module has it as `CATALOGUE`; generic code reaches it
/// // through the code type.
/// let catalogue = errcat::CATALOGUE;
/// assert_eq!(catalogue.name(), "Account API");
/// assert_eq!(catalogue.problem_base(), "/problems/");
/// assert_eq!(errcat::ErrorCode::CATALOGUE, &catalogue);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Catalogue {
    pub(crate) name: &'static str,
    pub(crate) id: &'static str,
    pub(crate) version: &'static str,
    pub(crate) media_type: &'static str,
    pub(crate) problem_base: &'static str,
    pub(crate) docs: &'static str,
    pub(crate) challenge: &'static str,
    pub(crate) source: &'static str,
    pub(crate) placeholders: &'static [(&'static str, &'static str)],
    pub(crate) formats: &'static [&'static str],
    pub(crate) berlin_group_service: &'static str,
}

impl Catalogue {
    /// A catalogue described at run time, not generated: for tools that read
    /// a catalogue file while they run (the `errcat` command does, with
    /// errcat-build's loader) and render it with [`table`](crate::table)'s
    /// and [`publish`](crate::publish)'s `_rows` functions. `name` is its
    /// name and its [`id`](Self::id); the other parts are a file's defaults
    /// (no version, `application/json`, `/problems/`, no docs, the challenge
    /// `Bearer`) until the `with_` methods say otherwise. The texts live as
    /// long as the program: a tool leaks them (`String::leak`) once per
    /// catalogue it reads.
    ///
    /// ```
    /// use errcat::Catalogue;
    /// const LEDGER: Catalogue = Catalogue::new("Ledger API").with_id("ledger").with_version("2");
    /// assert_eq!(LEDGER.to_string(), "Ledger API 2");
    /// assert_eq!(LEDGER.media_type(), "application/json");
    /// assert_eq!(Catalogue::new("Ledger API").to_string(), "Ledger API");
    /// ```
    pub const fn new(name: &'static str) -> Catalogue {
        Catalogue {
            name,
            id: name,
            version: "",
            media_type: "application/json",
            problem_base: "/problems/",
            docs: "",
            challenge: "Bearer",
            source: "",
            placeholders: &[],
            formats: &errcat_core::formats::DEFAULT,
            berlin_group_service: errcat_core::formats::berlin_group::DEFAULT_SERVICE,
        }
    }

    /// The same catalogue speaking `formats` (names of built-in formats, the
    /// first answering when a request does not choose; see
    /// [`format`](mod@crate::format)).
    ///
    /// ```
    /// use errcat::Catalogue;
    /// const LEDGER: Catalogue = Catalogue::new("Ledger API").with_formats(&["berlin-group", "problem"]);
    /// assert_eq!(LEDGER.formats(), ["berlin-group", "problem"]);
    /// assert_eq!(Catalogue::new("Ledger API").formats(), ["oauth", "problem"]);
    /// ```
    pub const fn with_formats(self, formats: &'static [&'static str]) -> Catalogue {
        Catalogue { formats, ..self }
    }

    /// The same catalogue with [`berlin_group_service`](Self::berlin_group_service)
    /// `service`.
    pub const fn with_berlin_group_service(self, service: &'static str) -> Catalogue {
        Catalogue {
            berlin_group_service: service,
            ..self
        }
    }

    /// The wire formats the API speaks, by name, the first answering when
    /// a request does not choose: the `[catalogue]` table's `formats`, by
    /// default `["oauth", "problem"]`.
    ///
    /// ```
    /// assert_eq!(errcat::CATALOGUE.formats()[0], "oauth");
    /// ```
    pub const fn formats(&self) -> &'static [&'static str] {
        self.formats
    }

    /// The NextGenPSD2 service (`ais` or `pis`) whose message codes the
    /// rows carry: the `[catalogue]` table's `berlin_group_service`, by
    /// default `ais`.
    pub const fn berlin_group_service(&self) -> &'static str {
        self.berlin_group_service
    }

    /// The same catalogue with [`id`](Self::id) `id`.
    pub const fn with_id(self, id: &'static str) -> Catalogue {
        Catalogue { id, ..self }
    }

    /// The same catalogue with [`version`](Self::version) `version`.
    pub const fn with_version(self, version: &'static str) -> Catalogue {
        Catalogue { version, ..self }
    }

    /// The same catalogue with [`media_type`](Self::media_type) `media_type`.
    pub const fn with_media_type(self, media_type: &'static str) -> Catalogue {
        Catalogue { media_type, ..self }
    }

    /// The same catalogue with [`problem_base`](Self::problem_base)
    /// `problem_base`.
    pub const fn with_problem_base(self, problem_base: &'static str) -> Catalogue {
        Catalogue {
            problem_base,
            ..self
        }
    }

    /// The same catalogue with [`docs`](Self::docs) `docs` (`{code}`
    /// standing for the code; empty for none).
    pub const fn with_docs(self, docs: &'static str) -> Catalogue {
        Catalogue { docs, ..self }
    }

    /// The same catalogue with [`challenge`](Self::challenge) `challenge`.
    pub const fn with_challenge(self, challenge: &'static str) -> Catalogue {
        Catalogue { challenge, ..self }
    }

    /// The same catalogue with [`source`](Self::source) `source`.
    pub const fn with_source(self, source: &'static str) -> Catalogue {
        Catalogue { source, ..self }
    }

    /// The same catalogue with [`placeholders`](Self::placeholders)
    /// `placeholders`: `(name, what it holds)` pairs.
    ///
    /// ```
    /// use errcat::Catalogue;
    /// const LEDGER: Catalogue = Catalogue::new("Ledger API").with_placeholders(&[("iban", "The account")]);
    /// assert_eq!(LEDGER.placeholder_doc("iban"), Some("The account"));
    /// ```
    pub const fn with_placeholders(
        self,
        placeholders: &'static [(&'static str, &'static str)],
    ) -> Catalogue {
        Catalogue {
            placeholders,
            ..self
        }
    }

    /// The API's name, as people say it: "Account API".
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// A stable identifier of the API, the "domain" of Google's AIP-193
    /// (`accounts.api.example.com`, or `psd2-account-api` for errcat's
    /// own): what log events carry as `errcat.catalogue`. Defaults to the
    /// catalogue's module name.
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// The API's version; by default the version of the crate that declares
    /// the catalogue.
    pub const fn version(&self) -> &'static str {
        self.version
    }

    /// The API's own media type (`application/vnd.example.api+json`), or
    /// `application/json`.
    pub const fn media_type(&self) -> &'static str {
        self.media_type
    }

    /// What the `type` URI of a problem document starts with; the code
    /// follows. `/problems/` unless the catalogue says otherwise.
    pub const fn problem_base(&self) -> &'static str {
        self.problem_base
    }

    /// Where each code is documented, `{code}` standing for the code, when
    /// the catalogue says.
    pub const fn docs(&self) -> Option<&'static str> {
        if self.docs.is_empty() {
            None
        } else {
            Some(self.docs)
        }
    }

    /// The `WWW-Authenticate` challenge a 401 of this catalogue carries
    /// (RFC 9110 section 11.6.1 requires one): the `[catalogue]` table's
    /// `challenge`, by default RFC 6750's `Bearer realm="ID"`, `ID` being
    /// the catalogue's [`id`](Self::id). An error can carry its own (see
    /// [`ApiError::with_challenge`](crate::ApiError::with_challenge)).
    ///
    /// ```
    /// assert_eq!(errcat::CATALOGUE.challenge(), "Bearer realm=\"psd2-account-api\"");
    /// ```
    pub const fn challenge(&self) -> &'static str {
        self.challenge
    }

    /// The file the catalogue was generated from, as its crate named it.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// What each placeholder of the descriptions holds, as the catalogue's
    /// `[placeholders.NAME]` tables say (`doc`): `(name, doc)` pairs, for
    /// the placeholders that have a `doc`, in the file's order.
    ///
    /// ```
    /// let (name, doc) = errcat::CATALOGUE.placeholders()[0];
    /// assert_eq!(name, "input");
    /// assert!(doc.starts_with("The value the request"));
    /// ```
    pub const fn placeholders(&self) -> &'static [(&'static str, &'static str)] {
        self.placeholders
    }

    /// What the placeholder `name` holds, when the catalogue says.
    ///
    /// ```
    /// assert!(errcat::CATALOGUE.placeholder_doc("input").is_some());
    /// assert_eq!(errcat::CATALOGUE.placeholder_doc("nonesuch"), None);
    /// ```
    pub fn placeholder_doc(&self, name: &str) -> Option<&'static str> {
        self.placeholders
            .iter()
            .find(|(candidate, _)| *candidate == name)
            .map(|&(_, doc)| doc)
    }
}

impl fmt::Display for Catalogue {
    /// The name and version (when there is one): `Account API 1`, escaped like every text
    /// errcat shows (the build refuses control characters in a name, not
    /// every codepoint that can reorder a line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use errcat_core::log_safe::LogSafe;
        write!(f, "{}", LogSafe(self.name))?;
        if !self.version.is_empty() {
            write!(f, " {}", LogSafe(self.version))?;
        }
        Ok(())
    }
}

/// The codes of one catalogue: implemented by the `ErrorCode` enum that
/// errcat-build generates for it, and by nothing else.
///
/// The provided methods are what every code can do; the generated enum has
/// inherent methods of the same names, so `code.status()` needs no import.
/// Generic code names the trait:
///
/// ```
/// use errcat::CatalogueCode;
///
/// fn describe<C: CatalogueCode>(code: C) -> String {
///     format!("{} {} ({})", code.status().as_u16(), code.code(), C::CATALOGUE.name())
/// }
///
/// assert_eq!(
///     describe(errcat::ErrorCode::InvalidAccessToken),
///     "401 GEN-1203-100003 (Account API)"
/// );
/// ```
pub trait CatalogueCode:
    Copy + Eq + Ord + Hash + fmt::Debug + fmt::Display + Send + Sync + 'static
{
    /// The catalogue's error tokens.
    type Kind: CatalogueKind<Code = Self>;

    /// What the catalogue is.
    const CATALOGUE: &'static Catalogue;

    /// The tables the generated code hands over.
    #[doc(hidden)]
    const TABLES: CodeTables<Self>;

    /// The code's place in the catalogue file, from 0: its discriminant.
    fn index(self) -> usize;

    /// Every code of the catalogue, in the order of its file.
    ///
    /// ```
    /// use errcat::{CatalogueCode, ErrorCode};
    /// assert_eq!(ErrorCode::all().len(), ErrorCode::COUNT);
    /// assert_eq!(ErrorCode::all()[0].code(), "GEN-1201-100001");
    /// ```
    #[inline]
    fn all() -> &'static [Self] {
        Self::TABLES.all
    }

    /// The code as the API sends it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorCode::InvalidAccessToken.code(), "GEN-1203-100003");
    /// ```
    #[inline]
    fn code(self) -> &'static str {
        Self::TABLES.codes.get(self.index()).copied().unwrap_or("")
    }

    /// The HTTP status the API answers with.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::QuotaExceeded.status(), http::StatusCode::TOO_MANY_REQUESTS);
    /// assert_eq!(ErrorCode::SslValidationFailed.status().as_u16(), 495);
    /// ```
    #[inline]
    fn status(self) -> StatusCode {
        Row::of(self).status()
    }

    /// The error token this code belongs to.
    ///
    /// ```
    /// use errcat::{ErrorCode, ErrorKind};
    /// assert_eq!(ErrorCode::MissingHeaderInput.kind(), ErrorKind::MissingInput);
    /// ```
    #[inline]
    fn kind(self) -> Self::Kind {
        Row::of(self).kind()
    }

    /// The description template, as written in the catalogue: `{name}` marks
    /// a placeholder that [`ApiError`](crate::ApiError) fills in.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::VersionNotFound.description(),
    ///     "Specific version not found. Supported versions are '{input}'"
    /// );
    /// ```
    #[inline]
    fn description(self) -> &'static str {
        Row::of(self).part(row::DESCRIPTION)
    }

    /// The description as the published table prints it.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::VersionNotFound.published_description(),
    ///     "Specific version not found. Supported versions are 'INPUT'"
    /// );
    /// ```
    #[inline]
    fn published_description(self) -> &'static str {
        Row::of(self).part(row::PUBLISHED)
    }

    /// When the API answers with this code (empty where the table says
    /// nothing).
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(
    ///     ErrorCode::InvalidAccessToken.scenario(),
    ///     "Request received with invalid access_token."
    /// );
    /// ```
    #[inline]
    fn scenario(self) -> &'static str {
        Row::of(self).part(row::SCENARIO)
    }

    /// The names of the description's placeholders, in order of appearance.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::MissingHeaderInput.placeholders(), ["input"]);
    /// assert!(ErrorCode::InvalidAccessToken.placeholders().is_empty());
    /// ```
    #[inline]
    fn placeholders(self) -> &'static [&'static str] {
        Row::of(self).placeholders()
    }

    /// What to use instead, when the catalogue marks this code `deprecated`.
    /// A deprecated code still parses, renders and decodes, so that old logs
    /// and old servers keep working; only naming its variant or its
    /// constructor in code warns.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::InvalidAccessToken.deprecation(), None);
    ///
    /// // The codes a new server should no longer answer with.
    /// let retired: Vec<ErrorCode> = ErrorCode::ALL
    ///     .into_iter()
    ///     .filter(|code| code.deprecation().is_some())
    ///     .collect();
    /// assert!(retired.is_empty(), "the shipped catalogue retires nothing yet");
    /// ```
    #[inline]
    fn deprecation(self) -> Option<&'static str> {
        Some(Row::of(self).part(row::DEPRECATED)).filter(|note| !note.is_empty())
    }

    /// Where the code is documented: its row's `docs`, or the catalogue's
    /// `docs` with the code filled in.
    ///
    /// ```
    /// // The Account API's table links no documentation.
    /// assert_eq!(errcat::ErrorCode::InvalidAccessToken.docs_url(), None);
    /// ```
    #[inline]
    fn docs_url(self) -> Option<&'static str> {
        Some(Row::of(self).part(row::DOCS)).filter(|url| !url.is_empty())
    }

    /// The variant's name, as `Debug` prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorCode::ScaRequired.name(), "ScaRequired");
    /// ```
    #[inline]
    fn name(self) -> &'static str {
        Row::of(self).part(row::NAME)
    }

    /// The code's AIP-193 reason: its row's `reason`, by default its
    /// variant's name in UPPER_SNAKE_CASE; unique in the catalogue.
    ///
    /// ```
    /// use errcat::CatalogueCode;
    /// assert_eq!(errcat::ErrorCode::MissingHeaderInput.aip_reason(), "MISSING_HEADER_INPUT");
    /// ```
    #[inline]
    fn aip_reason(self) -> &'static str {
        Row::of(self).reason()
    }

    /// The code's NextGenPSD2 message code, when its row has one.
    ///
    /// ```
    /// use errcat::CatalogueCode;
    /// assert_eq!(errcat::ErrorCode::MissingHeaderInput.berlin_group_code(), Some("FORMAT_ERROR"));
    /// ```
    #[inline]
    fn berlin_group_code(self) -> Option<&'static str> {
        Row::of(self).berlin_group()
    }

    /// The code whose text is exactly `code`, or `None`. The fast path under
    /// `FromStr`: no whitespace trimming, no error value, no allocation, and
    /// a cost that does not grow with the size of the catalogue.
    ///
    /// ```
    /// use errcat::ErrorCode;
    /// assert_eq!(ErrorCode::from_code("GEN-1206-100003"), Some(ErrorCode::MethodNotAllowed));
    /// assert_eq!(ErrorCode::from_code("gen-1206-100003"), None);
    /// ```
    #[inline]
    fn from_code(code: &str) -> Option<Self> {
        let tables = Self::TABLES;
        let at = tables.index.find(code.as_bytes(), tables.codes)?;
        tables.all.get(at).copied()
    }

    /// Parses a code, tolerating surrounding whitespace and nothing else:
    /// what `FromStr` does. A miss says why and suggests the nearest code.
    ///
    /// ```
    /// use errcat::{CatalogueCode, ErrorCode};
    /// assert_eq!(ErrorCode::parse_code(" GEN-1203-100009\n"), Ok(ErrorCode::InvalidClientId));
    /// let error = ErrorCode::parse_code("GEN-1203-10009").unwrap_err();
    /// assert_eq!(error.suggestion(), Some(ErrorCode::InvalidClientId));
    /// ```
    #[inline]
    fn parse_code(text: &str) -> Result<Self, ParseCodeError<Self>> {
        if let Some(code) = Self::from_code(text) {
            return Ok(code);
        }
        let trimmed = text.trim();
        Self::from_code(trimmed).ok_or_else(|| ParseCodeError::new(trimmed))
    }
}

/// The error tokens of one catalogue: implemented by the `ErrorKind` enum
/// that errcat-build generates for it, and by nothing else. As with
/// [`CatalogueCode`], the enum has inherent methods of the same names.
pub trait CatalogueKind:
    Copy + Eq + Ord + Hash + fmt::Debug + fmt::Display + Send + Sync + 'static
{
    /// The catalogue's codes.
    type Code: CatalogueCode<Kind = Self>;

    /// The tables the generated code hands over.
    #[doc(hidden)]
    const TABLES: KindTables<Self, Self::Code>;

    /// The token's place among the catalogue's tokens, in order of first
    /// appearance, from 0: its discriminant.
    fn index(self) -> usize;

    /// Every token of the catalogue, in order of first appearance.
    #[inline]
    fn all() -> &'static [Self] {
        Self::TABLES.all
    }

    /// The token as the published table prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::MissingInput.token(), "MISSING_INPUT");
    /// ```
    #[inline]
    fn token(self) -> &'static str {
        Self::TABLES.tokens.get(self.index()).copied().unwrap_or("")
    }

    /// The token as response bodies carry it, in lowercase.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::MissingInput.wire_token(), "missing_input");
    /// ```
    #[inline]
    fn wire_token(self) -> &'static str {
        Self::TABLES
            .wire_tokens
            .get(self.index())
            .copied()
            .unwrap_or("")
    }

    /// The codes of this token, in catalogue order.
    ///
    /// ```
    /// use errcat::{ErrorCode, ErrorKind};
    /// assert_eq!(
    ///     ErrorKind::InvalidInput.codes(),
    ///     [ErrorCode::InvalidHeaderInput, ErrorCode::InvalidParameterInput]
    /// );
    /// ```
    #[inline]
    fn codes(self) -> &'static [Self::Code] {
        KindRow::of(self).codes()
    }

    /// The variant's name, as `Debug` prints it.
    ///
    /// ```
    /// assert_eq!(errcat::ErrorKind::ScaRequired.name(), "ScaRequired");
    /// ```
    #[inline]
    fn name(self) -> &'static str {
        KindRow::of(self).part(errcat_core::layout::kind::NAME)
    }

    /// The kind whose token is `token` in any case, or `None`. No trimming,
    /// no allocation, constant time.
    ///
    /// ```
    /// use errcat::ErrorKind;
    /// assert_eq!(ErrorKind::from_token("access_denied"), Some(ErrorKind::AccessDenied));
    /// assert_eq!(ErrorKind::from_token("Access_Denied"), Some(ErrorKind::AccessDenied));
    /// assert_eq!(ErrorKind::from_token("access-denied"), None);
    /// ```
    #[inline]
    fn from_token(token: &str) -> Option<Self> {
        // The perfect hash was built over the tokens with every byte's case
        // bit set; the probe sets it in the input's words as it reads them,
        // and the compare lets only letters differ in it: nothing is copied.
        let tables = Self::TABLES;
        let at = tables
            .index
            .find_ignoring_case(token.as_bytes(), tables.wire_tokens)?;
        tables.all.get(at).copied()
    }

    /// Parses a token in any case, tolerating surrounding whitespace: what
    /// `FromStr` does.
    ///
    /// ```
    /// use errcat::{CatalogueKind, ErrorKind};
    /// assert_eq!(ErrorKind::parse_token(" sca_required "), Ok(ErrorKind::ScaRequired));
    /// ```
    #[inline]
    fn parse_token(text: &str) -> Result<Self, ParseKindError<Self>> {
        if let Some(kind) = Self::from_token(text) {
            return Ok(kind);
        }
        let trimmed = text.trim();
        Self::from_token(trimmed).ok_or_else(|| ParseKindError::new(trimmed))
    }
}

#[cfg(test)]
mod display_tests {
    #[test]
    fn a_catalogue_shows_on_one_line_whatever_its_name_holds() {
        let catalogue = crate::__private::catalogue(
            "Pay\u{202e}ments\u{2028}API",
            "payments",
            "1\u{200f}",
            "application/json",
            "/problems/",
            "",
            "Bearer",
            "payments.toml",
            &[],
            &["oauth"],
            "pis",
        );
        assert_eq!(
            catalogue.to_string(),
            "Pay\\u{202e}ments\\u{2028}API 1\\u{200f}"
        );
    }
}
