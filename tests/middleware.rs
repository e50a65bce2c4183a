//! The Kirim client sending through a `reqwest_middleware` stack (build.rs generates
//! `Client::with_middleware_client` under the crate's `middleware` feature), over loopback
//! HTTP: every attempt goes through the stack, and a middleware's error ends the call as
//! `Error::Middleware`. Without the feature there is nothing to test, and the test says so.

#[cfg(not(feature = "middleware"))]
#[test]
#[ignore = "needs the middleware feature: cargo test --features middleware --test middleware (.ci/run runs it)"]
fn the_stack_needs_the_middleware_feature() {}

#[cfg(feature = "middleware")]
mod support;

#[cfg(feature = "middleware")]
#[path = "../generator/runtime/src/client/middlewares.rs"]
mod middlewares;

#[cfg(feature = "middleware")]
mod with_the_feature {
    use super::middlewares::{refuse, stack, stamp, STAMPED};
    use super::support::{Reply, TestServer};
    use kirim::models::PhoneNumberId;
    use kirim::{Client, Error, ListConversationsParams, RetryPolicy};
    use std::sync::atomic::Ordering;

    #[tokio::test]
    async fn every_attempt_goes_through_the_stack_and_its_error_ends_the_call() {
        let body = r#"{"data": [], "has_more": false, "next_cursor": null, "request_id": "r"}"#;
        let server = TestServer::start(move |request| {
            let stamped = request.header("x-stamped") == Some("yes");
            match (request.index, stamped) {
                (_, false) => Reply::json(400, r#"{"error": "not stamped"}"#),
                (0, true) => Reply::json(503, "{}"),
                _ => Reply::json(200, body),
            }
        })
        .await;
        let client = Client::with_base_url(&server.base_url, "secret-token")
            .unwrap()
            .with_retry_policy(RetryPolicy {
                max_retries: 1,
                initial_backoff: std::time::Duration::from_millis(1),
                max_backoff: std::time::Duration::from_millis(10),
            })
            .with_middleware_client(stack(stamp));
        let phone = PhoneNumberId::new("106540352242922").unwrap();
        let page = client
            .list_conversations(&phone, &ListConversationsParams::default())
            .await
            .expect("the retry, stamped, succeeds");
        assert!(!page.has_more);
        assert_eq!(
            STAMPED.load(Ordering::SeqCst),
            2,
            "both attempts passed the stack"
        );
        assert_eq!(server.requests().len(), 2);

        let refused = client.with_middleware_client(stack(refuse));
        match refused
            .list_conversations(&phone, &ListConversationsParams::default())
            .await
        {
            Err(Error::Middleware {
                source, attempt, ..
            }) => {
                assert_eq!(source.to_string(), "over quota");
                assert_eq!(attempt, 1, "a middleware's error is not retried");
            }
            other => panic!("expected the middleware's error, got {other:?}"),
        }
        assert_eq!(
            server.requests().len(),
            2,
            "nothing more reached the server"
        );
    }
}
