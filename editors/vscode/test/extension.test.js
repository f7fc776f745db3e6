// The extension's own tests, with no VS Code: its manifest, the server command, and
// activation against stand-ins for the `vscode` and language-client modules.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Module = require("node:module");
const path = require("node:path");

const manifest = require("../package.json");
const extension = require("../extension.js");

test("the manifest starts on the files the server judges and offers the binary's path", () => {
  for (const event of ["onLanguage:dockerfile", "onLanguage:yaml", "workspaceContains:**/bulkhead.toml"]) {
    assert.ok(manifest.activationEvents.includes(event), event);
  }
  const dockerfile = manifest.contributes.languages.find((l) => l.id === "dockerfile");
  assert.deepEqual(dockerfile.filenames, ["Dockerfile", "Containerfile"]);
  const yaml = manifest.contributes.languages.find((l) => l.id === "yaml");
  assert.ok(yaml.filenamePatterns.includes("compose.yaml") && yaml.filenamePatterns.includes("docker-compose.yml"));
  assert.equal(manifest.contributes.configuration.properties["bulkhead.path"].type, "string");
  assert.equal(manifest.main, "./extension.js");
  assert.ok(manifest.dependencies["vscode-languageclient"], "the client is bundled");
});

test("the server is `bulkhead lsp` from the PATH unless bulkhead.path names one", () => {
  assert.deepEqual(extension.serverCommand("", "/home/me"), { command: "bulkhead", args: ["lsp"] });
  assert.deepEqual(extension.serverCommand(undefined, "/home/me"), { command: "bulkhead", args: ["lsp"] });
  assert.deepEqual(extension.serverCommand(" /opt/bin/bulkhead ", "/home/me"), { command: "/opt/bin/bulkhead", args: ["lsp"] });
  assert.deepEqual(extension.serverCommand("~/bin/bulkhead", "/home/me"), { command: path.join("/home/me", "bin/bulkhead"), args: ["lsp"] });
});

test("activation starts a language client on the server, for the documents and config files it reads", async () => {
  const started = [];
  let watched = null;
  const stubs = {
    vscode: {
      workspace: {
        getConfiguration: (section) => ({ get: (key) => (section === "bulkhead" && key === "path" ? "/opt/bulkhead" : undefined) }),
        createFileSystemWatcher: (glob) => {
          watched = glob;
          return { glob };
        },
        onDidChangeConfiguration: () => ({ dispose() {} }),
      },
      window: { showErrorMessage: (message) => assert.fail(message) },
    },
    "vscode-languageclient/node": {
      LanguageClient: class {
        constructor(id, name, server, options) {
          Object.assign(this, { id, name, server, options });
        }
        async start() {
          started.push(this);
        }
        async stop() {}
      },
    },
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request in stubs ? request : resolve.call(this, request, ...rest);
  };
  for (const [name, exports] of Object.entries(stubs)) {
    require.cache[name] = { id: name, filename: name, loaded: true, exports };
  }
  try {
    const context = { subscriptions: [] };
    await extension.activate(context);
    assert.equal(started.length, 1);
    const [client] = started;
    assert.equal(client.id, "bulkhead");
    assert.deepEqual(client.server.run, { command: "/opt/bulkhead", args: ["lsp"] });
    assert.ok(client.options.documentSelector.some((d) => d.language === "dockerfile"));
    assert.ok(client.options.documentSelector.some((d) => d.language === "yaml"));
    assert.equal(watched, extension.CONFIG_FILES);
    assert.equal(context.subscriptions.length, 1, "a changed bulkhead.path restarts the server");
    await extension.deactivate();
  } finally {
    Module._resolveFilename = resolve;
  }
});
