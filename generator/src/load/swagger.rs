//! Swagger 2.0 in, OpenAPI 3.0 out: a `swagger: "2.0"` document, converted on load into
//! the shape the rest of the pipeline reads, so that it is generated like any other.
//!
//! What moves where:
//! - `host`, `basePath` and `schemes` become `servers` (`https` first where it is offered,
//!   and where no scheme is named, since a client reaches for TLS);
//! - `body` parameters become a `requestBody` with one media type per `consumes` entry
//!   (JSON where none is given), `formData` parameters the properties of one form schema
//!   (`multipart/form-data` when `consumes` says so or a field is a `type: file`);
//! - the other parameters' `type`, `format`, `items` and bounds become their `schema`, and
//!   `collectionFormat` their `style` and `explode`;
//! - response `schema`s get one media type per `produces` entry (JSON where none is given),
//!   response headers a `schema` each;
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` become
//!   `components` (`basic` an HTTP scheme, `oauth2` one flow), and every `$ref` follows;
//! - in schemas, `x-nullable` is `nullable`, a `discriminator` names its property, and
//!   `type: file` is binary.
//!
//! Diagnostics must keep naming the document as written: the conversion records where
//! each moved node came from, and [`Origin::original`] maps a pointer into the converted
//! document back to the original one.

use super::normalize::{resolve_in, Note};
use crate::diagnostics::{pointer_child, Diagnostic};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where the nodes of a converted document were in the document as written.
#[derive(Debug, Default)]
pub struct Origin {
    /// A converted pointer and the original pointer of the same node; a pointer below one
    /// is below the other by the same tokens.
    moved: BTreeMap<String, String>,
}

impl Origin {
    /// `pointer` (into the converted document) as a pointer into the original one.
    pub fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        if self.moved.is_empty() {
            return Cow::Borrowed(pointer);
        }
        // The longest recorded prefix that ends at a token boundary.
        let mut end = pointer.len();
        loop {
            if let Some(original) = self.moved.get(&pointer[..end]) {
                return Cow::Owned(format!("{original}{}", &pointer[end..]));
            }
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => return Cow::Borrowed(pointer),
            }
        }
    }

    /// Points each of `diagnostics` at the document as written, and says the references
    /// it quotes as they were written too.
    pub fn relocate(&self, diagnostics: &mut [Diagnostic]) {
        if self.moved.is_empty() {
            return;
        }
        for diagnostic in diagnostics {
            if let Cow::Owned(original) = self.original(&diagnostic.pointer) {
                diagnostic.pointer = original;
            }
            for (to, from) in REFERENCE_PREFIXES {
                let (to, from) = (format!("`{to}"), format!("`{from}"));
                if diagnostic.message.contains(&to) {
                    diagnostic.message = diagnostic.message.replace(&to, &from);
                }
            }
        }
    }

    /// Records that the node now at `converted` was written at `original`.
    pub(super) fn record(&mut self, converted: &str, original: &str) {
        if converted != original {
            self.moved.insert(converted.to_owned(), original.to_owned());
        }
    }
}

/// The operations' keys in a path item, in the order OpenAPI lists them.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// The keywords a non-body parameter, an `items` object or a header writes beside its
/// `type`, which OpenAPI 3 writes in the `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Converts the Swagger 2.0 document `document` in place; the notes say what OpenAPI 3
/// cannot say. `Err` names the pointer and the problem when it is no Swagger 2.0.
pub fn convert(document: &mut Value) -> Result<(Origin, Vec<Note>), (String, String)> {
    let Value::Object(source) = std::mem::take(document) else {
        return Err(("#".to_owned(), "expected a mapping".to_owned()));
    };
    match source.get("swagger") {
        Some(Value::String(version)) if version == "2.0" => {}
        Some(Value::String(version)) => {
            return Err((
                "#/swagger".to_owned(),
                format!("unsupported Swagger version `{version}`; expected \"2.0\""),
            ))
        }
        Some(other) => {
            return Err((
                "#/swagger".to_owned(),
                format!("expected the version as the string \"2.0\", found `{other}`"),
            ))
        }
        None => return Err(("#".to_owned(), "expected a `swagger` field".to_owned())),
    }
    let mut converter = Converter {
        source: &source,
        consumes: media_list(source.get("consumes")),
        produces: media_list(source.get("produces")),
        origin: Origin::default(),
        notes: Vec::new(),
    };
    let converted = converter.document();
    let (origin, notes) = (converter.origin, converter.notes);
    *document = Value::Object(converted);
    Ok((origin, notes))
}

