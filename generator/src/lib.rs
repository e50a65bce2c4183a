//! Generates typed, validated async Rust clients from OpenAPI 3.0 and 3.1 documents, and
//! from Swagger 2.0 ones, converted on load.
//!
//! The pipeline is visible in the modules: [`load`] (text to `openapiv3::OpenAPI`) ->
//! `model` (every decision: names, types, operations) -> `emit` (model to tokens) ->
//! `render` (tokens to formatted text). [`Config`] runs it; [`output`] writes the result.
//!
//! ```no_run
//! let generated = openapi_client_gen::Config::new()
//!     .generate_file("spec/conversations.yaml".as_ref())
//!     .expect("the document is valid");
//! openapi_client_gen::output::write_files("generated".as_ref(), &generated.files)
//!     .expect("the folder is writable");
//! ```

#![forbid(unsafe_code)]

pub mod diagnostics;
mod emit;
pub mod lint;
pub mod load;
mod model;
pub mod output;
mod render;
/// The test helpers shared with the integration tests (a separate crate each).
#[cfg(test)]
#[path = "../tests/support/scratch.rs"]
mod test_support;

pub use diagnostics::{Diagnostic, Severity};
use std::fmt;
use std::path::{Path, PathBuf};

/// What to generate, and how. Build it, then call [`Config::generate`] or
/// [`Config::generate_file`]; the same configuration serves `build.rs`, the CLI and tests.
#[derive(Debug, Clone, Default)]
pub struct Config {
    file_name: Option<String>,
    crate_name: Option<String>,
    skip_rustfmt: bool,
    all_types: bool,
    round_trip: bool,
    selectors: Vec<Selector>,
    no_cargo_features: bool,
    no_webhooks: bool,
    extras: model::Extras,
}

pub use model::select::Selector;

impl Config {
    /// The default configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Generates a complete crate named `name` instead of one module file: `Cargo.toml`
    /// with exactly the dependencies the code uses, and `src/lib.rs`. Its models and
    /// operations' own types implement `PartialEq` under its `eq` feature, off by default
    /// (a module file's always do).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Keeps only the operations `selector` matches (with several selectors, those any of
    /// them matches), and the types they reach: for a program that calls a few operations
    /// of a large API. A selector that matches no operation makes generation fail.
    ///
    /// ```no_run
    /// use openapi_client_gen::{Config, Selector};
    /// let config = Config::new()
    ///     .select(Selector::Tag("issues".into()))
    ///     .select(Selector::OperationId("repos/get".into()))
    ///     .select(Selector::PathPrefix("/gists".into()));
    /// ```
    pub fn select(mut self, selector: Selector) -> Self {
        self.selectors.push(selector);
        self
    }

    /// Whether a crate (see [`Config::crate_name`]) gets one Cargo feature per tag (or per
    /// first path segment, for operations without tags), all on by default, so that its
    /// users compile only the operations they turn on and the types those reach. On by
    /// default; a document with fewer than two groups of operations gets none.
    pub fn cargo_features(mut self, enabled: bool) -> Self {
        self.no_cargo_features = !enabled;
        self
    }

    /// Whether the document's webhooks (3.1 `webhooks`, `x-webhooks`) become a `webhooks`
    /// module of their payloads and an `Event` enum to decode them (in a crate, behind a
    /// `webhooks` feature that is off by default). On by default; a selection of
    /// operations ([`Config::select`]) leaves them out too. Off, a large document's
    /// generation is cheaper: GitHub's 270 payloads are a third of its output.
    pub fn webhooks(mut self, enabled: bool) -> Self {
        self.no_webhooks = !enabled;
        self
    }

