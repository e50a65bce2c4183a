//! Small pieces every emitter uses: identifiers, doc attributes, Rust types.

use crate::model::{FloatKind, IntegerKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier the model has already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` attributes, one a line, which prettyplease prints as `///` comments.
pub fn docs(text: &str) -> TokenStream {
    // A lone carriage return ends a line too: rustdoc refuses a bare CR in a doc comment
    // (found by the corpus: vtex's Orders API has descriptions written with them).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The Rust type of a [`TypeRef`]; `models` is the path prefix of named types (empty inside
/// the models module, `models::` outside it).
pub fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Text => quote!(String),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(IntegerKind::I32) => quote!(i32),
        TypeRef::Integer(IntegerKind::I64) => quote!(i64),
        TypeRef::Float(FloatKind::F64) => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#models #name)
        }
        TypeRef::List(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}

/// The type a function takes an argument as: `Copy` scalars by value, `&str` for `String`,
/// `&[T]` for lists, `&T` otherwise.
pub fn borrowed_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => rust_type(ty, models),
        TypeRef::String => quote!(&str),
        TypeRef::List(item) => {
            let item = rust_type(item, models);
            quote!(&[#item])
        }
        other => {
            let ty = rust_type(other, models);
            quote!(&#ty)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::docs;

    #[test]
    fn every_line_break_ends_a_doc_line() {
        let written = docs("one\rtwo\r\nthree\nfour").to_string();
        assert!(!written.contains('\r'), "{written}");
        for line in ["\" one\"", "\" two\"", "\" three\"", "\" four\""] {
            assert!(written.contains(line), "{line} in {written}");
        }
        assert_eq!(written.matches("doc").count(), 4, "{written}");
    }
}
