import { asOwner } from '../../support/owner';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core';
import type { AppStatus } from '../../../shared/model/status';
import type { ExchangePage } from '../../../shared/model/exchange';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

let dir: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-logapi-'));
  core = createCore({ dataDir: dir, clock: { now: () => Date.UTC(2025, 0, 2) } });
});
afterEach(async () => {
  await core.stop();
  await rm(dir, { recursive: true, force: true });
});

it('answers unavailable before start, then serves the log methods', async () => {
  expect(await asOwner(core)('queryExchanges', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  await core.start();
  const exchanges = core.storage()!.exchanges;
  await Promise.all([exchanges.appendDelivery(makeDelivery(1)), exchanges.appendCapture(makeCapture(2))]);

  const page = (await asOwner(core)('queryExchanges', { limit: 1 })) as { ok: true; value: ExchangePage };
  expect(page.value.items.map((i) => i.id)).toEqual(['cap_2']);
  const next = (await asOwner(core)('queryExchanges', { limit: 1, cursor: page.value.nextCursor })) as {
    ok: true;
    value: ExchangePage;
  };
  expect(next.value).toMatchObject({ items: [{ id: 'dlv_1', kind: 'delivery' }], nextCursor: null });

  expect(await asOwner(core)('exchangeFacets', { kind: 'delivery' })).toMatchObject({ ok: true, value: { total: 1 } });
  expect(await asOwner(core)('getExchange', { id: 'dlv_1' })).toMatchObject({
    ok: true,
    value: { kind: 'delivery', attempts: [] },
  });
  expect(await asOwner(core)('getExchange', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  expect(await asOwner(core)('queryExchanges', { limit: 501 })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  expect(await asOwner(core)('queryExchanges', { cursor: 'bogus' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  expect(await asOwner(core)('queryExchanges', { statusClass: '7xx' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
  expect(await asOwner(core)('getStorageInfo', {})).toMatchObject({
    ok: true,
    value: { rows: { exchanges: 2, deliveries: 1, captures: 1 }, synchronous: 'NORMAL' },
  });
  expect(await asOwner(core)('purgeExchanges', { all: true })).toEqual({ ok: true, value: { removed: 2 } });
  expect(await asOwner(core)('purgeExchanges', { olderThan: 'yesterday' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });
});

it('reports a settings file moved aside in the status notices', async () => {
  await writeFile(join(dir, 'settings.json'), '{"version": 1, "subscr');
  await core.start();
  const status = (await asOwner(core)('getStatus', {})) as { ok: true; value: AppStatus };
  expect(status.value.notices).toHaveLength(1);
  expect(status.value.notices[0]).toContain(join(dir, 'settings.json.corrupt-2025-01-02T00-00-00-000Z'));
});
