import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { systemClock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import { openPostgresStorage, type PostgresStorage } from '../../electron/core/store/postgres/open-postgres-storage';
import { createKeyFileSecretBox } from '../../electron/core/store/secret-box';
import { startPgCluster, type PgCluster } from '../../test/support/postgres-cluster';
import { percentile, round } from '../stats';
import { storageData } from '../storage-data';
import type { BenchLine, BenchScenario } from '../types';

/**
 * The storage scenario on PostgreSQL (team mode): the same 1M-row log as the
 * SQLite scenario, seeded through the real group writer into a throwaway
 * cluster with durable commits (fsync on), then the same page, search and facet
 * queries, and ingest from two nodes (processes) against one.
 */

const ROWS = Number(process.env.BENCH_STORAGE_ROWS ?? 1_000_000);
const LABEL = ROWS === 1_000_000 ? '1M' : String(ROWS);
const SAMPLES = Number(process.env.BENCH_STORAGE_SAMPLES ?? 100);
/** Exchanges per node in the ingest rounds; 0 skips them (they add rows to a database meant to be measured again). */
const INGEST = Number(process.env.BENCH_PG_INGEST ?? 20_000);
const INGEST_ROUNDS = 3;
const SEED_CHUNK = 20_000;

const load = () => loadavg().map((n) => round(n, 2));

function storageOptions(url: string, keyDir: string) {
  return {
    url,
    secretBox: createKeyFileSecretBox(keyDir),
    clock: systemClock,
    log: silentLogger,
    appVersion: 'bench',
    maintenanceIntervalMs: 0,
    writer: { maxBatch: 2000 },
  };
}

/** Appends `writes` with at most `window` in flight; resolves when every one committed. */
async function appendAll(
  store: PostgresStorage,
  count: number,
  next: (i: number) => Parameters<PostgresStorage['exchanges']['append']>[0][],
) {
  for (let i = 0; i < count; i += SEED_CHUNK) {
    const pending: Promise<void>[] = [];
    for (let k = i; k < Math.min(count, i + SEED_CHUNK); k++)
      for (const w of next(k)) pending.push(store.exchanges.append(w));
    await Promise.all(pending);
  }
}

/** Child mode: one node appending INGEST exchanges stamped now, printing its elapsed ms. */
async function ingestChild(url: string, keyDir: string, offset: number): Promise<void> {
  const data = storageData(INGEST);
  const store = await openPostgresStorage({ ...storageOptions(url, keyDir), migrate: false });
  const now = Date.now();
  const started = performance.now();
  await appendAll(store, INGEST, (k) => data.record(offset + k, now + k));
  const ms = performance.now() - started;
  await store.close();
  process.stdout.write(JSON.stringify({ ms }));
}

if (process.env.BENCH_PG_INGEST_URL)
  await ingestChild(
    process.env.BENCH_PG_INGEST_URL,
    process.env.BENCH_PG_KEY_DIR!,
    Number(process.env.BENCH_PG_OFFSET),
  );

function ingestProcess(url: string, keyDir: string, offset: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_PG_INGEST_URL: url, BENCH_PG_KEY_DIR: keyDir, BENCH_PG_OFFSET: String(offset) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve((JSON.parse(out) as { ms: number }).ms) : reject(new Error(`ingest node exited ${code}`)),
    ),
  );
}

async function latency(scenario: string, target: number, fn: (k: number) => Promise<unknown>): Promise<BenchLine> {
  // Warm: a connection plans each named statement once (its generic plan), then reuses it.
  for (let k = 0; k < 3; k++) await fn(SAMPLES + k);
  const samples: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const t = performance.now();
    await fn(k);
    samples.push(performance.now() - t);
  }
  const p95 = round(percentile(samples, 95), 3);
  return {
    scenario,
    unit: 'ms',
    p50: round(percentile(samples, 50), 3),
    p95,
    target: `< ${target}`,
    met: p95 < target,
    loadavg: load(),
  };
}

/** The log, through the real group writer; then what autovacuum would do before anyone queries it. */
async function seed(
  store: PostgresStorage,
  url: string,
  lines: BenchLine[],
  record: ReturnType<typeof storageData>['record'],
): Promise<void> {
  const seedStarted = performance.now();
  await appendAll(store, ROWS, (k) => record(k));
  const seedMs = performance.now() - seedStarted;
  lines.push({
    scenario: `storage postgres bulk insert ${LABEL}`,
    unit: 'rows/s',
    ours: Math.round(ROWS / (seedMs / 1000)),
    note: `${round(seedMs / 1000, 1)} s for ${ROWS} exchanges (+ attempts, search vectors, facet counters) through the group writer, 20k in flight`,
    loadavg: load(),
  });
  const analyzeStarted = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  await c.end();
  lines.push({
    scenario: `storage postgres vacuum analyze ${LABEL}`,
    unit: 's',
    ours: round((performance.now() - analyzeStarted) / 1000, 1),
    note: "the planner's statistics and the GIN indexes' pending lists merged (autovacuum's work in production; off here so it cannot skew the figures)",
    loadavg: load(),
  });
}

