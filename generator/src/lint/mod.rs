//! lint: checks a document without generating from it. Besides everything the generator
//! itself reports (unresolved references, invalid patterns, degraded constructs), it looks
//! for what misleads readers and clients of the document:
//! - examples that do not fit their own schemas (`examples`);
//! - components no operation reaches;
//! - parameters that can never be sent;
//! - patterns that only ECMA-262's legacy syntax (Annex B) accepts, which Unicode-mode and
//!   most server-side engines reject or read differently.
//!
//! Each finding is a [`Diagnostic`] with its JSON pointer and, found in the text by
//! [`position_of`], its line and column.

mod examples;
mod source;

use crate::diagnostics::{pointer_child, Diagnostic, Severity};
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};

pub use source::line_of;

/// The line and column of the node at `pointer` in `text`: in JSON, where its key (or
/// element) starts, the pointer followed through the text in any layout; in YAML its line
/// (see [`line_of`]) and the column where that line's text starts.
pub fn position_of(text: &str, pointer: &str) -> Option<(usize, usize)> {
    if text.trim_start().starts_with(['{', '[']) {
        return source::json_position(text, pointer);
    }
    let line = line_of(text, pointer)?;
    let column = text
        .lines()
        .nth(line - 1)
        .map_or(1, |l| l.len() - l.trim_start().len() + 1);
    Some((line, column))
}

/// Every finding for the document `text` named `file`, errors and warnings, each with its
/// line where it can be found, in document order.
pub fn lint(text: &str, file: &str) -> Vec<Diagnostic> {
    crate::with_deep_stack(|| lint_here(text, file))
}

fn lint_here(text: &str, file: &str) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = match crate::load::load(text, file) {
        Err(error) => return vec![error],
        Ok(loaded) => {
            let options = crate::model::Options {
                all_types: true,
                round_trip: true,
                webhooks: true,
                ..Default::default()
            };
            let mut model_findings = match crate::model::build(&loaded.api, file, &options) {
                Ok((_, warnings)) => warnings,
                Err(errors) => errors,
            };
            loaded.relocate(&mut model_findings);
            loaded.warnings.into_iter().chain(model_findings).collect()
        }
    };
    // The document read once more, as written (the loader's copy was normalised), a
    // Swagger 2.0 one in its OpenAPI 3 form, for the checks to read it as the model does.
    if let Ok((document, origin)) = crate::load::parse_converted(text, file) {
        let mut lints = Lints {
            document: &document,
            file,
            findings: Vec::new(),
        };
        // One walk for the checks that look at every object.
        each_object(&document, "#", &mut |node, pointer| {
            lints.examples(node, pointer);
            lints.legacy_pattern(node, pointer);
        });
        lints.unreachable_components();
        lints.parameters();
        origin.relocate(&mut lints.findings);
        findings.extend(lints.findings);
    }
    for finding in &mut findings {
        // What generation forgives, a linter of the document does not.
        if finding.invalid {
            finding.severity = Severity::Error;
        }
        if finding.position.is_none() {
            finding.position = position_of(text, &finding.pointer);
        }
    }
    findings.sort_by(|a, b| a.position.cmp(&b.position).then(a.pointer.cmp(&b.pointer)));
    findings.dedup();
    findings
}

