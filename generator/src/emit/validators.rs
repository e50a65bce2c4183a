//! The `validation` module: the error type for values that break a rule, the compiled
//! patterns, and the checks each constrained newtype runs in its constructor.
//!
//! Patterns are ECMA-262 regular expressions. Simple anchored ones (a literal and ASCII
//! classes with counts, see [`SimplePattern`]) become plain code that scans the bytes once;
//! the rest are matched by `regress` (an ECMA-262 engine) so that `\d`, `\w`, `\s` and
//! friends mean exactly what the document's author meant, each compiled once, on first use.

use super::embedded::{Flags, RuntimeFile};
use super::tokens::ident;
use super::Piece;
use crate::model::pattern::{ByteSet, SimplePattern, Step};
use crate::model::{Gate, Model, Rule, Scalar, TypeDef, TypeKind};
use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};

/// The static holding the compiled pattern of newtype `type_name`.
fn pattern_static(type_name: &str) -> Ident {
    ident(&format!("{}_PATTERN", type_name.to_shouty_snake_case()))
}

/// The plain-code check of newtype `type_name`'s simple pattern.
fn pattern_function(type_name: &str) -> Ident {
    ident(&format!("{}_matches", type_name.to_snake_case()))
}

/// The expression that is true when `value` (a `&str`) matches the pattern of newtype
/// `type_name`, `simple` or not.
fn pattern_matches(type_name: &str, simple: bool) -> TokenStream {
    if simple {
        let function = pattern_function(type_name);
        quote!(validation::#function(value))
    } else {
        let regex = pattern_static(type_name);
        quote!(validation::is_match(&validation::#regex, value))
    }
}

/// The rule in words, for doc comments.
pub fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Pattern { source, .. } => format!("matches the pattern `{source}`"),
        Rule::MinLength(n) => format!("is at least {n} characters long"),
        Rule::MaxLength(n) => format!("is at most {n} characters long"),
        Rule::Minimum {
            value,
            exclusive: false,
        } => format!("is at least {value}"),
        Rule::Minimum {
            value,
            exclusive: true,
        } => format!("is greater than {value}"),
        Rule::Maximum {
            value,
            exclusive: false,
        } => format!("is at most {value}"),
        Rule::Maximum {
            value,
            exclusive: true,
        } => format!("is less than {value}"),
        Rule::OneOf(values) => {
            let values: Vec<String> = values.iter().map(i64::to_string).collect();
            format!("is one of {}", values.join(", "))
        }
    }
}

/// The statement that returns a `ValidationError` from a newtype's `validate` when `value`
/// breaks `rule`.
pub fn rule_check(rule: &Rule, def: &TypeDef, subject: &str, base: Scalar) -> TokenStream {
    let (failed, rule) = rule_test(rule, def, base);
    quote! {
        if #failed {
            return Err(validation::ValidationError::new(#subject, value, validation::Rule::#rule));
        }
    }
}

/// The statement that returns `false` from a newtype's `is_valid` when `value` breaks `rule`.
pub fn rule_bool_check(rule: &Rule, def: &TypeDef, base: Scalar) -> TokenStream {
    let (failed, _) = rule_test(rule, def, base);
    quote! {
        if #failed {
            return false;
        }
    }
}

/// The expression that is true when `value` breaks `rule`, and the `validation::Rule`
/// value naming it.
fn rule_test(rule: &Rule, def: &TypeDef, base: Scalar) -> (TokenStream, TokenStream) {
    let integer = matches!(base, Scalar::Integer(_));
    match rule {
        Rule::Pattern { source, simple } => {
            let matches = pattern_matches(&def.name, simple.is_some());
            let source = raw_string(source);
            (quote!(!#matches), quote!(Pattern(#source)))
        }
        Rule::MinLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            (quote!(value.chars().count() < #n), quote!(MinLength(#n)))
        }
        Rule::MaxLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            (quote!(value.chars().count() > #n), quote!(MaxLength(#n)))
        }
        Rule::Minimum { value, exclusive } => {
            let limit = number(*value, integer);
            let text = number_text(*value, integer);
            let failed = if *exclusive {
                quote!(value <= #limit)
            } else {
                quote!(value < #limit)
            };
            (
                failed,
                quote!(Minimum { limit: #text, exclusive: #exclusive }),
            )
        }
        Rule::Maximum { value, exclusive } => {
            let limit = number(*value, integer);
            let text = number_text(*value, integer);
            let failed = if *exclusive {
                quote!(value >= #limit)
            } else {
                quote!(value > #limit)
            };
            (
                failed,
                quote!(Maximum { limit: #text, exclusive: #exclusive }),
            )
        }
        Rule::OneOf(values) => {
            let values: Vec<TokenStream> = values.iter().map(|v| integer_literal(*v)).collect();
            (
                quote!(![#(#values),*].contains(&value)),
                quote!(OneOf(&[#(#values),*])),
            )
        }
    }
}

/// A numeric literal; negative numbers as `-` and a literal, which is how Rust parses them.
fn number(value: f64, integer: bool) -> TokenStream {
    let magnitude = if integer {
        Literal::i64_unsuffixed((value as i64).abs())
    } else {
        Literal::f64_unsuffixed(value.abs())
    };
    if value < 0.0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// An integer literal that also covers `i64::MIN`, whose magnitude only fits a `u64`.
fn integer_literal(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn number_text(value: f64, integer: bool) -> String {
    if integer {
        (value as i64).to_string()
    } else {
        value.to_string()
    }
}

/// A raw string literal (`r"..."`) so that patterns read as written in the document.
fn raw_string(text: &str) -> Literal {
    if text.contains('\r') {
        return Literal::string(text);
    }
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// The gate of the pattern engine (`regress`): that of every type with a pattern too
/// complex to be plain code, `None` when there is none. In a crate it is an optional
/// dependency of the features that need it.
pub fn pattern_engine_gate(model: &Model) -> Option<Gate> {
    let gates = model
        .types
        .iter()
        .filter(|def| {
            matches!(&def.kind, TypeKind::Newtype { rules, .. } if rules.iter().any(|rule| {
                matches!(rule, Rule::Pattern { simple: None, .. })
            }))
        })
        .map(|def| &def.gate);
    Gate::needed_by(gates, model.features.len())
}

/// Whether the client has a validation module: some type is constrained.
pub fn needed(model: &Model) -> bool {
    model
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Newtype { .. }))
}

/// The module, or `None` when the document constrains nothing.
pub fn emit_validation<'a>(model: &Model) -> Option<Piece<'a>> {
    if !needed(model) {
        return None;
    }
    let mut statics = Vec::new();
    let mut scans = Vec::new();
    let mut runs = false;
    let mut exact_runs = false;
    for def in &model.types {
        let TypeKind::Newtype { rules, .. } = &def.kind else {
            continue;
        };
        for rule in rules {
            let Rule::Pattern { source, simple } = rule else {
                continue;
            };
            if let Some(simple) = simple {
                for step in simple.steps.iter().filter(|step| step.literal().is_none()) {
                    if step.max == Some(step.min) {
                        exact_runs = true;
                    } else {
                        runs = true;
                    }
                }
                let cfg = super::cfg(model, &def.gate);
                let scan = emit_scan(&def.name, source, simple);
                scans.push(quote!(#cfg #scan));
            } else {
                let name = pattern_static(&def.name);
                let doc = format!(" The pattern of [`super::models::{}`].", def.name);
                let source = raw_string(source);
                let cfg = super::cfg(model, &def.gate);
                statics.push(quote! {
                    #cfg
                    #[doc = #doc]
                    pub(crate) static #name: LazyLock<regress::Regex> = LazyLock::new(|| compile(#source));
                });
            }
        }
    }
    let flags = ValidationFlags {
        runs,
        exact_runs,
        patterns: !statics.is_empty(),
        // The engine is there only with the features that need it.
        engine: pattern_engine_gate(model).map(|gate| super::cfg(model, &gate)),
    };
    let unused = super::unused_with_features_off(model);
    let head = quote! {
        /// Rules of the API description, and the error for values that break one.
        pub mod validation {
            #![forbid(unsafe_code)]
            #unused
        }
    };
    let items = [
        Piece::Runtime(RuntimeFile::Validation.items(&flags)),
        Piece::Items(quote!(#(#statics)* #(#scans)*)),
    ];
    Some(Piece::Module {
        head,
        items: Box::new(items.into_iter()),
    })
}

/// What the validation module's runtime needs: the scans' helpers, and the pattern
/// engine's, behind the engine's gate.
struct ValidationFlags {
    runs: bool,
    exact_runs: bool,
    patterns: bool,
    engine: Option<TokenStream>,
}

impl Flags for ValidationFlags {
    fn flag(&self, name: &str) -> Option<bool> {
        Some(match name {
            "runs" => self.runs,
            "exact_runs" => self.exact_runs,
            "pattern_engine" => self.patterns,
            _ => return None,
        })
    }

    fn attributes(&self, name: &str) -> Vec<syn::Attribute> {
        match (name, &self.engine) {
            ("pattern_engine", Some(cfg)) => {
                syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone())
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

/// The function that checks a simple pattern with one greedy scan over the bytes.
fn emit_scan(type_name: &str, source: &str, pattern: &SimplePattern) -> TokenStream {
    let name = pattern_function(type_name);
    let doc = format!(
        " Whether `value` matches `{source}`, the pattern of [`super::models::{type_name}`], \
         checked byte by byte: every class is ASCII and no count can take what the rest \
         needs, so one greedy scan decides it."
    );
    // Consecutive single bytes are one literal.
    let mut groups: Vec<Result<Vec<u8>, Step>> = Vec::new();
    for step in &pattern.steps {
        match (step.literal(), groups.last_mut()) {
            (Some(byte), Some(Ok(bytes))) => bytes.push(byte),
            (Some(byte), _) => groups.push(Ok(vec![byte])),
            (None, _) => groups.push(Err(*step)),
        }
    }
    let last = groups.len().saturating_sub(1);
    let mut statements = Vec::new();
    let mut result = quote!(rest.is_empty());
    for (index, group) in groups.iter().enumerate() {
        let open_end = index == last && !pattern.anchored_end;
        match group {
            Ok(bytes) => {
                let bytes = Literal::byte_string(bytes);
                if open_end {
                    result = quote!(rest.starts_with(#bytes));
                } else {
                    statements.push(
                        quote!(let Some(rest) = rest.strip_prefix(#bytes) else { return false; };),
                    );
                }
            }
            Err(step) => {
                let min = Literal::usize_unsuffixed(step.min as usize);
                let max = match step.max {
                    Some(max) => Literal::usize_unsuffixed(max as usize).into_token_stream(),
                    None => quote!(usize::MAX),
                };
                let accepts = byte_test(step.set);
                let run = if step.max == Some(step.min) {
                    quote!(exactly(rest, #min, |byte| #accepts))
                } else {
                    quote!(take(rest, #min, #max, |byte| #accepts))
                };
                if open_end {
                    result = quote!(#run.is_some());
                } else {
                    statements.push(quote!(let Some(rest) = #run else { return false; };));
                }
            }
        }
    }
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(value: &str) -> bool {
            let rest = value.as_bytes();
            #(#statements)*
            #result
        }
    }
}

/// The test that `byte` is in `set`, as a reader would write it: `byte.is_ascii_digit()`,
/// `(b'A'..=b'H').contains(&byte)`, `byte == b'_'`, joined by `||`.
fn byte_test(set: ByteSet) -> TokenStream {
    // Each test, and whether it is an equality: joined by `|`, which binds tighter than
    // `==`, an equality needs parentheses; alone (a closure's body) it must not have them,
    // which rustc's `unused_parens` says.
    let mut tests: Vec<(TokenStream, bool)> = Vec::new();
    let mut byte = 0u8;
    while byte < 128 {
        if set & (1 << byte) == 0 {
            byte += 1;
            continue;
        }
        let low = byte;
        while byte < 127 && set & (1 << (byte + 1)) != 0 {
            byte += 1;
        }
        let (low_literal, high_literal) =
            (Literal::byte_character(low), Literal::byte_character(byte));
        tests.push(match (low, byte) {
            (b'0', b'9') => (quote!(byte.is_ascii_digit()), false),
            (b'a', b'z') => (quote!(byte.is_ascii_lowercase()), false),
            (b'A', b'Z') => (quote!(byte.is_ascii_uppercase()), false),
            (low, high) if low == high => (quote!(byte == #low_literal), true),
            _ => (
                quote!((#low_literal..=#high_literal).contains(&byte)),
                false,
            ),
        });
        byte += 1;
    }
    if let [(test, _)] = tests.as_slice() {
        return test.clone();
    }
    let joined = tests
        .into_iter()
        .map(|(test, equality)| if equality { quote!((#test)) } else { test });
    quote!(#(#joined)|*)
}

#[cfg(test)]
mod tests {
    use super::byte_test;

    #[test]
    fn byte_tests_have_parentheses_only_where_precedence_needs_them() {
        let one = |byte: u8| 1u128 << byte;
        assert_eq!(byte_test(one(b'$')).to_string(), "byte == b'$'");
        // `|` binds tighter than `==`: joined, each equality is parenthesized.
        assert_eq!(
            byte_test(one(b'$') | one(b'_')).to_string(),
            "(byte == b'$') | (byte == b'_')"
        );
        let digits = (b'0'..=b'9').fold(0, |set, b| set | one(b));
        assert_eq!(
            byte_test(digits | one(b'-')).to_string(),
            "(byte == b'-') | byte . is_ascii_digit ()"
        );
    }
}
