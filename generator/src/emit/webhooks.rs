//! The `webhooks` module: an enum of the webhooks the API's server sends, each holding its
//! decoded payload, and `Event::decode`, which picks the variant by the event name the
//! request carries (and the payload's `action`, where one event name has several).
//! `DecodeError` and the decoding helpers are the runtime's (`webhooks.rs`).

use super::embedded::{Flags, RuntimeFile};
use super::tokens::{docs, ident, rust_type, PartialEqDerive};
use super::{mentions_named, Piece};
use crate::model::{Model, Webhook};
use indexmap::IndexMap;
use quote::quote;

/// The module, or `None` when the document describes no webhooks.
pub fn emit_webhooks<'a>(model: &Model) -> Option<Piece<'a>> {
    if model.webhooks.is_empty() {
        return None;
    }
    let models = quote!(models::);
    // The webhooks of each event name, in the document's order.
    let mut events: IndexMap<&str, Vec<&Webhook>> = IndexMap::new();
    for webhook in &model.webhooks {
        events.entry(&webhook.event).or_default().push(webhook);
    }
    let actions = events.values().any(|group| group.len() > 1);
    let variants = model.webhooks.iter().map(|webhook| {
        let doc = docs(&format!(
            "{}\n\nEvent `{}`{}.",
            webhook.docs,
            webhook.event,
            webhook
                .action
                .as_ref()
                .map(|action| format!(", action `{action}`"))
                .unwrap_or_default()
        ));
        let variant = ident(&webhook.variant);
        let ty = rust_type(&webhook.ty, &models);
        quote!(#doc #variant(Box<#ty>),)
    });
    let arms = events.iter().map(|(event, group)| {
        let decode = |webhook: &Webhook| {
            let variant = ident(&webhook.variant);
            quote!(payload(event, body).map(Self::#variant))
        };
        let body = match group.as_slice() {
            [single] => decode(single),
            _ => {
                let by_action = group.iter().filter_map(|webhook| {
                    let action = webhook.action.as_ref()?;
                    let value = decode(webhook);
                    Some(quote!(Some(#action) => #value,))
                });
                // A webhook of the event without one `action` takes the others.
                let fallback = match group.iter().find(|webhook| webhook.action.is_none()) {
                    Some(webhook) => {
                        let value = decode(webhook);
                        quote!(_ => #value,)
                    }
                    None => quote! {
                        other => Err(DecodeError::UnknownAction {
                            event: event.to_owned(),
                            action: other.map(str::to_owned),
                        }),
                    },
                };
                quote! {
                    match action(body).as_deref() {
                        #(#by_action)*
                        #fallback
                    }
                }
            }
        };
        quote!(#event => #body,)
    });
    let names = model.webhooks.iter().map(|webhook| {
        let variant = ident(&webhook.variant);
        let event = &webhook.event;
        quote!(Self::#variant(_) => #event,)
    });
    let use_models = model
        .webhooks
        .iter()
        .any(|webhook| mentions_named(&webhook.ty))
        .then(|| {
            quote!(
                use super::models;
            )
        });
    let title = format!(
        " The webhooks of the {}: the requests its server sends to yours, with their \
         payloads decoded.",
        model.title
    );
    let cfg = super::cfg(model, &model.webhooks_gate);
    let head = quote! {
        #[doc = #title]
        #cfg
        pub mod webhooks {
            #![forbid(unsafe_code)]
        }
    };
    let eq = PartialEqDerive::of(&model.extras);
    let (eq, eq_attr) = (eq.in_list(), eq.attr());
    let emitted = quote! {
        #use_models

        /// A webhook the server sent, with its payload.
        #[derive(Debug, Clone, #eq)]
        #eq_attr
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
        }

        impl Event {
            /// Decodes the body of a webhook request, given the event name it carries (for
            /// GitHub, its `X-GitHub-Event` header; else the webhook's name in the API
            /// description). An event this client does not know is
            /// [`DecodeError::UnknownEvent`], which a server may acknowledge and ignore.
            pub fn decode(event: &str, body: &[u8]) -> Result<Self, DecodeError> {
                match event {
                    #(#arms)*
                    _ => Err(DecodeError::UnknownEvent { event: event.to_owned() }),
                }
            }

            /// The event name this webhook is sent under.
            pub fn event(&self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }
    };
    let flags = WebhookFlags { actions };
    let items = [
        Piece::Items(emitted),
        Piece::Runtime(RuntimeFile::Webhooks.items(&flags)),
    ];
    Some(Piece::Module {
        head,
        items: Box::new(items.into_iter()),
    })
}

/// What the webhooks module's runtime needs.
struct WebhookFlags {
    /// Some event name has several webhooks, told apart by the payload's `action`.
    actions: bool,
}

impl Flags for WebhookFlags {
    fn flag(&self, name: &str) -> Option<bool> {
        match name {
            "actions" => Some(self.actions),
            _ => None,
        }
    }
}
