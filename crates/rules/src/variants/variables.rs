//! Shell variables in a shell-form command (`CMD exec gunicorn --bind :$PORT main:app`),
//! for the bases with no shell to expand them. Exec form does not expand `$PORT`, so
//! writing the command in exec form is no answer. Where the program reads the value
//! from the environment itself, the flag is dropped and the value set with `ENV`;
//! elsewhere the image's own Python expands the variables before it starts the
//! program (a launcher). Only a base with neither (a frozen binary on `scratch`) is
//! refused.

use std::fmt::Write as _;

use super::analysis::{App, Entry};

/// Where a server reads an option from the environment when its flag is not given.
#[derive(Clone, Copy)]
enum Reads {
    /// The whole value, from this variable.
    Whole(&'static str),
    /// The port of a `HOST:PORT` bound on every interface (`:$PORT`, `0.0.0.0:$PORT`).
    BindPort(&'static str),
}

/// A server that reads its options from the environment: its console script, the
/// module it runs as, and which flags it reads from which variable.
struct Server {
    program: &'static str,
    module: &'static str,
    options: &'static [(&'static [&'static str], Reads)],
}

/// The servers whose options fall back to environment variables, each checked in its
/// own source or documentation (2026-12-04):
/// - gunicorn: "If the PORT environment variable is defined, the default is
///   `['0.0.0.0:$PORT']`" (<https://docs.gunicorn.org/en/stable/settings.html#bind>,
///   `gunicorn/config.py`, class `Bind`).
/// - functions-framework: `--port` (default 8080), `--host`, `--target`, `--source`
///   and `--signature-type` are click options with `envvar=` `PORT`, `HOST`,
///   `FUNCTION_TARGET`, `FUNCTION_SOURCE` and `FUNCTION_SIGNATURE_TYPE`
///   (<https://github.com/GoogleCloudPlatform/functions-framework-python>,
///   `functions_framework/_cli.py`).
/// - uvicorn: every option reads `UVICORN_<OPTION>` (click's `auto_envvar_prefix`,
///   <https://www.uvicorn.org/settings/>).
const SERVERS: &[Server] = &[
    Server {
        program: "gunicorn",
        module: "gunicorn",
        options: &[(&["--bind", "-b"], Reads::BindPort("PORT"))],
    },
    Server {
        program: "functions-framework",
        module: "functions_framework",
        options: &[
            (&["--port"], Reads::Whole("PORT")),
            (&["--host"], Reads::Whole("HOST")),
            (&["--target"], Reads::Whole("FUNCTION_TARGET")),
            (&["--source"], Reads::Whole("FUNCTION_SOURCE")),
            (
                &["--signature-type"],
                Reads::Whole("FUNCTION_SIGNATURE_TYPE"),
            ),
        ],
    },
    Server {
        program: "uvicorn",
        module: "uvicorn",
        options: &[
            (&["--port"], Reads::Whole("UVICORN_PORT")),
            (&["--host"], Reads::Whole("UVICORN_HOST")),
        ],
    },
];

/// The port a server listens on when nothing else says: the platforms' convention
/// (Cloud Run, Heroku, functions-framework's own default).
const DEFAULT_PORT: &str = "8080";

/// A launcher for the image's own Python: it expands `$NAME` and `${NAME}` in each
/// argument (as the shell would for a set variable) and replaces itself with the
/// program, which keeps its process id and receives the signals.
pub(super) const LAUNCHER: &str =
    "import os, sys; os.execvp(sys.argv[1], [os.path.expandvars(a) for a in sys.argv[1:]])";

/// One `$NAME`, `${NAME}` or `${NAME:-default}` in a word.
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    name: String,
    default: Option<String>,
    /// Where it is in the word.
    start: usize,
    end: usize,
}

/// The variable references in `word` (found as BuildKit and the rules find them), or
/// `None` when it uses other expansions (`$1`, `${#NAME}`, `${NAME:+x}`, a variable in
/// a default) that only a shell does.
fn references(word: &str) -> Option<Vec<Reference>> {
    let found = crate::dockerfile::syntax::variables::scan(word, '\\');
    if word.matches('$').count() != found.len() {
        return None;
    }
    found
        .into_iter()
        .map(|(name, start, end, modifier)| {
            let default = if modifier {
                let inner = &word[start + 2 + name.len()..end - 1];
                let default = inner
                    .strip_prefix(":-")
                    .or_else(|| inner.strip_prefix('-'))?;
                Some(default.to_owned())
            } else {
                None
            };
            Some(Reference {
                name,
                default,
                start,
                end,
            })
        })
        .collect()
}

/// A command whose variables were translated for a base without a shell.
pub(super) struct Translated {
    /// The app, its command without shell syntax, with the values it now reads from
    /// the environment.
    pub app: App,
    /// Start the command through [`LAUNCHER`], which expands what is left.
    pub launcher: bool,
    pub notes: Vec<String>,
}

/// The program a command starts, for the server table: a console script, or a module
/// run with `python -m`; and where its arguments begin in the entry's words.
fn server_of(entry: &Entry) -> Option<(&'static Server, usize)> {
    match entry {
        Entry::Script { name, .. } => SERVERS.iter().find(|s| s.program == name).map(|s| (s, 0)),
        Entry::Python(args) if args.first().is_some_and(|a| a == "-m") => {
            let module = args.get(1)?;
            SERVERS.iter().find(|s| s.module == module).map(|s| (s, 2))
        }
        _ => None,
    }
}

/// The entry's arguments (after the program).
fn arguments(entry: &mut Entry) -> Option<&mut Vec<String>> {
    match entry {
        Entry::Script { args, .. } | Entry::Python(args) => Some(args),
        Entry::Other(_) => None,
    }
}

/// The value of a variable the command reads, as the image sets it: its `ENV`, else a
/// build argument's default, else the reference's own default; a port falls back to
/// the port the image exposes, then to 8080.
fn value(app: &App, reference: &Reference, port: bool) -> Option<String> {
    app.env
        .iter()
        .find(|(k, _)| *k == reference.name)
        .map(|(_, v)| v.clone())
        .or_else(|| {
            app.arg_defaults
                .iter()
                .find(|(k, _)| *k == reference.name)
                .map(|(_, v)| v.clone())
        })
        .or_else(|| reference.default.clone())
        .or_else(|| {
            port.then(|| {
                app.port
                    .map_or_else(|| DEFAULT_PORT.to_owned(), |p| p.to_string())
            })
        })
}

/// What a server reads instead of `flag value`: the variable and its value.
fn read_instead(
    server: &Server,
    app: &App,
    flag: &str,
    value_word: &str,
) -> Option<(&'static str, String)> {
    let reads = server
        .options
        .iter()
        .find(|(flags, _)| flags.contains(&flag))
        .map(|(_, reads)| *reads)?;
    let found = references(value_word)?;
    let [reference] = found.as_slice() else {
        return None;
    };
    let (before, after) = (&value_word[..reference.start], &value_word[reference.end..]);
    match reads {
        Reads::Whole(variable) if before.is_empty() && after.is_empty() => {
            let port = variable.ends_with("PORT");
            Some((variable, value(app, reference, port)?))
        }
        Reads::BindPort(variable) if matches!(before, ":" | "0.0.0.0:") && after.is_empty() => {
            Some((variable, value(app, reference, true)?))
        }
        _ => None,
    }
}

/// A flag left out, as written (`--bind :$PORT`), the variable the server reads
/// instead and its value.
type Read = (String, &'static str, String);

/// The arguments without the flags the server reads from the environment instead, and
/// those variables with their values; `None` when a variable is left that no rule
/// covers.
fn drop_flags(server: &Server, app: &App, args: &[String]) -> Option<(Vec<String>, Vec<Read>)> {
    let mut kept = Vec::new();
    let mut read = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let (flag, value, used) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with('-') => (flag, value, 1),
            _ if arg.starts_with('-') && args.get(i + 1).is_some_and(|v| v.contains('$')) => {
                (arg.as_str(), args[i + 1].as_str(), 2)
            }
            _ if arg.contains('$') => return None,
            _ => {
                kept.push(arg.clone());
                i += 1;
                continue;
            }
        };
        if !value.contains('$') {
            kept.push(arg.clone());
            i += 1;
            continue;
        }
        let (variable, resolved) = read_instead(server, app, flag, value)?;
        read.push((format!("{flag} {value}"), variable, resolved));
        i += used;
    }
    Some((kept, read))
}

/// The command of `app` for a base without a shell: translated by the server table, or
/// left to the launcher when `interpreter` (the base has Python to run it). `Err` says
/// why neither works.
pub(super) fn translate(app: &App, interpreter: bool, base: &str) -> Result<Translated, String> {
    let mut translated = app.clone();
    translated.shell_syntax = false;
    translated.shell_variables.clear();
    let mut notes = Vec::new();
    let entry = app.entry.as_ref().ok_or("no command")?;
    let by_server = server_of(entry).and_then(|(server, skip)| {
        let args = match entry {
            Entry::Script { args, .. } | Entry::Python(args) => args,
            Entry::Other(_) => return None,
        };
        drop_flags(server, app, &args[skip..]).map(|(kept, read)| (server, skip, kept, read))
    });
    if let Some((server, skip, kept, read)) = by_server {
        let args = translated
            .entry
            .as_mut()
            .and_then(arguments)
            .ok_or("no command")?;
        args.truncate(skip);
        args.extend(kept);
        for (flag, variable, value) in read {
            let set = app.env.iter().any(|(k, v)| k == variable && *v == value);
            if !set {
                translated.env.retain(|(k, _)| k != variable);
                translated.env.push((variable.to_owned(), value.clone()));
            }
            let mut note = format!(
                "Your command's `{flag}` needs a shell to expand it, and {base} has none; {} reads `{variable}` itself, so this variant leaves the flag out and {}.",
                server.program,
                if set { format!("keeps your `ENV {variable}={value}`") } else { format!("sets `ENV {variable}={value}`") },
            );
            if variable.ends_with("PORT") {
                if translated.port.is_none() {
                    translated.port = value.parse().ok();
                }
                if variable == "PORT" {
                    note.push_str(
                        " A PORT the platform sets at run time (Cloud Run does) still wins.",
                    );
                } else {
                    let _ = write!(note, " A PORT the platform sets at run time is not followed: set {variable} instead.");
                }
            }
            notes.push(note);
        }
        return Ok(Translated {
            app: translated,
            launcher: false,
            notes,
        });
    }
    let line = app
        .command_line
        .map(|l| format!("line {l}: "))
        .unwrap_or_default();
    if !interpreter {
        return Err(format!(
            "{line}your command uses shell variables, and {base} has no shell to expand them and no interpreter to run a launcher: write the value itself (`--port 8080`), or set it with `ENV` for a program that reads it (gunicorn reads PORT), then compare again"
        ));
    }
    // `${NAME:-default}`: the launcher expands `${NAME}`, and the default is set with ENV.
    let args = translated
        .entry
        .as_mut()
        .and_then(arguments)
        .ok_or_else(|| {
            format!(
                "{line}your command uses shell variables, and {base} has no shell to expand them"
            )
        })?;
    for arg in args.iter_mut() {
        let Some(found) = references(arg) else {
            return Err(format!(
                "{line}`{arg}` uses shell expansions beyond `$NAME` and `${{NAME:-default}}`, and {base} has no shell: write the value itself, then compare again"
            ));
        };
        for reference in found.iter().rev() {
            if let Some(default) = &reference.default {
                arg.replace_range(
                    reference.start..reference.end,
                    &format!("${{{}}}", reference.name),
                );
                if !translated.env.iter().any(|(k, _)| *k == reference.name) {
                    translated
                        .env
                        .push((reference.name.clone(), default.clone()));
                }
            }
        }
    }
    notes.push(format!(
        "Your command uses shell variables, and {base} has no shell: the image's own Python expands them (`os.path.expandvars`) and then runs your command in its place, so it keeps process id 1."
    ));
    Ok(Translated {
        app: translated,
        launcher: true,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_as_the_shell_reads_them() {
        let found = references("0.0.0.0:${PORT:-8080}").expect("plain references");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "PORT");
        assert_eq!(found[0].default.as_deref(), Some("8080"));
        assert_eq!(
            &"0.0.0.0:${PORT:-8080}"[found[0].start..found[0].end],
            "${PORT:-8080}"
        );
        let found = references(":$PORT/$HOST_NAME").expect("plain references");
        assert_eq!(
            found.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["PORT", "HOST_NAME"]
        );
        assert!(references("$1").is_none());
        assert!(references("${#PORT}").is_none());
        assert!(references("${PORT:+8080}").is_none());
        assert!(references("${PORT:-$OTHER}").is_none());
    }
}
