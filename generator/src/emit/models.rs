//! The `models` module: one Rust type per [`TypeDef`].

use super::tokens::{docs, ident, rust_type};
use super::validators::{rule_bool_check, rule_check};
use super::Piece;
use crate::model::{
    Discriminator, EnumVariant, Field, FloatKind, IntegerKind, Model, Rule, Scalar, SerdeImpls,
    TypeDef, TypeKind, TypeRef, UnionVariant,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

pub fn emit_models(model: &Model) -> Piece<'_> {
    let types = model.types.iter().map(|def| emit_type(def, model));
    let three_states = model.types.iter().any(|t| {
        t.serde.deserialize
            && matches!(&t.kind, TypeKind::Struct { fields } if fields.iter().any(|f| f.nullable && !f.required))
    });
    let present = three_states.then(|| {
        quote! {
            /// Reads an optional, nullable field that is present: `null` becomes `Some(None)`
            /// (an absent field is `None` by `#[serde(default)]`).
            fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de>,
            {
                <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        }
    });
    let title = format!(
        " Request and response bodies, and the validated values, of the {}.",
        model.title
    );
    Piece::Module {
        head: quote! {
            #[doc = #title]
            pub mod models {
                #![forbid(unsafe_code)]
            }
        },
        items: Box::new(types.chain(present).map(Piece::Items)),
    }
}

fn emit_type(def: &TypeDef, model: &Model) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields } => emit_struct(def, fields, model),
        TypeKind::StringEnum {
            variants,
            catch_all,
        } => emit_enum(def, variants, catch_all),
        TypeKind::Newtype {
            subject,
            base,
            rules,
        } => emit_newtype(def, subject, *base, rules),
        TypeKind::Union {
            variants,
            discriminator,
        } => emit_union(def, variants, discriminator.as_ref()),
        TypeKind::Alias(ty) => {
            let doc = docs(&def.docs);
            let name = ident(&def.name);
            let ty = rust_type(ty, &quote!());
            quote! { #doc pub type #name = #ty; }
        }
    }
}

