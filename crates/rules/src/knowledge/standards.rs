//! The standards the rules implement, as data: each rule's `references` (in its
//! `declare_rule!`) name items of these, with the standard's own number and title. The
//! numbers were checked against the standards' texts (for the CIS Docker Benchmark,
//! reproductions of its v1.6.0 numbering; see docs/rules.md); where a number could not
//! be checked it is left out. The Pod Security Standards controls come from the rules'
//! `sources` (`Source::same(Tool::Pss, ...)`), which also decide the level a finding breaks.

use serde::Serialize;

pub const CIS_DOCKER: &str = "CIS Docker Benchmark v1.6.0";
pub const NSA_CISA: &str = "NSA/CISA Kubernetes Hardening Guidance v1.2";
pub const OWASP_DOCKER: &str = "OWASP Docker Security Cheat Sheet";
pub const PSS: &str = "Pod Security Standards";

/// One item of a standard: a recommendation, a section, a rule, a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    pub standard: &'static str,
    /// Its number (`4.1`, `RULE #2`), or the section's heading where the standard does
    /// not number them (the NSA/CISA guidance).
    pub id: &'static str,
    pub title: &'static str,
}

impl Item {
    /// The item as a citation: the standard and the number (`CIS Docker Benchmark
    /// v1.6.0 4.1`), or the standard and the heading where there is no number.
    pub fn cite(&self) -> String {
        if self.id == self.title {
            format!("{}: {}", self.standard, self.title)
        } else {
            format!("{} {}", self.standard, self.id)
        }
    }
}

/// How much of an item a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// What the item asks.
    Same,
    /// Part of it, or what its remediation advises.
    Related,
}

/// A standard's item a rule implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    #[serde(flatten)]
    pub item: Item,
    pub relation: Coverage,
}

/// The rule checks what `item` asks.
pub const fn same(item: Item) -> Reference {
    Reference {
        item,
        relation: Coverage::Same,
    }
}

/// The rule checks part of `item`, or what its remediation advises.
pub const fn related(item: Item) -> Reference {
    Reference {
        item,
        relation: Coverage::Related,
    }
}

const fn cis(id: &'static str, title: &'static str) -> Item {
    Item {
        standard: CIS_DOCKER,
        id,
        title,
    }
}

const fn nsa(heading: &'static str) -> Item {
    Item {
        standard: NSA_CISA,
        id: heading,
        title: heading,
    }
}

const fn owasp(id: &'static str, title: &'static str) -> Item {
    Item {
        standard: OWASP_DOCKER,
        id,
        title,
    }
}

