//! Doc links in generated code point at items that exist: rustdoc warns about every
//! broken intra-doc link in a user's `cargo doc`.

use openapi_client_gen::Config;

/// The module generated for `document`.
fn generate(document: &str, all_types: bool) -> String {
    let generated = Config::new()
        .rustfmt(false)
        .all_types(all_types)
        .generate(document, "t.yaml")
        .expect("generates");
    generated.files[0].contents.clone()
}

/// `Base` is only merged into `Task` with `allOf`, so no operation reaches it and it is
/// not emitted; its inline `memberships` items still are (through `Task`), and their doc
/// names `Base` as the type they are a property of.
const DOCUMENT: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /tasks:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Task"}}
components:
  schemas:
    Base:
      type: object
      properties:
        memberships:
          type: array
          items:
            type: object
            properties: {project: {type: string}}
    Task:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties: {name: {type: string}}
"##;

#[test]
fn a_type_not_emitted_is_named_not_linked() {
    let code = &generate(DOCUMENT, false);
    assert!(
        !code.contains("pub struct Base "),
        "Base is not emitted: {code}"
    );
    assert!(code.contains("pub struct BaseMembershipsItem"), "{code}");
    assert!(
        code.contains("/// The `memberships[]` property of `Base`."),
        "{code}"
    );
    assert!(!code.contains("[`Base`]"), "{code}");
}

#[test]
fn a_type_emitted_stays_linked() {
    let code = &generate(DOCUMENT, true);
    assert!(
        code.contains("/// The `memberships[]` property of [`Base`]."),
        "{code}"
    );
}

/// A parameter's name may hold a dot (Google's `$.xgafv`): its type is not "the `xgafv`
/// property of [`$`]".
#[test]
fn a_dotted_parameter_name_is_not_a_property_path() {
    let document = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: $.xgafv, in: query, schema: {type: string, enum: ["1", "2"]}}
      responses: {"204": {description: ok}}
"#;
    let code = &generate(document, false);
    assert!(code.contains("/// The type of `$.xgafv`."), "{code}");
    assert!(!code.contains("[`$`]"), "{code}");
}
