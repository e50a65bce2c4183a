// Embedded as text in every client whose models encode a struct (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body with
// repetitions as a stream of tokens, so this file's own layout is what clients get.

/// `Serialize` for a struct: `serialize!(Name, [field("wire", required), field("wire",
/// optional), ...], rest = extra)`, its declared fields in the order written, each
/// `required` (always written; `None` is `null`) or `optional` (written when `Some`),
/// and `rest` the map of the undeclared properties, written after them. What serde's
/// derive writes with `rename`, `skip_serializing_if = "Option::is_none"` and `flatten`.
///
/// Written for what rustc checks: a field is two calls of the shared helpers of `encode`
/// (it is counted, then written) where the derive writes a `?` and, when it may be
/// skipped, an `if`; the first error stops the writing inside `encode`. For GitHub's
/// client that is about a twentieth of its `cargo check`, in time and in memory.
macro_rules! serialize {
    (@start $serializer:ident, $name:ident, $len:ident) => {
        encode::Fields::new($serializer, stringify!($name), $len)
    };
    (@start $serializer:ident, $name:ident, $len:ident, $rest:expr) => {
        encode::Fields::with_rest($serializer, $len + $rest.len())
    };
    (
        $name:ident,
        [$($field:ident($wire:literal, $how:ident)),* $(,)?]
        $(, rest = $rest:ident)?
    ) => {
        impl serde::Serialize for $name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                let len = 0 $(+ encode::$how(&self.$field))*;
                // Not mutated when the struct declares nothing.
                #[allow(unused_mut)]
                let mut fields = serialize!(@start serializer, $name, len $(, self.$rest)?);
                $(fields.$how($wire, &self.$field);)*
                $(fields.rest(&self.$rest);)?
                fields.end()
            }
        }
    };
}
