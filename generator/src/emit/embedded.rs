//! The runtime as written: the files of `generator/runtime/src` (a crate of the workspace,
//! where they are compiled, linted and tested), embedded in the generator (by
//! `runtime_text!`, generator/embed), and of each the items a document needs.
//!
//! An item (or a method, field, variant, statement, struct-literal field or match arm)
//! marked `#[cfg(uses = "name")]`, or `#[cfg(any(uses = "a", uses = "b"))]`, is kept when
//! the document uses `name` (one of them), as its [`Flags`] say, and the marker is
//! replaced by the attributes they give (usually none). `#[cfg(test)]` items are dropped.
//!
//! An item reaches the output as its text, comments and all, less its markers and less
//! the parts its markers drop (each with the comments above it): parsing it to print it
//! again cost a small document a third of its generation. An `impl` block with markers
//! inside goes member by member. An item whose marker stands for attributes (a gated
//! feature's) is parsed and selected, and printed from its syntax tree: its comments
//! other than doc comments are lost, as they are not tokens.

use openapi_client_gen_embed::runtime_text;
use std::borrow::Cow;
use syn::punctuated::Punctuated;

/// An item of a runtime file as `runtime_text!` embeds it (see generator/embed).
pub struct RuntimeText {
    /// The item as written, from its first doc comment or attribute to its end.
    text: &'static str,
    /// Its own `#[cfg(...)]` attributes, in `text`: each a marker whose node is the item.
    cfgs: &'static [RuntimeMarker],
    /// Whether `text` can be used: no literal spans lines, and each marker below its top
    /// level is in `markers`.
    plain: bool,
    /// The markers below its top level, where they are in `text`.
    markers: &'static [RuntimeMarker],
    /// An `impl` block with `members`: its head as written, with an empty body (`impl
    /// Client {}`); empty otherwise.
    head: &'static str,
    /// An `impl` block's members, where the block has markers inside.
    members: &'static [RuntimeText],
}

/// A `#[cfg(...)]` attribute of an item (its node the whole item) or below its top level
/// (on a field, variant, parameter, statement, struct-literal field or match arm): its
/// condition, and as byte ranges of the item's text what goes when the node stays (the
/// attribute, with its line if it has it alone), and what goes when the node goes (with
/// the comments and attributes above it, and its lines).
pub struct RuntimeMarker {
    condition: RuntimeCondition,
    keep: (usize, usize),
    drop: (usize, usize),
}

