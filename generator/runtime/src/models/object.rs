// Embedded as text in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body with
// repetitions as a stream of tokens, so this file's own layout is what clients get.

/// `Deserialize` for a struct: `object!(Name, fields (a, b, ..), names ["a", "b", ..],
/// required [a("a"), ..], optional [b, ..], nullable [..], rest = extra)`. `fields` binds
/// each declared field's slot, in tuples of at most eight nested as `decode::Slots` reads
/// them, and `names` are their wire names in the same order. The fields are then grouped
/// by how they decode: `required`, `optional` (absent or `null` is `None`) or `nullable`
/// (absent is `None`, any value as it decodes: `null` is `Some(None)`, or
/// `Some(Value::Null)`). A slot's type follows from its field's: `Option` of it, or the
/// field's own type when `nullable`. `rest` names the map that keeps undeclared
/// properties (else they are skipped). Duplicate and missing fields are serde's errors; a
/// missing field is the first required one absent, in the order written.
///
/// The struct's `Deserialize` hands the models' one `Visitor` (`decode::Fill`) the
/// struct's slots, which the deserializer fills; the struct is then built from them in
/// the same body. One impl and one body per struct: a visitor type and impl of its own
/// per struct were about 1.5% of the memory of GitHub's client's `cargo check`, and a
/// trait of the models' whose method the one visitor called back (an impl, a method and
/// a constant per struct) was 3.6% of its memory and 1.7% of its time.
///
/// What rustc checks here is written to stay small and linear in the fields (GitHub's
/// client spent about a fifth of its `cargo check` in these bodies): the loop over the
/// keys and the dispatch to a field are `decode::object`'s, checked once for every struct
/// (in each struct, a `match` on the key with a call per field cost 6% of the time and 8%
/// of the memory of GitHub's check); the slots' types are left to inference, each slot
/// meeting its field's type once (written out, they were 2.5% of Stripe's client, for
/// 2% less check time); the `Option` functions are called as paths, which need no method
/// lookup on a type still being inferred; and the required fields come out of one
/// `match`, whose other arm alone says which is missing (a decode that succeeds does no
/// more work). The fields come grouped by how they decode, so that each group is one
/// repetition and no field needs a rule of its own to expand.
macro_rules! object {
    (@rest) => {
        ()
    };
    (@rest $rest:ident) => {
        $rest
    };
    (@build $name:ident, [], [$($optional:ident)*], [$($nullable:ident)*], [$($rest:ident)?]) => {
        Ok($name {
            $($optional: Option::flatten($optional),)*
            $($nullable,)*
            $($rest,)?
        })
    };
    (@build $name:ident, [$($required:ident $wire:literal)+], [$($optional:ident)*], [$($nullable:ident)*], [$($rest:ident)?]) => {
        match ($($required,)+) {
            ($(Some($required),)+) => Ok($name {
                $($required,)+
                $($optional: Option::flatten($optional),)*
                $($nullable,)*
                $($rest,)?
            }),
            ($($required,)+) => Err(decode::missing(&[$((Option::is_none(&$required), $wire)),+])),
        }
    };
    (
        $name:ident,
        fields $fields:tt,
        names [$($wire:literal),* $(,)?],
        required [$($required:ident($required_wire:literal)),* $(,)?],
        optional [$($optional:ident),* $(,)?],
        nullable [$($nullable:ident),* $(,)?]
        $(, rest = $rest:ident)?
    ) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let mut read: (_, _) = Default::default();
                deserializer.deserialize_map(decode::Fill {
                    expecting: concat!("struct ", stringify!($name)),
                    names: &[$($wire),*],
                    slots: &mut read.0,
                    rest: &mut read.1,
                })?;
                let ($fields, object!(@rest $($rest)?)) = read;
                object!(
                    @build $name,
                    [$($required $required_wire)*],
                    [$($optional)*],
                    [$($nullable)*],
                    [$($rest)?]
                )
            }
        }
    };
}
