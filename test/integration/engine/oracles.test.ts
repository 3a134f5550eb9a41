import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import Stripe from 'stripe';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { importSPKI, jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { samplePayload } from '../../../shared/catalog';
import type { ProfileId } from '../../../shared/model/signing';
import { openHarness, type Harness } from '../../support/delivery-harness';
import { startWebhookServer, type ReceivedRequest, type WebhookServer } from '../../support/webhook-server';

let h: Harness;
let server: WebhookServer;
afterEach(async () => {
  await h?.close();
  await server?.close();
});

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0]! : v!);

async function deliverOne(
  profile: ProfileId,
  event: string,
  extra: Record<string, unknown> = {},
): Promise<{ got: ReceivedRequest; secret: string; issued: Awaited<ReturnType<Harness['create']>>['issued'] }> {
  h = await openHarness();
  server = await startWebhookServer();
  const { subscription, issued } = await h.create({ name: profile, url: server.url, profile, ...extra });
  const body = samplePayload(profile, event).body;
  const sent = await h.emit({
    provider: profile,
    event,
    payload: body,
    target: { kind: 'subscription', id: subscription.id },
    wait: true,
  });
  expect(sent.deliveries[0]!.firstAttempt?.ok).toBe(true);
  const [got] = await server.waitFor(1);
  expect(got!.body.toString()).toBe(body);
  return { got: got!, secret: issued.secret ?? '', issued };
}

describe("each profile's deliveries pass the provider's own verifier", () => {
  it('standard-webhooks (standardwebhooks)', async () => {
    const { got, secret } = await deliverOne('standard-webhooks', 'user.created');
    expect(() =>
      new StandardWebhook(secret).verify(got.body.toString(), got.headers as Record<string, string>),
    ).not.toThrow();
  });
  it('svix (svix)', async () => {
    const { got, secret } = await deliverOne('svix', 'user.created');
    expect(() =>
      new SvixWebhook(secret).verify(got.body.toString(), got.headers as Record<string, string>),
    ).not.toThrow();
  });
  it('stripe (stripe.webhooks.constructEvent)', async () => {
    const { got, secret } = await deliverOne('stripe', 'payment_intent.succeeded');
    const stripe = new Stripe('sk_test_x');
    expect(stripe.webhooks.constructEvent(got.body.toString(), str(got.headers['stripe-signature']), secret).type).toBe(
      'payment_intent.succeeded',
    );
  });
  it('github (@octokit/webhooks-methods)', async () => {
    const { got, secret } = await deliverOne('github', 'push');
    expect(await octokitVerify(secret, got.body.toString(), str(got.headers['x-hub-signature-256']))).toBe(true);
    expect(got.headers['x-github-event']).toBe('push');
  });
  it('fief (HMAC-SHA256 hex over ts.body with the raw secret, per its docs)', async () => {
    const { got, secret } = await deliverOne('fief', 'user.created');
    const ts = str(got.headers['x-fief-webhook-timestamp']);
    expect(str(got.headers['x-fief-webhook-signature'])).toBe(
      createHmac('sha256', secret).update(`${ts}.${got.body}`).digest('hex'),
    );
  });
  it('logto (HMAC-SHA256 hex over the body, per its docs)', async () => {
    const { got, secret } = await deliverOne('logto', 'User.Created');
    expect(str(got.headers['logto-signature-sha-256'])).toBe(
      createHmac('sha256', secret).update(got.body).digest('hex'),
    );
  });
  it('frontegg (jsonwebtoken.verify with the shared secret)', async () => {
    const { got, secret } = await deliverOne('frontegg', 'frontegg.user.created');
    const claims = jsonwebtoken.verify(str(got.headers['x-webhook-secret']), secret) as Record<string, unknown>;
    expect(claims.eventKey).toBe('frontegg.user.created');
  });
  it('fusionauth with a generated ES256 key (jose + SHA-256 of the body)', async () => {
    const { got, issued } = await deliverOne('fusionauth', 'user.create', { fusionAuthAlg: 'ES256' });
    const { payload, protectedHeader } = await jwtVerify(
      str(got.headers['x-fusionauth-signature-jwt']),
      await importSPKI(issued.publicKeyPem!, 'ES256'),
    );
    expect(protectedHeader.kid).toBe(issued.kid);
    expect(payload.request_body_sha256).toBe(createHash('sha256').update(got.body).digest('base64'));
  });
});
