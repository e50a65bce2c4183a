//! Operation lowering: each path item method becomes an [`Operation`] with its name,
//! path template, parameters by location, request body, responses by status and whether
//! it authenticates.

use super::docs::doc_text;
use super::names::{pascal, snake, type_name, NameSet};
use super::pagination;
use super::schemas::{with_default, Lowering, Subject};
use super::{
    ApiKey, ApiKeyLocation, BodyEncoding, ErrorCase, Gate, HeaderType, Operation, OwnType, Param,
    ParamLocation, ParamShape, PathPart, QueryStyle, RequestBody, ResponseHeader, Responses,
    Scalar, SegmentStyle, StatusMatch, StreamAlternative, StreamFormat, SuccessVariant, TypeKind,
    TypeRef, TypeTable, ValueFormat,
};
use crate::diagnostics::pointer_child;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response,
    SecurityScheme, StatusCode,
};
use std::collections::{BTreeSet, HashMap};

/// The names `Client` has of its own (constructors, settings, private helpers), which an
/// operation's method may not take.
fn client_method_names() -> NameSet {
    let mut names = NameSet::default();
    for name in [
        "new",
        "default",
        "clone",
        "fmt",
        "with_base_url",
        "with_http_client",
        "with_timeout",
        "with_retry_policy",
        "with_default_header",
        "with_max_body_size",
        "with_options",
        "with_hook",
        "base_url",
        "endpoint",
        "send",
        "prepare",
        "execute",
        "attempt",
        "open",
        "request_hooks",
        "response_hooks",
        "backoff",
    ] {
        names.claim(name);
    }
    names
}

/// Lowers every operation, ordered by path and then method, so that the output does not
/// depend on the order of `paths` in the document.
pub(crate) fn lower_operations(lowering: &mut Lowering<'_>) -> Vec<Operation> {
    let api = lowering.api;
    let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> = api.paths.paths.iter().collect();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    let mut method_names = client_method_names();
    let mut type_prefixes = NameSet::default();
    let mut operations = Vec::new();
    for (path, item) in paths {
        let item_pointer = pointer_child("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lowering.warn(
                    &item_pointer,
                    format!("path item $ref `{reference}` is not supported yet; its operations are skipped"),
                );
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let pointer = pointer_child(&item_pointer, method);
            let context = OperationContext {
                path,
                method,
                item,
                operation,
                pointer: pointer.clone(),
            };
            let name = match &operation.operation_id {
                Some(id) => snake(id, "operation"),
                None => derived_name(method, path),
            };
            if method_names.contains(&name) {
                lowering.warn(
                    &pointer,
                    format!(
                        "operation name `{name}` is already taken; this one gets a numbered name"
                    ),
                );
            }
            let name = method_names.claim(&name);
            let type_prefix = type_prefixes.claim(&type_name(&name));
            if let Some(operation) = lower_operation(lowering, &context, name, type_prefix) {
                operations.push(operation);
            }
        }
    }
    operations
}

struct OperationContext<'a> {
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    operation: &'a openapiv3::Operation,
    pointer: String,
}

