//! The runtime's files cut into their items as text, so that an item nothing in a document
//! selects inside reaches the output as written, without being parsed and printed again.
//!
//! The cutting reads the text with a small scanner (strings, characters, comments and
//! brackets are all it needs to know), and is then checked against the compiler's own
//! lexing of the same file: each piece of text must lex to exactly the tokens of the item
//! the generator's token splitter finds. A file the scanner reads wrongly fails to compile
//! the generator, it cannot embed a wrong text.

use proc_macro::{Delimiter, TokenStream, TokenTree};

/// One top-level item of a text: its byte range, the ranges of its own `#[cfg(...)]`
/// attributes, and the inside of the `{ ... }` that ends it, if one does.
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub cfgs: Vec<(usize, usize)>,
    pub body: Option<(usize, usize)>,
}

/// The top-level items of `text`. Plain comments between items belong to none of them
/// (they are not tokens); doc comments are attributes, and start the item they document.
pub fn items_of(text: &str) -> Result<Vec<Span>, String> {
    let b = text.as_bytes();
    let mut items = Vec::new();
    let mut current: Option<Span> = None;
    let mut depth = 0usize;
    let mut body_start = 0;
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let comment = if rest.starts_with(b"//") {
            let doc = (rest.starts_with(b"///") && !rest.starts_with(b"////"))
                || rest.starts_with(b"//!");
            Some((doc, line_end(b, i)))
        } else if rest.starts_with(b"/*") {
            let doc = (rest.starts_with(b"/**")
                && !rest.starts_with(b"/***")
                && !rest.starts_with(b"/**/"))
                || rest.starts_with(b"/*!");
            Some((doc, block_comment_end(b, i)?))
        } else {
            None
        };
        if let Some((doc, end)) = comment {
            if doc && depth == 0 && current.is_none() {
                current = Some(Span::at(i));
            }
            i = end;
            continue;
        }
        if depth == 0 && current.is_none() {
            current = Some(Span::at(i));
        }
        let c = b[i];
        match c {
            b'"' => i = string_end(b, i + 1)?,
            b'\'' => i = quote_end(b, i)?,
            b'#' if depth == 0 => {
                let mut j = skip_whitespace(b, i + 1);
                if b.get(j) == Some(&b'!') {
                    j = skip_whitespace(b, j + 1);
                }
                if b.get(j) != Some(&b'[') {
                    i += 1;
                    continue;
                }
                let end = bracket_end(b, j)?;
                let inner = text[j + 1..end - 1].trim_start();
                let cfg = inner.starts_with("cfg")
                    && !inner[3..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
                if let (true, Some(span)) = (cfg, current.as_mut()) {
                    span.cfgs.push((i, end));
                }
                i = end;
            }
            b'(' | b'[' | b'{' => {
                if depth == 0 && c == b'{' {
                    body_start = i + 1;
                }
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("an unopened `{}` at byte {i}", c as char))?;
                i += 1;
                if depth == 0 && c == b'}' {
                    let mut span = current.take().ok_or("an item without a start")?;
                    span.body = Some((body_start, i - 1));
                    let next = skip_whitespace(b, i);
                    i = if b.get(next) == Some(&b';') {
                        next + 1
                    } else {
                        i
                    };
                    span.end = i;
                    items.push(span);
                }
            }
            b';' if depth == 0 => {
                i += 1;
                let mut span = current.take().ok_or("an item without a start")?;
                span.end = i;
                items.push(span);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let j = ident_end(b, i);
                i = match (&text[i..j], b.get(j)) {
                    ("r" | "br" | "cr", Some(b'"' | b'#')) => raw_string_end(b, j)?.unwrap_or(j),
                    ("b" | "c", Some(b'"')) => string_end(b, j + 1)?,
                    ("b", Some(b'\'')) => quote_end(b, j)?,
                    _ => j,
                };
            }
            _ => i += utf8_len(c),
        }
    }
    if depth != 0 {
        return Err("a bracket is never closed".into());
    }
    if let Some(span) = current {
        return Err(format!("the item at byte {} does not end", span.start));
    }
    Ok(items)
}

