import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { systemClock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import { openStorage } from '../../electron/core/store';
import { startDeliverySystem } from '../../electron/core/engine/delivery-system';
import type { DeliverySystem } from '../../electron/core/engine/delivery-system';
import { createSubscriptionInput } from '../../shared/api/methods/subscriptions';
import { emitInput } from '../../shared/api/methods/delivery';
import { autocannon, serveApiKey, startServe } from '../processes';
import { alternate, closedLoop, ownCpuMs, ROUND_MS, ROUNDS, withCpu, type LoopResult } from '../rounds';
import type { BenchLine, BenchScenario } from '../types';
import { loadNow, median, round } from '../stats';

export const IN_FLIGHT = 64;

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

export async function startEndpoints(healthy: number): Promise<{ urls: string[]; hung: string; child: ChildProcess }> {
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

export const EMIT = (subscriptionId: string) =>
  emitInput.parse({
    provider: 'standard-webhooks',
    event: 'user.created',
    payload: BODY,
    target: { kind: 'subscription', id: subscriptionId },
    wait: true,
  });

interface InProcess {
  system: DeliverySystem;
  subscriptions: string[];
  close(): Promise<void>;
}

/** A delivery system over a fresh store in this process, with one subscription per URL. */
async function openInProcess(urls: string[], hung?: string): Promise<InProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-delivery-'));
  const stores = await openStorage({ dataDir: dir, clock: systemClock, log: silentLogger, retentionIntervalMs: 0 });
  const system = startDeliverySystem({ storage: stores, clock: systemClock, log: silentLogger });
  const close = async () => {
    await system.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const subscriptions: string[] = [];
    for (const url of urls)
      subscriptions.push(
        (await system.subscriptions.create(createSubscriptionInput.parse({ name: url, url }))).subscription.id,
      );
    if (hung) {
      const { subscription } = await system.subscriptions.create(
        createSubscriptionInput.parse({ name: 'hung', url: hung, readTimeoutMs: 120_000 }),
      );
      // More than the endpoint's share of slots: the rest wait in the limiter, as they would in real use.
      for (let i = 0; i < 200; i++) await system.emitter.emit({ ...EMIT(subscription.id), wait: false });
    }
    return { system, subscriptions, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signed, logged deliveries per second from `inFlight` callers of emit (wait: true) in this process. */
function emitRound(p: InProcess, ms: number, limit = Infinity): Promise<LoopResult> {
  const { system, subscriptions } = p;
  return closedLoop(IN_FLIGHT, ms, (i) => system.emitter.emit(EMIT(subscriptions[i % subscriptions.length]!)), limit);
}

/** A fresh system per round, for the comparison with and without a hung endpoint (which holds slots for good). */
async function freshRound(urls: string[], cpu: number[], hung?: string): Promise<number> {
  const p = await openInProcess(urls, hung);
  try {
    await emitRound(p, Infinity, 256); // warm-up: connections, statements
    return await withCpu(ownCpuMs, cpu, () => emitRound(p, ROUND_MS));
  } finally {
    await p.close();
  }
}

export function rawSender(url: string): { round(ms: number): Promise<LoopResult>; close(): Promise<void> } {
  const pool = new Pool(new URL(url).origin, { connections: IN_FLIGHT });
  const one = async () => {
    const res = await request(url, {
      method: 'POST',
      body: BODY,
      headers: { 'content-type': 'application/json' },
      dispatcher: pool,
    });
    await res.body.text();
  };
  return { round: (ms) => closedLoop(IN_FLIGHT, ms, one), close: () => pool.close() };
}

export type RawSender = ReturnType<typeof rawSender>;

/**
 * One healthy endpoint in its own process and the raw sender on it, for a
 * scenario measured against raw undici requests: what `use` opens it adds to
 * `closers`, closed last first when it is done, then the sender and the endpoint.
 */
export async function onOneEndpoint<T>(
  use: (o: { url: string; raw: RawSender; closers: (() => Promise<void>)[] }) => Promise<T>,
): Promise<T> {
  const { urls, child } = await startEndpoints(1);
  const closers: (() => Promise<void>)[] = [async () => void child.kill()];
  try {
    const raw = rawSender(urls[0]!);
    closers.push(raw.close);
    return await use({ url: urls[0]!, raw, closers });
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

/** µs of CPU per delivery against the raw sender's, each the median of the rounds after its warm-up round (the first). */
export function cpuPerDeliveryLine(
  scenario: string,
  cpu: { ours: number[]; raw: number[] },
  target: number,
  loadavg: number[],
  note: string,
): BenchLine {
  const us = (xs: number[]) => median(xs.slice(1));
  return {
    scenario,
    unit: 'µs CPU per delivery',
    ours: round(us(cpu.ours), 0),
    baseline: round(us(cpu.raw), 0),
    ratio: round(us(cpu.ours) / us(cpu.raw)),
    target: `<= ${target}`,
    met: us(cpu.ours) <= target,
    rounds: { ours: cpu.ours.slice(1).map((x) => round(x, 0)), baseline: cpu.raw.slice(1).map((x) => round(x, 0)) },
    loadavg,
    note,
  };
}

/** Emits through the REST door of a real `hookbench serve`, driven by autocannon from its own process. */
async function restEmitter(
  url: string,
): Promise<{ round(): Promise<LoopResult>; cpuMs(): number; close(): Promise<void> }> {
  const hb = await startServe();
  try {
    const created = await hb.rest<{ subscription: { id: string } }>('POST', '/api/v1/subscriptions', {
      name: 'bench',
      url,
    });
    const body = JSON.stringify(EMIT(created.subscription.id));
    return {
      async round() {
        const r = await autocannon(`${hb.origin}/api/v1/emit`, {
          connections: IN_FLIGHT,
          seconds: Math.max(1, Math.round(ROUND_MS / 1000)),
          body,
          headers: { authorization: serveApiKey },
        });
        if (r.failed) throw new Error(`REST emit: ${r.failed} of ${r.ok + r.failed} calls failed`);
        return { perSecond: r.rps, count: r.ok };
      },
      cpuMs: () => hb.cpuMs(),
      close: () => hb.stop(),
    };
  } catch (err) {
    await hb.stop();
    throw err;
  }
}

const line = (
  scenario: string,
  ours: number[],
  baseline: number[],
  target: number | null,
  note: string,
  loadavg: number[],
): BenchLine => {
  const o = median(ours);
  const b = median(baseline);
  return {
    scenario,
    unit: 'deliveries/s',
    ours: round(o, 0),
    baseline: round(b, 0),
    ratio: round(o / b),
    ...(target !== null ? { target: `>= ${target}`, met: o / b >= target } : {}),
    rounds: { ours: ours.map((x) => round(x, 0)), baseline: baseline.map((x) => round(x, 0)) },
    loadavg,
    note,
  };
};

const HOW = `medians of ${ROUNDS} alternating ${ROUND_MS / 1000} s rounds after a warm-up round of each; 1 KiB JSON, ${IN_FLIGHT} in flight; endpoints in their own process`;
const OURS =
  'ours validates, signs (Standard Webhooks), sends via the engine, and commits the delivery row with its first attempt in one group commit before answering (the row waits for the answer up to 100 ms, then goes alone; WAL, synchronous=NORMAL)';

export const scenarios: BenchScenario[] = [
  {
    name: 'delivery throughput',
    run: () =>
      onOneEndpoint(async ({ url, raw, closers }) => {
        const inProcess = await openInProcess([url]);
        closers.push(inProcess.close);
        const rest = await restEmitter(url);
        closers.push(rest.close);
        const cpu = { raw: [] as number[], inProcess: [] as number[], rest: [] as number[] };
        const r = await alternate({
          raw: () => withCpu(ownCpuMs, cpu.raw, () => raw.round(ROUND_MS)),
          inProcess: () => withCpu(ownCpuMs, cpu.inProcess, () => emitRound(inProcess, ROUND_MS)),
          rest: () => withCpu(rest.cpuMs, cpu.rest, () => rest.round()),
        });
        const load = loadNow();
        const cpuLine = (scenario: string, ours: number[], target: number, note: string): BenchLine =>
          cpuPerDeliveryLine(
            scenario,
            { ours, raw: cpu.raw },
            target,
            load,
            `${note}; baseline = the bench process's CPU per raw undici request in the same rounds; CPU time counts every thread of the process (the log's checkpoint worker too) and hardly moves with the load others put on the machine`,
          );
        return [
          line(
            'signed, logged deliveries in-process vs raw undici.request (one endpoint)',
            r.inProcess,
            r.raw,
            0.4,
            `${HOW}; ${OURS}; baseline = undici.request on a warm 64-connection pool, nothing else`,
            load,
          ),
          line(
            'signed, logged deliveries through the REST emit vs raw undici.request',
            r.rest,
            r.raw,
            0.3,
            `${HOW}; POST /api/v1/emit (wait: true, API key) to the built hookbench serve, driven by autocannon -c ${IN_FLIGHT} in its own process`,
            load,
          ),
          line(
            'REST emit vs in-process emit',
            r.rest,
            r.inProcess,
            null,
            `${HOW}; what the HTTP door (node:http, the API-key check, JSON, zod) adds to a delivery; the in-process side runs our TypeScript through tsx, the REST side the built bundle`,
            load,
          ),
          cpuLine(
            'CPU per signed, logged delivery in-process vs per raw undici request',
            cpu.inProcess,
            80,
            "the bench process's CPU over each in-process round, per delivery (our TypeScript through tsx)",
          ),
          cpuLine(
            'CPU per delivery through the REST emit vs per raw undici request',
            cpu.rest,
            100,
            "the hookbench serve process's CPU over each REST round, per delivery (autocannon's own CPU not counted)",
          ),
        ];
      }),
  },
  {
    name: 'delivery with a hung endpoint',
    async run() {
      const { urls, hung, child } = await startEndpoints(4);
      try {
        const cpu = { alone: [] as number[], withHung: [] as number[] };
        const r = await alternate({
          alone: () => freshRound(urls, cpu.alone),
          withHung: () => freshRound(urls, cpu.withHung, hung),
        });
        const us = (xs: number[]) => round(median(xs.slice(1)), 0);
        return [
          line(
            'healthy endpoints while one endpoint hangs vs without it',
            r.withHung,
            r.alone,
            0.9,
            `${HOW}; 4 healthy endpoints; the hung endpoint holds 200 deliveries (64 in flight, the rest queued behind its limit); a fresh store per round; CPU per delivery ${us(cpu.withHung)} µs with the hung endpoint, ${us(cpu.alone)} µs without`,
            loadNow(),
          ),
        ];
      } finally {
        child.kill();
      }
    },
  },
];