fn lower_operation<'a>(
    lowering: &mut Lowering<'a>,
    context: &OperationContext<'a>,
    name: String,
    type_prefix: String,
) -> Option<Operation> {
    let operation = context.operation;
    let params = lower_params(lowering, context, &type_prefix);
    let segments = path_segments(lowering, context, &params)?;
    let body = lower_body(lowering, context, &type_prefix)?;
    let responses = lower_responses(lowering, context, &type_prefix);
    let auth = operation_auth(lowering, operation);
    let docs = [
        operation.summary.as_deref(),
        operation.description.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(doc_text)
    .chain(other_media_note(body.as_ref(), &responses))
    .collect::<Vec<_>>()
    .join("\n\n");
    Some(Operation {
        name,
        type_prefix,
        method: context.method.to_owned(),
        path: context.path.to_owned(),
        segments,
        docs,
        params,
        body,
        responses,
        authenticated: auth.bearer,
        basic: auth.basic,
        api_keys: auth.api_keys,
        pagination: None,
        operation_id: operation.operation_id.clone(),
        tags: operation.tags.clone(),
        gate: Gate::default(),
        params_struct: OwnType::None,
        error_enum: OwnType::None,
        response_method: String::new(),
        unboxed_method: String::new(),
    })
}

/// Decides each operation's [`OwnType`]s: the first operation (in the model's order) with
/// a set of optional parameters (names, types and descriptions), or of error responses
/// (variants, types and descriptions), defines the type; the others with the same set
/// alias it. Runs after the features are assigned, since a shared type is compiled with any
/// operation that uses it.
pub(crate) fn share_own_types(operations: &mut [Operation], feature_count: usize) {
    let params: Vec<Option<String>> = operations
        .iter()
        .map(|operation| {
            let optional: Vec<_> = operation
                .params
                .iter()
                .filter(|param| !param.required)
                .map(|param| (&param.name, &param.ty, &param.docs))
                .collect();
            (!optional.is_empty()).then(|| format!("{optional:?}"))
        })
        .collect();
    let errors: Vec<Option<String>> = operations
        .iter()
        .map(|operation| {
            let errors = &operation.responses.errors;
            (!errors.is_empty()).then(|| {
                let cases: Vec<_> = errors
                    .iter()
                    .map(|case| {
                        (
                            &case.status,
                            &case.variant,
                            &case.ty,
                            case.boxed,
                            &case.docs,
                        )
                    })
                    .collect();
                format!("{cases:?}")
            })
        })
        .collect();
    for (index, kind) in share(operations, &params, feature_count) {
        operations[index].params_struct = kind;
    }
    for (index, kind) in share(operations, &errors, feature_count) {
        operations[index].error_enum = kind;
    }
}

/// The [`OwnType`] of each operation with a type of the given `shapes`.
fn share(
    operations: &[Operation],
    shapes: &[Option<String>],
    feature_count: usize,
) -> Vec<(usize, OwnType)> {
    let mut owners: HashMap<&str, usize> = HashMap::new();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); operations.len()];
    for (index, shape) in shapes.iter().enumerate() {
        if let Some(shape) = shape {
            let owner = *owners.entry(shape).or_insert(index);
            users[owner].push(index);
        }
    }
    let mut kinds = Vec::new();
    for (owner, members) in users.iter().enumerate() {
        let Some((_, others)) = members.split_first() else {
            continue;
        };
        let gate = Gate::union(members.iter().map(|&i| &operations[i].gate), feature_count);
        let prefix = &operations[owner].type_prefix;
        kinds.extend(others.iter().map(|&i| (i, OwnType::Alias(prefix.clone()))));
        kinds.push((
            owner,
            OwnType::Own {
                gate,
                shared: !others.is_empty(),
            },
        ));
    }
    kinds
}

/// The media types an operation documents beside the ones this client sends and reads, so
/// that a caller who needs one knows it exists (and sends that request another way).
fn other_media_note(body: Option<&RequestBody>, responses: &Responses) -> Option<String> {
    let quoted = |types: &[String]| {
        types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if let Some(body) = body.filter(|b| !b.unsent_media_types.is_empty()) {
        parts.push(format!(
            "request bodies as {}, which this client does not send",
            quoted(&body.unsent_media_types)
        ));
    }
    if !responses.unread_media_types.is_empty() {
        parts.push(format!(
            "responses as {}, which this client does not read",
            quoted(&responses.unread_media_types)
        ));
    }
    (!parts.is_empty()).then(|| format!("The API also documents {}.", parts.join("; and ")))
}

/// `get /users/{id}/repos` -> `get_users_id_repos`.
fn derived_name(method: &str, path: &str) -> String {
    snake(&format!("{method} {path}"), method)
}

fn lower_params(
    lowering: &mut Lowering,
    context: &OperationContext,
    type_prefix: &str,
) -> Vec<Param> {
    let api = lowering.api;
    // Operation parameters override path-item ones with the same name and location.
    let mut declared: Vec<(String, &Parameter)> = Vec::new();
    let item_params = context.item.parameters.iter().enumerate().map(|(i, p)| {
        (
            pointer_child(
                &pointer_child(&pointer_child("#/paths", context.path), "parameters"),
                &i.to_string(),
            ),
            p,
        )
    });
    let operation_params = context
        .operation
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                pointer_child(
                    &pointer_child(&context.pointer, "parameters"),
                    &i.to_string(),
                ),
                p,
            )
        });
    for (pointer, parameter) in item_params.chain(operation_params) {
        let Some((pointer, parameter)) = resolve_parameter(lowering, api, pointer, parameter)
        else {
            continue;
        };
        let data = parameter.parameter_data_ref();
        let location = std::mem::discriminant(parameter);
        declared.retain(|(_, p)| {
            !(p.parameter_data_ref().name == data.name && std::mem::discriminant(*p) == location)
        });
        declared.push((pointer, parameter));
    }

    let mut names = NameSet::default();
    // Required parameters are arguments: they may not take the names the emitted method
    // and its page streams use for their own locals. Optional ones are fields of the
    // parameter struct, a namespace of their own.
    let mut fields = NameSet::default();
    for reserved in [
        "params",
        "body",
        "url",
        "query",
        "request",
        "response",
        "value",
        "item",
        "key",
        "client",
        "state",
        "start",
        "result",
        "next",
        "next_state",
        "page",
        "items",
        "error",
    ] {
        names.claim(reserved);
    }
    let mut params = Vec::new();
    for (pointer, parameter) in declared {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        let segment_style = SegmentStyle {
            prefix: match parameter {
                Parameter::Path {
                    style: openapiv3::PathStyle::Label,
                    ..
                } => Some('.'),
                Parameter::Path {
                    style: openapiv3::PathStyle::Matrix,
                    ..
                } => Some(';'),
                _ => None,
            },
            // `explode` defaults to false for every style but `form`.
            explode: data.explode.unwrap_or(false),
        };
        let query_style = match parameter {
            Parameter::Query { style, .. } => query_style(style, data.explode),
            _ => QueryStyle::Joined(','),
        };
        let base = type_name(&data.name);
        let hints = [base.clone(), format!("{type_prefix}{base}")];
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = pointer_child(&pointer, "schema");
                lowering
                    .lower(schema, &hints, &Subject::named(&data.name), &schema_pointer)
                    .ty
            }
            ParameterSchemaOrContent::Content(_) => {
                lowering.warn(
                    &pointer,
                    "parameter `content` is not supported yet; sent as JSON text",
                );
                TypeRef::Json
            }
        };
        let docs = data
            .description
            .as_deref()
            .and_then(doc_text)
            .unwrap_or_else(|| {
                format!("The `{}` {} parameter.", data.name, location_word(location))
            });
        // Left unset, the parameter is not sent and the server applies its default.
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                schema.schema_data.default.as_ref()
            }
            _ => None,
        };
        let docs = with_default(docs, default);
        params.push(Param {
            name: if data.required || location == ParamLocation::Path {
                names.claim(&snake(&data.name, "param"))
            } else {
                fields.claim(&snake(&data.name, "param"))
            },
            wire_name: data.name.clone(),
            location,
            ty,
            // Path parameters are always required, whatever the document says.
            required: data.required || location == ParamLocation::Path,
            // Settled by `shape_of` once every type is known.
            shape: ParamShape::Single(ValueFormat::Display),
            query_style,
            segment_style,
            docs,
        });
    }
    params
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A query parameter's `style` with its `explode`, whose default is true for `form` only.
fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> QueryStyle {
    let separator = match style {
        openapiv3::QueryStyle::Form => ',',
        openapiv3::QueryStyle::SpaceDelimited => ' ',
        openapiv3::QueryStyle::PipeDelimited => '|',
        openapiv3::QueryStyle::DeepObject => return QueryStyle::DeepObject,
    };
    let default_explode = separator == ',';
    if explode.unwrap_or(default_explode) {
        QueryStyle::Exploded
    } else {
        QueryStyle::Joined(separator)
    }
}

