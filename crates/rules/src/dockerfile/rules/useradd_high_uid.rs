use crate::dockerfile::{DockerfileContext, Word};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

/// From this UID on, the login records `useradd` writes reach megabytes.
const HIGH_UID: u64 = 10_000;

/// Bytes per UID in `/var/log/lastlog` (292, on 64-bit glibc) and
/// `/var/log/faillog` (32).
const BYTES_PER_UID: u64 = 292 + 32;

/// `useradd` short options that take a value (`-u 1000`, `-u1000`).
const VALUED_SHORT: &str = "bcdefgGkKpPRsuZ";

/// `useradd` long options that take a value (`--uid 1000`, `--uid=1000`).
const VALUED_LONG: &[&str] = &[
    "base-dir",
    "comment",
    "home-dir",
    "expiredate",
    "inactive",
    "gid",
    "groups",
    "skel",
    "key",
    "password",
    "root",
    "prefix",
    "shell",
    "uid",
    "selinux-user",
    "selinux-range",
];

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a UID of 10000 or more (`-u`/`--uid`) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// Unless told `-l`, `useradd` resets the new user's entries in
    /// `/var/log/lastlog` and `/var/log/faillog`. Both files are indexed by UID, so the
    /// entry is written at an offset that grows with the UID: about 320 bytes per UID,
    /// some 3 MB for UID 10000, 21 MB for 65532, and hundreds of gigabytes for the
    /// UIDs that directory services hand out. On disk the files are sparse, but image
    /// layers do not keep the holes: the layer stores every zero byte, which takes its
    /// full size on each host that unpacks the image and can fill the builder's disk.
    /// A container has no use for login records, so `-l` costs nothing (newer shadow
    /// releases may skip the files anyway; the flag is harmless there).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:13-slim
    /// RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin app
    /// USER 65532
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:13-slim
    /// RUN useradd --no-log-init --uid 65532 --no-create-home --shell /usr/sbin/nologin app
    /// USER 65532
    /// ```
    pub struct UseraddHighUid {
        code: "DF208",
        name: "useradd-high-uid",
        severity: Info,
        file_kind: Dockerfile,
        checklist: None,
        sources: [
            Source::same(Tool::Hadolint, "DL3046"),
            Source::same(Tool::Tally, "hadolint/DL3046"),
        ],
        references: [],
    }
}

impl UseraddHighUid {
    pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, _, command) in ctx.shell_commands() {
            if command.program() != Some("useradd") {
                continue;
            }
            let (uid, no_log_init) = read_options(command.args());
            // A UID from a variable is only known at build time.
            let Some(uid) = uid.and_then(|u| u.parse::<u64>().ok()) else {
                continue;
            };
            if no_log_init || uid < HIGH_UID {
                continue;
            }
            let size = human_size(uid.saturating_mul(BYTES_PER_UID));
            out.push(
                Diagnostic::new(
                    &Self::META,
                    command.words[0].range,
                    format!("`useradd` without `-l` writes UID {uid}'s entry into `/var/log/lastlog` and `/var/log/faillog` at an offset that grows with the UID: about {size} of zeros that the image layer stores in full"),
                )
                .with_help("Add `-l` (`--no-log-init`): a container needs no login records"),
            );
        }
    }
}

/// The value given to `-u`/`--uid` (the last one wins), and whether `-l` or
/// `--no-log-init` is set, also inside a cluster such as `-lm`. Values of other options
/// (`-c "-l"`, `-d /home/l`) are skipped, and options may follow the login name, as
/// GNU getopt allows; `--` ends them.
fn read_options(args: &[Word]) -> (Option<String>, bool) {
    let mut uid = None;
    let mut no_log_init = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let text = word.text.as_str();
        if text == "--" {
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            // getopt accepts any unambiguous prefix; `--no-l` is the shortest.
            if name.len() >= 4 && "no-log-init".starts_with(name) {
                no_log_init = true;
            } else if VALUED_LONG.contains(&name) {
                let value = match inline {
                    Some(value) => Some(value.to_owned()),
                    None => words.next().map(|w| w.text.clone()),
                };
                if name == "uid" {
                    uid = value;
                }
            }
            continue;
        }
        let Some(cluster) = text.strip_prefix('-').filter(|c| !c.is_empty()) else {
            // The login name.
            continue;
        };
        for (at, option) in cluster.char_indices() {
            if option == 'l' {
                no_log_init = true;
            } else if VALUED_SHORT.contains(option) {
                // The rest of the cluster is the value, else the next word is.
                let rest = &cluster[at + option.len_utf8()..];
                let value = if rest.is_empty() {
                    words.next().map(|w| w.text.clone())
                } else {
                    Some(rest.to_owned())
                };
                if option == 'u' {
                    uid = value;
                }
                break;
            }
        }
    }
    (uid, no_log_init)
}

/// A byte count in round megabytes or gigabytes.
fn human_size(bytes: u64) -> String {
    const MB: u64 = 1_000_000;
    const GB: u64 = 1_000_000_000;
    if bytes >= 10 * GB {
        format!("{} GB", bytes / GB)
    } else {
        format!("{} MB", (bytes / MB).max(1))
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn sizes() {
        assert_eq!(super::human_size(10_000 * super::BYTES_PER_UID), "3 MB");
        assert_eq!(super::human_size(65_532 * super::BYTES_PER_UID), "21 MB");
        assert_eq!(
            super::human_size(1_000_000_000 * super::BYTES_PER_UID),
            "324 GB"
        );
    }

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::UseraddHighUid::META)
            .pass(&[
                "FROM debian:13\nRUN useradd -l -u 100000 app",
                "FROM debian:13\nRUN useradd --no-log-init --uid 65532 app",
                // `-l` inside a cluster, the UID in the next word.
                "FROM debian:13\nRUN useradd -lmu 65532 app",
                // An unambiguous prefix of `--no-log-init`.
                "FROM debian:13\nRUN useradd --uid=100000 --no-log app",
                // Options may follow the login name.
                "FROM debian:13\nRUN useradd app -u 65532 -l",
                "FROM debian:13\nRUN useradd -u 1000 app",
                "FROM debian:13\nRUN useradd -u 9999 app",
                // Only known at build time.
                "FROM debian:13\nARG UID=100000\nRUN useradd -u ${UID} app",
                // `-u 100000` is the comment's text.
                "FROM debian:13\nRUN useradd -c '-u 100000' app",
                "FROM debian:13\nRUN echo useradd -u 100000 app",
                "FROM alpine:3.22\nRUN adduser -D -u 65532 app",
            ])
            .fail(&[
                "FROM debian:13\nRUN useradd --uid 65532 --create-home app",
                "FROM debian:13\nRUN groupadd -g 100000 app && /usr/sbin/useradd -mu100000 -g app app",
                // The `l` of a value is no flag.
                "FROM debian:13\nRUN useradd -m -d /home/l -s /bin/sh -u 20000 app",
                "FROM debian:13\nRUN useradd -r --comment -l --uid=1000000000 app",
                "FROM debian:13\nRUN useradd -u 10000 app -- -l",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
