//! Normalisation: the document as a `serde_json::Value`, rewritten into the OpenAPI 3.0
//! shape `openapiv3` reads, before it is deserialized.
//!
//! It maps OpenAPI 3.1 (JSON Schema 2020-12) onto 3.0 where 3.0 can say the same thing
//! (`type: [T, "null"]` is `type: T, nullable: true`; `const` is a one-value `enum`; numeric
//! `exclusiveMinimum` is `minimum` plus a flag; boolean schemas are `{}` and `{not: {}}`),
//! and it drops what the generator does not use and cannot read (`callbacks`, `links`,
//! `webhooks`) or keywords whose value has the wrong JSON type (`pattern: 0`), with a
//! warning for each change that loses meaning. The walk knows where schemas are, so a
//! property *named* `type` or `const` is never mistaken for the keyword.

use crate::diagnostics::pointer_child;
use serde_json::{Map, Value};

/// A change that loses meaning: where, and what.
pub struct Note {
    pub pointer: String,
    pub message: String,
    /// The document breaks the specification here (a 3.0 document without `paths`).
    pub invalid: bool,
}

/// What normalising a document did: the notes, and the nodes it moved (their new
/// pointer, and the one they had).
pub struct Normalized {
    pub notes: Vec<Note>,
    pub moved: Vec<(String, String)>,
}

/// Rewrites `document` in place.
pub fn normalize(document: &mut Value) -> Normalized {
    let mut walk = Walk {
        notes: Vec::new(),
        v3_1: false,
        callbacks: Vec::new(),
        moved: Vec::new(),
    };
    hoist_deep_schema_references(document);
    walk.document(document);
    Normalized {
        notes: walk.notes,
        moved: walk.moved,
    }
}

/// JSON pointer tokens a reference passes through on its way into a schema.
const SCHEMA_TOKENS: &[&str] = &[
    "schemas",
    "schema",
    "definitions",
    "$defs",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
];

/// A `$ref` to a schema that is not a `components.schemas` entry of its own: inside one
/// (`#/components/schemas/X/$defs/Y`, `.../properties/z`), under a top-level
/// `definitions`, or in an operation. The generator names types after components, so each
/// such target is copied into `components.schemas` under a name made from its pointer, and
/// every reference to it is rewritten to the copy.
fn hoist_deep_schema_references(document: &mut Value) {
    let mut references = std::collections::BTreeSet::new();
    each_reference(document, &mut |reference| {
        if is_deep_schema_reference(reference) {
            references.insert(reference.to_owned());
        }
    });
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let mut copies: Vec<(String, String, Value)> = Vec::new();
    for reference in references {
        // Left as it is when there is nothing there (the model reports a reference to
        // nothing), or no schema (an example's `$ref` to another example's text).
        let Some(target) = resolve_in(root, &reference).filter(|t| t.is_object() || t.is_boolean())
        else {
            continue;
        };
        let taken = |key: &str| {
            copies.iter().any(|(_, k, _)| k == key)
                || root
                    .get("components")
                    .and_then(|c| c.get("schemas"))
                    .is_some_and(|schemas| schemas.get(key).is_some())
        };
        let base = hoisted_key(&reference);
        let key = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}_{n}")))
            .find(|key| !taken(key))
            .unwrap_or(base);
        copies.push((reference, key, target.clone()));
    }
    if copies.is_empty() {
        return;
    }
    let rewritten: std::collections::BTreeMap<String, String> = copies
        .iter()
        .map(|(reference, key, _)| {
            (
                reference.clone(),
                pointer_child("#/components/schemas", key),
            )
        })
        .collect();
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(components) = components.as_object_mut() {
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (_, key, copy) in copies {
                schemas.insert(key, copy);
            }
        }
    }
    each_reference_mut(document, &mut |reference| {
        if let Some(new) = rewritten.get(reference.as_str()) {
            *reference = new.clone();
        }
    });
}

/// Whether `reference` points into a schema somewhere other than at a component schema.
fn is_deep_schema_reference(reference: &str) -> bool {
    let Some(path) = reference.strip_prefix("#/") else {
        return false;
    };
    let tokens: Vec<&str> = path.split('/').collect();
    let component = matches!(tokens.as_slice(), ["components", _, _]);
    !component && tokens.iter().any(|token| SCHEMA_TOKENS.contains(token))
}

/// A component name for a hoisted schema: its pointer's tokens, without those that only
/// say where schemas are kept (`#/components/schemas/Pet/properties/owner` is `Pet_owner`).
fn hoisted_key(reference: &str) -> String {
    let path = reference.trim_start_matches("#/");
    let tokens: Vec<String> = path
        .split('/')
        .filter(|token| !SCHEMA_TOKENS.contains(token) && *token != "components")
        // A key a reference can name without escapes: the model reads the key after
        // `#/components/schemas/` as it is.
        .map(|token| {
            token
                .replace("~1", "/")
                .replace("~0", "~")
                .chars()
                .map(|c| match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '.' => c,
                    _ => '_',
                })
                .collect::<String>()
        })
        .collect();
    if tokens.is_empty() {
        "Hoisted".to_owned()
    } else {
        tokens.join("_")
    }
}

