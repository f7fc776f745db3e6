//! What a Kubernetes rule sees.

/// What a Kubernetes rule sees.
#[derive(Debug)]
pub struct KubernetesContext<'a> {
    pub source: &'a str,
    pub yaml: &'a crate::yaml::Yaml,
    pub manifest: &'a crate::kubernetes::Manifest<'a>,
    /// Every manifest of the input, this one included: objects that other objects
    /// refer to (a pod's `ServiceAccount`) may be in another file.
    pub project: &'a [crate::kubernetes::Manifest<'a>],
}