async function run(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const keyDir = mkdtempSync(`${tmpdir()}/hookbench-bench-key-`);
  let cluster: PgCluster | null = null;
  let store: PostgresStorage | null = null;
  try {
    // Durable commits, as a production database would run; the tests' cluster turns fsync off.
    // BENCH_PG_URL: a database this scenario seeded with the same BENCH_STORAGE_ROWS (to re-measure queries), or an
    // empty one to seed (to compare two builds on the same rows).
    const reuse = process.env.BENCH_PG_URL;
    if (!reuse)
      cluster = startPgCluster({
        settings: {
          fsync: 'on',
          synchronous_commit: 'on',
          full_page_writes: 'on',
          shared_buffers: '256MB',
          max_wal_size: '4GB',
          checkpoint_timeout: '30min',
          autovacuum: 'off',
        },
      });
    if (cluster) {
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE bench');
      await admin.end();
    }
    const url = reuse ?? cluster!.url('bench');
    const { T0, SPAN_MS, rand, words, filters, record } = storageData(ROWS);

    store = await openPostgresStorage(storageOptions(url, keyDir));
    if (!reuse || (await store.exchanges.info()).rows.exchanges === 0) await seed(store, url, lines, record);

    const x = store.exchanges;
    lines.push(await latency(`storage postgres newest page ${LABEL}`, 5, () => x.query({}, { limit: 50 })));
    const cursors: string[] = [];
    for (let k = 0; k < 40; k++) {
      const page = await x.query(
        { to: new Date(T0 + 60_000 + Math.floor(rand() * SPAN_MS)).toISOString() },
        { limit: 1 },
      );
      if (page.nextCursor) cursors.push(page.nextCursor);
    }
    lines.push(
      await latency(`storage postgres cursor page ${LABEL}`, 5, (k) =>
        x.query({}, { limit: 50, cursor: cursors[k % cursors.length] }),
      ),
    );
    for (const [name, filter] of filters)
      lines.push(await latency(`storage postgres filter ${name} ${LABEL}`, 5, () => x.query(filter, { limit: 50 })));
    lines.push(
      await latency(`storage postgres fts search email ${LABEL}`, 20, (k) =>
        x.query({ text: `user${(k * 4999) % ROWS}@example.com` }, { limit: 50 }),
      ),
    );
    lines.push(
      await latency(`storage postgres fts search common word ${LABEL}`, 20, (k) =>
        x.query({ text: words[k % words.length]! }, { limit: 50 }),
      ),
    );
    lines.push(await latency(`storage postgres facet counts ${LABEL}`, 100, () => x.facets({})));
    lines.push(
      await latency(`storage postgres facet counts filtered ${LABEL}`, 100, () =>
        x.facets({ kind: 'delivery', outcome: 'failed', subscriptionId: 'sub_3' }),
      ),
    );
    const day = (d: number) => new Date(T0 + 86_400_000 * d).toISOString();
    lines.push(
      await latency(`storage postgres facet counts last day ${LABEL}`, 100, () =>
        x.facets({ from: day(59), to: day(60) }),
      ),
    );
    lines.push(
      await latency(`storage postgres facet counts 7-day range ${LABEL}`, 100, () =>
        x.facets({ from: day(50), to: day(57) }),
      ),
    );
    lines.push(
      await latency(`storage postgres facet counts 7-day range, failed only ${LABEL}`, 100, () =>
        x.facets({ from: day(50), to: day(57), outcome: 'failed' }),
      ),
    );
    lines.push(
      await latency(`storage postgres facet counts 7-day range mid-day, failed only ${LABEL}`, 100, () =>
        x.facets({ from: day(50.5), to: day(57.5), outcome: 'failed' }),
      ),
    );
    lines.push(
      await latency(`storage postgres facet counts 7-day range mid-day, two filters ${LABEL}`, 100, () =>
        x.facets({ from: day(50.5), to: day(57.5), kind: 'delivery', statusClass: '5xx' }),
      ),
    );
    lines.push(
      await latency(`storage postgres get one exchange ${LABEL}`, 5, (k) =>
        x.getExchange(`dlv_${(k * 7919 + 1) % ROWS}`),
      ),
    );
    const info = await x.info();
    lines.push({
      scenario: `storage postgres db size per row ${LABEL}`,
      unit: 'bytes',
      ours: Math.round(info.dbBytes / info.rows.exchanges),
      note: `${round(info.dbBytes / 2 ** 20, 0)} MB for ${info.rows.exchanges} exchanges + ${info.rows.attempts} attempts`,
    });
    await store.close();
    store = null;
    if (INGEST === 0) return lines;

    // Ingest: one node, then two nodes at once, each a process of its own appending INGEST exchanges stamped
    // now; alternated over rounds and compared by medians, so a burst of the machine's other load skews less.
    const oneRates: number[] = [];
    const twoRates: number[] = [];
    let offset = ROWS;
    for (let round = 0; round < INGEST_ROUNDS; round++) {
      oneRates.push(INGEST / ((await ingestProcess(url, keyDir, (offset += INGEST))) / 1000));
      const two = await Promise.all([
        ingestProcess(url, keyDir, (offset += INGEST)),
        ingestProcess(url, keyDir, (offset += INGEST)),
      ]);
      twoRates.push((2 * INGEST) / (Math.max(...two) / 1000));
    }
    const oneRate = percentile(oneRates, 50);
    const twoRate = percentile(twoRates, 50);
    const ratio = round(twoRate / oneRate, 2);
    lines.push({
      scenario: `storage postgres ingest two nodes vs one ${LABEL}`,
      unit: 'exchanges/s',
      ours: Math.round(twoRate),
      baseline: Math.round(oneRate),
      ratio,
      target: '>= 1.6',
      met: ratio >= 1.6,
      rounds: { ours: twoRates.map(Math.round), baseline: oneRates.map(Math.round) },
      note: `medians of ${INGEST_ROUNDS} alternated rounds; ${INGEST} exchanges per node (a quarter captures, the rest a delivery and its attempt), group commit, fsync on; the nodes and the database share this machine's ${cpus().length} cores`,
      loadavg: load(),
    });
  } finally {
    await store?.close().catch(() => undefined);
    cluster?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  }
  return lines;
}

export const scenarios: BenchScenario[] = [{ name: `storage postgres ${LABEL}`, heavy: ROWS >= 100_000, run }];
