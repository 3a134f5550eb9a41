import { alternate, ROUND_MS, withCpu, type LoopResult } from '../rounds';
import {
  autocannon,
  cpuMsOf,
  packageVersion,
  pacedPost,
  startScript,
  startServe,
  type PacedResult,
} from '../processes';
import { loadNow, median, round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';

const CONNECTIONS = 64;
const RATE = 1_000;
const RATE_MS = Number(process.env.BENCH_RECEIVER_RATE_MS ?? 10_000);

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
const BARE = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: s.address().port })));`;

/** HTTP Toolkit's mockttp answering 200 and keeping every request, as it does for getSeenRequests(). */
const MOCKTTP = `
const { getLocal } = require('mockttp');
(async () => {
  const server = getLocal();
  await server.start(0);
  await server.forPost('/in/bench').thenReply(200, '{}');
  console.log(JSON.stringify({ port: server.port }));
})();`;

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/** One closed-loop round against `url`; a failed request is a broken figure, not a slow one. */
async function load(url: string, counter: { requests: number }): Promise<LoopResult> {
  const r = await autocannon(url, { connections: CONNECTIONS, seconds: seconds(ROUND_MS), body: BODY });
  if (r.failed) throw new Error(`${url}: ${r.failed} of ${r.ok + r.failed} requests failed`);
  counter.requests += r.ok;
  return { perSecond: r.rps, count: r.ok };
}

/**
 * Ack latency at a fixed, evenly spaced rate: the generator's own process, one
 * request every 1/RATE s. A request that could not go out because 64 were
 * unanswered is counted, not hidden: the figure is not met then.
 */
async function atRate(url: string): Promise<PacedResult> {
  const r = await pacedPost(url, { rate: RATE, seconds: seconds(RATE_MS), body: BODY, maxInFlight: CONNECTIONS });
  if (r.failed)
    throw new Error(`${url}: ${r.failed} of ${r.ok + r.failed + r.skipped} requests failed at ${RATE} req/s`);
  return r;
}

const roundsOf = (ours: number[], baseline: number[]) => ({
  ours: ours.map((x) => round(x, 0)),
  baseline: baseline.map((x) => round(x, 0)),
});

export const scenarios: BenchScenario[] = [
  {
    name: 'receiver ingest',
    async run(): Promise<BenchLine[]> {
      const started: { stop(): Promise<void> }[] = [];
      try {
        const bare = await startScript(BARE);
        started.push(bare);
        const mock = await startScript(MOCKTTP);
        started.push(mock);
        const hb = await startServe();
        started.push(hb);
        const inbox = await hb.rest<{ url: string }>('POST', '/api/v1/inboxes', { name: 'bench' });
        const urls = {
          baseline: `http://127.0.0.1:${bare.port}/in/bench`,
          ours: inbox.url,
          mockttp: `http://127.0.0.1:${mock.port}/in/bench`,
        };
        const taken = { baseline: { requests: 0 }, ours: { requests: 0 }, mockttp: { requests: 0 } };
        const cpu = { baseline: [] as number[], ours: [] as number[], mockttp: [] as number[] };
        const r = await alternate({
          baseline: () =>
            withCpu(
              () => cpuMsOf(bare.child.pid!),
              cpu.baseline,
              () => load(urls.baseline, taken.baseline),
            ),
          ours: () => withCpu(hb.cpuMs, cpu.ours, () => load(urls.ours, taken.ours)),
          mockttp: () =>
            withCpu(
              () => cpuMsOf(mock.child.pid!),
              cpu.mockttp,
              () => load(urls.mockttp, taken.mockttp),
            ),
        });
        // The first CPU sample of each is its warm-up round.
        const us = (xs: number[]) => median(xs.slice(1));
        const loadAfterRounds = loadNow();
        const oursMem = hb.memory();
        const mockMem = mock.memory();
        // mockttp keeps working on what it holds after its rounds (0.9 s of CPU in the next 10 s,
        // measured), on the two cores the latency rounds share: it takes no part in them.
        await mock.stop();
        // Alternated like the rounds, so a burst of others' work on the machine falls on both.
        const latency: PacedResult[] = [];
        const bareLatency: PacedResult[] = [];
        for (let i = 0; i < 2; i++) {
          latency.push(await atRate(urls.ours));
          bareLatency.push(await atRate(urls.baseline));
        }
        const notSent = (xs: PacedResult[], who: string) =>
          xs.some((x) => x.skipped)
            ? `${who}: ${xs.map((x) => x.skipped).join(' and ')} requests not sent because ${CONNECTIONS} were unanswered (the machine could not keep the pace); `
            : '';
        const ms = (xs: PacedResult[], q: 'p50' | 'p90' | 'p99' | 'max') =>
          round(median(xs.map((x) => x.latency[q])), 1);
        const ours = median(r.ours);
        const how = `autocannon -c ${CONNECTIONS} in its own process, 1 KiB JSON POSTs; medians of ${r.ours.length} alternating ${seconds(ROUND_MS)} s rounds after a warm-up round of each`;
        /** Our ingest rate against another server's in the same rounds, at least `target` times it. */
        const ingestVs = (scenario: string, theirs: number[], target: number, note: string): BenchLine => {
          const rps = median(theirs);
          return {
            scenario,
            unit: 'req/s',
            ours: round(ours, 0),
            baseline: round(rps, 0),
            ratio: round(ours / rps),
            target: `>= ${target}`,
            met: ours / rps >= target,
            rounds: roundsOf(r.ours, theirs),
            loadavg: loadAfterRounds,
            note,
          };
        };
        return [
          ingestVs(
            'receiver ingest vs bare node:http (each capture committed before its 200)',
            r.baseline,
            0.35,
            `${how}; ours = the built hookbench serve; baseline = bare node:http reading the body and answering 200, in its own process`,
          ),
          ingestVs(
            "receiver ingest vs HTTP Toolkit's mockttp recording the same requests",
            r.mockttp,
            2,
            `${how}; mockttp ${packageVersion('mockttp')} in its own process answering 200 and keeping each request for getSeenRequests()`,
          ),
          {
            scenario: 'receiver CPU per request vs bare node:http',
            unit: 'µs CPU per request',
            ours: round(us(cpu.ours), 0),
            baseline: round(us(cpu.baseline), 0),
            ratio: round(us(cpu.ours) / us(cpu.baseline)),
            rounds: roundsOf(cpu.ours.slice(1), cpu.baseline.slice(1)),
            loadavg: loadAfterRounds,
            note: `each server process's CPU over the ingest rounds (from /proc, every thread), per answered request; mockttp: ${round(us(cpu.mockttp), 0)} µs; CPU per request hardly moves with the load others put on the machine, throughput does`,
          },
          {
            scenario: 'receiver memory after the ingest rounds vs mockttp',
            unit: 'MiB RSS',
            ours: round(oursMem.rssMb, 0),
            baseline: round(mockMem.rssMb, 0),
            ratio: round(oursMem.rssMb / mockMem.rssMb),
            loadavg: loadAfterRounds,
            note: `resident memory of each server process after it took ${taken.ours.requests} (ours) and ${taken.mockttp.requests} (mockttp) requests; peak ${round(oursMem.peakMb, 0)} and ${round(mockMem.peakMb, 0)} MiB; ours keeps every capture too, in its SQLite log on disk`,
          },
          {
            scenario: `receiver ack latency at a fixed ${RATE} req/s`,
            unit: 'ms',
            p50: ms(latency, 'p50'),
            p99: ms(latency, 'p99'),
            baseline: ms(bareLatency, 'p99'),
            target: 'p99 < 20',
            met: ms(latency, 'p99') < 20 && latency.every((x) => x.skipped === 0),
            rounds: {
              ours: latency.map((x) => round(x.latency.p99, 1)),
              baseline: bareLatency.map((x) => round(x.latency.p99, 1)),
            },
            loadavg: loadNow(),
            note: `${notSent(latency, 'ours')}${notSent(bareLatency, 'bare node:http')}${RATE} POSTs per second evenly spaced for ${seconds(RATE_MS)} s from a node:http client in its own process (keep-alive, up to ${CONNECTIONS} open), each answer timed from when its request was due (no coordinated omission), two alternated runs each, medians; ours p90 ${ms(latency, 'p90')} ms, max ${ms(latency, 'max')} ms; baseline = bare node:http's p99 under the same load (p50 ${ms(bareLatency, 'p50')} ms, max ${ms(bareLatency, 'max')} ms); autocannon -R spends each second's budget at its start, so its figures measured that burst's queue`,
          },
        ];
      } finally {
        for (const s of started.reverse()) await s.stop();
      }
    },
  },
];
