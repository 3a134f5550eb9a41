import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/delivery-harness';
import { repoRoot } from '../../support/headless-process';
import { tempDir } from '../../support/temp';
import { startWebhookServer, waitUntil, type WebhookServer } from '../../support/webhook-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** First request of each message answers 503, later ones 200: every delivery needs one scheduled retry. */
async function failOnceServer(): Promise<{ server: WebhookServer; successes: Map<string, number> }> {
  const seen = new Set<string>();
  const successes = new Map<string, number>();
  const server = await startWebhookServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    if (!seen.has(id)) {
      seen.add(id);
      res.writeHead(503).end();
      return;
    }
    successes.set(id, (successes.get(id) ?? 0) + 1);
    res.end('ok');
  });
  cleanups.push(() => server.close());
  return { server, successes };
}

// long enough that all ten are seen waiting for their retry even on a loaded machine
const retry = { mode: 'custom' as const, delaysMs: [3000], maxAttempts: 3, jitter: 0 };

describe('pending deliveries survive a restart', () => {
  it('core stopped with retries scheduled: all complete after start, none twice', async () => {
    const { dir, cleanup } = tempDir('hb-restart-');
    cleanups.push(cleanup);
    const { server, successes } = await failOnceServer();
    let h: Harness = await openHarness({ dir });
    const { subscription } = await h.create({ name: 'r', url: server.url, retry });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await h.emit({
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: `{"n":${i}}`,
        target: { kind: 'subscription', id: subscription.id },
      });
      ids.push(r.deliveries[0]!.deliveryId);
    }
    await waitUntil(
      async () => (await Promise.all(ids.map((id) => h.delivery(id)))).every((d) => d.delivery.outcome === 'retrying'),
      'all first attempts to fail',
    );
    await h.stop();
    expect(successes.size).toBe(0);
    h = await openHarness({ dir });
    cleanups.push(() => h.stop());
    for (const id of ids) expect((await h.settled(id)).delivery).toMatchObject({ outcome: 'succeeded', attempts: 2 });
    expect([...successes.values()]).toEqual(ids.map(() => 1));
  });

  it('process SIGKILLed: every acknowledged delivery completes after restart, none twice beyond the one in flight', async () => {
    const { dir, cleanup } = tempDir('hb-kill-');
    cleanups.push(cleanup);
    const { server, successes } = await failOnceServer();
    const setup = await openHarness({ dir });
    const { subscription } = await setup.create({ name: 'k', url: server.url, retry });
    await setup.stop();

    const count = 20;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test', 'support', 'engine-child.ts'), dir, subscription.id, String(count)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    await waitUntil(
      () => out.includes('all queued') || child.exitCode !== null,
      'the child to queue its deliveries',
      30_000,
    );
    // Kill while retries are scheduled and some requests may be in flight.
    await waitUntil(() => server.received.length >= count, 'first attempts to arrive');
    const answeredBeforeKill = new Set(successes.keys());
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const acknowledged = [...out.matchAll(/queued (\S+)/g)].map((m) => m[1]!);
    expect(acknowledged.length).toBe(count);

    const h = await openHarness({ dir });
    cleanups.push(() => h.stop());
    for (const id of acknowledged) expect((await h.settled(id)).delivery.outcome).toBe('succeeded');
    for (const [id, n] of successes) {
      // A 200 the killed process never recorded is the only allowed repeat.
      expect(n, `message ${id}`).toBeLessThanOrEqual(answeredBeforeKill.has(id) ? 2 : 1);
    }
    expect(successes.size).toBe(count);
  });
});
