//! model: the one place that decides.
//!
//! It resolves `$ref`s, names every type, classifies each schema, and describes each
//! operation. The emitters only ever read a [`Model`]; nothing downstream looks at the raw
//! document again.

mod cycles;
mod dedupe;
mod docs;
pub(crate) mod features;
mod names;
mod operations;

pub(crate) use operations::stream_format;
mod pagination;
pub mod pattern;
mod reachable;
mod schemas;
pub mod select;
mod sizes;
mod unions;
mod webhooks;

use crate::diagnostics::Diagnostic;
use openapiv3::OpenAPI;
use std::collections::BTreeMap;

/// Where loading puts the item schemas of a fixed-length `prefixItems` array (openapiv3
/// reads no `prefixItems`).
pub(crate) const TUPLE_ITEMS: &str = "x-tuple-items";

/// Everything the emitters need to know about one API.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `info.title` as doc text on one line (rustdoc-safe, control characters removed).
    pub title: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// The first server's absolute URL (variables replaced by their defaults), if it has one.
    pub default_base_url: Option<String>,
    /// Whether any operation sends a bearer token.
    pub bearer_auth: bool,
    /// Whether any operation accepts HTTP basic authentication.
    pub basic_auth: bool,
    /// The API key schemes operations accept, ordered by scheme name.
    pub api_keys: Vec<ApiKey>,
    /// Named types, ordered by name.
    pub types: Vec<TypeDef>,
    /// Operations, ordered by path and method.
    pub operations: Vec<Operation>,
    /// The Rust type of each component schema that has one in the output, by the schema's
    /// JSON pointer (`#/components/schemas/Pet` -> `Pet`): the map a tool needs to find
    /// the type of a schema without guessing how names are made.
    pub schema_types: BTreeMap<String, String>,
    /// The Cargo features of a generated crate, in name order; empty when it has none
    /// (single-file output, or fewer than two groups of operations).
    pub features: Vec<Feature>,
    /// The webhooks the API's server sends, in the document's order.
    pub webhooks: Vec<Webhook>,
    /// The gate of the webhooks module and of the types only it uses: the `webhooks`
    /// feature in a crate with features.
    pub webhooks_gate: Gate,
    /// The opt-in parts of the client, each under the Cargo feature of its name.
    pub extras: Extras,
}

/// The opt-in parts of a client, each compiled under the Cargo feature of its name in the
/// crate the code is in: a client that leaves them off compiles none of their code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// `<operation>_with_response`, each success with its status and headers (`metadata`).
    pub metadata: bool,
    /// Each call a `tracing` span, each retry an event (`tracing`).
    pub tracing: bool,
    /// Requests sent through a `reqwest_middleware` stack (`middleware`).
    pub middleware: bool,
    /// A typed mock server of the API for users' tests (`mock`), and `Serialize` for
    /// the types it answers with.
    pub mock: bool,
    /// `PartialEq` on the models and the operations' own types only under the `eq`
    /// feature; without it (a module file) they always derive it.
    pub eq_feature: bool,
}

impl Extras {
    /// What a generated crate offers: every part, each behind its feature.
    pub const ALL: Self = Self {
        metadata: true,
        tracing: true,
        middleware: true,
        mock: true,
        eq_feature: true,
    };
}

/// A request the API's server sends to its user's endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The document's name for it (`check-run-completed`).
    pub key: String,
    /// Its variant of the `webhooks::Event` enum (`CheckRunCompleted`).
    pub variant: String,
    /// The event name the request carries (GitHub's `X-GitHub-Event` header: `check_run`),
    /// else the document's name for it.
    pub event: String,
    /// The one `action` its payload may hold, which tells apart webhooks of one event.
    pub action: Option<String>,
    /// The payload's type.
    pub ty: TypeRef,
    pub docs: String,
}

/// A Cargo feature of the generated crate: a group of operations (a tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub name: String,
    /// How many operations it holds.
    pub operations: usize,
    /// Among the crate's default features: every group of operations is, and the
    /// webhooks' own feature is not (a client does not need them).
    pub on_by_default: bool,
}

/// The Cargo features any one of which compiles an item, as indices into
/// [`Model::features`]. Empty: always compiled (no features, or every one needs it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate(Vec<usize>);

