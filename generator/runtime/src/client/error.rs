// Embedded in every client (see generator/src/emit/embedded.rs): the error type of the
// calls.

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
    /// A middleware of the stack the client sends through
    /// ([`Client::with_middleware_client`]) ended the call.
    #[cfg(uses = "middleware")]
    Middleware {
        /// What the middleware said.
        source: HookError,
        /// The attempt it ended.
        attempt: u32,
        /// The last request id an earlier attempt's response carried.
        request_id: Option<String>,
    },
    /// A [`Hook`] the client runs ended the call.
    Hook {
        /// What the hook said.
        source: HookError,
        /// The attempt it ended.
        attempt: u32,
        /// The last request id an earlier attempt's response carried.
        request_id: Option<String>,
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
            Self::Timeout { .. }
            | Self::Transport { .. }
            | Self::Hook { .. }
            | Self::InvalidPathParameter { .. } => None,
            #[cfg(uses = "middleware")]
            Self::Middleware { .. } => None,
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
            | Self::Hook { request_id, .. }
            | Self::BodyTooLarge { request_id, .. } => request_id.as_deref(),
            #[cfg(uses = "middleware")]
            Self::Middleware { request_id, .. } => request_id.as_deref(),
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
            | Self::Hook { attempt, .. }
            | Self::BodyTooLarge { attempt, .. } => Some(*attempt),
            #[cfg(uses = "middleware")]
            Self::Middleware { attempt, .. } => Some(*attempt),
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
            Self::UnexpectedContentType {
                status,
                content_type,
                body,
                ..
            } => write!(
                f,
                "the server answered {status} with {content_type}, not JSON: {}",
                snippet(body)
            )?,
            Self::Decode {
                status,
                body,
                path,
                source,
                ..
            } => write!(
                f,
                "the {status} response body does not match the API at `{path}`: {source}: {}",
                snippet(body)
            )?,
            Self::Timeout { .. } => write!(f, "the request timed out")?,
            Self::Transport { source, .. } => write!(f, "the request failed: {source}")?,
            Self::Hook { source, .. } => write!(f, "a hook ended the call: {source}")?,
            #[cfg(uses = "middleware")]
            Self::Middleware { source, .. } => write!(f, "a middleware ended the call: {source}")?,
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
            Self::Hook { source, .. } => Some(source.as_ref()),
            #[cfg(uses = "middleware")]
            Self::Middleware { source, .. } => Some(source.as_ref()),
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
