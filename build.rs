//! Regenerates the client from `spec/conversations.yaml` into `OUT_DIR`.
//!
//! Cargo reruns this script only when the spec or a fixture changes (`rerun-if-changed`)
//! or when the generator does (it is a build-dependency, so the script is rebuilt with
//! it); a build with neither changed does no generator work. Files are written only when
//! their text changes, so nothing is recompiled for nothing.
//!
//! The fixture specs under `tests/fixtures/` are generated too, into `OUT_DIR/fixtures/`,
//! so that `tests/fixtures_compile.rs` compiles (and clippy checks) every golden output,
//! not only the Kirim client.

use openapi_client_gen::{output, Config};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SPEC: &str = "spec/conversations.yaml";
const FIXTURES: &str = "tests/fixtures";
/// The fixture generated with the `mock` module, as its snapshot is.
const MOCK_FIXTURE: &str = "tests/fixtures/mocked.yaml";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={FIXTURES}");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("OUT_DIR is not set: build.rs must be run by cargo");
        return ExitCode::FAILURE;
    };
    let mut jobs = vec![(PathBuf::from(SPEC), out_dir.clone())];
    match fixtures() {
        Ok(fixtures) => jobs.extend(
            fixtures
                .into_iter()
                .map(|path| (path, out_dir.join("fixtures"))),
        ),
        Err(error) => {
            eprintln!("{FIXTURES}: {error}");
            return ExitCode::FAILURE;
        }
    }
    for (spec, out) in jobs {
        if let Err(error) = generate(&spec, &out) {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    }
    // Recorded in the build script's output file: evidence of when generation ran.
    println!("openapi-client-gen regenerated the client from {SPEC}");
    ExitCode::SUCCESS
}

fn fixtures() -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(FIXTURES)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "json")
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn generate(spec: &Path, out: &Path) -> Result<(), String> {
    // rustfmt only changes layout, and nobody reads OUT_DIR: skip its cost here.
    // Fixtures are libraries of constructs: keep their types even where no operation uses them.
    // The Kirim client has each opt-in part under the crate's feature of its name:
    // `metadata`, `tracing`, `middleware` and `mock`; the fixtures have the `metadata`
    // twins too, so that their code is compiled (and linted) with the feature and without.
    let generated = Config::new()
        .rustfmt(false)
        .metadata(true)
        .tracing(spec == Path::new(SPEC))
        .middleware(spec == Path::new(SPEC))
        .mock(spec == Path::new(SPEC) || spec == Path::new(MOCK_FIXTURE))
        .all_types(spec != Path::new(SPEC))
        .generate_file(spec)
        .map_err(|error| error.to_string())?;
    if spec == Path::new(SPEC) {
        for warning in &generated.warnings {
            println!("cargo:warning={warning}");
        }
    }
    output::write_files(out, &generated.files)
        .map(|_| ())
        .map_err(|error| {
            format!(
                "{}: cannot write the generated client: {error}",
                out.display()
            )
        })
}
