import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { Agent, request } from 'undici';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const CHILD = resolve(__dirname, '../../support/receiver-crash-child.ts');
const RUNS = 8;
const CONCURRENCY = 32;
const tmp = tempDir('hb-recv-crash-');
afterAll(() => tmp.cleanup());

/**
 * Starts the receiver process, sends requests from CONCURRENCY connections
 * until `killAfter` have been acknowledged with a 2xx, SIGKILLs it right then
 * (other requests still in flight), and returns the paths that got a 2xx.
 */
async function loadAndKill(dataDir: string, run: number, killAfter: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  const url = await new Promise<string>((ready, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('ready ') && ready(line.slice(6)));
    child.on('exit', () => fail(new Error(`receiver exited before it was ready: ${stderr}`)));
  });
  const acked: string[] = [];
  const agent = new Agent({ connections: CONCURRENCY });
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      const path = `/r-${run}-${next++}`;
      try {
        const res = await request(url + path, {
          method: 'POST',
          body: JSON.stringify({ run, path, pad: 'x'.repeat(512) }),
          headers: { 'content-type': 'application/json' },
          dispatcher: agent,
        });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) acked.push(path);
      } catch {
        // refused, reset or cut off by the kill: never acknowledged, so nothing is promised
      }
      if (!killed && acked.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(await exited).toBe('SIGKILL');
  await agent.destroy();
  return acked;
}

it(`every request answered 2xx is in the log after ${RUNS} SIGKILLs under load`, async () => {
  const dataDir = join(tmp.dir, 'data');
  const everAcked: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const acked = await loadAndKill(dataDir, run, 1 + Math.floor(Math.random() * 400));
    expect(acked.length).toBeGreaterThan(0);
    everAcked.push(...acked.map((p) => `/in/crash${p}`));
    // Each run's start is the restart of the previous one; check what it recovered.
    const db = new Database(join(dataDir, 'exchanges.db'));
    try {
      expect(arrays(db.prepare('PRAGMA integrity_check')).all()).toEqual([['ok']]);
      const stored = new Set(
        (arrays(db.prepare('SELECT target FROM exchange WHERE kind = 1')).all() as string[][]).map((r) => r[0]),
      );
      expect(everAcked.filter((p) => !stored.has(p))).toEqual([]);
    } finally {
      db.close();
    }
  }
}, 180_000);
