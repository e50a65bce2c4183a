//! Doc text from the document, made safe for rustdoc and clippy.
//!
//! Descriptions are CommonMark written for a web page. In a doc comment, a code block is a
//! doctest that `cargo test` compiles, a bare URL and an unmatched `[link]` are rustdoc
//! warnings. So code blocks are marked `text`, indentation that would start a code block
//! is dropped, bare URLs get angle brackets, and brackets that are not links are escaped.
//!
//! Lists keep their structure: an item's continuation lines are indented to the item's
//! text, also those the author left unindented ("lazy" continuations, which CommonMark
//! reads as part of the item all the same, and clippy's `doc_lazy_continuation` rejects).
//! A lazy line after a `>` quote gets its `>` for the same reason; tabs become spaces
//! (`tabs_in_doc_comments`). HTML tags rustdoc would reject (unopened, unclosed, a
//! self-closing `<p/>`) are escaped, and a type's link to the type it belongs to becomes
//! plain code when that type is not emitted.

use super::TypeDef;
use std::borrow::Cow;
use std::collections::HashSet;

/// `text` as doc comment text; `None` when it is empty.
pub fn doc_text(text: &str) -> Option<String> {
    let text = without_control_characters(text);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut layout = Layout::default();
    let mut lines = text.lines().peekable();
    let mut out = Vec::new();
    let mut html = Vec::new();
    while let Some(line) = lines.next() {
        out.push(layout.line(line, lines.peek().copied()));
        html.push(layout.in_html);
    }
    escape_unbalanced_tags(&mut out, &html);
    let mut joined = out.join("\n");
    if layout.in_fence {
        // An unclosed fence would swallow whatever the generator writes after it.
        joined.push_str("\n```");
    }
    Some(joined)
}

/// The API's title as doc text on one line, for "A client of the {title}.".
pub fn title_text(title: &str) -> String {
    doc_text(title)
        .map(|text| text.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "API".to_owned())
}

