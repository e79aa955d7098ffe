// The settings-to-server mapping: what modal-lsp receives in initializationOptions and
// workspace/didChangeConfiguration for a given set of `modal-lint.*` settings.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { state, reset, out } = require('./vscode-mock').install();
const settings = out('settings.js');

function serverSettingsFor(values) {
  reset();
  for (const [key, value] of Object.entries(values)) state.settings[`modal-lint.${key}`] = value;
  return settings.readServerSettings();
}

test('defaults send only unsafeFixes: false, so the server keeps its own rule set', () => {
  assert.deepEqual(serverSettingsFor({}), { unsafeFixes: false });
  assert.deepEqual(serverSettingsFor({ select: [], ignore: [], targetVersion: '', unsafeFixes: false }), {
    unsafeFixes: false,
  });
});

test('select and ignore are passed as trimmed lists, empty entries dropped', () => {
  assert.deepEqual(serverSettingsFor({ select: ['MDL1', ' autoscaler-param-rename ', ''], ignore: ['MDL118'] }), {
    select: ['MDL1', 'autoscaler-param-rename'],
    ignore: ['MDL118'],
    unsafeFixes: false,
  });
});

test('a comma-separated string (hand-edited settings.json) is accepted as a list', () => {
  assert.deepEqual(serverSettingsFor({ ignore: 'MDL112, MDL115' }).ignore, ['MDL112', 'MDL115']);
});

test('non-string rule entries are ignored, not sent', () => {
  assert.deepEqual(serverSettingsFor({ select: [1, null, 'MDL2'] }).select, ['MDL2']);
});

test('targetVersion and unsafeFixes are passed under the names modal-lsp reads', () => {
  assert.deepEqual(serverSettingsFor({ targetVersion: ' 1.0 ', unsafeFixes: true }), {
    targetVersion: '1.0',
    unsafeFixes: true,
  });
  assert.equal(serverSettingsFor({ unsafeFixes: 'yes' }).unsafeFixes, false);
});

test('settings the extension handles itself never reach the server', () => {
  const sent = serverSettingsFor({ enable: true, path: '/opt/modal-lsp', 'trace.server': 'verbose' });
  assert.deepEqual(Object.keys(sent), ['unsafeFixes']);
});

test('didChangeConfiguration nests the settings under "modal-lint"', () => {
  assert.deepEqual(settings.configurationNotification({ ignore: ['MDL118'], unsafeFixes: true }), {
    settings: { 'modal-lint': { ignore: ['MDL118'], unsafeFixes: true } },
  });
});

test('modal-lint.enable defaults to true', () => {
  reset();
  assert.equal(settings.isEnabled(), true);
  state.settings['modal-lint.enable'] = false;
  assert.equal(settings.isEnabled(), false);
});

test('the document selector covers Python and only CI YAML files', () => {
  const languages = settings.documentSelector.map((s) => s.language);
  for (const language of ['python', 'shellscript', 'dockerfile', 'makefile', 'yaml']) assert.ok(languages.includes(language));
  for (const selector of settings.documentSelector.filter((s) => s.language === 'yaml'))
    assert.match(selector.pattern, /\.github\/workflows|\.gitlab-ci\.yml/);
});
