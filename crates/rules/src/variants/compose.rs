//! The Compose side of a variant: the service that runs it hardened, the way the
//! Deployment does under the Restricted profile (non-root, a read-only root with a
//! `tmpfs` for `/tmp`, no capabilities, no privilege escalation, a memory limit), with
//! its port published on `127.0.0.1` only.

use std::fmt::Write as _;

use super::BaseFacts;

/// A Compose file for a variant built from `dockerfile` next to it (the name the
/// playground and `bulkhead variants` give it: `Dockerfile.distroless`); `port` is the
/// port the app listens on.
pub(super) fn service(facts: BaseFacts, dockerfile: &str, port: Option<u16>) -> String {
    let mut out = format!(
        "# Runs the {} variant hardened, next to the Dockerfile it is built from.\n# Publish the port on an outside address only behind a proxy that adds TLS.\n",
        facts.variant.title
    );
    let _ = write!(
        out,
        "services:
  app:
    build:
      context: .
      dockerfile: {dockerfile}
    user: \"65532:65532\"
    read_only: true
    tmpfs:
      - /tmp
    cap_drop: [ALL]
    security_opt:
      - \"no-new-privileges:true\"
"
    );
    if let Some(port) = port {
        let _ = write!(out, "    ports:\n      - \"127.0.0.1:{port}:{port}\"\n");
        if port < 1024 {
            out.push_str(
                "    # The app listens below 1024 as a non-root user: let it (Docker's default too).
    sysctls:
      net.ipv4.ip_unprivileged_port_start: 0
",
            );
        }
    }
    out.push_str(
        "    deploy:
      resources:
        limits:
          memory: 256M
    restart: unless-stopped
",
    );
    out
}
