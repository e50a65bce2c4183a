//! Simple anchored patterns, which the generated code checks byte by byte instead of with
//! a regular expression engine.
//!
//! Most `pattern`s in real documents are a literal and a few ASCII character classes with
//! counts, anchored at the start: `^ctc_[0-9A-HJKMNP-TV-Z]{26}$`, `^\d{6,20}$`. A greedy
//! scan checks those several times faster than an engine, without allocating, and with
//! exactly ECMA-262's meaning, provided that:
//! - every set is ASCII, so bytes, code points and UTF-16 units count alike;
//! - no quantified step can give back what the next steps could take (their first sets
//!   are disjoint), so the greedy scan never needs to backtrack.
//!
//! Anything else (alternation, groups, `.`, `\s`, negated classes, lazy quantifiers, no
//! `^`) is left to the engine: [`SimplePattern::parse`] returns `None`.

/// A set of ASCII bytes: bit `b` is set when byte `b` is in it.
pub type ByteSet = u128;

/// A pattern the generated code checks with a greedy scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimplePattern {
    pub steps: Vec<Step>,
    /// The pattern ends with `$`: the value must end where the steps do.
    pub anchored_end: bool,
}

/// Between `min` and `max` bytes from `set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub set: ByteSet,
    pub min: u32,
    /// `None`: no upper bound.
    pub max: Option<u32>,
}

impl Step {
    /// One exact byte.
    pub fn literal(&self) -> Option<u8> {
        (self.min == 1 && self.max == Some(1) && self.set.count_ones() == 1)
            .then(|| self.set.trailing_zeros() as u8)
    }
}

/// The largest count a simple pattern may name; larger ones go to the engine.
const MAX_COUNT: u32 = 100_000;

const DIGITS: ByteSet = range(b'0', b'9');
const WORD: ByteSet = range(b'0', b'9') | range(b'A', b'Z') | range(b'a', b'z') | bit(b'_');

const fn bit(byte: u8) -> ByteSet {
    1 << byte
}

const fn range(low: u8, high: u8) -> ByteSet {
    let mut set = 0;
    let mut byte = low;
    while byte <= high {
        set |= bit(byte);
        byte += 1;
    }
    set
}

/// Characters with a meaning of their own in a pattern, outside classes.
fn is_syntax(c: char) -> bool {
    matches!(
        c,
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
    )
}

impl SimplePattern {
    /// The pattern, when it is in the subset a greedy scan checks exactly.
    pub fn parse(source: &str) -> Option<Self> {
        let body = source.strip_prefix('^')?;
        let (body, anchored_end) = match body.strip_suffix('$') {
            // `\$` at the end is a literal dollar, not the anchor.
            Some(rest) if !ends_with_unescaped_backslash(rest) => (rest, true),
            _ => (body, false),
        };
        let mut chars = body.chars().peekable();
        let mut steps = Vec::new();
        while let Some(c) = chars.next() {
            let set = match c {
                '\\' => escape(chars.next()?)?,
                '[' => class(&mut chars)?,
                c if c.is_ascii() && !c.is_ascii_control() && !is_syntax(c) => bit(c as u8),
                _ => return None,
            };
            let (min, max) = quantifier(&mut chars)?;
            steps.push(Step { set, min, max });
        }
        let pattern = Self {
            steps,
            anchored_end,
        };
        pattern.greedy_is_exact().then_some(pattern)
    }

    /// Whether no step with a choice of count could take a byte the steps after it need
    /// at that point.
    fn greedy_is_exact(&self) -> bool {
        self.steps.iter().enumerate().all(|(index, step)| {
            if step.max == Some(step.min) {
                return true;
            }
            let mut following: ByteSet = 0;
            for next in &self.steps[index + 1..] {
                following |= next.set;
                if next.min > 0 {
                    break;
                }
            }
            following & step.set == 0
        })
    }

