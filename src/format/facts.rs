//! What a format writes a body from: the facts of one error, whoever holds
//! them (an [`ApiError`] of a generated catalogue, or an [`Example`] of a
//! row of any catalogue, for the docs page and the OpenAPI document).

use std::borrow::Cow;

use http::StatusCode;

use errcat_core::formats::aip193;

use crate::catalogue::tables::Row;
use crate::table::Entry;
use crate::{ApiError, Catalogue, CatalogueCode, CatalogueKind, wire};

/// The facts of one error that a [`WireFormat`](super::WireFormat) writes
/// its body from. Implemented by [`ApiError`] of every catalogue and by
/// [`Example`].
///
/// The description and values are offered in their wire form: printable
/// ASCII without `"` or `\`, each value percent-encoded into RFC 6749's
/// character set, cut to [`ApiError::MAX_WIRE_VALUE`] bytes, and a private
/// value replaced by its published form unless the error is public. They
/// need no JSON escaping. The other texts come from the catalogue.
pub trait ErrorFacts {
    /// The catalogue the error belongs to.
    fn catalogue(&self) -> &Catalogue;

    /// The code as the API sends it: `GEN-1201-100001`.
    fn code(&self) -> &str;

    /// The HTTP status.
    fn status(&self) -> StatusCode;

    /// The error token as the table prints it: `MISSING_INPUT`.
    fn token(&self) -> &str;

    /// The description as the table publishes it, the same for every
    /// occurrence: `Missing required header input 'INPUT'`.
    fn title(&self) -> &str;

    /// The row's AIP-193 reason.
    fn reason(&self) -> &str;

    /// The row's Berlin Group message code, when it has one.
    fn berlin_group(&self) -> Option<&str>;

    /// Appends this occurrence's description, placeholders filled, in its
    /// wire form.
    fn write_description(&self, out: &mut Vec<u8>);

    /// How many placeholders the description has.
    fn value_count(&self) -> usize;

    /// The name of placeholder `slot`, in the order of
    /// [`value_count`](Self::value_count).
    fn placeholder(&self, slot: usize) -> &str;

    /// The metadata key of placeholder `slot`: its name in lowerCamelCase.
    fn metadata_key(&self, slot: usize) -> Cow<'_, str> {
        Cow::Owned(aip193::metadata_key(self.placeholder(slot)))
    }

    /// Appends the value of placeholder `slot` in its wire form.
    fn write_value(&self, slot: usize, out: &mut Vec<u8>);

    /// The token as bodies carry it, in lowercase.
    fn wire_token(&self) -> Cow<'_, str> {
        Cow::Owned(self.token().to_ascii_lowercase())
    }

    /// The description as a `String`; see
    /// [`write_description`](Self::write_description).
    fn description(&self) -> String {
        let mut out = Vec::new();
        self.write_description(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

impl<C: CatalogueCode> ErrorFacts for ApiError<C> {
    #[inline]
    fn catalogue(&self) -> &Catalogue {
        C::CATALOGUE
    }

    #[inline]
    fn code(&self) -> &str {
        self.code().code()
    }

    #[inline]
    fn status(&self) -> StatusCode {
        self.code().status()
    }

    #[inline]
    fn token(&self) -> &str {
        self.kind().token()
    }

    #[inline]
    fn title(&self) -> &str {
        self.code().published_description()
    }

    #[inline]
    fn reason(&self) -> &str {
        Row::of(self.code()).reason()
    }

    #[inline]
    fn berlin_group(&self) -> Option<&str> {
        Row::of(self.code()).berlin_group()
    }

    #[inline]
    fn write_description(&self, out: &mut Vec<u8>) {
        let row = Row::of(self.code());
        out.extend_from_slice(row.head_bytes());
        if row.gap_count() != 0 {
            self.write_gaps(row.gaps(), out);
        }
    }

    #[inline]
    fn value_count(&self) -> usize {
        self.code().placeholders().len()
    }

    #[inline]
    fn placeholder(&self, slot: usize) -> &str {
        self.code().placeholders().get(slot).copied().unwrap_or("")
    }

    #[inline]
    fn metadata_key(&self, slot: usize) -> Cow<'_, str> {
        Cow::Borrowed(
            Row::of(self.code())
                .placeholder_keys()
                .get(slot)
                .copied()
                .unwrap_or(""),
        )
    }

    #[inline]
    fn write_value(&self, slot: usize, out: &mut Vec<u8>) {
        wire::encode_into(self.wire_value(slot), out);
    }

    #[inline]
    fn wire_token(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.kind().wire_token())
    }
}

