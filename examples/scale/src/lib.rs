//! A catalogue of any size: see `build.rs`.

errcat::include_catalogue!(pub mod one);

#[cfg(feature = "two")]
errcat::include_catalogue!(pub mod two);