/// Calls `visit` with every `$ref` string in `value`, depth first (iteratively: documents
/// may nest deeply).
fn each_reference(value: &Value, visit: &mut dyn FnMut(&str)) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    visit(reference);
                }
                pending.extend(object.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}

fn each_reference_mut(value: &mut Value, visit: &mut dyn FnMut(&mut String)) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                for (key, child) in object.iter_mut() {
                    match child {
                        Value::String(reference) if key == "$ref" => visit(reference),
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

struct Walk {
    notes: Vec<Note>,
    /// The document says `openapi: 3.1.x` (or 3.2.x), where `paths` and `responses` are
    /// optional.
    v3_1: bool,
    /// Nodes moved: where they are now, and where they were.
    moved: Vec<(String, String)>,
    /// The operations' callbacks, normalised, each with its name and where it was: they
    /// join the webhooks (their payloads are requests the server sends, as a webhook's).
    callbacks: Vec<(String, String, Value)>,
}

/// A webhook's path item without the mark of where it was.
fn without_pointer(item: &Value) -> Value {
    let mut item = item.clone();
    if let Some(object) = item.as_object_mut() {
        object.remove("x-pointer");
    }
    item
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that hold one schema, and keywords that hold a map or a list of them.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
];
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords that describe a value without constraining its JSON (`xml` only names it in
/// XML).
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "$comment",
    "xml",
];

/// A schema that only annotates: an object of annotation keywords and extensions, not a
/// reference.
fn only_annotates(schema: &Value) -> bool {
    schema.as_object().is_some_and(|keywords| {
        keywords
            .keys()
            .all(|keyword| ANNOTATIONS.contains(&keyword.as_str()) || keyword.starts_with("x-"))
    })
}

impl Walk {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
            invalid: false,
        });
    }

    /// A slip that makes the document invalid, mended so that it can still be used.
    fn violation(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
            invalid: true,
        });
    }

    /// Adds the callbacks to `x-webhooks`, named by their names (`event`), each marked
    /// with where it was (`x-pointer`) for diagnostics. A callback that several
    /// operations declare alike is one webhook; a different one of the same name gets
    /// a numbered name.
    fn callbacks_to_webhooks(&mut self, root: &mut Map<String, Value>) {
        if self.callbacks.is_empty() {
            return;
        }
        let webhooks = root
            .entry("x-webhooks")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(webhooks) = webhooks.as_object_mut() else {
            return;
        };
        for (name, pointer, item) in std::mem::take(&mut self.callbacks) {
            let mut key = name.clone();
            let mut number = 1;
            loop {
                match webhooks.get(&key) {
                    None => break,
                    Some(existing) if without_pointer(existing) == without_pointer(&item) => break,
                    Some(_) => {
                        number += 1;
                        key = format!("{name}-{number}");
                    }
                }
            }
            if webhooks.contains_key(&key) {
                continue;
            }
            let mut item = item;
            if let Some(object) = item.as_object_mut() {
                object.insert("x-pointer".to_owned(), Value::String(pointer));
            }
            webhooks.insert(key, item);
        }
    }

    fn remove(&mut self, object: &mut Map<String, Value>, key: &str) -> Option<Value> {
        object.remove(key)
    }

    fn document(&mut self, document: &mut Value) {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        let v3_1 = root
            .get("openapi")
            .and_then(Value::as_str)
            // 3.2 is 3.1 with additions; those the generator reads (`itemSchema`) are
            // read where they are.
            .is_some_and(|version| version.starts_with("3.1") || version.starts_with("3.2"));
        self.v3_1 = v3_1;
        self.required_parts(root);
        // OpenAPI 3.1's `webhooks` have the shape of the `x-webhooks` extension that 3.0
        // documents use (GitHub's): the model reads them from there, as the 3.0 types
        // keep extensions.
        if let Some(mut webhooks) = self.remove(root, "webhooks") {
            if let Some(items) = webhooks.as_object_mut() {
                for (name, item) in items.iter_mut() {
                    self.path_item(item, &pointer_child("#/webhooks", name));
                }
            }
            root.insert("x-webhooks".to_owned(), webhooks);
        } else if let Some(items) = root.get_mut("x-webhooks").and_then(Value::as_object_mut) {
            let mut items = std::mem::take(items);
            for (name, item) in items.iter_mut() {
                self.path_item(item, &pointer_child("#/x-webhooks", name));
            }
            root.insert("x-webhooks".to_owned(), Value::Object(items));
        }
        self.referenced_path_items(root);
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &pointer_child("#/paths", path));
            }
        }
        self.callbacks_to_webhooks(root);
        let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        for unused in ["callbacks", "links", "pathItems"] {
            self.remove(components, unused);
        }
        each_entry(components, "schemas", "#/components", |value, pointer| {
            self.schema(value, pointer)
        });
        each_entry(
            components,
            "parameters",
            "#/components",
            |value, pointer| self.parameter(value, pointer),
        );
        each_entry(components, "headers", "#/components", |value, pointer| {
            self.parameter(value, pointer)
        });
        each_entry(
            components,
            "requestBodies",
            "#/components",
            |value, pointer| self.content_holder(value, pointer),
        );
        each_entry(components, "responses", "#/components", |value, pointer| {
            self.response(value, pointer)
        });
    }

    /// Parts `openapiv3` requires that 3.1 makes optional (`paths`), or that real 3.0
    /// documents leave out (`info.version`): filled in, so that the document can be used.
    fn required_parts(&mut self, root: &mut Map<String, Value>) {
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
            if self.v3_1 {
            } else {
                self.violation(
                    "#",
                    "an OpenAPI 3.0 document must have `paths`; read as having none",
                );
            }
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            if !info.contains_key("version") {
                info.insert("version".to_owned(), Value::String(String::new()));
                self.violation("#/info", "`info` must have a `version`; read as empty");
            }
        }
        let schemes = root
            .get_mut("components")
            .and_then(|components| components.get_mut("securitySchemes"))
            .and_then(Value::as_object_mut);
        for (name, scheme) in schemes.into_iter().flatten() {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                // openapiv3 does not know the type, and would refuse the whole document. As
                // an HTTP scheme the model does not know, operations that ask for it are
                // generated, with a warning that requests do not carry it.
                *scheme = serde_json::json!({"type": "http", "scheme": "mutualTLS"});
                self.note(
                    &pointer_child("#/components/securitySchemes", name),
                    "mutualTLS is a client certificate: give the client a reqwest::Client configured with it (with_http_client)",
                );
            }
        }
    }

    /// A path item that is a `$ref` (to `components.pathItems`, 3.1, or anywhere in the
    /// document) is replaced by what it references, its own fields (a `summary`, say)
    /// taking precedence, so that its operations are generated like any other.
    fn referenced_path_items(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(paths)) = root.get("paths") else {
            return;
        };
        let mut resolved = Vec::new();
        for (path, item) in paths.iter().filter(|(_, item)| item.get("$ref").is_some()) {
            let mut item = item.clone();
            // Bounded: a chain of references may close on itself.
            for _ in 0..16 {
                let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
                    break;
                };
                let Some(Value::Object(target)) = resolve_in(root, reference) else {
                    break;
                };
                let mut merged = target.clone();
                if let Value::Object(own) = item {
                    merged.extend(own.into_iter().filter(|(key, _)| key != "$ref"));
                }
                item = Value::Object(merged);
            }
            if !item.get("$ref").is_some_and(Value::is_string) {
                resolved.push((path.clone(), item));
            }
        }
        let Some(Value::Object(paths)) = root.get_mut("paths") else {
            return;
        };
        for (path, item) in resolved {
            paths.insert(path, item);
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        each_item(item, "parameters", pointer, |value, pointer| {
            self.parameter(value, pointer)
        });
        for method in METHODS {
            let method_pointer = pointer_child(pointer, method);
            let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            if let Some(Value::Object(callbacks)) = self.remove(operation, "callbacks") {
                let callbacks_pointer = pointer_child(&method_pointer, "callbacks");
                for (name, expressions) in callbacks {
                    let Value::Object(expressions) = expressions else {
                        continue;
                    };
                    let name_pointer = pointer_child(&callbacks_pointer, &name);
                    for (expression, mut item) in expressions {
                        let pointer = pointer_child(&name_pointer, &expression);
                        self.path_item(&mut item, &pointer);
                        self.callbacks.push((name.clone(), pointer, item));
                    }
                }
            }
            if !operation.contains_key("responses") {
                // Optional in 3.1; the client then knows no status, and treats every one
                // as an unexpected one.
                operation.insert("responses".to_owned(), Value::Object(Map::new()));
                if !self.v3_1 {
                    self.violation(
                        &method_pointer,
                        "an OpenAPI 3.0 operation must have `responses`; read as having none",
                    );
                }
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                let missing: Vec<String> = responses
                    .iter()
                    .filter(|(_, response)| response.is_null())
                    .map(|(status, _)| status.clone())
                    .collect();
                for status in missing {
                    responses.remove(&status);
                    let at = pointer_child(&pointer_child(&method_pointer, "responses"), &status);
                    self.violation(&at, "expected a response object, not `null`; it is ignored");
                }
            }
            each_item(
                operation,
                "parameters",
                &method_pointer,
                |value, pointer| self.parameter(value, pointer),
            );
            if let Some(body) = operation.get_mut("requestBody") {
                self.content_holder(body, &pointer_child(&method_pointer, "requestBody"));
            }
            each_entry(operation, "responses", &method_pointer, |value, pointer| {
                self.response(value, pointer)
            });
        }
    }

    /// A parameter or a header: a `schema`, or `content` with schemas.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        self.parameter_style(parameter, pointer);
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &pointer_child(pointer, "schema"));
        }
        self.content_holder(parameter, pointer);
    }

    /// A `style` the parameter's location does not define (`deepObject` in a path) would
    /// refuse the whole document; the location's default style is used instead.
    fn parameter_style(&mut self, parameter: &mut Value, pointer: &str) {
        let Some(object) = parameter.as_object_mut() else {
            return;
        };
        let allowed: &[&str] = match object.get("in").and_then(Value::as_str) {
            Some("path") => &["simple", "label", "matrix"],
            Some("query") => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            Some("header") => &["simple"],
            Some("cookie") => &["form"],
            _ => return,
        };
        let Some(style) = object.get("style") else {
            return;
        };
        if style.as_str().is_some_and(|style| allowed.contains(&style)) {
            return;
        }
        let message = format!(
            "style {style} is not defined for a parameter in {}; expected one of {}, so the default `{}` is used",
            object.get("in").and_then(Value::as_str).unwrap_or_default(),
            allowed.join(", "),
            allowed[0],
        );
        self.remove(object, "style");
        self.note(&pointer_child(pointer, "style"), message);
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        if let Some(object) = response.as_object_mut() {
            self.remove(object, "links");
            each_entry(object, "headers", pointer, |value, pointer| {
                self.parameter(value, pointer)
            });
        }
        self.content_holder(response, pointer);
    }

    /// Anything with `content`: media types, each with a `schema`.
    fn content_holder(&mut self, holder: &mut Value, pointer: &str) {
        let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        let content_pointer = pointer_child(pointer, "content");
        for (media_type, media) in content.iter_mut() {
            let media_pointer = pointer_child(&content_pointer, media_type);
            self.item_schema(media_type, media, &media_pointer);
            if let Some(schema) = media.get_mut("schema") {
                self.schema(
                    schema,
                    &pointer_child(&pointer_child(&content_pointer, media_type), "schema"),
                );
            }
        }
    }

    /// OpenAPI 3.2's `itemSchema` (or `x-itemSchema` before 3.2) describes each item of
    /// a streamed body: it becomes the media type's `schema`, which the model reads as the
    /// item's type for a stream. For server-sent events the item is the event, and the
    /// schema wanted is its `data`'s: the `contentSchema` of JSON carried in a string, or
    /// the `data` schema itself; `data` as plain text leaves no schema (text).
    fn item_schema(&mut self, media_type: &str, media: &mut Value, pointer: &str) {
        let Some(format) = crate::model::stream_format(media_type) else {
            return;
        };
        let Some(object) = media.as_object_mut() else {
            return;
        };
        let Some((keyword, item)) = ["itemSchema", "x-itemSchema"]
            .iter()
            .find_map(|keyword| Some((*keyword, object.remove(*keyword)?)))
        else {
            return;
        };
        let item_pointer = pointer_child(pointer, keyword);
        let (schema, from) = match format {
            crate::model::StreamFormat::Events => {
                let data = item.get("properties").and_then(|p| p.get("data"));
                match data {
                    Some(data) if data.get("contentSchema").is_some() => (
                        data.get("contentSchema").cloned(),
                        format!("{item_pointer}/properties/data/contentSchema"),
                    ),
                    Some(data) if data.get("type").and_then(Value::as_str) == Some("string") => {
                        (None, String::new())
                    }
                    Some(data) => (
                        Some(data.clone()),
                        format!("{item_pointer}/properties/data"),
                    ),
                    None => (None, String::new()),
                }
            }
            _ => (Some(item), item_pointer),
        };
        match schema {
            Some(schema) => {
                self.moved.push((pointer_child(pointer, "schema"), from));
                object.insert("schema".to_owned(), schema);
            }
            None => {
                object.remove("schema");
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        if let Value::Bool(accepts) = schema {
            *schema = if *accepts {
                serde_json::json!({})
            } else {
                serde_json::json!({ "not": {} })
            };
            return;
        }
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") {
            return;
        }
        self.type_list(object, pointer);
        if let Some(value) = self.remove(object, "const") {
            object
                .entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(limit)) = object.get(exclusive).cloned() {
                object.insert(bound.to_owned(), Value::Number(limit));
                object.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
        self.wrong_types(object, pointer);
        let fixed_tuple = fixed_length_tuple(object);
        if matches!(object.get("items"), Some(Value::Array(_))) {
            // Draft-4 tuple `items`: the generator types the list by its first item's schema.
            if let Some(Value::Array(mut tuple)) = self.remove(object, "items") {
                let first = if tuple.is_empty() {
                    serde_json::json!({})
                } else {
                    tuple.swap_remove(0)
                };
                object.insert("items".to_owned(), first);
            }
        }
        for keyword in SCHEMA_KEYWORDS {
            match object.get_mut(*keyword) {
                // A boolean is what OpenAPI 3.0 itself allows here: keep it.
                Some(Value::Bool(_)) if *keyword == "additionalProperties" => {}
                Some(child) => self.schema(child, &pointer_child(pointer, keyword)),
                None => {}
            }
        }
        for keyword in SCHEMA_MAP_KEYWORDS {
            each_entry(object, keyword, pointer, |value, pointer| {
                self.schema(value, pointer)
            });
        }
        for keyword in SCHEMA_LIST_KEYWORDS {
            each_item(object, keyword, pointer, |value, pointer| {
                self.schema(value, pointer)
            });
        }
        self.pattern_properties(object, pointer);
        self.annotating_parts(object);
        self.prefix_items(object, pointer, fixed_tuple);
    }

    /// `prefixItems` (3.1) with `items: false` and a `minItems` that makes every item
    /// required is an array of a fixed length, each item of its own schema: a tuple. Its
    /// schemas move to `x-tuple-items` (openapiv3 reads no `prefixItems`), already
    /// normalised. An open or shorter one stays a list, with a note.
    fn prefix_items(&mut self, object: &mut Map<String, Value>, pointer: &str, fixed: bool) {
        let Some(items) = self.remove(object, "prefixItems") else {
            return;
        };
        if fixed {
            object.remove("items");
            object.insert("type".to_owned(), Value::String("array".to_owned()));
            object.insert(crate::model::TUPLE_ITEMS.to_owned(), items);
        } else {
            self.note(
                &pointer_child(pointer, "prefixItems"),
                "`prefixItems` with more items allowed, or fewer (`minItems` below their \
                 count), is not a tuple; typed by `items`",
            );
        }
    }

    /// `allOf: [{$ref: X}, {description: ...}]` is how a 3.0 document gives a reference a
    /// description of its own (a `$ref`'s siblings are ignored). Parts that only annotate
    /// move their keywords up to the schema itself (where it has none of its own), so the
    /// reference alone remains and is typed as itself, not as a merge of several schemas,
    /// which only objects have. JSON Schema collects annotations from every part, so the
    /// meaning is the same. (AWS's descriptions have tens of thousands of these.)
    fn annotating_parts(&mut self, object: &mut Map<String, Value>) {
        let Some(Value::Array(parts)) = object.get_mut("allOf") else {
            return;
        };
        let annotating = parts.iter().filter(|part| only_annotates(part)).count();
        if annotating == 0 || annotating == parts.len() {
            return;
        }
        let (annotations, kept): (Vec<Value>, Vec<Value>) =
            std::mem::take(parts).into_iter().partition(only_annotates);
        *parts = kept;
        for annotation in annotations {
            if let Value::Object(annotation) = annotation {
                for (keyword, value) in annotation {
                    object.entry(keyword).or_insert(value);
                }
            }
        }
    }

    /// `patternProperties`, best effort: OpenAPI 3.0 has no such keyword, and a Rust map
    /// cannot check its keys. Where `additionalProperties` says nothing, the extra
    /// properties become a map: of that pattern's schema when the object is a dictionary
    /// with one pattern and no declared properties, else of anything (other extra
    /// properties may have any type, and a typed map would refuse them).
    fn pattern_properties(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(patterns) = self.remove(object, "patternProperties") else {
            return;
        };
        let here = pointer_child(pointer, "patternProperties");
        let Value::Object(patterns) = patterns else {
            return;
        };
        if object.contains_key("additionalProperties") || patterns.is_empty() {
            self.note(
                &here,
                "`patternProperties` is not supported beside `additionalProperties`; it is ignored",
            );
            return;
        }
        let keys: Vec<&String> = patterns.keys().collect();
        let message =
            format!(
            "properties matching {} are read as a map (keys are not checked against the pattern)",
            keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        );
        let dictionary = patterns.len() == 1 && !object.contains_key("properties");
        let values = dictionary
            .then(|| patterns.into_iter().next().map(|(_, schema)| schema))
            .flatten();
        object.insert(
            "additionalProperties".to_owned(),
            values.unwrap_or(Value::Bool(true)),
        );
        object
            .entry("type")
            .or_insert_with(|| Value::String("object".to_owned()));
        self.note(&here, message);
    }

    /// `type: [T, "null"]` is `type: T, nullable: true`; several non-null types are an
    /// `anyOf` with one branch per type (see [`split_types`]).
    fn type_list(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(types)) = object.get("type") else {
            if object.get("type") == Some(&Value::String("null".to_owned())) {
                object.remove("type");
                object.insert("nullable".to_owned(), Value::Bool(true));
            }
            return;
        };
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        object.remove("type");
        if nullable {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match others.as_slice() {
            [] => {}
            [single] => {
                object.insert("type".to_owned(), single.clone());
            }
            _ if object.contains_key("anyOf") || object.contains_key("oneOf") => self.note(
                &pointer_child(pointer, "type"),
                "a schema with several types beside its own `anyOf`/`oneOf` is not supported \
                 yet; typed as serde_json::Value",
            ),
            _ => split_types(object, &others),
        }
    }

    /// Keywords whose value has the wrong JSON type are dropped, so one typo does not make
    /// the whole document unreadable.
    fn wrong_types(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let expectations: &[Expectation] = &[
            ("pattern", Value::is_string, "a string"),
            ("format", Value::is_string, "a string"),
            ("title", Value::is_string, "a string"),
            ("description", Value::is_string, "a string"),
            ("type", Value::is_string, "a string"),
            ("minLength", Value::is_u64, "a non-negative integer"),
            ("maxLength", Value::is_u64, "a non-negative integer"),
            ("minItems", Value::is_u64, "a non-negative integer"),
            ("maxItems", Value::is_u64, "a non-negative integer"),
            ("minProperties", Value::is_u64, "a non-negative integer"),
            ("maxProperties", Value::is_u64, "a non-negative integer"),
            ("minimum", Value::is_number, "a number"),
            ("maximum", Value::is_number, "a number"),
            ("multipleOf", Value::is_number, "a number"),
            ("exclusiveMinimum", Value::is_boolean, "a boolean"),
            ("exclusiveMaximum", Value::is_boolean, "a boolean"),
            ("nullable", Value::is_boolean, "a boolean"),
            ("readOnly", Value::is_boolean, "a boolean"),
            ("writeOnly", Value::is_boolean, "a boolean"),
            ("deprecated", Value::is_boolean, "a boolean"),
            ("uniqueItems", Value::is_boolean, "a boolean"),
            ("enum", Value::is_array, "a list"),
            ("properties", Value::is_object, "a mapping"),
            ("discriminator", Value::is_object, "a mapping"),
        ];
        for (keyword, is_expected, expected) in expectations {
            if object
                .get(*keyword)
                .is_some_and(|value| !is_expected(value))
            {
                if let Some(value) = self.remove(object, keyword) {
                    self.note(
                        &pointer_child(pointer, keyword),
                        format!("`{keyword}` should be {expected}, not `{value}`; it is ignored"),
                    );
                }
            }
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(Value::is_string);
        } else if object.contains_key("required") {
            // `required: true` on a property is a common slip for listing it in the parent.
            self.remove(object, "required");
            self.note(
                &pointer_child(pointer, "required"),
                "`required` should be a list of property names; it is ignored",
            );
        }
        if let Some(Value::Object(discriminator)) = object.get("discriminator") {
            if !discriminator
                .get("propertyName")
                .is_some_and(Value::is_string)
            {
                self.remove(object, "discriminator");
            }
        }
    }
}

/// The value a local reference (`#/components/pathItems/pets`) points at in the document
/// whose top level is `root`.
pub(super) fn resolve_in<'v>(root: &'v Map<String, Value>, reference: &str) -> Option<&'v Value> {
    // A `$ref` is a URI: its fragment is percent-encoded (`%7BshipSymbol%7D` for
    // `{shipSymbol}` in a path), and decoded before it is read as a JSON pointer.
    let decoded = percent_decoded(reference);
    let pointer = decoded.strip_prefix('#')?;
    let rest = pointer.strip_prefix('/')?;
    let (first, deeper) = match rest.split_once('/') {
        Some((first, deeper)) => (first, format!("/{deeper}")),
        None => (rest, String::new()),
    };
    let first = first.replace("~1", "/").replace("~0", "~");
    root.get(&first)?.pointer(&deeper)
}

