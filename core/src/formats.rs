//! The wire formats a catalogue can speak, by name, and the rules of the
//! standards behind them that the generator checks a catalogue against.
//!
//! Which bytes a format writes is errcat's business (`errcat::format`, one
//! module per format); what the generator must know is only which names a
//! catalogue's `formats` may list and what a row must then carry: the Berlin
//! Group message code, the AIP-193 reason, the metadata key of each
//! placeholder.

/// The name of the OAuth-style body of RFC 6749, section 5.2, with the
/// code beside the token.
pub const OAUTH: &str = "oauth";
/// The name of the RFC 9457 problem document.
pub const PROBLEM: &str = "problem";
/// The name of Google's AIP-193 body, the HTTP mapping of `google.rpc.Status`.
pub const AIP_193: &str = "aip-193";
/// The name of the JSON:API 1.1 error document.
pub const JSON_API: &str = "json-api";
/// The name of the Berlin Group NextGenPSD2 body.
pub const BERLIN_GROUP: &str = "berlin-group";

/// Every format errcat has built in, by the name a catalogue's `formats`
/// lists it under.
pub const BUILTIN: [&str; 5] = [OAUTH, PROBLEM, AIP_193, JSON_API, BERLIN_GROUP];

/// What a catalogue speaks when it does not say: the OAuth-style body, then
/// the problem document.
pub const DEFAULT: [&str; 2] = [OAUTH, PROBLEM];

/// Google's AIP-193: the reason of an error's details and the keys of its
/// metadata.
pub mod aip193 {
    /// The longest a reason may be.
    pub const MAX_REASON_LEN: usize = 63;

    /// The longest a metadata key may be.
    pub const MAX_KEY_LEN: usize = 64;

    /// Whether `reason` follows AIP-193's rule for a reason:
    /// UPPER_SNAKE_CASE matching `[A-Z][A-Z0-9_]+[A-Z0-9]`, at most
    /// [`MAX_REASON_LEN`] characters.
    ///
    /// ```
    /// use errcat_core::formats::aip193::is_reason;
    /// assert!(is_reason("MISSING_HEADER_INPUT"));
    /// assert!(is_reason("AB1"));
    /// assert!(!is_reason("AB"));
    /// assert!(!is_reason("MISSING_"));
    /// assert!(!is_reason("1MISSING"));
    /// assert!(!is_reason("Missing"));
    /// assert!(!is_reason(&"A".repeat(64)));
    /// ```
    pub fn is_reason(reason: &str) -> bool {
        let bytes = reason.as_bytes();
        let inner = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_';
        bytes.len() >= 3
            && bytes.len() <= MAX_REASON_LEN
            && bytes[0].is_ascii_uppercase()
            && bytes.iter().all(inner)
            && bytes[bytes.len() - 1] != b'_'
    }

    /// The reason of a row that does not set one: its variant's name in
    /// UPPER_SNAKE_CASE (`MissingHeaderInput` gives `MISSING_HEADER_INPUT`),
    /// unique within a catalogue because variant names are, and cut to
    /// [`MAX_REASON_LEN`].
    ///
    /// ```
    /// use errcat_core::formats::aip193::default_reason;
    /// assert_eq!(default_reason("MissingHeaderInput"), "MISSING_HEADER_INPUT");
    /// assert_eq!(default_reason("Error1Code"), "ERROR1_CODE");
    /// assert_eq!(default_reason("SslValidationFailed"), "SSL_VALIDATION_FAILED");
    /// ```
    pub fn default_reason(variant: &str) -> String {
        let mut reason = String::with_capacity(variant.len() + 8);
        for (index, c) in variant.char_indices() {
            if c.is_ascii_uppercase() && index > 0 {
                reason.push('_');
            }
            reason.push(c.to_ascii_uppercase());
        }
        while reason.len() > MAX_REASON_LEN || reason.ends_with('_') {
            reason.pop();
        }
        reason
    }

