//! What a Kubernetes rule sees.

/// What a Kubernetes rule sees.
#[derive(Debug)]
pub struct KubernetesContext<'a> {
    pub source: &'a str,
    pub yaml: &'a crate::kubernetes::yaml::Yaml,
    pub manifest: &'a crate::kubernetes::Manifest<'a>,
}
