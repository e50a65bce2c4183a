//! emit: pure functions from the [`Model`] to a `TokenStream`. One module for the models,
//! one for the validators, one for the client; no decisions the model should have made.

mod client;
mod embedded;
mod mock;
mod models;
mod runtime;
mod tokens;
mod validators;
mod webhooks;

use crate::model::{BodyEncoding, Gate, Model, Responses, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub use embedded::{RuntimeItem, RuntimeMember};

/// Part of the output file, as tokens: top-level items, or a module whose items come one
/// batch at a time. Rendering parses each batch and drops its tokens before the next is
/// emitted, so a large client's tokens are never all alive at once (for GitHub's
/// description they would be about 80 MB, and syn's copy of them as much again).
pub enum Piece<'a> {
    /// Whole items.
    Items(TokenStream),
    /// `head` is the module with its attributes and no items (`pub mod models {
    /// #![forbid(unsafe_code)] }`); `items` are its items, in order.
    Module {
        head: TokenStream,
        items: Box<dyn Iterator<Item = Piece<'a>> + 'a>,
    },
    /// `head` is an empty `impl` block (`impl Client {}`); `members` are batches of its
    /// functions, each with the `#[cfg(...)]` attribute (or nothing) of every function in
    /// it.
    Impl {
        head: TokenStream,
        members: Box<dyn Iterator<Item = (TokenStream, TokenStream)> + 'a>,
    },
    /// Whole items compiled only with one of the features of a gate: `cfg` is the
    /// `#[cfg(...)]` attribute rendering puts on each of them.
    Gated {
        cfg: TokenStream,
        items: TokenStream,
    },
    /// Items of the runtime as written ([`embedded`]), parsed or as text; `Err` when an
    /// embedded file is broken, a bug of this crate that rendering reports.
    Runtime(Result<Vec<embedded::RuntimeItem>, String>),
    /// Items written out as text, laid out as rustfmt would at the top level: for what
    /// the formatters cannot lay out from tokens (a `macro_rules!` body), and for fixed
    /// items that differ by a name only, which need not be parsed and printed each time.
    Verbatim(std::borrow::Cow<'static, str>),
    /// Like [`Piece::Verbatim`], text of trait impls only (and calls of macros that
    /// write trait impls): in a crate's large module it moves to a part, as a trait impl
    /// does, rather than staying in the module's own file.
    VerbatimImpls(std::borrow::Cow<'static, str>),
}

/// Emits one section of the output file.
pub type Section = for<'a> fn(&'a Model) -> Vec<Piece<'a>>;

/// The output file (re-exports at the top, then the modules) in sections of whole top-level items, in order: each is emitted,
/// parsed and formatted on its own thread, and the formatted texts are concatenated. Two
/// sections of about equal work because the machines this runs on have two cores or more:
/// the models and the validation module; the client and what follows it. (For a small
/// document the client, with most of the runtime, is the larger: the validation module
/// went with it until measured, Kirim's generation 0.83x-0.94x of the time with it here.)
pub const SECTIONS: [Section; 2] = [emit_exports_models_and_validation, emit_client_and_after];

fn emit_exports_models_and_validation(model: &Model) -> Vec<Piece<'_>> {
    let client_exports = client::exported_names(model);
    let validation_export = validators::needed(model).then(|| {
        quote!(
            pub use self::validation::ValidationError;
        )
    });
    let exports = client_exports
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(cfg, names)| quote!(#cfg pub use self::client::{#(#names),*};));
    [
        Piece::Items(quote! {
            #(#exports)*
            #validation_export
        }),
        models::emit_models(model),
    ]
    .into_iter()
    .chain(validators::emit_validation(model))
    .collect()
}

fn emit_client_and_after(model: &Model) -> Vec<Piece<'_>> {
    [client::emit_client(model)]
        .into_iter()
        .chain(webhooks::emit_webhooks(model))
        .chain(mock::emit_mock(model))
        .collect()
}

