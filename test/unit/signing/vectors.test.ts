import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signText, verifyText } from './helpers';

describe('official and computed vectors from providers.md', () => {
  it('Standard Webhooks official vector', async () => {
    const out = await signText(
      'standard-webhooks',
      '{"test": 2432232314}',
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330 },
    );
    expect(out.headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(out.headers['webhook-id']).toBe('msg_p5jXN8AQM9LWM0D4loKWxJek');
    expect(out.headers['webhook-timestamp']).toBe('1614265330');
    const result = await verifyText(
      'standard-webhooks',
      out.headers,
      '{"test": 2432232314}',
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      1614265330,
    );
    expect(result.valid).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual(['headers-present', 'header-format', 'timestamp', 'signature']);
  });

  it('GitHub official vector', async () => {
    const out = await signText('github', 'Hello, World!', ["It's a Secret to Everybody"]);
    expect(out.headers['X-Hub-Signature-256']).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
    expect((await verifyText('github', out.headers, 'Hello, World!', ["It's a Secret to Everybody"])).valid).toBe(true);
  });

  it('Fief computed vector, and node:crypto written from the Fief docs', async () => {
    const body = '{"type":"user.created","data":{"id":"u1"}}';
    const out = await signText('fief', body, ['test-secret'], { timestamp: 1700000000 });
    expect(out.headers['X-Fief-Webhook-Signature']).toBe(
      '94de4ee4cb52631db7121642746f935654a5157d521ee30b96087a5e772a3699',
    );
    expect(out.headers['X-Fief-Webhook-Timestamp']).toBe('1700000000');
    // Docs: hmac.new(secret.encode(), f"{ts}.{payload}".encode(), sha256).hexdigest()
    const docs = createHmac('sha256', 'test-secret').update(`1700000000.${body}`).digest('hex');
    expect(out.headers['X-Fief-Webhook-Signature']).toBe(docs);
    expect(
      (
        await verifyText(
          'fief',
          { 'x-fief-webhook-signature': docs, 'x-fief-webhook-timestamp': '1700000000' },
          body,
          ['test-secret'],
          1700000100,
        )
      ).valid,
    ).toBe(true);
  });

  it('Logto computed vector, and node:crypto written from the Logto docs', async () => {
    const body = '{"event":"User.Created","createdAt":"2024-01-01T00:00:00.000Z","hookId":"h1","data":{"id":"u1"}}';
    const out = await signText('logto', body, ['test-key']);
    expect(out.headers['logto-signature-sha-256']).toBe(
      'f711853f228becf216f742585a3928fc9fdbfdb69f9878ca32055cabe9da6478',
    );
    const docs = createHmac('sha256', 'test-key').update(body).digest('hex');
    expect((await verifyText('logto', { 'Logto-Signature-Sha-256': docs }, body, ['test-key'])).valid).toBe(true);
    expect((await verifyText('logto', { 'logto-signature-sha-256': docs }, body + ' ', ['test-key'])).valid).toBe(
      false,
    );
  });

  it('custom-hmac follows its template, prefix, algorithm and encoding', async () => {
    const custom = {
      header: 'X-Sig',
      prefix: 'sha512=',
      algorithm: 'sha512' as const,
      encoding: 'base64url' as const,
      template: '{timestamp}:{id}:{body}',
      idHeader: 'X-Id',
      timestampHeader: 'X-Ts',
      toleranceSeconds: 60,
    };
    const out = await signText('custom-hmac', 'abc', ['k'], { custom });
    const expected = createHmac('sha512', 'k').update('1700000000:msg_test:abc').digest('base64url');
    expect(out.headers).toMatchObject({ 'X-Sig': `sha512=${expected}`, 'X-Id': 'msg_test', 'X-Ts': '1700000000' });
    expect((await verifyText('custom-hmac', out.headers, 'abc', ['k'], 1700000030, { custom })).valid).toBe(true);
    const late = await verifyText('custom-hmac', out.headers, 'abc', ['k'], 1700000090, { custom });
    expect(late.failedStep).toBe('timestamp');
  });

  it('signs with every secret where the scheme rotates, verifies with any', async () => {
    const a = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    const b = 'whsec_' + Buffer.alloc(32, 2).toString('base64');
    const out = await signText('standard-webhooks', '{}', [a, b]);
    expect(out.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    const onlyB = await verifyText('standard-webhooks', out.headers, '{}', [b]);
    expect(onlyB).toMatchObject({ valid: true, matchedSecret: 0 });
    const stripe = await signText('stripe', '{}', ['whsec_one', 'whsec_two']);
    expect(stripe.headers['Stripe-Signature']).toMatch(/^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect((await verifyText('stripe', stripe.headers, '{}', ['whsec_zzz', 'whsec_two'])).matchedSecret).toBe(1);
  });
});
