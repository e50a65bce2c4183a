//! Large enum variants: an enum value is as large as its largest variant, so one large
//! struct beside small variants makes every value of the enum large (GitHub's
//! `EventPayload` would be 10 KB; an error enum whose other variants carry nothing, as
//! large as its one body). Such a variant is stored as `Box<T>`, as clippy's
//! `large_enum_variant` asks, and only such a variant: small ones stay unboxed, so
//! matching on them stays plain.
//!
//! Sizes are estimated from the model: the sum of the fields' sizes, without padding or
//! an `Option`'s own tag, so an estimate is at most the real size and usually a little
//! below it. A variant is boxed while it is [`GAP`] bytes larger than the next largest;
//! clippy asks at 200 bytes of real size, and the margin covers what the estimate leaves out.

use super::{FloatKind, IntegerKind, Operation, Scalar, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// How much larger than the next variant a variant may be before it is boxed.
const GAP: usize = 128;

/// The size of a pointer: what a boxed value, or a field on a cycle, stores inline.
const POINTER: usize = 8;

/// Boxes the large variants of unions and of operations' success and error enums.
pub(crate) fn box_large_variants(types: &mut [TypeDef], operations: &mut [Operation]) {
    let sizes = Sizes::compute(types);
    for def in types.iter_mut() {
        if let (TypeKind::Union { variants, .. }, Some(boxed)) =
            (&mut def.kind, sizes.boxed.get(&def.name))
        {
            for &index in boxed {
                variants[index].boxed = true;
            }
        }
    }
    for operation in operations {
        let responses = &mut operation.responses;
        let error_sizes = responses
            .errors
            .iter()
            .map(|case| case.ty.as_ref().map_or(0, |ty| sizes.of(ty)))
            .collect();
        for index in large_variants(error_sizes) {
            responses.errors[index].boxed = true;
        }
        if let Some(variants) = &mut responses.success_variants {
            let success_sizes = variants
                .iter()
                .map(|variant| variant.ty.as_ref().map_or(0, |ty| sizes.of(ty)))
                .collect();
            for index in large_variants(success_sizes) {
                variants[index].boxed = true;
            }
        }
    }
}

/// The variants to box so that no variant is [`GAP`] bytes larger than the next largest:
/// the largest, repeatedly, while it is.
fn large_variants(mut sizes: Vec<usize>) -> Vec<usize> {
    let mut boxed = Vec::new();
    while sizes.len() > 1 {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(sizes[index]));
        let (largest, next) = (order[0], order[1]);
        if sizes[largest] < sizes[next] + GAP || sizes[largest] <= POINTER {
            break;
        }
        sizes[largest] = POINTER;
        boxed.push(largest);
    }
    boxed.sort_unstable();
    boxed
}

/// Estimated sizes of the named types, and the variants of each union to box.
struct Sizes {
    named: BTreeMap<String, usize>,
    /// A union's size is that of its largest variant once the large ones are boxed, so
    /// they are chosen as its size is computed: a union that is itself a variant of
    /// another then counts at the size it will have, not at that of its largest member.
    boxed: BTreeMap<String, Vec<usize>>,
}

impl Sizes {
    /// Every named type's size, children first with an explicit stack (type graphs can be
    /// deep). A type met again while its own size is being computed is on a cycle, which
    /// goes through a box: it counts as a pointer.
    fn compute(types: &[TypeDef]) -> Self {
        let by_name: BTreeMap<&str, &TypeKind> =
            types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let mut named: BTreeMap<String, usize> = BTreeMap::new();
        let mut boxed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut visiting: BTreeSet<&str> = BTreeSet::new();
        for def in types {
            let mut stack = vec![(def.name.as_str(), false)];
            while let Some((name, children_done)) = stack.pop() {
                let Some(kind) = by_name.get(name) else {
                    continue;
                };
                if children_done {
                    visiting.remove(name);
                    let (size, large) = kind_size(kind, &|ty| estimate(ty, &named));
                    if !large.is_empty() {
                        boxed.insert(name.to_owned(), large);
                    }
                    named.insert(name.to_owned(), size);
                    continue;
                }
                if named.contains_key(name) || visiting.contains(name) {
                    continue;
                }
                visiting.insert(name);
                stack.push((name, true));
                for child in inline_names(kind) {
                    if !named.contains_key(child) && !visiting.contains(child) {
                        stack.push((child, false));
                    }
                }
            }
        }
        Self { named, boxed }
    }

    fn of(&self, ty: &TypeRef) -> usize {
        estimate(ty, &self.named)
    }
}

/// The named types a value of `kind` stores inline (not behind a box, a `Vec` or a map).
fn inline_names(kind: &TypeKind) -> Vec<&str> {
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .filter(|f| !f.boxed)
            .filter_map(|f| named(&f.ty))
            .collect(),
        TypeKind::Union { variants, .. } => variants
            .iter()
            .filter(|v| !v.boxed)
            .filter_map(|v| named(&v.ty))
            .collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        // A wrapper holds a list or a map: a pointer, whatever it points at.
        TypeKind::Wrapper(_) => Vec::new(),
        TypeKind::Tuple(items) => items.iter().filter_map(named).collect(),
        TypeKind::StringEnum { .. } | TypeKind::Newtype { .. } => Vec::new(),
    }
}