    /// Whether each call is a `tracing` span (named after the operation, with its method,
    /// path template, attempt, status, request id and time taken) with an event for each
    /// retry, compiled under the `tracing` Cargo feature of the crate the code is in. A
    /// crate ([`Config::crate_name`]) always has that feature, off by default; a module
    /// file has the spans only when this is on (the crate that includes it declares
    /// `tracing = ["dep:tracing"]` and an optional `tracing` dependency). Off by default.
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.extras.tracing = enabled;
        self
    }

    /// Whether every operation read whole also has `<operation>_with_response`, which
    /// returns the success with its status, headers and request id (`Response`, and a
    /// struct of the headers the document declares for it), compiled under the `metadata`
    /// Cargo feature of the crate the code is in: as with [`Config::tracing`], a crate
    /// always has the feature, off by default, and a module file has the methods only when
    /// this is on (its crate declares `metadata = []`). Without the feature each plain
    /// method is the call itself, as cheap to compile as before the twins existed. Off by
    /// default.
    pub fn metadata(mut self, enabled: bool) -> Self {
        self.extras.metadata = enabled;
        self
    }

    /// Whether the client can send through a `reqwest_middleware::ClientWithMiddleware`
    /// (`Client::with_middleware_client`), compiled under the `middleware` Cargo feature of
    /// the crate the code is in: as with [`Config::tracing`], a crate always has the
    /// feature, off by default, and a module file has the method only when this is on (its
    /// crate declares `middleware = ["dep:reqwest-middleware"]` and the optional
    /// dependency). Off by default.
    pub fn middleware(mut self, enabled: bool) -> Self {
        self.extras.middleware = enabled;
        self
    }

    /// Whether to emit a `mock` module for users' tests: a `MockServer` on wiremock with
    /// one typed method per operation, and `Serialize` for the types it answers with,
    /// compiled under the `mock` Cargo feature of the crate the code is in: as with
    /// [`Config::tracing`], a crate always has the feature, off by default, and a module
    /// file has the module only when this is on (its crate declares
    /// `mock = ["dep:wiremock"]` and the optional dependency). Off by default.
    pub fn mock(mut self, enabled: bool) -> Self {
        self.extras.mock = enabled;
        self
    }

    /// Whether to emit every component schema, even those no operation uses. By default
    /// only the types the operations reach are emitted (all of them when the document has
    /// no operations); names are the same either way.
    pub fn all_types(mut self, enabled: bool) -> Self {
        self.all_types = enabled;
        self
    }

    /// Whether every model implements both `serde::Serialize` and `serde::Deserialize`.
    /// By default a type implements the direction its operations use it in (`Serialize`
    /// for what is sent, `Deserialize` for what is received, both for what is both),
    /// which keeps a large client's compile time and memory down; turn this on to store
    /// responses as JSON, or read request bodies from it.
    pub fn round_trip(mut self, enabled: bool) -> Self {
        self.round_trip = enabled;
        self
    }

    /// Whether to give the output rustfmt's exact layout (the default), as `cargo fmt
    /// --check` expects of vendored code. Without it, or where the toolchain has no
    /// rustfmt, the output is prettyplease's layout: the same code, formatted a little
    /// differently.
    pub fn rustfmt(mut self, enabled: bool) -> Self {
        self.skip_rustfmt = !enabled;
        self
    }

    /// Names the generated file; the default is the document's file stem with `.rs`
    /// (`conversations.yaml` -> `conversations.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Reads the document at `path` and generates from it.
    pub fn generate_file(&self, path: &Path) -> Result<Generated, GenerateError> {
        let text = std::fs::read_to_string(path).map_err(|source| GenerateError::Io {
            path: path.to_owned(),
            source,
        })?;
        self.generate(&text, &path.display().to_string())
    }

    /// Generates from a document's text (YAML or JSON). `source` names the document in
    /// diagnostics; its file name goes into the generated header.
    pub fn generate(&self, text: &str, source: &str) -> Result<Generated, GenerateError> {
        with_deep_stack(|| self.generate_here(text, source))
    }

    fn generate_here(&self, text: &str, source: &str) -> Result<Generated, GenerateError> {
        let loaded = load::load(text, source).map_err(|d| GenerateError::Invalid(vec![d]))?;
        let parallel = worth_threads(text);
        let options = model::Options {
            all_types: self.all_types,
            round_trip: self.round_trip,
            selectors: &self.selectors,
            features: self.crate_name.is_some() && !self.no_cargo_features,
            // A program that selected the operations it calls receives no webhooks.
            webhooks: !self.no_webhooks && self.selectors.is_empty(),
            extras: if self.crate_name.is_some() {
                model::Extras::ALL
            } else {
                self.extras
            },
        };
        let (model, mut model_warnings) =
            model::build(&loaded.api, source, &options).map_err(|mut errors| {
                loaded.relocate(&mut errors);
                GenerateError::Invalid(errors)
            })?;
        loaded.relocate(&mut model_warnings);
        let load::Loaded {
            api, mut warnings, ..
        } = loaded;
        // The document is no longer needed: free it before rendering, the peak of memory.
        drop(api);
        warnings.extend(model_warnings);
        let source_file = Path::new(source).file_name().map_or_else(
            || source.to_owned(),
            |name| name.to_string_lossy().into_owned(),
        );
        let invalid =
            |message: String| GenerateError::Invalid(vec![Diagnostic::error(source, "#", message)]);
        let rustfmt_warning = |problem: String| {
            Diagnostic::warning(
                source,
                "#",
                format!("{problem}; the output keeps prettyplease's layout"),
            )
        };
        if let Some(crate_name) = &self.crate_name {
            let mut tree = render::render_tree(
                &model,
                &emit::SECTIONS,
                &source_file,
                !self.skip_rustfmt,
                parallel,
            )
            .map_err(invalid)?;
            warnings.extend(tree.rustfmt_problem.take().map(rustfmt_warning));
            let files = crate_files(crate_name, &model, &source_file, tree).map_err(invalid)?;
            return Ok(Generated {
                files,
                warnings,
                type_map: type_map(&model),
            });
        }
        let rendered = render::render(
            &model,
            &emit::SECTIONS,
            &source_file,
            !self.skip_rustfmt,
            parallel,
        )
        .map_err(invalid)?;
        warnings.extend(rendered.rustfmt_problem.map(rustfmt_warning));
        let contents = rendered.text;
        let file_name = self.file_name.clone().unwrap_or_else(|| {
            let stem = Path::new(&source_file)
                .file_stem()
                .map_or_else(|| "client".to_owned(), |s| s.to_string_lossy().into_owned());
            format!("{stem}.rs")
        });
        Ok(Generated {
            files: vec![GeneratedFile {
                path: PathBuf::from(file_name),
                contents,
            }],
            warnings,
            type_map: type_map(&model),
        })
    }
}

