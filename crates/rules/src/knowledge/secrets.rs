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

/// Whether a variable name (`DB_PASSWORD`, `apiKey`, `NPM_TOKEN`) names a secret.
pub fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if NOT_SECRETS.contains(&upper.as_str())
        || upper.ends_with("_FILE")
        || upper.ends_with("_PATH")
        || upper.ends_with("_DIR")
    {
        return false;
    }
    let parts: Vec<&str> = upper.split(['_', '-', '.']).collect();
    parts.iter().any(|p| SECRET_WORDS.contains(p))
        || upper.contains("API_KEY")
        || upper.contains("ACCESS_KEY")
        || upper.contains("SECRET_KEY")
        || upper.contains("PRIVATE_KEY")
        || upper.contains("AUTH_KEY")
}
