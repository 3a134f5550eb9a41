import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { systemClock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import { openStorage } from '../../electron/core/store';
import { startDeliverySystem } from '../../electron/core/engine/delivery-system';
import { createSubscriptionInput } from '../../shared/api/methods/subscriptions';
import { emitInput } from '../../shared/api/methods/delivery';
import type { BenchLine, BenchScenario } from '../types';
import { median, round } from '../stats';

/** Endpoints run in their own process so the server's work does not share our event loop. */
const ENDPOINTS = `
const http = require('node:http');
const ports = [];
const n = Number(process.argv[1]);
let ready = 0;
for (let i = 0; i <= n; i++) {
  const hang = i === n;
  const s = http.createServer((q, r) => { q.resume(); q.on('end', () => { if (!hang) r.end('ok'); }); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => { ports[i] = s.address().port; if (++ready === n + 1) console.log(JSON.stringify(ports)); });
}`;

async function startEndpoints(healthy: number): Promise<{ urls: string[]; hung: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', ENDPOINTS, String(healthy)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.stdout!.once('data', (c: Buffer) => resolve(JSON.parse(c.toString()) as number[]));
    child.once('exit', (code) => reject(new Error(`endpoints exited ${code}`)));
  });
  const urls = ports.map((p) => `http://127.0.0.1:${p}/hook`);
  return { urls: urls.slice(0, healthy), hung: urls[healthy]!, child };
}

/** About 1 KiB of compact JSON in the Standard Webhooks envelope. */
const BODY = (() => {
  const base = {
    type: 'user.created',
    timestamp: '2024-05-01T12:00:00.000Z',
    data: { id: 'usr_1', email: 'ada@example.com', pad: '' },
  };
  base.data.pad = 'x'.repeat(1024 - JSON.stringify(base).length);
  return JSON.stringify(base);
})();

async function loops(inFlight: number, total: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await one(next++);
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

async function engineRun(urls: string[], total: number, hung?: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-delivery-'));
  const stores = await openStorage({ dataDir: dir, clock: systemClock, log: silentLogger, retentionIntervalMs: 0 });
  const system = startDeliverySystem({ storage: stores, clock: systemClock, log: silentLogger });
  try {
    const subs: string[] = [];
    for (const url of urls)
      subs.push((await system.subscriptions.create(createSubscriptionInput.parse({ name: url, url }))).subscription.id);
    if (hung) {
      const { subscription } = await system.subscriptions.create(
        createSubscriptionInput.parse({ name: 'hung', url: hung, readTimeoutMs: 120_000 }),
      );
      // More than the endpoint's share of slots: the rest wait in the limiter, as they would in real use.
      for (let i = 0; i < 200; i++)
        await system.emitter.emit(
          emitInput.parse({
            provider: 'standard-webhooks',
            event: 'user.created',
            payload: BODY,
            target: { kind: 'subscription', id: subscription.id },
          }),
        );
    }
    const emit = (i: number) =>
      system.emitter.emit(
        emitInput.parse({
          provider: 'standard-webhooks',
          event: 'user.created',
          payload: BODY,
          target: { kind: 'subscription', id: subs[i % subs.length]! },
          wait: true,
        }),
      );
    await loops(64, 256, emit); // warm-up: connections, statements, JIT
    return await loops(64, total, emit);
  } finally {
    await system.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rawRun(url: string, total: number): Promise<number> {
  const pool = new Pool(new URL(url).origin, { connections: 64 });
  const one = async () => {
    const res = await request(url, {
      method: 'POST',
      body: BODY,
      headers: { 'content-type': 'application/json' },
      dispatcher: pool,
    });
    await res.body.text();
  };
  try {
    await loops(64, 256, one);
    return await loops(64, total, one);
  } finally {
    await pool.close();
  }
}

const line = (scenario: string, ours: number, baseline: number, target: number, note: string): BenchLine => {
  const ratio = ours / baseline;
  return {
    scenario,
    unit: 'deliveries/s',
    ours: round(ours, 0),
    baseline: round(baseline, 0),
    ratio: round(ratio),
    target: `>= ${target}`,
    met: ratio >= target,
    note,
  };
};

export const scenarios: BenchScenario[] = [
  {
    name: 'delivery throughput',
    async run() {
      const { urls, hung: hungUrl, child } = await startEndpoints(4);
      try {
        // One discarded pass of each first: undici's request path reaches its steady speed only
        // after a few thousand requests (measured: 3k/s cold, 10k/s+ warm), and a cold baseline would flatter us.
        await rawRun(urls[0]!, 4000);
        await engineRun([urls[0]!], 2000);
        // Rounds alternate ours and baseline so background load hits both alike; medians are compared.
        const total = 3000;
        const rounds = 5;
        const raw: number[] = [];
        const ours: number[] = [];
        const alone: number[] = [];
        const withHung: number[] = [];
        for (let r = 0; r < rounds; r++) {
          raw.push(await rawRun(urls[0]!, total));
          ours.push(await engineRun([urls[0]!], total));
          alone.push(await engineRun(urls, total));
          withHung.push(await engineRun(urls, total, hungUrl));
        }
        return [
          line(
            'signed, logged deliveries vs raw undici.request (1 KiB JSON, 64 in flight, one endpoint)',
            median(ours),
            median(raw),
            0.7,
            `median of ${rounds} alternating rounds after a discarded warm-up pass of each; ours validates, signs (Standard Webhooks), commits the delivery row before sending and the attempt after (WAL, synchronous=NORMAL, group commit), sends via the engine`,
          ),
          line(
            'healthy endpoints while one endpoint hangs vs without it',
            median(withHung),
            median(alone),
            0.9,
            `median of ${rounds} rounds; 4 healthy endpoints, 64 in flight; the hung endpoint holds 200 deliveries (64 in flight, the rest queued behind its limit)`,
          ),
        ];
      } finally {
        child.kill();
      }
    },
  },
];