fn resolve_parameter<'a>(
    lowering: &mut Lowering,
    api: &'a OpenAPI,
    pointer: String,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<(String, &'a Parameter)> {
    match parameter {
        ReferenceOr::Item(parameter) => Some((pointer, parameter)),
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix("#/components/parameters/");
            let found = key.and_then(|key| {
                let components = api.components.as_ref()?;
                match components.parameters.get(key)? {
                    ReferenceOr::Item(parameter) => {
                        Some((pointer_child("#/components/parameters", key), parameter))
                    }
                    ReferenceOr::Reference { .. } => None,
                }
            });
            if found.is_none() {
                lowering.warn(
                    &pointer,
                    format!("unresolved parameter $ref `{reference}`; the parameter is not sent"),
                );
            }
            found
        }
    }
}

/// Splits the path template into segments of literal text and parameters; `None` (and a
/// warning) when the template names a parameter that is not declared.
fn path_segments(
    lowering: &mut Lowering,
    context: &OperationContext,
    params: &[Param],
) -> Option<Vec<Vec<PathPart>>> {
    let mut segments = Vec::new();
    for raw in context.path.trim_start_matches('/').split('/') {
        let mut parts = Vec::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let wire_name = &rest[open + 1..close];
            let param = params
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire_name == wire_name);
            match param {
                Some(param) => parts.push(PathPart::Param(param.name.clone())),
                None => {
                    lowering.warn(
                        &context.pointer,
                        format!("the path names `{{{wire_name}}}` but no such path parameter is declared; the operation is skipped"),
                    );
                    return None;
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() || parts.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        segments.push(parts);
    }
    Some(segments)
}

/// A media type without its parameters, in lower case: `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The media type a request body is sent as, by preference: JSON, a URL-encoded form, a
/// multipart form, text, then anything else as bytes.
fn body_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    if let Some((media_type, media)) = json_media(content) {
        return Some((media_type, media, BodyEncoding::Json));
    }
    let find = |wanted: &dyn Fn(&str) -> bool| {
        content
            .iter()
            .find(|(media_type, _)| wanted(&essence(media_type)))
    };
    if let Some((media_type, media)) = find(&|e| e == "application/x-www-form-urlencoded") {
        return Some((media_type, media, BodyEncoding::Form));
    }
    if let Some((media_type, media)) =
        find(&|e| e == "multipart/form-data" || e.starts_with("multipart/"))
    {
        return Some((media_type, media, BodyEncoding::Multipart));
    }
    if let Some((media_type, media)) = find(&|e| e.starts_with("text/")) {
        return Some((media_type, media, BodyEncoding::Text(essence(media_type))));
    }
    let (media_type, media) = content.iter().next()?;
    let content_type = match essence(media_type).as_str() {
        // A wildcard is no content type to send.
        "*/*" | "" => "application/octet-stream".to_owned(),
        other if other.contains('*') => "application/octet-stream".to_owned(),
        other => other.to_owned(),
    };
    Some((media_type, media, BodyEncoding::Bytes(content_type)))
}

