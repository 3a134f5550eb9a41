import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAuditHistory } from '../../support/audit-history';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { restApi } from '../../support/rest-api';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';

const KEY = 'ci-bootstrap-key-123456';
const OLD = 1500;

describe('audit retention in a running Hookbench: REST, the CLI and the background pass', () => {
  const tmp = tempDir('hb-audit-retention-');
  let hb: HeadlessProcess;

  const { api, audit } = restApi(() => hb.origin, KEY);

  beforeAll(async () => {
    // a history from before: entries 100 days old, and some from yesterday
    await seedAuditHistory(tmp.dir, [
      { daysAgo: 100, count: OLD },
      { daysAgo: 1, count: 5 },
    ]);
    hb = await startHeadless(tmp.dir, [], { HOOKBENCH_API_KEY: KEY });
  });
  afterAll(async () => {
    await hb?.stop();
    tmp.cleanup();
  });

  it('removes what is older than the default 90 days at start, and records the removal once', async () => {
    await expect.poll(() => audit('removeOldAuditEntries'), { timeout: 10_000 }).toHaveLength(1);
    const [removal] = await audit('removeOldAuditEntries');
    expect(removal).toMatchObject({
      actor: { kind: 'system', label: 'Hookbench' },
      door: 'system',
      summary: { maxAgeDays: 90, removed: OLD },
      outcome: 'ok',
    });
    expect(await audit('emit')).toHaveLength(5);
  });

  it('reads and sets the days over REST; a change is audited, bad input is a 400 naming the field', async () => {
    expect(await api('GET', '/api/v1/audit/retention')).toEqual({ status: 200, body: { maxAgeDays: 90 } });
    expect(await api('PUT', '/api/v1/audit/retention', { maxAgeDays: 30 })).toEqual({
      status: 200,
      body: { maxAgeDays: 30 },
    });
    const [change] = await audit('setAuditRetention');
    expect(change).toMatchObject({ door: 'rest', summary: { maxAgeDays: 30 }, outcome: 'ok' });
    for (const bad of [-1, 1.5, 36_501, '30']) {
      const r = await api('PUT', '/api/v1/audit/retention', { maxAgeDays: bad });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('maxAgeDays');
    }
    expect((await api('GET', '/api/v1/audit/retention')).body).toEqual({ maxAgeDays: 30 });
  });

  it('shows and sets them with `hookbench settings`; a bad value exits 2 naming the flag', async () => {
    const set = await runCli(['settings', 'set', '--audit-retention-days', '0', '--data-dir', tmp.dir]);
    expect(set).toMatchObject({ status: 0, stdout: 'Audit entries are now kept for ever (0).\n' });
    const shown = await runCli(['settings', 'show', '--json', '--data-dir', tmp.dir]);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ auditRetention: { maxAgeDays: 0 } });
    const bad = await runCli(['settings', 'set', '--audit-retention-days', 'soon', '--data-dir', tmp.dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--audit-retention-days must be an integer from 0 to 36500');
    const none = await runCli(['settings', 'set', '--data-dir', tmp.dir]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--audit-retention-days');
    const [change] = await audit('setAuditRetention');
    // the CLI reaches the running instance through /rpc with its token, as the local owner
    expect(change).toMatchObject({ door: 'rpc', actor: { kind: 'owner' }, summary: { maxAgeDays: 0 } });
  });
});
