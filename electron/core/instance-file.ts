import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
