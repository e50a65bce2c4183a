//! The runtime every generated client embeds, as ordinary Rust: compiled, linted,
//! documented and unit-tested here, in the workspace, rather than only through clients.
//!
//! The generator (`generator/src/emit/embedded.rs`) embeds the files that this crate
//! `include!`s: `client/*.rs`, `models/*.rs`, `validation.rs` and `webhooks.rs`. It keeps
//! of each only the items a document needs: an item marked `#[cfg(uses = "name")]` is kept when the
//! document uses `name` (the marker itself is dropped), and this crate's build script
//! turns every marker on. Generated clients stay single files that depend on no crate of
//! ours.
//!
//! What this file writes itself is not embedded: it stands in for what the generator
//! emits from a document (the `Client` struct and its constructor, with its
//! credentials), in the simplest form that lets the runtime compile and be tested. Files
//! named `tests.rs` are the runtime's tests, and are not embedded either.

#![forbid(unsafe_code)]

/// The HTTP client's runtime: settings, sending with retries, errors, parameters and
/// responses.
pub mod client {
    // The private helpers and the `call_span!` macro are used by the operation methods
    // the generator emits, which this crate has none of; the tests use them instead.
    #![allow(dead_code, unused_macros)]

    include!("client/settings.rs");
    include!("client/sending.rs");
    include!("client/error.rs");
    include!("client/parameters.rs");
    include!("client/response.rs");
    include!("client/streams.rs");

    /// Stands in for the emitted client of an API with a bearer token.
    #[derive(Clone)]
    pub struct Client {
        base_url: reqwest::Url,
        bearer_token: String,
        http: reqwest::Client,
        timeout: Option<std::time::Duration>,
        max_body_size: usize,
        retry: RetryPolicy,
        headers: reqwest::header::HeaderMap,
        hooks: Vec<std::sync::Arc<dyn Hook>>,
        middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    }

    impl Client {
        /// A client for the server at `base_url`, as the emitted constructor checks it.
        pub fn with_base_url(
            base_url: &str,
            bearer_token: impl Into<String>,
        ) -> Result<Self, InvalidBaseUrl> {
            let invalid = |reason: &str| InvalidBaseUrl {
                url: base_url.to_owned(),
                reason: reason.to_owned(),
            };
            let parsed =
                reqwest::Url::parse(base_url).map_err(|error| invalid(&error.to_string()))?;
            if parsed.scheme() == "http" && !is_loopback(&parsed) {
                return Err(invalid("plain http to another machine"));
            }
            Ok(Self {
                base_url: parsed,
                bearer_token: bearer_token.into(),
                http: reqwest::Client::new(),
                timeout: Some(DEFAULT_TIMEOUT),
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                retry: RetryPolicy::default(),
                headers: reqwest::header::HeaderMap::new(),
                hooks: Vec::new(),
                middleware: None,
            })
        }
    }

    #[cfg(test)]
    mod collector;
    #[cfg(test)]
    mod middlewares;
    #[cfg(test)]
    mod tests;
}

/// Rules of the API description, and the error for values that break one.
pub mod validation {
    #![allow(dead_code)]

    include!("validation.rs");

    /// Stands in for a pattern the generator compiles into a client.
    pub(crate) static NOTE_PATTERN: LazyLock<regress::Regex> =
        LazyLock::new(|| compile(r"^(?=.*[a-z]).{1,40}$"));

    #[cfg(test)]
    mod tests;
}

/// Webhooks: decoding a received body.
pub mod webhooks {
    #![allow(dead_code)]

    include!("webhooks.rs");

    /// Stands in for the emitted enum of a document's webhooks.
    #[derive(Debug)]
    pub enum Event {
        /// A webhook whose payload is any JSON.
        Any(Box<serde_json::Value>),
    }

    impl Event {
        /// Stands in for the emitted `decode`.
        pub fn decode(event: &str, body: &[u8]) -> Result<Self, DecodeError> {
            payload(event, body).map(Self::Any)
        }
    }

    #[cfg(test)]
    mod tests;
}

/// The mock server users' tests answer the client from.
pub mod mock {
    #![allow(dead_code)]

    include!("mock.rs");

    /// Stands in for an operation's success body.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Thing {
        /// A required property.
        pub name: String,
    }

    /// Stands in for an operation's error enum.
    #[derive(Debug)]
    pub enum GetThingError {
        /// 404: a JSON body.
        NotFound(Thing),
        /// 503: no body.
        ServiceUnavailable,
    }

    impl MockServer {
        /// Stands in for the method emitted for `GET /things/{id}`, whose document
        /// gives `example` as its success body's example.
        pub fn get_thing(&self, example: &'static str) -> Answer<'_, Thing, GetThingError> {
            self.answer(
                "getThing",
                "GET",
                r"^/things/[^/]+$",
                Example::Json(200, example),
                |error| match error {
                    GetThingError::NotFound(body) => Reply::Json(404, serde_json::to_value(body)),
                    GetThingError::ServiceUnavailable => Reply::Empty(503),
                },
            )
        }
    }

    #[cfg(test)]
    mod tests;
}

/// The models' shared decoding and encoding: the `object!` and `serialize!` macros and the
/// modules their impls and the unions' impls call; and `by_wire_value!`, the string enums'
/// comparisons.
pub mod models {
    #![allow(dead_code, unused_macros)]

    include!("models/object.rs");
    include!("models/serialize.rs");
    include!("models/by_wire_value.rs");

    /// Reading objects for the structs' `Deserialize` impls.
    pub(crate) mod decode {
        include!("models/decode.rs");
    }

    /// Writing structs for the `serialize!` impls.
    pub(crate) mod encode {
        include!("models/encode.rs");
    }

    /// Choosing the variant of a union without a discriminator.
    pub(crate) mod choose {
        include!("models/choose.rs");
    }

    #[cfg(test)]
    mod tests;
}
