// Maps the extension's `modal-lint.*` settings to what modal-lsp reads from initializationOptions
// and workspace/didChangeConfiguration (lsp/settings.c): select, ignore, targetVersion,
// unsafeFixes. Settings the extension handles itself (enable, path, trace.server) never reach
// the server, and empty values are left out so the server keeps its defaults: an empty `select`
// sent as [] would turn every rule off.
import * as vscode from 'vscode';

export const SECTION = 'modal-lint';

/** What modal-lsp understands; every field is optional. */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  targetVersion?: string;
  unsafeFixes?: boolean;
}

/** The part of vscode.WorkspaceConfiguration this module reads. */
export interface ConfigurationLike {
  get<T>(key: string): T | undefined;
}

function ruleList(value: unknown): string[] | undefined {
  if (typeof value === 'string') value = value.split(',');
  if (!Array.isArray(value)) return undefined;
  const rules = value
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return rules.length > 0 ? rules : undefined;
}

export function toServerSettings(config: ConfigurationLike): ServerSettings {
  const settings: ServerSettings = {};
  const select = ruleList(config.get('select'));
  if (select) settings.select = select;
  const ignore = ruleList(config.get('ignore'));
  if (ignore) settings.ignore = ignore;
  const target = config.get<unknown>('targetVersion');
  if (typeof target === 'string' && target.trim() !== '') settings.targetVersion = target.trim();
  settings.unsafeFixes = config.get<unknown>('unsafeFixes') === true;
  return settings;
}

/** The server settings for a scope (a document or folder), from the user's configuration. */
export function readServerSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  return toServerSettings(vscode.workspace.getConfiguration(SECTION, scope));
}

/** The didChangeConfiguration payload: the settings under the section the server looks for. */
export function configurationNotification(settings: ServerSettings): { settings: Record<string, ServerSettings> } {
  return { settings: { [SECTION]: settings } };
}

export function isEnabled(scope?: vscode.ConfigurationScope): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>('enable') !== false;
}

/** The documents modal-lsp is started for: Python, and the shell/CI files modal-lint has rules
 * for (their findings depend on the server supporting those file kinds). */
export const documentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'file', language: 'shellscript' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'makefile' },
  { scheme: 'file', language: 'yaml', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', language: 'yaml', pattern: '**/.gitlab-ci.yml' },
];