/// `text` without the control characters source code must not carry (a NUL, an escape),
/// keeping the line breaks and tabs that layout reads.
fn without_control_characters(text: &str) -> Cow<'_, str> {
    let stray = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if text.contains(stray) {
        Cow::Owned(text.chars().filter(|&c| !stray(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Type docs link the type they are a property of (`[`Owner`]`). An owner that is not
/// emitted (a component that only other schemas merge with `allOf`, left out as no
/// operation reaches it) would be a broken intra-doc link, which rustdoc warns about: it
/// is named in code font instead.
pub(crate) fn unlink_missing_types(types: &mut [TypeDef]) {
    let names: HashSet<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let relinked: Vec<Option<String>> = types
        .iter()
        .map(|def| without_missing_links(&def.docs, &names))
        .collect();
    for (def, docs) in types.iter_mut().zip(relinked) {
        if let Some(docs) = docs {
            def.docs = docs;
        }
    }
}

/// `text` with each ``[`Name`]`` whose `Name` is not in `names` (and that is not a link
/// with a target of its own) written as `` `Name` ``; `None` when there is none.
fn without_missing_links(text: &str, names: &HashSet<&str>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find("[`") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("`]") else { break };
        let name = &after[..end];
        let tail = &after[end + 2..];
        let is_ident = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        let has_target = tail.starts_with(['(', '[', ':']);
        out.push_str(&rest[..start]);
        if is_ident && !has_target && !names.contains(name) {
            out.push('`');
            out.push_str(name);
            out.push('`');
            changed = true;
        } else {
            out.push_str(&rest[start..start + 2 + end + 2]);
        }
        rest = tail;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Where the lines so far have left the text: in a fence, in which list items, after what.
#[derive(Default)]
struct Layout {
    in_fence: bool,
    /// The open list items, outermost first: the column of the item's text as written,
    /// and as output.
    items: Vec<(usize, usize)>,
    /// The previous line was blank.
    after_blank: bool,
    /// The previous line was text inside a `>` quote.
    after_quote_text: bool,
    /// The line is in an HTML block (one that starts with `<p>`, say, up to a blank
    /// line): Markdown is not read there, so it is left as written.
    in_html: bool,
    /// A line with text has been laid out.
    after_text: bool,
}

impl Layout {
    /// Lays out `line`; `next` is the line after it, where a link it opens may end.
    fn line(&mut self, line: &str, next: Option<&str>) -> String {
        let line = expand_tabs(line);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Fences are written at the margin: whatever list was open ends there.
            let fence = &trimmed[..3];
            self.in_fence = !self.in_fence;
            self.items.clear();
            self.after_blank = true;
            self.after_quote_text = false;
            return if self.in_fence {
                format!("{fence}text")
            } else {
                fence.to_owned()
            };
        }
        if self.in_fence {
            return line.into_owned();
        }
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() {
            self.after_blank = true;
            self.after_quote_text = false;
            self.in_html = false;
            return String::new();
        }
        if !self.in_html {
            let starts_block = self.after_blank || !self.after_text;
            self.in_html = indent < 4 && starts_html_block(trimmed, starts_block);
        }
        self.after_text = true;
        if self.in_html {
            // Escapes, angle brackets and links mean nothing in HTML, and a bare URL is
            // not one to rustdoc: the line stays as written.
            self.after_blank = false;
            self.after_quote_text = false;
            let margin = self.items.last().map_or(0, |&(_, output)| output);
            return format!("{}{trimmed}", " ".repeat(margin));
        }
        let marker = list_marker(trimmed);
        // A link may open on this line and close on the next: `[Create\nor update](url)`.
        let link_continues = next.is_some_and(|n| n.contains("]("));
        // A line continues the paragraph above it, whatever its indentation, unless a
        // blank line came between or the line starts a block of its own. (A line that
        // starts with an inline tag, `<br />`, continues it: only an HTML block, handled
        // above, interrupts a paragraph.)
        let continues =
            !self.after_blank && marker.is_none() && !trimmed.starts_with(['#', '>', '|']);
        if !continues {
            while self
                .items
                .last()
                .is_some_and(|&(column, _)| indent < column)
            {
                self.items.pop();
            }
        }
        let margin = self.items.last().map_or(0, |&(_, output)| output);
        let quote = self.after_quote_text && continues && !trimmed.starts_with('>');
        self.after_blank = false;
        self.after_quote_text =
            trimmed.starts_with('>') && !trimmed[1..].trim().is_empty() || quote;
        let mut out = " ".repeat(margin);
        if quote {
            out.push_str("> ");
        }
        match marker {
            Some(width) => {
                let text = trimmed[width..].trim_start();
                // As written, the item's text starts after the marker's spaces (one to
                // four; with more, after one); as output, after one space.
                let spaces = trimmed.len() - width - text.len();
                let written = if (1..=4).contains(&spaces) { spaces } else { 1 };
                self.items
                    .push((indent + width + written, margin + width + 1));
                out.push_str(&trimmed[..width]);
                out.push(' ');
                out.push_str(&prose(text, link_continues));
            }
            None => out.push_str(&prose(trimmed, link_continues)),
        }
        out
    }
}

/// The elements that start an HTML block wherever they open a line (CommonMark's kinds
/// 1 and 6); any other tag does so only alone on a line that starts a block (kind 7).
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `line` (trimmed) starts an HTML block; `starts_block` when it cannot continue
/// a paragraph (the first line, or one after a blank line).
fn starts_html_block(line: &str, starts_block: bool) -> bool {
    if line.starts_with("<!--") {
        return true;
    }
    if !line.starts_with('<') {
        return false;
    }
    let Some((tag, end)) = tag_at(line, 0, 0) else {
        return false;
    };
    BLOCK_ELEMENTS.contains(&tag.name.as_str()) || starts_block && line[end..].trim().is_empty()
}

/// HTML elements that have no end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// An HTML tag in a line: where it starts, its name, and what kind it is.
struct Tag {
    line: usize,
    start: usize,
    name: String,
    /// The byte after the tag.
    end: usize,
    closing: bool,
    self_closing: bool,
}

/// Makes the HTML tags rustdoc would warn about read as text: end tags with no start
/// tag (`</br>`) and start tags never closed (`<b>` alone, placeholders like `<id>`, or
/// `List<String>`) are escaped, `\<` in Markdown and `&lt;` in an HTML block (`html`, per
/// line), where a backslash is just a backslash. A self-closing tag of an element that
/// needs an end tag (`<p/>`, XHTML's empty paragraph) is written as the empty element
/// (`<p></p>`). Balanced markup is kept; code spans and fenced code are not looked at.
fn escape_unbalanced_tags(lines: &mut [String], html: &[bool]) {
    let mut tags = Vec::new();
    let mut in_fence = false;
    for (index, line) in lines.iter().enumerate() {
        if !html[index] && (line.starts_with("```") || line.starts_with("~~~")) {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            tags.extend(tags_in(line, index, html[index]));
        }
    }
    let mut escaped: Vec<&Tag> = Vec::new();
    let mut emptied: Vec<&Tag> = Vec::new();
    let mut open: Vec<&Tag> = Vec::new();
    for tag in &tags {
        let void = VOID_ELEMENTS.contains(&tag.name.as_str());
        if tag.closing {
            match open.iter().rposition(|o| o.name == tag.name) {
                Some(at) if !void => escaped.extend(open.drain(at..).skip(1)),
                _ => escaped.push(tag),
            }
        } else if tag.self_closing {
            if !void {
                emptied.push(tag);
            }
        } else if !void {
            open.push(tag);
        }
    }
    escaped.extend(open);
    let mut edits: Vec<(&Tag, bool)> = escaped.into_iter().map(|tag| (tag, true)).collect();
    edits.extend(emptied.into_iter().map(|tag| (tag, false)));
    // From the end of each line, so that earlier positions stay valid.
    edits.sort_by_key(|(tag, _)| std::cmp::Reverse((tag.line, tag.start)));
    for (tag, escape) in edits {
        let line = &mut lines[tag.line];
        if !escape {
            let open = line[tag.start..tag.end - 1].trim_end();
            let open = open.strip_suffix('/').unwrap_or(open).trim_end().to_owned();
            line.replace_range(tag.start..tag.end, &format!("{open}></{}>", tag.name));
        } else if html[tag.line] {
            line.replace_range(tag.start..tag.start + 1, "&lt;");
        } else {
            line.insert(tag.start, '\\');
        }
    }
}

/// The HTML tags in `line` outside code spans: `<name ...>`, `</name>`, `<name/>`. In an
/// HTML block (`html`) there are no code spans and a backslash escapes nothing.
fn tags_in(line: &str, index: usize, html: bool) -> Vec<Tag> {
    let bytes = line.as_bytes();
    let mut tags = Vec::new();
    let mut in_code = false;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' if !html => in_code = !in_code,
            b'\\' if !html => at += 1,
            b'<' if !in_code => {
                if let Some((tag, end)) = tag_at(line, at, index) {
                    tags.push(tag);
                    at = end;
                    continue;
                }
            }
            _ => {}
        }
        at += 1;
    }
    tags
}

/// The tag starting at byte `start` of `line`, and the byte after it.
fn tag_at(line: &str, start: usize, index: usize) -> Option<(Tag, usize)> {
    let rest = &line[start + 1..];
    let closing = rest.starts_with('/');
    let rest = if closing { &rest[1..] } else { rest };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after_name = &rest[name_len..];
    // The name ends the tag, or attributes follow after a space.
    if !after_name.starts_with(['>', '/', ' ']) {
        return None;
    }
    let close = after_name.find('>')?;
    let self_closing = after_name[..close].trim_end().ends_with('/');
    let end = start + 1 + usize::from(closing) + name_len + close + 1;
    Some((
        Tag {
            line: index,
            start,
            name: rest[..name_len].to_ascii_lowercase(),
            end,
            closing,
            self_closing,
        },
        end,
    ))
}

/// The width of the list marker `line` starts with (`-`, `*`, `+`, `1.`, `1)`), when it
/// is one: followed by a space, or nothing.
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let width = match line.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    match line.as_bytes().get(width) {
        Some(b' ') => Some(width),
        _ => None,
    }
}

/// `line` with each tab replaced by the spaces up to the next multiple of four columns.
/// Borrowed when there is no tab, as in most lines.
fn expand_tabs(line: &str) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = 4 - column % 4;
            out.push_str(&"    "[..spaces]);
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    Cow::Owned(out)
}

