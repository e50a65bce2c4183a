//! The generated Kirim client against a real HTTP server on 127.0.0.1.

mod support;

use kirim::models::{
    ContactId, ConversationObject, ConversationStatus, ErrorResponse, Limit, PhoneNumberId,
};
use kirim::{Client, Error, ListConversationsError, ListConversationsParams, RetryPolicy};
use support::{Reply, TestServer};

const TOKEN: &str = "test-token-123";
const PHONE: &str = "106540352242922";
const CONTACT: &str = "ctc_01HXYZABCDEFGHJKMNPQRSTVWX";

const FULL_PAGE: &str = r#"{
  "data": [
    {
      "id": "cnv_01HXYZABCDEFGHJKMNPQRSTVWX",
      "object": "conversation",
      "status": "open",
      "contact": {"id": "ctc_01HXYZABCDEFGHJKMNPQRSTVWX", "phone_number": "+6281234567890", "name": "Budi"},
      "whatsapp_account": {"phone_number": "+6280000000000"},
      "assignee": {"id": "usr_1", "name": "Sari", "email": "sari@example.com"},
      "unread_count": 3,
      "last_message_at": "2024-05-01T10:15:30Z",
      "last_inbound_at": "2024-05-01T10:15:00+07:00",
      "created_at": "2024-04-01T08:00:00Z",
      "updated_at": "2024-05-01T10:15:30.123Z"
    },
    {
      "id": "cnv_2",
      "object": "conversation",
      "status": "archived",
      "contact": {"id": "ctc_2", "phone_number": null, "name": null},
      "whatsapp_account": {"phone_number": null},
      "assignee": {"id": "usr_2", "name": null, "email": null},
      "unread_count": 0,
      "last_message_at": null,
      "last_inbound_at": null,
      "created_at": "2024-04-02T08:00:00Z",
      "updated_at": "2024-04-02T08:00:00Z"
    }
  ],
  "has_more": true,
  "next_cursor": "cur_abc",
  "request_id": "req_page"
}"#;

/// A client without retries: these tests look at one response each (retries are tested in
/// tests/resilience.rs).
fn client(server: &TestServer) -> Client {
    Client::with_base_url(&server.base_url, TOKEN)
        .expect("loopback base URL")
        .with_retry_policy(RetryPolicy::none())
}

fn phone() -> PhoneNumberId {
    PhoneNumberId::new(PHONE).expect("a valid phone_number_id")
}

fn time(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).expect("a valid timestamp")
}

#[tokio::test]
async fn a_full_page_decodes_into_the_models() {
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    let page = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("a 200 page");

    assert!(page.has_more);
    assert_eq!(page.next_cursor.as_deref(), Some("cur_abc"));
    assert_eq!(page.request_id, "req_page");
    assert_eq!(page.data.len(), 2);

    let first = &page.data[0];
    assert_eq!(first.id, "cnv_01HXYZABCDEFGHJKMNPQRSTVWX");
    assert_eq!(first.object, ConversationObject::Conversation);
    assert_eq!(first.status, ConversationStatus::Open);
    assert_eq!(first.contact.id, CONTACT);
    assert_eq!(
        first.contact.phone_number.as_deref(),
        Some("+6281234567890")
    );
    assert_eq!(first.contact.name.as_deref(), Some("Budi"));
    assert_eq!(
        first.whatsapp_account.phone_number.as_deref(),
        Some("+6280000000000")
    );
    assert_eq!(first.assignee.id, "usr_1");
    assert_eq!(first.assignee.name.as_deref(), Some("Sari"));
    assert_eq!(first.assignee.email.as_deref(), Some("sari@example.com"));
    assert_eq!(first.unread_count, 3);
    assert_eq!(first.last_message_at, Some(time("2024-05-01T10:15:30Z")));
    let inbound = first.last_inbound_at.expect("set");
    assert_eq!(inbound, time("2024-05-01T03:15:00Z"));
    assert_eq!(
        inbound.offset().local_minus_utc(),
        7 * 3600,
        "the offset is kept"
    );
    assert_eq!(first.created_at, time("2024-04-01T08:00:00Z"));
    assert_eq!(first.updated_at, time("2024-05-01T10:15:30.123Z"));

    let second = &page.data[1];
    assert_eq!(
        second.status,
        ConversationStatus::Unknown("archived".to_owned()),
        "unknown values are kept"
    );
    assert_eq!(second.status.as_str(), "archived");
    assert_eq!(second.contact.phone_number, None);
    assert_eq!(second.contact.name, None);
    assert_eq!(second.whatsapp_account.phone_number, None);
    assert_eq!(second.assignee.name, None);
    assert_eq!(second.assignee.email, None);
    assert_eq!(second.last_message_at, None);
    assert_eq!(second.last_inbound_at, None);
}

