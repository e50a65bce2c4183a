//! The client's shared runtime, written once per generated client: `Client` and its
//! settings, sending with retries and timeouts, the `Error` type, and decoding. Every
//! operation method calls into it, so each method is only its URL, its parameters and its
//! status `match`; nothing here is generic over an operation's types except where it
//! must be, so the code is compiled once, not once per operation.
//!
//! The runtime itself is written in `generator/runtime/src` ([`super::embedded`]); this
//! module decides which parts a document uses ([`Uses`]) and emits what depends on the
//! document: the `Client` struct with its credentials, its constructors, and the
//! credential setters.

use super::embedded::{Flags, RuntimeFile, RuntimeItem};
use super::tokens::{docs, ident};
use super::Piece;
use crate::model::{
    ApiKeyLocation, Model, Param, ParamLocation, PathPart, QueryStyle, StatusMatch, StreamFormat,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Which parts of the runtime the operations use: the others are left out, since unused
/// private code is a warning.
#[derive(Clone, Copy)]
pub struct Uses {
    pub any_operation: bool,
    pub path_parameter: bool,
    /// Some path or header parameter is sent as JSON text (objects, unions, untyped values).
    pub styled_parameter: bool,
    /// Some query parameter is `form`, `spaceDelimited` or `pipeDelimited`.
    pub query: bool,
    /// Some query parameter is a `deepObject`.
    pub deep_object: bool,
    pub cookie: bool,
    pub json: bool,
    pub text: bool,
    /// Some error body is JSON.
    pub error: bool,
    /// Some error body is text, or bytes.
    pub error_text: bool,
    pub error_bytes: bool,
    pub error_without_body: bool,
    pub unexpected: bool,
    /// The client sends a bearer token (and so refuses plain http to other machines).
    pub bearer_token: bool,
    /// Some operation's response is read whole (not streamed).
    pub read_whole: bool,
    /// Some success body is a stream of server-sent events.
    pub events: bool,
    /// Some success body is a stream of JSON lines or records.
    pub lines: bool,
    /// Some stream's items are JSON; some are text.
    pub stream_json: bool,
    pub stream_text: bool,
    /// Some success body is returned as bytes.
    pub bytes: bool,
    /// Some success response read whole has no body.
    pub no_body: bool,
    /// Some JSON success body is the operation's body as it decodes; some becomes it by a
    /// function (a variant of its success enum, `Some`).
    pub json_whole: bool,
    pub json_into: bool,
    /// Operations read whole have `_with_response` twins, under the `metadata` Cargo
    /// feature.
    pub metadata: bool,
    /// Some success response declares headers, typed in a struct of the operation's (with
    /// the twins only).
    pub declared_headers: bool,
    /// Calls are `tracing` spans, under the `tracing` Cargo feature.
    pub tracing: bool,
    /// Requests may go through a `reqwest_middleware` stack, under the `middleware`
    /// Cargo feature.
    pub middleware: bool,
}

/// The runtime's markers (`#[cfg(uses = "json")]`) by the names of these fields.
impl Flags for Uses {
    fn flag(&self, name: &str) -> Option<bool> {
        Some(match name {
            "any_operation" => self.any_operation,
            "path_parameter" => self.path_parameter,
            "styled_parameter" => self.styled_parameter,
            "query" => self.query,
            "deep_object" => self.deep_object,
            "cookie" => self.cookie,
            "json" => self.json,
            "text" => self.text,
            "error" => self.error,
            "error_text" => self.error_text,
            "error_bytes" => self.error_bytes,
            "error_without_body" => self.error_without_body,
            "unexpected" => self.unexpected,
            "bearer_token" => self.bearer_token,
            "read_whole" => self.read_whole,
            "events" => self.events,
            "lines" => self.lines,
            "stream_json" => self.stream_json,
            "stream_text" => self.stream_text,
            "bytes" => self.bytes,
            "no_body" => self.no_body,
            "json_whole" => self.json_whole,
            "json_into" => self.json_into,
            "metadata" => self.metadata,
            "declared_headers" => self.declared_headers,
            "tracing" => self.tracing,
            "middleware" => self.middleware,
            "decodes" => self.decodes(),
            _ => return None,
        })
    }

    /// The opt-in parts are compiled under the feature of their name of the crate the
    /// code is in.
    fn attributes(&self, name: &str) -> Vec<syn::Attribute> {
        match name {
            "tracing" => vec![syn::parse_quote!(#[cfg(feature = "tracing")])],
            "middleware" => vec![syn::parse_quote!(#[cfg(feature = "middleware")])],
            "metadata" | "declared_headers" => {
                vec![syn::parse_quote!(#[cfg(feature = "metadata")])]
            }
            _ => Vec::new(),
        }
    }
}

impl Uses {
    /// Whether any response body is decoded (and so its content type checked).
    pub fn decodes(self) -> bool {
        self.json || self.error
    }

    /// Whether some success body is streamed.
    pub fn streams(self) -> bool {
        self.events || self.lines
    }

    pub fn of(model: &Model) -> Self {
        let operations = &model.operations;
        let errors = || operations.iter().flat_map(|o| o.responses.errors.iter());
        let params = || operations.iter().flat_map(|o| o.params.iter());
        // Query and cookie API keys are sent with the parameters' helpers.
        let accepts_key = |location: ApiKeyLocation| {
            model.api_keys.iter().any(|key| {
                key.location == location
                    && operations.iter().any(|o| o.api_keys.contains(&key.field))
            })
        };
        // Every success body type some arm decodes (a stream's items are not read so).
        let decoded = || {
            let read_whole = operations.iter().filter(|o| o.responses.stream.is_none());
            read_whole.flat_map(|o| {
                let has_body = o.responses.success.iter().any(|(_, body)| *body);
                let single = o.responses.success_type.as_ref().filter(|_| has_body);
                let variants = o.responses.success_variants.iter().flatten();
                single
                    .into_iter()
                    .chain(variants.filter_map(|v| v.ty.as_ref()))
            })
        };
        // Every stream some method returns: a streamed success body, or one the document
        // offers beside JSON.
        let streams = || {
            operations.iter().flat_map(|o| {
                let body = o.responses.stream.zip(o.responses.success_type.as_ref());
                let alternative = o.responses.stream_alternative.as_ref();
                body.into_iter()
                    .chain(alternative.map(|a| (a.format, &a.item)))
            })
        };
        Self {
            read_whole: operations.iter().any(|o| o.responses.stream.is_none()),
            events: streams().any(|(format, _)| format == StreamFormat::Events),
            lines: streams().any(|(format, _)| format != StreamFormat::Events),
            stream_json: streams().any(|(_, item)| *item != TypeRef::Text),
            stream_text: streams().any(|(_, item)| *item == TypeRef::Text),
            any_operation: !operations.is_empty(),
            styled_parameter: params().any(Param::is_styled),
            query: params().any(|p| {
                p.location == ParamLocation::Query && p.query_style != QueryStyle::DeepObject
            }) || accepts_key(ApiKeyLocation::Query),
            deep_object: params().any(|p| {
                p.location == ParamLocation::Query && p.query_style == QueryStyle::DeepObject
            }),
            cookie: params().any(|p| p.location == ParamLocation::Cookie)
                || accepts_key(ApiKeyLocation::Cookie),
            path_parameter: operations.iter().any(|o| {
                o.segments
                    .iter()
                    .flatten()
                    .any(|part| matches!(part, PathPart::Param(_)))
            }),
            json: decoded().any(|ty| !matches!(ty, TypeRef::Text | TypeRef::Bytes)),
            text: decoded().any(|ty| *ty == TypeRef::Text),
            bytes: decoded().any(|ty| *ty == TypeRef::Bytes),
            tracing: model.extras.tracing && !operations.is_empty(),
            middleware: model.extras.middleware && !operations.is_empty(),
            no_body: operations
                .iter()
                .filter(|o| o.responses.stream.is_none())
                .any(|o| match &o.responses.success_variants {
                    Some(variants) => variants.iter().any(|v| v.ty.is_none()),
                    None => {
                        o.responses.success_type.is_none()
                            || o.responses.success.iter().any(|(_, body)| !*body)
                    }
                }),
            metadata: operations.iter().any(|o| !o.response_method.is_empty()),
            declared_headers: operations
                .iter()
                .any(|o| !o.response_method.is_empty() && !o.responses.headers.is_empty()),
            json_whole: operations
                .iter()
                .filter(|o| o.responses.stream.is_none() && o.responses.success_variants.is_none())
                .any(|o| {
                    (!o.responses.success_optional || o.responses.success_nullable)
                        && o.responses
                            .success_type
                            .as_ref()
                            .is_some_and(|ty| !is_text_or_bytes(ty))
                        && o.responses.success.iter().any(|(_, body)| *body)
                }),
            json_into: operations
                .iter()
                .filter(|o| o.responses.stream.is_none())
                .any(|o| match &o.responses.success_variants {
                    Some(variants) => variants
                        .iter()
                        .any(|v| v.ty.as_ref().is_some_and(|ty| !is_text_or_bytes(ty))),
                    None => {
                        o.responses.success_optional
                            && !o.responses.success_nullable
                            && o.responses
                                .success_type
                                .as_ref()
                                .is_some_and(|ty| !is_text_or_bytes(ty))
                            && o.responses.success.iter().any(|(_, body)| *body)
                    }
                }),
            error: errors().any(|case| {
                case.ty
                    .as_ref()
                    .is_some_and(|ty| !matches!(ty, TypeRef::Text | TypeRef::Bytes))
            }),
            error_text: errors().any(|case| case.ty == Some(TypeRef::Text)),
            error_bytes: errors().any(|case| case.ty == Some(TypeRef::Bytes)),
            error_without_body: errors().any(|case| case.ty.is_none()),
            bearer_token: model.bearer_auth,
            unexpected: operations.iter().any(|o| {
                !o.responses
                    .errors
                    .iter()
                    .any(|case| case.status == StatusMatch::Default)
            }),
        }
    }
}

/// `Client`: its fields, constructors and settings.
pub fn emit_client_type<'a>(model: &Model, uses: Uses) -> Vec<Piece<'a>> {
    let title = &model.title;
    let client_doc = docs(&format!(
        "A client of the {title}.\n\n\
         Cloning is cheap (clones share one connection pool), which is also how to change a \
         setting for some requests only: `client.clone().with_timeout(...)`.\n\n\
         Requests time out after [`DEFAULT_TIMEOUT`] unless set otherwise, and are retried \
         as [`RetryPolicy`] says."
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
    // The token must not cross the network in clear text; a test server on this machine
    // may be plain http.
    let plain_http_check = model.bearer_auth.then(|| {
        quote! {
            if parsed.scheme() == "http" && !is_loopback(&parsed) {
                return Err(invalid("plain http would send the bearer token unencrypted; expected https (http is accepted for loopback addresses only)"));
            }
        }
    });
    let default = model.default_base_url.as_ref().map(|url| {
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
            /// The server the API description names first.
            pub const DEFAULT_BASE_URL: &str = #url;

            impl Client {
                #new_doc
                ///
                /// The generator checked that [`DEFAULT_BASE_URL`] is an absolute http(s) URL,
                /// so this cannot fail.
                pub fn new(#new_param) -> Self {
                    Self::with_base_url(DEFAULT_BASE_URL #token_arg)
                        .expect("DEFAULT_BASE_URL is a valid base URL")
                }
            }

            #default_impl
        }
    });
    let Credentials {
        fields: credential_fields,
        debug: credential_debug,
        inits: credential_inits,
        methods: credential_methods,
    } = emit_credentials(model);
    let plain_http_rule = if model.bearer_auth {
        " It must be `https`, or plain `http` to a loopback address only: the token is not \
         sent unencrypted over a network."
    } else {
        ""
    };
    // reqwest drops `Authorization` and cookies when a redirect leaves the origin, but not
    // other headers: a client that sends an API key in one stops at such a redirect.
    let header_keys = model
        .api_keys
        .iter()
        .any(|key| key.location == ApiKeyLocation::Header);
    let redirect_rule = if header_keys {
        "Redirects within the same origin are followed (up to 10); one to another scheme, host \
         or port is not followed but returned, since the API key header would go along."
    } else {
        "Redirects are followed (up to 10); one to another host or port does not carry the \
         `Authorization` header or cookies along."
    };
    let with_base_url_doc = docs(&format!(
        "A client for the server at `base_url` (for example a staging server or a local mock){token_doc}.{plain_http_rule}\n\n{redirect_rule}"
    ));
    let http_client = if header_keys {
        quote! {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::custom(|attempt| {
                    let origin = |url: &reqwest::Url| (url.scheme().to_owned(), url.host_str().map(str::to_owned), url.port_or_known_default());
                    let first = attempt.previous().first().map(origin);
                    if attempt.previous().len() > 10 {
                        attempt.error("more than 10 redirects")
                    } else if first.is_some_and(|first| first != origin(attempt.url())) {
                        attempt.stop()
                    } else {
                        attempt.follow()
                    }
                }))
                .build()
                .unwrap_or_default()
        }
    } else {
        quote!(reqwest::Client::new())
    };
    // The stack a user gives in place of the HTTP client, under the crate's feature.
    let (middleware_field, middleware_init) = if uses.middleware {
        (
            quote! {
                #[cfg(feature = "middleware")]
                middleware: Option<reqwest_middleware::ClientWithMiddleware>,
            },
            quote! {
                #[cfg(feature = "middleware")]
                middleware: None,
            },
        )
    } else {
        (quote!(), quote!())
    };
    // The settings' `impl Client` methods join the constructor's block; the other items
    // come before it.
    let mut setters = Vec::new();
    let mut others = Vec::new();
    match RuntimeFile::Settings.items(&uses) {
        Ok(items) => {
            for item in items {
                match item {
                    RuntimeItem::Impl(block, members) if is_client_impl(&block) => {
                        setters.extend(members)
                    }
                    other => others.push(other),
                }
            }
        }
        Err(error) => return vec![Piece::Runtime(Err(error))],
    }
    let client = quote! {
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            base_url: reqwest::Url,
            #token_field
            http: reqwest::Client,
            timeout: Option<std::time::Duration>,
            max_body_size: usize,
            retry: RetryPolicy,
            headers: reqwest::header::HeaderMap,
            hooks: Vec<std::sync::Arc<dyn Hook>>,
            #middleware_field
            #(#credential_fields)*
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    #token_debug
                    #(#credential_debug)*
                    .field("timeout", &self.timeout)
                    .field("max_body_size", &self.max_body_size)
                    .field("retry", &self.retry)
                    .field("hooks", &self.hooks.len())
                    .finish_non_exhaustive()
            }
        }
    };
    let constructor = quote! {
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
                #plain_http_check
                Ok(Self {
                    base_url: parsed,
                    #token_init
                    http: #http_client,
                    timeout: Some(DEFAULT_TIMEOUT),
                    max_body_size: DEFAULT_MAX_BODY_SIZE,
                    retry: RetryPolicy::default(),
                    headers: reqwest::header::HeaderMap::new(),
                    hooks: Vec::new(),
                    #middleware_init
                    #(#credential_inits)*
                })
            }
        }
    };
    let constructor = syn::parse2::<syn::ItemImpl>(constructor)
        .map(|block| vec![RuntimeItem::Impl(block, setters)])
        .map_err(|error| format!("internal error: the constructor does not parse: {error}"));
    let sending = uses
        .any_operation
        .then(|| Piece::Runtime(RuntimeFile::Sending.items(&uses)));
    [
        Piece::Items(client),
        Piece::Runtime(Ok(others)),
        Piece::Items(quote!(#default)),
        Piece::Runtime(constructor),
    ]
    .into_iter()
    .chain(sending)
    .chain(credential_methods.map(Piece::Items))
    .collect()
}

/// Whether `block` is an inherent `impl Client` block.
fn is_client_impl(block: &syn::ItemImpl) -> bool {
    block.trait_.is_none()
        && matches!(&*block.self_ty, syn::Type::Path(path) if path.path.is_ident("Client"))
}

/// The error type, and with operations the parameter and response helpers.
pub fn emit_support<'a>(uses: Uses) -> Vec<Piece<'a>> {
    let mut files = vec![RuntimeFile::Error];
    if uses.any_operation {
        files.extend([RuntimeFile::Parameters, RuntimeFile::Response]);
    }
    if uses.streams() {
        files.push(RuntimeFile::Streams);
    }
    files
        .into_iter()
        .map(|file| Piece::Runtime(file.items(&uses)))
        .collect()
}

/// The parts of `Client` for HTTP basic and API key credentials, which are settings (the
/// bearer token, when the API has one, is a constructor argument).
struct Credentials {
    fields: Vec<TokenStream>,
    debug: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    methods: Option<TokenStream>,
}

fn emit_credentials(model: &Model) -> Credentials {
    let mut credentials = Credentials {
        fields: Vec::new(),
        debug: Vec::new(),
        inits: Vec::new(),
        methods: None,
    };
    let mut setters = Vec::new();
    let mut applied = Vec::new();
    if model.basic_auth {
        credentials
            .fields
            .push(quote!(basic_auth: Option<(String, Option<String>)>,));
        credentials
            .debug
            .push(quote!(.field("basic_auth", &self.basic_auth.as_ref().map(|_| "<redacted>"))));
        credentials.inits.push(quote!(basic_auth: None,));
        setters.push(quote! {
            /// Sends HTTP basic credentials with the operations that accept them.
            pub fn with_basic_auth(mut self, username: impl Into<String>, password: Option<String>) -> Self {
                self.basic_auth = Some((username.into(), password));
                self
            }
        });
        applied.push(quote! {
            if let Some((username, password)) = &self.basic_auth {
                request = request.basic_auth(username, password.as_deref());
            }
        });
    }
    for key in &model.api_keys {
        let field = ident(&key.field);
        let field_name = &key.field;
        credentials.fields.push(quote!(#field: Option<String>,));
        credentials
            .debug
            .push(quote!(.field(#field_name, &self.#field.as_ref().map(|_| "<redacted>"))));
        credentials.inits.push(quote!(#field: None,));
        let setter = ident(&format!("with_{}", key.field));
        let doc = docs(&format!(
            "Sends `key` as the API key `{}` ({}, security scheme `{}`) with the operations \
             that accept it.",
            key.name,
            match key.location {
                ApiKeyLocation::Header => "a header",
                ApiKeyLocation::Query => "a query parameter",
                ApiKeyLocation::Cookie => "a cookie",
            },
            key.scheme,
        ));
        setters.push(quote! {
            #doc
            pub fn #setter(mut self, key: impl Into<String>) -> Self {
                self.#field = Some(key.into());
                self
            }
        });
    }
    if setters.is_empty() {
        return credentials;
    }
    let authorize = (!applied.is_empty() && !model.operations.is_empty()).then(|| {
        quote! {
            /// Adds the basic credentials, when set, to `request`.
            fn authorize(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                let mut request = request;
                #(#applied)*
                request
            }
        }
    });
    credentials.methods = Some(quote! {
        impl Client {
            #(#setters)*
            #authorize
        }
    });
    credentials
}

/// Whether a body of type `ty` is read as text or bytes, not decoded.
fn is_text_or_bytes(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Text | TypeRef::Bytes)
}
