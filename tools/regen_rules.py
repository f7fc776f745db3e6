#!/usr/bin/env python3
"""Regenerate rules/<kind>/mod.rs and the RULES table in rules/mod.rs from the rule
files (one rule per file; each declares `pub struct Name { code: "XX000", ... }`).
Run after adding or renaming a rule file."""
import glob
import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "rules", "src", "rules")
KINDS = {"dockerfile": "dockerfile_rule", "kubernetes": "kubernetes_rule", "requirements": "requirements_rule", "project": "project_rule"}

entries = []
for kind, macro in KINDS.items():
    directory = os.path.join(ROOT, kind)
    if not os.path.isdir(directory):
        continue
    mods = sorted(os.path.basename(f)[:-3] for f in glob.glob(directory + "/*.rs") if not f.endswith("/mod.rs"))
    info = []
    for m in mods:
        text = open(f"{directory}/{m}.rs").read()
        name = re.search(r"pub struct (\w+) \{", text).group(1)
        code = re.search(r'code: "(\w+)"', text).group(1)
        parser = "fn check" not in text
        info.append((code, m, name))
        entries.append((code, kind, name, macro, parser))
    out = f"//! {kind.capitalize()} rules, one per file.\n\n" + "".join(f"mod {m};\n" for m in mods) + "\n"
    out += "".join(f"pub use {m}::{n};\n" for c, m, n in info)
    open(directory + "/mod.rs", "w").write(out)

path = os.path.join(ROOT, "mod.rs")
s = open(path).read()
start = s.index("pub static RULES: &[Rule] = &[")
end = s.index("];", start) + 2
body = "pub static RULES: &[Rule] = &[\n"
for code, kind, name, macro, parser in sorted(entries):
    if parser:
        body += f"    Rule {{\n        meta: &{kind}::{name}::META,\n        check: Check::Parser,\n    }},\n"
    else:
        body += f"    {macro}!({name}),\n"
body += "];"
s = s[:start] + body + s[end:]
open(path, "w").write(s)
print(len(entries), "rules")
