// Embedded in every client whose models decode a struct (see
// generator/src/emit/embedded.rs): the items of the models' `decode` module, which the
// `object!` impls call.

use serde::de::Error;

/// The one `Visitor` of the structs `object!` decodes: reads a map into a struct's
/// `slots` (its declared fields, whose wire `names` they are in order) and `rest`, for
/// the struct's `Deserialize` to build it from. `expecting` is `struct Name`, for serde's
/// "invalid type" errors.
pub struct Fill<'a, S, R> {
    pub expecting: &'static str,
    pub names: &'static [&'static str],
    pub slots: &'a mut S,
    pub rest: &'a mut R,
}

impl<'de, S: Slots, R: Rest> serde::de::Visitor<'de> for Fill<'_, S, R> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        object(map, self.names, self.slots, self.rest)
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

/// The slots a struct's declared fields are read into: an `Option` per field, in tuples
/// of at most eight, nested (`((a, b, ..), (i, ..))`) so that a struct of any size needs
/// only the impls below. The field a key names is found by its position among the
/// struct's wire names, and `read` walks down to that slot: the per-field code lives
/// here, checked once, not in every struct's decode body.
pub trait Slots: Default {
    /// How many fields the slots hold.
    const LEN: usize;

    /// Reads the next value of `map` into the slot at `index`; `names` are the wire
    /// names of these slots, for the duplicate-field error.
    fn read<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
        names: &[&'static str],
    ) -> Result<(), A::Error>;
}

/// One field's slot: a second value for it is an error, as with serde's derive. The
/// models own their data, so a slot reads whatever the map borrows from.
impl<T: serde::de::DeserializeOwned> Slots for Option<T> {
    const LEN: usize = 1;

    #[inline]
    fn read<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
        names: &[&'static str],
    ) -> Result<(), A::Error> {
        if self.is_some() {
            return Err(A::Error::duplicate_field(
                names.get(index).copied().unwrap_or(""),
            ));
        }
        *self = Some(map.next_value()?);
        Ok(())
    }
}

/// A struct that declares no field but the map of the rest.
impl Slots for () {
    const LEN: usize = 0;

    fn read<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        _: usize,
        map: &mut A,
        _: &[&'static str],
    ) -> Result<(), A::Error> {
        skip(map)
    }
}

/// `Slots` for a tuple of slots: the index is passed down to the member that holds it,
/// less the fields of the members before.
macro_rules! tuple_slots {
    ($($member:ident $position:tt),+) => {
        impl<$($member: Slots),+> Slots for ($($member,)+) {
            const LEN: usize = 0 $(+ $member::LEN)+;

            #[inline]
            fn read<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
                names: &[&'static str],
            ) -> Result<(), A::Error> {
                let mut first = 0;
                $(
                    if index < first + $member::LEN {
                        return self.$position.read(index - first, map, names.get(first..).unwrap_or_default());
                    }
                    first += $member::LEN;
                )+
                let _ = first;
                skip(map)
            }
        }
    };
}

tuple_slots!(S0 0);
tuple_slots!(S0 0, S1 1);
tuple_slots!(S0 0, S1 1, S2 2);
tuple_slots!(S0 0, S1 1, S2 2, S3 3);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7);

/// Where the keys a struct does not declare go: skipped (`()`), or kept in the struct's
/// map of the rest.
pub trait Rest: Default {
    /// Reads the value of the undeclared `key`.
    fn keep<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

impl Rest for () {
    fn keep<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        _: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        skip(map)
    }
}

#[cfg(uses = "rest")]
impl<V: serde::de::DeserializeOwned> Rest for std::collections::BTreeMap<String, V> {
    fn keep<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        self.insert(key.to_owned(), map.next_value()?);
        Ok(())
    }
}

/// Reads a map into `slots`, whose fields have the wire `names` in order, and the keys
/// that name none of them into `rest`. The caller's slots are filled in place, and this
/// is inlined into each struct's decode: returned, and called, the slots were copied on
/// the way (decoding the Kirim page took 1.08x the time of serde's derive, against 1.03x).
#[inline]
pub fn object<'de, A: serde::de::MapAccess<'de>, S: Slots, R: Rest>(
    mut map: A,
    names: &[&'static str],
    slots: &mut S,
    rest: &mut R,
) -> Result<(), A::Error> {
    let mut escaped = String::new();
    let mut expected = 0;
    loop {
        let read = Key {
            escaped: &mut escaped,
        };
        let Some(found) = map.next_key_seed(read)? else {
            return Ok(());
        };
        let key = found.unwrap_or(&escaped);
        match position(names, key, expected) {
            Some(index) => {
                slots.read(index, &mut map, names)?;
                expected = index + 1;
            }
            None => rest.keep(key, &mut map)?,
        }
    }
}

/// Where `key` is among `names`, looked for from `expected` on and then before it: a
/// server writes an object's keys in the same order every time, most often the
/// schema's, so the next key is usually the name after the last one found. (A search
/// from the first name would compare about 40 names per key of GitHub's repository
/// object, which has 80 fields.)
#[inline]
fn position(names: &[&str], key: &str, expected: usize) -> Option<usize> {
    let (before, after) = names.split_at(expected.min(names.len()));
    match after.iter().position(|name| *name == key) {
        Some(index) => Some(before.len() + index),
        None => before.iter().position(|name| *name == key),
    }
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

/// Reads past a value no slot takes.
fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}
