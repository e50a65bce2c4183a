//! The client's shared runtime, written once per generated client: `Client` and its
//! settings, sending with retries and timeouts, the `Error` type, and decoding. Every
//! operation method calls into it, so each method is only its URL, its parameters and its
//! status `match`; nothing here is generic over an operation's types except where it
//! must be, so the code is compiled once, not once per operation.

use super::tokens::{docs, ident};
use crate::model::{
    ApiKeyLocation, Model, Param, ParamLocation, PathPart, QueryStyle, StatusMatch, TypeRef,
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
}

impl Uses {
    /// Whether any response body is decoded (and so its content type checked).
    pub fn decodes(self) -> bool {
        self.json || self.error
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
        // Every success body type some arm decodes.
        let decoded = || {
            operations.iter().flat_map(|o| {
                let has_body = o.responses.success.iter().any(|(_, body)| *body);
                let single = o.responses.success_type.as_ref().filter(|_| has_body);
                let variants = o.responses.success_variants.iter().flatten();
                single
                    .into_iter()
                    .chain(variants.filter_map(|v| v.ty.as_ref()))
            })
        };
        Self {
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
            error: errors().any(|case| {
                case.ty
                    .as_ref()
                    .is_some_and(|ty| !matches!(ty, TypeRef::Text | TypeRef::Bytes))
            }),
            error_text: errors().any(|case| case.ty == Some(TypeRef::Text)),
            error_bytes: errors().any(|case| case.ty == Some(TypeRef::Bytes)),
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

/// `Client`: its fields, constructors and settings.
pub fn emit_client_type(model: &Model, uses: Uses) -> TokenStream {
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
    let loopback = model.bearer_auth.then(|| {
        quote! {
            /// Whether `url` addresses this machine: `localhost`, 127.0.0.0/8 or `::1`.
            fn is_loopback(url: &reqwest::Url) -> bool {
                match url.host_str() {
                    Some("localhost") => true,
                    Some(host) => host
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback()),
                    None => false,
                }
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
    let request_helpers = uses.any_operation.then(|| emit_sending(uses));
    quote! {
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
                    .finish_non_exhaustive()
            }
        }

        /// How long a request may take, from sending to the end of the body, unless
        /// [`Client::with_timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

        /// The largest response body a client reads, in bytes, unless
        /// [`Client::with_max_body_size`] says otherwise: 64 MiB. A larger body is an
        /// [`Error::BodyTooLarge`], not an exhausted memory.
        pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

        /// The `User-Agent` requests carry: the name and version of the crate this client
        /// is compiled into.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// When a failed attempt is tried again.
        ///
        /// Retried: `429 Too Many Requests` and connection failures for every request, and
        /// `5xx` statuses and dropped connections for idempotent ones (GET, HEAD, PUT,
        /// DELETE, OPTIONS), which the server may have half-done. A `Retry-After` header (in
        /// seconds or as an HTTP date) sets the wait; otherwise it grows exponentially with
        /// jitter. Other `4xx` statuses and timeouts are not retried.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct RetryPolicy {
            /// Attempts after the first; 0 turns retrying off.
            pub max_retries: u32,
            /// The wait before the first retry; it doubles for each further one, and a
            /// random part of up to half of it is taken off.
            pub initial_backoff: std::time::Duration,
            /// The longest wait between two attempts. A `Retry-After` longer than this is
            /// not waited for: the response is returned instead.
            pub max_backoff: std::time::Duration,
        }

        impl Default for RetryPolicy {
            /// Two retries, after about 0.5 s and 1 s, waiting at most 30 s.
            fn default() -> Self {
                Self {
                    max_retries: 2,
                    initial_backoff: std::time::Duration::from_millis(500),
                    max_backoff: std::time::Duration::from_secs(30),
                }
            }
        }

        impl RetryPolicy {
            /// No retries: every request is attempted once.
            pub fn none() -> Self {
                Self { max_retries: 0, ..Self::default() }
            }
        }

        #default

        #loopback

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
                    #(#credential_inits)*
                })
            }

            /// Sends requests with `http`, which carries proxies, TLS settings, the connection
            /// pool and its own redirect policy.
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// Limits each attempt, from sending to the end of the body, to `timeout`.
            pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Reads response bodies of at most `bytes`; a larger one ends the call with
            /// [`Error::BodyTooLarge`] as soon as it is known to be larger.
            pub fn with_max_body_size(mut self, bytes: usize) -> Self {
                self.max_body_size = bytes;
                self
            }

            /// Retries as `policy` says.
            pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            /// Sends `name: value` with every request; it replaces a header of the same name
            /// that the client would send, such as `User-Agent`.
            pub fn with_default_header(
                mut self,
                name: reqwest::header::HeaderName,
                value: reqwest::header::HeaderValue,
            ) -> Self {
                self.headers.insert(name, value);
                self
            }

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &reqwest::Url {
                &self.base_url
            }
        }

