//! Schema lowering: JSON Schema (as `openapiv3` reads it) into [`TypeRef`]s and named
//! [`TypeDef`]s.
//!
//! A schema becomes a named type when Rust needs one to express it (an object with
//! properties, a string enum, a constrained scalar); otherwise it maps onto a plain Rust type.
//! Inline schemas are named from their position (`Conversation.contact` ->
//! `ConversationContact`); constrained scalars and enums that come out identical under the
//! same name (the same parameter on many operations) share one type.

use super::docs::doc_text;
use super::names::{pascal, snake, type_name, NameSet};
use super::{
    Constant, Discriminator, EnumVariant, Field, FloatKind, IntegerKind, Rule, Scalar, SerdeImpls,
    TypeDef, TypeKind, TypeRef, TypeTable, UnionVariant, VariantFit, TUPLE_ITEMS,
};
use crate::diagnostics::{pointer_child, Diagnostic};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A lowered schema use: its type, and whether `null` is one of its values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    fn plain(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }
}

/// The state of one lowering run: the types defined so far, the names taken, and the
/// diagnostics collected (all of them, not only the first).
pub(crate) struct Lowering<'a> {
    pub api: &'a OpenAPI,
    pub file: &'a str,
    types: TypeTable,
    names: NameSet,
    /// Component schema key -> Rust type name.
    component_names: BTreeMap<String, String>,
    /// Component schema keys whose schema admits `null`.
    nullable_components: BTreeSet<String>,
    /// Lowered schemas by JSON pointer, so a shared component (response, parameter, body)
    /// defines its inline types once however many operations use it.
    by_pointer: BTreeMap<String, Lowered>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Lowering<'a> {
    pub fn new(api: &'a OpenAPI, file: &'a str) -> Self {
        Self {
            api,
            file,
            types: TypeTable::new(),
            names: NameSet::default(),
            component_names: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            by_pointer: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// A warning about a shared node (a security scheme, say) that many operations reach.
    pub fn warn_once(&mut self, pointer: &str, message: impl Into<String>) {
        if !self.diagnostics.iter().any(|d| d.pointer == pointer) {
            self.warn(pointer, message);
        }
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.file, pointer, message));
    }

    pub fn finish(self) -> (TypeTable, Vec<Diagnostic>, BTreeMap<String, String>) {
        (self.types, self.diagnostics, self.component_names)
    }

    /// Defines every `components.schemas` entry under its own name. All component names are
    /// claimed before any inline type is named, so an inline type never takes one.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        let mut keys: Vec<&String> = components.schemas.keys().collect();
        keys.sort();
        let mut first_with: BTreeMap<String, &String> = BTreeMap::new();
        for key in &keys {
            let wanted = type_name(key);
            let name = self.names.claim(&wanted);
            if name != wanted {
                if let Some(first) = first_with.get(&wanted) {
                    let message = format!(
                        "schema `{key}` and schema `{first}` both become the Rust name `{wanted}`; this one is `{name}`"
                    );
                    self.warn(&pointer_child("#/components/schemas", key), message);
                }
            }
            first_with.entry(wanted).or_insert(key);
            self.component_names.insert((*key).clone(), name);
            if let ReferenceOr::Item(schema) = &components.schemas[*key] {
                if admits_null(schema) {
                    self.nullable_components.insert((*key).clone());
                }
            }
        }
        for key in keys {
            let name = self.component_names[key].clone();
            let pointer = pointer_child("#/components/schemas", key);
            let (kind, docs) = match &components.schemas[key] {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve(reference, &pointer);
                    (TypeKind::Alias(target.ty), format!("The `{key}` schema."))
                }
                ReferenceOr::Item(schema) => {
                    let docs = docs_of(&schema.schema_data, || format!("The `{key}` schema."));
                    let merged = self.merged_scalar_all_of(schema);
                    let schema = merged.as_ref().unwrap_or(schema);
                    let subject = Subject::named(key);
                    let kind = if let Some(parts) = self.all_of_parts(schema, &pointer) {
                        self.merged_object(&parts, &name)
                    } else if let Some(split) = self.union_in_all_of(schema, &pointer) {
                        self.distributed_union(split, &name)
                    } else if let Some((item_pointer, item)) = single_alternative(schema, &pointer)
                    {
                        let hints = [name.clone()];
                        TypeKind::Alias(self.lower(item, &hints, &subject, &item_pointer).ty)
                    } else if let Some(kind) = self.union(schema, &name, &pointer) {
                        kind
                    } else if needs_definition(schema) {
                        self.define(schema, &name, &subject, &pointer)
                    } else {
                        TypeKind::Alias(self.plain(schema, &name, &subject, &pointer).ty)
                    };
                    (kind, docs)
                }
            };
            self.record(&name, docs, kind);
        }
    }

    /// Lowers a schema used at `pointer`. `hints` are the names an inline type may take, in
    /// order of preference; `subject` names the value in validation messages.
    pub fn lower<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        hints: &[String],
        subject: &Subject,
        pointer: &str,
    ) -> Lowered {
        if let Some(done) = self.by_pointer.get(pointer) {
            return done.clone();
        }
        let lowered = match schema {
            ReferenceOr::Reference { reference } => self.resolve(reference, pointer),
            ReferenceOr::Item(schema) => {
                self.lower_inline(schema.borrow(), hints, subject, pointer)
            }
        };
        self.by_pointer.insert(pointer.to_owned(), lowered.clone());
        lowered
    }

    fn lower_inline(
        &mut self,
        schema: &Schema,
        hints: &[String],
        subject: &Subject,
        pointer: &str,
    ) -> Lowered {
        if let Some(merged) = self.merged_scalar_all_of(schema) {
            return self.lower_inline(&merged, hints, subject, pointer);
        }
        let nullable = admits_null(schema);
        if let Some((item_pointer, item)) = single_alternative(schema, pointer) {
            let mut lowered = self.lower(item, hints, subject, &item_pointer);
            lowered.nullable |= nullable;
            return lowered;
        }
        let fallback = hints.last().cloned().unwrap_or_else(|| "Inline".to_owned());
        let all_of = self.all_of_parts(schema, pointer);
        let union = union_items(schema).is_some();
        let union_in_all_of = match all_of {
            None if !union => self.union_in_all_of(schema, pointer),
            _ => None,
        };
        if all_of.is_none() && !union && union_in_all_of.is_none() && !needs_definition(schema) {
            let mut lowered = self.plain(schema, &fallback, subject, pointer);
            lowered.nullable |= nullable;
            return lowered;
        }
        let docs = docs_of(&schema.schema_data, || inline_docs(subject));
        let name = if let Some(parts) = all_of {
            self.define_named(hints, docs, (pointer, nullable), |this, name| {
                this.merged_object(&parts, name)
            })
        } else if let Some(split) = union_in_all_of {
            self.define_named(hints, docs, (pointer, nullable), |this, name| {
                this.distributed_union(split, name)
            })
        } else if union {
            self.define_named(hints, docs, (pointer, nullable), |this, name| {
                this.union(schema, name, pointer)
                    .unwrap_or(TypeKind::Alias(TypeRef::Json))
            })
        } else if is_leaf(schema) {
            // Leaves do not name children, so they can be built first and shared when an
            // identical one already holds a preferred name.
            let kind = self.define(schema, &fallback, subject, pointer);
            self.intern(hints, docs, kind)
        } else {
            self.define_named(hints, docs, (pointer, nullable), |this, name| {
                this.define(schema, name, subject, pointer)
            })
        };
        Lowered {
            ty: TypeRef::Named(name),
            nullable,
        }
    }

    /// Claims a name from `hints`, builds the definition (which may name its children
    /// after it), and records it. The name is recorded at the schema's pointer before the
    /// children are built, so a child that leads back to the same schema (an `allOf` that
    /// merges the component it is a property of) gets the type instead of recursing.
    fn define_named(
        &mut self,
        hints: &[String],
        docs: String,
        (pointer, nullable): (&str, bool),
        build: impl FnOnce(&mut Self, &str) -> TypeKind,
    ) -> String {
        let name = self.names.claim(&fallback_first(hints));
        self.by_pointer.insert(
            pointer.to_owned(),
            Lowered {
                ty: TypeRef::Named(name.clone()),
                nullable,
            },
        );
        let kind = build(self, &name);
        self.record(&name, docs, kind);
        name
    }

    /// Adds the definition of the type named `name`.
    fn record(&mut self, name: &str, docs: String, kind: TypeKind) {
        let name = name.to_owned();
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                docs,
                kind,
                serde: SerdeImpls::BOTH,
                gate: Default::default(),
            },
        );
    }

    /// Reuses a type with an identical definition under one of `hints`, or defines a new one.
    fn intern(&mut self, hints: &[String], docs: String, kind: TypeKind) -> String {
        for hint in hints {
            match self.types.get(hint) {
                Some(existing) if existing.kind == kind => return hint.clone(),
                Some(_) => continue,
                None if !self.names.contains(hint) => {
                    let name = self.names.claim(hint);
                    self.record(&name, docs, kind);
                    return name;
                }
                None => continue,
            }
        }
        let name = self.names.claim(&fallback_first(hints));
        self.record(&name, docs, kind);
        name
    }

    fn resolve(&mut self, reference: &str, pointer: &str) -> Lowered {
        if let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) {
            if let Some(name) = self.component_names.get(key) {
                return Lowered {
                    ty: TypeRef::Named(name.clone()),
                    nullable: self.nullable_components.contains(key),
                };
            }
            // Loading copied every reference into a schema that exists to a component of
            // its own, so this one points at nothing: the document is broken.
            self.error(
                pointer,
                format!("unresolved $ref `{reference}`: the document has no such schema; expected a reference to an existing schema"),
            );
        } else {
            self.warn(
                pointer,
                format!("unsupported $ref `{reference}`: only `{SCHEMA_PREFIX}…` references are resolved here; typed as serde_json::Value"),
            );
        }
        Lowered::plain(TypeRef::Json)
    }

    /// The named type for a schema that [`needs_definition`].
    fn define(
        &mut self,
        schema: &Schema,
        name: &str,
        subject: &Subject,
        pointer: &str,
    ) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    let mut rules = Vec::new();
                    if let Some(pattern) = &string.pattern {
                        if self.check_pattern(pattern, &pointer_child(pointer, "pattern")) {
                            rules.push(Rule::Pattern {
                                source: pattern.clone(),
                                simple: super::pattern::SimplePattern::parse(pattern),
                            });
                        }
                    }
                    // A minimum length of zero is no rule (and a comparison that is always false).
                    rules.extend(
                        string
                            .min_length
                            .filter(|n| *n > 0)
                            .map(|n| Rule::MinLength(n as u64)),
                    );
                    rules.extend(string.max_length.map(|n| Rule::MaxLength(n as u64)));
                    newtype(subject, Scalar::String, rules)
                } else {
                    string_enum(values.into_iter().map(String::as_str))
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                let kind = integer_kind(&integer.format);
                let (low, high) = match kind {
                    IntegerKind::I32 => (i32::MIN as f64, i32::MAX as f64),
                    IntegerKind::I64 => (i64::MIN as f64, i64::MAX as f64),
                };
                // Bounds no value of the type can meet (a minimum above its range, an
                // exclusive minimum at its top): the check would reject everything, and its
                // literal might not compile. They are dropped, with a warning.
                let unmeetable = integer
                    .minimum
                    .map(|v| v as f64)
                    .is_some_and(|v| v > high || (v == high && integer.exclusive_minimum))
                    || integer
                        .maximum
                        .map(|v| v as f64)
                        .is_some_and(|v| v < low || (v == low && integer.exclusive_maximum));
                if unmeetable {
                    let bound = |name: &str, value: Option<i64>, exclusive: bool| {
                        value.map(|v| {
                            let exclusive = if exclusive { " (exclusive)" } else { "" };
                            format!("`{name}` {v}{exclusive}")
                        })
                    };
                    let bounds: Vec<String> = [
                        bound("minimum", integer.minimum, integer.exclusive_minimum),
                        bound("maximum", integer.maximum, integer.exclusive_maximum),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let kind = match kind {
                        IntegerKind::I32 => "int32",
                        IntegerKind::I64 => "int64",
                    };
                    self.warn(
                        pointer,
                        format!(
                            "no {kind} value meets {}; the bounds are not enforced",
                            bounds.join(" and ")
                        ),
                    );
                }
                // A bound every value of the type meets is no rule (and a useless comparison).
                let minimum = integer
                    .minimum
                    .map(|v| v as f64)
                    .filter(|v| *v > low && !unmeetable);
                let maximum = integer
                    .maximum
                    .map(|v| v as f64)
                    .filter(|v| *v < high && !unmeetable);
                let mut rules = bounds(
                    minimum,
                    integer.exclusive_minimum,
                    maximum,
                    integer.exclusive_maximum,
                );
                let allowed: Vec<i64> = integer
                    .enumeration
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|v| kind == IntegerKind::I64 || i32::try_from(*v).is_ok())
                    .collect();
                if !allowed.is_empty() {
                    rules.push(Rule::OneOf(allowed));
                }
                newtype(subject, Scalar::Integer(kind), rules)
            }
            SchemaKind::Type(Type::Number(number)) => {
                let rules = bounds(
                    number.minimum,
                    number.exclusive_minimum,
                    number.maximum,
                    number.exclusive_maximum,
                );
                newtype(subject, Scalar::Float(float_kind(&number.format)), rules)
            }
            SchemaKind::Type(Type::Array(_)) => self.tuple(schema, name, subject, pointer),
            SchemaKind::Type(Type::Object(object)) => self.object(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                name,
                pointer,
            ),
            SchemaKind::Any(any) if !any.properties.is_empty() => self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                name,
                pointer,
            ),
            SchemaKind::Any(any) => {
                string_enum(any.enumeration.iter().filter_map(serde_json::Value::as_str))
            }
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Item(inner)] => self.define(
                    inner,
                    name,
                    subject,
                    &pointer_child(&pointer_child(pointer, "allOf"), "0"),
                ),
                _ => TypeKind::Alias(TypeRef::Json),
            },
            _ => TypeKind::Alias(TypeRef::Json),
        }
    }

    /// The object schemas an `allOf` combines (following `$ref`s and nested `allOf`s), when
    /// every part is an object, so that one struct with all their properties can stand for
    /// it. `None` for anything else, including a single-part `allOf`, which is its part.
    fn all_of_parts<'s>(&self, schema: &'s Schema, pointer: &str) -> Option<Vec<ObjectPart<'s>>>
    where
        'a: 's,
    {
        let combines = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.len() > 1,
            SchemaKind::Any(any) => {
                !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()
            }
            _ => false,
        };
        if !combines {
            return None;
        }
        let mut parts = Vec::new();
        self.collect_parts(schema, pointer.to_owned(), 0, &mut parts)
            .then_some(parts)
    }

    fn collect_parts<'s>(
        &self,
        schema: &'s Schema,
        pointer: String,
        depth: usize,
        parts: &mut Vec<ObjectPart<'s>>,
    ) -> bool
    where
        'a: 's,
    {
        // A cycle of allOf references has no finite merge.
        if depth > 32 {
            return false;
        }
        let all_of_part = |lowering: &Self,
                           index: usize,
                           part: &'s ReferenceOr<Schema>,
                           parts: &mut Vec<ObjectPart<'s>>| match part {
            ReferenceOr::Item(inner) => {
                let inner_pointer =
                    pointer_child(&pointer_child(&pointer, "allOf"), &index.to_string());
                lowering.collect_parts(inner, inner_pointer, depth + 1, parts)
            }
            ReferenceOr::Reference { reference } => match lowering.component_schema(reference) {
                Some((key, target)) => lowering.collect_parts(
                    target,
                    pointer_child("#/components/schemas", key),
                    depth + 1,
                    parts,
                ),
                None => false,
            },
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                parts.push(ObjectPart {
                    properties: &object.properties,
                    required: &object.required,
                    pointer,
                });
                true
            }
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .enumerate()
                .all(|(index, part)| all_of_part(self, index, part, parts)),
            SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.items.is_none()
                    && matches!(any.typ.as_deref(), None | Some("object")) =>
            {
                let merged = any
                    .all_of
                    .iter()
                    .enumerate()
                    .all(|(index, part)| all_of_part(self, index, part, parts));
                parts.push(ObjectPart {
                    properties: &any.properties,
                    required: &any.required,
                    pointer,
                });
                merged
            }
            _ => false,
        }
    }

    /// `oneOf`/`anyOf` as a [`TypeKind::Union`]: each alternative a variant named after
    /// its type (a component's name, a title, or the kind of value), `null` alternatives
    /// making the use nullable instead. With a `discriminator`, each variant lists the
    /// values that select it: the `mapping` entries that point at it, else its
    /// component's name.
    fn union(&mut self, schema: &Schema, owner: &str, pointer: &str) -> Option<TypeKind> {
        let (keyword, items) = union_items(schema)?;
        let items_pointer = pointer_child(pointer, keyword);
        let mut names = NameSet::default();
        let mut variants = Vec::new();
        let mut catch_all_json = false;
        for (index, item) in items.iter().enumerate() {
            if let ReferenceOr::Item(inner) = item {
                if is_null_schema(inner) {
                    continue;
                }
            }
            let title = item
                .as_item()
                .and_then(|inner| inner.schema_data.title.as_deref());
            // An untitled scalar or list alternative is named by its kind of value, and so
            // is a type defined for it (`QuantityInteger`, a constrained integer).
            let kind = item
                .as_item()
                .filter(|_| title.is_none())
                .and_then(value_kind_name);
            let hint = match kind {
                Some(kind) => format!("{owner}{kind}"),
                None => format!("{owner}Variant{}", index + 1),
            };
            let item_pointer = pointer_child(&items_pointer, &index.to_string());
            let subject = Subject::named(owner);
            let lowered = self.lower(item, std::slice::from_ref(&hint), &subject, &item_pointer);
            let base = match (&lowered.ty, title, kind) {
                (TypeRef::Named(name), _, _) if item.as_item().is_none() => name.clone(),
                (_, Some(title), _) => pascal(title, "Variant", "V"),
                (TypeRef::Named(_), None, Some(kind)) => kind.to_owned(),
                (ty, _, _) => variant_name_for(ty),
            };
            catch_all_json |= lowered.ty == TypeRef::Json;
            let ty = if lowered.nullable {
                TypeRef::Json
            } else {
                lowered.ty
            };
            let tags = match item {
                ReferenceOr::Reference { reference } => {
                    tags_for(schema.schema_data.discriminator.as_ref(), reference)
                }
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                name: names.claim(&base),
                ty,
                boxed: false,
                tags,
                fit: VariantFit::default(),
            });
        }
        finish_union(
            variants,
            names,
            catch_all_json,
            schema.schema_data.discriminator.as_ref(),
        )
    }

    /// An `allOf` of scalar schemas (a reference to a string and a `pattern`, a
    /// `type: string` and a `maxLength`) as the one schema they make together: every
    /// part's keywords, where no two parts give a constraint different values (two
    /// different patterns would both have to hold: that stays an `allOf`). The schema's own
    /// annotations come first.
    fn merged_scalar_all_of(&self, schema: &Schema) -> Option<Schema> {
        use serde_json::Value;
        const ANNOTATIONS: &[&str] = &[
            "description",
            "title",
            "example",
            "examples",
            "deprecated",
            "readOnly",
            "writeOnly",
            "xml",
            "externalDocs",
            "default",
        ];
        const STRUCTURE: &[&str] = &[
            "properties",
            "additionalProperties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
            "required",
            "discriminator",
            "minProperties",
            "maxProperties",
        ];
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return None;
        };
        if all_of.len() < 2 {
            return None;
        }
        let Ok(Value::Object(mut merged)) = serde_json::to_value(&schema.schema_data) else {
            return None;
        };
        for part in all_of {
            let target = match part {
                ReferenceOr::Item(inner) => inner,
                ReferenceOr::Reference { reference } => self.component_schema(reference)?.1,
            };
            let Ok(Value::Object(keywords)) = serde_json::to_value(target) else {
                return None;
            };
            for (keyword, value) in keywords {
                if STRUCTURE.contains(&keyword.as_str()) {
                    return None;
                }
                match merged.get(&keyword) {
                    Some(existing) if *existing != value => {
                        if !ANNOTATIONS.contains(&keyword.as_str()) && !keyword.starts_with("x-") {
                            return None;
                        }
                    }
                    Some(_) => {}
                    None => {
                        merged.insert(keyword, value);
                    }
                }
            }
        }
        let scalar = matches!(
            merged.get("type").and_then(Value::as_str),
            Some("string" | "integer" | "number" | "boolean")
        );
        if !scalar {
            return None;
        }
        serde_json::from_value(Value::Object(merged)).ok()
    }

    /// The parts of an `allOf` that holds one `oneOf`/`anyOf` besides object schemas, or of
    /// a schema with `allOf` beside its own `oneOf`/`anyOf` ("shared fields plus one of
    /// several shapes"), when every part and every alternative is an object schema.
    fn union_in_all_of<'s>(&self, schema: &'s Schema, pointer: &str) -> Option<UnionInAllOf<'s>>
    where
        'a: 's,
    {
        let mut shared = Vec::new();
        let mut found: Option<UnionInAllOf<'s>> = None;
        let (parts, own_union) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => (all_of, None),
            SchemaKind::Any(any)
                if !any.all_of.is_empty()
                    && any.items.is_none()
                    && matches!(any.typ.as_deref(), None | Some("object")) =>
            {
                let own = match (any.one_of.is_empty(), any.any_of.is_empty()) {
                    (false, true) => ("oneOf", &any.one_of),
                    (true, false) => ("anyOf", &any.any_of),
                    _ => return None,
                };
                shared.push(ObjectPart {
                    properties: &any.properties,
                    required: &any.required,
                    pointer: pointer.to_owned(),
                });
                (&any.all_of, Some(own))
            }
            _ => return None,
        };
        if let Some((keyword, alternatives)) = own_union {
            found = Some(UnionInAllOf {
                shared: Vec::new(),
                alternatives,
                own_parts: Vec::new(),
                pointer: pointer_child(pointer, keyword),
                discriminator: schema.schema_data.discriminator.as_ref(),
            });
        }
        for (index, part) in parts.iter().enumerate() {
            let (target, part_pointer) = match part {
                ReferenceOr::Item(inner) => (
                    inner,
                    pointer_child(&pointer_child(pointer, "allOf"), &index.to_string()),
                ),
                ReferenceOr::Reference { reference } => {
                    let (key, target) = self.component_schema(reference)?;
                    (target, pointer_child("#/components/schemas", key))
                }
            };
            match union_items(target) {
                Some((keyword, alternatives)) if single_alternative(target, "").is_none() => {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(UnionInAllOf {
                        shared: Vec::new(),
                        alternatives,
                        own_parts: Vec::new(),
                        pointer: pointer_child(&part_pointer, keyword),
                        discriminator: target
                            .schema_data
                            .discriminator
                            .as_ref()
                            .or(schema.schema_data.discriminator.as_ref()),
                    });
                }
                _ => {
                    if !self.collect_parts(target, part_pointer, 1, &mut shared) {
                        return None;
                    }
                }
            }
        }
        let mut split = found?;
        split.shared = shared;
        // Every alternative but `null` must merge too, or there is no struct to make of it.
        for (index, item) in split.alternatives.iter().enumerate() {
            let own = if item.as_item().is_some_and(is_null_schema) {
                None
            } else {
                Some(self.alternative_parts(item, &split.pointer, index)?)
            };
            split.own_parts.push(own);
        }
        Some(split)
    }

    /// The object parts of one alternative of a [`UnionInAllOf`].
    fn alternative_parts<'s>(
        &self,
        item: &'s ReferenceOr<Schema>,
        items_pointer: &str,
        index: usize,
    ) -> Option<Vec<ObjectPart<'s>>>
    where
        'a: 's,
    {
        let (target, pointer) = match item {
            ReferenceOr::Item(inner) => (inner, pointer_child(items_pointer, &index.to_string())),
            ReferenceOr::Reference { reference } => {
                let (key, target) = self.component_schema(reference)?;
                (target, pointer_child("#/components/schemas", key))
            }
        };
        let mut parts = Vec::new();
        self.collect_parts(target, pointer, 1, &mut parts)
            .then_some(parts)
    }

    /// A [`UnionInAllOf`] as the union of its alternatives, each merged with the shared
    /// parts: `allOf: [A, oneOf: [B, C]]` is `oneOf: [allOf: [A, B], allOf: [A, C]]`, so
    /// each variant is one struct holding every field its objects have. A variant is named
    /// after its alternative (`PetDog` for `Dog`, of `Pet`).
    fn distributed_union(&mut self, split: UnionInAllOf<'_>, owner: &str) -> TypeKind {
        let mut names = NameSet::default();
        let mut variants = Vec::new();
        for (index, (item, own)) in split.alternatives.iter().zip(split.own_parts).enumerate() {
            let Some(own) = own else {
                continue;
            };
            let (base, docs) = match item {
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                    let base = self
                        .component_names
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| type_name(key));
                    let docs = format!("[`{owner}`] as [`{base}`]: the shared fields and its own.");
                    (base, docs)
                }
                ReferenceOr::Item(inner) => {
                    let base = inner.schema_data.title.as_deref().map_or_else(
                        || format!("Variant{}", index + 1),
                        |title| pascal(title, "Variant", "V"),
                    );
                    let docs = docs_of(&inner.schema_data, || {
                        format!("[`{owner}`], its alternative {}.", index + 1)
                    });
                    (base, docs)
                }
            };
            let parts: Vec<ObjectPart<'_>> = split.shared.iter().cloned().chain(own).collect();
            let name = self.names.claim(&format!("{owner}{base}"));
            let kind = self.merged_object(&parts, &name);
            self.record(&name, docs, kind);
            let tags = match item {
                ReferenceOr::Reference { reference } => tags_for(split.discriminator, reference),
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                name: names.claim(&base),
                ty: TypeRef::Named(name),
                boxed: false,
                tags,
                fit: VariantFit::default(),
            });
        }
        finish_union(variants, names, false, split.discriminator)
            .unwrap_or(TypeKind::Alias(TypeRef::Json))
    }

    /// The component schema a `#/components/schemas/...` reference names.
    fn component_schema(&self, reference: &str) -> Option<(&'a str, &'a Schema)> {
        let key = reference.strip_prefix(SCHEMA_PREFIX)?;
        let (key, schema) = self.api.components.as_ref()?.schemas.get_key_value(key)?;
        schema.as_item().map(|schema| (key.as_str(), schema))
    }

    /// One struct with the properties of every part, later parts overriding earlier ones,
    /// and a property required when any part requires it.
    fn merged_object(&mut self, parts: &[ObjectPart<'_>], owner: &str) -> TypeKind {
        let required: Vec<String> = parts
            .iter()
            .flat_map(|part| part.required.iter().cloned())
            .collect();
        let mut fields: Vec<Field> = Vec::new();
        for part in parts {
            let mut part_names = NameSet::default();
            let part_fields = self.property_fields(
                part.properties,
                &required,
                owner,
                &part.pointer,
                &mut part_names,
            );
            for field in part_fields {
                match fields
                    .iter_mut()
                    .find(|existing| existing.wire_name == field.wire_name)
                {
                    Some(existing) => *existing = field,
                    None => fields.push(field),
                }
            }
        }
        // Field names were settled per part; settle them again across parts.
        let mut names = NameSet::default();
        for field in &mut fields {
            field.name = names.claim(&snake(&field.wire_name, "field"));
        }
        declare_undeclared_required(&mut fields, &required, &mut names);
        TypeKind::Struct { fields }
    }

    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        owner: &str,
        pointer: &str,
    ) -> TypeKind {
        let mut field_names = NameSet::default();
        let mut fields =
            self.property_fields(properties, required, owner, pointer, &mut field_names);
        declare_undeclared_required(&mut fields, required, &mut field_names);
        // Properties beyond the declared ones, when the schema allows them explicitly.
        let extra = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hints = [format!("{owner}Value")];
                let subject = Subject::named(format!("{owner}{{}}"));
                let extra_pointer = pointer_child(pointer, "additionalProperties");
                Some(nullable_json(self.lower(
                    schema,
                    &hints,
                    &subject,
                    &extra_pointer,
                )))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        if let Some(value) = extra {
            fields.push(Field {
                name: field_names.claim("additional_properties"),
                wire_name: String::new(),
                ty: TypeRef::Map(Box::new(value)),
                required: true,
                nullable: false,
                boxed: false,
                flatten: true,
                default: None,
                constant: None,
                docs: "Properties beyond the declared ones.".to_owned(),
            });
        }
        TypeKind::Struct { fields }
    }

    /// One field per declared property of an object schema.
    fn property_fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        owner: &str,
        pointer: &str,
        field_names: &mut NameSet,
    ) -> Vec<Field> {
        let properties_pointer = pointer_child(pointer, "properties");
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, schema) in properties {
            let name = field_names.claim(&snake(wire_name, "field"));
            let hint = format!("{owner}{}", pascal(wire_name, "Field", "F"));
            let subject = Subject::property(owner, wire_name);
            let field_pointer = pointer_child(&properties_pointer, wire_name);
            let lowered = self.lower(schema, &[hint], &subject, &field_pointer);
            let (docs, default) = match schema {
                ReferenceOr::Item(schema) => (
                    with_format_note(
                        docs_of(&schema.schema_data, || {
                            format!("The `{wire_name}` property.")
                        }),
                        schema,
                    ),
                    schema.schema_data.default.clone(),
                ),
                ReferenceOr::Reference { .. } => (format!("The `{wire_name}` property."), None),
            };
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                // `serde_json::Value` holds `null` itself.
                nullable: lowered.nullable && lowered.ty != TypeRef::Json,
                ty: lowered.ty,
                required: required.contains(wire_name),
                boxed: false,
                flatten: false,
                docs: with_default(docs, default.as_ref()),
                default,
                constant: match schema {
                    ReferenceOr::Item(schema) => constant_of(schema),
                    ReferenceOr::Reference { reference } => self
                        .component_schema(reference)
                        .and_then(|(_, schema)| constant_of(schema)),
                },
            });
        }
        fields
    }

    /// The plain Rust type of a schema that needs no definition of its own.
    fn plain(&mut self, schema: &Schema, hint: &str, subject: &Subject, pointer: &str) -> Lowered {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(integer)) => {
                TypeRef::Integer(integer_kind(&integer.format))
            }
            SchemaKind::Type(Type::Number(number)) => TypeRef::Float(float_kind(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.list(array.items.as_ref(), hint, subject, pointer)
            }
            SchemaKind::Type(Type::Object(object)) => self.map(
                object.additional_properties.as_ref(),
                hint,
                subject,
                pointer,
            ),
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") | None if any.items.is_some() => {
                    self.list(any.items.as_ref(), hint, subject, pointer)
                }
                Some("object") => {
                    self.map(any.additional_properties.as_ref(), hint, subject, pointer)
                }
                // `additionalProperties` alone says the value is an object (any other value
                // is valid too by JSON Schema, but a document that says only this means a
                // dictionary).
                None if any.additional_properties.is_some()
                    && is_unconstrained(&openapiv3::AnySchema {
                        additional_properties: None,
                        ..any.clone()
                    }) =>
                {
                    self.map(any.additional_properties.as_ref(), hint, subject, pointer)
                }
                Some("string") => TypeRef::String,
                Some("boolean") => TypeRef::Bool,
                Some("integer") => TypeRef::Integer(IntegerKind::I64),
                Some("number") => TypeRef::Float(FloatKind::F64),
                None if is_unconstrained(any) => TypeRef::Json,
                _ => {
                    self.warn(pointer, "this combination of schema keywords is not supported yet; typed as serde_json::Value");
                    TypeRef::Json
                }
            },
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let inner_pointer = pointer_child(&pointer_child(pointer, "allOf"), "0");
                let hints = [hint.to_owned()];
                let mut lowered = self.lower(&all_of[0], &hints, subject, &inner_pointer);
                lowered.nullable |= schema.schema_data.nullable;
                return lowered;
            }
            SchemaKind::AllOf { .. } => self.unsupported(pointer, "allOf"),
            SchemaKind::OneOf { .. } => self.unsupported(pointer, "oneOf"),
            SchemaKind::AnyOf { .. } => self.unsupported(pointer, "anyOf"),
            SchemaKind::Not { .. } => self.unsupported(pointer, "not"),
        };
        Lowered::plain(ty)
    }

    /// A fixed-length array whose items each have their schema, as a tuple; items that may
    /// be `null` are `Value`.
    fn tuple(&mut self, schema: &Schema, name: &str, subject: &Subject, pointer: &str) -> TypeKind {
        let items = schema.schema_data.extensions.get(TUPLE_ITEMS).cloned();
        let Some(Ok(items)) = items.map(serde_json::from_value::<Vec<ReferenceOr<Schema>>>) else {
            self.warn(
                pointer,
                "`prefixItems` that are not schemas; typed as a list of serde_json::Value",
            );
            return TypeKind::Alias(TypeRef::List(Box::new(TypeRef::Json)));
        };
        let items_pointer = pointer_child(pointer, "prefixItems");
        let lowered = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let hints = [format!("{name}Item{}", index + 1)];
                let item_pointer = pointer_child(&items_pointer, &index.to_string());
                let subject = subject.within(&format!("[{index}]"));
                let ty = nullable_json(self.lower(item, &hints, &subject, &item_pointer));
                // A tuple that holds itself inline has no finite size.
                if ty == TypeRef::Named(name.to_owned()) {
                    TypeRef::Json
                } else {
                    ty
                }
            })
            .collect();
        TypeKind::Tuple(lowered)
    }

    fn unsupported(&mut self, pointer: &str, keyword: &str) -> TypeRef {
        self.warn(
            pointer,
            format!("`{keyword}` is not supported yet; typed as serde_json::Value"),
        );
        TypeRef::Json
    }

    fn list(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        subject: &Subject,
        pointer: &str,
    ) -> TypeRef {
        let Some(items) = items else {
            return TypeRef::List(Box::new(TypeRef::Json));
        };
        let hints = [format!("{hint}Item")];
        let item = self.lower(
            items,
            &hints,
            &subject.within("[]"),
            &pointer_child(pointer, "items"),
        );
        TypeRef::List(Box::new(nullable_json(item)))
    }

    fn map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        subject: &Subject,
        pointer: &str,
    ) -> TypeRef {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hints = [format!("{hint}Value")];
                let lowered = self.lower(
                    schema,
                    &hints,
                    &subject.within("{}"),
                    &pointer_child(pointer, "additionalProperties"),
                );
                nullable_json(lowered)
            }
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value))
    }

    /// Whether `pattern` is ECMA-262, as OpenAPI says it is. One that is not (PCRE's `(?i)`,
    /// a possessive quantifier) breaks the document, but only that field's check: the
    /// field keeps no validator, with a warning (an error to `lint`).
    fn check_pattern(&mut self, pattern: &str, pointer: &str) -> bool {
        match regress::Regex::new(pattern) {
            Ok(_) => true,
            Err(error) => {
                self.diagnostics.push(Diagnostic::invalid(
                    self.file,
                    pointer,
                    format!(
                        "invalid pattern `{pattern}`: {error}; expected an ECMA-262 regular expression, so the value is not checked"
                    ),
                ));
                false
            }
        }
    }
}

