import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startHeadless } from '../test/support/headless-process';
import { tempDir } from '../test/support/temp';

/**
 * Servers and load generators in processes of their own: a generator sharing
 * the event loop of the server it measures caps the fast baselines (the old
 * in-process bench drove bare node:http to 3-18k req/s where autocannon drives
 * it to 54k), and a server's memory is only its own in its own process.
 */

export const repoRoot = join(import.meta.dirname, '..');
const autocannonBin = createRequire(import.meta.url).resolve('autocannon');

export interface ChildServer {
  child: ChildProcess;
  port: number;
  /** Resident and peak resident memory of the process, MiB (Linux /proc; NaN elsewhere). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** CPU time (user + system, every thread) a process has used so far, ms (Linux /proc, in USER_HZ = 100 ticks/s). */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs `script` with `node -e` from the repository root; it prints `{"port":N}` on its first line once listening. */
export async function startScript(script: string, args: string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, ['-e', script, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`server script exited ${code} before listening: ${out}`)));
  });
  return { child, port, memory: () => memoryOf(child.pid!), stop: () => stopChild(child) };
}

export interface LoadResult {
  /** 2xx answers per second over the run. */
  rps: number;
  ok: number;
  /** Non-2xx answers, errors and timeouts. */
  failed: number;
  seconds: number;
  /** Milliseconds from request to answer; with a fixed rate, corrected for coordinated omission by autocannon. */
  latency: { p50: number; p90: number; p99: number };
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  body: string;
  headers?: Record<string, string>;
  /** Requests per second across all connections; absent = as fast as the server answers. */
  rate?: number;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
}

