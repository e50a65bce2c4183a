//! The broken-document suite: every document under `tests/broken/` with the exact
//! diagnostics it must produce (`<name>.expected` beside it): file, line and column where
//! the parser knows them, JSON pointer, and what was expected. Some of these documents are
//! awkward rather than broken (a reference cycle through required fields, duplicate
//! operation ids, names that collide): they must generate, and their expectation says so.
//!
//! `UPDATE_EXPECTED=1 cargo test -p openapi-client-gen --test broken` rewrites the
//! expectations; review the diff before committing it.

use openapi_client_gen::Config;
use std::path::{Path, PathBuf};

fn documents() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/broken exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    found.sort();
    found
}

/// What the generator says about `path`, with the path shown relative to the crate.
fn outcome(path: &Path) -> String {
    let shown = format!(
        "tests/broken/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).expect("readable");
    let result = std::panic::catch_unwind(|| Config::new().rustfmt(false).generate(&text, &shown));
    match result {
        Err(_) => "PANICKED".to_owned(),
        Ok(Err(error)) => format!("refused:\n{error}\n"),
        Ok(Ok(generated)) => {
            let mut out = String::from("generated");
            let code = &generated.files[0].contents;
            // Proof of the Box that breaks a cycle through required fields: in the models
            // (the runtime has boxes of its own, a hook's future).
            let models = code.split_once("pub mod models {").map_or("", |(_, rest)| {
                rest.split("\npub mod ").next().unwrap_or(rest)
            });
            if models.contains("Box<") {
                out.push_str(", with Box");
            }
            out.push_str(":\n");
            for warning in &generated.warnings {
                out.push_str(&format!("{warning}\n"));
            }
            out
        }
    }
}

#[test]
fn each_broken_document_gets_its_exact_diagnostics() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let documents = documents();
    assert!(
        documents.len() >= 13,
        "the suite lost documents: {documents:?}"
    );
    let mut mismatches = Vec::new();
    for path in documents {
        let actual = outcome(&path);
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
