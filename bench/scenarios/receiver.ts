import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createCore, type Core } from '../../electron/core/index';
import { percentile, round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';
import { tempDir } from '../../test/support/temp';

const CONNECTIONS = 64;
/** Bounds on every load phase: whichever comes first. */
const MAX_REQUESTS = Number(process.env.BENCH_RECEIVER_REQUESTS ?? 20_000);
const MAX_MS = Number(process.env.BENCH_RECEIVER_MS ?? 5_000);
const RATE = 1_000;
const RATE_MS = Number(process.env.BENCH_RECEIVER_RATE_MS ?? 3_000);

/** About 1 KiB of JSON, like a provider's event. */
const BODY = JSON.stringify({
  id: 'evt_bench',
  type: 'invoice.paid',
  created: 1735689600,
  data: {
    object: {
      id: 'in_1',
      customer: 'cus_1',
      amount_paid: 4200,
      currency: 'usd',
      lines: Array.from({ length: 8 }, (_, i) => ({
        id: `il_${i}`,
        amount: 500 + i,
        description: `Line item number ${i} for the bench`,
      })),
    },
  },
}).padEnd(1024, ' ');

/** The floor: node:http reading the whole body and answering 200, nothing stored. */
function startBare(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function post(url: string, agent: Agent): Promise<number> {
  const res = await request(url, {
    method: 'POST',
    body: BODY,
    headers: { 'content-type': 'application/json' },
    dispatcher: agent,
  });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
  return res.statusCode;
}

/** Closed loop: CONNECTIONS requests always in flight until the count or time bound; returns requests per second. */
async function throughput(url: string): Promise<number> {
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });
  for (let i = 0; i < 500; i++) await post(url, agent); // warm-up: JIT, connections, statement cache
  let sent = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < MAX_REQUESTS && performance.now() - started < MAX_MS) {
      sent++;
      await post(url, agent);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = performance.now() - started;
  await agent.close();
  return (sent * 1000) / elapsed;
}

/** Open loop at a fixed rate: a request is started whenever one is due, whatever the others are doing. */
async function latencyAtRate(url: string): Promise<number[]> {
  const agent = new Agent({ connections: CONNECTIONS });
  for (let i = 0; i < 200; i++) await post(url, agent);
  const total = Math.floor((RATE * RATE_MS) / 1000);
  const samples: number[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
    for (; issued < due; issued++) {
      const t0 = performance.now();
      inFlight.push(post(url, agent).then(() => void samples.push(performance.now() - t0)));
    }
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(inFlight);
  await agent.close();
  return samples;
}

async function withReceiver<T>(work: (url: string, core: Core) => Promise<T>): Promise<T> {
  const tmp = tempDir('hb-bench-recv-');
  const core = createCore({ dataDir: join(tmp.dir, 'data'), receiverPort: 0, mode: 'cli' });
  await core.start();
  try {
    const inbox = await core.api.createInbox({ name: 'bench' });
    if (!inbox.ok) throw new Error(inbox.error.message);
    return await work(inbox.value.url!, core);
  } finally {
    await core.stop();
    tmp.cleanup();
  }
}

export const scenarios: BenchScenario[] = [
  {
    name: 'receiver ingest',
    async run(): Promise<BenchLine[]> {
      const bare = await startBare();
      const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/in/bench`;
      try {
        // Alternate so neither side gets the warmer machine: baseline, ours, baseline, ours; best of each.
        const baseline = [await throughput(bareUrl)];
        const ours = [await withReceiver((url) => throughput(url))];
        baseline.push(await throughput(bareUrl));
        const captured = await withReceiver(async (url, core) => {
          ours.push(await throughput(url));
          return (await core.storage()!.exchanges.info()).rows.captures;
        });
        const best = (xs: number[]) => Math.max(...xs);
        const ratio = best(ours) / best(baseline);
        const latencies = await withReceiver((url) => latencyAtRate(url));
        const p99 = percentile(latencies, 99);
        return [
          {
            scenario: 'receiver ingest: 1 KiB JSON POSTs over 64 connections, each committed before its 200',
            unit: 'req/s',
            ours: round(best(ours), 0),
            baseline: round(best(baseline), 0),
            ratio: round(ratio),
            target: '>= 0.5',
            met: ratio >= 0.5,
            note: `baseline: bare node:http reading the body and answering 200; bounded at ${MAX_REQUESTS} requests or ${MAX_MS} ms per run; ${captured} captures in the last run's log`,
          },
          {
            scenario: `receiver ack latency at a fixed ${RATE} req/s`,
            unit: 'ms',
            p50: round(percentile(latencies, 50)),
            p95: round(percentile(latencies, 95)),
            p99: round(p99),
            target: 'p99 < 20',
            met: p99 < 20,
            note: `${latencies.length} requests over ${RATE_MS} ms, open loop, loopback; from request start to the end of the answer (commit included)`,
          },
        ];
      } finally {
        bare.closeAllConnections();
        await new Promise((r) => bare.close(r));
      }
    },
  },
];