/** autocannon in its own process against `url` (POST). */
export async function autocannon(url: string, o: LoadOptions): Promise<LoadResult> {
  const args = [autocannonBin, '-c', String(o.connections), '-d', String(o.seconds), '-m', 'POST', '-j', '-n'];
  for (const [k, v] of Object.entries({ 'content-type': 'application/json', ...o.headers }))
    args.push('-H', `${k}=${v}`);
  args.push('-b', o.body);
  if (o.rate) args.push('-R', String(o.rate));
  if (o.amount) args.push('-a', String(o.amount));
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(0, 500)}`);
  const r = JSON.parse(out) as {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: Record<'p50' | 'p90' | 'p99', number>;
  };
  return {
    rps: r['2xx'] / r.duration,
    ok: r['2xx'],
    failed: r.non2xx + r.errors + r.timeouts,
    seconds: r.duration,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 },
  };
}

/**
 * Evenly spaced POSTs from a process of its own: one every 1/rate s, however
 * long the answers take (up to `maxInFlight` at once). autocannon's rate limit
 * is a budget per second per connection, spent at the start of each second:
 * a live list fed that way sees a burst, then nothing for most of a second, and
 * a server's ack latency measured that way is mostly the burst's queue (bare
 * node:http showed a p99 of 28 ms at 1,000 req/s). Each answer's latency counts
 * from when its request was due, not when it went out, so a stalled sender
 * cannot hide a slow server (coordinated omission).
 */
const PACED = `
const http = require('node:http');
const [url, rate, seconds, maxInFlight] = process.argv.slice(1);
const body = Buffer.from(process.env.HB_PACED_BODY);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(maxInFlight) });
const headers = { 'content-type': 'application/json', 'content-length': body.length, ...JSON.parse(process.env.HB_PACED_HEADERS) };
const every = 1000 / Number(rate);
const total = Math.round(Number(rate) * Number(seconds));
const latencies = [];
let ok = 0, failed = 0, inFlight = 0, skipped = 0, done = 0;
const t0 = performance.now();
const pct = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : null;
const finish = () => {
  if (done < total) return;
  latencies.sort((a, b) => a - b);
  const latency = { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: latencies.at(-1) ?? null };
  console.log(JSON.stringify({ ok, failed, skipped, seconds: (performance.now() - t0) / 1000, latency }));
  process.exit(0); // keep-alive sockets would hold the process a few seconds more
};
const settle = (due, good) => {
  latencies.push(performance.now() - due);
  good ? ok++ : failed++;
  inFlight--; done++; finish();
};
const one = (due) => {
  if (inFlight >= Number(maxInFlight)) { skipped++; done++; return finish(); }
  inFlight++;
  const req = http.request(target, { method: 'POST', agent, headers }, (res) => {
    res.resume();
    res.on('end', () => settle(due, res.statusCode >= 200 && res.statusCode < 300));
  });
  req.on('error', () => settle(due, false));
  req.end(body);
};
let k = 0;
const tick = () => {
  const due = Math.min(total, Math.floor((performance.now() - t0) / every) + 1);
  while (k < due) { k++; one(t0 + (k - 1) * every); }
  if (k < total) setTimeout(tick, Math.max(0, t0 + k * every - performance.now()));
};
tick();`;

export interface PacedResult {
  ok: number;
  /** Non-2xx answers and errors. */
  failed: number;
  /** Requests not sent because `maxInFlight` were still unanswered. */
  skipped: number;
  seconds: number;
  /** Milliseconds from when each request was due to its answer (sub-millisecond resolution). */
  latency: { p50: number; p90: number; p99: number; max: number };
}

/** `rate` POSTs per second to `url` (http:), evenly spaced, for `seconds`, from a process of its own. */
export async function pacedPost(
  url: string,
  o: { rate: number; seconds: number; body: string; headers?: Record<string, string>; maxInFlight?: number },
): Promise<PacedResult> {
  const child = spawn(
    process.execPath,
    ['-e', PACED, url, String(o.rate), String(o.seconds), String(o.maxInFlight ?? 256)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HB_PACED_BODY: o.body, HB_PACED_HEADERS: JSON.stringify(o.headers ?? {}) },
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !out.trim()) throw new Error(`paced load exited ${code}: ${out.slice(0, 300)}`);
  return JSON.parse(out) as PacedResult;
}

export interface ServeProcess {
  /** The HTTP door (UI, RPC, REST). */
  origin: string;
  /** The UI's address with its per-run token, as `hookbench serve` printed it. */
  url: string;
  /** The inbox receiver's origin. */
  receiver: string;
  pid: number;
  memory(): { rssMb: number; peakMb: number };
  cpuMs(): number;
  /** A REST /api/v1 call with the API key; throws on a non-2xx answer. */
  rest<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const API_KEY = 'bench-api-key-0123456789abcdef';

/** The real built `hookbench serve` on free ports, in a temp data dir, with an API key for the REST door. */
export async function startServe(): Promise<ServeProcess> {
  const tmp = tempDir('hb-bench-serve-');
  try {
    const hb = await startHeadless(tmp.dir, ['--receiver-port', '0'], { HOOKBENCH_API_KEY: API_KEY });
    // The receiver's line follows the UI's, maybe in a later chunk.
    let receiver: string | undefined;
    for (let waited = 0; !(receiver = /Receiver: (http:\/\/\S+)/.exec(hb.output())?.[1]); waited += 20) {
      if (waited > 10_000) {
        await hb.stop();
        throw new Error(`hookbench serve printed no receiver URL:\n${hb.output()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return {
      origin: hb.origin,
      url: hb.url,
      receiver: new URL(receiver).origin,
      pid: hb.child.pid!,
      memory: () => memoryOf(hb.child.pid!),
      cpuMs: () => cpuMsOf(hb.child.pid!),
      async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(hb.origin + path, {
          method,
          headers: { authorization: API_KEY, 'content-type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
        return JSON.parse(text) as T;
      },
      async stop() {
        await hb.stop();
        tmp.cleanup();
      },
    };
  } catch (err) {
    tmp.cleanup();
    throw err;
  }
}

export const serveApiKey = API_KEY;

/** The installed version of a dependency, for the notes. */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}
