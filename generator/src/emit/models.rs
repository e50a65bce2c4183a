//! The `models` module: one Rust type per [`TypeDef`].

use super::embedded::{Flags, RuntimeFile, RuntimeMacro};
use super::tokens::{docs, ident, rust_type, PartialEqDerive};
use super::validators::{rule_bool_check, rule_check};
use super::Piece;
use crate::model::{
    Constant, Discriminator, EnumVariant, Field, FloatKind, IntegerKind, Model, Rule, Scalar,
    SerdeImpls, TypeDef, TypeKind, TypeRef, UnionVariant,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};
use std::borrow::Cow;

pub fn emit_models(model: &Model) -> Piece<'_> {
    // Each gate's attribute laid out once: GitHub's crate has about 560 string enums and
    // newtypes under far fewer gates.
    let mut cfg_texts: std::collections::HashMap<&[usize], String> = Default::default();
    let types = model.types.iter().flat_map(move |def| {
        let mut cfg = || {
            let laid_out = cfg_texts.entry(def.gate.features());
            laid_out
                .or_insert_with(|| cfg_text(&super::cfg(model, &def.gate)))
                .clone()
        };
        let conversions = match &def.kind {
            TypeKind::Newtype {
                base: Scalar::String,
                ..
            } => Some(string_newtype_impls(&def.name, &cfg())),
            TypeKind::StringEnum { catch_all, .. } => {
                Some(string_enum_impls(&def.name, catch_all, &cfg()))
            }
            _ => None,
        };
        let conversions = conversions.map(|text| Piece::VerbatimImpls(Cow::Owned(text)));
        std::iter::once(super::gated(model, &def.gate, emit_type(def, model))).chain(conversions)
    });
    let decoded_fields: Vec<&[Field]> = model
        .types
        .iter()
        .filter(|t| t.serde.deserialize)
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields } => Some(fields.as_slice()),
            _ => None,
        })
        .collect();
    // The string enums' comparisons (see `string_enum_impls`).
    let by_wire_value = model
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::StringEnum { .. }))
        .then_some(Piece::Verbatim(Cow::Borrowed(
            RuntimeMacro::ByWireValue.text(),
        )));
    let decode = (!decoded_fields.is_empty()).then(|| {
        let helpers = DecodeHelpers::of(&decoded_fields);
        [
            Piece::Verbatim(Cow::Borrowed(RuntimeMacro::Object.text())),
            runtime_module(
                quote! {
                    /// Reading objects for the structs' `Deserialize` impls (see `object!`): keys,
                    /// field values, missing and unknown fields, with serde's errors.
                    mod decode {}
                },
                RuntimeFile::Decode,
                &helpers,
            ),
        ]
    });
    let encode = EncodeHelpers::of(model).map(|helpers| {
        let gate = helpers.module.gate();
        let text = RuntimeMacro::Serialize.text();
        let text = match helpers.module {
            // After the macro's doc comment, as the module's is.
            Need::Mock => Cow::Owned(text.replacen(
                "macro_rules!",
                "#[cfg(feature = \"mock\")]\nmacro_rules!",
                1,
            )),
            Need::Client | Need::Nobody => Cow::Borrowed(text),
        };
        [
            Piece::Verbatim(text),
            runtime_module(
                quote! {
                    /// Writing structs for the `serialize!` impls: fields, skipped fields and
                    /// the rest, with the first error kept.
                    #gate
                    mod encode {}
                },
                RuntimeFile::Encode,
                &helpers,
            ),
        ]
    });
    let chooses = model.types.iter().any(|def| {
        def.serde.deserialize
            && matches!(
                def.kind,
                TypeKind::Union {
                    discriminator: None,
                    ..
                }
            )
    });
    let choose = chooses.then(|| {
        runtime_module(
            quote! {
                /// Choosing the variant of a union without a discriminator (see each union's
                /// `Deserialize`): of the variants a value decodes into, the first that drops none of
                /// its properties, else the one that drops the fewest; a variant whose tags (properties
                /// with one allowed value) hold other values is not tried.
                mod choose {}
            },
            RuntimeFile::Choose,
            &TagKinds::of(model),
        )
    });
    let title = format!(
        " Request and response bodies, and the validated values, of the {}.",
        model.title
    );
    let unused = super::unused_with_features_off(model);
    // The validated newtypes name the validation module through this import rather than
    // `super::validation`, so that the path also resolves in the parts (submodules) a
    // large crate spreads the models over.
    let validation = super::validators::needed(model).then(|| {
        quote!(
            use super::validation;
        )
    });
    Piece::Module {
        head: quote! {
            #[doc = #title]
            pub mod models {
                #![forbid(unsafe_code)]
                #unused
                #validation
            }
        },
        // The macros are defined before the structs that use them.
        items: Box::new(
            decode
                .into_iter()
                .flatten()
                .chain(encode.into_iter().flatten())
                .chain(by_wire_value)
                .chain(choose)
                .chain(types),
        ),
    }
}

