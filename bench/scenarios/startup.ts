import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import type { BenchScenario } from '../types';
import { median, round } from '../stats';

const root = join(import.meta.dirname, '..', '..');

function post(port: number, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/rpc/getStatus',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Spawn → first answered API call, for a given script; `readyPattern` finds port and token in its output. */
function timeToFirstAnswer(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', async (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
      if (!m) return;
      child.stdout.removeAllListeners('data');
      try {
        const status = await post(Number(m[1]), m[2]!);
        const elapsed = performance.now() - started;
        child.kill('SIGTERM');
        if (status !== 200) reject(new Error(`first call answered ${status}`));
        else resolve(elapsed);
      } catch (err) {
        child.kill('SIGKILL');
        reject(err);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before answering: ${out}`)));
  });
}

/** Baseline: a bare node:http server that prints its URL and answers one JSON call — Node's own floor. */
const BARE = `
const http = require('node:http');
const s = http.createServer((q, r) => { r.setHeader('Content-Type', 'application/json'); r.end('{"ok":true}'); });
s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/?token=x'));
process.on('SIGTERM', () => process.exit(0));`;

export const scenarios: BenchScenario[] = [
  {
    name: 'headless startup',
    async run() {
      const runs = 5;
      const ours: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < runs; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'hb-bench-start-'));
        try {
          ours.push(
            await timeToFirstAnswer([join(root, 'bin', 'hookbench.js'), 'serve', '--port', '0', '--data-dir', dir]),
          );
          base.push(await timeToFirstAnswer(['-e', BARE]));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      const o = median(ours);
      const b = median(base);
      return [
        {
          scenario: 'headless startup to first API answer',
          unit: 'ms',
          ours: round(o, 1),
          baseline: round(b, 1),
          ratio: round(o / b),
          note: `median of ${runs} cold starts; baseline is a bare node:http server answering one request`,
        },
      ];
    },
  },
];
