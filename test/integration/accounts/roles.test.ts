import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from '../../../shared/api/contract';
import { methodAccess, roleAllows } from '../../../shared/api/method-access';
import { v1Routes } from '../../../electron/core/rest/v1-routes';
import { startTeamServer, teamStorages, type Session, type TeamServer } from '../../support/team-server';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';

const SECRET_HEADER = 'tok_do-not-log-me-9f8e7d6c5b4a';

describe.each(teamStorages)('roles on every door (%s)', (storage) => {
  let t: TeamServer;
  let target: WebhookServer;
  let viewer: Session;
  let editor: Session;
  let admin: Session;
  const keys: Record<'viewer' | 'editor', string> = { viewer: '', editor: '' };
  let subscriptionId = '';
  let deliveryId = '';

  beforeAll(async () => {
    t = await startTeamServer({}, storage);
    target = await startWebhookServer();
    await t.addUser('ada@example.org', 'admin');
    await t.addUser('quinn@example.org', 'editor');
    await t.addUser('sam@example.org', 'viewer');
    [admin, editor, viewer] = await Promise.all(
      ['ada@example.org', 'quinn@example.org', 'sam@example.org'].map((e) => t.signIn(e)),
    );
    for (const role of ['viewer', 'editor'] as const) {
      const email = role === 'viewer' ? 'sam@example.org' : 'quinn@example.org';
      const made = await t.http('POST', '/rpc/createApiKey', {
        body: { name: `${role}-key`, user: email },
        headers: admin.headers,
      });
      expect(made.json.value).toMatchObject({ user: { email, role } });
      keys[role] = made.json.value.key;
    }
    const sub = await t.http('POST', '/rpc/createSubscription', {
      body: {
        name: 'app',
        url: target.url,
        profile: 'standard-webhooks',
        events: ['user.created'],
        headers: { 'X-Api-Token': SECRET_HEADER },
      },
      headers: admin.headers,
    });
    subscriptionId = sub.json.value.subscription.id;
    const emitted = await t.http('POST', '/rpc/emit', {
      body: { provider: 'standard-webhooks', event: 'user.created', payload: '{"id":"u1","email":"x@example.org"}' },
      headers: admin.headers,
    });
    deliveryId = emitted.json.value.deliveries[0].deliveryId;
    await target.waitFor(1);
  });
  afterAll(async () => {
    await t.close();
    await target.close();
  });

  it('a viewer gets 403 from /rpc for every method above their role, and reads the rest', async () => {
    const refused: MethodName[] = [];
    // (signOutEverywhere would end this very session: it is a viewer's own, tested with sign-in)
    for (const name of methodNames.filter((n) => n !== 'signOutEverywhere')) {
      const res = await t.http('POST', `/rpc/${name}`, { body: {}, headers: viewer.headers });
      if (res.status === 403) refused.push(name);
      else expect(res.json.error?.code, `${name}: ${res.text}`).not.toBe('forbidden');
      if (res.status === 403) expect(res.json.error.message).toMatch(/Needs the (Editor|Admin) role; you are a Viewer/);
    }
    const expected = methodNames.filter((n) => !roleAllows('viewer', methodAccess[n].role));
    expect(expected.length).toBeGreaterThan(25);
    expect(refused.sort()).toEqual(expected.sort());
    // every state-changing method but a person's own password and sessions is among them
    for (const name of methodNames)
      if (methodAccess[name].mutates && !methodAccess[name].own) expect(refused).toContain(name);
  });

  it("a viewer's API key gets 403 on every /api/v1 operation above the role, walked from the OpenAPI document", async () => {
    const doc = (await t.http('GET', '/api/v1/openapi.json')).json as {
      paths: Record<string, Record<string, { operationId: MethodName }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        path: path.replace(/\{\w+\}/g, 'x'),
        method,
        name: op.operationId,
      })),
    );
    // the document holds every method that has a route, the mutating ones included
    expect(operations.map((o) => o.name).sort()).toEqual(methodNames.filter((n) => v1Routes[n]).sort());
    let refusedChanges = 0;
    for (const op of operations) {
      const res = await t.http(op.method.toUpperCase(), op.path, {
        ...(op.method === 'get' || op.method === 'delete' ? {} : { body: {} }),
        headers: { authorization: keys.viewer },
      });
      const allowed = roleAllows('viewer', methodAccess[op.name].role);
      if (allowed) expect(res.status, `${op.method} ${op.path}: ${res.text}`).not.toBe(403);
      else {
        expect(res.status, `${op.method} ${op.path}`).toBe(403);
        expect(res.json.error).toMatchObject({ code: 'forbidden' });
      }
      if (methodAccess[op.name].mutates) {
        expect(allowed).toBe(false);
        refusedChanges++;
      }
    }
    expect(refusedChanges).toBeGreaterThan(20);
  });

  it("a viewer's API key gets 403 on every state-changing /api/webhook route and reads the webhooks", async () => {
    const auth = { authorization: keys.viewer };
    const webhook = { webhook: { url: target.url, events: ['user.create'] } };
    for (const [method, path] of [
      ['POST', '/api/webhook'],
      ['POST', `/api/webhook/${subscriptionId}`],
      ['PUT', `/api/webhook/${subscriptionId}`],
      ['PATCH', `/api/webhook/${subscriptionId}`],
      ['DELETE', `/api/webhook/${subscriptionId}`],
    ] as const) {
      const res = await t.http(method, path, { body: method === 'DELETE' ? undefined : webhook, headers: auth });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.generalErrors[0]).toMatchObject({ code: '[forbidden]' });
    }
    expect((await t.http('GET', '/api/webhook', { headers: auth })).status).toBe(200);
    expect((await t.http('POST', '/api/webhook/search', { body: { search: {} }, headers: auth })).status).toBe(200);
    expect((await t.http('GET', `/api/webhook/${subscriptionId}`, { headers: auth })).status).toBe(200);
  });

  it('an editor can replay but not create API keys, over /rpc and over REST', async () => {
    const replayed = await t.http('POST', '/rpc/replay', { body: { id: deliveryId }, headers: editor.headers });
    expect(replayed.status, replayed.text).toBe(200);
    const restReplay = await t.http('POST', `/api/v1/exchanges/${deliveryId}/replay`, {
      body: {},
      headers: { authorization: keys.editor },
    });
    expect(restReplay.status, restReplay.text).toBe(200);
    await target.waitFor(3);
    const rpcKey = await t.http('POST', '/rpc/createApiKey', { body: { name: 'mine' }, headers: editor.headers });
    expect(rpcKey.status).toBe(403);
    expect(rpcKey.json.error.message).toMatch(/createApiKey: Needs the Admin role; you are an? Editor/);
    const restKey = await t.http('POST', '/api/v1/keys', {
      body: { name: 'mine' },
      headers: { authorization: keys.editor },
    });
    expect(restKey.status).toBe(403);
  });

  it('a key carries its account role as it is now, and stops when the account is disabled', async () => {
    const users = (await t.http('GET', '/api/v1/users', { headers: { authorization: keys.editor } })).status;
    expect(users).toBe(403);
    const list = (await t.http('POST', '/rpc/listUsers', { body: {}, headers: admin.headers })).json.value as {
      id: string;
      email: string;
    }[];
    const quinn = list.find((u) => u.email === 'quinn@example.org')!.id;
    await t.http('POST', '/rpc/updateUser', { body: { id: quinn, role: 'admin' }, headers: admin.headers });
    expect((await t.http('GET', '/api/v1/users', { headers: { authorization: keys.editor } })).status).toBe(200);
    await t.http('POST', '/rpc/updateUser', {
      body: { id: quinn, role: 'editor', disabled: true },
      headers: admin.headers,
    });
    const gone = await t.http('GET', '/api/v1/status', { headers: { authorization: keys.editor } });
    expect(gone.status).toBe(401);
    expect((await t.http('GET', '/api/webhook', { headers: { authorization: keys.editor } })).status).toBe(401);
    await t.http('POST', '/rpc/updateUser', { body: { id: quinn, disabled: false }, headers: admin.headers });
    expect((await t.http('GET', '/api/v1/status', { headers: { authorization: keys.editor } })).status).toBe(200);
  });

  it('records each change in the audit log: who, through which door, what — and no secret', async () => {
    const page = await t.http('POST', '/rpc/listAuditLog', { body: { limit: 200 }, headers: admin.headers });
    expect(page.status).toBe(200);
    const entries = page.json.value.entries as {
      actor: { label: string; kind: string; keyName?: string };
      door: string;
      action: string;
      outcome: string;
      summary: Record<string, unknown>;
    }[];
    const find = (action: string, outcome = 'ok', label?: string) =>
      entries.find((e) => e.action === action && e.outcome === outcome && (!label || e.actor.label === label));
    expect(find('createSubscription')).toMatchObject({
      actor: { label: 'ada@example.org', kind: 'user' },
      door: 'rpc',
      summary: { name: 'app', url: '(set)', headers: '(set)', 'result.subscription.id': subscriptionId },
    });
    expect(entries.filter((e) => e.action === 'replay' && e.door === 'rpc')[0]).toMatchObject({
      actor: { label: 'quinn@example.org', kind: 'user' },
      summary: { id: deliveryId },
    });
    expect(entries.filter((e) => e.action === 'replay' && e.door === 'rest')[0]).toMatchObject({
      actor: { label: 'quinn@example.org', kind: 'apiKey', keyName: 'editor-key' },
    });
    expect(find('createApiKey', 'forbidden', 'quinn@example.org')).toBeDefined();
    expect(find('deleteSubscription', 'forbidden', 'sam@example.org')).toMatchObject({ door: 'fusionauth' });
    expect(find('updateUser')).toMatchObject({ summary: { id: expect.stringMatching(/^usr_/) } });
    expect(find('signIn', 'ok', 'sam@example.org')).toMatchObject({ door: 'auth' });
    // reads are not changes
    expect(entries.some((e) => e.action === 'listUsers' || e.action === 'queryExchanges')).toBe(false);
    const everything = JSON.stringify(entries);
    for (const secret of [SECRET_HEADER, keys.viewer, keys.editor, 'x@example.org', 'correct horse'])
      expect(everything).not.toContain(secret);
    // filtered and paged
    const mine = await t.http('GET', '/api/v1/audit?actor=quinn&outcome=refused&limit=1', {
      headers: { authorization: keys.editor },
    });
    expect(mine.status).toBe(403);
    const filtered = await t.http('POST', '/rpc/listAuditLog', {
      body: { actor: 'QUINN', outcome: 'refused', limit: 1 },
      headers: admin.headers,
    });
    expect(filtered.json.value.entries).toHaveLength(1);
    expect(filtered.json.value.entries[0].actor.label).toBe('quinn@example.org');
    expect(filtered.json.value.nextCursor).not.toBeNull();
  });
});
