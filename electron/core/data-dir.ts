import { mkdirSync, chmodSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where headless mode and the CLI keep data when not told otherwise:
 * $HOOKBENCH_DATA_DIR, then $XDG_DATA_HOME/hookbench, then ~/.local/share/hookbench.
 * (The desktop app passes Electron's userData instead.)
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOOKBENCH_DATA_DIR) return resolve(env.HOOKBENCH_DATA_DIR);
  const xdg = env.XDG_DATA_HOME;
  return xdg ? join(xdg, 'hookbench') : join(homedir(), '.local', 'share', 'hookbench');
}

/** Creates the directory private to the user (0700); tightens it if it already existed wider. */
export function ensureDataDir(dir: string): string {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(abs).mode & 0o077) !== 0) chmodSync(abs, 0o700);
  return abs;
}
