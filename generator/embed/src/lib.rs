//! `runtime_text!("client/settings.rs")`: the top-level items of a file of
//! `generator/runtime/src`, each as its text and as code that builds its tokens, for the
//! generator to embed at compile time.
//!
//! The generator embeds the runtime as written (see `generator/src/emit/embedded.rs`).
//! An item nothing in a document selects inside goes to the output as its text: parsing it
//! with syn to print it again with prettyplease cost a small document a third of its
//! generation. An item with selections inside is parsed; its tokens are built by
//! `quote::quote!` code rather than lexed from its text, which cost a small document a
//! fifth of its generation when the whole runtime was lexed (7.5 million of 41 million
//! instructions for the Kirim spec, measured with callgrind). The expansion also
//! `include_str!`s the file, so that cargo rebuilds the generator when it changes.

mod text;

use proc_macro::{Literal, TokenStream, TokenTree};

/// The top-level items of the runtime file at this path, as an expression of type
/// `&'static [RuntimeText]` (a type the caller defines, with the fields `text: &'static
/// str`, `cfgs: &'static [(usize, usize)]`, `plain: bool`, `tokens: fn() ->
/// proc_macro2::TokenStream` and `members: &'static [RuntimeText]`), one per item the
/// generator's token splitter finds, in order:
///
/// - `text`: the item as written, from its first doc comment or attribute to its end;
/// - `cfgs`: the byte ranges in `text` of its own `#[cfg(...)]` attributes, in order;
/// - `plain`: whether nothing below its top level is selected, so that `text` (less the
///   markers in `cfgs`) is what selecting its parsed tokens would give;
/// - `tokens`: builds the item's tokens (`quote!`), for an item that is parsed; an `impl`
///   block with `members` without them;
/// - `members`: for an `impl` block that is not plain, its members the same way, each
///   text taken one level of indentation in.
///
/// Every text is checked here to lex to the tokens of its item, or the generator does not
/// compile.
#[proc_macro]
pub fn runtime_text(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(tokens) => tokens,
        Err(message) => format!("compile_error!({message:?})")
            .parse()
            .unwrap_or_default(),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, String> {
    let (path, text) = read(input)?;
    let tokens: TokenStream = text
        .parse()
        .map_err(|error| format!("{path} does not lex: {error}"))?;
    let items = describe(&text, tokens).map_err(|error| format!("{path}: {error}"))?;
    format!("{{ const _: &str = include_str!({path:?}); static TEXTS: &[RuntimeText] = &[{items}]; TEXTS }}")
        .parse::<TokenStream>()
        .map_err(|error| error.to_string())
}

/// `RuntimeText { ... }` expressions for the items of `text`, whose tokens are `tokens`,
/// separated by commas.
fn describe(text: &str, tokens: TokenStream) -> Result<String, String> {
    let mut out = String::new();
    for (span, (cfgs, item)) in paired(text, tokens)? {
        let written = &text[span.start..span.end];
        let at = || format!("the item at byte {}", span.start);
        if text::lexed(written).map_err(|error| format!("{}: {error}", at()))? != text::shape(&item)
        {
            return Err(format!("{} is not the item the tokens hold", at()));
        }
        if span.cfgs.len() != cfgs.len() {
            return Err(format!("{}: the cfg attributes differ", at()));
        }
        let mut ranges = String::new();
        for ((start, end), cfg) in span.cfgs.iter().zip(&cfgs) {
            if text::lexed(&text[*start..*end])? != *cfg {
                return Err(format!(
                    "{}: the cfg attribute at byte {start} differs",
                    at()
                ));
            }
            ranges.push_str(&format!("({}, {}),", start - span.start, end - span.start));
        }
        let plain = text::plain(&item);
        let (tokens, members) = match (
            plain,
            text::is_impl(&item),
            span.body,
            text::body_tokens(&item),
        ) {
            (false, true, Some((start, end)), Some(body)) => (
                text::without_body(&item),
                describe_members(&text[start..end], body)
                    .map_err(|error| format!("{}: {error}", at()))?,
            ),
            _ => (item, String::new()),
        };
        out.push_str(&format!(
            "RuntimeText {{ text: {}, cfgs: &[{ranges}], plain: {plain}, tokens: || ::quote::quote! {{ {tokens} }}, members: &[{members}] }},",
            Literal::string(written)
        ));
    }
    Ok(out)
}

/// [`describe`] for the members of an `impl` block, each one level of indentation in.
fn describe_members(body: &str, tokens: TokenStream) -> Result<String, String> {
    let mut out = String::new();
    for (span, (_, item)) in paired(body, tokens)? {
        let dedented = match text::dedent(&body[span.start..span.end]) {
            Some(dedented) if text::plain(&item) => dedented,
            // Only a plain member's text is ever used.
            _ => {
                out.push_str(&format!(
                    "RuntimeText {{ text: \"\", cfgs: &[], plain: false, tokens: || ::quote::quote! {{ {item} }}, members: &[] }},"
                ));
                continue;
            }
        };
        let described = describe(&dedented, item.clone())
            .map_err(|error| format!("the member at byte {}: {error}", span.start))?;
        out.push_str(&described);
    }
    Ok(out)
}

/// The items of `text` as the scanner cuts them, each beside the same item as the token
/// splitter cuts `tokens` (the text's tokens); `Err` if they count differently.
fn paired(text: &str, tokens: TokenStream) -> Result<Vec<(text::Span, text::TokenItem)>, String> {
    let spans = text::items_of(text)?;
    let items = text::token_items(tokens);
    if spans.len() != items.len() {
        return Err(format!(
            "the text has {} items and the tokens {}",
            spans.len(),
            items.len()
        ));
    }
    Ok(spans.into_iter().zip(items).collect())
}

fn read(input: TokenStream) -> Result<(String, String), String> {
    let relative = match input.into_iter().collect::<Vec<_>>().as_slice() {
        [TokenTree::Literal(literal)] => literal.to_string().trim_matches('"').to_owned(),
        _ => return Err("expected the file's path as a string literal".to_owned()),
    };
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| "CARGO_MANIFEST_DIR is not set".to_owned())?;
    let path = format!("{manifest}/runtime/src/{relative}");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    Ok((path, text))
}
