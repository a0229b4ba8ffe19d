//! strum's traits, implemented from the generated tables.
//!
//! strum's derives would emit a `match` per trait over every variant, which
//! at ten thousand codes costs seconds of compile time; the tables already
//! hold the answers, so these impls only read them.

use std::iter::Copied;
use std::slice::Iter;

use strum::{EnumCount, EnumMessage, IntoEnumIterator, VariantArray, VariantNames};

use crate::catalogue::{ALL_CODES, ALL_KINDS, CODES, TOKENS};
use crate::{ErrorCode, ErrorKind};

/// The same text for `AsRef<str>`, `&'static str::from` and strum's
/// `VariantNames` as `Display` and `FromStr` use: the code or the token.
macro_rules! table_backed_enum {
    ($enum:ident, $key:ident, $all:ident, $names:ident) => {
        impl EnumCount for $enum {
            const COUNT: usize = $enum::COUNT;
        }

        impl VariantArray for $enum {
            const VARIANTS: &'static [Self] = &$all;
        }

        impl IntoEnumIterator for $enum {
            type Iterator = Copied<Iter<'static, $enum>>;

            fn iter() -> Self::Iterator {
                $all.iter().copied()
            }
        }

        impl VariantNames for $enum {
            const VARIANTS: &'static [&'static str] = &$names;
        }

        impl AsRef<str> for $enum {
            fn as_ref(&self) -> &str {
                self.$key()
            }
        }

        impl From<$enum> for &'static str {
            fn from(value: $enum) -> Self {
                value.$key()
            }
        }
    };
}

table_backed_enum!(ErrorCode, code, ALL_CODES, CODES);
table_backed_enum!(ErrorKind, token, ALL_KINDS, TOKENS);

impl EnumMessage for ErrorCode {
    /// The description template.
    fn get_message(&self) -> Option<&'static str> {
        Some(self.description())
    }

    /// The scenario, when the catalogue gives one.
    fn get_detailed_message(&self) -> Option<&'static str> {
        Some(self.scenario()).filter(|scenario| !scenario.is_empty())
    }

    fn get_documentation(&self) -> Option<&'static str> {
        None
    }

    /// The one text the code parses from.
    fn get_serializations(&self) -> &'static [&'static str] {
        std::slice::from_ref(&CODES[*self as usize])
    }
}
