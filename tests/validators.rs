//! The plain-code pattern checks of the generated clients give the ECMA-262 engine's
//! answers, on random values near and far from the patterns.

use proptest::prelude::*;

pub mod patterns {
    include!(concat!(env!("OUT_DIR"), "/fixtures/patterns.rs"));
}

fn engine(pattern: &str, value: &str) -> bool {
    regress::Regex::new(pattern)
        .expect("the document's pattern compiles")
        .find(value)
        .is_some()
}

/// Values built from the pieces the patterns care about, plus characters they must reject.
fn value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec!["ctc_", "acc_", "_", "é", "\n", " ", "I", "0"])
            .prop_map(str::to_owned),
        any::<u64>().prop_map(|n| n.to_string()),
        // A contact id's 26 characters (Crockford's base 32: no I, L, O or U).
        prop::collection::vec(
            prop::sample::select(
                ('0'..='9')
                    .chain('A'..='Z')
                    .filter(|c| !"ILOU".contains(*c))
                    .collect::<Vec<_>>()
            ),
            26
        )
        .prop_map(|chars| chars.into_iter().collect()),
        prop::collection::vec(
            prop::sample::select(('A'..='Z').chain('a'..='z').collect::<Vec<_>>()),
            1..30
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn kirim_validators_agree_with_the_engine(value in value()) {
        use kirim::models::{ContactId, Limit, PhoneNumberId};
        prop_assert_eq!(ContactId::validate(&value).is_ok(), engine("^ctc_[0-9A-HJKMNP-TV-Z]{26}$", &value));
        prop_assert_eq!(PhoneNumberId::validate(&value).is_ok(), engine(r"^\d{6,20}$", &value));
        prop_assert_eq!(Limit::validate(&value).is_ok(), engine(r"^\d+$", &value));
    }

    #[test]
    fn fixture_validators_agree_with_the_engine(value in value()) {
        use patterns::models::{AccountHandle, AccountId};
        prop_assert_eq!(AccountHandle::validate(&value).is_ok(), engine(r"^\w+$", &value) && value.chars().count() >= 3 && value.chars().count() <= 15);
        prop_assert_eq!(AccountId::validate(&value).is_ok(), engine("^acc_[a-z0-9]{8}$", &value));
    }
}
