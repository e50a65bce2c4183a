//! emit: pure functions from the [`Model`] to a `TokenStream`. One module for the models,
//! one for the validators, one for the client; no decisions the model should have made.

mod client;
mod models;
mod runtime;
mod tokens;
mod validators;

use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole generated file: re-exports at the top, then the modules.
pub fn emit(model: &Model) -> TokenStream {
    let models = models::emit_models(model);
    let validation = validators::emit_validation(model);
    let client = client::emit_client(model);
    let client_exports = client::exported_names(model);
    let validation_export = validation.is_some().then(|| {
        quote!(
            pub use self::validation::ValidationError;
        )
    });
    quote! {
        pub use self::client::{#(#client_exports),*};
        #validation_export
        #models
        #validation
        #client
    }
}
