import type { HealthBucket, SubscriptionHealth } from '../../../../shared/model/subscription';
import type { ExchangeRows } from './exchange-rows';

/** A delivery the engine still owes an attempt: what survives a restart. */
export interface ResumableDelivery {
  id: string;
  subscriptionId: string | null;
  attempts: number;
  /** Epoch ms; null means "as soon as possible". */
  nextAttemptAt: number | null;
}

const HOUR = 3_600_000;
/** Deliveries still owed an attempt: what the partial index exchange_owed holds. */
const OWED = "kind = 0 AND outcome IN ('pending', 'retrying')";

function nearestRank(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Reads the delivery engine needs from the exchange store: the persisted schedule
 * (pending/retrying rows and their next_attempt_at) and per-subscription health.
 */
export class DeliveryQueries {
  constructor(private readonly rows: ExchangeRows) {}

  resumable(): ResumableDelivery[] {
    const rows = this.rows.stmts
      .get(
        `SELECT id, source_id, attempts, next_attempt_at FROM exchange WHERE kind = 0 AND outcome IN ('pending', 'retrying') ORDER BY coalesce(next_attempt_at, 0), seq`,
        true,
      )
      .all() as [string, string | null, number, number | null][];
    return rows.map(([id, sub, attempts, next]) => ({
      id,
      subscriptionId: sub,
      attempts: Number(attempts),
      nextAttemptAt: next === null ? null : Number(next),
    }));
  }

  /** The shared schedule's claim (see DeliverySchedule.claim), as one statement: atomic on its own. */
  claim(o: { now: number; dueBy: number; limit: number; leaseMs: number }): ResumableDelivery[] {
    const rows = this.rows.stmts
      .get(
        `UPDATE exchange SET lease_owner = ?1, lease_until = max(coalesce(next_attempt_at, ?2), ?2) + ?3
          WHERE seq IN (SELECT seq FROM exchange WHERE ${OWED} AND coalesce(next_attempt_at, 0) <= ?4
            AND (lease_until IS NULL OR lease_until < ?2) ORDER BY coalesce(next_attempt_at, 0), seq LIMIT ?5)
          RETURNING id, source_id, attempts, next_attempt_at, seq`,
        true,
      )
      .all(this.rows.nodeId, o.now, o.leaseMs, o.dueBy, o.limit) as [
      string,
      string | null,
      number,
      number | null,
      number,
    ][];
    return rows
      .sort((a, b) => (a[3] ?? 0) - (b[3] ?? 0) || a[4] - b[4])
      .map(([id, sub, attempts, next]) => ({
        id,
        subscriptionId: sub,
        attempts: Number(attempts),
        nextAttemptAt: next === null ? null : Number(next),
      }));
  }

  /** True, with the lease extended, when the delivery is still owed and still this process's. */
  confirm(id: string, leaseUntil: number): boolean {
    const { changes } = this.rows.stmts
      .get(`UPDATE exchange SET lease_until = ? WHERE id = ? AND ${OWED} AND lease_owner = ?`)
      .run(leaseUntil, id, this.rows.nodeId);
    return changes > 0;
  }

  /** Gives up leases: this process's, or (`anyOwner`) whoever's, as a new run does with the last run's. */
  releaseLeases(anyOwner = false): number {
    const { changes } = this.rows.stmts
      .get(
        `UPDATE exchange SET lease_owner = NULL, lease_until = NULL
          WHERE ${OWED} AND lease_owner IS NOT NULL AND (?1 OR lease_owner = ?2)`,
      )
      .run(anyOwner ? 1 : 0, this.rows.nodeId);
    return changes;
  }

  pendingFor(subscriptionId: string): string[] {
    const rows = this.rows.stmts
      .get(`SELECT id FROM exchange WHERE kind = 0 AND source_id = ? AND outcome IN ('pending', 'retrying')`, true)
      .all(subscriptionId) as [string][];
    return rows.map(([id]) => id);
  }

  health(subscriptionId: string, nowMs: number): SubscriptionHealth {
    const since = nowMs - 24 * HOUR;
    const rows = this.rows.stmts
      .get(`SELECT time, outcome FROM exchange WHERE kind = 0 AND source_id = ? AND time >= ? ORDER BY seq`, true)
      .all(subscriptionId, since) as [number, string][];
    const firstHour = Math.floor(nowMs / HOUR) * HOUR - 23 * HOUR;
    const hourly: HealthBucket[] = Array.from({ length: 24 }, (_, i) => ({
      hour: new Date(firstHour + i * HOUR).toISOString(),
      succeeded: 0,
      failed: 0,
    }));
    let succeeded = 0;
    let failed = 0;
    for (const [time, outcome] of rows) {
      const bucket = hourly[Math.floor((Number(time) - firstHour) / HOUR)];
      if (outcome === 'succeeded') {
        succeeded++;
        if (bucket) bucket.succeeded++;
      } else if (outcome === 'failed') {
        failed++;
        if (bucket) bucket.failed++;
      }
    }
    const attemptRows = this.rows.stmts
      .get(
        `SELECT a.timings ->> '$.totalMs' FROM attempt a JOIN exchange e ON e.seq = a.seq
            WHERE e.kind = 0 AND e.source_id = ? AND a.started_at >= ?`,
        true,
      )
      .all(subscriptionId, since) as [number | null][];
    const latencies = attemptRows
      .map(([ms]) => ms)
      .filter((ms): ms is number => ms !== null)
      .map(Number)
      .sort((a, b) => a - b);
    const last = this.rows.stmts
      .get(
        `SELECT outcome, status, time FROM exchange WHERE kind = 0 AND source_id = ? AND outcome IN ('succeeded', 'failed') ORDER BY seq DESC LIMIT 1`,
        true,
      )
      .get(subscriptionId) as [string, number | null, number] | undefined;
    const streak = this.rows.stmts
      .get(
        `SELECT count(*) FROM exchange WHERE kind = 0 AND source_id = ?1 AND outcome = 'failed'
            AND seq > coalesce((SELECT max(seq) FROM exchange WHERE kind = 0 AND source_id = ?1 AND outcome = 'succeeded'), 0)`,
        true,
      )
      .get(subscriptionId) as [number];
    return {
      subscriptionId,
      totalRequests: rows.length,
      totalAttempts: attemptRows.length,
      succeeded,
      failed,
      successRate: succeeded + failed ? succeeded / (succeeded + failed) : null,
      lastOutcome: last ? { outcome: last[0], status: last[1], at: new Date(Number(last[2])).toISOString() } : null,
      latencyP50Ms: nearestRank(latencies, 50),
      latencyP95Ms: nearestRank(latencies, 95),
      consecutiveFailures: Number(streak[0]),
      hourly,
    };
  }
}