/// Each component schema's Rust type as a path from the generated module (`models::Pet`).
fn type_map(model: &model::Model) -> std::collections::BTreeMap<String, String> {
    model
        .schema_types
        .iter()
        .map(|(pointer, name)| (pointer.clone(), format!("models::{name}")))
        .collect()
}

/// `Cargo.toml`, `src/lib.rs` and the module files of a standalone crate.
fn crate_files(
    name: &str,
    model: &model::Model,
    source_file: &str,
    tree: render::Tree,
) -> Result<Vec<GeneratedFile>, String> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        return Err(format!("invalid crate name `{name}`: expected ASCII letters, digits, `-` and `_`, not starting with a digit"));
    }
    let mut manifest = format!(
        "# @generated by openapi-client-gen from {source_file}. Do not edit by hand.\n\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         description = {description}\n\n[dependencies]\n",
        description = toml_string(&format!(
            "Client for the {}, generated from {source_file}",
            model.title
        )),
    );
    let dependencies = emit::dependencies(model);
    for dependency in &dependencies {
        let spec = match dependency.gate.features() {
            [] => dependency.spec.to_owned(),
            // Every spec that can be optional is an inline table.
            _ => dependency.spec.replacen("{ ", "{ optional = true, ", 1),
        };
        manifest.push_str(&format!("{} = {spec}\n", dependency.name));
    }
    // The extras are off by default: a client that does not use one compiles none of it.
    let extras: Vec<&ExtraFeature> = EXTRA_FEATURES
        .iter()
        .filter(|extra| extra.without_operations || !model.operations.is_empty())
        .collect();
    for (dependency, spec) in extras.iter().filter_map(|extra| extra.dependency) {
        manifest.push_str(&format!("{dependency} = {spec}\n"));
    }
    manifest.push_str(&features_table(&model.features, &dependencies));
    if model.features.is_empty() {
        manifest.push_str("\n[features]\n");
    }
    for extra in extras {
        let turns_on = match extra.dependency {
            Some((dependency, _)) => format!("\"dep:{dependency}\""),
            None => String::new(),
        };
        manifest.push_str(&format!(
            "# {}\n{} = [{turns_on}]\n",
            extra.doc, extra.feature
        ));
    }
    let title = model.title.replace(['\r', '\n'], " ");
    let lib = format!(
        "{header}//! A client for the {title}.\n{features}\n#![forbid(unsafe_code)]\n\n{root}",
        header = render::header(source_file),
        features = features_doc(&model.features) + EQ_DOC,
        root = tree.root,
    );
    let mut files = vec![
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            contents: manifest,
        },
        GeneratedFile {
            path: PathBuf::from("src").join("lib.rs"),
            contents: lib,
        },
    ];
    files.extend(
        tree.files
            .into_iter()
            .map(|(path, contents)| GeneratedFile {
                path: PathBuf::from("src").join(path),
                contents,
            }),
    );
    Ok(files)
}

