use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::yaml::edit::{add_entry, add_item};

declare_rule! {
    /// ## What it does
    /// Flags a service without `read_only: true`.
    ///
    /// ## Why is this bad?
    /// With a writable root filesystem an attacker who gets code running can change
    /// the app's own files, drop tools and keep them across restarts of the process. A
    /// read-only root, with a `tmpfs` for the folders the app writes (`/tmp`) and named
    /// volumes for its data, leaves nowhere to hide them.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     read_only: true
    ///     tmpfs: [/tmp]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix sets `read_only: true` and adds a `tmpfs` at `/tmp` (unless one
    /// is there). An app that writes anywhere else (a cache, a pid file, `/var/run`)
    /// then fails at start: give that folder a `tmpfs` or a volume too.
    pub struct WritableRootFilesystem {
        code: "CP109",
        name: "service-writable-root-filesystem",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::ReadOnlyAndLimits),
        sources: [
            Source::same(Tool::ComposeSpec, "read_only"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [same(CIS_5_13), same(OWASP_8)],
    }
}

impl WritableRootFilesystem {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("read_only") {
                continue;
            }
            let entry = service.field("read_only");
            if entry.is_some_and(|e| e.value.bool() == Some(true)) {
                continue;
            }
            let mut edits = Vec::new();
            match entry {
                Some(e) if e.value.bool() == Some(false) => {
                    edits.push(Edit::replace(e.value.range(), "true"));
                }
                Some(_) => {}
                None => edits.extend(add_entry(ctx.source, service.node, "read_only", "true")),
            }
            let tmpfs = service.strings("tmpfs");
            if !edits.is_empty() && !tmpfs.iter().any(|(t, _)| t.split(':').next() == Some("/tmp")) {
                let tmp = match service.field("tmpfs") {
                    Some(t) if t.value.is_sequence() => add_item(ctx.source, t.value, "/tmp"),
                    Some(_) => None,
                    None => add_entry(ctx.source, service.node, "tmpfs", "[/tmp]"),
                };
                match (tmp, edits.first_mut()) {
                    // Two additions at the end of the service: one insertion, in order.
                    (Some(tmp), Some(first)) if first.range == tmp.range => {
                        first.replacement.push_str(&tmp.replacement);
                    }
                    (Some(tmp), _) => edits.push(tmp),
                    (None, _) => edits.clear(),
                }
            }
            let range = entry.map_or_else(|| service.anchor(), |e| e.value.range());
            out.push(
                Diagnostic::new(&Self::META, range, format!("Service `{}` can write anywhere in its own filesystem", service.name))
                    .with_help("Set `read_only: true`, with `tmpfs: [/tmp]` and volumes for the folders the app writes")
                    .with_fix_opt((!edits.is_empty()).then(|| Fix::unsafe_("Make the root filesystem read-only, with a tmpfs at /tmp", edits))),
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
            .pass(&["services:\n  app:\n    image: x:1\n    read_only: true\n"])
            .fail(&[
                "services:\n  app:\n    image: x:1\n",
                "services:\n  app:\n    image: x:1\n    read_only: false\n    tmpfs:\n      - /run\n",
                "services: {app: {image: x, tmpfs: /tmp}}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