/// Which of the decoding helpers the structs use.
struct DecodeHelpers {
    required: bool,
    rest: bool,
}

impl DecodeHelpers {
    /// What the `object!` lines of structs with these fields call: a missing required
    /// field is `decode::missing`'s error, and a struct with a map of the rest keeps its
    /// undeclared keys through `decode::Rest` for a map. Read off the same per-field choice
    /// ([`decoding`]) that writes those lines.
    fn of(structs: &[&[Field]]) -> Self {
        let fields = || structs.iter().flat_map(|fields| fields.iter());
        Self {
            required: fields().any(|field| decoding(field) == Some(Decoding::Required)),
            rest: fields().any(|field| field.flatten),
        }
    }
}

/// Who needs a part of the encoding helpers: the client (always compiled), only the mock
/// (compiled with the `mock` feature), or nobody. Ordered: the client's need covers the
/// mock's.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Nobody,
    Mock,
    Client,
}

impl Need {
    fn of(serialization: Serialization) -> Self {
        match serialization {
            Serialization::Derived => Self::Client,
            Serialization::ForMock => Self::Mock,
            Serialization::Not => Self::Nobody,
        }
    }

    /// The attribute of what only the mock needs.
    fn gate(self) -> TokenStream {
        match self {
            Self::Mock => quote!(#[cfg(feature = "mock")]),
            Self::Client | Self::Nobody => TokenStream::new(),
        }
    }
}

/// Which of the encoding helpers the structs' `serialize!` lines call, and for whom: a
/// helper only the mock's structs call is compiled with the `mock` feature only, so that
/// a client without it has no unused code.
struct EncodeHelpers {
    module: Need,
    required: Need,
    optional: Need,
    rest: Need,
}

impl EncodeHelpers {
    /// `None` when no struct is encoded.
    fn of(model: &Model) -> Option<Self> {
        let mut helpers = Self {
            module: Need::Nobody,
            required: Need::Nobody,
            optional: Need::Nobody,
            rest: Need::Nobody,
        };
        for def in &model.types {
            let TypeKind::Struct { fields } = &def.kind else {
                continue;
            };
            let need = Need::of(Serialization::of(def, model));
            helpers.module = helpers.module.max(need);
            for field in fields {
                let helper = match (field.flatten, field.required) {
                    (true, _) => &mut helpers.rest,
                    (false, true) => &mut helpers.required,
                    (false, false) => &mut helpers.optional,
                };
                *helper = (*helper).max(need);
            }
        }
        (helpers.module != Need::Nobody).then_some(helpers)
    }

    fn need(&self, name: &str) -> Option<Need> {
        Some(match name {
            "required" => self.required,
            "optional" => self.optional,
            "rest" => self.rest,
            _ => return None,
        })
    }
}

impl Flags for EncodeHelpers {
    fn flag(&self, name: &str) -> Option<bool> {
        self.need(name).map(|need| need != Need::Nobody)
    }