pub const CIS_4_1: Item = cis(
    "4.1",
    "Ensure that a user for the container has been created",
);
pub const CIS_4_2: Item = cis("4.2", "Ensure that containers use only trusted base images");
pub const CIS_4_3: Item = cis(
    "4.3",
    "Ensure that unnecessary packages are not installed in the container",
);
pub const CIS_4_4: Item = cis(
    "4.4",
    "Ensure images are scanned and rebuilt to include security patches",
);
pub const CIS_4_6: Item = cis(
    "4.6",
    "Ensure that HEALTHCHECK instructions have been added to container images",
);
pub const CIS_4_7: Item = cis(
    "4.7",
    "Ensure update instructions are not used alone in the Dockerfile",
);
pub const CIS_4_9: Item = cis(
    "4.9",
    "Ensure that COPY is used instead of ADD in Dockerfiles",
);
pub const CIS_4_10: Item = cis("4.10", "Ensure secrets are not stored in Dockerfiles");
pub const CIS_4_11: Item = cis("4.11", "Ensure only verified packages are installed");
pub const CIS_5_4: Item = cis(
    "5.4",
    "Ensure that Linux kernel capabilities are restricted within containers",
);
pub const CIS_5_5: Item = cis("5.5", "Ensure that privileged containers are not used");
pub const CIS_5_6: Item = cis(
    "5.6",
    "Ensure sensitive host system directories are not mounted on containers",
);
pub const CIS_5_7: Item = cis("5.7", "Ensure sshd is not run within containers");
pub const CIS_5_10: Item = cis(
    "5.10",
    "Ensure that the host's network namespace is not shared",
);
pub const CIS_5_11: Item = cis(
    "5.11",
    "Ensure that the memory usage for containers is limited",
);
pub const CIS_5_13: Item = cis(
    "5.13",
    "Ensure that the container's root filesystem is mounted as read only",
);
pub const CIS_5_14: Item = cis(
    "5.14",
    "Ensure that incoming container traffic is bound to a specific host interface",
);
pub const CIS_5_16: Item = cis(
    "5.16",
    "Ensure that the host's process namespace is not shared",
);
pub const CIS_5_17: Item = cis("5.17", "Ensure that the host's IPC namespace is not shared");
pub const CIS_5_18: Item = cis(
    "5.18",
    "Ensure that host devices are not directly exposed to containers",
);
pub const CIS_5_21: Item = cis("5.21", "Ensure that the host's UTS namespace is not shared");
pub const CIS_5_26: Item = cis(
    "5.26",
    "Ensure that the container is restricted from acquiring additional privileges",
);
pub const CIS_5_27: Item = cis("5.27", "Ensure that container health is checked at runtime");
pub const CIS_5_28: Item = cis(
    "5.28",
    "Ensure that Docker commands always make use of the latest version of their image",
);
pub const CIS_5_31: Item = cis(
    "5.31",
    "Ensure that the host's user namespaces are not shared",
);
pub const CIS_5_32: Item = cis(
    "5.32",
    "Ensure that the Docker socket is not mounted inside any containers",
);
pub const NSA_HARDENED_ENVIRONMENT: Item = nsa("Hardening container environments");
pub const NSA_SECRETS: Item = nsa("Secrets");
pub const NSA_RESOURCE_POLICIES: Item = nsa("Resource policies");
pub const NSA_IMMUTABLE_FILESYSTEM: Item = nsa("Immutable container file systems");
pub const NSA_POD_SECURITY: Item = nsa("Pod security enforcement");
pub const NSA_RBAC: Item = nsa("Role-based access control");
pub const NSA_NON_ROOT: Item = nsa("\"Non-root\" containers and \"rootless\" container engines");
pub const NSA_SERVICE_ACCOUNT_TOKENS: Item = nsa("Protecting Pod service account tokens");
pub const NSA_SECURE_IMAGES: Item = nsa("Building secure container images");
pub const OWASP_1: Item = owasp(
    "RULE #1",
    "Do not expose the Docker daemon socket (even to the containers)",
);
pub const OWASP_2: Item = owasp("RULE #2", "Set a user");
pub const OWASP_3: Item = owasp(
    "RULE #3",
    "Limit capabilities (Grant only specific capabilities, needed by a container)",
);
pub const OWASP_4: Item = owasp("RULE #4", "Prevent in-container privilege escalation");
pub const OWASP_5A: Item = owasp(
    "RULE #5a",
    "Be careful when mapping container ports to the host with firewalls like UFW",
);
pub const OWASP_6: Item = owasp(
    "RULE #6",
    "Use Linux Security Module (seccomp, AppArmor, or SELinux) for Runtime Security",
);
pub const OWASP_7: Item = owasp(
    "RULE #7",
    "Limit resources (memory, CPU, file descriptors, processes, restarts)",
);
pub const OWASP_8: Item = owasp("RULE #8", "Set filesystem and volumes to read-only");
pub const OWASP_9: Item = owasp(
    "RULE #9",
    "Integrate container scanning tools into your CI/CD pipeline",
);
pub const OWASP_12: Item = owasp(
    "RULE #12",
    "Utilize Docker Secrets for Sensitive Data Management",
);
pub const OWASP_13: Item = owasp("RULE #13", "Enhance Supply Chain Security");