    /// The metadata key of a placeholder: its name in lowerCamelCase
    /// (`account_id` gives `accountId`), as AIP-193 wants keys.
    ///
    /// ```
    /// use errcat_core::formats::aip193::metadata_key;
    /// assert_eq!(metadata_key("input"), "input");
    /// assert_eq!(metadata_key("account_id"), "accountId");
    /// assert_eq!(metadata_key("max_2_items"), "max2Items");
    /// ```
    pub fn metadata_key(placeholder: &str) -> String {
        let mut key = String::with_capacity(placeholder.len());
        let mut upper = false;
        for c in placeholder.chars() {
            if c == '_' {
                upper = !key.is_empty();
                continue;
            }
            if upper {
                key.push(c.to_ascii_uppercase());
            } else {
                key.push(c);
            }
            upper = false;
        }
        key
    }

    /// Whether `key` is a metadata key AIP-193 accepts: lowerCamelCase,
    /// `[a-z][a-zA-Z0-9]+`, at most [`MAX_KEY_LEN`] characters.
    ///
    /// ```
    /// use errcat_core::formats::aip193::is_metadata_key;
    /// assert!(is_metadata_key("accountId"));
    /// assert!(!is_metadata_key("x"));
    /// assert!(!is_metadata_key("AccountId"));
    /// ```
    pub fn is_metadata_key(key: &str) -> bool {
        let bytes = key.as_bytes();
        bytes.len() >= 2
            && bytes.len() <= MAX_KEY_LEN
            && bytes[0].is_ascii_lowercase()
            && bytes.iter().all(u8::is_ascii_alphanumeric)
    }
}

/// The Berlin Group's NextGenPSD2 framework: the message codes its error
/// bodies carry for each TPP message, which the standard fixes per HTTP
/// status and per service, as its OpenAPI file's `MessageCodeNNN_AIS` and
/// `MessageCodeNNN_PIS` enumerations list them.
pub mod berlin_group {
    /// The services whose message codes differ: account information (AIS)
    /// and payment initiation (PIS).
    pub const SERVICES: [&str; 2] = ["ais", "pis"];

    /// The service a catalogue belongs to when it does not say.
    pub const DEFAULT_SERVICE: &str = "ais";

    /// The longest `text` of a TPP message, in characters.
    pub const MAX_TEXT_LEN: usize = 500;

