use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::kubernetes::is_true;
use crate::kubernetes::{Container, Pod};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;
use crate::yaml::{Entry, Node};
use crate::yaml;

declare_rule! {
    /// ## What it does
    /// Flags containers without `readOnlyRootFilesystem: true`.
    ///
    /// ## Why is this bad?
    /// A writable image filesystem lets an attacker drop tools, change the app's code
    /// or plant a backdoor that lives as long as the container. Read-only, the only
    /// writable places are the volumes you mount (an `emptyDir` at `/tmp`).
    ///
    /// ## Example
    /// ```yaml
    /// securityContext:
    ///   runAsNonRoot: true
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// securityContext:
    ///   readOnlyRootFilesystem: true
    /// volumeMounts:
    /// - {name: tmp, mountPath: /tmp}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix sets `readOnlyRootFilesystem: true` and, unless the container
    /// already mounts something at `/tmp`, mounts a new `emptyDir` volume `tmp` there.
    /// An app that writes anywhere else in its image (a cache, a pid file) then fails.
    /// There is no fix for a container or `securityContext` pasted on its own, nor
    /// when `/tmp` needs a mount and the pod already has a volume named `tmp`.
    pub struct WritableRootFilesystem {
        code: "KS301",
        name: "writable-root-filesystem",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [
            Source::same(Tool::KubeLinter, "no-read-only-root-fs"),
            Source::same(Tool::Checkov, "CKV_K8S_22"),
            Source::same(Tool::Trivy, "KSV014"),
            Source::same(Tool::Polaris, "notReadOnlyRootFilesystem"),
            Source::same(Tool::KubeScore, "container-security-context-readonlyrootfilesystem"),
            Source::same(Tool::Kubesec, "ReadOnlyRootFilesystem"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [same(OWASP_8), same(NSA_IMMUTABLE_FILESYSTEM)],
    }
}

/// `readOnlyRootFilesystem: true`, plus an `emptyDir` mounted at `/tmp` (most
/// programs need a writable `/tmp`). Unsafe: the app may write elsewhere too.
fn read_only_with_tmp(
    source: &str,
    pod: &Pod<'_>,
    container: &Container<'_>,
    entry: Option<Entry<'_>>,
) -> Option<Fix> {
    if pod.is_lone_container() || container.bare_context {
        return None;
    }
    // Insertions at the same place keep their order: the `/tmp` mount goes right
    // after the existing mounts, before a new `securityContext:` block.
    let mut edits = Vec::new();
    let read_only = match (entry, container.security_context()) {
        (Some(entry), _) => Edit::replace(entry.value.range(), "true"),
        (None, Some(context)) => {
            yaml::edit::add_entry(source, context.value, "readOnlyRootFilesystem", "true")?
        }
        (None, None) => yaml::edit::add_nested(
            source,
            container.node,
            "securityContext",
            yaml::edit::guess_step(source, container.node),
            "readOnlyRootFilesystem",
            "true",
        )?,
    };
    let mounts = container.list("volumeMounts");
    let has_tmp = mounts.iter().any(|m| {
        m.get("mountPath")
            .and_then(Node::str)
            .is_some_and(|p| p.trim_end_matches('/') == "/tmp")
    });
    if !has_tmp {
        let volumes = pod.volumes();
        if volumes
            .iter()
            .any(|v| v.get("name").and_then(Node::str) == Some("tmp"))
        {
            return None;
        }
        let mount = "{name: tmp, mountPath: /tmp}";
        edits.push(match container.field("volumeMounts") {
            Some(list) if list.value.is_sequence() => {
                yaml::edit::add_item(source, list.value, mount)?
            }
            Some(_) => return None,
            None => yaml::edit::add_entry(
                source,
                container.node,
                "volumeMounts",
                &format!("[{mount}]"),
            )?,
        });
        edits.push(read_only.clone());
        let volume = "{name: tmp, emptyDir: {}}";
        edits.push(match pod.field("volumes") {
            Some(list) if list.value.is_sequence() => {
                yaml::edit::add_item(source, list.value, volume)?
            }
            Some(_) => return None,
            None => yaml::edit::add_entry(source, pod.spec, "volumes", &format!("[{volume}]"))?,
        });
    }
    if !edits.contains(&read_only) {
        edits.push(read_only);
    }
    Some(Fix::unsafe_(
        "Make the root filesystem read-only and mount an `emptyDir` at `/tmp`",
        edits,
    ))
}

impl WritableRootFilesystem {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (pod, container) in ctx.manifest.containers() {
            let entry = container.own("readOnlyRootFilesystem");
            if is_true(entry) {
                continue;
            }
            let range = entry.map_or_else(|| container.missing_anchor(), |e| e.value.range());
            out.push(
                Diagnostic::new(&Self::META, range, format!("{} can write to its image's filesystem, so an attacker's changes persist for the container's life", container.label()))
                    .with_help("Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the app must write (e.g. `/tmp`)")
                    .with_fix_opt(read_only_with_tmp(ctx.source, pod, container, entry)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::WritableRootFilesystem::META)
            .pass(&["kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {readOnlyRootFilesystem: true}\n"])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n",
                "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      readOnlyRootFilesystem: false\n",
                "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: x\n          volumeMounts:\n            - {name: data, mountPath: /data}\n      volumes:\n        - name: data\n          emptyDir: {}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
