//! Generated crates compiled as a user compiles them, by cargo, offline:
//! - the features fixture's crate with no feature, with each feature by itself, and with
//!   all (the default), by `cargo clippy -D warnings`: a type one feature needs but another
//!   feature's gate holds fails to compile; a helper left unused with a feature off is a
//!   warning; a dependency only some features need is compiled only with them; the
//!   models compare with `==` under the `eq` feature, and only under it;
//! - a large crate, which is a module tree: each module a file, a large module's items
//!   spread over parts of bounded size, and the crate still compiles (with the default
//!   features, with one, and with all: the mock's parts among them), passes clippy and
//!   rustdoc, and keeps its paths (`models::Item7`, `Client::get_item7`); a part of one
//!   feature's items is not even read without that feature. Its document is
//!   built here: a few hundred schemas and operations in two tags, enough to need several
//!   parts.

use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn each_feature_compiles_alone_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = openapi_client_gen::Config::new()
        .crate_name("features-fixture")
        .generate_file(&root.join("tests/fixtures/features.yaml"))
        .expect("the fixture generates");
    let dir = offline_crate("features-fixture", &generated);
    let clippy = |selection: &[&'static str]| {
        let mut args = vec!["clippy"];
        args.extend_from_slice(selection);
        args.extend(["--", "-D", "warnings"]);
        args
    };
    cargo_runs(
        &dir,
        &[
            clippy(&["--no-default-features"]),
            clippy(&["--no-default-features", "--features", "pets"]),
            clippy(&["--no-default-features", "--features", "store-orders"]),
            clippy(&["--no-default-features", "--features", "health"]),
            clippy(&[]),
            // The opt-in parts: the mock with one tag's operations alone, and everything.
            clippy(&["--no-default-features", "--features", "pets,mock"]),
            clippy(&["--no-default-features", "--features", "store-orders,eq"]),
            clippy(&["--all-features"]),
        ],
    );
    // The pattern engine is an optional dependency of the one feature whose types need
    // it: a program using another compiles without it.
    let tree = |features: &str| {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["tree", "--offline", "--edges", "normal", "--prefix", "none"])
            .args(["--no-default-features", "--features", features])
            .current_dir(&dir)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(!tree("pets").contains("regress v"), "{}", tree("pets"));
    assert!(
        tree("store-orders").contains("regress v"),
        "{}",
        tree("store-orders")
    );
    // `PartialEq` on the models is the `eq` feature's: a program comparing two
    // responses runs with it and does not compile without it.
    std::fs::create_dir_all(dir.join("examples")).expect("a folder");
    std::fs::write(
        dir.join("examples/compare.rs"),
        "//! Compares decoded responses, which needs the `eq` feature.\n\
         use features_fixture::models::PetPage;\n\
         fn main() {\n\
         \x20   let page = r#\"{\"data\": [{\"id\": \"pet_abcd1234\", \"name\": \"Rex\"}], \"has_more\": false}\"#;\n\
         \x20   let first: PetPage = serde_json::from_str(page).expect(\"a page\");\n\
         \x20   let mut second = first.clone();\n\
         \x20   assert_eq!(first, second);\n\
         \x20   second.data[0].name.push('!');\n\
         \x20   assert_ne!(first, second);\n\
         }\n",
    )
    .expect("written");
    let compare = |features: &str| {
        cargo_output(
            &dir,
            &[
                "run",
                "--example",
                "compare",
                "--no-default-features",
                "--features",
                features,
            ],
        )
    };
    let with_eq = compare("pets,eq");
    assert!(
        with_eq.status.success(),
        "{}",
        String::from_utf8_lossy(&with_eq.stderr)
    );
    let without = compare("pets");
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(
        !without.status.success() && stderr.contains("E0369"),
        "`==` on a model compiled without the `eq` feature: {stderr}"
    );
}

/// Schemas (and operations, one per schema) in the document.
const SCHEMAS: usize = 200;

/// Doc text that makes each item weigh (docs cost no compile time): with it, 200 schemas
/// and operations fill several parts.
fn long_text(what: &str) -> String {
    format!("{what}. ") + &"Described at some length so that the docs weigh. ".repeat(24)
}

