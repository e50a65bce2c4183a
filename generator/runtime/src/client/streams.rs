// Embedded in every client with an operation whose success body is a stream (see
// generator/src/emit/embedded.rs): server-sent events and JSON lines, read as they
// arrive.

/// A stream of server-sent events, each `data` decoded as `T`; `E` is the operation's
/// documented errors. An event whose `data` does not decode is an [`Error::Decode`] item
/// and the stream goes on; a failure to read (a timeout, a broken connection, an event
/// over the size limit) is the last item.
pub type EventStream<T, E> = std::pin::Pin<
    Box<dyn futures_util::Stream<Item = Result<Event<T>, Error<E>>> + Send + 'static>,
>;

/// A stream of JSON values, one per line (`application/x-ndjson`, `application/jsonl`)
/// or record (`application/json-seq`), each decoded as `T`. A line that does not decode
/// is an [`Error::Decode`] item and the stream goes on; a failure to read is the last
/// item.
pub type LineStream<T, E> =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<T, Error<E>>> + Send + 'static>>;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's type (its `event:` field); `None` is the default, `message`.
    pub event: Option<String>,
    /// The last event id the stream set (`id:`), which a reconnection sends back as
    /// `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection delay this event asked for (`retry:`), if it set one.
    pub retry: Option<std::time::Duration>,
    /// The event's `data` (its `data:` lines joined by line breaks), decoded.
    pub data: T,
}

/// How a stream's items decode: a text item is the data itself; any other as JSON. A
/// failure is where in the item and what.
type Decoder<T> = fn(&str) -> Result<T, (String, serde_json::Error)>;

/// Decodes a streamed item as JSON.
#[cfg(uses = "stream_json")]
fn decode_item<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, (String, serde_json::Error)> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))
}

/// A streamed item that is text, as it came.
#[cfg(uses = "stream_text")]
fn text_item(text: &str) -> Result<String, (String, serde_json::Error)> {
    Ok(text.to_owned())
}

/// A response opened for streaming: the success body yet to be read, or any other
/// response read in full (its status is matched as for other calls).
enum Opened {
    Streaming(Box<Streaming>),
    Read(RawResponse),
}

impl Client {
    /// Sends `request` as [`Client::send`] does, retrying as the policy says, but reads
    /// only the head of a success response: its body is streamed. The timeout applies
    /// to the head, and then to each silence between two reads, not to the stream's
    /// length.
    async fn open(&self, request: reqwest::RequestBuilder) -> Result<Opened, Failure> {
        let request = self.prepare(request, None)?;
        // Server-sent events reconnect with a copy of the request.
        #[cfg(uses = "events")]
        let copy = request.try_clone();
        let (response, attempt, last_request_id) = self.execute(request, self.timeout).await?;
        if !response.status().is_success() {
            let read = read_response(response, attempt, last_request_id, self.max_body_size);
            return read.await.map(Opened::Read);
        }
        let request_id = header_text(response.headers(), "x-request-id").or(last_request_id);
        Ok(Opened::Streaming(Box::new(Streaming {
            response,
            #[cfg(uses = "events")]
            request: copy,
            client: self.clone(),
            attempt,
            request_id,
            buffer: Vec::new(),
            read: 0,
            ended: false,
            started: false,
        })))
    }
}

/// A success response whose body is being read, with what a reconnection needs.
struct Streaming {
    response: reqwest::Response,
    /// A copy of the request, to reconnect with (`None` if it could not be copied).
    #[cfg(uses = "events")]
    request: Option<reqwest::Request>,
    client: Client,
    attempt: u32,
    request_id: Option<String>,
    /// Bytes received and not yet taken as lines.
    buffer: Vec<u8>,
    /// How much of `buffer` has been searched for a line break.
    read: usize,
    ended: bool,
    /// Whether the start of the body (and a byte order mark there) has been seen.
    started: bool,
}