fn emit_struct(def: &TypeDef, fields: &[Field], model: &Model) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let struct_name = &def.name;
    // Optional fields with a default the code can write are plain values that decode to
    // the default when absent; each default is a private function serde calls.
    let mut default_fns = Vec::new();
    let fields = fields.iter().map(|field| {
        let doc = docs(&field.docs);
        let name = ident(&field.name);
        let mut ty = rust_type(&field.ty, &quote!());
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        if field.flatten {
            return quote! { #doc #[serde(flatten)] pub #name: #ty, };
        }
        let rename = (field.name != field.wire_name).then(|| {
            let wire = &field.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        // Only a decoded struct takes defaults: one that is only sent leaves them to the server.
        let default = (def.serde.deserialize && !field.required && !field.nullable && !field.boxed)
            .then(|| field.default.as_ref().and_then(|value| default_value(&field.ty, value, model)))
            .flatten();
        if let Some(value) = default {
            let function = format_ident!("default_{}", field.name.trim_start_matches("r#"));
            let path = format!("{struct_name}::{function}");
            default_fns.push(quote! {
                fn #function() -> #ty {
                    #value
                }
            });
            return quote! { #doc #rename #[serde(default = #path)] pub #name: #ty, };
        }
        let (ty, presence) = match (field.required, field.nullable) {
            (true, false) => (ty, None),
            // Required but nullable: `null` is sent and expected; absence is an error,
            // which `deserialize_with` restores (serde would default a missing `Option`).
            (true, true) => (
                quote!(Option<#ty>),
                Some(quote!(#[serde(deserialize_with = "Option::deserialize")])),
            ),
            // Optional and nullable: absent, null and a value are three states.
            (false, true) => (
                quote!(Option<Option<#ty>>),
                Some(quote! {
                    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
                }),
            ),
            (false, false) => (
                quote!(Option<#ty>),
                Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
            ),
        };
        let doc = if field.nullable && !field.required {
            docs(&format!("{}\n\nAbsent is `None`; `null` is `Some(None)`.", field.docs))
        } else {
            doc
        };
        quote! { #doc #rename #presence pub #name: #ty, }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let defaults = (!default_fns.is_empty()).then(|| {
        quote! {
            /// The documented defaults of fields absent from a decoded body.
            impl #name {
                #(#default_fns)*
            }
        }
    });
    let derives = serde_derives(def.serde);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derives)]
        pub struct #name { #(#fields)* }
        #defaults
    }
}

/// The serde derives of a type implementing `impls`.
fn serde_derives(impls: SerdeImpls) -> TokenStream {
    match (impls.serialize, impls.deserialize) {
        (true, true) => quote!(serde::Serialize, serde::Deserialize),
        (true, false) => quote!(serde::Serialize),
        (false, true) => quote!(serde::Deserialize),
        // Never chosen by the model (a type is sent, received, or given both); an empty
        // list would still be valid Rust.
        (false, false) => quote!(),
    }
}

/// An expression for a field's default value, when its type can hold it as written: a
/// boolean, number, string or string enum. Others stay `Option`, the default documented.
fn default_value(ty: &TypeRef, value: &serde_json::Value, model: &Model) -> Option<TokenStream> {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Bool, Value::Bool(flag)) => Some(quote!(#flag)),
        (TypeRef::Integer(IntegerKind::I64), Value::Number(number)) => number
            .as_i64()
            .map(|n| Literal::i64_unsuffixed(n).into_token_stream()),
        (TypeRef::Integer(IntegerKind::I32), Value::Number(number)) => number
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(|n| Literal::i32_unsuffixed(n).into_token_stream()),
        (TypeRef::Float(kind), Value::Number(number)) => {
            let n = number.as_f64().filter(|n| n.is_finite())?;
            Some(match kind {
                FloatKind::F64 => Literal::f64_unsuffixed(n).into_token_stream(),
                FloatKind::F32 => Literal::f32_unsuffixed(n as f32).into_token_stream(),
            })
        }
        (TypeRef::String, Value::String(text)) => Some(quote!(#text.to_owned())),
        (TypeRef::Named(name), Value::String(text)) => {
            // The enum itself, or the enum an identical type is an alias of (bounded: a
            // broken document may have aliases in a cycle).
            let find = |name: &str| model.types.iter().find(|def| def.name == name);
            let mut def = find(name)?;
            for _ in 0..64 {
                let TypeKind::Alias(TypeRef::Named(target)) = &def.kind else {
                    break;
                };
                def = find(target)?;
            }
            let TypeKind::StringEnum { variants, .. } = &def.kind else {
                return None;
            };
            let enum_name = ident(name);
            Some(
                match variants.iter().find(|variant| &variant.value == text) {
                    Some(variant) => {
                        let variant = ident(&variant.name);
                        quote!(#enum_name::#variant)
                    }
                    None => quote!(#enum_name::from(#text)),
                },
            )
        }
        _ => None,
    }
}

fn emit_enum(def: &TypeDef, variants: &[EnumVariant], catch_all: &str) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let catch_all = ident(catch_all);
    let declarations = variants.iter().map(|v| {
        let doc = format!(" `{}`", v.value);
        let variant = ident(&v.name);
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from_str = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#declarations)*
            /// A value this client does not know yet, kept as it was sent.
            #catch_all(String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    _ => Self::#catch_all(value.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#catch_all(_) => Self::#catch_all(value),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn emit_newtype(def: &TypeDef, subject: &str, base: Scalar, rules: &[Rule]) -> TokenStream {
    let rule_lines: Vec<String> = rules
        .iter()
        .map(|rule| format!("- {}", super::validators::describe(rule)))
        .collect();
    let doc = docs(&format!(
        "{}\n\nEvery value satisfies:\n{}",
        def.docs,
        rule_lines.join("\n")
    ));
    let name = ident(&def.name);
    let checks = rules
        .iter()
        .map(|rule| rule_check(rule, def, subject, base));
    let bool_checks = rules.iter().map(|rule| rule_bool_check(rule, def, base));
    let error = quote!(super::validation::ValidationError);
    match base {
        Scalar::String => quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
            #[serde(transparent)]
            pub struct #name(String);

            impl #name {
                /// Checks `value` against every rule above.
                pub fn new(value: impl Into<String>) -> Result<Self, #error> {
                    let value = value.into();
                    Self::validate(&value)?;
                    Ok(Self(value))
                }

                /// Checks `value` against every rule above without taking it (and without
                /// allocating unless it breaks one).
                pub fn validate(value: &str) -> Result<(), #error> {
                    #(#checks)*
                    Ok(())
                }

                /// Whether `value` satisfies every rule above: [`Self::validate`] without the
                /// error, so it never allocates.
                pub fn is_valid(value: &str) -> bool {
                    #(#bool_checks)*
                    true
                }

                /// The value, which is known to be valid.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// Gives the value back.
                pub fn into_inner(self) -> String {
                    self.0
                }
            }

            impl TryFrom<String> for #name {
                type Error = #error;
                fn try_from(value: String) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl TryFrom<&str> for #name {
                type Error = #error;
                fn try_from(value: &str) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl std::str::FromStr for #name {
                type Err = #error;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Self::new(value)
                }
            }

            impl AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl From<#name> for String {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                    Self::new(value).map_err(serde::de::Error::custom)
                }
            }
        },
        Scalar::Integer(kind) => {
            emit_number(def, doc, checks.collect(), TypeRef::Integer(kind), true)
        }
        Scalar::Float(kind) => emit_number(def, doc, checks.collect(), TypeRef::Float(kind), false),
    }
}

fn emit_number(
    def: &TypeDef,
    doc: TokenStream,
    checks: Vec<TokenStream>,
    inner: TypeRef,
    integer: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let inner = rust_type(&inner, &quote!());
    let error = quote!(super::validation::ValidationError);
    // Floats are neither `Eq`, `Hash` nor `Ord`.
    let derives = if integer {
        quote!(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize
        )
    } else {
        quote!(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)
    };
    quote! {
        #doc
        #[derive(#derives)]
        #[serde(transparent)]
        pub struct #name(#inner);

        impl #name {
            /// Checks `value` against every rule above.
            pub fn new(value: #inner) -> Result<Self, #error> {
                #(#checks)*
                Ok(Self(value))
            }

            /// The value, which is known to be valid.
            pub fn get(self) -> #inner {
                self.0
            }
        }

        impl TryFrom<#inner> for #name {
            type Error = #error;
            fn try_from(value: #inner) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<#name> for #inner {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#inner as serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// A `oneOf`/`anyOf`: an untagged enum, or one whose `Deserialize` reads the discriminator
/// first and decodes the variant it names (with the discriminator still in the value, since
/// the variant's struct usually declares it), keeping unknown values.
fn emit_union(
    def: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&Discriminator>,
) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let declared = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let mut ty = rust_type(&variant.ty, &quote!());
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = if variant.tags.is_empty() {
            format!(" The `{}` alternative.", variant.name)
        } else {
            let tags: Vec<String> = variant.tags.iter().map(|t| format!("`{t}`")).collect();
            format!(" Selected by {}.", tags.join(", "))
        };
        quote!(#[doc = #doc] #variant_name(#ty),)
    });
    let Some(discriminator) = discriminator else {
        let derives = serde_derives(def.serde);
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #derives)]
            #[serde(untagged)]
            pub enum #name { #(#declared)* }
        };
    };
    let property = &discriminator.property;
    let catch_all = ident(&discriminator.catch_all);
    let arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let tags = &variant.tags;
        let construct = if variant.boxed {
            quote!(|value| Self::#variant_name(Box::new(value)))
        } else {
            quote!(Self::#variant_name)
        };
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#construct).map_err(serde::de::Error::custom),)
    });
    let catch_all_doc =
        format!(" A `{property}` this client does not know yet, kept as it was sent.");
    // `#[serde]` is only known inside a serde derive.
    let serialize = def.serde.serialize.then(|| quote!(serde::Serialize));
    let untagged = def.serde.serialize.then(|| quote!(#[serde(untagged)]));
    let deserialize = def.serde.deserialize.then(|| quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#catch_all(value)),
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #serialize)]
        #untagged
        pub enum #name {
            #(#declared)*
            #[doc = #catch_all_doc]
            #catch_all(serde_json::Value),
        }
        #deserialize
    }
}
