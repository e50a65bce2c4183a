//! Webhooks: the requests an API's server sends to its user's endpoint (OpenAPI 3.1's
//! `webhooks`, which load moves to the `x-webhooks` extension that 3.0 documents such as
//! GitHub's use, and the operations' `callbacks`, which load adds there by name). Each becomes a variant of the `webhooks::Event` enum, holding its
//! payload, decoded by the event name the request carries.

use super::docs::doc_text;
use super::names::{pascal, NameSet};
use super::operations::{json_media, request_body_component};
use super::schemas::{Lowering, Subject};
use super::{TypeRef, Webhook};
use crate::diagnostics::pointer_child;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, Schema, SchemaKind, Type};

/// The webhooks of `api`, in the document's order, their payloads lowered.
pub fn lower_webhooks(lowering: &mut Lowering) -> Vec<Webhook> {
    let api = lowering.api;
    let Some(value) = api.extensions.get("x-webhooks") else {
        return Vec::new();
    };
    let base = if api.openapi.starts_with("3.1") {
        "#/webhooks"
    } else {
        "#/x-webhooks"
    };
    let items: IndexMap<String, ReferenceOr<PathItem>> = match serde_json::from_value(value.clone())
    {
        Ok(items) => items,
        Err(error) => {
            lowering.warn(
                base,
                format!("the webhooks are not path items ({error}); they are ignored"),
            );
            return Vec::new();
        }
    };
    let mut variants = NameSet::default();
    let mut webhooks = Vec::new();
    for (key, item) in &items {
        let ReferenceOr::Item(item) = item else {
            let pointer = pointer_child(base, key);
            lowering.warn(
                &pointer,
                "a webhook given as a $ref is not read; it is ignored",
            );
            continue;
        };
        // An operation's callback, moved here by load, says where it was.
        let pointer = match item.extensions.get("x-pointer").and_then(|p| p.as_str()) {
            Some(pointer) => pointer.to_owned(),
            None => pointer_child(base, key),
        };
        let operations: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
        for (method, operation) in &operations {
            let pointer = pointer_child(&pointer, method);
            // A webhook with several methods (rare) is one variant per method.
            let raw = match operations.len() {
                1 => key.clone(),
                _ => format!("{key} {method}"),
            };
            let variant = variants.claim(&pascal(&raw, "Webhook", "Webhook"));
            let Some((ty, schema)) = payload(lowering, api, operation, &pointer, &variant) else {
                lowering.warn(
                    &pointer,
                    "the webhook has no JSON request body; it is ignored",
                );
                continue;
            };
            let docs = [&operation.summary, &operation.description]
                .into_iter()
                .flatten()
                .find_map(|text| doc_text(text))
                .unwrap_or_else(|| format!("The `{key}` webhook."));
            webhooks.push(Webhook {
                event: event_name(operation).unwrap_or_else(|| key.clone()),
                action: schema.and_then(|schema| single_action(api, schema)),
                key: key.clone(),
                variant,
                ty,
                docs,
            });
        }
    }
    webhooks
}

/// The payload's type, and its schema when the document gives one inline or by
/// reference.
fn payload<'a>(
    lowering: &mut Lowering,
    api: &'a OpenAPI,
    operation: &'a openapiv3::Operation,
    pointer: &str,
    variant: &str,
) -> Option<(TypeRef, Option<&'a ReferenceOr<Schema>>)> {
    // A body the components hold is lowered where it is, as an operation's is.
    let (body_pointer, body) = match operation.request_body.as_ref()? {
        ReferenceOr::Item(body) => (pointer_child(pointer, "requestBody"), body),
        ReferenceOr::Reference { reference } => {
            let (key, body) = request_body_component(api, reference)?;
            (pointer_child("#/components/requestBodies", key), body)
        }
    };
    let (media_type, media) = json_media(&body.content)?;
    let Some(schema) = &media.schema else {
        return Some((TypeRef::Json, None));
    };
    let schema_pointer = pointer_child(
        &pointer_child(&pointer_child(&body_pointer, "content"), media_type),
        "schema",
    );
    let lowered = lowering.lower(
        schema,
        &[format!("{variant}Payload")],
        &Subject::named("payload"),
        &schema_pointer,
    );
    Some((lowered.ty, Some(schema)))
}

/// The event name the sender puts in a header of the request (GitHub's `X-GitHub-Event:
/// push`): the example of a header parameter whose name ends in `-event`.
fn event_name(operation: &openapiv3::Operation) -> Option<String> {
    operation
        .parameters
        .iter()
        .find_map(|parameter| match parameter {
            ReferenceOr::Item(Parameter::Header { parameter_data, .. })
                if parameter_data.name.to_ascii_lowercase().ends_with("-event") =>
            {
                parameter_data.example.as_ref()?.as_str().map(str::to_owned)
            }
            _ => None,
        })
}

/// The one value the payload's `action` property may hold: GitHub sends several webhooks
/// under one event name (`check_run` created, completed, ...), told apart by it.
fn single_action(api: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<String> {
    let object = resolve(api, schema)?;
    let SchemaKind::Type(Type::Object(object)) = &object.schema_kind else {
        return None;
    };
    let action = object.properties.get("action")?;
    let action = match action {
        ReferenceOr::Item(schema) => schema.as_ref(),
        ReferenceOr::Reference { reference } => resolve_reference(api, reference)?,
    };
    match &action.schema_kind {
        SchemaKind::Type(Type::String(text)) => match text.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn resolve<'a>(api: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_reference(api, reference),
    }
}

fn resolve_reference<'a>(api: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    let key = reference.strip_prefix("#/components/schemas/")?;
    match api.components.as_ref()?.schemas.get(key)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}
