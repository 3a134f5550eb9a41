import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readInstanceFile } from './instance-file';

export const LOCK_FILE = 'hookbench.lock';

interface LockOwner {
  pid: number;
  /** The process's start time as the kernel counts it (Linux), so a reused pid is not taken for the owner. */
  processStart: string | null;
  host: string;
  startedAt: string;
}

/** Another Hookbench holds this data dir; its pid (and URL when it serves one) say which. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly url: string | null,
    readonly receiverUrl: string | null,
    readonly since: string,
  ) {
    const where = [url ? `UI and API at ${url}` : null, receiverUrl ? `its receiver is at ${receiverUrl}` : null]
      .filter(Boolean)
      .join('; ');
    super(
      `Hookbench is already running for ${dataDir} (pid ${pid}, since ${since}${where ? `; ${where}` : ''}). Stop it, or pick another data directory.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). Null off Linux. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field 22: when the process started, in clock ticks after boot. */
const processStart = (pid: number): string | null => procStat(pid)?.[19] ?? null;

function alive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.host !== hostname()) return true; // a shared data dir on another machine: cannot check, assume alive
  const stat = procStat(owner.pid);
  if (stat?.[0] === 'Z' || stat?.[0] === 'X') return false; // killed, not yet reaped by its parent
  const now = stat?.[19] ?? null;
  return owner.processStart === null || now === null || now === owner.processStart;
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.startedAt === 'string' ? owner : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  release(): void;
}

/**
 * One Hookbench per data dir. The lock file is created whole or not at all
 * (written aside, then hard-linked into place, which fails if it exists), so a
 * reader never sees half of it. A lock whose owner is gone (killed, crashed,
 * or its pid now belongs to another program) is stale and taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockOwner = {
    pid: process.pid,
    processStart: processStart(process.pid),
    host: hostname(),
    startedAt: new Date().toISOString(),
  };
  const text = JSON.stringify(mine);
  const pending = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(pending, text, { mode: 0o600 });
  try {
    for (let tries = 0; ; tries++) {
      try {
        linkSync(pending, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 5) throw err;
      }
      const raw = (() => {
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return null;
        }
      })();
      if (raw === null) continue; // released in between: try again
      const owner = readOwner(path);
      if (owner && alive(owner)) {
        const instance = readInstanceFile(dataDir);
        const mine = instance && instance.pid === owner.pid ? instance : null;
        throw new DataDirLockedError(dataDir, owner.pid, mine?.url ?? null, mine?.receiverUrl ?? null, owner.startedAt);
      }
      // Stale (or unreadable): remove it only if it is still the file we judged.
      try {
        if (readFileSync(path, 'utf8') === raw) unlinkSync(path);
      } catch {
        // gone already
      }
    }
  } finally {
    rmSync(pending, { force: true });
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
