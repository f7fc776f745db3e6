//! Writing Dockerfile text: the parts every language's variants share.

use std::fmt::Write as _;

use super::analysis::App;
use super::BaseFacts;

/// The numeric non-root user every variant runs as (distroless and Chainguard's nonroot).
pub(super) const USER: &str = "65532:65532";

/// A JSON array of strings, as exec form writes it.
pub(super) fn exec(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| crate::dockerfile::syntax::json_form::quote(w))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// Quote a word for a shell command line when it needs it: double quotes when it uses
/// build arguments (`$VERSION` must still expand), single quotes otherwise.
pub(super) fn shell_word(word: &str) -> String {
    let plain = |c: char| !(c.is_whitespace() || "\"'\\`;&|<>()*?#".contains(c));
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else if word.contains('$') {
        crate::dockerfile::syntax::shell::double_quoted(word)
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A `COPY` of the user's sources, JSON form when a path has a space.
pub(super) fn copy_line(sources: &[String], destination: &str) -> String {
    copy_from(None, sources, destination)
}

/// [`copy_line`], from another stage or image (`COPY --from=build ...`) when `from` is set.
pub(super) fn copy_from(from: Option<&str>, sources: &[String], destination: &str) -> String {
    let flag = from.map(|f| format!("--from={f} ")).unwrap_or_default();
    let all: Vec<String> = sources
        .iter()
        .cloned()
        .chain([destination.to_owned()])
        .collect();
    if all.iter().any(|s| s.contains(char::is_whitespace)) {
        format!("COPY {flag}{}\n", exec(&all))
    } else {
        format!("COPY {flag}{}\n", all.join(" "))
    }
}

/// The user's own `COPY`s of the build context, as they wrote them.
pub(super) fn user_copies(out: &mut String, app: &App) {
    for (sources, destination) in &app.copies {
        out.push_str(&copy_line(sources, destination));
    }
}

/// Debian packages for a Debian builder: `extra` and the user's own.
pub(super) fn apt(out: &mut String, app: &App, extra: &[&str]) {
    let packages: Vec<&str> = extra
        .iter()
        .copied()
        .chain(app.os_packages.iter().map(String::as_str))
        .collect();
    if packages.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "RUN apt-get update \\\n && apt-get install -y --no-install-recommends {} \\\n && rm -rf /var/lib/apt/lists/*",
        packages.join(" ")
    );
}

/// Builder step for `scratch`: an empty `tmp/` in `rootfs`, world-writable with the
/// sticky bit, for the runtime stage to copy; `why` says what needs it.
pub(super) fn scratch_tmp(out: &mut String, rootfs: &str, why: &str) {
    let _ = writeln!(
        out,
        "# scratch has no /tmp{why}: world-writable with\n# the sticky bit (1777), as on any Linux system.\nRUN mkdir -p {rootfs}/tmp && chmod 1777 {rootfs}/tmp"
    );
}

/// What a `scratch` runtime stage copies from the builder stage `from`: CA
/// certificates, and the `tmp/` that [`scratch_tmp`] made in `rootfs`.
pub(super) fn scratch_files(out: &mut String, from: &str, rootfs: &str) {
    out.push_str("# CA certificates, so TLS connections can verify servers.\n");
    let _ = writeln!(
        out,
        "COPY --from={from} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt"
    );
    // Copying the folder that holds tmp/ keeps its mode; `COPY .../tmp /tmp` copies only
    // what is inside and leaves /tmp at 0755, which a tmpfs or emptyDir mounted there
    // can inherit.
    let _ = writeln!(
        out,
        "# The folder that holds tmp/, so /tmp keeps its mode (copying tmp/ itself would leave 0755).\nCOPY --from={from} {rootfs}/ /"
    );
}

/// The user's `ENV`s, and a comment for each value left out as a secret.
pub(super) fn user_env(out: &mut String, env: &[(String, String)], dropped_secrets: &[String]) {
    for (key, value) in env {
        let value =
            if value.is_empty() || value.contains(char::is_whitespace) || value.contains('"') {
                format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                value.clone()
            };
        let _ = writeln!(out, "ENV {key}={value}");
    }
    for name in dropped_secrets {
        let _ = writeln!(
            out,
            "# `{name}` is left out: a secret baked into an image is readable by anyone who pulls it. Pass it at run time (a Kubernetes Secret)."
        );
    }
}

/// The runtime in the image that can run a `HEALTHCHECK`: its path.
#[derive(Debug, Clone, Copy)]
pub(super) enum Checker<'a> {
    Python(&'a str),
    Node(&'a str),
}

impl Checker<'_> {
    /// A check that the app accepts connections on `port`, in exec form.
    fn command(self, port: u16) -> Vec<String> {
        match self {
            Self::Python(python) => vec![
                python.to_owned(),
                "-c".to_owned(),
                format!("import socket; socket.create_connection(('127.0.0.1', {port}), timeout=3).close()"),
            ],
            Self::Node(node) => vec![
                node.to_owned(),
                "-e".to_owned(),
                format!("require('net').connect({port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"),
            ],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Python(_) => "Python",
            Self::Node(_) => "Node.js",
        }
    }
}

pub(super) fn tail(
    out: &mut String,
    app: &App,
    checker: Option<Checker<'_>>,
    (keyword, why): (&str, &str),
    command: &[String],
) {
    let _ = writeln!(out, "USER {USER}");
    if let Some(port) = app.port {
        let _ = writeln!(out, "EXPOSE {port}");
    }
    match (app.port, checker) {
        (Some(port), Some(checker)) => {
            let _ = writeln!(
                out,
                "# No curl here: {} itself checks that the port accepts connections.",
                checker.name()
            );
            let _ = writeln!(
                out,
                "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD {}",
                exec(&checker.command(port))
            );
        }
        (None, _) => out.push_str(
            "# No port to check, so no health check here: add one that fits your app.\nHEALTHCHECK NONE\n",
        ),
        (Some(_), None) => out.push_str(
            "# Nothing in this image can run a one-line check (no curl, no shell, or no\n# interpreter that takes one): the Kubernetes probes in the manifest check the port.\nHEALTHCHECK NONE\n",
        ),
    }
    if !why.is_empty() {
        let _ = writeln!(out, "# {why}");
    }
    let _ = writeln!(out, "{keyword} {}", exec(command));
}

pub(super) fn header(out: &mut String, facts: BaseFacts, summary: &str) {
    let _ = writeln!(
        out,
        "# {} variant of your Dockerfile, generated by bulkhead: {summary}\n# Runs on {} ({}); facts checked {}{}.",
        facts.variant.title,
        facts.variant.image,
        facts.variant.os,
        facts.checked_on(),
        if facts.variant.estimate { ", some estimated" } else { "" }
    );
}

/// The notes every interpreted language's variant shares: the version the runtime moves
/// the app to (`Python 3.12 becomes 3.13`), when the user's is known and differs, and
/// the values left out as secrets.
pub(super) fn shared_notes(
    language: &str,
    user: Option<&str>,
    facts: BaseFacts,
    app: &App,
) -> Vec<String> {
    let mut notes = Vec::new();
    let theirs = facts
        .language_version()
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if let Some(user) = user {
        if theirs.starts_with(|c: char| c.is_ascii_digit()) && user != theirs {
            notes.push(format!(
                "{language} {user} becomes {theirs}: run your tests on it before you switch."
            ));
        }
    }
    if !app.dropped_secrets.is_empty() {
        notes.push(format!(
            "Left out as secrets: {}. Pass them at run time.",
            app.dropped_secrets.join(", ")
        ));
    }
    notes
}
