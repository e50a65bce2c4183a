// Embedded as text in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body with
// repetitions as a stream of tokens, so this file's own layout is what clients get.

/// `Deserialize` for a struct: `object!(Name, required, [field("wire", how, Slot), ...],
/// rest = extra)`, where `how` is `required`, `optional` (absent or `null` is `None`) or
/// `nullable` (absent is `None`, any value as it decodes: `null` is `Some(None)`, or
/// `Some(Value::Null)`), `Slot` is the type the field is read as (`Option` of the field's
/// type, or the field's own type when `nullable`), and `rest` names the map that keeps
/// undeclared properties (else they are skipped). The second word is `required` when some
/// field is, `optional` when none is. Duplicate and missing fields are serde's errors.
///
/// What rustc checks here is written to stay linear in the fields (GitHub's client spent
/// about a fifth of its `cargo check` in these bodies): the slots are typed, so no inference
/// is left open across the body; they are one local, so an early return drops one value;
/// the key's `match` has one `?`; and the required fields come out of one `match`, whose
/// other arm alone says which is missing (a decode that succeeds does no more work).
macro_rules! object {
    (@absent $slot:expr, $wire:literal, required) => {
        ($slot.is_none(), $wire)
    };
    (@absent $slot:expr, $wire:literal, $how:ident) => {
        (false, $wire)
    };
    (@pattern $field:ident required) => {
        Some($field)
    };
    (@pattern $field:ident $how:ident) => {
        $field
    };
    (@unset $field:ident required) => {
        $field
    };
    (@unset $field:ident $how:ident) => {
        _
    };
    (@value $field:expr, optional) => {
        $field.flatten()
    };
    (@value $field:expr, $how:ident) => {
        $field
    };
    (@unknown $map:ident $key:ident) => {
        decode::skip(&mut $map)
    };
    (@unknown $map:ident $key:ident $rest:ident) => {{
        $rest.insert($key.to_owned(), $map.next_value()?);
        Ok(())
    }};
    (@build $name:ident, $slots:ident, required, [$($field:ident $wire:literal $how:ident),*], [$($rest:ident)?]) => {
        match ($($slots.$field,)*) {
            ($(object!(@pattern $field $how),)*) => Ok($name {
                $($field: object!(@value $field, $how),)*
                $($rest,)?
            }),
            ($(object!(@unset $field $how),)*) => {
                Err(decode::missing(&[$(object!(@absent $field, $wire, $how)),*]))
            }
        }
    };
    (@build $name:ident, $slots:ident, optional, [$($field:ident $wire:literal $how:ident),*], [$($rest:ident)?]) => {
        Ok($name {
            $($field: object!(@value $slots.$field, $how),)*
            $($rest,)?
        })
    };
    (
        $name:ident,
        $check:ident,
        [$($field:ident($wire:literal, $how:ident, $slot:ty)),* $(,)?]
        $(, rest = $rest:ident)?
    ) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<__A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> Result<Self::Value, __A::Error> {
                        struct __Slots {
                            $($field: $slot,)*
                        }
                        let mut slots = __Slots {
                            $($field: None,)*
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
                                $($wire => decode::field(&mut map, &mut slots.$field, $wire),)*
                                _ => object!(@unknown map key $($rest)?),
                            }?;
                        }
                        object!(@build $name, slots, $check, [$($field $wire $how),*], [$($rest)?])
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}
