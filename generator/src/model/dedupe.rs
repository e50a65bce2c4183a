//! Identical types, defined once. Real documents repeat the same inline schema under many
//! operations (GitHub's has the same error-item `code` enum 22 times, and `Repository` and
//! `NullableRepository` field for field); each repetition keeps its name, as an alias of
//! one definition. The Rust types are the same either way; there is less code to
//! generate, format and compile.

use super::reachable::{kind_refs, named};
use super::{TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

/// Turns every type that is identical to another (same kind, fields, docs of its fields and
/// variants, and types that are themselves identical) into an alias of the one with the
/// shortest name (the first by name among equals): usually the one the document named.
/// A type's own doc comment stays on its alias.
pub(crate) fn alias_identical_types(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let references: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            kind_refs(&t.kind)
                .into_iter()
                .filter_map(|ty| index.get(named(ty)?).copied())
                .collect()
        })
        .collect();
    // Children before parents (an iterative depth-first walk: chains of thousands of
    // types must not overflow the stack), so that a type's shape is written with the
    // classes of the types it uses. A type still being visited (a cycle) is written by
    // its name: conservative, it then only equals types that use that very type.
    let mut class: Vec<Option<usize>> = vec![None; types.len()];
    let mut visiting = vec![false; types.len()];
    let mut class_of_shape: HashMap<String, usize> = HashMap::new();
    for root in 0..types.len() {
        if class[root].is_some() {
            continue;
        }
        let mut stack = vec![(root, 0)];
        visiting[root] = true;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = references[node].get(*next) {
                *next += 1;
                if class[child].is_none() && !visiting[child] {
                    visiting[child] = true;
                    stack.push((child, 0));
                }
                continue;
            }
            stack.pop();
            visiting[node] = false;
            let shape = shape(&types[node].kind, &|name| match index.get(name) {
                Some(&i) => match class[i] {
                    Some(class) => format!("#{class}"),
                    None => format!("@{name}"),
                },
                None => format!("@{name}"),
            });
            let fresh = class_of_shape.len();
            class[node] = Some(match shape {
                // Aliases are already cheap; each is its own class (numbered past those of
                // shapes, which are fewer than the types).
                None => types.len() + node,
                Some(shape) => *class_of_shape.entry(shape).or_insert(fresh),
            });
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, class) in class.iter().enumerate() {
        if let Some(class) = class {
            members.entry(*class).or_default().push(i);
        }
    }
    let mut aliases = Vec::new();
    for members in members.values().filter(|m| m.len() > 1) {
        let Some(&keep) = members
            .iter()
            .min_by(|&&a, &&b| by_name_length(&types[a].name, &types[b].name))
        else {
            continue;
        };
        aliases.extend(
            members
                .iter()
                .filter(|&&i| i != keep)
                .map(|&i| (i, types[keep].name.clone())),
        );
    }
    for (i, target) in aliases {
        types[i].kind = TypeKind::Alias(TypeRef::Named(target));
    }
}

fn by_name_length(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// What makes `kind` the type it is, with each named type written as `rename` gives it;
/// `None` for an alias.
fn shape(kind: &TypeKind, rename: &dyn Fn(&str) -> String) -> Option<String> {
    if matches!(kind, TypeKind::Alias(_)) {
        return None;
    }
    let mut kind = kind.clone();
    for_each_type_ref_mut(&mut kind, &mut |ty| {
        if let TypeRef::Named(name) = ty {
            *name = rename(name);
        }
    });
    Some(format!("{kind:?}"))
}

fn for_each_type_ref_mut(kind: &mut TypeKind, visit: &mut dyn FnMut(&mut TypeRef)) {
    fn walk(ty: &mut TypeRef, visit: &mut dyn FnMut(&mut TypeRef)) {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => walk(inner, visit),
            other => visit(other),
        }
    }
    match kind {
        TypeKind::Struct { fields } => fields.iter_mut().for_each(|f| walk(&mut f.ty, visit)),
        TypeKind::Union { variants, .. } => {
            variants.iter_mut().for_each(|v| walk(&mut v.ty, visit))
        }
        TypeKind::Alias(ty) | TypeKind::Wrapper(ty) => walk(ty, visit),
        TypeKind::Tuple(items) => items.iter_mut().for_each(|ty| walk(ty, visit)),
        TypeKind::StringEnum { .. } | TypeKind::Newtype { .. } => {}
    }
}
