//! Identical types, defined once. Real documents repeat the same inline schema under many
//! operations (GitHub's has the same error-item `code` enum 22 times, and `Repository` and
//! `NullableRepository` field for field); each repetition keeps its name, as an alias of
//! one definition. The Rust types are the same either way; there is less code to
//! generate, format and compile.

use super::reachable::{kind_refs, named};
use super::{IntegerKind, Rule, Scalar, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    // The class a reference to the type stands for: an alias's is its target's.
    let mut referred: Vec<Option<usize>> = vec![None; types.len()];
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
                Some(&i) => match referred[i] {
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
            // A field of an alias's type has its target's type: the same shape.
            referred[node] = match &types[node].kind {
                TypeKind::Alias(TypeRef::Named(target)) => index
                    .get(target.as_str())
                    .and_then(|&i| referred[i])
                    .or(class[node]),
                _ => class[node],
            };
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

/// Makes the validated scalars that have the same rules one type. Stripe's description puts
/// `maxLength: 5000` on almost every string: 3,178 properties, each a newtype with its own
/// constructors and conversions, were 7 MB of its 18 MB client. Each such property keeps
/// its name, as an alias of one newtype per rule set, named after its rules
/// (`TextUpTo5000`, `Int64From1To100`) where they can be said in a name, else after the
/// shortest member (a pattern). The value's type is as strict as before; only a validation
/// error names the shared type instead of the property.
pub(crate) fn share_rule_sets(types: &mut Vec<TypeDef>) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, def) in types.iter().enumerate() {
        if let TypeKind::Newtype { base, rules, .. } = &def.kind {
            groups
                .entry(format!("{base:?} {rules:?}"))
                .or_default()
                .push(i);
        }
    }
    let mut taken: BTreeSet<String> = types.iter().map(|def| def.name.clone()).collect();
    let mut shared = Vec::new();
    for members in groups.values().filter(|members| members.len() > 1) {
        let TypeKind::Newtype { base, rules, .. } = &types[members[0]].kind else {
            continue;
        };
        let (base, rules) = (*base, rules.clone());
        let named = rule_set_name(base, &rules).filter(|name| !taken.contains(name));
        let target = match named {
            Some(name) => {
                taken.insert(name.clone());
                shared.push(TypeDef {
                    name: name.clone(),
                    docs: format!(
                        "A value with the rules below, which {} schemas of the document \
                         share; each names it by an alias of its own.",
                        members.len()
                    ),
                    kind: TypeKind::Newtype {
                        subject: name.clone(),
                        base,
                        rules,
                    },
                    serde: types[members[0]].serde,
                    gate: types[members[0]].gate.clone(),
                });
                name
            }
            None => {
                let Some(&keep) = members
                    .iter()
                    .min_by(|&&a, &&b| by_name_length(&types[a].name, &types[b].name))
                else {
                    continue;
                };
                let name = types[keep].name.clone();
                if let TypeKind::Newtype { subject, .. } = &mut types[keep].kind {
                    subject.clone_from(&name);
                }
                name
            }
        };
        for &i in members {
            if types[i].name != target {
                types[i].kind = TypeKind::Alias(TypeRef::Named(target.clone()));
            }
        }
    }
    types.extend(shared);
    types.sort_by(|a, b| a.name.cmp(&b.name));
}

/// A name that says what a rule set allows (`TextUpTo5000`, `Int64Above0`,
/// `NumberFrom0To1`), when it has only bounds that read well in an identifier.
fn rule_set_name(base: Scalar, rules: &[Rule]) -> Option<String> {
    let (mut lower, mut upper) = (None, None);
    for rule in rules {
        match rule {
            Rule::MinLength(n) => lower = Some((n.to_string(), false)),
            Rule::MaxLength(n) => upper = Some((n.to_string(), false)),
            Rule::Minimum { value, exclusive } => lower = Some((bound_text(*value)?, *exclusive)),
            Rule::Maximum { value, exclusive } => upper = Some((bound_text(*value)?, *exclusive)),
            Rule::Pattern { .. } | Rule::OneOf(_) => return None,
        }
    }
    let kind = match base {
        Scalar::String => "Text",
        Scalar::Integer(IntegerKind::I32) => "Int32",
        Scalar::Integer(IntegerKind::I64) => "Int64",
        Scalar::Float(_) => "Number",
    };
    let range = match (lower, upper) {
        (Some((low, false)), Some((high, false))) => format!("From{low}To{high}"),
        (Some((low, low_exclusive)), Some((high, high_exclusive))) => format!(
            "{}{low}{}{high}",
            if low_exclusive { "Above" } else { "From" },
            if high_exclusive { "Below" } else { "UpTo" },
        ),
        (Some((low, exclusive)), None) => {
            format!("{}{low}", if exclusive { "Above" } else { "AtLeast" })
        }
        (None, Some((high, exclusive))) => {
            format!("{}{high}", if exclusive { "Below" } else { "UpTo" })
        }
        (None, None) => return None,
    };
    Some(format!("{kind}{range}"))
}

/// A bound as identifier text: `0`, `0p5`, `Minus1`; `None` when it would be unreadable.
fn bound_text(value: f64) -> Option<String> {
    let text = format!("{}", value.abs()).replace('.', "p");
    if !value.is_finite() || text.len() > 12 {
        return None;
    }
    Some(if value < 0.0 {
        format!("Minus{text}")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FloatKind;

    #[test]
    fn a_rule_set_is_named_by_its_bounds() {
        let name = |base, rules: &[Rule]| rule_set_name(base, rules);
        assert_eq!(
            name(Scalar::String, &[Rule::MaxLength(5000)]).as_deref(),
            Some("TextUpTo5000")
        );
        assert_eq!(
            name(Scalar::String, &[Rule::MinLength(1), Rule::MaxLength(9)]).as_deref(),
            Some("TextFrom1To9")
        );
        let above_zero = Rule::Minimum {
            value: 0.0,
            exclusive: true,
        };
        let at_most_half = Rule::Maximum {
            value: 0.5,
            exclusive: false,
        };
        assert_eq!(
            name(
                Scalar::Float(FloatKind::F64),
                &[above_zero.clone(), at_most_half]
            )
            .as_deref(),
            Some("NumberAbove0UpTo0p5")
        );
        let below_minus_one = Rule::Maximum {
            value: -1.0,
            exclusive: true,
        };
        assert_eq!(
            name(Scalar::Integer(IntegerKind::I64), &[below_minus_one]).as_deref(),
            Some("Int64BelowMinus1")
        );
        assert_eq!(
            name(Scalar::Integer(IntegerKind::I32), &[above_zero]).as_deref(),
            Some("Int32Above0")
        );
        // What does not read as a name: a pattern, a list of values, a huge bound.
        let pattern = Rule::Pattern {
            source: "^a$".into(),
            simple: None,
        };
        assert_eq!(name(Scalar::String, &[pattern]), None);
        assert_eq!(
            name(
                Scalar::Integer(IntegerKind::I64),
                &[Rule::OneOf(vec![1, 2])]
            ),
            None
        );
        let huge = Rule::Maximum {
            value: 1e300,
            exclusive: false,
        };
        assert_eq!(name(Scalar::Float(FloatKind::F64), &[huge]), None);
    }
}
