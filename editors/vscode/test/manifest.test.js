// package.json contributes what the README and the code promise.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

test('settings: enable, path, select, ignore, targetVersion, unsafeFixes, trace.server', () => {
  const properties = manifest.contributes.configuration.properties;
  const expected = {
    'modal-lint.enable': ['boolean', true],
    'modal-lint.path': ['string', ''],
    'modal-lint.select': ['array', []],
    'modal-lint.ignore': ['array', []],
    'modal-lint.targetVersion': ['string', ''],
    'modal-lint.unsafeFixes': ['boolean', false],
    'modal-lint.trace.server': ['string', 'off'],
  };
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(expected).sort());
  for (const [key, [type, value]] of Object.entries(expected)) {
    assert.equal(properties[key].type, type, key);
    assert.deepEqual(properties[key].default, value, key);
  }
  assert.match('1.0', new RegExp(properties['modal-lint.targetVersion'].pattern));
  assert.match('0.73.76', new RegExp(properties['modal-lint.targetVersion'].pattern));
  assert.doesNotMatch('one', new RegExp(properties['modal-lint.targetVersion'].pattern));
});

test('the source.fixAll.modal-lint kind is contributed for editor.codeActionsOnSave', () => {
  const kinds = manifest.contributes.codeActions.flatMap((c) => c.actions.map((a) => a.kind));
  assert.deepEqual(kinds, ['source.fixAll.modal-lint']);
  assert.ok(manifest.contributes.codeActions[0].languages.includes('python'));
});

test('activates on Python files and runs the compiled entry point', () => {
  assert.ok(manifest.activationEvents.includes('onLanguage:python'));
  assert.equal(manifest.main, './out/extension.js');
  assert.ok(fs.existsSync(path.join(__dirname, '..', manifest.main)), 'run `npm run compile` first');
});

test('only vscode-languageclient ships; the engine matches @types/vscode', () => {
  assert.deepEqual(Object.keys(manifest.dependencies), ['vscode-languageclient']);
  assert.equal(manifest.engines.vscode, `^${manifest.devDependencies['@types/vscode']}`);
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['modal-lint.path']);
});
