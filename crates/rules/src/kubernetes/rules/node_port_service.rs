use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::declare_rule;
use crate::kubernetes::KubernetesContext;

declare_rule! {
    /// ## What it does
    /// Flags a Service whose `spec.type` is `NodePort` or `LoadBalancer`.
    ///
    /// ## Why is this bad?
    /// A `NodePort` Service opens its port on every node of the cluster, to anyone
    /// who can reach a node's address, and a `LoadBalancer` Service does the same and
    /// also asks the cloud for a load balancer, usually with a public address. Either
    /// way the app is reached from outside the cluster directly, with nothing in front
    /// of it to add TLS, check who is calling or limit how fast. Internal load
    /// balancers and `loadBalancerSourceRanges` narrow who can reach it, but the node
    /// ports stay open.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: NodePort
    ///   selector: {app: web}
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    ///       nodePort: 30080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: ClusterIP
    ///   selector: {app: web}
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// # reached from outside through an Ingress or a Gateway with TLS and authentication
    /// ```
    pub struct NodePortService {
        code: "KS311",
        name: "node-port-service",
        severity: Info,
        file_kind: Kubernetes,
        checklist: None,
        sources: [],
        references: [],
    }
}

impl NodePortService {
    pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
        for object in ctx.manifest.objects.iter().filter(|o| o.kind == "Service") {
            let Some(service_type) = object.node.get("spec").and_then(|spec| spec.entry("type"))
            else {
                continue;
            };
            let service = match object.name() {
                Some(name) => format!("Service `{name}`"),
                None => "This Service".to_owned(),
            };
            let (message, help) = match service_type.value.str() {
                Some("NodePort") => (
                    format!("{service} is of type `NodePort`: its port is open on every node of the cluster, to anyone who can reach a node"),
                    "Use `type: ClusterIP` and let traffic in through an Ingress or a Gateway that adds TLS and authentication",
                ),
                Some("LoadBalancer") => (
                    format!("{service} is of type `LoadBalancer`: it gets a load balancer, usually with a public address, and a port open on every node, so the app is reached from outside the cluster directly"),
                    "Use `type: ClusterIP` and let traffic in through an Ingress or a Gateway that adds TLS and authentication; if it must stay a load balancer, make it internal or set `loadBalancerSourceRanges`",
                ),
                _ => continue,
            };
            out.push(
                Diagnostic::new(&Self::META, service_type.value.range(), message).with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::NodePortService::META)
            .pass(&[
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: ClusterIP\n  ports: [{port: 80}]\n",
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n",
                "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  type: NodePort\n",
            ])
            .fail(&[
                "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n",
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n  spec:\n    type: LoadBalancer\n    ports: [{port: 443}]\n",
                "kind: Service\nspec: {type: \"NodePort\", ports: [{port: 80}]}\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
