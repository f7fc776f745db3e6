//! What a requirements-file rule sees.

/// What a requirements-file rule sees.
#[derive(Debug)]
pub struct RequirementsContext<'a> {
    pub source: &'a str,
    pub requirements: &'a super::Requirements,
}