impl Gate {
    /// Always compiled.
    pub const ALWAYS: Self = Self(Vec::new());

    /// The gate of an item the sorted `features` (of `count` in all) need.
    pub fn of(features: Vec<usize>, count: usize) -> Self {
        if features.len() >= count {
            Self::default()
        } else {
            Self(features)
        }
    }

    /// Whether turning on `feature` compiles the item.
    pub fn admits(&self, feature: usize) -> bool {
        self.0.is_empty() || self.0.contains(&feature)
    }

    /// The features, empty when always compiled.
    pub fn features(&self) -> &[usize] {
        &self.0
    }

    /// The gate of what the items behind `gates` use, `None` when there are none.
    pub fn needed_by<'g>(gates: impl IntoIterator<Item = &'g Gate>, count: usize) -> Option<Self> {
        let mut gates = gates.into_iter().peekable();
        gates.peek()?;
        Some(Self::union(gates, count))
    }

    /// The gate of an item that each of `gates` needs: compiled with any of their features.
    pub fn union<'g>(gates: impl IntoIterator<Item = &'g Gate>, count: usize) -> Self {
        let mut features = Vec::new();
        for gate in gates {
            if gate.0.is_empty() {
                return Self::ALWAYS;
            }
            features.extend_from_slice(&gate.0);
        }
        features.sort_unstable();
        features.dedup();
        Self::of(features, count)
    }
}

/// A use of a type: in a field, a parameter, a body or a list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    Integer(IntegerKind),
    Float(FloatKind),
    /// RFC 3339 `date-time`.
    DateTime,
    /// RFC 3339 `full-date`.
    Date,
    /// RFC 9562 `uuid`: `uuid::Uuid`.
    Uuid,
    /// Anything: `serde_json::Value`.
    Json,
    /// A [`TypeDef`] by its Rust name.
    Named(String),
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A success body that is text, not JSON (`text/*`): a `String`.
    Text,
    /// A success body that is neither JSON nor text (a download): `Vec<u8>`.
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegerKind {
    I32,
    I64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// The one kind of float: `f64`, whatever the `format` (see `schemas::float_kind`).
pub enum FloatKind {
    F64,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier, unique in the generated module.
    pub name: String,
    /// Doc comment text.
    pub docs: String,
    pub kind: TypeKind,
    /// Which of serde's traits the type implements.
    pub serde: SerdeImpls,
    /// The Cargo features that compile it.
    pub gate: Gate,
}

/// Which of serde's traits a type implements: `Serialize` when the client sends it,
/// `Deserialize` when it receives it. Derived serde code is most of what compiling a
/// client costs (GitHub's: a response-only model set with `Serialize` too costs a third
/// more memory to check), so a type gets the direction its operations use, and both when
/// the configuration asks for round trips or no operation reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SerdeImpls {
    pub serialize: bool,
    pub deserialize: bool,
}

impl SerdeImpls {
    pub const BOTH: Self = Self {
        serialize: true,
        deserialize: true,
    };
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A string enum that keeps values it does not know in `catch_all`.
    StringEnum {
        variants: Vec<EnumVariant>,
        catch_all: String,
    },
    /// A scalar that can only hold values that pass `rules`.
    Newtype {
        /// What the value is, for error messages: `phone_number_id`, `Conversation.id`.
        subject: String,
        base: Scalar,
        rules: Vec<Rule>,
    },
    /// `pub type Name = ty;`
    Alias(TypeRef),
    /// `pub struct Name(pub ty);`: a list or map that contains itself (`Tree: array of
    /// Tree`), which an alias cannot express: rustc rejects an alias that expands to itself.
    Wrapper(TypeRef),
    /// `pub struct Name(pub A, pub B);`: an array of a fixed length whose items each have
    /// their own schema (`prefixItems` with `items: false`), a JSON array on the wire.
    Tuple(Vec<TypeRef>),
    /// `oneOf`/`anyOf`: one of several types. With a discriminator, the variant is chosen
    /// by the value of that property, and unknown values are kept in `catch_all`; without,
    /// by trying each variant in order.
    Union {
        variants: Vec<UnionVariant>,
        discriminator: Option<Discriminator>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust identifier.
    pub name: String,
    pub ty: TypeRef,
    /// The type contains the union again: stored as `Box<ty>`.
    pub boxed: bool,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// How an object is told to be this variant in a union without a discriminator
    /// (filled in by `unions::describe_fits` once every type is known).
    pub fit: VariantFit,
}

/// What, besides decoding, makes an object this variant of an untagged union: the
/// properties that can only hold one value (which must hold it, when present), and the
/// properties the variant declares, to count what decoding into it would drop. Of the
/// variants an object decodes into, the first that drops nothing wins, else the one that
/// drops the fewest properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VariantFit {
    /// Property and the one value it can hold.
    pub tags: Vec<(String, Constant)>,
    /// The properties the variant declares; `None` when it keeps every property (a map,
    /// a struct with `additionalProperties`, `Value`) or is no object at all.
    pub known: Option<Vec<String>>,
}

