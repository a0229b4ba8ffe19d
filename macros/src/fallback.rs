//! On error: the errors, and a stub impl so that code using the type does
//! not add errors of its own ("the trait `Catalogued` is not implemented").

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Path};

pub fn expand(node: &DeriveInput, error: &syn::Error, module: &Path) -> TokenStream {
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    let errors = error.to_compile_error();
    quote! {
        #errors

        #[automatically_derived]
        impl #impl_generics ::errcat::Catalogued for #ident #ty_generics #where_clause {
            type Code = #module::ErrorCode;

            const ENTRIES: &'static [::errcat::CatalogueEntry<#module::ErrorCode>] = &[];

            fn error_code(&self) -> #module::ErrorCode {
                ::core::unreachable!()
            }

            fn scenario(&self) -> &'static str {
                ::core::unreachable!()
            }

            fn api_error(&self) -> ::errcat::ApiError<#module::ErrorCode> {
                ::core::unreachable!()
            }
        }
    }
}