/// The JSON media type of a body, if it has one: `application/json` or any `+json` type.
pub(super) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, _)| {
        let essence = essence(media_type);
        // Some documents write `applicationjson;version=…`: JSON all the same.
        essence == "application/json" || essence.ends_with("+json") || essence == "applicationjson"
    })
}

/// The `components.requestBodies` entry a `$ref` names, with its key; `None` when there is
/// none (or it is itself a reference).
pub(super) fn request_body_component<'a>(
    api: &'a OpenAPI,
    reference: &'a str,
) -> Option<(&'a str, &'a openapiv3::RequestBody)> {
    let key = reference.strip_prefix("#/components/requestBodies/")?;
    match api.components.as_ref()?.request_bodies.get(key)? {
        ReferenceOr::Item(body) => Some((key, body)),
        ReferenceOr::Reference { .. } => None,
    }
}

/// `Some(None)`: no body; `None`: a required body we cannot send, so the operation is skipped.
fn lower_body(
    lowering: &mut Lowering,
    context: &OperationContext,
    type_prefix: &str,
) -> Option<Option<RequestBody>> {
    let Some(body) = &context.operation.request_body else {
        return Some(None);
    };
    let mut pointer = pointer_child(&context.pointer, "requestBody");
    let body = match body {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => {
            let Some((key, body)) = request_body_component(lowering.api, reference) else {
                lowering.warn(
                    &pointer,
                    format!("unresolved request body $ref `{reference}`; the operation is skipped"),
                );
                return None;
            };
            pointer = pointer_child("#/components/requestBodies", key);
            body
        }
    };
    let Some((media_type, media, encoding)) = body_media(&body.content) else {
        lowering.warn(
            &pointer,
            "the request body declares no media type; it is not sent",
        );
        return Some(None);
    };
    let schema_pointer = pointer_child(
        &pointer_child(&pointer_child(&pointer, "content"), media_type),
        "schema",
    );
    let ty = match (&media.schema, &encoding) {
        (Some(schema), BodyEncoding::Json | BodyEncoding::Form) => {
            lowering
                .lower(
                    schema,
                    &[format!("{type_prefix}Request")],
                    &Subject::named("body"),
                    &schema_pointer,
                )
                .ty
        }
        _ => TypeRef::Json,
    };
    let docs = body
        .description
        .as_deref()
        .and_then(doc_text)
        .unwrap_or_else(|| "The request body.".to_owned());
    let unsent_media_types = body
        .content
        .keys()
        .filter(|other| *other != media_type)
        .cloned()
        .collect();
    Some(Some(RequestBody {
        ty,
        required: body.required,
        encoding,
        docs,
        unsent_media_types,
    }))
}