impl Span {
    fn at(start: usize) -> Self {
        Span {
            start,
            end: start,
            cfgs: Vec::new(),
            body: None,
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| from + n)
}

fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

fn ident_end(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        i += 1;
    }
    i
}

/// Past a `/* ... */` comment, which nests.
fn block_comment_end(b: &[u8], from: usize) -> Result<usize, String> {
    let mut depth = 0;
    let mut i = from;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => i += 1,
        }
    }
    Err(format!("the comment at byte {from} is never closed"))
}

/// Past the closing `"` of a string whose text starts at `from`.
fn string_end(b: &[u8], from: usize) -> Result<usize, String> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(format!("the string before byte {from} is never closed"))
}

/// Past a raw string whose `#`s or `"` start at `from`; `None` for a raw identifier
/// (`r#type`), which is not a string.
fn raw_string_end(b: &[u8], from: usize) -> Result<Option<usize>, String> {
    let hashes = b[from..].iter().take_while(|&&c| c == b'#').count();
    let quote = from + hashes;
    if b.get(quote) != Some(&b'"') {
        return Ok(None);
    }
    let mut i = quote + 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return Ok(Some(i + 1 + hashes));
        }
        i += 1;
    }
    Err(format!("the raw string at byte {from} is never closed"))
}

/// Past a character literal, or past the name of a lifetime, at the `'` at `from`.
fn quote_end(b: &[u8], from: usize) -> Result<usize, String> {
    let unclosed = || format!("the character at byte {from} is never closed");
    if b.get(from + 1) == Some(&b'\\') {
        let close = b[from + 3..]
            .iter()
            .position(|&c| c == b'\'')
            .ok_or_else(unclosed)?;
        return Ok(from + 3 + close + 1);
    }
    let first = *b.get(from + 1).ok_or_else(unclosed)?;
    let after = from + 1 + utf8_len(first);
    if b.get(after) == Some(&b'\'') {
        return Ok(after + 1);
    }
    Ok(ident_end(b, from + 1))
}

/// Past the `]` that closes the `[` at `from`.
fn bracket_end(b: &[u8], from: usize) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i + 1)?;
                continue;
            }
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(format!("the attribute at byte {from} is never closed"))
}

/// An item as the token splitter gives it: its `#[cfg(...)]` attributes (as [`shape`]
/// writes them) and its tokens.
pub type TokenItem = (Vec<String>, TokenStream);

/// A token stream cut into top-level items, each with its `#[cfg(...)]` attributes: the
/// same cut as the generator's (`top_level_items` in generator/src/emit/embedded.rs).
pub fn token_items(tokens: TokenStream) -> Vec<TokenItem> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut cfgs = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let brace =
            matches!(&token, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
        let semicolon = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ';');
        let pound = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '#');
        current.push(token);
        if pound {
            if let Some(TokenTree::Group(group)) = tokens.peek() {
                let cfg = group.delimiter() == Delimiter::Bracket
                    && matches!(group.stream().into_iter().next(),
                        Some(TokenTree::Ident(name)) if name.to_string() == "cfg");
                if cfg {
                    let pair: TokenStream =
                        [current[current.len() - 1].clone(), group.clone().into()]
                            .into_iter()
                            .collect();
                    cfgs.push(shape(&pair));
                }
                current.extend(tokens.next());
            }
            continue;
        }
        if !brace && !semicolon {
            continue;
        }
        if brace && matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == ';') {
            current.extend(tokens.next());
        }
        items.push((std::mem::take(&mut cfgs), current.drain(..).collect()));
    }
    if !current.is_empty() {
        items.push((cfgs, current.into_iter().collect()));
    }
    items
}

/// Whether a literal of the item spans lines (indenting its text would change the string).
pub fn spans_lines(item: &TokenStream) -> bool {
    item.clone().into_iter().any(|token| match token {
        TokenTree::Group(group) => spans_lines(&group.stream()),
        TokenTree::Literal(literal) => literal.to_string().contains('\n'),
        _ => false,
    })
}

