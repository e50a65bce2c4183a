// Embedded in every client with operations (see generator/src/emit/embedded.rs): building
// URLs, and sending with retries.

/// The future an operation's method returns: its result once the call is done (`.await`
/// it), borrowing the client, not the arguments. A type with a name, to keep in a struct
/// or return from a function of yours; boxed, one allocation per call, because a future
/// of its own type per method was about 3% of the memory of GitHub's client's
/// `cargo check`.
#[cfg(uses = "read_whole")]
pub type Call<'a, T, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error<E>>> + Send + 'a>>;

impl Client {
    /// The base URL with `segments` appended, each percent-encoded as one segment, and
    /// the first path parameter among them that is refused, if any (see
    /// `Segment::refused`). `with_base_url` only accepts URLs that can be a base, so
    /// the path is always editable.
    fn endpoint(&self, segments: &[Segment<'_>]) -> (reqwest::Url, Result<(), RefusedSegment>) {
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .extend(segments.iter().map(Segment::text));
        }
        let checked = match segments.iter().find_map(Segment::refused) {
            Some(refused) => Err(refused),
            None => Ok(()),
        };
        (url, checked)
    }

    /// What every operation whose response is read whole does once it has built its
    /// request: [`Self::read`], boxed (see [`Call`]). (With `metadata`, the methods box
    /// `read`'s future themselves.) No `Send` bound on `T` or `E`: the future holds neither
    /// across an `.await`, so it is `Send` without, and proving it of a large API's models
    /// overflowed rustc's recursion limit (Stripe's, with one feature on).
    #[cfg(uses = "read_whole")]
    #[cfg(not(uses = "metadata"))]
    fn call<'a, T: 'a, E: 'a>(
        &'a self,
        checked: Result<(), RefusedSegment>,
        request: reqwest::RequestBuilder,
        outcome: fn(RawResponse) -> Result<T, Error<E>>,
    ) -> Call<'a, T, E> {
        Box::pin(self.read(checked, request, outcome))
    }

    /// Sends `request`, unless a path parameter was refused (`checked`, from `endpoint`),
    /// and reads the response with `outcome`, a plain function of the operation's. The
    /// operations are not `async fn`s themselves: this is the one state machine rustc
    /// checks for all of them. (With `metadata`, an operation's two methods box this
    /// future, once each, so that the plain one allocates no more than the other.)
    #[cfg(uses = "read_whole")]
    async fn read<T, E>(
        &self,
        checked: Result<(), RefusedSegment>,
        request: reqwest::RequestBuilder,
        outcome: fn(RawResponse) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        checked?;
        let response = self.send(request).await?;
        outcome(response)
    }

    /// Sends `request`, retrying as the policy says, and reads the whole response.
    #[cfg(uses = "read_whole")]
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Failure> {
        let request = self.prepare(request, self.timeout)?;
        let (response, attempt, last_request_id) = self.execute(request, None).await?;
        read_response(response, attempt, last_request_id, self.max_body_size).await
    }

    /// The request with the client's headers, asking for JSON unless the operation asked
    /// for its documented media type; `timeout` limits each attempt, body included.
    fn prepare(
        &self,
        request: reqwest::RequestBuilder,
        timeout: Option<std::time::Duration>,
    ) -> Result<reqwest::Request, Failure> {
        let mut request = request
            .header(reqwest::header::USER_AGENT, USER_AGENT)
            .headers(self.headers.clone());
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let mut request = request.build().map_err(|source| Failure::Transport {
            source,
            attempt: 1,
            request_id: None,
        })?;
        request
            .headers_mut()
            .entry(reqwest::header::ACCEPT)
            .or_insert(reqwest::header::HeaderValue::from_static(
                "application/json",
            ));
        Ok(request)
    }

    /// Sends `request` as [`attempts`](Self::attempts) does, and records the outcome in
    /// the call's span.
    #[cfg(uses = "tracing")]
    async fn execute(
        &self,
        request: reqwest::Request,
        head_timeout: Option<std::time::Duration>,
    ) -> Result<(reqwest::Response, u32, Option<String>), Failure> {
        let started = std::time::Instant::now();
        let outcome = self.attempts(request, head_timeout).await;
        record_outcome(&outcome, started);
        outcome
    }

    /// Sends `request` as [`attempts`](Self::attempts) does.
    #[cfg(not(uses = "tracing"))]
    async fn execute(
        &self,
        request: reqwest::Request,
        head_timeout: Option<std::time::Duration>,
    ) -> Result<(reqwest::Response, u32, Option<String>), Failure> {
        self.attempts(request, head_timeout).await
    }

    /// Sends `request`, retrying as the policy says, until a response arrives that is not
    /// retried: its head, with the attempt it answered and the last request id an
    /// earlier attempt's response carried. `head_timeout` limits the wait for each
    /// head (for a streamed body, which has no timeout of its own).
    async fn attempts(
        &self,
        request: reqwest::Request,
        head_timeout: Option<std::time::Duration>,
    ) -> Result<(reqwest::Response, u32, Option<String>), Failure> {
        // Repeating these is harmless, so they may be retried after a server error; so
        // is repeating a request with an idempotency key (every attempt carries the same).
        let idempotent = matches!(
            *request.method(),
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
                | reqwest::Method::TRACE
        ) || request.headers().contains_key(&IDEMPOTENCY_KEY);
        let mut last_request_id: Option<String> = None;
        let mut attempt = 1;
        loop {
            let hook_failure = |source, request_id: &Option<String>| Failure::Hook {
                source,
                attempt,
                request_id: request_id.clone(),
            };
            let Some(mut this_attempt) = request.try_clone() else {
                // Only a streaming body cannot be copied, and this client never sends
                // one; without a copy there is just this one attempt.
                let mut request = request;
                self.request_hooks(&mut request)
                    .await
                    .map_err(|source| hook_failure(source, &last_request_id))?;
                let response = self
                    .attempt(request, head_timeout)
                    .await
                    .map_err(|error| Failure::of(error, attempt, last_request_id.clone()))?;
                self.response_hooks(&response)
                    .await
                    .map_err(|source| hook_failure(source, &last_request_id))?;
                return Ok((response, attempt, last_request_id));
            };
            self.request_hooks(&mut this_attempt)
                .await
                .map_err(|source| hook_failure(source, &last_request_id))?;
            let can_retry = attempt <= self.retry.max_retries;
            match self.attempt(this_attempt, head_timeout).await {
                Ok(response) => {
                    self.response_hooks(&response)
                        .await
                        .map_err(|source| hook_failure(source, &last_request_id))?;
                    if retryable(&response, idempotent) && can_retry {
                        let wait = retry_after(response.headers())
                            .unwrap_or_else(|| self.backoff(attempt));
                        if wait <= self.retry.max_backoff {
                            if let Some(request_id) =
                                header_text(response.headers(), "x-request-id")
                            {
                                last_request_id = Some(request_id);
                            }
                            #[cfg(uses = "tracing")]
                            tracing::info!(
                                attempt,
                                status = response.status().as_u16(),
                                delay_ms = wait.as_millis() as u64,
                                "retrying after a response"
                            );
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    return Ok((response, attempt, last_request_id));
                }
                Err(Unanswered::Transport(error))
                    if can_retry
                        && (error.is_connect()
                            || (idempotent && error.is_request() && !error.is_timeout())) =>
                {
                    let wait = self.backoff(attempt);
                    #[cfg(uses = "tracing")]
                    tracing::info!(
                        attempt,
                        delay_ms = wait.as_millis() as u64,
                        error = tracing::field::display(&error),
                        "retrying after a failed connection"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(error) => return Err(Failure::of(error, attempt, last_request_id)),
            }
        }
    }

    /// Each hook's `on_request`, in the order they were added; the first error ends it.
    async fn request_hooks(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        for hook in &self.hooks {
            hook.on_request(request).await?;
        }
        Ok(())
    }

    /// Each hook's `on_response`, in the order they were added.
    async fn response_hooks(&self, response: &reqwest::Response) -> Result<(), HookError> {
        for hook in &self.hooks {
            hook.on_response(response).await?;
        }
        Ok(())
    }

    /// One attempt: the head of its response, unless `head_timeout` passed first.
    async fn attempt(
        &self,
        request: reqwest::Request,
        head_timeout: Option<std::time::Duration>,
    ) -> Result<reqwest::Response, Unanswered> {
        let sent = self.transmit(request);
        match head_timeout {
            Some(limit) => match tokio::time::timeout(limit, sent).await {
                Ok(result) => result,
                Err(_) => Err(Unanswered::HeadTimeout),
            },
            None => sent.await,
        }
    }

    /// Sends `request` with the HTTP client.
    #[cfg(not(uses = "middleware"))]
    async fn transmit(&self, request: reqwest::Request) -> Result<reqwest::Response, Unanswered> {
        self.http
            .execute(request)
            .await
            .map_err(Unanswered::Transport)
    }

    /// Sends `request` through the middleware stack, if one was given
    /// ([`Client::with_middleware_client`]), or with the HTTP client.
    #[cfg(uses = "middleware")]
    async fn transmit(&self, request: reqwest::Request) -> Result<reqwest::Response, Unanswered> {
        let Some(stack) = &self.middleware else {
            return self
                .http
                .execute(request)
                .await
                .map_err(Unanswered::Transport);
        };
        stack.execute(request).await.map_err(|error| match error {
            reqwest_middleware::Error::Reqwest(error) => Unanswered::Transport(error),
            reqwest_middleware::Error::Middleware(error) => Unanswered::Middleware(error.into()),
        })
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
        let random = std::hash::BuildHasher::hash_one(
            &std::collections::hash_map::RandomState::new(),
            attempt,
        );
        let jitter = (capped / 2).mul_f64((random % 1024) as f64 / 1024.0);
        capped - jitter
    }
}

/// The `tracing` span an operation method opens around its call: named after the
/// operation, with its method and path template, and the fields `record_outcome` fills
/// in as the call goes (attempt, status, request id, time, error). Nothing else of the call
/// is recorded, so no credential is. A macro because a span's name is part of its static
/// metadata, one per call site: each method names its own.
#[cfg(uses = "tracing")]
macro_rules! call_span {
    ($operation:literal, $method:literal, $path:literal) => {
        tracing::info_span!(
            $operation,
            operation = $operation,
            method = $method,
            path = $path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        )
    };
}

/// Records how the call ended in its span (the one its operation method opened): the
/// attempt, the status and request id of the last response, or the failure, and the time
/// taken. No header is recorded but the request id: credentials stay out.
#[cfg(uses = "tracing")]
fn record_outcome(
    outcome: &Result<(reqwest::Response, u32, Option<String>), Failure>,
    started: std::time::Instant,
) {
    let span = tracing::Span::current();
    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
    match outcome {
        Ok((response, attempt, earlier)) => {
            span.record("attempt", attempt);
            span.record("status", response.status().as_u16());
            let request_id = header_text(response.headers(), "x-request-id");
            if let Some(id) = request_id.as_deref().or(earlier.as_deref()) {
                span.record("request_id", id);
            }
        }
        Err(failure) => {
            let (attempt, kind) = match failure {
                Failure::Timeout { attempt, .. } => (attempt, "timeout"),
                Failure::Transport { attempt, .. } => (attempt, "transport"),
                Failure::TooLarge { attempt, .. } => (attempt, "body too large"),
                Failure::Hook { attempt, .. } => (attempt, "hook"),
                #[cfg(uses = "middleware")]
                Failure::Middleware { attempt, .. } => (attempt, "middleware"),
            };
            span.record("attempt", attempt);
            span.record("error", kind);
        }
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
    #[cfg(uses = "decodes")]
    let content_type = header_text(response.headers(), "content-type");
    let too_large = |request_id: Option<String>| Failure::TooLarge {
        status,
        attempt,
        request_id,
        limit,
    };
    // A declared length over the limit is refused before a byte is read.
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large(request_id.or(earlier_request_id)));
    }
    #[cfg(uses = "metadata")]
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > limit => {
                return Err(too_large(request_id.or(earlier_request_id)));
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(source) => {
                return Err(Failure::new(
                    source,
                    attempt,
                    request_id.or(earlier_request_id),
                ))
            }
        }
    }
    Ok(RawResponse {
        status,
        request_id,
        earlier_request_id,
        #[cfg(uses = "decodes")]
        content_type,
        #[cfg(uses = "metadata")]
        headers,
        body,
        attempt,
    })
}

/// Whether a response is worth another attempt. The server's `x-should-retry: true` or
/// `false` decides when it says; else `429 Too Many Requests` and `408 Request Timeout`
/// (neither was acted on) for every request, and `409 Conflict` (a concurrent change,
/// which may be over) and `5xx` for idempotent ones, which the server may have half-done.
fn retryable(response: &reqwest::Response, idempotent: bool) -> bool {
    let told = header_text(response.headers(), "x-should-retry");
    match told.as_deref().map(str::trim) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    let status = response.status();
    status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
        || (idempotent && (status == reqwest::StatusCode::CONFLICT || status.is_server_error()))
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
    let at = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// Why one attempt got no response.
enum Unanswered {
    /// The head did not arrive in time (a streamed response's own limit).
    HeadTimeout,
    Transport(reqwest::Error),
    /// A middleware ended the attempt.
    #[cfg(uses = "middleware")]
    Middleware(HookError),
}

/// Why no response arrived, before it becomes an operation's `Error`.
enum Failure {
    Timeout {
        attempt: u32,
        request_id: Option<String>,
    },
    Transport {
        source: reqwest::Error,
        attempt: u32,
        request_id: Option<String>,
    },
    TooLarge {
        status: reqwest::StatusCode,
        attempt: u32,
        request_id: Option<String>,
        limit: usize,
    },
    Hook {
        source: HookError,
        attempt: u32,
        request_id: Option<String>,
    },
    #[cfg(uses = "middleware")]
    Middleware {
        source: HookError,
        attempt: u32,
        request_id: Option<String>,
    },
}

impl Failure {
    /// What an attempt's error is.
    fn of(error: Unanswered, attempt: u32, request_id: Option<String>) -> Self {
        match error {
            Unanswered::Transport(source) => Self::new(source, attempt, request_id),
            Unanswered::HeadTimeout => Self::Timeout {
                attempt,
                request_id,
            },
            #[cfg(uses = "middleware")]
            Unanswered::Middleware(source) => Self::Middleware {
                source,
                attempt,
                request_id,
            },
        }
    }

    fn new(source: reqwest::Error, attempt: u32, request_id: Option<String>) -> Self {
        if source.is_timeout() {
            Self::Timeout {
                attempt,
                request_id,
            }
        } else {
            Self::Transport {
                source,
                attempt,
                request_id,
            }
        }
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Timeout {
                attempt,
                request_id,
            } => Self::Timeout {
                attempt,
                request_id,
            },
            Failure::Transport {
                source,
                attempt,
                request_id,
            } => Self::Transport {
                source,
                attempt,
                request_id,
            },
            Failure::TooLarge {
                status,
                attempt,
                request_id,
                limit,
            } => Self::BodyTooLarge {
                status,
                attempt,
                request_id,
                limit,
            },
            Failure::Hook {
                source,
                attempt,
                request_id,
            } => Self::Hook {
                source,
                attempt,
                request_id,
            },
            #[cfg(uses = "middleware")]
            Failure::Middleware {
                source,
                attempt,
                request_id,
            } => Self::Middleware {
                source,
                attempt,
                request_id,
            },
        }
    }
}
