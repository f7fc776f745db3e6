//! pip's options, as `pip install` and requirement files read them: the one table of
//! which options take a value and which short options stand for which long ones, for
//! the Dockerfile rules, the requirements parser and the variant generator.

/// Options that take a value, short and long.
pub(crate) const VALUED: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-t",
    "--target",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--prefix",
    "--root",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--trusted-host",
    "--progress-bar",
    "--src",
    "--upgrade-strategy",
    "--only-binary",
    "--no-binary",
    "--cache-dir",
    "--retries",
    "--timeout",
    "--log",
    "--use-feature",
    "--config-settings",
    "-C",
    "--global-option",
    "--root-user-action",
    "--report",
    "--python",
    "--cert",
    "--client-cert",
    "--proxy",
    "--exists-action",
    "--keyring-provider",
    "--resume-retries",
    "--group",
];

/// The options of `pip install` that install into a folder of their own rather than
/// the interpreter's, each with its short form: `--target`, `--prefix`, `--root`.
pub(crate) const INTO_FOLDER: &[&[&str]] = &[&["--target", "-t"], &["--prefix"], &["--root"]];

/// Short options and their long forms.
pub(crate) const SHORT: &[(&str, &str)] = &[
    ("-r", "--requirement"),
    ("-c", "--constraint"),
    ("-e", "--editable"),
    ("-i", "--index-url"),
    ("-f", "--find-links"),
    ("-t", "--target"),
    ("-C", "--config-settings"),
];

/// Whether an option (short or long, without `=value`) takes a value.
pub(crate) fn takes_value(option: &str) -> bool {
    VALUED.contains(&option)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_short_option_and_its_long_form_agree() {
        for (short, long) in super::SHORT {
            assert_eq!(
                super::takes_value(short),
                super::takes_value(long),
                "{short} {long}"
            );
        }
        assert!(super::takes_value("--no-binary"));
        assert!(!super::takes_value("--require-hashes"));
    }
}