fn lower_responses<'a>(
    lowering: &mut Lowering<'a>,
    context: &OperationContext<'a>,
    type_prefix: &str,
) -> Responses {
    let responses = &context.operation.responses;
    let responses_pointer = pointer_child(&context.pointer, "responses");
    let mut documented: Vec<(StatusMatch, String, &ReferenceOr<Response>)> = responses
        .responses
        .iter()
        .map(|(code, response)| {
            let status = match *code {
                StatusCode::Code(code) => StatusMatch::Code(code),
                StatusCode::Range(range) => StatusMatch::Range(range),
            };
            (status, code.to_string(), response)
        })
        .collect();
    if let Some(default) = &responses.default {
        documented.push((StatusMatch::Default, "default".to_owned(), default));
    }
    documented.sort_by_key(|(status, _, _)| *status);

    let mut success: Vec<(StatusMatch, bool)> = Vec::new();
    let mut accept: Option<String> = None;
    let mut success_bodies: Vec<(StatusMatch, Option<TypeRef>, String)> = Vec::new();
    let mut success_types: BTreeSet<Option<TypeRef>> = BTreeSet::new();
    let mut errors = Vec::new();
    let mut unread_media_types: BTreeSet<String> = BTreeSet::new();
    let mut success_nullable = false;
    let mut stream = None;
    let mut alternative = None;
    let mut headers = Vec::new();
    let mut header_fields = NameSet::default();
    let mut example = None;
    for (status, key, response) in documented {
        let pointer = pointer_child(&responses_pointer, &key);
        let Some((pointer, response)) = resolve_response(lowering, pointer, response) else {
            continue;
        };
        let is_success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
        if matches!(status, StatusMatch::Code(100..=199) | StatusMatch::Range(1)) {
            continue;
        }
        let variant = status_variant(status);
        let hint = if is_success {
            format!("{type_prefix}Response")
        } else {
            format!("{type_prefix}{variant}")
        };
        let body = response_body(lowering, response, &pointer, hint, is_success);
        if let (true, Some(body)) = (is_success, &body) {
            stream = stream.or(body.stream);
            if alternative.is_none() {
                alternative =
                    body.alternative
                        .as_ref()
                        .map(|(format, item, media_type)| StreamAlternative {
                            format: *format,
                            item: item.clone(),
                            media_type: (*media_type).to_owned(),
                            method: String::new(),
                        });
            }
            if example.is_none() && body.json && body.stream.is_none() {
                example = response
                    .content
                    .get(body.media_type)
                    .and_then(|media| media_example(lowering.api, media))
                    .map(|value| (status, value));
            }
            // A body that is not JSON is asked for by its own type.
            if !body.json {
                accept.get_or_insert_with(|| body.media_type.to_owned());
            }
            unread_media_types.extend(
                response
                    .content
                    .keys()
                    .filter(|other| *other != body.media_type)
                    .cloned(),
            );
        }
        if is_success {
            declared_headers(response, &mut headers, &mut header_fields);
        }
        success_nullable |= is_success && body.as_ref().is_some_and(|body| body.nullable);
        let ty = body.map(|body| body.ty);
        if is_success {
            success_bodies.push((
                status,
                ty.clone(),
                doc_text(&response.description).unwrap_or_default(),
            ));
            success.push((status, ty.is_some()));
            success_types.insert(ty);
        } else {
            errors.push(ErrorCase {
                status,
                variant,
                ty,
                boxed: false,
                docs: doc_text(&response.description).unwrap_or_default(),
            });
        }
    }
    if success.is_empty() {
        // Nothing documented as success: any 2xx is, and its body is not read.
        success.push((StatusMatch::Range(2), false));
    }
    let bodies: Vec<TypeRef> = success_types.iter().flatten().cloned().collect();
    // Success bodies of different types: one variant per status, named like the status.
    let success_variants = (bodies.len() > 1).then(|| {
        success_bodies
            .iter()
            .map(|(status, ty, docs)| SuccessVariant {
                status: *status,
                variant: status_variant(*status),
                ty: ty.clone(),
                boxed: false,
                docs: docs.clone(),
            })
            .collect::<Vec<_>>()
    });
    let success_type = match bodies.as_slice() {
        [single] => Some(single.clone()),
        _ => None,
    };
    // One body type: success_nullable applies to it; with several (an enum), it is not
    // recorded (a variant's body is decoded as its type).
    let success_nullable = success_type.is_some() && success_nullable;
    let success_optional =
        success_type.is_some() && (success_types.contains(&None) || success_nullable);
    // A stream is one method's result: with success bodies of several types (a rare
    // mix), each is read whole.
    let stream = stream.filter(|_| success_variants.is_none() && success_type.is_some());
    let stream_alternative = alternative
        .filter(|_| stream.is_none() && success_variants.is_none() && success_type.is_some());
    Responses {
        success,
        success_type,
        success_optional: success_optional && stream.is_none(),
        success_nullable,
        success_variants,
        accept,
        errors,
        unread_media_types: unread_media_types
            .into_iter()
            .filter(|media_type| {
                let streamed = stream_alternative.as_ref().map(|a| a.media_type.as_str());
                streamed != Some(media_type.as_str())
            })
            .collect(),
        stream,
        stream_alternative,
        headers,
        example,
    }
}

/// The example of a media type, as JSON text: its `example`, or the first of its
/// `examples` with a value (one in `components/examples` included).
fn media_example(api: &openapiv3::OpenAPI, media: &openapiv3::MediaType) -> Option<String> {
    let value = media.example.as_ref().or_else(|| {
        media.examples.values().find_map(|example| {
            let example = match example {
                ReferenceOr::Item(example) => example,
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/examples/")?;
                    match api.components.as_ref()?.examples.get(key)? {
                        ReferenceOr::Item(example) => example,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            example.value.as_ref()
        })
    })?;
    serde_json::to_string(value).ok()
}

/// Adds the headers `response` declares to `headers`, those not there yet by name.
fn declared_headers(response: &Response, headers: &mut Vec<ResponseHeader>, fields: &mut NameSet) {
    for (name, header) in &response.headers {
        let ReferenceOr::Item(header) = header else {
            continue;
        };
        if headers
            .iter()
            .any(|known| known.name.eq_ignore_ascii_case(name))
            || reqwest_sets(name)
        {
            continue;
        }
        let ty = match &header.format {
            openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) => {
                        match &integer.format {
                            openapiv3::VariantOrUnknownOrEmpty::Item(
                                openapiv3::IntegerFormat::Int32,
                            ) => HeaderType::I32,
                            _ => HeaderType::I64,
                        }
                    }
                    openapiv3::SchemaKind::Type(openapiv3::Type::Number(_)) => HeaderType::F64,
                    openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_)) => HeaderType::Bool,
                    _ => HeaderType::Text,
                }
            }
            _ => HeaderType::Text,
        };
        headers.push(ResponseHeader {
            name: name.clone(),
            field: fields.claim(&snake(name, "header")),
            ty,
            docs: header
                .description
                .as_deref()
                .and_then(doc_text)
                .unwrap_or_default(),
        });
    }
}

