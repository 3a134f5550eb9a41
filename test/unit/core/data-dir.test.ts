import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, ensureDataDir } from '../../../electron/core/data-dir';

describe('data directory', () => {
  it('prefers HOOKBENCH_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDataDir({ HOOKBENCH_DATA_DIR: '/x/hb', XDG_DATA_HOME: '/xdg' })).toBe('/x/hb');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' })).toBe('/xdg/hookbench');
    expect(defaultDataDir({})).toBe(join(homedir(), '.local', 'share', 'hookbench'));
  });

  it('creates the directory 0700 and tightens a wider existing one', () => {
    const root = mkdtempSync(join(tmpdir(), 'hb-dd-'));
    const fresh = ensureDataDir(join(root, 'a', 'b'));
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const wide = join(root, 'wide');
    mkdirSync(wide, { mode: 0o755 });
    ensureDataDir(wide);
    expect(statSync(wide).mode & 0o777).toBe(0o700);
  });
});