/// The alternatives of a `oneOf` or `anyOf` (not mixed with properties), and the keyword.
fn union_items(schema: &Schema) -> Option<(&'static str, &[ReferenceOr<Schema>])> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } if !one_of.is_empty() => Some(("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } if !any_of.is_empty() => Some(("anyOf", any_of)),
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.all_of.is_empty() && any.items.is_none() =>
        {
            match (any.one_of.is_empty(), any.any_of.is_empty()) {
                (false, true) => Some(("oneOf", &any.one_of)),
                (true, false) => Some(("anyOf", &any.any_of)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The one alternative of a `oneOf`/`anyOf` that has one besides `null`, with its pointer:
/// such a union is that type (nullable when `null` is an alternative).
fn single_alternative<'s>(
    schema: &'s Schema,
    pointer: &str,
) -> Option<(String, &'s ReferenceOr<Schema>)> {
    let (keyword, items) = union_items(schema)?;
    let mut others = items
        .iter()
        .enumerate()
        .filter(|(_, item)| !item.as_item().is_some_and(is_null_schema));
    let (index, item) = others.next()?;
    if others.next().is_some() || schema.schema_data.discriminator.is_some() {
        return None;
    }
    Some((
        pointer_child(&pointer_child(pointer, keyword), &index.to_string()),
        item,
    ))
}

/// `{type: "null"}` after normalisation: a schema that only says it may be null.
fn is_null_schema(schema: &Schema) -> bool {
    schema.schema_data.nullable
        && matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.is_none() && is_unconstrained(any) && any.enumeration.is_empty())
}

fn union_admits_null(schema: &Schema) -> bool {
    union_items(schema).is_some_and(|(_, items)| {
        items
            .iter()
            .any(|item| item.as_item().is_some_and(is_null_schema))
    })
}

/// The kind of value a scalar or list schema holds, as a variant name.
fn value_kind_name(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("String"),
        SchemaKind::Type(Type::Integer(_)) => Some("Integer"),
        SchemaKind::Type(Type::Number(_)) => Some("Number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("Boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("List"),
        _ => None,
    }
}

/// A variant name from the kind of value, for alternatives with no name of their own.
fn variant_name_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::Text => "String",
        TypeRef::Bytes => "Bytes",
        TypeRef::Bool => "Boolean",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Float(_) => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Uuid => "Uuid",
        TypeRef::Json => "Value",
        TypeRef::Named(name) => return name.clone(),
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Map",
    }
    .to_owned()
}

