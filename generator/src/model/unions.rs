//! How a union without a discriminator tells its alternatives apart.
//!
//! "The first alternative that decodes" is wrong for objects: serde's structs skip the
//! properties they do not declare, so an object meant for a later alternative decodes into
//! an earlier one and loses its fields (Stripe's `anyOf` of `customer` and
//! `deleted_customer`). Each variant gets a [`VariantFit`]: the properties that can only
//! hold one value (`object: {enum: [bank_account]}`), which must hold it, and the
//! properties it declares, so that decoding can prefer the variant that keeps the most of
//! the input. The decision is taken here, once the aliases between types are settled.

use super::{Constant, TypeDef, TypeKind, TypeRef, VariantFit};
use std::collections::BTreeMap;

/// Fills in the [`VariantFit`] of every variant of every union without a discriminator.
pub(super) fn describe_fits(types: &mut [TypeDef]) {
    let fits: BTreeMap<String, VariantFit> = types
        .iter()
        .filter_map(|def| {
            let fit = struct_fit(def)?;
            Some((def.name.clone(), fit))
        })
        .collect();
    let kinds: BTreeMap<&str, &TypeKind> = types
        .iter()
        .map(|def| (def.name.as_str(), &def.kind))
        .collect();
    // A variant's fit, and whether it can be an object at all.
    let fit_of = |ty: &TypeRef| -> (VariantFit, bool) {
        let mut current = ty;
        // Bounded: aliases in a cycle (a broken document) must not hang the generator.
        for _ in 0..64 {
            let TypeRef::Named(name) = current else {
                break;
            };
            if let Some(fit) = fits.get(name) {
                return (fit.clone(), true);
            }
            match kinds.get(name.as_str()) {
                Some(TypeKind::Alias(target)) => current = target,
                Some(TypeKind::Wrapper(inner)) => {
                    return (VariantFit::default(), matches!(inner, TypeRef::Map(_)))
                }
                Some(
                    TypeKind::StringEnum { .. } | TypeKind::Newtype { .. } | TypeKind::Tuple(_),
                ) => return (VariantFit::default(), false),
                _ => return (VariantFit::default(), true),
            }
        }
        let object = matches!(current, TypeRef::Json | TypeRef::Map(_) | TypeRef::Named(_));
        (VariantFit::default(), object)
    };
    let described: Vec<Option<Vec<VariantFit>>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union {
                variants,
                discriminator: None,
            } => {
                let fits: Vec<(VariantFit, bool)> =
                    variants.iter().map(|variant| fit_of(&variant.ty)).collect();
                // With one variant an object can be (an expandable id-or-object), nothing
                // is left to choose between: no lists to write out.
                let objects = fits.iter().filter(|(_, object)| *object).count();
                Some(
                    fits.into_iter()
                        .map(|(fit, _)| {
                            if objects > 1 {
                                fit
                            } else {
                                VariantFit::default()
                            }
                        })
                        .collect(),
                )
            }
            _ => None,
        })
        .collect();
    for (def, described) in types.iter_mut().zip(described) {
        if let (TypeKind::Union { variants, .. }, Some(fits)) = (&mut def.kind, described) {
            for (variant, fit) in variants.iter_mut().zip(fits) {
                variant.fit = fit;
            }
        }
    }
}

/// A struct's tags and declared properties; `known` is `None` when it keeps undeclared
/// properties in a map.
fn struct_fit(def: &TypeDef) -> Option<VariantFit> {
    let TypeKind::Struct { fields } = &def.kind else {
        return None;
    };
    let tags: Vec<(String, Constant)> = fields
        .iter()
        .filter_map(|field| Some((field.wire_name.clone(), field.constant.clone()?)))
        .collect();
    let keeps_all = fields.iter().any(|field| field.flatten);
    let known = (!keeps_all).then(|| fields.iter().map(|f| f.wire_name.clone()).collect());
    Some(VariantFit { tags, known })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, SerdeImpls, UnionVariant};

    fn field(wire_name: &str, constant: Option<Constant>, flatten: bool) -> Field {
        Field {
            name: wire_name.to_owned(),
            wire_name: wire_name.to_owned(),
            ty: TypeRef::String,
            required: true,
            nullable: false,
            boxed: false,
            flatten,
            default: None,
            constant,
            docs: String::new(),
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: String::new(),
            kind,
            serde: SerdeImpls::BOTH,
            gate: Default::default(),
        }
    }

    fn variant(name: &str, ty: TypeRef) -> UnionVariant {
        UnionVariant {
            name: name.to_owned(),
            ty,
            boxed: false,
            tags: Vec::new(),
            fit: VariantFit::default(),
        }
    }

    #[test]
    fn variants_get_the_tags_and_properties_of_their_structs_through_aliases() {
        let card = Constant::Text("card".to_owned());
        let mut types = vec![
            def(
                "Card",
                TypeKind::Struct {
                    fields: vec![
                        field("id", None, false),
                        field("object", Some(card.clone()), false),
                    ],
                },
            ),
            def(
                "CardAlias",
                TypeKind::Alias(TypeRef::Named("Card".to_owned())),
            ),
            def(
                "Open",
                TypeKind::Struct {
                    fields: vec![field("id", None, false), field("rest", None, true)],
                },
            ),
            def(
                "Source",
                TypeKind::Union {
                    variants: vec![
                        variant("Card", TypeRef::Named("CardAlias".to_owned())),
                        variant("Open", TypeRef::Named("Open".to_owned())),
                        variant("String", TypeRef::String),
                    ],
                    discriminator: None,
                },
            ),
        ];
        describe_fits(&mut types);
        let TypeKind::Union { variants, .. } = &types[3].kind else {
            panic!("a union");
        };
        assert_eq!(variants[0].fit.tags, [("object".to_owned(), card)]);
        assert_eq!(
            variants[0].fit.known.as_deref(),
            Some(&["id".to_owned(), "object".to_owned()][..])
        );
        assert_eq!(
            variants[1].fit,
            VariantFit {
                tags: Vec::new(),
                known: None
            }
        );
        assert_eq!(variants[2].fit, VariantFit::default());

        // An id or the object: only one alternative can be an object, nothing to choose.
        let mut types = vec![
            types[0].clone(),
            def(
                "Expandable",
                TypeKind::Union {
                    variants: vec![
                        variant("String", TypeRef::String),
                        variant("Card", TypeRef::Named("Card".to_owned())),
                    ],
                    discriminator: None,
                },
            ),
        ];
        describe_fits(&mut types);
        let TypeKind::Union { variants, .. } = &types[1].kind else {
            panic!("a union");
        };
        assert_eq!(variants[1].fit, VariantFit::default());
    }
}