/// The `#[cfg(...)]` attribute of an item behind `gate`, or nothing when it is always
/// compiled.
pub fn cfg(model: &Model, gate: &Gate) -> TokenStream {
    let names = gate
        .features()
        .iter()
        .map(|&index| model.features[index].name.as_str());
    match gate.features() {
        [] => TokenStream::new(),
        [_] => quote!(#[cfg(#(feature = #names)*)]),
        _ => quote!(#[cfg(any(#(feature = #names),*))]),
    }
}

/// Items behind `gate`, as a piece.
pub fn gated<'a>(model: &Model, gate: &Gate, items: TokenStream) -> Piece<'a> {
    match gate.features() {
        [] => Piece::Items(items),
        _ => Piece::Gated {
            cfg: cfg(model, gate),
            items,
        },
    }
}

/// The inner attribute of a module holding helpers shared by operations of several
/// features: with some features off, the helpers only their operations call are unused,
/// which is allowed then and checked with every feature on.
pub fn unused_with_features_off(model: &Model) -> TokenStream {
    if model.features.is_empty() {
        return TokenStream::new();
    }
    let names = model.features.iter().map(|f| f.name.as_str());
    quote!(#![cfg_attr(not(all(#(feature = #names),*)), allow(dead_code, unused_imports, unused_macros))])
}

/// A crate the generated code uses, as a `Cargo.toml` dependency line.
pub struct Dependency {
    pub name: &'static str,
    pub spec: &'static str,
    /// The features that need it; with some only, it is optional and they turn it on.
    pub gate: Gate,
}

/// Exactly the crates the emitters reference for `model`, for a standalone crate's
/// `Cargo.toml`.
pub fn dependencies(model: &Model) -> Vec<Dependency> {
    let any_operation = !model.operations.is_empty();
    // The gates of the types and operations that mention a `wanted` type, `None` when
    // none does.
    let mentioned = |wanted: &dyn Fn(&TypeRef) -> bool| {
        let types = model.types.iter().filter(|t| match &t.kind {
            TypeKind::Struct { fields } => fields.iter().any(|f| mentions(&f.ty, wanted)),
            TypeKind::Alias(ty) | TypeKind::Wrapper(ty) => mentions(ty, wanted),
            TypeKind::Tuple(items) => items.iter().any(|ty| mentions(ty, wanted)),
            TypeKind::Union { variants, .. } => variants.iter().any(|v| mentions(&v.ty, wanted)),
            _ => false,
        });
        let operations = model.operations.iter().filter(|o| {
            o.params.iter().any(|p| mentions(&p.ty, wanted))
                || o.body.as_ref().is_some_and(|b| mentions(&b.ty, wanted))
                || response_types(&o.responses).any(|ty| mentions(ty, wanted))
        });
        let gates = types.map(|t| &t.gate).chain(operations.map(|o| &o.gate));
        Gate::needed_by(gates, model.features.len())
    };
    let dates = mentioned(&|ty| matches!(ty, TypeRef::DateTime | TypeRef::Date)).is_some();
    let uuids = mentioned(&|ty| *ty == TypeRef::Uuid);
    let paginated = model.operations.iter().any(|o| o.pagination.is_some());
    let encodings = || {
        model
            .operations
            .iter()
            .filter_map(|o| o.body.as_ref())
            .map(|b| &b.encoding)
    };
    let reqwest = match (
        encodings().any(|e| *e == BodyEncoding::Form),
        encodings().any(|e| *e == BodyEncoding::Multipart),
    ) {
        (false, false) => {
            r#"{ version = "0.13", default-features = false, features = ["http2", "json", "rustls"] }"#
        }
        (true, false) => {
            r#"{ version = "0.13", default-features = false, features = ["http2", "json", "rustls", "form"] }"#
        }
        (false, true) => {
            r#"{ version = "0.13", default-features = false, features = ["http2", "json", "rustls", "multipart"] }"#
        }
        (true, true) => {
            r#"{ version = "0.13", default-features = false, features = ["http2", "json", "rustls", "form", "multipart"] }"#
        }
    };
    let mut dependencies = vec![
        Dependency {
            name: "serde",
            spec: r#"{ version = "1.0.200", features = ["derive"] }"#,
            gate: Gate::ALWAYS,
        },
        Dependency {
            name: "serde_json",
            // Decoding a float to the nearest double, so that it re-encodes as sent
            // (without it, `998.5886225476861` comes back `998.588622547686`).
            spec: r#"{ version = "1.0.120", features = ["float_roundtrip"] }"#,
            gate: Gate::ALWAYS,
        },
        Dependency {
            name: "reqwest",
            spec: reqwest,
            gate: Gate::ALWAYS,
        },
    ];
    // Simple patterns are plain code; only the others need the engine.
    if let Some(gate) = validators::pattern_engine_gate(model) {
        dependencies.push(Dependency {
            name: "regress",
            spec: r#"{ version = "0.12", default-features = false, features = ["std", "backend-pikevm"] }"#,
            gate,
        });
    }
    // The runtime parses `Retry-After` dates with chrono whenever there is an operation.
    if dates || any_operation {
        dependencies.push(Dependency {
            name: "chrono",
            spec: r#"{ version = "0.4.40", default-features = false, features = ["std", "serde"] }"#,
            gate: Gate::ALWAYS,
        });
    }
    let uses = runtime::Uses::of(model);
    // A body that does not decode is decoded again to find the path to what failed; a
    // streamed item or a webhook's payload is decoded so at once.
    if uses.decodes() || uses.stream_json || !model.webhooks.is_empty() {
        dependencies.push(Dependency {
            name: "serde_path_to_error",
            spec: r#""0.1.16""#,
            gate: Gate::ALWAYS,
        });
    }
    if let Some(gate) = uuids {
        dependencies.push(Dependency {
            name: "uuid",
            spec: r#"{ version = "1.10", default-features = false, features = ["serde"] }"#,
            gate,
        });
    }
    // With the `metadata` feature, the plain operation methods adapt the `_with_response`
    // ones' futures.
    if paginated || uses.streams() || uses.metadata {
        dependencies.push(Dependency {
            name: "futures-util",
            spec: r#"{ version = "0.3.30", default-features = false }"#,
            gate: Gate::ALWAYS,
        });
    }
    if any_operation {
        dependencies.push(Dependency {
            name: "tokio",
            spec: r#"{ version = "1.40", default-features = false, features = ["time"] }"#,
            gate: Gate::ALWAYS,
        });
    }
    dependencies
}

/// Every body type an operation's responses decode.
fn response_types(responses: &Responses) -> impl Iterator<Item = &TypeRef> {
    let variants = responses.success_variants.iter().flatten();
    responses
        .success_type
        .iter()
        .chain(variants.filter_map(|v| v.ty.as_ref()))
        .chain(responses.errors.iter().filter_map(|e| e.ty.as_ref()))
}

/// Whether `ty` names a model, itself or as a list or map of it (the module that uses it
/// then imports `models`).
fn mentions_named(ty: &TypeRef) -> bool {
    mentions(ty, &|ty| matches!(ty, TypeRef::Named(_)))
}

/// Whether `ty`, or a list or map of it at any depth, is `wanted`.
fn mentions(ty: &TypeRef, wanted: &dyn Fn(&TypeRef) -> bool) -> bool {
    match ty {
        TypeRef::List(inner) | TypeRef::Map(inner) => mentions(inner, wanted),
        other => wanted(other),
    }
}
