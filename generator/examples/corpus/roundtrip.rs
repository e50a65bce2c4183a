//! The semantic round trip (`--round-trip N`): for each of N documents, the crate is
//! generated with every type and both serde directions, and an independent instance
//! generator (json-schema-faker) makes values of its component schemas, kept only when an
//! independent validator (ajv) accepts them. Each value is decoded into the schema's
//! generated type (found through the generator's type map, not by guessing names),
//! encoded again, and the result must still be valid and equal to the input (date-times
//! compared as instants). The oracles are the Node script `round-trip/oracles.mjs`, with
//! its dependencies pinned in `round-trip/package-lock.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PACKAGE: &str = include_str!("round-trip/package.json");
const LOCK: &str = include_str!("round-trip/package-lock.json");
const ORACLES: &str = include_str!("round-trip/oracles.mjs");

/// How much of each document is tried.
pub struct Limits {
    /// Instances made per schema.
    pub instances: usize,
    /// Schemas tried per document, evenly spread over its components.
    pub schemas: usize,
}

/// What one document's round trip found.
#[derive(Default)]
pub struct DocumentTrip {
    pub name: String,
    /// Why it could not be tried, if it could not.
    pub skipped: Option<String>,
    pub schemas: u64,
    /// Schemas the validator could not compile (references outside the schemas).
    pub unusable: u64,
    /// Instances the faker made that the validator refused, so not used.
    pub rejected: u64,
    pub instances: u64,
    pub decoded: u64,
    pub valid: u64,
    pub equal: u64,
    /// Failure cause -> (count, one example as JSON).
    pub causes: BTreeMap<String, (u64, String)>,
}

/// Runs the round trip over `documents` (name, path) in `work/round-trip`.
pub fn run(
    work: &Path,
    documents: &[(String, PathBuf)],
    limits: &Limits,
) -> Result<Vec<DocumentTrip>, String> {
    // Absolute: cargo resolves its target folder from the folder it runs in.
    let work = &std::fs::canonicalize(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let root = work.join("round-trip");
    let oracles = install_oracles(&root)?;
    let crates = root.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;

    let mut trips = Vec::new();
    let mut members = Vec::new();
    for (index, (name, path)) in documents.iter().enumerate() {
        let mut trip = DocumentTrip {
            name: name.clone(),
            ..DocumentTrip::default()
        };
        eprintln!("round trip: preparing {name} …");
        match prepare(index, path, &crates, &oracles, limits, &mut trip) {
            Ok(Some(member)) => members.push(member),
            Ok(None) => {}
            Err(reason) => trip.skipped = Some(reason),
        }
        trips.push(trip);
    }
    if members.is_empty() {
        return Ok(trips);
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members
            .iter()
            .map(|(_, dir)| format!("    \"crates/{dir}\",\n"))
            .collect::<String>()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    eprintln!("round trip: building {} harnesses …", members.len());
    let target = work.join("round-trip-target");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "build",
            "--workspace",
            "--examples",
            "--keep-going",
            "--quiet",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        eprintln!("round trip: some harnesses did not build (counted per document)");
    }
    for (index, dir) in &members {
        let trip = &mut trips[*index];
        let crate_dir = crates.join(dir);
        let binary = target
            .join("debug")
            .join("examples")
            .join(format!("round_trip_{index}"));
        if !binary.exists() {
            trip.skipped = Some("the generated crate or its harness did not build".to_owned());
            continue;
        }
        let cases = crate_dir.join("cases.jsonl");
        let results = crate_dir.join("results.jsonl");
        let input = std::fs::File::open(&cases).map_err(|e| e.to_string())?;
        let output = std::fs::File::create(&results).map_err(|e| e.to_string())?;
        let status = Command::new(&binary)
            .stdin(input)
            .stdout(output)
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        if !status.success() {
            trip.skipped = Some(format!("the harness crashed ({status})"));
            continue;
        }
        let summary = node(
            &oracles,
            &[
                "check",
                &documents[*index].1.display().to_string(),
                &cases.display().to_string(),
                &results.display().to_string(),
            ],
        )?;
        let number = |key: &str| summary[key].as_u64().unwrap_or(0);
        trip.instances = number("instances");
        trip.decoded = number("decoded");
        trip.valid = number("valid");
        trip.equal = number("equal");
        if let Some(causes) = summary["causes"].as_object() {
            for (cause, found) in causes {
                let example = found["example"].to_string();
                trip.causes.insert(
                    cause.clone(),
                    (found["count"].as_u64().unwrap_or(0), example),
                );
            }
        }
    }
    Ok(trips)
}

/// Generates one document's crate and its cases; the workspace member (document index,
/// folder name) when there is something to run.
fn prepare(
    index: usize,
    path: &Path,
    crates: &Path,
    oracles: &Path,
    limits: &Limits,
    trip: &mut DocumentTrip,
) -> Result<Option<(usize, String)>, String> {
    let dir_name = format!("rt-{index:03}");
    let crate_dir = crates.join(&dir_name);
    let generated = openapi_client_gen::Config::new()
        .crate_name(dir_name.as_str())
        .all_types(true)
        .round_trip(true)
        .rustfmt(false)
        .generate_file(path)
        .map_err(|e| format!("not generated: {}", first_line(&e.to_string())))?;
    openapi_client_gen::output::write_files(&crate_dir, &generated.files)
        .map_err(|e| format!("{}: {e}", crate_dir.display()))?;
    let map_path = crate_dir.join("type-map.json");
    let map = serde_json::to_string(&generated.type_map).map_err(|e| e.to_string())?;
    std::fs::write(&map_path, map).map_err(|e| e.to_string())?;
    let cases = crate_dir.join("cases.jsonl");
    let summary = node(
        oracles,
        &[
            "fake",
            &path.display().to_string(),
            &map_path.display().to_string(),
            &cases.display().to_string(),
            &limits.instances.to_string(),
            &limits.schemas.to_string(),
        ],
    )?;
    let number = |key: &str| summary[key].as_u64().unwrap_or(0);
    trip.schemas = number("schemas");
    trip.unusable = number("unusable");
    trip.rejected = number("rejected");
    let text = std::fs::read_to_string(&cases).map_err(|e| e.to_string())?;
    let mut types: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|case| case["type"].as_str().map(str::to_owned))
        .collect();
    types.sort();
    types.dedup();
    if types.is_empty() {
        trip.skipped = Some("no valid instance was made".to_owned());
        return Ok(None);
    }
    let examples = crate_dir.join("examples");
    std::fs::create_dir_all(&examples).map_err(|e| e.to_string())?;
    std::fs::write(
        examples.join(format!("round_trip_{index}.rs")),
        harness(&dir_name.replace('-', "_"), &types),
    )
    .map_err(|e| e.to_string())?;
    Ok(Some((index, dir_name)))
}

