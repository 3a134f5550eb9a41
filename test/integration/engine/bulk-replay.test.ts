import { afterEach, describe, expect, it } from 'vitest';
import { samplePayload } from '../../../shared/catalog';
import type { MethodInput } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';
import { isFinished, type BulkReplayJob } from '../../../shared/model/bulk-replay';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { startWebhookServer, waitUntil, type Reply, type WebhookServer } from '../../support/webhook-server';

const KEY = 'bulk-replay-test-key-0123456789';
let hb: RunningCore | undefined;
let server: WebhookServer | undefined;
afterEach(async () => {
  await hb?.close();
  await server?.close();
  hb = server = undefined;
});

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A core with one subscription to a local endpoint; `status(i)` answers the i-th request. */
async function setup(status: (i: number) => number = () => 200, reply?: Reply) {
  server = await startWebhookServer(reply ?? ((_q, res, i) => res.writeHead(status(i)).end('done')));
  hb = await startCoreServer({ receiverPort: 0, bootstrapApiKey: KEY });
  const progress: BulkReplayJob[] = [];
  hb.core.events.subscribe((m) => m.name === 'bulkReplay.progress' && progress.push(m.payload as BulkReplayJob));
  // One attempt only: retries of failed replays would reach the endpoint later and blur the counts.
  const sub = value(
    await hb.core.api.createSubscription({
      name: 'bench',
      url: server.url,
      retry: { mode: 'custom', delaysMs: [], maxAttempts: 1, jitter: 0 },
    }),
  );
  return { core: hb.core, sub: sub.subscription, secret: sub.issued.secret!, progress };
}

async function seed(core: RunningCore['core'], subId: string, n: number, event = 'user.created') {
  const payload = samplePayload('standard-webhooks', event).body;
  for (let i = 0; i < n; i++)
    value(
      await core.api.emit({
        provider: 'standard-webhooks',
        event,
        payload,
        target: { kind: 'subscription', id: subId },
        wait: true,
      }),
    );
}

async function run(core: RunningCore['core'], input: MethodInput<'bulkReplay'>): Promise<BulkReplayJob> {
  const started = value(await core.api.bulkReplay(input));
  expect(started.job).not.toBeNull();
  await waitUntil(
    async () => isFinished(value(await core.api.getBulkReplay(undefined))!.state),
    'the bulk replay to end',
  );
  const job = value(await core.api.getBulkReplay(undefined))!;
  expect(job.id).toBe(started.job!.id);
  return job;
}

const deliveryCount = async (core: RunningCore['core']) => (await core.storage()!.exchanges.info()).rows.deliveries;

