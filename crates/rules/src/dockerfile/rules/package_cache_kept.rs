use crate::engine::diagnostic::Diagnostic;
use crate::dockerfile::Form;
use crate::dockerfile::{Command, PackageCommand, PackageManager};
use crate::knowledge::packages::OsFamily;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::dockerfile::edit::option_after_subcommand;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// ## What it does
    /// Flags OS package installs in a shipped stage that leave the package manager's
    /// cache in the layer: `apt-get install` without `rm -rf /var/lib/apt/lists/*` in the
    /// same `RUN`, `apk add` without `--no-cache`, `yum`/`dnf`/`zypper install` without
    /// a `clean all` in the same `RUN`; and `yarn install` (or `yarn add`) without a
    /// `yarn cache clean` after it. A `RUN --mount=type=cache` on the manager's cache
    /// folder is fine.
    ///
    /// ## Why is this bad?
    /// Each `RUN` is a layer; files deleted in a later `RUN` still ship in the earlier
    /// one. Package indexes and caches add tens of megabytes to every pull and hold
    /// stale package metadata.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// RUN apk add curl
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// RUN apk add --no-cache curl
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix safety
    /// Safe, since the cache is never used at run time: `apk add` gets `--no-cache`, and
    /// other installs get `&& rm -rf /var/lib/apt/lists/*`, `&& <manager> clean all`,
    /// `&& zypper clean --all` or `&& yarn cache clean` at the end of the same `RUN`. Only a shell-form `RUN`
    /// without heredocs whose last command ends the instruction gets the clean-up, and
    /// apt's lists are not removed when a later `RUN` installs with apt without an
    /// `apt-get update` of its own (it would find no packages).
    pub struct PackageCacheKept {
        code: "DF303",
        name: "package-cache-kept",
        severity: Info,
        file_kind: Dockerfile,
        checklist: Some(Checklist::MinimalBase),
        sources: [
            Source::same(Tool::Hadolint, "DL3009"),
            Source::same(Tool::Hadolint, "DL3019"),
            Source::same(Tool::Hadolint, "DL3032"),
            Source::same(Tool::Hadolint, "DL3040"),
            Source::same(Tool::Hadolint, "DL3036"),
            Source::same(Tool::Hadolint, "DL3060"),
            Source::same(Tool::Trivy, "DS-0025"),
            Source::inspired(Tool::Tally, "tally/prefer-package-cache-mounts"),
        ],
        fixes: [Safe],
        whole_file: true,
        references: [],
    }
}

/// Whether a command after the install removes the manager's cache (a clean-up
/// before it cleans nothing the install leaves).
fn cleans(commands: &[Command], manager: PackageManager) -> bool {
    commands.iter().any(|c| {
        let program = c.program().unwrap_or_default();
        match manager {
            debian if debian.is_debian() => {
                program == "rm"
                    && c.args()
                        .iter()
                        .any(|w| w.text.starts_with("/var/lib/apt/lists"))
            }
            PackageManager::Yum
            | PackageManager::Dnf
            | PackageManager::Microdnf
            | PackageManager::Zypper => {
                (PackageManager::from_program(program).is_some_and(|m| {
                    matches!(m.os_family(), Some(OsFamily::RedHat | OsFamily::Suse))
                })
                    && c.args().iter().any(|w| w.text == "clean" || w.text == "cc"))
                    || (program == "rm"
                        && c.args().iter().any(|w| w.text.starts_with("/var/cache/")))
            }
            PackageManager::Apk => {
                program == "rm"
                    && c.args()
                        .iter()
                        .any(|w| w.text.starts_with("/var/cache/apk"))
            }
            // `yarn cache clean`, or `rm -rf` of its folder (`$(yarn cache dir)` too).
            PackageManager::Yarn => {
                let args = c.args();
                (program == "yarn" && args.first().is_some_and(|w| w.text == "cache")
                    && args.get(1).is_some_and(|w| w.text == "clean"))
                    || (program == "rm"
                        && args.iter().any(|w| {
                            w.text.contains(".cache/yarn") || w.text.contains("yarn cache dir")
                        }))
            }
            _ => true,
        }
    })
}

/// Whether a mount target holds `folder` (the folder itself or a parent of it).
fn holds(targets: &[String], folder: &str) -> bool {
    targets.iter().any(|t| {
        !t.is_empty()
            && (folder == t
                || folder
                    .strip_prefix(t.as_str())
                    .is_some_and(|rest| rest.starts_with('/')))
    })
}

