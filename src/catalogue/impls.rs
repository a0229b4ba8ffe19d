//! The standard, serde and strum traits of every generated enum, and the
//! inherent methods that spare users an import: one macro, expanded once in
//! each catalogue's module, whose every body calls the provided methods of
//! [`CatalogueCode`](super::CatalogueCode) and
//! [`CatalogueKind`](super::CatalogueKind).
//!
//! A crate cannot implement another crate's trait for a type parameter, so
//! errcat cannot write `impl<C: CatalogueCode> Display for C`; each catalogue
//! gets these one-line impls instead. They are not derived either: a derive
//! on an enum of ten thousand variants emits a `match` per trait over every
//! variant, seconds of compile time, where the tables already hold every
//! answer. `Clone`, `Eq`, `Ord` and `Hash` go through the discriminant,
//! which is what the derives would do; unlike derived ones, they do not make
//! constants of the type usable as patterns.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::{CatalogueCode, CatalogueKind};

/// Deserializes a code from its text, with `FromStr`'s rules.
pub fn deserialize_code<'de, C: CatalogueCode, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<C, D::Error> {
    struct CodeVisitor<C>(std::marker::PhantomData<C>);

    impl<C: CatalogueCode> Visitor<'_> for CodeVisitor<C> {
        type Value = C;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "an error code of the {} catalogue, such as {:?}",
                C::CATALOGUE.name(),
                C::all().first().map_or("", |code| code.code())
            )
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<C, E> {
            C::parse_code(text).map_err(E::custom)
        }
    }

    deserializer.deserialize_str(CodeVisitor(std::marker::PhantomData))
}

/// Deserializes a kind from its token, in any case.
pub fn deserialize_kind<'de, K: CatalogueKind, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<K, D::Error> {
    struct KindVisitor<K>(std::marker::PhantomData<K>);

    impl<K: CatalogueKind> Visitor<'_> for KindVisitor<K> {
        type Value = K;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "an error token of the {} catalogue, such as {:?}",
                <K::Code as CatalogueCode>::CATALOGUE.name(),
                K::all().first().map_or("", |kind| kind.wire_token())
            )
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<K, E> {
            K::parse_token(text).map_err(E::custom)
        }
    }

    deserializer.deserialize_str(KindVisitor(std::marker::PhantomData))
}

/// `Clone`, `Copy`, `PartialEq`, `Eq`, `PartialOrd`, `Ord` and `Hash` for a
/// generated enum, through its `u16` discriminant.
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_value_traits {
    ($name:ident) => {
        impl ::core::clone::Clone for $name {
            #[inline]
            fn clone(&self) -> Self {
                *self
            }
        }

        impl ::core::marker::Copy for $name {}

        impl ::core::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                *self as u16 == *other as u16
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::cmp::PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl ::core::cmp::Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                ::core::cmp::Ord::cmp(&(*self as u16), &(*other as u16))
            }
        }

        impl ::core::hash::Hash for $name {
            #[inline]
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                ::core::hash::Hash::hash(&(*self as u16), state);
            }
        }
    };
}