/// `text` with its `%XX` escapes decoded; as it is when it has none, or when what they
/// decode to is not UTF-8.
fn percent_decoded(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// A keyword, a test of its value's JSON type, and that type in words.
type Expectation = (&'static str, fn(&Value) -> bool, &'static str);

/// Calls `visit` on each value of the mapping at `object[key]`, with its pointer.
fn each_entry(
    object: &mut Map<String, Value>,
    key: &str,
    pointer: &str,
    mut visit: impl FnMut(&mut Value, &str),
) {
    if let Some(entries) = object.get_mut(key).and_then(Value::as_object_mut) {
        let base = pointer_child(pointer, key);
        for (name, value) in entries.iter_mut() {
            visit(value, &pointer_child(&base, name));
        }
    }
}

/// Calls `visit` on each item of the list at `object[key]`, with its pointer.
fn each_item(
    object: &mut Map<String, Value>,
    key: &str,
    pointer: &str,
    mut visit: impl FnMut(&mut Value, &str),
) {
    if let Some(items) = object.get_mut(key).and_then(Value::as_array_mut) {
        let base = pointer_child(pointer, key);
        for (index, value) in items.iter_mut().enumerate() {
            visit(value, &pointer_child(&base, &index.to_string()));
        }
    }
}

/// Whether `prefixItems` describe every item of an array of a fixed length: `items: false`
/// (no more items) and `minItems` at least their count (no fewer).
fn fixed_length_tuple(object: &Map<String, Value>) -> bool {
    let Some(Value::Array(items)) = object.get("prefixItems") else {
        return false;
    };
    !items.is_empty()
        && object.get("items") == Some(&Value::Bool(false))
        && object
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|min| min >= items.len() as u64)
}

