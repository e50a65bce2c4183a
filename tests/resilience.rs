//! The generated client when the network and the server misbehave, and when it walks
//! pages: against a scripted server on 127.0.0.1.

mod support;

use futures_util::StreamExt;
use kirim::models::{ConversationStatus, PhoneNumberId};
use kirim::{Client, Error, ListConversationsError, ListConversationsParams, RetryPolicy};
use std::time::Duration;
use support::{Reply, TestServer};

const TOKEN: &str = "resilience-token";

fn phone() -> PhoneNumberId {
    PhoneNumberId::new("106540352242922").unwrap()
}

/// Retries after 10 ms, 20 ms: the behaviour of the default policy, quickly.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(5),
    }
}

fn client(server: &TestServer) -> Client {
    Client::with_base_url(&server.base_url, TOKEN)
        .unwrap()
        .with_retry_policy(fast_retries())
}

fn conversation(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "object": "conversation", "status": "open",
            "contact": {{"id": "ctc_1", "phone_number": null, "name": null}},
            "whatsapp_account": {{"phone_number": null}},
            "assignee": {{"id": "usr_1", "name": null, "email": null}},
            "unread_count": 0, "last_message_at": null, "last_inbound_at": null,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}}"#
    )
}

fn page(ids: &[&str], has_more: bool, next: Option<&str>) -> String {
    let data: Vec<String> = ids.iter().map(|id| conversation(id)).collect();
    let next = next.map_or("null".to_owned(), |cursor| format!("\"{cursor}\""));
    format!(
        r#"{{"data": [{}], "has_more": {has_more}, "next_cursor": {next}, "request_id": "req_page"}}"#,
        data.join(",")
    )
}

