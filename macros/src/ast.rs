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
                for attr in catalogue_attrs(&node.attrs) {
                    push(
                        &mut errors,
                        Error::new_spanned(
                            attr,
                            "#[catalogue] goes on each variant of an enum, not on the enum: each variant answers with its own code",
                        ),
                    );
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
            Ok(parsed) => attr = Some(parsed),
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
