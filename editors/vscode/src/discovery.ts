// Finds the modal-lsp binary: the `modal-lint.path` setting when set, else `modal-lsp` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SECTION } from './settings';

export const SERVER_NAME = 'modal-lsp';

export class ServerNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerNotFoundError';
  }
}

export interface DiscoveryOptions {
  /** The `modal-lint.path` setting; empty or undefined means "search PATH". */
  setting?: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expand(setting: string, options: DiscoveryOptions): string {
  let value = setting.trim();
  const home = options.homedir ?? os.homedir();
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) value = home + value.slice(1);
  if (options.workspaceFolder) value = value.split('${workspaceFolder}').join(options.workspaceFolder);
  if (!path.isAbsolute(value) && options.workspaceFolder) value = path.join(options.workspaceFolder, value);
  return value;
}

/** The absolute path of the server binary; throws ServerNotFoundError with a message for the
 * user when there is none. */
export function findServer(options: DiscoveryOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (options.setting && options.setting.trim() !== '') {
    const file = expand(options.setting, options);
    if (isExecutable(file, platform)) return file;
    throw new ServerNotFoundError(
      `"${SECTION}.path" is set to "${options.setting}", but ${file} is not an executable file. ` +
        `Point it at the modal-lsp binary, or clear it to use the modal-lsp on PATH.`,
    );
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter((d) => d !== '');
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e).map((e) => SERVER_NAME + e.toLowerCase())
      : [SERVER_NAME];
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (isExecutable(file, platform)) return file;
    }
  }
  throw new ServerNotFoundError(
    `${SERVER_NAME} was not found on PATH. Install modal-lint (it provides ${SERVER_NAME}), ` +
      `or set "${SECTION}.path" to the ${SERVER_NAME} binary.`,
  );
}

/** findServer with the user's settings and the first workspace folder. */
export function discoverServer(): string {
  const setting = vscode.workspace.getConfiguration(SECTION).get<string>('path');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return findServer({ setting, workspaceFolder: folder });
}
