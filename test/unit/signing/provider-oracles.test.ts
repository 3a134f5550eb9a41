import { verifyWebhook as clerkVerifyWebhook } from '@clerk/backend/webhooks';
import { decodeWebhook as kindeDecodeWebhook } from '@kinde/webhooks';
import { WorkOS } from '@workos-inc/node';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, kindeJwks, sign, verify } from '../../../electron/core/signing';
import { samplePayload } from '../../../shared/catalog';
import { utf8 } from './helpers';

const now = Math.floor(Date.now() / 1000);
const workos = new WorkOS('sk_test_hookbench');

describe('the new identity providers: their own SDKs accept what Hookbench signs, and Hookbench accepts theirs', () => {
  it('Clerk: @clerk/backend verifyWebhook (Standard Webhooks over svix-* headers) and svix', async () => {
    const { secret } = await generateSecret('clerk');
    const body = samplePayload('clerk', 'user.created', { baseTime: now * 1000 }).body;
    const out = await sign({ profile: 'clerk', body: utf8(body), secrets: [secret!], timestamp: now });
    expect(Object.keys(out.headers)).toEqual(expect.arrayContaining(['svix-id', 'svix-timestamp', 'svix-signature']));
    const request = new Request('http://127.0.0.1/webhooks', { method: 'POST', headers: out.headers, body });
    const evt = await clerkVerifyWebhook(request, { signingSecret: secret! });
    expect(evt.type).toBe('user.created');
    const tampered = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      headers: out.headers,
      body: body.replace('user_', 'user_x'),
    });
    await expect(clerkVerifyWebhook(tampered, { signingSecret: secret! })).rejects.toThrow();
    // Svix's own signer (what Clerk runs) → Hookbench's verifier.
    const theirs = new SvixWebhook(secret!).sign('msg_clerk', new Date(now * 1000), body);
    const headers = { 'svix-id': 'msg_clerk', 'svix-timestamp': String(now), 'svix-signature': theirs };
    expect((await verify({ profile: 'clerk', headers, body: utf8(body), secrets: [secret!], now })).valid).toBe(true);
  });

  it('WorkOS: @workos-inc/node webhooks.constructEvent and computeSignature', async () => {
    const { secret } = await generateSecret('workos');
    const body = samplePayload('workos', 'user.created', { baseTime: now * 1000 }).body;
    const out = await sign({ profile: 'workos', body: utf8(body), secrets: [secret!], timestamp: now });
    const sigHeader = out.headers['WorkOS-Signature']!;
    expect(sigHeader).toMatch(new RegExp(`^t=${now}000, v1=[0-9a-f]{64}$`));
    const event = await workos.webhooks.constructEvent({ payload: JSON.parse(body), sigHeader, secret: secret! });
    expect(event.event).toBe('user.created');
    await expect(
      workos.webhooks.constructEvent({ payload: JSON.parse(body), sigHeader, secret: 'another-secret' }),
    ).rejects.toThrow();
    const ts = String(now * 1000);
    const theirs = await workos.webhooks.computeSignature(ts, JSON.parse(body), secret!);
    const headers = { 'workos-signature': `t=${ts}, v1=${theirs}` };
    expect((await verify({ profile: 'workos', headers, body: utf8(body), secrets: [secret!], now })).valid).toBe(true);
    const stale = await verify({ profile: 'workos', headers, body: utf8(body), secrets: [secret!], now: now + 181 });
    expect(stale).toMatchObject({ valid: false, failedStep: 'timestamp' });
  });

  it('Supabase: standardwebhooks with the secret as Supabase documents it (v1,whsec_ prefix removed)', async () => {
    const { secret } = await generateSecret('supabase');
    expect(secret).toMatch(/^v1,whsec_[A-Za-z0-9+/]+=*$/);
    const body = samplePayload('supabase', 'send-email', { baseTime: now * 1000 }).body;
    const out = await sign({ profile: 'supabase', body: utf8(body), secrets: [secret!], timestamp: now });
    const wh = new StandardWebhook(secret!.replace('v1,whsec_', ''));
    expect(wh.verify(body, out.headers)).toMatchObject({ email_data: expect.any(Object) });
    const theirs = wh.sign('msg_supabase', new Date(now * 1000), body);
    const headers = { 'webhook-id': 'msg_supabase', 'webhook-timestamp': String(now), 'webhook-signature': theirs };
    expect((await verify({ profile: 'supabase', headers, body: utf8(body), secrets: [secret!], now })).valid).toBe(
      true,
    );
    // The same secret pasted into the plain Standard Webhooks profile gets told what it is.
    await expect(
      verify({ profile: 'standard-webhooks', headers, body: utf8(body), secrets: [secret!], now }),
    ).rejects.toThrow(/supabase profile/);
  });

  it('Okta and Auth0: the shared token travels in Authorization, never in the computed info', async () => {
    const body = samplePayload('okta', 'user.session.start').body;
    const okta = await sign({ profile: 'okta', body: utf8(body), secrets: ['okta-hook-secret'] });
    expect(okta.headers.Authorization).toBe('okta-hook-secret');
    expect(JSON.stringify(okta.computed)).not.toContain('okta-hook-secret');
    const wrong = await verify({
      profile: 'okta',
      headers: { authorization: 'nope' },
      body: utf8(body),
      secrets: ['okta-hook-secret'],
    });
    expect(wrong).toMatchObject({ valid: false, failedStep: 'signature' });
    const auth0 = await sign({ profile: 'auth0', body: utf8('[]'), secrets: ['tok123'] });
    expect(auth0.headers.Authorization).toBe('Bearer tok123');
    const asIs = await sign({ profile: 'auth0', body: utf8('[]'), secrets: ['Basic dXNlcjpwYXNz'] });
    expect(asIs.headers.Authorization).toBe('Basic dXNlcjpwYXNz');
    expect(
      (await verify({ profile: 'auth0', headers: auth0.headers, body: utf8('[]'), secrets: ['tok123'] })).valid,
    ).toBe(true);
  });

  describe('Kinde: @kinde/webhooks decodeWebhook fetches the JWKS over HTTP and accepts the JWT body', () => {
    let server: Server;
    let domain = '';
    let secret = '';
    beforeAll(async () => {
      secret = (await generateSecret('kinde')).secret!;
      const jwks = JSON.stringify(await kindeJwks([secret]));
      server = createServer((req, res) => {
        if (req.url === '/.well-known/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('both ways', async () => {
      const body = samplePayload('kinde', 'user.created', { baseTime: now * 1000 }).body;
      const out = await sign({ profile: 'kinde', body: utf8(body), secrets: [secret], timestamp: now });
      expect(out.headers['Content-Type']).toBe('application/jwt');
      const token = Buffer.from(out.body!).toString('utf8');
      const decoded = await kindeDecodeWebhook(token, domain);
      expect(decoded).toMatchObject({ type: 'user.created', data: JSON.parse(body).data });
      // A logged Kinde body (the JWT) signs again from its claims, as a resumed retry or a replay does.
      const again = await sign({ profile: 'kinde', body: utf8(out.body!), secrets: [secret], timestamp: now + 60 });
      const redecoded = await kindeDecodeWebhook(Buffer.from(again.body!).toString('utf8'), domain);
      expect(redecoded).toMatchObject({ type: 'user.created', data: JSON.parse(body).data, iat: now + 60 });
      // A token from another key is refused by Kinde's decoder.
      const other = (await generateSecret('kinde')).secret!;
      const foreign = Buffer.from(
        (await sign({ profile: 'kinde', body: utf8(body), secrets: [other] })).body!,
      ).toString();
      expect(await kindeDecodeWebhook(foreign, domain)).toBeNull();

      // A JWT signed by a third party (jose) with a key whose JWKS Hookbench is given.
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'kinde-key-1', alg: 'RS256', use: 'sig' };
      const theirs = await new SignJWT(JSON.parse(body))
        .setProtectedHeader({ alg: 'RS256', kid: 'kinde-key-1' })
        .sign(privateKey);
      const jwksText = JSON.stringify({ keys: [jwk] });
      const ok = await verify({ profile: 'kinde', headers: {}, body: utf8(theirs), secrets: [jwksText] });
      expect(ok).toMatchObject({ valid: true });
      const altered = theirs.slice(0, -4) + (theirs.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await verify({ profile: 'kinde', headers: {}, body: utf8(altered), secrets: [jwksText] })).valid).toBe(
        false,
      );
      const json = await verify({ profile: 'kinde', headers: {}, body: utf8(body), secrets: [jwksText] });
      expect(json).toMatchObject({ valid: false, failedStep: 'body-format' });
    });
  });
});