/// Whether the cache an install leaves is kept out of the layer: by a cache or tmpfs
/// mount of its folders, or by a clean-up after it (a clean-up before the install
/// cleans nothing it leaves).
fn handled(manager: PackageManager, targets: &[String], after: &[Command]) -> bool {
    match manager {
        debian if debian.is_debian() => {
            let lists = holds(targets, "/var/lib/apt/lists") || cleans(after, manager);
            // Debian's and Ubuntu's images delete downloaded packages after each
            // install (docker-clean), unless the build mounts apt's folders: then the
            // downloads need their own mount or an `apt-get clean`.
            let mounts_apt = holds(targets, "/var/lib/apt/lists") || holds(targets, "/var/cache/apt");
            let archives = !mounts_apt
                || holds(targets, "/var/cache/apt")
                || after.iter().any(|c| {
                    c.program()
                        .and_then(PackageManager::from_program)
                        .is_some_and(PackageManager::is_debian)
                        && c.args().iter().any(|w| w.text == "clean")
                });
            lists && archives
        }
        PackageManager::Apk => {
            holds(targets, "/var/cache/apk") || holds(targets, "/etc/apk/cache") || cleans(after, manager)
        }
        PackageManager::Yum | PackageManager::Dnf | PackageManager::Microdnf => {
            ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"]
                .iter()
                .any(|f| holds(targets, f))
                || cleans(after, manager)
        }
        PackageManager::Zypper => holds(targets, "/var/cache/zypp") || cleans(after, manager),
        // Yarn 1 keeps its cache in `/usr/local/share/.cache/yarn` (as root) or
        // `~/.cache/yarn`; Yarn 2+ in `~/.yarn/berry/cache` or the project's `.yarn/cache`.
        PackageManager::Yarn => {
            targets.iter().any(|t| t.contains("yarn") || t.ends_with("/.cache"))
                || cleans(after, manager)
        }
        _ => true,
    }
}

/// Whether a `RUN` after `run`, in its stage or a stage built on it, installs with apt
/// without refreshing the lists in that same `RUN` (it relies on the lists `run` left).
fn later_install_needs_lists(
    ctx: &DockerfileContext<'_>,
    stage: &crate::dockerfile::Stage<'_>,
    run: &crate::dockerfile::Run<'_>,
) -> bool {
    let after = run.instruction.range.end();
    ctx.model
        .stages
        .iter()
        .filter(|s| ctx.model.ancestry(s).iter().any(|a| a.index == stage.index))
        .flat_map(crate::dockerfile::Stage::runs)
        .filter(|r| r.instruction.range.start() >= after)
        .any(|r| {
            let apt = |sub: &str| {
                r.commands.iter().any(|c| {
                    PackageCommand::recognise(c).is_some_and(|p| {
                        matches!(p.manager, PackageManager::AptGet | PackageManager::Apt)
                            && p.subcommand() == Some(sub)
                    })
                })
            };
            apt("install") && !apt("update")
        })
}

/// Clean the cache in the same `RUN`: `apk add --no-cache`, or a clean-up command
/// after the `RUN`'s last command. Safe: the cache is never used at run time. Only for
/// a shell-form `RUN` without heredocs whose last command ends the instruction.
fn cleanup_fix(
    source: &str,
    run: &crate::dockerfile::Run<'_>,
    package: &PackageCommand<'_>,
    targets: &[String],
) -> Option<Fix> {
    let cleanup = match package.manager {
        PackageManager::Apk => {
            let edit = option_after_subcommand(source, package, "--no-cache")?;
            return Some(Fix::safe("Use `apk add --no-cache`", vec![edit]));
        }
        // With apt's lists under a mount, what is left is the downloads.
        debian if debian.is_debian() && holds(targets, "/var/lib/apt/lists") =>
        {
            "apt-get clean".to_owned()
        }
        debian if debian.is_debian() => {
            "rm -rf /var/lib/apt/lists/*".to_owned()
        }
        PackageManager::Zypper => "zypper clean --all".to_owned(),
        PackageManager::Yarn => "yarn cache clean".to_owned(),
        _ => format!("{} clean all", package.command.program()?),
    };
    if !run.instruction.heredocs.is_empty() || run.instruction.form() != Form::Shell {
        return None;
    }
    let last = run.commands.last()?;
    let end = last.range()?.end();
    // The last command must end the instruction (nothing but blanks after it).
    if !source[end..run.instruction.range.end()].trim().is_empty()
        || last.followed_by.is_some_and(|op| op != "\n")
    {
        return None;
    }
    // The clean-up must count as one, read the way this rule reads it: not swallowed
    // by an open quote or substitution earlier in the script.
    let probe = format!(
        "FROM scratch\nRUN {} && {cleanup}\n",
        run.instruction.body()
    );
    let parsed = crate::dockerfile::parse(&probe);
    let model = crate::dockerfile::Model::new(&probe, &parsed);
    let counted = model
        .stages
        .first()
        .and_then(|s| s.runs().first())
        .is_some_and(|r| handled(package.manager, targets, &r.commands));
    if !counted {
        return None;
    }
    Some(Fix::safe(
        format!("Add `&& {cleanup}`"),
        vec![Edit::insert(end, format!(" && {cleanup}"))],
    ))
}

