use crate::dockerfile::{DockerfileContext, Instruction, Keyword, Word};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags an exec-form `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` argument that
    /// holds a variable, such as `CMD ["java", "-Dserver.port=${PORT}", "-jar", "app.jar"]`
    /// or `ENTRYPOINT ["echo", "$HOME"]`.
    ///
    /// ## Why is this bad?
    /// The exec form runs the program directly, with no shell, and Docker does not
    /// expand variables in these instructions: the program gets the text `${PORT}` as
    /// written. The image builds, and the app starts on the wrong port, opens a file
    /// called `$HOME`, or fails on an argument it cannot read. A shell's script
    /// (`["sh", "-c", "..."]`) and the code after an interpreter's `-c` or `-e` are not
    /// flagged: they expand their own variables.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["java", "-Dserver.port=${PORT}", "-jar", "app.jar"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["sh", "-c", "exec java -Dserver.port=${PORT} -jar app.jar"]
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix runs the command through `sh -c` with `exec`, so the
    /// variables are expanded and the program still gets the signals; the image needs a
    /// `/bin/sh`, and a literal `$` meant for the program would now be expanded too. An
    /// `ENTRYPOINT` passes its `CMD` on with `"$@"`.
    ///
    /// ## References
    /// - Docker docs: "Unlike the shell form, the exec form does not invoke a command
    ///   shell. This means that normal shell processing does not happen."
    pub struct ExecFormVariable {
        code: "DF026",
        name: "exec-form-variable",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: None,
        sources: [],
        fixes: [DisplayOnly],
        references: [],
    }
}

/// A word as `sh` reads it in the script: as written when it has nothing the shell
/// would split or change other than its variables, else in double quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && !word.contains(|c: char| {
            c.is_whitespace() || "\"'\\`;&|<>()*?[]#~!".contains(c)
        });
    if plain {
        return word.to_owned();
    }
    crate::dockerfile::syntax::shell::double_quoted(word)
}


/// The command as `["sh", "-c", "exec <words>"]`; an entrypoint's passes its `CMD` on
/// as `"$@"`.
fn shell_array(entrypoint: bool, words: &[&str]) -> String {
    let mut script = String::from("exec");
    for word in words {
        script.push(' ');
        script.push_str(&shell_word(word));
    }
    if entrypoint {
        script.push_str(" \"$@\"");
        format!("[\"sh\", \"-c\", {}, \"sh\"]", crate::dockerfile::syntax::json_form::quote(&script))
    } else {
        format!("[\"sh\", \"-c\", {}]", crate::dockerfile::syntax::json_form::quote(&script))
    }
}

/// `["sh", "-c", "exec <the command>"]` in place of the array (an `ENTRYPOINT` passes
/// its `CMD` on as `"$@"`).
fn through_shell(ctx: &DockerfileContext<'_>, instruction: &Instruction, words: &[Word]) -> Option<Fix> {
    let offset = instruction.body_offset();
    let body = instruction.body();
    let range = instruction.args.source_range(offset, offset + body.len());
    if instruction.keyword == Keyword::Healthcheck || range.slice(ctx.source) != body {
        return None;
    }
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let array = shell_array(instruction.keyword == Keyword::Entrypoint, &texts);
    Some(Fix::display_only(
        "Run it through `sh -c`, which expands the variables",
        vec![Edit::replace(range, array)],
    ))
}

impl ExecFormVariable {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if stage.non_posix_shell() {
                continue;
            }
            for instruction in stage.instructions {
                let found = instruction.unexpanded_variables();
                let Some((first, _)) = found.first() else {
                    continue;
                };
                let mut names: Vec<String> = Vec::new();
                for name in found.iter().flat_map(|(_, names)| names) {
                    let name = format!("`${name}`");
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                let names = names.join(", ");
                let keyword = if instruction.keyword == Keyword::Healthcheck {
                    "HEALTHCHECK CMD".to_owned()
                } else {
                    instruction.keyword.to_string()
                };
                let words = instruction.arguments();
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        first.range,
                        format!("The exec form of `{keyword}` runs no shell, so {names} is passed as written and never expanded"),
                    )
                    .with_help("Use the shell form, or run the command through a shell: `[\"sh\", \"-c\", \"exec program ${VAR}\"]`")
                    .with_fix_opt(through_shell(ctx, instruction, &words)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::ExecFormVariable::META)
            .pass(&[
                "FROM a\nCMD java -Dserver.port=${PORT} -jar app.jar",
                "FROM a\nCMD [\"sh\", \"-c\", \"exec java -Dserver.port=${PORT} -jar app.jar\"]",
                "FROM a\nENTRYPOINT [\"/sbin/tini\", \"--\", \"bash\", \"-c\", \"echo $HOME\"]",
                "FROM a\nCMD [\"python\", \"-c\", \"import os; print('$x')\"]",
                "FROM a\nCMD [\"/entrypoint.sh\", \"$@\"]",
                "FROM a\nCMD [\"grep\", \"-E\", \"end$\"]",
                "FROM a\nCOPY [\"$SRC\", \"/app/\"]",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nCMD [\"powershell\", \"-Command\", \"$env:PATH\"]",
            ])
            .fail(&[
                "FROM a\nCMD [\"java\", \"-Dserver.port=${PORT}\", \"-jar\", \"app.jar\"]",
                "FROM a\n# greet\nENTRYPOINT [\"echo\", \"$HOME\"]",
                "FROM a\nRUN [\"cp\", \"$SRC dir\", \"${DEST:-/tmp}\"]",
                "FROM a\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:$PORT/\"]",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn the_shell_array_keeps_each_word() {
        assert_eq!(
            super::shell_array(false, &["java", "-Dserver.port=${PORT}", "-jar", "app.jar"]),
            r#"["sh", "-c", "exec java -Dserver.port=${PORT} -jar app.jar"]"#
        );
        assert_eq!(
            super::shell_array(true, &["echo", "$HOME", "a \"b\""]),
            r#"["sh", "-c", "exec echo $HOME \"a \\\"b\\\"\" \"$@\"", "sh"]"#
        );
    }
}
