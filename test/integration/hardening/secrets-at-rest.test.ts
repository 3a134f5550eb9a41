import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/index';
import type { Logger } from '../../../electron/core/log';
import { binPath } from '../../support/headless-process';
import { unwrap } from '../../support/receiver-harness';
import { tempDir } from '../../support/temp';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';

const TOKEN = 'tok_Sup3rSecretHeaderValue';
const PASSWORD = 'basic-auth-pass-w0rd';
const CAPTURED_AUTH = Buffer.from('alice:captured-pass-123').toString('base64');
const COOKIE_VALUE = 'sess_9f8e7d6c5b4a';

/** Every byte Hookbench keeps on disk for this data dir, as text. */
function onDisk(dataDir: string): string {
  return ['settings.json', 'exchanges.db', 'exchanges.db-wal']
    .map((f) => {
      try {
        return readFileSync(join(dataDir, f)).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');
}

/** Class 5 of issue 13: secrets sealed at rest, credentials masked in the log and its index, never logged. */
describe('secrets at rest and in logs', () => {
  const tmp = tempDir('hb-secrets-');
  const dataDir = join(tmp.dir, 'data');
  const lines: string[] = [];
  const log: Logger = {
    info: (m, ...d) => lines.push([m, ...d].map(String).join(' ')),
    warn: (m, ...d) => lines.push([m, ...d].map(String).join(' ')),
    error: (m, ...d) => lines.push([m, ...d].map((x) => (x instanceof Error ? x.stack : String(x))).join(' ')),
  };
  let endpoint: WebhookServer;
  let core: Core;

  beforeAll(async () => {
    endpoint = await startWebhookServer();
    core = createCore({ dataDir, receiverPort: 0, log });
    await core.start();
  });
  afterAll(async () => {
    await core?.stop();
    await endpoint?.close();
    tmp.cleanup();
  });

  it('seals custom header values and the basic-auth password, and keeps both out of the delivery log', async () => {
    const { subscription } = unwrap(
      await core.api.createSubscription({
        name: 'with token',
        url: endpoint.url,
        headers: { 'X-Api-Key': TOKEN, 'X-Tenant': 'acme' },
        basicAuth: { username: 'hook', password: PASSWORD },
      }),
    );
    expect(subscription.headers).toEqual({ 'X-Api-Key': TOKEN, 'X-Tenant': 'acme' });
    unwrap(
      await core.api.emit({
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: '{"type":"user.created"}',
        wait: true,
      }),
    );
    const got = (await endpoint.waitFor(1))[0]!;
    expect(got.headers['x-api-key']).toBe(TOKEN);
    expect(got.headers.authorization).toBe(`Basic ${Buffer.from(`hook:${PASSWORD}`).toString('base64')}`);
    await core.storage()!.settings.flush();
    await core.storage()!.exchanges.flush();
    const disk = onDisk(dataDir);
    expect(disk).not.toContain(TOKEN);
    expect(disk).not.toContain(PASSWORD);
    expect(disk).toContain('acme'); // a header that is not a credential stays searchable
    const id = unwrap(await core.api.queryExchanges({ kind: 'delivery' })).items[0]!.id;
    const detail = JSON.stringify(unwrap(await core.api.getExchange({ id })));
    expect(detail).not.toContain(TOKEN);
    expect(detail).toContain('"X-Api-Key","••••••"');
    expect(unwrap(await core.api.queryExchanges({ text: TOKEN })).items).toEqual([]);
  });

  it('masks a capture’s credentials in the row and the search index, and reveals them only when asked', async () => {
    const inbox = unwrap(await core.api.createInbox({ name: 'creds' }));
    const res = await fetch(`${core.receiverUrl()}/in/${inbox.slug}`, {
      method: 'POST',
      headers: { Authorization: `Basic ${CAPTURED_AUTH}`, Cookie: `sid=${COOKIE_VALUE}; theme=dark` },
      body: '{"hello":"world"}',
    });
    expect(res.status).toBe(200);
    await core.storage()!.exchanges.flush();
    const id = unwrap(await core.api.queryExchanges({ inboxId: inbox.id })).items[0]!.id;
    const capture = unwrap(await core.api.getExchange({ id }));
    if (capture.kind !== 'capture') throw new Error('expected a capture');
    const stored = Object.fromEntries(capture.capture.headers);
    expect(stored).toMatchObject({ Authorization: 'Basic ••••••', Cookie: 'sid=••••••; theme=••••••' });
    expect(capture.capture.credentialsKept).toBe(true);
    expect(unwrap(await core.api.queryExchanges({ text: CAPTURED_AUTH })).items).toEqual([]);
    expect(unwrap(await core.api.queryExchanges({ text: COOKIE_VALUE })).items).toEqual([]);
    expect(onDisk(dataDir)).not.toContain(CAPTURED_AUTH);
    expect(onDisk(dataDir)).not.toContain(COOKIE_VALUE);
    const revealed = Object.fromEntries(unwrap(await core.api.revealCredentials({ id })).headers);
    expect(revealed).toMatchObject({
      Authorization: `Basic ${CAPTURED_AUTH}`,
      Cookie: `sid=${COOKIE_VALUE}; theme=dark`,
    });
  });

  it('a hand-edited plain secret is sealed, never echoed in a log, and lists and emits still answer', async () => {
    await core.stop();
    const file = join(dataDir, 'settings.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.subscriptions[0].secret = 'whsec_HandEditedButNotBase64!!';
    writeFileSync(file, JSON.stringify(doc));
    lines.length = 0;
    await core.start();
    expect(unwrap(await core.api.listSubscriptions(undefined))).toHaveLength(1);
    const emitted = await core.api.emit({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: '{"type":"user.created"}',
    });
    expect(emitted).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(lines.join('\n')).not.toContain('HandEditedButNotBase64');
    expect(readFileSync(file, 'utf8')).not.toContain('HandEditedButNotBase64');
  });

  it('a record whose secret cannot be unsealed is a notice naming it, and lists still answer', async () => {
    await core.stop();
    // Another key: every sealed value of this data dir now fails to open.
    renameSync(join(dataDir, 'secret.key'), join(dataDir, 'secret.key.other'));
    writeFileSync(join(dataDir, 'secret.key'), randomBytes(32), { mode: 0o600 });
    await core.start();
    const status = unwrap(await core.api.getStatus(undefined));
    expect(status.notices.join('\n')).toMatch(/Subscription "with token" \(.+\): secret could not be unsealed/);
    const list = unwrap(await core.api.listSubscriptions(undefined));
    expect(list[0]!.name).toBe('with token');
    const emitted = await core.api.emit({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: '{"type":"user.created"}',
    });
    expect(emitted).toMatchObject({ ok: false, error: { code: 'failed', message: /"with token"/ } });
  });
});

describe('HOOKBENCH_API_KEY', () => {
  const tmp = tempDir('hb-weak-key-');
  afterAll(() => tmp.cleanup());

  it('a weak key is refused at start with exit 2 and a message saying how to make one', () => {
    const r = spawnSync(
      process.execPath,
      [binPath, 'serve', '--port', '0', '--receiver-port', '0', '--data-dir', join(tmp.dir, 'd')],
      { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOOKBENCH_API_KEY: 'x' } },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/HOOKBENCH_API_KEY is too weak: it is 1 characters long.*openssl rand/);
  });
});
