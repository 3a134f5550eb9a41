import { scrypt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createCore } from '../../electron/core/index';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../electron/core/accounts/passwords';
import { startControlServer } from '../../electron/headless/server';
import { loadNow, percentile, round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';

const HASHES = Number(process.env.BENCH_HASHES ?? 12);
const CALLS = Number(process.env.BENCH_SESSION_CALLS ?? 2000);

function stats(samples: number[]) {
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
  };
}

/** What a password costs at the stored parameters, against bare scrypt with the same ones (the floor). */
async function passwordCost(): Promise<BenchLine[]> {
  const bare = () =>
    new Promise<void>((resolve, reject) =>
      scrypt(
        'x',
        'saltsaltsaltsalt',
        32,
        { N: 2 ** DEFAULT_SCRYPT.log2n, r: 8, p: 1, maxmem: 300 * 1024 * 1024 },
        (e) => (e ? reject(e) : resolve()),
      ),
    );
  const stored = await hashPassword('correct horse battery staple');
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < HASHES; i++) {
    // alternated, so a busy second on the shared machine falls on both
    let t = performance.now();
    await verifyPassword('correct horse battery staple', stored);
    ours.push(performance.now() - t);
    t = performance.now();
    await bare();
    floor.push(performance.now() - t);
  }
  const o = stats(ours);
  return [
    {
      scenario: 'accounts.password-verify',
      unit: 'ms',
      ...o,
      ours: o.p50,
      baseline: round(percentile(floor, 50)),
      ratio: round(o.p50 / percentile(floor, 50)),
      note: `scrypt N=2^${DEFAULT_SCRYPT.log2n}, r=${DEFAULT_SCRYPT.r}, p=${DEFAULT_SCRYPT.p} (128 MiB), ${HASHES} verifications; baseline: bare node:crypto scrypt, same parameters`,
    },
  ];
}

/**
 * The price of a session on every call: /rpc/getStatus with the session cookie
 * and CSRF header (one indexed read of the session and of its user) against
 * the same call with the per-run token (no read), one call at a time.
 */
async function sessionCost(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-accounts-'));
  const core = createCore({ dataDir: join(dir, 'data') });
  await core.start();
  const server = await startControlServer({ core, port: 0, rendererDir: join(dir, 'no-ui'), extraRoutes: [core.rest] });
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const made = await core.api.createUser({
      email: 'bench@example.org',
      role: 'viewer',
      password: 'bench passphrase 123',
    });
    if (!made.ok) throw new Error(made.error.message);
    const signIn = await request(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'bench@example.org', password: 'bench passphrase 123' }),
    });
    const cookie = String([signIn.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const csrf = ((await signIn.body.json()) as { value: { csrf: string } }).value.csrf;
    const sides = {
      session: { cookie, 'x-hookbench-csrf': csrf, origin: base },
      token: { authorization: `Bearer ${server.token}` },
    };
    const times: Record<keyof typeof sides, number[]> = { session: [], token: [] };
    for (let i = 0; i < CALLS; i++) {
      for (const side of (i % 2 ? ['session', 'token'] : ['token', 'session']) as (keyof typeof sides)[]) {
        const t = performance.now();
        const res = await request(`${base}/rpc/getStatus`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...sides[side] },
          body: '{}',
        });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`getStatus answered ${res.statusCode} with the ${side}`);
        if (i >= 100) times[side].push(performance.now() - t);
      }
    }
    const s = stats(times.session);
    return [
      {
        scenario: 'accounts.call-with-session',
        unit: 'ms',
        ...s,
        ours: s.p50,
        baseline: round(percentile(times.token, 50)),
        ratio: round(s.p50 / percentile(times.token, 50)),
        note: `${CALLS - 100} POST /rpc/getStatus one at a time over loopback HTTP after 100 warm-up calls; baseline: the per-run token (no session read)`,
        loadavg: loadNow(),
      },
    ];
  } finally {
    await server.close();
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const scenarios: BenchScenario[] = [
  { name: 'accounts.password-verify', run: passwordCost },
  { name: 'accounts.call-with-session', run: sessionCost },
];
