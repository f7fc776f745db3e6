use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::Fix;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::yaml::edit::{add_entry, add_item};

declare_rule! {
    /// ## What it does
    /// Flags a service without `cap_drop: [ALL]`.
    ///
    /// ## Why is this bad?
    /// Docker starts containers with 14 capabilities, among them `NET_RAW` (forged
    /// packets, ARP spoofing on the bridge), `DAC_OVERRIDE` (ignore file permissions)
    /// and `SETUID`. Most apps need none of them; dropping all and adding back the one
    /// an app needs leaves an attacker much less to work with.
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
    ///     cap_drop: [ALL]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix adds `cap_drop: [ALL]` (or `ALL` to an existing `cap_drop`
    /// list). An image whose entrypoint runs `chown`, or switches user with `gosu` or
    /// `su-exec` (the official database images do), then fails: add back what it needs
    /// (`CHOWN`, `SETUID`, `SETGID`, `DAC_OVERRIDE`) under `cap_add`.
    pub struct CapabilitiesNotDropped {
        code: "CP105",
        name: "service-capabilities-not-dropped",
        severity: Info,
        file_kind: Compose,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::same(Tool::ComposeSpec, "cap_drop"),
        ],
        fixes: [Unsafe],
        whole_file: true,
        references: [related(CIS_5_4), same(OWASP_3)],
    }
}

impl CapabilitiesNotDropped {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            // Set in a service of another file it extends: judged there.
            if service.inherits("cap_drop") {
                continue;
            }
            let dropped = service.strings("cap_drop");
            if dropped.iter().any(|(c, _)| c.eq_ignore_ascii_case("ALL")) {
                continue;
            }
            let (range, edit) = match service.field("cap_drop") {
                Some(entry) if entry.value.is_sequence() => {
                    (entry.key.range(), add_item(ctx.source, entry.value, "ALL"))
                }
                Some(entry) => (entry.key.range(), None),
                None => (service.anchor(), add_entry(ctx.source, service.node, "cap_drop", "[ALL]")),
            };
            out.push(
                Diagnostic::new(&Self::META, range, format!("Service `{}` keeps Docker's default capabilities (`NET_RAW`, `DAC_OVERRIDE`, `SETUID`...)", service.name))
                    .with_help("Add `cap_drop: [ALL]`, and add back under `cap_add` only what the app needs")
                    .with_fix_opt(edit.map(|e| Fix::unsafe_("Drop all capabilities", vec![e]))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CapabilitiesNotDropped::META)
            .pass(&["services:\n  app:\n    image: x:1\n    cap_drop: [ALL]\n", "services: {app: {image: x, cap_drop: [all]}}\n"])
            .fail(&[
                "services:\n  app:\n    image: x:1 # pinned\n  db:\n    image: postgres:17\n",
                "services:\n  app:\n    image: x:1\n    cap_drop:\n      - NET_RAW\n",
                "services: {app: {image: x}}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