        #request_helpers

        #credential_methods
    }
}

/// Building URLs, and sending with retries.
fn emit_sending(uses: Uses) -> TokenStream {
    // Only decoding looks at the content type.
    let (read_content_type, content_type_field) = if uses.decodes() {
        (
            quote!(let content_type = header_text(response.headers(), "content-type");),
            quote!(content_type,),
        )
    } else {
        (quote!(), quote!())
    };
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

            /// Sends `request`, retrying as the policy says, and reads the whole response.
            async fn send(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Failure> {
                let mut request = request
                    .header(reqwest::header::USER_AGENT, USER_AGENT)
                    .headers(self.headers.clone());
                if let Some(timeout) = self.timeout {
                    request = request.timeout(timeout);
                }
                let request = request.build().map_err(|source| Failure::Transport {
                    source,
                    attempt: 1,
                    request_id: None,
                })?;
                // JSON, unless the operation asked for its documented media type.
                let mut request = request;
                request
                    .headers_mut()
                    .entry(reqwest::header::ACCEPT)
                    .or_insert(reqwest::header::HeaderValue::from_static("application/json"));
                // Repeating these is harmless, so they may be retried after a server error.
                let idempotent = matches!(
                    *request.method(),
                    reqwest::Method::GET
                        | reqwest::Method::HEAD
                        | reqwest::Method::PUT
                        | reqwest::Method::DELETE
                        | reqwest::Method::OPTIONS
                        | reqwest::Method::TRACE
                );
                let mut last_request_id: Option<String> = None;
                let mut attempt = 1;
                loop {
                    let Some(this_attempt) = request.try_clone() else {
                        // Only a streaming body cannot be copied, and this client never sends
                        // one; without a copy there is just this one attempt.
                        let response = self.http.execute(request).await.map_err(|source| {
                            Failure::new(source, attempt, last_request_id.clone())
                        })?;
                        return read_response(response, attempt, last_request_id, self.max_body_size).await;
                    };
                    let can_retry = attempt <= self.retry.max_retries;
                    match self.http.execute(this_attempt).await {
                        Ok(response) => {
                            let status = response.status();
                            let retryable = status == reqwest::StatusCode::TOO_MANY_REQUESTS
                                || (idempotent && status.is_server_error());
                            if retryable && can_retry {
                                let wait = retry_after(response.headers()).unwrap_or_else(|| self.backoff(attempt));
                                if wait <= self.retry.max_backoff {
                                    if let Some(request_id) = header_text(response.headers(), "x-request-id") {
                                        last_request_id = Some(request_id);
                                    }
                                    tokio::time::sleep(wait).await;
                                    attempt += 1;
                                    continue;
                                }
                            }
                            return read_response(response, attempt, last_request_id, self.max_body_size).await;
                        }
                        Err(error) => {
                            let retryable = error.is_connect()
                                || (idempotent && error.is_request() && !error.is_timeout());
                            if retryable && can_retry {
                                tokio::time::sleep(self.backoff(attempt)).await;
                                attempt += 1;
                                continue;
                            }
                            return Err(Failure::new(error, attempt, last_request_id));
                        }
                    }
                }
            }

            /// The wait after failed attempt number `attempt`: exponential, capped, with up
            /// to half of it taken off at random so that clients that failed together do
            /// not retry together.
            fn backoff(&self, attempt: u32) -> std::time::Duration {
                let exponential = self
                    .retry
                    .initial_backoff
                    .saturating_mul(1 << attempt.saturating_sub(1).min(16));
                let capped = exponential.min(self.retry.max_backoff);
                let random = std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), attempt);
                let jitter = (capped / 2).mul_f64((random % 1024) as f64 / 1024.0);
                capped - jitter
            }
        }

        /// Reads the whole body of the attempt's response, up to `limit` bytes.
        async fn read_response(
            mut response: reqwest::Response,
            attempt: u32,
            earlier_request_id: Option<String>,
            limit: usize,
        ) -> Result<RawResponse, Failure> {
            let status = response.status();
            let request_id = header_text(response.headers(), "x-request-id");
            #read_content_type
            let too_large = |request_id: Option<String>| Failure::TooLarge { status, attempt, request_id, limit };
            // A declared length over the limit is refused before a byte is read.
            if response.content_length().is_some_and(|length| length > limit as u64) {
                return Err(too_large(request_id.or(earlier_request_id)));
            }
            let mut body = Vec::new();
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) if body.len() + chunk.len() > limit => {
                        return Err(too_large(request_id.or(earlier_request_id)));
                    }
                    Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(source) => return Err(Failure::new(source, attempt, request_id.or(earlier_request_id))),
                }
            }
            Ok(RawResponse {
                status,
                request_id,
                earlier_request_id,
                #content_type_field
                body,
                attempt,
            })
        }

        /// A header's value as text, if it is present and visible ASCII.
        fn header_text(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
            headers.get(name)?.to_str().ok().map(str::to_owned)
        }

        /// `Retry-After` as a wait: seconds, or an HTTP date (a date in the past is no wait).
        fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
            let value = header_text(headers, "retry-after")?;
            let value = value.trim();
            if let Ok(seconds) = value.parse::<u64>() {
                return Some(std::time::Duration::from_secs(seconds));
            }
            let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
            Some(at.duration_since(std::time::SystemTime::now()).unwrap_or_default())
        }

        /// Why no response arrived, before it becomes an operation's `Error`.
        enum Failure {
            Timeout { attempt: u32, request_id: Option<String> },
            Transport { source: reqwest::Error, attempt: u32, request_id: Option<String> },
            TooLarge { status: reqwest::StatusCode, attempt: u32, request_id: Option<String>, limit: usize },
        }

        impl Failure {
            fn new(source: reqwest::Error, attempt: u32, request_id: Option<String>) -> Self {
                if source.is_timeout() {
                    Self::Timeout { attempt, request_id }
                } else {
                    Self::Transport { source, attempt, request_id }
                }
            }
        }

        impl<E> From<Failure> for Error<E> {
            fn from(failure: Failure) -> Self {
                match failure {
                    Failure::Timeout { attempt, request_id } => Self::Timeout { attempt, request_id },
                    Failure::Transport { source, attempt, request_id } => Self::Transport { source, attempt, request_id },
                    Failure::TooLarge { status, attempt, request_id, limit } => Self::BodyTooLarge { status, attempt, request_id, limit },
                }
            }
        }
    }
}

