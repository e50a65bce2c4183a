//! The Swagger 2.0 conversion (`generator/src/load/swagger.rs`) against an independent
//! one: for every Swagger 2.0 document of the test set, the client generated from the
//! document as written must be the client generated from the npm package
//! `swagger2openapi`'s OpenAPI 3.0 conversion of it, byte for byte, or differ only where a
//! [`Correction`] below explains why, and each correction must be needed by some document.
//!
//! The test set: the fixture `tests/fixtures/swagger2.yaml` and the documents
//! `scripts/fetch-specs.sh` fetches into `target/corpus/swagger/` (Kubernetes 1.10-1.13, the
//! AutoRest test server's 75, ReadMe's petstores). The Kubernetes ones, 3.6-4.2 MB each,
//! take a minute to generate in a debug build: they are included when
//! `SWAGGER_ORACLE_LARGE=1` (`scripts/swagger-documents.py` runs this test so, in release).
//!
//! It needs Node and swagger2openapi, so a plain `cargo test` lists it as ignored with the
//! reason; `.ci/run` installs both and runs it with `--ignored`, and there (`CI` set) a
//! missing converter or document set fails it.

use openapi_client_gen::Config;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "npm install --prefix target/swagger2openapi swagger2openapi@7.0.8";

/// Documents swagger2openapi does not convert at all, and why. Three are refused by a
/// crash: with `x-ms-parameterized-host` and no `schemes`, it calls `forEach` on the missing
/// `schemes` (index.js, `processParameterizedHost`).
const CONVERTER_FAILURES: &[(&str, &str)] = &[
    (
        "custom-baseUrl.json",
        "Cannot read properties of undefined (reading 'forEach')",
    ),
    (
        "custom-baseUrl-paging.json",
        "Cannot read properties of undefined (reading 'forEach')",
    ),
    (
        "lro-parameterized-endpoints.json",
        "Cannot read properties of undefined (reading 'forEach')",
    ),
];

/// A known, deliberate difference between swagger2openapi's conversion and ours, applied to
/// swagger2openapi's output; `apply` says whether it changed anything.
struct Correction {
    name: &'static str,
    apply: fn(&mut Value) -> bool,
}

const CORRECTIONS: &[Correction] = &[
    // swagger2openapi lists the servers in `schemes` order, and writes a scheme-relative
    // `//host` when `schemes` is absent (Swagger 2.0's "the scheme used to access the
    // document", which a generated client does not have). We put `https` first where it is
    // offered and use it where no scheme is named: the default server is the secure one.
    Correction {
        name: "https first",
        apply: https_first,
    },
    // swagger2openapi gives a response without `schema` one media type per entry of its
    // `examples`, with no schema, which reads as a JSON body of any shape. Swagger 2.0: "If
    // this field does not exist, it means no content is returned as part of the response".
    Correction {
        name: "no schema, no body",
        apply: no_schema_no_body,
    },
    // swagger2openapi makes a form body required only when its first field is: the fields
    // after it add their names to the schema's `required`, not to the body's. A form with
    // a required field is a required body.
    Correction {
        name: "a required field makes the form required",
        apply: required_form_fields_require_the_body,
    },
];

fn converter_script() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let installed = root.join("target/swagger2openapi/node_modules/swagger2openapi");
    let node = Command::new("node").arg("--version").output();
    (installed.exists() && node.is_ok_and(|out| out.status.success()))
        .then(|| root.join("scripts/swagger2openapi.js"))
}

/// The Swagger 2.0 documents of the test set, with the names the report shows.
fn documents(large: bool) -> (Vec<(String, PathBuf)>, bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = vec![(
        "tests/fixtures/swagger2.yaml".to_owned(),
        root.join("tests/fixtures/swagger2.yaml"),
    )];
    let corpus = root.join("target/corpus/swagger");
    let folders = [
        ("kubernetes", "package/lib/specs"),
        ("autorest", "package/swagger"),
        ("readme", "package/2.0/json"),
    ];
    let mut fetched = true;
    for (package, folder) in folders {
        let Ok(entries) = std::fs::read_dir(corpus.join(package).join(folder)) else {
            fetched = false;
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .filter(|path| is_swagger_2(path))
            .filter(|path| large || std::fs::metadata(path).map_or(true, |m| m.len() < 1 << 20))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{package}/{}", path.file_name().unwrap().to_string_lossy());
            found.push((name, path));
        }
    }
    (found, fetched)
}

fn is_swagger_2(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    serde_json::from_str::<Value>(text).is_ok_and(|document| document["swagger"] == "2.0")
}

fn generate(text: &str) -> Result<String, String> {
    // One name for both, so that the header line is the same.
    Config::new()
        .rustfmt(false)
        .generate(text, "document.json")
        .map(|generated| generated.files[0].contents.clone())
        .map_err(|error| error.to_string())
}

/// The first lines where `a` and `b` differ, for a failure message.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let window = |lines: &[&str]| lines[at.min(lines.len())..(at + 4).min(lines.len())].join("\n");
    format!(
        "line {}:\n  ours:   {}\n  theirs: {}",
        at + 1,
        window(&a),
        window(&b)
    )
}

