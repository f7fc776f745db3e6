//! Compiles `data/base-images.toml` and `data/variants.toml` into Rust statics, so the
//! library (and the playground's WebAssembly) carries the catalogs as data, not a TOML
//! parser. A malformed entry fails the build with the file, entry and field named.

use std::fmt::Write as _;
use std::path::Path;

/// Field kinds of the catalog's records.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    OptStr,
    Bool,
    OptU32,
    StrList,
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
    ("family", Kind::Str, true),
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
}