/// The one value a property can hold: a one-value `enum` or a `const`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Constant {
    Text(String),
    Bool(bool),
    Integer(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The JSON property whose value names the variant.
    pub property: String,
    /// The variant for values no variant lists.
    pub catch_all: String,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// The field's type reaches back to its own struct: it is stored as `Box<ty>`.
    pub boxed: bool,
    /// The map of properties beyond the declared ones (`additionalProperties`), flattened
    /// into the struct; its `ty` is a `Map`.
    pub flatten: bool,
    /// The schema's `default`, which an absent optional field takes when decoded.
    pub default: Option<serde_json::Value>,
    /// The one value the property can hold, when its schema allows only one.
    pub constant: Option<Constant>,
    pub docs: String,
}

impl Field {
    /// Whether absent, `null` and a value are three states (`Option<Option<_>>`): an
    /// optional field whose schema admits `null`.
    pub fn absent_null_or_value(&self) -> bool {
        !self.required && !self.flatten && self.nullable
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust identifier.
    pub name: String,
    /// The string on the wire.
    pub value: String,
}

/// The inner type of a [`TypeKind::Newtype`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    Integer(IntegerKind),
    Float(FloatKind),
}

/// One constraint of a [`TypeKind::Newtype`].
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// An ECMA-262 regular expression the value must contain a match of, and its simple
    /// form when it has one (then it is matched by plain code, without the engine): decided
    /// here once, for the validators, the dependencies and the docs.
    Pattern {
        source: String,
        simple: Option<pattern::SimplePattern>,
    },
    /// Length in Unicode code points, as JSON Schema counts it.
    MinLength(u64),
    MaxLength(u64),
    Minimum {
        value: f64,
        exclusive: bool,
    },
    Maximum {
        value: f64,
        exclusive: bool,
    },
    /// An integer `enum`: the value must be one of these.
    OneOf(Vec<i64>),
}

/// One API operation: one client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// snake_case method name.
    pub name: String,
    /// PascalCase prefix for the operation's own types: `ListConversations`.
    pub type_prefix: String,
    /// Lower-case HTTP method, as `reqwest::Method` spells its constants in upper case.
    pub method: String,
    /// The path template as written in the document.
    pub path: String,
    /// The path, split at `/`: each segment is literal text and parameters.
    pub segments: Vec<Vec<PathPart>>,
    pub docs: String,
    /// Path parameters in the order they appear in the path, then the others.
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Responses,
    /// Whether the operation sends the bearer token.
    pub authenticated: bool,
    /// Whether the operation sends the client's basic credentials, when set.
    pub basic: bool,
    /// The [`ApiKey::field`]s of the API keys the operation sends, when set.
    pub api_keys: Vec<String>,
    /// Cursor pagination, when the operation has its shape.
    pub pagination: Option<Pagination>,
    /// `operationId` as the document spells it.
    pub operation_id: Option<String>,
    /// The operation's tags as the document spells them.
    pub tags: Vec<String>,
    /// The Cargo features that compile it.
    pub gate: Gate,
    /// The struct of its optional parameters.
    pub params_struct: OwnType,
    /// The enum of its error responses.
    pub error_enum: OwnType,
    /// The method that returns the success with its status and headers
    /// (`list_conversations_with_response`); empty for a streamed success, and when the
    /// client has no such methods ([`Extras::metadata`]).
    pub response_method: String,
    /// The private method that both of those box (`list_conversations_with_response_unboxed`),
    /// when `response_method` is not empty.
    pub unboxed_method: String,
}

