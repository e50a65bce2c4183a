//! The command line's arguments: what `main.rs` runs, read from `std::env::args_os`. A
//! module of the binary, not of the library.
//!
//! Read with lexopt, which only splits the arguments (`--out dir`, `--out=dir`, `--`), with
//! the help written here, rather than with clap's derive. Measured when it was replaced
//! (BENCHMARKS.md §9): clap was 0.26 MB of the binary's 4.21 MB of code, nearly all of it
//! resident on a small document (the Kirim spec's peak, an issue #13 target, 7.04 -> 6.74
//! MiB), and four crates, one a proc macro, that every `build.rs` user of the library
//! compiled for a command line they do not run (a clean build of the library 23 -> 20 s).

use lexopt::prelude::*;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;

/// What the command line asks for.
pub enum Command {
    Generate(Generate),
    Lint(Lint),
    /// Help or the version: printed to stdout, and the process succeeds.
    Print(String),
}

/// `generate`: its options, as given.
#[derive(Default)]
pub struct Generate {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub check: bool,
    pub file_name: Option<String>,
    pub crate_name: Option<String>,
    pub all_types: bool,
    pub round_trip: bool,
    pub type_map: Option<PathBuf>,
    pub tags: Vec<String>,
    pub operation_ids: Vec<String>,
    pub path_prefixes: Vec<String>,
    pub no_features: bool,
    pub no_webhooks: bool,
    pub metadata: bool,
    pub tracing: bool,
    pub middleware: bool,
    pub mock: bool,
    pub no_rustfmt: bool,
}

/// `lint`: its options, as given.
pub struct Lint {
    pub spec: PathBuf,
    pub deny_warnings: bool,
    pub format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Text,
    Json,
}

/// A command line that cannot be run: what is wrong, and the usage line of the command it
/// was for (printed with it, as the answer to a mistake).
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub usage: &'static str,
}

const ABOUT: &str = "Generates typed, validated async Rust clients from OpenAPI 3.0 and 3.1 (and Swagger 2.0) documents";
const USAGE: &str = "openapi-client-gen <COMMAND>";
const GENERATE_USAGE: &str = "openapi-client-gen generate <SPEC> --out <DIR> [OPTIONS]";
const LINT_USAGE: &str = "openapi-client-gen lint <SPEC> [--deny-warnings] [--format <FORMAT>]";

const GENERATE_ABOUT: &str = "Generates the client for a document (YAML or JSON) into a folder.";
const LINT_ABOUT: &str =
    "Checks a document without generating: everything `generate` reports, plus \
    examples that do not fit their schemas, unused components, parameters that can never be sent \
    and patterns only ECMA-262's legacy syntax accepts. Exits 2 on errors, 1 on warnings with \
    --deny-warnings, 0 otherwise.";

/// Each option of `generate`: its name, the name of its value (none for a flag) and its help.
/// The help is made from this table; that `generate` reads each name in it, a test checks.
const GENERATE_OPTIONS: &[(&str, Option<&str>, &str)] = &[
    ("out", Some("DIR"), "The folder to write into; files are replaced only when their contents change."),
    ("check", None, "Writes nothing; exits with status 1, naming each file, when what is on disk differs from what would be generated."),
    ("file-name", Some("NAME"), "The generated file's name (default: the document's file stem with `.rs`)."),
    ("crate", Some("NAME"), "Writes a complete crate with this name (Cargo.toml and src/lib.rs) into --out."),
    ("all-types", None, "Emits every component schema, also those no operation uses (by default only the types the operations reach)."),
    ("round-trip", None, "Every model implements both `Serialize` and `Deserialize` (by default only the direction its operations use it in)."),
    ("type-map", Some("FILE"), "Also writes, as JSON, the Rust type of each component schema by JSON pointer (`{\"#/components/schemas/Pet\": \"models::Pet\"}`), for tools that test the types."),
    ("tag", Some("TAG"), "Keeps only the operations with this tag (repeatable; with several selections, an operation any of them names is kept)."),
    ("operation", Some("ID"), "Keeps only the operation with this operationId (repeatable)."),
    ("path-prefix", Some("PATH"), "Keeps only the operations at or below this path (`/repos` keeps `/repos/{owner}`; repeatable)."),
    ("no-features", None, "With --crate: no Cargo feature per tag (by default each tag is a feature, all on)."),
    ("no-webhooks", None, "No `webhooks` module, even where the document describes webhooks (a selection of operations leaves them out too)."),
    ("metadata", None, "`<operation>_with_response` (each success with its status, headers and request id), under the including crate's `metadata` feature (a --crate always has that feature, off by default)."),
    ("tracing", None, "Each call a `tracing` span, under the including crate's `tracing` feature (a --crate always has that feature, off by default)."),
    ("middleware", None, "`Client::with_middleware_client` (a `reqwest_middleware` stack), under the including crate's `middleware` feature (a --crate always has that feature, off by default)."),
    ("mock", None, "A `mock` module (a typed mock server for tests), under the including crate's `mock` feature (a --crate always has that feature, off by default)."),
    ("no-rustfmt", None, "Leaves the output in prettyplease's layout, as `build.rs` generation does (faster; by default the output is rustfmt's layout, for code that is vendored)."),
    ("help", None, "Prints this help."),
];

