//! Regenerates the client from `spec/conversations.yaml` into `OUT_DIR`.
//!
//! Cargo reruns this script only when the spec changes (`rerun-if-changed`) or when the
//! generator does (it is a build-dependency, so the script is rebuilt with it); a build
//! with neither changed does no generator work. The file is written only when its text
//! changes, so the crate is not recompiled for nothing.

use openapi_client_gen::{output, Config};
use std::path::PathBuf;
use std::process::ExitCode;

const SPEC: &str = "spec/conversations.yaml";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SPEC}");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("OUT_DIR is not set: build.rs must be run by cargo");
        return ExitCode::FAILURE;
    };
    let generated = match Config::new().generate_file(SPEC.as_ref()) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        println!("cargo:warning={warning}");
    }
    if let Err(error) = output::write_files(&out_dir, &generated.files) {
        eprintln!(
            "{}: cannot write the generated client: {error}",
            out_dir.display()
        );
        return ExitCode::FAILURE;
    }
    // Recorded in the build script output file: evidence of when generation ran.
    println!("openapi-client-gen regenerated the client from {SPEC}");
    ExitCode::SUCCESS
}
