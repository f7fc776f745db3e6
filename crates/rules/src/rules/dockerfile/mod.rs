//! Dockerfile rules, one per file.

mod latest_base_image;
mod parse_error;

pub use latest_base_image::LatestBaseImage;
pub use parse_error::ParseError;
