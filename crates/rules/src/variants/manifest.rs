//! The Kubernetes side of a variant: a Deployment that runs it under the Pod Security
//! Standards *Restricted* profile, with a read-only root filesystem, limits and probes.

use std::fmt::Write as _;

use super::BaseFacts;

/// A Deployment for a variant's image; `port` is the port the app listens on.
pub(super) fn deployment(facts: BaseFacts, port: Option<u16>) -> String {
    let mut out = format!(
        "# Runs the {} variant under the Pod Security Standards \"restricted\" profile.\n# Replace the image with the one you build from the variant (and pin its digest).\n",
        facts.variant.title
    );
    out.push_str(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        runAsGroup: 65532
        fsGroup: 65532
        seccompProfile:
          type: RuntimeDefault
",
    );
    if port.is_some_and(|p| p < 1024) {
        out.push_str(
            "        # The app listens below 1024 as a non-root user: let it (a safe sysctl).
        sysctls:
          - name: net.ipv4.ip_unprivileged_port_start
            value: \"0\"
",
        );
    }
    out.push_str(
        "      containers:
        - name: app
          image: registry.example.com/app:1.0.0
",
    );
    if let Some(port) = port {
        let _ = write!(
            out,
            "          ports:\n            - containerPort: {port}\n"
        );
    }
    out.push_str(
        "          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [\"ALL\"]
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
",
    );
    match port {
        Some(port) => {
            let _ = write!(
                out,
                "          readinessProbe:
            tcpSocket:
              port: {port}
            periodSeconds: 10
          livenessProbe:
            tcpSocket:
              port: {port}
            initialDelaySeconds: 10
            periodSeconds: 20
"
            );
        }
        None => out.push_str(
            "          # No port: add a liveness probe that fits your app (an exec command, a heartbeat file).\n",
        ),
    }
    out.push_str(
        "          # The root filesystem is read-only: /tmp is the one place the app can write.
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
",
    );
    out
}
