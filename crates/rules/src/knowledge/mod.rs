//! What bulkhead knows about the world rather than about a file: the image catalog
//! (base images' facts, end-of-life dates, variant bases), the runtimes' default
//! capabilities, what looks like a secret, which host paths are dangerous to mount, and
//! the standards the rules implement, and which
//! compiled Python packages have wheels for which Python.

pub(crate) mod capabilities;
pub mod catalog;
pub(crate) mod host_paths;
pub mod image_ref;
pub mod packages;
pub(crate) mod pip;
pub(crate) mod secrets;
pub mod standards;
pub(crate) mod users;
pub mod wheels;