struct Converter<'s> {
    source: &'s Map<String, Value>,
    /// The document's own `consumes` and `produces`, which operations inherit.
    consumes: Vec<String>,
    produces: Vec<String>,
    origin: Origin,
    notes: Vec<Note>,
}

impl<'s> Converter<'s> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
            invalid: false,
        });
    }

    /// The converted document, its keys in the order of the original ones they come from.
    fn document(&mut self) -> Map<String, Value> {
        let source = self.source;
        let mut root = Map::new();
        for (key, value) in source {
            match key.as_str() {
                "swagger" => {
                    root.insert("openapi".to_owned(), json!("3.0.3"));
                }
                "host" | "basePath" | "schemes" => {
                    if !root.contains_key("servers") {
                        let servers = self.servers();
                        if !servers.is_empty() {
                            root.insert("servers".to_owned(), Value::Array(servers));
                        }
                    }
                }
                "consumes" | "produces" => {}
                "paths" => {
                    let paths = match value {
                        Value::Object(paths) => Value::Object(self.paths(paths)),
                        // Left as it is, for the deserializer to say what it expected.
                        other => other.clone(),
                    };
                    root.insert("paths".to_owned(), paths);
                }
                "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                    if !root.contains_key("components") {
                        root.insert("components".to_owned(), Value::Object(self.components()));
                    }
                }
                _ => {
                    root.insert(key.clone(), value.clone());
                }
            }
        }
        let mut root = Value::Object(root);
        rewrite_references(&mut root);
        match root {
            Value::Object(root) => root,
            _ => Map::new(),
        }
    }

    /// `host`, `basePath` and `schemes` as server URLs, the secure scheme first.
    fn servers(&mut self) -> Vec<Value> {
        let source = self.source;
        let base_path = source
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim_end_matches('/');
        let Some(host) = source.get("host").and_then(Value::as_str) else {
            self.origin.record("#/servers", "#/basePath");
            return match base_path {
                "" => Vec::new(),
                path => vec![json!({ "url": path })],
            };
        };
        self.origin.record("#/servers", "#/host");
        let mut schemes: Vec<&str> = source
            .get("schemes")
            .and_then(Value::as_array)
            .map(|schemes| schemes.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        schemes.retain(|scheme| matches!(*scheme, "http" | "https"));
        schemes.sort_by_key(|scheme| *scheme != "https");
        schemes.dedup();
        if schemes.is_empty() {
            schemes.push("https");
        }
        schemes
            .into_iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
            .collect()
    }

    fn components(&mut self) -> Map<String, Value> {
        let source = self.source;
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = source.get("definitions") {
            self.origin.record("#/components/schemas", "#/definitions");
            let schemas = definitions
                .iter()
                .map(|(name, schema)| (name.clone(), schema_of(schema)))
                .collect();
            components.insert("schemas".to_owned(), Value::Object(schemas));
        }
        if let Some(Value::Object(parameters)) = source.get("parameters") {
            self.origin
                .record("#/components/parameters", "#/parameters");
            let mut converted = Map::new();
            for (name, parameter) in parameters {
                // Body and form parameters are no parameters in OpenAPI 3: each operation
                // that references one gets it in its request body.
                if matches!(location(parameter), Some("body" | "formData")) {
                    continue;
                }
                let pointer = pointer_child("#/components/parameters", name);
                let original = pointer_child("#/parameters", name);
                converted.insert(name.clone(), self.parameter(parameter, &pointer, &original));
            }
            components.insert("parameters".to_owned(), Value::Object(converted));
        }
        if let Some(Value::Object(responses)) = source.get("responses") {
            self.origin.record("#/components/responses", "#/responses");
            let produces = self.produces.clone();
            let mut converted = Map::new();
            for (name, response) in responses {
                let pointer = pointer_child("#/components/responses", name);
                let original = pointer_child("#/responses", name);
                converted.insert(
                    name.clone(),
                    self.response(response, &produces, &pointer, &original),
                );
            }
            components.insert("responses".to_owned(), Value::Object(converted));
        }
        if let Some(Value::Object(schemes)) = source.get("securityDefinitions") {
            self.origin
                .record("#/components/securitySchemes", "#/securityDefinitions");
            let schemes = schemes
                .iter()
                .map(|(name, scheme)| (name.clone(), security_scheme(scheme)))
                .collect();
            components.insert("securitySchemes".to_owned(), Value::Object(schemes));
        }
        components
    }

    fn paths(&mut self, paths: &Map<String, Value>) -> Map<String, Value> {
        let mut converted = Map::new();
        for (path, item) in paths {
            let pointer = pointer_child("#/paths", path);
            let item = match item {
                Value::Object(item) => Value::Object(self.path_item(item, &pointer)),
                other => other.clone(),
            };
            converted.insert(path.clone(), item);
        }
        converted
    }

    fn path_item(&mut self, item: &Map<String, Value>, pointer: &str) -> Map<String, Value> {
        // The path's own parameters: the plain ones stay there, body and form ones go to
        // each operation's request body.
        let shared = parameters_of(
            item.get("parameters"),
            &pointer_child(pointer, "parameters"),
        );
        let mut converted = Map::new();
        for (key, value) in item {
            match key.as_str() {
                "parameters" => {
                    let kept =
                        self.plain_parameters(&shared, &pointer_child(pointer, "parameters"));
                    if !kept.is_empty() {
                        converted.insert(key.clone(), Value::Array(kept));
                    }
                }
                method if METHODS.contains(&method) => {
                    let operation_pointer = pointer_child(pointer, method);
                    let operation = match value {
                        Value::Object(operation) => {
                            Value::Object(self.operation(operation, &shared, &operation_pointer))
                        }
                        other => other.clone(),
                    };
                    converted.insert(key.clone(), operation);
                }
                _ => {
                    converted.insert(key.clone(), value.clone());
                }
            }
        }
        converted
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        shared: &[Parameter],
        pointer: &str,
    ) -> Map<String, Value> {
        let consumes = operation
            .get("consumes")
            .map_or_else(|| self.consumes.clone(), |list| media_list(Some(list)));
        let produces = operation
            .get("produces")
            .map_or_else(|| self.produces.clone(), |list| media_list(Some(list)));
        let own = parameters_of(
            operation.get("parameters"),
            &pointer_child(pointer, "parameters"),
        );
        // An operation's parameter replaces the path's of the same name and location.
        let mut all: Vec<Parameter> = shared
            .iter()
            .filter(|path_level| !own.iter().any(|mine| self.same_parameter(mine, path_level)))
            .cloned()
            .collect();
        all.extend(own);
        let mut converted = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => {}
                "responses" => {
                    let responses = match value {
                        Value::Object(responses) => {
                            let responses_pointer = pointer_child(pointer, "responses");
                            let mut converted = Map::new();
                            for (status, response) in responses {
                                let at = pointer_child(&responses_pointer, status);
                                let response = self.response(response, &produces, &at, &at);
                                converted.insert(status.clone(), response);
                            }
                            Value::Object(converted)
                        }
                        other => other.clone(),
                    };
                    // The parameters come first, as in most documents.
                    self.operation_parameters(&mut converted, &all, &consumes, pointer);
                    converted.insert(key.clone(), responses);
                }
                _ => {
                    converted.insert(key.clone(), value.clone());
                }
            }
        }
        if !operation.contains_key("responses") {
            self.operation_parameters(&mut converted, &all, &consumes, pointer);
        }
        converted
    }

    /// Whether two parameters have the same name and location, looking through references.
    fn same_parameter(&self, a: &Parameter, b: &Parameter) -> bool {
        let key = |parameter: &Parameter| {
            let target = resolved(self.source, parameter).map(|(value, _)| value)?;
            Some((
                target.get("name")?.as_str()?.to_owned(),
                target.get("in")?.as_str()?.to_owned(),
            ))
        };
        let (a, b) = (key(a), key(b));
        a.is_some() && a == b
    }

    /// Inserts the operation's `parameters` and `requestBody` into `operation`.
    fn operation_parameters(
        &mut self,
        operation: &mut Map<String, Value>,
        parameters: &[Parameter],
        consumes: &[String],
        pointer: &str,
    ) {
        let parameters_pointer = pointer_child(pointer, "parameters");
        let plain = self.plain_parameters(parameters, &parameters_pointer);
        if !plain.is_empty() {
            operation.insert("parameters".to_owned(), Value::Array(plain));
        }
        let body_pointer = pointer_child(pointer, "requestBody");
        let mut body: Option<Value> = None;
        let mut form: Vec<(Map<String, Value>, String)> = Vec::new();
        for parameter in parameters {
            let Some((target, original)) = resolved(self.source, parameter) else {
                continue;
            };
            let original = original.trim_start_matches('#').to_owned();
            let original = format!("#{original}");
            match target.get("in").and_then(Value::as_str) {
                Some("body") if body.is_none() => {
                    body = Some(self.body(target, consumes, &body_pointer, &original));
                }
                Some("body") => {
                    self.note(&original, "a second body parameter; only the first is sent")
                }
                Some("formData") => form.push((target.clone(), original)),
                _ => {}
            }
        }
        if let (Some(_), Some((_, original))) = (&body, form.first()) {
            self.note(
                original,
                "an operation with a body parameter cannot have form parameters; they are not sent",
            );
        } else if !form.is_empty() {
            body = Some(self.form(&form, consumes, &body_pointer));
        }
        if let Some(body) = body {
            operation.insert("requestBody".to_owned(), body);
        }
    }

    /// The parameters that stay parameters, converted, each recorded where it was.
    fn plain_parameters(&mut self, parameters: &[Parameter], pointer: &str) -> Vec<Value> {
        let mut kept = Vec::new();
        for parameter in parameters {
            let target_location = resolved(self.source, parameter)
                .and_then(|(target, _)| target.get("in")?.as_str().map(str::to_owned));
            if matches!(target_location.as_deref(), Some("body" | "formData")) {
                continue;
            }
            let at = pointer_child(pointer, &kept.len().to_string());
            let converted = if parameter.value.get("$ref").is_some() {
                self.origin.record(&at, &parameter.pointer);
                parameter.value.clone()
            } else {
                self.parameter(&parameter.value, &at, &parameter.pointer)
            };
            kept.push(converted);
        }
        kept
    }

    /// A query, path, header or cookie parameter: its type keywords become its `schema`,
    /// its `collectionFormat` its `style`.
    fn parameter(&mut self, parameter: &Value, pointer: &str, original: &str) -> Value {
        self.origin.record(pointer, original);
        let Value::Object(source) = parameter else {
            return parameter.clone();
        };
        let mut converted = Map::new();
        for (key, value) in source {
            if !SCHEMA_KEYWORDS.contains(&key.as_str())
                && !matches!(key.as_str(), "collectionFormat" | "x-nullable" | "schema")
            {
                converted.insert(key.clone(), value.clone());
            }
        }
        let schema = match source.get("schema") {
            // Not Swagger 2.0 for these locations, but written by some tools.
            Some(schema) => schema_of(schema),
            None => {
                self.origin
                    .record(&pointer_child(pointer, "schema"), original);
                type_schema(source)
            }
        };
        converted.insert("schema".to_owned(), schema);
        let location = source.get("in").and_then(Value::as_str).unwrap_or_default();
        if location == "path" {
            converted.insert("required".to_owned(), Value::Bool(true));
        }
        let is_array = source.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = source
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let style = match (location, format) {
                ("query" | "cookie", "csv") => Some(("form", false)),
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("path" | "header", "csv") => Some(("simple", false)),
                _ => None,
            };
            match style {
                Some((style, explode)) => {
                    converted.insert("style".to_owned(), json!(style));
                    converted.insert("explode".to_owned(), json!(explode));
                }
                None => self.note(
                    &pointer_child(original, "collectionFormat"),
                    format!(
                        "collectionFormat `{format}` has no OpenAPI 3 style for a {location} \
                         parameter; the list is sent comma-separated"
                    ),
                ),
            }
        }
        Value::Object(converted)
    }

    /// A `body` parameter as a request body, one media type per `consumes` entry.
    fn body(
        &mut self,
        parameter: &Map<String, Value>,
        consumes: &[String],
        pointer: &str,
        original: &str,
    ) -> Value {
        self.origin.record(pointer, original);
        let media_types = match consumes {
            [] => vec![JSON.to_owned()],
            some => some.to_vec(),
        };
        let schema = parameter.get("schema").map_or_else(|| json!({}), schema_of);
        let mut content = Map::new();
        for media_type in media_types {
            let media_pointer = pointer_child(&pointer_child(pointer, "content"), &media_type);
            self.origin.record(
                &pointer_child(&media_pointer, "schema"),
                &pointer_child(original, "schema"),
            );
            content.insert(media_type, json!({ "schema": schema }));
        }
        let mut body = Map::new();
        copy(parameter, &mut body, &["description", "required"]);
        body.insert("content".to_owned(), Value::Object(content));
        Value::Object(body)
    }

    /// The `formData` parameters as one form body whose properties are the fields.
    fn form(
        &mut self,
        fields: &[(Map<String, Value>, String)],
        consumes: &[String],
        pointer: &str,
    ) -> Value {
        let has_file = fields
            .iter()
            .any(|(field, _)| field.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if has_file || consumes.iter().any(|media| media.starts_with(MULTIPART)) {
            MULTIPART
        } else {
            FORM
        };
        if let Some((_, first)) = fields.first() {
            self.origin.record(pointer, first);
        }
        let schema_pointer = pointer_child(
            &pointer_child(&pointer_child(pointer, "content"), media_type),
            "schema",
        );
        let properties_pointer = pointer_child(&schema_pointer, "properties");
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (field, original) in fields {
            let Some(name) = field.get("name").and_then(Value::as_str) else {
                continue;
            };
            self.origin
                .record(&pointer_child(&properties_pointer, name), original);
            let mut schema = match type_schema(field) {
                Value::Object(schema) => schema,
                _ => Map::new(),
            };
            copy(field, &mut schema, &["description"]);
            for (key, value) in field {
                if key.starts_with("x-") && key != "x-nullable" {
                    schema.insert(key.clone(), value.clone());
                }
            }
            if field.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            properties.insert(name.to_owned(), Value::Object(schema));
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), json!("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".to_owned(), Value::Array(required));
        }
        let mut content = Map::new();
        content.insert(media_type.to_owned(), json!({ "schema": schema }));
        let mut body = Map::new();
        if any_required {
            body.insert("required".to_owned(), Value::Bool(true));
        }
        body.insert("content".to_owned(), Value::Object(content));
        Value::Object(body)
    }

    /// A response: its `schema` under each produced media type, its headers' type
    /// keywords under their `schema`, its `examples` beside the schema of their media type.
    fn response(
        &mut self,
        response: &Value,
        produces: &[String],
        pointer: &str,
        original: &str,
    ) -> Value {
        self.origin.record(pointer, original);
        let Value::Object(source) = response else {
            return response.clone();
        };
        if source.contains_key("$ref") {
            return response.clone();
        }
        let mut converted = Map::new();
        for (key, value) in source {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = match value {
                        Value::Object(headers) => {
                            let headers_pointer = pointer_child(pointer, "headers");
                            let original_headers = pointer_child(original, "headers");
                            let mut converted = Map::new();
                            for (name, header) in headers {
                                let at = pointer_child(&headers_pointer, name);
                                let was = pointer_child(&original_headers, name);
                                self.origin.record(&at, &was);
                                self.origin.record(&pointer_child(&at, "schema"), &was);
                                converted.insert(name.clone(), header_of(header));
                            }
                            Value::Object(converted)
                        }
                        other => other.clone(),
                    };
                    converted.insert(key.clone(), headers);
                }
                _ => {
                    converted.insert(key.clone(), value.clone());
                }
            }
        }
        if !converted.contains_key("description") {
            converted.insert("description".to_owned(), json!(""));
        }
        if let Some(schema) = source.get("schema") {
            let schema = schema_of(schema);
            let examples = source.get("examples").and_then(Value::as_object);
            let media_types = match produces {
                [] => vec![JSON.to_owned()],
                some => some.to_vec(),
            };
            let content_pointer = pointer_child(pointer, "content");
            let mut content = Map::new();
            for media_type in media_types {
                let at = pointer_child(&content_pointer, &media_type);
                self.origin.record(
                    &pointer_child(&at, "schema"),
                    &pointer_child(original, "schema"),
                );
                let mut media = Map::new();
                media.insert("schema".to_owned(), schema.clone());
                if let Some(example) = examples.and_then(|examples| examples.get(&media_type)) {
                    self.origin.record(
                        &pointer_child(&at, "example"),
                        &pointer_child(&pointer_child(original, "examples"), &media_type),
                    );
                    media.insert("example".to_owned(), example.clone());
                }
                content.insert(media_type, Value::Object(media));
            }
            converted.insert("content".to_owned(), Value::Object(content));
        }
        Value::Object(converted)
    }
}