struct Lints<'a> {
    document: &'a Value,
    file: &'a str,
    findings: Vec<Diagnostic>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Lints<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.findings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// The `example` and `examples` of one object, when it has a schema to check them
    /// against: media types and parameters beside their `schema`, schemas themselves.
    fn examples(&mut self, node: &Value, pointer: &str) {
        let Some(object) = node.as_object() else {
            return;
        };
        let schema = match object.get("schema") {
            Some(schema) => schema,
            // A schema's own example: the node is the schema.
            None if ["type", "properties", "items", "allOf", "$ref"]
                .iter()
                .any(|k| object.contains_key(*k)) =>
            {
                node
            }
            None => return,
        };
        if let Some(example) = object.get("example") {
            self.example(schema, example, &pointer_child(pointer, "example"));
        }
        if let Some(Value::Object(named)) = object.get("examples") {
            for (name, entry) in named {
                if let Some(value) = entry.get("value") {
                    let at = pointer_child(
                        &pointer_child(&pointer_child(pointer, "examples"), name),
                        "value",
                    );
                    self.example(schema, value, &at);
                }
            }
        }
    }

    fn example(&mut self, schema: &Value, example: &Value, pointer: &str) {
        for violation in examples::check(self.document, schema, example) {
            self.warn(
                &format!("{pointer}{}", violation.at),
                format!("the example does not fit its schema: {}", violation.message),
            );
        }
    }

    /// Components that nothing reachable from `paths` refers to.
    fn unreachable_components(&mut self) {
        let document = self.document;
        let Some(paths) = document
            .get("paths")
            .filter(|p| p.as_object().is_some_and(|p| !p.is_empty()))
        else {
            return; // a library of schemas: every component is the point
        };
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut queue: VecDeque<&Value> = VecDeque::from([paths]);
        while let Some(node) = queue.pop_front() {
            let mut references = Vec::new();
            collect_refs(node, &mut references);
            for reference in references {
                if reached.insert(reference.clone()) {
                    if let Some(target) = reference
                        .strip_prefix('#')
                        .and_then(|p| document.pointer(p))
                    {
                        queue.push_back(target);
                    }
                }
            }
        }
        let Some(Value::Object(components)) = document.get("components") else {
            return;
        };
        for (section, entries) in components {
            if section == "securitySchemes" {
                continue; // named by security requirements, not by $ref
            }
            for name in entries.as_object().into_iter().flat_map(|e| e.keys()) {
                let pointer = pointer_child(&pointer_child("#/components", section), name);
                if !reached.contains(&pointer) {
                    self.warn(&pointer, format!("`{name}` is not used by any operation; no client code is generated for it"));
                }
            }
        }
    }

    /// Path parameters the template has no place for, and header parameters OpenAPI says
    /// are ignored. (Template variables no parameter fills, the generator reports itself.)
    fn parameters(&mut self) {
        let document = self.document;
        let Some(Value::Object(paths)) = document.get("paths") else {
            return;
        };
        for (path, item) in paths {
            let item_pointer = pointer_child("#/paths", path);
            let variables: BTreeSet<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            let shared = parameter_list(
                document,
                item.get("parameters"),
                &pointer_child(&item_pointer, "parameters"),
            );
            for method in METHODS {
                let Some(operation) = item.get(*method) else {
                    continue;
                };
                let operation_pointer = pointer_child(&item_pointer, method);
                let own = parameter_list(
                    document,
                    operation.get("parameters"),
                    &pointer_child(&operation_pointer, "parameters"),
                );
                for (pointer, parameter) in shared.iter().chain(own.iter()) {
                    let name = parameter
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    match parameter.get("in").and_then(Value::as_str) {
                        Some("path") if !variables.contains(name) => {
                            self.warn(pointer, format!("the path parameter `{name}` can never be sent: `{path}` has no `{{{name}}}`"));
                        }
                        Some("header")
                            if ["accept", "content-type", "authorization"]
                                .contains(&name.to_ascii_lowercase().as_str()) =>
                        {
                            self.warn(pointer, format!("the header parameter `{name}` is ignored: OpenAPI leaves Accept, Content-Type and Authorization to the media types and security schemes"));
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// A `pattern` that compiles only with ECMA-262's legacy (Annex B) leniency.
    fn legacy_pattern(&mut self, node: &Value, pointer: &str) {
        let Some(Value::String(pattern)) = node.get("pattern") else {
            return;
        };
        let legacy_only = regress::Regex::new(pattern).is_ok()
            && regress::Regex::with_flags(pattern, "u").is_err();
        if legacy_only {
            self.warn(
                &pointer_child(pointer, "pattern"),
                format!("the pattern `{pattern}` is valid only in ECMA-262's legacy syntax (Annex B: identity escapes such as `\\-` or `\\_`, a lone `{{` or `]`); this client checks it so, but Unicode-mode and most server-side engines reject it or read it differently"),
            );
        }
    }
}

/// Calls `visit` on every object of the document (a `Value::Object`) with its pointer, outermost first, except
/// inside `example` and `examples`, which are data, not description.
fn each_object(node: &Value, pointer: &str, visit: &mut dyn FnMut(&Value, &str)) {
    match node {
        Value::Object(object) => {
            visit(node, pointer);
            for (key, child) in object {
                if key != "example" && key != "examples" {
                    each_object(child, &pointer_child(pointer, key), visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                each_object(item, &pointer_child(pointer, &index.to_string()), visit);
            }
        }
        _ => {}
    }
}

/// A parameter list with `$ref`s resolved: each parameter with its pointer.
fn parameter_list<'d>(
    document: &'d Value,
    list: Option<&'d Value>,
    pointer: &str,
) -> Vec<(String, &'d Value)> {
    let Some(Value::Array(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(
            |(index, item)| match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let target = document.pointer(reference.strip_prefix('#')?)?;
                    Some((reference.to_owned(), target))
                }
                None => Some((pointer_child(pointer, &index.to_string()), item)),
            },
        )
        .collect()
}

/// Every `$ref` string under `node`.
fn collect_refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                out.push(reference.clone());
            }
            for child in object.values() {
                collect_refs(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
