//! load: document text in, an `openapiv3::OpenAPI` out.
//!
//! The text is parsed once into a `serde_json::Value` (YAML and JSON alike), the version is
//! checked (a Swagger 2.0 document is converted to OpenAPI 3.0 here, `swagger.rs`), and the
//! value is deserialized with `serde_path_to_error` so a structural error carries its JSON
//! pointer. Only on that error path is the text parsed a second time, streaming, to learn
//! the line and column as well.

mod normalize;
mod swagger;

use crate::diagnostics::{pointer_child, Diagnostic};
use openapiv3::OpenAPI;
use serde_json::Value;

pub use swagger::Origin;

/// A document read: the OpenAPI 3 it says, the warnings normalisation gave, and where its
/// nodes were written (a Swagger 2.0 document's moved in conversion).
pub struct Loaded {
    /// The document, as OpenAPI 3.0.
    pub api: OpenAPI,
    /// What normalisation had to drop or mend, pointing at the document as written.
    pub warnings: Vec<Diagnostic>,
    /// Maps the pointers of later diagnostics back to the document as written.
    pub origin: Origin,
}

impl Loaded {
    /// Points each of `diagnostics` at the document as written.
    pub fn relocate(&self, diagnostics: &mut [Diagnostic]) {
        self.origin.relocate(diagnostics);
    }
}

/// Parses `text` (YAML or JSON) as an OpenAPI 3.0, 3.1 or Swagger 2.0 document named `file`.
pub fn load(text: &str, file: &str) -> Result<Loaded, Diagnostic> {
    let mut value = parse(text, file)?;
    let origin = upgrade(&mut value, file)?;
    let (mut origin, conversion_notes) = origin.unwrap_or_default();
    let normalize::Normalized { notes, moved } = normalize::normalize(&mut value);
    for (now, was) in moved {
        let written = origin.original(&was).into_owned();
        origin.record(&now, &written);
    }
    let mut warnings: Vec<Diagnostic> = conversion_notes
        .into_iter()
        .chain(notes)
        .map(|note| match note.invalid {
            true => Diagnostic::invalid(file, &note.pointer, note.message),
            false => Diagnostic::warning(file, &note.pointer, note.message),
        })
        .collect();
    origin.relocate(&mut warnings);
    // Tracking the path costs a third of the deserialization; only a failure needs it.
    let api = match crate::worth_threads(text) {
        true => deserialize_in_parallel(&mut value),
        false => <OpenAPI as serde::Deserialize>::deserialize(&value).ok(),
    };
    if let Some(api) = api {
        return Ok(Loaded {
            api,
            warnings,
            origin,
        });
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
        Ok(api) => Ok(Loaded {
            api,
            warnings,
            origin,
        }),
        Err(error) => {
            let pointer = path_to_pointer(error.path());
            let message = explain(&error.inner().to_string());
            let (refined, message) = refine(&value, pointer, message);
            // The node as written: a converted document's, or one normalisation moved, is
            // where it was in the text.
            let written = origin.original(&refined).into_owned();
            let diagnostic = Diagnostic::error(file, &written, message);
            let position = crate::lint::position_of(text, &written);
            Err(match position {
                Some((line, column)) => diagnostic.at(line, column),
                None => diagnostic,
            })
        }
    }
}

/// Checks the document's version; a Swagger 2.0 document is converted to OpenAPI 3.0 in
/// place, and then its origin and the conversion's notes are returned.
fn upgrade(
    value: &mut Value,
    file: &str,
) -> Result<Option<(Origin, Vec<normalize::Note>)>, Diagnostic> {
    let is_swagger = value
        .as_object()
        .is_some_and(|root| !root.contains_key("openapi") && root.contains_key("swagger"));
    if !is_swagger {
        return check_version(value, file).map(|()| None);
    }
    swagger::convert(value)
        .map(Some)
        .map_err(|(pointer, message)| Diagnostic::error(file, &pointer, message))
}