/// A line of Markdown with bare URLs in angle brackets, links to relative targets as their
/// text, and brackets escaped unless they are a link's. `link_continues`: the next line
/// closes a link, so this line's last unclosed `[` opens it.
fn prose(line: &str, link_continues: bool) -> String {
    let line = without_relative_links(line);
    let kept = link_brackets(&line, link_continues);
    let mut out = String::with_capacity(line.len() + 8);
    // Searched for once per line, not once per word: on a large document most lines have
    // no URL, and searching each word took 7-14% of Kubernetes's generation.
    let may_link = line.contains("http");
    let mut offset = 0;
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        match may_link.then(|| bare_urls(word)).flatten() {
            Some(linked) => out.push_str(&linked),
            None if !word.contains(['[', ']']) => out.push_str(word),
            None => {
                for (at, c) in word.char_indices() {
                    if matches!(c, '[' | ']') && !kept.contains(&(offset + at)) {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
        }
        offset += word.len() + 1;
    }
    out
}

/// The byte positions of the brackets in `line` that belong to links: each `]` followed
/// by `(` and the `[` that opens it (on this line, or on the line before when there is
/// none here), and with `link_continues` the last `[` left open. Brackets in code spans
/// are kept too, as Markdown does not read them there.
fn link_brackets(line: &str, link_continues: bool) -> HashSet<usize> {
    let bytes = line.as_bytes();
    let mut kept = HashSet::new();
    let mut opened: Vec<usize> = Vec::new();
    let mut in_code = false;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => in_code = !in_code,
            b'\\' => at += 1,
            b'[' | b']' if in_code => {
                kept.insert(at);
            }
            b'[' => opened.push(at),
            b']' if bytes.get(at + 1) == Some(&b'(') => {
                kept.insert(at);
                if let Some(open) = opened.pop() {
                    kept.insert(open);
                }
            }
            b']' => {
                opened.pop();
            }
            _ => {}
        }
        at += 1;
    }
    if link_continues {
        if let Some(&open) = opened.last() {
            kept.insert(open);
        }
    }
    kept
}

