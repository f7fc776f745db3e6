//! Well-known compiled Python packages and, for each `CPython` minor version, the first
//! release with a wheel for it (`x86_64` manylinux): a pin older than that has no wheel on
//! that Python, so pip builds it from source (needing a compiler and the C library's
//! headers, which slim and distroless builders do not have) or fails. The variants check
//! the user's pins against it when they move the app to another Python.
//!
//! Checked on 2026-12-04 with `pip download --no-deps --only-binary :all:
//! --python-version 3.X --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64
//! --platform manylinux_2_28_x86_64 <package>==0`, whose error lists every release with
//! a matching wheel; the release pages below show the same files. A package not here
//! is "not checked" (cryptography ships abi3 wheels, which any newer `CPython` takes).

/// `(package, [(python minor, first release with a wheel)])`, names as pip normalises
/// them.
const FIRST_WHEELS: &[(&str, &[(&str, &str)])] = &[
    // https://pypi.org/project/psycopg2-binary/2.9.5/#files (cp311),
    // https://pypi.org/project/psycopg2-binary/2.9.9/#files (cp312),
    // https://pypi.org/project/psycopg2-binary/2.9.10/#files (cp313),
    // https://pypi.org/project/psycopg2-binary/2.9.11/#files (cp314)
    (
        "psycopg2-binary",
        &[
            ("3.11", "2.9.5"),
            ("3.12", "2.9.9"),
            ("3.13", "2.9.10"),
            ("3.14", "2.9.11"),
        ],
    ),
    // https://pypi.org/project/numpy/1.23.2/#files, .../1.26.0/, .../2.1.0/, .../2.3.2/
    (
        "numpy",
        &[
            ("3.11", "1.23.2"),
            ("3.12", "1.26.0"),
            ("3.13", "2.1.0"),
            ("3.14", "2.3.2"),
        ],
    ),
    // https://pypi.org/project/pandas/1.5.0/#files, .../2.1.1/, .../2.2.3/, .../2.3.3/
    (
        "pandas",
        &[
            ("3.11", "1.5.0"),
            ("3.12", "2.1.1"),
            ("3.13", "2.2.3"),
            ("3.14", "2.3.3"),
        ],
    ),
    // https://pypi.org/project/lxml/4.9.1/#files, .../4.9.3/, .../5.3.0/, .../6.0.1/
    (
        "lxml",
        &[
            ("3.11", "4.9.1"),
            ("3.12", "4.9.3"),
            ("3.13", "5.3.0"),
            ("3.14", "6.0.1"),
        ],
    ),
    // https://pypi.org/project/grpcio/1.49.1/#files, .../1.59.0/, .../1.66.2/, .../1.75.1/
    (
        "grpcio",
        &[
            ("3.11", "1.49.1"),
            ("3.12", "1.59.0"),
            ("3.13", "1.66.2"),
            ("3.14", "1.75.1"),
        ],
    ),
];

/// What the table says of `package==version` on `CPython` `python` (`3.13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wheel {
    /// A wheel for it exists.
    Yes,
    /// No wheel: the first release with one is this.
    No { first: &'static str },
    /// The package, or that Python, is not in the table.
    NotChecked,
}

/// Whether `package` (as pip normalises it) at `version` has a wheel for `CPython`
/// `python`.
pub fn wheel(package: &str, version: &str, python: &str) -> Wheel {
    let Some((_, first)) = FIRST_WHEELS.iter().find(|(p, _)| *p == package) else {
        return Wheel::NotChecked;
    };
    let Some((_, first)) = first.iter().find(|(minor, _)| *minor == python) else {
        return Wheel::NotChecked;
    };
    if older(version, first) {
        Wheel::No { first }
    } else {
        Wheel::Yes
    }
}

/// `a < b` for plain dotted release numbers (`2.9.9` < `2.9.10`); a pre-release or
/// other suffix compares by its leading number.
fn older(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> {
        v.split('.')
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0)
            })
            .collect()
    };
    parts(a) < parts(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_pins_have_no_wheel_for_a_newer_python() {
        assert_eq!(
            wheel("psycopg2-binary", "2.9.9", "3.13"),
            Wheel::No { first: "2.9.10" }
        );
        assert_eq!(wheel("psycopg2-binary", "2.9.9", "3.11"), Wheel::Yes);
        assert_eq!(wheel("psycopg2-binary", "2.9.10", "3.13"), Wheel::Yes);
        assert_eq!(
            wheel("numpy", "1.26.4", "3.13"),
            Wheel::No { first: "2.1.0" }
        );
        assert_eq!(wheel("flask", "3.1.3", "3.13"), Wheel::NotChecked);
        assert_eq!(wheel("numpy", "2.1.0", "3.9"), Wheel::NotChecked);
    }
}