/// A union's kind from its variants: `Value` alternatives last (they match anything), and
/// dispatched on the `discriminator` when every variant has a value that selects it.
fn finish_union(
    mut variants: Vec<UnionVariant>,
    mut names: NameSet,
    catch_all_json: bool,
    discriminator: Option<&openapiv3::Discriminator>,
) -> Option<TypeKind> {
    if variants.is_empty() {
        return None;
    }
    // serde tries untagged variants in order, and `Value` matches anything: last.
    variants.sort_by_key(|variant| variant.ty == TypeRef::Json);
    let discriminator = discriminator.and_then(|d| {
        let complete = variants.iter().all(|variant| !variant.tags.is_empty());
        (complete && !catch_all_json).then(|| Discriminator {
            property: d.property_name.clone(),
            catch_all: ["Unknown", "Other", "UnknownVariant"]
                .into_iter()
                .find(|candidate| !names.contains(candidate))
                .map_or_else(|| names.claim("Unknown"), str::to_owned),
        })
    });
    Some(TypeKind::Union {
        variants,
        discriminator,
    })
}

/// The discriminator values that select the variant `$ref`ed as `reference`: the
/// `mapping` entries that point at it, else its component's name.
fn tags_for(discriminator: Option<&openapiv3::Discriminator>, reference: &str) -> Vec<String> {
    let Some(discriminator) = discriminator else {
        return Vec::new();
    };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| {
            *target == reference || reference.strip_prefix(SCHEMA_PREFIX) == Some(target.as_str())
        })
        .map(|(value, _)| value.clone())
        .collect();
    if !mapped.is_empty() {
        return mapped;
    }
    reference
        .strip_prefix(SCHEMA_PREFIX)
        .map(|key| vec![key.to_owned()])
        .unwrap_or_default()
}

