//! `bulkhead lsp` driven over standard input and output as an editor drives it: the
//! framing, the order of messages and the positions are the protocol's, and every
//! answer is checked.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DOCKERFILE: &str = "FROM python:3.13-slim\nRUN apt-get update && apt-get install curl\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web:1.0
          securityContext:
            runAsNonRoot: true
";

/// The server, and what it has sent that no one asked for yet.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    backlog: Vec<Value>,
    /// The diagnostics last published for each URI.
    published: std::collections::HashMap<String, Vec<Value>>,
    next_id: i64,
}

impl Client {
    fn start(envs: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulkhead"))
            .arg("lsp")
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bulkhead lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().expect("a length");
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value = serde_json::from_slice(&body).expect("JSON from the server");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            published: std::collections::HashMap::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message from the server; answers its own requests (registrations).
    fn receive(&mut self) -> Value {
        let message = self
            .messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s");
        if message.get("method").is_some() && message.get("id").is_some() {
            let id = message["id"].clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
        message
    }

    /// Send a request and wait for its response (whole, with `result` or `error`).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive();
            if message.get("method").is_none() && message["id"] == json!(id) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The diagnostics last published for `uri` once `done` holds for them, waiting for
    /// more as needed.
    fn diagnostics_until(&mut self, uri: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            for message in self.backlog.drain(..) {
                if message["method"] == "textDocument/publishDiagnostics" {
                    let params = &message["params"];
                    self.published.insert(
                        params["uri"].as_str().unwrap_or_default().to_owned(),
                        params["diagnostics"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default(),
                    );
                }
            }
            let last = self.published.get(uri);
            if let Some(found) = last {
                if done(found) {
                    return found.clone();
                }
            }
            assert!(
                Instant::now() < deadline,
                "no diagnostics for {uri} as expected; last: {last:?}"
            );
            let message = self.receive();
            self.backlog.push(message);
        }
    }
}

fn codes(found: &[Value]) -> Vec<String> {
    found
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn has(code: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |found| codes(found).iter().any(|c| c == code)
}

fn lacks(code: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |found| !codes(found).iter().any(|c| c == code)
}

/// A fresh folder for one test's workspace.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bulkhead-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir.canonicalize().expect("canonical")
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn initialize(client: &mut Client, root: &Path) -> Value {
    let result = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "workspaceFolders": [{"uri": uri(root), "name": "w"}],
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
        }),
    );
    client.notify("initialized", json!({}));
    result
}

fn open(client: &mut Client, uri: &str, language: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
}

fn change(client: &mut Client, uri: &str, version: i32, range: Value, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": range, "text": text}],
        }),
    );
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

fn shutdown(mut client: Client) {
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "exit after shutdown is 0: {status}");
}

#[test]
fn initialize_announces_incremental_sync_actions_hover_and_symbols() {
    let root = workspace("init");
    let mut client = Client::start(&[]);
    let result = initialize(&mut client, &root);
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental: {caps}");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
    assert!(
        kinds.contains("quickfix") && kinds.contains("source.fixAll.bulkhead"),
        "{kinds}"
    );
    assert_eq!(result["serverInfo"]["name"], "bulkhead");
    shutdown(client);
}