const LINT_OPTIONS: &[(&str, Option<&str>, &str)] = &[
    ("deny-warnings", None, "Fails (exit 1) on warnings too."),
    (
        "format",
        Some("FORMAT"),
        "`text` for people (each finding with its source line), `json` for tools [default: text].",
    ),
    ("help", None, "Prints this help."),
];

/// What went wrong reading a command's arguments: lexopt's errors and ours, as text.
type Failure = Box<dyn std::error::Error>;

/// Reads the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let mut parser = lexopt::Parser::from_args(args);
    let first = match parser.next() {
        Ok(Some(Value(command))) => command,
        Ok(Some(Short('h') | Long("help"))) => return Ok(Command::Print(main_help())),
        Ok(Some(Short('V') | Long("version"))) => {
            let version = concat!("openapi-client-gen ", env!("CARGO_PKG_VERSION"), "\n");
            return Ok(Command::Print(version.into()));
        }
        Ok(None) => {
            return Err(usage_error(
                USAGE,
                "no command given (`generate` or `lint`)",
            ))
        }
        Ok(Some(other)) => return Err(usage_error(USAGE, other.unexpected())),
        Err(error) => return Err(usage_error(USAGE, error)),
    };
    match first.to_string_lossy().as_ref() {
        "generate" => generate(&mut parser).map_err(|e| usage_error(GENERATE_USAGE, e)),
        "lint" => lint(&mut parser).map_err(|e| usage_error(LINT_USAGE, e)),
        "help" => Ok(Command::Print(match parser.next() {
            Ok(Some(Value(topic))) if topic == "generate" => generate_help(),
            Ok(Some(Value(topic))) if topic == "lint" => lint_help(),
            _ => main_help(),
        })),
        other => Err(usage_error(
            USAGE,
            format!("unknown command `{other}` (expected `generate` or `lint`)"),
        )),
    }
}

fn usage_error(usage: &'static str, error: impl ToString) -> Error {
    Error {
        message: error.to_string(),
        usage,
    }
}

fn generate(parser: &mut lexopt::Parser) -> Result<Command, Failure> {
    let mut options = Generate::default();
    let (mut spec, mut out) = (None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Print(generate_help())),
            Long("out") => once(&mut out, parser.value()?.into(), "--out")?,
            Long("check") => options.check = true,
            Long("file-name") => once(
                &mut options.file_name,
                parser.value()?.string()?,
                "--file-name",
            )?,
            Long("crate") => once(
                &mut options.crate_name,
                parser.value()?.string()?,
                "--crate",
            )?,
            Long("all-types") => options.all_types = true,
            Long("round-trip") => options.round_trip = true,
            Long("type-map") => once(&mut options.type_map, parser.value()?.into(), "--type-map")?,
            Long("tag") => options.tags.push(parser.value()?.string()?),
            Long("operation") => options.operation_ids.push(parser.value()?.string()?),
            Long("path-prefix") => options.path_prefixes.push(parser.value()?.string()?),
            Long("no-features") => options.no_features = true,
            Long("no-webhooks") => options.no_webhooks = true,
            Long("metadata") => options.metadata = true,
            Long("tracing") => options.tracing = true,
            Long("middleware") => options.middleware = true,
            Long("mock") => options.mock = true,
            Long("no-rustfmt") => options.no_rustfmt = true,
            Value(path) if spec.is_none() => spec = Some(PathBuf::from(path)),
            other => return Err(other.unexpected().into()),
        }
    }
    options.spec = spec.ok_or("missing the OpenAPI document (<SPEC>)")?;
    options.out = out.ok_or("missing --out <DIR>, the folder to write into")?;
    if options.crate_name.is_some() && options.file_name.is_some() {
        return Err(
            "--crate and --file-name cannot be used together (a crate's files have fixed names)"
                .into(),
        );
    }
    if options.no_features && options.crate_name.is_none() {
        return Err("--no-features needs --crate (only a crate has features)".into());
    }
    Ok(Command::Generate(options))
}

