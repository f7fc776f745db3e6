//! Compiles `data/base-images.toml` and `data/variants.toml` into Rust statics, so the
//! library (and the playground's WebAssembly) carries the catalogs as data, not a TOML
//! parser. A malformed entry fails the build with the file, entry and field named.

use std::fmt::Write as _;
use std::path::Path;

/// `content/`: the course, the explanations and the examples.
#[path = "build/content.rs"]
mod content;

/// Field kinds of the catalog's records.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    OptStr,
    Bool,
    OptU32,
    StrList,
    /// A variant base family: `slim` becomes `Family::Slim`.
    Family,
}

const IMAGE_FIELDS: &[(&str, Kind, bool)] = &[
    ("repository", Kind::Str, true),
    ("tag", Kind::Str, true),
    ("family", Kind::Str, true),
    ("minimal", Kind::Bool, true),
    ("dev_variant", Kind::Bool, false),
    ("build_toolchain", Kind::Bool, false),
    ("full_alternative", Kind::OptStr, false),
    ("shell", Kind::Bool, true),
    ("package_manager", Kind::Str, true),
    ("default_user", Kind::Str, true),
    ("default_uid", Kind::OptU32, false),
    ("tools", Kind::StrList, false),
    ("libc", Kind::Str, true),
    ("ca_certificates", Kind::Bool, false),
    ("language_version", Kind::OptStr, false),
    ("interpreter", Kind::OptStr, false),
    ("only_latest", Kind::Bool, false),
    ("checked_on", Kind::Str, true),
];

const EOL_FIELDS: &[(&str, Kind, bool)] = &[
    ("repository", Kind::Str, true),
    ("versions", Kind::StrList, false),
    ("date", Kind::Str, true),
    ("what", Kind::Str, true),
    ("estimate", Kind::Bool, false),
];

const BASE_FIELDS: &[(&str, Kind, bool)] = &[
    ("language", Kind::Str, true),
    ("family", Kind::Family, true),
    ("default", Kind::Bool, false),
    ("title", Kind::Str, true),
    ("image", Kind::Str, true),
    ("builder", Kind::Str, true),
    ("debug_image", Kind::OptStr, false),
    ("os", Kind::Str, true),
    ("size", Kind::Str, true),
    ("shell", Kind::Str, true),
    ("package_manager", Kind::Str, true),
    ("user", Kind::Str, true),
    ("uid", Kind::OptU32, false),
    ("home", Kind::Str, true),
    ("libc", Kind::Str, true),
    ("language_version", Kind::Str, true),
    ("interpreter", Kind::OptStr, false),
    ("site_packages", Kind::OptStr, false),
    ("ca_certificates", Kind::Bool, false),
    ("tzdata", Kind::Bool, false),
    ("end_of_life", Kind::Str, true),
    ("debugging", Kind::Str, true),
    ("stops_working", Kind::Str, true),
    ("checked_on", Kind::Str, true),
    ("estimate", Kind::Bool, false),
];

const PIN_FIELDS: &[(&str, Kind, bool)] = &[
    ("repository", Kind::Str, true),
    ("tag", Kind::Str, true),
    ("checked_on", Kind::Str, true),
    ("estimate", Kind::Bool, false),
];

fn value(table: &toml::Table, record: &str, field: &str, kind: Kind, required: bool) -> String {
    let found = table.get(field);
    let fail = |why: &str| -> ! { panic!("{record}: `{field}` {why}") };
    if found.is_none() && required {
        fail("is required");
    }
    match (kind, found) {
        (Kind::Str, Some(toml::Value::String(s))) => format!("{s:?}"),
        (Kind::OptStr, Some(toml::Value::String(s))) => format!("Some({s:?})"),
        (Kind::Bool, Some(toml::Value::Boolean(b))) => b.to_string(),
        (Kind::Bool, None) => "false".to_owned(),
        (Kind::OptU32, Some(toml::Value::Integer(n))) => {
            let n = u32::try_from(*n).unwrap_or_else(|_| fail("must fit in a u32"));
            format!("Some({n})")
        }
        (Kind::OptStr | Kind::OptU32, None) => "None".to_owned(),
        (Kind::StrList, Some(toml::Value::Array(items))) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| match i {
                    toml::Value::String(s) => format!("{s:?}"),
                    _ => fail("must be a list of strings"),
                })
                .collect();
            format!("&[{}]", items.join(", "))
        }
        (Kind::StrList, None) => "&[]".to_owned(),
        (Kind::Family, Some(toml::Value::String(s))) => match s.as_str() {
            "slim" => "Family::Slim".to_owned(),
            "chainguard" => "Family::Chainguard".to_owned(),
            "distroless" => "Family::Distroless".to_owned(),
            "scratch" => "Family::Scratch".to_owned(),
            "static" => "Family::Static".to_owned(),
            _ => fail("must be slim, chainguard, distroless, scratch or static"),
        },
        _ => fail("has the wrong type"),
    }
}

