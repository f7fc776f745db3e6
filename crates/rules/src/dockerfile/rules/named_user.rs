use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags a shipped image whose `USER` is a name (`USER app`) rather than a numeric
    /// UID (`USER 65532`).
    ///
    /// ## Why is this bad?
    /// Kubernetes' `runAsNonRoot: true` can only verify a numeric user: with a name and
    /// no `runAsUser` in the pod spec, the kubelet refuses to start the container
    /// ("image has non-numeric user, cannot verify user is non-root"). A numeric UID also
    /// means the same thing on every node and in every volume. 65532 is the UID that
    /// distroless and Chainguard images use for `nonroot`.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// USER 65532
    /// ```
    ///
    /// ## References
    /// - Kubernetes docs: `runAsNonRoot` and non-numeric users
    pub struct NamedUser {
        code: "DF201",
        name: "named-user",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::NonRoot),
        sources: [Source::inspired(Tool::Tally, "tally/named-identity-in-passwdless-stage")],
        whole_file: true,
        references: [related(CIS_4_1), related(OWASP_2)],
    }
}

impl NamedUser {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        let Some((_, word)) = stage.user() else {
            return;
        };
        let name = word.text.split(':').next().unwrap_or_default();
        if name.is_empty()
            || name.starts_with('$')
            || name.chars().all(|c| c.is_ascii_digit())
            || crate::dockerfile::is_root_user(name)
            || stage.non_posix_shell()
        {
            return;
        }
        let suggestion = if name == "nonroot" { "65532" } else { "<uid>" };
        out.push(
            Diagnostic::new(
                &Self::META,
                word.range,
                format!("`USER {name}` is a name: Kubernetes' `runAsNonRoot` cannot verify it and will refuse to start the pod unless `runAsUser` is set"),
            )
            .with_help(format!("Use the numeric UID, e.g. `USER {suggestion}` (65532 is the conventional non-root UID)")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NamedUser::META)
            .pass(&[
                "FROM a\nUSER 65532",
                "FROM a\nUSER 1000:1000",
                "FROM a\nUSER $APP_UID",
                "FROM a\nUSER app\nFROM b\nUSER 10001",
            ])
            .fail(&["FROM a\nUSER app", "FROM a\nUSER nonroot:nonroot"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
