//! Each model implements the serde traits of the direction the operations use it in, or
//! both with `round_trip`.

use openapi_client_gen::Config;
use std::path::Path;

fn generate(config: Config) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/identical.yaml");
    let generated = config
        .generate_file(&fixture)
        .expect("the fixture generates");
    generated.files[0].contents.clone()
}

/// The module generated for a document given as text.
fn generate_text(document: &str, all_types: bool) -> String {
    generate_with(Config::new().rustfmt(false).all_types(all_types), document)
}

/// The module `config` generates for a document given as text.
fn generate_with(config: Config, document: &str) -> String {
    let generated = config
        .generate(document, "t.yaml")
        .expect("the document generates");
    generated.files[0].contents.clone()
}

/// The `#[derive(...)]` line of `pub struct <name>`.
fn derives_of<'a>(code: &'a str, name: &str) -> &'a str {
    let declaration = format!("pub struct {name} {{");
    let at = code
        .find(&declaration)
        .unwrap_or_else(|| panic!("{name} is declared"));
    code[..at]
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with("#[derive("))
        .unwrap_or_else(|| panic!("{name} derives something"))
        .trim()
}

/// How `pub struct <name>` implements `Serialize` (written by the `serialize!` macro):
/// `None` when it does not, else the attributes of the macro's line (the `mock` feature's
/// when only the mock encodes it).
fn encodes(code: &str, name: &str) -> Option<String> {
    let compact: String = code.split_whitespace().collect();
    let line = format!("serialize!({name},[");
    let at = compact.find(&line)?;
    let before = &compact[..at];
    let attributes = before.len() - before.trim_end_matches(r#"#[cfg(feature="mock")]"#).len();
    Some(before[before.len() - attributes..].to_owned())
}

/// Whether `pub struct <name>` implements `Deserialize` (written by the `object!` macro).
fn decodes(code: &str, name: &str) -> bool {
    let compact: String = code.split_whitespace().collect();
    compact.contains(&format!("object!({name},fields"))
}

#[test]
fn models_implement_the_direction_they_are_used_in() {
    let code = generate(Config::new().rustfmt(false));
    // Only received (a response body).
    assert_eq!(encodes(&code, "Job"), None);
    assert!(decodes(&code, "Job"));
    // Sent by one operation and received by another.
    assert_eq!(encodes(&code, "Settings").as_deref(), Some(""));
    assert!(decodes(&code, "Settings"));
    for name in ["Job", "Settings"] {
        assert_eq!(
            derives_of(&code, name),
            "#[derive(Debug, Clone, PartialEq)]",
            "serde's traits are the macros' impls"
        );
    }
}

#[test]
fn round_trip_gives_every_model_both() {
    let code = generate(Config::new().rustfmt(false).round_trip(true));
    for name in ["Job", "ListJobsNotFound"] {
        assert_eq!(encodes(&code, name).as_deref(), Some(""), "{name}");
        assert!(decodes(&code, name), "{name}");
    }
}

/// The decoding helpers are emitted only when some struct uses them (an unused one is a
/// dead-code warning in the user's build; the corpus found a document whose only required
/// field was the map of undeclared properties).
#[test]
fn decoding_helpers_are_emitted_only_when_used() {
    let document = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  n: {type: integer}
                additionalProperties: {type: string}
"#;
    let code = &generate_text(document, false);
    assert!(decodes(code, "GetAResponse"), "{code}");
    assert!(!code.contains("fn missing"), "no required field: {code}");
    let keeps_the_rest = "Rest for std::collections::BTreeMap";
    assert!(
        code.contains(keeps_the_rest),
        "undeclared properties are kept: {code}"
    );
    let closed = document.replace("additionalProperties: {type: string}", "required: [n]");
    let code = &generate_text(&closed, false);
    assert!(decodes(code, "GetAResponse"), "{code}");
    assert!(code.contains("fn missing"), "a required field: {code}");
    assert!(!code.contains(keeps_the_rest), "nothing kept: {code}");
}

/// With `all_types`, a type no operation reaches implements both traits, so the types it
/// uses must too, even those an operation only receives (found by the `large` fixture:
/// its union of two response bodies did not compile).
#[test]
fn types_used_by_unreached_types_implement_both() {
    let document = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Answer"}}
components:
  schemas:
    Answer:
      type: object
      properties: {n: {type: integer}}
    Other:
      type: object
      properties: {m: {type: integer}}
    Either:
      oneOf:
        - $ref: "#/components/schemas/Answer"
        - $ref: "#/components/schemas/Other"
"##;
    let only_reached = generate_text(document, false);
    assert_eq!(encodes(&only_reached, "Answer"), None);
    let all = generate_text(document, true);
    for name in ["Answer", "Other"] {
        assert_eq!(encodes(&all, name).as_deref(), Some(""), "{name}");
        assert!(decodes(&all, name), "{name}");
    }
}

/// A struct only the mock sends is encoded under the `mock` feature, and so are the
/// encoding helpers only such structs call: a client built without the feature has no
/// unused code (`fixtures_compile` builds the `mocked` fixture both ways).
#[test]
fn what_only_the_mock_encodes_is_behind_its_feature() {
    let document = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties: {id: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {note: {type: string}}
"##;
    let mocked = generate_with(Config::new().rustfmt(false).mock(true), document);
    assert_eq!(encodes(&mocked, "PostARequest").as_deref(), Some(""));
    let mock = r#"#[cfg(feature="mock")]"#;
    assert_eq!(encodes(&mocked, "PostAResponse").as_deref(), Some(mock));
    let compact: String = mocked.split_whitespace().collect();
    // The request's required field is counted for the client; the response's optional
    // one only for the mock.
    assert!(compact.contains("pubfnrequired<T:?Sized>"), "{mocked}");
    assert!(
        compact.contains(&format!("{mock}pubfnoptional<T>")),
        "{mocked}"
    );
    let without = generate_text(document, false);
    assert_eq!(encodes(&without, "PostAResponse"), None);
    assert!(!without.contains("fn optional"), "{without}");
}