/// One kind of record in a data file: `[[kind]]` tables that become `type_name` values.
struct Records<'a> {
    file: &'a str,
    kind: &'a str,
    type_name: &'a str,
    /// The field that names a record in error messages.
    name_field: &'a str,
    fields: &'a [(&'a str, Kind, bool)],
}

fn records(out: &mut String, items: Option<&toml::Value>, spec: &Records<'_>) {
    let Records {
        file,
        kind,
        type_name,
        name_field,
        fields,
    } = spec;
    let empty = Vec::new();
    let items = match items {
        Some(toml::Value::Array(items)) => items,
        None => &empty,
        Some(_) => panic!("{file}: `{kind}` must be an array of tables"),
    };
    for (n, item) in items.iter().enumerate() {
        let toml::Value::Table(table) = item else {
            panic!("{file}: {kind} #{} is not a table", n + 1);
        };
        let name = table
            .get(*name_field)
            .and_then(toml::Value::as_str)
            .unwrap_or("?");
        let record = format!("{file}: {kind} #{} ({name})", n + 1);
        for key in table.keys() {
            assert!(
                fields.iter().any(|(f, _, _)| f == key),
                "{record}: unknown field `{key}`"
            );
        }
        let _ = write!(out, "    {type_name} {{ ");
        for &(field, field_kind, required) in *fields {
            let _ = write!(
                out,
                "{field}: {}, ",
                value(table, &record, field, field_kind, required)
            );
        }
        out.push_str("},\n");
    }
}

/// Read a data file and its top-level `checked_on` date.
fn read(manifest: &str, file: &str) -> (toml::Table, String) {
    println!("cargo::rerun-if-changed={file}");
    let text = std::fs::read_to_string(Path::new(manifest).join(file))
        .unwrap_or_else(|e| panic!("read {file}: {e}"));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{file}: {e}"));
    let checked_on = table
        .get("checked_on")
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("{file}: `checked_on` is required"))
        .to_owned();
    (table, checked_on)
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let file = "data/base-images.toml";
    let (table, checked_on) = read(&manifest, file);
    let spec = |kind, type_name, fields| Records {
        file,
        kind,
        type_name,
        name_field: "repository",
        fields,
    };
    let mut out = String::from("// Generated by build.rs from data/base-images.toml.\n\n");
    let _ = writeln!(out, "pub(crate) const CHECKED_ON: &str = {checked_on:?};\n");
    out.push_str("pub(crate) static IMAGES: &[ImageFacts] = &[\n");
    records(
        &mut out,
        table.get("image"),
        &spec("image", "ImageFacts", IMAGE_FIELDS),
    );
    out.push_str("];\n\npub(crate) static EOL: &[EndOfLife] = &[\n");
    records(
        &mut out,
        table.get("eol"),
        &spec("eol", "EndOfLife", EOL_FIELDS),
    );
    out.push_str("];\n\npub(crate) static PINS: &[Pin] = &[\n");
    records(&mut out, table.get("pin"), &spec("pin", "Pin", PIN_FIELDS));
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("catalog_data.rs"), out)
        .expect("write catalog_data.rs");

    let file = "data/variants.toml";
    let (table, checked_on) = read(&manifest, file);
    let mut out = String::from("// Generated by build.rs from data/variants.toml.\n\n");
    let _ = writeln!(out, "pub(crate) const CHECKED_ON: &str = {checked_on:?};\n");
    out.push_str("pub(crate) static BASES: &[BaseFacts] = &[\n");
    let spec = Records {
        file,
        kind: "base",
        type_name: "BaseFacts",
        name_field: "image",
        fields: BASE_FIELDS,
    };
    records(&mut out, table.get("base"), &spec);
    out.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("variants_data.rs"), out)
        .expect("write variants_data.rs");

    rules_registry(&manifest, &out_dir);
    content::compile(&manifest, &out_dir);
}