/// Whether nothing inside an item is selected (no `cfg` naming `uses` or `test` below its
/// top level) and no literal spans lines: an `impl` block that is not plain is embedded
/// member by member.
pub fn plain(item: &TokenStream) -> bool {
    !spans_lines(item) && marker_paths(item).is_empty()
}

pub fn names_a_marker(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(name) => matches!(name.to_string().as_str(), "uses" | "test"),
        TokenTree::Group(group) => names_a_marker(group.stream()),
        _ => false,
    })
}

/// Whether the item's tokens start (after attributes) with `impl`.
pub fn is_impl(item: &TokenStream) -> bool {
    let mut tokens = item.clone().into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    tokens.next();
                }
                tokens.next();
            }
            TokenTree::Ident(name) => return name.to_string() == "impl",
            _ => return false,
        }
    }
    false
}

/// The stream inside the item's last `{ ... }`.
pub fn body_tokens(item: &TokenStream) -> Option<TokenStream> {
    item.clone()
        .into_iter()
        .fold(None, |last, token| match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                Some(group.stream())
            }
            _ => last,
        })
}

/// The item with its last `{ ... }` emptied: an `impl` block's head.
pub fn without_body(item: &TokenStream) -> TokenStream {
    let last = item
        .clone()
        .into_iter()
        .enumerate()
        .filter(|(_, token)| matches!(token, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace))
        .map(|(index, _)| index)
        .last();
    item.clone()
        .into_iter()
        .enumerate()
        .map(|(index, token)| match Some(index) == last {
            true => proc_macro::Group::new(Delimiter::Brace, TokenStream::new()).into(),
            false => token,
        })
        .collect()
}

/// `text` with one level (four spaces) of indentation taken from every line after the
/// first; `None` if a line that is not empty has less.
pub fn dedent(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str(line.strip_prefix("    ")?);
            }
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// The compiler's tokens of `text`, as [`shape`] writes them.
pub fn lexed(text: &str) -> Result<String, String> {
    text.parse::<TokenStream>()
        .map(|tokens| shape(&tokens))
        .map_err(|error| format!("does not lex: {error}"))
}

/// The tokens as a string that two streams share exactly when they hold the same tokens
/// (a doc comment as the attribute it stands for; spans aside). `to_string` will not do:
/// it prints a doc comment as written or as an attribute depending on where it came from.
pub fn shape(tokens: &TokenStream) -> String {
    fn write(tokens: TokenStream, out: &mut String) {
        for token in tokens {
            match token {
                TokenTree::Group(group) => {
                    out.push_str(match group.delimiter() {
                        Delimiter::Parenthesis => "(",
                        Delimiter::Brace => "{",
                        Delimiter::Bracket => "[",
                        Delimiter::None => "<",
                    });
                    write(group.stream(), out);
                    out.push_str(match group.delimiter() {
                        Delimiter::Parenthesis => ")",
                        Delimiter::Brace => "}",
                        Delimiter::Bracket => "]",
                        Delimiter::None => ">",
                    });
                }
                TokenTree::Punct(punct) => {
                    out.push(punct.as_char());
                    out.push(match punct.spacing() {
                        proc_macro::Spacing::Joint => '+',
                        proc_macro::Spacing::Alone => ' ',
                    });
                }
                TokenTree::Ident(ident) => {
                    out.push_str(&ident.to_string());
                    out.push(' ');
                }
                TokenTree::Literal(literal) => {
                    out.push_str(&literal.to_string());
                    out.push(' ');
                }
            }
        }
    }
    let mut out = String::new();
    write(tokens.clone(), &mut out);
    out
}

