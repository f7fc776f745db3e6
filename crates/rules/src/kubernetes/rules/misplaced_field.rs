use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::kubernetes::schema::{CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS, SHARED_FIELDS};
use crate::kubernetes::Pod;
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::engine::text::TextRange;
use crate::yaml::Entry;
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags security settings written where Kubernetes does not read them:
    /// container-only fields (`readOnlyRootFilesystem`, `allowPrivilegeEscalation`,
    /// `capabilities`, `privileged`, `procMount`) in the pod's `securityContext`,
    /// pod-only fields (`fsGroup`, `sysctls`, `supplementalGroups`...) in a
    /// container's, and security fields written straight under the container or pod
    /// spec instead of inside `securityContext`.
    ///
    /// ## Why is this bad?
    /// The API server drops unknown fields (kubectl only prints a warning), so the
    /// setting silently does nothing: a pod-level `readOnlyRootFilesystem: true` leaves
    /// every container writable while the manifest looks hardened. Other linters read
    /// the field where it is written and do not notice.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: app
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     readOnlyRootFilesystem: true   # dropped: container-only
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///   containers:
    ///   - name: app
    ///     securityContext:
    ///       readOnlyRootFilesystem: true
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a container-only field in the pod's `securityContext` moves into the
    /// `securityContext` of each container that does not set it, so the setting
    /// starts to take effect (`readOnlyRootFilesystem: true` makes every root
    /// read-only). Only for an entry on a line of its own, with no comment; the other
    /// misplaced fields get no fix and are moved by hand, as the help says.
    ///
    /// ## References
    /// - `kubectl apply --validate=strict` ("unknown field")
    pub struct MisplacedField {
        code: "KS002",
        name: "misplaced-field",
        severity: Error,
        file_kind: Kubernetes,
        checklist: None,
        sources: [Source::inspired(Tool::Kubectl, "--validate=strict")],
        fixes: [Unsafe],
        references: [],
    }
}

fn push(out: &mut Vec<Diagnostic>, range: crate::engine::text::TextRange, message: String, help: String) {
    out.push(Diagnostic::new(&MisplacedField::META, range, message).with_help(help));
}

/// Move a pod-level, container-only setting into every container that does not set it
/// itself. Unsafe: the setting starts to take effect. Only for a one-line entry with
/// nothing else (no comment) on its line.
fn move_to_containers(source: &str, pod: &Pod<'_>, entry: Entry<'_>) -> Option<Fix> {
    let field = entry.key.str()?;
    let value = entry.value.range().slice(source);
    let line_start = source[..entry.key.range().start()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = source[entry.value.range().end()..]
        .find('\n')
        .map_or(source.len(), |i| entry.value.range().end() + i + 1);
    let alone = source[line_start..entry.key.range().start()]
        .trim()
        .is_empty()
        && source[entry.value.range().end()..line_end]
            .trim()
            .is_empty();
    if value.contains('\n') || value.is_empty() || !alone || pod.containers.is_empty() {
        return None;
    }
    let mut edits = vec![Edit::delete(TextRange::new(line_start, line_end))];
    for container in pod.containers.iter().filter(|c| !c.bare_context) {
        if container.own(field).is_some() {
            continue;
        }
        edits.push(match container.security_context() {
            Some(context) if context.value.is_mapping() => {
                yaml::edit::add_entry(source, context.value, field, value)?
            }
            Some(_) => return None,
            None => yaml::edit::add_nested(
                source,
                container.node,
                "securityContext",
                yaml::edit::guess_step(source, container.node),
                field,
                value,
            )?,
        });
    }
    Some(Fix::unsafe_(
        format!("Move `{field}` into each container"),
        edits,
    ))
}

fn check_pod(source: &str, pod: &Pod<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(context) = pod.security_context() {
        for entry in context.value.entries() {
            let Some(field) = entry.key.str() else {
                continue;
            };
            if CONTAINER_ONLY_FIELDS.contains(&field) {
                out.push(
                    Diagnostic::new(&MisplacedField::META, entry.key.range(), format!("`{field}` only exists in a container's `securityContext`: at pod level Kubernetes drops it, so it has no effect"))
                        .with_help(format!("Move `{field}` into the `securityContext` of each container"))
                        .with_fix_opt(move_to_containers(source, pod, entry)),
                );
            }
        }
    }
    if pod.is_lone_container() {
        return;
    }
    for entry in pod.spec.entries() {
        let Some(field) = entry.key.str() else {
            continue;
        };
        if SHARED_FIELDS.contains(&field) || POD_ONLY_FIELDS.contains(&field) {
            push(
                out,
                entry.key.range(),
                format!(
                    "`{field}` is not a pod spec field: Kubernetes drops it, so it has no effect"
                ),
                format!("Move `{field}` into the pod's `securityContext`"),
            );
        }
    }
}

impl MisplacedField {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for pod in &ctx.manifest.pods {
            check_pod(ctx.source, pod, out);
            for container in &pod.containers {
                // A security context pasted on its own may be either level.
                let ambiguous = container.bare_context
                    || (pod.fragment
                        && container.node.get("image").is_none()
                        && container.node.get("name").is_none());
                if !ambiguous {
                    if let Some(context) = container.security_context() {
                        for entry in context.value.entries() {
                            let Some(field) = entry.key.str() else {
                                continue;
                            };
                            if POD_ONLY_FIELDS.contains(&field) {
                                push(out, entry.key.range(),
                                    format!("`{field}` only exists in the pod's `securityContext`: in a container's, Kubernetes drops it"),
                                    format!("Move `{field}` into `spec.securityContext` of the pod"));
                            }
                        }
                    }
                }
                if container.bare_context {
                    continue;
                }
                for entry in container.node.entries() {
                    let Some(field) = entry.key.str() else {
                        continue;
                    };
                    if CONTAINER_ONLY_FIELDS.contains(&field) || SHARED_FIELDS.contains(&field) {
                        push(out, entry.key.range(),
                            format!("`{field}` is not a container field: it belongs inside `securityContext`, and here Kubernetes drops it"),
                            format!("Move `{field}` under the container's `securityContext:`"));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::MisplacedField::META)
            .pass(&[
                "kind: Pod\nspec:\n  securityContext: {runAsNonRoot: true, fsGroup: 2000}\n  containers:\n  - name: a\n    image: x\n    securityContext: {readOnlyRootFilesystem: true, runAsUser: 1000}\n",
                "securityContext:\n  fsGroup: 2000\n  readOnlyRootFilesystem: true\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n    readOnlyRootFilesystem: true\n  containers: [{name: a, image: x}]\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    runAsNonRoot: true\n    securityContext:\n      fsGroup: 2000\n",
                "kind: Pod\nspec:\n  runAsUser: 1000\n  containers: [{name: a, image: x}]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