/// Keywords that only constrain values of one JSON type, by that type.
const KEYWORDS_BY_TYPE: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
        ],
    ),
];

/// `type: [string, integer, ...]` as `anyOf: [{type: string, ...}, {type: integer, ...}]`:
/// each keyword that only constrains one JSON type moves into that type's branch, the
/// `enum` values into the branch of their type (a type none of them has is dropped, it
/// allows nothing), and the annotations stay where they are. `integer` comes before
/// `number`, so that `1` stays an integer when it is decoded and written again.
fn split_types(object: &mut Map<String, Value>, types: &[Value]) {
    let mut types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
    types.dedup();
    if let (Some(integer), Some(number)) = (
        types.iter().position(|t| *t == "integer"),
        types.iter().position(|t| *t == "number"),
    ) {
        if number < integer {
            types.swap(number, integer);
        }
    }
    let values = object.remove("enum");
    let format = object.remove("format");
    let mut branches = Vec::new();
    for ty in &types {
        let mut branch = Map::new();
        branch.insert("type".to_owned(), Value::String((*ty).to_owned()));
        let family = if *ty == "integer" { "number" } else { ty };
        for (owner, keywords) in KEYWORDS_BY_TYPE {
            if *owner == family {
                for keyword in *keywords {
                    if let Some(value) = object.get(*keyword) {
                        branch.insert((*keyword).to_owned(), value.clone());
                    }
                }
            }
        }
        if let Some(Value::String(name)) = &format {
            let numeric = matches!(name.as_str(), "int32" | "int64" | "float" | "double");
            if numeric == (family == "number") {
                branch.insert("format".to_owned(), Value::String(name.clone()));
            }
        }
        if let Some(Value::Array(values)) = &values {
            let own: Vec<Value> = values.iter().filter(|v| has_type(v, ty)).cloned().collect();
            if own.is_empty() {
                continue;
            }
            branch.insert("enum".to_owned(), Value::Array(own));
        }
        branches.push(Value::Object(branch));
    }
    for (_, keywords) in KEYWORDS_BY_TYPE {
        for keyword in *keywords {
            object.remove(*keyword);
        }
    }
    object.insert("anyOf".to_owned(), Value::Array(branches));
}

