//! What bulkhead knows about the world rather than about a file: the image catalog
//! (base images' facts, end-of-life dates, variant bases) and what looks like a secret.

pub mod catalog;
pub(crate) mod secrets;
