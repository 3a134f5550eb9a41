import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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

/** The data directory cannot be used as given: the message says what is wrong with which path. */
export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirError';
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Makes sure `dir` is a directory this user can write, creating what is
 * missing one level at a time (Node's recursive mkdir spins forever on a path
 * like /proc/x). Only directories created here get a mode (0700, private to
 * the user); an existing one is left as it is, e.g. a shared 1777 directory
 * keeps its sticky bit.
 */
export function ensureDataDir(dir: string): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    const info = statOrNull(at);
    if (info) {
      if (!info.isDirectory())
        throw new DataDirError(
          abs,
          at === abs ? `${abs} is a file, not a directory.` : `${abs} cannot be created: ${at} is a file.`,
        );
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOrNull(path)?.isDirectory()) continue;
      throw new DataDirError(abs, `${abs} cannot be created (${code ?? (err as Error).message} at ${path}).`);
    }
  }
  try {
    accessSync(abs, constants.W_OK | constants.X_OK);
  } catch {
    throw new DataDirError(abs, `${abs} is not writable by this user.`);
  }
  return abs;
}

/**
 * A path Hookbench keeps a file at must be a file (or not exist yet): a
 * directory in its place cannot be read, written or moved aside safely.
 */
export function requireFileSlot(dataDir: string, name: string): string {
  const path = join(dataDir, name);
  const info = statOrNull(path);
  if (info && !info.isFile())
    throw new DataDirError(
      dataDir,
      `${path} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}; Hookbench keeps its own file there. Move it away or pick another data directory.`,
    );
  return path;
}
