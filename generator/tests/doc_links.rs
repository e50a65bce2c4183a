//! Doc links in generated code point at items that exist: rustdoc warns about every
//! broken intra-doc link in a user's `cargo doc`.

use openapi_client_gen::Config;

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
    let generated = Config::new()
        .rustfmt(false)
        .generate(DOCUMENT, "t.yaml")
        .expect("generates");
    let code = &generated.files[0].contents;
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
    let generated = Config::new()
        .rustfmt(false)
        .all_types(true)
        .generate(DOCUMENT, "t.yaml")
        .expect("generates");
    let code = &generated.files[0].contents;
    assert!(
        code.contains("/// The `memberships[]` property of [`Base`]."),
        "{code}"
    );
}
