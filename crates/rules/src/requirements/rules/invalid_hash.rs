use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist};
use crate::requirements::Line;
use crate::requirements::RequirementsContext;

declare_rule! {
    /// ## What it does
    /// Flags `--hash` values pip does not accept: an algorithm other than `sha256`,
    /// `sha384` or `sha512`, or a digest of the wrong length or with non-hex
    /// characters.
    ///
    /// ## Why is this bad?
    /// pip rejects the file, or the hash can never match, so the build fails; an
    /// `md5` hash would not protect anything even if pip took it.
    ///
    /// ## Example
    /// ```text
    /// flask==3.1.1 --hash=md5:0123456789abcdef0123456789abcdef
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// flask==3.1.1 --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136
    /// ```
    pub struct InvalidHash {
        code: "RQ003",
        name: "invalid-hash",
        severity: Error,
        file_kind: Requirements,
        checklist: Some(Checklist::PinnedDependencies),
        sources: [],
        references: [related(CIS_4_11)],
    }
}

impl InvalidHash {
    pub fn check(ctx: &RequirementsContext<'_>, out: &mut Vec<Diagnostic>) {
        for line in &ctx.requirements.lines {
            let Line::Requirement(requirement) = line else {
                continue;
            };
            for hash in &requirement.hashes {
                let (algorithm, digest) = hash
                    .value
                    .split_once(':')
                    .unwrap_or(("", hash.value.as_str()));
                let expected = match algorithm {
                    "sha256" => 64,
                    "sha384" => 96,
                    "sha512" => 128,
                    _ => {
                        out.push(Diagnostic::new(&Self::META, hash.range, format!("`{}` is not a hash pip accepts: it needs `sha256:`, `sha384:` or `sha512:` and the hex digest", hash.value)).with_help("Regenerate the hashes with `pip-compile --generate-hashes`"));
                        continue;
                    }
                };
                if digest.len() != expected || !digest.chars().all(|c| c.is_ascii_hexdigit()) {
                    out.push(Diagnostic::new(&Self::META, hash.range, format!("A {algorithm} digest is {expected} hex characters; this one is {} characters{}", digest.len(), if digest.chars().all(|c| c.is_ascii_hexdigit()) { "" } else { " and not all hex" })).with_help("Copy the whole digest, or regenerate with `pip-compile --generate-hashes`"));
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
        let rendered = RuleTest::new(&super::InvalidHash::META)
            .pass(&["flask==3.1.1 --hash=sha256:d667207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\n"])
            .fail(&["flask==3.1.1 --hash=md5:0123456789abcdef0123456789abcdef\n", "flask==3.1.1 --hash=sha256:d667207822eb\n", "flask==3.1.1 --hash sha256:zz67207822eb83f1c4b50949b1623c8fc8d51f2341d65f72e1a1815397551136\n"])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
