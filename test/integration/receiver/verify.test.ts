import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../../../electron/core/mask-secret';
import { generateFusionAuthKey, generateSecret, sign } from '../../../electron/core/signing';
import type { ProfileId, VerifyResult } from '../../../shared/model/signing';
import { send, startReceiver, unwrap, type ReceiverHarness } from '../../support/receiver-harness';
import { startWebhookServer, waitUntil } from '../../support/webhook-server';

const body = '{"type":"user.created","id":"evt_1","data":{"id":"u_1","email":"ada@example.com"}}';
const tampered = body.replace('ada', 'eve');
const now = () => Math.floor(Date.now() / 1000);
const stripe = new Stripe('sk_test_hookbench');

/** Each oracle signs like the provider's own SDK; `at` is the signing time in Unix seconds. */
const oracles: Record<
  string,
  {
    profile: ProfileId;
    headers(secret: string, payload: string, at: number): Promise<Record<string, string>> | Record<string, string>;
    stale: boolean;
  }
> = {
  standardwebhooks: {
    profile: 'standard-webhooks',
    headers: (secret, payload, at) => ({
      'webhook-id': 'msg_sw',
      'webhook-timestamp': String(at),
      'webhook-signature': new StandardWebhook(secret).sign('msg_sw', new Date(at * 1000), payload),
    }),
    stale: true,
  },
  svix: {
    profile: 'svix',
    headers: (secret, payload, at) => ({
      'svix-id': 'msg_svix',
      'svix-timestamp': String(at),
      'svix-signature': new SvixWebhook(secret).sign('msg_svix', new Date(at * 1000), payload),
    }),
    stale: true,
  },
  stripe: {
    profile: 'stripe',
    headers: (secret, payload, at) => ({
      'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: at }),
    }),
    stale: true,
  },
  // GitHub signs no timestamp, so there is no stale case to test.
  '@octokit/webhooks-methods': {
    profile: 'github',
    headers: async (secret, payload) => ({
      'X-Hub-Signature-256': await octokitSign(secret, payload),
      'X-GitHub-Event': 'ping',
    }),
    stale: false,
  },
};

