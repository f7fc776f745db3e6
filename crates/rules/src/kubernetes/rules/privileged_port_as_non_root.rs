use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Checklist, Source, Tool};
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags a `containerPort` below 1024 on a container that the manifest runs as a
    /// non-root user (a non-zero `runAsUser`, or `runAsNonRoot: true`) and that drops
    /// `NET_BIND_SERVICE` (by name or with `ALL`) without adding it back, unless the
    /// pod lowers `net.ipv4.ip_unprivileged_port_start` to that port. When only the
    /// image says the user is non-root, XF006 reports it with the Dockerfile.
    ///
    /// ## Why is this bad?
    /// Binding a port below 1024 needs root or `CAP_NET_BIND_SERVICE`. Unless the
    /// container runtime lowers `ip_unprivileged_port_start` (Docker and containerd 2
    /// do; CRI-O and older runtimes do not), the app fails at start with "Permission
    /// denied" as soon as the hardening is applied: the usual reason people give up on
    /// running as non-root.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: registry.example.com/web:1.0.0
    ///       ports:
    ///         - containerPort: 80
    ///       securityContext:
    ///         runAsUser: 65532
    ///         capabilities:
    ///           drop: [ALL]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: web
    ///       image: registry.example.com/web:1.0.0
    ///       ports:
    ///         - containerPort: 8080 # the Service maps port 80 to it
    ///       securityContext:
    ///         runAsUser: 65532
    ///         capabilities:
    ///           drop: [ALL]
    /// ```
    pub struct PrivilegedPortAsNonRoot {
        code: "KS315",
        name: "privileged-port-as-non-root",
        severity: Warning,
        file_kind: Kubernetes,
        checklist: Some(Checklist::NonRoot),
        sources: [
            Source::inspired(Tool::Trivy, "KSV117"),
            Source::inspired(Tool::Kernel, "net.ipv4.ip_unprivileged_port_start"),
        ],
        whole_file: true,
        references: [],
    }
}

impl PrivilegedPortAsNonRoot {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for (pod, container) in ctx.manifest.containers() {
            if pod.runs_as_non_root(container) != Some(true) || !container.drops_net_bind_service() {
                continue;
            }
            let lowest = pod.unprivileged_port_start();
            for port in container.list("ports") {
                let Some(number) = port.entry("containerPort") else {
                    continue;
                };
                let Some(value) = number.value.int().filter(|p| (1..lowest).contains(p)) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(&Self::META, number.value.range(), format!("{} runs as a non-root user without `NET_BIND_SERVICE`, so it cannot bind port {value} unless the runtime lowers `ip_unprivileged_port_start`", container.label()))
                        .with_help("Listen on a port above 1023 (e.g. 8080) and map it in the Service, or set the pod sysctl `net.ipv4.ip_unprivileged_port_start` to the port"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PrivilegedPortAsNonRoot::META)
            .pass(&[
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 8080}]\n    securityContext: {runAsUser: 65532, capabilities: {drop: [ALL]}}\n",
                // Root, or a user only the image names: other rules, or XF006.
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {runAsUser: 0, capabilities: {drop: [ALL]}}\n",
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {capabilities: {drop: [ALL]}}\n",
                // NET_BIND_SERVICE kept or added back.
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {runAsUser: 65532}\n",
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}\n",
                // The pod lowers the first unprivileged port.
                "kind: Pod\nspec:\n  securityContext:\n    runAsUser: 65532\n    sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: \"0\"}]\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {capabilities: {drop: [ALL]}}\n",
            ])
            .fail(&[
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 80}]\n    securityContext: {runAsUser: 65532, capabilities: {drop: [ALL]}}\n",
                "kind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    ports: [{containerPort: 443}]\n    securityContext: {runAsNonRoot: true, capabilities: {drop: [NET_BIND_SERVICE]}}\n",
                // The user set for the whole pod.
                "kind: Deployment\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: 1000}\n      containers:\n      - name: web\n        image: x\n        ports: [{containerPort: 8080}, {containerPort: 80}]\n        securityContext: {capabilities: {drop: [ALL]}}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
