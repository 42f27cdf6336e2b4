-- A Neovim session driven headless by tests/lsp/test_neovim.py: Neovim's own LSP client
-- (0.7: vim.lsp.start_client, buf_attach_client) starts `python -m roadmap lsp`, opens a
-- page, waits for the server's diagnostics, breaks a link in the buffer as an author
-- would, waits again and writes what Neovim then holds (vim.diagnostic.get) and what go
-- to definition and hover answer, as JSON, to $ROADMAP_NVIM_OUT. Nothing is saved.
local root, page = vim.env.ROADMAP_ROOT, vim.env.ROADMAP_PAGE
local result = { steps = {} }

local function finish()
  local file = io.open(vim.env.ROADMAP_NVIM_OUT, "w")
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd("qall!")
end

local published = 0
local client = vim.lsp.start_client({
  name = "roadmap",
  cmd = { vim.env.ROADMAP_PYTHON, "-m", "roadmap", "lsp", "--project", root },
  root_dir = root,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      if params.uri == vim.uri_from_fname(root .. "/" .. page) then
        published = published + 1
      end
    end,
  },
})
vim.cmd("edit " .. vim.fn.fnameescape(root .. "/" .. page))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client)

local function wait(what, condition)
  local ok = vim.wait(tonumber(vim.env.ROADMAP_NVIM_WAIT) * 1000, condition, 50)
  table.insert(result.steps, { what = what, ok = ok })
  return ok
end

local function diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, { lnum = d.lnum, col = d.col, message = d.message,
                          source = d.source, code = lsp.code, severity = d.severity })
  end
  return found
end

if not wait("first diagnostics", function() return published > 0 end) then return finish() end
result.before = diagnostics()

-- break a link: MS-SEC-05 now also depends on a milestone that does not exist
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local fence, depends
for number, line in ipairs(lines) do
  if line == ":id: MS-SEC-05" then fence = number - 2 end
  if fence and not depends and line:match("^:depends_on:") then depends = number - 1 end
end
result.fence, result.depends = fence, depends
local seen = published
vim.api.nvim_buf_set_lines(buf, depends, depends + 1, false,
                           { lines[depends + 1] .. ", MS-SEC-99" })
wait("diagnostics after the edit", function()
  return published > seen and #vim.diagnostic.get(buf) > 0
end)
result.after = diagnostics()

-- go to definition and hover on the MS-SEC-04 of that line
local position = { line = depends, character = lines[depends + 1]:find("MS%-SEC%-04") }
local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = position }
local answers = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 30000) or {}
for _, answer in pairs(answers) do result.definition = answer.result end
answers = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 30000) or {}
for _, answer in pairs(answers) do result.hover = answer.result end
finish()
