//! A typed view of the derive input that keeps the user's tokens, so every
//! error can point at them.

use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Error, Fields, Ident, Member, Result};

use crate::attr::{Attr, push};

/// What the derive is on.
pub enum Input<'a> {
    Struct(Item<'a>),
    Enum(Vec<Item<'a>>),
}

/// The catalogue a type attaches to: the `module = path` of its enum's
/// `#[catalogue]`, or of its struct's; `None` for errcat's own. Read before
/// anything else is checked, since the rows to check against come from it;
/// a malformed attribute is left for [`Input::from_syn`] to report.
pub fn module(node: &DeriveInput) -> Option<syn::Path> {
    catalogue_attrs(&node.attrs)
        .filter_map(|attr| Attr::parse(attr).ok())
        .find_map(|attr| attr.module)
}

/// A struct, or one variant of an enum: something that answers with one code.
pub struct Item<'a> {
    pub ident: &'a Ident,
    pub fields: &'a Fields,
    pub attr: Option<Attr<'a>>,
    /// The field marked `#[source]`.
    pub source: Option<Member>,
    /// `true` for an enum's variant.
    pub is_variant: bool,
}

impl<'a> Input<'a> {
    pub fn from_syn(node: &'a DeriveInput) -> Result<Input<'a>> {
        let mut errors = None;
        let input = match &node.data {
            Data::Struct(data) => Input::Struct(item(
                &node.ident,
                &node.attrs,
                &data.fields,
                false,
                &mut errors,
            )),
            Data::Enum(data) => {
                let mut seen = false;
                for original in catalogue_attrs(&node.attrs) {
                    let attr = match Attr::parse(original) {
                        Ok(attr) => attr,
                        Err(error) => {
                            push(&mut errors, error);
                            continue;
                        }
                    };
                    if attr.code.is_some() || attr.scenario.is_some() || !attr.values.is_empty() {
                        push(
                            &mut errors,
                            Error::new_spanned(
                                original,
                                "#[catalogue(code = ..., scenario = ...)] goes on each variant of an enum, not on the enum: each variant answers with its own code; the enum's #[catalogue] may only name its catalogue, as `module = path`",
                            ),
                        );
                    } else if seen {
                        push(
                            &mut errors,
                            Error::new_spanned(
                                original,
                                "a second #[catalogue] on the enum: name the catalogue once",
                            ),
                        );
                    }
                    seen = true;
                }
                Input::Enum(
                    data.variants
                        .iter()
                        .map(|variant| {
                            item(
                                &variant.ident,
                                &variant.attrs,
                                &variant.fields,
                                true,
                                &mut errors,
                            )
                        })
                        .collect(),
                )
            }
            Data::Union(data) => {
                return Err(Error::new(
                    data.union_token.span(),
                    "#[derive(Catalogued)] is for structs and enums, not unions: a union cannot tell which of its fields holds the error",
                ));
            }
        };
        match errors {
            Some(errors) => Err(errors),
            None => Ok(input),
        }
    }
}

fn catalogue_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("catalogue"))
}

fn item<'a>(
    ident: &'a Ident,
    attrs: &'a [Attribute],
    fields: &'a Fields,
    is_variant: bool,
    errors: &mut Option<Error>,
) -> Item<'a> {
    let mut attr = None;
    for original in catalogue_attrs(attrs) {
        if attr.is_some() {
            push(
                errors,
                Error::new_spanned(
                    original,
                    "a second #[catalogue]: give one per item, with all its keys",
                ),
            );
            continue;
        }
        match Attr::parse(original) {
            Ok(parsed) => {
                if is_variant {
                    if let Some(module) = &parsed.module {
                        push(
                            errors,
                            Error::new_spanned(
                                module,
                                "`module` goes on the enum, not on a variant: all the variants of a type attach to one catalogue",
                            ),
                        );
                    }
                }
                attr = Some(parsed);
            }
            Err(error) => push(errors, error),
        }
    }
    let mut source = None;
    for (index, field) in fields.iter().enumerate() {
        for misplaced in catalogue_attrs(&field.attrs) {
            push(
                errors,
                Error::new_spanned(
                    misplaced,
                    "#[catalogue] goes on the struct or the enum variant, not on a field; to fill a placeholder from this field, write `name = field` there",
                ),
            );
        }
        if let Some(marker) = field
            .attrs
            .iter()
            .find(|attr| attr.path().is_ident("source"))
        {
            if source.is_some() {
                push(
                    errors,
                    Error::new_spanned(marker, "a second #[source]: an error has one source"),
                );
                continue;
            }
            source = Some(match &field.ident {
                Some(name) => Member::Named(name.clone()),
                None => Member::Unnamed(syn::Index {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    span: field.span(),
                }),
            });
        }
    }
    Item {
        ident,
        fields,
        attr,
        source,
        is_variant,
    }
}