/// Headers that describe the message rather than the resource (`Content-Type`,
/// `Content-Length`): they stay in the raw headers.
fn reqwest_sets(name: &str) -> bool {
    ["content-type", "content-length", "transfer-encoding"]
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known))
}

fn resolve_response<'a>(
    lowering: &mut Lowering<'a>,
    pointer: String,
    response: &'a ReferenceOr<Response>,
) -> Option<(String, &'a Response)> {
    match response {
        ReferenceOr::Item(response) => Some((pointer, response)),
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix("#/components/responses/");
            let found =
                key.and_then(
                    |key| match lowering.api.components.as_ref()?.responses.get(key)? {
                        ReferenceOr::Item(response) => {
                            Some((pointer_child("#/components/responses", key), response))
                        }
                        ReferenceOr::Reference { .. } => None,
                    },
                );
            if found.is_none() {
                lowering.warn(&pointer, format!("unresolved response $ref `{reference}`; the response is treated as undocumented"));
            }
            found
        }
    }
}

/// A response's body: its type, the media type to ask for when it is not JSON, and
/// whether its schema admits `null`. `None` when the response has no content.
/// The body a response is read as: of the media types it documents, the one chosen (JSON
/// first, else the first listed), decided here only; the others are named in the
/// operation's docs as unread.
struct ResponseBody<'a> {
    ty: TypeRef,
    media_type: &'a str,
    json: bool,
    nullable: bool,
    /// A success body read as a stream of `ty` items.
    stream: Option<StreamFormat>,
    /// Beside a JSON success body, the stream the document also offers: its format,
    /// item type and media type.
    alternative: Option<(StreamFormat, TypeRef, &'a str)>,
}

/// The stream format of a media type, for the ones read as they arrive.
pub(crate) fn stream_format(media_type: &str) -> Option<StreamFormat> {
    match essence(media_type).as_str() {
        "text/event-stream" => Some(StreamFormat::Events),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
            Some(StreamFormat::Lines)
        }
        "application/json-seq" => Some(StreamFormat::Records),
        _ => None,
    }
}

fn response_body<'a>(
    lowering: &mut Lowering,
    response: &'a Response,
    pointer: &str,
    hint: String,
    success: bool,
) -> Option<ResponseBody<'a>> {
    if response.content.is_empty() {
        return None;
    }
    let lower =
        |lowering: &mut Lowering, media_type: &str, schema: &ReferenceOr<openapiv3::Schema>| {
            let schema_pointer = pointer_child(
                &pointer_child(&pointer_child(pointer, "content"), media_type),
                "schema",
            );
            lowering.lower(
                schema,
                std::slice::from_ref(&hint),
                &Subject::named("response"),
                &schema_pointer,
            )
        };
    // JSON first; then, for a success, a stream (a server-sent event's data is text
    // unless its schema says what JSON it holds; a line is JSON).
    let streamed = || {
        response
            .content
            .iter()
            .find_map(|(media_type, media)| Some((media_type, media, stream_format(media_type)?)))
    };
    let Some((media_type, media)) = json_media(&response.content) else {
        if let Some((media_type, media, format)) = streamed().filter(|_| success) {
            let ty = match &media.schema {
                Some(schema) => lower(lowering, media_type, schema).ty,
                None if format == StreamFormat::Events => TypeRef::Text,
                None => TypeRef::Json,
            };
            return Some(ResponseBody {
                ty,
                media_type,
                json: false,
                nullable: false,
                stream: Some(format),
                alternative: None,
            });
        }
        // A body that is not JSON is still the result (or the error): text or bytes.
        let (media_type, _) = response.content.iter().next()?;
        let essence = essence(media_type);
        let ty = if essence.starts_with("text/") {
            TypeRef::Text
        } else {
            TypeRef::Bytes
        };
        return Some(ResponseBody {
            ty,
            media_type,
            json: false,
            nullable: false,
            stream: None,
            alternative: None,
        });
    };
    let alternative = streamed()
        .filter(|_| success)
        .map(|(stream_type, media, format)| {
            let item = match &media.schema {
                Some(schema) => lower(lowering, stream_type, schema).ty,
                None => TypeRef::Json,
            };
            // A schema of a string or bytes describes the body, not its items: a line is
            // JSON, an event's data text.
            let item = match (format, item) {
                (StreamFormat::Events, TypeRef::Bytes | TypeRef::Json) => TypeRef::Text,
                (StreamFormat::Lines | StreamFormat::Records, TypeRef::Text | TypeRef::Bytes) => {
                    TypeRef::Json
                }
                (_, item) => item,
            };
            (format, item, stream_type.as_str())
        });
    let (ty, nullable) = match &media.schema {
        Some(schema) => {
            let lowered = lower(lowering, media_type, schema);
            // `Json` (`serde_json::Value`) holds `null` itself.
            let nullable = lowered.nullable && lowered.ty != TypeRef::Json;
            (lowered.ty, nullable)
        }
        None => (TypeRef::Json, false),
    };
    Some(ResponseBody {
        ty,
        media_type,
        json: true,
        nullable,
        stream: None,
        alternative,
    })
}

