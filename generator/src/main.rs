//! The command line: `openapi-client-gen generate <spec> --out <dir> [--check]`.

use clap::{Parser, Subcommand};
use openapi_client_gen::{output, Config};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "Generates typed, validated async Rust clients from OpenAPI 3.0 and 3.1 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates the client for a document (YAML or JSON) into a folder.
    Generate {
        /// The OpenAPI document.
        spec: PathBuf,
        /// The folder to write into; files are replaced only when their contents change.
        #[arg(long)]
        out: PathBuf,
        /// Writes nothing; exits with status 1, naming each file, when what is on disk
        /// differs from what would be generated.
        #[arg(long)]
        check: bool,
        /// The generated file's name (default: the document's file stem with `.rs`).
        #[arg(long, conflicts_with = "crate_name")]
        file_name: Option<String>,
        /// Writes a complete crate with this name (Cargo.toml and src/lib.rs) into --out.
        #[arg(long = "crate", value_name = "NAME")]
        crate_name: Option<String>,
        /// Emits every component schema, also those no operation uses (by default only the
        /// types the operations reach).
        #[arg(long)]
        all_types: bool,
    },
}

fn main() -> ExitCode {
    let Command::Generate {
        spec,
        out,
        check,
        file_name,
        crate_name,
        all_types,
    } = Cli::parse().command;
    let mut config = Config::new().all_types(all_types);
    if let Some(name) = file_name {
        config = config.file_name(name);
    }
    if let Some(name) = crate_name {
        config = config.crate_name(name);
    }
    let generated = match config.generate_file(&spec) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    if check {
        let stale = output::check_files(&out, &generated.files);
        for file in &stale {
            let state = if file.missing {
                "missing"
            } else {
                "out of date"
            };
            eprintln!(
                "{}: {state}; regenerate with `openapi-client-gen generate {} --out {}`",
                file.path.display(),
                spec.display(),
                out.display()
            );
        }
        return if stale.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match output::write_files(&out, &generated.files) {
        Ok(written) => {
            for path in written {
                eprintln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "{}: cannot write the generated files: {error}",
                out.display()
            );
            ExitCode::from(2)
        }
    }
}
