import type pg from 'pg';
import type { DeliverySchedule, OwedDelivery } from '../port';
import { named } from './pg-client';
import type { KeyCache } from './pg-writer';

const OWED = "kind = 0 AND outcome IN ('pending', 'retrying')";

/**
 * The shared retry schedule on PostgreSQL. Claims take owed deliveries that no
 * live lease holds with FOR UPDATE SKIP LOCKED, in batches, so two nodes
 * claiming at once never get the same delivery (a row another claim holds is
 * skipped; one it already leased no longer matches when re-checked).
 */
export class PgSchedule implements DeliverySchedule {
  constructor(
    private readonly pool: pg.Pool,
    readonly nodeId: string,
    private readonly keys: KeyCache,
  ) {}

  async claim(o: { now: number; dueBy: number; limit: number; leaseMs: number }): Promise<OwedDelivery[]> {
    const r = await this.pool.query<{
      id: string;
      source_id: string | null;
      attempts: number;
      next: number | null;
      time: number;
      seq: number;
    }>(
      named(
        `WITH due AS (
            SELECT time, seq FROM exchange
            WHERE ${OWED} AND coalesce(next_attempt_at, 0) <= $1 AND (lease_until IS NULL OR lease_until < $2)
            ORDER BY next_attempt_at NULLS FIRST LIMIT $3 FOR UPDATE SKIP LOCKED)
          UPDATE exchange e SET lease_owner = $4, lease_until = greatest(coalesce(e.next_attempt_at, $2), $2) + $5
          FROM due WHERE e.time = due.time AND e.seq = due.seq
          RETURNING e.id, e.source_id, e.attempts, e.next_attempt_at AS next, e.time, e.seq`,
        [o.dueBy, o.now, o.limit, this.nodeId, o.leaseMs],
      ),
    );
    return r.rows
      .map((row) => {
        this.keys.set(row.id, [row.time, row.seq]);
        return { id: row.id, subscriptionId: row.source_id, attempts: row.attempts, nextAttemptAt: row.next };
      })
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
  }

  async confirm(id: string, leaseUntil: number): Promise<boolean> {
    const key = this.keys.get(id);
    const r = key
      ? await this.pool.query(
          named(
            `UPDATE exchange SET lease_until = $1 WHERE time = $2 AND seq = $3 AND id = $4 AND ${OWED} AND lease_owner = $5`,
            [leaseUntil, key[0], key[1], id, this.nodeId],
          ),
        )
      : await this.pool.query(
          named(`UPDATE exchange SET lease_until = $1 WHERE id = $2 AND ${OWED} AND lease_owner = $3`, [
            leaseUntil,
            id,
            this.nodeId,
          ]),
        );
    return (r.rowCount ?? 0) > 0;
  }

  async releaseAll(): Promise<number> {
    const r = await this.pool.query(
      named(`UPDATE exchange SET lease_owner = NULL, lease_until = NULL WHERE ${OWED} AND lease_owner = $1`, [
        this.nodeId,
      ]),
    );
    return r.rowCount ?? 0;
  }

  async pendingFor(subscriptionId: string): Promise<string[]> {
    const r = await this.pool.query<{ id: string }>(
      named(`SELECT id FROM exchange WHERE ${OWED} AND source_id = $1`, [subscriptionId]),
    );
    return r.rows.map((row) => row.id);
  }
}
