//! The impls: `errcat::Catalogued` and `From<T> for errcat::ApiError`.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident, Member};

use crate::ast::Input;
use crate::attr::Value;
use crate::catalogue;
use crate::fallback;
use crate::valid::{self, Resolved};

pub fn derive(node: &DeriveInput) -> TokenStream {
    let checked = catalogue::get()
        .map_err(|message| syn::Error::new(Span::call_site(), message))
        .and_then(|catalogue| {
            let input = Input::from_syn(node)?;
            let items = valid::check(&input, catalogue)?;
            Ok(impls(node, &items, catalogue.fingerprint))
        });
    checked.unwrap_or_else(|error| fallback::expand(node, &error))
}

fn impls(node: &DeriveInput, items: &[Resolved<'_>], fingerprint: u64) -> TokenStream {
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    let entries = items.iter().map(|item| {
        let variant = item.ident.to_string();
        let code = code_expr(item);
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
        let code = code_expr(item);
        quote! { #pattern => #code, }
    });
    let scenarios = items.iter().map(|item| {
        let pattern = pattern(item, false);
        let scenario = &item.scenario;
        quote! { #pattern => #scenario, }
    });
    let errors = items.iter().map(|item| {
        let pattern = pattern(item, true);
        let code = code_expr(item);
        let values = item.values.iter().map(|value| value_expr(value));
        let detail = item.source.as_ref().map(|member| {
            let binding = binding(member);
            quote! { .with_detail(::errcat::__private::display(#binding)) }
        });
        quote! {
            #pattern => ::errcat::__private::filled(#code, [#(#values),*]) #detail,
        }
    });
    let fingerprint = Literal::u64_suffixed(fingerprint);
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
    let warnings = items.iter().filter_map(deprecation_warning);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::errcat::Catalogued for #ident #ty_generics #where_clause {
            const ENTRIES: &'static [::errcat::CatalogueEntry] = &[#(#entries),*];

            fn error_code(&self) -> ::errcat::ErrorCode {
                #codes
            }

            fn scenario(&self) -> &'static str {
                #scenarios
            }

            #[allow(unused_variables)]
            fn api_error(&self) -> ::errcat::ApiError {
                #errors
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::convert::From<#ident #ty_generics> for ::errcat::ApiError #where_clause {
            fn from(error: #ident #ty_generics) -> Self {
                ::errcat::Catalogued::api_error(&error)
            }
        }

        // axum's `IntoResponse`, when errcat has its `axum` feature.
        ::errcat::__private::into_response! {
            [#impl_generics] [#ident #ty_generics] [#where_clause]
        }

        // The codes above were checked against the catalogue with this
        // fingerprint; errcat fails the build if it was built from another.
        const _: () = ::errcat::__private::assert_same_catalogue(#fingerprint);

        #(#warnings)*
    }
}

/// The code: the user's own path when they wrote one (so that rustc checks
/// it and counts its import as used), the resolved variant otherwise.
/// A deprecated code is named inside `#[allow(deprecated)]`: the user is
/// warned once, by [`deprecation_warning`], not once per generated use.
fn code_expr(item: &Resolved<'_>) -> TokenStream {
    let code = code_variant(item);
    if item.deprecated {
        quote! {{
            #[allow(deprecated)]
            let code = #code;
            code
        }}
    } else {
        code
    }
}

fn code_variant(item: &Resolved<'_>) -> TokenStream {
    match &item.code_path {
        Some(path) => quote! { #path },
        None => {
            let code = &item.code;
            quote_spanned! {code.span()=> ::errcat::ErrorCode::#code }
        }
    }
}

/// For a code the catalogue marks `deprecated`: a use of its variant made of
/// the user's own tokens, so that rustc warns (with the catalogue's note) at
/// the attribute, as it would for code that names the variant. rustc does
/// not report deprecation inside a derive's own expansion.
fn deprecation_warning(item: &Resolved<'_>) -> Option<TokenStream> {
    item.deprecated.then(|| {
        let code = code_variant(item);
        quote! { const _: ::errcat::ErrorCode = #code; }
    })
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
            let names = (0..fields.unnamed.len()).map(|index| format_ident!("_{index}"));
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
