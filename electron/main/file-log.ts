import { createWriteStream, mkdirSync, openSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  /** A file is rotated once it grows past this size. */
  maxBytes?: number;
  /** How many rotated files are kept beside the current one (hookbench.1.log is the newest). */
  keep?: number;
}

export interface RotatingFile {
  readonly path: string;
  write(line: string): void;
  close(): Promise<void>;
}

export const LOG_FILE_NAME = 'hookbench.log';

/**
 * An append-only log file that rotates by size: hookbench.log, then
 * hookbench.1.log … hookbench.<keep>.log. Writes are buffered by the stream so
 * logging never blocks the main process on the disk. Returns null when the
 * directory cannot be created: the app then logs to stderr only, and a start-up
 * failure still reaches its error dialog.
 */
export function openRotatingFile(dir: string, options: RotatingFileOptions = {}): RotatingFile | null {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const path = join(dir, LOG_FILE_NAME);
  const rotated = (n: number) => join(dir, `hookbench.${n}.log`);
  let size = 0;
  let stream: WriteStream | null = null;
  const open = () => {
    try {
      // Opened now, not on the stream's first tick: a rotation right after must find the file to rename.
      // Writes still in the old stream's buffer then land in the renamed file, in order.
      stream = createWriteStream(path, { fd: openSync(path, 'a', 0o600) });
      // a full disk or a vanished folder must not crash the app through an unhandled stream error
      stream.on('error', () => {});
    } catch {
      stream = null;
    }
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return null;
  }
  const ending = new Set<Promise<void>>();
  const end = (s: WriteStream) => {
    const done = new Promise<void>((resolve) => s.end(resolve)).finally(() => ending.delete(done));
    ending.add(done);
  };
  const rotate = () => {
    if (stream) end(stream);
    try {
      rmSync(rotated(keep), { force: true });
      for (let n = keep - 1; n >= 1; n--) {
        try {
          renameSync(rotated(n), rotated(n + 1));
        } catch {
          // that generation does not exist yet
        }
      }
      renameSync(path, rotated(1));
    } catch {
      // Windows refuses to rename a file still open (the old stream may not have closed yet): keep appending, retry at the next limit
    }
    size = 0;
    open();
  };
  open();
  if (!stream) return null;
  return {
    path,
    write(line) {
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      size += bytes;
      stream?.write(line);
    },
    async close() {
      if (stream) end(stream);
      stream = null;
      await Promise.all(ending);
    },
  };
}
