//! What bulkhead knows about the world rather than about a file: the image catalog
//! (base images' facts, end-of-life dates, variant bases), the runtimes' default
//! capabilities, what looks like a secret, and which host paths are dangerous to mount.

pub(crate) mod capabilities;
pub mod catalog;
pub(crate) mod host_paths;
pub(crate) mod secrets;
