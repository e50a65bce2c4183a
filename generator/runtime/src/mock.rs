// Embedded in the `mock` module of every client with operations (see
// generator/src/emit/mock.rs, which adds a typed method per operation to `MockServer`):
// a mock of the API's server, on wiremock, for users' tests.

/// A mock of the API's server on loopback, for tests: tell it what each operation answers
/// with the operation's own method (`server.list_conversations().respond(200, &page)`),
/// and point the client at [`MockServer::base_url`].
///
/// A request no answer matches gets a `404` and fails the test when the server is dropped,
/// with each such request shown; an answer limited with [`Answer::times`] that was not
/// asked for that often fails it too.
pub struct MockServer {
    server: wiremock::MockServer,
    unexpected: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl MockServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let unexpected = std::sync::Arc::default();
        // The lowest priority: it answers only what no other answer matches.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unexpected(std::sync::Arc::clone(&unexpected)))
            .with_priority(u8::MAX)
            .named("requests no answer matched")
            .mount(&server)
            .await;
        Self { server, unexpected }
    }

    /// The URL to give the client (`Client::with_base_url`): the server's root.
    pub fn base_url(&self) -> String {
        format!("{}/", self.server.uri())
    }

    /// The requests no answer matched so far, each as `METHOD /path?query`.
    pub fn unexpected_requests(&self) -> Vec<String> {
        match self.unexpected.lock() {
            Ok(requests) => requests.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The wiremock server underneath, for what the typed methods do not say.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The answer of one operation, matching its method and path template (`path` is a
    /// regular expression of the path, with `[^/]+` for each parameter).
    fn answer<T, E>(
        &self,
        operation: &'static str,
        method: &'static str,
        path: &'static str,
        example: Example,
        #[cfg(uses = "replies")] error: fn(&E) -> Reply,
    ) -> Answer<'_, T, E> {
        Answer {
            server: self,
            operation,
            mock: wiremock::Mock::given(wiremock::matchers::method(method))
                .and(wiremock::matchers::path_regex(path)),
            times: None,
            example,
            #[cfg(uses = "replies")]
            error,
            body: std::marker::PhantomData,
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let unexpected = self.unexpected_requests();
        if !unexpected.is_empty() && !std::thread::panicking() {
            panic!(
                "the mock server received {} request(s) it was not told to answer:\n  {}",
                unexpected.len(),
                unexpected.join("\n  ")
            );
        }
    }
}

/// Records each request no answer matched, and answers it `404`.
struct Unexpected(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl wiremock::Respond for Unexpected {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let mut seen = format!("{} {}", request.method, request.url.path());
        if let Some(query) = request.url.query() {
            seen.push('?');
            seen.push_str(query);
        }
        if !request.body.is_empty() {
            let body = String::from_utf8_lossy(&request.body);
            let cut: String = body.chars().take(200).collect();
            seen.push_str(&format!(" with body {cut}"));
        }
        match self.0.lock() {
            Ok(mut requests) => requests.push(seen.clone()),
            Err(poisoned) => poisoned.into_inner().push(seen.clone()),
        }
        wiremock::ResponseTemplate::new(404)
            .set_body_string(format!("the mock server was not told to answer {seen}"))
    }
}

/// The document's example of an operation's success body: the default answer.
#[derive(Clone, Copy)]
enum Example {
    /// The example's JSON, answered with this status.
    #[cfg(uses = "example_json")]
    Json(u16, &'static str),
    /// The success response has no body: this status alone.
    #[cfg(uses = "example_no_body")]
    NoBody(u16),
    /// The document gives no example of the body.
    #[cfg(uses = "example_missing")]
    Missing,
}

/// An answer's status and body, as an error variant becomes it.
#[cfg(uses = "replies")]
enum Reply {
    #[cfg(uses = "reply_json")]
    Json(u16, Result<serde_json::Value, serde_json::Error>),
    #[cfg(uses = "reply_text")]
    Text(u16, String),
    #[cfg(uses = "reply_bytes")]
    Bytes(u16, Vec<u8>),
    #[cfg(uses = "reply_empty")]
    Empty(u16),
}

/// What one operation answers, from its method on [`MockServer`]: narrow the requests it
/// matches, then give the answer with [`respond`](Self::respond), `fail` (a documented
/// error; only an API with error responses has it) or [`respond_with`](Self::respond_with),
/// or `.await` it to answer with the document's example. `T` is the success body the
/// client decodes, `E` the operation's error enum.
#[must_use = "an answer is mounted by `respond`, `fail`, `respond_with` or `.await`"]
pub struct Answer<'a, T, E> {
    server: &'a MockServer,
    operation: &'static str,
    mock: wiremock::MockBuilder,
    times: Option<u64>,
    example: Example,
    /// The reply of each of `E`'s variants; only documents with error responses have it.
    #[cfg(uses = "replies")]
    error: fn(&E) -> Reply,
    body: std::marker::PhantomData<fn(&T, &E)>,
}

impl<T, E> Answer<'_, T, E> {
    /// Only requests to exactly this path (`/v1/conversations/cnv_1`, percent-encoded as
    /// the client sends it).
    pub fn with_path(mut self, path: &str) -> Self {
        self.mock = self.mock.and(wiremock::matchers::path(path));
        self
    }

    /// Only requests whose query has `name=value`.
    pub fn with_query(mut self, name: &str, value: &str) -> Self {
        self.mock = self.mock.and(wiremock::matchers::query_param(name, value));
        self
    }

    /// Only requests without the query parameter `name`.
    pub fn without_query(mut self, name: &str) -> Self {
        self.mock = self
            .mock
            .and(wiremock::matchers::query_param_is_missing(name));
        self
    }

    /// Only requests with the header `name: value`.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.mock = self.mock.and(wiremock::matchers::header(name, value));
        self
    }

    /// Answers exactly `count` requests: the server fails the test when it is dropped
    /// having answered another number (and a request beyond them is unexpected).
    pub fn times(mut self, count: u64) -> Self {
        self.times = Some(count);
        self
    }

    /// Answers with `template` (wiremock's own response: any status, headers, body or
    /// delay), for what a typed answer cannot say: a stream, a malformed body.
    pub async fn respond_with(self, template: wiremock::ResponseTemplate) {
        let mut mock = self
            .mock
            .respond_with(template)
            .named(format!("{} (typed mock)", self.operation));
        if let Some(count) = self.times {
            mock = mock.up_to_n_times(count).expect(count);
        }
        mock.mount(&self.server.server).await;
    }

    /// Answers with the documented error `error`: its status (a range's first, `500` for
    /// the document's `default`) and its body, as the client would decode it.
    #[cfg(uses = "replies")]
    pub async fn fail(self, error: &E) {
        let template = match (self.error)(error) {
            #[cfg(uses = "reply_json")]
            Reply::Json(status, body) => match body {
                Ok(body) => wiremock::ResponseTemplate::new(status).set_body_json(body),
                Err(problem) => panic!(
                    "the {} error body cannot be written as JSON: {problem}",
                    self.operation
                ),
            },
            #[cfg(uses = "reply_text")]
            Reply::Text(status, text) => {
                wiremock::ResponseTemplate::new(status).set_body_raw(text, "text/plain")
            }
            #[cfg(uses = "reply_bytes")]
            Reply::Bytes(status, bytes) => wiremock::ResponseTemplate::new(status)
                .set_body_raw(bytes, "application/octet-stream"),
            #[cfg(uses = "reply_empty")]
            Reply::Empty(status) => wiremock::ResponseTemplate::new(status),
        };
        self.respond_with(template).await
    }
}