fn lint(parser: &mut lexopt::Parser) -> Result<Command, Failure> {
    let (mut spec, mut deny_warnings, mut format) = (None, false, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Print(lint_help())),
            Long("deny-warnings") => deny_warnings = true,
            Long("format") => {
                let chosen = match parser.value()?.to_string_lossy().as_ref() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "invalid value `{other}` for --format (expected `text` or `json`)"
                        )
                        .into())
                    }
                };
                once(&mut format, chosen, "--format")?;
            }
            Value(path) if spec.is_none() => spec = Some(PathBuf::from(path)),
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(Command::Lint(Lint {
        spec: spec.ok_or("missing the OpenAPI document (<SPEC>)")?,
        deny_warnings,
        format: format.unwrap_or(Format::Text),
    }))
}

/// Sets an option that may be given once.
fn once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), Failure> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(format!("{name} given twice").into()),
    }
}

fn main_help() -> String {
    let mut help = String::new();
    wrap(&mut help, ABOUT, 0);
    let _ = write!(help, "\nUsage: {USAGE}\n\nCommands:\n");
    for (name, about) in [
        ("generate", GENERATE_ABOUT),
        ("lint", LINT_ABOUT),
        (
            "help",
            "Prints this help, or a command's (`help generate`).",
        ),
    ] {
        entry(&mut help, name, about, 13);
    }
    help.push_str("\nOptions:\n");
    entry(&mut help, "-h, --help", "Prints this help.", 13);
    entry(&mut help, "-V, --version", "Prints the version.", 13);
    help
}

fn generate_help() -> String {
    command_help(GENERATE_ABOUT, GENERATE_USAGE, GENERATE_OPTIONS)
}

fn lint_help() -> String {
    command_help(LINT_ABOUT, LINT_USAGE, LINT_OPTIONS)
}

fn command_help(about: &str, usage: &str, options: &[(&str, Option<&str>, &str)]) -> String {
    let mut help = String::new();
    wrap(&mut help, about, 0);
    let _ = write!(help, "\nUsage: {usage}\n\nArguments:\n");
    entry(
        &mut help,
        "<SPEC>",
        "The OpenAPI document (YAML or JSON).",
        24,
    );
    help.push_str("\nOptions:\n");
    for (name, value, about) in options {
        let name = match value {
            Some(value) => format!("--{name} <{value}>"),
            None => format!("--{name}"),
        };
        entry(&mut help, &name, about, 24);
    }
    help
}

/// One line of a help's list: the name in a column `width` wide, the text after it wrapped
/// at 100 columns.
fn entry(help: &mut String, name: &str, text: &str, width: usize) {
    let indent = 2 + width + 2;
    if name.len() > width {
        let _ = write!(help, "  {name}\n{:indent$}", "");
    } else {
        let _ = write!(help, "  {name:<width$}  ");
    }
    wrap(help, text, indent);
}