    const AIS_400: &[&str] = &[
        "FORMAT_ERROR",
        "PARAMETER_NOT_CONSISTENT",
        "PARAMETER_NOT_SUPPORTED",
        "SERVICE_INVALID",
        "RESOURCE_UNKNOWN",
        "RESOURCE_EXPIRED",
        "RESOURCE_BLOCKED",
        "TIMESTAMP_INVALID",
        "PERIOD_INVALID",
        "SCA_METHOD_UNKNOWN",
        "SCA_INVALID",
        "CONSENT_UNKNOWN",
        "SESSIONS_NOT_SUPPORTED",
    ];
    const PIS_400: &[&str] = &[
        "FORMAT_ERROR",
        "PARAMETER_NOT_CONSISTENT",
        "PARAMETER_NOT_SUPPORTED",
        "SERVICE_INVALID",
        "RESOURCE_UNKNOWN",
        "RESOURCE_EXPIRED",
        "RESOURCE_BLOCKED",
        "TIMESTAMP_INVALID",
        "PERIOD_INVALID",
        "SCA_METHOD_UNKNOWN",
        "SCA_INVALID",
        "CONSENT_UNKNOWN",
        "PAYMENT_FAILED",
        "EXECUTION_DATE_INVALID",
    ];
    // The OpenAPI file spells one code `CERTIFICATE_REVOKE`, the
    // specification's text `CERTIFICATE_REVOKED`: both are accepted.
    const ANY_401: &[&str] = &[
        "CERTIFICATE_INVALID",
        "ROLE_INVALID",
        "CERTIFICATE_EXPIRED",
        "CERTIFICATE_BLOCKED",
        "CERTIFICATE_REVOKED",
        "CERTIFICATE_REVOKE",
        "CERTIFICATE_MISSING",
        "SIGNATURE_INVALID",
        "SIGNATURE_MISSING",
        "CORPORATE_ID_INVALID",
        "PSU_CREDENTIALS_INVALID",
        "CONSENT_INVALID",
        "CONSENT_EXPIRED",
        "TOKEN_UNKNOWN",
        "TOKEN_INVALID",
        "TOKEN_EXPIRED",
    ];
    // The OpenAPI file's payment initiation codes for 401 add one.
    const PIS_401: &[&str] = &{
        let mut codes = [""; 17];
        let mut index = 0;
        while index < ANY_401.len() {
            codes[index] = ANY_401[index];
            index += 1;
        }
        codes[index] = "KID_MISSING";
        codes
    };
    const AIS_403: &[&str] = &[
        "CONSENT_UNKNOWN",
        "SERVICE_BLOCKED",
        "RESOURCE_UNKNOWN",
        "RESOURCE_EXPIRED",
    ];
    const PIS_403: &[&str] = &[
        "CONSENT_UNKNOWN",
        "SERVICE_BLOCKED",
        "RESOURCE_UNKNOWN",
        "RESOURCE_EXPIRED",
        "PRODUCT_INVALID",
    ];
    const AIS_404: &[&str] = &["RESOURCE_UNKNOWN"];
    const PIS_404: &[&str] = &["RESOURCE_UNKNOWN", "PRODUCT_UNKNOWN"];
    const ANY_405: &[&str] = &["SERVICE_INVALID"];
    const ANY_406: &[&str] = &["REQUESTED_FORMATS_INVALID"];
    const ANY_409: &[&str] = &["STATUS_INVALID"];
    const ANY_429: &[&str] = &["ACCESS_EXCEEDED"];

    /// The message codes the standard allows for `status` in `service`
    /// (`"ais"` or `"pis"`), or `None` for a status it fixes no codes for
    /// (415, the 5xx statuses, a status of the API's own): a row of such a
    /// status carries a code of the API's own, in the same UPPER_SNAKE form.
    ///
    /// ```
    /// use errcat_core::formats::berlin_group::message_codes;
    /// assert!(message_codes("ais", 400).unwrap().contains(&"FORMAT_ERROR"));
    /// assert!(!message_codes("ais", 400).unwrap().contains(&"PAYMENT_FAILED"));
    /// assert!(message_codes("pis", 400).unwrap().contains(&"PAYMENT_FAILED"));
    /// assert_eq!(message_codes("ais", 429), Some(&["ACCESS_EXCEEDED"][..]));
    /// assert_eq!(message_codes("ais", 500), None);
    /// assert!(message_codes("pis", 401).unwrap().contains(&"KID_MISSING"));
    /// assert!(!message_codes("ais", 401).unwrap().contains(&"KID_MISSING"));
    /// ```
    pub fn message_codes(service: &str, status: u16) -> Option<&'static [&'static str]> {
        let pis = service == "pis";
        Some(match status {
            400 if pis => PIS_400,
            400 => AIS_400,
            401 if pis => PIS_401,
            401 => ANY_401,
            403 if pis => PIS_403,
            403 => AIS_403,
            404 if pis => PIS_404,
            404 => AIS_404,
            405 => ANY_405,
            406 => ANY_406,
            409 => ANY_409,
            429 => ANY_429,
            _ => return None,
        })
    }

    /// Whether `code` has the form of a message code: uppercase letters and
    /// digits joined by `_`, starting with a letter.
    ///
    /// ```
    /// use errcat_core::formats::berlin_group::is_message_code;
    /// assert!(is_message_code("FORMAT_ERROR"));
    /// assert!(!is_message_code("format_error"));
    /// assert!(!is_message_code("_ERROR"));
    /// ```
    pub fn is_message_code(code: &str) -> bool {
        code.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && crate::syntax::is_token(code)
            && code.len() <= 70
    }
}
