//! A client for the Kirim WhatsApp inbox API, generated from `spec/conversations.yaml`.
//!
//! `build.rs` regenerates it on every build that changes the spec or the generator; the
//! same code is committed in `generated/` for projects that vendor it. Start with
//! [`Client`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/conversations.rs"));

/// The README's examples, compiled as doctests so that they cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
