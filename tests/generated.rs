//! The generated code, guarded: `generated/` must equal what the generator produces now,
//! and snapshots of the Kirim client and of every fixture spec must not change unreviewed.

use openapi_client_gen::Config;
use std::path::Path;

fn generate(spec: &str) -> openapi_client_gen::Generated {
    // Fixtures are libraries of constructs: keep their types even where no operation uses them.
    // The mock fixture shows the `mock` module, as build.rs generates it.
    Config::new()
        .all_types(spec.starts_with("tests/fixtures/"))
        .mock(spec == "tests/fixtures/mocked.yaml")
        // The default leaves the `_with_response` twins out; one fixture shows them.
        .metadata(spec == "tests/fixtures/options.yaml")
        .generate_file(Path::new(spec))
        .unwrap_or_else(|error| panic!("{spec} generates:\n{error}"))
}

#[test]
fn vendored_client_matches_the_generator() {
    let generated = generate("spec/conversations.yaml");
    let stale = openapi_client_gen::output::check_files(Path::new("generated"), &generated.files);
    assert!(
        stale.is_empty(),
        "generated/ is stale ({stale:?}); run: cargo run -p openapi-client-gen -- generate spec/conversations.yaml --out generated"
    );
}

#[test]
fn kirim_client_snapshot() {
    let generated = generate("spec/conversations.yaml");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    insta::assert_snapshot!("conversations", generated.files[0].contents);
}

#[test]
fn generation_is_deterministic() {
    let first = generate("spec/conversations.yaml");
    let second = generate("spec/conversations.yaml");
    assert_eq!(first, second);
}

macro_rules! fixture_snapshots {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let spec = concat!("tests/fixtures/", stringify!($name), ".yaml");
                let generated = generate(spec);
                let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
                let snapshot = format!("warnings: {warnings:#?}\n\n{}", generated.files[0].contents);
                insta::assert_snapshot!(stringify!($name), snapshot);
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot_test() {
            let mut on_disk: Vec<String> = std::fs::read_dir("tests/fixtures")
                .unwrap()
                .map(|entry| entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut listed = vec![$(stringify!($name).to_owned()),*];
            listed.sort();
            assert_eq!(on_disk, listed);
        }
    };
}

fixture_snapshots!(
    all_of,
    arrays,
    bodies,
    defaults,
    downloads,
    enums,
    errors,
    extra,
    extremes,
    features,
    formats,
    github_webhooks,
    identical,
    item_schemas,
    large,
    mocked,
    names,
    nested,
    nullable,
    options,
    params,
    patterns,
    query_key,
    references,
    refs,
    round_trip,
    security,
    streams,
    swagger2,
    unions,
    webhooks_31
);

#[test]
fn features_crate_snapshot() {
    // The fixture as a crate: its manifest's features, and each item's gate.
    let generated = Config::new()
        .crate_name("features-fixture")
        .generate_file(Path::new("tests/fixtures/features.yaml"))
        .unwrap_or_else(|error| panic!("the fixture generates:\n{error}"));
    let files: Vec<String> = generated
        .files
        .iter()
        .map(|file| format!("== {}\n{}", file.path.display(), file.contents))
        .collect();
    insta::assert_snapshot!("features_crate", files.join("\n"));
}

#[test]
fn webhooks_crate_gates_the_webhooks_behind_their_feature() {
    // A client-only user of a crate with features does not compile the payloads.
    let generated = Config::new()
        .crate_name("github-webhooks-fixture")
        .generate_file(Path::new("tests/fixtures/github_webhooks.yaml"))
        .unwrap_or_else(|error| panic!("the fixture generates:\n{error}"));
    let file = |name: &str| {
        let found = generated.files.iter().find(|f| f.path.ends_with(name));
        found.map(|f| f.contents.as_str()).unwrap_or_default()
    };
    assert!(
        file("Cargo.toml").contains("webhooks = []"),
        "{}",
        file("Cargo.toml")
    );
    let lib = file("src/lib.rs");
    assert!(
        lib.contains("#[cfg(feature = \"webhooks\")]\npub mod webhooks;"),
        "{lib}"
    );
    let models = file("src/models.rs");
    // A payload only the webhooks use is behind their feature; a model the operations
    // share with them is compiled with either.
    let gate_of = |item: &str| {
        let at = models
            .find(item)
            .unwrap_or_else(|| panic!("{item} in {models}"));
        let line = models[..at].rfind("#[cfg(").unwrap_or(0);
        models[line..at]
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        gate_of("pub struct WebhookPush"),
        "#[cfg(feature = \"webhooks\")]"
    );
    assert_eq!(
        gate_of("pub struct Repository"),
        "#[cfg(any(feature = \"repos\", feature = \"webhooks\"))]"
    );
    assert!(
        lib.contains("`webhooks`: the `webhooks` module and its payloads"),
        "{lib}"
    );
}

#[test]
fn webhooks_can_be_left_out_and_a_selection_leaves_them_out() {
    use openapi_client_gen::Selector;
    let module = |config: Config| {
        let generated = config
            .generate_file(Path::new("tests/fixtures/github_webhooks.yaml"))
            .unwrap_or_else(|error| panic!("the fixture generates:\n{error}"));
        generated.files[0].contents.contains("pub mod webhooks {")
    };
    assert!(module(Config::new()));
    assert!(!module(Config::new().webhooks(false)));
    assert!(!module(Config::new().select(Selector::Tag("repos".into()))));
}
