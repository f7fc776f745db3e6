//! Names that hold secrets, shared by the Dockerfile and Kubernetes rules.

/// Name parts that mark a secret, matched on `_`-separated, upper-cased words.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "PRIVATE",
];
/// Names that look secret but are not.
const NOT_SECRETS: &[&str] = &[
    "PWD",
    "PASSWORD_FILE",
    "TOKEN_FILE",
    "SECRET_FILE",
    "GPG_KEY",
    "KEY_ID",
];

/// Whether a variable name (`DB_PASSWORD`, `apiKey`, `authToken`, `NPM_TOKEN`) names a
/// secret.
pub fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if NOT_SECRETS.contains(&upper.as_str())
        || upper.ends_with("_FILE")
        || upper.ends_with("_PATH")
        || upper.ends_with("_DIR")
    {
        return false;
    }
    // camelCase words count as words too: `apiToken` is `API_TOKEN`.
    let mut words = String::with_capacity(name.len() + 4);
    let mut lower_before = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && lower_before {
            words.push('_');
        }
        lower_before = c.is_ascii_lowercase() || c.is_ascii_digit();
        words.push(c.to_ascii_uppercase());
    }
    let parts: Vec<&str> = words.split(['_', '-', '.']).collect();
    parts.iter().any(|p| SECRET_WORDS.contains(p))
        || upper.contains("API_KEY")
        || upper.contains("ACCESS_KEY")
        || upper.contains("SECRET_KEY")
        || upper.contains("PRIVATE_KEY")
        || upper.contains("AUTH_KEY")
}

/// Whether a text holds a private key (a PEM `-----BEGIN … PRIVATE KEY-----` block),
/// which is a secret whatever it is called.
pub fn holds_private_key(text: &str) -> bool {
    text.contains("-----BEGIN") && text.contains("PRIVATE KEY")
}

/// Whether `value` is written out rather than pointing elsewhere or being a plain
/// setting: not empty, not a number or a boolean (`TOKEN_TTL_SECONDS: "3600"`), not a
/// path, and not a reference (`$(VAR)`, `${VAR}`, `<placeholder>`).
pub fn literal_secret_value(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']);
    !value.is_empty()
        && !value.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null"
        )
        && !value.starts_with('/')
        && !value.starts_with("$(")
        && !value.starts_with("${")
        && !(value.starts_with('<') && value.ends_with('>'))
}
