// A second real client: Microsoft's vscode-languageserver-protocol (the library under VS Code's
// language client) drives modal-lsp with VS Code's capabilities: UTF-16 positions, pull
// diagnostics, lazily resolved code actions and versioned documentChanges.
// Usage: node client.js PATH-TO-modal-lsp
'use strict';
const { spawn } = require('child_process');
const rpc = require('vscode-languageserver-protocol/node');

const server = process.argv[2];
let passed = 0;
let failed = 0;
function check(ok, name, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail !== undefined ? ': ' + JSON.stringify(detail) : ''}`);
  }
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== undefined ? code : failed ? 1 : 0);
}
setTimeout(() => {
  check(false, 'finished in time');
  finish(1);
}, 30000).unref();

// Applies LSP TextEdits to a JS string; JS strings index by UTF-16 code unit, as the positions do.
function offsetAt(text, position) {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, end);
}
function applyEdits(text, edits) {
  const sorted = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}
function editsFor(workspaceEdit, uri) {
  if (workspaceEdit.documentChanges) {
    const change = workspaceEdit.documentChanges.find((c) => c.textDocument.uri === uri);
    return change ? change.edits : [];
  }
  return (workspaceEdit.changes && workspaceEdit.changes[uri]) || [];
}

async function main() {
  const child = spawn(server, ['--log-level', 'warn'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  let pushed = 0;
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, () => pushed++);
  const uri = 'file:///work/node_app.py';
  let text =
    'import modal\n' +
    'app = modal.App()\n' +
    '@app.function(name="caf\u00e9 \u{1F600}", keep_warm=1)\n' +
    'def f(): pass\n';
  let version = 1;
  let editApplied;
  const applyEditSeen = new Promise((resolve) => (editApplied = resolve));
  connection.onRequest(rpc.ApplyWorkspaceEditRequest.type, (params) => {
    text = applyEdits(text, editsFor(params.edit, uri));
    editApplied();
    return { applied: true };
  });
  connection.listen();

  const init = await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: 'file:///work',
    workspaceFolders: [{ uri: 'file:///work', name: 'work' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { dataSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        codeAction: {
          dataSupport: true,
          isPreferredSupport: true,
          resolveSupport: { properties: ['edit'] },
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
    initializationOptions: { 'modal-lint': { targetVersion: '1.5' } },
  });
  const caps = init.capabilities;
  check(caps.positionEncoding === 'utf-16', 'utf-16 negotiated', caps.positionEncoding);
  check(caps.textDocumentSync.change === rpc.TextDocumentSyncKind.Incremental, 'incremental sync');
  check(caps.diagnosticProvider && caps.diagnosticProvider.interFileDependencies === true, 'pull diagnostics offered (with inter-file dependencies: the project index)');
  check(caps.codeActionProvider.resolveProvider === true, 'code action resolve offered');
  await connection.sendNotification(rpc.InitializedNotification.type, {});

  await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version, text },
  });
  const pull = () => connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  let report = await pull();
  check(report.kind === 'full' && report.items.length === 1, 'one finding pulled', report);
  const diagnostic = report.items[0];
  const line2 = text.split('\n')[2];
  check(
    diagnostic.range.start.line === 2 && diagnostic.range.start.character === line2.indexOf('keep_warm'),
    'UTF-16 column matches the JS string index',
    diagnostic.range,
  );
  check(diagnostic.code === 'MDL112' && diagnostic.source === 'modal-lint', 'code and source');
  check(diagnostic.tags.includes(rpc.DiagnosticTag.Deprecated), 'deprecated tag');
  check(diagnostic.severity === rpc.DiagnosticSeverity.Error, 'error severity at target 1.5', diagnostic.severity);
  check(/^https:\/\//.test(diagnostic.codeDescription.href), 'documentation link');

  const actions = await connection.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], triggerKind: rpc.CodeActionTriggerKind.Invoked },
  });
  const quickfix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
  check(quickfix && quickfix.edit === undefined && quickfix.data, 'quick fix is resolved lazily', actions);
  check(actions.some((a) => a.title === 'Disable MDL112 for this line'), 'disable-for-line offered');
  const resolved = await connection.sendRequest(rpc.CodeActionResolveRequest.type, quickfix);
  const change = resolved.edit.documentChanges[0];
  check(change.textDocument.version === version, 'versioned documentChanges', change.textDocument);
  const before = text;
  text = applyEdits(text, change.edits);
  check(text.includes('caf\u00e9 \u{1F600}", min_containers=1)'), 'quick fix applied', text);

  // Send the fix back as an incremental change, as VS Code does after applying an edit.
  version++;
  await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: change.edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  report = await pull();
  check(report.kind === 'full' && report.items.length === 0, 'no finding after the fix', report);
  check(before !== text, 'text changed');

  // Type two more legacy lines at the end of the file, one character range at a time.
  const added = '@app.function(concurrency_limit=3, container_idle_timeout=60)\ndef g(): pass\n';
  version++;
  await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: added }],
  });
  text += added;
  report = await pull();
  check(report.items.length === 2, 'two findings after typing at end of file', report.items.length);

  const fixAll = await connection.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'], triggerKind: rpc.CodeActionTriggerKind.Automatic },
  });
  check(fixAll.length === 1 && fixAll[0].kind === 'source.fixAll.modal-lint', 'fixAll on save', fixAll);
  const resolvedAll = await connection.sendRequest(rpc.CodeActionResolveRequest.type, fixAll[0]);
  const allEdits = resolvedAll.edit.documentChanges[0].edits;
  text = applyEdits(text, allEdits);
  check(text.endsWith('@app.function(max_containers=3, scaledown_window=60)\ndef g(): pass\n'), 'fixAll applied', text);
  version++;
  await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ text }],
  });
  report = await pull();
  check(report.items.length === 0, 'clean after fixAll', report.items);

  // The command path: the server answers with workspace/applyEdit, which this client applies.
  version++;
  await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '@app.function(keep_warm=9)\ndef h(): pass\n' }],
  });
  const lines = text.split('\n');
  lines.splice(2, 0, '@app.function(keep_warm=9)', 'def h(): pass');
  text = lines.join('\n');
  await connection.sendRequest(rpc.ExecuteCommandRequest.type, {
    command: 'modal-lint.applyAutofix',
    arguments: [{ uri, version }],
  });
  // The command's response and the server's applyEdit request may be handled in either order.
  await Promise.race([applyEditSeen, new Promise((resolve) => setTimeout(resolve, 10000))]);
  check(text.split('\n')[2] === '@app.function(min_containers=9)', 'applyAutofix through workspace/applyEdit', text);

  const hover = await connection.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri },
    position: { line: 2, character: 0 },
  });
  check(hover === null, 'no hover away from findings', hover);

  check(pushed === 0, 'nothing pushed to a pulling client', pushed);
  await connection.sendRequest(rpc.ShutdownRequest.type);
  await connection.sendNotification(rpc.ExitNotification.type);
  const code = await exited;
  check(code === 0, 'server exits 0', code);
  connection.dispose();
  finish();
}

main().catch((error) => {
  check(false, 'no protocol error', String(error && error.stack ? error.stack : error));
  finish(1);
});
