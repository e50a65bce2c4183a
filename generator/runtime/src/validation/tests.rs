//! The validation runtime's own tests (not embedded).

use super::*;

#[test]
fn an_error_names_the_subject_bounds_the_value_and_states_the_rule() {
    let error = ValidationError::new("Conversation.id", "é".repeat(100), Rule::MaxLength(64));
    assert_eq!(error.subject(), "Conversation.id");
    assert_eq!(error.value().chars().count(), 100);
    let text = error.to_string();
    let shown = format!("{}…", "é".repeat(64));
    assert_eq!(
        text,
        format!("invalid Conversation.id {shown:?}: must be at most 64 characters long")
    );
    let short = ValidationError::new(
        "limit",
        0,
        Rule::Minimum {
            limit: "1",
            exclusive: false,
        },
    );
    assert_eq!(short.to_string(), "invalid limit \"0\": must be at least 1");
}

#[test]
fn every_rule_reads_as_a_requirement() {
    let cases = [
        (Rule::Pattern("^a$"), "must match the pattern ^a$"),
        (Rule::MinLength(2), "must be at least 2 characters long"),
        (
            Rule::Minimum {
                limit: "0.5",
                exclusive: true,
            },
            "must be greater than 0.5",
        ),
        (
            Rule::Maximum {
                limit: "10",
                exclusive: false,
            },
            "must be at most 10",
        ),
        (
            Rule::Maximum {
                limit: "10",
                exclusive: true,
            },
            "must be less than 10",
        ),
        (Rule::OneOf(&[1, 2]), "must be one of [1, 2]"),
    ];
    for (rule, text) in cases {
        assert_eq!(rule.to_string(), text);
    }
}

#[test]
fn patterns_are_searched_not_anchored() {
    let digits = compile(r"\d{3}");
    assert!(is_match(&digits, "ab123cd"));
    assert!(!is_match(&digits, "12-3"));
    assert!(is_match(&NOTE_PATTERN, "Ship ASAP"));
    assert!(!is_match(&NOTE_PATTERN, "SHOUTING"));
    assert!(!is_match(&NOTE_PATTERN, &"a".repeat(41)));
}

#[test]
fn a_run_takes_as_many_as_it_may_and_needs_its_minimum() {
    let digit = |byte: u8| byte.is_ascii_digit();
    assert_eq!(take(b"123ab", 1, usize::MAX, digit), Some(&b"ab"[..]));
    assert_eq!(take(b"123ab", 1, 2, digit), Some(&b"3ab"[..]));
    assert_eq!(take(b"ab", 1, 3, digit), None);
    assert_eq!(take(b"ab", 0, 3, digit), Some(&b"ab"[..]));
    assert_eq!(exactly(b"12ab", 2, digit), Some(&b"ab"[..]));
    assert_eq!(exactly(b"1ab", 2, digit), None);
    assert_eq!(exactly(b"1", 2, digit), None);
}
