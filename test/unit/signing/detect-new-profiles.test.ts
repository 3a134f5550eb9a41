import { describe, expect, it } from 'vitest';
import { generateSecret, sign, verify } from '../../../electron/core/signing';
import { utf8 } from './helpers';

const body = '{"type":"user.created","data":{"id":"u1"}}';
const now = 1_700_000_000;

describe('verify recognises the new profiles when the wrong one is picked', () => {
  it('a WorkOS request checked as Stripe: the header is named, and it verifies as WorkOS with the same secret', async () => {
    const secret = (await generateSecret('workos')).secret!;
    const out = await sign({ profile: 'workos', body: utf8(body), secrets: [secret], timestamp: now });
    const r = await verify({ profile: 'stripe', headers: out.headers, body: utf8(body), secrets: [secret], now });
    expect(r.valid).toBe(false);
    expect(r.hints.map((h) => h.message).join('\n')).toMatch(/verifies as WorkOS \(profile "workos"\)/);
  });

  it('a Kinde JWT body checked as Standard Webhooks: its application/jwt body gives it away', async () => {
    const secret = (await generateSecret('kinde')).secret!;
    const out = await sign({ profile: 'kinde', body: utf8(body), secrets: [secret], timestamp: now });
    const r = await verify({
      profile: 'standard-webhooks',
      headers: out.headers,
      body: utf8(out.body!),
      secrets: [`whsec_${Buffer.alloc(32, 1).toString('base64')}`],
      now,
    });
    expect(r.failedStep).toBe('headers-present');
    expect(r.hints.map((h) => h.message).join('\n')).toMatch(/signature header of Kinde/);
  });

  it('a WorkOS value in the Standard Webhooks header is described as WorkOS-style', async () => {
    const r = await verify({
      profile: 'standard-webhooks',
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(now),
        'webhook-signature': `t=${now}000, v1=${'a'.repeat(64)}`,
      },
      body: utf8(body),
      secrets: [`whsec_${Buffer.alloc(32, 1).toString('base64')}`],
      now,
    });
    expect(r.failedStep).toBe('header-format');
    expect(r.hints.map((h) => h.message).join('\n')).toMatch(/holds a WorkOS-style value \(t=<ms>, v1=…\)/);
  });

  it('Okta and Auth0 share Authorization: a wrong value fails at the signature step without echoing the secret', async () => {
    const r = await verify({
      profile: 'auth0',
      headers: { authorization: 'Bearer nope' },
      body: utf8('[]'),
      secrets: ['right-token'],
    });
    expect(r).toMatchObject({ valid: false, failedStep: 'signature' });
    expect(JSON.stringify(r)).not.toContain('right-token');
  });
});
