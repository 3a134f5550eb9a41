import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxChange, InboxView } from '../../../shared/model/inbox';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { send, unwrap } from '../../support/receiver-harness';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('inbox API over REST', () => {
  let hb: RunningCore;
  const changes: InboxChange[] = [];
  const auth = { Authorization: 'inbox-test-key-0123456789', 'Content-Type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(hb.base + path, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & InboxView };
  };

  beforeAll(async () => {
    hb = await startCoreServer({ bootstrapApiKey: 'inbox-test-key-0123456789', receiverPort: 0 });
    hb.core.events.subscribe((m) => m.name === 'inbox.changed' && changes.push(m.payload as InboxChange));
  });
  afterAll(() => hb.close());

  it('creates, lists, reads, updates, sets rules and forwarding, and deletes', async () => {
    const created = await call('POST', '/api/v1/inboxes', {
      name: 'Stripe local',
      verification: { profile: 'stripe', secrets: ['whsec_abcdefghijklmnopqrstuvwxyz012345'] },
    });
    expect(created.status).toBe(200);
    const id = created.json.id;
    expect(created.json).toMatchObject({
      slug: 'stripe-local',
      url: `${hb.core.receiverUrl()}/in/stripe-local`,
      port: null,
      bodyCapBytes: 10 * 1024 * 1024,
    });
    expect(JSON.stringify(created.json)).not.toContain('whsec_abcdefghijklmnopqrstuvwxyz012345');

    const list = (await call('GET', '/api/v1/inboxes')).json as unknown as InboxView[];
    expect(list.map((i) => i.id)).toContain(id);
    expect((await call('GET', `/api/v1/inboxes/${id}`)).json.name).toBe('Stripe local');

    const patched = await call('PATCH', `/api/v1/inboxes/${id}`, { slug: 'stripe', bodyCapBytes: 2048 });
    expect(patched.json).toMatchObject({
      slug: 'stripe',
      bodyCapBytes: 2048,
      name: 'Stripe local',
      url: expect.stringMatching(/\/in\/stripe$/),
    });
    expect((await send(patched.json.url!, { body: '{}' })).status).toBe(200);

    const rule = await call('PUT', `/api/v1/inboxes/${id}/response-rule`, {
      status: 418,
      sequence: [{ count: 1, status: 500 }],
    });
    expect(rule.json.responseRule).toMatchObject({ status: 418, sequence: [{ count: 1, status: 500 }] });
    const fwd = await call('PUT', `/api/v1/inboxes/${id}/forwarding`, { url: 'http://127.0.0.1:9/hooks' });
    expect(fwd.json.forwarding).toEqual({
      url: 'http://127.0.0.1:9/hooks',
      respondWith: 'target',
      timeoutMs: 10_000,
      forwardCredentials: false,
      allowBrowsers: false,
      trustedHosts: [],
    });
    const badUrl = await call('PUT', `/api/v1/inboxes/${id}/forwarding`, { url: 'ftp://x' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json.error).toMatchObject({ fieldErrors: { url: [expect.any(String)] } });

    expect((await call('DELETE', `/api/v1/inboxes/${id}`)).json).toEqual({ deleted: true });
    expect((await call('GET', `/api/v1/inboxes/${id}`)).status).toBe(404);
    expect(changes.filter((c) => c.id === id).map((c) => c.change)).toEqual([
      'created',
      'updated',
      'updated',
      'updated',
      'deleted',
    ]);
  });

  it('refuses a taken slug and an invalid name with field errors', async () => {
    await call('POST', '/api/v1/inboxes', { name: 'dup', slug: 'dup' });
    const taken = await call('POST', '/api/v1/inboxes', { name: 'other', slug: 'dup' });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ fieldErrors: { slug: [expect.any(String)] } });
    const derived = await call('POST', '/api/v1/inboxes', { name: 'dup' });
    expect(derived.json.slug).toBe('dup-2');
    const bad = await call('POST', '/api/v1/inboxes', { name: '', slug: 'Not A Slug' });
    expect(Object.keys((bad.json.error as { fieldErrors: object }).fieldErrors).sort()).toEqual(['name', 'slug']);
  });

  it('serves an inbox on a dedicated port (every path), moves it, and frees it', async () => {
    const port = await freePort();
    const inbox = await call('POST', '/api/v1/inboxes', { name: 'own port', port });
    expect(inbox.json.portUrl).toBe(`http://127.0.0.1:${port}/`);
    const res = await send(`http://127.0.0.1:${port}/any/path?q=1`, { body: 'x' });
    expect(res.status).toBe(200);
    const page = await hb.core.storage()!.exchanges.query({ kind: 'capture', inboxId: inbox.json.id }, { limit: 1 });
    expect(page.items[0]).toMatchObject({ target: '/any/path', outcome: 'succeeded' });

    const clash = await call('POST', '/api/v1/inboxes', { name: 'clash', port });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toMatchObject({ fieldErrors: { port: [expect.any(String)] } });

    const other = await freePort();
    unwrap(await hb.core.api.updateInbox({ id: inbox.json.id, port: other }));
    expect((await send(`http://127.0.0.1:${other}/`, { body: 'y' })).status).toBe(200);
    const gone = await send(`http://127.0.0.1:${port}/`, { body: 'z' }).catch((e: NodeJS.ErrnoException) => e.code);
    expect(gone).toBe('ECONNREFUSED');
    unwrap(await hb.core.api.deleteInbox({ id: inbox.json.id }));
    expect(await send(`http://127.0.0.1:${other}/`, { body: 'z' }).catch((e: NodeJS.ErrnoException) => e.code)).toBe(
      'ECONNREFUSED',
    );
  });

  it('reports the receiver in the status and keeps it off the control server', async () => {
    const status = unwrap(await hb.core.api.getStatus({}));
    expect(status.listening).toContainEqual({ name: 'receiver', url: hb.core.receiverUrl() });
    const inbox = unwrap(await hb.core.api.createInbox({ name: 'not here' }));
    const onControl = await fetch(`${hb.base}/in/${inbox.slug}`, { method: 'POST', body: '{}' });
    expect(onControl.status).not.toBe(200);
  });
});
