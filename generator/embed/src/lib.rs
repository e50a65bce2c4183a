//! `runtime_tokens!("client/settings.rs")`: a file of `generator/runtime/src` as a
//! `proc_macro2::TokenStream`, built by code rather than lexed from text when the
//! generator runs.
//!
//! The generator embeds the runtime as written (see `generator/src/emit/embedded.rs`).
//! Lexing its text on every generation cost a small document a fifth of its generation
//! (7.5 million of 41 million instructions for the Kirim spec, measured with callgrind);
//! the file's tokens wrapped in `quote::quote!` are built as cheaply as the `quote!`
//! blocks the runtime used to be written in. The expansion also `include_str!`s the
//! file, so that cargo rebuilds the generator when it changes.

use proc_macro::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// The tokens of the runtime file at this path (relative to `generator/runtime/src`).
#[proc_macro]
pub fn runtime_tokens(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(tokens) => tokens,
        Err(message) => format!("compile_error!({message:?})")
            .parse()
            .unwrap_or_default(),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, String> {
    let relative = match input.into_iter().collect::<Vec<_>>().as_slice() {
        [TokenTree::Literal(literal)] => literal.to_string().trim_matches('"').to_owned(),
        _ => return Err("expected the file's path as a string literal".to_owned()),
    };
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| "CARGO_MANIFEST_DIR is not set".to_owned())?;
    let path = format!("{manifest}/runtime/src/{relative}");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let tokens: TokenStream = text
        .parse()
        .map_err(|error| format!("{path} does not lex: {error}"))?;
    // { const _: &str = include_str!("<path>"); ::quote::quote! { <tokens> } }
    let mut body = TokenStream::new();
    body.extend(
        format!("const _: &str = include_str!({path:?});")
            .parse::<TokenStream>()
            .map_err(|error| error.to_string())?,
    );
    body.extend([
        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
        TokenTree::Ident(Ident::new("quote", Span::call_site())),
        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
        TokenTree::Ident(Ident::new("quote", Span::call_site())),
        TokenTree::Punct(Punct::new('!', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Brace, tokens)),
    ]);
    Ok(TokenStream::from(TokenTree::Group(Group::new(
        Delimiter::Brace,
        body,
    ))))
}
