//! `bulkhead lsp`: a Language Server (LSP 3.17) over standard input and output.
//!
//! Synchronous by design, on rust-analyzer's `lsp-server`: a lint of a project takes
//! milliseconds, so there is nothing to gain from threads, and one loop keeps the order
//! of edits and requests obvious. The loop takes every message that is waiting at once
//! (a batch): edits in a batch are applied together and linted once, and a request that
//! the client cancelled in the same batch is answered as cancelled without being run.
//!
//! The concerns are a module each: `documents` (the open texts and UTF-16 positions),
//! `project` (which files are linted together, the config), `diagnostics`, `actions`
//! (fixes and suppressions), `hover` and `symbols`.

mod actions;
mod diagnostics;
mod documents;
mod hover;
mod project;
mod symbols;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self, Notification as _};
use lsp_types::request::{self, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, MessageType, OneOf, PublishDiagnosticsParams,
    Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};

use crate::config::Config;
use documents::Document;
use project::Linted;

/// The code action kind of "fix all safe": a client's `source.fixAll` on save runs it.
pub const FIX_ALL: &str = "source.fixAll.bulkhead";

/// Run the server until the client says `exit`.
pub fn run() -> Result<ExitCode, String> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("lsp: {e}"))?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("lsp: bad initialize: {e}"))?;
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "bulkhead".to_owned(),
            version: Some(bulkhead_rules::VERSION.to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("lsp: {e}"))?;
    let mut server = Server::new(connection.sender.clone(), &params);
    server.register_watchers(&params);
    let clean = server.serve(&connection);
    drop(server);
    drop(connection);
    io_threads.join().map_err(|e| format!("lsp: {e}"))?;
    // `exit` without `shutdown` first ends with 1, as the protocol says.
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The server's state: the open documents, the workspace folders, and per project (a
/// root folder) its config and its last lint.
struct Server {
    sender: Sender<Message>,
    docs: BTreeMap<Url, Document>,
    folders: Vec<PathBuf>,
    rules_url: String,
    configs: HashMap<PathBuf, Config>,
    linted: HashMap<PathBuf, Linted>,
    /// Projects whose files changed since their last lint.
    dirty: BTreeSet<PathBuf>,
    /// What was last published for each document, so unchanged lists are not sent again.
    published: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    /// The last config error shown, so one broken file is said once, not on each key.
    config_error: Option<String>,
    shutdown: bool,
    next_id: i32,
}

