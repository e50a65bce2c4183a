// Embedded in every client whose document describes webhooks (see
// generator/src/emit/embedded.rs): decoding a received webhook's body. The `Event` enum
// and its `decode` are emitted from the document, in generator/src/emit/webhooks.rs.

/// Why a received body is not an [`Event`].
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// The event name is not one the API describes (a newer event, say): a server may
    /// acknowledge it and move on.
    UnknownEvent {
        /// The event name the request carried.
        event: String,
    },
    /// The event is known, but not its payload's `action`.
    #[cfg(uses = "actions")]
    UnknownAction {
        /// The event name the request carried.
        event: String,
        /// The payload's `action`, if it has one.
        action: Option<String>,
    },
    /// A form-encoded body (`application/x-www-form-urlencoded`) without the `payload`
    /// field that carries the JSON.
    NoPayloadField {
        /// The event name the request carried.
        event: String,
    },
    /// The body is not the event's payload, as the API describes it.
    Payload {
        /// The event name the request carried.
        event: String,
        /// Where in the body the value that did not match is (`pull_request.head.sha`);
        /// `.` for the whole body.
        path: String,
        /// What did not match.
        source: serde_json::Error,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownEvent { event } => write!(f, "unknown webhook event {event:?}"),
            #[cfg(uses = "actions")]
            Self::UnknownAction { event, action } => {
                write!(f, "unknown action {action:?} of webhook event {event:?}")
            }
            Self::NoPayloadField { event } => write!(
                f,
                "the form-encoded {event:?} webhook has no `payload` field"
            ),
            Self::Payload {
                event,
                path,
                source,
            } => write!(
                f,
                "the {event:?} webhook's body does not match the API at `{path}`: {source}"
            ),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Payload { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Event {
    /// Decodes the body of a webhook delivered form-encoded
    /// (`application/x-www-form-urlencoded`, which GitHub offers beside JSON): the JSON in
    /// its `payload` field, as [`Event::decode`] does.
    pub fn decode_form(event: &str, body: &[u8]) -> Result<Self, DecodeError> {
        let payload = body.split(|byte| *byte == b'&').find_map(|pair| {
            let value = pair.strip_prefix(b"payload=")?;
            Some(percent_decoded(value))
        });
        match payload {
            Some(json) => Self::decode(event, &json),
            None => Err(DecodeError::NoPayloadField {
                event: event.to_owned(),
            }),
        }
    }
}

/// A form value's bytes: `+` is a space, `%XX` the byte XX (a malformed escape is kept as
/// it is).
fn percent_decoded(value: &[u8]) -> Vec<u8> {
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut decoded = Vec::with_capacity(value.len());
    let mut index = 0;
    while index < value.len() {
        match value[index] {
            b'+' => decoded.push(b' '),
            b'%' => match (
                value.get(index + 1).and_then(|b| hex(*b)),
                value.get(index + 2).and_then(|b| hex(*b)),
            ) {
                (Some(high), Some(low)) => {
                    decoded.push((high * 16 + low) as u8);
                    index += 2;
                }
                _ => decoded.push(b'%'),
            },
            byte => decoded.push(byte),
        }
        index += 1;
    }
    decoded
}

/// Decodes the payload of `event` as `T`.
fn payload<T: serde::de::DeserializeOwned>(
    event: &str,
    body: &[u8],
) -> Result<Box<T>, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(payload) => Ok(Box::new(payload)),
        Err(error) => Err(DecodeError::Payload {
            event: event.to_owned(),
            path: error.path().to_string(),
            source: error.into_inner(),
        }),
    }
}

/// The payload's `action`, which tells apart webhooks sent under one event name.
#[cfg(uses = "actions")]
fn action(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Action {
        action: Option<String>,
    }
    serde_json::from_slice::<Action>(body).ok()?.action
}