/// An `allOf` that holds a `oneOf`/`anyOf`: the object parts every alternative shares,
/// and the alternatives.
struct UnionInAllOf<'s> {
    shared: Vec<ObjectPart<'s>>,
    alternatives: &'s [ReferenceOr<Schema>],
    /// Each alternative's own object parts, `None` for a `null` alternative.
    own_parts: Vec<Option<Vec<ObjectPart<'s>>>>,
    /// The pointer of the `oneOf`/`anyOf` list.
    pointer: String,
    discriminator: Option<&'s openapiv3::Discriminator>,
}

/// The properties of one object schema that an `allOf` merges.
#[derive(Clone)]
struct ObjectPart<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    pointer: String,
}

/// Names an object's `required` list gives without declaring them among its `properties`
/// (common in real documents) become untyped required fields, so that they are neither
/// lost on decoding nor missing when the object is sent.
fn declare_undeclared_required(fields: &mut Vec<Field>, required: &[String], names: &mut NameSet) {
    let mut seen = BTreeSet::new();
    for wire_name in required {
        if !seen.insert(wire_name)
            || fields
                .iter()
                .any(|f| !f.flatten && f.wire_name == *wire_name)
        {
            continue;
        }
        fields.push(Field {
            name: names.claim(&snake(wire_name, "field")),
            wire_name: wire_name.clone(),
            ty: TypeRef::Json,
            required: true,
            nullable: false,
            boxed: false,
            flatten: false,
            default: None,
            constant: None,
            docs: format!("The `{wire_name}` property: required, but its schema is not given."),
        });
    }
}

