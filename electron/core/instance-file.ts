import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A running Hookbench leaves its address and per-run token in the data dir
 * (0600, inside the 0700 dir), so CLI commands on the same machine can reach it
 * without an API key — the same trust as reading the settings file itself.
 */
export interface InstanceInfo {
  pid: number;
  url: string;
  token: string;
  receiverUrl: string | null;
  startedAt: string;
  /** When the app port serves HTTPS: its certificate, which the CLI here pins by fingerprint (url is 127.0.0.1, not its name). */
  tls?: { certificate: string; fingerprint256: string };
}

export const INSTANCE_FILE = 'instance.json';

/** Written aside (0600 from its first byte) and renamed into place: a reader never sees half of it. */
export function writeInstanceFile(dataDir: string, info: InstanceInfo): void {
  const path = join(dataDir, INSTANCE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, JSON.stringify(info, null, 2), { mode: 0o600 });
  renameSync(temp, path);
}

export function removeInstanceFile(dataDir: string, pid = process.pid): void {
  const current = readInstanceFile(dataDir);
  if (current && current.pid === pid) rmSync(join(dataDir, INSTANCE_FILE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running instance for this data dir, or null (none, or a stale file from a killed process). */
export function readInstanceFile(dataDir: string): InstanceInfo | null {
  let info: InstanceInfo;
  try {
    info = JSON.parse(readFileSync(join(dataDir, INSTANCE_FILE), 'utf8')) as InstanceInfo;
  } catch {
    return null;
  }
  return typeof info.pid === 'number' && typeof info.url === 'string' && alive(info.pid) ? info : null;
}

/** The desktop app's product name: Electron names its userData folder after it. */
export const DESKTOP_PRODUCT_NAME = 'Hookbench';

/**
 * Where Electron keeps the desktop app's data (its userData): the per-user app
 * data folder of the platform, then the product name. The desktop app writes
 * its instance file there, so the CLI looks there too.
 */
export function desktopDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', DESKTOP_PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), DESKTOP_PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), DESKTOP_PRODUCT_NAME);
}

/** The first data dir, in order, with a running Hookbench; null when none has one. */
export function findRunningInstance(dataDirs: string[]): { dataDir: string; instance: InstanceInfo } | null {
  for (const dataDir of dataDirs) {
    const instance = readInstanceFile(dataDir);
    if (instance) return { dataDir, instance };
  }
  return null;
}
