//! The command line: `openapi-client-gen generate <spec> --out <dir> [--check]`.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use openapi_client_gen::{output, Config, Selector};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "Generates typed, validated async Rust clients from OpenAPI 3.0 and 3.1 (and Swagger 2.0) documents"
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
        /// Every model implements both `Serialize` and `Deserialize` (by default only the
        /// direction its operations use it in).
        #[arg(long)]
        round_trip: bool,
        /// Also writes, as JSON, the Rust type of each component schema by JSON pointer
        /// (`{"#/components/schemas/Pet": "models::Pet"}`), for tools that test the types.
        #[arg(long, value_name = "FILE")]
        type_map: Option<PathBuf>,
        /// Keeps only the operations with this tag (repeatable; with several selections,
        /// an operation any of them names is kept).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Keeps only the operation with this operationId (repeatable).
        #[arg(long = "operation", value_name = "ID")]
        operation_ids: Vec<String>,
        /// Keeps only the operations at or below this path (`/repos` keeps
        /// `/repos/{owner}`; repeatable).
        #[arg(long = "path-prefix", value_name = "PATH")]
        path_prefixes: Vec<String>,
        /// With --crate: no Cargo feature per tag (by default each tag is a feature, all on).
        #[arg(long, requires = "crate_name")]
        no_features: bool,
        /// No `webhooks` module, even where the document describes webhooks (a selection of
        /// operations leaves them out too).
        #[arg(long)]
        no_webhooks: bool,
        /// `<operation>_with_response` (each success with its status, headers and request
        /// id), under the including crate's `metadata` feature (a --crate always has that
        /// feature, off by default).
        #[arg(long)]
        metadata: bool,
        /// Each call a `tracing` span, under the including crate's `tracing` feature (a
        /// --crate always has that feature, off by default).
        #[arg(long)]
        tracing: bool,
        /// `Client::with_middleware_client` (a `reqwest_middleware` stack), under the
        /// including crate's `middleware` feature (a --crate always has that feature, off
        /// by default).
        #[arg(long)]
        middleware: bool,
        /// A `mock` module (a typed mock server for tests), under the including crate's
        /// `mock` feature (a --crate always has that feature, off by default).
        #[arg(long)]
        mock: bool,
        /// Leaves the output in prettyplease's layout, as `build.rs` generation does
        /// (faster; by default the output is rustfmt's layout, for code that is vendored).
        #[arg(long)]
        no_rustfmt: bool,
    },
    /// Checks a document without generating: everything `generate` reports, plus examples
    /// that do not fit their schemas, unused components, parameters that can never be sent
    /// and patterns only ECMA-262's legacy syntax accepts. Exits 2 on errors, 1 on warnings
    /// with --deny-warnings, 0 otherwise.
    Lint {
        /// The OpenAPI document.
        spec: PathBuf,
        /// Fails (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// `text` for people (each finding with its source line), `json` for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate {
            spec,
            out,
            check,
            file_name,
            crate_name,
            all_types,
            round_trip,
            type_map,
            tags,
            operation_ids,
            path_prefixes,
            no_features,
            no_webhooks,
            metadata,
            tracing,
            middleware,
            mock,
            no_rustfmt,
        } => {
            let selectors = (tags.into_iter().map(Selector::Tag))
                .chain(operation_ids.into_iter().map(Selector::OperationId))
                .chain(path_prefixes.into_iter().map(Selector::PathPrefix));
            let config = selectors.fold(
                Config::new()
                    .all_types(all_types)
                    .round_trip(round_trip)
                    .cargo_features(!no_features)
                    .webhooks(!no_webhooks)
                    .metadata(metadata)
                    .tracing(tracing)
                    .middleware(middleware)
                    .mock(mock)
                    .rustfmt(!no_rustfmt),
                Config::select,
            );
            generate(
                spec,
                Output {
                    out,
                    check,
                    file_name,
                    crate_name,
                    type_map,
                },
                config,
            )
        }
        Command::Lint {
            spec,
            deny_warnings,
            format,
        } => lint(&spec, deny_warnings, format),
    }
}

fn lint(spec: &std::path::Path, deny_warnings: bool, format: Format) -> ExitCode {
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: cannot read: {error}", spec.display());
            return ExitCode::from(2);
        }
    };
    let findings = openapi_client_gen::lint::lint(&text, &spec.display().to_string());
    match format {
        Format::Text => {
            let lines: Vec<&str> = text.lines().collect();
            for finding in &findings {
                println!("{finding}");
                if let Some(source) = finding.position.and_then(|(line, _)| lines.get(line - 1)) {
                    let (line, _) = finding.position.unwrap_or_default();
                    println!("{line:>6} | {source}");
                }
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == openapi_client_gen::diagnostics::Severity::Error)
                .count();
            println!("{errors} errors, {} warnings", findings.len() - errors);
        }
        Format::Json => {
            let entries: Vec<serde_json::Value> = findings
                .iter()
                .map(|finding| {
                    serde_json::json!({
                        "severity": match finding.severity {
                            openapi_client_gen::diagnostics::Severity::Error => "error",
                            openapi_client_gen::diagnostics::Severity::Warning => "warning",
                        },
                        "file": finding.file,
                        "line": finding.position.map(|(line, _)| line),
                        "column": finding.position.map(|(_, column)| column),
                        "pointer": finding.pointer,
                        "message": finding.message,
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(entries));
        }
    }
    if openapi_client_gen::lint::has_errors(&findings) {
        ExitCode::from(2)
    } else if deny_warnings && !findings.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where `generate` writes, and what.
struct Output {
    out: PathBuf,
    check: bool,
    file_name: Option<String>,
    crate_name: Option<String>,
    type_map: Option<PathBuf>,
}

fn generate(spec: PathBuf, output: Output, mut config: Config) -> ExitCode {
    let Output {
        out,
        check,
        file_name,
        crate_name,
        type_map,
    } = output;
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
            match type_map {
                Some(path) => write_type_map(&path, &generated.type_map),
                None => ExitCode::SUCCESS,
            }
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

/// Writes the type map as JSON, replacing the file whole (never half-written).
fn write_type_map(
    path: &std::path::Path,
    map: &std::collections::BTreeMap<String, String>,
) -> ExitCode {
    let (Some(name), dir) = (path.file_name(), path.parent()) else {
        eprintln!("{}: --type-map needs a file name", path.display());
        return ExitCode::from(2);
    };
    let dir = dir
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut text = serde_json::to_string_pretty(map).unwrap_or_default();
    text.push('\n');
    let file = openapi_client_gen::GeneratedFile {
        path: PathBuf::from(name),
        contents: text,
    };
    match output::write_files(dir, &[file]) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}: cannot write the type map: {error}", path.display());
            ExitCode::from(2)
        }
    }
}
