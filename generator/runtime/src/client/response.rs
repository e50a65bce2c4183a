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
    body: Vec<u8>,
    attempt: u32,
}

impl RawResponse {
    #[cfg(uses = "json")]
    fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        if !self.is_json() {
            return Err(self.wrong_content_type());
        }
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(source) => Err(self.decode_error::<T, E>(source)),
        }
    }

    /// A text body (invalid UTF-8 replaced).
    #[cfg(uses = "text")]
    fn text(self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
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