/// The size of a value of `kind`, given the size of each type it uses, and for a union the
/// variants to box: a union is as large as its largest variant once the large ones are
/// boxed.
fn kind_size(kind: &TypeKind, size: &dyn Fn(&TypeRef) -> usize) -> (usize, Vec<usize>) {
    let size = match kind {
        TypeKind::Union {
            variants,
            discriminator,
        } => {
            let mut sizes: Vec<usize> = variants
                .iter()
                .map(|v| if v.boxed { POINTER } else { size(&v.ty) })
                .collect();
            // A discriminated union also keeps unknown objects, as a `Value`.
            if discriminator.is_some() {
                sizes.push(size(&TypeRef::Json));
            }
            let mut large = large_variants(sizes.clone());
            large.retain(|&index| index < variants.len());
            for &index in &large {
                sizes[index] = POINTER;
            }
            return (sizes.into_iter().max().unwrap_or(0), large);
        }
        TypeKind::Struct { fields } => fields
            .iter()
            .map(|f| if f.boxed { POINTER } else { size(&f.ty) })
            .sum(),
        TypeKind::Alias(ty) | TypeKind::Wrapper(ty) => size(ty),
        TypeKind::Tuple(items) => items.iter().map(size).sum(),
        // The catch-all variant holds a `String`.
        TypeKind::StringEnum { .. } => STRING,
        TypeKind::Newtype { base, .. } => match base {
            Scalar::String => STRING,
            Scalar::Integer(kind) => integer(*kind),
            Scalar::Float(kind) => float(*kind),
        },
    };
    (size, Vec::new())
}

/// `String`, `Vec` and `BTreeMap`: a pointer, a length and a capacity (or the like).
const STRING: usize = 24;

/// The size of a value of `ty`; named types not (yet) in `named` count as pointers.
fn estimate(ty: &TypeRef, named: &BTreeMap<String, usize>) -> usize {
    match ty {
        TypeRef::String | TypeRef::Text | TypeRef::Bytes | TypeRef::List(_) | TypeRef::Map(_) => {
            STRING
        }
        TypeRef::Bool => 1,
        TypeRef::Integer(kind) => integer(*kind),
        TypeRef::Float(kind) => float(*kind),
        // `DateTime<FixedOffset>`: date, time and offset.
        TypeRef::DateTime => 16,
        TypeRef::Date => 4,
        TypeRef::Uuid => 16,
        // `serde_json::Value` without `preserve_order`; more with it.
        TypeRef::Json => 32,
        TypeRef::Named(name) => named.get(name).copied().unwrap_or(POINTER),
    }
}

fn integer(kind: IntegerKind) -> usize {
    match kind {
        IntegerKind::I32 => 4,
        IntegerKind::I64 => 8,
    }
}

fn float(kind: FloatKind) -> usize {
    match kind {
        FloatKind::F64 => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::{large_variants, Sizes};
    use crate::model::{
        Discriminator, Field, Gate, SerdeImpls, TypeDef, TypeKind, TypeRef, UnionVariant,
        VariantFit,
    };

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: String::new(),
            kind,
            serde: SerdeImpls::BOTH,
            gate: Gate::ALWAYS,
        }
    }

    /// A struct of `count` string fields: 24 bytes each.
    fn strings(name: &str, count: usize) -> TypeDef {
        let fields = (0..count)
            .map(|i| Field {
                name: format!("f{i}"),
                wire_name: format!("f{i}"),
                ty: TypeRef::String,
                required: true,
                nullable: false,
                boxed: false,
                flatten: false,
                default: None,
                constant: None,
                docs: String::new(),
            })
            .collect();
        def(name, TypeKind::Struct { fields })
    }

    fn union(name: &str, members: &[&str], discriminator: bool) -> TypeDef {
        let variants = members
            .iter()
            .map(|member| UnionVariant {
                name: (*member).into(),
                ty: TypeRef::Named((*member).into()),
                boxed: false,
                tags: Vec::new(),
                fit: VariantFit::default(),
            })
            .collect();
        let discriminator = discriminator.then(|| Discriminator {
            property: "type".into(),
            catch_all: "Unknown".into(),
        });
        def(
            name,
            TypeKind::Union {
                variants,
                discriminator,
            },
        )
    }

    #[test]
    fn a_union_counts_at_its_size_once_its_large_variants_are_boxed() {
        // `Expandable` is a small id or a large object: the object is boxed, so a struct
        // holding an `Expandable` is small, and a union of that struct and a large one
        // must box the large one.
        let types = vec![
            strings("Id", 1),
            strings("Large", 40),
            union("Expandable", &["Id", "Large"], false),
            def(
                "Holder",
                TypeKind::Alias(TypeRef::Named("Expandable".into())),
            ),
            strings("Big", 30),
            union("Either", &["Holder", "Big"], false),
        ];
        let sizes = Sizes::compute(&types);
        assert_eq!(sizes.boxed.get("Expandable"), Some(&vec![1]));
        assert_eq!(sizes.boxed.get("Either"), Some(&vec![1]));
    }

    #[test]
    fn a_discriminated_union_with_one_variant_boxes_it_beside_its_catch_all() {
        let types = vec![strings("Large", 20), union("Feature", &["Large"], true)];
        assert_eq!(Sizes::compute(&types).boxed.get("Feature"), Some(&vec![0]));
        // Without a discriminator there is no catch-all: one variant is never boxed.
        let types = vec![strings("Large", 20), union("Feature", &["Large"], false)];
        assert_eq!(Sizes::compute(&types).boxed.get("Feature"), None);
    }

    #[test]
    fn boxes_only_what_stands_out() {
        // One large body among bodiless variants: boxed.
        assert_eq!(large_variants(vec![0, 400, 0]), vec![1]);
        // Two large variants of similar size: both kept, neither is much larger.
        assert_eq!(large_variants(vec![600, 560, 0]), Vec::<usize>::new());
        // A very large one, then a large one: both boxed, one after the other.
        assert_eq!(large_variants(vec![24, 5000, 300]), vec![1, 2]);
        // Small differences never box.
        assert_eq!(large_variants(vec![24, 120]), Vec::<usize>::new());
    }
}