    /// A helper only the mock needs, in a module the client needs, is the mock's.
    fn attributes(&self, name: &str) -> Vec<syn::Attribute> {
        match (self.module, self.need(name)) {
            (Need::Client, Some(Need::Mock)) => vec![syn::parse_quote!(#[cfg(feature = "mock")])],
            _ => Vec::new(),
        }
    }
}

/// How `object!` reads a field: `None` for the map of the properties beyond the declared
/// ones, which collects the rest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decoding {
    Required,
    /// Absent is `None`, `null` is `Some(None)`.
    Nullable,
    /// Absent and `null` are both `None`.
    Optional,
}

fn decoding(field: &Field) -> Option<Decoding> {
    if field.flatten {
        return None;
    }
    Some(
        match (field.required, field.nullable || keeps_null(field)) {
            (true, _) => Decoding::Required,
            (false, true) => Decoding::Nullable,
            (false, false) => Decoding::Optional,
        },
    )
}

/// A module of the models whose items are a runtime file's.
fn runtime_module<'a>(head: TokenStream, file: RuntimeFile, flags: &dyn Flags) -> Piece<'a> {
    Piece::Module {
        head,
        items: Box::new(std::iter::once(Piece::Runtime(file.items(flags)))),
    }
}

impl Flags for DecodeHelpers {
    fn flag(&self, name: &str) -> Option<bool> {
        Some(match name {
            "required" => self.required,
            "rest" => self.rest,
            _ => return None,
        })
    }
}

impl Flags for TagKinds {
    fn flag(&self, name: &str) -> Option<bool> {
        Some(match name {
            "text_tags" => self.text,
            "bool_tags" => self.bool,
            "integer_tags" => self.integer,
            _ => return None,
        })
    }
}

fn emit_type(def: &TypeDef, model: &Model) -> TokenStream {
    let serialization = Serialization::of(def, model);
    let eq = PartialEqDerive::of(&model.extras);
    match &def.kind {
        TypeKind::Struct { fields } => emit_struct(def, fields, model, serialization, eq),
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
        } => emit_union(def, variants, discriminator.as_ref(), serialization, eq),
        TypeKind::Alias(ty) => {
            let doc = docs(&def.docs);
            let name = ident(&def.name);
            let ty = rust_type(ty, &quote!());
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Wrapper(ty) => emit_wrapper(def, ty, serialization, eq),
        TypeKind::Tuple(items) => emit_tuple(def, items, serialization, eq),
    }
}

/// How a type implements `Serialize`: derived (the client sends it), derived under the
/// `mock` feature (a type only received, which the mock server sends), or not at all.
/// String enums, newtypes and numbers always implement it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Serialization {
    Derived,
    ForMock,
    Not,
}

impl Serialization {
    fn of(def: &TypeDef, model: &Model) -> Self {
        if def.serde.serialize {
            Self::Derived
        } else if model.extras.mock && !model.operations.is_empty() {
            Self::ForMock
        } else {
            Self::Not
        }
    }

    /// `serde::Serialize` in the type's own derive list.
    fn in_derive(self) -> Option<TokenStream> {
        (self == Self::Derived).then(|| quote!(serde::Serialize))
    }

