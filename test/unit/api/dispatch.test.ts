import { asOwner } from '../../support/owner';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { AppFailure } from '../../../shared/api/result';
import { createDispatcher, type Handlers } from '../../../electron/core/api/dispatch';
import { createCore } from '../../../electron/core/index';
import { ownerCaller, type Caller } from '../../../electron/core/accounts/caller';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const logs: string[] = [];
const log = { info() {}, warn() {}, error: (m: string) => void logs.push(m) };

function core() {
  return createCore({ dataDir: mkdtempSync(join(tmpdir(), 'hb-dispatch-')), log });
}

describe('dispatcher', () => {
  it('answers every contract method through core.api', () => {
    const c = core();
    for (const name of methodNames) expect(typeof c.api[name]).toBe('function');
  });

  it('refuses input the schema rejects with invalid_input and field errors', async () => {
    const result = await asOwner(core())('getStatus', { unexpected: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/getStatus.*unexpected/);
    expect(result.error.fieldErrors).toBeDefined();
  });

  it('answers an unknown method with not_found, not a throw', async () => {
    const result = await asOwner(core())('dropDatabase', {});
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'Unknown method "dropDatabase".' } });
  });

  it('turns AppFailure into its code and a stray exception into a generic internal error', async () => {
    // only getStatus is called, so the other handlers can be absent
    const failing = (err: Error) =>
      createDispatcher(
        {
          getStatus: () => {
            throw err;
          },
        } as unknown as Handlers,
        log,
      );
    const expected = await asOwner(failing(new AppFailure('conflict', 'already there')))('getStatus', undefined);
    expect(expected).toEqual({ ok: false, error: { code: 'conflict', message: 'already there' } });
    const stray = await asOwner(failing(new Error('secret internals')))('getStatus', undefined);
    expect(stray.ok).toBe(false);
    if (!stray.ok) {
      expect(stray.error.code).toBe('internal');
      expect(stray.error.message).not.toContain('secret internals');
    }
    expect(logs.some((l) => l.includes('getStatus'))).toBe(true);
  });

  it('reports status with version, data dir, listeners and uptime', async () => {
    const c = core();
    c.setListening('ui', 'http://127.0.0.1:1234/');
    const result = await c.api.getStatus(undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.value.dataDir).toBe(c.dataDir);
    expect(result.value.listening).toEqual([{ name: 'ui', url: 'http://127.0.0.1:1234/' }]);
    expect(result.value.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('dispatcher: roles and the audit log', () => {
  const handlers = {
    getStatus: () => ({ up: true }),
    replay: (input: { id: string }) => ({ deliveryId: `re_${input.id}` }),
    createApiKey: () => ({ id: 'k1', key: 'hbk_secret' }),
  } as unknown as Handlers;
  const caller = (role: 'viewer' | 'editor' | 'admin'): Caller => ({
    ...ownerCaller('rpc'),
    kind: 'user',
    role,
    userId: `usr_${role}`,
    label: `${role}@example.org`,
  });

  it('refuses a role below the method’s before reading the input, and records the refusal of a change', async () => {
    const seen: { name: string; outcome: string; input: unknown }[] = [];
    const d = createDispatcher(handlers, log, async ({ name, result, input }) => {
      seen.push({ name, outcome: result.ok ? 'ok' : result.error.code, input });
    });
    const refused = await d.call('replay', { nonsense: true }, caller('viewer'));
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'replay: Needs the Editor role; you are a Viewer. Ask an admin to change your role.',
      },
    });
    expect(seen).toEqual([{ name: 'replay', outcome: 'forbidden', input: undefined }]);
    expect(await d.call('replay', { id: 'dlv_1' }, caller('editor'))).toEqual({
      ok: true,
      value: { deliveryId: 're_dlv_1' },
    });
    expect(seen[1]).toMatchObject({ name: 'replay', outcome: 'ok', input: { id: 'dlv_1' } });
    expect((await d.call('createApiKey', { name: 'x' }, caller('editor'))).ok).toBe(false);
    expect((await d.call('createApiKey', { name: 'x' }, caller('admin'))).ok).toBe(true);
  });

  it('writes nothing to the audit log for reads, nor for input the schema refuses', async () => {
    const seen: string[] = [];
    const d = createDispatcher(handlers, log, async ({ name }) => void seen.push(name));
    expect((await d.call('getStatus', undefined, caller('viewer'))).ok).toBe(true);
    expect((await d.call('replay', { id: 42 }, caller('admin'))).ok).toBe(false);
    expect(seen).toEqual([]);
  });
});
