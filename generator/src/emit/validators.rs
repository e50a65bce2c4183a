//! The `validation` module: the error type for values that break a rule, the compiled
//! patterns, and the checks each constrained newtype runs in its constructor.
//!
//! Patterns are ECMA-262 regular expressions, matched by `regress` (an ECMA-262 engine) so
//! that `\d`, `\w`, `\s` and friends mean exactly what the document's author meant. Each
//! is compiled once, on first use.

use super::tokens::ident;
use crate::model::{Model, Rule, Scalar, TypeKind};
use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// The static holding the compiled pattern of newtype `type_name`.
pub fn pattern_static(type_name: &str) -> Ident {
    ident(&format!("{}_PATTERN", type_name.to_shouty_snake_case()))
}

/// The rule in words, for doc comments.
pub fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Pattern(pattern) => format!("matches the pattern `{pattern}`"),
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

/// The statement that returns a `ValidationError` from a newtype's `new` when `value`
/// breaks `rule`.
pub fn rule_check(rule: &Rule, subject: &str, base: Scalar, pattern: &Ident) -> TokenStream {
    let integer = matches!(base, Scalar::Integer(_));
    let (failed, rule) = match rule {
        Rule::Pattern(source) => {
            let source = raw_string(source);
            (
                quote!(!super::validation::is_match(&super::validation::#pattern, &value)),
                quote!(Pattern(#source)),
            )
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
    };
    let shown = match base {
        Scalar::String => quote!(&value),
        _ => quote!(value),
    };
    quote! {
        if #failed {
            return Err(super::validation::ValidationError::new(#subject, #shown, super::validation::Rule::#rule));
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

/// Whether the client has a validation module: some type is constrained.
pub fn needed(model: &Model) -> bool {
    model
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Newtype { .. }))
}

/// The module, or `None` when the document constrains nothing.
pub fn emit_validation(model: &Model) -> Option<TokenStream> {
    if !needed(model) {
        return None;
    }
    let mut statics = Vec::new();
    for def in &model.types {
        let TypeKind::Newtype { rules, .. } = &def.kind else {
            continue;
        };
        for rule in rules {
            if let Rule::Pattern(source) = rule {
                let name = pattern_static(&def.name);
                let doc = format!(" The pattern of [`super::models::{}`].", def.name);
                let source = raw_string(source);
                statics.push(quote! {
                    #[doc = #doc]
                    pub(crate) static #name: LazyLock<regress::Regex> = LazyLock::new(|| compile(#source));
                });
            }
        }
    }
    let patterns = (!statics.is_empty()).then(|| {
        quote! {
            use std::sync::LazyLock;

            /// Compiles a pattern that the generator has already compiled once, with the same
            /// engine and flags, so it cannot fail here.
            fn compile(pattern: &str) -> regress::Regex {
                regress::Regex::new(pattern).expect("the generator checked that this pattern compiles")
            }

            /// Whether `value` contains a match of `regex`: ECMA-262 `pattern` is not anchored
            /// unless it says so itself.
            pub(crate) fn is_match(regex: &regress::Regex, value: &str) -> bool {
                regex.find(value).is_some()
            }

            #(#statics)*
        }
    });
    Some(quote! {
        /// Rules of the API description, and the error for values that break one.
        pub mod validation {
            #![forbid(unsafe_code)]

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
                    Self { subject, value: value.to_string(), rule }
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
                        Self::Minimum { limit, exclusive: false } => write!(f, "must be at least {limit}"),
                        Self::Minimum { limit, exclusive: true } => write!(f, "must be greater than {limit}"),
                        Self::Maximum { limit, exclusive: false } => write!(f, "must be at most {limit}"),
                        Self::Maximum { limit, exclusive: true } => write!(f, "must be less than {limit}"),
                        Self::OneOf(values) => write!(f, "must be one of {values:?}"),
                    }
                }
            }

            #patterns
        }
    })
}
