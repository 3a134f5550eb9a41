import { describe, expect, it } from 'vitest';
import {
  effectiveFilter,
  queryFromHash,
  queryToHash,
  type LogQuery,
} from '../../../renderer/src/stores/log-filter-url';

describe('log filter in the URL hash', () => {
  it('round-trips every filter', () => {
    const q: LogQuery = {
      filter: {
        kind: 'delivery',
        outcome: 'failed',
        statusClass: '5xx',
        status: 502,
        eventType: 'user.created',
        subscriptionId: 'sub_1',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-02T00:00:00.000Z',
        text: 'ada@example.com / x&y',
      },
      range: null,
    };
    expect(queryFromHash(`#/deliveries/${queryToHash(q)}`)).toEqual(q);
  });

  it('keeps a relative range relative and resolves it at query time', () => {
    const q = queryFromHash('#/deliveries/range=1h&outcome=failed');
    expect(q).toEqual({ filter: { outcome: 'failed' }, range: '1h' });
    expect(effectiveFilter(q, Date.parse('2026-01-01T01:00:00Z'))).toEqual({
      outcome: 'failed',
      from: '2026-01-01T00:00:00.000Z',
    });
  });

  it('drops values a hand-edited URL got wrong', () => {
    expect(queryFromHash('#/deliveries/outcome=exploded&kind=x&status=99&from=yesterday&range=2y')).toEqual({
      filter: {},
      range: null,
    });
    expect(queryFromHash('#/deliveries')).toEqual({ filter: {}, range: null });
    expect(queryFromHash('#/send/outcome=failed')).toEqual({ filter: {}, range: null });
  });
});
