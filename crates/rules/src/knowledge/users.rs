//! Who a container runs as: what counts as root, the one test the Dockerfile rules,
//! the Compose rules and the cross-file checks share.

/// Whether a `USER` value (`root`, `0`, `00:0`, `app:app`) means root: UID 0 in any
/// spelling, the name `root`, or Windows' `ContainerAdministrator`. The one root test
/// the rules share.
pub fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root"
        || name.parse::<u32>() == Ok(0)
        || name.eq_ignore_ascii_case("ContainerAdministrator")
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_is_uid_0_in_any_spelling() {
        for user in [
            "root",
            "0",
            "00",
            "0:0",
            "root:root",
            "ContainerAdministrator",
        ] {
            assert!(super::is_root_user(user), "{user}");
        }
        for user in ["1000", "65532:65532", "app", "nonroot", "rootless", "$USER"] {
            assert!(!super::is_root_user(user), "{user}");
        }
    }
}
