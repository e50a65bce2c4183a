// Embedded in every client with a union without a discriminator that decodes (see
// generator/src/emit/embedded.rs): the items of the models' `choose` module. A kind of
// tag is there only when some union has a tag of that kind.

/// The one value a property of a variant can hold.
#[cfg(any(uses = "text_tags", uses = "bool_tags", uses = "integer_tags"))]
pub enum Tag {
    #[cfg(uses = "text_tags")]
    Text(&'static str),
    #[cfg(uses = "bool_tags")]
    Bool(bool),
    #[cfg(uses = "integer_tags")]
    Integer(i64),
}

/// The best variant so far, with the number of properties it drops.
pub struct Choice<'v, T> {
    value: &'v serde_json::Value,
    best: Option<(usize, T)>,
}

impl<'v, T> Choice<'v, T> {
    pub fn new(value: &'v serde_json::Value) -> Self {
        Self { value, best: None }
    }

    /// Whether every property of `tags` the object has holds its one value.
    #[cfg(any(uses = "text_tags", uses = "bool_tags", uses = "integer_tags"))]
    pub fn holds(&self, tags: &[(&str, Tag)]) -> bool {
        let object = self.value.as_object();
        tags.iter().all(
            |(property, tag)| match object.and_then(|object| object.get(*property)) {
                Some(value) => match tag {
                    #[cfg(uses = "text_tags")]
                    Tag::Text(text) => value.as_str() == Some(*text),
                    #[cfg(uses = "bool_tags")]
                    Tag::Bool(flag) => value.as_bool() == Some(*flag),
                    #[cfg(uses = "integer_tags")]
                    Tag::Integer(number) => value.as_i64() == Some(*number),
                },
                None => true,
            },
        )
    }

    /// Tries the variant `make` builds from a `V`; `known` lists the properties it
    /// keeps (`None`: all of them). Nothing is tried once a variant dropped none.
    pub fn offer<V: serde::de::DeserializeOwned>(
        &mut self,
        known: Option<&[&str]>,
        make: impl FnOnce(V) -> T,
    ) {
        if matches!(self.best, Some((0, _))) {
            return;
        }
        let Ok(decoded) = V::deserialize(self.value) else {
            return;
        };
        let dropped = match (self.value.as_object(), known) {
            (Some(object), Some(known)) => object
                .keys()
                .filter(|key| !known.contains(&key.as_str()))
                .count(),
            _ => 0,
        };
        match &self.best {
            Some((least, _)) if *least <= dropped => {}
            _ => self.best = Some((dropped, make(decoded))),
        }
    }

    /// The chosen variant, if any decoded.
    pub fn chosen(self) -> Option<T> {
        self.best.map(|(_, chosen)| chosen)
    }
}