#[tokio::test]
async fn the_request_carries_the_token_the_path_and_the_query() {
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    let params = ListConversationsParams {
        status: Some(ConversationStatus::Pending),
        contact_id: Some(ContactId::new(CONTACT).expect("valid")),
        limit: Some(Limit::new("25").expect("valid")),
        cursor: Some("a b&c=d/é".to_owned()),
    };
    client(&server)
        .list_conversations(&phone(), &params)
        .await
        .expect("a 200 page");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        format!("/v1/{PHONE}/conversations?status=pending&contact_id={CONTACT}&limit=25&cursor=a+b%26c%3Dd%2F%C3%A9")
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn no_query_string_is_sent_without_parameters() {
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("a 200 page");
    assert_eq!(
        server.requests()[0].target,
        format!("/v1/{PHONE}/conversations")
    );
}

/// A call's future borrows the client only: it can be spawned, and the arguments it was
/// made from can be dropped before it is awaited, as the request is built when the method
/// is called. (A request built lazily, or a future that held the arguments, would not
/// compile here.)
#[tokio::test]
async fn a_call_is_sendable_and_outlives_its_arguments() {
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    let client = client(&server);
    let call = {
        let phone = phone();
        let params = ListConversationsParams {
            cursor: Some("cur_1".to_owned()),
            ..ListConversationsParams::default()
        };
        client.list_conversations(&phone, &params)
    };
    let page = call.await.expect("a 200 page");
    assert_eq!(page.next_cursor.as_deref(), Some("cur_abc"));

    let spawned = tokio::spawn(async move {
        client
            .list_conversations(&phone(), &ListConversationsParams::default())
            .await
    });
    let page = spawned.await.expect("the task ran").expect("a 200 page");
    assert_eq!(page.data.len(), 2);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            format!("/v1/{PHONE}/conversations?cursor=cur_1"),
            format!("/v1/{PHONE}/conversations"),
        ]
    );
}

fn envelope(code: &str) -> String {
    format!(
        r#"{{"error": {{"type": "invalid_request_error", "code": "{code}", "message": "Something about {code}", "param": "phone_number_id", "request_id": "req_{code}"}}}}"#
    )
}

#[tokio::test]
async fn every_documented_error_status_is_its_own_typed_error() {
    type Variant = fn(ErrorResponse) -> ListConversationsError;
    let cases: [(u16, Variant); 6] = [
        (400, ListConversationsError::BadRequest),
        (401, ListConversationsError::Unauthorized),
        (404, ListConversationsError::NotFound),
        (422, ListConversationsError::UnprocessableEntity),
        (429, ListConversationsError::TooManyRequests),
        (500, ListConversationsError::InternalServerError),
    ];
    for (status, expected_variant) in cases {
        let code = format!("code_{status}");
        let body = envelope(&code);
        let server = TestServer::start(move |_| Reply::json(status, &body)).await;
        let error = client(&server)
            .list_conversations(&phone(), &ListConversationsParams::default())
            .await
            .expect_err("an error status");
        let Error::Api {
            status: got,
            request_id,
            body,
            attempt: 1,
        } = error
        else {
            panic!("{status}: expected Error::Api, got {error:?}");
        };
        assert_eq!(got.as_u16(), status);
        assert_eq!(request_id.as_deref(), Some(format!("req_{code}").as_str()));
        let envelope: ErrorResponse = match &body {
            ListConversationsError::BadRequest(e)
            | ListConversationsError::Unauthorized(e)
            | ListConversationsError::NotFound(e)
            | ListConversationsError::UnprocessableEntity(e)
            | ListConversationsError::TooManyRequests(e)
            | ListConversationsError::InternalServerError(e) => e.clone(),
        };
        assert_eq!(
            body,
            expected_variant(envelope.clone()),
            "{status} maps to its own variant"
        );
        assert_eq!(envelope.error.type_, "invalid_request_error");
        assert_eq!(envelope.error.code, code);
        assert_eq!(envelope.error.message, format!("Something about {code}"));
        assert_eq!(envelope.error.param.as_deref(), Some("phone_number_id"));
    }
}

