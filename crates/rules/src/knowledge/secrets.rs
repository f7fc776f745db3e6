//! Names and values that hold secrets, shared by the Dockerfile, Compose and Kubernetes
//! rules.

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

/// The password of a URL in `value` that carries one written out
/// (`postgres://shop:shop@db/shop`, also inside a longer value such as
/// `-Durl=jdbc:postgresql://u:p@db/x`): `None` for a URL with a user and no password
/// (`redis://app@cache`), or whose password is a reference (`${DB_PASSWORD}`,
/// `$(DB_PASSWORD)`, `$DB_PASSWORD`) or a placeholder (`<password>`).
pub fn url_password(value: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = value[from..].find("://") {
        let at = from + at;
        from = at + 3;
        let scheme = value[..at]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .next()
            .unwrap_or_default();
        if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let rest = &value[from..];
        let authority = &rest[..rest
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(rest.len())];
        let Some((userinfo, host)) = authority.rsplit_once('@') else {
            continue;
        };
        let Some((user, password)) = userinfo.split_once(':') else {
            continue;
        };
        let placeholder = password.starts_with('<') && password.ends_with('>');
        if user.is_empty()
            || host.is_empty()
            || password.is_empty()
            || password.starts_with('$')
            || placeholder
            || password.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        {
            continue;
        }
        return Some(password);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::url_password;

    #[test]
    fn urls_with_a_password_written_out() {
        assert_eq!(url_password("postgres://shop:shop@db/shop"), Some("shop"));
        assert_eq!(
            url_password("-Durl=jdbc:postgresql://app:s3cret@db:5432/x?ssl=true"),
            Some("s3cret")
        );
        assert_eq!(
            url_password("amqp://guest:guest@rabbit:5672"),
            Some("guest")
        );
        for value in [
            "redis://app@cache:6379",
            "postgres://shop:${DB_PASSWORD}@db/shop",
            "postgres://shop:$(DB_PASSWORD)@db/shop",
            "postgres://shop:$DB_PASSWORD@db/shop",
            "postgres://user:<password>@db/shop",
            "postgres://user:****@db/shop",
            "http://example.com:8080/path",
            "https://example.com/a@b",
            "postgres://:pw@db",
            "not a url",
        ] {
            assert_eq!(url_password(value), None, "{value}");
        }
    }
}
