//! A generated crate's Cargo features, each compiled alone: `cargo clippy -D warnings` of
//! the features fixture's crate with no feature, with each feature by itself, and with all
//! (the default). A type one feature needs but another feature's gate holds fails to
//! compile; a helper left unused with a feature off is a warning.

use std::path::Path;
use std::process::Command;

#[test]
fn each_feature_compiles_alone_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-fixture");
    let _ = std::fs::remove_dir_all(&dir);
    let generated = openapi_client_gen::Config::new()
        .crate_name("features-fixture")
        .generate_file(&root.join("tests/fixtures/features.yaml"))
        .expect("the fixture generates");
    openapi_client_gen::output::write_files(&dir, &generated.files).expect("written");
    // Its own workspace (it lies inside ours), and our lock file, so that it builds
    // offline with the dependency versions this workspace has already fetched.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("a manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copied");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let selections: [&[&str]; 5] = [
        &["--no-default-features"],
        &["--no-default-features", "--features", "pets"],
        &["--no-default-features", "--features", "store-orders"],
        &["--no-default-features", "--features", "health"],
        &[],
    ];
    let mut failures = Vec::new();
    for selection in selections {
        let output = Command::new(&cargo)
            .args(["clippy", "--offline", "--quiet"])
            .args(selection)
            .args(["--", "-D", "warnings"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        if !output.status.success() {
            failures.push(format!(
                "{selection:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