/// The rule folders: each language's `rules/` (and the linter's own limits), the
/// module the folder is, the file the module list is written to, and the macro in
/// `linter/registry.rs` that makes a `Rule` of each.
const RULE_FOLDERS: &[(&str, &str, &str, &str)] = &[
    (
        "dockerfile/rules",
        "crate::dockerfile::rules",
        "rules_dockerfile.rs",
        "dockerfile_rule",
    ),
    (
        "kubernetes/rules",
        "crate::kubernetes::rules",
        "rules_kubernetes.rs",
        "kubernetes_rule",
    ),
    (
        "compose/rules",
        "crate::compose::rules",
        "rules_compose.rs",
        "compose_rule",
    ),
    (
        "requirements/rules",
        "crate::requirements::rules",
        "rules_requirements.rs",
        "requirements_rule",
    ),
    (
        "crossfile/rules",
        "crate::crossfile::rules",
        "rules_crossfile.rs",
        "crossfile_rule",
    ),
    (
        "linter/limits",
        "crate::linter::limits",
        "rules_limits.rs",
        "",
    ),
];

/// Rules register themselves: every file in a rule folder (but `mod.rs`) is a rule, and
/// this writes each folder's module list (included by its `mod.rs`) and the `RULES`
/// table, ordered by code (`rules_table.rs`). A rule is its
/// `pub struct Name { code: "XX000", ... }`; one without a `fn check` is reported by
/// the parser or the engine (`Check::Parser`). Adding a rule is adding its file.
fn rules_registry(manifest: &str, out_dir: &str) {
    let mut table: Vec<(String, String)> = Vec::new();
    for (folder, module_path, list, rule_macro) in RULE_FOLDERS {
        println!("cargo:rerun-if-changed=src/{folder}");
        let folder_path = Path::new(manifest).join("src").join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&folder_path)
            .unwrap_or_else(|e| panic!("{}: {e}", folder_path.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| {
                path.extension().is_some_and(|x| x == "rs")
                    && path.file_name().is_some_and(|n| n != "mod.rs")
            })
            .collect();
        files.sort();
        let mut modules = format!("// Generated by build.rs from the files in src/{folder}/.\n\n");
        for path in &files {
            let module = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name");
            let text = std::fs::read_to_string(path).expect("rule file");
            let name = after(&text, "pub struct ", " {").unwrap_or_else(|| {
                panic!(
                    "{}: no `pub struct Name {{` (one rule per file)",
                    path.display()
                )
            });
            let code = after(&text, "code: \"", "\"")
                .unwrap_or_else(|| panic!("{}: no `code: \"XX000\"`", path.display()));
            let _ = writeln!(
                modules,
                "#[path = {:?}]\nmod {module};\npub(crate) use {module}::{name};",
                path.display().to_string()
            );
            let entry = if text.contains("fn check") && !rule_macro.is_empty() {
                format!("    {rule_macro}!({name}),\n")
            } else {
                format!("    Rule {{\n        meta: &{module_path}::{name}::META,\n        check: Check::Parser,\n    }},\n")
            };
            table.push((code.to_owned(), entry));
        }
        std::fs::write(Path::new(out_dir).join(list), modules).expect("write the rule modules");
    }
    table.sort();
    let mut out = String::from("// Generated by build.rs from the rule files.\n\n/// Every rule, ordered by code.\npub static RULES: &[Rule] = &[\n");
    for (_, entry) in &table {
        out.push_str(entry);
    }
    out.push_str("];\n");
    std::fs::write(Path::new(out_dir).join("rules_table.rs"), out).expect("write rules_table.rs");
}

/// The text between the first `start` and the `end` after it.
fn after<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}