impl<T: serde::Serialize, E> Answer<'_, T, E> {
    /// Answers with `status` and `body`, written as JSON.
    pub async fn respond(self, status: u16, body: &T) {
        let template = match serde_json::to_value(body) {
            Ok(body) => wiremock::ResponseTemplate::new(status).set_body_json(body),
            Err(problem) => panic!(
                "the {} body cannot be written as JSON: {problem}",
                self.operation
            ),
        };
        self.respond_with(template).await
    }
}

impl<T: serde::de::DeserializeOwned, E> Answer<'_, T, E> {
    /// Answers with the document's example of the success body, after checking that
    /// the client decodes it: a test fails here, with the reason, when the document's
    /// example does not fit its own schema (or it has none).
    pub async fn respond_example(self) {
        let template = match self.example {
            #[cfg(uses = "example_json")]
            Example::Json(status, example) => {
                if let Err(problem) = serde_json::from_str::<T>(example) {
                    panic!(
                        "the document's example for {} does not decode as its response \
                         ({problem}); answer with `respond` instead",
                        self.operation
                    );
                }
                wiremock::ResponseTemplate::new(status).set_body_raw(example, "application/json")
            }
            #[cfg(uses = "example_no_body")]
            Example::NoBody(status) => wiremock::ResponseTemplate::new(status),
            #[cfg(uses = "example_missing")]
            Example::Missing => no_example(self.operation),
        };
        self.respond_with(template).await
    }
}

/// Fails the test that asked for the example of `operation`, which has none (a function,
/// so that a client whose operations all lack one still reads as one that answers).
#[cfg(uses = "example_missing")]
fn no_example(operation: &str) -> wiremock::ResponseTemplate {
    panic!("the document gives no example for {operation}; answer with `respond` instead")
}

/// `.await` on an answer mounts the document's example
/// ([`respond_example`](Answer::respond_example)).
impl<'a, T: serde::de::DeserializeOwned + 'a, E: 'a> std::future::IntoFuture for Answer<'a, T, E> {
    type Output = ();
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.respond_example())
    }
}
