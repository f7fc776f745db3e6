//! Explanations of the terms of each kind of file, for the playground's "explain any
//! line": every Dockerfile instruction and flag, the `RUN --mount` types, the Kubernetes
//! security fields and the Compose settings, each with what it does and what it means
//! for security, in a learner's words. The texts are data (`content/explain/`: one
//! file for the Dockerfile's terms, one for Kubernetes' and one for Compose's), compiled
//! into [`all`] by build.rs; the playground loads them on demand
//! (`web/generated/explain.js`, made from them by `cargo xtask generate-all`).

/// A term a file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// A Dockerfile instruction, by its keyword (`FROM`).
    Instruction(&'static str),
    /// A flag of an instruction, without its dashes: `("COPY", "chown")`.
    Flag(&'static str, &'static str),
    /// A `RUN --mount=type=...` type (`cache`).
    Mount(&'static str),
    /// A Kubernetes pod, container or `securityContext` field (`runAsNonRoot`).
    Kubernetes(&'static str),
    /// A Compose service setting (`cap_drop`).
    Compose(&'static str),
}

/// What a term does and means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    pub term: Term,
    pub text: &'static str,
}

/// The `RUN --mount` types.
pub const MOUNT_TYPES: &[&str] = &["cache", "secret", "ssh", "bind", "tmpfs"];

/// The Compose service settings the rules read (and a few every file has).
pub const COMPOSE_KEYS: &[&str] = &[
    "privileged",
    "user",
    "read_only",
    "tmpfs",
    "cap_add",
    "cap_drop",
    "security_opt",
    "network_mode",
    "pid",
    "ipc",
    "uts",
    "userns_mode",
    "devices",
    "volumes",
    "ports",
    "environment",
    "secrets",
    "healthcheck",
    "mem_limit",
    "deploy",
    "image",
    "build",
    "extends",
    "include",
    "restart",
    "profiles",
];

/// The pod and container fields explained besides the `securityContext` ones.
pub const KUBERNETES_FIELDS: &[&str] = &[
    "securityContext",
    "add",
    "drop",
    "hostProcess",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "hostUsers",
    "hostPath",
    "automountServiceAccountToken",
    "serviceAccountName",
    "image",
    "imagePullPolicy",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "resources",
    "limits",
    "requests",
    "ports",
    "hostPort",
    "volumeMounts",
    "emptyDir",
];

// EXPLANATIONS, from content/explain/ (build/content.rs).
include!(concat!(env!("OUT_DIR"), "/content_explain.rs"));

/// Every explanation.
pub fn all() -> &'static [Explanation] {
    EXPLANATIONS
}

/// The explanation of `term`, if there is one.
pub fn explain(term: Term) -> Option<&'static str> {
    all().iter().find(|e| e.term == term).map(|e| e.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::Keyword;
    use crate::kubernetes::schema::{CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS, SHARED_FIELDS};

    #[test]
    fn every_keyword_flag_and_field_has_an_explanation() {
        let mut missing = Vec::new();
        let mut need = |term: Term| {
            if explain(term).is_none() {
                missing.push(format!("{term:?}"));
            }
        };
        for keyword in Keyword::KNOWN {
            need(Term::Instruction(keyword.as_str()));
        }
        for keyword in crate::dockerfile::Keyword::KNOWN {
            for flag in keyword.flags() {
                need(Term::Flag(keyword.as_str(), flag));
            }
        }
        for kind in MOUNT_TYPES {
            need(Term::Mount(kind));
        }
        for field in CONTAINER_ONLY_FIELDS
            .iter()
            .chain(POD_ONLY_FIELDS)
            .chain(SHARED_FIELDS)
            .chain(KUBERNETES_FIELDS)
        {
            need(Term::Kubernetes(field));
        }
        for key in COMPOSE_KEYS {
            need(Term::Compose(key));
        }
        assert!(missing.is_empty(), "no explanation for {missing:?}");
    }

    #[test]
    fn explanations_are_short_plain_and_one_per_term() {
        for (i, e) in all().iter().enumerate() {
            assert!(
                (40..=420).contains(&e.text.len()),
                "{:?}: {} characters",
                e.term,
                e.text.len()
            );
            assert!(
                !e.text.contains("**") && !e.text.contains('\n'),
                "{:?}: plain one-paragraph text",
                e.term
            );
            assert!(
                all()[i + 1..].iter().all(|other| other.term != e.term),
                "{:?} twice",
                e.term
            );
        }
    }
}
