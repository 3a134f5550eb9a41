import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRotatingFile } from '../../../electron/main/file-log';
import { tempDir } from '../../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('rotating log file', () => {
  it('rotates by size and keeps the newest generations only', async () => {
    const t = tempDir('hb-log-');
    cleanups.push(t.cleanup);
    const dir = join(t.dir, 'logs');
    const file = openRotatingFile(dir, { maxBytes: 100, keep: 2 })!;
    for (let i = 0; i < 10; i++) file.write(`line ${i} ${'x'.repeat(40)}\n`); // 49 bytes each: two per file
    await file.close();
    expect(readdirSync(dir).sort()).toEqual(['hookbench.1.log', 'hookbench.2.log', 'hookbench.log']);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').match(/line \d/g);
    expect(read('hookbench.log')).toEqual(['line 8', 'line 9']);
    expect(read('hookbench.1.log')).toEqual(['line 6', 'line 7']);
    expect(read('hookbench.2.log')).toEqual(['line 4', 'line 5']);
  });

  it('appends to the file a previous run left, counting its size', async () => {
    const t = tempDir('hb-log-');
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, 'hookbench.log'), 'x'.repeat(90) + '\n');
    const file = openRotatingFile(t.dir, { maxBytes: 100 })!;
    file.write('after restart\n');
    await file.close();
    expect(readFileSync(join(t.dir, 'hookbench.log'), 'utf8')).toBe('after restart\n');
    expect(readFileSync(join(t.dir, 'hookbench.1.log'), 'utf8')).toHaveLength(91);
  });

  it('gives null (stderr only) when the folder cannot be created', () => {
    const t = tempDir('hb-log-');
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, 'file'), '');
    expect(openRotatingFile(join(t.dir, 'file', 'logs'))).toBeNull();
  });
});
