import { describe, expect, it } from 'vitest';
import { summarizeCall, summarizeInput, summarizeResult } from '../../../electron/core/accounts/audit';

describe('what the audit log keeps of a call', () => {
  it('keeps ids, names, flags and counts; marks every other text as set', () => {
    expect(
      summarizeInput({
        id: 'sub_1',
        name: 'billing',
        url: 'https://user:pw@example.org/hook?token=abc',
        secret: 'whsec_c2VjcmV0',
        enabled: true,
        ratePerSecond: 5,
        events: ['user.created', 'user.deleted'],
        headers: { Authorization: 'Bearer abc' },
        target: { kind: 'subscription', id: 'sub_2', secret: 'nope' },
        payload: { email: 'someone@example.org', id: 'u1' },
        description: '',
        basicAuth: null,
        tenantIds: [],
      }),
    ).toEqual({
      id: 'sub_1',
      name: 'billing',
      url: '(set)',
      secret: '(set)',
      enabled: true,
      ratePerSecond: 5,
      events: 'user.created, user.deleted',
      headers: '(set)',
      'target.kind': 'subscription',
      'target.id': 'sub_2',
      'target.secret': '(set)',
      payload: '(set)',
    });
  });

  it('counts long lists, cuts long names and bounds the number of fields', () => {
    const summary = summarizeInput({
      ids: Array.from({ length: 40 }, (_, i) => `id_${i}`),
      name: 'n'.repeat(500),
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`flag${i}`, true])),
    });
    expect(summary.ids).toBe('40 items');
    expect(String(summary.name)).toHaveLength(120);
    expect(Object.keys(summary).length).toBeLessThanOrEqual(24);
  });

  it('keeps counts and created ids of an answer, never what else it returns', () => {
    expect(
      summarizeResult({
        id: 'key_1',
        key: 'hbk_secret',
        removed: 12,
        deliveries: [{}, {}],
        subscription: { id: 'sub_9', secret: 'whsec_x' },
        issued: { secret: 'whsec_y' },
      }),
    ).toEqual({
      'result.id': 'key_1',
      'result.removed': 12,
      'result.deliveries': 2,
      'result.subscription.id': 'sub_9',
    });
    expect(summarizeResult(null)).toEqual({});
    expect(summarizeResult([1, 2])).toEqual({});
  });

  it('leaves out an answer field that only repeats the input, and keeps one that says more', () => {
    expect(summarizeCall({ maxAgeDays: 30 }, { ok: true, value: { maxAgeDays: 30 } })).toEqual({ maxAgeDays: 30 });
    expect(summarizeCall({ id: 'sub_1' }, { ok: true, value: { id: 'sub_2', removed: 3 } })).toEqual({
      id: 'sub_1',
      'result.id': 'sub_2',
      'result.removed': 3,
    });
    expect(summarizeCall({ id: 'sub_1' }, { ok: false })).toEqual({ id: 'sub_1' });
  });
});
