//! render, for a crate: the output as a tree of module files instead of one file, each
//! large module spread over parts of bounded size.

use super::{each_section, header, insert_verbatim, parse_items, parse_section, run_rustfmt};
use crate::emit::Piece;
use crate::model::Model;
use proc_macro2::TokenStream;
use std::collections::HashSet;
use std::path::PathBuf;

/// A crate's source as a module tree: the crate root's items (the re-exports and a
/// `pub mod name;` per module) and a file per module, each split into parts when large.
pub struct Tree {
    pub root: String,
    /// Paths under `src/`, with their text; each starts with the one-line header.
    pub files: Vec<(PathBuf, String)>,
    /// Why rustfmt could not be applied, when it was asked for and failed.
    pub rustfmt_problem: Option<String>,
}

/// A module's items beyond about this much text (prettyplease's layout) go into parts of
/// about this size, files an editor and rustfmt handle well: Stripe's models would
/// otherwise be one file of 12 MB.
const PART_SIZE: usize = 256 * 1024;

/// A module of at most this many items is first formatted whole, to see whether it fits
/// one file.
const SMALL_ITEMS: usize = 400;

/// An inherent `impl` block of more functions than this (the client's operations) is
/// split into blocks of this many, so that the block can be spread over parts.
const IMPL_CHUNK: usize = 40;

/// Like [`super::render`], for a crate: each top-level module of the output becomes its own
/// file (`models.rs`), and a large module's public items and `impl` blocks move to parts
/// (`models/part01.rs`) that it re-exports, so that no file is multi-megabyte. The parts
/// see their module's names and private helpers through `use super::*`, and nothing
/// private moves, so every path the single file has (`models::Pet`) still names the
/// same item. The files are formatted in parallel.
pub fn render_tree(
    model: &Model,
    sections: &[crate::emit::Section],
    source_name: &str,
    rustfmt: bool,
    parallel: bool,
) -> Result<Tree, String> {
    let header = header(source_name);
    let tags: HashSet<&str> = model.features.iter().map(|f| f.name.as_str()).collect();
    let split = each_section(model, sections, parallel, |pieces| {
        split_section(pieces, &tags)
    });
    let mut root = String::new();
    let mut pending = Vec::new();
    for section in split {
        let section = section?;
        root.push_str(&section.root);
        pending.extend(section.files);
    }
    let formatted = format_all(pending, rustfmt);
    let mut rustfmt_problem = None;
    let mut files = Vec::with_capacity(formatted.len());
    for (path, text, problem) in formatted {
        rustfmt_problem = rustfmt_problem.or(problem);
        files.push((path, format!("{header}{text}")));
    }
    if rustfmt {
        match run_rustfmt(&root) {
            Ok(text) => root = text,
            Err(problem) => rustfmt_problem = rustfmt_problem.or(Some(problem)),
        }
    }
    Ok(Tree {
        root,
        files,
        rustfmt_problem,
    })
}

/// A section split into the crate root's items (laid out by prettyplease) and the module
/// files it holds, each in prettyplease's layout and still to be given rustfmt's.
struct SplitSection {
    root: String,
    files: Vec<(PathBuf, String)>,
}

fn split_section(pieces: Vec<Piece>, tags: &HashSet<&str>) -> Result<SplitSection, String> {
    let (mut file, verbatim) = parse_section(pieces)?;
    let mut files = Vec::new();
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let Some((_, items)) = module.content.take() else {
            continue;
        };
        module.semi = Some(Default::default());
        let (inner, outer): (Vec<_>, Vec<_>) = std::mem::take(&mut module.attrs)
            .into_iter()
            .partition(|attr| matches!(attr.style, syn::AttrStyle::Inner(_)));
        module.attrs = outer;
        let name = module.ident.to_string();
        files.extend(module_files(&name, inner, items, &verbatim, tags)?);
    }
    Ok(SplitSection {
        root: prettyplease::unparse(&file),
        files,
    })
}

