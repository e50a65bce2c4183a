//! Doc text from the document, made safe for rustdoc.
//!
//! Descriptions are CommonMark written for a web page. In a doc comment, a code block is a
//! doctest that `cargo test` compiles, a bare URL and an unmatched `[link]` are rustdoc
//! warnings. So code blocks are marked `text`, indentation (which would start a code block)
//! is dropped, bare URLs get angle brackets, and brackets that are not links are escaped.

/// `text` as doc comment text; `None` when it is empty.
pub fn doc_text(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut in_fence = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                let fence = &trimmed[..3];
                in_fence = !in_fence;
                return if in_fence {
                    format!("{fence}text")
                } else {
                    fence.to_owned()
                };
            }
            if in_fence {
                line.to_owned()
            } else {
                prose(trimmed.trim_end())
            }
        })
        .collect();
    let mut joined = lines.join("\n");
    if in_fence {
        // An unclosed fence would swallow whatever the generator writes after it.
        joined.push_str("\n```");
    }
    Some(joined)
}

fn prose(line: &str) -> String {
    let keep_brackets = line.contains("](");
    let words: Vec<String> = line
        .split(' ')
        .map(|word| {
            let url_start = word.find("http://").or_else(|| word.find("https://"));
            match url_start {
                Some(0) => {
                    let end = word
                        .trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
                        .len();
                    format!("<{}>{}", &word[..end], &word[end..])
                }
                _ if keep_brackets => word.to_owned(),
                _ => word.replace('[', "\\[").replace(']', "\\]"),
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::doc_text;

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
    }
}
