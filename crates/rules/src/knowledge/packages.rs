//! Package managers: the ones bulkhead recognises in `RUN` commands, the program names
//! that run them, and the family of systems each OS package manager serves. The one
//! place these are written: the Dockerfile model, the rules, the checklist, the catalog
//! and the variants ask here.

/// Package managers we recognise in `RUN` commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageManager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Yum,
    Microdnf,
    Zypper,
    Pip,
    Uv,
    Poetry,
    Npm,
    Yarn,
    Pnpm,
    Go,
    Gem,
    Cargo,
}

/// A program name with an optional version: `python`, `python3`, `python3.13`.
fn versioned(program: &str, name: &str) -> bool {
    program
        .strip_prefix(name)
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Whether `program` (a name, not a path) is a Python interpreter.
pub fn is_python(program: &str) -> bool {
    versioned(program, "python")
}

/// Whether `program` (a name, not a path) is pip: `pip`, `pip3`, `pip3.13`.
pub fn is_pip(program: &str) -> bool {
    versioned(program, "pip")
}

/// The distributions an OS package manager installs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsFamily {
    /// Debian and Ubuntu: `apt-get`, `apt`, `aptitude`.
    Debian,
    /// Alpine and Wolfi: `apk`.
    Alpine,
    /// Fedora, RHEL, UBI, Amazon Linux: `dnf`, `yum`, `microdnf`.
    RedHat,
    /// openSUSE and SLES: `zypper`.
    Suse,
}

impl OsFamily {
    /// What the family's package tool is called (`apt` for Debian's `apt-get`, `apt`
    /// and `aptitude`), as the variants' table shows it.
    pub fn tool(self) -> &'static str {
        match self {
            Self::Debian => "apt",
            Self::Alpine => "apk",
            Self::RedHat => "dnf",
            Self::Suse => "zypper",
        }
    }
}

impl PackageManager {
    /// The manager a program runs, by its name (`apt-get`, `dnf5`, `pip3.13`); `python -m
    /// pip`, a module run by the interpreter, is the Dockerfile model's to recognise.
    pub fn from_program(program: &str) -> Option<Self> {
        Some(match program {
            "apt-get" => Self::AptGet,
            "apt" => Self::Apt,
            "aptitude" => Self::Aptitude,
            "apk" => Self::Apk,
            "dnf" | "dnf5" => Self::Dnf,
            "yum" => Self::Yum,
            "microdnf" => Self::Microdnf,
            "zypper" => Self::Zypper,
            p if is_pip(p) => Self::Pip,
            "uv" => Self::Uv,
            "poetry" => Self::Poetry,
            "npm" => Self::Npm,
            "yarn" => Self::Yarn,
            "pnpm" => Self::Pnpm,
            // `xx-go` and `xx-cargo` (tonistiigi/xx) run go and cargo for the target
            // platform of a cross-compiling build.
            "go" | "xx-go" => Self::Go,
            "gem" => Self::Gem,
            "cargo" | "xx-cargo" => Self::Cargo,
            _ => return None,
        })
    }

    /// The distributions it installs for, if it is an OS package manager (`None`: a
    /// language's, as pip or npm).
    pub fn os_family(self) -> Option<OsFamily> {
        match self {
            Self::AptGet | Self::Apt | Self::Aptitude => Some(OsFamily::Debian),
            Self::Apk => Some(OsFamily::Alpine),
            Self::Dnf | Self::Yum | Self::Microdnf => Some(OsFamily::RedHat),
            Self::Zypper => Some(OsFamily::Suse),
            _ => None,
        }
    }

    /// Whether it installs the system's packages (not a language's).
    pub fn is_os(self) -> bool {
        self.os_family().is_some()
    }

    /// Whether it is one of Debian's (`apt-get`, `apt`, `aptitude`).
    pub fn is_debian(self) -> bool {
        self.os_family() == Some(OsFamily::Debian)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_os_manager_has_a_family_and_a_program() {
        for (program, family) in [
            ("apt-get", OsFamily::Debian),
            ("apt", OsFamily::Debian),
            ("aptitude", OsFamily::Debian),
            ("apk", OsFamily::Alpine),
            ("dnf5", OsFamily::RedHat),
            ("microdnf", OsFamily::RedHat),
            ("zypper", OsFamily::Suse),
        ] {
            let manager = PackageManager::from_program(program).expect(program);
            assert_eq!(manager.os_family(), Some(family), "{program}");
        }
        assert_eq!(
            PackageManager::from_program("pip3.13"),
            Some(PackageManager::Pip)
        );
        for program in ["pip", "uv", "npm", "cargo", "go"] {
            assert!(!PackageManager::from_program(program)
                .expect(program)
                .is_os());
        }
        assert_eq!(PackageManager::from_program("sh"), None);
    }
}