    /// Whether `value` matches, by the same greedy scan the generated code runs (tests
    /// compare it with the engine).
    #[cfg(test)]
    pub fn matches(&self, value: &str) -> bool {
        let mut rest = value.as_bytes();
        for step in &self.steps {
            let max = step.max.map_or(usize::MAX, |max| max as usize);
            let taken = rest
                .iter()
                .take(max)
                .take_while(|byte| **byte < 128 && step.set & bit(**byte) != 0)
                .count();
            if taken < step.min as usize {
                return false;
            }
            rest = &rest[taken..];
        }
        !self.anchored_end || rest.is_empty()
    }
}

fn ends_with_unescaped_backslash(text: &str) -> bool {
    text.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1
}

/// The set of an escape (after `\`), in a class or outside one.
fn escape(c: char) -> Option<ByteSet> {
    match c {
        'd' => Some(DIGITS),
        'w' => Some(WORD),
        // Identity escapes of syntax characters, and `-` and `/` which are escaped often.
        c if is_syntax(c) || c == '/' || c == '-' => Some(bit(c as u8)),
        _ => None,
    }
}

/// A class after its `[`, through its `]`: literals, escapes and ranges, not negated.
fn class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<ByteSet> {
    if chars.peek() == Some(&'^') || chars.peek() == Some(&']') {
        return None;
    }
    let mut set: ByteSet = 0;
    // The previous item, when it was a single character a range could start from.
    let mut previous: Option<u8> = None;
    loop {
        let c = chars.next()?;
        let single = match c {
            ']' => return Some(set),
            '\\' => {
                let escaped = chars.next()?;
                let item = escape(escaped)?;
                set |= item;
                previous = (item.count_ones() == 1).then_some(escaped as u8);
                continue;
            }
            '-' if previous.is_some() && chars.peek().is_some_and(|next| *next != ']') => {
                let low = previous.take()?;
                let high = match chars.next()? {
                    '\\' => {
                        let escaped = chars.next()?;
                        (escape(escaped)?.count_ones() == 1).then_some(escaped as u8)?
                    }
                    '[' => return None,
                    c if c.is_ascii() && !c.is_ascii_control() => c as u8,
                    _ => return None,
                };
                if low > high {
                    return None;
                }
                set |= range(low, high);
                continue;
            }
            // `[` inside a class is a literal in ECMA-262, but easy to misread: leave it out.
            '[' => return None,
            c if c.is_ascii() && !c.is_ascii_control() => c as u8,
            _ => return None,
        };
        set |= bit(single);
        previous = Some(single);
    }
}