    /// The derive of a type serialized for the mock only, an attribute of its own.
    fn mock_derive(self) -> Option<TokenStream> {
        (self == Self::ForMock)
            .then(|| quote!(#[cfg_attr(feature = "mock", derive(serde::Serialize))]))
    }

    /// A `#[serde(...)]` attribute that only the `Serialize` derive reads.
    fn attr(self, args: TokenStream) -> Option<TokenStream> {
        match self {
            Self::Derived => Some(quote!(#[serde(#args)])),
            Self::ForMock => Some(quote!(#[cfg_attr(feature = "mock", serde(#args))])),
            Self::Not => None,
        }
    }
}

/// A fixed-length array of differently typed items, as a tuple struct: serde writes it
/// as a JSON array and reads exactly that many items.
fn emit_tuple(
    def: &TypeDef,
    items: &[TypeRef],
    serialization: Serialization,
    eq: PartialEqDerive,
) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let derives = serde_derives(def.serde);
    let items = items.iter().enumerate().map(|(index, ty)| {
        let doc = format!(" Item {}.", index + 1);
        let ty = rust_type(ty, &quote!());
        quote!(#[doc = #doc] pub #ty)
    });
    let mock_derive = serialization.mock_derive();
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    quote! {
        #doc
        #[derive(Debug, Clone, #eq #derives)]
        #eq_attr
        #mock_derive
        pub struct #name(#(#items),*);
    }
}

/// A list or map that holds itself, as a tuple struct that is the inner value on the wire.
fn emit_wrapper(
    def: &TypeDef,
    ty: &TypeRef,
    serialization: Serialization,
    eq: PartialEqDerive,
) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let ty = rust_type(ty, &quote!());
    let derives = serde_derives(def.serde);
    let mock_derive = serialization.mock_derive();
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    quote! {
        #doc
        #[derive(Debug, Clone, #eq Default, #derives)]
        #eq_attr
        #mock_derive
        #[serde(transparent)]
        pub struct #name(pub #ty);

        impl From<#ty> for #name {
            fn from(value: #ty) -> Self {
                Self(value)
            }
        }

        impl std::ops::Deref for #name {
            type Target = #ty;
            fn deref(&self) -> &#ty {
                &self.0
            }
        }
    }
}

fn emit_struct(
    def: &TypeDef,
    fields: &[Field],
    model: &Model,
    serialization: Serialization,
    eq: PartialEqDerive,
) -> TokenStream {
    let doc = docs(&def.docs);
    let name = ident(&def.name);
    let declared = fields.iter().map(|field| {
        let doc = docs(&field.docs);
        let field_name = ident(&field.name);
        let ty = field_type(field);
        let doc = if field.nullable && !field.required {
            docs(&format!(
                "{}\n\nAbsent is `None`; `null` is `Some(None)`.",
                field.docs
            ))
        } else if keeps_null(field) {
            docs(&format!(
                "{}\n\nAbsent is `None`; `null` is `Some(Value::Null)`.",
                field.docs
            ))
        } else {
            doc
        };
        quote! { #doc pub #field_name: #ty, }
    });
    let declared: Vec<TokenStream> = declared.collect();
    // Only a decoded struct reads defaults: one that is only sent leaves them to the server.
    let accessors: Vec<TokenStream> = if def.serde.deserialize {
        fields
            .iter()
            .filter_map(|field| default_accessor(field, model))
            .collect()
    } else {
        Vec::new()
    };
    let accessors = (!accessors.is_empty()).then(|| {
        quote! {
            /// Fields with a documented default, read as the server means them: the value
            /// sent, or the default when it sent none. The fields themselves keep the
            /// difference, so that a value re-encoded is the value received.
            impl #name {
                #(#accessors)*
            }
        }
    });
    let deserialize = def
        .serde
        .deserialize
        .then(|| emit_struct_deserialize(def, fields));
    let serialize = emit_struct_serialize(def, fields, serialization);
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    quote! {
        #doc
        #[derive(Debug, Clone, #eq)]
        #eq_attr
        pub struct #name { #(#declared)* }
        #accessors
        #deserialize
        #serialize
    }
}

/// A field's Rust type: `Option` unless it is required and not nullable, and
/// `Option<Option<_>>` when absent, `null` and a value are three states.
fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty, &quote!());
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.absent_null_or_value() {
        quote!(Option<Option<#ty>>)
    } else if (field.required || field.flatten) && !field.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// An optional untyped field: `serde_json::Value` holds `null` itself, so the field is
/// decoded as read, `null` being `Some(Value::Null)`, not `None` (which is absence).
fn keeps_null(field: &Field) -> bool {
    !field.required && !field.flatten && field.ty == TypeRef::Json
}

/// `pub fn name(&self) -> T`: the field's value, or its default when absent, for a field
/// whose default the code can write out (a boolean, number, string or string enum).
fn default_accessor(field: &Field, model: &Model) -> Option<TokenStream> {
    // An inherent method named like one of the derived traits' would shadow it for callers.
    const TRAIT_METHODS: &[&str] = &["clone", "eq", "ne", "fmt", "serialize", "to_owned"];
    if field.required
        || field.nullable
        || field.boxed
        || field.flatten
        || TRAIT_METHODS.contains(&field.name.as_str())
    {
        return None;
    }
    let default = field.default.as_ref()?;
    let value = default_value(&field.ty, default, model)?;
    let field_name = ident(&field.name);
    let doc = format!(
        " `{}`, or its default `{default}` when the server did not send it.",
        field.wire_name
    );
    let ty = rust_type(&field.ty, &quote!());
    Some(match (&field.ty, default) {
        (TypeRef::String, serde_json::Value::String(text)) => quote! {
            #[doc = #doc]
            pub fn #field_name(&self) -> &str {
                self.#field_name.as_deref().unwrap_or(#text)
            }
        },
        (TypeRef::Named(_), _) => quote! {
            #[doc = #doc]
            pub fn #field_name(&self) -> #ty {
                self.#field_name.clone().unwrap_or(#value)
            }
        },
        _ => quote! {
            #[doc = #doc]
            pub fn #field_name(&self) -> #ty {
                self.#field_name.unwrap_or(#value)
            }
        },
    })
}

