//! The `client` module: `Client`, the `Error` type, and one async method per operation
//! with its parameter struct and error enum.
//!
//! Everything that is the same for every operation (sending, reading the body, decoding,
//! building the error) is one generic helper here, so each method is only its URL, its
//! parameters and its status `match`.

use super::tokens::{borrowed_type, docs, ident, rust_type};
use crate::model::{
    ErrorCase, Model, Operation, Param, ParamLocation, ParamShape, PathPart, StatusMatch,
    ValueFormat,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// Names the crate root re-exports from the client module.
pub fn exported_names(model: &Model) -> Vec<Ident> {
    let mut names = vec![ident("Client"), ident("Error"), ident("InvalidBaseUrl")];
    if model.default_base_url.is_some() {
        names.push(ident("DEFAULT_BASE_URL"));
    }
    for operation in &model.operations {
        if has_params_struct(operation) {
            names.push(params_struct(operation));
        }
        if !operation.responses.errors.is_empty() {
            names.push(error_enum(operation));
        }
    }
    names
}

pub fn emit_client(model: &Model) -> TokenStream {
    let models = quote!(models::);
    let items = model
        .operations
        .iter()
        .map(|operation| emit_operation_types(operation, &models));
    let methods = model
        .operations
        .iter()
        .map(|operation| emit_method(operation, &models, model.bearer_auth));
    let uses = Uses::of(model);
    let client = emit_client_type(model, uses.any_operation);
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
    quote! {
        /// The HTTP client: [`Client`], its methods, and their errors.
        pub mod client {
            #![forbid(unsafe_code)]

            #use_models

            #client

            impl Client {
                #(#methods)*
            }

            #(#items)*

            #support
        }
    }
}

/// Which of the shared response helpers the operations call: the others are left out,
/// since unused private code is a warning.
#[derive(Clone, Copy)]
struct Uses {
    any_operation: bool,
    path_parameter: bool,
    json: bool,
    error: bool,
    error_without_body: bool,
    unexpected: bool,
}

impl Uses {
    fn of(model: &Model) -> Self {
        let operations = &model.operations;
        let errors = || operations.iter().flat_map(|o| o.responses.errors.iter());
        Self {
            any_operation: !operations.is_empty(),
            path_parameter: operations.iter().any(|o| {
                o.segments
                    .iter()
                    .any(|parts| matches!(parts.as_slice(), [PathPart::Param(_)]))
            }),
            json: operations
                .iter()
                .any(|o| o.responses.success.iter().any(|(_, body)| *body)),
            error: errors().any(|case| case.ty.is_some()),
            error_without_body: errors().any(|case| case.ty.is_none()),
            unexpected: operations.iter().any(|o| {
                !o.responses
                    .errors
                    .iter()
                    .any(|case| case.status == StatusMatch::Default)
            }),
        }
    }
}

fn mentions_named(ty: &crate::model::TypeRef) -> bool {
    use crate::model::TypeRef;
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::List(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

fn has_params_struct(operation: &Operation) -> bool {
    operation.params.iter().any(|p| !p.required)
}

fn params_struct(operation: &Operation) -> Ident {
    format_ident!("{}Params", operation.type_prefix)
}

fn error_enum(operation: &Operation) -> Ident {
    format_ident!("{}Error", operation.type_prefix)
}

fn emit_client_type(model: &Model, any_operation: bool) -> TokenStream {
    let title = &model.title;
    let client_doc = docs(&format!(
        "A client of the {title}.\n\nCloning is cheap: clones share one connection pool."
    ));
    let (token_field, token_param, token_init, token_debug, token_doc) = if model.bearer_auth {
        (
            quote!(bearer_token: String,),
            quote!(, bearer_token: impl Into<String>),
            quote!(bearer_token: bearer_token.into(),),
            quote!(.field("bearer_token", &"<redacted>")),
            ", authenticating with `bearer_token`",
        )
    } else {
        (quote!(), quote!(), quote!(), quote!(), "")
    };
    let default = model.default_base_url.as_ref().map(|url| {
        let const_doc = " The server the API description names first.";
        let new_doc = docs(&format!("A client for [`DEFAULT_BASE_URL`]{token_doc}."));
        let token_arg = model.bearer_auth.then(|| quote!(, bearer_token));
        let new_param = model
            .bearer_auth
            .then(|| quote!(bearer_token: impl Into<String>));
        // With nothing to pass, `new()` is what `Default` means.
        let default_impl = (!model.bearer_auth).then(|| {
            quote! {
                impl Default for Client {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        quote! {
            #[doc = #const_doc]
            pub const DEFAULT_BASE_URL: &str = #url;

            impl Client {
                #new_doc
                pub fn new(#new_param) -> Self {
                    // The generator checked that DEFAULT_BASE_URL is an absolute http(s) URL.
                    Self::with_base_url(DEFAULT_BASE_URL #token_arg)
                        .expect("DEFAULT_BASE_URL is a valid base URL")
                }
            }

            #default_impl
        }
    });
    let request_helpers = any_operation.then(|| {
        quote! {
            impl Client {
            /// The base URL with `segments` appended, each percent-encoded as one segment.
            /// `with_base_url` only accepts URLs that can be a base, so the path is always
            /// editable.
            fn endpoint(&self, segments: &[&str]) -> reqwest::Url {
                let mut url = self.base_url.clone();
                if let Ok(mut path) = url.path_segments_mut() {
                    path.pop_if_empty().extend(segments);
                }
                url
            }

            /// Sends `request` and reads the whole response.
            async fn send(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, reqwest::Error> {
                let response = request
                    .header(reqwest::header::ACCEPT, "application/json")
                    .send()
                    .await?;
                let status = response.status();
                let request_id = response
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                let body = response.bytes().await?;
                Ok(RawResponse { status, request_id, body: body.into() })
            }
            }
        }
    });
    let with_base_url_doc = docs(&format!(
        "A client for the server at `base_url` (for example a staging server or a local mock){token_doc}."
    ));
    quote! {
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            base_url: reqwest::Url,
            #token_field
            http: reqwest::Client,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    #token_debug
                    .finish_non_exhaustive()
            }
        }

        #default

        impl Client {
            #with_base_url_doc
            pub fn with_base_url(base_url: &str #token_param) -> Result<Self, InvalidBaseUrl> {
                let invalid = |reason: &str| InvalidBaseUrl {
                    url: base_url.to_owned(),
                    reason: reason.to_owned(),
                };
                let parsed = reqwest::Url::parse(base_url).map_err(|error| invalid(&error.to_string()))?;
                if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
                    return Err(invalid("expected an absolute http or https URL"));
                }
                Ok(Self {
                    base_url: parsed,
                    #token_init
                    http: reqwest::Client::new(),
                })
            }

            /// Sends requests with `http`, which carries timeouts, proxies, TLS settings and
            /// the connection pool.
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &reqwest::Url {
                &self.base_url
            }
        }

        #request_helpers
    }
}

/// The parameter struct and the error enum of one operation.
fn emit_operation_types(operation: &Operation, models: &TokenStream) -> TokenStream {
    let method = &operation.name;
    let params = has_params_struct(operation).then(|| {
        let name = params_struct(operation);
        let doc = format!(" Optional parameters of [`Client::{method}`].");
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
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct #name { #(#fields)* }
        }
    });
    let errors = (!operation.responses.errors.is_empty()).then(|| {
        let name = error_enum(operation);
        let doc = format!(" The error responses [`Client::{method}`] documents.");
        let variants = operation.responses.errors.iter().map(|case| {
            let doc = docs(&format!("{}: {}", status_label(case.status), case.docs));
            let variant = ident(&case.variant);
            match &case.ty {
                Some(ty) => {
                    let ty = rust_type(ty, models);
                    quote!(#doc #variant(#ty),)
                }
                None => quote!(#doc #variant,),
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name { #(#variants)* }
        }
    });
    quote!(#params #errors)
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    }
}

fn emit_method(operation: &Operation, models: &TokenStream, bearer_auth: bool) -> TokenStream {
    let name = ident(&operation.name);
    let http_method = ident(&operation.method.to_ascii_uppercase());
    let doc = docs(&format!(
        "{}\n\n`{} {}`",
        if operation.docs.is_empty() {
            format!("Calls `{}`.", operation.name)
        } else {
            operation.docs.clone()
        },
        operation.method.to_ascii_uppercase(),
        operation.path
    ));

    // Arguments: path parameters in path order, other required parameters, the optional
    // ones as one struct, then the body.
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
    let mut args: Vec<TokenStream> = path_order
        .chain(required)
        .map(|param| {
            let name = ident(&param.name);
            let ty = borrowed_type(&param.ty, models);
            quote!(#name: #ty)
        })
        .collect();
    if has_params_struct(operation) {
        let params = params_struct(operation);
        args.push(quote!(params: &#params));
    }
    if let Some(body) = &operation.body {
        let ty = rust_type(&body.ty, models);
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
    }

    let segments = operation
        .segments
        .iter()
        .map(|parts| segment_expr(parts, operation));
    let query_params: Vec<&Param> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    let query = (!query_params.is_empty()).then(|| {
        let pushes = query_params.iter().copied().map(query_push);
        quote! {
            let mut query: Vec<(&str, String)> = Vec::new();
            #(#pushes)*
            if !query.is_empty() {
                url.query_pairs_mut().extend_pairs(&query);
            }
        }
    });
    let url_binding = if query.is_some() {
        quote!(let mut url)
    } else {
        quote!(let url)
    };
    let headers = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(header_set);
    let auth = (bearer_auth && operation.authenticated)
        .then(|| quote!(let request = request.bearer_auth(&self.bearer_token);));
    let body = operation.body.as_ref().map(|body| {
        if body.required {
            quote!(let request = request.json(body);)
        } else {
            quote! {
                let request = match body {
                    Some(body) => request.json(body),
                    None => request,
                };
            }
        }
    });

    let responses = &operation.responses;
    let success_ty = match &responses.success_type {
        Some(ty) if responses.success_optional => {
            let ty = rust_type(ty, models);
            quote!(Option<#ty>)
        }
        Some(ty) => rust_type(ty, models),
        None => quote!(()),
    };
    let error_ty = if responses.errors.is_empty() {
        quote!(std::convert::Infallible)
    } else {
        let name = error_enum(operation);
        quote!(#name)
    };
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
    let success_arms = responses.success.iter().map(|(status, has_body)| {
        let pattern = status_pattern(*status, &specific);
        let value = match (
            &responses.success_type,
            has_body,
            responses.success_optional,
        ) {
            (None, _, _) => quote!(Ok(())),
            (Some(_), true, false) => quote!(response.json()),
            (Some(_), true, true) => quote!(response.json().map(Some)),
            (Some(_), false, _) => quote!(Ok(None)),
        };
        quote!(#pattern => #value,)
    });
    let error_arms = responses
        .errors
        .iter()
        .map(|case| error_arm(case, &error_ty, &specific));
    let fallback = (!responses
        .errors
        .iter()
        .any(|case| case.status == StatusMatch::Default))
    .then(|| quote!(_ => Err(response.unexpected()),));

    quote! {
        #doc
        pub async fn #name(&self, #(#args),*) -> Result<#success_ty, Error<#error_ty>> {
            #url_binding = self.endpoint(&[#(#segments),*]);
            #query
            let request = self.http.request(reqwest::Method::#http_method, url);
            #(#headers)*
            #auth
            #body
            let response = self.send(request).await?;
            match response.status.as_u16() {
                #(#success_arms)*
                #(#error_arms)*
                #fallback
            }
        }
    }
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
        Some(_) => quote!(response.error(#error_ty::#variant)),
        None => quote!(response.error_without_body(#error_ty::#variant)),
    };
    quote!(#pattern => Err(#value),)
}

/// One path segment as a `&str` expression.
fn segment_expr(parts: &[PathPart], operation: &Operation) -> TokenStream {
    match parts {
        [PathPart::Literal(text)] => quote!(#text),
        [PathPart::Param(name)] => match operation.params.iter().find(|p| &p.name == name) {
            Some(param) => segment_of(param),
            None => quote!(""),
        },
        parts => {
            let mut format = String::new();
            let mut values = Vec::new();
            for part in parts {
                match part {
                    PathPart::Literal(text) => {
                        format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                    }
                    PathPart::Param(name) => {
                        format.push_str("{}");
                        if let Some(param) = operation.params.iter().find(|p| &p.name == name) {
                            values.push(text_of(param));
                        }
                    }
                }
            }
            quote!(&format!(#format, #(#values),*))
        }
    }
}

/// A `&str` expression for a path parameter that is a whole segment, borrowing where the
/// value already is text.
fn segment_of(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let value = match param.shape {
        ParamShape::Single(ValueFormat::Text) => quote!(#name),
        ParamShape::Single(ValueFormat::AsStr) => quote!(#name.as_str()),
        _ => {
            let text = text_of(param);
            quote!(&#text)
        }
    };
    let wire = &param.wire_name;
    quote!(path_segment(#wire, #value)?)
}

/// A `String` expression for the whole value of a path or header parameter: lists are
/// comma-joined (`simple` style), maps are JSON.
fn text_of(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    match param.shape {
        ParamShape::Single(format) => value_text(quote!(#name), format),
        ParamShape::List(format) => {
            let item = value_text(quote!(item), format);
            quote!(#name.iter().map(|item| #item).collect::<Vec<_>>().join(","))
        }
        ParamShape::Map(_) => value_text(quote!(#name), ValueFormat::Json),
    }
}

fn value_text(value: TokenStream, format: ValueFormat) -> TokenStream {
    match format {
        ValueFormat::Text | ValueFormat::AsStr | ValueFormat::Display => quote!(#value.to_string()),
        ValueFormat::DateTime => quote!(#value.to_rfc3339()),
        ValueFormat::Json => quote!(serde_json::to_string(#value).unwrap_or_default()),
    }
}

/// Pushes a query parameter's pairs; optional ones only when set. Lists and maps are
/// `form`-style, exploded: one pair per item or entry.
fn query_push(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let push = match param.shape {
        ParamShape::Single(format) => {
            let text = value_text(quote!(value), format);
            quote!(query.push((#wire, #text));)
        }
        ParamShape::List(format) => {
            let text = value_text(quote!(item), format);
            quote! {
                for item in value {
                    query.push((#wire, #text));
                }
            }
        }
        ParamShape::Map(format) => {
            let text = value_text(quote!(item), format);
            quote! {
                for (key, item) in value {
                    query.push((key.as_str(), #text));
                }
            }
        }
    };
    if param.required {
        // Required values are bound under the name the pushes use.
        quote! {
            let value = #name;
            #push
        }
    } else {
        quote! {
            if let Some(value) = &params.#name {
                #push
            }
        }
    }
}

fn header_set(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let text = text_of(&Param {
        name: "value".to_owned(),
        ..param.clone()
    });
    if param.required {
        quote!(let request = { let value = #name; request.header(#wire, #text) };)
    } else {
        quote! {
            let request = match &params.#name {
                Some(value) => request.header(#wire, #text),
                None => request,
            };
        }
    }
}

/// The error type and the response helpers: written once, shared by every method.
fn emit_support(uses: Uses) -> TokenStream {
    let common = quote! {
        /// Why a call failed. `E` is the operation's documented error responses.
        #[derive(Debug)]
        pub enum Error<E> {
            /// The server answered with an error status the API documents.
            Api {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, from the `x-request-id` header or the body's `request_id`.
                request_id: Option<String>,
                /// The decoded error response.
                body: E,
            },
            /// The server answered with a status the API does not document.
            UnexpectedStatus {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if the response carried one.
                request_id: Option<String>,
                /// The body as received (invalid UTF-8 replaced).
                body: String,
            },
            /// The response body is not what the API documents for its status.
            Decode {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if the response carried one.
                request_id: Option<String>,
                /// The body as received (invalid UTF-8 replaced).
                body: String,
                /// What did not match.
                source: serde_json::Error,
            },
            /// A path parameter is empty, `.` or `..`: as a URL segment it would address
            /// another resource, so the request was not sent.
            InvalidPathParameter {
                /// The parameter's name.
                name: &'static str,
                /// The value that was refused.
                value: String,
            },
            /// The request could not be sent, or the response could not be read.
            Transport(reqwest::Error),
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response arrived.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Self::Api { status, .. } | Self::UnexpectedStatus { status, .. } | Self::Decode { status, .. } => Some(*status),
                    Self::InvalidPathParameter { .. } => None,
                    Self::Transport(error) => error.status(),
                }
            }

            /// The server's id for the request, when the response carried one.
            pub fn request_id(&self) -> Option<&str> {
                match self {
                    Self::Api { request_id, .. } | Self::UnexpectedStatus { request_id, .. } | Self::Decode { request_id, .. } => request_id.as_deref(),
                    Self::InvalidPathParameter { .. } | Self::Transport(_) => None,
                }
            }
        }

        impl<E> From<reqwest::Error> for Error<E> {
            fn from(error: reqwest::Error) -> Self {
                Self::Transport(error)
            }
        }

        impl<E: std::fmt::Debug> std::fmt::Display for Error<E> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Api { status, body, .. } => write!(f, "the server answered {status}: {body:?}")?,
                    Self::UnexpectedStatus { status, body, .. } => {
                        write!(f, "the server answered {status}, which the API does not document: {}", snippet(body))?
                    }
                    Self::Decode { status, body, source, .. } => {
                        write!(f, "the {status} response body does not match the API: {source}: {}", snippet(body))?
                    }
                    Self::InvalidPathParameter { name, value } => write!(
                        f,
                        "path parameter {name} cannot be {value:?}: it would address another resource"
                    )?,
                    Self::Transport(error) => write!(f, "the request failed: {error}")?,
                }
                if let Some(request_id) = self.request_id() {
                    write!(f, " (request id {request_id})")?;
                }
                Ok(())
            }
        }

        impl<E: std::fmt::Debug> std::error::Error for Error<E> {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Decode { source, .. } => Some(source),
                    Self::Transport(error) => Some(error),
                    _ => None,
                }
            }
        }

        /// A base URL that requests cannot be made against.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct InvalidBaseUrl {
            url: String,
            reason: String,
        }

        impl std::fmt::Display for InvalidBaseUrl {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "invalid base URL {:?}: {}", self.url, self.reason)
            }
        }

        impl std::error::Error for InvalidBaseUrl {}

        /// The start of a body, for messages: bodies can be large.
        fn snippet(body: &str) -> String {
            const SHOWN: usize = 200;
            let mut shown: String = body.chars().take(SHOWN).collect();
            if body.chars().nth(SHOWN).is_some() {
                shown.push('…');
            }
            shown
        }

    };
    if !uses.any_operation {
        return common;
    }
    let json = uses.json.then(|| {
        quote! {
            fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
                match serde_json::from_slice(&self.body) {
                    Ok(value) => Ok(value),
                    Err(source) => Err(self.decode_error(source)),
                }
            }
        }
    });
    let error = uses.error.then(|| {
        quote! {
            fn error<B: serde::de::DeserializeOwned, E>(self, variant: fn(B) -> E) -> Error<E> {
                match serde_json::from_slice(&self.body) {
                    Ok(body) => {
                        let request_id = self.request_id();
                        Error::Api { status: self.status, request_id, body: variant(body) }
                    }
                    Err(source) => self.decode_error(source),
                }
            }
        }
    });
    let error_without_body = uses.error_without_body.then(|| {
        quote! {
            fn error_without_body<E>(self, body: E) -> Error<E> {
                let request_id = self.request_id();
                Error::Api { status: self.status, request_id, body }
            }
        }
    });
    let unexpected = uses.unexpected.then(|| {
        quote! {
            fn unexpected<E>(self) -> Error<E> {
                let request_id = self.request_id();
                Error::UnexpectedStatus {
                    status: self.status,
                    request_id,
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                }
            }
        }
    });
    let decode_error = (uses.json || uses.error).then(|| {
        quote! {
            fn decode_error<E>(self, source: serde_json::Error) -> Error<E> {
                let request_id = self.request_id();
                Error::Decode {
                    status: self.status,
                    request_id,
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                    source,
                }
            }
        }
    });
    let path_segment = uses.path_parameter.then(|| quote! {
        /// A path parameter's value as one URL segment. An empty, `.` or `..` segment would
        /// address another resource (URL parsers drop or resolve them, even percent-encoded),
        /// so such values are refused.
        fn path_segment<'a, E>(name: &'static str, value: &'a str) -> Result<&'a str, Error<E>> {
            if matches!(value, "" | "." | "..") {
                Err(Error::InvalidPathParameter { name, value: value.to_owned() })
            } else {
                Ok(value)
            }
        }
    });
    quote! {
        #common

        #path_segment

        /// A response whose body has been read, before it is decoded.
        struct RawResponse {
            status: reqwest::StatusCode,
            request_id: Option<String>,
            body: Vec<u8>,
        }

        impl RawResponse {
            #json
            #error
            #error_without_body
            #unexpected
            #decode_error

            /// The `x-request-id` header, or else a `request_id` string at the top of a JSON
            /// body or inside its `error` object, where many APIs put it.
            fn request_id(&self) -> Option<String> {
                if let Some(request_id) = &self.request_id {
                    return Some(request_id.clone());
                }
                let body: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
                let found = body
                    .get("request_id")
                    .or_else(|| body.get("error")?.get("request_id"))?;
                found.as_str().map(str::to_owned)
            }
        }
    }
}
