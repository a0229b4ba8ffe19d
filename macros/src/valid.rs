//! What an attribute means, checked against the catalogue: the code exists,
//! the scenario is there, every placeholder gets exactly one value and every
//! field named exists. Each mistake is one error on the user's own tokens.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Error, Fields, Ident, LitStr, Member, Result};

use crate::ast::{Input, Item};
use crate::attr::{CodeRef, Value, push};
use errcat_core::log_safe::LogSafe;
use errcat_core::suggest::closest;

use crate::catalogue::{Catalogue, Row};

/// An item whose attribute passed every check.
pub struct Resolved<'a> {
    pub ident: &'a Ident,
    pub fields: &'a Fields,
    pub is_variant: bool,
    /// The `ErrorCode` variant, spanned at the user's code.
    pub code: Ident,
    /// The code as the user wrote it, when written as a path: the expansion
    /// uses it, so an import made for it counts as used.
    pub code_path: Option<syn::Path>,
    /// The catalogue marks the code `deprecated`: naming it warns.
    pub deprecated: bool,
    pub scenario: LitStr,
    /// One value per placeholder, in the order of the code's description.
    pub values: Vec<&'a Value>,
    pub source: Option<Member>,
}

pub fn check<'a>(input: &'a Input<'a>, catalogue: &Catalogue) -> Result<Vec<Resolved<'a>>> {
    let items: Vec<&Item<'_>> = match input {
        Input::Struct(item) => vec![item],
        Input::Enum(items) => items.iter().collect(),
    };
    let mut errors = None;
    let mut resolved = Vec::with_capacity(items.len());
    for item in items {
        match check_item(item, catalogue) {
            Ok(item) => resolved.push(item),
            Err(error) => push(&mut errors, error),
        }
    }
    match errors {
        Some(errors) => Err(errors),
        None => Ok(resolved),
    }
}

fn check_item<'a>(item: &'a Item<'a>, catalogue: &Catalogue) -> Result<Resolved<'a>> {
    let Some(attr) = &item.attr else {
        let what = if item.is_variant { "variant" } else { "struct" };
        return Err(Error::new(
            item.ident.span(),
            format!(
                "{what} `{}` has no #[catalogue(code = \"...\", scenario = \"...\")]: every value must answer with a catalogue code",
                item.ident
            ),
        ));
    };
    let mut errors = None;

    let row = match &attr.code {
        None => None,
        Some(code) => match resolve_code(code, catalogue) {
            Ok(row) => Some((row, code_span(code))),
            Err(error) => {
                push(&mut errors, error);
                None
            }
        },
    };
    let needed: Option<&[String]> = row.map(|(row, _)| row.placeholders.as_slice());

    // Keys that are neither `code`, `scenario` nor a placeholder of the code.
    // A misspelling is reported once, with its correction; the key it was
    // meant to be is then not reported missing as well.
    let mut misspelt: Vec<&str> = Vec::new();
    for (key, _) in &attr.values {
        let name = key.to_string();
        if needed.is_some_and(|needed| needed.contains(&name)) {
            continue;
        }
        let candidates = needed
            .unwrap_or_default()
            .iter()
            .map(String::as_str)
            .chain(["code", "scenario"]);
        let near = closest(&name, candidates);
        let hint = near.map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
        match (row, near) {
            (_, Some(near @ ("code" | "scenario"))) => {
                misspelt.push(near);
                push(
                    &mut errors,
                    Error::new(
                        key.span(),
                        format!(
                            "unknown key `{name}`: expected `code`, `scenario` or a placeholder of the code{hint}"
                        ),
                    ),
                );
            }
            // Without a code there is no telling which placeholders it has.
            (None, _) => {}
            (Some((row, _)), near) => {
                misspelt.extend(near);
                let expected = if row.placeholders.is_empty() {
                    "it has no placeholders".to_owned()
                } else {
                    format!("its placeholders are {}", list(&row.placeholders))
                };
                push(
                    &mut errors,
                    Error::new(
                        key.span(),
                        format!(
                            "`{}` has no placeholder `{name}`: {expected}{hint}",
                            row.code
                        ),
                    ),
                );
            }
        }
    }

    if attr.code.is_none() && !misspelt.contains(&"code") {
        push(
            &mut errors,
            Error::new_spanned(
                &attr.original.meta,
                "missing `code`: expected `code = \"GEN-1203-100003\"` or `code = ErrorCode::InvalidAccessToken`",
            ),
        );
    }
    match &attr.scenario {
        None if misspelt.contains(&"scenario") => {}
        None => push(
            &mut errors,
            Error::new_spanned(
                &attr.original.meta,
                "missing `scenario`: expected `scenario = \"...\"`, saying when your service answers with this code",
            ),
        ),
        Some(scenario) if scenario.value().trim().is_empty() => push(
            &mut errors,
            Error::new(
                scenario.span(),
                "empty `scenario`: say when your service answers with this code",
            ),
        ),
        Some(_) => {}
    }

    for (_, value) in &attr.values {
        if let Err(error) = check_field(value, item) {
            push(&mut errors, error);
        }
    }

    let mut values = Vec::new();
    if let Some((row, span)) = row {
        for name in &row.placeholders {
            match attr.values.iter().find(|(key, _)| key == name) {
                Some((_, value)) => values.push(value),
                None if misspelt.contains(&name.as_str()) => {}
                None => push(
                    &mut errors,
                    Error::new(
                        span,
                        format!(
                            "`{}` needs a value for its placeholder `{name}` (\"{}\"): add `{name} = ...`, a string, a field, or an expression of the fields",
                            row.code, row.description
                        ),
                    ),
                ),
            }
        }
        if errors.is_none() {
            return Ok(Resolved {
                ident: item.ident,
                fields: item.fields,
                is_variant: item.is_variant,
                code: Ident::new(&row.name, span),
                code_path: match &attr.code {
                    Some(CodeRef::Variant(path)) => Some(path.clone()),
                    _ => None,
                },
                deprecated: row.deprecated,
                scenario: attr
                    .scenario
                    .clone()
                    .unwrap_or_else(|| unreachable!("checked above")),
                values,
                source: item.source.clone(),
            });
        }
    }
    Err(errors.unwrap_or_else(|| Error::new_spanned(&attr.original.meta, "invalid #[catalogue]")))
}

