//! What a Compose rule sees.

/// What a Compose rule sees.
#[derive(Debug)]
pub struct ComposeContext<'a> {
    pub source: &'a str,
    pub yaml: &'a crate::yaml::Yaml,
    pub compose: &'a crate::compose::Compose<'a>,
}
