// Embedded in every client with operations (see generator/src/emit/embedded.rs):
// parameters as URL segments, query pairs, headers and cookies.

/// One segment of an operation's path, for `Client::endpoint`: fixed text, or a path
/// parameter's value with the name the document gives it.
enum Segment<'a> {
    Fixed(&'a str),
    #[cfg(uses = "path_parameter")]
    Param(&'static str, &'a str),
}

impl Segment<'_> {
    fn text(&self) -> &str {
        match *self {
            Segment::Fixed(text) => text,
            #[cfg(uses = "path_parameter")]
            Segment::Param(_, value) => value,
        }
    }

    /// A path parameter's value as one URL segment. An empty, `.` or `..` segment would
    /// address another resource (URL parsers drop or resolve them, even percent-encoded),
    /// and so would a value with a tab or line break (URL parsers delete those), so such
    /// values are refused. Everything else is percent-encoded into the one segment.
    fn refused(&self) -> Option<RefusedSegment> {
        match *self {
            Segment::Fixed(_) => None,
            #[cfg(uses = "path_parameter")]
            Segment::Param(name, value) => (matches!(value, "" | "." | "..")
                || value.contains(['\t', '\n', '\r']))
            .then(|| RefusedSegment {
                name,
                value: value.to_owned(),
            }),
        }
    }
}

/// A path parameter's value `Segment::refused` refuses: the call's
/// [`Error::InvalidPathParameter`], before any request is sent.
struct RefusedSegment {
    name: &'static str,
    value: String,
}

impl<E> From<RefusedSegment> for Error<E> {
    fn from(refused: RefusedSegment) -> Self {
        Error::InvalidPathParameter {
            name: refused.name,
            value: refused.value,
        }
    }
}

/// A path or header parameter's text as the `simple`, `label` (`prefix` `.`) and
/// `matrix` (`;`) styles write it, which are RFC 6570's `{x}`, `{.x}` and `{;x}`:
/// list items, and an object's keys and values, joined by `,` (`3,4`, `.3,4`,
/// `;id=3,4`, `;id=role,admin`); exploded, each item or property on its own
/// (`.3.4`, `;id=3;id=4`, `role=admin,name=Alex`, `;role=admin`). Strings are
/// written as they are, other values as JSON text; an empty list or object, like
/// an unset value, writes nothing. Delimiters inside values are not escaped.
#[cfg(uses = "styled_parameter")]
fn styled_text<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    prefix: &str,
    explode: bool,
) -> String {
    use serde_json::Value;
    let parts: Vec<(Option<String>, String)> = match serde_json::to_value(value) {
        Ok(Value::Null) | Err(_) => return String::new(),
        Ok(Value::Array(items)) => items
            .into_iter()
            .filter(|item| !item.is_null())
            .map(|item| (None, value_text(item)))
            .collect(),
        Ok(Value::Object(entries)) => entries
            .into_iter()
            .filter(|(_, item)| !item.is_null())
            .map(|(key, item)| (Some(key), value_text(item)))
            .collect(),
        Ok(scalar) => vec![(None, value_text(scalar))],
    };
    if parts.is_empty() {
        return String::new();
    }
    // `key=value`, or in the matrix style `key` alone for an empty value.
    let pair = |key: &str, value: &str| {
        if value.is_empty() && prefix == ";" {
            key.to_owned()
        } else {
            format!("{key}={value}")
        }
    };
    if !explode {
        let joined = parts
            .into_iter()
            .flat_map(|(key, value)| key.into_iter().chain([value]))
            .collect::<Vec<_>>()
            .join(",");
        return if prefix == ";" {
            format!(";{}", pair(name, &joined))
        } else {
            format!("{prefix}{joined}")
        };
    }
    let items: Vec<String> = parts
        .iter()
        .map(|(key, value)| match key {
            Some(key) => pair(key, value),
            None if prefix == ";" => pair(name, value),
            None => value.clone(),
        })
        .collect();
    let separator = if prefix.is_empty() { "," } else { prefix };
    format!("{prefix}{}", items.join(separator))
}

