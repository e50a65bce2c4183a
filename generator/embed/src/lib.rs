//! `runtime_text!("client/settings.rs")`: the top-level items of a file of
//! `generator/runtime/src`, each as its text with the byte ranges of its markers, for the
//! generator to embed at compile time.
//!
//! The generator embeds the runtime as written (see `generator/src/emit/embedded.rs`).
//! An item goes to the output as its text, less the markers that keep its parts and the
//! parts that markers drop (fields, variants, statements, match arms, each delimited
//! here): parsing it with syn to print it again with prettyplease cost a small document a
//! third of its generation. An item whose marked parts the scanner cannot delimit, or
//! whose marker stands for attributes in a document, is parsed from its text. (Each item
//! once came with `quote::quote!` code that built its tokens, when every item was parsed
//! and lexing the whole runtime cost a small document a fifth of its generation; with few
//! items parsed, that code was a sixth of the command line's binary, 1 MB, and lexing
//! those items costs the Kirim spec 0.03 M of its 17.4 M instructions.) The expansion
//! also `include_str!`s the file, so that cargo rebuilds the generator when it changes.

mod text;

use proc_macro::{Delimiter, Literal, TokenStream, TokenTree};

/// The top-level items of the runtime file at this path, as an expression of type
/// `&'static [RuntimeText]` (a type the caller defines, with the fields `text: &'static
/// str`, `cfgs: &'static [RuntimeMarker]`, `plain: bool`, `markers: &'static
/// [RuntimeMarker]`, `head: &'static str` and `members: &'static [RuntimeText]`; a
/// `RuntimeMarker` has `condition: RuntimeCondition` and `keep` and `drop`, each a `(usize,
/// usize)`; a `RuntimeCondition` is `Test`, `Uses(&'static str)`, `Any(&'static
/// [RuntimeCondition])`, `Not(&'static RuntimeCondition)` or `Other`), one per item the
/// generator's token splitter finds, in order:
///
/// - `text`: the item as written, from its first doc comment or attribute to its end;
/// - `cfgs`: its own `#[cfg(...)]` attributes, in order, as markers of the whole item;
/// - `plain`: whether `text` can be used: no literal spans lines, and every marker below
///   its top level is in `markers`, so that `text` less the ranges the markers say is
///   what selecting its parsed tokens would give;
/// - `markers`: the markers below its top level, in order (see `text::Marker`);
/// - `head`: for an `impl` block with `members`, its head as written with an empty body
///   (`impl Client {}`), what is parsed of the block; empty otherwise;
/// - `members`: for an `impl` block with markers inside, its members the same way, each
///   text taken one level of indentation in (so that a member that goes as text leaves
///   the block's other members to be selected alone).
///
/// Every text (and head) is checked here to lex to the tokens of its item, so that
/// parsing it gives the item; otherwise the generator does not compile.
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
            let condition = condition_expr(&text[*start..*end])
                .map_err(|error| format!("{}: the cfg attribute at byte {start}: {error}", at()))?;
            let (start, end) = (start - span.start, end - span.start);
            let (keep_start, keep_end) = text::with_line(written, start, end);
            ranges.push_str(&marker_expr(
                &condition,
                (keep_start, keep_end),
                (0, written.len()),
            ));
        }
        let split = !text::plain(&item) && text::is_impl(&item);
        let (head, members, plain, markers) = match (split, span.body, text::body_tokens(&item)) {
            (true, Some((start, end)), Some(body)) => {
                // The block's head as written, with an empty body: `impl Client {}`.
                let head = format!("{}}}", &text[span.start..start]);
                if text::lexed(&head)? != text::shape(&text::without_body(&item)) {
                    return Err(format!("{}: its head is not the tokens' head", at()));
                }
                let members = describe_members(&text[start..end], body)
                    .map_err(|error| format!("{}: {error}", at()))?;
                (head, members, false, String::new())
            }
            _ => match described_markers(written, &item)
                .map_err(|error| format!("{}: {error}", at()))?
            {
                Some(markers) => {
                    let plain = !text::spans_lines(&item);
                    (String::new(), String::new(), plain, markers)
                }
                None => (String::new(), String::new(), false, String::new()),
            },
        };
        out.push_str(&format!(
            "RuntimeText {{ text: {}, cfgs: &[{ranges}], plain: {plain}, markers: &[{markers}], head: {}, members: &[{members}] }},",
            Literal::string(written),
            Literal::string(&head)
        ));
    }
    Ok(out)
}

/// `RuntimeMarker { ... }` expressions for the markers below the top level of `written`,
/// whose tokens are `item`; `None` where one marks a node the scanner cannot delimit.
/// Each marker is checked against the tokens: the same attribute, and the text less the
/// marker lexes to the item's tokens less it. (That the text less a dropped node is the
/// item less that node is the generator's test `an_item_as_written_is_the_item_parsed_and_selected`.)
fn described_markers(written: &str, item: &TokenStream) -> Result<Option<String>, String> {
    let Some(markers) = text::markers(written)? else {
        return Ok(None);
    };
    let expected = text::token_markers(item);
    same_count("markers inside", markers.len(), expected.len())?;
    let mut out = String::new();
    for (marker, (attr, rest)) in markers.iter().zip(&expected) {
        let (start, end) = marker.attr;
        let less = |(from, to): (usize, usize)| format!("{}{}", &written[..from], &written[to..]);
        if text::lexed(&written[start..end])? != *attr {
            return Err(format!(
                "the marker at byte {start} is not the tokens' marker"
            ));
        }
        if text::lexed(&less(marker.keep))? != *rest {
            return Err(format!(
                "the text less the marker at byte {start} is not the tokens less it"
            ));
        }
        text::lexed(&less(marker.drop))
            .map_err(|error| format!("the text less the node marked at byte {start} {error}"))?;
        let condition = condition_expr(&written[start..end])
            .map_err(|error| format!("the marker at byte {start}: {error}"))?;
        out.push_str(&marker_expr(&condition, marker.keep, marker.drop));
    }
    Ok(Some(out))
}

