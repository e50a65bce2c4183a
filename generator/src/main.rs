//! The command line: `openapi-client-gen generate <spec> --out <dir> [--check]`.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod command_line;

use command_line::{Command, Format, Generate};
use openapi_client_gen::{output, Config, Selector};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match command_line::parse(std::env::args_os().skip(1)) {
        Ok(Command::Generate(options)) => generate(options),
        Ok(Command::Lint(options)) => lint(&options.spec, options.deny_warnings, options.format),
        Ok(Command::Print(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: {}\n\nUsage: {}\n\nFor more information, try '--help'.",
                error.message, error.usage
            );
            ExitCode::from(2)
        }
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

fn generate(options: Generate) -> ExitCode {
    let Generate {
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
    } = options;
    let selectors = (tags.into_iter().map(Selector::Tag))
        .chain(operation_ids.into_iter().map(Selector::OperationId))
        .chain(path_prefixes.into_iter().map(Selector::PathPrefix));
    let mut config = selectors.fold(
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
