//! Which Pod Security Standards level each pod must meet: the run's level, unless a
//! Namespace in the input sets its own with the `pod-security.kubernetes.io/enforce`
//! label, as Pod Security Admission reads it.

use std::collections::HashMap;

use crate::engine::pss::PssLevel;
use crate::kubernetes::model::Object;
use crate::kubernetes::Manifest;
use crate::yaml::Node;
use crate::Diagnostic;

/// The label Pod Security Admission enforces a level with.
pub(crate) const ENFORCE_LABEL: &str = "pod-security.kubernetes.io/enforce";

/// The levels the input's Namespaces enforce, by name; `None` is `privileged` (no
/// checks at all).
#[derive(Debug, Default)]
pub(crate) struct NamespaceLevels(HashMap<String, Option<PssLevel>>);

impl NamespaceLevels {
    /// The `Namespace` objects of these manifests with an enforce label.
    pub(crate) fn read<'m>(manifests: impl IntoIterator<Item = &'m Manifest<'m>>) -> Self {
        let mut levels = HashMap::new();
        for manifest in manifests {
            for object in manifest.objects.iter().filter(|o| o.kind == "Namespace") {
                let (Some(name), Some(label)) = (
                    object.name(),
                    object
                        .metadata
                        .and_then(|m| m.value.get("labels"))
                        .and_then(|labels| labels.get(ENFORCE_LABEL))
                        .and_then(Node::str),
                ) else {
                    continue;
                };
                let level = if label.trim().eq_ignore_ascii_case("privileged") {
                    None
                } else if let Some(level) = PssLevel::parse(label) {
                    Some(level)
                } else {
                    continue; // not a level: Pod Security Admission would refuse the label
                };
                levels.insert(name.to_owned(), level);
            }
        }
        Self(levels)
    }

    /// Keep only the PSS findings that break the level their pod must meet: the level
    /// of its Namespace when the input labels one, else the run's `level`.
    pub(crate) fn filter(
        &self,
        manifest: &Manifest<'_>,
        level: PssLevel,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        diagnostics.retain(|d| {
            let Some(breaks) = d.pss else {
                return true;
            };
            let object = manifest
                .objects
                .iter()
                .find(|o| o.node.range().contains_range(d.range));
            let namespace = object.map_or("default", Object::namespace_name);
            let enforced = self.0.get(namespace).copied().unwrap_or(Some(level));
            enforced.is_some_and(|enforced| breaks <= enforced)
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::{FileKind, Linter, Options, PssLevel};

    /// A pod that breaks Baseline (privileged, KS102) and, with it, Restricted only
    /// (no `allowPrivilegeEscalation: false`, KS202).
    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      privileged: true\n";

    fn codes(source: &str, level: PssLevel) -> Vec<&'static str> {
        let mut codes: Vec<_> = Linter::new()
            .options(&Options {
                pss_level: level,
                ..Options::default()
            })
            .lint(FileKind::Kubernetes, source)
            .into_iter()
            .filter(|d| d.pss.is_some())
            .map(|d| d.code)
            .collect();
        codes.dedup();
        codes
    }

    fn namespace(label: &str) -> String {
        format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: {label}\n---\n{POD}")
    }

    #[test]
    fn the_level_decides_which_findings_are_reported() {
        let restricted = codes(POD, PssLevel::Restricted);
        assert!(
            restricted.contains(&"KS102") && restricted.contains(&"KS202"),
            "{restricted:?}"
        );
        let baseline = codes(POD, PssLevel::Baseline);
        assert!(baseline.contains(&"KS102"), "{baseline:?}");
        assert!(!baseline.contains(&"KS202"), "{baseline:?}");
    }

    #[test]
    fn a_labelled_namespace_sets_the_level_of_its_pods() {
        // The Namespace asks for Baseline: the run's Restricted does not apply to it.
        let baseline = codes(&namespace("baseline"), PssLevel::Restricted);
        assert!(
            baseline.contains(&"KS102") && !baseline.contains(&"KS202"),
            "{baseline:?}"
        );
        // Restricted in the label, Baseline for the run: the label wins.
        let restricted = codes(&namespace("restricted"), PssLevel::Baseline);
        assert!(restricted.contains(&"KS202"), "{restricted:?}");
        // Privileged: no Pod Security Standards findings at all.
        assert_eq!(
            codes(&namespace("privileged"), PssLevel::Restricted),
            Vec::<&str>::new()
        );
        // A label that is not a level changes nothing; nor does another namespace's.
        assert_eq!(
            codes(&namespace("strict"), PssLevel::Baseline),
            codes(POD, PssLevel::Baseline)
        );
        let other = namespace("privileged").replacen("name: shop", "name: other", 1);
        assert_eq!(
            codes(&other, PssLevel::Restricted),
            codes(POD, PssLevel::Restricted)
        );
    }

    #[test]
    fn findings_say_which_level_they_break_and_restricted_only_ones_are_warnings() {
        let found = Linter::new()
            .options(&Options::default())
            .lint(FileKind::Kubernetes, POD);
        let of = |code: &str| found.iter().find(|d| d.code == code).expect(code);
        assert_eq!(of("KS102").pss, Some(PssLevel::Baseline));
        assert_eq!(of("KS102").severity, crate::Severity::Error);
        assert_eq!(of("KS202").pss, Some(PssLevel::Restricted));
        assert_eq!(of("KS202").severity, crate::Severity::Warning);
        assert!(found
            .iter()
            .filter(|d| d.code.starts_with("KS3"))
            .all(|d| d.pss.is_none()));
    }
}