/// The count after an atom: `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, or exactly one.
fn quantifier(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<(u32, Option<u32>)> {
    let counts = match chars.peek() {
        Some('?') => (0, Some(1)),
        Some('*') => (0, None),
        Some('+') => (1, None),
        Some('{') => {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next()? {
                    '}' => break,
                    c => text.push(c),
                }
            }
            let number = |digits: &str| -> Option<u32> {
                let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                all_digits
                    .then(|| digits.parse().ok())
                    .flatten()
                    .filter(|n| *n <= MAX_COUNT)
            };
            let counts = match text.split_once(',') {
                None => {
                    let n = number(&text)?;
                    (n, Some(n))
                }
                Some((low, "")) => (number(low)?, None),
                Some((low, high)) => (number(low)?, Some(number(high)?)),
            };
            if counts.1.is_some_and(|max| max < counts.0) {
                return None;
            }
            // A lazy quantifier (`{1,3}?`) is not greedy.
            if chars.peek() == Some(&'?') {
                return None;
            }
            return Some(counts);
        }
        _ => return Some((1, Some(1))),
    };
    chars.next();
    if matches!(chars.peek(), Some('?' | '*' | '+' | '{')) {
        return None;
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(source: &str, value: &str) -> bool {
        regress::Regex::new(source)
            .expect("a valid pattern")
            .find(value)
            .is_some()
    }

    #[test]
    fn the_kirim_patterns_are_simple() {
        for source in ["^ctc_[0-9A-HJKMNP-TV-Z]{26}$", r"^\d+$", r"^\d{6,20}$"] {
            assert!(SimplePattern::parse(source).is_some(), "{source}");
        }
    }

    #[test]
    fn what_a_greedy_scan_cannot_check_is_left_to_the_engine() {
        for source in [
            r"\d+",          // not anchored: a search
            r"^a|b$",        // alternation
            r"^(ab)+$",      // group
            r"^.+$",         // any character, which counts UTF-16 units
            r"^\s+$",        // Unicode spaces
            r"^[^a]+$",      // negated class
            r"^a+?$",        // lazy
            r"^\d+\d$",      // the second step needs what the first took
            r"^[a-z]*a$",    // likewise
            r"^[a-z]*-?z$",  // likewise, past an optional step
            r"^é+$",         // not ASCII
            r"^a{2,1}$",     // reversed bounds
            r"^a{1000000}$", // a count larger than we want to unroll
            r"^[z-a]$",      // reversed range
        ] {
            assert_eq!(SimplePattern::parse(source), None, "{source}");
        }
    }

    #[test]
    fn classes_ranges_and_escapes_mean_what_ecma_says() {
        let cases = [
            (r"^[a-c-]+$", ["ab-c", "-", "abd"].as_slice()),
            (r"^[-a]$", &["-", "a", "b"]),
            (r"^[\d_.]{2}$", &["1_", "._", "a1"]),
            (r"^\$\.x$", &["$.x", "$ax", ".x"]),
            (r"^a\$", &["a$", "a$b", "a"]),
            (r"^[\w]+@x\.io$", &["ann_1@x.io", "ann@xaio", "@x.io"]),
            (r"^ab?c*$", &["a", "abccc", "acb", "abb"]),
            (r"^\d{2,}-\d{0,2}$", &["12-", "123-45", "1-2", "12-345"]),
            (r"^a", &["abc", "ba", ""]),
            (r"^$", &["", "a"]),
            (r"^\/v1\/[a-z]+$", &["/v1/users", "/v1/", "v1/users"]),
        ];
        for (source, values) in cases {
            let pattern = SimplePattern::parse(source).unwrap_or_else(|| panic!("{source}"));
            for value in values {
                assert_eq!(
                    pattern.matches(value),
                    engine(source, value),
                    "{source} on {value:?}"
                );
            }
        }
    }

    mod agreement {
        use super::*;
        use proptest::prelude::*;

        /// Patterns from the simple subset's pieces, and some that fall outside it.
        fn pattern() -> impl Strategy<Value = String> {
            let atom = prop_oneof![
                Just("a".to_owned()),
                Just("b".to_owned()),
                Just("-".to_owned()),
                Just(r"\d".to_owned()),
                Just(r"\w".to_owned()),
                Just(r"\.".to_owned()),
                Just("[a-c]".to_owned()),
                Just("[0-9A-F]".to_owned()),
                Just("[x-]".to_owned()),
            ];
            let quantifier = prop_oneof![
                Just("".to_owned()),
                Just("?".to_owned()),
                Just("*".to_owned()),
                Just("+".to_owned()),
                Just("{2}".to_owned()),
                Just("{1,3}".to_owned()),
                Just("{2,}".to_owned()),
            ];
            (
                prop::collection::vec((atom, quantifier), 0..5),
                any::<bool>(),
            )
                .prop_map(|(parts, end)| {
                    let body: String = parts.into_iter().map(|(a, q)| a + &q).collect();
                    format!("^{body}{}", if end { "$" } else { "" })
                })
        }

        fn value() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just('a'),
                    Just('b'),
                    Just('c'),
                    Just('x'),
                    Just('-'),
                    Just('.'),
                    Just('0'),
                    Just('7'),
                    Just('F'),
                    Just('_'),
                    Just('é'),
                    Just('😀'),
                    Just('\n'),
                ],
                0..10,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            /// Wherever the subset accepts a pattern, the scan and the engine agree.
            #[test]
            fn the_scan_agrees_with_the_engine(source in pattern(), values in prop::collection::vec(value(), 8)) {
                if let Some(simple) = SimplePattern::parse(&source) {
                    for value in &values {
                        prop_assert_eq!(simple.matches(value), engine(&source, value), "{} on {:?}", source, value);
                    }
                }
            }
        }
    }
}