/// A marker below an item's top level (`#[cfg(uses = "name")]` on a field, variant,
/// parameter, statement, struct-literal field or match arm), as byte ranges of the item's
/// text: the attribute; what goes when the marker keeps its node (the attribute, with its
/// line where it has one alone); and what goes when it drops it (the node with the doc
/// comments, comments and attributes written above it, with its lines where it has them
/// alone).
pub struct Marker {
    pub attr: (usize, usize),
    pub keep: (usize, usize),
    pub drop: (usize, usize),
}

/// The markers below the top level of the item `text`, in order; `None` when one of them
/// marks a node whose end the scanner does not know how to find (a statement that ends
/// with a block, an item in a block): such an item is parsed instead.
pub fn markers(text: &str) -> Result<Option<Vec<Marker>>, String> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        let next = token_end(text, i)?;
        match b[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if depth > 0 && b.get(skip_whitespace(b, i + 1)) == Some(&b'[') => {
                let open = skip_whitespace(b, i + 1);
                let end = bracket_end(b, open)?;
                if is_marker(&text[i..end]) {
                    let Some(node_end) = node_end(text, end)? else {
                        return Ok(None);
                    };
                    found.push(Marker {
                        attr: (i, end),
                        keep: with_line(text, i, end),
                        drop: with_line(text, node_start(text, i), node_end),
                    });
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i = next;
    }
    Ok(Some(found))
}

/// Whether the attribute `attr` (`#[...]`) is a `cfg` naming a marker.
fn is_marker(attr: &str) -> bool {
    let inner = attr[1..].trim_start().trim_start_matches('[').trim_start();
    inner.starts_with("cfg")
        && !inner[3..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        && attr.parse::<TokenStream>().is_ok_and(names_a_marker)
}

/// Past the token (or whitespace, or comment) at `i`: a string, character or lifetime, or
/// comment whole, a name whole, anything else one character.
fn token_end(text: &str, i: usize) -> Result<usize, String> {
    let b = text.as_bytes();
    let rest = &b[i..];
    Ok(match b[i] {
        _ if rest.starts_with(b"//") => line_end(b, i),
        _ if rest.starts_with(b"/*") => block_comment_end(b, i)?,
        b'"' => string_end(b, i + 1)?,
        b'\'' => quote_end(b, i)?,
        c if c.is_ascii_alphanumeric() || c == b'_' => {
            let j = ident_end(b, i);
            match (&text[i..j], b.get(j)) {
                ("r" | "br" | "cr", Some(b'"' | b'#')) => raw_string_end(b, j)?.unwrap_or(j),
                ("b" | "c", Some(b'"')) => string_end(b, j + 1)?,
                ("b", Some(b'\'')) => quote_end(b, j)?,
                _ => j,
            }
        }
        c => i + utf8_len(c),
    })
}

/// The end of the node whose attribute ends at `from`: past the `,` or `;` that ends it,
/// past the block of a match arm written without a comma, or before the bracket that
/// closes its list. `None` for a node that starts with a block-like keyword, whose end
/// the scanner would have to parse to find.
fn node_end(text: &str, from: usize) -> Result<Option<usize>, String> {
    const BLOCK_LIKE: &[&str] = &[
        "if",
        "match",
        "for",
        "while",
        "loop",
        "unsafe",
        "async",
        "fn",
        "impl",
        "struct",
        "enum",
        "mod",
        "trait",
        "macro_rules",
        "pub",
        "const",
        "static",
        "use",
    ];
    let b = text.as_bytes();
    let mut i = from;
    // The node's first token, past its other attributes.
    loop {
        i = skip_whitespace(b, i);
        match b.get(i) {
            Some(b'#') => i = bracket_end(b, skip_whitespace(b, i + 1))?,
            Some(b'/') if b[i..].starts_with(b"//") => i = line_end(b, i),
            Some(b'{') | None => return Ok(None),
            Some(_) => break,
        }
    }
    if BLOCK_LIKE.contains(&&text[i..ident_end(b, i)]) {
        return Ok(None);
    }
    let mut depth = 0usize;
    let mut angle = 0usize;
    let mut last = i;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() || b[i..].starts_with(b"//") || b[i..].starts_with(b"/*") {
            i = token_end(text, i)?;
            continue;
        }
        let next = token_end(text, i)?;
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return Ok(Some(last)),
            b')' | b']' | b'}' => depth -= 1,
            b';' if depth == 0 => return Ok(Some(next)),
            b',' if depth == 0 && angle == 0 => return Ok(Some(next)),
            // A type's angle brackets hold commas; arrows and comparisons are not brackets.
            b'<' if depth == 0 && !matches!(b.get(i + 1), Some(b'=' | b'<')) => angle += 1,
            b'>' if depth == 0 && !matches!(b[i - 1], b'-' | b'=') => {
                angle = angle.saturating_sub(1)
            }
            // A match arm whose body is a block needs no comma.
            b'=' if depth == 0 && b.get(i + 1) == Some(&b'>') => {
                let body = skip_whitespace(b, i + 2);
                if b.get(body) == Some(&b'{') {
                    let close = bracket_end(b, body)?;
                    let after = skip_whitespace(b, close);
                    return Ok(Some(match b.get(after) {
                        Some(b',') => after + 1,
                        Some(b'.' | b'?') => return Ok(None),
                        _ => close,
                    }));
                }
            }
            _ => {}
        }
        i = next;
        last = next;
    }
    Ok(None)
}