fn document() -> Value {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for index in 0..SCHEMAS {
        let mut properties = Map::new();
        for field in 0..8 {
            properties.insert(
                format!("field_{field}"),
                json!({"type": "string", "description": format!("Field {field} of item {index}.")}),
            );
        }
        // A validated newtype, whose field is private (in one file, to the models module).
        properties.insert("code".into(), json!({"type": "string", "maxLength": 40}));
        // A string enum of each item's own, whose fixed impls are text.
        properties.insert(
            "state".into(),
            json!({"type": "string", "enum": [format!("open{index}"), "closed"]}),
        );
        // A reference to the next schema, so that parts name each other's types (in
        // chains of ten: a cycle through hundreds of types would overflow rustc's
        // evaluation of `Send`).
        if (index + 1) % 10 != 0 {
            properties.insert(
                "next".into(),
                json!({"$ref": format!("#/components/schemas/Item{}", index + 1)}),
            );
        }
        schemas.insert(
            format!("Item{index}"),
            json!({"type": "object", "description": long_text(&format!("Item {index}")), "required": ["field_0"], "properties": properties}),
        );
        let tag = if index % 2 == 0 { "even" } else { "odd" };
        paths.insert(
            format!("/items{index}/{{id}}"),
            json!({"get": {
                "operationId": format!("getItem{index}"),
                "tags": [tag],
                "description": long_text(&format!("Gets an item of kind {index}")),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                // An example, which the mock embeds: enough of them split the mock too.
                "responses": {"200": {"description": "The item.", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/Item{index}")},
                    "example": {"field_0": long_text(&format!("An example item {index}")), "code": "c"}
                }}}}
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Module tree fixture", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

#[test]
fn a_large_crate_is_a_tree_of_files_that_compiles_with_its_paths() {
    let text = serde_json::to_string(&document()).expect("a document");
    let generated = openapi_client_gen::Config::new()
        .crate_name("module-tree-fixture")
        .generate(&text, "tree.json")
        .expect("the document generates");
    let dir = offline_crate("module-tree-fixture", &generated);
    let paths: Vec<String> = generated
        .files
        .iter()
        .map(|file| file.path.to_string_lossy().replace('\\', "/"))
        .collect();
    for expected in [
        "src/lib.rs",
        "src/models.rs",
        "src/models/part01.rs",
        "src/models/part02.rs",
        "src/client.rs",
        "src/client/part01.rs",
        "src/mock/part01.rs",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "no {expected} in {paths:?}"
        );
    }
    // Parts stay near their size (256 KiB of prettyplease's text; rustfmt's may differ a
    // little), and the module files keep only what cannot move.
    for file in &generated.files {
        let size = file.contents.len();
        assert!(size < 300 * 1024, "{} is {size} bytes", file.path.display());
        assert!(
            file.contents
                .starts_with("// @generated by openapi-client-gen from tree.json.")
                || file
                    .contents
                    .starts_with("# @generated by openapi-client-gen from tree.json."),
            "{} has no header",
            file.path.display()
        );
    }
    // Every struct moved to a part, also the newtypes with a private field.
    let models = generated
        .files
        .iter()
        .find(|file| file.path.ends_with("src/models.rs"))
        .expect("a models file");
    assert!(
        !models.contents.lines().any(|l| l.starts_with("pub struct")),
        "{}",
        models.contents
    );
    // And the fixed impls written as text went with their types: the newtypes' and the
    // string enums' (the module keeps the macros' definitions).
    for moved in [
        "impl TryFrom<String> for",
        "impl From<String> for",
        "by_wire_value!(",
    ] {
        assert!(
            !models.contents.contains(moved),
            "{moved} in {}",
            models.contents
        );
    }
    // A user's program naming items that live in parts, by the paths of the single file.
    std::fs::create_dir_all(dir.join("examples")).expect("a folder");
    std::fs::write(
        dir.join("examples/paths.rs"),
        "//! Uses items that the generator put in parts.\n\
         fn main() {\n\
         \x20   let item: Option<module_tree_fixture::models::Item7> = None;\n\
         \x20   let client = module_tree_fixture::Client::new();\n\
         \x20   let call = client.get_item151(\"id\");\n\
         \x20   drop((item, call));\n\
         }\n",
    )
    .expect("written");
    cargo_runs(
        &dir,
        &[
            vec!["clippy", "--all-targets", "--", "-D", "warnings"],
            // The opt-in modules too, the mock's parts among them.
            vec!["clippy", "--all-features", "--", "-D", "warnings"],
            vec![
                "clippy",
                "--no-default-features",
                "--features",
                "odd",
                "--",
                "-D",
                "warnings",
            ],
            vec!["doc", "--no-deps"],
        ],
    );
    // A part of one feature's items is declared under that feature, so that a build
    // without it does not read the file: with the `even` parts made unreadable, the
    // crate still checks with only `odd`.
    let client = generated
        .files
        .iter()
        .find(|file| file.path.ends_with("src/client.rs"))
        .expect("a client file");
    let lines: Vec<&str> = client.contents.lines().collect();
    let even_parts: Vec<String> = lines
        .windows(2)
        .filter(|pair| pair[0] == "#[cfg(feature = \"even\")]" && pair[1].starts_with("mod part"))
        .map(|pair| {
            pair[1]
                .trim_start_matches("mod ")
                .trim_end_matches(';')
                .to_owned()
        })
        .collect();
    assert!(
        !even_parts.is_empty(),
        "no part of `even` alone:\n{}",
        client.contents
    );
    for part in &even_parts {
        std::fs::write(dir.join(format!("src/client/{part}.rs")), "not Rust at all")
            .expect("written");
    }
    cargo_runs(
        &dir,
        &[vec!["check", "--no-default-features", "--features", "odd"]],
    );
    let even = cargo_output(
        &dir,
        &["check", "--no-default-features", "--features", "even"],
    );
    assert!(
        !even.status.success(),
        "the `even` parts were not read with `even` on"
    );
}

/// Writes `generated` into a folder of the test target directory as a crate of its own
/// workspace (it lies inside ours), with our lock file, so that it builds offline with the
/// dependency versions this workspace has already fetched.
fn offline_crate(name: &str, generated: &openapi_client_gen::Generated) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    openapi_client_gen::output::write_files(&dir, &generated.files).expect("written");
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("a manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copied");
    dir
}

/// Runs each cargo command (`["clippy", ...]`) in `dir`, offline, with rustdoc's warnings
/// denied, one target directory for all the crates; fails with the output of each that
/// failed.
fn cargo_runs(dir: &Path, runs: &[Vec<&str>]) {
    let mut failures = Vec::new();
    for args in runs {
        let output = cargo_output(dir, args);
        if !output.status.success() {
            failures.push(format!(
                "{args:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One cargo command in `dir`, offline, as `cargo_runs` runs them.
fn cargo_output(dir: &Path, args: &[&str]) -> std::process::Output {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Cargo's own flags go before a `--` that passes the rest to the tool.
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    Command::new(cargo)
        .args(&args[..split])
        .args(["--offline", "--quiet"])
        .args(&args[split..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs")
}