/// The error type and the response helpers.
pub fn emit_support(uses: Uses) -> TokenStream {
    let common = quote! {
        /// Why a call failed. `E` is the operation's documented error responses.
        ///
        /// Every variant that follows a request says which attempt (1 for the first) it
        /// comes from, and the last request id a response carried.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error<E> {
            /// The server answered with an error status the API documents.
            Api {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, from the `x-request-id` header or the body's `request_id`.
                request_id: Option<String>,
                /// The attempt this response answered.
                attempt: u32,
                /// The decoded error response.
                body: E,
            },
            /// The server answered with a status the API does not document.
            UnexpectedStatus {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if a response carried one.
                request_id: Option<String>,
                /// The attempt this response answered.
                attempt: u32,
                /// The body as received (invalid UTF-8 replaced).
                body: String,
            },
            /// The response is not JSON, as the API documents it for this status: a proxy's
            /// HTML error page, for example.
            UnexpectedContentType {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if a response carried one.
                request_id: Option<String>,
                /// The attempt this response answered.
                attempt: u32,
                /// The `Content-Type` the response declared.
                content_type: String,
                /// The body as received (invalid UTF-8 replaced).
                body: String,
            },
            /// The response body is not what the API documents for its status.
            Decode {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if a response carried one.
                request_id: Option<String>,
                /// The attempt this response answered.
                attempt: u32,
                /// The body as received (invalid UTF-8 replaced).
                body: String,
                /// Where in the body the value that did not match is, as a path of
                /// properties and indices (`data[3].contact.name`); `.` for the whole body.
                path: String,
                /// What did not match.
                source: serde_json::Error,
            },
            /// The attempt took longer than the client's timeout.
            Timeout {
                /// The attempt that timed out.
                attempt: u32,
                /// The last request id an earlier attempt's response carried.
                request_id: Option<String>,
            },
            /// The request could not be sent, or the response could not be read in full.
            Transport {
                /// What went wrong.
                source: reqwest::Error,
                /// The attempt that failed.
                attempt: u32,
                /// The last request id an earlier attempt's response carried.
                request_id: Option<String>,
            },
            /// The response body is larger than the client's limit
            /// ([`Client::with_max_body_size`]); it was not read to the end.
            BodyTooLarge {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// The request id, if a response carried one.
                request_id: Option<String>,
                /// The attempt this response answered.
                attempt: u32,
                /// The limit, in bytes.
                limit: usize,
            },
            /// A path parameter is empty, `.` or `..`: as a URL segment it would address
            /// another resource, so the request was not sent.
            InvalidPathParameter {
                /// The parameter's name.
                name: &'static str,
                /// The value that was refused.
                value: String,
            },
        }

        impl<E> Error<E> {
            /// The HTTP status, when a response arrived.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Self::Api { status, .. }
                    | Self::UnexpectedStatus { status, .. }
                    | Self::UnexpectedContentType { status, .. }
                    | Self::Decode { status, .. }
                    | Self::BodyTooLarge { status, .. } => Some(*status),
                    Self::Timeout { .. } | Self::Transport { .. } | Self::InvalidPathParameter { .. } => None,
                }
            }

            /// The server's id for the request, from the last response that carried one.
            pub fn request_id(&self) -> Option<&str> {
                match self {
                    Self::Api { request_id, .. }
                    | Self::UnexpectedStatus { request_id, .. }
                    | Self::UnexpectedContentType { request_id, .. }
                    | Self::Decode { request_id, .. }
                    | Self::Timeout { request_id, .. }
                    | Self::Transport { request_id, .. }
                    | Self::BodyTooLarge { request_id, .. } => request_id.as_deref(),
                    Self::InvalidPathParameter { .. } => None,
                }
            }

            /// Which attempt failed (1 for the first), when a request was sent.
            pub fn attempt(&self) -> Option<u32> {
                match self {
                    Self::Api { attempt, .. }
                    | Self::UnexpectedStatus { attempt, .. }
                    | Self::UnexpectedContentType { attempt, .. }
                    | Self::Decode { attempt, .. }
                    | Self::Timeout { attempt, .. }
                    | Self::Transport { attempt, .. }
                    | Self::BodyTooLarge { attempt, .. } => Some(*attempt),
                    Self::InvalidPathParameter { .. } => None,
                }
            }
        }

        impl<E: std::fmt::Debug> std::fmt::Display for Error<E> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Api { status, body, .. } => write!(f, "the server answered {status}: {body:?}")?,
                    Self::UnexpectedStatus { status, body, .. } => write!(
                        f,
                        "the server answered {status}, which the API does not document: {}",
                        snippet(body)
                    )?,
                    Self::UnexpectedContentType { status, content_type, body, .. } => write!(
                        f,
                        "the server answered {status} with {content_type}, not JSON: {}",
                        snippet(body)
                    )?,
                    Self::Decode { status, body, path, source, .. } => write!(
                        f,
                        "the {status} response body does not match the API at `{path}`: {source}: {}",
                        snippet(body)
                    )?,
                    Self::Timeout { .. } => write!(f, "the request timed out")?,
                    Self::Transport { source, .. } => write!(f, "the request failed: {source}")?,
                    Self::BodyTooLarge { status, limit, .. } => write!(
                        f,
                        "the {status} response body is larger than the client's limit of {limit} bytes"
                    )?,
                    Self::InvalidPathParameter { name, value } => write!(
                        f,
                        "path parameter {name} cannot be {value:?}: it would address another resource"
                    )?,
                }
                if let Some(attempt) = self.attempt().filter(|attempt| *attempt > 1) {
                    write!(f, " (attempt {attempt})")?;
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
                    Self::Transport { source, .. } => Some(source),
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
    let path_segment = uses.path_parameter.then(|| {
        quote! {
            /// A path parameter's value as one URL segment. An empty, `.` or `..` segment would
            /// address another resource (URL parsers drop or resolve them, even percent-encoded),
            /// and so would a value with a tab or line break (URL parsers delete those), so such
            /// values are refused. Everything else is percent-encoded into the one segment.
            fn path_segment<'a, E>(name: &'static str, value: &'a str) -> Result<&'a str, Error<E>> {
                if matches!(value, "" | "." | "..") || value.contains(['\t', '\n', '\r']) {
                    Err(Error::InvalidPathParameter { name, value: value.to_owned() })
                } else {
                    Ok(value)
                }
            }
        }
    });
    let json = uses.json.then(|| {
        quote! {
            fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
                if !self.is_json() {
                    return Err(self.wrong_content_type());
                }
                match serde_json::from_slice(&self.body) {
                    Ok(value) => Ok(value),
                    Err(source) => Err(self.decode_error::<T, E>(source)),
                }
            }
        }
    });
    let error = uses.error.then(|| {
        quote! {
            fn error<B: serde::de::DeserializeOwned, E>(self, variant: fn(B) -> E) -> Error<E> {
                if !self.is_json() {
                    return self.wrong_content_type();
                }
                match serde_json::from_slice(&self.body) {
                    Ok(body) => self.api_error(variant(body)),
                    Err(source) => self.decode_error::<B, E>(source),
                }
            }
        }
    });
    let text = uses.text.then(|| {
        quote! {
            /// A text body (invalid UTF-8 replaced).
            fn text(self) -> String {
                String::from_utf8_lossy(&self.body).into_owned()
            }
        }
    });
    let error_text = uses.error_text.then(|| {
        quote! {
            /// An error whose documented body is text (invalid UTF-8 replaced).
            fn error_text<E>(self, variant: fn(String) -> E) -> Error<E> {
                let body = variant(String::from_utf8_lossy(&self.body).into_owned());
                self.api_error(body)
            }
        }
    });
    let error_bytes = uses.error_bytes.then(|| {
        quote! {
            /// An error whose documented body is neither JSON nor text: its bytes. (Not through
            /// `api_error`: the bytes move into the error, so the request id is read first.)
            fn error_bytes<E>(self, variant: fn(Vec<u8>) -> E) -> Error<E> {
                let request_id = self.request_id();
                Error::Api { status: self.status, request_id, attempt: self.attempt, body: variant(self.body) }
            }
        }
    });
    // Every documented error status but the bytes one ends here.
    let api_error = (uses.error || uses.error_text || uses.error_without_body).then(|| {
        quote! {
            /// The documented error `body`, with the response's status, request id and attempt.
            fn api_error<E>(self, body: E) -> Error<E> {
                let request_id = self.request_id();
                Error::Api { status: self.status, request_id, attempt: self.attempt, body }
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
                    attempt: self.attempt,
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                }
            }
        }
    });
    let content_type_field = uses
        .decodes()
        .then(|| quote!(content_type: Option<String>,));
    let decoding = uses.decodes().then(|| {
        quote! {
            /// JSON, or no `Content-Type` at all (given the benefit of the doubt).
            fn is_json(&self) -> bool {
                let Some(content_type) = &self.content_type else {
                    return true;
                };
                let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            }

            fn wrong_content_type<E>(self) -> Error<E> {
                let request_id = self.request_id();
                Error::UnexpectedContentType {
                    status: self.status,
                    request_id,
                    attempt: self.attempt,
                    content_type: self.content_type.unwrap_or_default(),
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                }
            }

            /// A body that did not decode as `T`. It is decoded again, tracking the path,
            /// to say where: a cost only failures pay.
            fn decode_error<T: serde::de::DeserializeOwned, E>(self, source: serde_json::Error) -> Error<E> {
                let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
                let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                    Err(error) => error.path().to_string(),
                    Ok(_) => ".".to_owned(),
                };
                let request_id = self.request_id();
                Error::Decode {
                    status: self.status,
                    request_id,
                    attempt: self.attempt,
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                    path,
                    source,
                }
            }
        }
    });
    let styled_text = uses.styled_parameter.then(|| {
        quote! {
            /// A path or header parameter's text as the `simple`, `label` (`prefix` `.`) and
            /// `matrix` (`;`) styles write it, which are RFC 6570's `{x}`, `{.x}` and `{;x}`:
            /// list items, and an object's keys and values, joined by `,` (`3,4`, `.3,4`,
            /// `;id=3,4`, `;id=role,admin`); exploded, each item or property on its own
            /// (`.3.4`, `;id=3;id=4`, `role=admin,name=Alex`, `;role=admin`). Strings are
            /// written as they are, other values as JSON text; an empty list or object, like
            /// an unset value, writes nothing. Delimiters inside values are not escaped.
            fn styled_text<T: serde::Serialize + ?Sized>(
                name: &str,
                value: &T,
                prefix: &str,
                explode: bool,
            ) -> String {
                use serde_json::Value;
                let parts: Vec<(Option<String>, String)> = match serde_json::to_value(value) {
                    Ok(Value::Null) | Err(_) => return String::new(),
                    Ok(Value::Array(items)) => items
                        .into_iter()
                        .filter(|item| !item.is_null())
                        .map(|item| (None, value_text(item)))
                        .collect(),
                    Ok(Value::Object(entries)) => entries
                        .into_iter()
                        .filter(|(_, item)| !item.is_null())
                        .map(|(key, item)| (Some(key), value_text(item)))
                        .collect(),
                    Ok(scalar) => vec![(None, value_text(scalar))],
                };
                if parts.is_empty() {
                    return String::new();
                }
                // `key=value`, or in the matrix style `key` alone for an empty value.
                let pair = |key: &str, value: &str| {
                    if value.is_empty() && prefix == ";" {
                        key.to_owned()
                    } else {
                        format!("{key}={value}")
                    }
                };
                if !explode {
                    let joined = parts
                        .into_iter()
                        .flat_map(|(key, value)| key.into_iter().chain([value]))
                        .collect::<Vec<_>>()
                        .join(",");
                    return if prefix == ";" {
                        format!(";{}", pair(name, &joined))
                    } else {
                        format!("{prefix}{joined}")
                    };
                }
                let items: Vec<String> = parts
                    .iter()
                    .map(|(key, value)| match key {
                        Some(key) => pair(key, value),
                        None if prefix == ";" => pair(name, value),
                        None => value.clone(),
                    })
                    .collect();
                let separator = if prefix.is_empty() { "," } else { prefix };
                format!("{prefix}{}", items.join(separator))
            }
        }
    });
    let value_text =
        (uses.styled_parameter || uses.query || uses.deep_object || uses.cookie).then(|| {
            quote! {
                /// A value's text in a parameter: a string as it is (a union's string alternative
                /// must not gain quotes), anything else as JSON text.
                fn value_text(value: serde_json::Value) -> String {
                    match value {
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    }
                }
            }
        });
    let push_query = uses.query.then(|| {
        quote! {
            /// Adds a query parameter as the `form`, `spaceDelimited` and `pipeDelimited` styles
            /// write it. Without a `separator` (exploded): one pair per list item or object
            /// property. With one: a single pair, the items (or an object's keys and values)
            /// joined by it. An unset value (`None`) adds nothing.
            fn push_query<T: serde::Serialize + ?Sized>(
                query: &mut Vec<(String, String)>,
                name: &str,
                value: &T,
                separator: Option<&str>,
            ) {
                use serde_json::Value;
                let Ok(value) = serde_json::to_value(value) else {
                    return;
                };
                match (value, separator) {
                    (Value::Null, _) => {}
                    (Value::Array(items), None) => {
                        for item in items.into_iter().filter(|item| !item.is_null()) {
                            query.push((name.to_owned(), value_text(item)));
                        }
                    }
                    (Value::Array(items), Some(separator)) => {
                        let parts: Vec<String> = items.into_iter().map(value_text).collect();
                        query.push((name.to_owned(), parts.join(separator)));
                    }
                    (Value::Object(entries), None) => {
                        for (key, item) in entries.into_iter().filter(|(_, item)| !item.is_null()) {
                            query.push((key, value_text(item)));
                        }
                    }
                    (Value::Object(entries), Some(separator)) => {
                        let parts: Vec<String> = entries
                            .into_iter()
                            .filter(|(_, item)| !item.is_null())
                            .flat_map(|(key, item)| [key, value_text(item)])
                            .collect();
                        query.push((name.to_owned(), parts.join(separator)));
                    }
                    (scalar, _) => query.push((name.to_owned(), value_text(scalar))),
                }
            }
        }
    });
    let push_deep_object = uses.deep_object.then(|| {
        quote! {
            /// Adds a `deepObject` query parameter: one `name[property]=value` pair per
            /// property. An unset value (`None`) adds nothing.
            fn push_deep_object<T: serde::Serialize + ?Sized>(
                query: &mut Vec<(String, String)>,
                name: &str,
                value: &T,
            ) {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::Object(entries)) => {
                        for (key, item) in entries.into_iter().filter(|(_, item)| !item.is_null()) {
                            query.push((format!("{name}[{key}]"), value_text(item)));
                        }
                    }
                    Ok(serde_json::Value::Null) | Err(_) => {}
                    Ok(other) => query.push((name.to_owned(), value_text(other))),
                }
            }
        }
    });
    let push_cookie = uses.cookie.then(|| {
        quote! {
            /// Adds a cookie parameter as `name=value`: lists and objects comma-joined (the
            /// `form` style), each part percent-encoded where RFC 6265 does not allow a byte
            /// in a cookie. An unset value (`None`) adds nothing.
            fn push_cookie<T: serde::Serialize + ?Sized>(cookies: &mut Vec<String>, name: &str, value: &T) {
                use serde_json::Value;
                let parts: Vec<String> = match serde_json::to_value(value) {
                    Ok(Value::Null) | Err(_) => return,
                    Ok(Value::Array(items)) => items.into_iter().map(value_text).collect(),
                    Ok(Value::Object(entries)) => entries
                        .into_iter()
                        .flat_map(|(key, item)| [key, value_text(item)])
                        .collect(),
                    Ok(scalar) => vec![value_text(scalar)],
                };
                let encoded: Vec<String> = parts
                    .iter()
                    .map(|part| {
                        let mut text = String::with_capacity(part.len());
                        for byte in part.bytes() {
                            if matches!(byte, 0x21..=0x7e) && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%') {
                                text.push(char::from(byte));
                            } else {
                                text.push_str(&format!("%{byte:02X}"));
                            }
                        }
                        text
                    })
                    .collect();
                cookies.push(format!("{name}={}", encoded.join(",")));
            }
        }
    });
    quote! {
        #common

        #path_segment

        #styled_text

        #value_text

        #push_query

        #push_deep_object

        #push_cookie

        /// A response whose body has been read, before it is decoded.
        struct RawResponse {
            status: reqwest::StatusCode,
            /// The id from this response's `x-request-id` header.
            request_id: Option<String>,
            /// The last id an earlier attempt's response carried.
            earlier_request_id: Option<String>,
            #content_type_field
            body: Vec<u8>,
            attempt: u32,
        }

        impl RawResponse {
            #json
            #text
            #error
            #error_text
            #error_bytes
            #api_error
            #unexpected
            #decoding

            /// The `x-request-id` header, or else a `request_id` string at the top of a JSON
            /// body or inside its `error` object (where many APIs put it), or else the last
            /// id an earlier attempt's response carried.
            fn request_id(&self) -> Option<String> {
                let from_body = || {
                    let body: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
                    let found = body.get("request_id").or_else(|| body.get("error")?.get("request_id"))?;
                    found.as_str().map(str::to_owned)
                };
                self.request_id.clone().or_else(from_body).or_else(|| self.earlier_request_id.clone())
            }
        }
    }
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
