-- Neovim as a real LSP client of `bulkhead lsp` (run by crates/cli/tests/lsp.rs):
-- start the server, open a Dockerfile and a Deployment, wait for their diagnostics,
-- write what Neovim received to $BULKHEAD_OUT, apply the DF301 fix as a code action,
-- and write the fixed line. Works on Neovim 0.7 (Debian 12's), which has
-- vim.lsp.start_client but not vim.lsp.start.
local bin = os.getenv("BULKHEAD_BIN")
local dir = os.getenv("BULKHEAD_DIR")
local out = os.getenv("BULKHEAD_OUT")
local lines = {}
local function say(line) table.insert(lines, line) end
local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd("qall!")
end

local config = {
  name = "bulkhead",
  cmd = { bin, "lsp" },
  root_dir = dir,
  workspace_folders = { { uri = vim.uri_from_fname(dir), name = "w" } },
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
end

local function open(name)
  vim.cmd("edit " .. dir .. "/" .. name)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end
local dockerfile = open("Dockerfile")
local deployment = open("deployment.yaml")

-- The LSP diagnostic as the server sent it (Neovim keeps it in user_data.lsp).
local function lsp_of(d) return (d.user_data and d.user_data.lsp) or d end
local function find(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if lsp_of(d).code == code then return d end
  end
end

local ok = vim.wait(15000, function()
  return find(dockerfile, "XF002") ~= nil and find(deployment, "XF002") ~= nil
    and find(dockerfile, "DF301") ~= nil
end, 20)
if not ok then
  say("timeout waiting for diagnostics")
  return finish()
end
for name, buf in pairs({ Dockerfile = dockerfile, deployment = deployment }) do
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = lsp_of(d)
    local related = ""
    if lsp.relatedInformation and lsp.relatedInformation[1] then
      related = " related=" .. vim.fn.fnamemodify(vim.uri_to_fname(lsp.relatedInformation[1].location.uri), ":t")
    end
    say(string.format("diagnostic %s %s line=%d col=%d severity=%d source=%s%s",
      name, lsp.code, d.lnum, d.col, d.severity, d.source or lsp.source or "", related))
  end
end

-- The code action for DF301, applied as `:lua vim.lsp.buf.code_action()` would.
-- Neovim 0.7 keeps no copy of the LSP diagnostic: its range is rebuilt (ASCII text, so
-- byte columns are UTF-16 ones).
local d = find(dockerfile, "DF301")
local range = {
  start = { line = d.lnum, character = d.col },
  ["end"] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
}
local params = {
  textDocument = { uri = vim.uri_from_bufnr(dockerfile) },
  range = range,
  context = { diagnostics = { { range = range, message = d.message, code = "DF301", source = "bulkhead" } } },
}
local responses = vim.lsp.buf_request_sync(dockerfile, "textDocument/codeAction", params, 10000) or {}
local applied = false
for _, response in pairs(responses) do
  if response.err then say("error " .. vim.inspect(response.err)) end
  for _, action in ipairs(response.result or {}) do
    say("action " .. action.title)
    if not applied and action.title:find("^DF301") then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
      applied = true
    end
  end
end
if applied then
  local fixed = vim.wait(15000, function() return find(dockerfile, "DF301") == nil end, 20)
  say("fixed line: " .. vim.api.nvim_buf_get_lines(dockerfile, 1, 2, false)[1])
  say("DF301 after the fix: " .. (fixed and "gone" or "still there"))
end
finish()
