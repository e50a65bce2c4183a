//! The Kirim client's `tracing` spans (build.rs generates them under the crate's `tracing`
//! feature): one span per call, named after the operation, with its method, path template,
//! attempt, status, request id and time taken, and an event per retry; no credential in
//! any of them. Without the feature there is nothing to test, and the test says so.

#[cfg(not(feature = "tracing"))]
#[test]
#[ignore = "needs the tracing feature: cargo test --features tracing --test tracing (.ci/run runs it)"]
fn spans_need_the_tracing_feature() {}

#[cfg(feature = "tracing")]
mod support;

#[cfg(feature = "tracing")]
#[path = "../generator/runtime/src/client/collector.rs"]
mod collector;

#[cfg(feature = "tracing")]
#[tokio::test]
async fn each_call_is_a_span_and_each_retry_an_event() {
    use collector::{field, Collector, Traced};
    use kirim::models::PhoneNumberId;
    use kirim::{Client, ListConversationsParams, RetryPolicy};
    use support::{Reply, TestServer};

    let traced = std::sync::Arc::new(Traced::default());
    let _subscriber = tracing::subscriber::set_default(Collector(traced.clone()));
    let body = r#"{"data": [], "has_more": false, "next_cursor": null, "request_id": "r"}"#;
    let server = TestServer::start(move |request| match request.index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(200, body).with_header("x-request-id", "req_traced"),
    })
    .await;
    let client = Client::with_base_url(&server.base_url, "secret-token")
        .unwrap()
        .with_retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: std::time::Duration::from_millis(1),
            max_backoff: std::time::Duration::from_millis(10),
        });
    let phone = PhoneNumberId::new("106540352242922").unwrap();
    client
        .list_conversations(&phone, &ListConversationsParams::default())
        .await
        .unwrap();

    let spans = traced.spans.lock().unwrap();
    let (_, call) = spans
        .iter()
        .find(|(name, _)| *name == "listConversations")
        .expect("a span named after the operation");
    assert_eq!(field(call, "method"), Some("GET"));
    assert_eq!(
        field(call, "path"),
        Some("/{phone_number_id}/conversations")
    );
    assert_eq!(field(call, "attempt"), Some("2"));
    assert_eq!(field(call, "status"), Some("200"));
    assert_eq!(field(call, "request_id"), Some("req_traced"));
    assert!(field(call, "elapsed_ms").is_some());
    let events = traced.events.lock().unwrap();
    let retries = events
        .iter()
        .filter(|fields| field(fields, "message") == Some("retrying after a response"))
        .count();
    assert_eq!(retries, 1);
    let everything = format!("{spans:?} {events:?}");
    assert!(!everything.contains("secret-token"), "{everything}");
}