/// Where the node whose marker starts at `attr` starts: at its first line of comments and
/// attributes written above it, where the marker starts a line; at the marker otherwise.
fn node_start(text: &str, attr: usize) -> usize {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |n| n + 1);
    let mut start = line_start(attr);
    if !text[start..attr].trim().is_empty() {
        return attr;
    }
    while start > 0 {
        let above = line_start(start - 1);
        let line = text[above..start].trim();
        let belongs = line.starts_with("//") || (line.starts_with("#[") && line.ends_with(']'));
        if !belongs {
            break;
        }
        start = above;
    }
    start + (text[start..].len() - text[start..].trim_start_matches(' ').len())
}

/// The range `start..end`, widened to its whole lines (with the line break) where nothing
/// else is on them, or to the spaces after it where something is.
pub fn with_line(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    if text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty() {
        (line_start, line_end)
    } else {
        (
            start,
            end + (text[end..].len() - text[end..].trim_start_matches(' ').len()),
        )
    }
}

/// Where the marker attributes below the top level of `item` are: for each, the indexes
/// of the groups down to it and the index of its `#` (or the `!` of a `#!`) in its group.
fn marker_paths(item: &TokenStream) -> Vec<Vec<usize>> {
    fn walk(tokens: &TokenStream, top: bool, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
        for (index, token) in list.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                let after_pound = index > 0
                    && matches!(&list[index - 1], TokenTree::Punct(p) if matches!(p.as_char(), '#' | '!'));
                let cfg = group.delimiter() == Delimiter::Bracket
                    && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(name)) if name.to_string() == "cfg");
                if !top && after_pound && cfg && names_a_marker(group.stream()) {
                    let mut at = path.clone();
                    at.push(index - 1);
                    out.push(at);
                    continue;
                }
                path.push(index);
                walk(&group.stream(), false, path, out);
                path.pop();
            }
        }
    }
    let mut found = Vec::new();
    walk(item, true, &mut Vec::new(), &mut found);
    found
}

/// The shapes of the marker attributes below the top level of `item`, in order, and the
/// item's shape without each (`#[cfg(...)]` removed alone): what the text's markers must
/// be, and what the text less each marker's `keep` range must lex to.
pub fn token_markers(item: &TokenStream) -> Vec<(String, String)> {
    fn remove(tokens: &TokenStream, at: &[usize]) -> (TokenStream, TokenStream) {
        let list: Vec<TokenTree> = tokens.clone().into_iter().collect();
        if let [index] = at {
            let attr = list[*index..*index + 2].iter().cloned().collect();
            let rest = list[..*index]
                .iter()
                .chain(&list[*index + 2..])
                .cloned()
                .collect();
            return (attr, rest);
        }
        let mut attr = TokenStream::new();
        let rest = list
            .into_iter()
            .enumerate()
            .map(|(index, token)| match token {
                TokenTree::Group(group) if index == at[0] => {
                    let (found, inner) = remove(&group.stream(), &at[1..]);
                    attr = found;
                    let mut rebuilt = proc_macro::Group::new(group.delimiter(), inner);
                    rebuilt.set_span(group.span());
                    TokenTree::Group(rebuilt)
                }
                token => token,
            })
            .collect();
        (attr, rest)
    }
    marker_paths(item)
        .iter()
        .map(|at| {
            let (attr, rest) = remove(item, at);
            (shape(&attr), shape(&rest))
        })
        .collect()
}

