//! Examples checked against their own schemas: a document whose examples contradict its
//! schemas misleads every reader and every mock server built from it.
//!
//! A small JSON Schema checker over the document's own JSON: `type` (with OpenAPI's
//! `nullable`), `enum`, `const`, `required`, `properties`, `additionalProperties: false`,
//! `items`, lengths, counts, bounds, `pattern` (ECMA-262, with `regress`), `allOf`, `anyOf`,
//! `oneOf` and `$ref` within the document. `format`s are not checked.

use crate::diagnostics::pointer_child;
use serde_json::Value;

/// One way an example breaks its schema: where in the example, and what was expected.
pub struct Violation {
    /// JSON pointer inside the example (`/data/0/id`), empty for the example itself.
    pub at: String,
    pub message: String,
}

/// How deep `$ref`s and nesting are followed; a cyclic schema stops here, not on the stack.
const MAX_DEPTH: usize = 64;

/// The ways `example` breaks `schema` (the first 20: a wrong list would repeat itself).
pub fn check(root: &Value, schema: &Value, example: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    visit(root, schema, example, "", 0, &mut violations);
    violations.truncate(20);
    violations
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => root.pointer(reference.strip_prefix('#')?),
        None => Some(schema),
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn visit(
    root: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    depth: usize,
    out: &mut Vec<Violation>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(schema) = resolve(root, schema) else {
        return; // a dangling $ref is reported by the generator itself
    };
    let Some(object) = schema.as_object() else {
        return;
    };
    let mut fail = |at: &str, message: String| {
        out.push(Violation {
            at: at.to_owned(),
            message,
        })
    };
    if value.is_null() && object.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    if let Some(expected) = object.get("type") {
        let wanted: Vec<&str> = match expected {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let actual = type_of(value);
        let fits = wanted.is_empty()
            || wanted.contains(&actual)
            || (actual == "integer" && wanted.contains(&"number"));
        if !fits {
            fail(
                at,
                format!(
                    "expected {}, found {actual} {}",
                    wanted.join(" or "),
                    shown(value)
                ),
            );
            return;
        }
    }
    if let Some(Value::Array(allowed)) = object.get("enum") {
        if !allowed.is_empty() && !allowed.contains(value) {
            fail(
                at,
                format!("{} is not one of the `enum` values", shown(value)),
            );
        }
    }
    if let Some(constant) = object.get("const") {
        if constant != value {
            fail(
                at,
                format!(
                    "expected the constant {}, found {}",
                    shown(constant),
                    shown(value)
                ),
            );
        }
    }
    match value {
        Value::Object(fields) => {
            for name in object
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = name.as_str() {
                    if !fields.contains_key(name) {
                        fail(at, format!("the required property `{name}` is missing"));
                    }
                }
            }
            let properties = object.get("properties").and_then(Value::as_object);
            for (name, field) in fields {
                let field_at = pointer_child(at, name);
                match properties.and_then(|p| p.get(name)) {
                    Some(field_schema) => visit(root, field_schema, field, &field_at, depth + 1, out),
                    None => match object.get("additionalProperties") {
                        Some(Value::Bool(false)) => out.push(Violation {
                            at: field_at,
                            message: format!("the property `{name}` is not declared and `additionalProperties` is false"),
                        }),
                        Some(extra @ Value::Object(_)) => visit(root, extra, field, &field_at, depth + 1, out),
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = object.get("items") {
                for (index, item) in items.iter().enumerate() {
                    visit(
                        root,
                        item_schema,
                        item,
                        &pointer_child(at, &index.to_string()),
                        depth + 1,
                        out,
                    );
                }
            }
            let count = items.len() as f64;
            bound(
                object,
                "minItems",
                |limit| count < limit,
                "at least {} items",
                at,
                out,
            );
            bound(
                object,
                "maxItems",
                |limit| count > limit,
                "at most {} items",
                at,
                out,
            );
        }
        Value::String(text) => {
            let length = text.chars().count() as f64;
            bound(
                object,
                "minLength",
                |limit| length < limit,
                "at least {} characters",
                at,
                out,
            );
            bound(
                object,
                "maxLength",
                |limit| length > limit,
                "at most {} characters",
                at,
                out,
            );
            if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
                if let Ok(regex) = regress::Regex::new(pattern) {
                    if regex.find(text).is_none() {
                        out.push(Violation {
                            at: at.to_owned(),
                            message: format!(
                                "{} does not match the pattern `{pattern}`",
                                shown(value)
                            ),
                        });
                    }
                }
            }
        }
        Value::Number(number) => {
            if let Some(n) = number.as_f64() {
                let exclusive = |key: &str| object.get(key) == Some(&Value::Bool(true));
                if let Some(min) = object.get("minimum").and_then(Value::as_f64) {
                    if n < min || (exclusive("exclusiveMinimum") && n == min) {
                        out.push(Violation {
                            at: at.to_owned(),
                            message: format!("{n} is below the minimum {min}"),
                        });
                    }
                }
                if let Some(max) = object.get("maximum").and_then(Value::as_f64) {
                    if n > max || (exclusive("exclusiveMaximum") && n == max) {
                        out.push(Violation {
                            at: at.to_owned(),
                            message: format!("{n} is above the maximum {max}"),
                        });
                    }
                }
            }
        }
        _ => {}
    }
    for part in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        visit(root, part, value, at, depth + 1, out);
    }
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alternatives)) = object.get(keyword) {
            let fitting = alternatives
                .iter()
                .filter(|alternative| {
                    let mut scratch = Vec::new();
                    visit(root, alternative, value, at, depth + 1, &mut scratch);
                    scratch.is_empty()
                })
                .count();
            if fitting == 0 && !alternatives.is_empty() {
                out.push(Violation {
                    at: at.to_owned(),
                    message: format!("{} fits none of the `{keyword}` alternatives", shown(value)),
                });
            }
        }
    }
}