/// `line` with each link to a relative target (`[`UpdateVersion`](patch)`, relative to
/// the web page the text was written for) replaced by its text: rustdoc would read the
/// target as the path of an item and warn that there is none.
fn without_relative_links(line: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut search = 0;
    while let Some(found) = line[search..].find("](") {
        let close = search + found;
        let target_start = close + 2;
        let Some(target_len) = line[target_start..].find(')') else {
            break;
        };
        let target = &line[target_start..target_start + target_len];
        let relative = !target.is_empty()
            && target
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let open = line[done..close].rfind('[').map(|at| done + at);
        match open {
            Some(open) if relative => {
                out.push_str(&line[done..open]);
                out.push_str(&line[open + 1..close]);
                done = target_start + target_len + 1;
            }
            _ => {}
        }
        search = target_start + target_len;
    }
    if done == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[done..]);
    Cow::Owned(out)
}

/// `word` with each bare URL in it in angle brackets, or `None` when it has none. A URL
/// is bare unless it is a link's target (`](`), an HTML attribute's value (`="`) or
/// already in angle brackets; it may follow text (`E.123(https://...)`) or a tag
/// (`<a href='...'>https://...</a>`), which rustdoc reads as bare too.
fn bare_urls(word: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = word;
    let mut found = false;
    while let Some(start) = rest.find("http://").or_else(|| rest.find("https://")) {
        let before = &rest[..start];
        let linked = before.ends_with("](")
            || before.ends_with('<')
            || before.ends_with("=\"")
            || before.ends_with("='")
            || before.ends_with('=');
        let url_len = rest[start..]
            .find(['<', '>', '"', '\'', ' ', '`'])
            .unwrap_or(rest.len() - start);
        let url = &rest[start..start + url_len];
        out.push_str(before);
        if linked {
            out.push_str(url);
        } else {
            // Closing punctuation after a URL is the sentence's, not the URL's.
            let end = url
                .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                .len();
            out.push('<');
            out.push_str(&url[..end]);
            out.push('>');
            out.push_str(&url[end..]);
            found = true;
        }
        rest = &rest[start + url_len..];
    }
    out.push_str(rest);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::{doc_text, without_missing_links};
    use std::collections::HashSet;

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(
            doc_text("  List conversations.\n").as_deref(),
            Some("List conversations.")
        );
        assert_eq!(doc_text("  \n"), None);
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        let text = "Example:\n```json\n{\"a\": 1}\n```\n\n    indented code\n```\nunclosed";
        assert_eq!(
            doc_text(text).unwrap(),
            "Example:\n```text\n{\"a\": 1}\n```\n\nindented code\n```text\nunclosed\n```"
        );
    }

    #[test]
    fn urls_and_brackets_do_not_warn() {
        assert_eq!(
            doc_text("See https://example.com/docs. Values [a, b].").unwrap(),
            "See <https://example.com/docs>. Values \\[a, b\\]."
        );
        assert_eq!(
            doc_text("A [link](https://x.y) stays.").unwrap(),
            "A [link](https://x.y) stays."
        );
        // In parentheses or quotes, still a URL; a link's target is left alone.
        assert_eq!(
            doc_text("A filter (https://x.y/a). \"http://x.y\" [b](https://x.y)").unwrap(),
            "A filter (<https://x.y/a>). \"<http://x.y>\" [b](https://x.y)"
        );
        assert_eq!(
            doc_text("E.123(https://x.y/E.123) <a href='https://x.y/a'>https://x.y/a</a>.")
                .unwrap(),
            "E.123(<https://x.y/E.123>) <a href='https://x.y/a'><https://x.y/a></a>."
        );
        // A link whose text is broken over two lines stays a link; brackets beside a
        // link on the same line are still escaped, those in code spans are Markdown's.
        assert_eq!(
            doc_text("See [Create\nor update](https://x.y). [a]\nb").unwrap(),
            "See [Create\nor update](https://x.y). \\[a\\]\nb"
        );
        assert_eq!(doc_text("[not a link\nb").unwrap(), "\\[not a link\nb");
        assert_eq!(
            doc_text("[Integer] The [status](https://x.y) of `a[0]`.").unwrap(),
            "\\[Integer\\] The [status](https://x.y) of `a[0]`."
        );
        // A target relative to the web page would be read as an item's path: the text
        // stays, the link goes.
        assert_eq!(
            doc_text("Use [`UpdateVersion`](patch) or [it](https://x.y/a).").unwrap(),
            "Use `UpdateVersion` or [it](https://x.y/a)."
        );
    }

    #[test]
    fn html_tags_rustdoc_would_reject_read_as_text() {
        // Balanced markup and void elements stay HTML.
        assert_eq!(
            doc_text("A <b>bold</b> line<br>and <br/> more.").unwrap(),
            "A <b>bold</b> line<br>and <br/> more."
        );
        // An end tag with no start, placeholders and generics are escaped; a
        // self-closing `p` is the empty paragraph it means.
        assert_eq!(
            doc_text("One</br>two <p/> send <consent-id> as List<String>.").unwrap(),
            "One\\</br>two <p></p> send \\<consent-id> as List\\<String>."
        );
        // A tag left open inside another is escaped, the outer pair kept.
        assert_eq!(doc_text("A <b><i>a</b>").unwrap(), "A <b>\\<i>a</b>");
        assert_eq!(doc_text("<ul><li>a</ul>").unwrap(), "<ul>&lt;li>a</ul>");
        // In an HTML block Markdown is not read: escapes are entities, URLs and brackets
        // stay as written. The block ends at a blank line.
        assert_eq!(
            doc_text("<p>A <note> see http://x.y/ [a]</p> <div/>\n\nSee http://x.y/").unwrap(),
            "<p>A &lt;note> see http://x.y/ [a]</p> <div></div>\n\nSee <http://x.y/>"
        );
        // `D:\</code>` closes the `code` in HTML.
        assert_eq!(
            doc_text("<p><code>D:\\</code> `a</p>").unwrap(),
            "<p><code>D:\\</code> `a</p>"
        );
        // A tag alone on a line starts a block, but not in the middle of a paragraph.
        assert_eq!(
            doc_text("<note>\n[a] <x>").unwrap(),
            "&lt;note>\n[a] &lt;x>"
        );
        assert_eq!(doc_text("a\n<b>\n[c]").unwrap(), "a\n\\<b>\n\\[c\\]");
        // Only a line that starts with `<` can start a block, whatever its first letter.
        assert_eq!(doc_text("Útiterv <b>x</b>").unwrap(), "Útiterv <b>x</b>");
        assert_eq!(doc_text("Xp a> [b]").unwrap(), "Xp a> \\[b\\]");
        // Code spans, fences and URLs in angle brackets are not tags.
        assert_eq!(
            doc_text("`Vec<T>` and <https://x.y>\n```\n<T>\n```").unwrap(),
            "`Vec<T>` and <https://x.y>\n```text\n<T>\n```"
        );
    }

    #[test]
    fn links_to_types_that_are_not_emitted_become_code() {
        let names: HashSet<&str> = ["Task"].into_iter().collect();
        assert_eq!(
            without_missing_links("The `a` property of [`TaskBase`].", &names).as_deref(),
            Some("The `a` property of `TaskBase`.")
        );
        assert_eq!(without_missing_links("Of [`Task`].", &names), None);
        // Links with a target of their own are the author's: kept.
        assert_eq!(
            without_missing_links("[`gzip`](https://x.y) and [`a`]: b", &names),
            None
        );
    }

    #[test]
    fn list_items_keep_their_continuations() {
        // The second line is a lazy continuation of the item: indented to its text.
        assert_eq!(
            doc_text("Roles:\n- `reader`: reads\nNote: no writers.").unwrap(),
            "Roles:\n- `reader`: reads\n  Note: no writers."
        );
        // Nested items keep their nesting; a blank line and a margin line end the list.
        assert_eq!(
            doc_text("* a\n   * b\n   more b\n\nAfter.").unwrap(),
            "* a\n  * b\n    more b\n\nAfter."
        );
        // With a wide marker, the item's text is where its first line's text starts: a
        // marker indented less than that is the next item, not a nested one.
        assert_eq!(
            doc_text("*   a\n  * b\n    more b").unwrap(),
            "* a\n* b\n  more b"
        );
        // Ordered items, and a continuation indented as written.
        assert_eq!(
            doc_text("1. first\n   still first\n2. second").unwrap(),
            "1. first\n   still first\n2. second"
        );
        // A line that starts with an inline tag continues the item; an HTML block does not.
        assert_eq!(
            doc_text("* a\n<br /> b\n<p>c</p>").unwrap(),
            "* a\n  <br /> b\n  <p>c</p>"
        );
        // A heading after an item is not part of it.
        assert_eq!(doc_text("- a\n# Title").unwrap(), "- a\n# Title");
    }

    #[test]
    fn quotes_and_tabs_do_not_warn() {
        assert_eq!(
            doc_text("> [!NOTE]\n> Supports both.\nUnauthorized users see nothing.\n\nEnd.")
                .unwrap(),
            "> \\[!NOTE\\]\n> Supports both.\n> Unauthorized users see nothing.\n\nEnd."
        );
        assert_eq!(doc_text("| a\t| b |").unwrap(), "| a | b |");
        assert_eq!(doc_text("ab\tc").unwrap(), "ab  c");
    }
}