/// The harness binary: reads cases (`{"type", "value"}` lines), decodes each value's JSON
/// text into its type as a client decodes a body, and writes `{"output"}` or `{"error"}`.
fn harness(crate_ident: &str, types: &[String]) -> String {
    let mut arms = String::new();
    for ty in types {
        let _ = writeln!(
            arms,
            "            {ty:?} => round::<{crate_ident}::{ty}>(&text),"
        );
    }
    format!(
        r#"//! Written by the corpus round trip: decodes each case into its generated type and
//! encodes it again.

use std::io::{{BufRead, Write}};

fn round<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<serde_json::Value, String> {{
    let decoded: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(&decoded).map_err(|e| e.to_string())
}}

fn main() {{
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {{
        let Ok(line) = line else {{ break }};
        let case: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        let text = case["value"].to_string();
        let result = match case["type"].as_str().unwrap_or_default() {{
{arms}            other => Err(format!("no type {{other}}")),
        }};
        let line = match result {{
            Ok(output) => serde_json::json!({{"output": output}}),
            Err(error) => serde_json::json!({{"error": error}}),
        }};
        if writeln!(out, "{{line}}").is_err() {{
            break;
        }}
    }}
}}
"#
    )
}

/// Installs the oracles' pinned dependencies (once, or when the lock file changed).
fn install_oracles(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("oracles");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let installed_lock = std::fs::read_to_string(dir.join("package-lock.json")).ok();
    std::fs::write(dir.join("package.json"), PACKAGE).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("oracles.mjs"), ORACLES).map_err(|e| e.to_string())?;
    if installed_lock.as_deref() != Some(LOCK) || !dir.join("node_modules").exists() {
        std::fs::write(dir.join("package-lock.json"), LOCK).map_err(|e| e.to_string())?;
        eprintln!("round trip: installing the oracles (json-schema-faker, ajv) …");
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "npm ci for the round-trip oracles failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    Ok(dir)
}