describe('receiver: verification on arrival', () => {
  let hb: ReceiverHarness;
  beforeAll(async () => {
    hb = await startReceiver();
  });
  afterAll(() => hb.close());

  const post = async (url: string, headers: Record<string, string>, payload: string) => {
    const res = await send(url, { headers: { 'content-type': 'application/json', ...headers }, body: payload });
    expect(res.status).toBe(200);
    const summary = hb.captures.at(-1)!;
    const capture = await hb.capture(summary.id);
    return { summary, capture, verification: capture.verification as VerifyResult };
  };

  for (const [oracle, o] of Object.entries(oracles)) {
    it(`${oracle}: valid, tampered${o.stale ? ' and stale' : ''} requests get the right verdict, stored with the explanation`, async () => {
      const { secret } = await generateSecret(o.profile);
      const inbox = await hb.createInbox({
        name: `verify ${oracle}`,
        verification: {
          profile: o.profile,
          secrets: ['whsec_dGhpcyBpcyBhbiBvbGQgcm90YXRlZCBzZWNyZXQh', secret!].filter(
            (s) => o.profile !== 'github' || !s.startsWith('whsec_'),
          ),
        },
      });

      const valid = await post(inbox.url!, await o.headers(secret!, body, now()), body);
      expect(valid.summary).toMatchObject({ outcome: 'succeeded', verification: { profile: o.profile, valid: true } });
      expect(valid.verification).toMatchObject({
        valid: true,
        steps: expect.arrayContaining([expect.objectContaining({ name: 'signature', ok: true })]),
      });
      expect(valid.capture.outcome).toBe('succeeded');

      const bad = await post(inbox.url!, await o.headers(secret!, body, now()), tampered);
      expect(bad.summary.outcome).toBe('failed');
      expect(bad.verification).toMatchObject({ valid: false, failedStep: 'signature' });
      expect(bad.verification.verdict).toEqual(expect.any(String));

      if (o.stale) {
        const old = await post(inbox.url!, await o.headers(secret!, body, now() - 3600), body);
        expect(old.verification).toMatchObject({ valid: false, failedStep: 'timestamp' });
        expect(old.capture.outcome).toBe('failed');
      }
    });
  }

  it('verifies FusionAuth JWTs with a public key only', async () => {
    const key = await generateFusionAuthKey('ES256', 'kid-recv');
    const publicKey = { kid: key.kid, alg: key.alg, publicJwk: key.publicJwk! };
    const inbox = await hb.createInbox({
      name: 'fusionauth',
      verification: { profile: 'fusionauth', keys: [publicKey] },
    });
    const signed = await sign({ profile: 'fusionauth', body: Buffer.from(body), secrets: [], keys: [key] });
    expect((await post(inbox.url!, signed.headers, body)).verification.valid).toBe(true);
    const bad = await post(inbox.url!, signed.headers, tampered);
    expect(bad.verification.valid).toBe(false);
    const privateKey = await hb.core.api.createInbox({
      name: 'leaky',
      verification: { profile: 'fusionauth', keys: [key as typeof publicKey] },
    });
    expect(privateKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers 401 to a bad signature when the inbox rejects those: no forward, no rule step used up', async () => {
    const { secret } = await generateSecret('standard-webhooks');
    const app = await startWebhookServer((_q, res) => res.end('{"from":"app"}'));
    try {
      const inbox = await hb.createInbox({
        name: 'strict',
        verification: { profile: 'standard-webhooks', secrets: [secret!], rejectInvalid: true },
        responseRule: { sequence: [{ count: 1, status: 503 }] },
        forwarding: { url: app.url, respondWith: 'rule' },
      });
      const headers = {
        'content-type': 'application/json',
        ...(await oracles.standardwebhooks!.headers(secret!, body, now())),
      };
      const refused = await send(inbox.url!, { headers, body: tampered });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body.toString()).error).toMatch(/^Signature not valid: /);
      await waitUntil(() => hb.captures.some((c) => c.inboxId === inbox.id), 'the refused request is captured');
      const capture = await hb.capture(hb.captures.find((c) => c.inboxId === inbox.id)!.id);
      expect(capture).toMatchObject({
        outcome: 'failed',
        forward: null,
        response: { status: 401, source: 'verification' },
      });
      expect(app.received).toHaveLength(0);
      // the sequence's first step is still there for the first request that verifies
      expect((await send(inbox.url!, { headers, body })).status).toBe(503);
      expect(app.received).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('masks secrets when read back, keeps them when the masked value is sent back, and refuses malformed ones', async () => {
    const { secret } = await generateSecret('svix');
    const inbox = await hb.createInbox({ name: 'masked', verification: { profile: 'svix', secrets: [secret!] } });
    const all = JSON.stringify(unwrap(await hb.core.api.listInboxes({})));
    expect(all).not.toContain(secret!);
    expect(inbox.verification!.secrets).toEqual([maskSecret(secret!)]);
    expect(inbox.verification!.secrets[0]).toMatch(/^whsec_••••••.{4}$/);
    const renamed = unwrap(
      await hb.core.api.updateInbox({
        id: inbox.id,
        name: 'masked 2',
        verification: { profile: 'svix', secrets: inbox.verification!.secrets },
      }),
    );
    expect(renamed.name).toBe('masked 2');
    const valid = await post(inbox.url!, oracles.svix!.headers(secret!, body, now()) as Record<string, string>, body);
    expect(valid.verification.valid).toBe(true);
    await hb.core.storage()!.settings.flush();
    const settingsFile = readFileSync(join(hb.core.dataDir, 'settings.json'), 'utf8');
    expect(settingsFile).not.toContain(secret!.slice(6));

    const malformed = await hb.core.api.createInbox({
      name: 'bad',
      verification: { profile: 'svix', secrets: ['whsec_not base64!'] },
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fieldErrors: { 'verification.secrets.0': [expect.stringMatching(/whitespace|base64/)] },
      },
    });
    const none = await hb.core.api.createInbox({ name: 'bad', verification: { profile: 'stripe' } });
    expect(none).toMatchObject({ ok: false, error: { fieldErrors: { 'verification.secrets': [expect.any(String)] } } });
  });
});