/// A `#[cfg(...)]` attribute's condition as `runtime_text!` read it, when the generator was
/// compiled.
pub enum RuntimeCondition {
    // What the macro writes for `#[cfg(test)]` and for a condition that is not a marker
    // (`feature = "x"`); the runtime has neither on an item or node it embeds today.
    #[allow(dead_code)]
    Test,
    Uses(&'static str),
    Any(&'static [RuntimeCondition]),
    Not(&'static RuntimeCondition),
    #[allow(dead_code)]
    Other,
}

/// An item of the runtime, as it goes into the output.
pub enum RuntimeItem {
    /// Parsed and selected.
    Parsed(syn::Item),
    /// As written, less its markers: nothing inside it is selected.
    Text(Cow<'static, str>),
    /// An `impl` block parsed without its members, and its members.
    Impl(syn::ItemImpl, Vec<RuntimeMember>),
}

/// A member of an `impl` block of the runtime: parsed and selected, or as written.
pub enum RuntimeMember {
    Parsed(Box<syn::ImplItem>),
    Text(Cow<'static, str>),
}

/// What becomes of an item of the runtime, its own markers read.
enum Decision {
    Drop,
    Text(Cow<'static, str>),
    Parse,
}

/// One embedded file of the runtime.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RuntimeFile {
    /// `Client`'s settings: the defaults, `RetryPolicy`, the `with_...` methods.
    Settings,
    /// Building URLs and sending with retries.
    Sending,
    /// The `Error` type of the calls.
    Error,
    /// Parameters as URL segments, query pairs, headers and cookies.
    Parameters,
    /// A response read in full, and its decoding.
    Response,
    /// Streamed success bodies: server-sent events and JSON lines.
    Streams,
    /// The items of the models' `decode` module.
    Decode,
    /// The items of the models' `encode` module.
    Encode,
    /// The items of the models' `choose` module.
    Choose,
    /// The document-independent items of the `validation` module.
    Validation,
    /// Decoding webhooks: the error, and the helpers `Event::decode` calls.
    Webhooks,
    /// The mock server, without the typed methods of the operations.
    Mock,
}

impl RuntimeFile {
    #[cfg(test)]
    const ALL: [RuntimeFile; 12] = [
        Self::Settings,
        Self::Sending,
        Self::Error,
        Self::Parameters,
        Self::Response,
        Self::Streams,
        Self::Decode,
        Self::Encode,
        Self::Choose,
        Self::Validation,
        Self::Webhooks,
        Self::Mock,
    ];

    /// The file, as the runtime crate has it.
    pub fn path(self) -> &'static str {
        match self {
            Self::Settings => "generator/runtime/src/client/settings.rs",
            Self::Sending => "generator/runtime/src/client/sending.rs",
            Self::Error => "generator/runtime/src/client/error.rs",
            Self::Parameters => "generator/runtime/src/client/parameters.rs",
            Self::Response => "generator/runtime/src/client/response.rs",
            Self::Streams => "generator/runtime/src/client/streams.rs",
            Self::Decode => "generator/runtime/src/models/decode.rs",
            Self::Encode => "generator/runtime/src/models/encode.rs",
            Self::Choose => "generator/runtime/src/models/choose.rs",
            Self::Validation => "generator/runtime/src/validation.rs",
            Self::Webhooks => "generator/runtime/src/webhooks.rs",
            Self::Mock => "generator/runtime/src/mock.rs",
        }
    }

    /// The file's items, embedded by `runtime_text!` when the generator was compiled.
    fn texts(self) -> &'static [RuntimeText] {
        match self {
            Self::Settings => runtime_text!("client/settings.rs"),
            Self::Sending => runtime_text!("client/sending.rs"),
            Self::Error => runtime_text!("client/error.rs"),
            Self::Parameters => runtime_text!("client/parameters.rs"),
            Self::Response => runtime_text!("client/response.rs"),
            Self::Streams => runtime_text!("client/streams.rs"),
            Self::Decode => runtime_text!("models/decode.rs"),
            Self::Encode => runtime_text!("models/encode.rs"),
            Self::Choose => runtime_text!("models/choose.rs"),
            Self::Validation => runtime_text!("validation.rs"),
            Self::Webhooks => runtime_text!("webhooks.rs"),
            Self::Mock => runtime_text!("mock.rs"),
        }
    }

    /// The items of this file that a document with these `flags` needs, without markers:
    /// as written where nothing inside them is selected, parsed where something is.
    pub fn items(self, flags: &dyn Flags) -> Result<Vec<RuntimeItem>, String> {
        self.select(flags, true)
    }

    /// [`Self::items`], every one parsed: what the text of each must amount to.
    #[cfg(test)]
    fn parsed_items(self, flags: &dyn Flags) -> Result<Vec<syn::Item>, String> {
        let select = Select { file: self, flags };
        let text_left = || select.problem("an item was kept as text");
        self.select(flags, false)?
            .into_iter()
            .map(|item| match item {
                RuntimeItem::Parsed(item) => Ok(item),
                RuntimeItem::Impl(mut block, members) => {
                    for member in members {
                        match member {
                            RuntimeMember::Parsed(member) => block.items.push(*member),
                            RuntimeMember::Text(_) => return Err(text_left()),
                        }
                    }
                    Ok(syn::Item::Impl(block))
                }
                RuntimeItem::Text(_) => Err(text_left()),
            })
            .collect()
    }

    /// The items `flags` keep; as text where `as_written` and nothing inside is selected.
    /// Only the items kept are parsed.
    fn select(self, flags: &dyn Flags, as_written: bool) -> Result<Vec<RuntimeItem>, String> {
        let select = Select { file: self, flags };
        let mut items = Vec::new();
        for entry in self.texts() {
            match select.decide(entry, as_written)? {
                Decision::Drop => {}
                Decision::Text(text) => items.push(RuntimeItem::Text(text)),
                Decision::Parse if entry.members.is_empty() => {
                    let mut parsed = vec![select.parse::<syn::Item>(entry)?];
                    select.items(&mut parsed)?;
                    items.extend(parsed.into_iter().map(RuntimeItem::Parsed));
                }
                Decision::Parse => {
                    let mut block = select.parse::<syn::ItemImpl>(entry)?;
                    if !select.keep(&mut block.attrs)? {
                        continue;
                    }
                    let mut members = Vec::new();
                    for member in entry.members {
                        match select.decide(member, as_written)? {
                            Decision::Drop => {}
                            Decision::Text(text) => members.push(RuntimeMember::Text(text)),
                            Decision::Parse => {
                                let mut parsed = select.parse::<syn::ImplItem>(member)?;
                                if select.member(&mut parsed)? {
                                    members.push(RuntimeMember::Parsed(Box::new(parsed)));
                                }
                            }
                        }
                    }
                    items.push(RuntimeItem::Impl(block, members));
                }
            }
        }
        Ok(items)
    }

    /// [`Self::parsed_items`] as tokens.
    #[cfg(test)]
    fn selected(self, flags: &dyn Flags) -> Result<proc_macro2::TokenStream, String> {
        let items = self.parsed_items(flags)?;
        Ok(quote::quote!(#(#items)*))
    }
}

/// A macro of the models, as the runtime writes it (rustfmt's layout, without the file's
/// opening comment): a formatter lays out a `macro_rules!` body with repetitions as a
/// stream of tokens, so it is embedded as text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RuntimeMacro {
    /// `object!` (models/object.rs): `Deserialize` for a struct.
    Object,
    /// `serialize!` (models/serialize.rs): `Serialize` for a struct.
    Serialize,
    /// `by_wire_value!` (models/by_wire_value.rs): a string enum's comparisons and hash.
    ByWireValue,
}

impl RuntimeMacro {
    pub fn text(self) -> &'static str {
        let text = match self {
            Self::Object => include_str!("../../runtime/src/models/object.rs"),
            Self::Serialize => include_str!("../../runtime/src/models/serialize.rs"),
            Self::ByWireValue => include_str!("../../runtime/src/models/by_wire_value.rs"),
        };
        let start = text.find("///").unwrap_or(0);
        text[start..].trim_end()
    }
}

/// What a document uses, by the names of the runtime's markers.
pub trait Flags {
    /// Whether the document uses `name`; `None` when `name` is not one of these flags.
    fn flag(&self, name: &str) -> Option<bool>;

    /// The attributes that take the place of the marker `name` on the items it keeps.
    fn attributes(&self, _name: &str) -> Vec<syn::Attribute> {
        Vec::new()
    }
}

/// A `#[cfg(...)]` condition as the selection reads it: from `runtime_text!`'s reading, or
/// from a parsed item's attribute.
enum Condition {
    /// `test`: the node never reaches a client.
    Test,
    /// `uses = "name"`: a marker, the node kept when the document uses `name`.
    Uses(String),
    /// `any(...)`: kept when one of the alternatives is.
    Any(Vec<Condition>),
    /// `not(...)`: the other side of a flag.
    Not(Box<Condition>),
    /// Any other condition (`feature = "x"`), which the output keeps as it is.
    Other,
}

impl From<&RuntimeCondition> for Condition {
    fn from(condition: &RuntimeCondition) -> Self {
        match condition {
            RuntimeCondition::Test => Condition::Test,
            RuntimeCondition::Uses(name) => Condition::Uses((*name).to_owned()),
            RuntimeCondition::Any(alternatives) => {
                Condition::Any(alternatives.iter().map(Condition::from).collect())
            }
            RuntimeCondition::Not(inner) => Condition::Not(Box::new(Condition::from(*inner))),
            RuntimeCondition::Other => Condition::Other,
        }
    }
}

/// What a `cfg` condition says of the node it is on.
enum Verdict {
    /// A cfg the output keeps as it is (`feature = "x"`).
    NotMarker,
    /// A marker whose flag is off: the node goes.
    Drop,
    /// A marker whose flag is on: the node stays, these attributes in its place.
    Keep(Vec<syn::Attribute>),
}

struct Select<'a> {
    file: RuntimeFile,
    flags: &'a dyn Flags,
}

impl Select<'_> {
    /// What becomes of an item (or an `impl` block's member), its markers read from its
    /// text: dropped (by one of its own); kept as its text less the markers that keep
    /// their nodes and the nodes the others drop, if `as_written`, the text can be used
    /// and no marker stands for attributes; or parsed.
    fn decide(&self, entry: &RuntimeText, as_written: bool) -> Result<Decision, String> {
        if !as_written {
            // Every item parsed, each condition read from its syntax tree: the reference
            // that the tests hold `runtime_text!`'s reading of the conditions to.
            return Ok(Decision::Parse);
        }
        let mut cuts = Vec::new();
        let mut replaced = false;
        for cfg in entry.cfgs {
            match self.condition(&Condition::from(&cfg.condition))? {
                Verdict::NotMarker => {}
                Verdict::Drop => return Ok(Decision::Drop),
                Verdict::Keep(replacement) => {
                    replaced |= !replacement.is_empty();
                    cuts.push(cfg.keep);
                }
            }
        }
        if !entry.plain || replaced {
            return Ok(Decision::Parse);
        }
        for marker in entry.markers {
            match self.condition(&Condition::from(&marker.condition))? {
                Verdict::NotMarker => {}
                Verdict::Drop => cuts.push(marker.drop),
                Verdict::Keep(replacement) if replacement.is_empty() => cuts.push(marker.keep),
                // An attribute in the marker's place: printed from its syntax tree.
                Verdict::Keep(_) => return Ok(Decision::Parse),
            }
        }
        Ok(Decision::Text(without(entry.text, cuts)))
    }

    /// What a `cfg` condition's syntax means to the selection.
    fn read(&self, meta: &syn::Meta) -> Result<Condition, String> {
        Ok(match meta {
            syn::Meta::Path(path) if path.is_ident("test") => Condition::Test,
            syn::Meta::NameValue(pair) if pair.path.is_ident("uses") => match &pair.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                }) => Condition::Uses(name.value()),
                _ => return Err(self.problem("a `uses` marker names its flag as a string")),
            },
            syn::Meta::List(list) if list.path.is_ident("any") => {
                let alternatives = list
                    .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                    .map_err(|error| self.error(&error))?;
                Condition::Any(
                    alternatives
                        .iter()
                        .map(|alternative| self.read(alternative))
                        .collect::<Result<_, _>>()?,
                )
            }
            syn::Meta::List(list) if list.path.is_ident("not") => {
                let inner: syn::Meta = list.parse_args().map_err(|error| self.error(&error))?;
                Condition::Not(Box::new(self.read(&inner)?))
            }
            _ => Condition::Other,
        })
    }

    /// The item parsed from its text (runtime_text! checked that it lexes to the item's
    /// tokens); an `impl` block with members, its head alone.
    fn parse<T: syn::parse::Parse>(&self, entry: &RuntimeText) -> Result<T, String> {
        let text = match entry.members.is_empty() {
            true => entry.text,
            false => entry.head,
        };
        syn::parse_str(text).map_err(|error| self.error(&error))
    }

    /// Whether an `impl` block's member stays; the markers inside it are selected.
    fn member(&self, member: &mut syn::ImplItem) -> Result<bool, String> {
        let kept = match member {
            syn::ImplItem::Fn(function) => self.keep(&mut function.attrs)?,
            syn::ImplItem::Const(constant) => self.keep(&mut constant.attrs)?,
            syn::ImplItem::Type(alias) => self.keep(&mut alias.attrs)?,
            _ => true,
        };
        if let (true, syn::ImplItem::Fn(function)) = (kept, member) {
            self.inputs(&mut function.sig.inputs)?;
            self.block(&mut function.block)?;
        }
        Ok(kept)
    }

    /// Whether the node with `attrs` stays; its marker, if any, is replaced.
    fn keep(&self, attrs: &mut Vec<syn::Attribute>) -> Result<bool, String> {
        let mut index = 0;
        while index < attrs.len() {
            let attr = &attrs[index];
            if !attr.path().is_ident("cfg") {
                index += 1;
                continue;
            }
            let condition: syn::Meta = attr.parse_args().map_err(|error| self.error(&error))?;
            let replacement = match self.condition(&self.read(&condition)?)? {
                Verdict::NotMarker => {
                    index += 1;
                    continue;
                }
                Verdict::Drop => return Ok(false),
                Verdict::Keep(replacement) => replacement,
            };
            let count = replacement.len();
            attrs.splice(index..=index, replacement);
            index += count;
        }
        Ok(true)
    }

    /// What a `cfg` condition says of its node.
    fn condition(&self, condition: &Condition) -> Result<Verdict, String> {
        match condition {
            Condition::Test => Ok(Verdict::Drop),
            Condition::Uses(name) => match self.flags.flag(name) {
                Some(true) => Ok(Verdict::Keep(self.flags.attributes(name))),
                Some(false) => Ok(Verdict::Drop),
                None => Err(self.problem(&format!("unknown marker `uses = \"{name}\"`"))),
            },
            Condition::Any(alternatives) => {
                let mut markers = false;
                for alternative in alternatives {
                    match self.condition(alternative)? {
                        Verdict::Keep(replacement) => return Ok(Verdict::Keep(replacement)),
                        Verdict::Drop => markers = true,
                        Verdict::NotMarker => {}
                    }
                }
                Ok(if markers {
                    Verdict::Drop
                } else {
                    Verdict::NotMarker
                })
            }
            // The other side of a flag: kept where the flag's code is not, and under the
            // opposite of the attributes that gate that code.
            Condition::Not(inner) => match self.condition(inner)? {
                Verdict::NotMarker => Ok(Verdict::NotMarker),
                Verdict::Drop => Ok(Verdict::Keep(Vec::new())),
                Verdict::Keep(gates) if gates.is_empty() => Ok(Verdict::Drop),
                Verdict::Keep(gates) => {
                    let mut negated = Vec::new();
                    for gate in gates {
                        let condition: syn::Meta =
                            gate.parse_args().map_err(|error| self.error(&error))?;
                        negated.push(syn::parse_quote!(#[cfg(not(#condition))]));
                    }
                    Ok(Verdict::Keep(negated))
                }
            },
            Condition::Other => Ok(Verdict::NotMarker),
        }
    }

    fn problem(&self, what: &str) -> String {
        format!("internal error: {}: {what}", self.file.path())
    }

    fn error(&self, error: &syn::Error) -> String {
        self.problem(&error.to_string())
    }

    fn items(&self, items: &mut Vec<syn::Item>) -> Result<(), String> {
        retain(items, |item| {
            let attrs = match item {
                syn::Item::Const(item) => &mut item.attrs,
                syn::Item::Enum(item) => &mut item.attrs,
                syn::Item::Fn(item) => &mut item.attrs,
                syn::Item::Impl(item) => &mut item.attrs,
                syn::Item::Macro(item) => &mut item.attrs,
                syn::Item::Mod(item) => &mut item.attrs,
                syn::Item::Static(item) => &mut item.attrs,
                syn::Item::Struct(item) => &mut item.attrs,
                syn::Item::Trait(item) => &mut item.attrs,
                syn::Item::Type(item) => &mut item.attrs,
                syn::Item::Use(item) => &mut item.attrs,
                _ => return Ok(true),
            };
            self.keep(attrs)
        })?;
        for item in items {
            self.item(item)?;
        }
        Ok(())
    }

    fn item(&self, item: &mut syn::Item) -> Result<(), String> {
        match item {
            syn::Item::Fn(function) => {
                self.inputs(&mut function.sig.inputs)?;
                self.block(&mut function.block)
            }
            syn::Item::Impl(block) => retain(&mut block.items, |member| self.member(member)),
            syn::Item::Struct(item) => self.fields(&mut item.fields),
            syn::Item::Enum(item) => {
                retain_punctuated(&mut item.variants, |variant| self.keep(&mut variant.attrs))?;
                for variant in &mut item.variants {
                    self.fields(&mut variant.fields)?;
                }
                Ok(())
            }
            syn::Item::Mod(module) => match &mut module.content {
                Some((_, items)) => self.items(items),
                None => Ok(()),
            },
            syn::Item::Const(item) => self.expr(&mut item.expr),
            syn::Item::Static(item) => self.expr(&mut item.expr),
            _ => Ok(()),
        }
    }

    /// A function's parameters: one that only some documents pass is marked.
    fn inputs(&self, inputs: &mut Punctuated<syn::FnArg, syn::Token![,]>) -> Result<(), String> {
        retain_punctuated(inputs, |input| match input {
            syn::FnArg::Typed(typed) => self.keep(&mut typed.attrs),
            syn::FnArg::Receiver(receiver) => self.keep(&mut receiver.attrs),
        })
    }

    fn fields(&self, fields: &mut syn::Fields) -> Result<(), String> {
        match fields {
            syn::Fields::Named(named) => {
                retain_punctuated(&mut named.named, |field| self.keep(&mut field.attrs))
            }
            syn::Fields::Unnamed(unnamed) => {
                retain_punctuated(&mut unnamed.unnamed, |field| self.keep(&mut field.attrs))
            }
            syn::Fields::Unit => Ok(()),
        }
    }

    fn block(&self, block: &mut syn::Block) -> Result<(), String> {
        retain(&mut block.stmts, |stmt| match stmt {
            syn::Stmt::Local(local) => self.keep(&mut local.attrs),
            syn::Stmt::Macro(mac) => self.keep(&mut mac.attrs),
            syn::Stmt::Expr(expr, _) => match statement_attrs(expr) {
                Some(attrs) => self.keep(attrs),
                None => Ok(true),
            },
            syn::Stmt::Item(_) => Ok(true),
        })?;
        for stmt in &mut block.stmts {
            match stmt {
                syn::Stmt::Local(local) => {
                    if let Some(init) = &mut local.init {
                        self.expr(&mut init.expr)?;
                        if let Some((_, diverge)) = &mut init.diverge {
                            self.expr(diverge)?;
                        }
                    }
                }
                syn::Stmt::Item(item) => self.item(item)?,
                syn::Stmt::Expr(expr, _) => self.expr(expr)?,
                syn::Stmt::Macro(_) => {}
            }
        }
        Ok(())
    }

    /// The markers inside an expression: in its blocks, struct literals and match arms.
    fn expr(&self, expr: &mut syn::Expr) -> Result<(), String> {
        use syn::Expr;
        match expr {
            Expr::Array(array) => self.exprs(array.elems.iter_mut()),
            Expr::Assign(assign) => self.exprs([&mut *assign.left, &mut *assign.right]),
            Expr::Async(block) => self.block(&mut block.block),
            Expr::Await(awaited) => self.expr(&mut awaited.base),
            Expr::Binary(binary) => self.exprs([&mut *binary.left, &mut *binary.right]),
            Expr::Block(block) => self.block(&mut block.block),
            Expr::Break(jump) => self.exprs(jump.expr.as_deref_mut()),
            Expr::Call(call) => {
                self.expr(&mut call.func)?;
                self.exprs(call.args.iter_mut())
            }
            Expr::Cast(cast) => self.expr(&mut cast.expr),
            Expr::Closure(closure) => self.expr(&mut closure.body),
            Expr::Field(field) => self.expr(&mut field.base),
            Expr::ForLoop(for_loop) => {
                self.expr(&mut for_loop.expr)?;
                self.block(&mut for_loop.body)
            }
            Expr::Group(group) => self.expr(&mut group.expr),
            Expr::If(branch) => {
                self.expr(&mut branch.cond)?;
                self.block(&mut branch.then_branch)?;
                match &mut branch.else_branch {
                    Some((_, otherwise)) => self.expr(otherwise),
                    None => Ok(()),
                }
            }
            Expr::Index(index) => self.exprs([&mut *index.expr, &mut *index.index]),
            Expr::Let(binding) => self.expr(&mut binding.expr),
            Expr::Loop(body) => self.block(&mut body.body),
            Expr::Match(choice) => {
                self.expr(&mut choice.expr)?;
                retain(&mut choice.arms, |arm| self.keep(&mut arm.attrs))?;
                self.exprs(choice.arms.iter_mut().map(|arm| &mut *arm.body))
            }
            Expr::MethodCall(call) => {
                self.expr(&mut call.receiver)?;
                self.exprs(call.args.iter_mut())
            }
            Expr::Paren(inner) => self.expr(&mut inner.expr),
            Expr::Range(range) => self.exprs(
                range
                    .start
                    .as_deref_mut()
                    .into_iter()
                    .chain(range.end.as_deref_mut()),
            ),
            Expr::Reference(reference) => self.expr(&mut reference.expr),
            Expr::Return(jump) => self.exprs(jump.expr.as_deref_mut()),
            Expr::Struct(literal) => {
                retain_punctuated(&mut literal.fields, |field| self.keep(&mut field.attrs))?;
                self.exprs(literal.fields.iter_mut().map(|field| &mut field.expr))?;
                self.exprs(literal.rest.as_deref_mut())
            }
            Expr::Try(tried) => self.expr(&mut tried.expr),
            Expr::Tuple(tuple) => self.exprs(tuple.elems.iter_mut()),
            Expr::Unary(unary) => self.expr(&mut unary.expr),
            Expr::Unsafe(block) => self.block(&mut block.block),
            Expr::While(body) => {
                self.expr(&mut body.cond)?;
                self.block(&mut body.body)
            }
            _ => Ok(()),
        }
    }

    fn exprs<'e>(&self, exprs: impl IntoIterator<Item = &'e mut syn::Expr>) -> Result<(), String> {
        exprs.into_iter().try_for_each(|expr| self.expr(expr))
    }
}

