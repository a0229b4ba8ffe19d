//! The modules of the `errcat` command, a library only so that its fuzz
//! targets and benchmarks reach them: not an API to depend on (see
//! `errcat --help` for the command, and the errcat crate for the library).

#[doc(hidden)]
pub mod cache;
#[doc(hidden)]
pub mod cli;
mod import;
mod lint;
#[doc(hidden)]
pub mod set;
mod trust;
