//! The models runtime's own tests (not embedded): `object!` and `choose` on models
//! written as the generator writes them.

use super::*;
use std::collections::BTreeMap;

/// A struct decoded as a generated model is: a required, an optional and a nullable
/// field.
#[derive(Debug, PartialEq)]
struct Contact {
    name: String,
    phone: Option<String>,
    note: Option<Option<String>>,
}

object!(
    Contact,
    fields (name, phone, note),
    names ["name", "phone", "note"],
    required [name("name")],
    optional [phone],
    nullable [note]
);

/// A struct that keeps the properties it does not declare.
#[derive(Debug, PartialEq)]
struct Open {
    id: u32,
    extra: BTreeMap<String, serde_json::Value>,
}

object!(
    Open,
    fields (id,),
    names ["id"],
    required [id("id")],
    optional [],
    nullable [],
    rest = extra
);

/// A struct none of whose fields is required: built without the check for missing ones.
#[derive(Debug, PartialEq)]
struct Loose {
    a: Option<u8>,
    b: Option<Option<bool>>,
}

object!(
    Loose,
    fields (a, b),
    names ["a", "b"],
    required [],
    optional [a],
    nullable [b]
);

/// Two required fields, to see which one a missing-field error names.
#[derive(Debug, PartialEq)]
struct Pair {
    first: u8,
    second: u8,
}

object!(
    Pair,
    fields (first, second),
    names ["first", "second"],
    required [first("first"), second("second")],
    optional [],
    nullable []
);

/// Eleven fields, more than one tuple of slots holds: read through nested tuples.
#[derive(Debug, PartialEq)]
struct Wide {
    f0: u8,
    f1: u8,
    f2: u8,
    f3: u8,
    f4: u8,
    f5: u8,
    f6: u8,
    f7: u8,
    f8: u8,
    f9: Option<u8>,
    f10: Option<Option<u8>>,
}

object!(
    Wide,
    fields ((f0, f1, f2, f3, f4, f5, f6, f7), (f8, f9, f10)),
    names ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10"],
    required [
        f0("f0"),
        f1("f1"),
        f2("f2"),
        f3("f3"),
        f4("f4"),
        f5("f5"),
        f6("f6"),
        f7("f7"),
        f8("f8")
    ],
    optional [f9],
    nullable [f10]
);

/// A struct that declares nothing but keeps every property.
#[derive(Debug, PartialEq)]
struct Bag {
    extra: BTreeMap<String, u8>,
}

object!(Bag, fields (), names [], required [], optional [], nullable [], rest = extra);

#[test]
fn fields_past_the_first_tuple_of_slots_are_read_into_theirs() {
    let wide: Wide = serde_json::from_str(
        r#"{"f10": null, "f8": 8, "f7": 7, "f0": 0, "f1": 1, "f2": 2, "f3": 3,
            "f4": 4, "f5": 5, "f6": 6, "unknown": [1, {"a": 2}], "f9": 9}"#,
    )
    .expect("decodes");
    assert_eq!(
        wide,
        Wide {
            f0: 0,
            f1: 1,
            f2: 2,
            f3: 3,
            f4: 4,
            f5: 5,
            f6: 6,
            f7: 7,
            f8: 8,
            f9: Some(9),
            f10: Some(None),
        }
    );
    let twice = r#"{"f0": 0, "f1": 1, "f2": 2, "f3": 3, "f4": 4, "f5": 5, "f6": 6, "f7": 7,
        "f8": 8, "f9": 9, "f9": 9}"#;
    let error = serde_json::from_str::<Wide>(twice).unwrap_err().to_string();
    assert!(error.contains("duplicate field `f9`"), "{error}");
    let missing = r#"{"f0": 0, "f1": 1, "f2": 2, "f3": 3, "f4": 4, "f5": 5, "f6": 6, "f7": 7}"#;
    let error = serde_json::from_str::<Wide>(missing)
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `f8`"), "{error}");
}

