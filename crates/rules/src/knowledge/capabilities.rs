//! Linux capabilities as container runtimes hand them out.

/// The capabilities container runtimes (Docker, containerd, CRI-O) give by default, the
/// most dangerous first. All but `NET_RAW` are what Pod Security Standards (Baseline)
/// allow in `capabilities.add` (KS105); KS206 names the ones a container keeps; adding
/// one back after dropping all is how a Compose service gets only what it needs (CP104).
pub const DEFAULT_CAPABILITIES: &[&str] = &[
    "NET_RAW",
    "DAC_OVERRIDE",
    "SETUID",
    "SETGID",
    "SYS_CHROOT",
    "AUDIT_WRITE",
    "CHOWN",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETPCAP",
];
