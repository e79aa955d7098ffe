// Activation against the mocked vscode module: commands registered, nothing started when
// disabled, and a missing server reported to the user instead of failing silently.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { state, reset, out } = require('./vscode-mock').install();
const extension = out('extension.js');
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

function context() {
  return { subscriptions: [] };
}

test('activation registers exactly the commands package.json contributes', async () => {
  reset();
  state.settings['modal-lint.enable'] = false;
  const ctx = context();
  await extension.activate(ctx);
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...state.commands.keys()].sort(), contributed);
  assert.deepEqual(contributed, Object.values(extension.COMMANDS).sort());
  assert.ok(!contributed.includes(extension.SERVER_FIX_ALL_COMMAND), 'the server command is registered by the client');
  assert.equal(state.configurationListeners.length, 1);
  assert.ok(ctx.subscriptions.length >= 5);
  await extension.deactivate();
});

test('modal-lint.enable = false starts no server and shows no error', async () => {
  reset();
  state.settings['modal-lint.enable'] = false;
  await extension.activate(context());
  assert.equal(extension.hasClient(), false);
  assert.deepEqual(state.errors, []);
  assert.ok(state.outputLines.some((line) => line.includes('modal-lint.enable is false')));
  await extension.deactivate();
});

test('a missing server is reported with the fix, and the extension stays usable', async () => {
  reset();
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(__dirname, 'no-such-dir');
  try {
    await extension.activate(context());
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(extension.hasClient(), false);
  assert.equal(state.errors.length, 1);
  assert.match(state.errors[0], /^modal-lint: modal-lsp was not found on PATH\. .*"modal-lint\.path"/);
  await state.commands.get('modal-lint.fixAll')();
  assert.match(state.infos.concat(state.warnings).join('\n'), /open a file|not running/);
  await extension.deactivate();
});

test('a bad modal-lint.path is reported naming the setting', async () => {
  reset();
  state.settings['modal-lint.path'] = '/nonexistent/modal-lsp';
  await extension.activate(context());
  assert.equal(state.errors.length, 1);
  assert.match(state.errors[0], /"modal-lint\.path" is set to "\/nonexistent\/modal-lsp"/);
  await extension.deactivate();
});
