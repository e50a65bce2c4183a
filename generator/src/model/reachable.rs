//! Which types the client needs: those its operations reach.
//!
//! Many documents carry component schemas that no operation uses (GitHub's REST
//! description has 969 schemas, 344 of them webhook payloads no path refers to). Emitting
//! them costs generation time and, worse, every user's compile time; so by default the
//! model keeps only what the operations reach. Names are given before pruning, so a type's
//! name never depends on whether an unused one was dropped.

use super::{Operation, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeSet, HashMap};

/// Drops the types no operation reaches. A document without operations keeps them all: it
/// is used as a library of models.
pub fn retain_reachable(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    if operations.is_empty() {
        return;
    }
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = operations.iter().flat_map(operation_refs).collect();
    while let Some(ty) = pending.pop() {
        let Some(name) = named(ty) else { continue };
        if !reached.insert(name.to_owned()) {
            continue;
        }
        if let Some(def) = by_name.get(name) {
            pending.extend(kind_refs(&def.kind));
        }
    }
    types.retain(|t| reached.contains(&t.name));
}

/// The named type at the bottom of lists and maps, if any.
fn named(mut ty: &TypeRef) -> Option<&str> {
    loop {
        match ty {
            TypeRef::Named(name) => return Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) => ty = inner,
            _ => return None,
        }
    }
}

fn operation_refs(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let responses = &operation.responses;
    let params = operation.params.iter().map(|param| &param.ty);
    let body = operation.body.iter().map(|body| &body.ty);
    let success = responses.success_type.iter();
    let variants = responses
        .success_variants
        .iter()
        .flatten()
        .filter_map(|variant| variant.ty.as_ref());
    let errors = responses.errors.iter().filter_map(|case| case.ty.as_ref());
    let items = operation.pagination.iter().map(|page| &page.item_type);
    params
        .chain(body)
        .chain(success)
        .chain(variants)
        .chain(errors)
        .chain(items)
}

fn kind_refs(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::StringEnum { .. } | TypeKind::Newtype { .. } => Vec::new(),
    }
}
