// The settings mapping against the real server: modal-lsp started the way the extension starts
// it (`modal-lsp --stdio`), given initializationOptions and didChangeConfiguration built by
// out/settings.js, must publish the findings those settings ask for. Skipped unless MODAL_LSP
// names the binary.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { state, reset, out } = require('./vscode-mock').install();
const rpc = require('vscode-jsonrpc/node');
const settings = out('settings.js');

const server = process.env.MODAL_LSP;
const uri = 'file:///project/app.py';
const text = [
  'import modal',
  'app = modal.App()',
  '@app.function(keep_warm=1)',
  'def f(): pass',
  'other = modal.Function.lookup("a", "b")',
  '',
].join('\n');

function serverSettingsFor(values) {
  reset();
  for (const [key, value] of Object.entries(values)) state.settings[`modal-lint.${key}`] = value;
  return settings.readServerSettings();
}

async function session(initializationOptions, body) {
  const child = spawn(server, ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const waiting = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const next = waiting.shift();
    if (next) next(params.diagnostics);
  });
  connection.listen();
  const published = () => new Promise((resolve) => waiting.push(resolve));
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
    await connection.sendNotification('initialized', {});
    const first = published();
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
    await body({ connection, diagnostics: await first, published });
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } finally {
    connection.dispose();
    child.kill();
  }
}

const codes = (diagnostics) => diagnostics.map((d) => `${d.code}/${d.severity}`).sort();

test('default settings: every finding, errors at the newest target', { skip: !server && 'MODAL_LSP not set' }, async () => {
  await session(serverSettingsFor({}), async ({ diagnostics }) => {
    assert.deepEqual(codes(diagnostics), ['MDL112/1', 'MDL118/1']);
  });
});

test('ignore and targetVersion reach the server through initializationOptions', { skip: !server && 'MODAL_LSP not set' }, async () => {
  // MDL112 was removed in 1.4.0: a warning, not an error, when upgrading to 1.0.
  await session(serverSettingsFor({ ignore: ['MDL118'], targetVersion: '1.0' }), async ({ diagnostics }) => {
    assert.deepEqual(codes(diagnostics), ['MDL112/2']);
  });
});

test('changed settings reach the server through didChangeConfiguration', { skip: !server && 'MODAL_LSP not set' }, async () => {
  await session(serverSettingsFor({}), async ({ connection, published }) => {
    const next = published();
    await connection.sendNotification(
      'workspace/didChangeConfiguration',
      settings.configurationNotification(serverSettingsFor({ select: ['lookup-to-from-name'] })),
    );
    assert.deepEqual(codes(await next), ['MDL118/1']);
  });
});
