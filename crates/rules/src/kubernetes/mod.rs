//! Kubernetes manifests: YAML with positions (and edits that keep comments), the model
//! of objects, pods and containers that rules read, and the rules.

mod context;
mod lint;
mod model;
pub(crate) mod pss;
pub(crate) mod rules;
pub(crate) mod schema;

pub(crate) use context::KubernetesContext;
pub(crate) use lint::{lint, Check};
pub(crate) use model::{
    is_false, is_true, pod_template_path, Container, ContainerKind, Manifest, Object, Pod, Setting,
};