/// One of the types an operation has of its own (its parameters struct, its error enum),
/// and whether it is defined with it. Large documents repeat the same ones on hundreds of
/// operations (Kubernetes: 788 parameter structs of 15 kinds, 2.7 MB of its 5.7 MB client,
/// `pretty`, `dryRun`, `fieldManager`... each with its description; Microsoft Graph: 11,427
/// error enums of 6 kinds, 4.4 MB), so the operations whose type would be the same share
/// one definition, each naming it by an alias of its own (`ListCoreV1NamespaceParams`), as
/// identical models do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnType {
    /// The operation has no such type.
    None,
    /// The type is defined with this operation, compiled by `gate` (that of every
    /// operation that uses it); `shared` when other operations name it by aliases.
    Own { gate: Gate, shared: bool },
    /// An alias of the type of the operation with this `type_prefix`.
    Alias(String),
}

impl OwnType {
    /// Whether the operation has the type (defined or aliased), and so names it.
    pub fn exists(&self) -> bool {
        *self != Self::None
    }
}

/// An `apiKey` security scheme: where the key goes, under which name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The scheme's name in `components/securitySchemes`.
    pub scheme: String,
    /// The client's field holding the key (its setter is `with_{field}`): `api_key` when
    /// the document has one scheme, the scheme's name in snake_case when it has several.
    pub field: String,
    pub location: ApiKeyLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// How to walk an operation's pages: which parameter takes the cursor, and which body
/// fields hold the items, the next cursor and whether there is more.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Field of the parameter struct that takes the cursor (`Option<String>`).
    pub cursor_param: String,
    /// Field of the page with the items (`Vec<item_type>`).
    pub items_field: String,
    pub item_type: TypeRef,
    /// Field of the page with the next cursor (`Option<String>`, or
    /// `Option<Option<String>>` when `next_cursor_three_states`).
    pub next_cursor_field: String,
    pub next_cursor_three_states: bool,
    /// Field of the page that says whether there is another page (`bool`).
    pub has_more_field: Option<String>,
    /// The method that streams pages, and the one that streams items.
    pub pages_method: String,
    pub stream_method: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A path parameter by its Rust name.
    Param(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a query parameter's lists and objects are written (`style` and `explode`); cookie
/// parameters are always one comma-separated value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, exploded (the default): one pair per list item or object property.
    Exploded,
    /// `form` (`,`), `spaceDelimited` (` `) or `pipeDelimited` (`|`) without explode: one
    /// pair, its items (or an object's keys and values) joined with the separator.
    Joined(char),
    /// `deepObject`: one `name[property]=value` pair per property.
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust identifier.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// How the value is written into the request.
    pub shape: ParamShape,
    /// How a query parameter's lists and objects are written.
    pub query_style: QueryStyle,
    /// How a path or header parameter is written.
    pub segment_style: SegmentStyle,
    pub docs: String,
}

impl Param {
    /// Whether the value is written by the runtime's `styled_text` (RFC 6570 expansion over
    /// its JSON form) rather than as plain text: every `label` and `matrix` value, and
    /// objects and untyped values in any style. Plain scalars and lists of them in the
    /// `simple` style are written directly, without a detour through JSON.
    pub fn is_styled(&self) -> bool {
        matches!(self.location, ParamLocation::Path | ParamLocation::Header)
            && (self.segment_style.prefix.is_some()
                || matches!(
                    self.shape,
                    ParamShape::Single(ValueFormat::Json)
                        | ParamShape::List(ValueFormat::Json)
                        | ParamShape::Map(_)
                ))
    }
}

/// How a path or header parameter is written (`style` and `explode`, RFC 6570's `{x}`,
/// `{.x}` and `{;x}` expansions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentStyle {
    /// `None` for `simple` (every header), `.` for `label`, `;` for `matrix`.
    pub prefix: Option<char>,
    /// Exploded: each list item or object property written on its own (`.a.b`,
    /// `;id=a;id=b`, `k=v,k2=v2`) rather than comma-joined.
    pub explode: bool,
}