describe('bulk replay', () => {
  it('dry run counts deliveries and captures matching the filter, and replays nothing', async () => {
    const { core, sub } = await setup((i) => (i % 3 === 0 ? 500 : 200));
    await seed(core, sub.id, 9);
    await seed(core, sub.id, 2, 'order.created');
    const inbox = value(await core.api.createInbox({ name: 'in' }));
    expect((await fetch(inbox.url!, { method: 'POST', body: '{"type":"user.created"}' })).status).toBeLessThan(300);
    await waitUntil(async () => (await core.storage()!.exchanges.info()).rows.captures === 1, 'the capture');

    const count = async (input: MethodInput<'bulkReplay'>) =>
      value(await core.api.bulkReplay({ ...input, dryRun: true }));
    expect(await count({})).toEqual({ count: 12, job: null });
    expect((await count({ outcome: 'failed' })).count).toBe(4);
    expect((await count({ kind: 'delivery', eventType: 'order.created' })).count).toBe(2);
    expect((await count({ kind: 'capture' })).count).toBe(1);
    expect(server!.received).toHaveLength(11);
    expect(value(await core.api.getBulkReplay(undefined))).toBeNull();
  });

  it('replays a snapshot: every matching row once, re-signed, never the replays it creates; progress events until completed', async () => {
    const { core, sub, secret, progress } = await setup();
    // More than one keyset page (100), so the walk crosses pages while its own replays land on top.
    await seed(core, sub.id, 120);
    // At "max" the walk runs as far ahead as its slots allow: the snapshot must still hold.
    const job = await run(core, { ratePerSecond: 'max' });
    expect(job).toMatchObject({
      state: 'completed',
      ratePerSecond: 'max',
      total: 120,
      done: 120,
      succeeded: 120,
      failed: 0,
      errors: [],
    });
    expect(server!.received).toHaveLength(240);
    expect(await deliveryCount(core)).toBe(240);
    // Same messages (ids kept for idempotency checks), each re-signed so a receiver accepts it now.
    const firstIds = new Set(server!.received.slice(0, 120).map((r) => r.headers['webhook-id']));
    for (const r of server!.received.slice(120)) {
      expect(firstIds.has(r.headers['webhook-id'] as string)).toBe(true);
      const verdict = value(
        await core.api.verify({
          provider: 'standard-webhooks',
          secrets: [secret],
          headers: r.headers as Record<string, string>,
          body: r.body.toString(),
        }),
      );
      expect(verdict.valid, verdict.verdict).toBe(true);
    }
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progress[0]).toMatchObject({ state: 'running', done: 0, total: 120 });
    expect(progress.at(-1)).toMatchObject({ id: job.id, state: 'completed', done: 120, succeeded: 120 });
    // The next job sees the replays as ordinary rows.
    expect(value(await core.api.bulkReplay({ dryRun: true })).count).toBe(240);
  });

  it('keeps to the rate within tolerance', async () => {
    const { core, sub } = await setup();
    await seed(core, sub.id, 9);
    const seeded = server!.received.length;
    const job = await run(core, { ratePerSecond: 20 });
    expect(job.done).toBe(9);
    const at = server!.received.slice(seeded).map((r) => r.at);
    const span = at.at(-1)! - at[0]!;
    // 9 starts at 20/s are 8 intervals of 50 ms apart: 400 ms, less the first request's extra latency at most.
    expect(span).toBeGreaterThanOrEqual(320);
    // Far from 20/s would be over 2 s (5/s); the slack is for a machine busy with other work.
    expect(span).toBeLessThan(2000);
    // Never ahead of the pace: request i arrives no sooner than i intervals after the first, less the first
    // one's extra latency (a stall on a busy machine may bunch late starts, never make one early).
    for (let i = 1; i < at.length; i++)
      expect(at[i]! - at[0]!, `request ${i} after the first`).toBeGreaterThanOrEqual(i * 50 - 80);
  });

  it('counts failed first attempts and rows that cannot be replayed, with the reasons', async () => {
    const { core, sub } = await setup((i) => (i < 3 ? 200 : 503));
    await seed(core, sub.id, 3);
    const inbox = value(await core.api.createInbox({ name: 'in' }));
    await fetch(inbox.url!, { method: 'POST', body: '{}' });
    await waitUntil(async () => (await core.storage()!.exchanges.info()).rows.captures === 1, 'the capture');
    const job = await run(core, { ratePerSecond: 1000 });
    expect(job).toMatchObject({ state: 'completed', total: 4, done: 4, succeeded: 0, failed: 4 });
    expect(job.errors.map((e) => e.message).sort()).toEqual(
      [...Array(3).fill('answered 503'), expect.stringMatching(/capture has no original target/)].sort(),
    );
    // With a target, captures replay too.
    const retarget = await run(core, { kind: 'capture', target: { kind: 'subscription', id: sub.id } });
    expect(retarget).toMatchObject({ total: 1, failed: 1, errors: [{ message: 'answered 503' }] });
  });

  it('cancel stops starting replays; what already ran is counted', async () => {
    const { core, sub, progress } = await setup();
    await seed(core, sub.id, 30);
    const seeded = server!.received.length;
    value(await core.api.bulkReplay({ ratePerSecond: 10 }));
    await waitUntil(() => server!.received.length >= seeded + 2, 'two replays');
    const cancelled = value(await core.api.cancelBulkReplay(undefined));
    expect(cancelled.cancelled).toBe(true);
    expect(['cancelling', 'cancelled']).toContain(cancelled.job!.state);
    await waitUntil(() => progress.at(-1)?.state === 'cancelled', 'the cancelled state');
    const job = value(await core.api.getBulkReplay(undefined))!;
    expect(job.done).toBeLessThan(10);
    expect(job.finishedAt).not.toBeNull();
    // The walk has ended: every replay it started reached the endpoint and nothing more will.
    expect(server!.received.length - seeded).toBe(job.done);
    expect(await deliveryCount(core)).toBe(30 + job.done);
    expect(value(await core.api.cancelBulkReplay(undefined)).cancelled).toBe(false);
  });

  it('at "max", at most 256 replays run at once and cancel still ends the job after them', async () => {
    let slow = false;
    const { core, sub, progress } = await setup(undefined, (_q, res) => {
      if (slow) setTimeout(() => res.writeHead(200).end('done'), 100);
      else res.writeHead(200).end('done');
    });
    await seed(core, sub.id, 300);
    const seeded = server!.received.length;
    slow = true;
    value(await core.api.bulkReplay({ ratePerSecond: 'max' }));
    await waitUntil(() => server!.received.length > seeded, 'the first replay');
    expect(value(await core.api.cancelBulkReplay(undefined)).cancelled).toBe(true);
    await waitUntil(() => progress.at(-1)?.state === 'cancelled', 'the cancelled state');
    const job = value(await core.api.getBulkReplay(undefined))!;
    expect(job.done).toBeGreaterThan(0);
    expect(job.done).toBeLessThanOrEqual(256);
    expect(job.succeeded).toBe(job.done);
    expect(server!.received.length - seeded).toBe(job.done);
  });

  it('one job at a time: a second is a conflict (409 over REST); the REST routes read and cancel it', async () => {
    const { core, sub } = await setup();
    await seed(core, sub.id, 5);
    const rest = (method: string, body?: unknown) =>
      fetch(`${hb!.base}/api/v1/replays${method === 'POST' ? '' : '/current'}`, {
        method,
        headers: { Authorization: KEY, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const dry = await rest('POST', { outcome: 'succeeded', dryRun: true });
    expect(await dry.json()).toEqual({ count: 5, job: null });
    const started = await rest('POST', { ratePerSecond: 1 });
    expect(started.status).toBe(200);
    const second = await core.api.bulkReplay({});
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const viaRest = await rest('POST', {});
    expect(viaRest.status).toBe(409);
    expect(((await viaRest.json()) as { error: { message: string } }).error.message).toMatch(/already running/);
    const doc = (await (await fetch(`${hb!.base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/replays']!.post!.responses)).toContain('409');
    const fieldError = async (ratePerSecond: unknown) => {
      const bad = await rest('POST', { ratePerSecond });
      expect(bad.status).toBe(400);
      return ((await bad.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors
        .ratePerSecond;
    };
    expect(await fieldError(100_001)).toEqual([expect.stringMatching(/At most 100000 per second; "max"/)]);
    expect(await fieldError(0)).toEqual([expect.stringMatching(/At least 1/)]);
    expect(await fieldError('fast')).toEqual([expect.stringMatching(/from 1 to 100000, or "max"/)]);
    expect(await fieldError(2.5)).toEqual([expect.stringMatching(/whole number .* or "max"/)]);
    expect(await (await rest('GET')).json()).toMatchObject({ state: 'running', total: 5 });
    const cancelled = await (await rest('DELETE')).json();
    expect(cancelled).toMatchObject({ cancelled: true });
  });

  it('core.stop() ends a running job promptly and leaves it stopped', async () => {
    const { core, sub, progress } = await setup();
    await seed(core, sub.id, 20);
    value(await core.api.bulkReplay({ ratePerSecond: 2 }));
    await waitUntil(() => progress.some((p) => p.done >= 1), 'the first replay');
    const t0 = Date.now();
    await core.stop();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(progress.at(-1)).toMatchObject({ state: 'stopped' });
    expect(progress.at(-1)!.done).toBeLessThan(20);
  });
});
