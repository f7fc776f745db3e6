//! Requirements rules, one per file.

mod direct_reference;
mod duplicate_requirement;
mod extra_index_url;
mod hashes_incomplete;
mod include_not_checked;
mod insecure_index;
mod invalid_hash;
mod no_hashes;
mod parse_error;
mod unpinned_requirement;

pub use direct_reference::DirectReference;
pub use duplicate_requirement::DuplicateRequirement;
pub use extra_index_url::ExtraIndexUrl;
pub use hashes_incomplete::HashesIncomplete;
pub use include_not_checked::IncludeNotChecked;
pub use insecure_index::InsecureIndex;
pub use invalid_hash::InvalidHash;
pub use no_hashes::NoHashes;
pub use parse_error::ParseError;
pub use unpinned_requirement::UnpinnedRequirement;
