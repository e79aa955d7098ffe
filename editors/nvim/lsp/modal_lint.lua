-- Neovim 0.11+ native configuration: with editors/nvim on the runtimepath,
--   vim.lsp.enable("modal_lint")
-- starts modal-lsp (from PATH) for Python and CI files without calling setup(). Override fields
-- with vim.lsp.config("modal_lint", { cmd = {...}, init_options = {...} }).
return require('modal_lint').lsp_config()
