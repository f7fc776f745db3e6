use crate::dockerfile::{DockerfileContext, Stage};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<name>` where `<name>` is not a stage defined before the
    /// current one, not the index of an earlier stage, and does not look like an image
    /// reference (one with a `/`, `:` or `.`, such as `nginx:1.27` or `ghcr.io/org/tool`).
    ///
    /// ## Why is this bad?
    /// A bare name that no earlier `FROM ... AS <name>` defines is usually a typo
    /// (`builder` for `build`) or a stage written further down. BuildKit reads an
    /// unknown name as an image and pulls `docker.io/library/<name>`: the build then
    /// fails with a confusing pull error or, worse, copies files out of an image someone
    /// else published under that name. A stage defined later is refused ("it needs to be
    /// defined before current stage"); older builders copied nothing, or failed on a
    /// missing file. Stage names compare case-insensitively, and `--from=<n>` counts
    /// stages from 0.
    ///
    /// To copy from an image on purpose, write it in full with its tag
    /// (`--from=busybox:1.37`), which also says which version you get. A name passed
    /// with `docker buildx build --build-context <name>=...` is not visible here:
    /// silence the finding with `# bulkhead ignore=DF014` on the line before.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=builder /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build /out/app /app
    /// ```
    pub struct CopyFromUnknownStage {
        code: "DF014",
        name: "copy-from-unknown-stage",
        severity: Error,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::inspired(Tool::Hadolint, "DL3022"),
            Source::inspired(Tool::Tally, "hadolint/DL3022"),
        ],
        whole_file: true,
        references: [],
    }
}

impl CopyFromUnknownStage {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let stages = &ctx.model.stages;
        for stage in stages {
            // A snippet without `FROM`: the stage it copies from may be in the part left out.
            if stage.fragment {
                continue;
            }
            for copy in stage.copies() {
                let Some(from) = copy.from.as_ref() else {
                    continue;
                };
                let Some(value) = from.value.as_deref() else {
                    continue;
                };
                let value = value.trim_matches(['"', '\'']);
                let Some((message, help)) = judge(ctx, stages, stage, value) else {
                    continue;
                };
                out.push(Diagnostic::new(&Self::META, from.range, message).with_help(help));
            }
        }
    }
}

/// What is wrong with `--from=<value>` in `current`, as a message and a help, or
/// `None` when it names an earlier stage or an image.
fn judge(
    ctx: &DockerfileContext<'_>,
    stages: &[Stage<'_>],
    current: &Stage<'_>,
    value: &str,
) -> Option<(String, String)> {
    // Build arguments are resolved at build time; `/`, `:`, `.` and `@` mark an image
    // reference; `scratch` is no image and no stage, which is not this rule's concern.
    if value.is_empty()
        || value.contains(['$', '/', ':', '.', '@'])
        || value.eq_ignore_ascii_case("scratch")
    {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // The current stage itself is DF404's to report.
        let index = value.parse::<usize>().unwrap_or(usize::MAX);
        if index <= current.index {
            return None;
        }
        if index < stages.len() {
            return Some((
                format!("`--from={value}` names stage {index}, which comes after this one (stage {}): a stage can only copy from the stages before it", current.index),
                "Move that stage above this one, or better, name it with `AS` and copy from the name".to_owned(),
            ));
        }
        return Some((
            format!("There is no stage {index}: stages are numbered from 0 and this file has {}, so `--from={value}` names nothing this build defines", stages.len()),
            "Use the index of an earlier stage, or better, its `AS` name".to_owned(),
        ));
    }
    let named = |s: &&Stage<'_>| {
        s.name
            .as_ref()
            .is_some_and(|n| n.text.eq_ignore_ascii_case(value))
    };
    let defined_before = stages
        .iter()
        .filter(|s| s.index < current.index)
        .any(|s| named(&s));
    // Copying from the stage itself is DF404's to report.
    if defined_before || named(&current) {
        return None;
    }
    if let Some(later) = stages
        .iter()
        .filter(|s| s.index > current.index)
        .find(named)
    {
        let line = ctx.line_of(later.from.keyword_range.start());
        return Some((
            format!("Stage `{value}` is defined after this one (line {line}): BuildKit refuses to copy from a later stage, and older builders copied nothing or failed on a missing file"),
            format!("Move the `{value}` stage above the stage that copies from it"),
        ));
    }
    let message = format!("No stage before this one is called `{value}`, so the build reads it as an image and pulls `docker.io/library/{value}`: it fails, or copies files from an image someone else published");
    let suggestion = stages
        .iter()
        .filter(|s| s.index < current.index)
        .filter_map(|s| s.name.as_ref())
        .map(|n| (distance(&n.text, value), n.text.as_str()))
        .filter(|&(d, n)| d <= 2 && d < n.len())
        .min_by_key(|&(d, _)| d);
    let help = match suggestion {
        Some((_, name)) => format!("Did you mean `--from={name}`? To copy from an image, write it with its tag, such as `{value}:<tag>`"),
        None => format!("Name an earlier stage (`FROM ... AS {value}`), or write the image with its tag, such as `{value}:<tag>`"),
    };
    Some((message, help))
}

/// The edit distance between two names, ignoring case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<u8> = a.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<u8> = b.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            row.push(substitute.min(previous[j + 1] + 1).min(row[j] + 1));
        }
        previous = row;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn distances() {
        assert_eq!(super::distance("build", "builder"), 2);
        assert_eq!(super::distance("Build", "build"), 0);
        assert_eq!(super::distance("", "abc"), 3);
        assert_eq!(super::distance("busybox", "build"), 5);
    }

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::CopyFromUnknownStage::META)
            .pass(&[
                "FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /out /app",
                // Stage names compare case-insensitively.
                "FROM golang:1.23 AS Build\nFROM scratch\nCOPY --from=BUILD /out /app",
                "FROM a\nFROM b\nCOPY --from=0 /x /x",
                "FROM a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx",
                "FROM a\nCOPY --from=ghcr.io/org/tool /bin/tool /bin/tool",
                "FROM a\nCOPY --from=example.com/tool@sha256:0123 /bin/tool /bin/tool",
                "FROM a\nARG SRC=build\nCOPY --from=${SRC} /x /x",
                // The stage itself: DF404's.
                "FROM a AS one\nCOPY --from=one /x /y",
                "FROM a\nCOPY --from=0 /x /y",
                // Triggers run in another file's build.
                "FROM a\nONBUILD COPY --from=builder /x /y",
                // A snippet: the stage may be in the part left out.
                "COPY --from=builder /x /y\nRUN make",
            ])
            .fail(&[
                "FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=builder /out /app",
                "FROM scratch\nCOPY --from=build /out /app\nFROM golang:1.23 AS build",
                "FROM a\nCOPY --from=1 /x /x\nFROM b",
                "FROM a AS x\nFROM b\nCOPY --from=2 /x /x",
                "FROM a\nCOPY --from=busybox /bin/busybox /busybox",
                "FROM a AS build\nFROM b\nCOPY --link --from=\"bulid\" /x /x",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