/// A value's text in a parameter: a string as it is (a union's string alternative
/// must not gain quotes), anything else as JSON text.
#[cfg(any(
    uses = "styled_parameter",
    uses = "query",
    uses = "deep_object",
    uses = "cookie"
))]
fn value_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Adds a query parameter as the `form`, `spaceDelimited` and `pipeDelimited` styles
/// write it. Without a `separator` (exploded): one pair per list item or object
/// property. With one: a single pair, the items (or an object's keys and values)
/// joined by it. An unset value (`None`) adds nothing.
#[cfg(uses = "query")]
fn push_query<T: serde::Serialize + ?Sized>(
    query: &mut Vec<(String, String)>,
    name: &str,
    value: &T,
    separator: Option<&str>,
) {
    use serde_json::Value;
    let Ok(value) = serde_json::to_value(value) else {
        return;
    };
    match (value, separator) {
        (Value::Null, _) => {}
        (Value::Array(items), None) => {
            for item in items.into_iter().filter(|item| !item.is_null()) {
                query.push((name.to_owned(), value_text(item)));
            }
        }
        (Value::Array(items), Some(separator)) => {
            let parts: Vec<String> = items.into_iter().map(value_text).collect();
            query.push((name.to_owned(), parts.join(separator)));
        }
        (Value::Object(entries), None) => {
            for (key, item) in entries.into_iter().filter(|(_, item)| !item.is_null()) {
                query.push((key, value_text(item)));
            }
        }
        (Value::Object(entries), Some(separator)) => {
            let parts: Vec<String> = entries
                .into_iter()
                .filter(|(_, item)| !item.is_null())
                .flat_map(|(key, item)| [key, value_text(item)])
                .collect();
            query.push((name.to_owned(), parts.join(separator)));
        }
        (scalar, _) => query.push((name.to_owned(), value_text(scalar))),
    }
}

/// Adds a `deepObject` query parameter: one `name[property]=value` pair per
/// property. An unset value (`None`) adds nothing.
#[cfg(uses = "deep_object")]
fn push_deep_object<T: serde::Serialize + ?Sized>(
    query: &mut Vec<(String, String)>,
    name: &str,
    value: &T,
) {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(entries)) => {
            for (key, item) in entries.into_iter().filter(|(_, item)| !item.is_null()) {
                query.push((format!("{name}[{key}]"), value_text(item)));
            }
        }
        Ok(serde_json::Value::Null) | Err(_) => {}
        Ok(other) => query.push((name.to_owned(), value_text(other))),
    }
}

/// Adds a cookie parameter as `name=value`: lists and objects comma-joined (the
/// `form` style), each part percent-encoded where RFC 6265 does not allow a byte
/// in a cookie. An unset value (`None`) adds nothing.
#[cfg(uses = "cookie")]
fn push_cookie<T: serde::Serialize + ?Sized>(cookies: &mut Vec<String>, name: &str, value: &T) {
    use serde_json::Value;
    let parts: Vec<String> = match serde_json::to_value(value) {
        Ok(Value::Null) | Err(_) => return,
        Ok(Value::Array(items)) => items.into_iter().map(value_text).collect(),
        Ok(Value::Object(entries)) => entries
            .into_iter()
            .flat_map(|(key, item)| [key, value_text(item)])
            .collect(),
        Ok(scalar) => vec![value_text(scalar)],
    };
    let encoded: Vec<String> = parts
        .iter()
        .map(|part| {
            let mut text = String::with_capacity(part.len());
            for byte in part.bytes() {
                if matches!(byte, 0x21..=0x7e) && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%')
                {
                    text.push(char::from(byte));
                } else {
                    text.push_str(&format!("%{byte:02X}"));
                }
            }
            text
        })
        .collect();
    cookies.push(format!("{name}={}", encoded.join(",")));
}