/// Runs the oracle script (from the current folder, as the paths given are; its imports
/// resolve next to the script); its one line of output, as JSON.
fn node(oracles: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let output = Command::new("node")
        .arg(oracles.join("oracles.mjs"))
        .args(args)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "oracles.mjs {} failed: {}",
            args[0],
            first_line(&String::from_utf8_lossy(&output.stderr))
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("oracles.mjs {}: unreadable summary: {e}", args[0]))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// The report section: totals, a row per document, and failures by cause.
pub fn report(trips: &[DocumentTrip], limits: &Limits) -> String {
    let sum = |f: fn(&DocumentTrip) -> u64| trips.iter().map(f).sum::<u64>();
    let instances = sum(|t| t.instances);
    let share = |n: u64| {
        if instances == 0 {
            "—".to_owned()
        } else {
            format!("{:.2}%", n as f64 * 100.0 / instances as f64)
        }
    };
    let tried = trips.iter().filter(|t| t.skipped.is_none()).count();
    let mut out = String::new();
    let _ = writeln!(out, "## Round trip\n");
    let _ = writeln!(
        out,
        "Each document generated with `--all-types --round-trip`; for up to {} component schemas of each, {} instances made by json-schema-faker and kept when ajv accepts them; each decoded into its generated type (found through `--type-map`), encoded again, validated by ajv and compared with the input (date-times as instants). {tried} of {} documents tried.\n",
        limits.schemas,
        limits.instances,
        trips.len()
    );
    let _ = writeln!(out, "| | instances | share |\n|---|---:|---:|");
    let _ = writeln!(out, "| valid instances | {instances} | 100% |");
    let decoded = sum(|t| t.decoded);
    let valid = sum(|t| t.valid);
    let equal = sum(|t| t.equal);
    let _ = writeln!(out, "| decoded | {decoded} | {} |", share(decoded));
    let _ = writeln!(out, "| re-encoded valid | {valid} | {} |", share(valid));
    let _ = writeln!(out, "| equal to the input | {equal} | {} |", share(equal));
    let _ = writeln!(
        out,
        "\nNot used: {} instances the faker made that ajv refused; {} schemas ajv could not compile (references outside the schemas).\n",
        sum(|t| t.rejected),
        sum(|t| t.unusable)
    );
    let mut causes: BTreeMap<&str, (u64, &str, &str)> = BTreeMap::new();
    for trip in trips {
        for (cause, (count, example)) in &trip.causes {
            let entry = causes
                .entry(cause)
                .or_insert((0, example.as_str(), trip.name.as_str()));
            entry.0 += count;
        }
    }
    let _ = writeln!(out, "### Failures by cause\n");
    if causes.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let mut sorted: Vec<_> = causes.into_iter().collect();
        sorted.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "| cause | instances | example |\n|---|---:|---|");
        for (cause, (count, example, document)) in sorted {
            let example: String = example.chars().take(300).collect();
            let _ = writeln!(
                out,
                "| {} | {count} | `{document}`: `{}` |",
                cause.replace('|', "\\|"),
                example.replace('|', "\\|").replace('`', "'")
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### Per document\n");
    let _ = writeln!(
        out,
        "| document | schemas | instances | decoded | re-encoded valid | equal | note |\n|---|---:|---:|---:|---:|---:|---|"
    );
    for trip in trips {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            trip.name,
            trip.schemas,
            trip.instances,
            trip.decoded,
            trip.valid,
            trip.equal,
            trip.skipped.as_deref().unwrap_or("").replace('|', "\\|")
        );
    }
    out
}

/// Whether the round trip meets its target: at least 99.9% of valid instances equal after
/// the trip, and none that fails to decode.
pub fn meets_target(trips: &[DocumentTrip]) -> Result<(), String> {
    let instances: u64 = trips.iter().map(|t| t.instances).sum();
    let decoded: u64 = trips.iter().map(|t| t.decoded).sum();
    let equal: u64 = trips.iter().map(|t| t.equal).sum();
    if decoded < instances || (equal as f64) < 0.999 * instances as f64 {
        return Err(format!(
            "round trip: {decoded} of {instances} valid instances decoded, {equal} equal after the trip (target: all decoded, 99.9% equal)"
        ));
    }
    Ok(())
}
