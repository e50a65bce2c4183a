// Embedded as text in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body with
// repetitions as a stream of tokens, so this file's own layout is what clients get.

/// `Deserialize` for a struct: `object!(Name, [field("wire", how), ...], rest = extra)`, where
/// `how` is `required`, `optional` (absent or `null` is `None`) or `nullable` (absent is
/// `None`, any value as it decodes: `null` is `Some(None)`, or `Some(Value::Null)`), and
/// `rest` names the map that keeps undeclared properties (else they are skipped).
/// Duplicate and missing fields are serde's errors.
macro_rules! object {
    (@value $slot:ident $wire:literal required) => {
        decode::required($slot, $wire)?
    };
    (@value $slot:ident $wire:literal optional) => {
        $slot.flatten()
    };
    (@value $slot:ident $wire:literal nullable) => {
        $slot
    };
    (@unknown $map:ident $key:ident) => {
        decode::skip(&mut $map)?
    };
    (@unknown $map:ident $key:ident $rest:ident) => {
        $rest.insert($key.to_owned(), $map.next_value()?)
    };
    (
        $name:ident,
        [$($field:ident($wire:literal, $how:ident)),* $(,)?]
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
                        $(let mut $field = None;)*
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
                                $($wire => decode::field(&mut map, &mut $field, $wire)?,)*
                                _ => {
                                    object!(@unknown map key $($rest)?);
                                }
                            }
                        }
                        Ok($name {
                            $($field: object!(@value $field $wire $how),)*
                            $($rest,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}