/// How a parameter value becomes request text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// One value.
    Single(ValueFormat),
    /// A list: one query pair per item (`form`, exploded), or comma-joined in a path or header.
    List(ValueFormat),
    /// A map: one query pair per entry (`form`, exploded).
    Map(ValueFormat),
}

/// How one value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// A `String`, borrowed as `&str` in arguments.
    Text,
    /// A string enum or constrained string, which has `as_str()`.
    AsStr,
    /// Its `Display` (numbers, booleans, dates, constrained numbers).
    Display,
    /// RFC 3339.
    DateTime,
    /// JSON text (objects and anything untyped).
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// The Rust type of the body: the schema's type for JSON and forms; ignored for the
    /// other encodings, which take bytes, text or a multipart form.
    pub ty: TypeRef,
    pub required: bool,
    pub encoding: BodyEncoding,
    pub docs: String,
    /// The body's other documented media types, which this client does not send.
    pub unsent_media_types: Vec<String>,
}

/// How a request body is sent, chosen from its media types: JSON first, then a URL-encoded
/// form, a multipart form, text, and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`, from the serialized type.
    Form,
    /// `multipart/form-data`: the caller builds the `reqwest::multipart::Form`.
    Multipart,
    /// `text/*`, with this content type.
    Text(String),
    /// Anything else (`application/octet-stream`, images, …), with this content type.
    Bytes(String),
}

/// Which statuses an arm of the response `match` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    /// The document's `default` response: every status not matched otherwise.
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Responses {
    /// Success statuses, and whether each has a body (decoded as `success_type`).
    pub success: Vec<(StatusMatch, bool)>,
    pub success_type: Option<TypeRef>,
    /// Some success statuses have a body and some do not, or the body may be `null`: the
    /// method returns `Option<success_type>`.
    pub success_optional: bool,
    /// The success body's schema admits `null`, which decodes as `None`.
    pub success_nullable: bool,
    /// When success statuses have bodies of different types: one variant per status of
    /// the operation's success enum (and `success_type` is `None`).
    pub success_variants: Option<Vec<SuccessVariant>>,
    /// The media type to ask for when the success body is not JSON.
    pub accept: Option<String>,
    /// Documented error statuses, each a variant of the operation's error enum.
    pub errors: Vec<ErrorCase>,
    /// Success media types documented beside the one the client reads.
    pub unread_media_types: Vec<String>,
    /// The success body is a stream of `success_type` items, read as they arrive.
    pub stream: Option<StreamFormat>,
    /// The success body is read whole as JSON, and the document also offers it as a
    /// stream: a second method asks for that.
    pub stream_alternative: Option<StreamAlternative>,
    /// The headers the success responses declare (each once, by name), the fields of the
    /// operation's headers struct.
    pub headers: Vec<ResponseHeader>,
    /// The document's example of the first success body read whole as JSON, as JSON
    /// text, and its status: a mock server's default answer.
    pub example: Option<(StatusMatch, String)>,
}

/// A response header a success response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The name as the document spells it.
    pub name: String,
    /// The struct field: `x_rate_limit_remaining`.
    pub field: String,
    pub ty: HeaderType,
    pub docs: String,
}

/// What a declared response header is parsed as, from its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderType {
    /// Strings, and what has no scalar type (arrays, objects): the text as sent.
    Text,
    I32,
    I64,
    F64,
    Bool,
}

/// A success body the document offers as a stream beside JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamAlternative {
    pub format: StreamFormat,
    /// Each item's type.
    pub item: TypeRef,
    /// The media type to ask for.
    pub media_type: String,
    /// The method that streams it (`create_completion_events`), named with the other
    /// client methods.
    pub method: String,
}