/// Every trait and inherent method of a catalogue's two enums, through
/// `CatalogueCode` and `CatalogueKind`. Expanded once per catalogue by its
/// generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_impl_catalogue {
    ($code:ident, $kind:ident) => {
        $crate::__errcat_value_traits!($code);
        $crate::__errcat_value_traits!($kind);

        impl $code {
            /// The code as the API sends it: see
            /// [`CatalogueCode::code`](errcat::CatalogueCode::code).
            #[inline]
            pub fn code(self) -> &'static str {
                <Self as $crate::CatalogueCode>::code(self)
            }

            /// The HTTP status the API answers with: see
            /// [`CatalogueCode::status`](errcat::CatalogueCode::status).
            #[inline]
            pub fn status(self) -> $crate::__private::http::StatusCode {
                <Self as $crate::CatalogueCode>::status(self)
            }

            /// The error token this code belongs to: see
            /// [`CatalogueCode::kind`](errcat::CatalogueCode::kind).
            #[inline]
            pub fn kind(self) -> $kind {
                <Self as $crate::CatalogueCode>::kind(self)
            }

            /// The description template, `{name}` marking each placeholder:
            /// see [`CatalogueCode::description`](errcat::CatalogueCode::description).
            #[inline]
            pub fn description(self) -> &'static str {
                <Self as $crate::CatalogueCode>::description(self)
            }

            /// The description as the published table prints it: see
            /// [`CatalogueCode::published_description`](errcat::CatalogueCode::published_description).
            #[inline]
            pub fn published_description(self) -> &'static str {
                <Self as $crate::CatalogueCode>::published_description(self)
            }

            /// When the API answers with this code: see
            /// [`CatalogueCode::scenario`](errcat::CatalogueCode::scenario).
            #[inline]
            pub fn scenario(self) -> &'static str {
                <Self as $crate::CatalogueCode>::scenario(self)
            }

            /// The names of the description's placeholders: see
            /// [`CatalogueCode::placeholders`](errcat::CatalogueCode::placeholders).
            #[inline]
            pub fn placeholders(self) -> &'static [&'static str] {
                <Self as $crate::CatalogueCode>::placeholders(self)
            }

            /// What to use instead, when the code is deprecated: see
            /// [`CatalogueCode::deprecation`](errcat::CatalogueCode::deprecation).
            #[inline]
            pub fn deprecation(self) -> ::core::option::Option<&'static str> {
                <Self as $crate::CatalogueCode>::deprecation(self)
            }

            /// Where the code is documented: see
            /// [`CatalogueCode::docs_url`](errcat::CatalogueCode::docs_url).
            #[inline]
            pub fn docs_url(self) -> ::core::option::Option<&'static str> {
                <Self as $crate::CatalogueCode>::docs_url(self)
            }

            /// The variant's name: see
            /// [`CatalogueCode::name`](errcat::CatalogueCode::name).
            #[inline]
            pub fn name(self) -> &'static str {
                <Self as $crate::CatalogueCode>::name(self)
            }

            /// The AIP-193 reason: see
            /// [`CatalogueCode::aip_reason`](errcat::CatalogueCode::aip_reason).
            #[inline]
            pub fn aip_reason(self) -> &'static str {
                <Self as $crate::CatalogueCode>::aip_reason(self)
            }

            /// The NextGenPSD2 message code: see
            /// [`CatalogueCode::berlin_group_code`](errcat::CatalogueCode::berlin_group_code).
            #[inline]
            pub fn berlin_group_code(self) -> ::core::option::Option<&'static str> {
                <Self as $crate::CatalogueCode>::berlin_group_code(self)
            }

            /// The code whose text is exactly `code`: see
            /// [`CatalogueCode::from_code`](errcat::CatalogueCode::from_code).
            #[inline]
            pub fn from_code(code: &str) -> ::core::option::Option<Self> {
                <Self as $crate::CatalogueCode>::from_code(code)
            }
        }

        impl $kind {
            /// The token as the published table prints it: see
            /// [`CatalogueKind::token`](errcat::CatalogueKind::token).
            #[inline]
            pub fn token(self) -> &'static str {
                <Self as $crate::CatalogueKind>::token(self)
            }

            /// The token as response bodies carry it, in lowercase: see
            /// [`CatalogueKind::wire_token`](errcat::CatalogueKind::wire_token).
            #[inline]
            pub fn wire_token(self) -> &'static str {
                <Self as $crate::CatalogueKind>::wire_token(self)
            }

            /// The codes of this token: see
            /// [`CatalogueKind::codes`](errcat::CatalogueKind::codes).
            #[inline]
            pub fn codes(self) -> &'static [$code] {
                <Self as $crate::CatalogueKind>::codes(self)
            }

            /// The variant's name: see
            /// [`CatalogueKind::name`](errcat::CatalogueKind::name).
            #[inline]
            pub fn name(self) -> &'static str {
                <Self as $crate::CatalogueKind>::name(self)
            }

            /// The kind whose token is `token` in any case: see
            /// [`CatalogueKind::from_token`](errcat::CatalogueKind::from_token).
            #[inline]
            pub fn from_token(token: &str) -> ::core::option::Option<Self> {
                <Self as $crate::CatalogueKind>::from_token(token)
            }
        }

        impl ::core::fmt::Display for $code {
            /// The code, as the API sends it.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.code())
            }
        }

        impl ::core::fmt::Debug for $code {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::core::fmt::Display for $kind {
            /// The token as the published table prints it: `MISSING_INPUT`.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.token())
            }
        }

        impl ::core::fmt::Debug for $kind {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::core::str::FromStr for $code {
            type Err = $crate::ParseCodeError<$code>;

            /// Parses a code, tolerating surrounding whitespace and nothing else.
            #[inline]
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as $crate::CatalogueCode>::parse_code(text)
            }
        }

        impl ::core::convert::TryFrom<&str> for $code {
            type Error = $crate::ParseCodeError<$code>;

            /// The same as `str::parse`.
            fn try_from(text: &str) -> ::core::result::Result<Self, Self::Error> {
                <Self as $crate::CatalogueCode>::parse_code(text)
            }
        }

        impl ::core::str::FromStr for $kind {
            type Err = $crate::ParseKindError<$kind>;

            /// Parses a token in any case, tolerating surrounding whitespace.
            #[inline]
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as $crate::CatalogueKind>::parse_token(text)
            }
        }

        impl ::core::convert::TryFrom<&str> for $kind {
            type Error = $crate::ParseKindError<$kind>;

            /// The same as `str::parse`.
            fn try_from(text: &str) -> ::core::result::Result<Self, Self::Error> {
                <Self as $crate::CatalogueKind>::parse_token(text)
            }
        }

        impl ::core::convert::From<$crate::ApiError<$code>> for $code {
            fn from(error: $crate::ApiError<$code>) -> $code {
                error.code()
            }
        }

        impl $crate::__private::serde::Serialize for $code {
            /// Serializes as the code's text: `"GEN-1203-100003"`.
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $code {
            /// Deserializes from the code's text, with `FromStr`'s rules.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_code(deserializer)
            }
        }

        impl $crate::__private::serde::Serialize for $kind {
            /// Serializes as on the wire: `"missing_input"`.
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.wire_token())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $kind {
            /// Deserializes from the token in any case.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_kind(deserializer)
            }
        }

        $crate::__errcat_strum!($code, code, codes, $crate::CatalogueCode);
        $crate::__errcat_strum!($kind, token, tokens, $crate::CatalogueKind);

        impl $crate::__private::strum::EnumMessage for $code {
            /// The description template.
            fn get_message(&self) -> ::core::option::Option<&'static str> {
                ::core::option::Option::Some(self.description())
            }

            /// The scenario, when the catalogue gives one.
            fn get_detailed_message(&self) -> ::core::option::Option<&'static str> {
                ::core::option::Option::Some(self.scenario())
                    .filter(|scenario| !scenario.is_empty())
            }

            fn get_documentation(&self) -> ::core::option::Option<&'static str> {
                ::core::option::Option::None
            }

            /// The one text the code parses from.
            fn get_serializations(&self) -> &'static [&'static str] {
                let codes = <Self as $crate::CatalogueCode>::TABLES.codes;
                let index = <Self as $crate::CatalogueCode>::index(*self);
                codes.get(index..index + 1).unwrap_or_default()
            }
        }
    };
}

