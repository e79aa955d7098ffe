-- End-to-end test with a real editor: headless Neovim (0.7+) starts modal-lsp, opens a legacy
-- Modal file, shows the diagnostics, applies a quick fix through its own code-action path and
-- fix-all through workspace/executeCommand + workspace/applyEdit, and checks the buffer text.
-- Run: MODAL_LSP=build/lsp/modal-lsp nvim --headless --clean -n -i NONE -c 'luafile nvim_e2e.lua'
local server = os.getenv('MODAL_LSP')
local passed, failed = 0, 0
local function report(ok, name, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok - ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('not ok - ' .. name .. (detail and (': ' .. detail) or '') .. '\n')
  end
end
local function finish()
  io.stdout:write(string.format('%d passed, %d failed\n', passed, failed))
  io.stdout:flush()
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

-- Whatever goes wrong, never hang: the test ends after 60 seconds.
vim.defer_fn(function()
  report(false, 'finished in time')
  finish()
end, 60000)

local ok, err = pcall(function()
  assert(server and server ~= '', 'set MODAL_LSP to the modal-lsp binary')
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/legacy_app.py'
  local legacy = {
    'import modal',
    'app = modal.App()',
    '@app.function(keep_warm=1)',
    'def f(): pass',
    '@app.function(keep_warm=2, concurrency_limit=4)  # café ☕',
    'def g(): pass',
  }
  vim.fn.writefile(legacy, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()

  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'modal-lsp',
    cmd = { server, '--log-level', 'warn' },
    root_dir = dir,
    on_exit = function(code) exit_code = code end,
  })
  report(client_id ~= nil, 'client started')
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  local function wait_diagnostics(count)
    return vim.wait(10000, function() return #vim.diagnostic.get(buf) == count end, 20)
  end
  local got = wait_diagnostics(3)
  report(got, 'three diagnostics shown', tostring(#vim.diagnostic.get(buf)))
  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  local first = diags[1] or {}
  report(first.source == 'modal-lint' and first.code == 'MDL112', 'source and code',
    tostring(first.source) .. ' ' .. tostring(first.code))
  report(first.lnum == 2 and first.col == 14 and first.end_col == 23, 'position of the first',
    string.format('%s:%s-%s', first.lnum, first.col, first.end_col))
  -- On line 4 the finding is before the non-ASCII comment; columns are UTF-16 as negotiated.
  local last = diags[3] or {}
  report(last.lnum == 4 and last.col == 27, 'position after a multi-finding line',
    string.format('%s:%s', last.lnum, last.col))

  -- Quick fix through Neovim's own code-action path; the menu picks the preferred MDL112 fix.
  local offered = {}
  vim.ui.select = function(items, _, on_choice)
    local choice
    for _, item in ipairs(items) do
      local action = item[2] or item.action or item
      table.insert(offered, action.title)
      if not choice and action.title:find('Rename `keep_warm`', 1, true) then choice = item end
    end
    on_choice(choice)
  end
  vim.api.nvim_win_set_cursor(0, { 3, 16 })
  vim.lsp.buf.code_action()
  local fixed_line = vim.wait(10000, function()
    return vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1] == '@app.function(min_containers=1)'
  end, 20)
  report(fixed_line, 'quick fix applied', table.concat(offered, ' | '))
  local disable_offered = false
  for _, title in ipairs(offered) do
    if title == 'Disable MDL112 for this line' then disable_offered = true end
  end
  report(disable_offered, 'disable-for-line offered')
  report(wait_diagnostics(2), 'diagnostics follow the edit', tostring(#vim.diagnostic.get(buf)))

  -- Hover shows the rule's documentation.
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 4, character = 16 },
  }, 5000, buf)
  local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ''
  report(value:find('MDL112', 1, true) ~= nil, 'hover shows the rule')

  -- Fix all, as older Neovim does it: a command the server answers with workspace/applyEdit.
  client.request('workspace/executeCommand', {
    command = 'modal-lint.applyAutofix',
    arguments = { { uri = vim.uri_from_bufnr(buf) } },
  }, function() end, buf)
  local expected = {
    'import modal',
    'app = modal.App()',
    '@app.function(min_containers=1)',
    'def f(): pass',
    '@app.function(min_containers=2, max_containers=4)  # café ☕',
    'def g(): pass',
  }
  local all_fixed = vim.wait(10000, function()
    return vim.deep_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), expected)
  end, 20)
  report(all_fixed, 'fix-all applied', table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\\n'))
  report(wait_diagnostics(0), 'no diagnostics left', tostring(#vim.diagnostic.get(buf)))

  -- Typing a legacy keyword again brings a finding back (incremental sync).
  vim.api.nvim_buf_set_lines(buf, 6, 6, false, { '@app.function(keep_warm=3)', 'def h(): pass' })
  report(wait_diagnostics(1), 'finding after typing', tostring(#vim.diagnostic.get(buf)))

  vim.lsp.stop_client(client_id)
  local exited = vim.wait(10000, function() return exit_code ~= nil end, 20)
  report(exited and exit_code == 0, 'server exits 0 after shutdown', tostring(exit_code))
end)
if not ok then report(false, 'no Lua error', tostring(err)) end
finish()