/// The error enum variant for a status: its reason phrase in PascalCase.
fn status_variant(status: StatusMatch) -> String {
    let reason = match status {
        StatusMatch::Default => return "Other".to_owned(),
        StatusMatch::Range(4) => return "ClientError".to_owned(),
        StatusMatch::Range(5) => return "ServerError".to_owned(),
        StatusMatch::Range(range) => return format!("Status{range}xx"),
        StatusMatch::Code(code) => match code {
            200 => "OK",
            201 => "Created",
            202 => "Accepted",
            204 => "No Content",
            300 => "Multiple Choices",
            301 => "Moved Permanently",
            302 => "Found",
            303 => "See Other",
            304 => "Not Modified",
            307 => "Temporary Redirect",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            406 => "Not Acceptable",
            407 => "Proxy Authentication Required",
            408 => "Request Timeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "Length Required",
            412 => "Precondition Failed",
            413 => "Payload Too Large",
            414 => "URI Too Long",
            415 => "Unsupported Media Type",
            416 => "Range Not Satisfiable",
            417 => "Expectation Failed",
            418 => "Im A Teapot",
            421 => "Misdirected Request",
            422 => "Unprocessable Entity",
            423 => "Locked",
            424 => "Failed Dependency",
            425 => "Too Early",
            426 => "Upgrade Required",
            428 => "Precondition Required",
            429 => "Too Many Requests",
            431 => "Request Header Fields Too Large",
            451 => "Unavailable For Legal Reasons",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            505 => "HTTP Version Not Supported",
            507 => "Insufficient Storage",
            508 => "Loop Detected",
            511 => "Network Authentication Required",
            _ => return format!("Status{code}"),
        },
    };
    pascal(reason, "Status", "S")
}

/// Which credentials the operation's security requirements (its own, or the document's)
/// accept: a bearer token (HTTP bearer, OAuth 2, OpenID Connect), HTTP basic, or the
/// client's API keys.
#[derive(Default)]
struct OperationAuth {
    bearer: bool,
    basic: bool,
    /// [`ApiKey::field`]s, in the order the requirements name them.
    api_keys: Vec<String>,
}

fn operation_auth(lowering: &mut Lowering, operation: &openapiv3::Operation) -> OperationAuth {
    let api = lowering.api;
    let mut auth = OperationAuth::default();
    let Some(requirements) = operation.security.as_ref().or(api.security.as_ref()) else {
        return auth;
    };
    let keys = api_key_schemes(api);
    let schemes = api.components.as_ref().map(|c| &c.security_schemes);
    for name in requirements
        .iter()
        .flat_map(|requirement| requirement.keys())
    {
        let pointer = pointer_child("#/components/securitySchemes", name);
        match schemes.and_then(|schemes| schemes.get(name)) {
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("bearer") =>
            {
                auth.bearer = true;
            }
            Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                auth.basic = true;
            }
            Some(ReferenceOr::Item(
                SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. },
            )) => {
                auth.bearer = true;
            }
            Some(ReferenceOr::Item(SecurityScheme::APIKey { .. })) => {
                let field = keys.iter().find(|key| &key.scheme == name);
                if let Some(field) = field.map(|key| &key.field) {
                    if !auth.api_keys.contains(field) {
                        auth.api_keys.push(field.clone());
                    }
                }
            }
            Some(_) => lowering.warn_once(
                &pointer,
                format!("security scheme `{name}` is not supported yet; requests do not carry it"),
            ),
            None => lowering.warn_once(
                &pointer,
                format!(
                    "security requirement names `{name}`, which is not a declared security scheme"
                ),
            ),
        }
    }
    auth
}