/// Whether `value` is of the JSON Schema type `ty`.
fn has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use serde_json::json;

    #[test]
    fn references_into_schemas_are_copied_to_components_and_rewritten() {
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"properties": {"id": {"type": "string"}}}}
            }}}}}},
            "components": {
                "responses": {"E": {"description": "e", "content": {"application/json": {
                    "schema": {"properties": {"x": {"type": "integer"}}}
                }}}},
                "schemas": {"B": {"properties": {
                    "id": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/id"},
                    "x": {"$ref": "#/components/responses/E/content/application~1json/schema/properties/x"},
                    "text": {"example": {"$ref": "#/components/schemas/B/properties/id/type"}}
                }}}
            }
        });
        normalize(&mut document);
        let schemas = &document["components"]["schemas"];
        let b = &schemas["B"]["properties"];
        // Keys need no escaping: the model reads the text after the prefix as the key.
        assert_eq!(
            b["id"]["$ref"],
            "#/components/schemas/paths__a_get_responses_200_content_application_json_id"
        );
        assert_eq!(
            schemas["paths__a_get_responses_200_content_application_json_id"],
            json!({"type": "string"})
        );
        assert_eq!(
            b["x"]["$ref"],
            "#/components/schemas/responses_E_content_application_json_x"
        );
        // A reference to text is no schema: left as it is.
        assert_eq!(
            b["text"]["example"]["$ref"],
            "#/components/schemas/B/properties/id/type"
        );
    }

    #[test]
    fn parts_that_only_annotate_move_up_to_their_schema() {
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "status": {"allOf": [
                        {"$ref": "#/components/schemas/Status"},
                        {"description": "The current status.", "nullable": true}
                    ]},
                    "named": {"description": "Its own.", "allOf": [
                        {"$ref": "#/components/schemas/Status"},
                        {"description": "Not this one.", "x-note": 1, "xml": {"name": "s"}}
                    ]},
                    "merged": {"allOf": [
                        {"$ref": "#/components/schemas/B"},
                        {"properties": {"b": {"type": "string"}}}
                    ]},
                    "bare": {"allOf": [{"description": "only words"}]}
                }}
            }}
        });
        let super::Normalized { notes, .. } = normalize(&mut document);
        assert!(notes.is_empty(), "nothing is lost");
        let properties = &document["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            properties["status"],
            json!({"allOf": [{"$ref": "#/components/schemas/Status"}],
                   "description": "The current status.", "nullable": true})
        );
        assert_eq!(
            properties["named"],
            json!({"allOf": [{"$ref": "#/components/schemas/Status"}],
                   "description": "Its own.", "x-note": 1, "xml": {"name": "s"}})
        );
        // A part with properties constrains: kept. Nothing but annotations: left alone.
        assert_eq!(properties["merged"]["allOf"].as_array().unwrap().len(), 2);
        assert_eq!(
            properties["bare"],
            json!({"allOf": [{"description": "only words"}]})
        );
    }

    #[test]
    fn callbacks_join_the_webhooks_once_each_marked_with_where_they_were() {
        let callback = json!({"post": {"requestBody": {"content": {}}, "responses": {}}});
        let other = json!({"put": {"responses": {}}});
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": {"post": {"responses": {}, "callbacks": {"event": {"{$url}": callback}}}},
                "/b": {"post": {"responses": {}, "callbacks": {"event": {"{$url}": callback}}}},
                "/c": {"post": {"responses": {}, "callbacks": {"event": {"{$url}": other}}}}
            }
        });
        normalize(&mut document);
        let webhooks = document["x-webhooks"].as_object().unwrap();
        let keys: Vec<&String> = webhooks.keys().collect();
        assert_eq!(keys, ["event", "event-2"]);
        assert_eq!(
            webhooks["event"]["x-pointer"],
            "#/paths/~1a/post/callbacks/event/{$url}"
        );
        assert!(document["paths"]["/a"]["post"].get("callbacks").is_none());
    }

    #[test]
    fn openapi_31_schemas_take_the_30_shape() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {"x": {}},
            "components": {"schemas": {
                "A": {"type": ["string", "null"], "const": "x"},
                "B": {"type": "integer", "exclusiveMinimum": 5},
                "C": {"type": "object", "properties": {
                    "type": {"type": "null"},
                    "const": false,
                    "many": {"type": ["string", "integer"]}
                }}
            }}
        });
        let super::Normalized { notes, .. } = normalize(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["A"],
            json!({"type": "string", "nullable": true, "enum": ["x"]})
        );
        assert_eq!(
            schemas["B"],
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true})
        );
        let properties = &schemas["C"]["properties"];
        assert_eq!(
            properties["type"],
            json!({"nullable": true}),
            "a property named type is a schema"
        );
        assert_eq!(
            properties["const"],
            json!({"not": {}}),
            "a property named const is a schema"
        );
        assert_eq!(
            properties["many"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            "several types are one branch each"
        );
        assert!(document.get("webhooks").is_none());
        assert_eq!(
            document["x-webhooks"],
            json!({"x": {}}),
            "read as 3.0's extension"
        );
        assert_eq!(notes.len(), 0);
    }

    #[test]
    fn several_types_split_their_keywords_between_branches() {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {
                "description": "kept on the union",
                "type": ["number", "string", "integer", "array"],
                "format": "int64",
                "minimum": 1,
                "pattern": "^a",
                "items": {"type": "boolean"},
                "enum": ["a", 2, 2.5]
            }
        }}});
        normalize(&mut document);
        assert_eq!(
            document["components"]["schemas"]["A"],
            json!({
                "description": "kept on the union",
                "anyOf": [
                    {"type": "integer", "minimum": 1, "format": "int64", "enum": [2]},
                    {"type": "string", "pattern": "^a", "enum": ["a"]},
                    {"type": "number", "minimum": 1, "format": "int64", "enum": [2, 2.5]}
                ]
            }),
            "integer first; an enum without arrays leaves no array branch"
        );
    }

    #[test]
    fn keywords_of_the_wrong_type_are_dropped_with_a_note() {
        let mut document = json!({"paths": {"/a": {"get": {
            "callbacks": {"cb": {"$ref": "#/components/callbacks/x"}},
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "string", "pattern": 0, "required": true}}],
            "responses": {"200": {"description": "ok", "links": {"l": 1}}}
        }}}});
        let super::Normalized { notes, .. } = normalize(&mut document);
        let operation = &document["paths"]["/a"]["get"];
        assert!(operation.get("callbacks").is_none());
        assert_eq!(
            operation["parameters"][0]["schema"],
            json!({"type": "string"})
        );
        assert!(operation["responses"]["200"].get("links").is_none());
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("`pattern` should be a string, not `0`"));
    }

    #[test]
    fn a_30_document_without_such_constructs_is_unchanged() {
        let mut document = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "A": {"type": "string", "nullable": true},
            "B": {"type": "object", "additionalProperties": false}
        }}});
        let before = document.clone();
        let super::Normalized { notes, .. } = normalize(&mut document);
        assert!(notes.is_empty());
        assert_eq!(document, before);
    }
}
