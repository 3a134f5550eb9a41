import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../shared/model/signing';
import { generateFusionAuthKey } from '../../../electron/core/signing';
import { signText, verifyText } from './helpers';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
const ts = 1_700_000_000;
const body = '{"type":"user.created","data":{"id":"u_1","email":"ada@example.com"}}';
const standardHeaders = (signature: string) => ({
  'webhook-id': 'msg_1',
  'webhook-timestamp': String(ts),
  'webhook-signature': signature,
});
const mac = (k: string | Buffer, content: string, enc: 'base64' | 'hex' = 'base64', alg = 'sha256') =>
  createHmac(alg, k).update(content).digest(enc);
const codes = (r: VerifyResult) => r.hints.map((h) => h.code);
const allText = (r: VerifyResult) => JSON.stringify(r);

describe('verification explains the usual mistakes', () => {
  it('missing header: lists similar headers and recognises a Svix delivery on a Standard Webhooks inbox', async () => {
    const out = await signText('svix', body, [secret]);
    const r = await verifyText('standard-webhooks', out.headers, body, [secret]);
    expect(r.failedStep).toBe('headers-present');
    expect(r.steps[0]!.detail).toContain('"webhook-signature"');
    expect(r.hints.find((h) => h.code === 'similar-header')!.message).toContain('svix-signature');
    expect(r.hints[0]!.message).toMatch(/verifies as Svix/);
  });

  it('missing header: a case/typo variant is pointed out', async () => {
    const r = await verifyText('github', { 'X-Hub-Signature_256': `sha256=${mac('s', body, 'hex')}` }, body, ['s']);
    expect(r.failedStep).toBe('headers-present');
    expect(r.hints.find((h) => h.code === 'similar-header')!.message).toContain('X-Hub-Signature_256');
  });

  it('malformed header: a signature without the v1, version', async () => {
    const r = await verifyText('standard-webhooks', standardHeaders(mac(key, `msg_1.${ts}.${body}`)), body, [secret]);
    expect(r.failedStep).toBe('header-format');
    expect(r.verdict).toMatch(/not "<version>,<signature>"/);
  });

  it('malformed header: a Stripe-style value in webhook-signature names the other scheme', async () => {
    const r = await verifyText(
      'standard-webhooks',
      standardHeaders(`t=${ts},v1=${mac(secret, `${ts}.${body}`, 'hex')}`),
      body,
      [secret],
    );
    expect(r.failedStep).toBe('header-format');
    expect(r.hints[0]).toMatchObject({ code: 'other-profile' });
    expect(r.hints[0]!.message).toContain('Stripe-style');
  });

  it('timestamp too old and too new, with seconds and direction; milliseconds spotted', async () => {
    const out = await signText('standard-webhooks', body, [secret]);
    const old = await verifyText('standard-webhooks', out.headers, body, [secret], ts + 400);
    expect(old.failedStep).toBe('timestamp');
    expect(old.verdict).toContain('400 s old, 100 s beyond the 300 s tolerance');
    // The signature step still runs, so the user learns only the clock is wrong.
    expect(old.steps.find((s) => s.name === 'signature')!.ok).toBe(true);
    const future = await verifyText('standard-webhooks', out.headers, body, [secret], ts - 301);
    expect(future.verdict).toContain('301 s in the future');
    // Stripe only rejects the past.
    const stripeOut = await signText('stripe', body, ['whsec_x']);
    expect((await verifyText('stripe', stripeOut.headers, body, ['whsec_x'], ts - 1000)).valid).toBe(true);
    const ms = await signText('standard-webhooks', body, [secret], { timestamp: ts * 1000 });
    expect(codes(await verifyText('standard-webhooks', ms.headers, body, [secret], ts))).toContain(
      'timestamp-milliseconds',
    );
  });

  it('body re-serialized: pretty-printed by a viewer, or compacted by a framework', async () => {
    const out = await signText('standard-webhooks', body, [secret]);
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    const r = await verifyText('standard-webhooks', out.headers, pretty, [secret]);
    expect(r.failedStep).toBe('signature');
    expect(codes(r)).toEqual(['body-reserialized']);
    expect(r.hints[0]!.message).toContain(`compact JSON`);
    const signedPretty = await signText('fief', JSON.stringify(JSON.parse(body), null, 4), ['fief-secret']);
    const r2 = await verifyText('fief', signedPretty.headers, body, ['fief-secret']);
    expect(r2.hints[0]!.message).toContain('pretty-printed with 4 spaces');
    expect(r.computed).toMatchObject({ signedContent: '{id}.{timestamp}.{body}', bodyLength: pretty.length });
  });

  it('body re-serialized: a Python sender\'s ", " / ": " separators compacted on the way', async () => {
    const python = '{"test": 2432232314, "note": "a, b: c"}';
    const out = await signText('standard-webhooks', python, [secret]);
    const r = await verifyText('standard-webhooks', out.headers, JSON.stringify(JSON.parse(python)), [secret]);
    expect(codes(r)).toEqual(['body-reserialized']);
    expect(r.hints[0]!.message).toContain('Python-style');
  });

  it('secret used raw instead of base64-decoded, and whsec_ prefix left on', async () => {
    const raw = await verifyText(
      'standard-webhooks',
      standardHeaders(`v1,${mac('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', `msg_1.${ts}.${body}`)}`),
      body,
      [secret],
    );
    expect(codes(raw)).toEqual(['secret-raw-not-decoded']);
    const kept = await verifyText(
      'standard-webhooks',
      standardHeaders(`v1,${mac(secret, `msg_1.${ts}.${body}`)}`),
      body,
      [secret],
    );
    expect(codes(kept)).toEqual(['whsec-prefix-kept']);
  });

  it('Stripe secret base64-decoded, or its whsec_ prefix stripped', async () => {
    const stripeSecret = 'whsec_' + Buffer.alloc(24, 7).toString('base64');
    const rest = stripeSecret.slice(6);
    const decoded = await verifyText(
      'stripe',
      { 'Stripe-Signature': `t=${ts},v1=${mac(Buffer.from(rest, 'base64'), `${ts}.${body}`, 'hex')}` },
      body,
      [stripeSecret],
    );
    expect(codes(decoded)).toEqual(['secret-decoded-not-raw']);
    const stripped = await verifyText(
      'stripe',
      { 'Stripe-Signature': `t=${ts},v1=${mac(rest, `${ts}.${body}`, 'hex')}` },
      body,
      [stripeSecret],
    );
    expect(codes(stripped)).toEqual(['whsec-prefix-stripped']);
  });

  it('wrong encoding (hex where base64 is expected), wrong algorithm, wrong signed content', async () => {
    const hex = await verifyText(
      'standard-webhooks',
      standardHeaders(`v1,${mac(key, `msg_1.${ts}.${body}`, 'hex')}`),
      body,
      [secret],
    );
    expect(codes(hex)).toEqual(['wrong-encoding']);
    expect(hex.hints[0]!.message).toContain('encoded as hex');
    const sha1 = await verifyText(
      'github',
      { 'X-Hub-Signature-256': `sha256=${mac('s', body, 'hex', 'sha1')}` },
      body,
      ['s'],
    );
    expect(codes(sha1)).toEqual(['wrong-algorithm']);
    const bodyOnly = await verifyText(
      'fief',
      { 'X-Fief-Webhook-Signature': mac('f', body, 'hex'), 'X-Fief-Webhook-Timestamp': String(ts) },
      body,
      ['f'],
    );
    expect(codes(bodyOnly)).toEqual(['wrong-signed-content']);
    expect(bodyOnly.hints[0]!.message).toContain('"{body}" instead of "{timestamp}.{body}"');
  });

  it('a Stripe-signed request on a Standard Webhooks inbox is recognised', async () => {
    const stripeOut = await signText('stripe', body, ['whsec_plainstripe']);
    const r = await verifyText('standard-webhooks', stripeOut.headers, body, [secret]);
    expect(r.failedStep).toBe('headers-present');
    expect(r.hints.some((h) => h.code === 'other-profile' && h.message.includes('Stripe-Signature'))).toBe(true);
  });

  it('a plain wrong secret says no usual mistake explains it', async () => {
    const out = await signText('logto', body, ['right-key']);
    const r = await verifyText('logto', out.headers, body, ['wrong-key']);
    expect(codes(r)).toEqual(['no-known-mistake']);
  });

  it('JWT profiles: re-serialized body, unknown kid, wrong algorithm key, expired Frontegg token', async () => {
    const es = await generateFusionAuthKey('ES256', 'current');
    const out = await signText('fusionauth', body, [], { keys: [es], timestamp: ts });
    const pretty = await verifyText('fusionauth', out.headers, JSON.stringify(JSON.parse(body), null, 2), [], ts, {
      keys: [es],
    });
    expect(pretty.failedStep).toBe('body-hash');
    expect(codes(pretty)).toEqual(['body-reserialized']);
    const rotated = await generateFusionAuthKey('ES256', 'next');
    const unknown = await verifyText('fusionauth', out.headers, body, [], ts, { keys: [rotated] });
    expect(unknown.failedStep).toBe('signature');
    expect(codes(unknown)).toContain('unknown-kid');
    const rs = await generateFusionAuthKey('RS256', 'current');
    expect((await verifyText('fusionauth', out.headers, body, [], ts, { keys: [rs] })).verdict).toContain(
      'signed with ES256 but the key(s) use RS256',
    );
    const fe = await signText('frontegg', body, ['s3cret'], { timestamp: ts });
    const expired = await verifyText('frontegg', fe.headers, body, ['s3cret'], ts + 301);
    expect(expired.failedStep).toBe('timestamp');
    expect(expired.verdict).toContain('expired 1 s ago');
    expect((await verifyText('frontegg', fe.headers, body, ['other'], ts)).failedStep).toBe('signature');
  });

  it('never prints a secret in any result', async () => {
    const distinct = 'whsec_' + Buffer.from('a very distinct secret value!').toString('base64');
    const out = await signText('standard-webhooks', body, [distinct]);
    const results = [
      await verifyText('standard-webhooks', out.headers, body, [distinct]),
      await verifyText('standard-webhooks', out.headers, body + ' ', [distinct]),
      await verifyText(
        'standard-webhooks',
        { ...out.headers, 'webhook-signature': `v1,${mac(distinct, `msg_test.${ts}.${body}`)}` },
        body,
        [distinct],
      ),
    ];
    for (const r of results) {
      expect(allText(r)).not.toContain(distinct);
      expect(allText(r)).not.toContain(distinct.slice(6));
    }
    expect(JSON.stringify(out.computed)).not.toContain(distinct.slice(6));
  });
});
