// The bulkhead extension: starts `bulkhead lsp` (crates/cli/src/lsp/) for Dockerfiles,
// Kubernetes manifests, Compose files and requirements files, and lets the language
// client do the rest (diagnostics, code actions, hover, symbols). The server reads the
// open files of a folder as one project, so the cross-file findings come with it.
"use strict";

const path = require("node:path");

/** The files the server judges: by language, and by name for YAML and requirements. */
const DOCUMENTS = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", language: "yaml" },
  { scheme: "file", language: "dockercompose" },
  { scheme: "file", language: "pip-requirements" },
  { scheme: "file", pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}" },
  { scheme: "file", pattern: "**/*requirements*.txt" },
];

/** The configuration files the server reloads when they change. */
const CONFIG_FILES = "**/{bulkhead.toml,.hadolint.yaml,.hadolint.yml}";

/**
 * The command that starts the server: the `bulkhead.path` setting when set (a `~` at
 * its start is the home folder), else `bulkhead` from the PATH.
 */
function serverCommand(setting, home) {
  let command = typeof setting === "string" ? setting.trim() : "";
  if (command.startsWith("~")) command = path.join(home ?? "", command.slice(1));
  return { command: command || "bulkhead", args: ["lsp"] };
}

let client = null;

async function activate(context) {
  const vscode = require("vscode");
  const { LanguageClient } = require("vscode-languageclient/node");
  const setting = vscode.workspace.getConfiguration("bulkhead").get("path");
  const server = serverCommand(setting, process.env.HOME);
  client = new LanguageClient(
    "bulkhead",
    "bulkhead",
    { run: server, debug: server },
    {
      documentSelector: DOCUMENTS,
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILES) },
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // A new path to the binary takes a new server.
      if (event.affectsConfiguration("bulkhead.path") && client) {
        await client.stop();
        await activate(context);
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `bulkhead: could not start \`${server.command} lsp\` (${error?.message ?? error}). Install bulkhead or set "bulkhead.path".`,
    );
  }
}

async function deactivate() {
  if (client) await client.stop();
  client = null;
}

module.exports = { activate, deactivate, serverCommand, DOCUMENTS, CONFIG_FILES };
