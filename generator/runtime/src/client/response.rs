// Embedded in every client with operations (see generator/src/emit/embedded.rs): a
// response read in full, and its decoding into a result or an `Error`.

/// A response whose body has been read, before it is decoded.
struct RawResponse {
    status: reqwest::StatusCode,
    /// The id from this response's `x-request-id` header.
    request_id: Option<String>,
    /// The last id an earlier attempt's response carried.
    earlier_request_id: Option<String>,
    #[cfg(uses = "decodes")]
    content_type: Option<String>,
    /// Every header, for the [`Response`] of a success.
    #[cfg(uses = "metadata")]
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    attempt: u32,
}

// An operation's arms read a success with `success`, `success_into` or `complete`, the
// same code with the `metadata` feature or without: with it they return the [`Response`]
// of the `_with_response` method, without it the body alone, so that a client without
// the feature compiles no `Response` per operation.
impl RawResponse {
    /// The success body `decode` reads, with the response's status, headers and request
    /// id; they move into the [`Response`], nothing is copied.
    #[cfg(uses = "json_whole")]
    #[cfg(uses = "metadata")]
    fn success<T, H, E>(
        mut self,
        decode: fn(&mut Self) -> Result<T, Error<E>>,
    ) -> Result<Response<T, H>, Error<E>> {
        let body = decode(&mut self)?;
        Ok(self.into_response(body))
    }

    /// The success body `decode` reads.
    #[cfg(uses = "json_whole")]
    #[cfg(not(uses = "metadata"))]
    fn success<T, E>(
        mut self,
        decode: fn(&mut Self) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        decode(&mut self)
    }

    /// The success body `decode` reads, made the operation's body by `into` (a variant
    /// of its success enum, or `Some`), with the response's status, headers and request id.
    #[cfg(uses = "json_into")]
    #[cfg(uses = "metadata")]
    fn success_into<B, T, H, E>(
        mut self,
        decode: fn(&mut Self) -> Result<B, Error<E>>,
        into: fn(B) -> T,
    ) -> Result<Response<T, H>, Error<E>> {
        let body = into(decode(&mut self)?);
        Ok(self.into_response(body))
    }

    /// The success body `decode` reads, made the operation's body by `into`.
    #[cfg(uses = "json_into")]
    #[cfg(not(uses = "metadata"))]
    fn success_into<B, T, E>(
        mut self,
        decode: fn(&mut Self) -> Result<B, Error<E>>,
        into: fn(B) -> T,
    ) -> Result<T, Error<E>> {
        decode(&mut self).map(into)
    }

    /// The success whose body `read` cannot fail to read (text, bytes, none): `Ok`, a
    /// `Result` as `success`'s is, so that every arm reads alike.
    #[cfg(any(uses = "text", uses = "bytes", uses = "no_body"))]
    #[cfg(uses = "metadata")]
    fn complete<T, H, E>(mut self, read: fn(&mut Self) -> T) -> Result<Response<T, H>, Error<E>> {
        let body = read(&mut self);
        Ok(self.into_response(body))
    }

    /// The success whose body `read` cannot fail to read (text, bytes, none): `Ok`, a
    /// `Result` as `success`'s is, so that every arm reads alike.
    #[cfg(any(uses = "text", uses = "bytes", uses = "no_body"))]
    #[cfg(not(uses = "metadata"))]
    fn complete<T, E>(mut self, read: fn(&mut Self) -> T) -> Result<T, Error<E>> {
        Ok(read(&mut self))
    }

    #[cfg(uses = "metadata")]
    fn into_response<T, H>(self, body: T) -> Response<T, H> {
        Response {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id.or(self.earlier_request_id),
            body,
            declared: std::marker::PhantomData,
        }
    }

