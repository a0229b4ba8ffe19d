//! The roles a catalogue's rows can play for a server (errcat's `Roles`
//! trait): the generator reads them from a `[roles]` table and implements
//! the trait's constants, one a role.

/// Every role, as the `[roles]` table names it. The trait's constant is the
/// name in capitals.
pub const ROLES: [&str; 9] = [
    "missing_header",
    "invalid_header",
    "missing_input",
    "invalid_input",
    "unsupported_media_type",
    "payload_too_large",
    "not_found",
    "method_not_allowed",
    "internal",
];

/// The roles a `[roles]` table must give: the others fall back to them.
pub const REQUIRED_ROLES: [&str; 2] = ["invalid_input", "internal"];

/// The most placeholders a row playing a role may have: the one the
/// offending name fills.
pub const MAX_ROLE_PLACEHOLDERS: usize = 1;
