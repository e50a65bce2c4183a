//! Where a JSON pointer's node is written in the document's text, for showing the line.
//!
//! Best effort, without a second parser: each pointer token is looked for as a key (or,
//! for an array index, as the n-th `- ` item) on a later line indented deeper than its
//! parent's. That finds block-style YAML and pretty-printed JSON exactly; for flow-style
//! or minified text it stops at the deepest node it found, which is still a line to show.

/// The 1-based line of the node at `pointer` (`#/a/b`), or of its deepest ancestor found.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let tokens = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"));
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

#[cfg(test)]
mod tests {
    use super::line_of;

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
