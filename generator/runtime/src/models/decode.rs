// Embedded in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): the items of the models' `decode` module, which the
// `object!` impls call.

use serde::de::{Deserialize, Error};

/// A struct `object!` decodes: what serde's errors call it, and how its fields are read
/// from a map.
pub trait Object: Sized {
    /// `struct Name`, for serde's "invalid type" errors.
    const EXPECTING: &'static str;

    /// Reads the struct's fields from `map`.
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The one `Visitor` of the structs `object!` decodes: a map, read by `T`'s `from_map`.
pub struct Visit<T>(pub std::marker::PhantomData<T>);

impl<'de, T: Object> serde::de::Visitor<'de> for Visit<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Reads an object key without copying it: the key as it is in the input, or
/// `None` when it had to be unescaped, its text then in `escaped`.
pub struct Key<'a> {
    pub escaped: &'a mut String,
}

impl<'de> serde::de::DeserializeSeed<'de> for Key<'_> {
    type Value = Option<&'de str>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<&'de str>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Key<'_> {
    type Value = Option<&'de str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Option<&'de str>, E> {
        Ok(Some(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Option<&'de str>, E> {
        self.escaped.clear();
        self.escaped.push_str(key);
        Ok(None)
    }
}

/// Reads the value of the field `name` into `slot`; a second value for it is an
/// error, as with serde's derive.
#[inline]
#[cfg(uses = "field")]
pub fn field<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// serde's "missing field" error for the first required field found absent: each field
/// with whether it is required and absent, in declaration order.
#[cfg(uses = "required")]
pub fn missing<E: Error>(absent: &[(bool, &'static str)]) -> E {
    let name = absent
        .iter()
        .find(|(absent, _)| *absent)
        .map_or("", |(_, name)| name);
    E::missing_field(name)
}

/// Skips the value of a key the struct does not declare.
#[cfg(uses = "skip")]
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}