/// `text`'s words from the current column (`indent`), wrapped at 100 columns with the next
/// lines indented as much.
fn wrap(help: &mut String, text: &str, indent: usize) {
    let mut column = indent;
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 && column + 1 + word.len() > 100 {
            help.push('\n');
            help.push_str(&" ".repeat(indent));
            column = indent;
        } else if index > 0 {
            help.push(' ');
            column += 1;
        }
        help.push_str(word);
        column += word.len();
    }
    help.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(line: &str) -> Result<Command, Error> {
        parse(line.split_whitespace().map(OsString::from))
    }

    fn generate_of(line: &str) -> Generate {
        match parse_words(line) {
            Ok(Command::Generate(options)) => options,
            Ok(_) => panic!("{line}: not `generate`"),
            Err(error) => panic!("{line}: {}", error.message),
        }
    }

    fn error_of(line: &str) -> Error {
        match parse_words(line) {
            Err(error) => error,
            Ok(_) => panic!("{line}: accepted"),
        }
    }

    #[test]
    fn generate_reads_every_option_in_any_order() {
        let options = generate_of(
            "generate --out=out --crate kirim spec.yaml --all-types --round-trip --type-map t.json \
             --tag a --tag b --operation op --path-prefix /repos --no-features --no-webhooks \
             --metadata --tracing --middleware --mock --no-rustfmt --check",
        );
        assert_eq!(options.spec, PathBuf::from("spec.yaml"));
        assert_eq!(options.out, PathBuf::from("out"));
        assert_eq!(options.crate_name.as_deref(), Some("kirim"));
        assert_eq!(options.type_map, Some(PathBuf::from("t.json")));
        assert_eq!(options.tags, ["a", "b"]);
        assert_eq!(options.operation_ids, ["op"]);
        assert_eq!(options.path_prefixes, ["/repos"]);
        assert!(options.check && options.all_types && options.round_trip && options.no_features);
        assert!(options.no_webhooks && options.metadata && options.tracing);
        assert!(options.middleware && options.mock && options.no_rustfmt);
        let plain = generate_of("generate spec.yaml --out out --file-name x.rs");
        assert_eq!(plain.file_name.as_deref(), Some("x.rs"));
        assert!(!plain.check && !plain.metadata && plain.tags.is_empty());
    }

    #[test]
    fn every_option_in_the_help_is_read() {
        let help = generate_help();
        for (name, value, _) in GENERATE_OPTIONS {
            assert!(help.contains(&format!("--{name}")), "{name}: {help}");
            if *name == "help" {
                continue;
            }
            // Every listed option is read (a value where the table names one) ...
            let given = match value {
                Some(_) => format!("--{name} v"),
                None => format!("--{name}"),
            };
            // --no-features needs a crate; --file-name cannot have one.
            let line = match *name {
                "out" => format!("generate spec.yaml {given}"),
                "crate" | "file-name" => format!("generate spec.yaml --out out {given}"),
                _ => format!("generate spec.yaml --out out {given} --crate c"),
            };
            generate_of(&line);
        }
        assert!(error_of("generate a.yaml --out o --crate c --file-name f")
            .message
            .contains("cannot be used together"));
        // ... and nothing else is.
        assert!(error_of("generate spec.yaml --out out --bogus")
            .message
            .contains("--bogus"));
        for line in [help, main_help(), lint_help()]
            .iter()
            .flat_map(|h| h.lines())
        {
            assert!(
                line.chars().count() <= 100 && !line.ends_with(' '),
                "{line:?}"
            );
        }
    }

    #[test]
    fn mistakes_are_named_with_the_usage() {
        let missing = error_of("generate spec.yaml");
        assert!(missing.message.contains("--out"), "{}", missing.message);
        assert_eq!(missing.usage, GENERATE_USAGE);
        assert!(error_of("generate --out out").message.contains("<SPEC>"));
        assert!(error_of("generate a.yaml b.yaml --out out")
            .message
            .contains("b.yaml"));
        assert!(error_of("generate a.yaml --out x --out y")
            .message
            .contains("--out given twice"));
        assert!(error_of("generate a.yaml --out").message.contains("--out"));
        assert!(error_of("generate a.yaml --out x --check=yes")
            .message
            .contains("--check"));
        assert!(error_of("generate a.yaml --out x --no-features")
            .message
            .contains("needs --crate"));
        assert!(error_of("bogus")
            .message
            .contains("unknown command `bogus`"));
        assert_eq!(error_of("").usage, USAGE);
        let format = error_of("lint a.yaml --format xml");
        assert!(format.message.contains("`xml`"), "{}", format.message);
        assert_eq!(format.usage, LINT_USAGE);
    }

    #[test]
    fn lint_help_and_version() {
        match parse_words("lint a.yaml --format json --deny-warnings") {
            Ok(Command::Lint(lint)) => {
                assert_eq!(lint.spec, PathBuf::from("a.yaml"));
                assert!(lint.deny_warnings);
                assert_eq!(lint.format, Format::Json);
            }
            _ => panic!("not lint"),
        }
        match parse_words("lint a.yaml") {
            Ok(Command::Lint(lint)) => assert_eq!(lint.format, Format::Text),
            _ => panic!("not lint"),
        }
        for (line, wanted) in [
            (
                "--version",
                concat!("openapi-client-gen ", env!("CARGO_PKG_VERSION")),
            ),
            ("--help", "Usage: openapi-client-gen <COMMAND>"),
            ("help generate", "--path-prefix <PATH>"),
            ("generate --help", "--no-rustfmt"),
            ("lint -h", "--deny-warnings"),
        ] {
            match parse_words(line) {
                Ok(Command::Print(text)) => assert!(text.contains(wanted), "{line}: {text}"),
                _ => panic!("{line}: nothing to print"),
            }
        }
    }
}
