//! Small pieces every emitter uses: identifiers, doc attributes, Rust types.

use crate::model::{Extras, FloatKind, IntegerKind, TypeRef};
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
        let line = raw_literal(line);
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// A doc line as a raw string literal: `r" line"`, with as many `#`s as it needs. A cooked
/// literal was escaped here char by char, then unescaped by syn's parse and again by
/// prettyplease to print the comment: three passes over every char of every description.
fn raw_literal(line: &str) -> proc_macro2::Literal {
    let mut hashes = String::new();
    while line.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let line = match line.is_empty() {
        true => String::new(),
        false => format!(" {line}"),
    };
    // Raw strings take any text but a lone carriage return, which `docs` has replaced;
    // should the lexer refuse one anyway, the cooked literal says the same.
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(&line))
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

    /// The doc lines `docs` writes, each as its attribute's string says it.
    fn doc_lines(text: &str) -> Vec<String> {
        let attrs = syn::parse::Parser::parse2(syn::Attribute::parse_outer, docs(text))
            .expect("doc attributes");
        attrs
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(pair) if pair.path.is_ident("doc") => match &pair.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(line),
                        ..
                    }) => line.value(),
                    _ => panic!("not a string: {}", quote::quote!(#attr)),
                },
                _ => panic!("not a doc attribute: {}", quote::quote!(#attr)),
            })
            .collect()
    }

    #[test]
    fn every_line_break_ends_a_doc_line() {
        assert!(!docs("one\rtwo\r\nthree\nfour").to_string().contains('\r'));
        assert_eq!(
            doc_lines("one\rtwo\r\nthree\n\nfour"),
            [" one", " two", " three", "", " four"]
        );
    }

    #[test]
    fn a_doc_line_says_its_text_whatever_quotes_and_hashes_it_holds() {
        let text = "say \"hi\"\nr#\"raw\"# and \"## and \\n\n\t\u{0} nul\n\"";
        assert_eq!(
            doc_lines(text),
            [
                " say \"hi\"",
                " r#\"raw\"# and \"## and \\n",
                " \t\u{0} nul",
                " \""
            ]
        );
    }
}

/// Where the models and the operations' own types get `PartialEq`: in their derive list,
/// or, in a crate, under its `eq` feature, off by default. Derived on every struct, union
/// and error enum, it was a tenth of the time of GitHub's client's `cargo check`
/// (BENCHMARKS.md §9), which most programs pay without ever comparing two responses.
/// String enums and validated newtypes always have it: their order and hash are the
/// wire value's, and they cost little.
#[derive(Debug, Clone, Copy)]
pub struct PartialEqDerive {
    behind_feature: bool,
}

impl PartialEqDerive {
    pub fn of(extras: &Extras) -> Self {
        Self {
            behind_feature: extras.eq_feature,
        }
    }

    /// `PartialEq,` for a derive list, when it belongs there.
    pub fn in_list(self) -> Option<TokenStream> {
        (!self.behind_feature).then(|| quote!(PartialEq,))
    }

    /// The derive under the `eq` feature, an attribute of its own, when it is one.
    pub fn attr(self) -> Option<TokenStream> {
        self.behind_feature
            .then(|| quote!(#[cfg_attr(feature = "eq", derive(PartialEq))]))
    }
}
