import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { ConcurrencyLimiter } from '../../../electron/core/engine/concurrency';
import {
  isTransactional,
  policyMet,
  strictest,
  transactionOutcome,
} from '../../../electron/core/engine/fusionauth-transaction';
import {
  afterSigning,
  alterBody,
  copies,
  hasNegative,
  sendOrder,
  signedTimestamp,
  signingMaterialFor,
} from '../../../electron/core/engine/negative-tests';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('caps one endpoint at its share while others keep starting', async () => {
    const limiter = new ConcurrencyLimiter(4, 2);
    const hung = deferred();
    const started: string[] = [];
    const runs = ['a', 'a', 'a', 'b', 'b'].map((k, i) =>
      limiter.run(k, async () => {
        started.push(`${k}${i}`);
        if (k === 'a') await hung.promise;
      }),
    );
    await Promise.all(runs.slice(3));
    expect(started).toEqual(['a0', 'a1', 'b3', 'b4']);
    expect(limiter.inFlight).toBe(2);
    hung.resolve();
    await Promise.all(runs);
    expect(started).toContain('a2');
    expect(limiter.inFlight).toBe(0);
  });
  it('never exceeds the overall limit', async () => {
    const limiter = new ConcurrencyLimiter(3, 3);
    let peak = 0;
    const gate = deferred();
    const runs = Array.from({ length: 9 }, (_, i) =>
      limiter.run(`k${i % 3}`, async () => {
        peak = Math.max(peak, limiter.inFlight);
        await gate.promise;
      }),
    );
    gate.resolve();
    await Promise.all(runs);
    expect(peak).toBe(3);
  });
});

describe('FusionAuth transactions', () => {
  it('applies each policy threshold', () => {
    const cases: [Parameters<typeof policyMet>[0], number, number, boolean][] = [
      ['None', 0, 3, true],
      ['Any', 1, 3, true],
      ['Any', 0, 3, false],
      ['SimpleMajority', 2, 4, true],
      ['SimpleMajority', 1, 3, false],
      ['SuperMajority', 2, 3, true],
      ['SuperMajority', 3, 5, false],
      ['SuperMajority', 4, 6, true],
      ['AbsoluteMajority', 3, 3, true],
      ['AbsoluteMajority', 2, 3, false],
    ];
    for (const [policy, ok, total, met] of cases)
      expect(policyMet(policy, ok, total), `${policy} ${ok}/${total}`).toBe(met);
  });
  it('reports a failed call as 504 [WebhookTransactionException] and allows retries only on success', () => {
    expect(transactionOutcome('AbsoluteMajority', 'user.create', 1, 2)).toMatchObject({
      succeededCall: false,
      error: { status: 504, code: '[WebhookTransactionException]' },
      retriesScheduled: false,
    });
    expect(transactionOutcome('Any', 'user.create', 1, 2)).toMatchObject({
      succeededCall: true,
      error: null,
      retriesScheduled: true,
    });
  });
  it('never fails non-transactional *.complete events', () => {
    expect(isTransactional('user.create.complete')).toBe(false);
    expect(transactionOutcome('AbsoluteMajority', 'user.create.complete', 0, 2)).toMatchObject({
      transactional: false,
      succeededCall: true,
    });
  });
  it('picks the strictest policy', () => {
    expect(strictest(['Any', 'SuperMajority', 'None'])).toBe('SuperMajority');
    expect(strictest([])).toBe('None');
  });
});

describe('negative tests', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  it('knows when nothing is asked', () => {
    expect(hasNegative(undefined)).toBe(false);
    expect(hasNegative({ wrongSecret: false, timestampSkewSeconds: 0 })).toBe(false);
    expect(hasNegative({ duplicate: true })).toBe(true);
  });
  it('signs with a different secret of the same format', () => {
    const m = signingMaterialFor('standard-webhooks', { secrets: [secret] }, { wrongSecret: true });
    expect(m.secrets[0]).toMatch(/^whsec_/);
    expect(m.secrets[0]).not.toBe(secret);
  });
  it('skews the timestamp', () => {
    expect(signedTimestamp(1000, { timestampSkewSeconds: -400 })).toBe(600);
    expect(signedTimestamp(1000, undefined)).toBe(1000);
  });
  it('alters the body so the original signature no longer verifies, keeping valid JSON', () => {
    const body = Buffer.from('{"type":"user.created","data":{"id":"u1"}}');
    const altered = alterBody(body);
    expect(JSON.parse(Buffer.from(altered).toString())).toEqual(JSON.parse(body.toString()));
    const wh = new Webhook(secret);
    const date = new Date();
    const sig = wh.sign('msg_1', date, body.toString());
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(date.getTime() / 1000)),
      'webhook-signature': sig,
    };
    expect(() => wh.verify(Buffer.from(altered).toString(), headers)).toThrow();
  });
  it('drops the signature header only', () => {
    const out = afterSigning(
      'standard-webhooks',
      [
        ['webhook-id', 'x'],
        ['webhook-signature', 'v1,abc'],
      ],
      new Uint8Array(),
      { dropSignatureHeader: true },
    );
    expect(out.headers).toEqual([['webhook-id', 'x']]);
    const custom = afterSigning(
      'custom-hmac',
      [
        ['X-Sig', 'a'],
        ['x-other', 'b'],
      ],
      new Uint8Array(),
      { dropSignatureHeader: true },
      { header: 'X-Sig', prefix: '', algorithm: 'sha256', encoding: 'hex', template: '{body}' },
    );
    expect(custom.headers).toEqual([['x-other', 'b']]);
  });
  it('duplicates and reverses batches on request', () => {
    expect(copies({ duplicate: true })).toBe(2);
    expect(copies({})).toBe(1);
    expect(sendOrder([1, 2, 3], { outOfOrder: true })).toEqual([3, 2, 1]);
    expect(sendOrder([1, 2, 3], undefined)).toEqual([1, 2, 3]);
  });
});