#[test]
fn a_dockerfile_and_its_deployment_share_a_cross_file_finding_that_an_edit_clears() {
    let root = workspace("xf");
    let dockerfile = uri(&root.join("Dockerfile"));
    let deployment = uri(&root.join("deployment.yaml"));
    let mut client = Client::start(&[]);
    initialize(&mut client, &root);
    open(&mut client, &dockerfile, "dockerfile", DOCKERFILE);
    open(&mut client, &deployment, "yaml", DEPLOYMENT);

    // XF002: the image runs as root and the pod says `runAsNonRoot: true`, in both.
    let found = client.diagnostics_until(&dockerfile, has("XF002"));
    let xf = found.iter().find(|d| d["code"] == "XF002").expect("XF002");
    assert_eq!(xf["source"], "bulkhead");
    assert_eq!(xf["severity"], 1, "an error: {xf}");
    assert_eq!(xf["range"], range(0, 5, 0, 21), "the base image: {xf}");
    let href = xf["codeDescription"]["href"].as_str().expect("a link");
    assert!(
        href.ends_with("docs/rules.md#xf002-non-root-conflict") || href.contains("#xf002-"),
        "{href}"
    );
    let related = &xf["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], deployment.as_str(), "{xf}");
    assert_eq!(
        related["location"]["range"]["start"]["line"], 17,
        "the runAsNonRoot line: {xf}"
    );
    let found = client.diagnostics_until(&deployment, has("XF002"));
    let xf = found.iter().find(|d| d["code"] == "XF002").expect("XF002");
    assert_eq!(
        xf["relatedInformation"][0]["location"]["uri"],
        dockerfile.as_str()
    );

    // An incremental edit, `USER 65532` before `CMD`: the finding leaves both files.
    change(
        &mut client,
        &dockerfile,
        2,
        range(3, 0, 3, 0),
        "USER 65532\n",
    );
    let found = client.diagnostics_until(&dockerfile, lacks("XF002"));
    assert!(!codes(&found).contains(&"DF200".to_owned()), "{found:?}");
    client.diagnostics_until(&deployment, lacks("XF002"));

    // And back, by deleting the line again.
    change(&mut client, &dockerfile, 3, range(3, 0, 4, 0), "");
    client.diagnostics_until(&dockerfile, has("XF002"));
    client.diagnostics_until(&deployment, has("XF002"));
    shutdown(client);
}

/// Apply LSP text edits to `text` (from the last, so earlier positions hold).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = usize::try_from(p["line"].as_u64().expect("line")).expect("usize");
        let character = usize::try_from(p["character"].as_u64().expect("char")).expect("usize");
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + character // the test texts are ASCII
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_owned();
    for e in edits {
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(start..end, e["newText"].as_str().expect("newText"));
    }
    out
}

/// The code actions offered for diagnostic `d` of `uri`.
fn actions_for(client: &mut Client, uri: &str, d: &Value) -> Vec<Value> {
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    actions.as_array().expect("actions").clone()
}

/// A server for the workspace `root` with [`DOCKERFILE`] open at `dockerfile`, and its
/// DF301 finding (apt-get without `-y`), which has a fix.
fn opened_with_df301(root: &Path, dockerfile: &str) -> (Client, Value) {
    let mut client = Client::start(&[]);
    initialize(&mut client, root);
    open(&mut client, dockerfile, "dockerfile", DOCKERFILE);
    let found = client.diagnostics_until(dockerfile, has("DF301"));
    let df301 = found
        .iter()
        .find(|d| d["code"] == "DF301")
        .expect("DF301")
        .clone();
    (client, df301)
}

/// The edits an action makes to `uri`.
fn edits_of<'a>(action: &'a Value, uri: &str) -> &'a [Value] {
    action["edit"]["changes"][uri].as_array().expect("edits")
}