/// The example of a row that the docs page and the OpenAPI document show:
/// the row's facts with each placeholder's published form for its value
/// (`'INPUT'`), for a row of any catalogue, generated or read at run time.
///
/// ```
/// use errcat::format::{self, Example, WireFormat};
/// use errcat::table::Entry;
///
/// let entry = Entry::of(errcat::ErrorCode::MissingHeaderInput);
/// let example = Example::new(&errcat::CATALOGUE, &entry);
/// assert_eq!(
///     format::OAUTH.to_body(&example),
///     r#"{"error":"missing_input","error_code":"GEN-1201-100001","error_description":"Missing required header input 'INPUT'"}"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Example<'e> {
    catalogue: &'e Catalogue,
    entry: &'e Entry<'e>,
    /// Each placeholder's published form, in the order of the entry's
    /// placeholders.
    values: Vec<String>,
}

impl<'e> Example<'e> {
    /// The example of `entry`, a row of `catalogue`.
    pub fn new(catalogue: &'e Catalogue, entry: &'e Entry<'e>) -> Example<'e> {
        let values = published_values(entry.description, entry.published, &entry.placeholders)
            .unwrap_or_else(|| {
                entry
                    .placeholders
                    .iter()
                    .map(|name| name.to_ascii_uppercase())
                    .collect()
            });
        Example {
            catalogue,
            entry,
            values,
        }
    }
}

/// What stands in the published description where each placeholder of the
/// template goes: the template's literal pieces matched against it (the
/// published description drops a trailing space, which is put back for a
/// template that ends in an empty published form).
fn published_values(template: &str, published: &str, names: &[&str]) -> Option<Vec<String>> {
    let mut values: Vec<Option<String>> = vec![None; names.len()];
    let padded = format!("{published} ");
    'attempt: for text in [published, padded.as_str()] {
        values.iter_mut().for_each(|value| *value = None);
        let mut rest = text;
        let mut pieces = template.split('{');
        let head = pieces.next().unwrap_or("");
        let Some(after) = rest.strip_prefix(head) else {
            continue;
        };
        rest = after;
        let gaps: Vec<(&str, &str)> = pieces.filter_map(|gap| gap.split_once('}')).collect();
        for (index, (name, piece)) in gaps.iter().enumerate() {
            let last = index + 1 == gaps.len();
            let (value, after) = if last {
                match rest.strip_suffix(piece) {
                    Some(value) => (value, ""),
                    None => continue 'attempt,
                }
            } else if piece.is_empty() {
                continue 'attempt;
            } else {
                match rest.find(piece) {
                    Some(at) => (&rest[..at], &rest[at + piece.len()..]),
                    None => continue 'attempt,
                }
            };
            if let Some(slot) = names.iter().position(|known| known == name) {
                values[slot].get_or_insert_with(|| value.to_owned());
            }
            rest = after;
        }
        return values.into_iter().collect();
    }
    None
}

impl ErrorFacts for Example<'_> {
    fn catalogue(&self) -> &Catalogue {
        self.catalogue
    }

    fn code(&self) -> &str {
        self.entry.code
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.entry.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn token(&self) -> &str {
        self.entry.error
    }

    fn title(&self) -> &str {
        self.entry.published
    }

    fn reason(&self) -> &str {
        self.entry.reason
    }

    fn berlin_group(&self) -> Option<&str> {
        self.entry.berlin_group
    }

    fn write_description(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.entry.published.as_bytes());
    }

    fn value_count(&self) -> usize {
        self.entry.placeholders.len()
    }

    fn placeholder(&self, slot: usize) -> &str {
        self.entry.placeholders.get(slot).copied().unwrap_or("")
    }

    fn write_value(&self, slot: usize, out: &mut Vec<u8>) {
        wire::encode_into(self.values.get(slot).map_or("", String::as_str), out);
    }
}
