// Server discovery: the modal-lint.path setting, else modal-lsp on PATH, else a clear error.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { state, reset, out } = require('./vscode-mock').install();
const { findServer, discoverServer, ServerNotFoundError } = out('discovery.js');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'modal-lint-discovery-'));
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(relative, mode) {
  const full = path.join(root, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '#!/bin/sh\n');
  fs.chmodSync(full, mode);
  return full;
}

const onPath = file('bin1/modal-lsp', 0o755);
const second = file('bin2/modal-lsp', 0o755);
const notExecutable = file('noexec/modal-lsp', 0o644);
const inWorkspace = file('project/tools/modal-lsp', 0o755);
const inHome = file('home/.local/bin/modal-lsp', 0o755);
fs.mkdirSync(path.join(root, 'dir/modal-lsp'), { recursive: true });

test('the modal-lint.path setting wins over PATH', () => {
  assert.equal(findServer({ setting: inWorkspace, env: { PATH: path.dirname(onPath) } }), inWorkspace);
});

test('the setting expands ~, ${workspaceFolder} and paths relative to the workspace', () => {
  const workspaceFolder = path.join(root, 'project');
  assert.equal(findServer({ setting: '~/.local/bin/modal-lsp', homedir: path.join(root, 'home'), env: {} }), inHome);
  assert.equal(findServer({ setting: '${workspaceFolder}/tools/modal-lsp', workspaceFolder, env: {} }), inWorkspace);
  assert.equal(findServer({ setting: 'tools/modal-lsp', workspaceFolder, env: {} }), inWorkspace);
});

test('a setting that names no executable file is an error naming the setting, not a PATH fallback', () => {
  for (const setting of [path.join(root, 'missing/modal-lsp'), notExecutable, path.join(root, 'dir/modal-lsp')]) {
    assert.throws(
      () => findServer({ setting, env: { PATH: path.dirname(onPath) } }),
      (error) =>
        error instanceof ServerNotFoundError &&
        error.message.includes('"modal-lint.path" is set to') &&
        error.message.includes(setting) &&
        error.message.includes('not an executable file'),
    );
  }
});

test('an empty setting searches PATH in order, skipping non-executable files and empty entries', () => {
  const PATH = ['', path.dirname(notExecutable), path.join(root, 'dir'), path.dirname(second), path.dirname(onPath)].join(':');
  assert.equal(findServer({ setting: '  ', env: { PATH } }), second);
  assert.equal(findServer({ env: { PATH: path.dirname(onPath) } }), onPath);
});

test('nothing on PATH gives an error that says how to fix it', () => {
  assert.throws(
    () => findServer({ env: { PATH: [path.dirname(notExecutable), path.join(root, 'dir')].join(':') } }),
    {
      name: 'ServerNotFoundError',
      message:
        'modal-lsp was not found on PATH. Install modal-lint (it provides modal-lsp), or set "modal-lint.path" to the modal-lsp binary.',
    },
  );
  assert.throws(() => findServer({ env: {} }), ServerNotFoundError);
});

test('Windows looks for modal-lsp with the PATHEXT extensions', () => {
  const exe = file('win/modal-lsp.exe', 0o644);
  assert.equal(findServer({ platform: 'win32', env: { PATH: path.dirname(exe), PATHEXT: '.COM;.EXE' } }), exe);
});

test('discoverServer reads modal-lint.path and the first workspace folder through vscode', () => {
  reset();
  state.settings['modal-lint.path'] = 'tools/modal-lsp';
  state.workspaceFolders = [{ uri: { fsPath: path.join(root, 'project') } }];
  assert.equal(discoverServer(), inWorkspace);
});