/// The manifest's `[features]`: every feature on by default, each turning on the optional
/// dependencies it needs.
fn features_table(features: &[model::Feature], dependencies: &[emit::Dependency]) -> String {
    if features.is_empty() {
        return String::new();
    }
    let mut table = String::from(
        "\n# One feature per tag of the document, all on by default: with\n\
         # `default-features = false, features = [...]` only the chosen tags' operations,\n\
         # and the types they reach, are compiled.\n[features]\ndefault = [\n",
    );
    for feature in features.iter().filter(|feature| feature.on_by_default) {
        table.push_str(&format!("    \"{}\",\n", feature.name));
    }
    table.push_str("]\n");
    for (index, feature) in features.iter().enumerate() {
        let needs: Vec<String> = dependencies
            .iter()
            .filter(|d| d.gate.features().contains(&index))
            .map(|d| format!("\"dep:{}\"", d.name))
            .collect();
        table.push_str(&format!("{} = [{}]\n", feature.name, needs.join(", ")));
    }
    table
}

/// The crate docs' word on the `eq` feature, which a user who compares two values
/// needs to find.
const EQ_DOC: &str = "//!\n//! The models and the operations' own types implement `PartialEq` (`==`, `assert_eq!`)\n\
//! with the `eq` feature, off by default: for a large API, it is about a tenth of the\n\
//! crate's compile time.\n";

/// The crate docs' list of its features.
fn features_doc(features: &[model::Feature]) -> String {
    if features.is_empty() {
        return String::new();
    }
    let mut doc = String::from(
        "//!\n//! # Cargo features\n//!\n//! One per tag of the document, all on by default; \
         turn off the default features and\n//! name the tags you call to compile only their \
         operations and the types they reach.\n//!\n",
    );
    for feature in features {
        let plural = if feature.operations == 1 { "" } else { "s" };
        let holds = match (feature.name.as_str(), feature.operations) {
            // The webhooks' own feature (see model/features.rs), unless a tag shares it.
            ("webhooks", 0) => "the `webhooks` module and its payloads (off by default)".to_owned(),
            _ => format!("{} operation{plural}", feature.operations),
        };
        doc.push_str(&format!("//! - `{}`: {holds}\n", feature.name));
    }
    doc
}

/// The Cargo feature of an opt-in part of a crate's client ([`model::Extras`]).
struct ExtraFeature {
    feature: &'static str,
    /// What it gives, for the manifest's comment.
    doc: &'static str,
    /// The optional dependency it turns on, and its spec, if it needs one.
    dependency: Option<(&'static str, &'static str)>,
    /// Whether a crate of models alone, without operations, has it too.
    without_operations: bool,
}

/// Every crate with operations has these, off by default; a crate without operations,
/// those marked so.
/// Their names are `model::features::RESERVED`, which no tag's feature takes.
const EXTRA_FEATURES: &[ExtraFeature] = &[
    ExtraFeature {
        feature: "eq",
        doc: "`PartialEq` on the models and the operations' own types (`==`, `assert_eq!`).",
        dependency: None,
        without_operations: true,
    },
    ExtraFeature {
        feature: "metadata",
        doc: "`<operation>_with_response`: each success with its status, headers and request id.",
        dependency: None,
        without_operations: false,
    },
    ExtraFeature {
        feature: "tracing",
        doc: "Each call a `tracing` span, each retry an event.",
        dependency: Some(("tracing", "{ version = \"0.1.40\", optional = true, default-features = false, features = [\"std\"] }")),
        without_operations: false,
    },
    ExtraFeature {
        feature: "middleware",
        doc: "Requests sent through a `reqwest_middleware` stack (`Client::with_middleware_client`).",
        dependency: Some(("reqwest-middleware", "{ version = \"0.5.2\", optional = true, default-features = false }")),
        without_operations: false,
    },
    ExtraFeature {
        feature: "mock",
        doc: "A typed mock server of the API for tests (the `mock` module).",
        dependency: Some(("wiremock", "{ version = \"0.6\", optional = true }")),
        without_operations: false,
    },
];

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push(' '),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The generator's output: files to write, and warnings about what was degraded.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
    /// The Rust type of each component schema, by JSON pointer, as a path from the
    /// generated module (`#/components/schemas/Pet` -> `models::Pet`). Schemas left out
    /// of the output (not reached, see [`Config::all_types`]) are not in it.
    pub type_map: std::collections::BTreeMap<String, String>,
}

