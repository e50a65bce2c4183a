//! Cargo features of a generated crate: one per group of operations, so that a program
//! calling a few operations of a large API compiles only those and the types they reach.
//!
//! An operation's groups are its tags; an operation without tags is grouped by the first
//! literal segment of its path that is not a version (`/v1/customers/{id}` ->
//! `customers`). Each type is compiled by the features whose operations reach it, so a
//! type shared by several compiles once whichever of them is on, and a type every feature
//! reaches is not gated at all.

use super::reachable::reached_from_roots;
use super::reachable::{named, reached_from_operations, reached_from_types};
use super::{Feature, Gate, Operation, TypeDef, TypeKind, TypeRef, Webhook};
use std::collections::{BTreeMap, HashMap};

/// crates.io refuses crates with more features than this.
const MAX_FEATURES: usize = 300;

/// The feature of the webhooks module and the payload types only it uses, so that a
/// client-only user of GitHub's crate does not compile 270 payloads.
const WEBHOOKS: &str = "webhooks";

/// Gives each operation and type its gate, and returns the features in name order with
/// the webhooks' gate. A document whose operations form fewer than two groups gets none:
/// there is nothing to choose between. The webhooks, when there are any, are a feature
/// of their own.
pub fn assign(
    operations: &mut [Operation],
    types: &mut [TypeDef],
    webhooks: &[Webhook],
) -> (Vec<Feature>, Gate) {
    // The finest grouping that crates.io accepts: Microsoft Graph's 417 tags
    // (`users.calendar`, `users.Actions`, ...) are too many, their first words are not.
    let grouped = [Grain::Tag, Grain::TagPrefix, Grain::Path]
        .into_iter()
        .map(|grain| {
            let groups: Vec<Vec<String>> = operations
                .iter()
                .map(|o| groups_of(&o.tags, &o.path, grain))
                .collect();
            let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
            for group in groups.iter().flatten() {
                *by_name.entry(group.clone()).or_default() += 1;
            }
            (groups, by_name)
        })
        .find(|(_, by_name)| by_name.len() <= MAX_FEATURES);
    let Some((groups, mut by_name)) = grouped.filter(|(_, by_name)| by_name.len() >= 2) else {
        return (Vec::new(), Gate::ALWAYS);
    };
    if !webhooks.is_empty() {
        // A tag of that name shares it.
        by_name.entry(WEBHOOKS.to_owned()).or_default();
    }
    let index: HashMap<&str, usize> = by_name
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let count = by_name.len();
    for (operation, group) in operations.iter_mut().zip(&groups) {
        // Names and indices are both in name order, and the names are distinct.
        let features: Vec<usize> = group.iter().map(|name| index[name.as_str()]).collect();
        operation.gate = Gate::of(features, count);
    }
    let webhooks_feature = index
        .get(WEBHOOKS)
        .copied()
        .filter(|_| !webhooks.is_empty());
    let mut reached: HashMap<String, Vec<usize>> = HashMap::new();
    for feature in 0..count {
        let members = operations.iter().filter(|o| o.gate.admits(feature));
        let mut names = reached_from_operations(types, members);
        if webhooks_feature == Some(feature) {
            names.extend(reached_from_roots(types, webhooks.iter().map(|w| &w.ty)));
        }
        for name in names {
            reached.entry(name).or_default().push(feature);
        }
    }
    let mut gates: HashMap<String, Gate> = reached
        .into_iter()
        .map(|(name, features)| (name, Gate::of(features, count)))
        .collect();
    // A type no operation reaches is kept by `all_types`: it is always compiled, and so is
    // everything it uses. Deduplication's aliases are not reached either (operations name
    // the type they stand for): each is compiled with the type it names.
    let unreached = types
        .iter()
        .filter(|t| !gates.contains_key(&t.name) && !matches!(t.kind, TypeKind::Alias(_)));
    for name in reached_from_types(types, unreached) {
        gates.insert(name, Gate::ALWAYS);
    }
    let aliases: HashMap<&str, &TypeRef> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.name.as_str(), target)),
            _ => None,
        })
        .collect();
    let alias_gates: Vec<(String, Gate)> = aliases
        .keys()
        .filter(|name| !gates.contains_key(**name))
        .map(|name| (name.to_string(), alias_gate(name, &aliases, &gates)))
        .collect();
    gates.extend(alias_gates);
    for def in types.iter_mut() {
        def.gate = gates.get(&def.name).cloned().unwrap_or_default();
    }
    let webhooks_gate = webhooks_feature.map_or(Gate::ALWAYS, |f| Gate::of(vec![f], count));
    let features = by_name
        .into_iter()
        .map(|(name, operations)| Feature {
            on_by_default: !(name == WEBHOOKS && operations == 0),
            name,
            operations,
        })
        .collect();
    (features, webhooks_gate)
}

