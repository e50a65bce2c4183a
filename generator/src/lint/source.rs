//! Where a JSON pointer's node is written in the document's text, for showing the line.
//!
//! In YAML, best effort, without a second parser: each pointer token is looked for as a
//! key (or, for an array index, as the n-th `- ` item) on a later line indented deeper
//! than its parent's. That finds block-style YAML and pretty-printed JSON exactly; for
//! flow-style or minified text it stops at the deepest node it found, which is still a
//! line to show. In JSON, whose syntax is small, the pointer is followed through the
//! text itself ([`json_position`]), exactly in any layout.

/// The pointer's tokens (`#/a~1b/0` is `a/b`, `0`), unescaped.
fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// The 1-based line of the node at `pointer` (`#/a/b`), or of its deepest ancestor found.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let tokens = tokens(pointer);
    let mut at: Option<usize> = None; // index of the line of the node found so far
    let mut parent_indent: isize = -1;
    for token in tokens {
        let start = at.map_or(0, |line| line + 1);
        let mut found = None;
        let mut item = 0usize;
        let index: Option<usize> = token.parse().ok();
        for (offset, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = (line.len() - trimmed.len()) as isize;
            if indent <= parent_indent && at.is_some() {
                break; // left the parent
            }
            let key_matches = [
                format!("{token}:"),
                format!("\"{token}\":"),
                format!("'{token}':"),
                format!("\"{token}\" :"),
            ]
            .iter()
            .any(|key| {
                trimmed.starts_with(key.as_str()) || trimmed.starts_with(&format!("- {key}"))
            });
            if key_matches {
                found = Some((offset, indent));
                break;
            }
            if let (Some(wanted), true) = (index, trimmed.starts_with("- ") || trimmed == "-") {
                if item == wanted {
                    found = Some((offset, indent + 1));
                    break;
                }
                item += 1;
            }
        }
        match found {
            Some((line, indent)) => {
                at = Some(line);
                parent_indent = indent;
            }
            None => break,
        }
    }
    at.map(|line| line + 1)
}

/// The 1-based line and column of the node at `pointer` in the JSON `text` (of its key,
/// for an object's member), or of its deepest ancestor found; `None` if not even the
/// first token is found, or the text is not JSON. Exact in any layout: minified JSON is
/// one line, where [`line_of`] finds no key.
pub fn json_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut value = skip_whitespace(b, 0);
    let mut found = None;
    for token in tokens(pointer) {
        let child = match b.get(value) {
            Some(b'{') => member(text, value, &token),
            Some(b'[') => token
                .parse()
                .ok()
                .and_then(|index| element(b, value, index)),
            _ => None,
        };
        let Some((start, child_value)) = child else {
            break;
        };
        found = Some(start);
        value = child_value;
    }
    let at = found?;
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let line = text[..at].matches('\n').count() + 1;
    Some((line, text[line_start..at].chars().count() + 1))
}

/// Where the member `key` of the object opening at `open` starts (its key), and where its
/// value does.
fn member(text: &str, open: usize, key: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut at = skip_whitespace(b, open + 1);
    loop {
        if b.get(at) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, at)?;
        let name: String = serde_json::from_str(&text[at..key_end]).ok()?;
        let colon = skip_whitespace(b, key_end);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        let value = skip_whitespace(b, colon + 1);
        if name == key {
            return Some((at, value));
        }
        at = next(b, value)?;
    }
}

/// Where the element `index` of the array opening at `open` starts (twice, as with
/// [`member`]).
fn element(b: &[u8], open: usize, index: usize) -> Option<(usize, usize)> {
    let mut at = skip_whitespace(b, open + 1);
    if matches!(b.get(at), None | Some(b']')) {
        return None;
    }
    for _ in 0..index {
        at = next(b, at)?;
    }
    Some((at, at))
}

/// Where the member or element after the value at `value` starts; `None` at the end of
/// its object or array.
fn next(b: &[u8], value: usize) -> Option<usize> {
    let after = skip_whitespace(b, value_end(b, value)?);
    match b.get(after) {
        Some(b',') => Some(skip_whitespace(b, after + 1)),
        _ => None,
    }
}

/// The end (exclusive) of the JSON value starting at `start`.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    match b.get(start)? {
        b'"' => string_end(b, start),
        b'{' | b'[' => {
            // Iterative: the loader accepts JSON nested thousands of levels deep.
            let mut depth = 0usize;
            let mut at = start;
            while let Some(&byte) = b.get(at) {
                match byte {
                    b'"' => {
                        at = string_end(b, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            None
        }
        _ => {
            let length = b[start..]
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']') || byte.is_ascii_whitespace());
            Some(start + length.unwrap_or(b.len() - start))
        }
    }
}

/// The end (exclusive) of the string whose opening quote is at `open`.
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    while let Some(&byte) = b.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

fn skip_whitespace(b: &[u8], mut at: usize) -> usize {
    while b.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::{json_position, line_of};

    #[test]
    fn follows_a_pointer_through_json_in_any_layout() {
        let minified = r#"{"info":{"x":"}\"{"},"paths":{"/a/{id}":{"get":{"parameters":[{"name":"x"},{"name":"id","in":"path"}]}}}}"#;
        // Keys and strings holding brackets, quotes and escapes are skipped whole.
        assert_eq!(json_position(minified, "#/paths"), Some((1, 22)));
        assert_eq!(
            json_position(minified, "#/paths/~1a~1{id}/get/parameters/1/in"),
            Some((1, 89))
        );
        assert_eq!(
            json_position(minified, "#/paths/~1a~1{id}/get/parameters/1"),
            Some((1, 76)),
            "an element starts where its value does"
        );
        assert_eq!(
            json_position(minified, "#/paths/~1a~1{id}/get/parameters/7"),
            Some((1, 49)),
            "the deepest ancestor found"
        );
        assert_eq!(json_position(minified, "#/components"), None);
        let pretty = "{\n  \"paths\": {\n    \"/a\": {\n      \"g\\u0065t\": {}\n    }\n  }\n}\n";
        assert_eq!(
            json_position(pretty, "#/paths/~1a/get"),
            Some((4, 7)),
            "a key is compared unescaped"
        );
        assert_eq!(json_position("openapi: 3.0.3\n", "#/openapi"), None);
    }

    #[test]
    fn finds_keys_and_items_in_block_yaml_and_pretty_json() {
        let yaml = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: x\n        - name: id\n          in: path\ncomponents:\n  schemas:\n    get: {}\n";
        assert_eq!(line_of(yaml, "#/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(
            line_of(yaml, "#/paths/~1a~1{id}/get/parameters/1/in"),
            Some(8)
        );
        assert_eq!(line_of(yaml, "#/components/schemas/get"), Some(11));
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        assert_eq!(line_of(json, "#/paths/~1a/get"), Some(4));
        assert_eq!(
            line_of(json, "#/paths/~1b"),
            Some(2),
            "the deepest ancestor found"
        );
        assert_eq!(
            line_of("{\"paths\": {}}", "#/paths"),
            None,
            "a key on the opening line is not searched"
        );
    }
}
