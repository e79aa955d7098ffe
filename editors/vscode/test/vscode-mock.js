// A stand-in for the `vscode` module, so the compiled extension (out/) loads under plain Node.
// install() puts it where `require('vscode')` finds it; `state` records what the extension did.
'use strict';
const Module = require('module');
const path = require('path');

const state = {
  settings: {},
  workspaceFolders: undefined,
  commands: new Map(),
  errors: [],
  warnings: [],
  infos: [],
  outputLines: [],
  configurationListeners: [],
};

function reset() {
  state.settings = {};
  state.workspaceFolders = undefined;
  state.commands.clear();
  state.errors.length = 0;
  state.warnings.length = 0;
  state.infos.length = 0;
  state.outputLines.length = 0;
  state.configurationListeners.length = 0;
}

const disposable = { dispose() {} };

const vscode = {
  workspace: {
    getConfiguration(section) {
      return {
        get(key, fallback) {
          const full = section ? `${section}.${key}` : key;
          return Object.prototype.hasOwnProperty.call(state.settings, full) ? state.settings[full] : fallback;
        },
      };
    },
    get workspaceFolders() {
      return state.workspaceFolders;
    },
    onDidChangeConfiguration(listener) {
      state.configurationListeners.push(listener);
      return disposable;
    },
  },
  window: {
    createOutputChannel(name) {
      return {
        name,
        appendLine: (line) => state.outputLines.push(line),
        append: (text) => state.outputLines.push(text),
        show() {},
        dispose() {},
      };
    },
    showErrorMessage: async (message) => {
      state.errors.push(message);
      return undefined;
    },
    showWarningMessage: async (message) => {
      state.warnings.push(message);
      return undefined;
    },
    showInformationMessage: async (message) => {
      state.infos.push(message);
      return undefined;
    },
    activeTextEditor: undefined,
  },
  commands: {
    registerCommand(id, callback) {
      if (state.commands.has(id)) throw new Error(`command ${id} registered twice`);
      state.commands.set(id, callback);
      return disposable;
    },
    executeCommand: async () => undefined,
  },
  Uri: {
    file: (fsPath) => ({ fsPath, scheme: 'file', toString: () => `file://${fsPath}` }),
  },
};

function install() {
  const resolve = Module._resolveFilename;
  if (!resolve.modalLintMock) {
    const patched = function (request, ...rest) {
      if (request === 'vscode') return 'vscode';
      return resolve.call(this, request, ...rest);
    };
    patched.modalLintMock = true;
    Module._resolveFilename = patched;
  }
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
  return { vscode, state, reset, out: (name) => require(path.join(__dirname, '..', 'out', name)) };
}

module.exports = { install };