/// One generated file: a path relative to the output folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Why nothing was generated.
#[derive(Debug)]
pub enum GenerateError {
    /// The document could not be read from disk.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The document cannot be turned into correct code: every problem found, located.
    Invalid(Vec<Diagnostic>),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => {
                write!(f, "{}: cannot read the document: {source}", path.display())
            }
            Self::Invalid(diagnostics) => {
                for (index, diagnostic) in diagnostics.iter().enumerate() {
                    if index > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{diagnostic}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Invalid(_) => None,
        }
    }
}

/// Whether a document is large enough to read and render on several threads. A thread
/// costs its start and its own allocator pages, and below this size that is more than it
/// saves: the Kirim spec (7 KB) runs in 4.40 ms on one thread against 4.60 ms on three and
/// peaks at 7.8 MiB against 8.2 MiB; at 15 KB the two are even, at 20 KB three threads
/// are faster (BENCHMARKS.md, "Small documents on one thread").
pub(crate) fn worth_threads(document: &str) -> bool {
    document.len() >= 16 * 1024
}

/// The stack the pipeline runs on. Reading, lowering and dropping a document recurse once
/// per level of nesting; JSON documents may nest [`load::MAX_JSON_DEPTH`] levels, which a
/// test thread's 2 MiB (or a main thread's 8 MiB) cannot hold. The memory is reserved, not
/// used: only the pages a deep document reaches are ever touched.
pub(crate) const DEEP_STACK: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with a [`DEEP_STACK`]; on this one if no thread can be had.
pub(crate) fn with_deep_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let mut work = Some(work);
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, || work.take().map(|work| work()));
        spawned.ok().map(|thread| match thread.join() {
            Ok(result) => result,
            // A panic is a bug of the generator: it keeps its message and its way up.
            Err(panic) => std::panic::resume_unwind(panic),
        })
    });
    match (result.flatten(), work) {
        (Some(result), _) => result,
        (None, Some(work)) => work(),
        (None, None) => unreachable!("the work either ran on the thread or is still here"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Kirim spec lowered as a crate's model (every extra and its features).
    fn kirim_model() -> model::Model {
        let text = include_str!("../../spec/conversations.yaml");
        let loaded = load::load(text, "conversations.yaml").expect("the Kirim spec loads");
        let options = model::Options {
            all_types: false,
            round_trip: false,
            selectors: &[],
            features: true,
            webhooks: true,
            extras: model::Extras::ALL,
        };
        model::build(&loaded.api, "conversations.yaml", &options)
            .expect("the Kirim spec lowers")
            .0
    }

    #[test]
    fn no_tag_takes_the_name_of_an_extra_feature() {
        for extra in EXTRA_FEATURES {
            assert!(
                model::features::RESERVED.contains(&extra.feature),
                "`{}` is not reserved: a tag of that name would declare it twice",
                extra.feature
            );
        }
    }

    #[test]
    fn a_document_renders_the_same_on_one_thread_as_on_several() {
        let model = kirim_model();
        let file = |parallel| {
            render::render(&model, &emit::SECTIONS, "k.yaml", false, parallel)
                .expect("renders")
                .text
        };
        let one = file(false);
        assert!(one.contains("pub struct Client"), "{one}");
        assert_eq!(one, file(true));
        let tree = |parallel| {
            let tree = render::render_tree(&model, &emit::SECTIONS, "k.yaml", false, parallel)
                .expect("renders");
            (tree.root, tree.files)
        };
        let one = tree(false);
        assert!(one.0.contains("pub mod models;"), "{}", one.0);
        assert_eq!(one, tree(true));
    }

    fn generate(text: &str) -> Result<Generated, GenerateError> {
        Config::new().rustfmt(false).generate(text, "spec.yaml")
    }

    #[test]
    fn only_types_the_operations_reach_are_emitted_unless_all_are_asked_for() {
        let text = r#"
openapi: 3.0.3
info: {title: Pruned, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        '404':
          description: missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  schemas:
    Kind: {type: string, enum: [cat, dog]}
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
        tags: {type: object, additionalProperties: {type: array, items: {$ref: '#/components/schemas/Tag'}}}
    Owner:
      oneOf: [{$ref: '#/components/schemas/Person'}, {type: string}]
    Person: {type: object, properties: {name: {type: string}}}
    Tag: {type: string, pattern: '^[a-z]+$'}
    Problem: {type: object, properties: {detail: {type: string}}}
    WebhookPayload: {type: object, properties: {event: {$ref: '#/components/schemas/Event'}}}
    Event: {type: string, enum: [push]}
"#;
        let declared = |code: &str, name: &str| {
            [
                format!("pub struct {name} "),
                format!("pub struct {name}("),
                format!("pub enum {name} "),
            ]
            .iter()
            .any(|declaration| code.contains(declaration.as_str()))
        };
        let pruned = &generate(text).expect("generates").files[0].contents;
        for name in ["Kind", "Pet", "Owner", "Person", "Tag", "Problem"] {
            assert!(
                declared(pruned, name),
                "{name} is reached and must be emitted"
            );
        }
        for name in ["WebhookPayload", "Event"] {
            assert!(
                !declared(pruned, name),
                "{name} is unused and must be left out"
            );
        }
        let all = &Config::new()
            .rustfmt(false)
            .all_types(true)
            .generate(text, "spec.yaml")
            .expect("generates")
            .files[0]
            .contents;
        assert!(declared(all, "WebhookPayload") && declared(all, "Event"));
        let (head, _) = text.split_once("paths:").expect("has paths");
        let (_, schemas) = text.split_once("components:").expect("has components");
        let no_operations = format!("{head}paths: {{}}\ncomponents:{schemas}");
        let library = &generate(&no_operations).expect("generates").files[0].contents;
        assert!(declared(library, "WebhookPayload"), "{library}");
    }

    #[test]
    fn a_standalone_crate_depends_on_exactly_the_crates_its_code_names() {
        let manifest = |schema: &str| {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      \
                 operationId: getA\n      responses:\n        '200':\n          description: ok\n          \
                 content: {{application/json: {{schema: {schema}}}}}\n"
            );
            let generated = Config::new()
                .rustfmt(false)
                .crate_name("t")
                .generate(&text, "spec.yaml")
                .expect("generates");
            let manifest = &generated.files[0];
            assert_eq!(manifest.path, PathBuf::from("Cargo.toml"));
            // The crate's code is in the files after the manifest.
            let code: String = generated.files[1..]
                .iter()
                .map(|f| f.contents.as_str())
                .collect();
            (manifest.contents.clone(), code)
        };
        let (with_uuid, code) = manifest("{type: array, items: {type: string, format: uuid}}");
        assert!(code.contains("uuid::Uuid"), "{code}");
        assert!(with_uuid.contains("\nuuid = "), "{with_uuid}");
        let (plain, code) = manifest("{type: string}");
        assert!(
            !code.contains("uuid::") && !plain.contains("uuid"),
            "{plain}"
        );
        assert!(
            !plain.contains("regress"),
            "no pattern, no regex engine: {plain}"
        );
        let (patterned, _) =
            manifest("{type: object, properties: {a: {type: string, pattern: '^(a|b)$'}}}");
        assert!(patterned.contains("\nregress = "), "{patterned}");
        let (scanned, code) =
            manifest("{type: object, properties: {a: {type: string, pattern: '^a[0-9]+$'}}}");
        assert!(code.contains("_matches(value: &str) -> bool"), "{code}");
        assert!(
            !scanned.contains("regress"),
            "a simple pattern is plain code, not an engine: {scanned}"
        );
    }

    #[test]
    fn infinite_bounds_and_keyword_values_still_generate() {
        let text = r#"
openapi: 3.0.3
info: {title: Edge, version: "1"}
paths: {}
components:
  schemas:
    Size: {type: number, minimum: -.inf, maximum: .nan}
    Kind: {type: string, enum: [self, Self, super]}
"#;
        let generated = generate(text).expect("generates");
        let code = &generated.files[0].contents;
        assert!(code.contains("pub type Size = f64;"), "unbounded: {code}");
        assert!(
            code.contains("SelfValue,") && code.contains("SelfValue2,") && code.contains("Super,"),
            "{code}"
        );
    }

    #[test]
    fn an_enum_of_only_null_is_no_enum() {
        let text = "openapi: 3.0.3\ninfo: {title: N, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    NullEnum: {enum: [null]}\n";
        let code = &generate(text).expect("generates").files[0].contents;
        assert!(
            code.contains("pub type NullEnum = serde_json::Value;"),
            "{code}"
        );
    }

    #[test]
    fn every_invalid_pattern_is_reported_with_its_pointer_and_left_unchecked() {
        let text = r#"
openapi: 3.0.3
info: {title: Bad, version: "1"}
paths:
  /a/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, pattern: "("}}
      responses: {"204": {description: ok}}
components:
  schemas:
    A: {type: string, pattern: "[z-a]"}
"#;
        let generated = generate(text).expect("an invalid pattern costs its check only");
        let diagnostics = &generated.warnings;
        let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/pattern",
                "#/paths/~1a~1{id}/get/parameters/0/schema/pattern"
            ]
        );
        assert!(diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning && d.invalid));
        assert!(
            !generated.files[0].contents.contains("[z-a]"),
            "no check for it"
        );
    }

    /// A JSON document whose `Deep` schema nests `levels` objects inside each other.
    #[test]
    fn diagnostics_about_a_swagger_document_point_into_it_as_written() {
        // The body parameter moves out of the list, so `q` is parameter 0 once converted,
        // and its `pattern` is in its schema; the diagnostic names the line as written.
        let text = r##"
swagger: "2.0"
info: {title: Bad, version: "1"}
paths:
  /a:
    post:
      parameters:
        - {name: b, in: body, schema: {type: string}}
        - {name: q, in: query, type: string, pattern: "("}
      responses: {"200": {description: ok, schema: {$ref: "#/definitions/A"}}}
definitions:
  A: {type: string, pattern: "[z-a]"}
"##;
        let generated = generate(text).expect("an invalid pattern costs its check only");
        let pointers: Vec<&str> = generated
            .warnings
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "#/definitions/A/pattern",
                "#/paths/~1a/post/parameters/1/pattern"
            ]
        );
        let text = text.replace("$ref: \"#/definitions/A\"", "$ref: \"#/definitions/B\"");
        let Err(GenerateError::Invalid(errors)) = generate(&text) else {
            panic!("a reference to nothing is an error");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].pointer, "#/paths/~1a/post/responses/200/schema",
            "{}",
            errors[0]
        );
    }

    fn nested_document(levels: usize) -> String {
        let mut schema = String::from(r#"{"type": "string"}"#);
        for _ in 0..levels {
            schema = format!(r#"{{"type": "object", "properties": {{"a": {schema}}}}}"#);
        }
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
              "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
        )
    }

    #[test]
    fn documents_nested_a_thousand_schemas_deep_generate() {
        // About 2,000 levels of JSON, far past serde_json's default limit of 128; run on a
        // test thread's small stack, as a library user's code may be.
        let generated = generate(&nested_document(1000)).expect("a deep document generates");
        let code = &generated.files[0].contents;
        assert!(code.contains("pub struct Deep {"), "{}", &code[..200]);
        assert!(code.contains("pub struct DeepAAAA {"));
    }

    #[test]
    fn documents_nested_past_the_limit_are_refused_with_where() {
        let Err(GenerateError::Invalid(diagnostics)) = generate(&nested_document(1100)) else {
            panic!("a document past the limit is refused");
        };
        let message = diagnostics[0].to_string();
        assert!(
            message.contains("nested more than 2048 levels deep"),
            "{message}"
        );
        assert!(diagnostics[0].position.is_some(), "{message}");
    }
}
