//! The same document gives byte-identical output: generated twice, and generated with its
//! `paths` and `components` written in another order (reversed, and as JSON instead of
//! YAML). Property order is left alone: it is the order of a struct's fields, on purpose.

use openapi_client_gen::Config;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = vec![root.join("spec/conversations.yaml")];
    let fixtures = std::fs::read_dir(root.join("tests/fixtures")).expect("fixtures exist");
    found.extend(fixtures.map(|entry| entry.expect("readable").path()));
    found.sort();
    found
}

fn generate(text: &str, name: &str) -> String {
    let generated = Config::new()
        .rustfmt(false)
        .all_types(true)
        .generate(text, name)
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    generated
        .files
        .into_iter()
        .map(|file| file.contents)
        .collect()
}

fn reversed(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .rev()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `paths` (and each path's methods) and every `components` map, in reverse order.
fn reorder(document: &mut Value) {
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        let mut flipped = reversed(paths);
        for item in flipped.values_mut() {
            if let Value::Object(methods) = item {
                *methods = reversed(methods);
            }
        }
        *paths = flipped;
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        let mut flipped = reversed(components);
        for section in flipped.values_mut() {
            if let Value::Object(entries) = section {
                *entries = reversed(entries);
            }
        }
        *components = flipped;
    }
}

#[test]
fn output_does_not_depend_on_run_or_on_the_order_of_paths_and_components() {
    let documents = documents();
    assert!(documents.len() > 15, "{documents:?}");
    for path in documents {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("readable");
        let first = generate(&text, &name);
        assert_eq!(
            first,
            generate(&text, &name),
            "{name}: a second run differs"
        );

        let mut document: Value = serde_yaml::from_str(&text).expect("YAML");
        reorder(&mut document);
        let reordered = serde_json::to_string_pretty(&document).expect("serializes");
        assert_eq!(
            first,
            generate(&reordered, &name),
            "{name}: reordering paths and components changed the output"
        );
    }
}
