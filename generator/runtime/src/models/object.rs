// Embedded as text in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body with
// repetitions as a stream of tokens, so this file's own layout is what clients get.

/// `Deserialize` for a struct: `object!(Name, required [field("wire", Slot), ...],
/// optional [...], nullable [...], rest = extra)`, its declared fields by how they decode:
/// `required`, `optional` (absent or `null` is `None`) or `nullable` (absent is `None`,
/// any value as it decodes: `null` is `Some(None)`, or `Some(Value::Null)`). `Slot` is the
/// type the field is read as (`Option` of the field's type, or the field's own type when
/// `nullable`), and `rest` names the map that keeps undeclared properties (else they are
/// skipped). Duplicate and missing fields are serde's errors; a missing field is the first
/// required one absent, in the order written.
///
/// The struct's `Deserialize` hands the models' one `Visitor` (`decode::Visit`) to the
/// deserializer, which calls back `decode::Object::from_map`: a visitor type and impl of
/// its own per struct were about 1.5% of the memory of GitHub's client's `cargo check`.
///
/// What rustc checks here is written to stay linear in the fields (GitHub's client spent
/// about a fifth of its `cargo check` in these bodies): the slots are typed, so no inference
/// is left open across the body; they are one local, so an early return drops one value;
/// the key's `match` has one `?`; and the required fields come out of one `match`, whose
/// other arm alone says which is missing (a decode that succeeds does no more work). The
/// fields come grouped by how they decode, so that each group is one repetition and no
/// field needs a rule of its own to expand (four per field were most of the macro's
/// expansion).
macro_rules! object {
    (@unknown $map:ident $key:ident) => {
        decode::skip(&mut $map)
    };
    (@unknown $map:ident $key:ident $rest:ident) => {{
        $rest.insert($key.to_owned(), $map.next_value()?);
        Ok(())
    }};
    (@build $name:ident, $slots:ident, [], [$($optional:ident)*], [$($nullable:ident)*], [$($rest:ident)?]) => {
        Ok($name {
            $($optional: $slots.$optional.flatten(),)*
            $($nullable: $slots.$nullable,)*
            $($rest,)?
        })
    };
    (@build $name:ident, $slots:ident, [$($required:ident $wire:literal)+], [$($optional:ident)*], [$($nullable:ident)*], [$($rest:ident)?]) => {
        match ($($slots.$required,)+) {
            ($(Some($required),)+) => Ok($name {
                $($required,)+
                $($optional: $slots.$optional.flatten(),)*
                $($nullable: $slots.$nullable,)*
                $($rest,)?
            }),
            ($($required,)+) => Err(decode::missing(&[$(($required.is_none(), $wire)),+])),
        }
    };
    (
        $name:ident,
        required [$($required:ident($required_wire:literal, $required_slot:ty)),* $(,)?],
        optional [$($optional:ident($optional_wire:literal, $optional_slot:ty)),* $(,)?],
        nullable [$($nullable:ident($nullable_wire:literal, $nullable_slot:ty)),* $(,)?]
        $(, rest = $rest:ident)?
    ) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                deserializer.deserialize_map(decode::Visit::<Self>(std::marker::PhantomData))
            }
        }
        impl decode::Object for $name {
            const EXPECTING: &'static str = concat!("struct ", stringify!($name));
            fn from_map<'de, __A: serde::de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {
                struct __Slots {
                    $($required: $required_slot,)*
                    $($optional: $optional_slot,)*
                    $($nullable: $nullable_slot,)*
                }
                let mut slots = __Slots {
                    $($required: None,)*
                    $($optional: None,)*
                    $($nullable: None,)*
                };
                $(let mut $rest = std::collections::BTreeMap::new();)?
                let mut escaped = String::new();
                loop {
                    let read = decode::Key {
                        escaped: &mut escaped,
                    };
                    let Some(found) = map.next_key_seed(read)? else {
                        break;
                    };
                    let key = found.unwrap_or(&escaped);
                    match key {
                        $($required_wire => decode::field(&mut map, &mut slots.$required, $required_wire),)*
                        $($optional_wire => decode::field(&mut map, &mut slots.$optional, $optional_wire),)*
                        $($nullable_wire => decode::field(&mut map, &mut slots.$nullable, $nullable_wire),)*
                        _ => object!(@unknown map key $($rest)?),
                    }?;
                }
                object!(
                    @build $name,
                    slots,
                    [$($required $required_wire)*],
                    [$($optional)*],
                    [$($nullable)*],
                    [$($rest)?]
                )
            }
        }
    };
}
