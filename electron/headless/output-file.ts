import { constants } from 'node:fs';
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { UsageError } from './cli-io';

/** Where a command writes its result: a file given by a flag, or stdout. */
export interface Output {
  write(text: string | Uint8Array): Promise<void>;
  /** Finishes the output; rejects when the bytes did not all reach it. */
  close(): Promise<void>;
  /** Gives up: a file begun is removed, so no truncated result is left looking finished. */
  abort(): Promise<void>;
}

const WHY: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is not a directory',
};

const why = (err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return WHY[code] ? `${WHY[code]} (${code})` : code || (err as Error).message;
};

/**
 * Opens the file a flag names for writing. A path that cannot be opened is a
 * usage error naming the flag (exit 2); a write that fails later (a full disk,
 * /dev/full) is an error (exit 1) — never reported as done.
 */
export async function openOutput(path: string, flag: string): Promise<Output> {
  let handle: FileHandle;
  let regular: boolean;
  try {
    const existed = await stat(path).catch(() => null);
    if (existed?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
    regular = (await handle.stat()).isFile();
  } catch (err) {
    throw new UsageError(`${flag}: cannot write ${path}: ${why(err)}.`);
  }
  const fail = async (err: unknown): Promise<never> => {
    await handle.close().catch(() => undefined);
    if (regular) await rm(path, { force: true });
    throw new Error(
      `${flag}: writing ${path} failed: ${why(err)}; ${regular ? 'the partial file was removed' : 'the output is incomplete'}.`,
    );
  };
  return {
    async write(text) {
      try {
        await handle.writeFile(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
      } catch (err) {
        await fail(err);
      }
    },
    async close() {
      try {
        if (regular) await handle.sync();
        await handle.close();
      } catch (err) {
        await fail(err);
      }
    },
    async abort() {
      await handle.close().catch(() => undefined);
      if (regular) await rm(path, { force: true });
    },
  };
}

/** The whole of `data` to the file a flag names, or a failure naming the flag: never a silent partial file. */
export async function writeOutputFile(path: string, data: string | Uint8Array, flag: string): Promise<void> {
  const out = await openOutput(path, flag);
  await out.write(data);
  await out.close();
}

/** stdout as an Output, with backpressure: a large export is not buffered in memory. */
export function stdoutOutput(): Output {
  const write = (text: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
    });
  return { write, close: async () => undefined, abort: async () => undefined };
}
