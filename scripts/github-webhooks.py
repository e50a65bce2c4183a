#!/usr/bin/env python3
"""Decodes GitHub's webhook examples with the generated client (issue #15): every example
in the webhook section (`x-webhooks`) of GitHub's description, and every example of
GitHub's own `@octokit/webhooks-examples` package, each given to
`webhooks::Event::decode` with its event name, as a GitHub App's server would (the
description's form-encoded examples, `payload=<json>`, through `Event::decode_form`).

    scripts/fetch-specs.sh
    cargo build --release -p openapi-client-gen
    scripts/github-webhooks.py [--work target/github-webhooks]

The crate is compiled with its `webhooks` feature only (no operations). Prints a table
by source and every failure; exits non-zero when one fails.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import measure

ROOT = measure.ROOT
DESCRIPTION = measure.DOCUMENTS["GitHub"]
EXAMPLES = ROOT / "target/corpus/webhooks-examples/package/api.github.com/index.json"

PROGRAM = r'''
//! Decodes each (source, event, body) case of the file named by the first argument.
fn main() {
    let path = std::env::args().nth(1).expect("the cases file");
    let text = std::fs::read_to_string(path).expect("the cases file is readable");
    let cases: Vec<(String, String, serde_json::Value)> =
        serde_json::from_str(&text).expect("the cases file is JSON");
    for (source, event, body) in cases {
        let bytes = serde_json::to_vec(&body).expect("a JSON value encodes");
        // A form-encoded example is the form's fields as sent: `payload` holds the JSON,
        // percent-encoded.
        let decoded = match body.get("payload").and_then(|payload| payload.as_str()) {
            Some(payload) if source.starts_with("description-form:") => {
                let form = format!("payload={payload}");
                github::webhooks::Event::decode_form(&event, form.as_bytes())
            }
            _ => github::webhooks::Event::decode(&event, &bytes),
        };
        match decoded {
            Ok(decoded) => println!("ok\t{source}\t{}", decoded.event()),
            Err(error) => println!("fail\t{source}\t{error}"),
        }
    }
}

'''


def description_cases(document):
    components = document.get("components", {}).get("examples", {})
    cases = []
    for key, item in document.get("x-webhooks", {}).items():
        for operation in item.values():
            event = next(
                (p.get("example") for p in operation.get("parameters", [])
                 if p.get("name", "").lower() == "x-github-event"),
                key,
            )
            content = operation.get("requestBody", {}).get("content", {})
            # JSON deliveries, and form-encoded ones (the JSON in the `payload` field,
            # decoded by `decode_form`).
            for media_type, media in content.items():
                kind = {"application/json": "description", "application/x-www-form-urlencoded": "description-form"}.get(media_type.split(";")[0].strip())
                if kind is None:
                    continue
                for name, example in (media.get("examples") or {}).items():
                    if "$ref" in example:
                        example = components.get(example["$ref"].rsplit("/", 1)[-1], {})
                    if "value" in example:
                        cases.append((f"{kind}:{key}:{name}", event, example["value"]))
    return cases


def package_cases():
    cases = []
    for entry in json.loads(EXAMPLES.read_text()):
        for index, example in enumerate(entry["examples"]):
            cases.append((f"webhooks-examples:{entry['name']}#{index}", entry["name"], example))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=str(ROOT / "target/github-webhooks"))
    args = parser.parse_args()
    ours = ROOT / "target/release/openapi-client-gen"
    for needed in (ours, DESCRIPTION, EXAMPLES):
        if not needed.exists():
            sys.exit(f"missing {needed}: build the release CLI and run scripts/fetch-specs.sh")
    work = Path(args.work)
    crate = work / "github"
    subprocess.run([ours, "generate", DESCRIPTION, "--out", crate, "--crate", "github", "--no-rustfmt"], check=True, stdout=subprocess.DEVNULL)
    manifest = (crate / "Cargo.toml").read_text()
    if "\n[workspace]" not in manifest:
        (crate / "Cargo.toml").write_text(manifest + "\n[workspace]\n")
    (crate / "examples").mkdir(exist_ok=True)
    (crate / "examples/decode.rs").write_text(PROGRAM)
    document = json.loads(DESCRIPTION.read_text())
    cases = description_cases(document) + package_cases()
    (work / "cases.json").write_text(json.dumps(cases))
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    run = subprocess.run(
        ["cargo", "run", "--quiet", "--example", "decode", "--no-default-features", "--features", "webhooks", "--", work / "cases.json"],
        cwd=crate, env=env, capture_output=True, text=True,
    )
    if run.returncode != 0:
        sys.exit(f"the decoding program failed:\n{run.stderr[-3000:]}")
    outcomes = collections.Counter()
    failures = []
    for line in run.stdout.splitlines():
        verdict, source, detail = line.split("\t", 2)
        outcomes[(source.split(":")[0], verdict)] += 1
        if verdict == "fail":
            failures.append(f"{source}: {detail}")
    print("| source | examples | decoded | failed |")
    print("|---|---:|---:|---:|")
    for source in ("description", "description-form", "webhooks-examples"):
        ok, fail = outcomes[(source, "ok")], outcomes[(source, "fail")]
        print(f"| {source} | {ok + fail} | {ok} | {fail} |")
    for failure in failures:
        print(f"- {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
