import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { DataDirError, defaultDataDir, ensureDataDir } from '../../../electron/core/data-dir';

describe('data directory', () => {
  it('prefers HOOKBENCH_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDataDir({ HOOKBENCH_DATA_DIR: '/x/hb', XDG_DATA_HOME: '/xdg' })).toBe('/x/hb');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' })).toBe('/xdg/hookbench');
    expect(defaultDataDir({})).toBe(join(homedir(), '.local', 'share', 'hookbench'));
  });

  it('creates missing directories 0700 and leaves an existing one as it is (a shared 1777 dir keeps its sticky bit)', () => {
    const root = mkdtempSync(join(tmpdir(), 'hb-dd-'));
    const fresh = ensureDataDir(join(root, 'a', 'b'));
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    ensureDataDir(shared);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });

  it('refuses a file, a path under a file, and a path that cannot be created, without spinning', () => {
    const root = mkdtempSync(join(tmpdir(), 'hb-dd-'));
    const file = join(root, 'f');
    writeFileSync(file, 'x');
    expect(() => ensureDataDir(file)).toThrow(DataDirError);
    expect(() => ensureDataDir(file)).toThrow(/is a file, not a directory/);
    expect(() => ensureDataDir(join(file, 'sub'))).toThrow(/cannot be created: .* is a file/);
    expect(() => ensureDataDir('/proc/hookbench-test')).toThrow(
      /cannot be created \(E[A-Z]+ at \/proc\/hookbench-test\)/,
    );
  });
});
