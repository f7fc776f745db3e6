//! Host paths that are dangerous to mount into a container, shared by the Kubernetes
//! (`hostPath`) and Compose (`volumes`) rules.

/// The container runtimes' sockets, by file name.
const RUNTIME_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "podman.sock",
];

/// Host folders that hold those sockets: mounting one mounts the socket.
const SOCKET_FOLDERS: &[&str] = &[
    "/run",
    "/var/run",
    "/run/containerd",
    "/var/run/containerd",
    "/run/crio",
    "/var/run/crio",
    "/run/docker",
    "/var/run/docker",
    "/run/podman",
];

/// Host folders whose files let a container read secrets or change the host: its root,
/// configuration, kernel interfaces, devices, users' homes, and the runtimes' state.
const SENSITIVE_FOLDERS: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/home",
    "/usr",
    "/lib",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/kubelet",
    "/var/log",
];

/// What mounting a host path exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostPath {
    /// A container runtime's socket: full control of the host.
    RuntimeSocket,
    /// A folder that holds a runtime's socket.
    SocketFolder,
    /// A folder of the host's system files or secrets.
    Sensitive,
}

/// What mounting `path` from the host exposes, when it is one of the dangerous ones
/// (`~/.ssh` and `~/.aws`-style home folders count as sensitive).
pub fn classify(path: &str) -> Option<HostPath> {
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    let file = trimmed.rsplit('/').next().unwrap_or(trimmed);
    if RUNTIME_SOCKETS.contains(&file) {
        Some(HostPath::RuntimeSocket)
    } else if SOCKET_FOLDERS.contains(&trimmed) {
        Some(HostPath::SocketFolder)
    } else if SENSITIVE_FOLDERS.contains(&trimmed)
        || [".ssh", ".aws", ".kube", ".docker", ".gnupg"].contains(&file)
    {
        Some(HostPath::Sensitive)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, HostPath};

    #[test]
    fn paths_are_classified() {
        assert_eq!(
            classify("/var/run/docker.sock"),
            Some(HostPath::RuntimeSocket)
        );
        assert_eq!(
            classify("/run/containerd/containerd.sock"),
            Some(HostPath::RuntimeSocket)
        );
        assert_eq!(classify("/var/run/"), Some(HostPath::SocketFolder));
        assert_eq!(classify("/"), Some(HostPath::Sensitive));
        assert_eq!(classify("/etc"), Some(HostPath::Sensitive));
        assert_eq!(classify("~/.ssh"), Some(HostPath::Sensitive));
        assert_eq!(classify("./data"), None);
        assert_eq!(classify("/srv/app"), None);
    }
}
