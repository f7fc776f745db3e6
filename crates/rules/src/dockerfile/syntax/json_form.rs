//! BuildKit's exec form: arguments that decode as a JSON array of strings.
//!
//! BuildKit decodes the first JSON value of the arguments (trailing text is ignored).
//! A JSON array of strings is the exec form; a valid JSON array holding anything else
//! (a number, a nested array) is an error; text that is not valid JSON falls back to the
//! shell form, as `CMD [ "unterminated` does.

/// A string element of an exec-form array, with its logical byte range (quotes
/// included) in the text that was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// How the arguments of `RUN`, `CMD`, `ENTRYPOINT` or `SHELL` read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonForm {
    /// Not a JSON array: the shell form.
    Shell,
    /// A JSON array of strings: the exec form.
    Exec(Vec<JsonString>),
    /// A JSON array with an element that is not a string; BuildKit rejects it.
    NotStrings { start: usize, end: usize },
}

/// Nesting deeper than this is treated as invalid JSON (shell form), so hostile input
/// cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// `text` as a JSON string, as exec form writes one (quotes and backslashes escaped).
pub fn quote(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Read `text` (the instruction's arguments after any flags) the way BuildKit does.
pub fn parse(text: &str) -> JsonForm {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('[') {
        return JsonForm::Shell;
    }
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: start + 1,
    };
    let mut strings = Vec::new();
    let mut not_string = None;
    reader.skip_ws();
    if reader.peek() == Some(b']') {
        return JsonForm::Exec(strings);
    }
    loop {
        reader.skip_ws();
        let element_start = reader.pos;
        if reader.peek() == Some(b'"') {
            match reader.string() {
                Some(value) => strings.push(JsonString {
                    value,
                    start: element_start,
                    end: reader.pos,
                }),
                None => return JsonForm::Shell,
            }
        } else {
            if reader.value(1).is_none() {
                return JsonForm::Shell;
            }
            not_string.get_or_insert((element_start, reader.pos));
        }
        reader.skip_ws();
        match reader.next() {
            Some(b',') => {}
            Some(b']') => break,
            _ => return JsonForm::Shell,
        }
    }
    match not_string {
        Some((start, end)) => JsonForm::NotStrings { start, end },
        None => JsonForm::Exec(strings),
    }
}

/// The elements of text that reads as an array but is not JSON, such as
/// `[python, app.py]` or `[x"python", "app.py"]`: the text between `[` and a closing
/// `]` that ends it, split at the commas outside quotes, each element trimmed. `None`
/// unless there are at least two elements, none of them empty and none holding a blank
/// outside quotes, so the test command `[ -f x ]` and `[ "$a" = b ] && ...` are not
/// arrays.
pub fn loose_array(text: &str) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut elements = Vec::new();
    let mut quote = None;
    let mut start = 0;
    let mut blank_outside = false;
    let mut ok = true;
    let mut chars = inner.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                chars.next();
            }
            (None, '"' | '\'') => quote = Some(c),
            (None, ',') => {
                ok &= !blank_outside;
                elements.push(inner[start..at].trim());
                start = at + 1;
                blank_outside = false;
            }
            (None, c) if c.is_whitespace() => {
                let before = inner[start..at].trim();
                let after = chars
                    .peek()
                    .is_none_or(|&(_, n)| n.is_whitespace() || n == ',');
                if !before.is_empty() && !after {
                    blank_outside = true;
                }
            }
            _ => {}
        }
    }
    if quote.is_some() {
        return None;
    }
    ok &= !blank_outside;
    elements.push(inner[start..].trim());
    (ok && elements.len() >= 2 && !elements.iter().any(|e| e.is_empty())).then_some(elements)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// A JSON string starting at the opening quote; `None` if it is not valid JSON.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let special = rest.find(|c: char| c == '"' || c == '\\' || c < ' ')?;
            out.push_str(&rest[..special]);
            self.pos += special;
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => match self.next()? {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => out.push(self.unicode_escape()?),
                    _ => return None,
                },
                _ => return None, // a control character inside a string
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            // A surrogate pair; Go decodes a lone surrogate as U+FFFD.
            if self.text[self.pos..].starts_with("\\u") {
                let save = self.pos;
                self.pos += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
                }
                self.pos = save;
            }
            return Some('\u{FFFD}');
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    /// Skip any JSON value; `None` if it is not valid JSON.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'[' => self.container(b']', depth, false),
            b'{' => self.container(b'}', depth, true),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn container(&mut self, close: u8, depth: usize, object: bool) -> Option<()> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.skip_ws();
            if object {
                if self.peek() != Some(b'"') {
                    return None;
                }
                self.string()?;
                self.skip_ws();
                if self.next()? != b':' {
                    return None;
                }
            }
            self.value(depth + 1)?;
            self.skip_ws();
            match self.next()? {
                b',' => {}
                c if c == close => return Some(()),
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        self.text[self.pos..]
            .starts_with(word)
            .then(|| self.pos += word.len())
    }

    fn number(&mut self) -> Option<()> {
        let rest = &self.text[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
            .unwrap_or(rest.len());
        let number = &rest[..len];
        // Validate the JSON number grammar loosely: must start with - or a digit and
        // contain at least one digit.
        if !number.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        self.pos += len;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(form: &JsonForm) -> Vec<&str> {
        match form {
            JsonForm::Exec(items) => items.iter().map(|s| s.value.as_str()).collect(),
            other => panic!("expected exec form, got {other:?}"),
        }
    }

    #[test]
    fn exec_form_with_escapes_and_ranges() {
        let text = r#" [ "echo", "hello \"$world\"", "\u00e9" ] "#;
        let form = parse(text);
        assert_eq!(values(&form), ["echo", "hello \"$world\"", "é"]);
        if let JsonForm::Exec(items) = &form {
            assert_eq!(&text[items[0].start..items[0].end], "\"echo\"");
        }
        assert_eq!(values(&parse("[]")), Vec::<&str>::new());
        assert_eq!(values(&parse(r#"["a"] trailing text"#)), ["a"]);
    }

    #[test]
    fn invalid_json_falls_back_to_shell_form() {
        for text in [
            "echo hi",
            "['single', 'quotes']",
            r#"["unterminated"#,
            r#"["a" "b"]"#,
            r#"["a",]"#,
            "[",
        ] {
            assert_eq!(parse(text), JsonForm::Shell, "{text}");
        }
    }

    #[test]
    fn loose_arrays_are_arrays_that_are_not_json() {
        assert_eq!(parse("[python, app.py]"), JsonForm::Shell);
        assert_eq!(
            loose_array("[python, app.py]"),
            Some(vec!["python", "app.py"])
        );
        assert_eq!(
            loose_array(r#"[x"python", "app.py"]"#),
            Some(vec![r#"x"python""#, r#""app.py""#])
        );
        assert_eq!(
            loose_array(r#"[ "a, b" , c ]"#),
            Some(vec![r#""a, b""#, "c"])
        );
        for text in [
            "[ -f x ]",
            r#"[ "$a" = b ] && echo, x"#,
            "[ -n a, b ]",
            "[a,]",
            "[python]",
            "[a, b] trailing",
            r#"["unterminated, x]"#,
        ] {
            assert_eq!(loose_array(text), None, "{text}");
        }
    }

    #[test]
    fn non_string_elements_are_rejected() {
        let text = r#"[ "echo", [ "nested json" ] ]"#;
        let JsonForm::NotStrings { start, end } = parse(text) else {
            panic!("nested array must be rejected");
        };
        assert_eq!(&text[start..end], r#"[ "nested json" ]"#);
        assert!(matches!(parse(r#"["a", 1]"#), JsonForm::NotStrings { .. }));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("[\"a\", {}{}]", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&deep), JsonForm::Shell);
    }
}