/// Items and map values that may be `null` are typed as `Value`: `Vec<Option<T>>` would
/// be exact, but is rare enough in practice not to be worth its noise yet.
fn nullable_json(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Json
    } else {
        lowered.ty
    }
}

fn fallback_first(hints: &[String]) -> String {
    hints
        .first()
        .cloned()
        .unwrap_or_else(|| "Inline".to_owned())
}

fn inline_docs(subject: &Subject) -> String {
    match &subject.owner {
        Some(owner) => format!("The `{}` property of [`{owner}`].", subject.path),
        None if subject.path == "body" => "A request body.".to_owned(),
        None if subject.path == "response" => "A response body.".to_owned(),
        None => format!("The type of `{}`.", subject.path),
    }
}

/// What a lowered value is, for validation messages and the docs of its inline types: a
/// property of a type (`Conversation.id`, and within it `Conversation.tags[]`), or a
/// parameter, a request body or a response. The lowering knows which; nothing parses it
/// back out of the message text (a parameter may be called `$.xgafv`).
#[derive(Debug, Clone)]
pub struct Subject {
    /// The Rust type the value is a property of.
    owner: Option<String>,
    /// The property (and the path into it: `tags[]`), or the parameter's name, `body`,
    /// `response`.
    path: String,
}

impl Subject {
    /// A value that is no type's property.
    pub fn named(path: impl Into<String>) -> Self {
        Self {
            owner: None,
            path: path.into(),
        }
    }