    /// The body as JSON of type `T`.
    #[cfg(uses = "json")]
    fn json<T: serde::de::DeserializeOwned, E>(&mut self) -> Result<T, Error<E>> {
        if !self.is_json() {
            return Err(self.taken().wrong_content_type());
        }
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(source) => Err(self.taken().decode_error::<T, E>(source)),
        }
    }

    /// A text body (invalid UTF-8 replaced).
    #[cfg(uses = "text")]
    fn text(&mut self) -> String {
        match String::from_utf8(std::mem::take(&mut self.body)) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    }

    /// The body's bytes.
    #[cfg(uses = "bytes")]
    fn bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.body)
    }

    /// This response, moved out of `self` (which is left empty): for an error made of a
    /// response that was being decoded in place.
    #[cfg(uses = "json")]
    fn taken(&mut self) -> Self {
        Self {
            status: self.status,
            request_id: self.request_id.take(),
            earlier_request_id: self.earlier_request_id.take(),
            content_type: self.content_type.take(),
            #[cfg(uses = "metadata")]
            headers: std::mem::take(&mut self.headers),
            body: std::mem::take(&mut self.body),
            attempt: self.attempt,
        }
    }

    #[cfg(uses = "error")]
    fn error<B: serde::de::DeserializeOwned, E>(self, variant: fn(B) -> E) -> Error<E> {
        if !self.is_json() {
            return self.wrong_content_type();
        }
        match serde_json::from_slice(&self.body) {
            Ok(body) => self.api_error(variant(body)),
            Err(source) => self.decode_error::<B, E>(source),
        }
    }

    /// An error whose documented body is text (invalid UTF-8 replaced).
    #[cfg(uses = "error_text")]
    fn error_text<E>(self, variant: fn(String) -> E) -> Error<E> {
        let body = variant(String::from_utf8_lossy(&self.body).into_owned());
        self.api_error(body)
    }

    /// An error whose documented body is neither JSON nor text: its bytes. (Not through
    /// `api_error`: the bytes move into the error, so the request id is read first.)
    #[cfg(uses = "error_bytes")]
    fn error_bytes<E>(self, variant: fn(Vec<u8>) -> E) -> Error<E> {
        let request_id = self.request_id();
        Error::Api {
            status: self.status,
            request_id,
            attempt: self.attempt,
            body: variant(self.body),
        }
    }

    /// The documented error `body`, with the response's status, request id and attempt.
    #[cfg(any(uses = "error", uses = "error_text", uses = "error_without_body"))]
    fn api_error<E>(self, body: E) -> Error<E> {
        let request_id = self.request_id();
        Error::Api {
            status: self.status,
            request_id,
            attempt: self.attempt,
            body,
        }
    }

    #[cfg(uses = "unexpected")]
    fn unexpected<E>(self) -> Error<E> {
        let request_id = self.request_id();
        Error::UnexpectedStatus {
            status: self.status,
            request_id,
            attempt: self.attempt,
            body: String::from_utf8_lossy(&self.body).into_owned(),
        }
    }

    /// JSON, or no `Content-Type` at all (given the benefit of the doubt).
    #[cfg(uses = "decodes")]
    fn is_json(&self) -> bool {
        let Some(content_type) = &self.content_type else {
            return true;
        };
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    }

    #[cfg(uses = "decodes")]
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
    #[cfg(uses = "decodes")]
    fn decode_error<T: serde::de::DeserializeOwned, E>(
        self,
        source: serde_json::Error,
    ) -> Error<E> {
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

    /// The `x-request-id` header, or else a `request_id` string at the top of a JSON
    /// body or inside its `error` object (where many APIs put it), or else the last
    /// id an earlier attempt's response carried.
    fn request_id(&self) -> Option<String> {
        let from_body = || {
            let body: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
            let found = body
                .get("request_id")
                .or_else(|| body.get("error")?.get("request_id"))?;
            found.as_str().map(str::to_owned)
        };
        self.request_id
            .clone()
            .or_else(from_body)
            .or_else(|| self.earlier_request_id.clone())
    }
}

/// A success, with what came with it: the status, every header, the request id, and the
/// decoded body, which it also derefs to. The `<operation>_with_response` methods return
/// it; `H` is the operation's struct of the headers its document declares, if it declares
/// any (see `Response::declared_headers`).
#[cfg(uses = "metadata")]
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    /// The status, one of those the operation documents as a success.
    pub status: reqwest::StatusCode,
    /// Every header of the response, as it came.
    pub headers: reqwest::header::HeaderMap,
    /// The `x-request-id` header, or the last one an earlier attempt's response carried.
    pub request_id: Option<String>,
    /// The decoded body.
    pub body: T,
    declared: std::marker::PhantomData<fn() -> H>,
}

#[cfg(uses = "metadata")]
impl<T, H> Response<T, H> {
    /// The body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body turned into another by `f`.
    pub fn map_body<U>(self, f: impl FnOnce(T) -> U) -> Response<U, H> {
        Response {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body: f(self.body),
            declared: std::marker::PhantomData,
        }
    }
}

/// A call's result without its response's status and headers: what the plain operation
/// methods return, from their `_with_response` twins' results.
#[cfg(uses = "metadata")]
fn without_metadata<T, H, E>(result: Result<Response<T, H>, Error<E>>) -> Result<T, Error<E>> {
    result.map(Response::into_body)
}

#[cfg(uses = "metadata")]
impl<T, H> std::ops::Deref for Response<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// The headers the document declares for a response, typed: the `H` of [`Response`].
#[cfg(uses = "declared_headers")]
pub trait DeclaredHeaders: Sized {
    /// Reads them from `headers`; a value that is not of its declared type is an error.
    fn from_headers(headers: &reqwest::header::HeaderMap) -> Result<Self, HeaderError>;
}

#[cfg(uses = "declared_headers")]
impl<T, H: DeclaredHeaders> Response<T, H> {
    /// The headers the document declares for this response, each parsed as its schema
    /// says; an absent one is `None`, one that does not parse a [`HeaderError`].
    pub fn declared_headers(&self) -> Result<H, HeaderError> {
        H::from_headers(&self.headers)
    }
}

/// A declared response header whose value is not of its declared type.
#[cfg(uses = "declared_headers")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    /// The header's name, as the document spells it.
    pub name: &'static str,
    /// Its value as received (invalid UTF-8 replaced).
    pub value: String,
    /// What the document says it is: `an integer`, say.
    pub expected: &'static str,
}

#[cfg(uses = "declared_headers")]
impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the response header `{}` is {:?}, expected {}",
            self.name, self.value, self.expected
        )
    }
}

#[cfg(uses = "declared_headers")]
impl std::error::Error for HeaderError {}

/// The header `name` parsed as a `V`, `None` when absent.
#[cfg(uses = "declared_headers")]
fn declared_header<V: std::str::FromStr>(
    headers: &reqwest::header::HeaderMap,
    name: &'static str,
    expected: &'static str,
) -> Result<Option<V>, HeaderError> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let text = value.to_str().ok();
    match text.map(|text| text.trim().parse::<V>()) {
        Some(Ok(parsed)) => Ok(Some(parsed)),
        _ => Err(HeaderError {
            name,
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            expected,
        }),
    }
}