impl Streaming {
    /// The next line, without its line break (LF, CR or CRLF; with `records`, also the
    /// JSON text sequences' record separator), or `None` at the end of the body. `held`
    /// is what the caller keeps of the current item: it counts against the size limit.
    async fn next_line(&mut self, records: bool, held: usize) -> Option<Result<String, Failure>> {
        loop {
            let found = self.buffer[self.read..]
                .iter()
                .position(|byte| matches!(byte, b'\n' | b'\r') || (records && *byte == 0x1e));
            if let Some(offset) = found {
                let end = self.read + offset;
                // A CR last in the buffer may be the first half of a CRLF.
                if self.buffer[end] == b'\r' && end + 1 == self.buffer.len() && !self.ended {
                    self.read = end;
                } else {
                    let skip =
                        if self.buffer[end] == b'\r' && self.buffer.get(end + 1) == Some(&b'\n') {
                            2
                        } else {
                            1
                        };
                    let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                    self.buffer.drain(..end + skip);
                    self.read = 0;
                    return Some(Ok(line));
                }
            } else {
                self.read = self.buffer.len();
            }
            if self.ended {
                if self.buffer.is_empty() {
                    return None;
                }
                // The last line, without a line break.
                let line = String::from_utf8_lossy(&self.buffer).into_owned();
                self.buffer.clear();
                self.read = 0;
                return Some(Ok(line));
            }
            if let Err(failure) = self.fill(held).await {
                return Some(Err(failure));
            }
        }
    }

    /// Reads the next chunk of the body into the buffer, within the timeout and the
    /// size limit.
    async fn fill(&mut self, held: usize) -> Result<(), Failure> {
        let read = self.response.chunk();
        let chunk = match self.client.timeout {
            Some(timeout) => match tokio::time::timeout(timeout, read).await {
                Ok(chunk) => chunk,
                Err(_) => return Err(self.timeout()),
            },
            None => read.await,
        };
        match chunk {
            Ok(Some(chunk)) => {
                if held + self.buffer.len() + chunk.len() > self.client.max_body_size {
                    return Err(Failure::TooLarge {
                        status: self.response.status(),
                        attempt: self.attempt,
                        request_id: self.request_id.clone(),
                        limit: self.client.max_body_size,
                    });
                }
                let mut chunk = &chunk[..];
                if !self.started {
                    self.started = !chunk.is_empty();
                    chunk = chunk.strip_prefix("\u{feff}".as_bytes()).unwrap_or(chunk);
                }
                self.buffer.extend_from_slice(chunk);
                Ok(())
            }
            Ok(None) => {
                self.ended = true;
                Ok(())
            }
            Err(source) => Err(Failure::new(source, self.attempt, self.request_id.clone())),
        }
    }

    fn timeout(&self) -> Failure {
        Failure::Timeout {
            attempt: self.attempt,
            request_id: self.request_id.clone(),
        }
    }

    /// An item that did not decode, as an error item.
    fn decode_error<E>(&self, text: &str, (path, source): (String, serde_json::Error)) -> Error<E> {
        Error::Decode {
            status: self.response.status(),
            request_id: self.request_id.clone(),
            attempt: self.attempt,
            body: text.to_owned(),
            path,
            source,
        }
    }
}

#[cfg(uses = "events")]
impl Streaming {
    /// The events, each `data` decoded by `decode`.
    fn events<T: Send + 'static, E: Send + 'static>(self, decode: Decoder<T>) -> EventStream<T, E> {
        let reader = EventReader {
            stream: self,
            decode,
            last_id: None,
            reconnects: 0,
            retry: None,
        };
        Box::pin(futures_util::stream::unfold(
            Some(reader),
            |reader| async move {
                let mut reader = reader?;
                let (item, goes_on) = reader.next().await?;
                Some((item, goes_on.then_some(reader)))
            },
        ))
    }
}

/// Reads server-sent events as the HTML standard says: fields until an empty line, which
/// ends the event; `data` lines joined by line breaks; comments (`:` first) skipped; an
/// event without data (a keep-alive) not given.
#[cfg(uses = "events")]
struct EventReader<T> {
    stream: Streaming,
    decode: Decoder<T>,
    last_id: Option<String>,
    reconnects: u32,
    /// The reconnection delay the server asked for last.
    retry: Option<std::time::Duration>,
}

