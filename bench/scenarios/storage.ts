import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchLine, BenchScenario } from '../types';
import { percentile, round } from '../stats';
import { openExchangeDb } from '../../electron/core/store/exchange/schema';
import { ExchangeRows } from '../../electron/core/store/exchange/exchange-rows';
import { ExchangeFile } from '../../electron/core/store/exchange/exchange-file';
import { storageData } from '../storage-data';

const ROWS = Number(process.env.BENCH_STORAGE_ROWS ?? 1_000_000);
const LABEL = ROWS === 1_000_000 ? '1M' : String(ROWS);
const { T0, SPAN_MS, rand, words, filters, record } = storageData(ROWS);
const SAMPLES = Number(process.env.BENCH_STORAGE_SAMPLES ?? 100);
/** A log this scenario seeded before (BENCH_STORAGE_SEED_INTO, same BENCH_STORAGE_ROWS): copied instead of seeding, so two builds can be compared on the same file. */
const FROM = process.env.BENCH_STORAGE_FROM;

const load = () => loadavg().map((n) => round(n, 2));

function time<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const v = fn();
  return [performance.now() - t, v];
}

function latency(scenario: string, target: number, fn: (k: number) => unknown): BenchLine {
  fn(0);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const used = process.cpuUsage();
    samples.push(time(() => fn(k))[0]);
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
  }
  const p95 = round(percentile(samples, 95), 3);
  return {
    scenario,
    unit: 'ms',
    p50: round(percentile(samples, 50), 3),
    p95,
    target: `< ${target}`,
    met: p95 < target,
    // The store is synchronous and in this process: its CPU per call is the steadier figure on a shared machine.
    note: `CPU per call p50 ${round(percentile(cpu, 50), 2)} ms`,
    loadavg: load(),
  };
}

/** Bulk seed: the real write path (ExchangeRows.apply) in 20k-row transactions. */
function seed(path: string): number {
  const { db } = openExchangeDb(path);
  const log = new ExchangeRows(db, 256 * 1024);
  const started = performance.now();
  for (let i = 0; i < ROWS; i += 20_000) {
    log.writeBatch(
      (function* () {
        for (let k = i; k < Math.min(ROWS, i + 20_000); k++) yield* record(k);
      })(),
    );
  }
  const ms = performance.now() - started;
  db.exec('PRAGMA optimize');
  db.close();
  return ms;
}

