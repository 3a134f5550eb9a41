import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { createLocalJWKSet, importJWK, importSPKI, jwtVerify, type JWK } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { createHash } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { generateFusionAuthKey, generateSecret, jwks, publicKeyPem } from '../../../electron/core/signing';
import { fusionAuthAlgorithms } from '../../../shared/model/signing';
import { signText, verifyText } from './helpers';

const body =
  '{"type":"user.created","timestamp":"2024-05-01T10:00:00.000Z","data":{"id":"u_1","email":"ada@example.com"}}';
const now = Math.floor(Date.now() / 1000);
const stripe = new Stripe('sk_test_hookbench');

describe('independent oracles accept what Hookbench signs, and Hookbench accepts theirs', () => {
  it('standardwebhooks', async () => {
    const { secret } = await generateSecret('standard-webhooks');
    const out = await signText('standard-webhooks', body, [secret!], { timestamp: now });
    expect(new StandardWebhook(secret!).verify(body, out.headers)).toEqual(JSON.parse(body));
    const theirs = new StandardWebhook(secret!).sign('msg_oracle', new Date(now * 1000), body);
    const headers = { 'webhook-id': 'msg_oracle', 'webhook-timestamp': String(now), 'webhook-signature': theirs };
    expect((await verifyText('standard-webhooks', headers, body, [secret!], now)).valid).toBe(true);
    expect((await verifyText('standard-webhooks', headers, body.replace('ada', 'eve'), [secret!], now)).valid).toBe(
      false,
    );
  });

  it('svix', async () => {
    const { secret } = await generateSecret('svix');
    const out = await signText('svix', body, [secret!], { timestamp: now });
    expect(new SvixWebhook(secret!).verify(body, out.headers)).toEqual(JSON.parse(body));
    const theirs = new SvixWebhook(secret!).sign('msg_svix', new Date(now * 1000), body);
    const headers = { 'svix-id': 'msg_svix', 'svix-timestamp': String(now), 'svix-signature': theirs };
    expect((await verifyText('svix', headers, body, [secret!], now)).valid).toBe(true);
  });

  it('stripe constructEvent and generateTestHeaderString', async () => {
    const { secret } = await generateSecret('stripe');
    const out = await signText('stripe', body, [secret!], { timestamp: now });
    expect(stripe.webhooks.constructEvent(body, out.headers['Stripe-Signature']!, secret!)).toEqual(JSON.parse(body));
    const theirs = stripe.webhooks.generateTestHeaderString({ payload: body, secret: secret!, timestamp: now });
    expect((await verifyText('stripe', { 'stripe-signature': theirs }, body, [secret!], now)).valid).toBe(true);
    expect(() => stripe.webhooks.constructEvent(body, out.headers['Stripe-Signature']!, 'whsec_other')).toThrow();
  });

  it('@octokit/webhooks-methods', async () => {
    const { secret } = await generateSecret('github');
    const out = await signText('github', body, [secret!]);
    expect(await octokitVerify(secret!, body, out.headers['X-Hub-Signature-256']!)).toBe(true);
    const theirs = await octokitSign(secret!, body);
    expect((await verifyText('github', { 'x-hub-signature-256': theirs }, body, [secret!])).valid).toBe(true);
    expect(await octokitVerify('other', body, out.headers['X-Hub-Signature-256']!)).toBe(false);
  });

  it.each(fusionAuthAlgorithms)(
    'jose verifies FusionAuth %s JWTs (key, PEM and JWKS) and the body hash',
    async (alg) => {
      const key = await generateFusionAuthKey(alg, `kid-${alg}`);
      const out = await signText('fusionauth', body, [], { keys: [key], timestamp: now });
      const token = out.headers['X-FusionAuth-Signature-JWT']!;
      const verifyKey = key.secret ? new TextEncoder().encode(key.secret) : await importJWK(key.publicJwk as JWK, alg);
      const { payload, protectedHeader } = await jwtVerify(token, verifyKey, { algorithms: [alg] });
      expect(protectedHeader).toMatchObject({ alg, kid: `kid-${alg}` });
      expect(payload.request_body_sha256).toBe(createHash('sha256').update(body).digest('base64'));
      expect(payload.iat).toBe(now);
      if (!key.secret) {
        const viaJwks = await jwtVerify(token, createLocalJWKSet(jwks([key]) as { keys: JWK[] }));
        expect(viaJwks.payload.request_body_sha256).toBe(payload.request_body_sha256);
        const viaPem = await jwtVerify(token, await importSPKI(await publicKeyPem(key), alg));
        expect(viaPem.protectedHeader.kid).toBe(`kid-${alg}`);
        // A receiver holding only the public key verifies through Hookbench too.
        const publicOnly = { kid: key.kid, alg, publicJwk: key.publicJwk! };
        expect((await verifyText('fusionauth', out.headers, body, [], now, { keys: [publicOnly] })).valid).toBe(true);
      }
      expect((await verifyText('fusionauth', out.headers, body, [], now, { keys: [key] })).valid).toBe(true);
    },
  );

  it('jsonwebtoken.verify accepts the Frontegg header, and Hookbench accepts a jsonwebtoken-signed one', async () => {
    const secret = 'frontegg-shared-secret';
    const out = await signText('frontegg', body, [secret], { timestamp: now, event: 'frontegg.user.created' });
    const claims = jsonwebtoken.verify(out.headers['x-webhook-secret']!, secret) as Record<string, unknown>;
    expect(claims).toMatchObject({
      eventKey: 'frontegg.user.created',
      iat: now,
      exp: now + 300,
      request_body_sha256: createHash('sha256').update(body).digest('base64'),
    });
    expect(() => jsonwebtoken.verify(out.headers['x-webhook-secret']!, 'wrong')).toThrow();
    const theirs = jsonwebtoken.sign(
      { eventKey: 'frontegg.user.created', request_body_sha256: claims.request_body_sha256 },
      secret,
      { expiresIn: 300 },
    );
    expect((await verifyText('frontegg', { 'x-webhook-secret': theirs }, body, [secret], now)).valid).toBe(true);
  });
});
