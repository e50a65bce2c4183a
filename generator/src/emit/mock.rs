//! The `mock` module, under the `mock` Cargo feature: the runtime's `MockServer` on
//! wiremock (`mock.rs`), and one method per operation saying what it answers, typed by the
//! body the client decodes and the operation's error enum, with the document's example of
//! the success body as the default answer.

use super::embedded::{Flags, RuntimeFile};
use super::tokens::{ident, rust_type};
use super::Piece;
use crate::model::{ErrorCase, Model, Operation, PathPart, StatusMatch, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The module, or `None` when the mock is not asked for or there is nothing to call.
pub fn emit_mock(model: &Model) -> Option<Piece<'_>> {
    if !model.extras.mock || model.operations.is_empty() {
        return None;
    }
    let title = format!(
        " A mock of the {}'s server for tests, typed by the client's own models and errors \
         (the `mock` feature).",
        model.title
    );
    // The methods name the client's items (`Client`, its error types, `models`) as the
    // client's own code does, through the glob: a path from `super` would not resolve in
    // the parts a large mock is split into (`--crate`), whose `super` is this module.
    let head = quote! {
        #[doc = #title]
        #[cfg(feature = "mock")]
        pub mod mock {
            #![forbid(unsafe_code)]
            #[allow(unused_imports)]
            use super::*;
        }
    };
    // Whether some operation has error responses, and so `Answer::fail` and the reply
    // function each operation's method passes exist.
    let mut used = Used {
        replies: model.operations.iter().any(|o| o.error_enum.exists()),
        ..Used::default()
    };
    let members: Vec<(TokenStream, TokenStream)> = model
        .operations
        .iter()
        .map(|operation| {
            let answer = emit_answer(operation, &mut used);
            (super::cfg(model, &operation.gate), answer)
        })
        .collect();
    let items = [
        Piece::Runtime(RuntimeFile::Mock.items(&used)),
        Piece::Impl {
            head: quote!(impl MockServer {}),
            members: Box::new(members.into_iter()),
        },
    ];
    Some(Piece::Module {
        head,
        items: Box::new(items.into_iter()),
    })
}

/// The kinds of default answer and error reply some operation's method gives: the
/// markers of the runtime's `mock.rs`, so that no variant is left unused.
#[derive(Default)]
struct Used {
    example_json: bool,
    example_no_body: bool,
    example_missing: bool,
    reply_json: bool,
    reply_text: bool,
    reply_bytes: bool,
    reply_empty: bool,
    replies: bool,
}

impl Flags for Used {
    fn flag(&self, name: &str) -> Option<bool> {
        Some(match name {
            "example_json" => self.example_json,
            "example_no_body" => self.example_no_body,
            "example_missing" => self.example_missing,
            "reply_json" => self.reply_json,
            "reply_text" => self.reply_text,
            "reply_bytes" => self.reply_bytes,
            "reply_empty" => self.reply_empty,
            "replies" => self.replies,
            _ => return None,
        })
    }
}

/// The runtime's own methods of `MockServer`, which an operation's method must not take.
const TAKEN: &[&str] = &[
    "start",
    "base_url",
    "unexpected_requests",
    "wiremock",
    "answer",
];

