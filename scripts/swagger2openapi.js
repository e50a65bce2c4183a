// Converts Swagger 2.0 documents to OpenAPI 3.0 with the npm package swagger2openapi, the
// independent oracle of tests/swagger2openapi.rs: one Node process for every document.
//
//     node scripts/swagger2openapi.js OUT_DIR DOCUMENT...
//
// Each DOCUMENT (YAML or JSON) becomes OUT_DIR/<index>.json, or OUT_DIR/<index>.error
// with the converter's message when it refuses or fails. The converter is found in
// target/swagger2openapi (where .ci/run installs it) or wherever Node resolves it.
"use strict";
const fs = require("fs");
const path = require("path");

function converter() {
  const local = path.join(__dirname, "..", "target", "swagger2openapi", "node_modules", "swagger2openapi");
  try {
    return require(local);
  } catch (_) {
    return require("swagger2openapi");
  }
}

async function main() {
  const [out, ...documents] = process.argv.slice(2);
  if (!out || documents.length === 0) {
    console.error("usage: node scripts/swagger2openapi.js OUT_DIR DOCUMENT...");
    process.exit(2);
  }
  const s2o = converter();
  fs.mkdirSync(out, { recursive: true });
  for (const [index, document] of documents.entries()) {
    try {
      // --patch --warnOnly: mend what it can, warn where it cannot convert losslessly.
      const options = { patch: true, warnOnly: true, warnings: [] };
      const result = await s2o.convertFile(document, options);
      fs.writeFileSync(path.join(out, `${index}.json`), JSON.stringify(result.openapi, null, 1));
    } catch (error) {
      fs.writeFileSync(path.join(out, `${index}.error`), String(error && error.message || error));
    }
  }
}

main();
