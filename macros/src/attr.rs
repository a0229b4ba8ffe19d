//! The syntax of `#[catalogue(...)]`: `key = value` pairs, each key once.
//! What the keys mean is `valid.rs`'s business.

use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Error, Expr, ExprLit, Ident, Index, Lit, LitStr, Path, Result, Token};

/// A parsed `#[catalogue(...)]`.
pub struct Attr<'a> {
    /// The attribute as written, for errors about it as a whole.
    pub original: &'a Attribute,
    /// `module = path`: the catalogue the type attaches to (on an enum or a
    /// struct only).
    pub module: Option<Path>,
    pub code: Option<CodeRef>,
    pub scenario: Option<LitStr>,
    /// Placeholder values, in the order written.
    pub values: Vec<(Ident, Value)>,
}

/// How the attribute names its code.
pub enum CodeRef {
    /// `code = "GEN-1203-100003"`
    Text(LitStr),
    /// `code = ErrorCode::InvalidAccessToken`
    Variant(Path),
}

/// Where a placeholder's value comes from.
pub enum Value {
    /// `input = "Request-ID"`
    Text(LitStr),
    /// `input = field`
    Field(Ident),
    /// `input = 0`, a tuple field
    Index(Index),
    /// Anything else: an expression of the fields.
    Expr(Expr),
}

struct KeyValue {
    key: Ident,
    value: Expr,
}

fn key_value(input: ParseStream<'_>) -> Result<KeyValue> {
    let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    input.parse::<Token![=]>().map_err(|_| {
        Error::new(
            key.span(),
            format!("expected `{key} = ...`: every entry of #[catalogue] is a key and a value"),
        )
    })?;
    let value: Expr = input.parse()?;
    Ok(KeyValue { key, value })
}

impl<'a> Attr<'a> {
    pub fn parse(original: &'a Attribute) -> Result<Attr<'a>> {
        let entries = match &original.meta {
            syn::Meta::List(_) => original.parse_args_with(|input: ParseStream<'_>| {
                Punctuated::<KeyValue, Token![,]>::parse_terminated_with(input, key_value)
            })?,
            _ => {
                return Err(Error::new_spanned(
                    original,
                    "expected #[catalogue(code = \"...\", scenario = \"...\")]",
                ));
            }
        };
        let mut attr = Attr {
            original,
            module: None,
            code: None,
            scenario: None,
            values: Vec::new(),
        };
        let mut errors: Option<Error> = None;
        let mut seen: Vec<String> = Vec::new();
        for KeyValue { key, value } in entries {
            let name = key.to_string();
            if seen.contains(&name) {
                push(
                    &mut errors,
                    Error::new(
                        key.span(),
                        format!("duplicate key `{name}`: give each key once"),
                    ),
                );
                continue;
            }
            seen.push(name.clone());
            let parsed = match name.as_str() {
                "code" => code_ref(value).map(|code| attr.code = Some(code)),
                "module" => module(value).map(|path| attr.module = Some(path)),
                "scenario" => string(&key, value).map(|scenario| attr.scenario = Some(scenario)),
                _ => {
                    attr.values.push((key, placeholder_value(value)));
                    Ok(())
                }
            };
            if let Err(error) = parsed {
                push(&mut errors, error);
            }
        }
        match errors {
            Some(errors) => Err(errors),
            None => Ok(attr),
        }
    }
}

/// Collects errors so that every mistake is reported, each once.
pub fn push(errors: &mut Option<Error>, error: Error) {
    match errors {
        Some(errors) => errors.combine(error),
        None => *errors = Some(error),
    }
}

fn code_ref(value: Expr) -> Result<CodeRef> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Ok(CodeRef::Text(text)),
        Expr::Path(path) if path.qself.is_none() => Ok(CodeRef::Variant(path.path)),
        other => Err(Error::new_spanned(
            other,
            "expected the code as a string, such as `code = \"GEN-1203-100003\"`, or as its variant, such as `code = ErrorCode::InvalidAccessToken`",
        )),
    }
}

fn module(value: Expr) -> Result<Path> {
    match value {
        Expr::Path(path) if path.qself.is_none() => Ok(path.path),
        other => Err(Error::new_spanned(
            other,
            "expected the path of a catalogue's module, such as `module = payments` or `module = crate::errors::consent`",
        )),
    }
}

fn string(key: &Ident, value: Expr) -> Result<LitStr> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Ok(text),
        other => Err(Error::new_spanned(
            other,
            format!("expected a string for `{key}`, such as `{key} = \"No Request-ID header\"`"),
        )),
    }
}

fn placeholder_value(value: Expr) -> Value {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Value::Text(text),
        Expr::Lit(ExprLit {
            lit: Lit::Int(index),
            ..
        }) if index.suffix().is_empty() && index.base10_parse::<u32>().is_ok() => {
            Value::Index(Index {
                index: index.base10_parse().unwrap_or_default(),
                span: index.span(),
            })
        }
        Expr::Path(path) if path.qself.is_none() && path.path.get_ident().is_some() => {
            Value::Field(
                path.path
                    .get_ident()
                    .cloned()
                    .unwrap_or_else(|| unreachable!()),
            )
        }
        other => Value::Expr(other),
    }
}