/// strum's traits from the tables, with the same text for `AsRef<str>`,
/// `&'static str::from` and `VariantNames` as `Display` and `FromStr` use.
#[doc(hidden)]
#[macro_export]
macro_rules! __errcat_strum {
    ($enum:ident, $text:ident, $texts:ident, $trait:path) => {
        impl $crate::__private::strum::EnumCount for $enum {
            const COUNT: usize = $enum::COUNT;
        }

        impl $crate::__private::strum::VariantArray for $enum {
            const VARIANTS: &'static [Self] = <Self as $trait>::TABLES.all;
        }

        impl $crate::__private::strum::IntoEnumIterator for $enum {
            type Iterator = ::core::iter::Copied<::core::slice::Iter<'static, $enum>>;

            fn iter() -> Self::Iterator {
                <Self as $trait>::TABLES.all.iter().copied()
            }
        }

        impl $crate::__private::strum::VariantNames for $enum {
            const VARIANTS: &'static [&'static str] = <Self as $trait>::TABLES.$texts;
        }

        impl ::core::convert::AsRef<str> for $enum {
            fn as_ref(&self) -> &str {
                self.$text()
            }
        }

        impl ::core::convert::From<$enum> for &'static str {
            fn from(value: $enum) -> Self {
                value.$text()
            }
        }
    };
}
