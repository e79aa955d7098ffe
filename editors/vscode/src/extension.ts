// The modal-lint VS Code extension: starts modal-lsp for Python (and shell/CI) files, keeps its
// settings in sync, and adds the Fix all, Restart server and Show output commands. Quick fixes,
// "Disable for this line", hover and `source.fixAll.modal-lint` (for editor.codeActionsOnSave)
// come from the server through vscode-languageclient.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { discoverServer } from './discovery';
import { configurationNotification, documentSelector, isEnabled, readServerSettings, SECTION } from './settings';

/** The server's fix-all command (lsp/code_actions.c); it answers with workspace/applyEdit. */
export const SERVER_FIX_ALL_COMMAND = 'modal-lint.applyAutofix';
export const COMMANDS = {
  fixAll: 'modal-lint.fixAll',
  restart: 'modal-lint.restart',
  showOutput: 'modal-lint.showOutput',
};

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let starting: Promise<void> | undefined;

function log(message: string): void {
  output?.appendLine(`[${new Date().toISOString()}] ${message}`);
}

async function reportError(message: string): Promise<void> {
  log(message);
  const choice = await vscode.window.showErrorMessage(`modal-lint: ${message}`, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
  else if (choice === 'Show Output') output?.show();
}

async function startClient(): Promise<void> {
  if (!isEnabled()) {
    log('modal-lint.enable is false; the server is not started');
    return;
  }
  let command: string;
  try {
    command = discoverServer();
  } catch (error) {
    await reportError((error as Error).message);
    return;
  }
  // Loaded here so that a disabled or misconfigured extension costs nothing.
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  log(`starting ${command}`);
  const next = new LanguageClient(
    SECTION,
    'modal-lint',
    { command, transport: TransportKind.stdio, options: folder ? { cwd: folder } : {} },
    {
      documentSelector,
      outputChannel: output,
      initializationOptions: readServerSettings(),
      diagnosticCollectionName: 'modal-lint',
    },
  );
  client = next;
  try {
    await next.start();
  } catch (error) {
    client = undefined;
    await reportError(`cannot start ${command}: ${(error as Error).message}`);
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) {
    try {
      await current.stop();
    } catch (error) {
      log(`stopping the server: ${(error as Error).message}`);
    }
  }
}

async function restart(): Promise<void> {
  await starting;
  starting = (async () => {
    await stopClient();
    await startClient();
  })();
  await starting;
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('modal-lint: open a file to fix');
    return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('modal-lint: the server is not running (see "modal-lint: Show output")');
    return;
  }
  const document = editor.document;
  await client.sendRequest('workspace/executeCommand', {
    command: SERVER_FIX_ALL_COMMAND,
    arguments: [{ uri: client.code2ProtocolConverter.asUri(document.uri), version: document.version }],
  });
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) return;
  if (event.affectsConfiguration(`${SECTION}.enable`) || event.affectsConfiguration(`${SECTION}.path`)) {
    await restart();
    return;
  }
  if (client && client.isRunning())
    await client.sendNotification('workspace/didChangeConfiguration', configurationNotification(readServerSettings()));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('modal-lint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.fixAll, fixAll),
    vscode.commands.registerCommand(COMMANDS.restart, restart),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output?.show()),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  starting = startClient();
  await starting;
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

/** For tests: whether a language client exists. */
export function hasClient(): boolean {
  return client !== undefined;
}
