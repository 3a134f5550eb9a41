import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExchangeFile } from '../../../electron/core/store/exchange/exchange-file';

const WRITER = resolve(__dirname, '../../support/store-crash-writer.ts');
const RUNS = 24;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has reported `killAfter` commits, then SIGKILLs it; returns every id it reported. */
function runAndKill(dbPath: string, firstIndex: number, killAfter: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dbPath, String(firstIndex)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: string[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('ok ')) return;
      reported.push(line.slice(3));
      if (reported.length === killAfter) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`writer exited on its own (${signal ?? _code}): ${stderr}`));
      else done(reported);
    });
  });
}

it(`keeps every reported record and a sound database across ${RUNS} SIGKILLs`, async () => {
  const dbPath = join(dir, 'exchanges.db');
  const everReported: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Random moments: after 1..400 commits, so kills land in group building, commits, attempts and fsyncs alike.
    const killAfter = 1 + Math.floor(Math.random() * 400);
    const reported = await runAndKill(dbPath, run * 100_000, killAfter);
    expect(reported.length).toBeGreaterThanOrEqual(killAfter);
    everReported.push(...reported);

    const db = new Database(dbPath);
    try {
      expect(arrays(db.prepare('PRAGMA integrity_check')).all()).toEqual([['ok']]);
      // FTS5's own check covers the index structure; the docsize count shows every row up to the search
      // index's mark was indexed exactly once (the rows above it are indexed behind the commits).
      db.exec("INSERT INTO exchange_fts(exchange_fts) VALUES('integrity-check')");
      const count = (sql: string) => (arrays(db.prepare(sql)).get() as number[])[0];
      expect(count('SELECT count(*) FROM exchange_fts_docsize')).toBe(
        count('SELECT count(*) FROM exchange_content WHERE seq <= (SELECT indexed_to FROM exchange_fts_state)'),
      );
      const present = new Set((arrays(db.prepare('SELECT id FROM exchange')).all() as string[][]).map((r) => r[0]));
      const missing = everReported.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      const [rows] = arrays(db.prepare('SELECT count(*) FROM exchange')).get() as number[];
      const [rolled] = arrays(db.prepare('SELECT coalesce(sum(n), 0) FROM exchange_rollup')).get() as number[];
      expect(rolled).toBe(rows);
    } finally {
      db.close();
    }
    // Opened again, the store indexes what the killed writer left: every row, once.
    const reopened = new ExchangeFile({ path: dbPath, retentionIntervalMs: 0 });
    await reopened.close();
    const after = new Database(dbPath);
    try {
      after.exec("INSERT INTO exchange_fts(exchange_fts) VALUES('integrity-check')");
      const count = (sql: string) => (arrays(after.prepare(sql)).get() as number[])[0];
      expect(count('SELECT count(*) FROM exchange_fts_docsize')).toBe(count('SELECT count(*) FROM exchange_content'));
    } finally {
      after.close();
    }
  }
}, 180_000);
