import type { HealthBucket, SubscriptionHealth } from '../../../../shared/model/subscription';
import { named, type Queryable } from './pg-client';

const HOUR = 3_600_000;

/**
 * A subscription's last 24 hours, with the SQLite store's definitions
 * (health() in delivery-queries.ts), counted in the database so only a few
 * dozen numbers cross the connection.
 */
export async function subscriptionHealth(
  q: Queryable,
  subscriptionId: string,
  nowMs: number,
): Promise<SubscriptionHealth> {
  const since = nowMs - 24 * HOUR;
  const [byHour, latency, last, streak] = await Promise.all([
    q.query<{ hour: number; outcome: string; n: number }>(
      named(
        `SELECT time / ${HOUR} AS hour, outcome, count(*) AS n FROM exchange
          WHERE kind = 0 AND source_id = $1 AND time >= $2 GROUP BY 1, 2`,
        [subscriptionId, since],
      ),
    ),
    q.query<{ attempts: number; p50: number | null; p95: number | null }>(
      named(
        `SELECT count(*) AS attempts,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY a.total_ms) AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY a.total_ms) AS p95
          FROM attempt a JOIN exchange e ON e.time = a.time AND e.seq = a.seq
          WHERE e.kind = 0 AND e.source_id = $1 AND a.started_at >= $2`,
        [subscriptionId, since],
      ),
    ),
    q.query<{ outcome: string; status: number | null; time: number }>(
      named(
        `SELECT outcome, status, time FROM exchange WHERE kind = 0 AND source_id = $1 AND outcome IN ('succeeded', 'failed')
          ORDER BY time DESC, seq DESC LIMIT 1`,
        [subscriptionId],
      ),
    ),
    q.query<{ n: number }>(
      named(
        `WITH last_ok AS (SELECT time, seq FROM exchange WHERE kind = 0 AND source_id = $1 AND outcome = 'succeeded'
            ORDER BY time DESC, seq DESC LIMIT 1)
          SELECT count(*) AS n FROM exchange e WHERE e.kind = 0 AND e.source_id = $1 AND e.outcome = 'failed'
            AND (NOT EXISTS (SELECT 1 FROM last_ok) OR (e.time, e.seq) > (SELECT time, seq FROM last_ok))`,
        [subscriptionId],
      ),
    ),
  ]);
  const firstHour = Math.floor(nowMs / HOUR) * HOUR - 23 * HOUR;
  const hourly: HealthBucket[] = Array.from({ length: 24 }, (_, i) => ({
    hour: new Date(firstHour + i * HOUR).toISOString(),
    succeeded: 0,
    failed: 0,
  }));
  let total = 0;
  let succeeded = 0;
  let failed = 0;
  for (const { hour, outcome, n } of byHour.rows) {
    total += n;
    const bucket = hourly[Math.floor((hour * HOUR - firstHour) / HOUR)];
    if (outcome === 'succeeded') {
      succeeded += n;
      if (bucket) bucket.succeeded += n;
    } else if (outcome === 'failed') {
      failed += n;
      if (bucket) bucket.failed += n;
    }
  }
  const l = latency.rows[0]!;
  const lastRow = last.rows[0];
  return {
    subscriptionId,
    totalRequests: total,
    totalAttempts: l.attempts,
    succeeded,
    failed,
    successRate: succeeded + failed ? succeeded / (succeeded + failed) : null,
    lastOutcome: lastRow
      ? {
          outcome: lastRow.outcome as 'succeeded' | 'failed',
          status: lastRow.status,
          at: new Date(lastRow.time).toISOString(),
        }
      : null,
    latencyP50Ms: l.p50,
    latencyP95Ms: l.p95,
    consecutiveFailures: streak.rows[0]!.n,
    hourly,
  };
}
