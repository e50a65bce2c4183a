use super::*;

/// `GET path` on the server, as status and body.
async fn get(server: &MockServer, path: &str) -> (u16, String) {
    let response = reqwest::get(format!(
        "{}{}",
        server.base_url(),
        path.trim_start_matches('/')
    ))
    .await
    .expect("the mock server answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

#[tokio::test]
async fn answers_match_the_operation_and_narrowings_and_say_what_they_were_told() {
    let server = MockServer::start().await;
    server
        .get_thing(r#"{"name": "example"}"#)
        .with_path("/things/one")
        .respond(200, &Thing { name: "one".into() })
        .await;
    server
        .get_thing("{}")
        .with_path("/things/gone")
        .fail(&GetThingError::NotFound(Thing {
            name: "gone".into(),
        }))
        .await;
    server
        .get_thing("{}")
        .with_path("/things/down")
        .fail(&GetThingError::ServiceUnavailable)
        .await;
    // The document's example, checked and answered for any other thing.
    server.get_thing(r#"{"name": "example"}"#).await;

    assert_eq!(
        get(&server, "/things/one").await,
        (200, r#"{"name":"one"}"#.into())
    );
    assert_eq!(
        get(&server, "/things/gone").await,
        (404, r#"{"name":"gone"}"#.into())
    );
    assert_eq!(get(&server, "/things/down").await.0, 503);
    assert_eq!(
        get(&server, "/things/other").await,
        (200, r#"{"name": "example"}"#.into())
    );
    assert!(server.unexpected_requests().is_empty());
}

#[tokio::test]
async fn an_unexpected_request_is_answered_404_and_fails_the_test_with_what_came() {
    let server = MockServer::start().await;
    server
        .get_thing("{}")
        .with_query("q", "1")
        .respond(200, &Thing { name: "q".into() })
        .await;
    assert_eq!(get(&server, "/things/a?q=1").await.0, 200);
    let (status, body) = get(&server, "/elsewhere?x=2").await;
    assert_eq!(status, 404);
    assert!(body.contains("GET /elsewhere?x=2"), "{body}");
    assert_eq!(server.unexpected_requests(), ["GET /elsewhere?x=2"]);
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
    let message = dropped.expect_err("dropping the server fails the test");
    let message = message
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.contains("1 request(s) it was not told to answer")
            && message.contains("GET /elsewhere?x=2"),
        "{message}"
    );
}

#[tokio::test]
#[should_panic(expected = "the document's example for getThing does not decode as its response")]
async fn an_example_that_does_not_fit_its_schema_is_refused_with_the_reason() {
    let server = MockServer::start().await;
    server.get_thing(r#"{"title": "no name"}"#).await;
}

#[tokio::test]
async fn an_answer_given_times_fails_the_test_when_asked_another_number_of_times() {
    let server = MockServer::start().await;
    server
        .get_thing("{}")
        .times(2)
        .respond(200, &Thing { name: "x".into() })
        .await;
    assert_eq!(get(&server, "/things/a").await.0, 200);
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
    assert!(dropped.is_err(), "asked once of twice");
}
