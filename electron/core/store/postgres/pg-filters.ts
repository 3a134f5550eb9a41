import type { ExchangeFilter } from '../../../../shared/model/exchange';
import type { Dim } from '../exchange/query';
import type { Binder } from './pg-client';

/**
 * The filter bar's filters as SQL, the same semantics as the SQLite store's
 * compiler: `skip` leaves one dimension out (a facet counts under every filter
 * but its own); 'rollup' reads the counters table, where "none" is 0/''.
 */
export function filterClauses(f: ExchangeFilter, skip: Dim | null, p: Binder, table: 'rows' | 'rollup'): string[] {
  const c = table === 'rows' ? 'e.' : '';
  const where: string[] = [];
  if (f.kind && skip !== 'kind') where.push(`${c}kind = ${p.add(f.kind === 'delivery' ? 0 : 1)}`);
  if (skip !== 'source') {
    if (f.subscriptionId !== undefined) where.push(`${c}kind = 0 AND ${c}source_id = ${p.add(f.subscriptionId)}`);
    if (f.inboxId !== undefined) where.push(`${c}kind = 1 AND ${c}source_id = ${p.add(f.inboxId)}`);
  }
  if (f.eventType !== undefined && skip !== 'eventType') where.push(`${c}event_type = ${p.add(f.eventType)}`);
  if (f.outcome && skip !== 'outcome') where.push(`${c}outcome = ${p.add(f.outcome)}`);
  if (skip !== 'status') {
    if (f.status !== undefined) where.push(`${c}status = ${p.add(f.status)}`);
    if (f.statusClass) {
      const cls = f.statusClass === 'none' ? 0 : Number(f.statusClass[0]);
      where.push(table === 'rows' ? `${c}status_class = ${p.add(cls)}` : `status / 100 = ${p.add(cls)}`);
    }
  }
  return where;
}
