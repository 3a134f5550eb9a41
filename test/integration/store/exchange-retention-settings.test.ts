import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { silentLogger } from '../../../electron/core/log';
import { openStorage } from '../../../electron/core/store';
import type { StorageInfo } from '../../../shared/model/exchange';
import { makeCapture, makeDelivery } from '../../support/exchange-records';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { restApi } from '../../support/rest-api';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';

const KEY = 'ci-bootstrap-key-123456';
const DAY = 86_400_000;

describe('exchange log retention in a running Hookbench: REST, the CLI, restarts and the background pass', () => {
  const tmp = tempDir('hb-exchange-retention-');
  let hb: HeadlessProcess;

  const { api, audit } = restApi(() => hb.origin, KEY);
  const storedRows = async () => ((await api('GET', '/api/v1/storage')).body as unknown as StorageInfo).rows.exchanges;
  const start = async () => (hb = await startHeadless(tmp.dir, [], { HOOKBENCH_API_KEY: KEY }));

  beforeAll(async () => {
    // A log from before, saved with no limit at all (0 and 0): 30 rows 4000 days old, 10 from yesterday.
    const storage = await openStorage({
      dataDir: tmp.dir,
      clock: systemClock,
      log: silentLogger,
      retentionIntervalMs: 0,
    });
    const at = (daysAgo: number, k: number) => ({ timeMs: Date.now() - daysAgo * DAY + k });
    await Promise.all(
      Array.from({ length: 40 }, (_, k) => {
        const when = k < 30 ? at(4000, k) : at(1, k);
        return k % 4
          ? storage.exchanges.appendDelivery(makeDelivery(k, when))
          : storage.exchanges.appendCapture(makeCapture(k, when));
      }),
    );
    await storage.settings.preferences.update({ retention: { maxAgeDays: 0, maxRows: 0 } });
    await storage.close();
    await start();
  });
  afterAll(async () => {
    await hb?.stop();
    tmp.cleanup();
  });

  it('keeps everything at start when the days and rows are 0 (no limit, not "keep none")', async () => {
    expect(await api('GET', '/api/v1/exchanges/retention')).toEqual({
      status: 200,
      body: { maxAgeDays: 0, maxRows: 0 },
    });
    expect(await storedRows()).toBe(40);
    expect(((await api('GET', '/api/v1/storage')).body as unknown as StorageInfo).retention).toEqual({
      maxAgeDays: 0,
      maxRows: 0,
    });
  });

  it('sets them over REST and removes what falls outside at once; the change is audited, bad input is a 400 naming the field', async () => {
    expect(await api('PUT', '/api/v1/exchanges/retention', { maxAgeDays: 30, maxRows: 0 })).toEqual({
      status: 200,
      body: { maxAgeDays: 30, maxRows: 0 },
    });
    await expect.poll(storedRows, { timeout: 10_000 }).toBe(10);
    const [change] = await audit('setRetention');
    expect(change).toMatchObject({ door: 'rest', summary: { maxAgeDays: 30, maxRows: 0 }, outcome: 'ok' });
    const bad: [Record<string, unknown>, string][] = [
      [{ maxAgeDays: -1, maxRows: 0 }, 'maxAgeDays'],
      [{ maxAgeDays: 1.5, maxRows: 0 }, 'maxAgeDays'],
      [{ maxAgeDays: 36_501, maxRows: 0 }, 'maxAgeDays'],
      [{ maxAgeDays: '30', maxRows: 0 }, 'maxAgeDays'],
      [{ maxAgeDays: 30, maxRows: -5 }, 'maxRows'],
      [{ maxAgeDays: 30, maxRows: 1_000_000_001 }, 'maxRows'],
      [{ maxAgeDays: 30 }, 'maxRows'],
    ];
    for (const [body, field] of bad) {
      const r = await api('PUT', '/api/v1/exchanges/retention', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect((await api('GET', '/api/v1/exchanges/retention')).body).toEqual({ maxAgeDays: 30, maxRows: 0 });
  });

  it('shows and sets them with `hookbench settings`; a flag left out keeps its part, a bad value exits 2 naming the flag', async () => {
    const set = await runCli(['settings', 'set', '--retention-rows', '4', '--data-dir', tmp.dir]);
    expect(set).toMatchObject({
      status: 0,
      stdout: 'Deliveries and captures are now kept 30 days, at most 4 rows.\n',
    });
    await expect.poll(storedRows, { timeout: 10_000 }).toBe(4);
    const shown = await runCli(['settings', 'show', '--json', '--data-dir', tmp.dir]);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      retention: { maxAgeDays: 30, maxRows: 4 },
      auditRetention: { maxAgeDays: 90 },
    });
    const text = await runCli(['settings', 'show', '--data-dir', tmp.dir]);
    expect(text.stdout).toContain(
      'deliveries and captures: kept 30 days, at most 4 rows  (--retention-days, --retention-rows)',
    );
    for (const [flag, value, message] of [
      ['--retention-days', 'soon', '--retention-days must be an integer from 0 to 36500'],
      ['--retention-rows', '-1', '--retention-rows must be an integer from 0 to 1000000000'],
    ]) {
      const bad = await runCli(['settings', 'set', flag!, value!, '--data-dir', tmp.dir]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain(message);
    }
    const [change] = await audit('setRetention');
    expect(change).toMatchObject({ door: 'rpc', actor: { kind: 'owner' }, summary: { maxAgeDays: 30, maxRows: 4 } });
  });

  it('keeps the setting across a restart', async () => {
    await hb.stop();
    await start();
    expect((await api('GET', '/api/v1/exchanges/retention')).body).toEqual({ maxAgeDays: 30, maxRows: 4 });
    expect(await storedRows()).toBe(4);
  });
});
