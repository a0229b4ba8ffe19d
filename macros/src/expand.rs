//! The impls: `errcat::Catalogued` and `From<T> for errcat::ApiError<C>`.
//!
//! The derive runs in two stages. [`derive`] only finds the catalogue the
//! type names and expands to a call of that catalogue module's
//! `__errcat_catalogue!`, which calls [`expand`] back with the catalogue's
//! rows and the type; [`expand`] checks every attribute against the rows
//! and writes the impls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident, Member, Path, Token, braced, parenthesized};

use crate::ast::{self, Input};
use crate::attr::Value;
use crate::catalogue::{Catalogue, keyword};
use crate::fallback;
use crate::valid::{self, Resolved};

/// Stage one: `#module::__errcat_catalogue! { ::errcat::__private::derive_catalogued { ... } }`.
pub fn derive(node: &DeriveInput) -> TokenStream {
    let module = module_path(node);
    // The macro is named at the user's path, so that a path to no catalogue
    // is reported there.
    let span = module.span();
    let data = quote_spanned! {span=> #module::__errcat_catalogue };
    quote! {
        #data! {
            ::errcat::__private::derive_catalogued {
                module = (#module);
                item = { #node }
            }
        }
    }
}

/// The module of the catalogue `node` attaches to: `::errcat` unless it
/// names one.
fn module_path(node: &DeriveInput) -> Path {
    ast::module(node).unwrap_or_else(|| syn::parse_quote!(::errcat))
}

/// What stage two receives: the rows, then stage one's tokens.
struct Callback {
    catalogue: Catalogue,
    module: Path,
    item: DeriveInput,
}

impl Parse for Callback {
    fn parse(input: ParseStream<'_>) -> syn::Result<Callback> {
        let catalogue: Catalogue = input.parse()?;
        keyword(input, "input")?;
        let content;
        braced!(content in input);
        keyword(&content, "module")?;
        let module;
        parenthesized!(module in content);
        let module: Path = module.parse()?;
        content.parse::<Token![;]>()?;
        keyword(&content, "item")?;
        let item;
        braced!(item in content);
        Ok(Callback {
            catalogue,
            module,
            item: item.parse()?,
        })
    }
}

/// Stage two: the checks and the impls, or the errors and a stub.
pub fn expand(tokens: TokenStream) -> TokenStream {
    let Callback {
        catalogue,
        module,
        item,
    } = match syn::parse2(tokens) {
        Ok(callback) => callback,
        Err(error) => return error.to_compile_error(),
    };
    let checked = Input::from_syn(&item).and_then(|input| {
        valid::check(&input, &catalogue).map(|items| impls(&item, &items, &module))
    });
    checked.unwrap_or_else(|error| fallback::expand(&item, &error, &module))
}

fn impls(node: &DeriveInput, items: &[Resolved<'_>], module: &Path) -> TokenStream {
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    let entries = items.iter().map(|item| {
        let variant = item.ident.to_string();
        let code = code_expr(item, module);
        let scenario = &item.scenario;
        quote! {
            ::errcat::CatalogueEntry {
                variant: #variant,
                code: #code,
                scenario: #scenario,
            }
        }
    });
    let codes = items.iter().map(|item| {
        let pattern = pattern(item, false);
        let code = code_expr(item, module);
        quote! { #pattern => #code, }
    });
    let scenarios = items.iter().map(|item| {
        let pattern = pattern(item, false);
        let scenario = &item.scenario;
        quote! { #pattern => #scenario, }
    });
    let errors = items.iter().map(|item| {
        let pattern = pattern(item, true);
        let code = code_expr(item, module);
        let values = item.values.iter().map(|value| value_expr(value));
        let detail = item.source.as_ref().map(|member| {
            let binding = binding(member);
            quote! { .with_detail(::errcat::__private::display(#binding)) }
        });
        quote! {
            #pattern => ::errcat::__private::filled(#code, [#(#values),*]) #detail,
        }
    });
    let (codes, scenarios, errors): (Vec<_>, Vec<_>, Vec<_>) =
        (codes.collect(), scenarios.collect(), errors.collect());
    let matches = |arms: &[TokenStream]| {
        if arms.is_empty() {
            quote! { match *self {} }
        } else {
            quote! { match self { #(#arms)* } }
        }
    };
    let codes = matches(&codes);
    let scenarios = matches(&scenarios);
    let errors = matches(&errors);
    let checks = items.iter().filter_map(|item| code_check(item, module));
    let code_type = quote! { #module::ErrorCode };
    let api_error = quote! { ::errcat::ApiError<#code_type> };
    quote! {
        #[automatically_derived]
        impl #impl_generics ::errcat::Catalogued for #ident #ty_generics #where_clause {
            type Code = #code_type;

            const ENTRIES: &'static [::errcat::CatalogueEntry<#code_type>] = &[#(#entries),*];

            fn error_code(&self) -> #code_type {
                #codes
            }

            fn scenario(&self) -> &'static str {
                #scenarios
            }

            #[allow(unused_variables)]
            fn api_error(&self) -> #api_error {
                #errors
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ident #ty_generics> for #api_error #where_clause {
            fn from(error: #ident #ty_generics) -> Self {
                ::errcat::Catalogued::api_error(&error)
            }
        }

        // axum's `IntoResponse`, when errcat has its `axum` feature.
        ::errcat::__private::into_response! {
            [#impl_generics] [#ident #ty_generics] [#where_clause] [#api_error]
        }

        // utoipa's `IntoResponses`, when errcat has its `utoipa` feature.
        ::errcat::__private::into_responses! {
            [#impl_generics] [#ident #ty_generics] [#where_clause]
        }

        #(#checks)*
    }
}

/// The code: the user's own path when they wrote one (so that rustc checks
/// it and counts its import as used), the resolved variant otherwise.
/// A deprecated code is named inside `#[allow(deprecated)]`: the user is
/// warned once, by [`deprecation_warning`], not once per generated use.
fn code_expr(item: &Resolved<'_>, module: &Path) -> TokenStream {
    let code = &item.code;
    let variant = quote_spanned! {code.span()=> #module::ErrorCode::#code };
    if item.deprecated {
        quote! {{
            #[allow(deprecated)]
            let code = #variant;
            code
        }}
    } else {
        variant
    }
}

/// The one place the expansion uses the code as the user wrote it, so that
/// rustc checks it against the catalogue's type once (a variant of another
/// catalogue's `ErrorCode` with the same name is a type mismatch there, and
/// only there), counts its import as used, and warns at the user's tokens
/// when the catalogue marks the code `deprecated` (rustc does not report
/// deprecation inside a derive's own expansion).
fn code_check(item: &Resolved<'_>, module: &Path) -> Option<TokenStream> {
    match &item.code_path {
        Some(path) => Some(quote! { const _: #module::ErrorCode = #path; }),
        None if item.deprecated => {
            let code = &item.code;
            let variant = quote_spanned! {code.span()=> #module::ErrorCode::#code };
            Some(quote! { const _: #module::ErrorCode = #variant; })
        }
        None => None,
    }
}

/// The pattern matching `item`; with `bind`, every field is bound by name
/// (`_0`, `_1`, ... for tuple fields) so that values can use them.
fn pattern(item: &Resolved<'_>, bind: bool) -> TokenStream {
    let path = if item.is_variant {
        let ident = item.ident;
        quote! { Self::#ident }
    } else {
        quote! { Self }
    };
    match item.fields {
        Fields::Unit => path,
        Fields::Named(fields) if bind => {
            let names = fields.named.iter().filter_map(|field| field.ident.as_ref());
            quote! { #path { #(#names),* } }
        }
        Fields::Unnamed(fields) if bind => {
            // Named as the user would name them: an expression of the
            // attribute that says `_0` is the user's token, and the second
            // stage runs inside the catalogue's macro, whose own call site
            // would keep the two apart.
            let span = item.ident.span();
            let names =
                (0..fields.unnamed.len()).map(|index| format_ident!("_{index}", span = span));
            quote! { #path ( #(#names),* ) }
        }
        Fields::Named(_) => quote! { #path { .. } },
        Fields::Unnamed(_) => quote! { #path (..) },
    }
}

fn binding(member: &Member) -> Ident {
    match member {
        Member::Named(name) => name.clone(),
        Member::Unnamed(index) => format_ident!("_{}", index.index, span = index.span),
    }
}

fn value_expr(value: &Value) -> TokenStream {
    match value {
        Value::Text(text) => quote! { ::errcat::__private::Cow::Borrowed(#text) },
        Value::Field(name) => quote_spanned! {name.span()=> ::errcat::__private::display(#name) },
        Value::Index(index) => {
            let name = format_ident!("_{}", index.index, span = index.span);
            quote_spanned! {index.span=> ::errcat::__private::display(#name) }
        }
        Value::Expr(expr) => quote_spanned! {expr.span()=> ::errcat::__private::display(&(#expr)) },
    }
}