/// The document as JSON in OpenAPI 3 form: as written, but for a Swagger 2.0 document,
/// which is converted (its origin says where each node was); not yet normalised.
pub(crate) fn parse_converted(text: &str, file: &str) -> Result<(Value, Origin), Diagnostic> {
    let mut value = parse(text, file)?;
    let origin = upgrade(&mut value, file)?;
    Ok((value, origin.map(|(origin, _)| origin).unwrap_or_default()))
}

/// Deserializes the document with its `components` on a second thread (they are about
/// half of a large document, and the model cannot start before both halves are read).
/// `None` on any error, with `document` as it was: the caller then deserializes it again
/// on one thread, tracking the path for the diagnostic.
fn deserialize_in_parallel(document: &mut Value) -> Option<OpenAPI> {
    let object = document.as_object_mut()?;
    let Some(index) = object.keys().position(|key| key == "components") else {
        return <OpenAPI as serde::Deserialize>::deserialize(&*document).ok();
    };
    let components = object.shift_remove("components")?;
    let (rest, parts) = std::thread::scope(|scope| {
        let parts = std::thread::Builder::new()
            .stack_size(crate::DEEP_STACK)
            .spawn_scoped(scope, || {
                <openapiv3::Components as serde::Deserialize>::deserialize(&components).ok()
            });
        let Ok(parts) = parts else {
            // No thread to be had: read everything here.
            return (None, None);
        };
        let rest = <OpenAPI as serde::Deserialize>::deserialize(&*document).ok();
        (rest, parts.join().ok().flatten())
    });
    match (rest, parts) {
        (Some(mut api), Some(parts)) => {
            api.components = Some(parts);
            Some(api)
        }
        _ => {
            if let Some(object) = document.as_object_mut() {
                object.shift_insert(index, "components".to_owned(), components);
            }
            None
        }
    }
}

fn parse(text: &str, file: &str) -> Result<Value, Diagnostic> {
    let first = text.trim_start().chars().next();
    let Some(first) = first else {
        return Err(Diagnostic::error(
            file,
            "#",
            "the document is empty; expected an OpenAPI 3.0, 3.1 or Swagger 2.0 document",
        ));
    };
    let syntax = if first == '{' || first == '[' {
        Syntax::Json
    } else {
        Syntax::Yaml
    };
    syntax.parse_value(text, file)
}

#[derive(Clone, Copy)]
enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    fn parse_value(self, text: &str, file: &str) -> Result<Value, Diagnostic> {
        match self {
            Syntax::Json => {
                if let Some((line, column)) = deeper_than(text, MAX_JSON_DEPTH) {
                    let message = format!(
                        "invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep, the \
                         generator's limit; name the inner schemas under `components/schemas` \
                         and use `$ref`"
                    );
                    return Err(Diagnostic::error(file, "#", message).at(line, column));
                }
                // The depth is bounded above, and the pipeline runs on a stack sized for it
                // (crate::with_deep_stack): serde_json's own limit of 128 can go.
                let mut deserializer = serde_json::Deserializer::from_str(text);
                deserializer.disable_recursion_limit();
                <Value as serde::Deserialize>::deserialize(&mut deserializer)
                    .and_then(|value| deserializer.end().map(|()| value))
                    .map_err(|error| {
                        Diagnostic::error(
                            file,
                            "#",
                            format!("invalid JSON: {}", strip_position(&error)),
                        )
                        .at(error.line(), error.column())
                    })
            }
            Syntax::Yaml => serde_yaml::from_str(text).map_err(|error| {
                let diagnostic = Diagnostic::error(
                    file,
                    "#",
                    format!("invalid YAML: {}", strip_position(&error)),
                );
                match error.location() {
                    Some(location) => diagnostic.at(location.line(), location.column()),
                    None => diagnostic,
                }
            }),
        }
    }
}