    /// Property `property` of type `owner`.
    pub fn property(owner: &str, property: &str) -> Self {
        Self {
            owner: Some(owner.to_owned()),
            path: property.to_owned(),
        }
    }

    /// A value inside this one: `suffix` is `[]` for an item, `{}` for a map's value.
    fn within(&self, suffix: &str) -> Self {
        Self {
            owner: self.owner.clone(),
            path: format!("{}{suffix}", self.path),
        }
    }

    /// As validation messages name it: `Owner.property`, or the name.
    fn text(&self) -> String {
        match &self.owner {
            Some(owner) => format!("{owner}.{}", self.path),
            None => self.path.clone(),
        }
    }
}

/// The one value a schema allows (a one-value `enum`, or a `const`, which loading made
/// one), when it is a string, a boolean or an integer.
fn constant_of(schema: &Schema) -> Option<Constant> {
    fn only<T: Clone>(values: &[Option<T>]) -> Option<T> {
        match values {
            [Some(value)] => Some(value.clone()),
            _ => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => only(&string.enumeration).map(Constant::Text),
        SchemaKind::Type(Type::Boolean(boolean)) => only(&boolean.enumeration).map(Constant::Bool),
        SchemaKind::Type(Type::Integer(integer)) => {
            only(&integer.enumeration).map(Constant::Integer)
        }
        SchemaKind::Any(any) => match any.enumeration.as_slice() {
            [serde_json::Value::String(text)] => Some(Constant::Text(text.clone())),
            [serde_json::Value::Bool(flag)] => Some(Constant::Bool(*flag)),
            [serde_json::Value::Number(number)] => number.as_i64().map(Constant::Integer),
            _ => None,
        },
        _ => None,
    }
}

/// Whether Rust needs a named type to express this schema.
fn needs_definition(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            // Dates and UUIDs are checked by parsing them; their own type is the definition.
            let parsed = match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime | StringFormat::Date) => true,
                VariantOrUnknownOrEmpty::Unknown(format) => format == "uuid",
                _ => false,
            };
            !parsed
                && (string.enumeration.iter().any(Option::is_some)
                    || string.pattern.is_some()
                    || string.min_length.is_some_and(|n| n > 0)
                    || string.max_length.is_some())
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            integer.minimum.is_some()
                || integer.maximum.is_some()
                || integer.enumeration.iter().any(Option::is_some)
        }
        SchemaKind::Type(Type::Number(number)) => {
            number.minimum.is_some() || number.maximum.is_some()
        }
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::Array(_)) => schema.schema_data.extensions.contains_key(TUPLE_ITEMS),
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || (any.typ.is_none()
                    && any.enumeration.iter().any(serde_json::Value::is_string)
                    && any.enumeration.iter().all(|v| v.is_string() || v.is_null()))
        }
        SchemaKind::AllOf { all_of } => {
            matches!(all_of.as_slice(), [ReferenceOr::Item(inner)] if needs_definition(inner))
        }
        _ => false,
    }
}

