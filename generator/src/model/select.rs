//! Which operations the client has, when the configuration names some: for a project
//! that generates into `OUT_DIR` or vendors one file and calls a handful of a large API's
//! operations. Everything else (types, names) follows from the operations kept, and names
//! are given before selecting, so a type's name never depends on the selection.

use super::Operation;
use crate::diagnostics::Diagnostic;

/// Operations to keep: those any selector matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Operations with this tag (as the document spells it).
    Tag(String),
    /// The operation with this `operationId`.
    OperationId(String),
    /// Operations whose path is this path or below it, segment by segment: `/repos`
    /// selects `/repos` and `/repos/{owner}`, not `/repositories`.
    PathPrefix(String),
}

impl Selector {
    fn matches(&self, operation: &Operation) -> bool {
        match self {
            Selector::Tag(tag) => operation.tags.iter().any(|t| t == tag),
            Selector::OperationId(id) => operation.operation_id.as_deref() == Some(id.as_str()),
            Selector::PathPrefix(prefix) => {
                let prefix = prefix.trim_end_matches('/');
                operation.path.strip_prefix(prefix).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('/') || prefix.is_empty()
                })
            }
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Tag(tag) => write!(f, "tag `{tag}`"),
            Selector::OperationId(id) => write!(f, "operationId `{id}`"),
            Selector::PathPrefix(prefix) => write!(f, "path prefix `{prefix}`"),
        }
    }
}

/// Keeps the operations some selector matches (all of them when there are no selectors).
/// A selector that matches nothing is an error: a misspelt tag in a `build.rs` would
/// otherwise generate a client without the operations it was written for.
pub fn retain_selected(
    operations: &mut Vec<Operation>,
    selectors: &[Selector],
    file: &str,
) -> Result<(), Vec<Diagnostic>> {
    if selectors.is_empty() {
        return Ok(());
    }
    let unmatched: Vec<Diagnostic> = selectors
        .iter()
        .filter(|selector| !operations.iter().any(|o| selector.matches(o)))
        .map(|selector| {
            Diagnostic::error(
                file,
                "#/paths",
                format!("the selection names {selector}, which no operation has"),
            )
        })
        .collect();
    if !unmatched.is_empty() {
        return Err(unmatched);
    }
    operations.retain(|o| selectors.iter().any(|selector| selector.matches(o)));
    Ok(())
}
