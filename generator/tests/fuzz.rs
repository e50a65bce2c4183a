//! Property tests over load + generate: random documents built from the constructs real
//! ones use (and misuse), and random byte edits of the Kirim document. Whatever comes in,
//! the generator returns a client or an error; it never panics.
//!
//! The case counts keep a CI run to seconds; `PROPTEST_CASES=100000 cargo test --release
//! -p openapi-client-gen --test fuzz` runs a longer campaign. A document that ever made it
//! panic is kept under `tests/fuzz-regressions/` and replayed by the first test.

use openapi_client_gen::Config;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;

/// Generates, catching a panic so that the property can report it as a failure.
fn survives(text: &str) -> Result<(), String> {
    let result =
        std::panic::catch_unwind(|| Config::new().rustfmt(false).generate(text, "fuzz.yaml"));
    match result {
        Ok(_) => Ok(()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".to_owned())),
    }
}

#[test]
fn documents_that_once_crashed_the_generator_stay_fixed() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(folder).expect("the folder exists") {
        let path = entry.expect("readable").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(survives(&text), Ok(()), "{}", path.display());
        replayed += 1;
    }
    assert!(replayed > 0, "no regression documents were replayed");
}

/// Names as documents write them: keywords, digits first, punctuation, non-ASCII, empty.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type",
            "self",
            "Self",
            "Result",
            "Client",
            "Error",
            "From",
            "2fa",
            "a-b",
            "a b",
            "é",
            "_",
            "",
            "$ref",
            "id",
            "ID",
            "Id",
            "x".repeat(200).leak(),
            "🙂",
            "a.b",
            "async",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z_][a-zA-Z0-9_-]{0,12}",
    ]
}

/// A schema, `depth` levels deep at most, with refs to `S0`..`S3` (S3 never exists).
fn schema(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "format": "byte"})),
        Just(json!({"type": "integer", "format": "int32", "minimum": -5, "maximum": 1e20})),
        Just(json!({"type": "integer", "enum": [1, 2, -9223372036854775808i64]})),
        Just(json!({"type": "number", "exclusiveMinimum": true, "minimum": 0.5})),
        Just(json!({"type": "boolean", "default": "not a bool"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"const": 3})),
        Just(json!({})),
        Just(json!({"nullable": true})),
        prop::sample::select(vec![
            "^a+$",
            "[",
            "(?<x>a)\\k<x>",
            "\\d{2,}",
            "^$",
            "\\p{L}",
            "a{3,1}"
        ])
        .prop_map(|p| json!({"type": "string", "pattern": p})),
        prop::collection::vec(name(), 0..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        (0..4u8).prop_map(|i| json!({"$ref": format!("#/components/schemas/S{i}")})),
        Just(json!({"$ref": "#/components/schemas/"})),
        Just(json!({"$ref": "other.yaml#/Pet"})),
    ];
    // Now and then, something that is no schema at all: the document must be refused cleanly.
    let leaf = prop_oneof![40 => leaf, 1 => prop::sample::select(vec![json!(true), json!("not a schema"), json!(7)])];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = schema(depth - 1);
    prop_oneof![
        3 => leaf,
        1 => (prop::collection::vec((name(), inner.clone()), 0..4), prop::collection::vec(name(), 0..3))
            .prop_map(|(properties, required)| {
                let properties: serde_json::Map<String, Value> = properties.into_iter().collect();
                json!({"type": "object", "properties": properties, "required": required})
            }),
        1 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
        1 => inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
        1 => prop::collection::vec(inner.clone(), 0..3).prop_map(|all| json!({"allOf": all})),
        1 => (prop::collection::vec(inner.clone(), 0..3), any::<bool>()).prop_map(|(alternatives, tagged)| {
            if tagged {
                json!({"oneOf": alternatives, "discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/S0"}}})
            } else {
                json!({"anyOf": alternatives})
            }
        }),
        1 => inner.prop_map(|not| json!({"not": not})),
    ]
    .boxed()
}

fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        prop_oneof![
            20 => prop::sample::select(vec!["path", "query", "header", "cookie"]),
            1 => prop::sample::select(vec!["body", "nowhere"]),
        ],
        prop::sample::select(vec!["form", "simple", "deepObject", "pipeDelimited", "matrix", "label"]),
        any::<bool>(),
        schema(1),
    )
        .prop_map(|(name, location, style, explode, schema)| {
            json!({"name": name, "in": location, "style": style, "explode": explode, "required": location == "path", "schema": schema})
        })
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::option::of(name()),
        prop::collection::vec(parameter(), 0..4),
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "200", "201", "204", "2XX", "400", "4XX", "default", "302", "999", "abc",
                ]),
                prop::sample::select(vec![
                    "application/json",
                    "text/plain",
                    "application/octet-stream",
                    "*/*",
                    "multipart/form-data",
                ]),
                schema(2),
            ),
            0..4,
        ),
        prop::option::of((
            prop::sample::select(vec![
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain",
            ]),
            schema(2),
        )),
        prop::sample::select(vec![
            json!(null),
            json!([]),
            json!([{"bearer": []}]),
            json!([{"key": [], "missing": []}]),
        ]),
    )
        .prop_map(|(id, parameters, responses, body, security)| {
            let mut responses_map = serde_json::Map::new();
            for (status, media, schema) in responses {
                responses_map.insert(
                    status.to_owned(),
                    json!({"description": "d", "content": {media: {"schema": schema}}}),
                );
            }
            let mut operation = json!({"parameters": parameters, "responses": responses_map});
            if let Some(id) = id {
                operation["operationId"] = json!(id);
            }
            if let Some((media, schema)) = body {
                operation["requestBody"] = json!({"content": {media: {"schema": schema}}});
            }
            if !security.is_null() {
                operation["security"] = security;
            }
            operation
        })
}

fn document() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["3.0.3", "3.1.0", "3.0.0"]),
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "/a",
                    "/a/{id}",
                    "/{x}/{y}",
                    "/",
                    "/a/{id}.{format}",
                    "no-slash",
                    "/b/{}",
                ]),
                prop::sample::select(vec!["get", "post", "put", "delete", "patch", "trace"]),
                operation(),
            ),
            0..5,
        ),
        prop::collection::vec(schema(3), 0..4),
    )
        .prop_map(|(version, operations, schemas)| {
            let mut paths = serde_json::Map::new();
            for (path, method, operation) in operations {
                let item = paths.entry(path.to_owned()).or_insert_with(|| json!({}));
                item[method] = operation;
            }
            let schemas: serde_json::Map<String, Value> = schemas
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("S{i}"), s))
                .collect();
            json!({
                "openapi": version,
                "info": {"title": "Fuzz", "version": "1"},
                "paths": paths,
                "components": {
                    "schemas": schemas,
                    "securitySchemes": {
                        "bearer": {"type": "http", "scheme": "bearer"},
                        "key": {"type": "apiKey", "in": "query", "name": "api key"}
                    }
                }
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_document_of_real_constructs_generates_or_is_refused_without_a_panic(document in document()) {
        let text = serde_json::to_string_pretty(&document).expect("serializes");
        prop_assert_eq!(survives(&text), Ok(()), "{}", text);
    }

    #[test]
    fn any_edit_of_the_kirim_document_generates_or_is_refused_without_a_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..4u8, any::<u8>()), 1..8)
    ) {
        let spec = include_str!("../../spec/conversations.yaml");
        let mut bytes = spec.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at.index(bytes.len());
            match kind {
                0 => bytes[at] = byte,
                1 => { bytes.remove(at); }
                2 => bytes.insert(at, byte),
                _ => { bytes.truncate(at); }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        prop_assert_eq!(survives(&text), Ok(()), "{}", text);
    }
}
