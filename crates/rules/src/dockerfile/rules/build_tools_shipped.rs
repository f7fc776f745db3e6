use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::PackageCommand;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags compilers and build tools in the shipped image of a single-stage build:
    /// a toolchain base (`golang`, `rust`, `maven`, `gradle`) or a `gcc`,
    /// `build-essential`, `make`, `g++`, `*-dev` install in the final stage.
    ///
    /// ## Why is this bad?
    /// The runtime needs the compiled program, not the compiler. Toolchains add hundreds
    /// of megabytes and give an attacker who gets a shell everything needed to build
    /// tools on the spot. A multi-stage build compiles in one stage and copies only the
    /// result into a minimal runtime stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.27
    /// COPY . /src
    /// RUN go build -o /app /src
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.27 AS build
    /// COPY . /src
    /// RUN CGO_ENABLED=0 go build -o /app /src
    ///
    /// FROM gcr.io/distroless/static-debian13:nonroot
    /// COPY --from=build /app /app
    /// CMD ["/app"]
    /// ```
    ///
    /// ## References
    /// - Docker docs: multi-stage builds
    pub struct BuildToolsShipped {
        code: "DF104",
        name: "build-tools-shipped",
        severity: Warning,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MultiStage),
        sources: [Source::inspired(Tool::Tally, "tally/prefer-multi-stage-build")],
        whole_file: true,
        references: [related(CIS_4_3)],
    }
}

const BUILD_PACKAGES: &[&str] = &[
    "gcc",
    "g++",
    "build-essential",
    "make",
    "clang",
    "build-base",
    "gcc-c++",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "cargo",
    "rustc",
    "golang",
    "maven",
    "gradle",
];

impl BuildToolsShipped {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = ctx.model.shipped() else {
            return;
        };
        // A snippet without `FROM` says nothing about the whole image.
        if stage.fragment {
            return;
        }
        let help = "Compile in a builder stage (`FROM ... AS build`) and `COPY --from=build` only the result into a minimal runtime stage";
        if ctx.base_facts(stage).is_some_and(|f| f.build_toolchain) {
            let root = ctx.model.root_stage(stage);
            if let Some(image) = &root.image {
                out.push(Diagnostic::new(&Self::META, image.range, format!("The shipped image is the build toolchain `{}`: the compiler ships with the app", image.text)).with_help(help));
                return;
            }
        }
        for ancestor in ctx.model.ancestry(stage) {
            for run in ancestor.runs() {
                for command in &run.commands {
                    let Some(package) = PackageCommand::recognise(command) else {
                        continue;
                    };
                    if !matches!(package.subcommand(), Some("install" | "add")) {
                        continue;
                    }
                    // `apk add --virtual .build-deps gcc && ... && apk del .build-deps` removes them again.
                    if package.has_option(&["--virtual", "-t"]) {
                        continue;
                    }
                    let removed = run.commands.iter().any(|c| {
                        c.args().iter().any(|w| {
                            matches!(w.text.as_str(), "purge" | "remove" | "del" | "autoremove")
                        })
                    });
                    if removed {
                        continue;
                    }
                    if let Some(tool) = package.packages(&[]).into_iter().find(|w| {
                        BUILD_PACKAGES
                            .contains(&w.text.split(['=', ':']).next().unwrap_or_default())
                    }) {
                        out.push(Diagnostic::new(&Self::META, tool.range, format!("`{}` is installed in the shipped image: build tools should stay in a builder stage", tool.text)).with_help(help));
                        return;
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
        let rendered = RuleTest::new(&super::BuildToolsShipped::META)
            .pass(&[
                "FROM golang:1.27 AS build\nRUN go build\nFROM gcr.io/distroless/static-debian13",
                "FROM python:3.13-slim\nRUN apt-get install -y gcc && pip install x && apt-get purge -y gcc",
                "FROM alpine:3.22\nRUN apk add --virtual .build-deps gcc && make && apk del .build-deps",
            ])
            .fail(&[
                "FROM golang:1.27\nRUN go build -o /app .\nCMD [\"/app\"]",
                "FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
