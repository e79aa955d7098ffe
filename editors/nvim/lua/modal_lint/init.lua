-- modal-lint for Neovim: starts (or reuses) the modal-lsp language server for Python buffers and
-- the shell/CI files around them, and adds :ModalLintFixAll, :ModalLintRestart, :ModalLintInfo.
--
--   require("modal_lint").setup({ cmd = { "modal-lsp" }, settings = { ignore = { "MDL118" } } })
--
-- Neovim 0.7-0.10 attach through a FileType autocommand (vim.lsp.start_client + buf_attach_client
-- on 0.7, vim.lsp.start on 0.8+); Neovim 0.11+ goes through vim.lsp.config/vim.lsp.enable.
local M = {}

M.name = 'modal_lint'
M.fix_all_kind = 'source.fixAll.modal-lint'

M.defaults = {
  -- The server command; the first word is looked up on PATH.
  cmd = { 'modal-lsp' },
  -- Python, plus the shell/CI file kinds modal-lint has rules for. YAML buffers attach only when
  -- they are CI files (.github/workflows/*.yml, .gitlab-ci.yml).
  filetypes = { 'python', 'sh', 'bash', 'make', 'dockerfile', 'yaml' },
  -- The project root is the nearest folder above the file holding one of these.
  root_markers = { 'pyproject.toml', '.git' },
  -- Sent to the server: select, ignore (lists of codes, prefixes or slugs), targetVersion
  -- ("1.0"), unsafeFixes (boolean), logLevel ("warn").
  settings = {},
  -- Run :ModalLintFixAll before each write.
  fix_on_save = false,
  -- Passed through to the client.
  on_attach = nil,
  capabilities = nil,
  -- How long :ModalLintFixAll waits for the server, in milliseconds.
  timeout_ms = 5000,
}

M.config = vim.deepcopy(M.defaults)

local uv = vim.uv or vim.loop

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

-- Neovim 0.11 made client methods take `self` (client:request()); older ones use client.request().
local function client_call(client, method, ...)
  if has('0.11') then return client[method](client, ...) end
  return client[method](...)
end

local function get_clients(filter)
  filter = filter or {}
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ name = M.name, bufnr = filter.bufnr })
  else
    all = filter.bufnr and vim.lsp.buf_get_clients(filter.bufnr) or vim.lsp.get_active_clients()
  end
  local result = {}
  for _, client in pairs(all) do
    if client.name == M.name and not client_call(client, 'is_stopped') then
      table.insert(result, client)
    end
  end
  table.sort(result, function(a, b) return a.id < b.id end)
  return result
end

local function notify(message, level)
  vim.notify('modal-lint: ' .. message, level or vim.log.levels.INFO)
end

local function buf_path(bufnr)
  return vim.api.nvim_buf_get_name(bufnr)
end

--- True when modal-lint should lint this buffer: a file on disk (or to be) of a supported
--- filetype; YAML only for GitHub Actions workflows and GitLab CI files.
function M.wants(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then return false end
  local path = buf_path(bufnr)
  if path == '' or path:match('^%a[%w+.-]*://') then return false end
  local filetype = vim.bo[bufnr].filetype
  if not vim.tbl_contains(M.config.filetypes, filetype) then return false end
  if filetype == 'yaml' then
    path = path:gsub('\\', '/')
    return path:match('/%.github/workflows/[^/]+%.ya?ml$') ~= nil
      or path:match('%.gitlab%-ci%.ya?ml$') ~= nil
  end
  return true
end

--- The project root of a path: the nearest folder (the file's own first) holding a root marker,
--- else the file's folder.
function M.root_dir(path)
  path = vim.fn.fnamemodify(path, ':p')
  local start = vim.fn.fnamemodify(path, ':h')
  local dir = start
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return start end
    dir = parent
  end
end

local function server_settings()
  local settings = M.config.settings or {}
  if vim.tbl_isempty(settings) then return vim.empty_dict() end
  return settings
end

local function fix_on_save(bufnr)
  if not M.config.fix_on_save then return end
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = vim.api.nvim_create_augroup('modal_lint_fix_on_save_' .. bufnr, { clear = true }),
    buffer = bufnr,
    callback = function() M.fix_all(bufnr, { quiet = true }) end,
  })
end

--- The client configuration (without root_dir), as vim.lsp.start_client/start/config take it.
function M.client_config()
  local config = M.config
  local settings = server_settings()
  return {
    name = M.name,
    cmd = config.cmd,
    filetypes = config.filetypes,
    init_options = settings,
    settings = { ['modal-lint'] = settings },
    capabilities = config.capabilities,
    on_attach = function(client, bufnr)
      fix_on_save(bufnr)
      if config.on_attach then config.on_attach(client, bufnr) end
    end,
  }
end

local function cmd_missing()
  local exe = M.config.cmd[1]
  if vim.fn.executable(exe) == 1 then return nil end
  return string.format('cannot run `%s`: install modal-lint (it provides modal-lsp) or pass '
    .. 'setup({ cmd = { "/path/to/modal-lsp" } })', exe)
end

-- Neovim 0.7 has no vim.lsp.start: one client per root, started here and reused.
-- A client is listed by get_active_clients() only once initialized, so the ids are kept here.
M._clients_by_root = {}
local function attach_07(bufnr, root)
  local id = M._clients_by_root[root]
  local existing = id and vim.lsp.get_client_by_id(id)
  if existing and not existing.is_stopped() then
    vim.lsp.buf_attach_client(bufnr, id)
    return id
  end
  local config = M.client_config()
  config.root_dir = root
  config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  id = vim.lsp.start_client(config)
  M._clients_by_root[root] = id
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

--- Starts or reuses the server for a buffer and attaches it. Returns the client id, or nil when
--- the buffer is not one modal-lint lints or the server cannot start.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.wants(bufnr) then return nil end
  local missing = cmd_missing()
  if missing then
    if not M._warned then notify(missing, vim.log.levels.ERROR) end
    M._warned = true
    return nil
  end
  local root = M.root_dir(buf_path(bufnr))
  if not vim.lsp.start then return attach_07(bufnr, root) end
  local config = M.client_config()
  config.root_dir = root
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- The modal-lsp clients attached to a buffer (all of them when bufnr is nil).
function M.clients(bufnr)
  return get_clients({ bufnr = bufnr })
end

local function first_client(bufnr)
  return get_clients({ bufnr = bufnr })[1]
end

local function apply_edit(client, edit)
  vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding or 'utf-16')
end

--- Applies every safe fix (and unsafe ones with settings.unsafeFixes) to a buffer through the
--- server's source.fixAll.modal-lint code action. Synchronous; returns true when the buffer
--- changed.
function M.fix_all(bufnr, opts)
  opts = opts or {}
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = first_client(bufnr)
  if not client then
    if not opts.quiet then notify('no modal-lsp server is attached to this buffer (see :ModalLintInfo)', vim.log.levels.WARN) end
    return false
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { only = { M.fix_all_kind }, diagnostics = {} },
  }
  local timeout = M.config.timeout_ms
  local response, err = client_call(client, 'request_sync', 'textDocument/codeAction', params, timeout, bufnr)
  if not response or response.err then
    notify('fix-all failed: ' .. tostring(err or (response and response.err and response.err.message)),
      vim.log.levels.ERROR)
    return false
  end
  local changed = false
  for _, action in ipairs(response.result or {}) do
    if action.kind == M.fix_all_kind then
      if not action.edit and action.data then
        local resolved = client_call(client, 'request_sync', 'codeAction/resolve', action, timeout, bufnr)
        if resolved and resolved.result then action = resolved.result end
      end
      if action.edit then
        apply_edit(client, action.edit)
        changed = true
      end
    end
  end
  if not changed and not opts.quiet then notify('nothing to fix') end
  return changed
end

local function attached_buffers()
  local buffers = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.wants(bufnr) then table.insert(buffers, bufnr) end
  end
  return buffers
end

--- Stops every modal-lsp client and, once they have exited, attaches the server again to every
--- buffer it lints. `on_done(ok)` is called when the new clients are started.
function M.restart(on_done)
  local clients = get_clients()
  for _, client in ipairs(clients) do client_call(client, 'stop') end
  local timer = uv.new_timer()
  local waited = 0
  local function poll()
    local running = 0
    for _, client in ipairs(clients) do
      if not client_call(client, 'is_stopped') then running = running + 1 end
    end
    waited = waited + 50
    if running > 0 and waited < 5000 then return end
    timer:stop()
    timer:close()
    if running > 0 then
      for _, client in ipairs(clients) do client_call(client, 'stop', true) end
    end
    M._warned = false
    for _, bufnr in ipairs(attached_buffers()) do M.attach(bufnr) end
    if on_done then on_done(running == 0) end
  end
  timer:start(50, 50, vim.schedule_wrap(poll))
end

local function server_version(path)
  local output = vim.fn.system({ path, '--version' })
  if vim.v.shell_error ~= 0 then return 'does not run' end
  return (output:gsub('%s+$', ''))
end

--- What :ModalLintInfo prints, as lines.
function M.info_lines(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local version = vim.version()
  local exe = M.config.cmd[1]
  local found = vim.fn.exepath(exe)
  local lines = {
    'modal-lint (Neovim plugin)',
    string.format('  neovim:      %d.%d.%d (%s)', version.major, version.minor, version.patch,
      has('0.11') and 'vim.lsp.config/enable' or (vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client')),
    '  command:     ' .. table.concat(M.config.cmd, ' '),
    '  executable:  ' .. (found ~= '' and (found .. ' (' .. server_version(found) .. ')') or ('NOT FOUND: ' .. exe)),
    '  filetypes:   ' .. table.concat(M.config.filetypes, ', '),
    '  settings:    ' .. vim.inspect(M.config.settings or {}, { newline = ' ', indent = '' }),
    '  fix on save: ' .. tostring(M.config.fix_on_save),
  }
  local path = buf_path(bufnr)
  local wanted = M.wants(bufnr)
  table.insert(lines, string.format('  this buffer: %s [%s] %s', path ~= '' and path or '[No Name]',
    vim.bo[bufnr].filetype, wanted and ('root ' .. M.root_dir(path)) or 'not linted by modal-lint'))
  local clients = get_clients()
  if #clients == 0 then table.insert(lines, '  clients:     none running') end
  for _, client in ipairs(clients) do
    local buffers = {}
    for buf in pairs(client.attached_buffers or {}) do table.insert(buffers, buf) end
    table.sort(buffers)
    table.insert(lines, string.format('  client %d:    pid %s, root %s, encoding %s, buffers %s',
      client.id, tostring(client.rpc and client.rpc.pid or '?'), tostring(client.config.root_dir),
      tostring(client.offset_encoding), table.concat(buffers, ' ')))
  end
  local findings = 0
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if diagnostic.source == 'modal-lint' then findings = findings + 1 end
  end
  table.insert(lines, '  findings:    ' .. findings .. ' in this buffer')
  return lines
end

function M.info(bufnr)
  print(table.concat(M.info_lines(bufnr), '\n'))
end

function M.create_commands()
  vim.api.nvim_create_user_command('ModalLintFixAll', function() M.fix_all(0) end,
    { desc = 'modal-lint: apply every safe fix to the buffer' })
  vim.api.nvim_create_user_command('ModalLintRestart', function()
    M.restart(function(ok) notify(ok and 'server restarted' or 'old server killed; restarted') end)
  end, { desc = 'modal-lint: restart the modal-lsp server' })
  vim.api.nvim_create_user_command('ModalLintInfo', function() M.info(0) end,
    { desc = 'modal-lint: show the server, its settings and this buffer' })
end

--- Neovim 0.11+: the vim.lsp.config() table. root_dir only calls on_dir for buffers modal-lint
--- lints, so non-CI YAML files never start the server.
function M.lsp_config()
  local config = M.client_config()
  config.name = nil
  config.root_dir = function(bufnr, on_dir)
    if M.wants(bufnr) then on_dir(M.root_dir(buf_path(bufnr))) end
  end
  return config
end

--- Configures and starts modal-lint. Calling it again replaces the configuration; running
--- servers keep theirs until :ModalLintRestart.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  if opts and opts.cmd then M.config.cmd = opts.cmd end
  if opts and opts.settings then M.config.settings = vim.deepcopy(opts.settings) end
  if opts and opts.filetypes then M.config.filetypes = opts.filetypes end
  if opts and opts.root_markers then M.config.root_markers = opts.root_markers end
  if type(M.config.cmd) == 'string' then M.config.cmd = { M.config.cmd } end
  M._warned = false
  M.create_commands()
  if has('0.11') and vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(M.name, M.lsp_config())
    vim.lsp.enable(M.name)
    -- Buffers already open (a lazy-loaded plugin); vim.lsp.start reuses a client that
    -- vim.lsp.enable started for the same root.
    for _, bufnr in ipairs(attached_buffers()) do M.attach(bufnr) end
    return
  end
  local group = vim.api.nvim_create_augroup('modal_lint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) M.attach(args.buf) end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(attached_buffers()) do M.attach(bufnr) end
end

return M
