//! `examples/list_conversations.rs`, run as a user runs it, against a loopback server.

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::{Reply, TestServer};

/// Cargo builds the examples before it runs the tests, next to the test binaries.
fn example_binary() -> PathBuf {
    let mut path = std::env::current_exe().expect("test binary path");
    path.pop();
    if path.ends_with("deps") {
        path.pop();
    }
    let binary = path.join("examples").join("list_conversations");
    assert!(
        binary.exists(),
        "{} is missing: `cargo test` builds it with the other targets (or run `cargo build --examples`)",
        binary.display()
    );
    binary
}

fn conversation(id: &str, name: &str) -> String {
    format!(
        r#"{{"id": "{id}", "object": "conversation", "status": "open",
            "contact": {{"id": "ctc_1", "phone_number": "+62811", "name": "{name}"}},
            "whatsapp_account": {{"phone_number": null}},
            "assignee": {{"id": "usr_1", "name": null, "email": null}},
            "unread_count": 4, "last_message_at": "2024-05-01T10:15:30Z", "last_inbound_at": null,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}}"#
    )
}

/// The example's output listing the open conversations of `106540352242922` from the
/// server at `base_url`, once it has exited successfully.
async fn list_open_conversations(base_url: String) -> String {
    let binary = example_binary();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .args([
                "--base-url",
                &base_url,
                "--phone-number-id",
                "106540352242922",
            ])
            .args(["--status", "open"])
            .env("KIRIM_TOKEN", "example-token")
            .output()
            .expect("the example runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[tokio::test]
async fn the_example_pages_through_everything_and_prints_a_table() {
    let server = TestServer::start(|request| {
        let (data, more, next) = match request.query("cursor") {
            None => (conversation("cnv_a", "Budi"), true, "\"cur_2\""),
            _ => (conversation("cnv_b", "Sari"), false, "null"),
        };
        Reply::json(200, &format!(r#"{{"data": [{data}], "has_more": {more}, "next_cursor": {next}, "request_id": "r"}}"#))
    })
    .await;
    let stdout = list_open_conversations(server.base_url.clone()).await;
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("ID"), "{stdout}");
    assert!(
        lines[1].starts_with("cnv_a")
            && lines[1].contains("Budi")
            && lines[1].contains("2024-05-01 10:15"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("cnv_b") && lines[2].contains("Sari"),
        "{stdout}"
    );
    assert_eq!(lines[3], "2 conversations");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.query("status") == Some("open")));
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer example-token")
    );
}

#[tokio::test]
async fn the_example_rejects_bad_flags_and_a_missing_token() {
    let binary = example_binary();
    let output = tokio::task::spawn_blocking(move || {
        let bad_id = Command::new(&binary)
            .args(["--phone-number-id", "abc"])
            .env("KIRIM_TOKEN", "t")
            .output()
            .unwrap();
        let no_token = Command::new(&binary)
            .args(["--phone-number-id", "106540352242922"])
            .env_remove("KIRIM_TOKEN")
            .output()
            .unwrap();
        (bad_id, no_token)
    })
    .await
    .unwrap();
    let (bad_id, no_token) = output;
    assert_eq!(bad_id.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_id.stderr).contains("invalid phone_number_id"));
    assert_eq!(no_token.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_token.stderr).contains("KIRIM_TOKEN"));
}

/// The example program against `kirim::mock`, as its user's own test would run it: two
/// pages, told apart by the cursor, each answered once.
#[cfg(feature = "mock")]
#[tokio::test]
async fn the_example_runs_against_the_typed_mock() {
    use kirim::mock::MockServer;
    use kirim::models::ConversationList;
    let page = |data: String, next: &str| -> ConversationList {
        let more = next != "null";
        serde_json::from_str(&format!(
            r#"{{"data": [{data}], "has_more": {more}, "next_cursor": {next}, "request_id": "r"}}"#
        ))
        .expect("a valid page")
    };
    let server = MockServer::start().await;
    server
        .list_conversations()
        .with_path("/106540352242922/conversations")
        .with_query("status", "open")
        .without_query("cursor")
        .times(1)
        .respond(200, &page(conversation("cnv_a", "Budi"), "\"cur_2\""))
        .await;
    server
        .list_conversations()
        .with_query("cursor", "cur_2")
        .times(1)
        .respond(200, &page(conversation("cnv_b", "Sari"), "null"))
        .await;
    let stdout = list_open_conversations(server.base_url()).await;
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1].starts_with("cnv_a") && lines[1].contains("Budi"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("cnv_b") && lines[2].contains("Sari"),
        "{stdout}"
    );
    assert_eq!(lines[3], "2 conversations");
}

#[cfg(not(feature = "mock"))]
#[test]
#[ignore = "needs the mock feature: cargo test --features mock --test example (.ci/run runs it)"]
fn the_example_against_the_typed_mock_needs_the_mock_feature() {}
