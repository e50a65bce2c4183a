//! Cursor pagination, detected from the shapes APIs use: an optional string query
//! parameter that takes a cursor, and a success body with the page's items (a list), the
//! next cursor (a string that may be absent or null) and, often, a `has_more` flag.

use super::{
    BodyEncoding, Field, Operation, Pagination, ParamLocation, TypeKind, TypeRef, TypeTable,
};

/// Query parameters that take the cursor of the page to fetch.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
];

/// Body properties that hold the next page's cursor.
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
];

/// Body properties that say whether another page exists.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];

/// Body properties that hold the page's items, in order of preference.
const ITEMS_FIELDS: &[&str] = &["data", "items", "results", "entries", "records", "values"];

/// The pagination of `operation`, if its parameters and success body have the shape.
pub(crate) fn detect(operation: &Operation, types: &TypeTable) -> Option<Pagination> {
    // A stream calls the operation again for every page, with a copy of its arguments; a
    // multipart form cannot be copied.
    if operation
        .body
        .as_ref()
        .is_some_and(|body| body.encoding == BodyEncoding::Multipart)
    {
        return None;
    }
    let cursor = operation.params.iter().find(|p| {
        p.location == ParamLocation::Query
            && !p.required
            && p.ty == TypeRef::String
            && CURSOR_PARAMS.contains(&p.wire_name.as_str())
    })?;
    if operation.responses.success_optional {
        return None;
    }
    let TypeRef::Named(page) = operation.responses.success_type.as_ref()? else {
        return None;
    };
    let TypeKind::Struct { fields } = &types.get(page)?.kind else {
        return None;
    };
    let next = fields.iter().find(|f| {
        NEXT_CURSOR_FIELDS.contains(&f.wire_name.as_str())
            && f.ty == TypeRef::String
            && is_option(f)
    })?;
    let lists: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::List(_)) && !is_option(f))
        .collect();
    let items = ITEMS_FIELDS
        .iter()
        .find_map(|name| lists.iter().find(|f| f.wire_name == *name))
        .or(match lists.as_slice() {
            [only] => Some(only),
            _ => None,
        })?;
    let TypeRef::List(item_type) = &items.ty else {
        return None;
    };
    let has_more = fields.iter().find(|f| {
        HAS_MORE_FIELDS.contains(&f.wire_name.as_str()) && f.ty == TypeRef::Bool && !is_option(f)
    });
    Some(Pagination {
        cursor_param: cursor.name.clone(),
        items_field: items.name.clone(),
        item_type: (**item_type).clone(),
        next_cursor_field: next.name.clone(),
        next_cursor_three_states: next.absent_null_or_value(),
        has_more_field: has_more.map(|f| f.name.clone()),
        pages_method: String::new(),
        stream_method: String::new(),
    })
}

/// Whether the field's Rust type is an `Option`.
fn is_option(field: &Field) -> bool {
    !field.required || field.nullable
}