/// Three pages keyed by the cursor the client sends.
async fn three_pages() -> TestServer {
    TestServer::start(|request| match request.query("cursor") {
        None => Reply::json(200, &page(&["c1", "c2"], true, Some("cur_2"))),
        Some("cur_2") => Reply::json(200, &page(&["c3", "c4"], true, Some("cur_3"))),
        Some("cur_3") => Reply::json(200, &page(&["c5"], false, None)),
        Some(other) => Reply::json(400, &format!(r#"{{"unexpected cursor": "{other}"}}"#)),
    })
    .await
}

fn open_filter() -> ListConversationsParams {
    ListConversationsParams {
        status: Some(ConversationStatus::Open),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_stream_yields_every_item_in_order_following_the_cursor() {
    let server = three_pages().await;
    let ids: Vec<String> = client(&server)
        .list_conversations_stream(&phone(), &open_filter())
        .map(|item| item.expect("every page decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    let sent: Vec<(Option<String>, Option<String>)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r.query("cursor").map(str::to_owned),
                r.query("status").map(str::to_owned),
            )
        })
        .collect();
    let open = Some("open".to_owned());
    assert_eq!(
        sent,
        [
            (None, open.clone()),
            (Some("cur_2".to_owned()), open.clone()),
            (Some("cur_3".to_owned()), open),
        ],
        "each page sends the previous page's cursor and the other parameters unchanged"
    );
}

#[tokio::test]
async fn the_stream_fetches_a_page_only_when_its_items_are_needed() {
    let server = three_pages().await;
    let client = client(&server);
    let stream = client.list_conversations_stream(&phone(), &open_filter());
    let first_two: Vec<_> = stream.take(2).collect().await;
    assert_eq!(first_two.len(), 2);
    assert_eq!(server.requests().len(), 1, "the second page was not needed");

    let first_three: Vec<_> = client
        .list_conversations_stream(&phone(), &open_filter())
        .take(3)
        .collect()
        .await;
    assert_eq!(first_three.len(), 3);
    assert_eq!(
        server.requests().len(),
        3,
        "one more stream, which needed two pages"
    );
}

#[tokio::test]
async fn pages_can_be_resumed_from_a_stored_cursor() {
    let server = three_pages().await;
    let params = ListConversationsParams {
        cursor: Some("cur_3".to_owned()),
        ..Default::default()
    };
    let pages: Vec<_> = client(&server)
        .list_conversations_pages(&phone(), &params)
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    let last = pages[0].as_ref().expect("the last page");
    assert!(!last.has_more);
    assert_eq!(last.next_cursor, None);
}

#[tokio::test]
async fn the_stream_stops_on_has_more_false_and_on_a_repeated_cursor() {
    let stops =
        TestServer::start(|_| Reply::json(200, &page(&["a"], false, Some("ignored")))).await;
    let items: Vec<_> = client(&stops)
        .list_conversations_stream(&phone(), &open_filter())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(stops.requests().len(), 1, "has_more: false ends the stream");

    let loops = TestServer::start(|_| Reply::json(200, &page(&["a"], true, Some("same")))).await;
    let items: Vec<_> = client(&loops)
        .list_conversations_stream(&phone(), &open_filter())
        .collect()
        .await;
    assert_eq!(
        items.len(),
        2,
        "the first page, then the page for `same`, which repeats it"
    );
    assert_eq!(loops.requests().len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = TestServer::start(|request| match request.query("cursor") {
        None => Reply::json(200, &page(&["c1"], true, Some("cur_2"))),
        _ => Reply::json(401, r#"{"error": {"type": "auth", "code": "expired", "message": "m", "request_id": "req_x"}}"#),
    })
    .await;
    let items: Vec<_> = client(&server)
        .list_conversations_stream(&phone(), &open_filter())
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(
        &items[1],
        Err(Error::Api {
            body: ListConversationsError::Unauthorized(_),
            ..
        })
    ));
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_then_succeeds() {
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(429, r#"{"error": {"type": "rate", "code": "slow", "message": "m", "request_id": "req_429"}}"#)
            .with_header("retry-after", "1"),
        _ => Reply::json(200, &page(&["c1"], false, None)),
    })
    .await;
    // The default policy's backoff would be shorter than the server's Retry-After.
    let page = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("the retry succeeds");
    assert_eq!(page.data.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at - requests[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 was honoured, waited {waited:?}"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_in_the_past_retries_at_once() {
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(429, "{}").with_header("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT"),
        _ => Reply::json(200, &page(&[], false, None)),
    })
    .await;
    let policy = RetryPolicy {
        initial_backoff: Duration::from_secs(60),
        ..fast_retries()
    };
    let client = client(&server).with_retry_policy(policy);
    client
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("retried without the 60 s backoff");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_is_returned_not_waited_for() {
    let server = TestServer::start(|_| {
        Reply::json(429, r#"{"error": {"type": "rate", "code": "slow", "message": "m", "request_id": "req_429"}}"#)
            .with_header("retry-after", "3600")
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("an hour is too long to wait");
    assert!(matches!(
        &error,
        Error::Api {
            body: ListConversationsError::TooManyRequests(_),
            attempt: 1,
            ..
        }
    ));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn service_unavailable_twice_then_success() {
    let server = TestServer::start(|request| match request.index {
        0 | 1 => Reply::json(503, "{}"),
        _ => Reply::json(200, &page(&["c1"], false, None)),
    })
    .await;
    client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_server_error_beyond_the_retry_budget_says_which_attempt_failed() {
    let server = TestServer::start(|request| {
        let body = format!(
            r#"{{"error": {{"type": "api", "code": "boom", "message": "m", "request_id": "req_{}"}}}}"#,
            request.index
        );
        Reply::json(500, &body)
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("always 500");
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");
    assert_eq!(error.attempt(), Some(3));
    assert_eq!(error.request_id(), Some("req_2"), "the last response's id");
    assert!(matches!(
        error,
        Error::Api {
            body: ListConversationsError::InternalServerError(_),
            ..
        }
    ));
    assert!(error.to_string().contains("(attempt 3)"), "{error}");
}

#[tokio::test]
async fn the_last_request_id_seen_survives_later_attempts_without_one() {
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(503, "upstream busy")
            .with_content_type("text/plain")
            .with_header("x-request-id", "req_first"),
        _ => Reply::json(503, "upstream busy").with_content_type("text/plain"),
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("always 503");
    assert!(
        matches!(&error, Error::UnexpectedStatus { attempt: 3, .. }),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some("req_first"));
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    let server = TestServer::start(|_| {
        Reply::json(
            422,
            r#"{"error": {"type": "t", "code": "c", "message": "m", "request_id": "r"}}"#,
        )
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("422");
    assert_eq!(error.attempt(), Some(1));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout_error() {
    let server = TestServer::start(|_| {
        Reply::json(200, &page(&[], false, None)).delayed(Duration::from_secs(3))
    })
    .await;
    let error = client(&server)
        .with_timeout(Duration::from_millis(200))
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("too slow");
    assert!(
        matches!(error, Error::Timeout { attempt: 1, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1, "timeouts are not retried");
    assert_eq!(error.to_string(), "the request timed out");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"data": [}"#)).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("malformed");
    assert!(
        matches!(&error, Error::Decode { body, .. } if body == r#"{"data": [}"#),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"data": ["#).truncated()).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("truncated");
    assert!(
        matches!(error, Error::Transport { attempt: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_its_own_error() {
    let body = page(&["c1"], false, None);
    let server =
        TestServer::start(move |_| Reply::json(200, &body).with_content_type("text/plain")).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("not JSON by its content type");
    assert!(
        matches!(&error, Error::UnexpectedContentType { content_type, .. } if content_type == "text/plain"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_html_error_page_from_a_proxy_keeps_its_body() {
    let server = TestServer::start(|_| {
        Reply::json(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")
            .with_content_type("text/html")
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("502");
    match &error {
        Error::UnexpectedStatus {
            status,
            body,
            attempt,
            ..
        } => {
            assert_eq!(status.as_u16(), 502);
            assert!(body.contains("502 Bad Gateway"));
            assert_eq!(*attempt, 3, "a 5xx on a GET is retried first");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn requests_name_the_crate_and_carry_default_headers() {
    let server = TestServer::start(|_| Reply::json(200, &page(&[], false, None))).await;
    client(&server)
        .with_default_header(
            reqwest::header::HeaderName::from_static("x-team"),
            reqwest::header::HeaderValue::from_static("inbox"),
        )
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("kirim/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(request.header("x-team"), Some("inbox"));
    assert_eq!(
        kirim::USER_AGENT,
        concat!("kirim/", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn errors_and_the_client_never_show_the_token() {
    let server = TestServer::start(|_| Reply::json(500, "{}")).await;
    let client = client(&server);
    let error = client
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("500");
    for shown in [
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_whether_declared_or_not() {
    let body = page(&["c1", "c2", "c3"], false, None);
    assert!(body.len() > 600, "the page is larger than the limit below");
    let declared = body.clone();
    let undeclared = body.clone();
    let servers = [
        TestServer::start(move |_| Reply::json(200, &declared)).await,
        TestServer::start(move |_| Reply::json(200, &undeclared).without_length()).await,
    ];
    for server in &servers {
        let error = client(server)
            .with_max_body_size(600)
            .list_conversations(&phone(), &ListConversationsParams::default())
            .await
            .expect_err("too large");
        assert!(
            matches!(
                &error,
                Error::BodyTooLarge {
                    limit: 600,
                    attempt: 1,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        assert!(error
            .to_string()
            .contains("larger than the client's limit of 600 bytes"));
    }
    // Under the limit, and by default, the same page is read in full (with or without a
    // declared length).
    for server in &servers {
        let page = client(server)
            .list_conversations(&phone(), &ListConversationsParams::default())
            .await
            .expect("a page within the default limit");
        assert_eq!(page.data.len(), 3);
    }
}

mod arbitrary_bodies {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever bytes a server sends as its JSON page, the call returns: the page, or a
        /// decode error whose message shows a bounded part of the body. It never panics.
        #[test]
        fn any_body_decodes_or_is_a_bounded_decode_error(body in prop::collection::vec(any::<u8>(), 0..2048), status in prop::sample::select(vec![200u16, 400, 500, 418])) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let outcome = runtime.block_on(async move {
                let server = TestServer::start(move |_| Reply { body: body.clone(), ..Reply::json(status, "") }).await;
                client(&server)
                    .with_retry_policy(RetryPolicy::none())
                    .list_conversations(&phone(), &ListConversationsParams::default())
                    .await
            });
            if let Err(error) = outcome {
                prop_assert!(
                    matches!(error, Error::Decode { .. } | Error::Api { .. } | Error::UnexpectedStatus { .. }),
                    "{error:?}"
                );
                // Bounded: a 200-character snippet of the body at most, plus the reason.
                prop_assert!(error.to_string().chars().count() < 700, "{}", error);
            }
        }
    }
}

#[tokio::test]
async fn request_options_apply_to_the_calls_made_with_them_only() {
    let server = TestServer::start(|request| match request.index {
        0 | 1 => Reply::json(503, "{}"),
        _ => Reply::json(200, &page(&["c1"], false, None)),
    })
    .await;
    let client = client(&server);
    let once = kirim::RequestOptions::new()
        .retry_policy(RetryPolicy::none())
        .header(
            reqwest::header::HeaderName::from_static("x-tenant"),
            reqwest::header::HeaderValue::from_static("blue"),
        )
        .idempotency_key("call-1");
    let error = client
        .with_options(once)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("no retries for this call");
    assert!(
        matches!(error, Error::UnexpectedStatus { attempt: 1, .. }),
        "{error:?}"
    );
    // The client itself is as it was: it retries, without the call's headers.
    client
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("the second and third attempts");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].header("x-tenant"), Some("blue"));
    assert_eq!(requests[0].header("idempotency-key"), Some("call-1"));
    assert_eq!(requests[1].header("x-tenant"), None);
    assert_eq!(requests[2].header("idempotency-key"), None);
}
