import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeWebhook } from '@kinde/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../shared/model/check';
import { kindeJwks } from '../../../electron/core/signing';
import { generateSecret } from '../../../electron/core/signing/secrets';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { runCli } from '../../support/run-cli';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';

const outcomes = (r: CheckReport) => Object.fromEntries(r.items.map((i) => [i.id, i.outcome]));

describe('checkEndpoint through the REST API and `hookbench check --subscription`', () => {
  let hb: RunningCore;
  let key = '';
  const logtoKey = 'a'.repeat(16) + 'B'.repeat(16);
  const oktaSecret = 'okta-shared-secret-0123456789';
  let logto: WebhookServer;
  let okta: WebhookServer;
  let kinde: WebhookServer;
  const kindeKey = generateSecret('kinde');
  const post = (path: string, body: unknown) =>
    fetch(hb.base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: key },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    hb = await startCoreServer();
    const created = await hb.core.api.createApiKey({ name: 'check' });
    if (!created.ok) throw new Error(created.error.message);
    key = created.value.key;
    // Logto's docs: HMAC-SHA256 of the raw body with the signing key, hex, in logto-signature-sha-256.
    logto = await startWebhookServer((req, res) => {
      const expected = createHmac('sha256', logtoKey).update(req.body).digest('hex');
      const got = String(req.headers['logto-signature-sha-256'] ?? '');
      const valid = got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
      res.writeHead(valid ? 200 : 401).end();
    });
    // Okta: answer the one-time GET challenge, then check the configured Authorization value.
    okta = await startWebhookServer((req, res) => {
      if (req.headers.authorization !== oktaSecret) return void res.writeHead(401).end();
      if (req.method === 'GET')
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
      res.writeHead(200).end();
    });
    // Kinde: the receiver serves the tenant JWKS itself and decodes bodies with Kinde's own package.
    const jwks = JSON.stringify(await kindeJwks([kindeKey]));
    kinde = await startWebhookServer((req, res) => {
      if (req.path === '/.well-known/jwks.json')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      void decodeWebhook(req.body.toString('utf8'), `http://127.0.0.1:${kinde.port}`).then((event) =>
        res.writeHead(event ? 200 : 401).end(),
      );
    });
  });
  afterAll(async () => {
    await Promise.all([logto?.close(), okta?.close(), kinde?.close()]);
    await hb?.close();
  });

  it('checks a saved Logto subscription from the CLI over REST: exit 0, timestamp and rotation checks skipped', async () => {
    const sub = await hb.core.api.createSubscription({
      name: 'logto app',
      url: logto.url,
      profile: 'logto',
      secret: logtoKey,
      events: ['PostRegister', 'User.Created'],
    });
    if (!sub.ok) throw new Error(sub.error.message);
    const id = sub.value.subscription.id;
    const r = await runCli([
      'check',
      '--subscription',
      id,
      '--server',
      hb.base,
      '--api-key',
      key,
      '--json',
      '--burst',
      '4',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report).toMatchObject({ subscriptionId: id, profile: 'logto', events: ['PostRegister'], timeoutMs: 10_000 });
    expect(outcomes(report)).toMatchObject({
      'accepts-signed': 'pass',
      'rejects-tampered-signature': 'pass',
      'rejects-stale-timestamp': 'skip',
      'rejects-future-timestamp': 'skip',
      'accepts-rotation': 'skip',
      'okta-verification': 'skip',
      burst: 'pass',
    });
    // Nothing a check sends is written to the delivery log.
    const log = await hb.core.api.queryExchanges({});
    expect(log.ok && log.value.items).toEqual([]);
    const missing = await runCli(['check', '--subscription', 'nope', '--server', hb.base, '--api-key', key]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/No subscription with id "nope"/);
  });

  it('an ad-hoc Okta target: the verification challenge is answered, unsigned-body checks are skipped', async () => {
    const res = await post('/api/v1/checks', {
      target: { kind: 'url', provider: 'okta', url: okta.url, secret: oktaSecret },
      burst: 3,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as CheckReport;
    expect(report.passed).toBe(true);
    expect(outcomes(report)).toMatchObject({
      'okta-verification': 'pass',
      'rejects-tampered-signature': 'pass',
      'rejects-missing-signature': 'pass',
      'rejects-altered-body': 'skip',
      'rejects-other-secret': 'pass',
    });
    const get = report.items.find((i) => i.id === 'okta-verification')!.exchanges[0]!;
    expect(get.method).toBe('GET');
    // The shared secret is the credential: evidence masks it.
    expect(JSON.stringify(report)).not.toContain(oktaSecret);
    expect(okta.received.find((q) => q.method === 'GET')!.headers['x-okta-verification-challenge']).toMatch(
      /^\S{20,}$/,
    );
  });

  it('an ad-hoc Kinde target verified by @kinde/webhooks against the receiver’s JWKS', async () => {
    const res = await post('/api/v1/checks', {
      target: { kind: 'url', provider: 'kinde', url: `${kinde.url}/hooks`, secret: kindeKey },
      events: ['user.created', 'organization.created'],
      burst: 3,
    });
    const report = (await res.json()) as CheckReport;
    expect(report.items.filter((i) => i.outcome === 'fail')).toEqual([]);
    expect(outcomes(report)).toMatchObject({
      'accepts-signed': 'pass',
      'rejects-tampered-signature': 'pass',
      'rejects-altered-body': 'pass',
      'rejects-other-secret': 'pass',
      'rejects-missing-signature': 'skip',
    });
    expect(kinde.received.find((q) => q.path === '/hook/hooks')!.headers['content-type']).toBe('application/jwt');
  });

  it('a Kinde subscription hands out its JWKS once, with the key; its hint never shows the key', async () => {
    const created = await hb.core.api.createSubscription({ name: 'kinde app', url: kinde.url, profile: 'kinde' });
    if (!created.ok) throw new Error(created.error.message);
    const { subscription, issued } = created.value;
    expect(issued.secret).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(issued.jwks!.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) }),
    ]);
    expect(JSON.stringify(issued.jwks)).not.toMatch(/"d":/);
    expect(subscription.secretHint).toBe('PEM key ••••••');
  });

  it('bad input is a 400 naming the field, never a 5xx', async () => {
    const unknownEvent = await post('/api/v1/checks', {
      target: { kind: 'url', provider: 'okta', url: okta.url, secret: oktaSecret },
      events: ['user.created'],
    });
    expect(unknownEvent.status).toBe(400);
    expect(((await unknownEvent.json()) as { error: { fieldErrors: object } }).error.fieldErrors).toHaveProperty(
      'events',
    );
    const noSecret = await post('/api/v1/checks', { target: { kind: 'url', provider: 'okta', url: okta.url } });
    expect(noSecret.status).toBe(400);
    const badBurst = await post('/api/v1/checks', {
      target: { kind: 'url', provider: 'okta', url: okta.url, secret: 'x' },
      burst: 500,
    });
    expect(badBurst.status).toBe(400);
    const badKey = await post('/api/v1/checks', {
      target: { kind: 'url', provider: 'kinde', url: kinde.url, secret: 'not a key' },
    });
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { error: { message: string } }).error.message).toMatch(
      /Kinde key is not a PEM key/,
    );
  });
});
