//! What errcat's three sides must agree on, written once.
//!
//! errcat is a generator (`errcat-build`, run by a crate's build script), a
//! derive (`errcat-macros`) and a runtime (`errcat`). Each catalogue's tables
//! are written by the first and read by the last; codes named in a derive are
//! checked by the second. Whatever two of them must do the same way lives
//! here, so that it cannot drift:
//!
//! - [`layout`]: the columns of the generated integer tables and how their
//!   numbers are stored;
//! - [`formats`]: the names of the built-in wire formats and the rules of
//!   their standards that a catalogue is checked against (the bytes of each
//!   format are errcat's alone);
//! - [`phf`]: the perfect hash the generator builds and the runtime probes;
//! - [`syntax`]: what a code, a token and an OAuth error description may contain;
//! - [`suggest`]: the "did you mean" rule, the same for the build, the derive,
//!   the parsers and the command line;
//! - [`markdown`]: the catalogue as a Markdown table (rustdoc and the library);
//! - [`roles`]: the roles a row can play for a server (`[roles]`);
//! - [`log_safe`]: outside text shown on one line, in errcat's `Display`s
//!   and the generator's and the derive's messages.
//!
//! This crate is an implementation detail of errcat; its API follows
//! errcat's needs and may change in any release. errcat, errcat-build and
//! errcat-macros pin it to one exact version.

#![forbid(unsafe_code)]

pub mod formats;
pub mod layout;
pub mod log_safe;
pub mod markdown;
pub mod phf;
pub mod roles;
pub mod suggest;
pub mod syntax;