/// `MockServer::<operation>`: the answer of one operation.
fn emit_answer(operation: &Operation, used: &mut Used) -> TokenStream {
    let models = quote!(models::);
    let name = if TAKEN.contains(&operation.name.as_str()) {
        format_ident!("{}_answer", operation.name)
    } else {
        ident(&operation.name)
    };
    let doc = format!(
        " What [`Client::{}`] (`{} {}`) answers.",
        operation.name,
        operation.method.to_uppercase(),
        operation.path
    );
    let responses = &operation.responses;
    let typed_body = responses.stream.is_none() && responses.success_variants.is_none();
    let missing = |used: &mut Used| {
        used.example_missing = true;
        quote!(Example::Missing)
    };
    let (body, example) = match &responses.success_type {
        _ if !typed_body => (quote!(serde_json::Value), missing(used)),
        None => {
            used.example_no_body = true;
            let status = first_status(responses.success.first().map(|(status, _)| *status));
            (quote!(()), quote!(Example::NoBody(#status)))
        }
        Some(TypeRef::Text | TypeRef::Bytes) => (quote!(serde_json::Value), missing(used)),
        Some(ty) => {
            let ty = rust_type(ty, &models);
            let ty = if responses.success_optional {
                quote!(Option<#ty>)
            } else {
                ty
            };
            let example = match &responses.example {
                Some((status, json)) => {
                    used.example_json = true;
                    let status = first_status(Some(*status));
                    quote!(Example::Json(#status, #json))
                }
                None => missing(used),
            };
            (ty, example)
        }
    };
    let (error, reply) = if !used.replies {
        (quote!(std::convert::Infallible), TokenStream::new())
    } else if operation.error_enum.exists() {
        let error = format_ident!("{}Error", operation.type_prefix);
        let error = quote!(#error);
        let arms: Vec<TokenStream> = responses
            .errors
            .iter()
            .map(|case| error_arm(&error, case, used))
            .collect();
        (error.clone(), quote!(, |error| match error { #(#arms)* }))
    } else {
        (
            quote!(std::convert::Infallible),
            quote!(, |never| match *never {}),
        )
    };
    let operation_name = operation.operation_id.as_deref().unwrap_or(&operation.name);
    let method = operation.method.to_uppercase();
    let path = path_pattern(&operation.segments);
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> Answer<'_, #body, #error> {
            self.answer(#operation_name, #method, #path, #example #reply)
        }
    }
}

/// The status an answer for `status` is sent with: a range's first, `500` for `default`,
/// `200` when the document names none.
fn first_status(status: Option<StatusMatch>) -> u16 {
    match status {
        Some(StatusMatch::Code(code)) => code,
        Some(StatusMatch::Range(range)) => range * 100,
        Some(StatusMatch::Default) => 500,
        None => 200,
    }
}

/// The reply of one documented error: its status, and its body as the client reads it.
fn error_arm(error: &TokenStream, case: &ErrorCase, used: &mut Used) -> TokenStream {
    let variant = ident(&case.variant);
    let status = first_status(Some(case.status));
    match &case.ty {
        None => {
            used.reply_empty = true;
            quote!(#error::#variant => Reply::Empty(#status),)
        }
        Some(TypeRef::Text) => {
            used.reply_text = true;
            quote!(#error::#variant(body) => Reply::Text(#status, body.clone()),)
        }
        Some(TypeRef::Bytes) => {
            used.reply_bytes = true;
            quote!(#error::#variant(body) => Reply::Bytes(#status, body.to_vec()),)
        }
        Some(_) => {
            used.reply_json = true;
            quote!(#error::#variant(body) => Reply::Json(#status, serde_json::to_value(body)),)
        }
    }
}

/// A regular expression of the request paths an operation's client method sends: each
/// literal as the client percent-encodes it, each parameter one or more characters of a
/// segment.
fn path_pattern(segments: &[Vec<PathPart>]) -> String {
    if segments.is_empty() {
        return "^/$".to_owned();
    }
    let mut pattern = String::from("^");
    for segment in segments {
        pattern.push('/');
        for part in segment {
            match part {
                PathPart::Literal(text) => {
                    for byte in text.bytes() {
                        match byte {
                            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' => {
                                pattern.push(char::from(byte))
                            }
                            // Sent as they are, and meaning themselves once escaped.
                            b'-' | b'.' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')'
                            | b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@' => {
                                pattern.push('\\');
                                pattern.push(char::from(byte));
                            }
                            _ => pattern.push_str(&format!("%{byte:02X}")),
                        }
                    }
                }
                PathPart::Param(_) => pattern.push_str("[^/]+"),
            }
        }
    }
    pattern.push('$');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_pattern_matches_what_the_client_sends() {
        let segments = vec![
            vec![PathPart::Literal("v1.2".into())],
            vec![
                PathPart::Param("id".into()),
                PathPart::Literal(".json".into()),
            ],
            vec![PathPart::Literal("a b".into())],
        ];
        assert_eq!(path_pattern(&segments), r"^/v1\.2/[^/]+\.json/a%20b$");
        assert_eq!(path_pattern(&[]), "^/$");
    }
}