/// The files of module `name`: `name.rs`, and `name/partNN.rs` when it is large.
///
/// A part holds items of as few of the crate's tag features as can be: the items are
/// ordered by the features that gate them (`tags` are their names), and a part whose
/// items are all gated is declared under the union of their gates, so that a crate built
/// with a few features does not even read the other parts. (rustc parses a module file
/// before it strips what is `cfg`d out: GitHub's crate with only `issues` spent a quarter
/// of its check parsing the 18 MB of every feature.)
fn module_files(
    name: &str,
    attrs: Vec<syn::Attribute>,
    items: Vec<syn::Item>,
    verbatim: &[std::borrow::Cow<'static, str>],
    tags: &HashSet<&str>,
) -> Result<Vec<(PathBuf, String)>, String> {
    let file_name = PathBuf::from(format!("{name}.rs"));
    // Most modules are small: formatted whole, in their order, they are one file. Past
    // a few hundred items that is unlikely, and the items are sized one by one instead.
    let (attrs, items) = if items.len() <= SMALL_ITEMS {
        let mut file = file_of(attrs, items)?;
        let text = prettyplease::unparse(&file);
        if text.len() <= PART_SIZE {
            return Ok(vec![(file_name, insert_verbatim(text, verbatim))]);
        }
        (
            std::mem::take(&mut file.attrs),
            std::mem::take(&mut file.items),
        )
    } else {
        (attrs, items)
    };
    let mut kept = Vec::new();
    let mut movable: Vec<(Gate, syn::Item)> = Vec::new();
    for item in items {
        match item {
            syn::Item::Impl(block) if block.trait_.is_none() && block.items.len() > IMPL_CHUNK => {
                movable.extend(
                    split_impl(block, tags)?
                        .into_iter()
                        .map(|item| (item_gate(&item, verbatim, tags), item)),
                );
            }
            item if is_movable(&item) => {
                let item = with_fields_seen_by_module(item);
                movable.push((item_gate(&item, verbatim, tags), item));
            }
            item => kept.push(item),
        }
    }
    // Items of one gate together, in their order otherwise (a type's impls follow it).
    movable.sort_by(|(one, _), (other, _)| one.cmp(other));
    let gates: Vec<Gate> = movable
        .iter_mut()
        .map(|(gate, _)| std::mem::take(gate))
        .collect();
    // Each moved item's text, and whether it is a name the module re-exports (a struct,
    // say, where an impl block is not).
    let mut texts: Vec<(String, bool)> = Vec::with_capacity(movable.len());
    let mut scratch = file_of(Vec::new(), Vec::new())?;
    for (_, item) in &mut movable {
        // syn's items are not `Clone`: each visits a scratch file and comes back.
        let placeholder = syn::Item::Verbatim(proc_macro2::TokenStream::new());
        let named =
            !matches!(item, syn::Item::Impl(_) | syn::Item::Macro(_)) && !is_verbatim_marker(item);
        scratch.items.push(std::mem::replace(item, placeholder));
        // With its verbatim text in place (a moved impl may hold some, a marker is
        // nothing but), so that the parts are sized by what they will hold.
        let text = insert_verbatim(prettyplease::unparse(&scratch), verbatim);
        texts.push((text, named));
        if let Some(back) = scratch.items.pop() {
            *item = back;
        }
    }
    // (A module of more than `SMALL_ITEMS` items that all fit one part gets one part: its
    // structs' fields are already `pub(super)`, which only a part makes right.)
    // Each part's text, whether it holds a name to re-export, and its gate. A part
    // ends where a gate's items begin that fill half a part or more: those get parts of
    // their own; smaller groups share one, under the union of their gates.
    let mut run_size = vec![0; texts.len()];
    for index in (0..texts.len()).rev() {
        let rest = match gates.get(index + 1) {
            Some(next) if *next == gates[index] => run_size[index + 1],
            _ => 0,
        };
        run_size[index] = texts[index].0.len() + rest;
    }
    let mut parts: Vec<(String, bool, Gate)> = Vec::new();
    for (index, ((text, named), gate)) in texts.into_iter().zip(&gates).enumerate() {
        let large_group_starts =
            (index == 0 || gates[index - 1] != *gate) && run_size[index] >= PART_SIZE / 2;
        match parts.last_mut() {
            Some((part, names, part_gate))
                if part.len() + text.len() <= PART_SIZE && !large_group_starts =>
            {
                part.push_str(&text);
                *names |= named;
                *part_gate = part_gate.union(gate);
            }
            _ => parts.push((text, named, gate.clone())),
        }
    }
    let width = parts.len().to_string().len().max(2);
    let part_name = |index: usize| format!("part{:0width$}", index + 1);
    let mut root = file_of(attrs, kept)?;
    for (index, (_, names, gate)) in parts.iter().enumerate() {
        let part = syn::Ident::new(&part_name(index), proc_macro2::Span::call_site());
        let cfg = gate.cfg();
        // A part of only impl blocks has nothing to re-export: a glob of nothing is an
        // unused import.
        let export = names.then(|| quote::quote!(#cfg pub use self::#part::*;));
        root.items.extend(parse_items(quote::quote! {
            #cfg
            mod #part;
            #export
        })?);
    }
    let mut files = vec![(
        file_name,
        insert_verbatim(prettyplease::unparse(&root), verbatim),
    )];
    let count = parts.len();
    for (index, (text, _, _)) in parts.into_iter().enumerate() {
        let head = format!(
            "//! Part {number} of {count} of `{name}`.\n\
             // The module's names: the other parts' items and its private helpers.\n\
             #[allow(unused_imports)]\nuse super::*;\n",
            number = index + 1,
        );
        files.push((
            PathBuf::from(name).join(format!("{}.rs", part_name(index))),
            head + &text,
        ));
    }
    Ok(files)
}

/// Whether `item` can live in a part of its module: public items (re-exported by the
/// module), trait impls, inherent impls of only public functions, and macro calls. A
/// private item stays in the module, where each part sees it; in a part, its siblings
/// would not.
fn is_movable(item: &syn::Item) -> bool {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    match item {
        syn::Item::Struct(item) => public(&item.vis),
        syn::Item::Enum(item) => public(&item.vis),
        syn::Item::Type(item) => public(&item.vis),
        // A verbatim text's marker is public when the text may move (trait impls).
        syn::Item::Const(item) => public(&item.vis),
        syn::Item::Fn(item) => public(&item.vis),
        // A macro's use (`object!(Pet, ...)`, a `Deserialize` impl), not its definition:
        // defined before the parts are declared, it is in scope in each of them.
        syn::Item::Macro(item) => item.ident.is_none(),
        syn::Item::Impl(block) => {
            block.trait_.is_some()
                || block.items.iter().all(|member| match member {
                    syn::ImplItem::Fn(function) => public(&function.vis),
                    syn::ImplItem::Const(constant) => public(&constant.vis),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// Whether `item` is the marker of a verbatim text (which names nothing to re-export).
fn is_verbatim_marker(item: &syn::Item) -> bool {
    let syn::Item::Const(constant) = item else {
        return false;
    };
    constant
        .ident
        .to_string()
        .starts_with(super::VERBATIM_MARKER)
}

/// A struct moving to a part with its private fields (a validated newtype's `String`)
/// made `pub(super)`: visible to the module and all its parts, as a private field of a
/// struct in the module itself is, and no further.
fn with_fields_seen_by_module(mut item: syn::Item) -> syn::Item {
    if let syn::Item::Struct(item) = &mut item {
        for field in item.fields.iter_mut() {
            if matches!(field.vis, syn::Visibility::Inherited) {
                field.vis = syn::parse_quote!(pub(super));
            }
        }
    }
    item
}

/// An inherent `impl` block as blocks of at most [`IMPL_CHUNK`] members, each with the
/// block's attributes and header, its members ordered by their gates (see
/// `module_files`) so that a block holds as few features' as it can.
fn split_impl(mut block: syn::ItemImpl, tags: &HashSet<&str>) -> Result<Vec<syn::Item>, String> {
    use quote::ToTokens;
    // Taken from the front, each chunk moved once: splitting the rest off at each chunk
    // copied what was left every time, quadratic in a client's operations (Microsoft
    // Graph's 15,000 methods: most of a 13 GB peak).
    let mut members = std::mem::take(&mut block.items);
    // A stable sort: one operation's methods stay together, in their order.
    members.sort_by_cached_key(|member| match member {
        syn::ImplItem::Fn(function) => Gate::of_attrs(&function.attrs, tags),
        _ => Gate::Always,
    });
    let mut members = members.into_iter();
    let head = block.to_token_stream();
    let mut blocks = Vec::new();
    loop {
        let items: Vec<syn::ImplItem> = members.by_ref().take(IMPL_CHUNK).collect();
        if items.is_empty() {
            break Ok(blocks);
        }
        let mut chunk: syn::ItemImpl = syn::parse2(head.clone())
            .map_err(|error| format!("internal error: an impl head does not parse: {error}"))?;
        chunk.items = items;
        blocks.push(syn::Item::Impl(chunk));
    }
}

/// A file of `attrs` (inner) and `items`.
fn file_of(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> Result<syn::File, String> {
    let mut file: syn::File = syn::parse2(TokenStream::new())
        .map_err(|error| format!("internal error: an empty file does not parse: {error}"))?;
    file.attrs = attrs;
    file.items = items;
    Ok(file)
}

/// A file's path, its text, and why rustfmt could not lay it out, if it could not.
type Formatted = (PathBuf, String, Option<String>);

/// Gives each file rustfmt's layout, on as many threads as there are cores: a file's
/// text stays prettyplease's where rustfmt fails, with the reason.
fn format_all(files: Vec<(PathBuf, String)>, rustfmt: bool) -> Vec<Formatted> {
    if !rustfmt {
        return files
            .into_iter()
            .map(|(path, text)| (path, text, None))
            .collect();
    }
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let files = &files;
    let mut done: Vec<(usize, Formatted)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    // Each worker takes the next file not yet taken.
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, text)) = files.get(index) else {
                            break done;
                        };
                        let formatted = match run_rustfmt(text) {
                            Ok(formatted) => (path.clone(), formatted, None),
                            Err(problem) => (path.clone(), text.clone(), Some(problem)),
                        };
                        done.push((index, formatted));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    if done.len() < files.len() {
        // A worker panicked: the files it took keep prettyplease's layout.
        let problem = "internal error: a formatting thread panicked".to_owned();
        let have: std::collections::HashSet<usize> = done.iter().map(|(i, _)| *i).collect();
        for (index, (path, text)) in files.iter().enumerate() {
            if !have.contains(&index) {
                done.push((index, (path.clone(), text.clone(), Some(problem.clone()))));
            }
        }
        done.sort_by_key(|(index, _)| *index);
    }
    done.into_iter().map(|(_, formatted)| formatted).collect()
}

/// The tag features an item is compiled under (read from its `#[cfg(...)]`), or always.
/// Ordered so that the items compiled always come first and those of one feature set
/// are together.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Gate<'t> {
    #[default]
    Always,
    /// Sorted, without repeats.
    Any(Vec<&'t str>),
}

impl<'t> Gate<'t> {
    /// The first of `attrs` that is `cfg(feature = "tag")` or `cfg(any(feature = ..))` of
    /// tags only; an item under other `cfg`s (`mock`, `metadata`) as well is still
    /// compiled only under that one.
    fn of_attrs(attrs: &[syn::Attribute], tags: &HashSet<&'t str>) -> Self {
        attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"))
            .find_map(|attr| tag_features(attr, tags))
            .map_or(Self::Always, Self::Any)
    }

    /// Compiled with either's features.
    fn union(&self, other: &Self) -> Self {
        match (self, other) {
            (Self::Any(one), Self::Any(other)) => {
                let mut both: Vec<&'t str> = one.iter().chain(other).copied().collect();
                both.sort_unstable();
                both.dedup();
                Self::Any(both)
            }
            _ => Self::Always,
        }
    }

    fn cfg(&self) -> Option<TokenStream> {
        match self {
            Self::Always => None,
            Self::Any(names) if names.len() == 1 => {
                let names = names.iter();
                Some(quote::quote!(#[cfg(#(feature = #names)*)]))
            }
            Self::Any(names) => {
                let names = names.iter();
                Some(quote::quote!(#[cfg(any(#(feature = #names),*))]))
            }
        }
    }
}

/// The features of a `cfg(feature = "a")` or `cfg(any(feature = "a", ..))` attribute
/// when all are tags; `None` for any other condition. Read from the tokens rather than
/// with syn's nested-meta parser, which builds a parse buffer for every item's `cfg`.
fn tag_features<'t>(attr: &syn::Attribute, tags: &HashSet<&'t str>) -> Option<Vec<&'t str>> {
    use proc_macro2::TokenTree;
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    // `feature = "name"`, each followed by a comma or the end.
    let features = |tokens: TokenStream| -> Option<Vec<&'t str>> {
        let mut names = Vec::new();
        let mut tokens = tokens.into_iter();
        loop {
            match tokens.next() {
                None => break,
                Some(TokenTree::Ident(ident)) if ident == "feature" => {}
                Some(_) => return None,
            }
            match tokens.next() {
                Some(TokenTree::Punct(punct)) if punct.as_char() == '=' => {}
                _ => return None,
            }
            let Some(TokenTree::Literal(literal)) = tokens.next() else {
                return None;
            };
            let text = literal.to_string();
            let name = text.strip_prefix('"')?.strip_suffix('"')?;
            names.push(*tags.get(name)?);
            match tokens.next() {
                None => break,
                Some(TokenTree::Punct(punct)) if punct.as_char() == ',' => {}
                Some(_) => return None,
            }
        }
        Some(names)
    };
    let mut tokens = list.tokens.clone().into_iter();
    let mut names = match (tokens.next(), tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(any)), Some(TokenTree::Group(group)), None) if any == "any" => {
            features(group.stream())?
        }
        _ => features(list.tokens.clone())?,
    };
    names.sort_unstable();
    names.dedup();
    (!names.is_empty()).then_some(names)
}

/// A movable item's gate: its attributes', an impl block's members' (the union, when
/// all are gated), or a verbatim text's (see `text_gate`).
fn item_gate<'t>(
    item: &syn::Item,
    verbatim: &[std::borrow::Cow<'static, str>],
    tags: &HashSet<&'t str>,
) -> Gate<'t> {
    match item {
        syn::Item::Const(constant) if is_verbatim_marker(item) => constant
            .ident
            .to_string()
            .strip_prefix(super::VERBATIM_MARKER)
            .and_then(|index| index.parse::<usize>().ok())
            .and_then(|index| verbatim.get(index))
            .map_or(Gate::Always, |text| text_gate(text, tags)),
        syn::Item::Impl(block) if block.trait_.is_none() => {
            let own = Gate::of_attrs(&block.attrs, tags);
            if own != Gate::Always {
                return own;
            }
            let mut members = block.items.iter().map(|member| match member {
                syn::ImplItem::Fn(function) => Gate::of_attrs(&function.attrs, tags),
                _ => Gate::Always,
            });
            let first = members.next().unwrap_or_default();
            members.fold(first, |gate, member| gate.union(&member))
        }
        _ => match item_attrs(item) {
            Some(attrs) => Gate::of_attrs(attrs, tags),
            None => Gate::Always,
        },
    }
}

fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    Some(match item {
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        _ => return None,
    })
}

/// The gate of a verbatim text of items (a string enum's conversions): the one
/// attribute block every item of it starts with, when that is a tag gate. Anything
/// else (an item without attributes, two different ones) is always compiled, which is
/// never wrong, only less lean.
fn text_gate<'t>(text: &str, tags: &HashSet<&'t str>) -> Gate<'t> {
    let mut first: Option<String> = None;
    let mut block = String::new();
    let mut in_attributes = false;
    for line in text.lines() {
        let continues = line.starts_with(char::is_whitespace) || line.starts_with([')', ']']);
        if line.trim().is_empty() || line.starts_with("//") {
            continue;
        } else if line.starts_with("#[") {
            if !in_attributes {
                block.clear();
            }
            block.push_str(line);
            block.push('\n');
            in_attributes = true;
        } else if in_attributes && continues {
            block.push_str(line);
            block.push('\n');
        } else if continues || line.starts_with('}') {
            in_attributes = false;
        } else {
            // An item starts here: after the same attributes as every other.
            if !in_attributes || first.as_ref().is_some_and(|first| *first != block) {
                return Gate::Always;
            }
            first.get_or_insert_with(|| block.clone());
            in_attributes = false;
        }
    }
    let Some(block) = first else {
        return Gate::Always;
    };
    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, &block)
        .map_or(Gate::Always, |attrs| Gate::of_attrs(&attrs, tags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{MovableItem, VerbatimMarker};
    use std::borrow::Cow;

    #[test]
    fn a_large_impl_splits_into_chunks_in_order() {
        let members = (0..2 * IMPL_CHUNK + 3).map(|index| {
            let name = quote::format_ident!("f{index}");
            quote::quote!(pub fn #name() {})
        });
        let block: syn::ItemImpl = syn::parse_quote!(impl<T> Client<T> { #(#members)* });
        let blocks = split_impl(block, &HashSet::new()).expect("the block splits");
        let mut names = Vec::new();
        let mut sizes = Vec::new();
        for block in &blocks {
            let syn::Item::Impl(block) = block else {
                panic!("not an impl block");
            };
            assert_eq!(
                quote::ToTokens::to_token_stream(&block.self_ty).to_string(),
                "Client < T >"
            );
            sizes.push(block.items.len());
            for member in &block.items {
                let syn::ImplItem::Fn(function) = member else {
                    panic!("not a function");
                };
                names.push(function.sig.ident.to_string());
            }
        }
        assert_eq!(sizes, [IMPL_CHUNK, IMPL_CHUNK, 3]);
        let expected: Vec<String> = (0..2 * IMPL_CHUNK + 3).map(|i| format!("f{i}")).collect();
        assert_eq!(names, expected);
    }

    /// More items than a module keeps whole (`pub struct S0;` ...): they all go to one part.
    fn more_structs_than_a_module_keeps() -> Vec<syn::Item> {
        (0..=SMALL_ITEMS)
            .map(|index| {
                let name = quote::format_ident!("S{index}");
                syn::parse_quote!(pub struct #name;)
            })
            .collect()
    }

    #[test]
    fn verbatim_trait_impls_move_to_a_part_and_other_verbatim_text_stays() {
        let mut items = more_structs_than_a_module_keeps();
        // As `Piece::VerbatimImpls` and `Piece::Verbatim` leave them in the tree.
        items.push(MovableItem::marker(0).0);
        items.push(VerbatimMarker::marker(1));
        let impls = "impl Clone for S0 {\n    fn clone(&self) -> Self {\n        S0\n    }\n}";
        let private = "fn helper() {}";
        let verbatim = [Cow::Borrowed(impls), Cow::Borrowed(private)];
        let files = module_files("things", Vec::new(), items, &verbatim, &HashSet::new())
            .expect("the module splits");
        let text_of = |suffix: &str| {
            files
                .iter()
                .find(|(path, _)| path.ends_with(suffix))
                .map(|(_, text)| text.as_str())
                .unwrap_or_else(|| panic!("no {suffix}"))
        };
        let module = text_of("things.rs");
        let part = text_of("things/part01.rs");
        assert!(part.contains("impl Clone for S0 {"), "{part}");
        assert!(!module.contains("impl Clone"), "{module}");
        assert!(module.contains("fn helper() {}"), "{module}");
        assert!(!part.contains("fn helper"), "{part}");
        for (path, text) in &files {
            assert!(!text.contains("__VERBATIM_"), "{}:\n{text}", path.display());
        }
    }

    #[test]
    fn an_item_moved_to_a_part_gets_its_verbatim_text() {
        let mut items = more_structs_than_a_module_keeps();
        items.push(syn::parse_quote! {
            impl std::fmt::Display for S0 {
                const __VERBATIM_0: () = ();
            }
        });
        let text = "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n    \
                    f.write_str(\"s\")\n}";
        let files = module_files(
            "things",
            Vec::new(),
            items,
            &[Cow::Borrowed(text)],
            &HashSet::new(),
        )
        .expect("the module splits");
        let part = files
            .iter()
            .find(|(path, _)| path.ends_with("things/part01.rs"))
            .expect("a part");
        assert!(
            part.1.contains("        f.write_str(\"s\")\n"),
            "{}",
            part.1
        );
        for (path, text) in &files {
            assert!(!text.contains("__VERBATIM_"), "{}:\n{text}", path.display());
        }
    }

    #[test]
    fn a_gate_is_read_from_tag_cfgs_only() {
        let tags: HashSet<&str> = ["issues", "repos"].into_iter().collect();
        let gate = |attrs: syn::ItemStruct| Gate::of_attrs(&attrs.attrs, &tags);
        let set = |names: &[&'static str]| Gate::Any(names.to_vec());
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(feature = "issues")]
                struct S;
            )),
            set(&["issues"])
        );
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(any(feature = "repos", feature = "issues"))]
                struct S;
            )),
            set(&["issues", "repos"])
        );
        // An extra's cfg is no tag gate, but the tag's beside it still is.
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(feature = "mock")]
                struct S;
            )),
            Gate::Always
        );
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(feature = "mock")]
                #[cfg(feature = "repos")]
                struct S;
            )),
            set(&["repos"])
        );
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(not(feature = "issues"))]
                struct S;
            )),
            Gate::Always
        );
        assert_eq!(
            gate(syn::parse_quote!(
                #[cfg(any(feature = "issues", feature = "mock"))]
                struct S;
            )),
            Gate::Always
        );
        assert_eq!(
            gate(syn::parse_quote!(
                struct S;
            )),
            Gate::Always
        );
    }

    #[test]
    fn a_verbatim_text_is_gated_only_when_every_item_is() {
        let tags: HashSet<&str> = ["issues", "repos"].into_iter().collect();
        let cfg = "#[cfg(any(\n    feature = \"issues\",\n    feature = \"repos\",\n))]\n";
        let gated = format!(
            "{cfg}by_wire_value!(E);\n{cfg}impl From<String> for E {{\n    fn f() {{}}\n}}\n"
        );
        assert_eq!(text_gate(&gated, &tags), Gate::Any(vec!["issues", "repos"]));
        let one_bare = format!("{cfg}by_wire_value!(E);\nimpl From<String> for E {{}}\n");
        assert_eq!(text_gate(&one_bare, &tags), Gate::Always);
        let two_gates =
            format!("{cfg}by_wire_value!(E);\n#[cfg(feature = \"issues\")]\nimpl X for E {{}}\n");
        assert_eq!(text_gate(&two_gates, &tags), Gate::Always);
    }

    #[test]
    fn a_part_is_declared_under_its_items_features() {
        let tags: HashSet<&str> = ["a", "b"].into_iter().collect();
        // Enough items of each feature to fill parts of their own, in mixed order.
        let items: Vec<syn::Item> = (0..SMALL_ITEMS + 200)
            .map(|index| {
                let name = quote::format_ident!("S{index}");
                let feature = if index % 2 == 0 { "a" } else { "b" };
                let doc = "x".repeat(2000);
                syn::parse_quote! {
                    #[cfg(feature = #feature)]
                    #[doc = #doc]
                    pub struct #name;
                }
            })
            .collect();
        let files = module_files("things", Vec::new(), items, &[], &tags).expect("splits");
        let module = &files[0].1;
        for (path, text) in &files[1..] {
            let part = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a part name");
            // The feature of the part's first struct: `a` holds the even ones.
            let first: usize = text
                .split("pub struct S")
                .nth(1)
                .and_then(|rest| rest.split(';').next())
                .and_then(|number| number.parse().ok())
                .expect("a struct in the part");
            let feature = if first % 2 == 0 { "a" } else { "b" };
            let others = if feature == "a" {
                "#[cfg(feature = \"b\")]"
            } else {
                "#[cfg(feature = \"a\")]"
            };
            assert!(
                module.contains(&format!("#[cfg(feature = \"{feature}\")]\nmod {part};")),
                "{part} is not under `{feature}`:\n{module}"
            );
            assert!(
                !text.contains(others),
                "{part} holds the other feature's items"
            );
        }
    }
}
