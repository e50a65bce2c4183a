//! The `client` module: the runtime (see [`super::runtime`]), then per operation one async
//! method, its parameter struct and its error enum, and for paginated operations a stream
//! of pages and a stream of items.

use super::runtime::{emit_client_type, emit_support, Uses};
use super::tokens::{borrowed_type, docs, ident, rust_type, PartialEqDerive};
use super::{mentions_named, Piece};
use crate::model::{
    ApiKey, ApiKeyLocation, BodyEncoding, ErrorCase, Gate, HeaderType, Model, Operation, OwnType,
    Pagination, Param, ParamLocation, ParamShape, PathPart, QueryStyle, RequestBody,
    ResponseHeader, StatusMatch, StreamAlternative, StreamFormat, TypeRef, ValueFormat,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The names the crate root re-exports from the client module, grouped by the `cfg` that
/// compiles them (the always-compiled group first): an operation's feature, and the
/// `metadata` feature for what only the `_with_response` methods return.
pub fn exported_names(model: &Model) -> Vec<(TokenStream, Vec<Ident>)> {
    let always: Vec<Ident> = [
        "Client",
        "Error",
        "InvalidBaseUrl",
        "Hook",
        "HookError",
        "HookResult",
        "RequestOptions",
        "RetryPolicy",
        "DEFAULT_TIMEOUT",
        "DEFAULT_MAX_BODY_SIZE",
        "USER_AGENT",
    ]
    .into_iter()
    .map(ident)
    .collect();
    // Keyed by the operation's gate and whether the names need the `metadata` feature.
    let mut groups: Vec<((&Gate, bool), Vec<Ident>)> =
        vec![((&ALWAYS, false), always), ((&ALWAYS, true), Vec::new())];
    if model.default_base_url.is_some() {
        groups[0].1.push(ident("DEFAULT_BASE_URL"));
    }
    let uses = Uses::of(model);
    if uses.read_whole {
        groups[0].1.push(ident("Call"));
    }
    if uses.events {
        groups[0].1.extend([ident("Event"), ident("EventStream")]);
    }
    if uses.lines {
        groups[0].1.push(ident("LineStream"));
    }
    if uses.metadata {
        groups[1].1.push(ident("Response"));
    }
    if uses.declared_headers {
        groups[1]
            .1
            .extend([ident("DeclaredHeaders"), ident("HeaderError")]);
    }
    for operation in &model.operations {
        let mut names = Vec::new();
        if operation.params_struct.exists() {
            names.push(params_struct(operation));
        }
        if operation.responses.success_variants.is_some() {
            names.push(success_enum(operation));
        }
        if operation.error_enum.exists() {
            names.push(error_enum(operation));
        }
        add(&mut groups, (&operation.gate, false), names);
        if !operation.responses.headers.is_empty() && !operation.response_method.is_empty() {
            add(
                &mut groups,
                (&operation.gate, true),
                vec![headers_struct(operation)],
            );
        }
    }
    groups
        .into_iter()
        .map(|((gate, metadata), names)| {
            let gate = super::cfg(model, gate);
            let metadata = metadata.then(|| quote!(#[cfg(feature = "metadata")]));
            (quote!(#gate #metadata), names)
        })
        .collect()
}

/// Adds `names` to the group of `key`, a new group if it has none.
fn add<'a>(
    groups: &mut Vec<((&'a Gate, bool), Vec<Ident>)>,
    key: (&'a Gate, bool),
    names: Vec<Ident>,
) {
    match groups.iter_mut().find(|(existing, _)| *existing == key) {
        Some((_, group)) => group.extend(names),
        None => groups.push((key, names)),
    }
}

static ALWAYS: Gate = Gate::ALWAYS;

pub fn emit_client<'a>(model: &'a Model) -> Piece<'a> {
    let models = quote!(models::);
    let uses = Uses::of(model);
    let methods = (!model.operations.is_empty()).then(|| {
        let methods_path = models.clone();
        let members = model.operations.iter().map(move |operation| {
            let method = emit_method(
                operation,
                &methods_path,
                model.bearer_auth,
                &model.api_keys,
                None,
                model.extras.tracing,
            );
            let streamed = operation
                .responses
                .stream_alternative
                .as_ref()
                .map(|alternative| {
                    emit_method(
                        operation,
                        &methods_path,
                        model.bearer_auth,
                        &model.api_keys,
                        Some(alternative),
                        model.extras.tracing,
                    )
                });
            let method = quote!(#method #streamed);
            (super::cfg(model, &operation.gate), method)
        });
        Piece::Impl {
            head: quote!(impl Client {}),
            members: Box::new(members),
        }
    });
    // Each operation's own types, emitted as rendering asks for them.
    let types_path = models.clone();
    let items = model.operations.iter().flat_map(move |operation| {
        let types =
            emit_operation_types(operation, &types_path, PartialEqDerive::of(&model.extras));
        // A shared type is compiled with any operation that uses it.
        let gate = |own: &'a OwnType| match own {
            OwnType::Own { gate, .. } => gate,
            _ => &operation.gate,
        };
        [
            super::gated(model, gate(&operation.params_struct), types.params),
            super::gated(model, &operation.gate, types.successes),
            super::gated(model, gate(&operation.error_enum), types.errors),
            super::gated(model, &operation.gate, types.headers),
        ]
    });
    let client = emit_client_type(model, uses);
    let support = emit_support(uses);
    let uses_models = model.operations.iter().any(|operation| {
        operation.params.iter().any(|p| mentions_named(&p.ty))
            || operation
                .body
                .as_ref()
                .is_some_and(|b| mentions_named(&b.ty))
            || operation
                .responses
                .success_type
                .as_ref()
                .is_some_and(mentions_named)
            || operation
                .responses
                .errors
                .iter()
                .any(|e| e.ty.as_ref().is_some_and(mentions_named))
    });
    let use_models = uses_models.then(|| {
        quote!(
            use super::models;
        )
    });
    let unused = super::unused_with_features_off(model);
    // Every method's result is a `Result<_, Error<E>>`, `E` the documented error body by
    // value; each method's outcome closure (see `read_whole_body`) returns it as the
    // method does, where clippy's size lint, silent on an `async fn`, would ask for a box.
    let head = quote! {
        /// The HTTP client: [`Client`], its methods, and their errors.
        pub mod client {
            #![forbid(unsafe_code)]
            #![allow(clippy::result_large_err)]
            #unused
        }
    };
    let first = use_models
        .map(Piece::Items)
        .into_iter()
        .chain(client)
        .chain(methods);
    Piece::Module {
        head,
        items: Box::new(first.chain(items).chain(support)),
    }
}

fn params_struct(operation: &Operation) -> Ident {
    format_ident!("{}Params", operation.type_prefix)
}

fn error_enum(operation: &Operation) -> Ident {
    format_ident!("{}Error", operation.type_prefix)
}

/// An operation's own types: each is a definition, an alias of another operation's, or
/// nothing (see [`OwnType`]).
struct OperationTypes {
    params: TokenStream,
    errors: TokenStream,
    successes: TokenStream,
    headers: TokenStream,
}

/// The alias an operation's `name` is of another operation's type `owner`; `what` is the
/// type's doc sentence without its full stop.
fn own_alias(name: &Ident, owner: &Ident, what: &str) -> TokenStream {
    let doc = format!(" {what}: the same type as other operations', [`{owner}`].");
    quote! {
        #[doc = #doc]
        pub type #name = #owner;
    }
}

/// The doc comment of a type an operation defines, saying so when others alias it.
fn own_doc(own: &OwnType, what: &str) -> String {
    match own {
        OwnType::Own { shared: true, .. } => {
            format!(" {what}; also the type of other operations', by aliases of this one.")
        }
        _ => format!(" {what}."),
    }
}

/// The parameter struct and the error and success enums of one operation.
fn emit_operation_types(
    operation: &Operation,
    models: &TokenStream,
    eq: PartialEqDerive,
) -> OperationTypes {
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    let method = &operation.name;
    let name = params_struct(operation);
    let what = format!("Optional parameters of [`Client::{method}`]");
    let params = match &operation.params_struct {
        OwnType::None => TokenStream::new(),
        OwnType::Alias(owner) => own_alias(&name, &format_ident!("{owner}Params"), &what),
        own @ OwnType::Own { .. } => {
            let doc = own_doc(own, &what);
            let fields = operation
                .params
                .iter()
                .filter(|p| !p.required)
                .map(|param| {
                    let doc = docs(&param.docs);
                    let name = ident(&param.name);
                    let ty = rust_type(&param.ty, models);
                    quote!(#doc pub #name: Option<#ty>,)
                });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Default, #eq)]
                #eq_attr
                pub struct #name { #(#fields)* }
            }
        }
    };
    let name = error_enum(operation);
    let what = format!("The error responses [`Client::{method}`] documents");
    let errors = match &operation.error_enum {
        OwnType::None => TokenStream::new(),
        OwnType::Alias(owner) => own_alias(&name, &format_ident!("{owner}Error"), &what),
        own @ OwnType::Own { .. } => {
            let doc = own_doc(own, &what);
            let variants = operation.responses.errors.iter().map(|case| {
                let doc = docs(&format!("{}: {}", status_label(case.status), case.docs));
                let variant = ident(&case.variant);
                match &case.ty {
                    Some(ty) => {
                        let ty = boxed_if(rust_type(ty, models), case.boxed);
                        quote!(#doc #variant(#ty),)
                    }
                    None => quote!(#doc #variant,),
                }
            });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, #eq)]
                #eq_attr
                pub enum #name { #(#variants)* }
            }
        }
    };
    let successes = operation
        .responses
        .success_variants
        .as_ref()
        .map(|variants| {
            let name = success_enum(operation);
            let doc = format!(" The success responses [`Client::{method}`] documents, by status.");
            let declared = variants.iter().map(|variant| {
                let doc = format!(" {}: {}", status_label(variant.status), variant.docs);
                let variant_name = ident(&variant.variant);
                match &variant.ty {
                    Some(ty) => {
                        let ty = boxed_if(rust_type(ty, models), variant.boxed);
                        quote!(#[doc = #doc] #variant_name(#ty),)
                    }
                    None => quote!(#[doc = #doc] #variant_name,),
                }
            });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, #eq)]
                #eq_attr
                pub enum #name { #(#declared)* }
            }
        });
    OperationTypes {
        params,
        errors,
        successes: quote!(#successes),
        headers: emit_headers_struct(operation),
    }
}

fn headers_struct(operation: &Operation) -> Ident {
    format_ident!("{}Headers", operation.type_prefix)
}

/// The struct of the headers an operation's success responses declare, and how it reads
/// them: each field is `None` when the header is absent.
fn emit_headers_struct(operation: &Operation) -> TokenStream {
    let headers = &operation.responses.headers;
    if headers.is_empty() || operation.response_method.is_empty() {
        return TokenStream::new();
    }
    let name = headers_struct(operation);
    let doc = format!(
        " The headers [`Client::{}`]'s success responses declare (see `Response::declared_headers`).",
        operation.response_method
    );
    let typed = |header: &ResponseHeader| match header.ty {
        HeaderType::Text => (quote!(String), "a string"),
        HeaderType::I32 => (quote!(i32), "a 32-bit integer"),
        HeaderType::I64 => (quote!(i64), "an integer"),
        HeaderType::F64 => (quote!(f64), "a number"),
        HeaderType::Bool => (quote!(bool), "`true` or `false`"),
    };
    let fields = headers.iter().map(|header| {
        let doc = docs(&if header.docs.is_empty() {
            format!("The `{}` header.", header.name)
        } else {
            format!("{}\n\nThe `{}` header.", header.docs, header.name)
        });
        let field = ident(&header.field);
        let (ty, _) = typed(header);
        quote!(#doc pub #field: Option<#ty>,)
    });
    let reads = headers.iter().map(|header| {
        let field = ident(&header.field);
        let wire = &header.name;
        let (_, expected) = typed(header);
        quote!(#field: declared_header(headers, #wire, #expected)?,)
    });
    quote! {
        #[cfg(feature = "metadata")]
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #(#fields)* }
        #[cfg(feature = "metadata")]
        impl DeclaredHeaders for #name {
            fn from_headers(headers: &reqwest::header::HeaderMap) -> Result<Self, HeaderError> {
                Ok(Self { #(#reads)* })
            }
        }
    }
}

/// `Box<ty>` for a boxed variant's body, which decodes the same (serde reads `Box<T>` as
/// `T`), so the decoding arms need not know.
fn boxed_if(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    }
}

/// One argument of an operation method: how it is declared, and how a stream that calls the
/// method again for every page keeps and passes an owned copy of it.
struct Arg {
    name: Ident,
    declared: TokenStream,
    owned: TokenStream,
    passed: TokenStream,
}

impl Arg {
    fn new(name: Ident, ty: TokenStream, by_value: bool) -> Self {
        let (owned, passed) = if by_value {
            (quote!(#name), quote!(#name))
        } else {
            (quote!(#name.to_owned()), quote!(&#name))
        };
        Self {
            declared: quote!(#name: #ty),
            name,
            owned,
            passed,
        }
    }
}

/// Path parameters in path order, the other required parameters, the optional ones as one
/// struct, then the body.
fn arguments(operation: &Operation, models: &TokenStream) -> Vec<Arg> {
    let path_order = operation
        .segments
        .iter()
        .flatten()
        .filter_map(|part| match part {
            PathPart::Param(name) => operation.params.iter().find(|p| &p.name == name),
            PathPart::Literal(_) => None,
        });
    let required = operation
        .params
        .iter()
        .filter(|p| p.required && p.location != ParamLocation::Path);
    let mut args: Vec<Arg> = path_order
        .chain(required)
        .map(|param| {
            let by_value = matches!(
                param.ty,
                TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_)
            );
            Arg::new(
                ident(&param.name),
                borrowed_type(&param.ty, models),
                by_value,
            )
        })
        .collect();
    if operation.params_struct.exists() {
        let params = params_struct(operation);
        args.push(Arg::new(ident("params"), quote!(&#params), false));
    }
    if let Some(body) = &operation.body {
        args.push(body_arg(body, models));
    }
    args
}

/// The body argument: a borrowed value for JSON and forms, `&str` for text, `&[u8]` for
/// bytes, and a `reqwest::multipart::Form` (which the caller builds) for multipart.
fn body_arg(body: &RequestBody, models: &TokenStream) -> Arg {
    let name = ident("body");
    let (ty, owned_ty) = match &body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => {
            let ty = rust_type(&body.ty, models);
            (quote!(&#ty), None)
        }
        BodyEncoding::Text(_) => (quote!(&str), Some(quote!(str::to_owned))),
        BodyEncoding::Bytes(_) => (quote!(&[u8]), Some(quote!(<[u8]>::to_vec))),
        BodyEncoding::Multipart => {
            let declared = if body.required {
                quote!(body: reqwest::multipart::Form)
            } else {
                quote!(body: Option<reqwest::multipart::Form>)
            };
            // Not cloneable: such operations are never paginated (see the model).
            return Arg {
                name,
                declared,
                owned: quote!(body),
                passed: quote!(body),
            };
        }
    };
    match (body.required, owned_ty) {
        (true, _) => Arg::new(name, ty, false),
        (false, None) => Arg {
            declared: quote!(body: Option<#ty>),
            owned: quote!(body.cloned()),
            passed: quote!(body.as_ref()),
            name,
        },
        (false, Some(to_owned)) => Arg {
            declared: quote!(body: Option<#ty>),
            owned: quote!(body.map(#to_owned)),
            passed: quote!(body.as_deref()),
            name,
        },
    }
}

/// The statement that attaches the body to `request`.
fn body_statement(body: &RequestBody) -> TokenStream {
    let attach = |value: TokenStream| match &body.encoding {
        BodyEncoding::Json => quote!(request.json(#value)),
        BodyEncoding::Form => quote!(request.form(#value)),
        BodyEncoding::Multipart => quote!(request.multipart(#value)),
        BodyEncoding::Text(content_type) => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(#value.to_owned()))
        }
        BodyEncoding::Bytes(content_type) => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(#value.to_vec()))
        }
    };
    if body.required {
        let attached = attach(quote!(body));
        quote!(let request = #attached;)
    } else {
        let attached = attach(quote!(body));
        quote! {
            let request = match body {
                Some(body) => #attached,
                None => request,
            };
        }
    }
}

fn success_enum(operation: &Operation) -> Ident {
    format_ident!("{}Success", operation.type_prefix)
}

/// The stream a streamed method returns.
fn stream_type(
    format: StreamFormat,
    item: &TypeRef,
    operation: &Operation,
    models: &TokenStream,
) -> TokenStream {
    let item = rust_type(item, models);
    let error = error_type(operation);
    match format {
        StreamFormat::Events => quote!(EventStream<#item, #error>),
        StreamFormat::Lines | StreamFormat::Records => quote!(LineStream<#item, #error>),
    }
}

fn success_type(operation: &Operation, models: &TokenStream) -> TokenStream {
    let responses = &operation.responses;
    if responses.success_variants.is_some() {
        let name = success_enum(operation);
        return quote!(#name);
    }
    match &responses.success_type {
        Some(ty) if responses.success_optional => {
            let ty = rust_type(ty, models);
            quote!(Option<#ty>)
        }
        Some(ty) => rust_type(ty, models),
        None => quote!(()),
    }
}

fn error_type(operation: &Operation) -> TokenStream {
    if !operation.error_enum.exists() {
        quote!(std::convert::Infallible)
    } else {
        let name = error_enum(operation);
        quote!(#name)
    }
}

/// The method of `operation`, or with `alternative` the one that asks for the stream the
/// document offers beside its JSON body.
fn emit_method(
    operation: &Operation,
    models: &TokenStream,
    bearer_auth: bool,
    api_keys: &[ApiKey],
    alternative: Option<&StreamAlternative>,
    tracing: bool,
) -> TokenStream {
    let name = ident(alternative.map_or(&operation.name, |a| &a.method));
    let http_method = ident(&operation.method.to_ascii_uppercase());
    let streamed_note = alternative.map(|a| {
        format!(
            "\n\nThe response as it arrives, as `{}` (see [`{}`](Self::{})).",
            a.media_type, operation.name, operation.name
        )
    });
    let doc = docs(&format!(
        "{}{}\n\n`{} {}`",
        if operation.docs.is_empty() {
            format!("Calls `{}`.", operation.name)
        } else {
            operation.docs.clone()
        },
        streamed_note.unwrap_or_default(),
        operation.method.to_ascii_uppercase(),
        operation.path
    ));
    let args = arguments(operation, models);
    let declared: Vec<&TokenStream> = args.iter().map(|arg| &arg.declared).collect();
    let allow_many = allow_many_arguments(&args);

    let segments = operation
        .segments
        .iter()
        .map(|parts| segment_expr(parts, operation));
    let query_params: Vec<&Param> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    let keys: Vec<&ApiKey> = operation
        .api_keys
        .iter()
        .filter_map(|field| api_keys.iter().find(|key| &key.field == field))
        .collect();
    let keys_in = |location: ApiKeyLocation| {
        keys.iter()
            .filter(move |key| key.location == location)
            .map(|key| (&key.name, ident(&key.field)))
    };
    let query_keys: Vec<TokenStream> = keys_in(ApiKeyLocation::Query)
        .map(|(name, field)| quote!(push_query(&mut query, #name, &self.#field, None);))
        .collect();
    let query = (!query_params.is_empty() || !query_keys.is_empty()).then(|| {
        let pushes = query_params
            .iter()
            .copied()
            .map(query_push)
            .chain(query_keys);
        quote! {
            let mut query: Vec<(String, String)> = Vec::new();
            #(#pushes)*
            if !query.is_empty() {
                url.query_pairs_mut().extend_pairs(&query);
            }
        }
    });
    let bearer = (bearer_auth && operation.authenticated)
        .then(|| quote!(let request = request.bearer_auth(&self.bearer_token);));
    let basic = operation
        .basic
        .then(|| quote!(let request = self.authorize(request);));
    let header_keys = keys_in(ApiKeyLocation::Header).map(|(name, field)| {
        quote! {
            let request = match &self.#field {
                Some(key) => request.header(#name, key),
                None => request,
            };
        }
    });
    let auth = quote!(#bearer #basic #(#header_keys)*);
    let url_binding = if query.is_some() {
        quote!(let (mut url, checked))
    } else {
        quote!(let (url, checked))
    };
    let headers = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(header_set);
    let cookie_pushes: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(cookie_push)
        .chain(
            keys_in(ApiKeyLocation::Cookie)
                .map(|(name, field)| quote!(push_cookie(&mut cookies, #name, &self.#field);)),
        )
        .collect();
    let cookies = (!cookie_pushes.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookie_pushes)*
            let request = if cookies.is_empty() {
                request
            } else {
                request.header(reqwest::header::COOKIE, cookies.join("; "))
            };
        }
    });
    let body = operation.body.as_ref().map(body_statement);

    let responses = &operation.responses;
    let accept = alternative
        .map(|a| &a.media_type)
        .or(responses.accept.as_ref())
        .map(|media_type| {
            quote!(let request = request.header(reqwest::header::ACCEPT, #media_type);)
        });
    // What is streamed, if anything: the success body, or the alternative asked for.
    let streamed = match alternative {
        Some(a) => Some((a.format, &a.item)),
        None => responses.stream.zip(responses.success_type.as_ref()),
    };
    let success_ty = match streamed {
        Some((format, item)) => stream_type(format, item, operation, models),
        None => success_type(operation, models),
    };
    let error_ty = error_type(operation);
    let specific: Vec<u16> = responses
        .success
        .iter()
        .map(|(status, _)| *status)
        .chain(responses.errors.iter().map(|case| case.status))
        .filter_map(|status| match status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let success_arms: Vec<TokenStream> = match &responses.success_variants {
        Some(variants) => variants
            .iter()
            .map(|variant| {
                let pattern = status_pattern(variant.status, &specific);
                let name = success_enum(operation);
                let variant_name = ident(&variant.variant);
                let value = match &variant.ty {
                    None => quote!(response.complete(|_| #name::#variant_name)),
                    Some(TypeRef::Text) => {
                        quote!(response.complete(|response| #name::#variant_name(response.text())))
                    }
                    Some(TypeRef::Bytes) => {
                        quote!(response.complete(|response| #name::#variant_name(response.bytes())))
                    }
                    Some(ty) => {
                        let ty = boxed_if(rust_type(ty, models), variant.boxed);
                        quote!(response.success_into(RawResponse::json::<#ty, _>, #name::#variant_name))
                    }
                };
                quote!(#pattern => #value,)
            })
            .collect(),
        None => responses
            .success
            .iter()
            .map(|(status, has_body)| {
                let pattern = status_pattern(*status, &specific);
                // Text and bytes cannot fail; JSON is decoded, into a `Result`.
                let infallible = match &responses.success_type {
                    Some(TypeRef::Text) => Some(quote!(RawResponse::text)),
                    Some(TypeRef::Bytes) => Some(quote!(RawResponse::bytes)),
                    _ => None,
                };
                let value = match (
                    &responses.success_type,
                    has_body,
                    responses.success_optional,
                ) {
                    (None, _, _) => quote!(response.complete(|_| ())),
                    (Some(_), true, optional) => match (infallible, optional) {
                        (Some(read), false) => quote!(response.complete(#read)),
                        (Some(read), true) => {
                            quote!(response.complete(|response| Some(#read(response))))
                        }
                        // `Option<T>` decodes `null` as `None` itself.
                        (None, true) if !responses.success_nullable => {
                            let ty = responses.success_type.as_ref().map(|ty| rust_type(ty, models));
                            quote!(response.success_into(RawResponse::json::<#ty, _>, Some))
                        }
                        (None, _) => quote!(response.success(RawResponse::json)),
                    },
                    (Some(_), false, _) => quote!(response.complete(|_| None)),
                };
                quote!(#pattern => #value,)
            })
            .collect(),
    };
    let error_arms = responses
        .errors
        .iter()
        .map(|case| error_arm(case, &error_ty, &specific));
    let fallback = (!responses
        .errors
        .iter()
        .any(|case| case.status == StatusMatch::Default))
    .then(|| quote!(_ => Err(response.unexpected()),));
    let pagination = operation
        .pagination
        .as_ref()
        .filter(|_| alternative.is_none())
        .map(|pagination| emit_pagination(operation, pagination, &args, models));
    let error_arms: Vec<TokenStream> = error_arms.collect();
    let build = quote! {
        #url_binding = self.endpoint(&[#(#segments),*]);
        #query
        let request = self.http.request(reqwest::Method::#http_method, url);
        #accept
        #(#headers)*
        #cookies
        #auth
        #body
    };
    let method = match streamed {
        // A streamed success is returned as soon as its head arrives; any other response
        // is read and matched as usual. Few operations stream, so theirs stay `async fn`s.
        Some((format, item)) => {
            let decoder = match item {
                TypeRef::Text => quote!(text_item),
                _ => quote!(decode_item),
            };
            let stream = match format {
                StreamFormat::Events => quote!(stream.events(#decoder)),
                StreamFormat::Lines => quote!(stream.lines(false, #decoder)),
                StreamFormat::Records => quote!(stream.lines(true, #decoder)),
            };
            let sent = traced(quote!(self.open(request)), operation, tracing);
            // With no documented error, one outcome is left: a `match` of only `_` is
            // clippy's `match_single_binding`.
            let outcome = if error_arms.is_empty() {
                quote!(Err(response.unexpected()))
            } else {
                quote! {
                    match response.status.as_u16() {
                        #(#error_arms)*
                        #fallback
                    }
                }
            };
            quote! {
                #doc
                #allow_many
                pub async fn #name(&self, #(#declared),*) -> Result<#success_ty, Error<#error_ty>> {
                    #build
                    checked?;
                    #sent
                    let response = match sent? {
                        Opened::Streaming(stream) => return Ok(#stream),
                        Opened::Read(response) => response,
                    };
                    #outcome
                }
            }
        }
        None => {
            // With no arm but `_`, no `match` (clippy's `match_single_binding`).
            let outcome = if success_arms.is_empty() && error_arms.is_empty() {
                quote!(|response| Err(response.unexpected()))
            } else {
                quote! {
                    |response| match response.status.as_u16() {
                        #(#success_arms)*
                        #(#error_arms)*
                        #fallback
                    }
                }
            };
            let output = |success: TokenStream| quote!(Call<'a, #success, #error_ty>);
            match operation.response_method.as_str() {
                "" => {
                    let body = read_whole_body(operation, &build, &outcome, tracing, true);
                    let output = output(success_ty);
                    quote! {
                        #doc
                        #allow_many
                        pub fn #name<'a>(&'a self, #(#declared),*) -> #output #body
                    }
                }
                // With the `metadata` feature, a success comes with its status and headers
                // from `<name>_with_response`, and the plain method is that without them
                // (nothing is copied to drop them); without the feature, the plain method
                // is the call itself, as cheap to compile as if the twin did not exist.
                // The body is the same in both: the runtime's `success` returns a
                // `Response` or the body, as the feature says. With the feature, both
                // methods box the future of a private third (`<twin>_unboxed`), so that
                // each call allocates once, as without it.
                twin => {
                    let unboxed = ident(&operation.unboxed_method);
                    let twin = ident(twin);
                    // Each twin passes the arguments on to the private method.
                    let passed: Vec<&Ident> = args.iter().map(|arg| &arg.name).collect();
                    let headers_ty = (!operation.responses.headers.is_empty()).then(|| {
                        let name = headers_struct(operation);
                        quote!(, #name)
                    });
                    let twin_doc = docs(&format!(
                        "[`{name}`](Self::{name}), with the response's status, headers and \
                         request id (`Response` derefs to the body).\n\n`{} {}`",
                        operation.method.to_ascii_uppercase(),
                        operation.path
                    ));
                    let twin_success = quote!(Response<#success_ty #headers_ty>);
                    let unboxed_output = quote!(impl std::future::Future<Output = Result<#twin_success, Error<#error_ty>>> + 'a);
                    let twin_output = output(twin_success);
                    let output = output(success_ty);
                    let boxed = read_whole_body(operation, &build, &outcome, tracing, true);
                    let unboxed_body = read_whole_body(operation, &build, &outcome, tracing, false);
                    quote! {
                        #[cfg(feature = "metadata")]
                        #doc
                        #allow_many
                        pub fn #name<'a>(&'a self, #(#declared),*) -> #output {
                            Box::pin(futures_util::FutureExt::map(self.#unboxed(#(#passed),*), without_metadata))
                        }
                        #[cfg(feature = "metadata")]
                        #twin_doc
                        #allow_many
                        pub fn #twin<'a>(&'a self, #(#declared),*) -> #twin_output {
                            Box::pin(self.#unboxed(#(#passed),*))
                        }
                        #[cfg(feature = "metadata")]
                        #allow_many
                        fn #unboxed<'a>(&'a self, #(#declared),*) -> #unboxed_output #unboxed_body
                        #[cfg(not(feature = "metadata"))]
                        #doc
                        #allow_many
                        pub fn #name<'a>(&'a self, #(#declared),*) -> #output #boxed
                    }
                }
            }
        }
    };
    quote!(#method #pagination)
}

/// The body of a method whose response is read whole: it builds the request, then hands it
/// to the runtime's one generic `call` with the plain function that reads the response
/// (`outcome`), and whether the path parameters were accepted (`checked`, from
/// `endpoint`). The method is no `async fn`: a state machine per operation was most of
/// what a large client cost rustc (GitHub's 1,223 methods: about 8.8 s of its
/// `cargo check`); `call` is checked once. Nothing in it can return early either (a `?`
/// would need a closure around the building, another 8% of GitHub's check). The returned
/// future is the runtime's `Call`: boxed, borrowing the client only, not the arguments
/// (`boxed`), or, for the `metadata` twins' private method, the runtime's `read` future
/// unboxed. With `tracing`, a boxed call's span wraps it and is boxed again (a second
/// allocation, only with the feature).
fn read_whole_body(
    operation: &Operation,
    build: &TokenStream,
    outcome: &TokenStream,
    tracing: bool,
    boxed: bool,
) -> TokenStream {
    let call = if boxed {
        quote!(self.call(checked, request, #outcome))
    } else {
        quote!(self.read(checked, request, #outcome))
    };
    if !tracing {
        return quote!({ #build #call });
    }
    let span = span_of(operation);
    let instrumented = quote!(tracing::Instrument::instrument(call, #span));
    let instrumented = if boxed {
        quote!(Box::pin(#instrumented))
    } else {
        instrumented
    };
    quote!({
        #build
        let call = #call;
        #[cfg(feature = "tracing")]
        let call = #instrumented;
        call
    })
}

/// `let sent = call.await;`, inside the call's `tracing` span when the crate's `tracing`
/// feature is on.
fn traced(call: TokenStream, operation: &Operation, tracing: bool) -> TokenStream {
    if !tracing {
        return quote!(let sent = #call.await;);
    }
    let span = span_of(operation);
    quote! {
        #[cfg(feature = "tracing")]
        let sent = tracing::Instrument::instrument(#call, #span).await;
        #[cfg(not(feature = "tracing"))]
        let sent = #call.await;
    }
}

/// The `tracing` span of a call, by the runtime's `call_span!` (client/sending.rs), which
/// says what it records: named after the operation, with its method and path template.
fn span_of(operation: &Operation) -> TokenStream {
    let name = operation.operation_id.as_deref().unwrap_or(&operation.name);
    let method = operation.method.to_ascii_uppercase();
    let path = &operation.path;
    quote!(call_span!(#name, #method, #path))
}

/// A stream of pages that follows the cursor, and a stream of the pages' items.
fn emit_pagination(
    operation: &Operation,
    pagination: &Pagination,
    args: &[Arg],
    models: &TokenStream,
) -> TokenStream {
    let method = ident(&operation.name);
    let pages = ident(&pagination.pages_method);
    let stream = ident(&pagination.stream_method);
    let cursor = ident(&pagination.cursor_param);
    let items = ident(&pagination.items_field);
    let next_cursor = ident(&pagination.next_cursor_field);
    let page_ty = success_type(operation, models);
    // Absent and `null` both mean there is no next page.
    let flatten = pagination
        .next_cursor_three_states
        .then(|| quote!(.flatten()));
    let item_ty = rust_type(&pagination.item_type, models);
    let error_ty = error_type(operation);
    let declared: Vec<&TokenStream> = args.iter().map(|arg| &arg.declared).collect();
    let allow_many = allow_many_arguments(args);
    let names: Vec<&Ident> = args.iter().map(|arg| &arg.name).collect();
    let owned = args.iter().map(|arg| &arg.owned);
    let passed = args.iter().map(|arg| &arg.passed);
    let more = pagination.has_more_field.as_ref().map(|field| {
        let field = ident(field);
        quote! {
            if !page.#field {
                return None;
            }
        }
    });
    let pages_doc = docs(&format!(
        "Every page of [`Client::{method}`], each fetched when the stream is polled for it, \
         starting at `params.{cursor}` (the first page when it is `None`).\n\n\
         The stream ends after a page with no next cursor{more}, after an error (which it \
         yields), or if the server repeats a cursor. Keep a page's `{next_cursor}` to resume \
         later.",
        more = if pagination.has_more_field.is_some() {
            " or nothing more"
        } else {
            ""
        },
    ));
    let stream_doc = docs(&format!(
        "Every item of every page of [`Client::{method}`], in order. A page is fetched only \
         when the items before it have been consumed; other parameters are sent unchanged \
         with every page. See [`Client::{pages}`] for the pages themselves."
    ));
    quote! {
        #pages_doc
        #allow_many
        pub fn #pages(&self, #(#declared),*) -> impl futures_util::Stream<Item = Result<#page_ty, Error<#error_ty>>> + Unpin + 'static {
            let start = (self.clone(), #(#owned,)* );
            // Boxed once per stream, so that callers can poll it without pinning it first.
            Box::pin(futures_util::stream::unfold(Some(start), |state| async move {
                let (client, #(#names,)*) = state?;
                let result = client.#method(#(#passed),*).await;
                let next = result.as_ref().ok().and_then(|page| {
                    #more
                    page.#next_cursor.clone() #flatten
                });
                let next_state = next
                    .filter(|next| params.#cursor.as_ref() != Some(next))
                    .map(|next| {
                        let mut params = params;
                        params.#cursor = Some(next);
                        (client, #(#names,)*)
                    });
                Some((result, next_state))
            }))
        }

        #stream_doc
        #allow_many
        pub fn #stream(&self, #(#declared),*) -> impl futures_util::Stream<Item = Result<#item_ty, Error<#error_ty>>> + Unpin + 'static {
            futures_util::StreamExt::flat_map(self.#pages(#(#names),*), |page| {
                let items: Vec<_> = match page {
                    Ok(page) => page.#items.into_iter().map(Ok).collect(),
                    Err(error) => vec![Err(error)],
                };
                futures_util::stream::iter(items)
            })
        }
    }
}

/// clippy's `too_many_arguments` for a method taking `args` besides `&self`, when it
/// applies (over 7 in all): the method takes each required parameter the document
/// lists, however many that is.
fn allow_many_arguments(args: &[Arg]) -> Option<TokenStream> {
    (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// The `match` pattern for `status`. A range leaves out the codes that have arms of their
/// own (`4XX` beside `404` is `400..=403 | 405..=499`), so no two arms overlap.
fn status_pattern(status: StatusMatch, specific: &[u16]) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(range) => {
            let mut pieces = Vec::new();
            let mut low = range * 100;
            let high = range * 100 + 99;
            let mut excluded: Vec<u16> = specific
                .iter()
                .copied()
                .filter(|c| (low..=high).contains(c))
                .collect();
            excluded.sort_unstable();
            excluded.push(high + 1);
            for code in excluded {
                if code > low {
                    pieces.push(span(low, code - 1));
                }
                low = code + 1;
            }
            quote!(#(#pieces)|*)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn span(low: u16, high: u16) -> TokenStream {
    let (low_literal, high_literal) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
    if low == high {
        quote!(#low_literal)
    } else {
        quote!(#low_literal..=#high_literal)
    }
}

fn error_arm(case: &ErrorCase, error_ty: &TokenStream, specific: &[u16]) -> TokenStream {
    let pattern = status_pattern(case.status, specific);
    let variant = ident(&case.variant);
    let value = match case.ty {
        Some(TypeRef::Text) => quote!(response.error_text(#error_ty::#variant)),
        Some(TypeRef::Bytes) => quote!(response.error_bytes(#error_ty::#variant)),
        Some(_) => quote!(response.error(#error_ty::#variant)),
        None => quote!(response.api_error(#error_ty::#variant)),
    };
    quote!(#pattern => Err(#value),)
}

/// One path segment as a `Segment` expression: fixed text, or a parameter's value that
/// `endpoint` checks.
fn segment_expr(parts: &[PathPart], operation: &Operation) -> TokenStream {
    match parts {
        [PathPart::Literal(text)] => quote!(Segment::Fixed(#text)),
        [PathPart::Param(name)] => match operation.params.iter().find(|p| &p.name == name) {
            Some(param) => segment_of(param),
            None => quote!(Segment::Fixed("")),
        },
        parts => {
            let mut format = String::new();
            // The segment as the path writes it (`{name}.{format}`), to name it in an error.
            let mut template = String::new();
            let mut values = Vec::new();
            for part in parts {
                match part {
                    PathPart::Literal(text) => {
                        format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                        template.push_str(text);
                    }
                    PathPart::Param(name) => {
                        format.push_str("{}");
                        if let Some(param) = operation.params.iter().find(|p| &p.name == name) {
                            values.push(format_argument(param));
                            template.push_str(&format!("{{{}}}", param.wire_name));
                        }
                    }
                }
            }
            // Checked like a whole-segment parameter: parameters that are empty or dots can
            // still make the segment `.` or `..`.
            quote!(Segment::Param(#template, &format!(#format, #(#values),*)))
        }
    }
}

/// A parameter as an argument of `format!`: itself where it is `Display` text (a
/// `to_string()` there would be a needless copy), else its text.
fn format_argument(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    match param.shape {
        ParamShape::Single(ValueFormat::Text | ValueFormat::Display) if !param.is_styled() => {
            quote!(#name)
        }
        ParamShape::Single(ValueFormat::AsStr) if !param.is_styled() => quote!(#name.as_str()),
        _ => text_of(param, parameter_value(param)),
    }
}

/// The `Segment::Param` of a path parameter that is a whole segment, borrowing where the
/// value already is text.
fn segment_of(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let value = match param.shape {
        ParamShape::Single(ValueFormat::Text) if !param.is_styled() => quote!(#name),
        ParamShape::Single(ValueFormat::AsStr) if !param.is_styled() => quote!(#name.as_str()),
        _ => {
            let text = text_of(param, parameter_value(param));
            quote!(&#text)
        }
    };
    let wire = &param.wire_name;
    quote!(Segment::Param(#wire, #value))
}

/// A `String` expression for the whole value of a path or header parameter, `value` being
/// it or a reference to it. Plain values and lists of them in the `simple` style are
/// written directly (lists comma-joined); everything else by the runtime's `styled_text`.
fn text_of(param: &Param, value: TokenStream) -> TokenStream {
    if param.is_styled() {
        let wire = &param.wire_name;
        let prefix = param
            .segment_style
            .prefix
            .map(String::from)
            .unwrap_or_default();
        let explode = param.segment_style.explode;
        return quote!(styled_text(#wire, #value, #prefix, #explode));
    }
    let name = ident(&param.name);
    match param.shape {
        ParamShape::Single(format) => value_text(quote!(#name), format),
        ParamShape::List(format) => {
            let item = value_text(quote!(item), format);
            quote!(#name.iter().map(|item| #item).collect::<Vec<_>>().join(","))
        }
        // Maps are always styled.
        ParamShape::Map(_) => quote!(String::new()),
    }
}

fn value_text(value: TokenStream, format: ValueFormat) -> TokenStream {
    match format {
        ValueFormat::DateTime => quote!(#value.to_rfc3339()),
        _ => quote!(#value.to_string()),
    }
}

/// Adds a query parameter's pairs (none for an unset optional one), written by the runtime
/// as the parameter's `style` and `explode` say.
fn query_push(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let value = parameter_value(param);
    match param.query_style {
        QueryStyle::Exploded => quote!(push_query(&mut query, #wire, #value, None);),
        QueryStyle::Joined(separator) => {
            let separator = separator.to_string();
            quote!(push_query(&mut query, #wire, #value, Some(#separator));)
        }
        QueryStyle::DeepObject => quote!(push_deep_object(&mut query, #wire, #value);),
    }
}

/// A reference to a parameter's value: the argument, or the field of the parameter struct
/// (an `Option`, which the runtime skips when `None`).
fn parameter_value(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    match (param.required, &param.ty) {
        (true, TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_)) => quote!(&#name),
        (true, _) => quote!(#name),
        (false, _) => quote!(&params.#name),
    }
}

/// Adds a cookie parameter to `cookies` (`name=value`, the value comma-joined and
/// percent-encoded where a cookie may not hold it).
fn cookie_push(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let value = parameter_value(param);
    quote!(push_cookie(&mut cookies, #wire, #value);)
}

fn header_set(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let value = Param {
        name: "value".to_owned(),
        ..param.clone()
    };
    if param.required {
        let text = text_of(&value, parameter_value(&value));
        quote!(let request = { let value = #name; request.header(#wire, #text) };)
    } else {
        let text = text_of(&value, quote!(value));
        quote! {
            let request = match &params.#name {
                Some(value) => request.header(#wire, #text),
                None => request,
            };
        }
    }
}