#[tokio::test]
async fn the_request_id_header_wins_over_the_body() {
    let server = TestServer::start(|_| {
        Reply::json(404, &envelope("missing")).with_header("x-request-id", "req_header")
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("404");
    assert_eq!(error.request_id(), Some("req_header"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn an_undocumented_status_keeps_the_raw_body() {
    let server =
        TestServer::start(|_| Reply::json(418, "short and stout").with_content_type("text/plain"))
            .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("418");
    match &error {
        Error::UnexpectedStatus {
            status,
            body,
            request_id,
            attempt: 1,
        } => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(body, "short and stout");
            assert_eq!(request_id, &None);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert!(error.to_string().contains("418"), "{error}");
}

#[tokio::test]
async fn an_undecodable_success_body_is_a_decode_error_with_the_body() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"data": "not a list"}"#)).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("bad body");
    match error {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(body, r#"{"data": "not a list"}"#);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_decode_error_says_where_in_the_body_the_value_is() {
    // The second conversation's unread count is a string: the spec says integer.
    let body = FULL_PAGE.replace(r#""unread_count": 0"#, r#""unread_count": "none""#);
    let server = TestServer::start(move |_| Reply::json(200, &body)).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("bad body");
    match &error {
        Error::Decode { path, source, .. } => {
            assert_eq!(path, "data[1].unread_count");
            assert!(
                source.to_string().contains("invalid type: string"),
                "{source}"
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.contains("at `data[1].unread_count`: invalid type"),
        "{shown}"
    );
    // Not an object at all: the whole body is what failed.
    let server = TestServer::start(|_| Reply::json(200, "[]")).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("bad body");
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "."),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_error_status_with_a_malformed_body_is_a_decode_error() {
    let server = TestServer::start(|_| Reply::json(500, r#"{"error": "flat string"}"#)).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("500");
    assert!(
        matches!(&error, Error::Decode { status, body, .. } if status.as_u16() == 500 && body.contains("flat string")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_documented_status_with_an_html_body_is_an_unexpected_content_type() {
    let server = TestServer::start(|_| {
        Reply::json(500, "<html>Internal Server Error</html>")
            .with_content_type("text/html; charset=utf-8")
    })
    .await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("500");
    match &error {
        Error::UnexpectedContentType {
            status,
            content_type,
            body,
            ..
        } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(content_type, "text/html; charset=utf-8");
            assert!(body.contains("Internal Server Error"));
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_nullable_field_is_not_read_as_null() {
    let page = FULL_PAGE.replace(r#""next_cursor": "cur_abc","#, "");
    let server = TestServer::start(move |_| Reply::json(200, &page)).await;
    let error = client(&server)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("next_cursor is required");
    assert!(
        error.to_string().contains("missing field `next_cursor`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    // Bind and drop a listener to get a loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::with_base_url(&format!("http://127.0.0.1:{port}/v1"), TOKEN)
        .unwrap()
        .with_retry_policy(RetryPolicy::none());
    let error = client
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(error, Error::Transport { attempt: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn invalid_inputs_are_rejected_before_any_request() {
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;

    let letters = PhoneNumberId::new("abcdefgh").expect_err("letters");
    assert_eq!(letters.subject(), "phone_number_id");
    assert_eq!(
        letters.to_string(),
        r#"invalid phone_number_id "abcdefgh": must match the pattern ^\d{6,20}$"#
    );
    assert!(PhoneNumberId::new("12345").is_err(), "too short");
    assert!(
        PhoneNumberId::new("123456789012345678901").is_err(),
        "too long"
    );
    assert!(
        "١٢٣٤٥٦٧".parse::<PhoneNumberId>().is_err(),
        r"ECMA-262 \d is ASCII only"
    );

    let prefix = ContactId::new("cus_01HXYZABCDEFGHJKMNPQRSTVWX").expect_err("wrong prefix");
    assert_eq!(prefix.subject(), "contact_id");
    assert!(ContactId::new("ctc_01HXYZ").is_err(), "too short");
    assert!(
        ContactId::new("ctc_01HXYZABCDEFGHJKMNPQRSTVWXY").is_err(),
        "too long"
    );
    assert!(
        ContactId::new("ctc_01HXYZABCDEFGHJKMNPQRSTVWI").is_err(),
        "I is not Crockford base32"
    );
    assert!(Limit::new("ten").is_err());
    assert!(Limit::new("").is_err());

    // Validation also guards what comes back from a server.
    let decoded: Result<PhoneNumberId, _> = serde_json::from_str(r#""12ab""#);
    assert!(decoded.unwrap_err().to_string().contains("phone_number_id"));

    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn nullable_required_fields_decode_null_and_must_be_present() {
    // The models are received, never sent: they implement `Deserialize` only (a
    // configuration with `round_trip` gives them `Serialize` too; the nullable fixture in
    // tests/fixtures_compile.rs checks how nullable fields are written).
    let envelope: ErrorResponse = serde_json::from_str(
        r#"{"error": {"type": "t", "code": "c", "message": "m", "request_id": "r"}}"#,
    )
    .expect("param is optional");
    assert_eq!(envelope.error.param, None);

    let page: kirim::models::ConversationList = serde_json::from_str(FULL_PAGE).unwrap();
    let second = &page.data[1];
    assert_eq!(second.contact.name, None);
    assert_eq!(second.last_message_at, None);
    assert_eq!(second.status.as_str(), "archived");
    // Required and nullable: `null` is a value, but the field must be there.
    let without = FULL_PAGE.replacen(r#""last_message_at": null,"#, "", 1);
    assert_ne!(without, FULL_PAGE);
    let error = serde_json::from_str::<kirim::models::ConversationList>(&without).unwrap_err();
    assert!(error.to_string().contains("last_message_at"), "{error}");
}

#[test]
fn the_client_never_shows_its_token() {
    let client = Client::new(TOKEN);
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("api.kirim.chat"), "{shown}");
    assert_eq!(client.base_url().as_str(), "https://api.kirim.chat/v1");
}

#[test]
fn a_base_url_that_cannot_take_paths_is_rejected() {
    for url in [
        "not a url",
        "mailto:someone@example.com",
        "ftp://example.com",
    ] {
        let error = Client::with_base_url(url, TOKEN).expect_err(url);
        assert!(error.to_string().contains(url), "{error}");
    }
}

#[test]
fn the_token_is_not_sent_over_plain_http_except_to_this_machine() {
    for url in [
        "http://api.kirim.chat/v1",
        "http://10.0.0.7:8080",
        "http://[2001:db8::1]/v1",
    ] {
        let error = Client::with_base_url(url, TOKEN).expect_err(url);
        assert!(error.to_string().contains("unencrypted"), "{error}");
    }
    for url in [
        "https://api.kirim.chat/v1",
        "http://localhost:4010",
        "http://127.0.0.1:4010/v1",
        "http://127.1.2.3",
        "http://[::1]:4010",
    ] {
        assert!(Client::with_base_url(url, TOKEN).is_ok(), "{url}");
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    let target = format!("{}/elsewhere", elsewhere.base_url);
    let origin = TestServer::start(move |_| Reply {
        headers: vec![("location", target.clone())],
        ..Reply::json(307, "")
    })
    .await;
    let page = client(&origin)
        .list_conversations(&phone(), &ListConversationsParams::default())
        .await
        .expect("the redirect is followed");
    assert_eq!(page.data.len(), 2);
    let asked = &origin.requests()[0];
    assert_eq!(
        asked.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let redirected = &elsewhere.requests()[0];
    assert_eq!(redirected.target, "/v1/elsewhere");
    assert_eq!(
        redirected.header("authorization"),
        None,
        "another origin (here another port) never sees the token"
    );
}

#[cfg(not(feature = "metadata"))]
#[test]
#[ignore = "needs the metadata feature: cargo test --features metadata --test client (.ci/run runs it)"]
fn a_success_comes_with_its_status_headers_and_request_id_when_asked() {}

#[cfg(feature = "metadata")]
#[tokio::test]
async fn a_success_comes_with_its_status_headers_and_request_id_when_asked() {
    let server = TestServer::start(|_| {
        Reply::json(200, FULL_PAGE)
            .with_header("x-request-id", "req_meta")
            .with_header("x-ratelimit-remaining", "99")
    })
    .await;
    let response = client(&server)
        .list_conversations_with_response(&phone(), &ListConversationsParams::default())
        .await
        .expect("a page");
    assert_eq!(response.status, reqwest::StatusCode::OK);
    assert_eq!(response.request_id.as_deref(), Some("req_meta"));
    assert_eq!(
        response
            .headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("99")
    );
    // It derefs to the body; into_body gives it away.
    assert_eq!(response.data.len(), 2);
    let page: kirim::models::ConversationList = response.into_body();
    assert!(page.has_more);
}

/// Signs every attempt; counts the responses it sees.
struct Signer {
    seen: std::sync::atomic::AtomicUsize,
}

impl kirim::Hook for Signer {
    fn on_request<'a>(&'a self, request: &'a mut reqwest::Request) -> kirim::HookResult<'a> {
        Box::pin(async move {
            let path = request.url().path().to_owned();
            request
                .headers_mut()
                .insert("x-signature", format!("signed:{path}").parse()?);
            Ok(())
        })
    }

    fn on_response<'a>(&'a self, response: &'a reqwest::Response) -> kirim::HookResult<'a> {
        self.seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if response.status() == reqwest::StatusCode::IM_A_TEAPOT {
            return Box::pin(std::future::ready(Err("a teapot".into())));
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

#[tokio::test]
async fn a_hook_signs_each_request_sees_each_response_and_its_error_is_typed() {
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(200, FULL_PAGE),
        _ => Reply::json(418, "{}"),
    })
    .await;
    let signer = std::sync::Arc::new(Signer {
        seen: std::sync::atomic::AtomicUsize::new(0),
    });
    let client = client(&server).with_hook(signer.clone());
    let params = ListConversationsParams::default();
    client.list_conversations(&phone(), &params).await.unwrap();
    let error = client
        .list_conversations(&phone(), &params)
        .await
        .expect_err("the hook refuses a teapot");
    assert!(matches!(error, Error::Hook { attempt: 1, .. }), "{error:?}");
    assert_eq!(error.to_string(), "a hook ended the call: a teapot");
    assert_eq!(signer.seen.load(std::sync::atomic::Ordering::SeqCst), 2);
    let requests = server.requests();
    assert_eq!(
        requests[0].header("x-signature"),
        Some("signed:/v1/106540352242922/conversations")
    );
    // The token is not the hook's to see in Debug output either.
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[tokio::test]
async fn the_calls_futures_can_be_spawned() {
    // With the `metadata` feature the plain methods return an adapter of the
    // `_with_response` call's future, not an `async fn`'s: it is `Send` as the call is, so
    // a call can run on another task (as without the feature, where it is the call's own).
    let server = TestServer::start(|_| Reply::json(200, FULL_PAGE)).await;
    let client = client(&server);
    let page = tokio::spawn(async move {
        client
            .list_conversations(&phone(), &ListConversationsParams::default())
            .await
    })
    .await
    .expect("the task ran")
    .expect("a page");
    assert_eq!(page.data.len(), 2);
}