/// `text` less the ranges `cuts`; a range inside one cut already (a marker inside a node
/// that goes) is cut with it.
fn without(text: &'static str, mut cuts: Vec<(usize, usize)>) -> Cow<'static, str> {
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in cuts {
        if end <= at {
            continue;
        }
        out.push_str(&text[at..start.max(at)]);
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The attributes of an expression written as a statement (`#[cfg(..)] call(..);`), for
/// the kinds the runtime marks.
fn statement_attrs(expr: &mut syn::Expr) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Expr;
    match expr {
        Expr::Call(call) => Some(&mut call.attrs),
        Expr::MethodCall(call) => Some(&mut call.attrs),
        Expr::Macro(mac) => Some(&mut mac.attrs),
        Expr::If(branch) => Some(&mut branch.attrs),
        Expr::Match(choice) => Some(&mut choice.attrs),
        Expr::Assign(assign) => Some(&mut assign.attrs),
        Expr::Block(block) => Some(&mut block.attrs),
        _ => None,
    }
}

/// `Vec::retain_mut` with a fallible test.
fn retain<T>(
    nodes: &mut Vec<T>,
    mut keep: impl FnMut(&mut T) -> Result<bool, String>,
) -> Result<(), String> {
    let mut failure = None;
    nodes.retain_mut(|node| match keep(node) {
        Ok(kept) => kept,
        Err(error) => {
            failure.get_or_insert(error);
            true
        }
    });
    failure.map_or(Ok(()), Err)
}

/// [`retain`] for a comma-separated list, keeping a trailing comma where there was one.
fn retain_punctuated<T, P: Default>(
    nodes: &mut Punctuated<T, P>,
    mut keep: impl FnMut(&mut T) -> Result<bool, String>,
) -> Result<(), String> {
    let trailing = nodes.trailing_punct();
    let mut kept = Punctuated::new();
    for mut node in std::mem::take(nodes) {
        if keep(&mut node)? {
            kept.push(node);
        }
    }
    if trailing && !kept.empty_or_trailing() {
        kept.push_punct(P::default());
    }
    *nodes = kept;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;

    /// Every flag every file names, off.
    struct Off;

    impl Flags for Off {
        fn flag(&self, _name: &str) -> Option<bool> {
            Some(false)
        }
    }

    /// Every flag on.
    struct On;

    impl Flags for On {
        fn flag(&self, _name: &str) -> Option<bool> {
            Some(true)
        }
    }

    /// Flags written as a list of names and values.
    struct Named<'a>(&'a [(&'a str, bool)]);

    impl Flags for Named<'_> {
        fn flag(&self, name: &str) -> Option<bool> {
            self.0
                .iter()
                .find(|(flag, _)| *flag == name)
                .map(|(_, value)| *value)
        }
    }

    #[test]
    fn every_runtime_file_parses() {
        for file in RuntimeFile::ALL {
            let all = file.items(&On).expect("parses");
            let fewer = file.items(&Off).expect("parses");
            assert!(
                all.len() >= fewer.len() && !all.is_empty(),
                "{}",
                file.path()
            );
        }
    }

    #[test]
    fn no_marker_is_left_where_the_selection_does_not_look() {
        for file in RuntimeFile::ALL {
            for flags in [&Off as &dyn Flags, &On] {
                let text = file.selected(flags).expect("selects").to_string();
                let path = file.path();
                assert!(
                    !text.contains("(uses"),
                    "{path}: a marker is left in {text}"
                );
                assert!(!text.contains("cfg (test)"), "{path}");
            }
        }
    }

    #[test]
    fn a_marked_item_is_kept_only_with_its_flag_and_loses_its_marker() {
        let kept = RuntimeFile::Response.selected(&Named(&[("decodes", true)]));
        // The `headers` field is marked `uses = "metadata"`, which these flags do not know.
        assert!(kept
            .unwrap_err()
            .contains("unknown marker `uses = \"metadata\"`"));
        let flags = Named(&[
            ("metadata", false),
            ("json_whole", false),
            ("json_into", false),
            ("bytes", false),
            ("no_body", false),
            ("declared_headers", false),
            ("decodes", true),
            ("json", false),
            ("text", true),
            ("error", false),
            ("error_text", false),
            ("error_bytes", false),
            ("error_without_body", true),
            ("unexpected", false),
        ]);
        let text = RuntimeFile::Response.selected(&flags).unwrap().to_string();
        assert!(text.contains("fn text (& mut self)"), "{text}");
        // `complete` is marked with `any(text, bytes, no_body)`; `success` with `json_whole`.
        // Without `metadata`, the one `complete` that returns the body alone.
        assert_eq!(text.matches("fn complete").count(), 1, "{text}");
        assert!(text.contains("fn complete < T , E > (mut self"), "{text}");
        assert!(!text.contains("struct Response"), "{text}");
        assert!(!text.contains("into_response"), "{text}");
        assert!(!text.contains("fn success"), "{text}");
        assert!(!text.contains("fn bytes"), "{text}");
        assert!(!text.contains("fn json"), "{text}");
        // `api_error` is marked with `any(...)`: one of its flags keeps it.
        assert!(text.contains("fn api_error"), "{text}");
        assert!(text.contains("content_type : Option < String >"), "{text}");
        assert!(!text.contains("cfg (uses"), "{text}");
    }

    #[test]
    fn a_marked_parameter_goes_with_its_flag() {
        let replies = |on: bool| {
            let flags = Named(&[
                ("example_json", true),
                ("example_no_body", false),
                ("example_missing", false),
                ("reply_json", on),
                ("reply_text", false),
                ("reply_bytes", false),
                ("reply_empty", false),
                ("replies", on),
            ]);
            RuntimeFile::Mock.selected(&flags).unwrap().to_string()
        };
        // A document without error responses: no reply function is passed or kept, so
        // neither is left unread (the corpus's 1forge.com failed clippy on that).
        let without = replies(false);
        assert!(!without.contains("error : fn (& E) -> Reply"), "{without}");
        assert!(!without.contains("fn fail"), "{without}");
        assert!(
            without.contains("example : Example ,) -> Answer"),
            "{without}"
        );
        let with = replies(true);
        assert_eq!(
            with.matches("error : fn (& E) -> Reply").count(),
            2,
            "{with}"
        );
        assert!(with.contains("pub async fn fail"), "{with}");
        assert!(!with.contains("cfg (uses"), "{with}");
    }

    /// Every flag on, `tracing` gated by a Cargo feature, as in a crate.
    struct Gated;

    impl Flags for Gated {
        fn flag(&self, _name: &str) -> Option<bool> {
            Some(true)
        }

        fn attributes(&self, name: &str) -> Vec<syn::Attribute> {
            match name {
                "tracing" => vec![syn::parse_quote!(#[cfg(feature = "tracing")])],
                _ => Vec::new(),
            }
        }
    }

    #[test]
    fn a_gated_marker_becomes_its_attributes_and_not_marks_the_other_side() {
        let gated = RuntimeFile::Sending.selected(&Gated).unwrap().to_string();
        // Both `execute`s: the traced one under the feature, the other under its opposite.
        assert_eq!(gated.matches("async fn execute").count(), 2, "{gated}");
        assert!(
            gated.contains("# [cfg (not (feature = \"tracing\"))]"),
            "{gated}"
        );
        // A marked expression statement keeps its gate too.
        assert!(
            gated.contains("# [cfg (feature = \"tracing\")] tracing :: info !"),
            "{gated}"
        );
        // Ungated and on: the traced `execute` alone; off: the other alone.
        let on = RuntimeFile::Sending.selected(&On).unwrap().to_string();
        assert_eq!(on.matches("async fn execute").count(), 1);
        assert!(on.contains("record_outcome (& outcome , started)"), "{on}");
        let off = RuntimeFile::Sending.selected(&Off).unwrap().to_string();
        assert_eq!(off.matches("async fn execute").count(), 1);
        assert!(!off.contains("record_outcome"), "{off}");
    }

    /// The items as the output gets them, each text parsed, as tokens.
    fn written(file: RuntimeFile, flags: &dyn Flags) -> (String, usize) {
        let mut texts = 0;
        let mut parse = |text: &str| {
            texts += 1;
            syn::parse_str::<TokenStream>(text).expect("a text lexes")
        };
        let mut tokens = TokenStream::new();
        for item in file.items(flags).expect("selects") {
            match item {
                RuntimeItem::Parsed(item) => tokens.extend(quote::quote!(#item)),
                RuntimeItem::Text(text) => {
                    let item: syn::Item = syn::parse2(parse(&text)).expect("a text parses");
                    tokens.extend(quote::quote!(#item));
                }
                RuntimeItem::Impl(mut block, members) => {
                    for member in members {
                        block.items.push(match member {
                            RuntimeMember::Parsed(member) => *member,
                            RuntimeMember::Text(text) => {
                                syn::parse2(parse(&text)).expect("a member's text parses")
                            }
                        });
                    }
                    tokens.extend(quote::quote!(#block));
                }
            }
        }
        (pretty(tokens), texts)
    }

    /// Tokens as prettyplease prints them: a doc comment is its text, however quoted.
    fn pretty(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses as a file"))
    }

    /// Half of the flags on, which half by `self.0`: markers inside one item that disagree.
    struct Alternate(usize);

    impl Flags for Alternate {
        fn flag(&self, name: &str) -> Option<bool> {
            Some((name.len() + usize::from(name.as_bytes()[0])) % 2 == self.0)
        }
    }

    #[test]
    fn an_item_as_written_is_the_item_parsed_and_selected() {
        let mut texts = 0;
        for file in RuntimeFile::ALL {
            for flags in [
                &Off as &dyn Flags,
                &On,
                &Gated,
                &Alternate(0),
                &Alternate(1),
            ] {
                let (written, count) = written(file, flags);
                let parsed = pretty(file.selected(flags).expect("selects"));
                assert_eq!(written, parsed, "{}", file.path());
                texts += count;
            }
        }
        // Most items go as written: the comparison above is not of parsed items alone.
        assert!(texts > 100, "{texts} texts");
    }

    #[test]
    fn an_item_as_written_keeps_its_comments_and_loses_its_markers() {
        let items = RuntimeFile::Validation.items(&On).expect("selects");
        let texts: Vec<&str> = items
            .iter()
            .filter_map(|item| match item {
                RuntimeItem::Text(text) => Some(&**text),
                _ => None,
            })
            .collect();
        assert!(texts
            .iter()
            .any(|text| text.contains("// A rejected value can be anything a server sent")));
        assert!(texts.iter().all(|text| !text.contains("uses")), "{texts:?}");
        // A marked member of a block with markers inside goes as text without its marker.
        let client = RuntimeFile::Settings.items(&On).expect("selects");
        let members: Vec<&str> = client
            .iter()
            .filter_map(|item| match item {
                RuntimeItem::Impl(_, members) => Some(members),
                _ => None,
            })
            .flatten()
            .filter_map(|member| match member {
                RuntimeMember::Text(text) => Some(&**text),
                RuntimeMember::Parsed(_) => None,
            })
            .collect();
        let middleware = members
            .iter()
            .find(|text| text.contains("pub fn with_middleware_client("))
            .expect("the middleware setter goes as text");
        assert!(
            middleware.starts_with("/// Sends requests through `stack`"),
            "{middleware}"
        );
        assert!(!middleware.contains("#[cfg"), "{middleware}");
    }

    /// The text of the item (or `impl` member) of `file` that contains `needle`, if it goes
    /// as text.
    fn text_with(file: RuntimeFile, flags: &dyn Flags, needle: &str) -> Option<String> {
        file.items(flags)
            .expect("selects")
            .into_iter()
            .flat_map(|item| match item {
                RuntimeItem::Text(text) => vec![text.into_owned()],
                RuntimeItem::Impl(_, members) => members
                    .into_iter()
                    .filter_map(|member| match member {
                        RuntimeMember::Text(text) => Some(text.into_owned()),
                        RuntimeMember::Parsed(_) => None,
                    })
                    .collect(),
                RuntimeItem::Parsed(_) => Vec::new(),
            })
            .find(|text| text.contains(needle))
    }

    #[test]
    fn an_item_with_markers_inside_goes_as_text_less_the_nodes_they_drop() {
        // A variant, and the arms that name it, go with their marker's flag.
        let error = text_with(RuntimeFile::Error, &Off, "pub enum Error<E> {").expect("text");
        assert!(!error.contains("Middleware"), "{error}");
        assert!(!error.contains("#[cfg"), "{error}");
        let error = text_with(RuntimeFile::Error, &On, "pub enum Error<E> {").expect("text");
        assert!(error.contains("    Middleware {"), "{error}");
        assert!(!error.contains("#[cfg"), "{error}");
        let display = text_with(RuntimeFile::Error, &Off, "fn fmt(").expect("text");
        assert!(!display.contains("Middleware"), "{display}");
        // A statement goes with the comment written above it; kept, it keeps it.
        let comment = "// Server-sent events reconnect with a copy of the request.";
        let send = text_with(RuntimeFile::Streams, &Off, "self.execute(request").expect("text");
        assert!(
            !send.contains(comment) && !send.contains("let copy"),
            "{send}"
        );
        let send = text_with(RuntimeFile::Streams, &On, "self.execute(request").expect("text");
        assert!(
            send.contains(comment) && send.contains("let copy"),
            "{send}"
        );
        // A marker that stands for attributes is printed from the parsed item.
        assert!(text_with(RuntimeFile::Sending, &Gated, "tracing::info!(").is_none());
    }

    #[test]
    fn each_models_macro_is_the_macro_alone() {
        for (embedded, doc) in [
            (RuntimeMacro::Object, "/// `Deserialize` for a struct"),
            (RuntimeMacro::Serialize, "/// `Serialize` for a struct"),
            (
                RuntimeMacro::ByWireValue,
                "/// `PartialEq`, `Eq`, `PartialOrd`, `Ord` and `Hash`",
            ),
        ] {
            let text = embedded.text();
            assert!(text.starts_with(doc), "{text}");
            assert!(text.ends_with('}'));
            assert!(!text.contains("// Embedded"));
        }
    }
}
