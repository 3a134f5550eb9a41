import { existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../../clock';
import { ExchangeFile, type ExchangeFileOptions } from './exchange-file';

/** SQLite's result codes that mean the file itself cannot be used (CORRUPT, NOTADB), as opposed to a busy or missing disk. */
const UNREADABLE = new Set([11, 26]);
const NEWER = /written by a newer Hookbench/;

function unreadable(err: unknown): string | null {
  const e = err as { errcode?: unknown; message?: unknown };
  // node:sqlite gives the extended code; its low byte is the primary one.
  if (typeof e?.errcode === 'number' && UNREADABLE.has(e.errcode & 0xff)) return String(e.message);
  if (typeof e?.message === 'string' && NEWER.test(e.message)) return e.message;
  return null;
}

/**
 * Opens the exchange store; a file SQLite cannot read (or one from a newer
 * Hookbench) is moved aside with its WAL, and a new, empty log is started, with
 * a notice naming where the old one went. Never deleted, never a crash at
 * start. Other errors (permissions, a full disk) are thrown: moving the file
 * would not fix them.
 */
export function openExchangeFile(
  opts: ExchangeFileOptions,
  clock: Clock,
): { store: ExchangeFile; notice: string | null } {
  adoptLegacyFile(opts.path);
  try {
    return { store: new ExchangeFile(opts), notice: null };
  } catch (err) {
    const reason = unreadable(err);
    if (!reason) throw err;
    const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
    const backup = `${opts.path}.unreadable-${stamp}`;
    renameSync(opts.path, backup);
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(opts.path + suffix)) renameSync(opts.path + suffix, backup + suffix);
    const store = new ExchangeFile(opts);
    return {
      store,
      notice: `The exchange store could not be opened (${reason}); it was moved to ${backup} and a new, empty store was started. Settings and subscriptions are unaffected.`,
    };
  }
}

/** Before 0.2 the file was traffic.db; it is renamed (with its WAL) the first time a newer build opens the data dir. */
export const LEGACY_DB_FILE = 'traffic.db';

function adoptLegacyFile(path: string): void {
  const legacy = join(dirname(path), LEGACY_DB_FILE);
  if (existsSync(path) || !existsSync(legacy)) return;
  for (const suffix of ['-wal', '-shm']) if (existsSync(legacy + suffix)) renameSync(legacy + suffix, path + suffix);
  renameSync(legacy, path);
}