impl Server {
    fn new(sender: Sender<Message>, params: &InitializeParams) -> Self {
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)] // older clients (Neovim 0.7) send only `rootUri`
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()));
        }
        let rules_url = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("rulesUrl")?.as_str().map(str::to_owned))
            .unwrap_or_else(|| diagnostics::RULES_URL.to_owned());
        Self {
            sender,
            docs: BTreeMap::new(),
            folders,
            rules_url,
            configs: HashMap::new(),
            linted: HashMap::new(),
            dirty: BTreeSet::new(),
            published: HashMap::new(),
            config_error: None,
            shutdown: false,
            next_id: 0,
        }
    }

    /// Ask the client to report changes to the config files, when it can watch files.
    fn register_watchers(&mut self, params: &InitializeParams) {
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let watchers = ["**/bulkhead.toml", "**/.hadolint.yaml", "**/.hadolint.yml"]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "bulkhead-config".to_owned(),
                method: notification::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(format!("bulkhead-{}", self.next_id)),
            request::RegisterCapability::METHOD.to_owned(),
            params,
        );
        let _ = self.sender.send(request.into());
    }

    /// The loop: returns whether `exit` came after `shutdown`.
    fn serve(&mut self, connection: &Connection) -> bool {
        while let Ok(first) = connection.receiver.recv() {
            let mut batch = vec![first];
            batch.extend(connection.receiver.try_iter());
            let cancelled: HashSet<RequestId> = batch
                .iter()
                .filter_map(|m| match m {
                    Message::Notification(n) if n.method == notification::Cancel::METHOD => {
                        let params: lsp_types::CancelParams =
                            serde_json::from_value(n.params.clone()).ok()?;
                        Some(match params.id {
                            lsp_types::NumberOrString::Number(n) => RequestId::from(n),
                            lsp_types::NumberOrString::String(s) => RequestId::from(s),
                        })
                    }
                    _ => None,
                })
                .collect();
            for message in batch {
                match message {
                    Message::Request(request) => {
                        // Requests see every edit before them.
                        self.flush();
                        let response = if cancelled.contains(&request.id) {
                            Response::new_err(
                                request.id,
                                ErrorCode::RequestCanceled as i32,
                                "cancelled".to_owned(),
                            )
                        } else {
                            self.answer(request)
                        };
                        let _ = self.sender.send(response.into());
                    }
                    Message::Notification(n) if n.method == notification::Exit::METHOD => {
                        return self.shutdown;
                    }
                    Message::Notification(n) => self.notified(n),
                    Message::Response(_) => {}
                }
            }
            self.flush();
        }
        self.shutdown
    }

    /// Answer a request; a panic in its handler becomes an error response and the
    /// server goes on (the release profile unwinds for this).
    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if request.method == request::Shutdown::METHOD {
            self.shutdown = true;
            return Response::new_ok(id, ());
        }
        let result = panic::catch_unwind(AssertUnwindSafe(|| self.handle(&request)));
        match result {
            Ok(Ok(value)) => Response {
                id,
                result: Some(value),
                error: None,
            },
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!(
                    "bulkhead failed on {}: {}",
                    request.method,
                    panic_message(&panic)
                ),
            ),
        }
    }

    fn handle(&mut self, request: &Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(
            request: &Request,
        ) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(request.params.clone())
                .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let value = match request.method.as_str() {
            request::CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams = params(request)?;
                let linted = self.linted_for(&params.text_document.uri);
                serde_json::to_value(linted.and_then(|l| actions::code_actions(l, &params)))
            }
            request::HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = params(request)?;
                let at = &params.text_document_position_params;
                let Some(doc) = self.docs.get(&at.text_document.uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let linted = self.linted.get(&self.root_of(doc));
                serde_json::to_value(hover::hover(doc, linted, at.position))
            }
            request::DocumentSymbolRequest::METHOD => {
                let params: lsp_types::DocumentSymbolParams = params(request)?;
                let symbols = self
                    .docs
                    .get(&params.text_document.uri)
                    .and_then(symbols::document_symbols)
                    .map(lsp_types::DocumentSymbolResponse::Nested);
                serde_json::to_value(symbols)
            }
            // For the tests: shows that a panicking handler is answered, not fatal.
            "bulkhead/panic" if std::env::var_os("BULKHEAD_LSP_TEST_PANIC").is_some() => {
                panic!("a test asked for a panic")
            }
            _ => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("bulkhead does not answer {}", request.method),
                ))
            }
        };
        value.map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    /// The last lint of the project of the document at `uri`.
    fn linted_for(&self, uri: &Url) -> Option<&Linted> {
        let doc = self.docs.get(uri)?;
        self.linted.get(&self.root_of(doc))
    }

    fn root_of(&self, doc: &Document) -> PathBuf {
        project::root_of(&self.folders, &doc.path)
    }

    /// A notification; a panic in its handler is said in the client's log.
    fn notified(&mut self, n: Notification) {
        let method = n.method.clone();
        if let Err(panic) = panic::catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
            self.show(
                MessageType::ERROR,
                format!("bulkhead failed on {method}: {}", panic_message(&panic)),
            );
        }
    }

    fn notification(&mut self, n: Notification) {
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            serde_json::from_value(n.params).ok()
        }
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let doc = Document::new(
                    p.text_document.uri,
                    p.text_document.text,
                    p.text_document.version,
                );
                self.changed(&doc);
                self.docs.insert(doc.uri.clone(), doc);
            }
            notification::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) else {
                    return;
                };
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    doc.apply(p.content_changes, p.text_document.version);
                    let doc = doc.clone();
                    self.changed(&doc);
                }
            }
            notification::DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidSaveTextDocumentParams>(n) else {
                    return;
                };
                if let Some(doc) = self.docs.get(&p.text_document.uri).cloned() {
                    self.changed(&doc);
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) else {
                    return;
                };
                if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                    self.changed(&doc);
                    self.publish(doc.uri, Vec::new(), None);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<DidChangeWatchedFilesParams>(n) else {
                    return;
                };
                for change in p.changes {
                    if let Ok(path) = change.uri.to_file_path() {
                        if project::is_config(&path) {
                            self.config_changed();
                        } else {
                            self.dirty.insert(project::root_of(&self.folders, &path));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A document was opened, edited, saved or closed: its project is linted again (a
    /// config file's change re-reads the config of every project).
    fn changed(&mut self, doc: &Document) {
        if project::is_config(&doc.path) {
            self.config_changed();
        } else {
            self.dirty.insert(self.root_of(doc));
        }
    }

    fn config_changed(&mut self) {
        self.configs.clear();
        self.config_error = None;
        let roots: Vec<PathBuf> = self.docs.values().map(|d| self.root_of(d)).collect();
        self.dirty.extend(roots);
    }

    /// Lint the projects that changed and publish their documents' diagnostics.
    fn flush(&mut self) {
        while let Some(root) = self.dirty.pop_first() {
            if !self.configs.contains_key(&root) {
                let (config, error) = project::read_config(&root, &self.docs);
                if let Some(error) = error {
                    if self.config_error.as_ref() != Some(&error) {
                        self.config_error = Some(error.clone());
                        self.show(MessageType::ERROR, format!("bulkhead: {error}"));
                    }
                }
                self.configs.insert(root.clone(), config);
            }
            let config = &self.configs[&root];
            let linted = match panic::catch_unwind(AssertUnwindSafe(|| {
                project::lint(&root, &self.docs, config)
            })) {
                Ok(linted) => linted,
                Err(panic) => {
                    self.show(
                        MessageType::ERROR,
                        format!(
                            "bulkhead failed to lint {}: {}",
                            root.display(),
                            panic_message(&panic)
                        ),
                    );
                    continue;
                }
            };
            for (index, file) in linted.files.iter().enumerate().filter(|(_, f)| f.open) {
                let found = diagnostics::of_file(&linted, index, &self.rules_url);
                let version = self.docs.get(&file.uri).map(|d| d.version);
                self.publish(file.uri.clone(), found, version);
            }
            self.linted.insert(root, linted);
        }
    }

    fn publish(&mut self, uri: Url, found: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        if self.published.get(&uri) == Some(&found) {
            return;
        }
        self.published.insert(uri.clone(), found.clone());
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics: found,
            version,
        };
        let n = Notification::new(notification::PublishDiagnostics::METHOD.to_owned(), params);
        let _ = self.sender.send(n.into());
    }

    fn show(&self, typ: MessageType, message: String) {
        let n = Notification::new(
            notification::ShowMessage::METHOD.to_owned(),
            ShowMessageParams { typ, message },
        );
        let _ = self.sender.send(n.into());
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
