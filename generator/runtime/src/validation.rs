// Embedded in every client with a validated value (see generator/src/emit/embedded.rs):
// the items of the `validation` module that every document shares. The generator adds the
// document's compiled patterns and pattern scans after them.

use std::fmt;

/// A value that breaks a rule of the API description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    subject: &'static str,
    value: String,
    rule: Rule,
}

impl ValidationError {
    pub(crate) fn new(subject: &'static str, value: impl fmt::Display, rule: Rule) -> Self {
        Self {
            subject,
            value: value.to_string(),
            rule,
        }
    }

    /// What the value is: a parameter (`phone_number_id`) or a property (`Conversation.id`).
    pub fn subject(&self) -> &'static str {
        self.subject
    }

    /// The value that was rejected.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule it breaks.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A rejected value can be anything a server sent; show a bounded part of it.
        const SHOWN: usize = 64;
        let mut shown: String = self.value.chars().take(SHOWN).collect();
        if self.value.chars().nth(SHOWN).is_some() {
            shown.push('…');
        }
        write!(f, "invalid {} {:?}: {}", self.subject, shown, self.rule)
    }
}

impl std::error::Error for ValidationError {}

/// A rule of the API description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// Must contain a match of this ECMA-262 regular expression.
    Pattern(&'static str),
    /// Must be at least this many characters (Unicode code points) long.
    MinLength(u64),
    /// Must be at most this many characters (Unicode code points) long.
    MaxLength(u64),
    /// Must be at least `limit`, or greater than it when `exclusive`.
    Minimum {
        /// The bound, as the document writes it.
        limit: &'static str,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// Must be at most `limit`, or less than it when `exclusive`.
    Maximum {
        /// The bound, as the document writes it.
        limit: &'static str,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// Must be one of these values (an integer `enum`).
    OneOf(&'static [i64]),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pattern(pattern) => write!(f, "must match the pattern {pattern}"),
            Self::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Self::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            Self::Minimum {
                limit,
                exclusive: false,
            } => write!(f, "must be at least {limit}"),
            Self::Minimum {
                limit,
                exclusive: true,
            } => write!(f, "must be greater than {limit}"),
            Self::Maximum {
                limit,
                exclusive: false,
            } => write!(f, "must be at most {limit}"),
            Self::Maximum {
                limit,
                exclusive: true,
            } => write!(f, "must be less than {limit}"),
            Self::OneOf(values) => write!(f, "must be one of {values:?}"),
        }
    }
}

#[cfg(uses = "pattern_engine")]
use std::sync::LazyLock;

/// Compiles a pattern that the generator has already compiled once, with the same
/// engine and flags, so it cannot fail here.
#[cfg(uses = "pattern_engine")]
fn compile(pattern: &str) -> regress::Regex {
    regress::Regex::new(pattern).expect("the generator checked that this pattern compiles")
}

/// Whether `value` contains a match of `regex`: ECMA-262 `pattern` is not anchored
/// unless it says so itself.
#[cfg(uses = "pattern_engine")]
pub(crate) fn is_match(regex: &regress::Regex, value: &str) -> bool {
    regex.find(value).is_some()
}

/// The bytes after the longest run (of at most `max`) of leading bytes that
/// `accepts`, or `None` when that run is shorter than `min`.
#[cfg(uses = "runs")]
fn take(bytes: &[u8], min: usize, max: usize, accepts: impl Fn(u8) -> bool) -> Option<&[u8]> {
    let limit = bytes.len().min(max);
    let mut taken = 0;
    while taken < limit && accepts(bytes[taken]) {
        taken += 1;
    }
    (taken >= min).then(|| &bytes[taken..])
}

/// The bytes after the first `count`, when there are that many and `accepts` all
/// of them. It looks at every one of them (no early exit), which lets the
/// compiler test several at once.
#[cfg(uses = "exact_runs")]
fn exactly(bytes: &[u8], count: usize, accepts: impl Fn(u8) -> bool) -> Option<&[u8]> {
    let (head, rest) = bytes.split_at_checked(count)?;
    head.iter()
        .fold(true, |all, byte| all & accepts(*byte))
        .then_some(rest)
}