/// How deeply a JSON document may nest objects and arrays: real documents written by
/// tools go past serde_json's default of 128, and 2,048 levels hold schemas nested 1,000
/// deep (a property is two levels: `properties`, then the schema).
pub(crate) const MAX_JSON_DEPTH: usize = 2048;

/// The line and column (1-based) where `text`, read as JSON, first nests deeper than
/// `limit`; `None` when it never does. A byte scan, so that the check itself cannot
/// overflow the stack.
fn deeper_than(text: &str, limit: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        column += 1;
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return Some((line, column));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                column = 0;
            }
            _ => {}
        }
    }
    None
}

/// serde's messages say "at line L column C" (at the end, or before a YAML parser's
/// context); the diagnostic carries the position separately. The parsers' recursion limit
/// (128 levels of nesting) is also said in a document author's terms.
fn strip_position(error: &dyn std::fmt::Display) -> String {
    let message = error.to_string();
    let message = match message.find(" at line ") {
        Some(index) => {
            let rest = &message[index + " at line ".len()..];
            // Skip "L column C" and keep whatever context follows it.
            let after = rest
                .split_once(" column ")
                .map(|(_, tail)| tail.trim_start_matches(|c: char| c.is_ascii_digit()))
                .unwrap_or("");
            format!("{}{after}", &message[..index])
        }
        None => message,
    };
    if message.starts_with("recursion limit exceeded") {
        return "nested more than 128 levels deep, the parser's limit (which keeps the \
                generator from overflowing its stack); name the inner schemas under \
                `components/schemas` and use `$ref`"
            .to_owned();
    }
    message
}

/// Makes serde's least helpful messages say what a document author should write.
fn explain(message: &str) -> String {
    let message = strip_position(&message);
    if message.contains("did not match any variant of untagged enum ReferenceOr") {
        format!("{message}: expected either a `$ref` object or an inline definition")
    } else {
        message
    }
}