#[test]
fn code_actions_fix_a_finding_fix_all_and_write_suppressions() {
    let root = workspace("actions");
    let dockerfile = uri(&root.join("Dockerfile"));
    let (mut client, df301) = opened_with_df301(&root, &dockerfile);

    // Fix all safe, asked by its kind alone.
    let all = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": dockerfile},
            "range": range(0, 0, 0, 0),
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    let all = all.as_array().expect("actions");
    assert_eq!(all.len(), 1, "only the fix-all: {all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.bulkhead");
    let edits = all[0]["edit"]["changes"][dockerfile.as_str()]
        .as_array()
        .expect("edits");
    let fixed = apply(DOCKERFILE, edits);
    assert!(fixed.contains("apt-get install -y"), "{fixed}");
    assert!(
        fixed.contains("rm -rf /var/lib/apt/lists"),
        "DF303's safe fix too: {fixed}"
    );
    assert!(
        !fixed.contains("--no-install-recommends"),
        "no unsafe fix: {fixed}"
    );

    let actions = actions_for(&mut client, &dockerfile, &df301);
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("DF301")))
        .unwrap_or_else(|| panic!("a DF301 fix among {titles:?}"));
    assert!(
        fix["title"]
            .as_str()
            .is_some_and(|t| t.ends_with("(safe fix)")),
        "{fix}"
    );
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["kind"], "quickfix");
    let edits = edits_of(fix, &dockerfile);
    let fixed = apply(DOCKERFILE, edits);
    assert!(fixed.contains("apt-get install -y"), "{fixed}");
    let unsafe_fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("DF302")))
        .expect("DF302's fix");
    assert!(unsafe_fix["title"]
        .as_str()
        .is_some_and(|t| t.contains("unsafe")));
    assert_eq!(unsafe_fix["isPreferred"], false);

    let line = actions
        .iter()
        .find(|a| a["title"] == "Ignore DF301 on this line")
        .expect("a line suppression");
    let suppressed = apply(DOCKERFILE, edits_of(line, &dockerfile));
    assert!(suppressed.contains("COPY"), "{suppressed}");
    assert!(
        suppressed.starts_with("FROM python:3.13-slim\n# bulkhead ignore=DF301\nRUN apt-get"),
        "{suppressed}"
    );
    let file = actions
        .iter()
        .find(|a| a["title"] == "Ignore DF301 in this file")
        .expect("a file suppression");
    let whole = apply(DOCKERFILE, edits_of(file, &dockerfile));
    assert!(
        whole.starts_with("# bulkhead ignore-file=DF301\nFROM"),
        "{whole}"
    );

    shutdown(client);
}

#[test]
fn applied_fixes_and_suppressions_clear_their_findings() {
    let root = workspace("applied");
    let dockerfile = uri(&root.join("Dockerfile"));
    let (mut client, df301) = opened_with_df301(&root, &dockerfile);
    let actions = actions_for(&mut client, &dockerfile, &df301);
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("DF301")))
        .expect("a DF301 fix");
    let edits = edits_of(fix, &dockerfile).to_vec();
    // The fix applied as an editor applies it: an incremental change; DF301 is gone.
    let edit = &edits[0];
    change(
        &mut client,
        &dockerfile,
        2,
        edit["range"].clone(),
        edit["newText"].as_str().expect("text"),
    );
    client.diagnostics_until(&dockerfile, lacks("DF301"));
    // The line suppression, applied: DF303 (the apt cache) silenced on that line.
    let found = client.diagnostics_until(&dockerfile, has("DF303"));
    let df303 = found
        .iter()
        .find(|d| d["code"] == "DF303")
        .expect("DF303")
        .clone();
    let ignore = actions_for(&mut client, &dockerfile, &df303)
        .iter()
        .find(|a| a["title"] == "Ignore DF303 on this line")
        .expect("a line suppression")
        .clone();
    let edit = &ignore["edit"]["changes"][dockerfile.as_str()][0];
    change(
        &mut client,
        &dockerfile,
        3,
        edit["range"].clone(),
        edit["newText"].as_str().expect("text"),
    );
    client.diagnostics_until(&dockerfile, lacks("DF303"));

    shutdown(client);
}