#[cfg(uses = "events")]
impl<T> EventReader<T> {
    /// The next item, and whether the stream goes on after it; `None` at the end.
    async fn next<E>(&mut self) -> Option<(Result<Event<T>, Error<E>>, bool)> {
        let mut data: Option<String> = None;
        let mut event: Option<String> = None;
        let mut retry: Option<std::time::Duration> = None;
        loop {
            let held = data.as_ref().map_or(0, String::len);
            let line = match self.stream.next_line(false, held).await {
                None => return None,
                Some(Ok(line)) => line,
                Some(Err(failure)) => match self.reconnect(&failure).await {
                    Ok(true) => {
                        // What the broken connection had of an event is dropped.
                        data = None;
                        event = None;
                        retry = None;
                        continue;
                    }
                    Ok(false) => return Some((Err(failure.into()), false)),
                    Err(error) => return Some((Err(error), false)),
                },
            };
            if line.is_empty() {
                let Some(text) = data.take() else {
                    event = None;
                    continue;
                };
                let item = match (self.decode)(&text) {
                    Ok(decoded) => Ok(Event {
                        event: event.take(),
                        id: self.last_id.clone(),
                        retry: retry.take(),
                        data: decoded,
                    }),
                    Err(failure) => Err(self.stream.decode_error(&text, failure)),
                };
                return Some((item, true));
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line.as_str(), ""),
            };
            match field {
                "data" => match &mut data {
                    Some(text) => {
                        text.push('\n');
                        text.push_str(value);
                    }
                    None => data = Some(value.to_owned()),
                },
                "event" => event = Some(value.to_owned()),
                "id" if !value.contains('\0') => {
                    self.last_id = (!value.is_empty()).then(|| value.to_owned());
                }
                "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                    let delay = std::time::Duration::from_millis(value.parse().unwrap_or(u64::MAX));
                    self.retry = Some(delay);
                    retry = Some(delay);
                }
                _ => {}
            }
        }
    }

    /// After the connection broke (not after a timeout or an event over the limit), a
    /// new request that resumes from the last event id, while the retry policy allows:
    /// `Ok(true)` when the stream goes on, `Ok(false)` when `failure` ends it.
    async fn reconnect<E>(&mut self, failure: &Failure) -> Result<bool, Error<E>> {
        let client = &self.stream.client;
        let copy = self
            .stream
            .request
            .as_ref()
            .and_then(reqwest::Request::try_clone);
        let (true, Some(mut request)) = (
            matches!(failure, Failure::Transport { .. })
                && self.reconnects < client.retry.max_retries,
            copy,
        ) else {
            return Ok(false);
        };
        self.reconnects += 1;
        let wait = self
            .retry
            .unwrap_or_else(|| client.backoff(self.reconnects));
        tokio::time::sleep(wait.min(client.retry.max_backoff)).await;
        if let Some(id) = &self.last_id {
            if let Ok(value) = reqwest::header::HeaderValue::from_str(id) {
                request.headers_mut().insert("last-event-id", value);
            }
        }
        let (response, attempt, request_id) = client.execute(request, client.timeout).await?;
        if !response.status().is_success() {
            let read = read_response(response, attempt, request_id, client.max_body_size).await?;
            let request_id = read.request_id();
            return Err(Error::UnexpectedStatus {
                status: read.status,
                request_id,
                attempt: self.stream.attempt + attempt,
                body: String::from_utf8_lossy(&read.body).into_owned(),
            });
        }
        let stream = &mut self.stream;
        stream.request_id = header_text(response.headers(), "x-request-id").or(request_id);
        stream.attempt += attempt;
        stream.response = response;
        stream.buffer.clear();
        stream.read = 0;
        stream.ended = false;
        stream.started = false;
        Ok(true)
    }
}

#[cfg(uses = "lines")]
impl Streaming {
    /// The JSON values, one per line (or record, with `records`); blank lines skipped.
    fn lines<T: Send + 'static, E: Send + 'static>(
        self,
        records: bool,
        decode: Decoder<T>,
    ) -> LineStream<T, E> {
        Box::pin(futures_util::stream::unfold(
            Some(self),
            move |stream| async move {
                let mut stream = stream?;
                loop {
                    match stream.next_line(records, 0).await? {
                        Ok(line) if line.trim().is_empty() => continue,
                        Ok(line) => {
                            let item = decode(line.trim())
                                .map_err(|failure| stream.decode_error(&line, failure));
                            return Some((item, Some(stream)));
                        }
                        Err(failure) => return Some((Err(failure.into()), None)),
                    }
                }
            },
        ))
    }
}
