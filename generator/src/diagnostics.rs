//! Located diagnostics: every problem names the document, the line and column where the
//! parser knows them, and the JSON pointer of the offending node.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on; the construct was degraded (for example to `serde_json::Value`).
    Warning,
    /// Generation cannot produce correct code.
    Error,
}

/// One problem found in a document, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// The document's name as given to the generator (usually its path).
    pub file: String,
    /// 1-based line and column, where the parser reported one.
    pub position: Option<(usize, usize)>,
    /// JSON pointer of the node, as a URI fragment: `#/paths/~1{id}/get`.
    pub pointer: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// The document breaks the OpenAPI specification here, but stays readable: generation
    /// goes on with a warning, and `lint` reports it as an error.
    pub invalid: bool,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pointer, message.into())
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pointer, message.into())
    }

    /// A warning about a slip that makes the document invalid but leaves it usable (see
    /// [`Diagnostic::invalid`](Self#structfield.invalid)).
    pub fn invalid(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            invalid: true,
            ..Self::warning(file, pointer, message)
        }
    }

    fn new(severity: Severity, file: &str, pointer: &str, message: String) -> Self {
        Self {
            severity,
            file: file.to_owned(),
            position: None,
            pointer: pointer.to_owned(),
            message,
            invalid: false,
        }
    }

    /// The same diagnostic with a line and column (1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {severity}: {} (at {})", self.message, self.pointer)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_child(pointer: &str, token: &str) -> String {
    let mut child = String::with_capacity(pointer.len() + token.len() + 1);
    child.push_str(pointer);
    child.push('/');
    for c in token.chars() {
        match c {
            '~' => child.push_str("~0"),
            '/' => child.push_str("~1"),
            _ => child.push(c),
        }
    }
    child
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer_child("#/paths", "/{id}/a~b"),
            "#/paths/~1{id}~1a~0b"
        );
    }

    #[test]
    fn display_names_file_position_and_pointer() {
        let d = Diagnostic::error("spec.yaml", "#/info", "expected a mapping").at(3, 7);
        assert_eq!(
            d.to_string(),
            "spec.yaml:3:7: error: expected a mapping (at #/info)"
        );
        let w = Diagnostic::warning("spec.yaml", "#/x", "degraded");
        assert_eq!(w.to_string(), "spec.yaml: warning: degraded (at #/x)");
    }
}