#[test]
fn hover_explains_terms_and_findings_and_symbols_outline_the_files() {
    let root = workspace("hover");
    let dockerfile = uri(&root.join("Dockerfile"));
    let deployment = uri(&root.join("deployment.yaml"));
    let mut client = Client::start(&[]);
    initialize(&mut client, &root);
    open(&mut client, &dockerfile, "dockerfile", DOCKERFILE);
    open(&mut client, &deployment, "yaml", DEPLOYMENT);
    client.diagnostics_until(&deployment, has("XF002"));

    let hover = |client: &mut Client, uri: &str, line: u32, character: u32| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    };
    // On `FROM` (no finding there): the instruction's explanation.
    let on_from = hover(&mut client, &dockerfile, 0, 2);
    let text = on_from["contents"]["value"].as_str().expect("markdown");
    assert_eq!(on_from["contents"]["kind"], "markdown");
    assert!(
        text.starts_with("**FROM**") && text.contains("base image"),
        "{text}"
    );
    // On `apt-get install`: the findings, with their fix and the rule's documentation.
    let on_install = hover(&mut client, &dockerfile, 1, 25);
    let text = on_install["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("**DF301**") && text.contains("**Fix:** Add `-y`"),
        "{text}"
    );
    assert!(text.contains("Why is this bad?"), "the rule's docs: {text}");
    // On a Kubernetes field.
    let on_field = hover(&mut client, &deployment, 17, 14);
    let text = on_field["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("runAsNonRoot"), "{text}");
    // Nothing to say on an empty spot.
    assert_eq!(hover(&mut client, &deployment, 30, 0), Value::Null);

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": deployment}}),
    );
    assert_eq!(symbols[0]["name"], "Deployment web", "{symbols}");
    assert_eq!(symbols[0]["children"][0]["name"], "web");
    assert_eq!(symbols[0]["children"][0]["detail"], "web:1.0");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": dockerfile}}),
    );
    assert_eq!(symbols[0]["name"], "stage 0", "{symbols}");
    assert_eq!(symbols[0]["detail"], "python:3.13-slim");
    assert_eq!(
        symbols[0]["range"]["end"]["line"], 3,
        "the stage's last line: {symbols}"
    );
    shutdown(client);
}

#[test]
fn the_config_applies_and_reloads_from_disk_and_from_the_editor() {
    let root = workspace("config");
    let dockerfile = uri(&root.join("Dockerfile"));
    let config = root.join("bulkhead.toml");
    std::fs::write(&config, "ignore = [\"DF303\"]\n").expect("write the config");
    let mut client = Client::start(&[]);
    initialize(&mut client, &root);
    open(&mut client, &dockerfile, "dockerfile", DOCKERFILE);
    let found = client.diagnostics_until(&dockerfile, has("DF301"));
    assert!(
        !codes(&found).contains(&"DF303".to_owned()),
        "ignored: {found:?}"
    );

    // Changed on disk, reported by the client's watcher.
    std::fs::write(&config, "ignore = [\"DF301\"]\n").expect("write the config");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let found = client.diagnostics_until(&dockerfile, lacks("DF301"));
    assert!(codes(&found).contains(&"DF303".to_owned()), "{found:?}");

    // Open in the editor and changed there, before any save.
    let config_uri = uri(&config);
    open(&mut client, &config_uri, "toml", "ignore = [\"DF301\"]\n");
    change(&mut client, &config_uri, 2, range(0, 11, 0, 16), "DF101");
    let found = client.diagnostics_until(&dockerfile, has("DF301"));
    assert!(!codes(&found).contains(&"DF101".to_owned()), "{found:?}");
    shutdown(client);
}

#[test]
fn files_on_disk_beside_an_open_file_are_read_with_it() {
    let root = workspace("disk");
    std::fs::write(root.join("deployment.yaml"), DEPLOYMENT).expect("write");
    let dockerfile = uri(&root.join("Dockerfile"));
    let mut client = Client::start(&[]);
    initialize(&mut client, &root);
    open(&mut client, &dockerfile, "dockerfile", DOCKERFILE);
    let found = client.diagnostics_until(&dockerfile, has("XF002"));
    let xf = found.iter().find(|d| d["code"] == "XF002").expect("XF002");
    assert_eq!(
        xf["relatedInformation"][0]["location"]["uri"],
        uri(&root.join("deployment.yaml"))
    );
    // Closing clears the file's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": dockerfile}}),
    );
    client.diagnostics_until(&dockerfile, <[Value]>::is_empty);
    shutdown(client);
}

