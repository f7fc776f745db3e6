//! SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).
//! Columns are counted in UTF-16 code units, SARIF's default `columnKind`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::registry::Severity;
use crate::engine::text::LineIndex;
use crate::linter::registry::RULES;

/// One linted file (its path is the artifact URI).
pub use super::LintedFile as SarifInput;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: MultiformatMessage,
    default_configuration: Configuration,
    /// The standards' items the rule implements, and their numbers as tags (code
    /// scanning dashboards filter by tags).
    properties: RuleProperties,
}

#[derive(Debug, Serialize)]
struct RuleProperties {
    references: Vec<crate::knowledge::standards::Reference>,
    tags: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct Message {
    text: String,
}

#[derive(Debug, Serialize)]
struct MultiformatMessage {
    text: String,
    markdown: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    /// SARIF's property bag: the Pod Security Standards level a finding breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    pss_level: crate::PssLevel,
    pss_version: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SARIF names the field `physicalLocation`
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a relative URI reference: forward slashes, spaces and other unsafe
/// characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A rule as SARIF describes it.
fn descriptor(meta: &crate::engine::registry::RuleMeta) -> ReportingDescriptor {
    ReportingDescriptor {
        id: meta.code,
        name: meta.name,
        short_description: Message {
            text: meta.summary(),
        },
        full_description: Message {
            text: meta.summary(),
        },
        help: MultiformatMessage {
            text: meta.docs(),
            markdown: meta.docs(),
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: {
            let references = meta.references();
            RuleProperties {
                tags: references
                    .iter()
                    .map(|r| format!("{} {}", r.item.standard, r.item.id))
                    .collect(),
                references,
            }
        },
    }
}

/// Build the SARIF log for a set of linted files.
pub fn log(files: &[SarifInput<'_>]) -> Log {
    let rules = RULES.iter().map(|rule| descriptor(rule.meta)).collect();
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(file.source);
        for d in file.diagnostics {
            let start = index.line_col(d.range.start(), file.source);
            let end = index.line_col(d.range.end(), file.source);
            let text = d.message_and_fix(" ");
            results.push(SarifResult {
                rule_id: d.code,
                rule_index: RULES
                    .iter()
                    .position(|r| r.meta.code == d.code)
                    .unwrap_or(0),
                level: level(d.severity),
                message: Message { text },
                properties: d.pss.map(|pss_level| Properties {
                    pss_level,
                    pss_version: crate::PSS_VERSION,
                }),
                related_locations: d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| Location {
                        id: Some(id),
                        physical_location: PhysicalLocation {
                            artifact_location: ArtifactLocation { uri: uri(&r.path) },
                            region: Region {
                                start_line: r.start.line,
                                start_column: r.start.utf16_column,
                                end_line: r.end.line,
                                end_column: r.end.utf16_column,
                            },
                        },
                        message: Some(Message {
                            text: r.message.clone(),
                        }),
                    })
                    .collect(),
                locations: vec![Location {
                    id: None,
                    message: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(file.path),
                        },
                        region: Region {
                            start_line: start.line,
                            start_column: start.utf16_column,
                            end_line: end.line,
                            end_column: end.utf16_column,
                        },
                    },
                }],
            });
        }
    }
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "bulkhead",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            results,
            column_kind: "utf16CodeUnits",
        }],
    }
}
