//! Image references: `[registry[:port]/]repository[:tag][@digest]`.

/// Whether `registry` is Docker Hub, under any of its names.
pub fn is_docker_hub(registry: &str) -> bool {
    [
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "hub.docker.com",
    ]
    .iter()
    .any(|hub| registry.eq_ignore_ascii_case(hub))
}

/// An image reference split into its parts, following Docker's reference grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Registry host (with port), if the first path component names one.
    pub registry: Option<&'a str>,
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(reference: &'a str) -> Self {
        let (name, digest) = match reference.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (reference, None),
        };
        // The first component is a registry if it looks like a host name.
        let (registry, path) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first), rest)
            }
            _ => (None, name),
        };
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match path[last_slash..].rfind(':') {
            Some(colon) => (
                &path[..last_slash + colon],
                Some(&path[last_slash + colon + 1..]),
            ),
            None => (path, None),
        };
        Self {
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// How the reference is pinned: by digest, by a version tag, or not at all (no tag,
    /// or `latest`: whatever was pushed last). The image rules of Kubernetes and Compose
    /// read it the same way.
    pub fn pinning(&self) -> Pinning {
        match (self.digest, self.tag) {
            (Some(_), _) => Pinning::Digest,
            (None, None) => Pinning::Untagged,
            (None, Some("latest")) => Pinning::Latest,
            (None, Some(_)) => Pinning::Tag,
        }
    }

    /// The part of the repository after the last `/` (`python` for `library/python`).
    pub fn short_name(&self) -> &'a str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(self.repository)
    }
}

/// How an image reference is pinned (see [`ImageRef::pinning`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinning {
    Digest,
    Tag,
    Latest,
    Untagged,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_references() {
        let r = ImageRef::parse("python:3.13-slim");
        assert_eq!(
            (r.registry, r.repository, r.tag, r.digest),
            (None, "python", Some("3.13-slim"), None)
        );

        let r = ImageRef::parse("localhost:5000/team/app");
        assert_eq!(
            (r.registry, r.repository, r.tag),
            (Some("localhost:5000"), "team/app", None)
        );

        let r = ImageRef::parse("cgr.dev/chainguard/python:latest-dev@sha256:abc");
        assert_eq!(r.registry, Some("cgr.dev"));
        assert_eq!(r.repository, "chainguard/python");
        assert_eq!(r.tag, Some("latest-dev"));
        assert_eq!(r.digest, Some("sha256:abc"));
        assert_eq!(r.short_name(), "python");

        let r = ImageRef::parse("gcr.io/distroless/python3-debian13:nonroot");
        assert_eq!(
            (r.repository, r.tag),
            ("distroless/python3-debian13", Some("nonroot"))
        );
    }
}