// The scanner's cuts on their own (the pure-text parts: what needs the compiler's lexer
// only runs inside a macro, and is checked by the generator's tests of every runtime file).
#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the node whose attribute ends just before `after` in `text`.
    fn node(text: &str, after: &str) -> Option<String> {
        let from = text.find(after).expect("in the text");
        node_end(text, from)
            .expect("scans")
            .map(|end| text[from..end].to_owned())
    }

    #[test]
    fn a_node_ends_at_its_comma_or_semicolon_not_inside_brackets_or_angle_brackets() {
        let text = "#[cfg(uses = \"a\")] headers: Map<K, V>, next: u8,";
        assert_eq!(
            node(text, " headers").as_deref(),
            Some(" headers: Map<K, V>,")
        );
        let text = "#[cfg(uses = \"a\")] let x = f(a, b) -> c; next();";
        assert_eq!(
            node(text, " let").as_deref(),
            Some(" let x = f(a, b) -> c;")
        );
    }

    #[test]
    fn the_last_node_of_a_list_ends_before_the_bracket() {
        let text = "{ a, #[cfg(uses = \"a\")] b\n}";
        assert_eq!(node(text, " b").as_deref(), Some(" b"));
    }

    #[test]
    fn a_match_arm_ends_after_its_block_or_its_comma() {
        let text = "X => {\n    f();\n}\nY => g(),";
        assert_eq!(node(text, "X").as_deref(), Some("X => {\n    f();\n}"));
        let text = "X => {\n    f();\n},\nY => g(),";
        assert_eq!(node(text, "X").as_deref(), Some("X => {\n    f();\n},"));
        let text = "X => match y {\n    _ => 1,\n},\nY => g(),";
        assert_eq!(
            node(text, "X").as_deref(),
            Some("X => match y {\n    _ => 1,\n},")
        );
    }

    #[test]
    fn a_node_that_ends_in_a_block_is_not_delimited() {
        assert_eq!(node("#[cfg(uses = \"a\")] if x { y(); } z();", " if"), None);
        assert_eq!(node("#[cfg(uses = \"a\")] { y(); } z();", " {"), None);
        assert_eq!(node("X => { y() }.z(),", "X"), None);
    }

    #[test]
    fn a_node_starts_at_the_comments_and_attributes_above_its_marker() {
        let text = "    a: u8,\n    // Why b.\n    /// B.\n    #[cfg(uses = \"b\")]\n    b: u8,\n";
        let marker = text.find("#[cfg").expect("a marker");
        assert_eq!(
            &text[node_start(text, marker)..],
            "// Why b.\n    /// B.\n    #[cfg(uses = \"b\")]\n    b: u8,\n"
        );
        let inline = "f(a, #[cfg(uses = \"b\")] b)";
        let marker = inline.find("#[cfg").expect("a marker");
        assert_eq!(node_start(inline, marker), marker);
    }

    #[test]
    fn a_cut_takes_its_lines_where_it_has_them_alone() {
        let text = "a,\n    #[cfg(x)]\n    b,\n";
        let (start, end) = (text.find('#').expect("#"), text.find(")]").expect("]") + 2);
        assert_eq!(with_line(text, start, end), (3, 17));
        let text = "f(#[cfg(x)] b)";
        assert_eq!(with_line(text, 2, 11), (2, 12));
    }
}