#[test]
fn a_struct_of_only_the_rest_keeps_every_property() {
    let bag: Bag = serde_json::from_str(r#"{"a": 1, "b": 2}"#).expect("decodes");
    assert_eq!(
        bag.extra,
        BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
    );
}

#[test]
fn the_first_missing_required_field_is_named() {
    let error = serde_json::from_str::<Pair>(r#"{"first": 1}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `second`"),
        "{error}"
    );
    let error = serde_json::from_str::<Pair>(r#"{}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `first`"),
        "{error}"
    );
    let error = serde_json::from_str::<Pair>(r#"{"first": 1, "first": 2}"#).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `first`"),
        "{error}"
    );
    assert_eq!(
        serde_json::from_str::<Pair>(r#"{"second": 2, "x": [1], "first": 1}"#).unwrap(),
        Pair {
            first: 1,
            second: 2
        }
    );
}

#[test]
fn a_struct_without_required_fields_decodes_from_anything_it_declares() {
    assert_eq!(
        serde_json::from_str::<Loose>("{}").unwrap(),
        Loose { a: None, b: None }
    );
    assert_eq!(
        serde_json::from_str::<Loose>(r#"{"a": null, "b": null}"#).unwrap(),
        Loose {
            a: None,
            b: Some(None)
        }
    );
    assert_eq!(
        serde_json::from_str::<Loose>(r#"{"a": 3, "b": true}"#).unwrap(),
        Loose {
            a: Some(3),
            b: Some(Some(true))
        }
    );
}

fn contact(json: &str) -> Result<Contact, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn object_tells_absent_null_and_present_apart() {
    let absent = contact(r#"{"name": "Ana"}"#).expect("decodes");
    assert_eq!((absent.phone, absent.note), (None, None));
    let null = contact(r#"{"name": "Ana", "phone": null, "note": null}"#).expect("decodes");
    assert_eq!((null.phone, null.note), (None, Some(None)));
    let set =
        contact(r#"{"name": "Ana", "note": "hi", "unknown": [1, {"a": 2}]}"#).expect("decodes");
    assert_eq!(set.note, Some(Some("hi".to_owned())));
}

#[test]
fn object_reports_missing_and_duplicate_fields_as_serde_does() {
    let missing = contact(r#"{"phone": "1"}"#).unwrap_err().to_string();
    assert!(missing.starts_with("missing field `name`"), "{missing}");
    let twice = contact(r#"{"name": "a", "name": "b"}"#)
        .unwrap_err()
        .to_string();
    assert!(twice.starts_with("duplicate field `name`"), "{twice}");
    let wrong = contact(r#"["Ana"]"#).unwrap_err().to_string();
    assert!(wrong.contains("struct Contact"), "{wrong}");
}

#[test]
fn an_escaped_key_is_read_as_its_text() {
    // `\u006e` is `n`: the key must be unescaped, so it is not borrowed from the input.
    let decoded = contact(r#"{"\u006eame": "Ana"}"#).expect("decodes");
    assert_eq!(decoded.name, "Ana");
    let from_value: Contact =
        serde_json::from_value(serde_json::json!({"name": "Bo"})).expect("decodes");
    assert_eq!(from_value.name, "Bo");
}

#[test]
fn the_rest_keeps_the_undeclared_properties() {
    let open: Open = serde_json::from_str(r#"{"id": 7, "b": true, "a": null}"#).expect("decodes");
    assert_eq!(open.id, 7);
    assert_eq!(open.extra.keys().collect::<Vec<_>>(), ["a", "b"]);
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Small {
    id: u32,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Large {
    id: u32,
    kind: String,
}

#[derive(Debug, PartialEq)]
enum Either {
    Small(Small),
    Large(Large),
}

fn choose_for(value: &serde_json::Value) -> Option<Either> {
    let mut choice = choose::Choice::new(value);
    choice.offer(Some(&["id"]), Either::Small);
    choice.offer(Some(&["id", "kind"]), Either::Large);
    choice.chosen()
}

#[test]
fn the_variant_that_drops_the_fewest_properties_is_chosen() {
    let large = serde_json::json!({"id": 1, "kind": "x"});
    assert!(matches!(choose_for(&large), Some(Either::Large(_))));
    let small = serde_json::json!({"id": 1});
    assert!(matches!(choose_for(&small), Some(Either::Small(_))));
    assert_eq!(choose_for(&serde_json::json!("text")), None);
}

#[test]
fn tags_rule_out_the_variants_whose_one_value_differs() {
    use choose::Tag;
    let value = serde_json::json!({"type": "card", "live": true, "version": 2});
    let choice = choose::Choice::<()>::new(&value);
    assert!(choice.holds(&[("type", Tag::Text("card")), ("live", Tag::Bool(true))]));
    assert!(choice.holds(&[("version", Tag::Integer(2)), ("absent", Tag::Text("x"))]));
    assert!(!choice.holds(&[("type", Tag::Text("bank"))]));
    assert!(!choice.holds(&[("live", Tag::Bool(false))]));
}

/// A struct encoded as a generated model is: required and optional fields interleaved,
/// one renamed, one optional and nullable.
#[derive(Debug, PartialEq)]
struct Message {
    id: u32,
    note: Option<String>,
    r#type: Option<String>,
    reply_to: Option<Option<u32>>,
}

serialize!(
    Message,
    [
        id("id", required),
        note("note", optional),
        r#type("messageType", required),
        reply_to("reply_to", optional)
    ]
);

/// What serde's derive writes for `Message`, as the generator once asked of it.
#[derive(serde::Serialize)]
struct DerivedMessage {
    id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(rename = "messageType")]
    r#type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<Option<u32>>,
}

impl Message {
    fn derived(&self) -> DerivedMessage {
        DerivedMessage {
            id: self.id,
            note: self.note.clone(),
            r#type: self.r#type.clone(),
            reply_to: self.reply_to,
        }
    }
}

/// A struct with a map of the rest, and its derived twin.
#[derive(Debug, PartialEq)]
struct Tagged {
    id: u32,
    label: Option<String>,
    extra: BTreeMap<String, serde_json::Value>,
}

serialize!(
    Tagged,
    [id("id", required), label("label", optional)],
    rest = extra
);

#[derive(serde::Serialize)]
struct DerivedTagged<'a> {
    id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: &'a Option<String>,
    #[serde(flatten)]
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A struct without fields.
#[derive(Debug, PartialEq)]
struct Nothing {}

serialize!(Nothing, []);

#[test]
fn serialize_writes_what_serdes_derive_writes_in_the_order_declared() {
    let messages = [
        Message {
            id: 1,
            note: None,
            r#type: None,
            reply_to: None,
        },
        Message {
            id: 2,
            note: Some("hi".into()),
            r#type: Some("text".into()),
            reply_to: Some(None),
        },
        Message {
            id: 3,
            note: None,
            r#type: None,
            reply_to: Some(Some(2)),
        },
    ];
    for message in &messages {
        let ours = serde_json::to_string(message).expect("encodes");
        let derived = serde_json::to_string(&message.derived()).expect("encodes");
        assert_eq!(ours, derived);
    }
    assert_eq!(
        serde_json::to_string(&messages[1]).expect("encodes"),
        r#"{"id":2,"note":"hi","messageType":"text","reply_to":null}"#
    );
    // Pretty printing reads the length given: a wrong one would misplace the brackets.
    assert_eq!(
        serde_json::to_string_pretty(&messages[0]).expect("encodes"),
        serde_json::to_string_pretty(&messages[0].derived()).expect("encodes")
    );
    assert_eq!(serde_json::to_string(&Nothing {}).expect("encodes"), "{}");
}

#[test]
fn serialize_writes_the_rest_after_the_declared_fields_as_flatten_does() {
    let extra: BTreeMap<String, serde_json::Value> = [
        ("b".to_owned(), true.into()),
        ("a".to_owned(), serde_json::Value::Null),
    ]
    .into();
    for label in [None, Some("x".to_owned())] {
        let tagged = Tagged {
            id: 7,
            label: label.clone(),
            extra: extra.clone(),
        };
        let derived = DerivedTagged {
            id: 7,
            label: &label,
            extra: &extra,
        };
        assert_eq!(
            serde_json::to_string(&tagged).expect("encodes"),
            serde_json::to_string(&derived).expect("encodes")
        );
    }
    let bare = Tagged {
        id: 1,
        label: None,
        extra: BTreeMap::new(),
    };
    assert_eq!(
        serde_json::to_string(&bare).expect("encodes"),
        r#"{"id":1}"#
    );
}

/// A value whose encoding fails, and counts the attempts.
struct Refused(std::rc::Rc<std::cell::Cell<u32>>);

impl serde::Serialize for Refused {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        self.0.set(self.0.get() + 1);
        Err(serde::ser::Error::custom("refused"))
    }
}

struct Twice {
    first: Refused,
    second: Option<Refused>,
}

serialize!(
    Twice,
    [first("first", required), second("second", optional)]
);

#[test]
fn serialize_stops_at_the_first_error_and_returns_it() {
    let attempts = std::rc::Rc::new(std::cell::Cell::new(0));
    let twice = Twice {
        first: Refused(attempts.clone()),
        second: Some(Refused(attempts.clone())),
    };
    let error = serde_json::to_string(&twice).expect_err("the first field fails");
    assert!(error.to_string().contains("refused"), "{error}");
    assert_eq!(attempts.get(), 1, "nothing is written after the error");
}

/// A string enum as the generator writes it: its known values and a catch-all.
#[derive(Debug, Clone)]
enum Direction {
    Desc,
    Asc,
    Unknown(String),
}

impl Direction {
    fn as_str(&self) -> &str {
        match self {
            Self::Desc => "desc",
            Self::Asc => "asc",
            Self::Unknown(value) => value,
        }
    }
}

by_wire_value!(Direction);

#[test]
fn a_string_enum_compares_orders_and_hashes_by_its_wire_value() {
    use std::hash::BuildHasher;
    let unknown_asc = Direction::Unknown("asc".to_owned());
    // Equal when written alike, whichever variant holds the value.
    assert_eq!(unknown_asc, Direction::Asc);
    assert_ne!(Direction::Asc, Direction::Desc);
    assert_ne!(Direction::Unknown("up".to_owned()), Direction::Asc);
    // Ordered as the strings are, not as the variants are declared.
    assert!(Direction::Asc < Direction::Desc);
    assert!(Direction::Unknown("b".to_owned()) > Direction::Asc);
    assert!(Direction::Unknown("b".to_owned()) < Direction::Desc);
    assert_eq!(
        Direction::Asc.partial_cmp(&unknown_asc),
        Some(std::cmp::Ordering::Equal)
    );
    // Equal values hash alike, so they are one key of a map.
    let hasher = std::collections::hash_map::RandomState::new();
    assert_eq!(
        hasher.hash_one(&unknown_asc),
        hasher.hash_one(Direction::Asc)
    );
    let keys: std::collections::HashSet<Direction> = [Direction::Asc, unknown_asc, Direction::Desc]
        .into_iter()
        .collect();
    assert_eq!(keys.len(), 2);
    let ordered: std::collections::BTreeSet<Direction> = [
        Direction::Desc,
        Direction::Unknown("b".to_owned()),
        Direction::Asc,
    ]
    .into_iter()
    .collect();
    let ordered: Vec<&str> = ordered.iter().map(Direction::as_str).collect();
    assert_eq!(ordered, ["asc", "b", "desc"]);
}