/** Runs this file in a child process with `env` set; resolves with the JSON it prints. */
async function inChild<T>(env: Record<string, string>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the child process exited ${code}`);
  return JSON.parse(out) as T;
}

/** Opens the log once (upgrading an older schema) and closes it. */
function firstOpen(path: string): number {
  const started = performance.now();
  openExchangeDb(path).db.close();
  return performance.now() - started;
}

if (process.env.BENCH_STORAGE_SEED_INTO)
  process.stdout.write(JSON.stringify({ ms: seed(process.env.BENCH_STORAGE_SEED_INTO) }));
if (process.env.BENCH_STORAGE_OPEN)
  process.stdout.write(JSON.stringify({ ms: firstOpen(process.env.BENCH_STORAGE_OPEN) }));
if (process.env.BENCH_STORAGE_MEMORY)
  process.stdout.write(JSON.stringify(await memoryOfReads(process.env.BENCH_STORAGE_MEMORY)));

async function run(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hookbench-bench-storage-'));
  const path = join(dir, 'exchanges.db');
  const lines: BenchLine[] = [];
  try {
    if (FROM) {
      copyFileSync(FROM, path);
      // A file of an older schema is upgraded at its first open (counts backfilled from its rows): measured apart,
      // in a process of its own, so the RSS measured here is not the upgrade's.
      lines.push({
        scenario: `storage first open of a copied log ${LABEL}`,
        unit: 'ms',
        ours: round((await inChild<{ ms: number }>({ BENCH_STORAGE_OPEN: path })).ms, 1),
        note: `${FROM}, seeded earlier; includes any schema upgrade`,
        loadavg: load(),
      });
    } else {
      // Seeded in a child process, so the RSS measured here is a process that opened a 1M-row log, not the seeder's garbage.
      const seedMs = (await inChild<{ ms: number }>({ BENCH_STORAGE_SEED_INTO: path })).ms;
      lines.push({
        scenario: `storage bulk insert ${LABEL}`,
        unit: 'rows/s',
        ours: Math.round(ROWS / (seedMs / 1000)),
        note: `${round(seedMs / 1000, 1)} s for ${ROWS} exchanges (+ attempts, FTS, rollup)`,
        loadavg: load(),
      });
    }

    const beforeOpen = memory();
    const openStarted = performance.now();
    const store = new ExchangeFile({ path, retentionIntervalMs: 0 });
    const first = store.query({}, { limit: 50 });
    const openMs = performance.now() - openStarted;
    lines.push({
      scenario: `storage open + first page ${LABEL}`,
      unit: 'ms',
      ours: round(openMs, 2),
      target: '< 50',
      met: openMs < 50,
    });
    if (first.items.length !== 50) throw new Error('first page is short');

    for (const [name, target, read] of reads(store)) lines.push(latency(`${name} ${LABEL}`, target, read));
    const benchProcess = memory();
    // Group writer under concurrency: 20k appends in flight at once, each acknowledged on commit.
    const appendStarted = performance.now();
    await Promise.all(Array.from({ length: 20_000 }, (_, k) => store.append(record(ROWS + k)[0]!)));
    const appendRate = 20_000 / ((performance.now() - appendStarted) / 1000);
    lines.push({
      scenario: `storage group-commit appends ${LABEL}`,
      unit: 'records/s',
      ours: Math.round(appendRate),
      note: '20k concurrent appends, synchronous=NORMAL',
    });

    const info = store.info();
    const bytes = info.dbBytes + info.walBytes;
    lines.push({
      scenario: `storage db size per row ${LABEL}`,
      unit: 'bytes',
      ours: Math.round(bytes / info.rows.exchanges),
      note: `${round(bytes / 2 ** 20, 0)} MB for ${info.rows.exchanges} exchanges + ${info.rows.attempts} attempts`,
    });
    await store.close();

    const child = await inChild<{ afterReads: Memory; afterBurst: Memory }>({ BENCH_STORAGE_MEMORY: path });
    lines.push({
      scenario: `storage rss ${LABEL}`,
      unit: 'MB',
      ours: child.afterReads.rss,
      target: '< 300',
      met: child.afterReads.rss < 300,
      note: `a process of its own (node, tsx and this scenario's modules) that opened the log and ran every read above ${SAMPLES} times; ${child.afterReads.breakdown}; the bench's process after the same reads: ${benchProcess.rss} MB (${benchProcess.breakdown}), ${beforeOpen.rss} MB before it opened the log`,
      loadavg: load(),
    });
    lines.push({
      scenario: `storage rss after 20k appends in flight ${LABEL}`,
      unit: 'MB',
      ours: child.afterBurst.rss,
      note: `the same process after holding 20k records (~1 KiB bodies) in flight at once; ${child.afterBurst.breakdown}`,
      loadavg: load(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

type Read = [scenario: string, targetMs: number, read: (k: number) => unknown];

/** The reads the scenario times, and the memory process repeats. */
function reads(store: ExchangeFile): Read[] {
  // Cursor pages deep into history: cursors handed out at random points of the two months.
  const cursors = Array.from(
    { length: 40 },
    () =>
      store.query({ to: new Date(T0 + 60_000 + Math.floor(rand() * SPAN_MS)).toISOString() }, { limit: 1 }).nextCursor,
  ).filter((c): c is string => c !== null);
  const day = (d: number) => new Date(T0 + 86_400_000 * d).toISOString();
  return [
    ['storage newest page', 5, () => store.query({}, { limit: 50 })],
    ['storage cursor page', 5, (k) => store.query({}, { limit: 50, cursor: cursors[k % cursors.length] })],
    ...filters.map(([name, filter]): Read => [`storage filter ${name}`, 5, () => store.query(filter, { limit: 50 })]),
    [
      'storage fts search email',
      20,
      (k) => store.query({ text: `user${(k * 4999) % ROWS}@example.com` }, { limit: 50 }),
    ],
    ['storage fts search common word', 20, (k) => store.query({ text: words[k % words.length]! }, { limit: 50 })],
    ['storage facet counts', 100, () => store.facets({})],
    [
      'storage facet counts filtered',
      100,
      () => store.facets({ kind: 'delivery', outcome: 'failed', subscriptionId: 'sub_3' }),
    ],
    ['storage facet counts last day', 100, () => store.facets({ from: day(59), to: day(60) })],
    // A wide time range: whole hours from the hourly buckets, the partial edge hours from rows.
    ['storage facet counts 7-day range', 100, () => store.facets({ from: day(50), to: day(57) })],
    // A range and filters ("last week's failures"): whole days from the daily combinations.
    [
      'storage facet counts 7-day range, failed only',
      100,
      () => store.facets({ from: day(50), to: day(57), outcome: 'failed' }),
    ],
    // The same starting and ending mid-day: the two partial days are counted from their rows.
    [
      'storage facet counts 7-day range mid-day, failed only',
      100,
      () => store.facets({ from: day(50.5), to: day(57.5), outcome: 'failed' }),
    ],
    [
      'storage facet counts 7-day range mid-day, two filters',
      100,
      () => store.facets({ from: day(50.5), to: day(57.5), kind: 'delivery', statusClass: '5xx' }),
    ],
  ];
}

/**
 * The memory a process with the log open needs, in a process of its own: the
 * bench's process also holds every scenario's modules (Playwright, mockttp,
 * pg) and the garbage of its timing loops.
 */
async function memoryOfReads(path: string): Promise<{ afterReads: Memory; afterBurst: Memory }> {
  const store = new ExchangeFile({ path, retentionIntervalMs: 0 });
  for (const [, , read] of reads(store)) for (let k = 0; k < SAMPLES; k++) read(k);
  const afterReads = memory();
  const base = ROWS + 20_000; // the bench's own appends took the 20k after ROWS
  await Promise.all(Array.from({ length: 20_000 }, (_, k) => store.append(record(base + k)[0]!)));
  const afterBurst = memory();
  await store.close();
  return { afterReads, afterBurst };
}

interface Memory {
  rss: number;
  breakdown: string;
}

/** This process's resident memory, MB, and where it is: the JavaScript heap, buffers outside it, and the rest (native: SQLite's page cache, Node, the tsx loader). */
function memory(): Memory {
  const m = process.memoryUsage();
  const mb = (x: number) => round(x / 2 ** 20, 0);
  return {
    rss: mb(m.rss),
    breakdown: `JS heap ${mb(m.heapUsed)} MB used of ${mb(m.heapTotal)}, external ${mb(m.external)} MB, the rest ${mb(m.rss - m.heapTotal - m.external)} MB`,
  };
}

export const scenarios: BenchScenario[] = [{ name: `storage ${LABEL}`, heavy: ROWS >= 100_000, run }];
