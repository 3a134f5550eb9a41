import type { DeliveryUpdate, NewAttempt } from '../../../../shared/model/exchange';
import type { ExchangeWrite } from '../port';

/** A delivery written together with its first attempt: one row insert holding the attempt's outcome. */
export interface DeliveryWithAttempt {
  type: 'deliveryWithAttempt';
  delivery: Extract<ExchangeWrite, { type: 'delivery' }>;
  attempt: NewAttempt;
  update: DeliveryUpdate | undefined;
  leaseUntil: number | null | undefined;
}

export type RowWrite = ExchangeWrite | DeliveryWithAttempt;

/**
 * Folds an attempt into its delivery's insert when both sit in one group commit
 * with no other write of that delivery between them (the engine sends a first
 * attempt while its delivery's group is still open): the row is inserted with
 * the attempt's outcome instead of inserted, then updated, with every index it
 * is in written twice. The outcome is the same as applying them in order.
 */
export function foldFirstAttempts(writes: ExchangeWrite[]): RowWrite[] {
  let open: Map<string, number> | null = null;
  let out: RowWrite[] | null = null;
  for (let i = 0; i < writes.length; i++) {
    const w = writes[i]!;
    if (w.type === 'delivery') {
      (open ??= new Map()).set(w.delivery.id, out ? out.length : i);
    } else if (w.type !== 'capture' && open) {
      const id = w.type === 'attempt' ? w.attempt.deliveryId : w.id;
      const at = open.get(id);
      if (at !== undefined) {
        open.delete(id);
        if (w.type === 'attempt') {
          out ??= writes.slice(0, i);
          out[at] = {
            type: 'deliveryWithAttempt',
            delivery: out[at] as Extract<ExchangeWrite, { type: 'delivery' }>,
            attempt: w.attempt,
            update: w.update,
            leaseUntil: w.leaseUntil,
          };
          continue;
        }
      }
    }
    out?.push(w);
  }
  return out ?? writes;
}
