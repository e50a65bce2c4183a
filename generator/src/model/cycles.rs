//! Recursive types: a struct that contains itself, directly or through other structs,
//! has infinite size unless the cycle goes through a pointer. `Vec` and maps already are
//! one; every other field whose type is in the same strongly connected component of the
//! "contains directly" graph as its struct is stored as `Box<T>`.
//!
//! Aliases that reach themselves (`Tree = Vec<Tree>`, or `A = B`, `B = Map<C>`, `C =
//! Vec<A>`) are no types at all to rustc (E0391): one alias on each such cycle becomes a
//! [`TypeKind::Wrapper`], a tuple struct, which can hold itself behind the `Vec` or map.

use super::reachable::named;
use super::{TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Turns one alias of every alias cycle into a wrapper struct: the first by name whose
/// target is a list or a map. A cycle of bare references (`A = B`, `B = A`) describes no
/// value and becomes `serde_json::Value`.
pub(crate) fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Each pass breaks at least one cycle in every cyclic component; a component with
    // several cycles may need another pass.
    loop {
        let edges: Vec<Vec<usize>> = types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Alias(ty) => named(ty)
                    .and_then(|name| index.get(name).copied())
                    .filter(|&target| matches!(types[target].kind, TypeKind::Alias(_)))
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let component = strongly_connected_components(&edges);
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (node, &c) in component.iter().enumerate() {
            members.entry(c).or_default().push(node);
        }
        let cyclic = members
            .into_values()
            .filter(|m| m.len() > 1 || edges[m[0]].contains(&m[0]));
        let mut changed = false;
        for members in cyclic {
            changed = true;
            let container = members.iter().copied().find(|&i| {
                matches!(
                    types[i].kind,
                    TypeKind::Alias(TypeRef::List(_) | TypeRef::Map(_))
                )
            });
            match container {
                Some(i) => {
                    let TypeKind::Alias(ty) = &types[i].kind else {
                        unreachable!("the component holds aliases only")
                    };
                    types[i].kind = TypeKind::Wrapper(ty.clone());
                }
                None => {
                    for i in members {
                        types[i].kind = TypeKind::Alias(TypeRef::Json);
                    }
                }
            }
        }
        if !changed {
            return;
        }
    }
}

pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // What each type stores inline: struct fields, union variants, an alias's target.
    let stored: Vec<Vec<&TypeRef>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            _ => Vec::new(),
        })
        .collect();
    let edges: Vec<Vec<usize>> = stored
        .iter()
        .map(|tys| {
            tys.iter()
                .filter_map(|ty| direct_target(ty, types, &index))
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let boxed: Vec<Vec<bool>> = stored
        .iter()
        .enumerate()
        .map(|(owner, tys)| {
            tys.iter()
                .map(|ty| {
                    direct_target(ty, types, &index)
                        .is_some_and(|target| component[target] == component[owner])
                })
                .collect()
        })
        .collect();
    for (t, boxed) in types.iter_mut().zip(boxed) {
        match &mut t.kind {
            TypeKind::Struct { fields } => {
                for (field, boxed) in fields.iter_mut().zip(boxed) {
                    field.boxed = boxed;
                }
            }
            TypeKind::Union { variants, .. } => {
                for (variant, boxed) in variants.iter_mut().zip(boxed) {
                    variant.boxed = boxed;
                }
            }
            _ => {}
        }
    }
}

/// The type a value of `ty` stores inline (not behind a `Vec` or map), if it is named.
fn direct_target(ty: &TypeRef, types: &[TypeDef], index: &BTreeMap<&str, usize>) -> Option<usize> {
    match ty {
        TypeRef::Named(name) => {
            let target = *index.get(name.as_str())?;
            matches!(
                types[target].kind,
                TypeKind::Struct { .. } | TypeKind::Alias(_) | TypeKind::Union { .. }
            )
            .then_some(target)
        }
        _ => None,
    }
}

/// Tarjan's algorithm, iterative so that deep type graphs cannot overflow the stack.
/// Returns the component number of each node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNVISITED {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::{strongly_connected_components, wrap_recursive_aliases};
    use crate::model::{SerdeImpls, TypeDef, TypeKind, TypeRef};

    fn alias(name: &str, ty: TypeRef) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: String::new(),
            kind: TypeKind::Alias(ty),
            serde: SerdeImpls::BOTH,
            gate: Default::default(),
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn one_alias_of_each_cycle_becomes_a_wrapper() {
        let mut types = vec![
            // A -> B -> C -> A, closed through a map and a list.
            alias("A", named("B")),
            alias("B", TypeRef::Map(Box::new(named("C")))),
            alias("C", TypeRef::List(Box::new(named("A")))),
            // A list of itself.
            alias("Tree", TypeRef::List(Box::new(named("Tree")))),
            // Not a cycle: a list of a cycle's member.
            alias("Forest", TypeRef::List(Box::new(named("Tree")))),
            // A loop of bare references holds no value.
            alias("X", named("Y")),
            alias("Y", named("X")),
        ];
        wrap_recursive_aliases(&mut types);
        let kinds: Vec<&TypeKind> = types.iter().map(|t| &t.kind).collect();
        assert_eq!(
            kinds,
            [
                &TypeKind::Alias(named("B")),
                &TypeKind::Wrapper(TypeRef::Map(Box::new(named("C")))),
                &TypeKind::Alias(TypeRef::List(Box::new(named("A")))),
                &TypeKind::Wrapper(TypeRef::List(Box::new(named("Tree")))),
                &TypeKind::Alias(TypeRef::List(Box::new(named("Tree")))),
                &TypeKind::Alias(TypeRef::Json),
                &TypeKind::Alias(TypeRef::Json),
            ]
        );
    }

    #[test]
    fn finds_cycles_and_leaves_chains_apart() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 hangs off it; 4 points at itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = strongly_connected_components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
