//! The webhooks runtime's own tests (not embedded).

use super::*;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Push {
    after: String,
    commits: Vec<Commit>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Commit {
    id: String,
}

#[test]
fn a_payload_decodes_or_says_where_it_does_not_match() {
    let body = br#"{"after": "abc", "commits": [{"id": "1"}]}"#;
    let push: Box<Push> = payload("push", body).expect("decodes");
    assert_eq!(push.commits[0].id, "1");
    let wrong = br#"{"after": "abc", "commits": [{"id": 2}]}"#;
    match payload::<Push>("push", wrong) {
        Err(error @ DecodeError::Payload { .. }) => {
            let text = error.to_string();
            assert!(
                text.starts_with(
                    "the \"push\" webhook's body does not match the API at `commits[0].id`"
                ),
                "{text}"
            );
            assert!(std::error::Error::source(&error).is_some());
        }
        other => panic!("expected a payload error, got {other:?}"),
    }
}

#[test]
fn the_action_is_read_from_the_top_of_the_body_only() {
    assert_eq!(
        action(br#"{"action": "completed", "x": {"action": "no"}}"#).as_deref(),
        Some("completed")
    );
    assert_eq!(action(br#"{"x": {"action": "no"}}"#), None);
    assert_eq!(action(b"not json"), None);
    let unknown = DecodeError::UnknownAction {
        event: "check_run".to_owned(),
        action: Some("paused".to_owned()),
    };
    assert_eq!(
        unknown.to_string(),
        "unknown action Some(\"paused\") of webhook event \"check_run\""
    );
}

#[test]
fn a_form_encoded_delivery_decodes_its_payload_field() {
    let body = b"other=1&payload=%7B%22action%22%3A+%22a+b%22%2C%22n%22%3A1%7D";
    match Event::decode_form("push", body) {
        Ok(Event::Any(value)) => assert_eq!(*value, serde_json::json!({"action": "a b", "n": 1})),
        Err(error) => panic!("{error}"),
    }
    assert!(matches!(
        Event::decode_form("push", b"other=1"),
        Err(DecodeError::NoPayloadField { .. })
    ));
    assert_eq!(percent_decoded(b"100%25%zz%4"), b"100%%zz%4");
}