fn check_version(value: &Value, file: &str) -> Result<(), Diagnostic> {
    let Some(root) = value.as_object() else {
        return Err(Diagnostic::error(
            file,
            "#",
            "expected a mapping at the top level of an OpenAPI document",
        ));
    };
    match root.get("openapi") {
        Some(Value::String(version))
            if ["3.0", "3.1", "3.2"].iter().any(|v| version.starts_with(v)) =>
        {
            Ok(())
        }
        Some(Value::String(version)) => Err(Diagnostic::error(
            file,
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`; expected 3.0.x, 3.1.x or 3.2.x"),
        )),
        Some(other) => Err(Diagnostic::error(
            file,
            "#/openapi",
            format!("expected the version as a string such as \"3.0.3\", found `{other}`"),
        )),
        None => Err(Diagnostic::error(
            file,
            "#",
            "not an OpenAPI document: expected a top-level `openapi` field such as \"3.0.3\"",
        )),
    }
}

/// serde cannot follow a path into flattened or untagged containers, and openapiv3 uses
/// them for `paths`, `responses` and schemas; so the reported pointer can stop at such a
/// container. This re-reads the container's children one by one, with the type each
/// must have, and descends into the first that fails, until none does.
fn refine(root: &Value, mut pointer: String, mut message: String) -> (String, String) {
    // Bounded: each step goes one level deeper into a finite document.
    for _ in 0..256 {
        let Some(node) = root.pointer(pointer.trim_start_matches('#')) else {
            break;
        };
        let Some(entries) = node.as_object() else {
            break;
        };
        let child_failure = match container_kind(&pointer) {
            Some(Container::Paths) => first_failure::<openapiv3::PathItem>(entries, &pointer),
            Some(Container::Responses) => first_failure::<openapiv3::Response>(entries, &pointer),
            Some(Container::Schema) => schema_children(node, &pointer),
            None => None,
        };
        match child_failure {
            Some((child, child_message)) => {
                pointer = child;
                message = explain(&child_message);
            }
            None => break,
        }
    }
    (pointer, message)
}

enum Container {
    Paths,
    Responses,
    Schema,
}

fn container_kind(pointer: &str) -> Option<Container> {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match tokens.as_slice() {
        ["#", "paths"] => Some(Container::Paths),
        [.., "responses"] if tokens.len() >= 5 && tokens[1] == "paths" => {
            Some(Container::Responses)
        }
        ["#", "components", "schemas", _] => Some(Container::Schema),
        [.., "schema"] => Some(Container::Schema),
        [.., "properties", _] | [.., "items"] | [.., "additionalProperties"] | [.., "not"] => {
            Some(Container::Schema)
        }
        [.., "allOf" | "oneOf" | "anyOf", index] if index.parse::<usize>().is_ok() => {
            Some(Container::Schema)
        }
        _ => None,
    }
}

/// The first entry (skipping `$ref`s and extensions) that does not deserialize as `T`,
/// with the deepest pointer serde can give inside it.
fn first_failure<T: serde::de::DeserializeOwned>(
    entries: &serde_json::Map<String, Value>,
    pointer: &str,
) -> Option<(String, String)> {
    entries
        .iter()
        .filter(|(key, child)| !key.starts_with("x-") && child.get("$ref").is_none())
        .find_map(|(key, child)| {
            let error = serde_path_to_error::deserialize::<_, T>(child).err()?;
            let inner = path_to_pointer(error.path());
            let child_pointer = pointer_child(pointer, key);
            Some((
                format!("{child_pointer}{}", inner.trim_start_matches('#')),
                error.inner().to_string(),
            ))
        })
}

fn schema_children(node: &Value, pointer: &str) -> Option<(String, String)> {
    let mut children: Vec<(String, &Value)> = Vec::new();
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        let base = pointer_child(pointer, "properties");
        children.extend(
            properties
                .iter()
                .map(|(key, child)| (pointer_child(&base, key), child)),
        );
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = node.get(key).filter(|child| child.is_object()) {
            children.push((pointer_child(pointer, key), child));
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            let base = pointer_child(pointer, key);
            children.extend(
                list.iter()
                    .enumerate()
                    .map(|(i, child)| (pointer_child(&base, &i.to_string()), child)),
            );
        }
    }
    children
        .into_iter()
        .filter(|(_, child)| child.get("$ref").is_none())
        .find_map(|(child_pointer, child)| {
            let error = serde_path_to_error::deserialize::<_, openapiv3::Schema>(child).err()?;
            Some((child_pointer, error.inner().to_string()))
        })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_child(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_child(&pointer, key),
            Segment::Enum { variant } => pointer = pointer_child(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_read_on_their_own_thread_give_the_document_read_on_one() {
        let text = include_str!("../../../spec/conversations.yaml");
        let document = parse(text, "spec.yaml").expect("parses");
        let on_one = <OpenAPI as serde::Deserialize>::deserialize(&document).expect("reads");
        assert!(on_one
            .components
            .as_ref()
            .is_some_and(|c| !c.schemas.is_empty()));
        let mut spread = document.clone();
        assert_eq!(deserialize_in_parallel(&mut spread), Some(on_one));
    }

    fn error_of(text: &str) -> String {
        match load(text, "spec.yaml") {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn empty_document() {
        assert_eq!(
            error_of("  \n"),
            "spec.yaml: error: the document is empty; expected an OpenAPI 3.0, 3.1 or Swagger 2.0 document (at #)"
        );
    }

    #[test]
    fn malformed_yaml_has_line_and_column() {
        let error = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(
            error.starts_with("spec.yaml:3:1: error: invalid YAML:"),
            "{error}"
        );
    }

    #[test]
    fn malformed_json_has_line_and_column() {
        let error = error_of("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }");
        assert!(
            error.starts_with("spec.yaml:3:11: error: invalid JSON:"),
            "{error}"
        );
    }

    #[test]
    fn swagger_versions_other_than_two_are_named() {
        let error = error_of("swagger: '1.2'\ninfo: {title: t, version: '1'}\n");
        assert!(
            error.contains("unsupported Swagger version `1.2`; expected \"2.0\""),
            "{error}"
        );
        assert!(error.ends_with("(at #/swagger)"), "{error}");
    }

    #[test]
    fn a_swagger_error_points_at_the_original_node_and_its_line() {
        // `required` must be a boolean; in the converted document the parameter has moved
        // (it is the only plain one left), but the error names it where it was written.
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: string}}\n        - name: q\n          in: query\n          type: string\n          required: yes please\n      responses:\n        '200': {description: ok}\n";
        let error = error_of(text);
        assert!(
            error.starts_with("spec.yaml:8:9: error:"),
            "the line of `- name: q`: {error}"
        );
        assert!(
            error.ends_with("(at #/paths/~1a/post/parameters/1)"),
            "{error}"
        );
    }

    #[test]
    fn a_swagger_document_reads_as_openapi_3() {
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, schema: {$ref: '#/definitions/A'}}\ndefinitions:\n  A: {type: object}\n";
        let loaded = load(text, "spec.yaml").unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(loaded.api.servers[0].url, "https://api.example.com");
        assert!(loaded.api.components.unwrap().schemas.contains_key("A"));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn unknown_version() {
        let error = error_of("openapi: 4.0.0\n");
        assert!(
            error.contains("unsupported OpenAPI version `4.0.0`"),
            "{error}"
        );
    }

    #[test]
    fn not_openapi() {
        let error = error_of("name: my-package\nversion: 1.0.0\n");
        assert!(error.contains("not an OpenAPI document"), "{error}");
    }

    #[test]
    fn structural_error_has_pointer_and_position() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: 7\n";
        let error = error_of(text);
        assert!(
            error.contains("(at #/paths/~1a/get/responses/200"),
            "pointer missing: {error}"
        );
        assert!(error.contains("expected a string"), "{error}");
        assert!(
            error.contains("(at #/paths/~1a/get/responses/200/description)"),
            "{error}"
        );
    }

    #[test]
    fn errors_inside_schemas_point_at_the_property() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {type: array, items: nope}\n";
        let error = error_of(text);
        assert!(
            error.ends_with("(at #/components/schemas/A/properties/b)"),
            "{error}"
        );
    }

    #[test]
    fn a_keyword_of_the_wrong_type_is_a_warning_not_an_error() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, minLength: x}\n";
        let Loaded { warnings, .. } = load(text, "spec.yaml").expect("still readable");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/components/schemas/A/minLength");
    }

    #[test]
    fn a_top_level_error_keeps_its_position() {
        let error =
            error_of("{\"openapi\": \"3.0.3\", \"info\": {\"version\": \"1\"}, \"paths\": {}}");
        // Where the `info` member starts on the (only) line.
        assert_eq!(
            error,
            "spec.yaml:1:22: error: missing field `title` (at #/info)"
        );
    }

    #[test]
    fn slips_that_leave_a_document_readable_are_invalid_warnings() {
        let text = "openapi: 3.0.3\ninfo: {title: t}\n";
        let Loaded { api, warnings, .. } = load(text, "spec.yaml").expect("readable");
        assert!(api.paths.paths.is_empty());
        let found: Vec<(&str, bool)> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.invalid))
            .collect();
        assert_eq!(found, [("#", true), ("#/info", true)], "{warnings:?}");
        // The same document as 3.1 is valid without paths.
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {}\n";
        let Loaded { warnings, .. } = load(text, "spec.yaml").expect("valid 3.1");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn missing_info_is_reported_at_the_root() {
        let error = error_of("openapi: 3.0.3\npaths: {}\n");
        assert!(error.contains("missing field `info`"), "{error}");
    }
}