/// The gate of the type an unreached alias stands for, through any chain of aliases: its
/// gate when reached, else always (what only unreached types use is always compiled).
fn alias_gate(
    alias: &str,
    aliases: &HashMap<&str, &TypeRef>,
    gates: &HashMap<String, Gate>,
) -> Gate {
    let mut name = alias;
    // Bounded: a chain longer than the aliases there are is a cycle.
    for _ in 0..=aliases.len() {
        let Some(next) = aliases.get(name).and_then(|target| named(target)) else {
            break;
        };
        if let Some(gate) = gates.get(next) {
            return gate.clone();
        }
        name = next;
    }
    Gate::ALWAYS
}

/// What an operation's feature is named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    /// Its tags.
    Tag,
    /// The first word of each tag, up to a `.` (`users.calendar` -> `users`).
    TagPrefix,
    /// Its path's first segment, for every operation.
    Path,
}

/// The feature names of one operation, sorted and distinct: its tags (or their first
/// words), else its path's first segment.
fn groups_of(tags: &[String], path: &str, grain: Grain) -> Vec<String> {
    if !tags.is_empty() && grain != Grain::Path {
        let mut names: Vec<String> = tags
            .iter()
            .map(|tag| match grain {
                Grain::TagPrefix => feature_name(tag.split('.').next().unwrap_or(tag)),
                _ => feature_name(tag),
            })
            .collect();
        // Tags that differ only in case or punctuation are one feature, counted once.
        names.sort_unstable();
        names.dedup();
        return names;
    }
    let segment = path
        .split('/')
        .find(|s| !s.is_empty() && !s.contains('{') && !is_version(s))
        .unwrap_or("root");
    vec![feature_name(segment)]
}

/// `v1`, `v2beta1`, `2010-04-01`: path segments that name a version, not a resource.
fn is_version(segment: &str) -> bool {
    let mut chars = segment.chars();
    let versioned =
        matches!(chars.next(), Some('v' | 'V')) && chars.next().is_some_and(|c| c.is_ascii_digit());
    versioned
        || segment
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
}

/// A Cargo feature name for a tag: lower case, words joined by `-` (`Code Scanning` ->
/// `code-scanning`). A name Cargo or the crate takes for itself (`default`, the extras) gets
/// `-tag` appended.
pub fn feature_name(tag: &str) -> String {
    let mut name = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    match name {
        "" => "other".to_owned(),
        _ if RESERVED.contains(&name) => format!("{name}-tag"),
        _ => name.to_owned(),
    }
}

/// Feature names a tag cannot have: Cargo's `default`, and the extras every crate has
/// (`EXTRA_FEATURES` in lib.rs). A tag `metadata` becomes `metadata-tag`.
pub const RESERVED: &[&str] = &["default", "eq", "metadata", "tracing", "middleware", "mock"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_cargo_feature_names() {
        assert_eq!(feature_name("Code Scanning"), "code-scanning");
        assert_eq!(feature_name("users.user"), "users-user");
        assert_eq!(feature_name("  Über/API "), "ber-api");
        assert_eq!(feature_name("default"), "default-tag");
        assert_eq!(feature_name("Metadata"), "metadata-tag");
        assert_eq!(feature_name("eq"), "eq-tag");
        assert_eq!(feature_name("***"), "other");
    }

    #[test]
    fn tags_that_name_one_feature_count_once() {
        assert_eq!(groups_of(&[], "/v1/pets/{id}", Grain::Tag), ["pets"]);
        assert_eq!(groups_of(&[], "/{id}", Grain::Tag), ["root"]);
        let tags = ["Store".to_owned(), "Pets".to_owned(), "pets".to_owned()];
        assert_eq!(groups_of(&tags, "/v1/pets", Grain::Tag), ["pets", "store"]);
    }

    #[test]
    fn too_many_tags_group_by_their_first_word_then_by_path() {
        let tags = ["users.calendar".to_owned(), "users.Actions".to_owned()];
        assert_eq!(
            groups_of(&tags, "/users/{id}/calendar", Grain::Tag),
            ["users-actions", "users-calendar"]
        );
        assert_eq!(
            groups_of(&tags, "/users/{id}/calendar", Grain::TagPrefix),
            ["users"]
        );
        assert_eq!(groups_of(&tags, "/v1.0/me/calendar", Grain::Path), ["me"]);
    }

    #[test]
    fn versions_are_not_groups() {
        assert!(is_version("v1"));
        assert!(is_version("v2beta1"));
        assert!(is_version("2010-04-01"));
        assert!(!is_version("volumes"));
        assert!(!is_version("customers"));
    }
}