/// The `RuntimeMarker { ... }` expression of this condition and these byte ranges, and a
/// comma.
fn marker_expr(condition: &str, keep: (usize, usize), drop: (usize, usize)) -> String {
    format!(
        "RuntimeMarker {{ condition: {condition}, keep: ({}, {}), drop: ({}, {}) }},",
        keep.0, keep.1, drop.0, drop.1
    )
}

/// The `RuntimeCondition` expression of the `#[cfg(...)]` attribute `attr`: read here, once,
/// so that the generator does not lex and parse each attribute on every run (33 of them
/// cost the Kirim spec's generation 0.65 M of its 17.3 M instructions).
fn condition_expr(attr: &str) -> Result<String, String> {
    let tokens: TokenStream = attr
        .parse()
        .map_err(|error| format!("does not lex: {error}"))?;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    if let [TokenTree::Punct(hash), TokenTree::Group(bracket)] = tokens.as_slice() {
        let inner: Vec<TokenTree> = bracket.stream().into_iter().collect();
        if let [TokenTree::Ident(cfg), TokenTree::Group(arguments)] = inner.as_slice() {
            if hash.as_char() == '#'
                && bracket.delimiter() == Delimiter::Bracket
                && cfg.to_string() == "cfg"
                && arguments.delimiter() == Delimiter::Parenthesis
            {
                return condition(arguments.stream());
            }
        }
    }
    Err(format!("`{attr}` is not one `#[cfg(...)]` attribute"))
}

/// The `RuntimeCondition` expression of a `cfg` condition's tokens: `test`, `uses =
/// "name"`, `any(...)` and `not(...)` as the generator selects them, anything else
/// (`feature = "x"`) kept in the output as it is.
fn condition(tokens: TokenStream) -> Result<String, String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let word = |token: &TokenTree, expected: &str| matches!(token, TokenTree::Ident(name) if name.to_string() == expected);
    let parenthesised = |token: &TokenTree| match token {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
            Some(group.stream())
        }
        _ => None,
    };
    Ok(match tokens.as_slice() {
        [test] if word(test, "test") => "RuntimeCondition::Test".to_owned(),
        [uses, TokenTree::Punct(equals), TokenTree::Literal(name)]
            if word(uses, "uses") && equals.as_char() == '=' =>
        {
            let name = name.to_string();
            if !name.starts_with('"') {
                return Err(format!(
                    "a `uses` marker names its flag as a string, not {name}"
                ));
            }
            format!("RuntimeCondition::Uses({name})")
        }
        [any, list] if word(any, "any") && parenthesised(list).is_some() => {
            let mut alternatives = Vec::new();
            let mut alternative = TokenStream::new();
            for token in parenthesised(list).into_iter().flatten() {
                match token {
                    TokenTree::Punct(comma) if comma.as_char() == ',' => {
                        alternatives.push(condition(std::mem::take(&mut alternative))?);
                    }
                    token => alternative.extend([token]),
                }
            }
            if !alternative.is_empty() {
                alternatives.push(condition(alternative)?);
            }
            format!("RuntimeCondition::Any(&[{}])", alternatives.join(", "))
        }
        [not, inner] if word(not, "not") => match parenthesised(inner) {
            Some(inner) => format!("RuntimeCondition::Not(&{})", condition(inner)?),
            None => return Err("`not` takes one condition in parentheses".to_owned()),
        },
        _ if text::names_a_marker(tokens.iter().cloned().collect()) => {
            let written: TokenStream = tokens.into_iter().collect();
            return Err(format!(
                "`{written}` is not a marker the generator reads (`test`, `uses = \"name\"`, `any(...)`, `not(...)`)"
            ));
        }
        _ => "RuntimeCondition::Other".to_owned(),
    })
}

/// [`describe`] for the members of an `impl` block, each one level of indentation in.
fn describe_members(body: &str, tokens: TokenStream) -> Result<String, String> {
    let mut out = String::new();
    for (span, (_, item)) in paired(body, tokens)? {
        let written = &body[span.start..span.end];
        let dedented = text::dedent(written);
        // Only a member's text is dedented: one whose literal spans lines, or that is not
        // indented as rustfmt would, is parsed from its text as written.
        let Some(dedented) = dedented.filter(|_| !text::spans_lines(&item)) else {
            if text::lexed(written)? != text::shape(&item) {
                return Err(format!(
                    "the member at byte {} is not the member the tokens hold",
                    span.start
                ));
            }
            out.push_str(&format!(
                "RuntimeText {{ text: {}, cfgs: &[], plain: false, markers: &[], head: \"\", members: &[] }},",
                Literal::string(written)
            ));
            continue;
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
    same_count("items", spans.len(), items.len())?;
    Ok(spans.into_iter().zip(items).collect())
}

/// `Err` unless the text and the tokens hold as many `what`.
fn same_count(what: &str, in_text: usize, in_tokens: usize) -> Result<(), String> {
    if in_text != in_tokens {
        return Err(format!(
            "the text has {in_text} {what} and the tokens {in_tokens}"
        ));
    }
    Ok(())
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
