import { asOwner } from '../../support/owner';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { AppFailure } from '../../../shared/api/result';
import { createDispatcher, type Handlers } from '../../../electron/core/api/dispatch';
import { createCore } from '../../../electron/core/index';
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
