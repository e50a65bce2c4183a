// Embedded in every client whose models encode a struct (see
// generator/src/emit/embedded.rs): the items of the models' `encode` module, which the
// `serialize!` impls call.

#[cfg(uses = "rest")]
use serde::ser::SerializeMap;
use serde::ser::SerializeStruct;
use serde::ser::{Serialize, Serializer};

/// Counts a required field, which is always written.
#[cfg(uses = "required")]
pub fn required<T: ?Sized>(_: &T) -> usize {
    1
}

/// Counts an optional field, which is written when it is `Some`.
#[cfg(uses = "optional")]
pub fn optional<T>(value: &Option<T>) -> usize {
    usize::from(value.is_some())
}

/// A struct being written: the serializer's state, or the first error, after which
/// nothing more is written.
pub struct Fields<S: Serializer> {
    state: Result<State<S>, S::Error>,
}

/// A struct is written as serde writes one; with a map of the rest, as a map (what
/// serde's `flatten` does).
enum State<S: Serializer> {
    Struct(S::SerializeStruct),
    #[cfg(uses = "rest")]
    Map(S::SerializeMap),
}

impl<S: Serializer> Fields<S> {
    /// The struct `name`, of `len` fields written.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Self {
        Self {
            state: serializer.serialize_struct(name, len).map(State::Struct),
        }
    }

    /// A struct with a map of the rest, of `len` entries written.
    #[cfg(uses = "rest")]
    pub fn with_rest(serializer: S, len: usize) -> Self {
        Self {
            state: serializer.serialize_map(Some(len)).map(State::Map),
        }
    }

    /// Writes a field.
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let written = match &mut self.state {
            Ok(State::Struct(state)) => state.serialize_field(name, value),
            #[cfg(uses = "rest")]
            Ok(State::Map(state)) => state.serialize_entry(name, value),
            Err(_) => return,
        };
        if let Err(error) = written {
            self.state = Err(error);
        }
    }

    /// Writes a field that is `Some`; tells the serializer of one skipped, as serde's
    /// derive does.
    #[cfg(uses = "optional")]
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        let skipped = match (value, &mut self.state) {
            (Some(value), _) => return self.required(name, value),
            (None, Ok(State::Struct(state))) => state.skip_field(name),
            _ => return,
        };
        if let Err(error) = skipped {
            self.state = Err(error);
        }
    }

    /// Writes the entries of the map of the rest.
    #[cfg(uses = "rest")]
    pub fn rest<V: Serialize>(&mut self, entries: &std::collections::BTreeMap<String, V>) {
        for (key, value) in entries {
            let Ok(State::Map(state)) = &mut self.state else {
                return;
            };
            if let Err(error) = state.serialize_entry(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// The struct written, or the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.state? {
            State::Struct(state) => SerializeStruct::end(state),
            #[cfg(uses = "rest")]
            State::Map(state) => SerializeMap::end(state),
        }
    }
}
