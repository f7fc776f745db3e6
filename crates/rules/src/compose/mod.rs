//! Compose files (`compose.yaml`, `docker-compose.yml`): read on the same YAML layer as
//! Kubernetes manifests, as services with their settings, and the rules that judge them.

mod context;
mod lint;
mod model;
pub(crate) mod rules;

pub(crate) use context::ComposeContext;
pub(crate) use lint::{lint, Check};
pub(crate) use model::{link, Compose, Service};
