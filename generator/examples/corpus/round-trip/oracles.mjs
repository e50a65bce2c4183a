// The independent side of the corpus round trip (see ../roundtrip.rs).
//
//   node oracles.mjs fake DOCUMENT.json TYPE-MAP.json CASES.jsonl COUNT SCHEMAS
//     For up to SCHEMAS component schemas of the type map (evenly spread), makes COUNT
//     instances each with json-schema-faker, keeps those ajv accepts, and writes one line
//     per instance: {"pointer", "type", "value"}. Prints {"schemas", "unusable", "made",
//     "rejected"} to stdout.
//   node oracles.mjs check DOCUMENT.json CASES.jsonl RESULTS.jsonl
//     RESULTS.jsonl has one line per case: {"output"} (the value decoded into the
//     generated type and encoded again) or {"error"}. Prints the summary: instances,
//     decoded, re-encoded valid, equal, and the failures by cause with one example each.
//
// OpenAPI 3.0 schemas are converted to JSON Schema (draft 4) by
// @openapi-contrib/openapi-schema-to-json-schema and checked by ajv's draft-04 validator;
// 3.1 schemas are JSON Schema 2020-12 already. Formats are checked by ajv-formats.

import { readFileSync, writeFileSync } from "node:fs";
import { generateSync } from "json-schema-faker";
import Ajv04 from "ajv-draft-04";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openapiSchemaToJsonSchema } from "@openapi-contrib/openapi-schema-to-json-schema";

const ROOT = "urn:round-trip:document";
const KEPT_REQUIRED = "x-round-trip-required";

/// Calls `visit` on every schema object under `schema` (itself included), following the
/// keywords that hold schemas.
function eachSchema(schema, visit) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
  visit(schema);
  for (const key of ["items", "additionalProperties", "not", "contains", "propertyNames"]) {
    eachSchema(schema[key], visit);
  }
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
    if (Array.isArray(schema[key])) schema[key].forEach((s) => eachSchema(s, visit));
  }
  for (const key of ["properties", "patternProperties", "$defs", "definitions"]) {
    if (schema[key] && typeof schema[key] === "object") {
      Object.values(schema[key]).forEach((s) => eachSchema(s, visit));
    }
  }
}

/// Two readings the generator makes, and so the oracle must too, or it would call
/// instances valid that the document does not mean:
/// - a schema with `properties` or `additionalProperties` and no `type` is an object (JSON
///   Schema would take any value there, `null` and strings too; every Rust generator reads
///   such a schema as an object);
/// - `required` names a property an `allOf` part declares, or none does: it is still
///   required. openapi-schema-to-json-schema drops such names (it keeps only those of the
///   schema's own `properties`), so they are set aside before it runs and put back after.
function prepare(schema) {
  eachSchema(schema, (node) => {
    if (!("type" in node) && ("properties" in node || "additionalProperties" in node)) {
      node.type = "object";
    }
    if (Array.isArray(node.required)) node[KEPT_REQUIRED] = [...node.required];
  });
  return schema;
}

function restoreRequired(schema) {
  eachSchema(schema, (node) => {
    if (Array.isArray(node[KEPT_REQUIRED])) {
      node.required = node[KEPT_REQUIRED];
      delete node[KEPT_REQUIRED];
    }
  });
  return schema;
}