/// One entry of a `parameters` list as written, and where.
#[derive(Clone)]
struct Parameter {
    value: Value,
    pointer: String,
}

fn parameters_of(list: Option<&Value>, pointer: &str) -> Vec<Parameter> {
    let Some(Value::Array(list)) = list else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .map(|(index, value)| Parameter {
            value: value.clone(),
            pointer: pointer_child(pointer, &index.to_string()),
        })
        .collect()
}

/// The parameter itself, or what its `$ref` points at in `source`, with the original
/// pointer.
fn resolved<'a>(
    source: &'a Map<String, Value>,
    parameter: &'a Parameter,
) -> Option<(&'a Map<String, Value>, String)> {
    match parameter.value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let target = resolve_in(source, reference)?.as_object()?;
            Some((target, reference.to_owned()))
        }
        None => Some((parameter.value.as_object()?, parameter.pointer.clone())),
    }
}

fn location(parameter: &Value) -> Option<&str> {
    parameter.get("in").and_then(Value::as_str)
}

/// A `consumes` or `produces` list; an entry that is no string is left out.
fn media_list(list: Option<&Value>) -> Vec<String> {
    match list {
        Some(Value::Array(list)) => {
            let mut media: Vec<String> = Vec::new();
            for entry in list.iter().filter_map(Value::as_str) {
                if !media.iter().any(|seen| seen == entry) {
                    media.push(entry.to_owned());
                }
            }
            media
        }
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

/// The schema a parameter, header or `items` object describes with its type keywords.
fn type_schema(source: &Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for (key, value) in source {
        match key.as_str() {
            "items" => {
                let items = match value {
                    Value::Object(items) => type_schema(items),
                    other => other.clone(),
                };
                schema.insert(key.clone(), items);
            }
            "x-nullable" => {
                if let Value::Bool(nullable) = value {
                    schema.insert("nullable".to_owned(), Value::Bool(*nullable));
                }
            }
            key if SCHEMA_KEYWORDS.contains(&key) => {
                schema.insert(key.to_owned(), value.clone());
            }
            _ => {}
        }
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".to_owned(), json!("string"));
        schema.insert("format".to_owned(), json!("binary"));
    }
    Value::Object(schema)
}

fn header_of(header: &Value) -> Value {
    let Value::Object(source) = header else {
        return header.clone();
    };
    let mut converted = Map::new();
    for (key, value) in source {
        if !SCHEMA_KEYWORDS.contains(&key.as_str())
            && !matches!(key.as_str(), "collectionFormat" | "x-nullable")
        {
            converted.insert(key.clone(), value.clone());
        }
    }
    converted.insert("schema".to_owned(), type_schema(source));
    Value::Object(converted)
}

/// A Swagger 2.0 schema in OpenAPI 3.0's words; the walk follows only the keywords that
/// hold schemas, so a property named `discriminator` is left as it is.
fn schema_of(schema: &Value) -> Value {
    let Value::Object(source) = schema else {
        return schema.clone();
    };
    let mut converted = Map::new();
    for (key, value) in source {
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => Value::Object(
                properties
                    .iter()
                    .map(|(name, schema)| (name.clone(), schema_of(schema)))
                    .collect(),
            ),
            ("items" | "additionalProperties" | "not", Value::Object(_)) => schema_of(value),
            ("items" | "allOf" | "anyOf" | "oneOf", Value::Array(schemas)) => {
                Value::Array(schemas.iter().map(schema_of).collect())
            }
            ("discriminator", Value::String(property)) => json!({ "propertyName": property }),
            ("x-nullable", Value::Bool(nullable)) => {
                converted.insert("nullable".to_owned(), Value::Bool(*nullable));
                continue;
            }
            ("type", Value::String(ty)) if ty == "file" => {
                converted.insert("format".to_owned(), json!("binary"));
                json!("string")
            }
            _ => value.clone(),
        };
        converted.insert(key.clone(), value);
    }
    Value::Object(converted)
}

fn security_scheme(scheme: &Value) -> Value {
    let Value::Object(source) = scheme else {
        return scheme.clone();
    };
    let mut converted = Map::new();
    match source.get("type").and_then(Value::as_str) {
        Some("basic") => {
            converted.insert("type".to_owned(), json!("http"));
            converted.insert("scheme".to_owned(), json!("basic"));
        }
        Some("oauth2") => {
            converted.insert("type".to_owned(), json!("oauth2"));
            let flow = match source.get("flow").and_then(Value::as_str) {
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => "implicit",
            };
            let mut details = Map::new();
            copy(source, &mut details, &["authorizationUrl", "tokenUrl"]);
            let scopes = source.get("scopes").cloned().unwrap_or_else(|| json!({}));
            details.insert("scopes".to_owned(), scopes);
            let mut flows = Map::new();
            flows.insert(flow.to_owned(), Value::Object(details));
            converted.insert("flows".to_owned(), Value::Object(flows));
        }
        _ => copy(source, &mut converted, &["type", "name", "in"]),
    }
    for (key, value) in source {
        if key == "description" || key.starts_with("x-") {
            converted.insert(key.clone(), value.clone());
        }
    }
    Value::Object(converted)
}

/// Where the references of a Swagger 2.0 document point once converted, and where they
/// pointed as written.
const REFERENCE_PREFIXES: [(&str, &str); 3] = [
    ("#/components/schemas/", "#/definitions/"),
    ("#/components/parameters/", "#/parameters/"),
    ("#/components/responses/", "#/responses/"),
];

/// Every local `$ref` into `definitions`, `parameters` or `responses`, pointed at the
/// component it became.
fn rewrite_references(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => {
                        for (to, from) in REFERENCE_PREFIXES {
                            if let Some(rest) = reference.strip_prefix(from) {
                                *reference = format!("{to}{rest}");
                                break;
                            }
                        }
                    }
                    (_, child) => rewrite_references(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(yaml: &str) -> (Value, Origin, Vec<Note>) {
        let mut document: Value = serde_yaml::from_str(yaml).expect("test YAML");
        let (origin, notes) = convert(&mut document).unwrap_or_else(|(at, message)| {
            panic!("{message} (at {at})");
        });
        (document, origin, notes)
    }

    const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn servers_come_from_host_base_path_and_schemes_secure_first() {
        let (document, origin, _) = converted(&format!(
            "{HEAD}host: a.example\nbasePath: /v2/\nschemes: [http, https]\npaths: {{}}\n"
        ));
        assert_eq!(
            document["servers"],
            json!([{"url": "https://a.example/v2"}, {"url": "http://a.example/v2"}])
        );
        assert_eq!(origin.original("#/servers/1/url"), "#/host/1/url");
        let (document, _, _) = converted(&format!("{HEAD}host: a.example\npaths: {{}}\n"));
        assert_eq!(document["servers"], json!([{"url": "https://a.example"}]));
        let (document, _, _) = converted(&format!("{HEAD}basePath: /api\npaths: {{}}\n"));
        assert_eq!(document["servers"], json!([{"url": "/api"}]));
    }

    #[test]
    fn body_and_form_parameters_become_request_bodies_and_keep_their_origin() {
        let (document, origin, _) = converted(&format!(
            "{HEAD}consumes: [application/json, application/xml]\nparameters:\n  Body: {{name: b, in: body, required: true, schema: {{$ref: '#/definitions/A'}}}}\npaths:\n  /a:\n    post:\n      parameters:\n        - {{name: q, in: query, type: string}}\n        - $ref: '#/parameters/Body'\n      responses: {{'204': {{description: ok}}}}\n    put:\n      parameters:\n        - {{name: x, in: formData, type: integer, required: true}}\n        - {{name: f, in: formData, type: file}}\n      responses: {{'204': {{description: ok}}}}\ndefinitions:\n  A: {{type: object}}\n"
        ));
        let post = &document["paths"]["/a"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/A"}},
                "application/xml": {"schema": {"$ref": "#/components/schemas/A"}},
            }})
        );
        assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1));
        assert!(document["components"]["parameters"].get("Body").is_none());
        assert_eq!(
            origin.original("#/paths/~1a/post/requestBody/content/application~1xml/schema"),
            "#/parameters/Body/schema"
        );
        let put = &document["paths"]["/a"]["put"]["requestBody"];
        assert_eq!(
            put["content"]["multipart/form-data"]["schema"],
            json!({"type": "object", "properties": {
                "x": {"type": "integer"},
                "f": {"type": "string", "format": "binary"},
            }, "required": ["x"]})
        );
        assert_eq!(
            origin.original(
                "#/paths/~1a/put/requestBody/content/multipart~1form-data/schema/properties/f/format"
            ),
            "#/paths/~1a/put/parameters/1/format"
        );
    }

    #[test]
    fn collection_formats_become_styles() {
        let (document, origin, notes) = converted(&format!(
            "{HEAD}paths:\n  /a/{{p}}:\n    get:\n      parameters:\n        - {{name: p, in: path, type: array, items: {{type: integer}}}}\n        - {{name: m, in: query, type: array, collectionFormat: multi, items: {{type: string}}}}\n        - {{name: s, in: query, type: array, collectionFormat: ssv, items: {{type: string}}}}\n        - {{name: t, in: query, type: array, collectionFormat: tsv, items: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
        ));
        let parameters = &document["paths"]["/a/{p}"]["get"]["parameters"];
        assert_eq!(
            parameters[0],
            json!({"name": "p", "in": "path", "required": true, "style": "simple", "explode": false,
                   "schema": {"type": "array", "items": {"type": "integer"}}})
        );
        assert_eq!(parameters[1]["style"], "form");
        assert_eq!(parameters[1]["explode"], true);
        assert_eq!(parameters[2]["style"], "spaceDelimited");
        assert!(parameters[3].get("style").is_none());
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].pointer,
            "#/paths/~1a~1{p}/get/parameters/3/collectionFormat"
        );
        assert_eq!(
            origin.original("#/paths/~1a~1{p}/get/parameters/0/schema/items/type"),
            "#/paths/~1a~1{p}/get/parameters/0/items/type"
        );
    }

    #[test]
    fn responses_get_content_per_produced_type_and_typed_headers() {
        let (document, origin, _) = converted(&format!(
            "{HEAD}produces: [application/json]\npaths:\n  /a:\n    get:\n      produces: [text/csv, application/json]\n      responses:\n        '200':\n          description: ok\n          headers: {{X-Rate: {{type: integer, description: left}}}}\n          schema: {{type: string}}\n          examples: {{text/csv: 'a,b'}}\n        '204': {{description: none}}\n"
        ));
        let response = &document["paths"]["/a"]["get"]["responses"]["200"];
        assert_eq!(
            response["content"],
            json!({"text/csv": {"schema": {"type": "string"}, "example": "a,b"},
                   "application/json": {"schema": {"type": "string"}}})
        );
        assert_eq!(
            response["headers"]["X-Rate"],
            json!({"description": "left", "schema": {"type": "integer"}})
        );
        // Swagger 2.0: no `schema`, no body.
        assert!(document["paths"]["/a"]["get"]["responses"]["204"]
            .get("content")
            .is_none());
        assert_eq!(
            origin.original("#/paths/~1a/get/responses/200/content/text~1csv/schema"),
            "#/paths/~1a/get/responses/200/schema"
        );
    }

    #[test]
    fn schemas_say_nullable_discriminators_files_and_references_in_3_0_words() {
        let (document, origin, _) = converted(&format!(
            "{HEAD}paths: {{}}\ndefinitions:\n  A:\n    discriminator: kind\n    properties:\n      kind: {{type: string}}\n      discriminator: {{type: string, x-nullable: true}}\n      file: {{type: file}}\n      b: {{$ref: '#/definitions/B'}}\n  B: {{type: object}}\n"
        ));
        let a = &document["components"]["schemas"]["A"];
        assert_eq!(a["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            a["properties"]["discriminator"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            a["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(a["properties"]["b"]["$ref"], "#/components/schemas/B");
        assert_eq!(
            origin.original("#/components/schemas/A/properties/b"),
            "#/definitions/A/properties/b"
        );
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let (document, _, _) = converted(&format!(
            "{HEAD}paths: {{}}\nsecurityDefinitions:\n  b: {{type: basic, description: who}}\n  k: {{type: apiKey, name: key, in: query}}\n  o: {{type: oauth2, flow: application, tokenUrl: 'https://t', scopes: {{r: read}}}}\n"
        ));
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(
            schemes["b"],
            json!({"type": "http", "scheme": "basic", "description": "who"})
        );
        assert_eq!(
            schemes["k"],
            json!({"type": "apiKey", "name": "key", "in": "query"})
        );
        assert_eq!(
            schemes["o"],
            json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {"r": "read"}}}})
        );
    }

    #[test]
    fn an_operation_parameter_replaces_the_paths_own() {
        let (document, _, _) = converted(&format!(
            "{HEAD}paths:\n  /a:\n    parameters:\n      - {{name: q, in: query, type: string}}\n      - {{name: b, in: body, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: q, in: query, type: integer}}\n      responses: {{'204': {{description: ok}}}}\n"
        ));
        let item = &document["paths"]["/a"];
        assert_eq!(item["parameters"][0]["schema"]["type"], "string");
        assert_eq!(item["get"]["parameters"][0]["schema"]["type"], "integer");
        // The path's body parameter goes to each operation; none stays with the path.
        assert_eq!(item["parameters"].as_array().map(Vec::len), Some(1));
        assert!(item["get"]["requestBody"]["content"]["application/json"].is_object());
    }
}
