//! The client runtime's own tests (not embedded). Sending is tested against a server on
//! loopback that answers each connection with one scripted response.

use super::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(base_url: &str) -> Client {
    Client::with_base_url(base_url, "token").expect("a valid base URL")
}

fn policy(initial: u64, max: u64) -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(initial),
        max_backoff: Duration::from_millis(max),
    }
}

#[test]
fn backoff_doubles_loses_at_most_half_to_jitter_and_is_capped() {
    let client = client("http://127.0.0.1:1/").with_retry_policy(policy(100, 1_000));
    for (attempt, full) in [
        (1, 100),
        (2, 200),
        (3, 400),
        (4, 800),
        (5, 1_000),
        (60, 1_000),
    ] {
        let wait = client.backoff(attempt);
        let full = Duration::from_millis(full);
        assert!(wait <= full, "attempt {attempt}: {wait:?} > {full:?}");
        assert!(
            wait >= full / 2,
            "attempt {attempt}: {wait:?} < half of {full:?}"
        );
    }
    // A huge attempt number neither overflows nor exceeds the cap.
    assert!(client.backoff(u32::MAX) <= Duration::from_secs(1));
}

fn headers(pairs: &[(&'static str, &str)]) -> reqwest::header::HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = reqwest::header::HeaderValue::from_str(value).expect("a header value");
            (reqwest::header::HeaderName::from_static(name), value)
        })
        .collect()
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let wait = |value: &str| retry_after(&headers(&[("retry-after", value)]));
    assert_eq!(wait("120"), Some(Duration::from_secs(120)));
    assert_eq!(wait(" 7 "), Some(Duration::from_secs(7)));
    // A date in the past is no wait at all.
    assert_eq!(wait("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    let later = chrono::DateTime::from_timestamp(now.as_secs() as i64 + 90, 0).expect("a date");
    let until = wait(&later.to_rfc2822()).expect("a date in the future");
    assert!(
        until > Duration::from_secs(85) && until <= Duration::from_secs(90),
        "{until:?}"
    );
    assert_eq!(wait("soon"), None);
    assert_eq!(wait("-3"), None);
    assert_eq!(retry_after(&headers(&[])), None);
}

#[test]
fn endpoint_encodes_each_segment_and_keeps_the_base_path() {
    for base in ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1/"] {
        let (url, checked) = client(base).endpoint(&[
            Segment::Fixed("conversations"),
            Segment::Param("id", "a b/c?d#e"),
        ]);
        assert_eq!(url.path(), "/v1/conversations/a%20b%2Fc%3Fd%23e", "{base}");
        assert_eq!(url.query(), None);
        assert!(checked.is_ok());
    }
}

#[test]
fn a_path_parameter_that_would_address_another_resource_is_refused() {
    let client = client("http://127.0.0.1:1/v1");
    for value in ["", ".", "..", "a\tb", "a\nb", "a\rb"] {
        let (_, checked) = client.endpoint(&[
            Segment::Fixed("things"),
            Segment::Param("ok", "fine"),
            Segment::Param("id", value),
            Segment::Param("other", ""),
        ]);
        // The first refused parameter is the call's error.
        let refused: Error<()> = checked.expect_err("refused").into();
        assert!(
            matches!(refused, Error::InvalidPathParameter { name: "id", value: ref v } if v == value),
            "{value:?}"
        );
    }
    for value in ["...", "a/b"] {
        let (url, checked) = client.endpoint(&[Segment::Param("id", value)]);
        assert!(checked.is_ok(), "{value:?}");
        assert_eq!(
            url.path_segments().and_then(|mut s| s.nth(1)),
            Some(&*value.replace('/', "%2F"))
        );
    }
}

#[test]
fn query_styles_write_lists_and_objects_as_openapi_says() {
    let query = |value: &serde_json::Value, separator: Option<&str>| {
        let mut pairs = Vec::new();
        push_query(&mut pairs, "id", value, separator);
        pairs
    };
    let pair = |name: &str, value: &str| (name.to_owned(), value.to_owned());
    let list = serde_json::json!([3, "four", null]);
    assert_eq!(query(&list, None), [pair("id", "3"), pair("id", "four")]);
    // Joined, a null item is written as JSON's `null` text: the list is sent whole.
    assert_eq!(query(&list, Some(",")), [pair("id", "3,four,null")]);
    assert_eq!(
        query(&serde_json::json!([1, 2]), Some(" ")),
        [pair("id", "1 2")]
    );
    assert_eq!(
        query(&serde_json::json!([1, 2]), Some("|")),
        [pair("id", "1|2")]
    );
    // Keys in alphabetical order: serde_json keeps insertion order where a crate of the
    // build turns on `preserve_order`, and sorts them otherwise.
    let object = serde_json::json!({"gone": null, "name": "Alex", "role": "admin"});
    assert_eq!(
        query(&object, None),
        [pair("name", "Alex"), pair("role", "admin")]
    );
    assert_eq!(
        query(&object, Some(",")),
        [pair("id", "name,Alex,role,admin")]
    );
    // A string is sent as it is, without JSON's quotes; nothing is sent for `None`.
    assert_eq!(
        query(&serde_json::json!("a \"b\""), None),
        [pair("id", "a \"b\"")]
    );
    assert_eq!(query(&serde_json::json!(true), None), [pair("id", "true")]);
    let mut pairs = Vec::new();
    push_query(&mut pairs, "id", &None::<u32>, None);
    assert!(pairs.is_empty());
}

#[test]
fn a_deep_object_is_one_pair_per_property() {
    let mut pairs = Vec::new();
    let filter = serde_json::json!({"none": null, "page": 2, "status": "open"});
    push_deep_object(&mut pairs, "filter", &filter);
    push_deep_object(&mut pairs, "unset", &None::<serde_json::Value>);
    assert_eq!(
        pairs,
        [
            ("filter[page]".to_owned(), "2".to_owned()),
            ("filter[status]".to_owned(), "open".to_owned())
        ]
    );
}

#[test]
fn cookies_percent_encode_what_rfc_6265_does_not_allow() {
    let mut cookies = Vec::new();
    push_cookie(&mut cookies, "session", &"a b;c,d%e\"f\\gé");
    push_cookie(&mut cookies, "ids", &[1, 2]);
    push_cookie(&mut cookies, "unset", &None::<String>);
    assert_eq!(
        cookies,
        ["session=a%20b%3Bc%2Cd%25e%22f%5Cg%C3%A9", "ids=1,2"]
    );
}

#[test]
fn styled_text_writes_the_simple_label_and_matrix_styles() {
    let list = serde_json::json!([3, 4]);
    let object = serde_json::json!({"name": "Alex", "role": "admin"});
    let cases = [
        ("", false, &list, "3,4"),
        ("", true, &list, "3,4"),
        (".", false, &list, ".3,4"),
        (".", true, &list, ".3.4"),
        (";", false, &list, ";id=3,4"),
        (";", true, &list, ";id=3;id=4"),
        ("", false, &object, "name,Alex,role,admin"),
        ("", true, &object, "name=Alex,role=admin"),
        (";", true, &object, ";name=Alex;role=admin"),
    ];
    for (prefix, explode, value, expected) in cases {
        let text = styled_text("id", value, prefix, explode);
        assert_eq!(text, expected, "prefix {prefix:?}, explode {explode}");
    }
    assert_eq!(styled_text("id", &"", ";", false), ";id");
    assert_eq!(styled_text("id", &serde_json::json!([]), ".", true), "");
    assert_eq!(styled_text("id", &None::<u8>, "", false), "");
}

#[test]
fn errors_say_which_attempt_and_request_failed_and_bound_the_body() {
    let error: Error<()> = Error::UnexpectedStatus {
        status: reqwest::StatusCode::BAD_GATEWAY,
        request_id: Some("req_1".to_owned()),
        attempt: 3,
        body: "x".repeat(500),
    };
    let text = error.to_string();
    assert!(text
        .starts_with("the server answered 502 Bad Gateway, which the API does not document: xxx"));
    assert!(
        text.ends_with("x… (attempt 3) (request id req_1)"),
        "{text}"
    );
    assert_eq!(text.matches('x').count(), 200);
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_GATEWAY));
    assert_eq!(error.request_id(), Some("req_1"));
    assert_eq!(error.attempt(), Some(3));
    let refused: Error<()> = Error::InvalidPathParameter {
        name: "id",
        value: "..".to_owned(),
    };
    assert_eq!(refused.attempt(), None);
    assert_eq!(
        refused.to_string(),
        "path parameter id cannot be \"..\": it would address another resource"
    );
}