/// `Deserialize` for a struct, as one line given to the `object!` macro of the models
/// module: the fields' slots and wire names, for `decode::object` to read the map into,
/// then the fields by how they decode. serde's derive would also write a field enum, its
/// visitor, a sequence visitor and a wrapper per `deserialize_with` field, for every
/// struct: for GitHub's client that was a third of the memory `cargo check` needs.
fn emit_struct_deserialize(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    // The declared fields in the order written (the first required one absent is the
    // one a missing-field error names), each with how it decodes.
    let declared: Vec<(&Field, Decoding)> = fields
        .iter()
        .filter_map(|field| Some((field, decoding(field)?)))
        .collect();
    let bindings = slot_pattern(
        declared
            .iter()
            .map(|(field, _)| ident(&field.name))
            .collect(),
    );
    let wires = declared.iter().map(|(field, _)| &field.wire_name);
    let group = |group: Decoding| {
        declared
            .iter()
            .filter(move |(_, how)| *how == group)
            .map(|(field, _)| (ident(&field.name), &field.wire_name))
    };
    let required = group(Decoding::Required).map(|(name, wire)| quote!(#name(#wire)));
    let optional = group(Decoding::Optional).map(|(name, _)| name);
    let nullable = group(Decoding::Nullable).map(|(name, _)| name);
    let rest = fields.iter().find(|f| f.flatten).map(|field| {
        let field_name = ident(&field.name);
        quote!(, rest = #field_name)
    });
    quote! {
        object!(
            #name,
            fields #bindings,
            names [#(#wires),*],
            required [#(#required),*],
            optional [#(#optional),*],
            nullable [#(#nullable),*]
            #rest
        );
    }
}

/// The most members a tuple of slots has: `decode::Slots` is implemented for tuples of
/// one to this many.
const SLOTS_PER_TUPLE: usize = 8;

/// The fields' bindings in the shape `decode::Slots` reads them in: a tuple of up to
/// [`SLOTS_PER_TUPLE`], or tuples of such tuples, as deep as needed.
fn slot_pattern(bindings: Vec<Ident>) -> TokenStream {
    let tuple = |members: &[TokenStream]| match members {
        [one] => quote!((#one,)),
        members => quote!((#(#members),*)),
    };
    let mut members: Vec<TokenStream> = bindings.iter().map(|b| b.to_token_stream()).collect();
    while members.len() > SLOTS_PER_TUPLE {
        members = members.chunks(SLOTS_PER_TUPLE).map(tuple).collect();
    }
    tuple(&members)
}

/// `Serialize` for a struct, as one line given to the `serialize!` macro of the models
/// module: its fields in the order declared, each written always (`required`) or when it
/// is `Some` (`optional`), and the map of the rest. What serde's derive wrote with
/// `rename`, `skip_serializing_if` and `flatten` attributes, in less code for rustc to
/// check (see models/serialize.rs in the runtime).
fn emit_struct_serialize(
    def: &TypeDef,
    fields: &[Field],
    serialization: Serialization,
) -> Option<TokenStream> {
    let gate = match Need::of(serialization) {
        Need::Nobody => return None,
        need => need.gate(),
    };
    let name = ident(&def.name);
    let declared = fields.iter().filter(|field| !field.flatten).map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let how = match field.required {
            true => quote!(required),
            false => quote!(optional),
        };
        quote!(#field_name(#wire, #how))
    });
    let rest = fields.iter().find(|field| field.flatten).map(|field| {
        let field_name = ident(&field.name);
        quote!(, rest = #field_name)
    });
    Some(quote! {
        #gate
        serialize!(#name, [#(#declared),*] #rest);
    })
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
    // Compared, ordered and hashed by `by_wire_value!` (with the conversions, as text).
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#declarations)*
            /// A value this client does not know yet, kept as it was sent.
            #catch_all(String),
        }

        impl #name {
            /// The value as it is written on the wire, by which values are compared,
            /// ordered and hashed.
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
    let error = quote!(validation::ValidationError);
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

        },
        Scalar::Integer(kind) => {
            emit_number(def, doc, checks.collect(), TypeRef::Integer(kind), true)
        }
        Scalar::Float(kind) => emit_number(def, doc, checks.collect(), TypeRef::Float(kind), false),
    }
}

// The fixed impls of string enums and validated string newtypes differ from one type to
// another by names only, so they are written as text, laid out as rustfmt would in the
// models module (a line over 100 columns there is wrapped), each under `cfg` (the type's
// gate as `cfg_text` lays it out, or nothing). Built as tokens, parsed and printed again,
// the newtypes' alone were a fifth of a small document's models (2.3 M of the Kirim
// spec's 10.7 M instructions on that thread).

/// A string enum's comparisons and hash (`by_wire_value!`), conversion from an owned
/// `String` (which keeps it for the catch-all variant `catch_all` rather than copying it),
/// `Display` and serde's impls, through `as_str` and `From<&str>`.
fn string_enum_impls(name: &str, catch_all: &str, cfg: &str) -> String {
    format!(
        "\
{cfg}by_wire_value!({name});
{cfg}impl From<String> for {name} {{
    fn from(value: String) -> Self {{
        match Self::from(value.as_str()) {{
            Self::{catch_all}(_) => Self::{catch_all}(value),
            known => known,
        }}
    }}
}}
{cfg}impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}
{cfg}impl serde::Serialize for {name} {{
    fn serialize<__S: serde::Serializer>(
        &self,
        serializer: __S,
    ) -> Result<__S::Ok, __S::Error> {{
        serializer.serialize_str(self.as_str())
    }}
}}
{cfg}impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<__D: serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> Result<Self, __D::Error> {{
        <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
    }}
}}
"
    )
}

/// A validated string newtype's conversions and its `Deserialize` (through `new`, so a
/// value that breaks a rule does not decode).
fn string_newtype_impls(name: &str, cfg: &str) -> String {
    format!(
        "\
{cfg}impl TryFrom<String> for {name} {{
    type Error = validation::ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {{
        Self::new(value)
    }}
}}
{cfg}impl TryFrom<&str> for {name} {{
    type Error = validation::ValidationError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {{
        Self::new(value)
    }}
}}
{cfg}impl std::str::FromStr for {name} {{
    type Err = validation::ValidationError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {{
        Self::new(value)
    }}
}}
{cfg}impl AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        &self.0
    }}
}}
{cfg}impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(&self.0)
    }}
}}
{cfg}impl From<{name}> for String {{
    fn from(value: {name}) -> Self {{
        value.0
    }}
}}
{cfg}impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<__D: serde::Deserializer<'de>>(
        deserializer: __D,
    ) -> Result<Self, __D::Error> {{
        let value = <String as serde::Deserialize>::deserialize(deserializer)?;
        Self::new(value).map_err(serde::de::Error::custom)
    }}
}}
"
    )
}