/// Schemas whose definition has no children to name.
fn is_leaf(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_)) => true,
        SchemaKind::Any(any) => any.properties.is_empty(),
        _ => false,
    }
}

fn is_unconstrained(any: &openapiv3::AnySchema) -> bool {
    any.properties.is_empty()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.additional_properties.is_none()
}

fn admits_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_none))
        || union_admits_null(schema)
}

/// Documentation with the schema's `default` value appended, when it has one.
pub(crate) fn with_default(docs: String, default: Option<&serde_json::Value>) -> String {
    match default {
        Some(value) => format!("{docs}\n\nDefault: `{value}`."),
        None => docs,
    }
}

/// Documentation with a note for the string formats kept as `String` (see the README):
/// the type alone does not tell the reader what the text holds.
fn with_format_note(docs: String, schema: &Schema) -> String {
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return docs;
    };
    let note = match &string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => {
            "Base64-encoded bytes (`format: byte`)"
        }
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uri" => "A URI (`format: uri`)",
        _ => return docs,
    };
    format!("{docs}\n\n{note}.")
}

fn docs_of(data: &SchemaData, fallback: impl FnOnce() -> String) -> String {
    data.description
        .as_deref()
        .and_then(doc_text)
        .or_else(|| data.title.as_deref().and_then(doc_text))
        .unwrap_or_else(fallback)
}