#[test]
fn plain_http_is_accepted_for_loopback_addresses_only() {
    for url in [
        "http://localhost:8080/",
        "http://127.0.0.2/",
        "http://[::1]:3000/",
    ] {
        assert!(Client::with_base_url(url, "t").is_ok(), "{url}");
    }
    assert!(Client::with_base_url("http://example.com/", "t").is_err());
    assert!(Client::with_base_url("https://example.com/", "t").is_ok());
}

/// A server on loopback that answers the connections it gets with `responses`, in order,
/// each written after the request's head; the requests' heads come back through the handle.
async fn serve(responses: Vec<Vec<u8>>) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let parts = responses
        .into_iter()
        .map(|response| vec![response])
        .collect();
    serve_parts(parts, Duration::ZERO).await
}

fn response(status: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n{headers}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A body sent in chunks without a declared length.
fn chunked(status: &str, chunks: &[&str]) -> Vec<u8> {
    let mut text =
        format!("HTTP/1.1 {status}\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n");
    for chunk in chunks {
        text.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    text.push_str("0\r\n\r\n");
    text.into_bytes()
}

async fn get(client: &Client) -> Result<RawResponse, Failure> {
    client
        .send(
            client
                .http
                .get(client.endpoint(&[Segment::Fixed("things")]).0),
        )
        .await
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_whether_declared_or_streamed() {
    let (base, server) = serve(vec![
        response("200 OK", "", "0123456789"),
        response("200 OK", "", "01234567890"),
        chunked("200 OK", &["012345", "67890"]),
    ])
    .await;
    let client = client(&base).with_max_body_size(10);
    let read = get(&client)
        .await
        .ok()
        .expect("ten bytes are within the limit");
    assert_eq!(read.body, b"0123456789");
    for case in ["declared", "streamed"] {
        match get(&client).await {
            Err(Failure::TooLarge {
                limit: 10,
                attempt: 1,
                status,
                ..
            }) => {
                assert_eq!(status, reqwest::StatusCode::OK, "{case}");
            }
            Err(_) => panic!("{case}: another failure"),
            Ok(_) => panic!("{case}: an 11-byte body was read"),
        }
    }
    let requests = server.await.expect("the server ran");
    assert!(
        requests[0].starts_with("GET /things HTTP/1.1\r\n"),
        "{}",
        requests[0]
    );
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("accept: application/json"));
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains(&format!("user-agent: {USER_AGENT}")));
}

#[tokio::test]
async fn a_server_error_is_retried_as_retry_after_says_and_the_request_id_kept() {
    let (base, server) = serve(vec![
        response(
            "503 Service Unavailable",
            "retry-after: 0\r\nx-request-id: first\r\n",
            "",
        ),
        response(
            "200 OK",
            "content-type: application/json\r\n",
            "{\"ok\":true}",
        ),
    ])
    .await;
    let client = client(&base).with_retry_policy(policy(5_000, 10_000));
    let started = std::time::Instant::now();
    let mut read = get(&client)
        .await
        .ok()
        .expect("the second attempt succeeds");
    // `Retry-After: 0` is waited for instead of the 5 s backoff.
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(read.attempt, 2);
    assert_eq!(read.status, reqwest::StatusCode::OK);
    assert_eq!(read.request_id(), Some("first".to_owned()));
    assert_eq!(
        read.json::<serde_json::Value, ()>().ok(),
        Some(serde_json::json!({"ok": true}))
    );
    assert_eq!(server.await.expect("the server ran").len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_wait_returns_the_response() {
    let (base, _server) = serve(vec![response(
        "429 Too Many Requests",
        "retry-after: 60\r\n",
        "",
    )])
    .await;
    let client = client(&base).with_retry_policy(policy(10, 1_000));
    let read = get(&client).await.ok().expect("a response");
    assert_eq!(read.status, reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(read.attempt, 1);
    assert!(read
        .unexpected::<()>()
        .to_string()
        .contains("429 Too Many Requests"));
}

fn raw(content_type: Option<&str>, body: &str) -> RawResponse {
    RawResponse {
        status: reqwest::StatusCode::BAD_REQUEST,
        request_id: None,
        earlier_request_id: Some("earlier".to_owned()),
        content_type: content_type.map(str::to_owned),
        headers: reqwest::header::HeaderMap::new(),
        body: body.as_bytes().to_vec(),
        attempt: 1,
    }
}

#[test]
fn the_request_id_comes_from_the_header_the_body_or_an_earlier_attempt() {
    let nested = raw(None, r#"{"error": {"request_id": "in-body"}}"#);
    assert_eq!(nested.request_id(), Some("in-body".to_owned()));
    let top = raw(None, r#"{"request_id": "top"}"#);
    assert_eq!(top.request_id(), Some("top".to_owned()));
    assert_eq!(
        raw(None, "not json").request_id(),
        Some("earlier".to_owned())
    );
}

#[test]
fn json_media_types_decode_and_others_are_unexpected() {
    for content_type in [
        None,
        Some("application/json"),
        Some("Application/Problem+JSON; charset=utf-8"),
    ] {
        assert!(raw(content_type, "{}").is_json(), "{content_type:?}");
    }
    let mut html = raw(Some("text/html"), "<h1>Bad gateway</h1>");
    assert!(!html.is_json());
    match html.json::<serde_json::Value, ()>() {
        Err(Error::UnexpectedContentType {
            content_type, body, ..
        }) => {
            assert_eq!(content_type, "text/html");
            assert_eq!(body, "<h1>Bad gateway</h1>");
        }
        _ => panic!("HTML decoded as JSON"),
    }
}

#[test]
fn a_body_that_does_not_decode_says_where() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<u32>,
    }
    let mut wrong = raw(None, r#"{"data": [1, "two"]}"#);
    match wrong.json::<Page, ()>() {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data[1]"),
        _ => panic!("a string decoded as a number"),
    }
    let api = raw(None, r#"{"message": "no"}"#).error(|body: serde_json::Value| body);
    match api {
        Error::Api { body, status, .. } => {
            assert_eq!(body["message"], "no");
            assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
        }
        _ => panic!("a documented error was not an API error"),
    }
}

/// Like [`serve`], but each response is written in parts with a pause after each, so
/// that the client reads them separately; a response's parts end where the connection
/// is closed.
async fn serve_parts(
    responses: Vec<Vec<Vec<u8>>>,
    pause: Duration,
) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    let server = tokio::spawn(async move {
        let mut requests = Vec::new();
        for parts in responses {
            let Ok((mut stream, _)) = listener.accept().await else {
                break;
            };
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(read) => head.extend_from_slice(&buffer[..read]),
                }
            }
            requests.push(String::from_utf8_lossy(&head).into_owned());
            for part in parts {
                if stream.write_all(&part).await.is_err() {
                    break;
                }
                let _ = stream.flush().await;
                tokio::time::sleep(pause).await;
            }
            let _ = stream.shutdown().await;
        }
        requests
    });
    (format!("http://{address}/"), server)
}

/// The head of a streamed response, and its body as chunks of the chunked encoding.
fn stream_parts(content_type: &str, body: &[&str]) -> Vec<Vec<u8>> {
    let mut parts = vec![format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes()];
    parts.extend(
        body.iter()
            .map(|chunk| format!("{:x}\r\n{chunk}\r\n", chunk.len()).into_bytes()),
    );
    parts
}

/// The end of a chunked body.
fn end() -> Vec<u8> {
    b"0\r\n\r\n".to_vec()
}

async fn open_stream(client: &Client) -> Box<Streaming> {
    match client
        .open(
            client
                .http
                .get(client.endpoint(&[Segment::Fixed("events")]).0),
        )
        .await
    {
        Ok(Opened::Streaming(stream)) => stream,
        Ok(Opened::Read(read)) => panic!("not a stream: {}", read.status),
        Err(_) => panic!("the request failed"),
    }
}

async fn collect<T>(stream: EventStream<T, ()>) -> Vec<Result<Event<T>, Error<()>>> {
    futures_util::StreamExt::collect(stream).await
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Delta {
    text: String,
}

#[tokio::test]
async fn events_split_across_reads_with_crlf_and_lf_are_read_whole() {
    let mut parts = stream_parts(
        "text/event-stream",
        &[
            "\u{feff}: a comment\r\n",
            "event: delta\r\nid: 1\r\ndata: {\"te",
            "xt\": \"Hel\"}\r",
            "\n\r\n",
            "data: {\"text\": \"lo\"}\n\n: keep-alive\n\n",
            "retry: 250\ndata: [not json\n\n",
            "data: {\"text\":\ndata: \"!\"}\nid: 2\n\n",
        ],
    );
    parts.push(end());
    let (base, server) = serve_parts(vec![parts], Duration::from_millis(20)).await;
    let stream = open_stream(&client(&base))
        .await
        .events(decode_item::<Delta>);
    let items = collect(stream).await;
    assert_eq!(items.len(), 4, "{items:?}");
    let first = items[0].as_ref().expect("an event");
    assert_eq!(first.event.as_deref(), Some("delta"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(
        first.data,
        Delta {
            text: "Hel".to_owned()
        }
    );
    let second = items[1].as_ref().expect("an event");
    // The id carries over; the type does not.
    assert_eq!(
        (second.event.as_deref(), second.id.as_deref()),
        (None, Some("1"))
    );
    assert_eq!(second.data.text, "lo");
    // A malformed event is an error item, and the stream goes on.
    match &items[2] {
        Err(Error::Decode { body, .. }) => assert_eq!(body, "[not json"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let last = items[3].as_ref().expect("an event");
    assert_eq!(last.data.text, "!");
    assert_eq!(last.id.as_deref(), Some("2"));
    let requests = server.await.expect("the server ran");
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("accept: application/json"));
}

#[tokio::test]
async fn a_cut_stream_reconnects_with_the_last_event_id() {
    // The first connection ends in the middle of an event, without the last chunk.
    let first = stream_parts("text/event-stream", &["id: 7\ndata: one\n\n", "data: par"]);
    let mut second = stream_parts("text/event-stream", &["id: 8\ndata: two\n\n"]);
    second.push(end());
    let (base, server) = serve_parts(vec![first, second], Duration::from_millis(10)).await;
    let client = client(&base).with_retry_policy(policy(10, 100));
    let items = collect(open_stream(&client).await.events(text_item)).await;
    let data: Vec<_> = items
        .iter()
        .map(|item| item.as_ref().map(|event| event.data.as_str()).ok())
        .collect();
    assert_eq!(data, [Some("one"), Some("two")]);
    let requests = server.await.expect("the server ran");
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1]
            .to_ascii_lowercase()
            .contains("last-event-id: 7"),
        "{}",
        requests[1]
    );
}

#[tokio::test]
async fn without_retries_a_cut_stream_ends_with_a_transport_error() {
    let first = stream_parts("text/event-stream", &["data: one\n\n", "data: par"]);
    let (base, _server) = serve_parts(vec![first], Duration::from_millis(10)).await;
    let client = client(&base).with_retry_policy(RetryPolicy::none());
    let items = collect(open_stream(&client).await.events(text_item)).await;
    assert_eq!(items.len(), 2);
    assert!(
        matches!(items[1], Err(Error::Transport { .. })),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_silent_server_times_out_between_events_not_over_the_whole_stream() {
    // Five events 100 ms apart take longer than the 300 ms timeout, and are all read;
    // then the server goes quiet for a second.
    let mut parts = stream_parts("text/event-stream", &["data: a\n\n"; 5]);
    parts.push(b"".to_vec());
    let (base, _server) = serve_parts(vec![parts], Duration::from_millis(100)).await;
    let client = client(&base).with_timeout(Duration::from_millis(300));
    let stream = open_stream(&client).await.events(text_item);
    let items = collect(stream).await;
    assert_eq!(
        items.iter().filter(|item| item.is_ok()).count(),
        5,
        "{items:?}"
    );
    // The server closes without the last chunk after its pause: a broken stream, and
    // with the default policy a reconnection that nothing answers.
    assert!(items.last().is_some_and(Result::is_err));
}

#[tokio::test]
async fn a_server_that_stops_sending_is_a_timeout() {
    // The head and the first event at once, then two seconds of silence.
    let mut parts = stream_parts("text/event-stream", &["data: a\n\n", "data: b\n\n"]);
    let first = parts.remove(1);
    parts[0].extend(first);
    let (base, _server) = serve_parts(vec![parts], Duration::from_secs(2)).await;
    let client = client(&base).with_timeout(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let items = collect(open_stream(&client).await.events(text_item)).await;
    assert!(started.elapsed() < Duration::from_millis(1_500));
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        matches!(items[1], Err(Error::Timeout { .. })),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn an_event_over_the_limit_ends_the_stream_and_smaller_ones_pass() {
    let big = format!("data: {}\n", "x".repeat(60));
    let mut parts = stream_parts("text/event-stream", &["data: small\n\n", &big, &big, "\n"]);
    parts.push(end());
    let (base, _server) = serve_parts(vec![parts], Duration::from_millis(10)).await;
    // Each event is at most 100 bytes; the whole stream is more.
    let client = client(&base).with_max_body_size(100);
    let items = collect(open_stream(&client).await.events(text_item)).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(
        items[0].as_ref().ok().map(|event| event.data.as_str()),
        Some("small")
    );
    assert!(matches!(
        items[1],
        Err(Error::BodyTooLarge { limit: 100, .. })
    ));
}

#[tokio::test]
async fn json_lines_and_records_are_one_item_each() {
    let mut lines = stream_parts(
        "application/x-ndjson",
        &[
            "{\"text\": \"a\"}\n{\"te",
            "xt\": \"b\"}\r\n\n",
            "oops\n{\"text\": \"c\"}",
        ],
    );
    lines.push(end());
    let mut records = stream_parts(
        "application/json-seq",
        &["\u{1e}{\"text\": \"d\"}\n\u{1e}", "{\"text\": \"e\"}\n"],
    );
    records.push(end());
    let (base, _server) = serve_parts(vec![lines, records], Duration::from_millis(10)).await;
    let client = client(&base);
    let items: Vec<Result<Delta, Error<()>>> = futures_util::StreamExt::collect(
        open_stream(&client)
            .await
            .lines(false, decode_item::<Delta>),
    )
    .await;
    let texts: Vec<Option<&str>> = items
        .iter()
        .map(|item| item.as_ref().ok().map(|delta| delta.text.as_str()))
        .collect();
    assert_eq!(texts, [Some("a"), Some("b"), None, Some("c")]);
    let items: Vec<Result<Delta, Error<()>>> = futures_util::StreamExt::collect(
        open_stream(&client).await.lines(true, decode_item::<Delta>),
    )
    .await;
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

/// How many attempts a GET (or, with `post`, a POST) makes against a server
/// that answers `first` once and then 200.
async fn attempts_after(first: Vec<u8>, post: bool) -> u32 {
    let (base, _server) = serve(vec![first, response("200 OK", "", "")]).await;
    let client = client(&base).with_retry_policy(policy(1, 10));
    let url = client.endpoint(&[Segment::Fixed("things")]).0;
    let request = if post {
        client.http.post(url)
    } else {
        client.http.get(url)
    };
    match client.send(request).await {
        Ok(read) => read.attempt,
        Err(_) => panic!("the request failed"),
    }
}

#[tokio::test]
async fn request_timeouts_and_conflicts_are_retried_as_the_method_allows() {
    let status = |line: &str| response(line, "", "");
    // 408: the request was not acted on, so even a POST is sent again.
    assert_eq!(attempts_after(status("408 Request Timeout"), true).await, 2);
    // 409: a conflict with a concurrent change may clear; only an idempotent request is
    // repeated.
    assert_eq!(attempts_after(status("409 Conflict"), false).await, 2);
    assert_eq!(attempts_after(status("409 Conflict"), true).await, 1);
    assert_eq!(
        attempts_after(status("422 Unprocessable Entity"), false).await,
        1
    );
}

#[tokio::test]
async fn the_servers_x_should_retry_overrides_the_status() {
    let told =
        |line: &str, value: &str| response(line, &format!("x-should-retry: {value}\r\n"), "");
    // A POST's 500 is not retried, unless the server says it may be.
    assert_eq!(
        attempts_after(response("500 Internal Server Error", "", ""), true).await,
        1
    );
    assert_eq!(
        attempts_after(told("500 Internal Server Error", "true"), true).await,
        2
    );
    // A 503 would be retried; the server says not to.
    assert_eq!(
        attempts_after(told("503 Service Unavailable", "false"), false).await,
        1
    );
    assert_eq!(
        attempts_after(told("400 Bad Request", "true"), false).await,
        2
    );
}

#[tokio::test]
async fn an_idempotency_key_goes_with_every_attempt_and_makes_a_post_retryable() {
    let (base, server) = serve(vec![
        response("500 Internal Server Error", "", ""),
        response("200 OK", "content-type: application/json\r\n", "{}"),
        response("500 Internal Server Error", "", ""),
    ])
    .await;
    let client = client(&base).with_retry_policy(policy(1, 10));
    let keyed = client.with_options(RequestOptions::new().idempotency_key("order 7"));
    let post = |client: &Client| {
        client
            .http
            .post(client.endpoint(&[Segment::Fixed("orders")]).0)
    };
    let read = keyed
        .send(post(&keyed))
        .await
        .ok()
        .expect("the retry succeeds");
    assert_eq!((read.status.as_u16(), read.attempt), (200, 2));
    // Without a key a POST that met a server error is not repeated: the server may have
    // done the work. The client it was derived from is unchanged.
    let read = client.send(post(&client)).await.ok().expect("a response");
    assert_eq!((read.status.as_u16(), read.attempt), (500, 1));
    let requests = server.await.expect("the server ran");
    for keyed in &requests[..2] {
        assert!(
            keyed
                .to_ascii_lowercase()
                .contains("idempotency-key: order%207\r\n"),
            "{keyed}"
        );
    }
    assert!(!requests[2].to_ascii_lowercase().contains("idempotency-key"));
}

#[tokio::test]
async fn request_options_set_the_timeout_retries_and_headers_of_the_calls_made_with_them() {
    let (base, server) = serve_parts(
        vec![
            vec![response("503 Service Unavailable", "", "")],
            // The body's end comes after the pause: later than the call's timeout.
            vec![
                b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 4\r\n\r\nla".to_vec(),
                b"te".to_vec(),
            ],
        ],
        Duration::from_millis(300),
    )
    .await;
    let client = client(&base).with_retry_policy(policy(1, 10));
    let options = RequestOptions::new()
        .retry_policy(RetryPolicy::none())
        .header(
            reqwest::header::HeaderName::from_static("x-tenant"),
            reqwest::header::HeaderValue::from_static("blue"),
        );
    let read = get(&client.with_options(options))
        .await
        .ok()
        .expect("a response");
    assert_eq!((read.status.as_u16(), read.attempt), (503, 1), "no retry");
    let hurried = client.with_options(RequestOptions::new().timeout(Duration::from_millis(50)));
    match get(&hurried).await {
        Err(Failure::Timeout { attempt, .. }) => assert_eq!(attempt, 1, "not retried"),
        Err(_) => panic!("another failure"),
        Ok(read) => panic!("read in time: {:?}", read.body),
    }
    let requests = server.await.expect("the server ran");
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("x-tenant: blue\r\n"));
    assert!(!requests[1].to_ascii_lowercase().contains("x-tenant"));
}

#[tokio::test]
async fn a_success_keeps_its_status_headers_and_request_id_and_parses_declared_headers() {
    #[derive(Debug, PartialEq)]
    struct Declared {
        remaining: Option<i32>,
        etag: Option<String>,
    }
    impl DeclaredHeaders for Declared {
        fn from_headers(headers: &reqwest::header::HeaderMap) -> Result<Self, HeaderError> {
            Ok(Self {
                remaining: declared_header(headers, "X-RateLimit-Remaining", "an integer")?,
                etag: declared_header(headers, "ETag", "a string")?,
            })
        }
    }
    let (base, _server) = serve(vec![
        response(
            "201 Created",
            "content-type: application/json\r\nx-request-id: r-1\r\netag: \"v2\"\r\nx-ratelimit-remaining: 41\r\n",
            "{\"id\": 7}",
        ),
        response("200 OK", "x-ratelimit-remaining: many\r\n", "plain"),
        response("200 OK", "x-ratelimit-remaining: many\r\n", ""),
    ])
    .await;
    let client = client(&base);
    let read = get(&client).await.ok().expect("a response");
    let created: Response<serde_json::Value, Declared> =
        read.success(RawResponse::json::<_, ()>).expect("JSON");
    assert_eq!(created.status, reqwest::StatusCode::CREATED);
    assert_eq!(created.request_id.as_deref(), Some("r-1"));
    assert_eq!(created["id"], 7, "derefs to the body");
    assert_eq!(
        created.declared_headers(),
        Ok(Declared {
            remaining: Some(41),
            etag: Some("\"v2\"".to_owned())
        })
    );
    let read = get(&client).await.ok().expect("a response");
    let text: Response<String, Declared> =
        read.complete::<_, _, ()>(RawResponse::text).expect("text");
    assert_eq!(text.into_body(), "plain");
    let read = get(&client).await.ok().expect("a response");
    let empty: Response<Vec<u8>, Declared> = read
        .complete::<_, _, ()>(RawResponse::bytes)
        .expect("bytes");
    assert_eq!(
        empty.declared_headers(),
        Err(HeaderError {
            name: "X-RateLimit-Remaining",
            value: "many".to_owned(),
            expected: "an integer"
        }),
        "a value that does not parse is reported"
    );
}

/// Signs each attempt with its number, and records the statuses it sees.
struct Recorder {
    attempts: std::sync::atomic::AtomicU32,
    statuses: std::sync::Mutex<Vec<u16>>,
}

impl Hook for Recorder {
    fn on_request<'a>(&'a self, request: &'a mut reqwest::Request) -> HookResult<'a> {
        Box::pin(async move {
            let n = self
                .attempts
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            request
                .headers_mut()
                .insert("x-signature", format!("sig-{n}").parse()?);
            Ok(())
        })
    }

    fn on_response<'a>(&'a self, response: &'a reqwest::Response) -> HookResult<'a> {
        Box::pin(async move {
            let mut statuses = self.statuses.lock().map_err(|_| "poisoned")?;
            statuses.push(response.status().as_u16());
            Ok(())
        })
    }
}

/// Refuses every request.
struct Refuser;

impl Hook for Refuser {
    fn on_request<'a>(&'a self, _: &'a mut reqwest::Request) -> HookResult<'a> {
        Box::pin(std::future::ready(Err("not on a Sunday".into())))
    }
}

#[tokio::test]
async fn hooks_see_and_change_every_attempt_and_their_errors_end_the_call() {
    let (base, server) = serve(vec![
        response("503 Service Unavailable", "", ""),
        response("200 OK", "content-type: application/json\r\n", "{}"),
    ])
    .await;
    let recorder = std::sync::Arc::new(Recorder {
        attempts: std::sync::atomic::AtomicU32::new(0),
        statuses: std::sync::Mutex::new(Vec::new()),
    });
    let client = client(&base)
        .with_retry_policy(policy(1, 10))
        .with_hook(recorder.clone());
    let read = get(&client).await.ok().expect("the retry succeeds");
    assert_eq!(read.attempt, 2);
    assert_eq!(*recorder.statuses.lock().unwrap(), [503, 200]);
    let requests = server.await.expect("the server ran");
    assert!(
        requests[0].contains("x-signature: sig-1\r\n"),
        "{}",
        requests[0]
    );
    assert!(
        requests[1].contains("x-signature: sig-2\r\n"),
        "signed again"
    );

    // A hook's error is the call's, and nothing is sent.
    let refused = client.with_hook(Refuser);
    match get(&refused).await {
        Err(failure) => match Error::<()>::from(failure) {
            Error::Hook {
                source, attempt, ..
            } => {
                assert_eq!(source.to_string(), "not on a Sunday");
                assert_eq!(attempt, 1);
            }
            other => panic!("another error: {other}"),
        },
        Ok(_) => panic!("sent"),
    }
    assert_eq!(
        recorder.attempts.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "the recorder ran first"
    );
}

#[tokio::test]
async fn a_middleware_stack_sends_every_attempt_and_its_error_ends_the_call() {
    let (base, server) = serve(vec![
        response("503 Service Unavailable", "", ""),
        response("200 OK", "content-type: application/json\r\n", "{}"),
    ])
    .await;
    let client = client(&base)
        .with_retry_policy(policy(1, 10))
        .with_middleware_client(middlewares::stack(middlewares::stamp));
    let read = get(&client).await.ok().expect("the retry succeeds");
    assert_eq!(read.attempt, 2);
    let requests = server.await.expect("the server ran");
    assert_eq!(requests.len(), 2, "{requests:?}");
    for request in &requests {
        assert!(request.contains("x-stamped: yes\r\n"), "{request}");
    }

    // A middleware's error is the call's own variant, on the attempt it ended.
    let refused = client.with_middleware_client(middlewares::stack(middlewares::refuse));
    match get(&refused).await {
        Err(failure) => match Error::<()>::from(failure) {
            Error::Middleware {
                source, attempt, ..
            } => {
                assert_eq!(source.to_string(), "over quota");
                assert_eq!(attempt, 1);
            }
            other => panic!("another error: {other}"),
        },
        Ok(_) => panic!("sent"),
    }
}

use collector::{field, Collector, Traced};

#[tokio::test]
async fn a_call_span_records_attempts_status_and_request_id_and_each_retry_is_an_event() {
    let traced = std::sync::Arc::new(Traced::default());
    let _subscriber = tracing::subscriber::set_default(Collector(traced.clone()));
    let (base, _server) = serve(vec![
        response("503 Service Unavailable", "retry-after: 0\r\n", ""),
        response("200 OK", "x-request-id: req-9\r\n", "{}"),
    ])
    .await;
    let client = client(&base).with_retry_policy(policy(1, 10));
    // The span an operation method opens around its call.
    let span = call_span!("listThings", "GET", "/things");
    let read = tracing::Instrument::instrument(get(&client), span)
        .await
        .ok()
        .expect("the retry succeeds");
    assert_eq!(read.attempt, 2);
    let spans = traced.spans.lock().unwrap();
    let (name, fields) = &spans[0];
    assert_eq!(*name, "listThings");
    assert_eq!(field(fields, "path"), Some("/things"));
    assert_eq!(field(fields, "attempt"), Some("2"));
    assert_eq!(field(fields, "status"), Some("200"));
    assert_eq!(field(fields, "request_id"), Some("req-9"));
    assert!(field(fields, "elapsed_ms").is_some());
    let events = traced.events.lock().unwrap();
    // Ours among reqwest's and hyper's own.
    let retries: Vec<_> = events
        .iter()
        .filter(|fields| field(fields, "message") == Some("retrying after a response"))
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    let retry = retries[0];
    assert_eq!(field(retry, "attempt"), Some("1"));
    assert_eq!(field(retry, "status"), Some("503"));
    assert_eq!(field(retry, "delay_ms"), Some("0"));
    // The bearer token is in no span and no event.
    let everything = format!("{spans:?} {events:?}");
    assert!(!everything.contains("token"), "{everything}");
}