/// How a streamed success body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// `text/event-stream`: server-sent events, each one's `data` an item.
    Events,
    /// `application/x-ndjson`, `application/jsonl`: one JSON value per line.
    Lines,
    /// `application/json-seq`: one JSON value per record (RFC 7464).
    Records,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuccessVariant {
    pub status: StatusMatch,
    /// Variant of the operation's success enum: `Created`.
    pub variant: String,
    /// The decoded body, `None` when the response has none.
    pub ty: Option<TypeRef>,
    /// The body is much larger than the other variants': stored as `Box<ty>`.
    pub boxed: bool,
    pub docs: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    pub status: StatusMatch,
    /// Variant of the operation's error enum: `NotFound`.
    pub variant: String,
    /// The decoded body, `None` when the response has none.
    pub ty: Option<TypeRef>,
    /// The body is much larger than the other variants': stored as `Box<ty>`.
    pub boxed: bool,
    pub docs: String,
}

/// Lowers a document into a [`Model`]. Warnings are returned beside it; errors (the
/// document cannot be turned into correct code) are returned together, all of them.
/// What the configuration asks of the model.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Emit every component schema, not only those the operations reach.
    pub all_types: bool,
    /// Every type implements both serde traits.
    pub round_trip: bool,
    /// Keep only the operations these select (all when empty).
    pub selectors: &'a [select::Selector],
    /// Gate operations and types behind Cargo features (crate output).
    pub features: bool,
    /// Read the webhooks into the model.
    pub webhooks: bool,
    /// The opt-in parts of the client.
    pub extras: Extras,
}

pub fn build(
    api: &OpenAPI,
    file: &str,
    options: &Options<'_>,
) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    let all_types = options.all_types;
    let round_trip = options.round_trip;
    let mut lowering = schemas::Lowering::new(api, file);
    lowering.lower_components();
    let mut operations = operations::lower_operations(&mut lowering);
    let webhooks = if options.webhooks {
        webhooks::lower_webhooks(&mut lowering)
    } else {
        Vec::new()
    };
    select::retain_selected(&mut operations, options.selectors, file)?;
    let bearer_auth = operations.iter().any(|operation| operation.authenticated);
    let basic_auth = operations.iter().any(|operation| operation.basic);
    let api_keys = operations::api_key_schemes(api)
        .into_iter()
        .filter(|key| operations.iter().any(|o| o.api_keys.contains(&key.field)))
        .collect();
    let default_base_url = operations::default_base_url(api);
    let (types, diagnostics, component_names) = lowering.finish();
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == crate::diagnostics::Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    for param in operations
        .iter_mut()
        .flat_map(|operation| operation.params.iter_mut())
    {
        param.shape = operations::shape_of(&param.ty, &types);
    }
    operations::add_pagination(&mut operations, &types, options.extras.metadata);
    let mut types: Vec<TypeDef> = types.into_values().collect();
    if !all_types {
        reachable::retain_reachable(&mut types, &operations, &webhooks);
    }
    dedupe::share_rule_sets(&mut types);
    dedupe::alias_identical_types(&mut types);
    if !all_types {
        // The inline types of a struct that became an alias are no longer used.
        reachable::retain_reachable(&mut types, &operations, &webhooks);
    }
    docs::unlink_missing_types(&mut types);
    if !round_trip {
        reachable::mark_serde_directions(&mut types, &operations, &webhooks);
    }
    cycles::wrap_recursive_aliases(&mut types);
    cycles::box_recursive_fields(&mut types);
    sizes::box_large_variants(&mut types, &mut operations);
    unions::describe_fits(&mut types);
    let (features, webhooks_gate) = if options.features {
        features::assign(&mut operations, &mut types, &webhooks)
    } else {
        (Vec::new(), Gate::ALWAYS)
    };
    operations::share_own_types(&mut operations, features.len());
    let defined: std::collections::BTreeSet<&str> =
        types.iter().map(|def| def.name.as_str()).collect();
    let schema_types = component_names
        .into_iter()
        .filter(|(_, name)| defined.contains(name.as_str()))
        .map(|(key, name)| {
            (
                crate::diagnostics::pointer_child("#/components/schemas", &key),
                name,
            )
        })
        .collect();
    let model = Model {
        title: docs::title_text(&api.info.title),
        description: api.info.description.clone(),
        default_base_url,
        bearer_auth,
        basic_auth,
        api_keys,
        types,
        operations,
        schema_types,
        features,
        webhooks,
        webhooks_gate,
        extras: options.extras,
    };
    Ok((model, warnings))
}

/// Types by name: the order the emitters see them in.
pub(crate) type TypeTable = BTreeMap<String, TypeDef>;