#[test]
#[ignore = "needs Node and swagger2openapi (npm install --prefix target/swagger2openapi swagger2openapi@7.0.8) and the documents of scripts/fetch-specs.sh; .ci/run runs it"]
fn swagger_2_documents_generate_the_client_swagger2openapi_conversions_do() {
    let in_ci = std::env::var_os("CI").is_some();
    let Some(script) = converter_script() else {
        assert!(!in_ci, "CI must have swagger2openapi: {INSTALL}");
        eprintln!("SKIPPED: no Node or swagger2openapi; {INSTALL}");
        return;
    };
    let large = std::env::var_os("SWAGGER_ORACLE_LARGE").is_some_and(|v| v == "1");
    let (documents, fetched) = documents(large);
    assert!(
        fetched || !in_ci,
        "CI must have the Swagger 2.0 documents: run scripts/fetch-specs.sh"
    );
    if !fetched {
        eprintln!("NOTE: only the fixture; run scripts/fetch-specs.sh for the documents");
    }
    let out = std::env::temp_dir().join(format!("swagger2openapi-{}", std::process::id()));
    let status = Command::new("node")
        .arg(&script)
        .arg(&out)
        .args(documents.iter().map(|(_, path)| path))
        .status()
        .expect("node runs");
    assert!(status.success(), "{} failed", script.display());

    let mut used: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut problems = Vec::new();
    let (mut identical, mut corrected) = (0, 0);
    for (index, (name, path)) in documents.iter().enumerate() {
        let base = path.file_name().unwrap().to_string_lossy();
        let failure = std::fs::read_to_string(out.join(format!("{index}.error"))).ok();
        let known = CONVERTER_FAILURES.iter().find(|(doc, _)| *doc == base);
        match (failure, known) {
            (Some(message), Some((_, expected))) if message.contains(expected) => continue,
            (Some(message), _) => {
                problems.push(format!(
                    "{name}: swagger2openapi failed unexpectedly: {message}"
                ));
                continue;
            }
            (None, Some(_)) => {
                problems.push(format!(
                    "{name}: swagger2openapi now converts it; drop it from CONVERTER_FAILURES"
                ));
            }
            (None, None) => {}
        }
        let text = std::fs::read_to_string(path).expect("readable document");
        let ours = match generate(&text) {
            Ok(ours) => ours,
            Err(error) => {
                problems.push(format!("{name}: ours does not generate: {error}"));
                continue;
            }
        };
        let converted =
            std::fs::read_to_string(out.join(format!("{index}.json"))).expect("conversion");
        let mut converted: Value = serde_json::from_str(&converted).expect("JSON conversion");
        let theirs = generate(&converted.to_string());
        if theirs.as_ref() == Ok(&ours) {
            identical += 1;
            continue;
        }
        let mut applied = Vec::new();
        for correction in CORRECTIONS {
            if (correction.apply)(&mut converted) {
                applied.push(correction.name);
            }
        }
        match generate(&converted.to_string()) {
            Ok(theirs) if theirs == ours && !applied.is_empty() => {
                corrected += 1;
                for correction in applied {
                    used.entry(correction).or_default().push(name);
                }
            }
            Ok(theirs) => problems.push(format!(
                "{name}: the clients differ (after {applied:?}) at {}",
                first_difference(&ours, &theirs)
            )),
            Err(error) => {
                problems.push(format!("{name}: the conversion does not generate: {error}"))
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    eprintln!(
        "{} Swagger 2.0 documents: {identical} identical, {corrected} identical after corrections, {} not converted by swagger2openapi{}",
        documents.len(),
        CONVERTER_FAILURES.iter().filter(|(doc, _)| documents.iter().any(|(_, p)| p.ends_with(doc))).count(),
        if large { "" } else { " (SWAGGER_ORACLE_LARGE=1 adds Kubernetes)" }
    );
    for (correction, names) in &used {
        eprintln!("  {correction}: {}", names.join(", "));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if fetched {
        for correction in CORRECTIONS {
            assert!(
                used.contains_key(correction.name),
                "the correction `{}` is needed by no document: remove it",
                correction.name
            );
        }
    }
}

fn https_first(document: &mut Value) -> bool {
    let Some(servers) = document.get_mut("servers").and_then(Value::as_array_mut) else {
        return false;
    };
    let before = servers.clone();
    for server in servers.iter_mut() {
        if let Some(Value::String(url)) = server.get_mut("url") {
            if url.starts_with("//") {
                *url = format!("https:{url}");
            }
        }
    }
    servers.sort_by_key(|server| {
        !server["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("https:"))
    });
    servers.dedup();
    *servers != before
}

/// Every response object of the document: the operations' and the components'.
fn each_response(document: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for operation in item.values_mut() {
                if let Some(responses) = operation
                    .get_mut("responses")
                    .and_then(Value::as_object_mut)
                {
                    responses.values_mut().for_each(&mut *visit);
                }
            }
        }
    }
    if let Some(responses) = document
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        responses.values_mut().for_each(visit);
    }
}

fn no_schema_no_body(document: &mut Value) -> bool {
    let mut changed = false;
    each_response(document, &mut |response| {
        let Some(response) = response.as_object_mut() else {
            return;
        };
        if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            let before = content.len();
            content.retain(|_, media| media.get("schema").is_some());
            changed |= content.len() != before;
            if content.is_empty() {
                response.remove("content");
            }
        }
    });
    changed
}

fn required_form_fields_require_the_body(document: &mut Value) -> bool {
    let mut changed = false;
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return false;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut() {
            let Some(body) = operation
                .get_mut("requestBody")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let form_requires =
                body.get("content")
                    .and_then(Value::as_object)
                    .is_some_and(|content| {
                        ["multipart/form-data", "application/x-www-form-urlencoded"]
                            .iter()
                            .filter_map(|media| content.get(*media))
                            .any(|media| {
                                media
                                    .pointer("/schema/required")
                                    .and_then(Value::as_array)
                                    .is_some_and(|required| !required.is_empty())
                            })
                    });
            if form_requires && body.get("required") != Some(&Value::Bool(true)) {
                body.insert("required".to_owned(), Value::Bool(true));
                changed = true;
            }
        }
    }
    changed
}
