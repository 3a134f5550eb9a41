import { asOwner } from '../../support/owner';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/api/dispatch';
import { signingHandlers } from '../../../electron/core/api/signing-handlers';
import { silentLogger } from '../../../electron/core/log';
import { AppFailure, httpStatusFor } from '../../../shared/api/result';

// Nothing stored in these tests: a call naming a subscription or inbox gets not_found.
const dispatcher = createDispatcher(
  signingHandlers({
    now: () => 1_700_000_000,
    stored: () => {
      throw new AppFailure('not_found', 'nothing stored here');
    },
  }) as Handlers,
  silentLogger,
);
const call = (name: string, input: unknown) =>
  asOwner(dispatcher)(name, input) as Promise<{ ok: boolean; value?: any; error?: any }>;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('signing API methods', () => {
  it('lists profiles with retry schedules and emulated notes, and events per provider', async () => {
    const profiles = (await call('listProfiles', undefined)).value;
    expect(profiles.map((p: { id: string }) => p.id)).toContain('custom-hmac');
    expect(profiles.find((p: { id: string }) => p.id === 'standard-webhooks').retryScheduleMs).toEqual([
      0, 5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000,
    ]);
    expect(profiles.find((p: { id: string }) => p.id === 'frontegg').emulated.join(' ')).toContain('iat + 300');
    expect((await call('listEvents', { provider: 'fief' })).value).toHaveLength(28);
  });

  it('signs a sample payload and verifies it back, with the clock injected', async () => {
    const sample = (await call('samplePayload', { provider: 'svix', event: 'user.created', seed: 5 })).value;
    const signed = (await call('sign', { provider: 'svix', secrets: [secret], body: sample.body })).value;
    expect(signed.headers['svix-timestamp']).toBe('1700000000');
    const verified = (
      await call('verify', { provider: 'svix', secrets: [secret], headers: signed.headers, body: sample.body })
    ).value;
    expect(verified).toMatchObject({ valid: true, profile: 'svix' });
  });

  it('passes binary bodies as base64 byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0xc3]);
    const signed = (
      await call('sign', { provider: 'github', secrets: ['s'], body: bytes.toString('base64'), bodyEncoding: 'base64' })
    ).value;
    expect(
      (
        await call('verify', {
          provider: 'github',
          secrets: ['s'],
          headers: signed.headers,
          body: bytes.toString('base64'),
          bodyEncoding: 'base64',
        })
      ).value.valid,
    ).toBe(true);
    const mangled = (
      await call('verify', {
        provider: 'github',
        secrets: ['s'],
        headers: signed.headers,
        body: bytes.toString('latin1'),
      })
    ).value;
    expect(mangled.valid).toBe(false);
  });

  it.each([
    ['unknown provider', 'sign', { provider: 'stripey', secrets: ['x'], body: '{}' }, /provider/],
    ['empty secret', 'sign', { provider: 'fief', secrets: [''], body: '{}' }, /secret is empty/],
    ['no secret', 'verify', { provider: 'logto', headers: {}, body: '{}' }, /No secret given/],
    [
      'malformed whsec_',
      'verify',
      { provider: 'standard-webhooks', secrets: ['whsec_%%%'], headers: {}, body: '{}' },
      /not valid base64 after "whsec_"/,
    ],
    [
      'bad base64 body',
      'sign',
      { provider: 'github', secrets: ['s'], body: 'a$b', bodyEncoding: 'base64' },
      /not valid base64/,
    ],
    [
      'text that is not UTF-8',
      'sign',
      { provider: 'github', secrets: ['s'], body: 'ab\uD800c' },
      /bodyEncoding "base64"/,
    ],
    ['unknown event', 'samplePayload', { provider: 'logto', event: 'User.Create' }, /Did you mean "User.Created"/],
    [
      'public-only FusionAuth key used to sign',
      'sign',
      { provider: 'fusionauth', body: '{}', keys: [{ kid: 'k', alg: 'ES256', publicJwk: { kty: 'EC' } }] },
      /can verify but not sign/,
    ],
  ])('%s → invalid_input (HTTP 400)', async (_label, name, input, message) => {
    const result = await call(name, input);
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid_input');
    expect(httpStatusFor[result.error.code as 'invalid_input']).toBe(400);
    expect(result.error.message).toMatch(message);
  });

  it('generates a FusionAuth EC key with its public PEM and JWKS, and never a private member in the JWKS', async () => {
    const generated = (await call('generateSecret', { provider: 'fusionauth', alg: 'ES256' })).value;
    expect(generated.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(generated.jwks.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: generated.key.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(generated.jwks.keys[0].d).toBeUndefined();
    const signed = (await call('sign', { provider: 'fusionauth', body: '{"a":1}', keys: [generated.key] })).value;
    const publicOnly = { kid: generated.key.kid, alg: 'ES256', publicJwk: generated.jwks.keys[0] };
    expect(
      (await call('verify', { provider: 'fusionauth', body: '{"a":1}', headers: signed.headers, keys: [publicOnly] }))
        .value.valid,
    ).toBe(true);
  });
});