/// The API key schemes the document's security requirements name, by scheme name, each
/// with the client field that holds its key.
pub(crate) fn api_key_schemes(api: &OpenAPI) -> Vec<ApiKey> {
    let Some(components) = api.components.as_ref() else {
        return Vec::new();
    };
    let schemes = &components.security_schemes;
    let operations = api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter());
    let required: BTreeSet<&String> = api
        .security
        .iter()
        .flatten()
        .chain(operations.flat_map(|(_, operation)| operation.security.iter().flatten()))
        .flat_map(|requirement| requirement.keys())
        .collect();
    let found: Vec<(String, ApiKeyLocation, String)> = required
        .into_iter()
        .filter_map(|name| match schemes.get(name)? {
            ReferenceOr::Item(SecurityScheme::APIKey {
                location,
                name: key_name,
                ..
            }) => {
                let location = match location {
                    openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                Some((name.clone(), location, key_name.clone()))
            }
            _ => None,
        })
        .collect();
    // The client's own settings and credentials are taken: a key field must not shadow them.
    let mut fields = NameSet::default();
    // (fields: `http`, `retry`, `headers`, …; setters: `with_http_client`, `with_default_header`, …).
    let taken = [
        "base_url",
        "bearer_token",
        "http",
        "http_client",
        "timeout",
        "retry",
        "retry_policy",
        "headers",
        "hooks",
        "hook",
        "default_header",
        "basic_auth",
        "max_body_size",
    ];
    for taken in taken {
        fields.claim(taken);
    }
    let single = found.len() == 1;
    found
        .into_iter()
        .map(|(scheme, location, name)| ApiKey {
            field: if single {
                "api_key".to_owned()
            } else {
                fields.claim(&snake(&scheme, "api_key"))
            },
            scheme,
            location,
            name,
        })
        .collect()
}

/// The first server's URL with its variables replaced by their defaults, when that is an
/// absolute `http(s)` URL; relative server URLs leave the base URL to the user.
pub(crate) fn default_base_url(api: &OpenAPI) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    let clean = absolute && !url.contains(['{', '}', ' ', '"', '\\']);
    clean.then(|| url.trim_end_matches('/').to_owned())
}

/// How a parameter of type `ty` is written, looking through aliases.
pub(crate) fn shape_of(ty: &TypeRef, types: &TypeTable) -> ParamShape {
    match resolve_alias(ty, types) {
        TypeRef::List(item) => ParamShape::List(format_of(&item, types)),
        TypeRef::Map(value) => ParamShape::Map(format_of(&value, types)),
        other => ParamShape::Single(format_of(&other, types)),
    }
}

fn format_of(ty: &TypeRef, types: &TypeTable) -> ValueFormat {
    match resolve_alias(ty, types) {
        TypeRef::DateTime => ValueFormat::DateTime,
        TypeRef::Json | TypeRef::List(_) | TypeRef::Map(_) => ValueFormat::Json,
        TypeRef::String => ValueFormat::Text,
        TypeRef::Named(name) => match types.get(&name).map(|t| &t.kind) {
            Some(TypeKind::Struct { .. } | TypeKind::Union { .. }) => ValueFormat::Json,
            Some(
                TypeKind::StringEnum { .. }
                | TypeKind::Newtype {
                    base: Scalar::String,
                    ..
                },
            ) => ValueFormat::AsStr,
            _ => ValueFormat::Display,
        },
        _ => ValueFormat::Display,
    }
}

fn resolve_alias(ty: &TypeRef, types: &TypeTable) -> TypeRef {
    let mut current = ty.clone();
    // Bounded: an alias cycle in a broken document must not hang the generator.
    for _ in 0..64 {
        match &current {
            TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => current = target.clone(),
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// Detects cursor pagination on every operation and names the methods beside an
/// operation's own (its pages and items; its stream, when the document offers one beside
/// JSON), which must not take the name of another method.
pub(crate) fn add_pagination(operations: &mut [Operation], types: &TypeTable, metadata: bool) {
    let mut method_names = client_method_names();
    for operation in operations.iter() {
        method_names.claim(&operation.name);
    }
    for operation in operations.iter_mut() {
        if metadata && operation.responses.stream.is_none() {
            operation.response_method =
                method_names.claim(&format!("{}_with_response", operation.name));
            operation.unboxed_method =
                method_names.claim(&format!("{}_unboxed", operation.response_method));
        }
        if let Some(alternative) = &mut operation.responses.stream_alternative {
            let suffix = match alternative.format {
                StreamFormat::Events => "events",
                StreamFormat::Lines | StreamFormat::Records => "lines",
            };
            alternative.method = method_names.claim(&format!("{}_{suffix}", operation.name));
        }
    }
    // A streamed result is not a page.
    for operation in operations
        .iter_mut()
        .filter(|o| o.responses.stream.is_none())
    {
        if let Some(mut pagination) = pagination::detect(operation, types) {
            pagination.pages_method = method_names.claim(&format!("{}_pages", operation.name));
            pagination.stream_method = method_names.claim(&format!("{}_stream", operation.name));
            operation.pagination = Some(pagination);
        }
    }
}
