//! Every fixture's generated code, compiled (and checked by clippy with `--all-targets`),
//! and used: a golden output that does not compile or behave is no golden output.

mod support;

macro_rules! fixture {
    ($name:ident) => {
        pub mod $name {
            include!(concat!(
                env!("OUT_DIR"),
                "/fixtures/",
                stringify!($name),
                ".rs"
            ));
        }
    };
}

fixture!(all_of);
fixture!(arrays);
fixture!(bodies);
fixture!(defaults);
fixture!(downloads);
fixture!(enums);
fixture!(errors);
fixture!(extra);
fixture!(extremes);
fixture!(features);
fixture!(formats);
fixture!(identical);
fixture!(item_schemas);
fixture!(large);
fixture!(names);
fixture!(nested);
fixture!(nullable);
fixture!(mocked);
fixture!(options);
fixture!(params);
fixture!(patterns);
fixture!(query_key);
fixture!(references);
fixture!(refs);
fixture!(round_trip);
fixture!(security);
fixture!(streams);
fixture!(swagger2);
fixture!(github_webhooks);
fixture!(webhooks_31);
fixture!(unions);

#[test]
fn identical_types_are_one_type_under_each_name() {
    use identical::models::{
        Job, Label, ListJobsBadRequest, ListJobsNotFound, NullableJob, RetryState, Settings,
        SettingsStart, State, Tag,
    };
    use std::any::TypeId;
    assert_eq!(TypeId::of::<NullableJob>(), TypeId::of::<Job>());
    assert_eq!(TypeId::of::<RetryState>(), TypeId::of::<State>());
    assert_eq!(TypeId::of::<SettingsStart>(), TypeId::of::<State>());
    assert_eq!(
        TypeId::of::<ListJobsBadRequest>(),
        TypeId::of::<ListJobsNotFound>()
    );
    // Same fields, other docs: kept apart.
    assert_ne!(TypeId::of::<Label>(), TypeId::of::<Tag>());
    let body: ListJobsBadRequest =
        serde_json::from_str(r#"{"errors": [{"code": "invalid", "field": "id"}]}"#).unwrap();
    let errors = body.errors.unwrap();
    assert_eq!(errors[0].code.as_ref().map(|c| c.as_str()), Some("invalid"));
    // The default of a field whose enum became an alias is still written out.
    let settings: Settings = serde_json::from_str("{}").unwrap();
    assert_eq!(settings.start(), State::Done);
}

#[test]
fn scalars_with_the_same_rules_are_one_type_that_still_checks_them() {
    use identical::models::{
        Int32From1To10, Job, JobNote, JobPriority, JobQueue, SettingsDefaultPriority,
        SettingsDefaultQueue, SettingsMotto, SettingsRetries, TextUpTo100,
    };
    use std::any::TypeId;
    assert_eq!(TypeId::of::<JobNote>(), TypeId::of::<TextUpTo100>());
    assert_eq!(TypeId::of::<SettingsMotto>(), TypeId::of::<TextUpTo100>());
    assert_eq!(TypeId::of::<JobPriority>(), TypeId::of::<Int32From1To10>());
    assert_eq!(
        TypeId::of::<SettingsDefaultPriority>(),
        TypeId::of::<Int32From1To10>()
    );
    // A pattern does not read as a name: the shortest member's name is the type's.
    assert_eq!(
        TypeId::of::<SettingsDefaultQueue>(),
        TypeId::of::<JobQueue>()
    );
    // Alone with its rules: its own type, its errors naming the property.
    assert_ne!(
        TypeId::of::<SettingsRetries>(),
        TypeId::of::<Int32From1To10>()
    );
    assert_eq!(
        SettingsRetries::new(5).unwrap_err().subject(),
        "Settings.retries"
    );
    // The rules still hold, through either name, and when decoding.
    assert!(SettingsMotto::new("a".repeat(100)).is_ok());
    let long = JobNote::new("a".repeat(101)).unwrap_err();
    assert_eq!(long.subject(), "TextUpTo100");
    assert!(JobPriority::new(11).is_err());
    assert!(SettingsDefaultQueue::new("q_main").is_ok());
    assert!(SettingsDefaultQueue::new("main").is_err());
    let job: Job = serde_json::from_str(
        r#"{"id": "1", "state": "done", "note": "n", "queue": "q_a", "priority": 3}"#,
    )
    .unwrap();
    assert_eq!(job.priority.map(Int32From1To10::get), Some(3));
    let bad = serde_json::from_str::<Job>(r#"{"id": "1", "state": "done", "priority": 0}"#);
    assert!(bad.unwrap_err().to_string().contains("Int32From1To10"));
}

#[test]
fn operations_with_the_same_optional_parameters_share_their_struct() {
    use features::client::{ListOrdersParams, ListPetsParams};
    use std::any::TypeId;
    assert_eq!(
        TypeId::of::<ListOrdersParams>(),
        TypeId::of::<ListPetsParams>()
    );
    let params = ListOrdersParams {
        cursor: Some("c".into()),
    };
    assert_eq!(params.cursor.as_deref(), Some("c"));
}

#[test]
fn structs_decode_like_serdes_derive() {
    use extra::models::{Labels, Open};
    use nullable::models::Profile;
    // An escaped key is the same key; unknown keys are skipped.
    let profile: Profile = serde_json::from_str(
        r#"{"required_pl\u0061in": "a", "required_nullable": "b", "other": [1, {"x": 2}]}"#,
    )
    .unwrap();
    assert_eq!(profile.required_plain, "a");
    assert_eq!(profile.required_nullable.as_deref(), Some("b"));
    let twice = serde_json::from_str::<Profile>(
        r#"{"required_plain": "a", "required_plain": "b", "required_nullable": null}"#,
    );
    assert!(
        twice
            .unwrap_err()
            .to_string()
            .contains("duplicate field `required_plain`"),
        "a repeated key is an error, as with serde's derive"
    );
    let missing = serde_json::from_str::<Profile>(r#"{"required_nullable": null}"#);
    assert!(missing
        .unwrap_err()
        .to_string()
        .contains("missing field `required_plain`"));
    let not_object = serde_json::from_str::<Profile>("[1]")
        .unwrap_err()
        .to_string();
    assert!(
        not_object.contains("expected struct Profile"),
        "{not_object}"
    );
    // Undeclared properties go to the map, escaped keys unescaped; a typed map checks them.
    let open: Open = serde_json::from_str(r#"{"id": "1", "x-\u0061": true}"#).unwrap();
    assert_eq!(
        open.additional_properties["x-a"],
        serde_json::Value::Bool(true)
    );
    assert!(serde_json::from_str::<Labels>(r#"{"id": "1", "tag": 5}"#).is_err());
    // A struct named like the impl's type parameter, with fields named like its locals.
    let a: names::models::A =
        serde_json::from_str(r#"{"index": 1, "map": "m", "key": "k"}"#).unwrap();
    assert_eq!((a.index, a.map.as_str(), a.key.as_str()), (1, "m", "k"));
}

#[test]
fn enums_keep_unknown_values_and_tell_look_alike_values_apart() {
    use enums::models::TaskState;
    let states: Vec<TaskState> =
        serde_json::from_str(r#"["todo", "in-progress", "in_progress", "unknown", "later"]"#)
            .unwrap();
    assert_eq!(states[0], TaskState::Todo);
    assert_ne!(
        states[1], states[2],
        "in-progress and in_progress are different values"
    );
    assert_eq!(states[4], TaskState::Other("later".to_owned()));
    assert_eq!(
        serde_json::to_string(&states).unwrap(),
        r#"["todo","in-progress","in_progress","unknown","later"]"#
    );
}

#[test]
fn integer_enums_accept_only_their_values() {
    use enums::models::{TaskLevel, TaskShift};
    assert_eq!(TaskLevel::new(5).map(i32::from), Ok(5));
    let rejected = TaskLevel::new(3).unwrap_err();
    assert_eq!(
        rejected.to_string(),
        "invalid Task.level \"3\": must be one of [1, 2, 5]"
    );
    assert!(
        TaskShift::new(i64::MIN).is_ok(),
        "the lowest i64 is a listed value"
    );
    assert!(TaskShift::new(i64::MAX).is_err());
    let decoded: Result<enums::models::Task, _> =
        serde_json::from_str(r#"{"state": "todo", "priority": "low", "level": 4}"#);
    assert!(
        decoded.is_err(),
        "a response with an unlisted value is rejected"
    );
}

#[test]
fn uuid_fields_are_parsed_not_just_strings() {
    use nested::models::CreateOrderResponse;
    let created: CreateOrderResponse =
        serde_json::from_str(r#"{"id": "01234567-89AB-CDEF-0123-456789ABCDEF"}"#).unwrap();
    assert_eq!(
        created.id.as_u128(),
        0x0123_4567_89ab_cdef_0123_4567_89ab_cdef
    );
    assert!(
        serde_json::from_str::<CreateOrderResponse>(r#"{"id": "not-a-uuid"}"#).is_err(),
        "a value that is not a UUID is a decode error, not a silent string"
    );
}

#[test]
fn formats_decode_into_their_rust_types() {
    use formats::models::Formats;
    let decoded: Formats = serde_json::from_str(
        r#"{"at": "2026-11-25T10:00:00+01:00", "day": "2026-11-25",
            "id": "01234567-89ab-cdef-0123-456789abcdef", "ids": [],
            "home": "/docs/a", "avatar": "aGk=",
            "small": 2147483647, "big": 9007199254740993, "ratio": 0.5, "precise": 0.1}"#,
    )
    .unwrap();
    let at: chrono::DateTime<chrono::FixedOffset> = decoded.at;
    assert_eq!(at.offset().local_minus_utc(), 3600);
    let day: chrono::NaiveDate = decoded.day;
    assert_eq!(day.to_string(), "2026-11-25");
    let id: uuid::Uuid = decoded.id;
    assert_eq!(id.as_u128(), 0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    // `format: float` is an `f64` too: any JSON number is valid there, and an `f32` would
    // change the digits of one it cannot hold.
    let (small, big, ratio, precise): (i32, i64, f64, f64) =
        (decoded.small, decoded.big, decoded.ratio, decoded.precise);
    assert_eq!((small, big), (i32::MAX, 9_007_199_254_740_993));
    assert_eq!((ratio, precise), (0.5, 0.1));
    let home: Option<String> = decoded.home;
    assert_eq!(
        home.as_deref(),
        Some("/docs/a"),
        "a relative URI is kept as sent"
    );
    assert!(
        serde_json::from_str::<Formats>(
            r#"{"at": "2026-11-25T10:00:00Z", "day": "2026-11-25", "id": "x",
                "small": 1, "big": 1, "ratio": 1, "precise": 1}"#
        )
        .is_err(),
        "a uuid field rejects a non-UUID"
    );
}

#[test]
fn nullable_and_optional_are_told_apart() {
    use nullable::models::Profile;
    let profile: Profile =
        serde_json::from_str(r#"{"required_plain": "a", "required_nullable": null}"#).unwrap();
    assert_eq!(profile.required_nullable, None);
    assert_eq!(profile.optional_plain, None);
    let written = serde_json::to_string(&profile).unwrap();
    assert_eq!(
        written,
        r#"{"required_plain":"a","required_nullable":null}"#
    );
    assert!(
        serde_json::from_str::<Profile>(r#"{"required_plain": "a"}"#).is_err(),
        "required_nullable is required"
    );
}

#[test]
fn constrained_values_are_checked_everywhere() {
    use patterns::models::{Account, AccountHandle, AccountScore, PageSize};
    assert!(AccountHandle::new("ab").is_err(), "minLength");
    assert!(AccountHandle::new("abcdefghijklmnop").is_err(), "maxLength");
    assert!(AccountHandle::new("has space").is_err(), "pattern");
    assert!(AccountHandle::new("ok_name").is_ok());
    assert!(AccountScore::new(1.0).is_err(), "exclusive maximum");
    assert!(AccountScore::new(0.0).is_ok());
    assert!(PageSize::new(0).is_err() && PageSize::new(101).is_err() && PageSize::new(100).is_ok());
    let bad: Result<Account, _> = serde_json::from_str(r#"{"handle": "x", "score": 0.5}"#);
    let message = bad.unwrap_err().to_string();
    assert!(message.contains("Account.handle"), "{message}");
}

#[test]
fn recursive_types_are_boxed_and_round_trip() {
    use refs::models::Node;
    let json = r#"{"name":"root","children":[{"name":"leaf","children":[]}],"parent":{"name":"up","children":[]}}"#;
    let node: Node = serde_json::from_str(json).unwrap();
    assert_eq!(node.children[0].name, "leaf");
    assert_eq!(node.parent.as_ref().map(|p| p.name.as_str()), Some("up"));
    assert_eq!(serde_json::to_string(&node).unwrap(), json);
    assert_eq!(refs::DEFAULT_BASE_URL, "https://eu.example.com/api");
}

#[test]
fn keywords_and_collisions_get_valid_names() {
    use names::models::{FooBar, FooBar2, ResultType};
    let value: ResultType = serde_json::from_str(
        r#"{"type": "t", "self": "s", "2fa": true, "fooBar": "x", "foo_bar": "y"}"#,
    )
    .unwrap();
    assert_eq!(value.type_.as_deref(), Some("t"));
    assert_eq!(value.self_.as_deref(), Some("s"));
    assert_eq!(value._2fa, Some(true));
    assert_eq!(value.foo_bar.as_deref(), Some("x"));
    assert_eq!(value.foo_bar2.as_deref(), Some("y"));
    let _ = (FooBar { b: None }, FooBar2 { a: None });
}

#[tokio::test]
async fn path_parameters_cannot_escape_their_segment() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = refs::Client::with_base_url(&server.base_url).unwrap();
    let node = refs::models::Node {
        name: "n".to_owned(),
        children: Vec::new(),
        parent: None,
        first_child: None,
    };
    for id in ["a/b", "../up", "q?x=1", "h#frag", "100%2F", "sp ace"] {
        let id = refs::models::NodeId::new(id).unwrap();
        client.put_node(&id, &node).await.expect("204");
    }
    // URL parsers drop or resolve these even percent-encoded: refused, never sent.
    for id in ["..", "."] {
        let error = client
            .put_node(&refs::models::NodeId::new(id).unwrap(), &node)
            .await
            .unwrap_err();
        assert!(
            matches!(&error, refs::Error::InvalidPathParameter { name: "node_id", value } if value == id),
            "{error:?}"
        );
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/nodes/a%2Fb",
            "/v1/nodes/..%2Fup",
            "/v1/nodes/q%3Fx=1",
            "/v1/nodes/h%23frag",
            "/v1/nodes/100%252F",
            "/v1/nodes/sp%20ace",
        ]
    );
}

#[tokio::test]
async fn a_post_is_retried_on_429_but_not_on_a_server_error() {
    use support::{Reply, TestServer};
    let policy = errors::RetryPolicy {
        max_retries: 2,
        initial_backoff: std::time::Duration::from_millis(5),
        max_backoff: std::time::Duration::from_secs(1),
    };

    let busy = TestServer::start(|_| Reply::json(503, r#"{"title": "later"}"#)).await;
    let client = errors::Client::with_base_url(&busy.base_url)
        .unwrap()
        .with_retry_policy(policy);
    let error = client.create_job().await.unwrap_err();
    assert!(matches!(
        error,
        errors::Error::Api {
            body: errors::CreateJobError::ServiceUnavailable(_),
            attempt: 1,
            ..
        }
    ));
    assert_eq!(
        busy.requests().len(),
        1,
        "the server may have created the job: not repeated"
    );

    let limited = TestServer::start(|request| match request.index {
        0 => Reply::json(429, r#"{"title": "slow down"}"#),
        _ => Reply::json(201, r#"{"id": 7}"#),
    })
    .await;
    let client = errors::Client::with_base_url(&limited.base_url)
        .unwrap()
        .with_retry_policy(policy);
    let job = client.create_job().await.unwrap();
    assert_eq!(job.map(|job| job.id), Some(7));
    assert_eq!(
        limited.requests().len(),
        2,
        "a 429 was not processed: repeated"
    );
}

#[test]
fn all_of_merges_into_one_struct() {
    use all_of::models::{Dog, DogBark, ShowDog};
    let dog: Dog =
        serde_json::from_str(r#"{"name": "Rex", "tag": "good", "bark": "loud"}"#).unwrap();
    assert_eq!(
        (dog.name.as_str(), dog.tag.as_str(), dog.bark),
        ("Rex", "good", Some(DogBark::Loud))
    );
    assert!(
        serde_json::from_str::<Dog>(r#"{"name": "Rex"}"#).is_err(),
        "Dog requires the tag Pet leaves optional"
    );
    let show: ShowDog =
        serde_json::from_str(r#"{"name": "Rex", "tag": "t", "prizes": 3}"#).unwrap();
    assert_eq!(show.prizes, Some(3));
    let described: all_of::models::Described = all_of::models::Pet {
        name: "a".to_owned(),
        tag: None,
    };
    assert_eq!(described.name, "a");
}

#[tokio::test]
async fn each_body_encoding_is_sent_with_its_content_type() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = bodies::Client::with_base_url(&server.base_url).unwrap();

    let form = bodies::models::CreateTokenRequest {
        grant_type: "client_credentials".to_owned(),
        scope: Some("a b".to_owned()),
    };
    client.create_token(&form).await.unwrap_err(); // 204 is undocumented here: only the request matters
    let part = reqwest::multipart::Part::bytes(b"PNG".to_vec()).file_name("a.png");
    client
        .upload_file(reqwest::multipart::Form::new().part("file", part))
        .await
        .unwrap_err();
    client.put_blob("x", &[0, 159, 146, 150]).await.unwrap();
    client.add_note(Some("hello")).await.unwrap();
    client.add_note(None).await.unwrap();
    client
        .legacy_json(&bodies::models::LegacyJsonRequest { a: Some(1) })
        .await
        .unwrap();

    let requests = server.requests();
    let content_type = |i: usize| {
        requests[i]
            .header("content-type")
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(content_type(0), "application/x-www-form-urlencoded");
    assert_eq!(requests[0].body, b"grant_type=client_credentials&scope=a+b");
    assert!(
        content_type(1).starts_with("multipart/form-data; boundary="),
        "{}",
        content_type(1)
    );
    assert!(String::from_utf8_lossy(&requests[1].body).contains("filename=\"a.png\""));
    assert_eq!(
        (content_type(2), requests[2].body.clone()),
        (
            "application/octet-stream".to_owned(),
            vec![0, 159, 146, 150]
        )
    );
    assert_eq!(
        (content_type(3), requests[3].body.clone()),
        ("text/plain".to_owned(), b"hello".to_vec())
    );
    assert_eq!(
        (requests[4].header("content-type"), requests[4].body.len()),
        (None, 0)
    );
    assert_eq!(
        (content_type(5), requests[5].body.clone()),
        ("application/json".to_owned(), br#"{"a":1}"#.to_vec())
    );
}

#[test]
fn unions_follow_the_discriminator_and_keep_unknown_tags() {
    use unions::models::{Cat, Dog, Expr, Holder, HolderInline, IdOrName, Pet, Shape};
    let pets: Vec<Pet> = serde_json::from_str(
        r#"[{"petType": "dog", "barks": true}, {"petType": "kitty", "lives": 9}, {"petType": "axolotl", "gills": 6}]"#,
    )
    .unwrap();
    assert_eq!(
        pets[0],
        Pet::Dog(Dog {
            pet_type: "dog".to_owned(),
            barks: true
        })
    );
    assert_eq!(
        pets[1],
        Pet::Cat(Cat {
            pet_type: "kitty".to_owned(),
            lives: Some(9)
        })
    );
    assert!(matches!(&pets[2], Pet::Unknown(value) if value["gills"] == 6));
    assert_eq!(
        serde_json::to_string(&pets[0]).unwrap(),
        r#"{"petType":"dog","barks":true}"#
    );
    let broken: Result<Pet, _> = serde_json::from_str(r#"{"petType": "dog"}"#);
    assert!(
        broken.unwrap_err().to_string().contains("barks"),
        "a known tag with a bad body is an error"
    );

    let shape: Shape = serde_json::from_str(r#"{"kind": "Square", "side": 2.0}"#).unwrap();
    assert!(
        matches!(shape, Shape::Square(square) if square.side == 2.0),
        "no mapping: the schema name is the tag"
    );

    // A query parameter: sent, so it is written, untagged.
    let ids = [IdOrName::Integer(7), IdOrName::String("seven".to_owned())];
    assert_eq!(serde_json::to_string(&ids).unwrap(), r#"[7,"seven"]"#);

    let holder: Holder = serde_json::from_str(r#"{"maybe": null, "inline": {"b": 2}}"#).unwrap();
    assert_eq!(holder.maybe, Some(None), "present and null");
    assert!(matches!(holder.inline, Some(HolderInline::WithB(_))));

    let expr: Expr = serde_json::from_str(r#"{"operand": {"operand": 1.5}}"#).unwrap();
    let Expr::Neg(outer) = expr else {
        panic!("a Neg")
    };
    assert!(
        matches!(*outer.operand, Expr::Neg(_)),
        "Neg and Expr box each other"
    );
}

#[test]
fn untagged_unions_choose_the_alternative_that_keeps_the_object() {
    use unions::models::{CustomerOrDeleted, Pet, Source};
    // Both alternatives decode `{id, object, deleted}`; `Customer` would drop `deleted`.
    let deleted: CustomerOrDeleted =
        assert_round_trip(r#"{"id": "cus_1", "object": "customer", "deleted": true}"#);
    assert!(
        matches!(&deleted, CustomerOrDeleted::DeletedCustomer(d) if d.id == "cus_1"),
        "{deleted:?}"
    );
    let live: CustomerOrDeleted =
        assert_round_trip(r#"{"id": "cus_2", "object": "customer", "name": "Ann"}"#);
    assert!(matches!(live, CustomerOrDeleted::Customer(_)), "{live:?}");
    // A tag (`deleted: {enum: [true]}`) that holds another value rules its alternative out.
    let not_deleted: CustomerOrDeleted =
        serde_json::from_str(r#"{"id": "cus_3", "object": "customer", "deleted": false}"#).unwrap();
    assert!(
        matches!(not_deleted, CustomerOrDeleted::Customer(_)),
        "{not_deleted:?}"
    );

    // Both alternatives declare `{id, object}` and drop nothing: only the tag tells them
    // apart (an open enum would take `card` into the bank account's unknown values).
    let card: Source = assert_round_trip(r#"{"id": "card_1", "object": "card"}"#);
    assert!(matches!(card, Source::Card(_)), "{card:?}");
    let bank: Source = assert_round_trip(r#"{"id": "ba_1", "object": "bank_account"}"#);
    assert!(matches!(bank, Source::BankAccount(_)), "{bank:?}");
    let neither: Result<Source, _> = serde_json::from_str(r#"{"id": "x", "object": "iban"}"#);
    assert!(
        neither.is_err_and(|e| e.to_string().contains("untagged enum Source")),
        "no alternative has the tag `iban`"
    );

    // The catch-all of a discriminated union is for objects with an unknown tag only.
    let not_an_object: Result<Pet, _> = serde_json::from_str("[]");
    assert!(
        not_an_object.is_err_and(|e| e.to_string().contains("expected an object")),
        "an array is no pet"
    );
}

#[test]
fn all_of_with_a_union_is_a_union_of_merged_structs() {
    use unions::models::{Animal, AnimalCat, AnimalDog, Payment, PaymentByBank, PaymentByCard};
    let animal: Animal = assert_round_trip(r#"{"name": "Rex", "petType": "dog", "barks": true}"#);
    assert_eq!(
        animal,
        Animal::Dog(AnimalDog {
            name: "Rex".to_owned(),
            pet_type: "dog".to_owned(),
            barks: true,
        })
    );
    let cat: Animal = assert_round_trip(r#"{"name": "Tom", "petType": "kitty", "lives": 9}"#);
    assert!(
        matches!(cat, Animal::Cat(AnimalCat { lives: Some(9), .. })),
        "{cat:?}"
    );
    let missing_shared: Result<Animal, _> =
        serde_json::from_str(r#"{"petType": "dog", "barks": true}"#);
    assert!(
        missing_shared.is_err_and(|e| e.to_string().contains("name")),
        "the shared fields are required in every shape"
    );

    let by_bank: Payment = assert_round_trip(r#"{"amount": 5, "name": "rent", "iban": "DE00"}"#);
    assert_eq!(
        by_bank,
        Payment::ByBank(PaymentByBank {
            amount: 5,
            name: "rent".to_owned(),
            iban: "DE00".to_owned(),
        })
    );
    let by_card: Payment = assert_round_trip(r#"{"amount": 5, "name": "tea", "card": "4242"}"#);
    assert!(
        matches!(by_card, Payment::ByCard(PaymentByCard { .. })),
        "{by_card:?}"
    );
}

#[tokio::test]
async fn text_and_binary_bodies_are_returned_as_they_came() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.target.as_str() {
        "/v1/reports/latest" => {
            Reply::json(200, "id,total\n1,9.50\n").with_content_type("text/csv")
        }
        _ => Reply {
            body: vec![0x25, 0x50, 0x44, 0x46, 0xff],
            ..Reply::json(200, "").with_content_type("application/pdf")
        },
    })
    .await;
    let client = downloads::Client::with_base_url(&server.base_url).unwrap();
    assert_eq!(client.latest_report().await.unwrap(), "id,total\n1,9.50\n");
    assert_eq!(
        client.download_file("a").await.unwrap(),
        [0x25, 0x50, 0x44, 0x46, 0xff]
    );
    let requests = server.requests();
    assert_eq!(
        requests[0].header("accept"),
        Some("text/csv"),
        "the documented media type is asked for"
    );
    assert_eq!(requests[1].header("accept"), Some("application/pdf"));
}

#[tokio::test]
async fn api_keys_and_basic_credentials_go_where_the_schemes_say() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = security::Client::with_base_url(&server.base_url)
        .unwrap()
        .with_api_key("k-123")
        .with_legacy_key("lk")
        .with_session("s1")
        .with_basic_auth("ann", Some("secret".to_owned()));
    client.list_items().await.unwrap();
    client.health().await.unwrap();
    client.admin().await.unwrap();
    client
        .profile(&security::ProfileParams {
            theme: Some("dark".to_owned()),
        })
        .await
        .unwrap();
    let shown = format!("{client:?}");
    for secret in ["k-123", "lk", "s1", "secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }

    let keyed = TestServer::start(|_| Reply::json(204, "")).await;
    let search = query_key::Client::with_base_url(&keyed.base_url)
        .unwrap()
        .with_api_key("q&k");
    search
        .search(&query_key::SearchParams {
            q: Some("rust".to_owned()),
        })
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("x-api-key"), Some("k-123"));
    assert_eq!(
        requests[0].header("authorization"),
        Some("Basic YW5uOnNlY3JldA==")
    );
    assert_eq!(
        (
            requests[1].header("x-api-key"),
            requests[1].header("authorization")
        ),
        (None, None),
        "security: [] sends nothing"
    );
    // Each operation sends the keys its requirements name, and no other.
    assert_eq!(requests[0].target, "/v1/items");
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(requests[2].target, "/v1/admin?key=lk");
    assert_eq!(requests[2].header("cookie"), Some("sid=s1"));
    assert_eq!(requests[2].header("x-api-key"), None);
    assert!(requests[2].header("authorization").is_some());
    assert_eq!(requests[3].header("cookie"), Some("theme=dark; sid=s1"));
    assert_eq!(
        (
            requests[3].header("x-api-key"),
            requests[3].header("authorization")
        ),
        (None, None)
    );
    assert_eq!(
        keyed.requests()[0].target,
        "/v1/search?q=rust&api_key=q%26k"
    );
}

#[test]
fn optional_nullable_fields_tell_absent_null_and_value_apart() {
    use nullable::models::Profile;
    let absent: Profile =
        serde_json::from_str(r#"{"required_plain": "a", "required_nullable": null}"#).unwrap();
    let null: Profile = serde_json::from_str(
        r#"{"required_plain": "a", "required_nullable": null, "optional_nullable": null}"#,
    )
    .unwrap();
    let value: Profile = serde_json::from_str(
        r#"{"required_plain": "a", "required_nullable": null, "optional_nullable": true}"#,
    )
    .unwrap();
    assert_eq!(absent.optional_nullable, None);
    assert_eq!(null.optional_nullable, Some(None));
    assert_eq!(value.optional_nullable, Some(Some(true)));
    assert!(
        !serde_json::to_string(&absent)
            .unwrap()
            .contains("optional_nullable"),
        "absent stays absent"
    );
    assert!(
        serde_json::to_string(&null)
            .unwrap()
            .contains(r#""optional_nullable":null"#),
        "null is sent"
    );
    assert!(serde_json::to_string(&value)
        .unwrap()
        .contains(r#""optional_nullable":true"#));
}

#[test]
fn additional_properties_are_kept_beside_declared_ones() {
    use extra::models::{Closed, Dictionary, Labels, Open};
    let labels: Labels =
        serde_json::from_str(r#"{"id": "a", "team": "inbox", "tier": "gold"}"#).unwrap();
    assert_eq!(labels.id, "a");
    assert_eq!(
        labels.additional_properties.get("team").map(String::as_str),
        Some("inbox")
    );
    assert_eq!(labels.additional_properties.len(), 2);
    assert_eq!(
        serde_json::to_value(&labels).unwrap(),
        serde_json::json!({"id": "a", "team": "inbox", "tier": "gold"})
    );
    assert!(
        serde_json::from_str::<Labels>(r#"{"id": "a", "count": 3}"#).is_err(),
        "extra values must be strings"
    );

    let open: Open = serde_json::from_str(r#"{"count": 3, "nested": {"x": true}}"#).unwrap();
    assert_eq!(open.additional_properties["count"], 3);
    let closed: Closed = serde_json::from_str(r#"{"id": "c", "ignored": 1}"#).unwrap();
    assert_eq!(closed.id.as_deref(), Some("c"));
    let counts: Dictionary = assert_round_trip(r#"{"a": 1, "b": 2}"#);
    assert_eq!(counts.get("b"), Some(&2));
}

#[tokio::test]
async fn error_bodies_that_are_not_json_are_kept_as_text_or_bytes() {
    use errors::{DeleteJobError, Error};
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(410, "job 4 was deleted").with_content_type("text/plain"),
        1 => Reply::json(500, "\u{0}dump").with_content_type("application/octet-stream"),
        _ => Reply::json(404, ""),
    })
    .await;
    let client = errors::Client::with_base_url(&server.base_url)
        .unwrap()
        .with_retry_policy(errors::RetryPolicy::none());
    let gone = client.delete_job(4).await.unwrap_err();
    assert!(
        matches!(&gone, Error::Api { body: DeleteJobError::Gone(text), .. } if text == "job 4 was deleted"),
        "{gone:?}"
    );
    let crashed = client.delete_job(4).await.unwrap_err();
    assert!(
        matches!(&crashed, Error::Api { body: DeleteJobError::InternalServerError(bytes), .. } if bytes == b"\0dump"),
        "{crashed:?}"
    );
    let missing = client.delete_job(4).await.unwrap_err();
    assert!(matches!(
        missing,
        Error::Api {
            body: DeleteJobError::NotFound,
            ..
        }
    ));
}

#[tokio::test]
async fn success_statuses_with_different_bodies_are_an_enum() {
    use errors::JobResultSuccess;
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(200, r#"{"id": 4}"#),
        1 => Reply::json(202, r#"{"eta_seconds": 30}"#),
        _ => Reply::json(204, ""),
    })
    .await;
    let client = errors::Client::with_base_url(&server.base_url).unwrap();
    assert_eq!(
        client.job_result(4).await.unwrap(),
        JobResultSuccess::Ok(errors::models::Job { id: 4 })
    );
    assert!(
        matches!(client.job_result(4).await.unwrap(), JobResultSuccess::Accepted(body) if body.eta_seconds == Some(30))
    );
    assert_eq!(
        client.job_result(4).await.unwrap(),
        JobResultSuccess::NoContent
    );
}

#[tokio::test]
async fn a_union_parameter_sends_a_string_alternative_without_quotes() {
    use support::{Reply, TestServer};
    use unions::models::IdOrName;
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = unions::Client::with_base_url(&server.base_url).unwrap();
    client
        .find_thing(&IdOrName::String("seven".to_owned()))
        .await
        .unwrap();
    client.find_thing(&IdOrName::Integer(7)).await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/v1/things?id=seven", "/v1/things?id=7"]);
}

#[tokio::test]
async fn query_styles_and_cookies_are_written_as_the_document_says() {
    use params::models::{Filter, Point, Window};
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = params::Client::with_base_url(&server.base_url).unwrap();
    let every = params::ListItemsParams {
        exploded: Some(vec!["a".to_owned(), "b c".to_owned()]),
        commas: Some(vec![1, 2, 3]),
        spaces: Some(vec!["x".to_owned(), "y".to_owned()]),
        pipes: Some(vec!["x".to_owned(), "y".to_owned()]),
        filter: Some(Filter {
            owner: Some("ann".to_owned()),
            min_size: Some(10),
        }),
        window: Some(Window {
            from: None,
            limit: Some(5),
        }),
        point: Some(Point { x: 1, y: -2 }),
        prefs: Some(vec!["dark mode".to_owned(), "a;b".to_owned()]),
        x_request_id: Some(uuid::Uuid::from_u128(
            0x0123_4567_89ab_cdef_0123_4567_89ab_cdef,
        )),
    };
    client.list_items(7, "s=1", &every).await.expect("204");
    client
        .list_items(8, "plain", &params::ListItemsParams::default())
        .await
        .expect("204");

    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/v1/items/7?exploded=a&exploded=b+c&commas=1%2C2%2C3&spaces=x+y&pipes=x%7Cy\
         &filter%5Bowner%5D=ann&filter%5Bmin_size%5D=10&limit=5&point=x%2C1%2Cy%2C-2"
    );
    assert_eq!(
        requests[0].header("cookie"),
        Some("session=s=1; prefs=dark%20mode,a%3Bb")
    );
    assert_eq!(
        requests[0].header("x-request-id"),
        Some("01234567-89ab-cdef-0123-456789abcdef"),
        "a uuid is sent hyphenated"
    );
    // Unset optional parameters send nothing at all.
    assert_eq!(requests[1].target, "/v1/items/8");
    assert_eq!(requests[1].header("cookie"), Some("session=plain"));
}

#[tokio::test]
async fn path_parameters_are_written_in_their_label_matrix_and_simple_styles() {
    use params::models::Point;
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = params::Client::with_base_url(&server.base_url).unwrap();
    let point = Point { x: 1, y: -2 };
    let words = ["a".to_owned(), "b".to_owned()];
    client
        .label_styles(5, &words, &words, &point, &point)
        .await
        .expect("204");
    client
        .matrix_styles("five", &[3, 4], &[3, 4], &point, &point)
        .await
        .expect("204");
    let header = params::SimpleStylesParams {
        x_point: Some(point.clone()),
    };
    client
        .simple_styles(&[3, 4], &point, &point, "csv", &header)
        .await
        .expect("204");
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/v1/label/.5/.a,b/.a.b/.x,1,y,-2/.x=1.y=-2"
    );
    assert_eq!(
        requests[1].target,
        "/v1/matrix/;scalar=five/;list=3,4/;exploded_list=3;exploded_list=4\
         /;object=x,1,y,-2/;x=1;y=-2"
    );
    assert_eq!(
        requests[2].target,
        "/v1/simple/3,4/x,1,y,-2/x=1,y=-2/report.csv"
    );
    assert_eq!(requests[2].header("x-point"), Some("x=1,y=-2"));

    // A label of an empty value would be the segment `.`, which addresses another resource.
    let refused = client.label_styles(5, &[], &words, &point, &point).await;
    assert!(
        matches!(
            refused,
            Err(params::Error::InvalidPathParameter { name: "list", .. })
        ),
        "{refused:?}"
    );
    assert_eq!(server.requests().len(), 3, "a refused path is not sent");
}

#[test]
fn absent_fields_read_as_their_documented_defaults() {
    use defaults::models::{Settings, SettingsMode};
    let settings: Settings = serde_json::from_str(r#"{"id": "s1"}"#).unwrap();
    assert!(settings.enabled());
    assert_eq!(settings.retries(), 3);
    assert_eq!(settings.ratio(), 0.5);
    assert_eq!(settings.whole(), 2.0);
    assert_eq!(settings.label(), "none");
    assert_eq!(settings.mode(), SettingsMode::Safe);
    assert_eq!(
        (settings.enabled, settings.label.as_deref()),
        (None, None),
        "the fields keep that the server sent nothing"
    );
    assert_eq!(
        settings.tags, None,
        "a list default is documented, not written"
    );
    assert_eq!(
        settings.note, None,
        "absent, not the default, for a nullable field"
    );

    let given: Settings = serde_json::from_str(
        r#"{"id": "s2", "enabled": false, "retries": 0, "mode": "fast", "note": null}"#,
    )
    .unwrap();
    assert!(!given.enabled());
    assert_eq!(given.retries(), 0);
    assert_eq!(given.mode(), SettingsMode::Fast);
    assert_eq!(given.note, Some(None));
}

#[tokio::test]
async fn a_path_parameter_cannot_leave_its_segment() {
    use support::{Reply, TestServer};
    let server =
        TestServer::start(|_| Reply::json(200, "").with_content_type("application/pdf")).await;
    let client = downloads::Client::with_base_url(&server.base_url).unwrap();
    // A whole segment of dots would move up the path, and URL parsers delete tabs and line
    // breaks (`a\nb` would fetch `ab`): refused before anything is sent.
    for id in ["..", ".", "a\nb", "a\tb", "a\rb"] {
        let error = client.download_file(id).await.unwrap_err();
        assert!(
            matches!(
                &error,
                downloads::Error::InvalidPathParameter { name: "id", .. }
            ),
            "{error:?}"
        );
    }
    let hostile = [
        "../admin", "a/b", "a?x=1", "a#top", "a%2Fb", "a\u{0}b", "a\u{7f}b", "é b",
    ];
    for id in hostile {
        client.download_file(id).await.unwrap();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/files/..%2Fadmin",
            "/v1/files/a%2Fb",
            "/v1/files/a%3Fx=1",
            "/v1/files/a%23top",
            "/v1/files/a%252Fb",
            "/v1/files/a%00b",
            "/v1/files/a%7Fb",
            "/v1/files/%C3%A9%20b",
        ],
        "every byte that could end the segment, start a query or fragment, or decode to one, is percent-encoded"
    );
}

#[tokio::test]
async fn an_api_key_header_does_not_follow_a_redirect_to_another_origin() {
    use support::{Reply, TestServer};
    let elsewhere = TestServer::start(|_| Reply::json(204, "")).await;
    let away = format!("{}/items", elsewhere.base_url);
    let origin = TestServer::start(move |request| match request.target.as_str() {
        "/v1/items" => Reply {
            headers: vec![("location", "/v1/items-moved".to_owned())],
            ..Reply::json(307, "")
        },
        "/v1/items-moved" => Reply {
            headers: vec![("location", away.clone())],
            ..Reply::json(307, "")
        },
        _ => Reply::json(404, ""),
    })
    .await;
    let client = security::Client::with_base_url(&origin.base_url)
        .unwrap()
        .with_api_key("k-123");
    let error = client.list_items().await.unwrap_err();
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(307),
        "the cross-origin redirect is returned, not followed: {error:?}"
    );
    let followed = origin.requests();
    assert_eq!(followed.len(), 2, "a same-origin redirect is followed");
    assert_eq!(followed[1].target, "/v1/items-moved");
    assert_eq!(followed[1].header("x-api-key"), Some("k-123"));
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin never sees the key"
    );
}

#[tokio::test]
async fn a_segment_of_several_parameters_is_checked_as_a_whole() {
    use support::{Reply, TestServer};
    let server =
        TestServer::start(|_| Reply::json(200, "").with_content_type("application/octet-stream"))
            .await;
    let client = downloads::Client::with_base_url(&server.base_url).unwrap();
    client.export_file("a/b", "csv").await.unwrap();
    client.export_file("report", "tar.gz").await.unwrap();
    for (name, format) in [("", ""), (".", ""), ("a\n", "csv")] {
        let error = client.export_file(name, format).await.unwrap_err();
        assert!(
            matches!(
                &error,
                downloads::Error::InvalidPathParameter {
                    name: "{name}.{format}",
                    ..
                }
            ),
            "{name:?}.{format:?}: {error:?}"
        );
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        ["/v1/exports/a%2Fb.csv", "/v1/exports/report.tar.gz"]
    );
}

#[test]
fn pattern_properties_are_read_as_a_map() {
    use extra::models::{Locales, Tagged};
    let tagged: Tagged =
        serde_json::from_str(r#"{"id": "t1", "x-trace": "abc", "count": 3}"#).unwrap();
    assert_eq!(tagged.id.as_deref(), Some("t1"));
    assert_eq!(tagged.additional_properties["x-trace"], "abc");
    assert_eq!(
        tagged.additional_properties["count"], 3,
        "other extra properties keep their values too"
    );
    let locales: Locales = serde_json::from_str(r#"{"en": "Hello", "id": "Halo"}"#).unwrap();
    assert_eq!(locales["id"], "Halo");
}

#[tokio::test]
async fn large_variants_are_boxed_so_enums_stay_small() {
    use large::models::{Report, ReportOrSummary};
    use large::{Error, GetReportError, GetReportSuccess};
    use std::mem::size_of;
    use support::{Reply, TestServer};
    // Each enum is about the size of its small variant, not of the report.
    let report = size_of::<Report>();
    assert!(size_of::<ReportOrSummary>() * 4 < report, "{report}");
    assert!(size_of::<GetReportSuccess>() * 4 < report);
    assert!(size_of::<GetReportError>() * 4 < report);
    // Boxed or not, each variant decodes from the same JSON.
    let full = r#"{"id": 1, "title": "Q3", "tags": ["x"]}"#;
    let decoded: ReportOrSummary = serde_json::from_str(full).unwrap();
    assert!(matches!(&decoded, ReportOrSummary::Report(r) if r.title == "Q3"));
    let server = TestServer::start(move |request| match request.index {
        0 => Reply::json(200, full),
        1 => Reply::json(202, r#"{"id": 1}"#),
        _ => Reply::json(409, r#"{"id": 2, "title": "older"}"#),
    })
    .await;
    let client = large::Client::with_base_url(&server.base_url).unwrap();
    assert!(
        matches!(client.get_report(1).await.unwrap(), GetReportSuccess::Ok(r) if r.tags == Some(vec!["x".to_owned()]))
    );
    assert!(
        matches!(client.get_report(1).await.unwrap(), GetReportSuccess::Accepted(s) if s.id == 1)
    );
    let conflict = client.get_report(1).await.unwrap_err();
    assert!(
        matches!(&conflict, Error::Api { body: GetReportError::Conflict(r), .. } if r.id == 2),
        "{conflict:?}"
    );
}

#[tokio::test]
async fn a_nullable_success_body_decodes_null_as_none() {
    use identical::models::{Job, State};
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(200, "null"),
        _ => Reply::json(200, r#"{"id": "j1", "state": "done"}"#),
    })
    .await;
    let client = identical::Client::with_base_url(&server.base_url).unwrap();
    assert_eq!(client.get_job("j1").await.unwrap(), None);
    let job: Option<Job> = client.get_job("j1").await.unwrap();
    assert!(
        matches!(job, Some(Job { ref id, state: State::Done, .. }) if id == "j1"),
        "{job:?}"
    );
}

#[tokio::test]
async fn a_text_body_beside_a_bodiless_success_is_an_option() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(200, "id\n1\n").with_content_type("text/csv"),
        _ => Reply::json(204, ""),
    })
    .await;
    let client = downloads::Client::with_base_url(&server.base_url).unwrap();
    assert_eq!(
        client.todays_report().await.unwrap().as_deref(),
        Some("id\n1\n")
    );
    assert_eq!(client.todays_report().await.unwrap(), None);
}

#[tokio::test]
async fn every_required_parameter_is_an_argument_however_many() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|_| Reply::json(204, "")).await;
    let client = params::Client::with_base_url(&server.base_url).unwrap();
    client.get_cell(1, 2, 3, 4, "sea", "red", 9).await.unwrap();
    assert_eq!(server.requests()[0].target, "/v1/grid/1/2/3/4/sea/red/9");
}

#[test]
fn a_reference_with_its_own_description_is_typed_as_the_reference() {
    use all_of::models::{Pet, Record, Status};
    let record: Record = serde_json::from_str(r#"{"pet": {"name": "Rex"}}"#).unwrap();
    assert_eq!(
        record.pet,
        Some(Pet {
            name: "Rex".to_owned(),
            tag: None
        })
    );
    // The default given beside the reference applies.
    assert_eq!(record.status(), Status::Away);
    let home: Record = serde_json::from_str(r#"{"status": "home"}"#).unwrap();
    assert_eq!(home.status(), Status::Home);
}

/// Decodes `json` as `T`, encodes it again, and checks that the JSON is unchanged, as JSON
/// Schema compares values: `1` and `1.0` are one number, key order does not count.
fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {
    let decoded: T = serde_json::from_str(json).unwrap();
    let again: serde_json::Value = serde_json::to_value(&decoded).unwrap();
    let input: serde_json::Value = serde_json::from_str(json).unwrap();
    assert!(
        json_equal(&again, &input),
        "{json} did not come back unchanged: {again}"
    );
    decoded
}

fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

#[test]
fn recursive_lists_and_maps_are_types_that_hold_themselves() {
    use round_trip::models::{Forest, Tree, A, B, C};
    let tree: Tree = assert_round_trip("[[], [[[]], []]]");
    assert_eq!(tree.len(), 2, "a wrapper derefs to its list");
    assert_eq!(tree[1].0[0], Tree(vec![Tree::default()]));
    let forest: Forest = assert_round_trip("[[[]], []]");
    assert_eq!(
        forest.len(),
        2,
        "a list of a recursive type stays a plain Vec"
    );
    // A = B = map of C = list of A: one wrapper (B) breaks the cycle, A and C stay aliases.
    let a: A = assert_round_trip(r#"{"x": [{"y": []}, {}], "z": []}"#);
    let c: &C = &a["x"];
    let inner: &B = &c[0];
    assert!(inner.contains_key("y"));
    assert!(serde_json::from_str::<A>("[]").is_err(), "A is an object");
}

#[test]
fn received_values_re_encode_as_they_came() {
    use round_trip::models::{Price, PriceMode};
    // Absent, null and a value stay three different things, both ways.
    let price: Price = assert_round_trip(
        r#"{"amount": 998.5886225476861, "sku": null, "note": null, "anything": null}"#,
    );
    assert_eq!(price.amount, 998.5886225476861, "floats decode exactly");
    assert_eq!(price.note, Some(None));
    assert_eq!(price.anything, Some(serde_json::Value::Null));
    assert_eq!(
        price.sku,
        serde_json::Value::Null,
        "a required undeclared property"
    );
    let bare: Price = assert_round_trip(r#"{"amount": 0.1, "sku": "S-1"}"#);
    assert_eq!((&bare.note, &bare.anything), (&None, &None));
    // Defaults are what an absent field reads as, never written back.
    assert_eq!(bare.price_currency(), "USD");
    assert_eq!(bare.quantity(), 1);
    assert_eq!(bare.mode(), PriceMode::Safe);
    let sent: Price = assert_round_trip(
        r#"{"amount": 1e300, "sku": {"any": ["thing"]}, "priceCurrency": "EUR", "quantity": 0}"#,
    );
    assert_eq!((sent.price_currency(), sent.quantity()), ("EUR", 0));
    // `clone` has a default, but no reading method: it would shadow `Clone::clone`.
    let copy: Price = sent.clone();
    assert_eq!(copy, sent);
    // The required property without a schema is required all the same.
    let missing = serde_json::from_str::<Price>(r#"{"amount": 1}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `sku`"),
        "{missing}"
    );
    // Names clippy's `disallowed_names` rejects are renamed, their wire names kept.
    let named: Price = assert_round_trip(r#"{"amount": 1, "sku": 1, "foo": "f", "baz": 2}"#);
    assert_eq!((named.foo_.as_deref(), named.baz_), (Some("f"), Some(2)));
}

#[test]
fn document_text_is_sanitised_before_it_becomes_source() {
    let source =
        std::fs::read_to_string(concat!(env!("OUT_DIR"), "/fixtures/round_trip.rs")).unwrap();
    assert!(
        !source.contains('\0'),
        "a NUL from a description reached the source"
    );
    assert!(
        source.contains("The NUL before this sentence"),
        "the description around it is kept"
    );
    assert!(
        source.contains(r"Round trips #\[attr\] fixture"),
        "the title's brackets are escaped for rustdoc"
    );
}

#[test]
fn scalar_all_of_parts_make_one_constrained_scalar_and_percent_encoded_refs_resolve() {
    use references::models::{Arn, Refit, Tag};
    assert!(Arn::new("arn:aws:x").is_ok());
    assert!(
        Arn::new("urn:x").is_err(),
        "the pattern of the second part holds"
    );
    let tag: Tag = assert_round_trip(r#"{"name": "abc"}"#);
    assert_eq!(tag.name.as_ref().map(|n| n.as_str()), Some("abc"));
    assert!(
        serde_json::from_str::<Tag>(r#"{"name": "abcd"}"#).is_err(),
        "maxLength 3"
    );
    // Decoded only: it shares its field's type with a response.
    let refit: Refit = serde_json::from_str(r#"{"cooldown": {"seconds": 5}}"#).unwrap();
    assert_eq!(refit.cooldown.map(|c| c.seconds), Some(5));
}

#[test]
fn prefix_items_of_a_fixed_length_are_a_tuple() {
    use references::models::{Code, Path, Point};
    let point: Point = assert_round_trip(r#"[1.5, -2, "low"]"#);
    assert_eq!((point.0, point.1), (1.5, -2.0));
    assert!(matches!(point.2, Code::String(_)), "{point:?}");
    assert!(
        serde_json::from_str::<Point>("[1, 2]").is_err(),
        "too short"
    );
    assert!(
        serde_json::from_str::<Point>(r#"[1, 2, "low", 4]"#).is_err(),
        "too long"
    );
    let path: Path = assert_round_trip(r#"["a"]"#);
    assert_eq!(path.len(), 1);
}

#[test]
fn a_type_list_is_a_union_with_one_variant_per_type() {
    use references::models::{Code, Measure, MeasureValue, Quantity, QuantityInteger};
    let word: Option<Quantity> = assert_round_trip(r#""dozen""#);
    assert!(matches!(word, Some(Quantity::String(ref text)) if text.as_str() == "dozen"));
    let count: Option<Quantity> = assert_round_trip("3");
    assert_eq!(
        count,
        Some(Quantity::Integer(QuantityInteger::new(3).unwrap()))
    );
    assert_eq!(assert_round_trip::<Option<Quantity>>("null"), None);
    // `minimum` went to the integer branch and `maxLength` to the string one.
    assert!(
        serde_json::from_str::<Quantity>("0").is_err(),
        "below the minimum"
    );
    assert!(
        serde_json::from_str::<Quantity>(r#""ninety-nine""#).is_err(),
        "too long"
    );

    let whole: Measure = assert_round_trip(r#"{"value": 1}"#);
    assert_eq!(whole.value, MeasureValue::Integer(1));
    let half: Measure = assert_round_trip(r#"{"value": 0.5}"#);
    assert_eq!(half.value, MeasureValue::Number(0.5));

    let low: Code = assert_round_trip(r#""low""#);
    assert!(matches!(low, Code::String(_)), "{low:?}");
    let two: Code = assert_round_trip("2");
    assert!(matches!(two, Code::Integer(_)), "{two:?}");
    assert!(
        serde_json::from_str::<Code>("true").is_err(),
        "no boolean is among the values, so the boolean branch is gone"
    );
}

#[tokio::test]
async fn referenced_path_items_and_references_into_schemas_are_generated() {
    use references::models::{ShelterAddress, ShelterPet};
    use support::{Reply, TestServer};
    // The operation lives under components.pathItems; its body is a $defs entry whose
    // field references another schema's property.
    let server =
        TestServer::start(|_| Reply::json(200, r#"{"name": "Rex", "home": {"city": "Oslo"}}"#))
            .await;
    let client = references::Client::with_base_url(&server.base_url).unwrap();
    let pet: ShelterPet = client.list_pets().await.unwrap();
    assert_eq!(
        pet,
        ShelterPet {
            name: "Rex".to_owned(),
            home: Some(ShelterAddress {
                city: Some("Oslo".to_owned())
            }),
        }
    );
    assert_eq!(server.requests()[0].target, "/v1/pets");
}

#[tokio::test]
async fn a_streamed_completion_yields_typed_events_as_the_generated_client_reads_them() {
    use futures_util::StreamExt;
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.target.trim_start_matches("/v1") {
        "/completions" if String::from_utf8_lossy(&request.body).contains("refuse") => {
            Reply::json(400, r#"{"message": "no"}"#)
        }
        "/completions" => Reply::json(
            200,
            "event: delta\ndata: {\"text\": \"Hel\"}\n\ndata: {\"text\": \"lo\", \"finish_reason\": \"stop\"}\n\n",
        )
        .with_content_type("text/event-stream"),
        "/chat" if request.header("accept") == Some("text/event-stream") => {
            Reply::json(200, "data: {\"text\": \"Hi\"}\n\n").with_content_type("text/event-stream")
        }
        "/chat" => Reply::json(200, r#"{"text": "Hi, whole"}"#),
        "/logs" => Reply::json(200, ": hi\ndata: first\ndata: line\n\n").with_content_type("text/event-stream"),
        "/exports" => Reply::json(200, "{\"id\": 1}\n{\"id\": 2, \"name\": \"b\"}\n")
            .with_content_type("application/x-ndjson"),
        _ => Reply::json(404, ""),
    })
    .await;
    let client = streams::Client::with_base_url(&server.base_url).unwrap();
    let request = streams::models::CreateCompletionRequest {
        prompt: "hello".to_owned(),
    };
    let events: Vec<_> = client
        .create_completion(&request)
        .await
        .unwrap()
        .collect()
        .await;
    let texts: Vec<String> = events
        .iter()
        .map(|event| event.as_ref().unwrap().data.text.clone())
        .collect();
    assert_eq!(texts, ["Hel", "lo"]);
    let first = events[0].as_ref().unwrap();
    assert_eq!(first.event.as_deref(), Some("delta"));
    assert_eq!(
        events[1].as_ref().unwrap().data.finish_reason,
        Some(Some("stop".to_owned()))
    );
    let sent = server.requests();
    assert_eq!(sent[0].header("accept"), Some("text/event-stream"));

    // A documented error status is read whole and decoded as usual.
    let refused = streams::models::CreateCompletionRequest {
        prompt: "refuse".to_owned(),
    };
    match client.create_completion(&refused).await {
        Err(streams::Error::Api {
            status,
            body: streams::CreateCompletionError::BadRequest(problem),
            ..
        }) => {
            assert_eq!(status.as_u16(), 400);
            assert_eq!(problem.message.as_deref(), Some("no"));
        }
        Err(other) => panic!("expected the documented error, got {other}"),
        Ok(_) => panic!("a 400 opened a stream"),
    }

    let logs: Vec<_> = client.follow_logs().await.unwrap().collect().await;
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].as_ref().unwrap().data, "first\nline");

    let rows: Vec<_> = client.export_rows().await.unwrap().collect().await;
    let ids: Vec<i64> = rows.iter().map(|row| row.as_ref().unwrap().id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        server.requests()[3].header("accept"),
        Some("application/x-ndjson")
    );
}

#[test]
fn a_received_webhook_decodes_by_its_event_name_and_action() {
    use github_webhooks::webhooks::{DecodeError, Event};
    let push =
        br#"{"after": "abc", "repository": {"id": 1, "name": "r"}, "pusher": {"login": "ann"}}"#;
    match Event::decode("push", push) {
        Ok(Event::Push(payload)) => {
            assert_eq!(payload.after, "abc");
            assert_eq!(payload.pusher.login, "ann");
        }
        other => panic!("expected a push, got {other:?}"),
    }
    // One event name, told apart by the action.
    let completed =
        br#"{"action": "completed", "check_run": {"id": 7, "status": "done"}, "conclusion": null}"#;
    let event = Event::decode("check_run", completed).unwrap();
    assert!(matches!(&event, Event::CheckRunCompleted(payload) if payload.check_run.id == 7));
    assert_eq!(event.event(), "check_run");
    let created = br#"{"action": "created", "check_run": {"id": 8, "status": "queued"}}"#;
    assert!(matches!(
        Event::decode("check_run", created),
        Ok(Event::CheckRunCreated(_))
    ));
    assert!(matches!(
        Event::decode("check_run", br#"{"action": "paused"}"#),
        Err(DecodeError::UnknownAction { action: Some(action), .. }) if action == "paused"
    ));
    assert!(matches!(
        Event::decode("star", b"{}"),
        Err(DecodeError::UnknownEvent { event }) if event == "star"
    ));
    // Delivered form-encoded, the same JSON in the `payload` field.
    let form = b"payload=%7B%22after%22%3A%22abc%22%2C%22repository%22%3A%7B%22id%22%3A1%2C%22name%22%3A%22r%22%7D%2C%22pusher%22%3A%7B%22login%22%3A%22ann%22%7D%7D";
    assert!(
        matches!(Event::decode_form("push", form), Ok(Event::Push(payload)) if payload.after == "abc")
    );
    match Event::decode("push", br#"{"after": 1}"#) {
        Err(DecodeError::Payload { path, .. }) => assert_eq!(path, "after"),
        other => panic!("expected a payload error, got {other:?}"),
    }

    // OpenAPI 3.1's `webhooks`: the event name is the webhook's name.
    use webhooks_31::webhooks::Event as Event31;
    match Event31::decode("newPet", br#"{"id": 3, "name": null}"#) {
        Ok(Event31::NewPet(pet)) => assert_eq!((pet.id, pet.name.clone()), (3, Some(None))),
        other => panic!("expected newPet, got {other:?}"),
    }
    assert!(matches!(
        Event31::decode("petSold", br#"{"pet_id": 3, "price": 9.5}"#),
        Ok(Event31::PetSold(sale)) if sale.price == 9.5
    ));
    // An operation's callback is decoded the same way, by its name.
    assert!(matches!(
        Event31::decode("onSale", br#"{"pet_id": 4, "price": 1.0}"#),
        Ok(Event31::OnSale(sale)) if sale.pet_id == 4
    ));
}

#[tokio::test]
async fn a_swagger_2_document_is_called_as_it_describes() {
    use support::{Reply, TestServer};
    use swagger2::{models, Error, GetDogsError, ListDogsParams};
    let server = TestServer::start(|request| {
        let path = request.target.split('?').next().unwrap_or_default();
        match (request.method.as_str(), path) {
            ("GET", "/v1/dogs") => {
                Reply::json(200, r#"[{"kind": "Dog", "name": "Rex", "owner": null}]"#)
            }
            ("POST", "/v1/dogs") => {
                Reply::json(201, r#"{"kind": "Dog", "name": "Rex", "bark": "loud"}"#)
            }
            ("GET", "/v1/dogs/1,2") => Reply::json(404, r#"{"message": "no such dogs"}"#),
            ("POST", "/v1/dogs/3/photo") => Reply::json(204, ""),
            ("POST", "/v1/dogs/3/walk") => {
                Reply::json(200, "lovely").with_content_type("text/plain")
            }
            _ => Reply::json(500, &format!("{:?}", request.target)),
        }
    })
    .await;
    // `host`, `basePath` and `schemes` made the default server, https first.
    assert_eq!(swagger2::DEFAULT_BASE_URL, "https://kennel.example.com/v1");
    let client = swagger2::Client::with_base_url(&server.base_url, "token-1")
        .unwrap()
        .with_api_key("key-1")
        .with_basic_auth("ann", Some("secret".to_owned()));

    let page = client
        .list_dogs(&ListDogsParams {
            page_size: Some(models::PageSize::new(10).unwrap()),
            tags: Some(vec!["good".to_owned(), "old".to_owned()]),
            colours: Some(vec![
                models::ListDogsColoursItem::Black,
                models::ListDogsColoursItem::White,
            ]),
            names: Some(vec!["a".to_owned(), "b".to_owned()]),
            ages: Some(vec![1, 2]),
            x_trace: Some("t-1".to_owned()),
        })
        .await
        .unwrap();
    // `x-nullable`: a null owner is there, and null.
    assert_eq!(page[0].owner, Some(None));
    let dog = models::Dog {
        kind: "Dog".to_owned(),
        name: "Rex".to_owned(),
        owner: None,
        bark: Some(models::DogBark::Loud),
    };
    assert_eq!(client.add_dog(&dog).await.unwrap(), dog);
    match client.get_dogs(&[1, 2]).await {
        Err(Error::Api {
            body: GetDogsError::NotFound(problem),
            ..
        }) => assert_eq!(problem.message, "no such dogs"),
        other => panic!("the shared 404 response: {other:?}"),
    }
    let form = reqwest::multipart::Form::new()
        .text("caption", "asleep")
        .part("photo", reqwest::multipart::Part::bytes(vec![1, 2, 3]));
    client.upload_photo(3, form).await.unwrap();
    let walk = models::WalkDogRequest {
        minutes: 30,
        park: Some("Victoria".to_owned()),
    };
    assert_eq!(client.walk_dog(3, &walk).await.unwrap(), "lovely");

    let requests = server.requests();
    // collectionFormat: csv, multi, pipes and ssv, as their OpenAPI 3 styles send them.
    assert_eq!(
        requests[0].target,
        "/v1/dogs?page_size=10&tags=good%2Cold&colours=black&colours=white&names=a%7Cb&ages=1+2"
    );
    assert_eq!(requests[0].header("x-trace"), Some("t-1"));
    assert_eq!(requests[0].header("x-api-key"), Some("key-1"));
    // The body parameter, as JSON; the operation's own security (basic) replaces the
    // document's (the key).
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[1].body).unwrap(),
        serde_json::json!({"kind": "Dog", "name": "Rex", "bark": "loud"})
    );
    assert_eq!(
        requests[1].header("authorization"),
        Some("Basic YW5uOnNlY3JldA==")
    );
    assert_eq!(requests[1].header("x-api-key"), None);
    // A path parameter that is a list: comma-separated.
    assert_eq!(requests[2].target, "/v1/dogs/1,2");
    // formData with a file: multipart, with the OAuth token.
    assert!(requests[3]
        .header("content-type")
        .is_some_and(|value| value.starts_with("multipart/form-data; boundary=")));
    assert_eq!(requests[3].header("authorization"), Some("Bearer token-1"));
    // formData without one: a URL-encoded form; `produces` says what is accepted.
    assert_eq!(
        requests[4].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(requests[4].body, b"minutes=30&park=Victoria");
    assert_eq!(requests[4].header("accept"), Some("text/plain"));
}

#[tokio::test]
async fn item_schemas_type_each_item_of_a_stream() {
    use futures_util::StreamExt;
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.target.trim_start_matches("/v1") {
        "/ticks" => Reply::json(
            200,
            "event: tick\ndata: {\"symbol\": \"ACME\", \"price\": 1.5}\n\n",
        )
        .with_content_type("text/event-stream"),
        "/notices" => {
            Reply::json(200, "data: closing early\n\n").with_content_type("text/event-stream")
        }
        "/trades" => {
            Reply::json(200, "{\"id\": 1}\n{\"id\": 2}\n").with_content_type("application/jsonl")
        }
        "/fills" => Reply::json(200, "{\"size\": 3}\n").with_content_type("application/x-ndjson"),
        other => Reply::json(404, other),
    })
    .await;
    let client = item_schemas::Client::with_base_url(&server.base_url).unwrap();
    // `data` is a string of JSON whose `contentSchema` is Tick: decoded as one.
    let ticks: Vec<_> = client.watch_ticks().await.unwrap().collect().await;
    let tick = ticks[0].as_ref().unwrap();
    assert_eq!(tick.event.as_deref(), Some("tick"));
    assert_eq!((tick.data.symbol.as_str(), tick.data.price), ("ACME", 1.5));
    // `data` as a plain string: text.
    let notices: Vec<_> = client.watch_notices().await.unwrap().collect().await;
    assert_eq!(notices[0].as_ref().unwrap().data, "closing early");
    // JSON lines: each line an item of the `itemSchema` (or `x-itemSchema`).
    let trades: Vec<_> = client.list_trades().await.unwrap().collect().await;
    let ids: Vec<i64> = trades.iter().map(|t| t.as_ref().unwrap().id).collect();
    assert_eq!(ids, [1, 2]);
    let fills: Vec<_> = client.list_fills().await.unwrap().collect().await;
    assert_eq!(fills[0].as_ref().unwrap().size, 3);
}

#[tokio::test]
async fn an_idempotency_key_makes_a_post_retryable_whichever_way_it_is_given() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.index % 2 {
        0 => Reply::json(500, "{}"),
        _ => Reply::json(201, r#"{"id": 7, "item": "tea"}"#),
    })
    .await;
    let client = options::Client::with_base_url(&server.base_url)
        .unwrap()
        .with_retry_policy(options::RetryPolicy {
            max_retries: 1,
            initial_backoff: std::time::Duration::from_millis(1),
            max_backoff: std::time::Duration::from_millis(10),
        });
    let order = options::models::Order {
        id: None,
        item: "tea".to_owned(),
    };
    // The document's own header parameter, and the per-call option: both are retried.
    let params = options::CreateOrderParams {
        idempotency_key: Some("k-1".to_owned()),
    };
    assert_eq!(
        client.create_order(&params, &order).await.unwrap().id,
        Some(7)
    );
    let keyed = client.with_options(options::RequestOptions::new().idempotency_key("k-2"));
    let placed = keyed
        .create_order(&options::CreateOrderParams::default(), &order)
        .await
        .unwrap();
    assert_eq!(placed.item, "tea");
    // Without a key, a POST that met a server error is not repeated.
    assert!(client
        .create_order(&options::CreateOrderParams::default(), &order)
        .await
        .is_err());
    let requests = server.requests();
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.header("idempotency-key"))
        .collect();
    assert_eq!(
        keys,
        [Some("k-1"), Some("k-1"), Some("k-2"), Some("k-2"), None]
    );
}

#[cfg(not(feature = "metadata"))]
#[test]
#[ignore = "needs the metadata feature: cargo test --features metadata --test fixtures_compile (.ci/run runs it)"]
fn declared_response_headers_are_typed_and_a_bad_one_is_reported() {}

#[cfg(feature = "metadata")]
#[tokio::test]
async fn declared_response_headers_are_typed_and_a_bad_one_is_reported() {
    use support::{Reply, TestServer};
    let server = TestServer::start(|request| match request.method.as_str() {
        "POST" => Reply::json(201, r#"{"id": 7, "item": "tea"}"#)
            .with_header("location", "/orders/7")
            .with_header("etag", "\"v1\"")
            .with_header("x-ratelimit-remaining", "41"),
        _ => Reply::json(204, "").with_header("x-ratelimit-remaining", "lots"),
    })
    .await;
    let client = options::Client::with_base_url(&server.base_url).unwrap();
    let order = options::models::Order {
        id: None,
        item: "tea".to_owned(),
    };
    let placed = client
        .create_order_with_response(&options::CreateOrderParams::default(), &order)
        .await
        .unwrap();
    assert_eq!(placed.status, reqwest::StatusCode::CREATED);
    assert_eq!(placed.id, Some(7), "derefs to the order");
    assert_eq!(
        placed.declared_headers(),
        Ok(options::CreateOrderHeaders {
            location: Some("/orders/7".to_owned()),
            e_tag: Some("\"v1\"".to_owned()),
            x_rate_limit_remaining: Some(41),
        })
    );
    let cancelled = client.cancel_order_with_response(7).await.unwrap();
    let error = cancelled.declared_headers().unwrap_err();
    assert_eq!(
        error.to_string(),
        "the response header `X-RateLimit-Remaining` is \"lots\", expected a 32-bit integer"
    );
    // The plain method is the same call without the metadata.
    client.cancel_order(7).await.unwrap();
}

#[tokio::test]
async fn a_webhook_delivered_over_http_decodes_from_what_the_endpoint_received() {
    use github_webhooks::webhooks::Event;
    use support::{Reply, TestServer};
    // The user's endpoint: it records what GitHub's servers (here reqwest) deliver.
    let endpoint = TestServer::start(|_| Reply::json(204, "")).await;
    let deliveries = [
        ("push", "application/json", br#"{"after": "abc", "repository": {"id": 1, "name": "r"}, "pusher": {"login": "ann"}}"#.to_vec()),
        ("check_run", "application/json", br#"{"action": "completed", "check_run": {"id": 7, "status": "done"}, "conclusion": null}"#.to_vec()),
        ("push", "application/x-www-form-urlencoded", b"payload=%7B%22after%22%3A%22def%22%2C%22repository%22%3A%7B%22id%22%3A1%2C%22name%22%3A%22r%22%7D%2C%22pusher%22%3A%7B%22login%22%3A%22bo%22%7D%7D".to_vec()),
    ];
    let sender = reqwest::Client::new();
    for (event, content_type, body) in &deliveries {
        let status = sender
            .post(format!("{}/hooks/github", endpoint.base_url))
            .header("x-github-event", *event)
            .header("content-type", *content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 204);
    }
    let received = endpoint.requests();
    let decoded: Vec<Event> = received
        .iter()
        .map(|request| {
            let event = request.header("x-github-event").expect("the event header");
            match request.header("content-type") {
                Some("application/x-www-form-urlencoded") => {
                    Event::decode_form(event, &request.body)
                }
                _ => Event::decode(event, &request.body),
            }
            .expect("a known event")
        })
        .collect();
    assert!(matches!(&decoded[0], Event::Push(push) if push.pusher.login == "ann"));
    assert!(matches!(&decoded[1], Event::CheckRunCompleted(run) if run.check_run.id == 7));
    assert!(matches!(&decoded[2], Event::Push(push) if push.after == "def"));
}

/// The mock fixture's `mock` module: each kind of default answer and of error reply, as
/// the fixture's client reads them over loopback.
#[cfg(feature = "mock")]
#[tokio::test]
async fn the_mocks_default_answers_and_error_replies_are_what_the_client_reads() {
    use mocked::mock::MockServer;
    use mocked::{Client, Error, GetOrderError, RetryPolicy};

    let server = MockServer::start().await;
    let client = Client::with_base_url(&server.base_url())
        .unwrap()
        .with_retry_policy(RetryPolicy::none());
    // The example in components/examples, checked against the client's type and answered.
    server.get_order().with_path("/orders/ord_1").await;
    let order = client.get_order("ord_1").await.unwrap();
    assert_eq!(order.id, "ord_1");
    assert_eq!(order.total_cents.to_string(), "1250");
    assert_eq!(order.note, Some(None), "the example's null kept");
    // No body: the 204 alone.
    server.cancel_order().await;
    client.cancel_order("ord_1").await.unwrap();
    // Each error variant with its status and body.
    let problem: mocked::models::Problem =
        serde_json::from_str(r#"{"title": "no such order"}"#).unwrap();
    server
        .get_order()
        .with_path("/orders/gone")
        .fail(&GetOrderError::NotFound(problem.clone()))
        .await;
    server
        .get_order()
        .with_path("/orders/down")
        .fail(&GetOrderError::ServiceUnavailable("back at noon".into()))
        .await;
    server
        .get_order()
        .with_path("/orders/broken")
        .fail(&GetOrderError::ServerError)
        .await;
    let status_and_body = |result: Result<_, Error<GetOrderError>>| match result {
        Err(Error::Api { status, body, .. }) => (status.as_u16(), body),
        other => panic!("expected a documented error, got {other:?}"),
    };
    assert_eq!(
        status_and_body(client.get_order("gone").await),
        (404, GetOrderError::NotFound(problem))
    );
    assert_eq!(
        status_and_body(client.get_order("down").await),
        (
            503,
            GetOrderError::ServiceUnavailable("back at noon".into())
        )
    );
    assert_eq!(
        status_and_body(client.get_order("broken").await),
        (500, GetOrderError::ServerError)
    );
    // Typed answers for an operation without an example, and none by default.
    let orders = vec![order];
    server.list_orders().respond(200, &orders).await;
    assert_eq!(client.list_orders().await.unwrap(), orders);
    let refused = tokio::spawn(async {
        let server = MockServer::start().await;
        server.list_orders().await;
    })
    .await
    .expect_err("no example to answer with");
    assert!(refused.is_panic());
}