#[test]
fn a_panicking_handler_is_answered_with_an_error_and_bad_input_is_survived() {
    let root = workspace("panic");
    let mut client = Client::start(&[("BULKHEAD_LSP_TEST_PANIC", "1")]);
    initialize(&mut client, &root);
    let response = client.request_raw("bulkhead/panic", json!({}));
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(response["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("a test asked for a panic")));
    // Unknown methods, bad parameters, edits past the end and binary text.
    let response = client.request_raw("textDocument/nothing", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    let response = client.request_raw("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let dockerfile = uri(&root.join("Dockerfile"));
    open(
        &mut client,
        &dockerfile,
        "dockerfile",
        "FROM a\u{0}\u{FFFF}\n🦀 RUN \\\n",
    );
    change(
        &mut client,
        &dockerfile,
        2,
        range(99, 99, 0, 0),
        "FROM b:1\n",
    );
    change(&mut client, &dockerfile, 3, range(0, 2, 0, 1), "🦀");
    client.diagnostics_until(&dockerfile, |found| !found.is_empty());
    // A request cancelled before it is run is answered as cancelled, else answered.
    client.next_id += 1;
    let id = client.next_id;
    let hover = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": dockerfile}, "position": {"line": 0, "character": 1}}});
    let cancel = json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}});
    let both = format!(
        "Content-Length: {}\r\n\r\n{}Content-Length: {}\r\n\r\n{}",
        hover.to_string().len(),
        hover,
        cancel.to_string().len(),
        cancel
    );
    client.stdin.write_all(both.as_bytes()).expect("write");
    client.stdin.flush().expect("flush");
    let response = client.response(id);
    if let Some(error) = response.get("error") {
        assert_eq!(error["code"], -32800, "{response}");
    }
    // Still serving.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": dockerfile}}),
    );
    assert!(symbols.is_array(), "{symbols}");
    shutdown(client);
}

/// Neovim (Debian's, a real client) starts the server, receives the diagnostics of a
/// Dockerfile and a Deployment, a cross-file one among them, and applies a code action
/// (tests/lsp/neovim.lua writes what it saw). Skipped without `nvim`, except in CI,
/// where `./x test` installs it.
#[test]
fn neovim_receives_cross_file_diagnostics_and_applies_a_fix() {
    let found = Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "nvim is not installed, and CI must run this test (./x test installs neovim)"
        );
        eprintln!("SKIPPED: neovim_receives_cross_file_diagnostics_and_applies_a_fix: no nvim (apt-get install neovim)");
        return;
    }
    let root = workspace("neovim");
    std::fs::write(root.join("Dockerfile"), DOCKERFILE).expect("write");
    std::fs::write(root.join("deployment.yaml"), DEPLOYMENT).expect("write");
    let out = root.join("received.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/cli/tests/lsp/neovim.lua");
    let run = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "--clean", "-u"])
        .arg(&script)
        .env("BULKHEAD_BIN", env!("CARGO_BIN_EXE_bulkhead"))
        .env("BULKHEAD_DIR", &root)
        .env("BULKHEAD_OUT", &out)
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_DATA_HOME", root.join("data"))
        .stdin(Stdio::null())
        .output()
        .expect("nvim runs");
    let received = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "Neovim wrote nothing ({e}); status {}, stderr: {}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let said = |line: &str| received.lines().any(|l| l == line);
    assert!(
        said("diagnostic Dockerfile XF002 line=0 col=5 severity=1 source=bulkhead related=deployment.yaml"),
        "{received}"
    );
    assert!(
        said("diagnostic deployment XF002 line=17 col=26 severity=1 source=bulkhead related=Dockerfile"),
        "{received}"
    );
    assert!(
        said("diagnostic Dockerfile DF301 line=1 col=22 severity=2 source=bulkhead"),
        "{received}"
    );
    assert!(said("action DF301: Add `-y` (safe fix)"), "{received}");
    assert!(said("action Ignore DF301 on this line"), "{received}");
    assert!(
        said("fixed line: RUN apt-get update && apt-get install -y curl"),
        "{received}"
    );
    assert!(said("DF301 after the fix: gone"), "{received}");
}
