import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type OpenedStorage } from '../../../electron/core/store';
import type { SubscriptionRecord } from '../../../electron/core/store/settings/records';
import { silentLogger, type Logger } from '../../../electron/core/log';
import { SETTINGS_SCHEMA_VERSION } from '../../../shared/model/settings';

let dir: string;
let stores: OpenedStorage | null = null;
const clock = { now: () => Date.UTC(2025, 2, 3, 4, 5, 6) };
const settingsPath = () => join(dir, 'settings.json');
const open = async (log: Logger = silentLogger) =>
  (stores = await openStorage({ dataDir: dir, clock, log, retentionIntervalMs: 0 }));
const onDisk = async () => JSON.parse(await readFile(settingsPath(), 'utf8'));
const mode = async (p: string) => (await stat(p)).mode & 0o777;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-settings-'));
});
afterEach(async () => {
  await stores?.close();
  stores = null;
  await rm(dir, { recursive: true, force: true });
});

describe('settings file', () => {
  it('starts with defaults in a 0600 file and keeps secrets encrypted at rest', async () => {
    const s = await open();
    expect(s.notices).toEqual([]);
    expect(await mode(settingsPath())).toBe(0o600);
    expect(await mode(join(dir, 'secret.key'))).toBe(0o600);
    // A bare record is enough to show what reaches the file.
    const bare = { id: 'sub_1', url: 'https://x.test', secret: 'whsec_plain_value' } as unknown as SubscriptionRecord;
    await s.settings.subscriptions.upsert(bare);
    expect(await mode(settingsPath())).toBe(0o600);
    const raw = await readFile(settingsPath(), 'utf8');
    expect(raw).not.toContain('whsec_plain_value');
    expect((await onDisk()).subscriptions[0].secret).toMatch(/^hb1:aesgcm:/);
    expect(s.settings.subscriptions.get('sub_1')?.secret).toBe('whsec_plain_value');
    expect(JSON.stringify(s.settings.subscriptions.listRedacted())).not.toContain('whsec_plain_value');
    await s.close();
    const again = await open();
    expect(again.settings.subscriptions.list()).toEqual([
      { id: 'sub_1', url: 'https://x.test', secret: 'whsec_plain_value' },
    ]);
    expect(await again.settings.subscriptions.remove('sub_1')).toBe(true);
    expect(again.settings.subscriptions.list()).toEqual([]);
  });

  it('writes preferences and uses them for the exchange store', async () => {
    const s = await open();
    await s.settings.preferences.update({ retention: { maxAgeDays: 7, maxRows: 500 } });
    await s.close();
    const again = await open();
    expect((await again.exchanges.info()).retention).toEqual({ maxAgeDays: 7, maxRows: 500 });
  });

  it.each([
    ['truncated JSON', '{"version": 1, "subscriptions": [{"id": "a"'],
    ['an empty, half-written file', ''],
    ['wrong types', JSON.stringify({ version: 1, subscriptions: 'nope', preferences: { theme: 42 } })],
    ['a record without an id', JSON.stringify({ version: 1, inboxes: [{ name: 'x' }] })],
    ['a schema from a newer build', JSON.stringify({ version: 99 })],
  ])('moves %s aside, starts with defaults and says where the backup is', async (_label, content) => {
    await writeFile(settingsPath(), content);
    const warnings: string[] = [];
    const s = await open({ ...silentLogger, warn: (m) => void warnings.push(m) });
    const backup = join(dir, 'settings.json.corrupt-2025-03-03T04-05-06-000Z');
    expect(await readFile(backup, 'utf8')).toBe(content);
    expect(s.notices).toHaveLength(1);
    expect(s.notices[0]).toContain(backup);
    expect(warnings).toEqual(s.notices);
    expect(await onDisk()).toMatchObject({ version: SETTINGS_SCHEMA_VERSION, subscriptions: [], inboxes: [] });
    expect((await readdir(dir)).filter((f) => f.startsWith('settings.json.corrupt-'))).toHaveLength(1);
  });

  it('migrates a v1 document: trafficDurability becomes durability', async () => {
    await writeFile(
      settingsPath(),
      JSON.stringify({ version: 1, preferences: { theme: 'light', trafficDurability: 'full' } }),
    );
    const s = await open();
    expect(s.notices).toEqual([`Settings were upgraded from schema version 1 to ${SETTINGS_SCHEMA_VERSION}.`]);
    expect(s.settings.preferences.get()).toMatchObject({ theme: 'light', durability: 'full' });
    expect((await onDisk()).preferences.trafficDurability).toBeUndefined();
  });

  it('migrates a v0 document, sealing its plaintext secrets', async () => {
    await writeFile(
      settingsPath(),
      JSON.stringify({
        subscriptions: [{ id: 'sub_1', url: 'https://x.test', secret: 'whsec_old' }],
        inboxes: [{ id: 'in_1', path: '/in/1' }],
        keys: [{ id: 'key_1', alg: 'RS256', privateKey: '-----BEGIN PRIVATE KEY-----abc' }],
        theme: 'dark',
      }),
      { mode: 0o644 },
    );
    const s = await open();
    expect(s.notices).toEqual([`Settings were upgraded from schema version 0 to ${SETTINGS_SCHEMA_VERSION}.`]);
    const disk = await onDisk();
    expect(disk.version).toBe(SETTINGS_SCHEMA_VERSION);
    expect(disk.keys).toBeUndefined();
    expect(disk.theme).toBeUndefined();
    expect(disk.preferences.theme).toBe('dark');
    expect(disk.preferences.retention).toEqual({ maxAgeDays: 90, maxRows: 1_000_000 });
    expect(JSON.stringify(disk)).not.toMatch(/whsec_old|BEGIN PRIVATE KEY/);
    expect(await mode(settingsPath())).toBe(0o600);
    expect(s.settings.signingKeys.get('key_1')?.privateKey).toBe('-----BEGIN PRIVATE KEY-----abc');
    expect(s.settings.subscriptions.get('sub_1')?.secret).toBe('whsec_old');
    expect(s.settings.inboxes.list()).toEqual([{ id: 'in_1', path: '/in/1' }]);
  });

  it('tightens a settings file found with a wider mode', async () => {
    await open();
    await stores!.close();
    stores = null;
    const { chmod } = await import('node:fs/promises');
    await chmod(settingsPath(), 0o644);
    await open();
    expect(await mode(settingsPath())).toBe(0o600);
  });
});
