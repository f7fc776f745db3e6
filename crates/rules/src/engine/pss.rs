//! The Pod Security Standards as findings carry them: the policy version the rules
//! implement and its levels.

use serde::Serialize;

/// The version of the Pod Security Standards the Kubernetes rules implement: the
/// controls and the exemptions of Pod Security Admission at this policy version.
pub const PSS_VERSION: &str = pss_version!();

/// [`PSS_VERSION`] as a literal, for `concat!` (the one place it is written).
macro_rules! pss_version {
    () => {
        "v1.37"
    };
}
pub(crate) use pss_version;

/// A level of the Pod Security Standards. Restricted includes Baseline, so a finding
/// that breaks Baseline breaks both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PssLevel {
    /// Stops known privilege escalations; a finding against it is an error.
    Baseline,
    /// Current pod-hardening practice; a finding only against it is a warning.
    #[default]
    Restricted,
}

impl PssLevel {
    pub const ALL: [Self; 2] = [Self::Baseline, Self::Restricted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Restricted => "restricted",
        }
    }

    /// The level's name as the standard writes it: `Baseline`, `Restricted`.
    pub fn title(self) -> &'static str {
        match self {
            Self::Baseline => "Baseline",
            Self::Restricted => "Restricted",
        }
    }

    /// `baseline` or `restricted`, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|level| text.trim().eq_ignore_ascii_case(level.as_str()))
    }
}
