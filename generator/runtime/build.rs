//! Turns on every `uses = "..."` marker of the runtime's files, so that the workspace
//! compiles, lints and tests all of it; the generator keeps only the marked items a
//! document needs (generator/src/emit/embedded.rs). The markers are read off the files
//! themselves, so a new one needs no list kept here.

use std::collections::BTreeSet;
use std::path::Path;

fn main() {
    let mut flags = BTreeSet::new();
    collect(Path::new("src"), &mut flags);
    let values: Vec<String> = flags.iter().map(|flag| format!("\"{flag}\"")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(uses, values({}))",
        values.join(", ")
    );
    for flag in &flags {
        println!("cargo::rustc-cfg=uses=\"{flag}\"");
    }
    println!("cargo::rerun-if-changed=src");
}

/// Every `uses = "name"` in the `.rs` files under `dir`.
fn collect(dir: &Path, flags: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, flags);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for rest in text.split("uses = \"").skip(1) {
                if let Some((flag, _)) = rest.split_once('"') {
                    flags.insert(flag.to_owned());
                }
            }
        }
    }
}