/// The yum/dnf/microdnf commands that download packages, with dnf's aliases.
const DNF_INSTALLS: &[&str] = &[
    "install",
    "in",
    "reinstall",
    "rei",
    "upgrade",
    "up",
    "update",
    "upgrade-minimal",
    "up-min",
    "update-minimal",
    "groupinstall",
    "localinstall",
    "downgrade",
    "dg",
    "distro-sync",
    "dsync",
];

impl PackageCacheKept {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &ctx.model.stages {
            if !stage.in_shipped_image || stage.non_posix_shell() {
                continue;
            }
            for run in stage.runs() {
                let targets = run.instruction.cache_mounts();
                for (at, command) in run.commands.iter().enumerate() {
                    let Some(package) = PackageCommand::recognise(command) else {
                        continue;
                    };
                    let sub = package.subcommand().unwrap_or_default();
                    let (installs, help) = match package.manager {
                        debian if debian.is_debian() => (
                            sub == "install",
                            "End the same `RUN` with `&& rm -rf /var/lib/apt/lists/*`",
                        ),
                        PackageManager::Apk => {
                            if sub != "add" || package.has_option(&["--no-cache"]) {
                                continue;
                            }
                            (true, "Use `apk add --no-cache`")
                        }
                        PackageManager::Yum | PackageManager::Dnf | PackageManager::Microdnf => (
                            DNF_INSTALLS.contains(&sub),
                            "End the same `RUN` with `&& <manager> clean all`",
                        ),
                        PackageManager::Zypper => (
                            sub == "install" || sub == "in",
                            "End the same `RUN` with `&& zypper clean --all`",
                        ),
                        // A bare `yarn` installs too.
                        PackageManager::Yarn => (
                            matches!(sub, "" | "install" | "add" | "global"),
                            "End the same `RUN` with `&& yarn cache clean`, or use `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`",
                        ),
                        _ => continue,
                    };
                    if installs && !handled(package.manager, &targets, &run.commands[at + 1..]) {
                        let program = command.program().unwrap_or_default();
                        let range = package.command_range();
                        // Removing apt's lists breaks a later `apt-get install` that
                        // does not run `apt-get update` itself: then no fix.
                        let apt = package.manager.is_debian();
                        let fix = (!apt || !later_install_needs_lists(ctx, stage, run))
                            .then(|| cleanup_fix(ctx.source, run, &package, &targets))
                            .flatten();
                        out.push(
                            Diagnostic::new(&Self::META, range, format!("`{}` leaves the package cache in this layer of the shipped image", format!("{program} {sub}").trim_end()))
                                .with_help(help.replace("<manager>", program))
                                .with_fix_opt(fix),
                        );
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
        let rendered = RuleTest::new(&super::PackageCacheKept::META)
            .pass(&[
                "FROM a\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*",
                "FROM a\nRUN apk add --no-cache curl",
                "FROM a\nRUN yum install -y x && yum clean all",
                "FROM a\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt apt-get install -y x",
                "FROM a\nRUN --mount=type=cache,target=/var/cache/apk apk add curl",
                "FROM a\nRUN --mount=type=tmpfs,target=/var/cache dnf install -y x",
                "FROM a AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /x /x",
                "FROM a\nRUN dnf -y up && dnf clean all",
                "FROM a\nRUN aptitude install -y x && rm -rf /var/lib/apt/lists/*",
                "FROM a\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y x && apt-get clean",
                "FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean",
                "FROM node:22\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install",
                "FROM node:22\nRUN yarn add left-pad@1.3.0 && rm -rf \"$(yarn cache dir)\"",
                "FROM node:22\nRUN yarn run build",
            ])
            .fail(&[
                "FROM a\nRUN apt-get update && apt-get install -y x",
                "FROM a\nRUN apk add curl",
                "FROM a\nRUN dnf install -y x",
                // Only one of apt's two folders, or another folder, under a mount.
                // (Lists mounted and `apt-get clean` pass: see the pass cases.)
                "FROM a\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y x",
                "FROM a\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y x",
                "FROM a\nRUN --mount=type=cache,target=/var/cache/foo apk add curl",
                // dnf's aliases, aptitude, and a clean-up before the install.
                "FROM a\nRUN dnf in -y x && dnf -y up && dnf upgrade-minimal -y && dnf rei -y y",
                "FROM a\nRUN aptitude install -y x",
                "FROM a\nRUN yum clean all && yum install -y x",
                "FROM a\nRUN zypper clean && zypper install -y x",
                "FROM a\nRUN rm -rf /var/cache/libdnf5 && dnf install -y x",
                // Yarn: a bare `yarn` installs; a clean-up before it cleans nothing.
                "FROM node:22\nRUN yarn install --frozen-lockfile",
                "FROM node:22\nRUN yarn --production",
                "FROM node:22\nRUN yarn cache clean && yarn global add serve@14.2.4",
                // A later install relies on the lists: the cache is reported, not fixed.
                "FROM a\nRUN apt-get update && apt-get install -y x\nRUN apt-get install -y y && rm -rf /var/lib/apt/lists/*",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
