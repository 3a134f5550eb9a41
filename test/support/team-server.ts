import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type Dispatcher } from 'undici';
import type { Role } from '../../shared/model/account';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index';
import { startControlServer, type ControlServer } from '../../electron/headless/server';
import { makeTestCert, type TestCert } from './tls-cert';
import { tempDir } from './temp';
import { createTestDatabase, type TestDatabase } from './postgres-db';
import { sharedSecretBox } from './storage-adapters';

/** Where a team server keeps its accounts and everything else: the data dir's files, or a fresh PostgreSQL database. */
export type TeamStorage = 'sqlite' | 'postgres';
export const teamStorages: TeamStorage[] = ['sqlite', 'postgres'];

/** A clock the test moves by hand (session expiry, sign-in blocks). */
export function manualClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

export interface TeamServer {
  core: Core;
  server: ControlServer;
  cert: TestCert;
  base: string;
  clock: ReturnType<typeof manualClock>;
  /** Creates an account (as the local owner) and returns its id. */
  addUser(email: string, role: Role, password?: string): Promise<string>;
  http(
    method: string,
    path: string,
    o?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any; text: string }>;
  signIn(email: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers a page of this server sends with a call: cookie, CSRF token, Origin. */
  headers: Record<string, string>;
}

export const PASSWORD = 'correct horse battery staple';

/**
 * A core behind the HTTP door, served over HTTPS with a certificate made for
 * the test, on a clock the test moves, over either storage adapter; scrypt at a low cost so sign-ins are quick
 * (the production cost is measured by the bench, not here).
 */
export async function startTeamServer(
  options: Partial<CoreOptions> = {},
  storage: TeamStorage = 'sqlite',
): Promise<TeamServer> {
  const tmp = tempDir('hb-team-');
  const cert = makeTestCert(tmp.dir);
  const clock = manualClock();
  const db: TestDatabase | null = storage === 'postgres' ? await createTestDatabase('team') : null;
  const core = createCore({
    dataDir: join(tmp.dir, 'data'),
    clock,
    accounts: { scrypt: { log2n: 10, r: 8, p: 1 } },
    ...(db ? { database: { url: db.url }, secretBox: sharedSecretBox(), retentionIntervalMs: 0 } : {}),
    ...options,
  });
  await core.start();
  const tls = { cert: cert.cert, key: readFileSync(cert.keyFile, 'utf8'), fingerprint256: '' };
  const server = await startControlServer({
    core,
    port: 0,
    rendererDir: join(tmp.dir, 'no-ui'),
    extraRoutes: [core.rest],
    tls,
  });
  const base = `https://127.0.0.1:${server.port}`;

  const http: TeamServer['http'] = async (method, path, o = {}) => {
    const res = await request(`${base}${path}`, {
      method: method as Dispatcher.HttpMethod,
      dispatcher: cert.agent,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.body.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.statusCode, headers: res.headers, json, text };
  };

  return {
    core,
    server,
    cert,
    base,
    clock,
    async addUser(email, role, password = PASSWORD) {
      const r = await core.api.createUser({ email, role, password });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.user.id;
    },
    http,
    async signIn(email, password = PASSWORD) {
      const res = await http('POST', '/auth/sign-in', { body: { email, password }, headers: { origin: base } });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${res.text}`);
      const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.includes('hookbench_session='))!;
      const cookie = setCookie.split(';')[0]!;
      const csrf = res.json.value.csrf as string;
      return { cookie, csrf, headers: { cookie, 'x-hookbench-csrf': csrf, origin: base } };
    },
    async close() {
      await server.close();
      await core.stop();
      await cert.agent.close();
      await db?.drop();
      tmp.cleanup();
    },
  };
}
