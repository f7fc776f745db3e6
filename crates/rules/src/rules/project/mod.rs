//! Project rules, one per file.

mod chown_user_mismatch;
mod file_capabilities_dropped;
mod file_too_large;
mod healthcheck_without_probes;
mod non_numeric_user;
mod port_mismatch;
mod privileged_port_without_capability;
mod probe_tool_missing;
mod read_only_root_writes;
mod root_image_with_run_as_non_root;
mod too_many_findings;

pub use chown_user_mismatch::ChownUserMismatch;
pub use file_capabilities_dropped::FileCapabilitiesDropped;
pub use file_too_large::FileTooLarge;
pub(crate) use healthcheck_without_probes::healthcheck_url;
pub use healthcheck_without_probes::HealthcheckWithoutProbes;
pub use non_numeric_user::NonNumericUser;
pub use port_mismatch::PortMismatch;
pub use privileged_port_without_capability::PrivilegedPortWithoutCapability;
pub use probe_tool_missing::ProbeToolMissing;
pub use read_only_root_writes::ReadOnlyRootWrites;
pub use root_image_with_run_as_non_root::RootImageWithRunAsNonRoot;
pub use too_many_findings::TooManyFindings;
