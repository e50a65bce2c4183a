#!/usr/bin/env python3
"""What a generated crate's code is made of: its lines and bytes by kind of item.

    scripts/output-by-kind.py <crate-dir>

Reads every Rust file under <crate-dir>/src (rustfmt's layout, as `--crate` writes it),
splits each file into its top-level items, and counts each item's lines under its kind:
struct and enum definitions, each trait's impls, the client's methods, other inherent
impls (the validated newtypes' constructors), `object!` calls (the structs' `Deserialize`), and the rest.
Doc comments and `#[...]` attribute lines are counted apart from the code they annotate,
whatever the item, because they are a large share and cost nothing to compile. Prints a
Markdown table.
"""

import os
import re
import sys
from collections import defaultdict


def rust_files(crate):
    for folder, _, names in os.walk(os.path.join(crate, "src")):
        for name in sorted(names):
            if name.endswith(".rs"):
                yield os.path.join(folder, name)


def kind_of(header):
    """The kind of the item whose first code line is `header` (at column 0 or 4)."""
    line = header.strip()
    line = re.sub(r"^pub(\([^)]*\))? ", "", line)
    if line.startswith("struct "):
        return "struct definitions"
    if line.startswith("enum "):
        return "enum definitions"
    if line.startswith("object!("):
        return "object! calls (struct Deserialize)"
    match = re.match(r"impl(<[^>]*>)?\s+(?:[\w:]+::)?(\w+)(<[^{]*>)?\s+for\s", line)
    if match:
        trait = match.group(2)
        if trait in ("Serialize", "Deserialize"):
            return f"impl {trait} (hand-written)"
        return f"impl {trait}"
    if re.match(r"impl\s+Client\s*\{", line):
        return "client methods (impl Client)"
    if line.startswith("impl"):
        return "other inherent impls (newtypes' new/validate, enums' helpers)"
    if line.startswith(("type ", "const ", "static ")):
        return "type aliases and constants"
    if line.startswith(("use ", "mod ")):
        return "use and mod declarations"
    if line.startswith("macro_rules!"):
        return "macro definitions"
    if line.startswith(("fn ", "async fn ")):
        return "free functions"
    return "other"


LITERALS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'')


def balance(line):
    """How many brackets `line` opens minus how many it closes, outside literals."""
    code = LITERALS.sub("", line)
    return sum(code.count(c) for c in "{([") - sum(code.count(c) for c in "})]")


def count(crate):
    lines = defaultdict(int)
    size = defaultdict(int)

    def add(kind, line):
        lines[kind] += 1
        size[kind] += len(line) + 1

    for path in rust_files(crate):
        with open(path, encoding="utf-8") as file:
            text = file.read().splitlines()
        kind = None  # of the item being read
        depth = 0  # brackets open in its code
        attribute = 0  # brackets open in an attribute spread over lines
        for line in text:
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith(("///", "//!")):
                add("doc comments", line)
                continue
            if stripped.startswith("//"):
                add("comments", line)
                continue
            if attribute > 0 or stripped.startswith(("#[", "#![")):
                add("attributes (derive, cfg, serde)", line)
                attribute = max(attribute + balance(line), 0)
                continue
            if kind is None:
                kind = kind_of(stripped)
            add(kind, line)
            depth = max(depth + balance(line), 0)
            if depth == 0:
                kind = None
    return lines, size


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    lines, size = count(sys.argv[1])
    total_lines = sum(lines.values())
    total_size = sum(size.values())
    print("| kind | lines | share | bytes | share |")
    print("|---|---:|---:|---:|---:|")
    for kind in sorted(lines, key=lambda k: -size[k]):
        print(
            f"| {kind} | {lines[kind]:,} | {100 * lines[kind] / total_lines:.1f}% "
            f"| {size[kind]:,} | {100 * size[kind] / total_size:.1f}% |"
        )
    print(f"| all | {total_lines:,} | | {total_size:,} | |")


if __name__ == "__main__":
    main()
