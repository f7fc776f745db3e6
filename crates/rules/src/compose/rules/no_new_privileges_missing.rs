use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::yaml::edit::{add_entry, add_item};

declare_rule! {
    /// ## What it does
    /// Flags a service whose `security_opt` does not include `no-new-privileges:true`.
    ///
    /// ## Why is this bad?
    /// Without it, a process in the container can gain privileges through setuid and
    /// setgid programs (`su`, `sudo`, a planted binary) or file capabilities: the step
    /// from a foothold as an app user to root. It is Compose's form of Kubernetes'
    /// `allowPrivilegeEscalation: false`.
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
    ///     security_opt: ["no-new-privileges:true"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix adds `no-new-privileges:true` to `security_opt` (created if
    /// missing). It only takes away the setuid route to more privileges; an image that
    /// switches user at start with `gosu` or `su-exec` still works, since those run as
    /// root already.
    pub struct NoNewPrivilegesMissing {
        code: "CP106",
        name: "no-new-privileges-missing",
        severity: Warning,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::ComposeSpec, "security_opt"),
        ],
        fixes: [Safe],
        whole_file: true,
        references: [same(CIS_5_26), same(OWASP_4)],
    }
}

impl NoNewPrivilegesMissing {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("security_opt") {
                continue;
            }
            let options = service.strings("security_opt");
            let set = options.iter().any(|(o, _)| {
                let o = o.replace(' ', "");
                o == "no-new-privileges" || o == "no-new-privileges:true" || o == "no-new-privileges=true"
            });
            if set {
                continue;
            }
            let (range, edit) = match service.field("security_opt") {
                Some(entry) if entry.value.is_sequence() => (
                    entry.key.range(),
                    add_item(ctx.source, entry.value, "\"no-new-privileges:true\""),
                ),
                Some(entry) => (entry.key.range(), None),
                None => (
                    service.anchor(),
                    add_entry(ctx.source, service.node, "security_opt", "[\"no-new-privileges:true\"]"),
                ),
            };
            out.push(
                Diagnostic::new(&Self::META, range, format!("Service `{}` lets its processes gain privileges through setuid programs", service.name))
                    .with_help("Add `security_opt: [\"no-new-privileges:true\"]`")
                    .with_fix_opt(edit.map(|e| Fix::safe("Add `no-new-privileges:true`", vec![e]))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NoNewPrivilegesMissing::META)
            .pass(&[
                "services:\n  app:\n    image: x:1\n    security_opt: [\"no-new-privileges:true\"]\n",
                "services:\n  app:\n    image: x:1\n    security_opt:\n      - no-new-privileges\n",
            ])
            .fail(&[
                "services:\n  app:\n    image: x:1\n",
                "services:\n  app:\n    image: x:1\n    security_opt:\n      - apparmor:docker-default\n",
                "services:\n  app:\n    image: x:1\n    security_opt: [\"no-new-privileges:false\"]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
