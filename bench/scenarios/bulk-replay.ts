import { Pool, request } from 'undici';
import type { BulkReplayJob, BulkReplayRate, BulkReplayResult } from '../../shared/model/bulk-replay';
import { isFinished } from '../../shared/model/bulk-replay';
import { autocannon, serveApiKey, startScript, startServe, type ServeProcess } from '../processes';
import { alternate, closedLoop, ownCpuMs, ROUNDS, withCpu, type LoopResult } from '../rounds';
import { loadNow, median, round } from '../stats';
import type { BenchScenario } from '../types';

const ROWS = Number(process.env.BENCH_BULK_ROWS ?? 10_000);
/** BENCH_BULK_RATE=1000 measures a numeric rate (1,000/s was the old ceiling); "max" by default. */
const RATE: BulkReplayRate =
  process.env.BENCH_BULK_RATE && process.env.BENCH_BULK_RATE !== 'max' ? Number(process.env.BENCH_BULK_RATE) : 'max';
const IN_FLIGHT = 64;

/** An endpoint that fails (500) until POST /control/ok, like one that was down and is fixed. */
const ENDPOINT = `
const http = require('node:http');
let healthy = false;
const s = http.createServer((q, r) => {
  q.resume();
  q.on('end', () => {
    if (q.url === '/control/ok') healthy = true;
    r.writeHead(healthy ? 200 : 500).end(healthy ? 'ok' : 'down');
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: s.address().port })));`;

/** About 1 KiB of JSON. */
const BODY = JSON.stringify({
  type: 'user.created',
  timestamp: '2024-05-01T12:00:00.000Z',
  data: { id: 'usr_1', email: 'ada@example.com', pad: 'x'.repeat(900) },
});

/** One bulk replay of every failed delivery; deliveries per second from the job's own start and finish times. */
async function replayAll(hb: ServeProcess): Promise<LoopResult> {
  const started = await hb.rest<BulkReplayResult>('POST', '/api/v1/replays', {
    outcome: 'failed',
    ratePerSecond: RATE,
  });
  if (started.count !== ROWS) throw new Error(`the filter matched ${started.count} rows, not ${ROWS}`);
  let job: BulkReplayJob = started.job!;
  while (!isFinished(job.state)) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await hb.rest<BulkReplayJob | null>('GET', '/api/v1/replays/current'))!;
  }
  if (job.state !== 'completed' || job.succeeded !== ROWS)
    throw new Error(`bulk replay ${job.state}: ${job.succeeded} of ${ROWS} succeeded (${job.errors[0]?.message})`);
  return { perSecond: job.done / ((Date.parse(job.finishedAt!) - Date.parse(job.startedAt)) / 1000), count: job.done };
}

export const scenarios: BenchScenario[] = [
  {
    name: 'bulk replay',
    async run() {
      const endpoint = await startScript(ENDPOINT);
      let hb: ServeProcess | undefined;
      const pool = new Pool(`http://127.0.0.1:${endpoint.port}`, { connections: IN_FLIGHT });
      try {
        hb = await startServe();
        const url = `http://127.0.0.1:${endpoint.port}/hook`;
        const { subscription } = await hb.rest<{ subscription: { id: string } }>('POST', '/api/v1/subscriptions', {
          name: 'bench',
          url,
          // One attempt: each emit ends failed at once, and nothing retries behind the replays.
          retry: { mode: 'custom', delaysMs: [], maxAttempts: 1, jitter: 0 },
        });
        const seeded = await autocannon(`${hb.origin}/api/v1/emit`, {
          connections: IN_FLIGHT,
          seconds: 600,
          amount: ROWS,
          headers: { authorization: serveApiKey },
          body: JSON.stringify({
            provider: 'standard-webhooks',
            event: 'user.created',
            payload: BODY,
            target: { kind: 'subscription', id: subscription.id },
            wait: true,
          }),
        });
        if (seeded.ok !== ROWS) throw new Error(`seeding: ${seeded.ok} of ${ROWS} emits answered 2xx`);
        await request(`http://127.0.0.1:${endpoint.port}/control/ok`, { method: 'POST', dispatcher: pool });
        const raw = () =>
          closedLoop(
            IN_FLIGHT,
            Infinity,
            async () => {
              const res = await request(url, {
                method: 'POST',
                body: BODY,
                headers: { 'content-type': 'application/json' },
                dispatcher: pool,
              });
              await res.body.text();
            },
            ROWS,
          );
        const cpu = { raw: [] as number[], ours: [] as number[] };
        const r = await alternate({
          raw: () => withCpu(ownCpuMs, cpu.raw, raw),
          ours: () => withCpu(hb!.cpuMs, cpu.ours, () => replayAll(hb!)),
        });
        const ours = median(r.ours);
        const baseline = median(r.raw);
        // The first CPU sample of each is its warm-up round.
        const oursCpu = median(cpu.ours.slice(1));
        const rawCpu = median(cpu.raw.slice(1));
        const load = loadNow();
        return [
          {
            scenario: `bulk replay of ${ROWS} failed deliveries to a healthy endpoint at ${RATE === 'max' ? '"max"' : `${RATE}/s`} vs raw undici sending the same`,
            unit: 'deliveries/s',
            ours: round(ours, 0),
            baseline: round(baseline, 0),
            ratio: round(ours / baseline),
            target: '>= 3000',
            met: ours >= 3000,
            rounds: { ours: r.ours.map((x) => round(x, 0)), baseline: r.raw.map((x) => round(x, 0)) },
            loadavg: load,
            note: `${ROWS} rows in ${round(ROWS / ours, 1)} s; the built hookbench serve, started over REST (outcome: failed) and polled to the end, each replay re-signed, logged and sent with its first attempt recorded; baseline = undici.request, ${IN_FLIGHT} in flight, the same ${ROWS} POSTs of the same body from the bench process; medians of ${ROUNDS} alternating rounds after a warm-up of each`,
          },
          {
            scenario: 'CPU per replayed delivery vs per raw undici request',
            unit: 'µs CPU per delivery',
            ours: round(oursCpu, 0),
            baseline: round(rawCpu, 0),
            ratio: round(oursCpu / rawCpu),
            rounds: {
              ours: cpu.ours.slice(1).map((x) => round(x, 0)),
              baseline: cpu.raw.slice(1).map((x) => round(x, 0)),
            },
            loadavg: load,
            note: `the hookbench serve process's CPU over each bulk replay, per replayed delivery (reading the row, re-signing, logging the delivery and its attempt, sending); baseline = the bench process's CPU per raw undici request; 1e6 / ours is what one free core could replay per second`,
          },
        ];
      } finally {
        await pool.close();
        await hb?.stop();
        await endpoint.stop();
      }
    },
  },
];