/// The `#[cfg(...)]` attribute `cfg` (or nothing) as lines of text, as the formatter lays
/// it out on an item.
fn cfg_text(cfg: &TokenStream) -> String {
    if cfg.is_empty() {
        return String::new();
    }
    // The emitters' own attribute always parses; were it not to, it still goes on the
    // items, as the tokens print.
    let laid_out = syn::parse2::<syn::File>(quote!(#cfg struct Cfg;))
        .ok()
        .map(|file| prettyplease::unparse(&file))
        .and_then(|text| Some(text.trim_end().strip_suffix("struct Cfg;")?.to_owned()));
    laid_out.unwrap_or_else(|| format!("{cfg}\n"))
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
    let error = quote!(validation::ValidationError);
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
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
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
    serialization: Serialization,
    eq: PartialEqDerive,
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
        // `#[serde]` is only known inside a serde derive.
        let serialize = serialization.in_derive();
        let mock_derive = serialization.mock_derive();
        let untagged = serialization.attr(quote!(untagged));
        let deserialize = def
            .serde
            .deserialize
            .then(|| emit_untagged_deserialize(&name, variants));
        let (eq, eq_attr) = (eq.in_list(), eq.attr());
        return quote! {
            #doc
            #[derive(Debug, Clone, #eq #serialize)]
            #eq_attr
            #mock_derive
            #untagged
            pub enum #name { #(#declared)* }
            #deserialize
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
    let catch_all_doc = format!(
        " An object whose `{property}` this client does not know yet, kept as it was sent."
    );
    let not_object = format!("expected an object with a `{property}`, for {}", def.name);
    // `#[serde]` is only known inside a serde derive.
    let serialize = serialization.in_derive();
    let mock_derive = serialization.mock_derive();
    let untagged = serialization.attr(quote!(untagged));
    let deserialize = def.serde.deserialize.then(|| quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ if value.is_object() => Ok(Self::#catch_all(value)),
                    _ => Err(serde::de::Error::custom(#not_object)),
                }
            }
        }
    });
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    quote! {
        #doc
        #[derive(Debug, Clone, #eq #serialize)]
        #eq_attr
        #mock_derive
        #untagged
        pub enum #name {
            #(#declared)*
            #[doc = #catch_all_doc]
            #catch_all(serde_json::Value),
        }
        #deserialize
    }
}

/// `Deserialize` for a union without a discriminator: the value is read once, then offered
/// to each variant in order (see `choose`); the first that decodes and drops no property
/// wins, else the one that drops the fewest. A variant whose one-value properties (tags)
/// hold another value is not tried.
fn emit_untagged_deserialize(name: &Ident, variants: &[UnionVariant]) -> TokenStream {
    let offers = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let construct = if variant.boxed {
            quote!(|value| Self::#variant_name(Box::new(value)))
        } else {
            quote!(Self::#variant_name)
        };
        let tags = variant.fit.tags.iter().map(|(property, constant)| {
            let constant = match constant {
                Constant::Text(text) => quote!(choose::Tag::Text(#text)),
                Constant::Bool(flag) => quote!(choose::Tag::Bool(#flag)),
                Constant::Integer(number) => {
                    let number = Literal::i64_unsuffixed(*number);
                    quote!(choose::Tag::Integer(#number))
                }
            };
            quote!((#property, #constant))
        });
        let known = match &variant.fit.known {
            Some(known) => quote!(Some(&[#(#known),*])),
            None => quote!(None),
        };
        let offer = quote!(choice.offer(#known, #construct););
        if variant.fit.tags.is_empty() {
            offer
        } else {
            quote!(if choice.holds(&[#(#tags),*]) { #offer })
        }
    });
    let message = format!("data did not match any variant of untagged enum {name}");
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut choice = choose::Choice::new(&value);
                #(#offers)*
                choice.chosen().ok_or_else(|| serde::de::Error::custom(#message))
            }
        }
    }
}

/// Which kinds of [`Constant`] the unions' tags use.
struct TagKinds {
    text: bool,
    bool: bool,
    integer: bool,
}

impl TagKinds {
    fn of(model: &Model) -> Self {
        let tags = || {
            model
                .types
                .iter()
                .flat_map(|def| match &def.kind {
                    TypeKind::Union {
                        variants,
                        discriminator: None,
                    } if def.serde.deserialize => variants.as_slice(),
                    _ => &[],
                })
                .flat_map(|variant| variant.fit.tags.iter().map(|(_, constant)| constant))
        };
        Self {
            text: tags().any(|c| matches!(c, Constant::Text(_))),
            bool: tags().any(|c| matches!(c, Constant::Bool(_))),
            integer: tags().any(|c| matches!(c, Constant::Integer(_))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The members of `pattern`'s tuples as written, and the deepest nesting.
    fn shape(pattern: &str) -> (Vec<usize>, usize) {
        let (mut counts, mut open, mut depth, mut deepest) = (Vec::new(), Vec::new(), 0, 0);
        for token in pattern.split(|c: char| c.is_whitespace()) {
            for c in token.chars() {
                match c {
                    '(' => {
                        open.push(1);
                        depth += 1;
                        deepest = usize::max(deepest, depth);
                    }
                    ',' => *open.last_mut().expect("inside a tuple") += 1,
                    ')' => {
                        counts.push(open.pop().expect("balanced"));
                        depth -= 1;
                    }
                    _ => {}
                }
            }
        }
        (counts, deepest)
    }

    #[test]
    fn slots_nest_in_tuples_of_at_most_eight_in_field_order() {
        let fields = |n: usize| (0..n).map(|i| ident(&format!("f{i}"))).collect::<Vec<_>>();
        let pattern = |n| slot_pattern(fields(n)).to_string();
        assert_eq!(pattern(1), "(f0 ,)");
        assert_eq!(pattern(8), "(f0 , f1 , f2 , f3 , f4 , f5 , f6 , f7)");
        assert_eq!(pattern(0), "()");
        for n in [9, 64, 65, 80, 600] {
            let text = pattern(n);
            let names: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect();
            let expected: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
            assert_eq!(names, expected, "{n} fields: {text}");
            let (counts, deepest) = shape(&text);
            // A trailing comma counts one too many for a tuple of one.
            assert!(
                counts.iter().all(|&c| c <= SLOTS_PER_TUPLE),
                "{n}: {counts:?}"
            );
            let levels = match n {
                9 | 64 => 2,
                65 | 80 => 3,
                _ => 4,
            };
            assert_eq!(deepest, levels, "{n} fields: {text}");
        }
    }
}
