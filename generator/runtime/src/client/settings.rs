// Embedded in every client (see generator/src/emit/embedded.rs): the settings of
// `Client`. The struct itself and its constructor are emitted from the document (its
// credentials), in generator/src/emit/runtime.rs.

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
/// Retried: `429 Too Many Requests`, `408 Request Timeout` and connection failures for
/// every request, and `409 Conflict`, `5xx` statuses and dropped connections for
/// idempotent ones (GET, HEAD, PUT, DELETE, OPTIONS), which the server may have
/// half-done. A response's `x-should-retry: true` or `false` overrides this. A
/// `Retry-After` header (in seconds or as an HTTP date) sets the wait; otherwise it grows
/// exponentially with jitter. Other `4xx` statuses and timeouts are not retried.
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
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }
}

/// What one call (or a few) does differently from the client: give them to
/// [`Client::with_options`].
///
/// ```text
/// let options = RequestOptions::new()
///     .timeout(std::time::Duration::from_secs(5))
///     .idempotency_key("order-1234");
/// let created = client.with_options(options).create_order(&order).await?;
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<std::time::Duration>,
    retry: Option<RetryPolicy>,
    headers: reqwest::header::HeaderMap,
}

impl RequestOptions {
    /// No changes: the client's own settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits each attempt, from sending to the end of the body, to `timeout`.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries as `policy` says.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends `name: value` as well, replacing a header of that name the client sends.
    pub fn header(
        mut self,
        name: reqwest::header::HeaderName,
        value: reqwest::header::HeaderValue,
    ) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sends `Idempotency-Key: key`, the same on every retry, so that a server that
    /// honours it does the work once however many attempts reach it; it makes a POST or
    /// PATCH retryable after a server error or a dropped connection, as an idempotent
    /// method is. A key that is no valid header value is sent percent-encoded.
    pub fn idempotency_key(self, key: impl AsRef<str>) -> Self {
        let mut visible = String::new();
        for byte in key.as_ref().bytes() {
            match byte {
                b'!'..=b'~' if byte != b'%' => visible.push(char::from(byte)),
                _ => visible.push_str(&format!("%{byte:02X}")),
            }
        }
        match reqwest::header::HeaderValue::from_str(&visible) {
            Ok(value) => self.header(IDEMPOTENCY_KEY.clone(), value),
            // Unreachable: only visible ASCII is left.
            Err(_) => self,
        }
    }
}

/// The header a request's idempotency key travels in (the IETF draft's and Stripe's
/// name); a request that carries one may be retried as an idempotent one.
static IDEMPOTENCY_KEY: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("idempotency-key");

/// The error a [`Hook`] ends a call with: the call's [`Error::Hook`].
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// What a [`Hook`]'s methods return: a future of `Ok(())` to go on, or the error that ends
/// the call.
pub type HookResult<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), HookError>> + Send + 'a>>;

/// Code the client runs around every attempt of every call, installed with
/// [`Client::with_hook`]: signing, logging, metrics, recording for tests. Both methods do
/// nothing unless implemented; a client without hooks runs none of this.
///
/// ```text
/// struct Signer;
/// impl Hook for Signer {
///     fn on_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookResult<'a> {
///         Box::pin(async move {
///             let signature = sign(request.url().as_str()).await?;
///             request.headers_mut().insert("x-signature", signature.parse()?);
///             Ok(())
///         })
///     }
/// }
/// let client = client.with_hook(Signer);
/// ```
pub trait Hook: Send + Sync {
    /// Sees, and may change, each attempt's request just before it is sent (a retry is
    /// a new attempt: a signature made here is made again).
    fn on_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookResult<'a> {
        let _ = request;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Sees each attempt's response as its head arrives, before the client decides to
    /// retry it or reads its body.
    fn on_response<'a>(&'a self, response: &'a reqwest::Response) -> HookResult<'a> {
        let _ = response;
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A hook shared with the code that installed it (to read what it recorded, say).
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn on_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookResult<'a> {
        H::on_request(self, request)
    }

    fn on_response<'a>(&'a self, response: &'a reqwest::Response) -> HookResult<'a> {
        H::on_response(self, response)
    }
}

/// Whether `url` addresses this machine: `localhost`, 127.0.0.0/8 or `::1`.
#[cfg(uses = "bearer_token")]
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

// The generator puts these methods in the `impl` block of the emitted `with_base_url`.
impl Client {
    /// Sends requests with `http`, which carries proxies, TLS settings, the connection
    /// pool and its own redirect policy.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Sends requests through `stack`, the `reqwest_middleware` chain (its own
    /// `reqwest::Client` included) in place of the HTTP client: each attempt goes through
    /// it after the hooks, and a middleware's error is an [`Error::Middleware`]. This
    /// client still retries as its policy says; a stack that retries as well multiplies
    /// the attempts, so turn one of them off ([`RetryPolicy::none`]).
    #[cfg(uses = "middleware")]
    pub fn with_middleware_client(
        mut self,
        stack: reqwest_middleware::ClientWithMiddleware,
    ) -> Self {
        self.middleware = Some(stack);
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

    /// Runs `hook` around every attempt of every call, after the hooks added before it.
    pub fn with_hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// This client with `options` applied, for the calls made through it: a copy that
    /// shares the connection pool (a few small allocations, and only when used).
    pub fn with_options(&self, options: RequestOptions) -> Self {
        let mut client = self.clone();
        if let Some(timeout) = options.timeout {
            client.timeout = Some(timeout);
        }
        if let Some(retry) = options.retry {
            client.retry = retry;
        }
        client.headers.extend(options.headers);
        client
    }

    /// The URL every request path is appended to.
    pub fn base_url(&self) -> &reqwest::Url {
        &self.base_url
    }
}