fn resolve_code<'c>(code: &CodeRef, catalogue: &'c Catalogue) -> Result<&'c Row> {
    match code {
        CodeRef::Text(text) => {
            let value = text.value();
            catalogue.by_code(value.trim()).ok_or_else(|| {
                let hint = catalogue
                    .nearest_code(&value)
                    .map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
                Error::new(
                    text.span(),
                    format!(
                        "unknown code `{}`: it is not in the {} catalogue{hint}",
                        LogSafe(&value),
                        catalogue.name
                    ),
                )
            })
        }
        CodeRef::Variant(path) => {
            let last = path.segments.last().map(|segment| &segment.ident);
            let name = last.map(ToString::to_string).unwrap_or_default();
            catalogue.by_name(&name).ok_or_else(|| {
                let hint = catalogue
                    .nearest_name(&name)
                    .map_or_else(String::new, |near| {
                        format!("; did you mean `ErrorCode::{near}`?")
                    });
                Error::new(
                    last.map_or_else(|| path.span(), Ident::span),
                    format!(
                        "`{name}` is not a code of the {} catalogue: its ErrorCode has no such variant{hint}",
                        catalogue.name
                    ),
                )
            })
        }
    }
}

fn code_span(code: &CodeRef) -> Span {
    match code {
        CodeRef::Text(text) => text.span(),
        CodeRef::Variant(path) => path
            .segments
            .last()
            .map_or_else(|| path.span(), |segment| segment.ident.span()),
    }
}

/// A field named by a placeholder value must exist.
fn check_field(value: &Value, item: &Item<'_>) -> Result<()> {
    match value {
        Value::Field(name) => {
            // Tuple fields are bound as `_0`, `_1`, ...
            let names: Vec<String> = item
                .fields
                .iter()
                .enumerate()
                .map(|(index, field)| {
                    field
                        .ident
                        .as_ref()
                        .map_or_else(|| format!("_{index}"), ToString::to_string)
                })
                .collect();
            if names.iter().any(|field| name == field) {
                return Ok(());
            }
            let hint = closest(&name.to_string(), names.iter().map(String::as_str))
                .map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
            let known = if names.is_empty() {
                "it has no fields (write a string in quotes for a fixed value)".to_owned()
            } else {
                format!("its fields are {}", list(&names))
            };
            Err(Error::new(
                name.span(),
                format!("`{}` has no field `{name}`: {known}{hint}", item.ident),
            ))
        }
        Value::Index(index) => {
            let count = match item.fields {
                Fields::Unnamed(fields) => fields.unnamed.len(),
                _ => 0,
            };
            if (index.index as usize) < count {
                Ok(())
            } else {
                Err(Error::new(
                    index.span,
                    format!(
                        "`{}` has no tuple field {}: it has {count}",
                        item.ident, index.index
                    ),
                ))
            }
        }
        Value::Text(_) | Value::Expr(_) => Ok(()),
    }
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