fn newtype(subject: &Subject, base: Scalar, rules: Vec<Rule>) -> TypeKind {
    if rules.is_empty() {
        let ty = match base {
            Scalar::String => TypeRef::String,
            Scalar::Integer(kind) => TypeRef::Integer(kind),
            Scalar::Float(kind) => TypeRef::Float(kind),
        };
        return TypeKind::Alias(ty);
    }
    TypeKind::Newtype {
        subject: subject.text(),
        base,
        rules,
    }
}

fn bounds(
    minimum: Option<f64>,
    exclusive_minimum: bool,
    maximum: Option<f64>,
    exclusive_maximum: bool,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    rules.extend(minimum.map(|value| Rule::Minimum {
        value,
        exclusive: exclusive_minimum,
    }));
    rules.extend(maximum.map(|value| Rule::Maximum {
        value,
        exclusive: exclusive_maximum,
    }));
    rules
}

fn string_enum<'v>(values: impl Iterator<Item = &'v str>) -> TypeKind {
    let mut names = NameSet::default();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for value in values {
        if seen.insert(value) {
            variants.push(EnumVariant {
                name: names.claim(&pascal(value, "Empty", "V")),
                value: value.to_owned(),
            });
        }
    }
    let catch_all = ["Unknown", "Other", "UnknownValue"]
        .into_iter()
        .find(|candidate| !names.contains(candidate))
        .map_or_else(|| names.claim("Unknown"), str::to_owned);
    TypeKind::StringEnum {
        variants,
        catch_all,
    }
}

fn integer_kind(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntegerKind {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerKind::I32,
        _ => IntegerKind::I64,
    }
}

/// Every number is an `f64`, `format: float` too: the format says the value fits a
/// float, but any JSON number is valid, and an `f32` would change the digits of one it
/// does not hold exactly (the corpus round trip found `1.867948744509225e+37` coming back
/// `1.867948696972328e+37`).
fn float_kind(_format: &VariantOrUnknownOrEmpty<NumberFormat>) -> FloatKind {
    FloatKind::F64
}
