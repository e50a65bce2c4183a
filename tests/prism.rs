//! Conformance against an independent implementation of the spec: Stoplight Prism mocks
//! `spec/conversations.yaml` in dynamic mode (random responses generated from the schemas)
//! and validates every request it receives against the same document.
//!
//! Prism is found at `$PRISM_BIN`, at `target/prism/node_modules/.bin/prism` (where
//! `.ci/run` installs it), or on the `PATH`. The test needs it, so `cargo test` lists it as
//! ignored, with the reason, rather than reporting a pass that tested nothing; run it with
//! `cargo test --test prism -- --ignored`. `.ci/run` does, and there (`CI` set) a missing
//! Prism fails it.

use futures_util::StreamExt;
use kirim::models::{ContactId, ConversationStatus, Limit, PhoneNumberId};
use kirim::{Client, ListConversationsParams, RetryPolicy};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str = "npm install --prefix target/prism @stoplight/prism-cli@5.16.0";

fn prism_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PRISM_BIN") {
        return Some(PathBuf::from(path));
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/prism/node_modules/.bin/prism");
    if local.exists() {
        return Some(local);
    }
    let on_path = Command::new("prism")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    on_path
        .is_ok_and(|status| status.success())
        .then(|| PathBuf::from("prism"))
}

/// The Prism process, stopped when the test ends however it ends.
struct Prism {
    child: Child,
    log: PathBuf,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Prism {
    fn start(binary: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::env::temp_dir().join(format!("kirim-prism-{}.log", std::process::id()));
        let output = std::fs::File::create(&log).expect("prism log file");
        let child = Command::new(binary)
            .args([
                "mock",
                "--dynamic",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/conversations.yaml"))
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("prism starts");
        let prism = Self { child, log, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "prism did not listen within 60 s:\n{}",
                prism.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

#[tokio::test]
#[ignore = "needs Prism (npm install --prefix target/prism @stoplight/prism-cli@5.16.0); run with: cargo test --test prism -- --ignored"]
async fn prism_generated_responses_decode_and_our_requests_pass_its_validation() {
    let Some(binary) = prism_binary() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Prism is required in CI; install it with: {INSTALL}"
        );
        // Asked for by name without Prism: say so where cargo shows it, and fail, since
        // nothing was tested.
        panic!("Prism is not installed; install it with: {INSTALL}");
    };
    let prism = Prism::start(&binary);
    let client = Client::with_base_url(&format!("http://127.0.0.1:{}", prism.port), "prism-token")
        .unwrap()
        .with_retry_policy(RetryPolicy::none());
    let phone = PhoneNumberId::new("106540352242922").unwrap();

    let statuses = [
        None,
        Some(ConversationStatus::Open),
        Some(ConversationStatus::Resolved),
        Some(ConversationStatus::Pending),
    ];
    let mut requests = 0;
    let mut conversations = 0;
    for round in 0..40 {
        let params = ListConversationsParams {
            status: statuses[round % statuses.len()].clone(),
            contact_id: (round % 3 == 0)
                .then(|| ContactId::new("ctc_01HXYZABCDEFGHJKMNPQRSTVWX").unwrap()),
            limit: (round % 2 == 0).then(|| Limit::new((round + 1).to_string()).unwrap()),
            cursor: (round % 5 == 0).then(|| format!("cursor with spaces & symbols/{round}")),
        };
        let page = client
            .list_conversations(&phone, &params)
            .await
            .unwrap_or_else(|error| panic!("round {round}: {error}\n{}", prism.log_text()));
        requests += 1;
        conversations += page.data.len();
    }
    // The stream follows whatever cursors Prism invents; take enough to span pages.
    let streamed: Vec<_> = client
        .list_conversations_stream(&phone, &ListConversationsParams::default())
        .take(30)
        .collect()
        .await;
    for item in &streamed {
        assert!(item.is_ok(), "{item:?}");
    }
    let log = prism.log_text();
    let received = log.matches("Request received").count();
    let passed = log
        .matches("The request passed the validation rules")
        .count();
    assert!(
        received > requests,
        "the paged requests and the stream's reached Prism:\n{log}"
    );
    assert_eq!(
        passed, received,
        "every request passed Prism's validation:\n{log}"
    );
    assert!(!log.contains("did not pass the validation rules"), "{log}");
    assert!(conversations > 0, "Prism generated conversations to decode");

    // A negative control: Prism does reject a request that breaks the spec.
    let raw = reqwest::Client::new()
        .get(format!(
            "http://127.0.0.1:{}/106540352242922/conversations?limit=ten",
            prism.port
        ))
        .bearer_auth("prism-token")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 422);
    assert!(prism.log_text().contains("Violation: request.query.limit"));
    eprintln!("prism: {received} requests validated, {conversations} generated conversations decoded, {} streamed", streamed.len());
}
