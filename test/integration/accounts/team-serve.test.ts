import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';
import { makeTestCert, type TestCert } from '../../support/tls-cert';

const ADMIN = 'ada@example.org';
const ADMIN_PASSWORD = 'correct horse battery staple';
const API_KEY = 'automation-key-0123456789abcdef';

describe('hookbench serve for a team: TLS, accounts from the environment, the offline users CLI', () => {
  const tmp = tempDir('hb-team-serve-');
  const dataDir = join(tmp.dir, 'data');
  let cert: TestCert;
  let hb: HeadlessProcess;

  const http = async (url: string, o: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await request(url, {
      method: (o.method ?? (o.body === undefined ? 'GET' : 'POST')) as 'GET',
      dispatcher: cert.agent,
      headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : null };
  };
  const signIn = async (email: string, password: string) => {
    const res = await http(`${hb.origin}/auth/sign-in`, { body: { email, password }, headers: { origin: hb.origin } });
    if (res.status !== 200) return { status: res.status, headers: {} as Record<string, string> };
    const cookie = [res.headers['set-cookie']].flat()[0]!.split(';')[0]!;
    return { status: 200, headers: { cookie, 'x-hookbench-csrf': res.json.value.csrf, origin: hb.origin } };
  };

  beforeAll(async () => {
    cert = makeTestCert(tmp.dir);
    hb = await startHeadless(
      dataDir,
      ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile, '--receiver-port', '0'],
      {
        HOOKBENCH_ADMIN_EMAIL: ADMIN,
        HOOKBENCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        HOOKBENCH_API_KEY: API_KEY,
      },
    );
  });
  afterAll(async () => {
    await hb?.stop();
    await cert.agent.close();
    tmp.cleanup();
  });

  it('refuses to listen beyond loopback without TLS or a trusted proxy, saying what to add', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(tmp.dir, 'other')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0 would expose Hookbench beyond this machine without encryption/);
    expect(r.stderr).toMatch(/Add --tls-cert FILE --tls-key FILE/);
    expect(r.stderr).toMatch(/--trust-proxy/);
    const half = await runCli([
      'serve',
      '--tls-cert',
      cert.certFile,
      '--port',
      '0',
      '--data-dir',
      join(tmp.dir, 'other'),
    ]);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert needs --tls-key/);
  });

  it('serves HTTPS and asks people to sign in (no token in the printed URL); the first admin came from the environment', async () => {
    expect(hb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(hb.output()).toMatch(/Hookbench UI: https:\/\/127\.0\.0\.1:\d+\/ \(sign in\)/);
    expect(hb.output()).not.toMatch(/token=/);
    const state = await http(`${hb.origin}/auth/state`);
    expect(state.json.value).toEqual({ accounts: true, user: null });
    expect((await signIn(ADMIN, ADMIN_PASSWORD)).status).toBe(200);
    // the automation key is an admin's
    expect((await http(`${hb.origin}/api/v1/users`, { headers: { authorization: API_KEY } })).status).toBe(200);
    // plain HTTP on the app port is not answered as HTTP
    await expect(fetch(hb.origin.replace('https:', 'http:') + '/auth/state')).rejects.toThrow();
  });

  it('creates accounts offline while serve runs, and the running server lets them sign in at once', async () => {
    const created = await runCli(
      ['users', 'create', 'Sam@Example.org', '--role', 'viewer', '--password-stdin', '--data-dir', dataDir, '--json'],
      { input: 'a viewer passphrase 42\n' },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      user: { email: 'sam@example.org', role: 'viewer' },
      password: null,
    });
    const generated = await runCli(['users', 'create', 'quinn@example.org', '--role', 'editor', '--data-dir', dataDir]);
    expect(generated.status, generated.stderr).toBe(0);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(generated.stdout)![1]!;
    expect((await signIn('quinn@example.org', password)).status).toBe(200);
    expect((await signIn('sam@example.org', 'a viewer passphrase 42')).status).toBe(200);

    const dup = await runCli(['users', 'create', 'sam@example.org', '--role', 'admin', '--data-dir', dataDir]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(/exists already/);
    const weak = await runCli(
      ['users', 'create', 'x@example.org', '--role', 'viewer', '--password-stdin', '--data-dir', dataDir],
      {
        input: 'short',
      },
    );
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const badRole = await runCli(['users', 'create', 'x@example.org', '--role', 'owner', '--data-dir', dataDir]);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of viewer, editor, admin/);

    const list = JSON.parse((await runCli(['users', 'list', '--json', '--data-dir', dataDir])).stdout) as {
      email: string;
    }[];
    expect(list.map((u) => u.email)).toEqual([ADMIN, 'sam@example.org', 'quinn@example.org']);
  });

  it('creates an API key for an account through the local instance over its pinned HTTPS; the key stops with the account', async () => {
    const made = await runCli([
      'keys',
      'create',
      'support-bot',
      '--user',
      'sam@example.org',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const key = JSON.parse(made.stdout) as { key: string; user: { email: string; role: string } };
    expect(key.user).toMatchObject({ email: 'sam@example.org', role: 'viewer' });
    expect((await http(`${hb.origin}/api/v1/exchanges`, { headers: { authorization: key.key } })).status).toBe(200);
    expect(
      (await http(`${hb.origin}/api/v1/keys`, { body: { name: 'x' }, headers: { authorization: key.key } })).status,
    ).toBe(403);
    const listed = await runCli(['keys', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(/support-bot {2}sam@example\.org \(viewer\)/);
    expect(listed.stdout).toMatch(/HOOKBENCH_API_KEY {2}local owner \(admin\)/);

    const disabled = await runCli(['users', 'disable', 'sam@example.org', '--data-dir', dataDir]);
    expect(disabled.status, disabled.stderr).toBe(0);
    expect((await http(`${hb.origin}/api/v1/exchanges`, { headers: { authorization: key.key } })).status).toBe(401);
    expect((await signIn('sam@example.org', 'a viewer passphrase 42')).status).toBe(403);
    const last = await runCli(['users', 'disable', ADMIN, '--data-dir', dataDir]);
    expect(last.status).toBe(2);
    expect(last.stderr).toMatch(/last enabled admin/);
  });

  it('resets a password offline: the old one and its sessions stop at once', async () => {
    const before = await signIn('quinn@example.org', (await resetAndRead()).password);
    const reset = await runCli(
      ['users', 'reset-password', 'quinn@example.org', '--password-stdin', '--data-dir', dataDir],
      {
        input: 'the replacement passphrase',
      },
    );
    expect(reset.status, reset.stderr).toBe(0);
    const me = await http(`${hb.origin}/rpc/currentUser`, { body: {}, headers: before.headers });
    expect(me.status).toBe(401);
    expect((await signIn('quinn@example.org', 'the replacement passphrase')).status).toBe(200);
  });

  async function resetAndRead(): Promise<{ password: string }> {
    const r = await runCli(['users', 'reset-password', 'quinn@example.org', '--json', '--data-dir', dataDir]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { password: string };
  }

  it('serves the receiver over HTTPS too, and never keeps the session cookie or CSRF header it is sent', async () => {
    const admin = await signIn(ADMIN, ADMIN_PASSWORD);
    const inbox = await http(`${hb.origin}/rpc/createInbox`, { body: { name: 'stripe' }, headers: admin.headers });
    expect(inbox.status, inbox.text).toBe(200);
    const url = inbox.json.value.url as string;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/in\//);
    const sent = await http(url, {
      body: { type: 'ping' },
      headers: { ...admin.headers, cookie: `${admin.headers.cookie}; theme=dark` },
    });
    expect(sent.status).toBeLessThan(300);
    const page = await http(`${hb.origin}/rpc/queryExchanges`, { body: { kind: 'capture' }, headers: admin.headers });
    const detail = await http(`${hb.origin}/rpc/getExchange`, {
      body: { id: page.json.value.items[0].id },
      headers: admin.headers,
    });
    const stored = JSON.stringify(detail.json.value);
    expect(stored).toContain('theme');
    expect(stored).not.toContain('hookbench_session');
    expect(stored.toLowerCase()).not.toContain('x-hookbench-csrf');
    expect(stored).not.toContain(admin.headers['x-hookbench-csrf']);
  });
});
