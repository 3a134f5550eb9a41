import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../../shared/model/exchange';
import { searchTextProblem } from '../../../shared/validate/search-text';
import {
  effectiveFilter,
  fromHash,
  hashFor,
  matchesFilter,
  type ExchangeQuery,
} from '../../../renderer/src/stores/exchange/exchange-filter-url';

const deliveries = (hash: string) => {
  const read = fromHash(hash);
  if (read?.area !== 'deliveries') throw new Error(`not a deliveries hash: ${hash}`);
  return read.query;
};

describe('exchange filters in the URL hash', () => {
  it('round-trips every filter', () => {
    const q: ExchangeQuery = {
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
    expect(deliveries(hashFor({ area: 'deliveries' }, q))).toEqual(q);
  });

  it('keeps a relative range relative and resolves it at query time', () => {
    const q = deliveries('#/deliveries/range=1h&outcome=failed');
    expect(q).toEqual({ filter: { outcome: 'failed' }, range: '1h' });
    expect(effectiveFilter(q, Date.parse('2026-01-01T01:00:00Z'))).toEqual({
      outcome: 'failed',
      from: '2026-01-01T00:00:00.000Z',
    });
  });

  it('drops values a hand-edited URL got wrong', () => {
    expect(deliveries('#/deliveries/outcome=exploded&kind=x&status=99&from=yesterday&range=2y')).toEqual({
      filter: {},
      range: null,
    });
    expect(deliveries('#/deliveries')).toEqual({ filter: {}, range: null });
    expect(fromHash('#/send/outcome=failed')).toBeNull();
  });

  it("names an inbox's list: the inbox is part of the path, the fixed filter is added at query time", () => {
    const scope = { area: 'inbox' as const, inboxId: 'inb_1' };
    const q: ExchangeQuery = { filter: { text: 'ada' }, range: null };
    expect(hashFor(scope, q)).toBe('#/inbox/inb_1/q=ada');
    expect(fromHash('#/inbox/inb_1/q=ada')).toEqual({ area: 'inbox', inboxId: 'inb_1', query: q });
    expect(fromHash('#/inbox')).toEqual({ area: 'inbox', inboxId: null, query: { filter: {}, range: null } });
    expect(effectiveFilter(q, 0, scope)).toEqual({ text: 'ada', kind: 'capture', inboxId: 'inb_1' });
  });
});

describe('live rows against the filter', () => {
  const row: ExchangeSummary = {
    id: 'd1',
    kind: 'delivery',
    time: '2026-01-01T00:30:00.000Z',
    eventType: 'user.created',
    eventId: 'e1',
    sourceId: 'sub_1',
    target: 'http://x',
    method: 'POST',
    outcome: 'failed',
    status: 503,
    durationMs: 3,
    attempts: 2,
    size: 10,
    verdict: null,
    replayOf: null,
    replay: null,
  };

  it('decides what the page can decide, as the core would', () => {
    expect(matchesFilter(row, {})).toBe(true);
    expect(matchesFilter(row, { outcome: 'failed', statusClass: '5xx', subscriptionId: 'sub_1' })).toBe(true);
    expect(matchesFilter(row, { statusClass: '4xx' })).toBe(false);
    expect(matchesFilter(row, { inboxId: 'sub_1' })).toBe(false);
    expect(matchesFilter(row, { kind: 'capture' })).toBe(false);
    expect(matchesFilter(row, { from: '2026-01-01T01:00:00.000Z' })).toBe(false);
    expect(matchesFilter(row, { to: '2026-01-01T00:30:00.000Z' })).toBe(false);
    expect(matchesFilter({ ...row, status: null }, { statusClass: 'none' })).toBe(true);
  });

  it('leaves free text to the core (its index decides)', () => {
    expect(matchesFilter(row, { text: 'ada' })).toBeNull();
    expect(matchesFilter(row, { text: 'ada', outcome: 'succeeded' })).toBe(false);
  });
});

describe('search text the core cannot search', () => {
  it('is said in words before anything is asked', () => {
    expect(searchTextProblem('*')).toMatch(/letter or digit/);
    expect(searchTextProblem('  -- ')).toMatch(/letter or digit/);
    expect(searchTextProblem('ada*')).toBeNull();
    expect(searchTextProblem('')).toBeNull();
    expect(searchTextProblem('x'.repeat(501))).toMatch(/500/);
  });
});
