import { describe, expect, it } from 'vitest';
import { generateSecret, sign, SigningInputError, verify } from '../../../electron/core/signing';
import { profileIds } from '../../../shared/model/signing';
import { signText, utf8 } from './helpers';

describe('secrets', () => {
  it("generates each provider's format", async () => {
    const sw = (await generateSecret('standard-webhooks')).secret!;
    expect(sw).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sw.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect((await generateSecret('fief')).secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await generateSecret('logto')).secret).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect((await generateSecret('stripe')).secret).toMatch(/^whsec_[0-9a-zA-Z]{32}$/);
    expect((await generateSecret('github')).secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await generateSecret('fusionauth', 'EdDSA')).key).toMatchObject({
      alg: 'EdDSA',
      publicJwk: { crv: 'Ed25519' },
    });
    expect((await generateSecret('logto')).secret).not.toBe((await generateSecret('logto')).secret);
  });

  it('every generated secret signs and verifies in its own profile', async () => {
    for (const profile of profileIds) {
      const generated = await generateSecret(profile);
      const secrets = generated.secret ? [generated.secret] : [];
      const keys = generated.key ? [generated.key] : undefined;
      const out = await sign({
        profile,
        body: utf8('{"a":1}'),
        secrets,
        ...(keys ? { keys } : {}),
        timestamp: 1_700_000_000,
      });
      const r = await verify({
        profile,
        headers: out.headers,
        // Kinde sends the signed JWT as the body.
        body: utf8(out.body ?? '{"a":1}'),
        secrets,
        ...(keys ? { keys } : {}),
        now: 1_700_000_000,
      });
      expect(r.valid, `${profile}: ${r.verdict}`).toBe(true);
    }
  });

  it.each([
    [[''], /secret is empty/],
    [['   '], /secret is empty/],
    [[], /No secret given/],
    [['whsec_'], /only the "whsec_" prefix/],
    [['whsec_not*base64!'], /not valid base64 after "whsec_"/],
    [['whsec_abc-def_ghijklmnopqrstuvwxyzABCD'], /base64url/],
    [['whsec_c2hvcnQ='], /decodes to 5 bytes; a whsec_ secret holds 24 to 64/],
    [['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n'], /whitespace/],
  ])('rejects %j with a clear message', async (secrets, message) => {
    const attempt = signText('standard-webhooks', '{}', secrets as string[]);
    await expect(attempt).rejects.toThrow(SigningInputError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('rejects an unknown provider and names the valid ones', async () => {
    await expect(sign({ profile: 'stripey' as never, body: utf8('{}'), secrets: ['x'] })).rejects.toThrow(
      /Unknown provider "stripey"; use one of: standard-webhooks/,
    );
  });

  it('errors never echo the secret', async () => {
    const bad = 'whsec_SuperSecretButNotBase64!!';
    await expect(signText('svix', '{}', [bad])).rejects.toThrow(/^(?!.*SuperSecret).*$/s);
  });
});