function validator(document) {
  const v31 = String(document.openapi || "").startsWith("3.1");
  const ajv = v31
    ? new Ajv2020({ strict: false, logger: false, allErrors: false, validateFormats: true })
    : new Ajv04({ strict: false, logger: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const schemas = (document.components && document.components.schemas) || {};
  const converted = {};
  for (const [key, original] of Object.entries(schemas)) {
    const schema = prepare(structuredClone(original));
    converted[key] = v31
      ? restoreRequired(schema)
      : restoreRequired(
          openapiSchemaToJsonSchema(schema, { cloneSchema: true, supportPatternProperties: true }),
        );
    if (!v31 && converted[key] && typeof converted[key] === "object") {
      delete converted[key].$schema;
    }
  }
  const root = v31
    ? { $id: ROOT, components: { schemas: converted } }
    : { id: ROOT, components: { schemas: converted } };
  ajv.addSchema(root, ROOT);
  return { ajv, root };
}

/// The JSON Schema a pointer names, compiled, or null when ajv cannot compile it (a
/// reference outside the schemas, a keyword it refuses).
function compiled(ajv, pointer) {
  try {
    return ajv.getSchema(ROOT + pointer) || null;
  } catch {
    return null;
  }
}

function schemaAt(root, pointer) {
  let node = root;
  for (const part of pointer.replace(/^#\//, "").split("/")) {
    node = node && node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

function fake([documentPath, mapPath, casesPath, count, limit]) {
  const document = JSON.parse(readFileSync(documentPath, "utf8"));
  const map = JSON.parse(readFileSync(mapPath, "utf8"));
  const { ajv, root } = validator(document);
  const pointers = Object.keys(map).sort();
  const step = Math.max(1, Math.floor(pointers.length / Number(limit)));
  const chosen = pointers.filter((_, i) => i % step === 0).slice(0, Number(limit));
  const lines = [];
  const summary = { schemas: chosen.length, unusable: 0, made: 0, rejected: 0 };
  for (const pointer of chosen) {
    const validate = compiled(ajv, pointer);
    if (!schemaAt(root, pointer) || !validate) {
      summary.unusable++;
      continue;
    }
    for (let seed = 1; seed <= Number(count); seed++) {
      let value;
      try {
        value = generateSync(
          { ...root, $ref: pointer },
          { seed, maxDepth: 4, maxDefaultItems: 2, optionalsProbability: 0.5, fillProperties: false },
        );
      } catch {
        summary.rejected++;
        continue;
      }
      if (value === undefined || !validate(value)) {
        summary.rejected++;
        continue;
      }
      summary.made++;
      lines.push(JSON.stringify({ pointer, type: map[pointer], value }));
    }
  }
  writeFileSync(casesPath, lines.length ? lines.join("\n") + "\n" : "");
  process.stdout.write(JSON.stringify(summary) + "\n");
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/// The first place where `a` and `b` differ, or null; date-times are compared as instants.
function difference(a, b, path = "") {
  if (typeof a === "string" && typeof b === "string" && a !== b) {
    if (DATE_TIME.test(a) && DATE_TIME.test(b) && Date.parse(a) === Date.parse(b)) {
      return null;
    }
    return path || "(root)";
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return path || "(root)";
    }
    for (let i = 0; i < a.length; i++) {
      const found = difference(a[i], b[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      if (!(key in a) || !(key in b)) return `${path}.${key}`;
      const found = difference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return Object.is(a, b) || a === b ? null : path || "(root)";
}

/// A cause without the numbers and quoted values that make each message unique.
function cause(text) {
  return String(text)
    .replace(/ at line \d+ column \d+/g, "")
    .replace(/`[^`]*`/g, "`…`")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, "N")
    .slice(0, 160);
}

function check([documentPath, casesPath, resultsPath]) {
  const document = JSON.parse(readFileSync(documentPath, "utf8"));
  const { ajv } = validator(document);
  const read = (path) =>
    readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const cases = read(casesPath);
  const results = read(resultsPath);
  const summary = { instances: 0, excluded: 0, decoded: 0, valid: 0, equal: 0, causes: {} };
  const fail = (kind, text, example) => {
    const key = `${kind}: ${cause(text)}`;
    summary.causes[key] ??= { count: 0, example };
    summary.causes[key].count++;
  };
  cases.forEach((c, i) => {
    const result = results[i];
    // Cases are made valid; one the validator refuses now was made by an older oracle.
    const validate = compiled(ajv, c.pointer);
    if (!validate || !validate(c.value)) {
      summary.excluded++;
      return;
    }
    summary.instances++;
    if (!result || "error" in result) {
      fail("decode", result ? result.error : "no result", { type: c.type, value: c.value, error: result && result.error });
      return;
    }
    summary.decoded++;
    if (validate(result.output)) {
      summary.valid++;
    } else {
      const error = validate && validate.errors && validate.errors[0];
      const text = error ? `${error.instancePath || "(root)"} ${error.message}` : "not validated";
      fail("re-encoded invalid", error ? `${error.keyword} ${error.message}` : text, { type: c.type, value: c.value, output: result.output, error: text });
    }
    const found = difference(c.value, result.output);
    if (found === null) {
      summary.equal++;
    } else {
      fail("not equal", found.replace(/\[\d+\]/g, "[]"), { type: c.type, value: c.value, output: result.output, at: found });
    }
  });
  process.stdout.write(JSON.stringify(summary) + "\n");
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "fake") fake(rest);
else if (mode === "check") check(rest);
else {
  process.stderr.write("usage: oracles.mjs fake|check ...\n");
  process.exit(2);
}
