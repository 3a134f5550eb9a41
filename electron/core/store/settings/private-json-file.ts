import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter like JSONFile, except that every file it writes is private
 * to the user (0600) from its first byte: lowdb's own writer creates its temp
 * file with the default mode, readable by others in a shared directory until a
 * chmod after the rename. Writes still go to a temp file renamed into place,
 * so a crash leaves the old file or the new one, never half of one.
 */
export class PrivateJSONFile<T> implements Adapter<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, 2);
    const next = this.chain.then(async () => {
      const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
        await rename(temp, this.path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