/// Checks a numeric keyword (`minItems`, `maxLength`, …) with `broken`.
fn bound(
    object: &serde_json::Map<String, Value>,
    keyword: &str,
    broken: impl Fn(f64) -> bool,
    expected: &str,
    at: &str,
    out: &mut Vec<Violation>,
) {
    if let Some(limit) = object.get(keyword).and_then(Value::as_f64) {
        if broken(limit) {
            out.push(Violation {
                at: at.to_owned(),
                message: format!(
                    "expected {} (`{keyword}`)",
                    expected.replace("{}", &limit.to_string())
                ),
            });
        }
    }
}

/// A value in a message, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::json;

    fn problems(schema: serde_json::Value, example: serde_json::Value) -> Vec<String> {
        let root = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}, "n": {"type": "integer", "minimum": 1}}},
        }}});
        check(&root, &schema, &example)
            .into_iter()
            .map(|v| format!("{}: {}", v.at, v.message))
            .collect()
    }

    #[test]
    fn each_keyword_is_checked_where_it_applies() {
        assert_eq!(
            problems(json!({"type": "string", "enum": ["a"]}), json!("b")),
            [": \"b\" is not one of the `enum` values"]
        );
        assert!(problems(
            json!({"type": "string", "nullable": true, "pattern": "^a"}),
            json!(null)
        )
        .is_empty());
        assert_eq!(
            problems(json!({"type": "string", "pattern": "^a\\d$"}), json!("ab")),
            [": \"ab\" does not match the pattern `^a\\d$`"]
        );
        assert_eq!(
            problems(
                json!({"type": "array", "items": {"type": "integer"}, "maxItems": 1}),
                json!([1, "x"])
            ),
            [
                "/1: expected integer, found string \"x\"",
                ": expected at most 1 items (`maxItems`)"
            ]
        );
        assert_eq!(
            problems(json!({"type": "number"}), json!(3)),
            Vec::<String>::new(),
            "an integer is a number"
        );
        assert_eq!(
            problems(
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
                json!(true)
            ),
            [": true fits none of the `oneOf` alternatives"]
        );
        assert_eq!(
            problems(
                json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
                json!({"b": 1})
            ),
            ["/b: the property `b` is not declared and `additionalProperties` is false"]
        );
    }

    #[test]
    fn references_are_followed_and_cycles_end() {
        let deep = json!({"next": {"next": {"next": {"n": 0}}}});
        assert_eq!(
            problems(json!({"$ref": "#/components/schemas/Node"}), deep),
            ["/next/next/next/n: 0 is below the minimum 1"]
        );
        let mut endless = json!({"n": 1});
        for _ in 0..200 {
            endless = json!({"next": endless});
        }
        assert!(
            problems(json!({"$ref": "#/components/schemas/Node"}), endless).is_empty(),
            "checked to a bounded depth, without overflowing"
        );
    }
}
