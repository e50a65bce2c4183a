//! Which types the client needs: those its operations reach.
//!
//! Many documents carry component schemas that no operation uses (GitHub's REST
//! description has 969 schemas, 344 of them webhook payloads no path refers to). Emitting
//! them costs generation time and, worse, every user's compile time; so by default the
//! model keeps only what the operations reach. Names are given before pruning, so a type's
//! name never depends on whether an unused one was dropped.

use super::{Operation, SerdeImpls, TypeDef, TypeKind, TypeRef, Webhook};
use std::collections::{BTreeSet, HashMap};

/// Drops the types no operation or webhook reaches. A document without operations keeps
/// them all: it is used as a library of models.
pub fn retain_reachable(types: &mut Vec<TypeDef>, operations: &[Operation], webhooks: &[Webhook]) {
    if operations.is_empty() {
        return;
    }
    let roots = operations
        .iter()
        .flat_map(operation_refs)
        .chain(webhooks.iter().map(|webhook| &webhook.ty));
    let reached = reached_from(types, roots);
    types.retain(|t| reached.contains(&t.name));
}

/// Gives each type the serde traits of the direction operations use it in: `Serialize`
/// for what the client sends (bodies, parameters), `Deserialize` for what it receives
/// (responses, webhook payloads). Types no operation reaches keep both.
pub fn mark_serde_directions(
    types: &mut [TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
) {
    let sent = reached_from(types, operations.iter().flat_map(sent_refs));
    let received_roots = operations
        .iter()
        .flat_map(received_refs)
        .chain(webhooks.iter().map(|webhook| &webhook.ty));
    let received = reached_from(types, received_roots);
    // A type no operation reaches keeps both traits, and its derives need them of every
    // type it uses, also of those the operations use in one direction only. An alias
    // implements nothing itself (deduplication leaves aliases no operation names).
    let unreached = types.iter().filter(|t| {
        !matches!(t.kind, TypeKind::Alias(_))
            && !sent.contains(&t.name)
            && !received.contains(&t.name)
    });
    let both = reached_from(types, unreached.flat_map(|t| kind_refs(&t.kind)));
    for def in types {
        let both = both.contains(&def.name);
        let serialize = both || sent.contains(&def.name);
        let deserialize = both || received.contains(&def.name);
        if serialize || deserialize {
            def.serde = SerdeImpls {
                serialize,
                deserialize,
            };
        }
    }
}

/// The names of the types `operations` use, directly or through other types.
pub fn reached_from_operations<'a>(
    types: &'a [TypeDef],
    operations: impl Iterator<Item = &'a Operation>,
) -> BTreeSet<String> {
    reached_from(types, operations.flat_map(operation_refs))
}

/// The names of the types `roots` name, and of those they use.
pub fn reached_from_roots<'a>(
    types: &'a [TypeDef],
    roots: impl Iterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    reached_from(types, roots)
}

/// The names of `roots` and of the types they use, directly or through other types.
pub fn reached_from_types<'a>(
    types: &'a [TypeDef],
    roots: impl Iterator<Item = &'a TypeDef>,
) -> BTreeSet<String> {
    let roots: Vec<&TypeDef> = roots.collect();
    let mut reached: BTreeSet<String> = roots.iter().map(|t| t.name.clone()).collect();
    reached.extend(reached_from(
        types,
        roots.into_iter().flat_map(|t| kind_refs(&t.kind)),
    ));
    reached
}

/// The names of the types `roots` use, directly or through other types.
fn reached_from<'a>(
    types: &'a [TypeDef],
    roots: impl Iterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = roots.collect();
    while let Some(ty) = pending.pop() {
        let Some(name) = named(ty) else { continue };
        if !reached.insert(name.to_owned()) {
            continue;
        }
        if let Some(def) = by_name.get(name) {
            pending.extend(kind_refs(&def.kind));
        }
    }
    reached
}

/// The named type at the bottom of lists and maps, if any.
pub(crate) fn named(mut ty: &TypeRef) -> Option<&str> {
    loop {
        match ty {
            TypeRef::Named(name) => return Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) => ty = inner,
            _ => return None,
        }
    }
}

fn operation_refs(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    sent_refs(operation).chain(received_refs(operation))
}

/// The types an operation sends: its parameters and its body.
fn sent_refs(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let params = operation.params.iter().map(|param| &param.ty);
    params.chain(operation.body.iter().map(|body| &body.ty))
}

/// The types an operation receives: its responses, and the items of its pages.
fn received_refs(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let responses = &operation.responses;
    let success = responses.success_type.iter();
    let variants = responses
        .success_variants
        .iter()
        .flatten()
        .filter_map(|variant| variant.ty.as_ref());
    let errors = responses.errors.iter().filter_map(|case| case.ty.as_ref());
    let items = operation.pagination.iter().map(|page| &page.item_type);
    success.chain(variants).chain(errors).chain(items)
}

pub(crate) fn kind_refs(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Wrapper(ty) => vec![ty],
        TypeKind::Tuple(items) => items.iter().collect(),
        TypeKind::StringEnum { .. } | TypeKind::Newtype { .. } => Vec::new(),
    }
}
