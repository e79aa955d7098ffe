-- Defines :ModalLintFixAll, :ModalLintRestart and :ModalLintInfo. Nothing starts until
-- require("modal_lint").setup() (or, on Neovim 0.11+, vim.lsp.enable("modal_lint")) is called.
if vim.g.loaded_modal_lint or vim.fn.has('nvim-0.7') == 0 then return end
vim.g.loaded_modal_lint = true
require('modal_lint').create_commands()
