//! Names: every identifier the generated code uses for something from the document.
//!
//! Document names are free text; Rust identifiers are not. These functions make one from
//! the other (case conversion, keywords, leading digits, symbols), and [`NameSet`] settles
//! collisions with a numeric suffix, in the order names are claimed, which the model keeps
//! deterministic.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict and reserved keywords of every edition, which cannot name a field or function.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names clippy's `disallowed_names` lint rejects by default, in a binding or an argument:
/// a property called `foo` must not fail `clippy -D warnings`.
const DISALLOWED_NAMES: &[&str] = &["foo", "baz", "quux"];

/// Type names the generated modules use unqualified: the prelude's types, traits and
/// variants. A document type may not shadow them (a schema named `From` would break every
/// `impl From<…>`).
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Splits on anything that is not an ASCII letter or digit, so heck sees word boundaries.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case identifier for a field, parameter or method; `fallback` when `raw` has no
/// letters or digits at all.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // A sign is part of a number's name (GitHub's reactions `+1` and `-1`), and a
        // name of only digits and underscores fails clippy's
        // `just_underscores_and_digits` where `object!` binds it.
        let sign = match raw.trim_start().chars().next() {
            Some('+') => "plus_",
            Some('-') => "minus_",
            _ if name.bytes().all(|b| b.is_ascii_digit() || b == b'_') => "n",
            _ => "_",
        };
        name.insert_str(0, sign);
    }
    if KEYWORDS.contains(&name.as_str()) || DISALLOWED_NAMES.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A PascalCase identifier; names that would start with a digit get `digit_prefix`.
pub fn pascal(raw: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if name == "Self" {
        // The one keyword that is PascalCase.
        name.push_str("Value");
    }
    name
}

/// A PascalCase type name that does not shadow a prelude type.
pub fn type_name(raw: &str) -> String {
    let name = pascal(raw, "Unnamed", "T");
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// Identifiers already taken in one namespace.
#[derive(Debug, Default)]
pub struct NameSet {
    used: BTreeSet<String>,
}

impl NameSet {
    /// Takes `candidate`, or `candidate2`, `candidate3`, … if it is taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.used.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        (2..)
            .map(|n| format!("{candidate}{n}"))
            .find(|name| self.used.insert(name.clone()))
            .unwrap_or_default()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_fields() {
        assert_eq!(snake("phone_number_id", "f"), "phone_number_id");
        assert_eq!(snake("lastMessageAt", "f"), "last_message_at");
        assert_eq!(snake("X-Request-ID", "f"), "x_request_id");
        assert_eq!(snake("type", "f"), "type_");
        assert_eq!(snake("self", "f"), "self_");
        assert_eq!(snake("2fa", "f"), "_2fa");
        assert_eq!(snake("+1", "f"), "plus_1");
        assert_eq!(snake("-1", "f"), "minus_1");
        assert_eq!(
            snake("404", "f"),
            "n404",
            "clippy's just_underscores_and_digits"
        );
        assert_eq!(snake("1_2", "f"), "n1_2");
        assert_eq!(snake("+", "field"), "field");
        assert_eq!(snake("foo", "f"), "foo_", "clippy's disallowed_names");
        assert_eq!(snake("baz", "f"), "baz_");
        assert_eq!(snake("foo_bar", "f"), "foo_bar");
    }

    #[test]
    fn pascal_case_types() {
        assert_eq!(type_name("conversation_status"), "ConversationStatus");
        assert_eq!(type_name("ConversationList"), "ConversationList");
        assert_eq!(type_name("3d-model"), "T3dModel");
        assert_eq!(type_name("String"), "StringType");
        assert_eq!(type_name("Result"), "ResultType");
        assert_eq!(
            type_name("from"),
            "FromType",
            "a schema must not shadow the From trait"
        );
        assert_eq!(pascal("in-progress", "Empty", "V"), "InProgress");
        assert_eq!(pascal("1", "Empty", "V"), "V1");
        assert_eq!(pascal("", "Empty", "V"), "Empty");
        assert_eq!(pascal("self", "Empty", "V"), "SelfValue");
    }

    #[test]
    fn collisions_get_numbers_in_claim_order() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("FooBar"), "FooBar");
        assert_eq!(names.claim("FooBar"), "FooBar2");
        assert_eq!(names.claim("FooBar"), "FooBar3");
        assert!(names.contains("FooBar2"));
    }
}
