import pg from 'pg';
import type { Logger } from '../../log';
import { AD_HOC } from '../../../../shared/model/exchange';
import type { DeliveryChange } from '../../../../shared/model/subscription';
import type { LiveChange, LiveFeed, SettingsChange } from '../port';
import { clientConfig, named } from './pg-client';
import { captureHeads, SUMMARY_COLS, toSummary, type SummaryRow } from './pg-read-rows';
import { COMMIT_CHANNEL } from './pg-schema';

interface CommitRow {
  node: string;
  ct: number[];
  cs: number[];
  dt: number[];
  ds: number[];
  st: string[];
}

/**
 * What other nodes committed, read from the commit log by snapshot: each poll
 * returns the commits that became visible since the previous poll's snapshot,
 * whatever order their transactions took sequence values in — so two nodes
 * committing out of order never hide a row. A NOTIFY from another node asks
 * for a poll at once; polling on a timer covers a lost listener connection.
 */
export class PgCommitFeed implements LiveFeed {
  private readonly listeners = new Set<(changes: LiveChange[]) => void>();
  private snapshot: string | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private open = true;

  constructor(
    private readonly o: {
      url: string;
      pool: pg.Pool;
      nodeId: string;
      log: Logger;
      pollMs: number;
      /** Settings collections another node changed: reloaded before exchanges are announced. */
      onSettings(changes: SettingsChange[]): Promise<void>;
    },
  ) {}

  async start(): Promise<void> {
    const r = await this.o.pool.query<{ snap: string }>('SELECT pg_current_snapshot()::text AS snap');
    this.snapshot = r.rows[0]!.snap;
    await this.listen().catch((err: unknown) => this.lost(err));
    this.timer = setInterval(() => this.requestPoll(), this.o.pollMs);
    this.timer.unref();
  }

  subscribe(listener: (changes: LiveChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(clientConfig(this.o.url));
    client.on('error', (err) => this.lost(err));
    client.on('end', () => this.lost(null));
    client.on('notification', (msg) => {
      if (msg.channel === COMMIT_CHANNEL && !msg.payload?.startsWith(`${this.o.nodeId}:`)) this.requestPoll();
    });
    await client.connect();
    await client.query(`LISTEN ${COMMIT_CHANNEL}`);
    if (!this.open) return void client.end().catch(() => undefined);
    this.listener = client;
    // Commits made while no one listened are found by this first poll.
    this.requestPoll();
  }

  private lost(err: unknown): void {
    if (!this.open || this.reconnect) return;
    if (err) this.o.log.warn('live feed: lost the LISTEN connection; polling until it is back', String(err));
    const old = this.listener;
    this.listener = null;
    void old?.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      if (this.open) this.listen().catch((e: unknown) => this.lost(e));
    }, 1000);
    this.reconnect.unref();
  }

  /** Polls now, or once more right after the poll in progress. */
  requestPoll(): void {
    if (!this.open) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((err: unknown) => this.o.log.warn('live feed: poll failed', String(err)))
      .finally(() => {
        this.polling = null;
        if (this.again) {
          this.again = false;
          this.requestPoll();
        }
      });
  }

  private async poll(): Promise<void> {
    const r = await this.o.pool.query<{ snap: string; commits: CommitRow[] }>(
      named(
        `SELECT pg_current_snapshot()::text AS snap, coalesce((
            SELECT json_agg(json_build_object('node', node, 'ct', capture_time, 'cs', capture_seq, 'dt', delivery_time,
              'ds', delivery_seq, 'st', settings) ORDER BY id)
            FROM exchange_commit
            WHERE tx >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(tx, $1::pg_snapshot)
              AND node <> $2), '[]') AS commits`,
        [this.snapshot, this.o.nodeId],
      ),
    );
    const { snap, commits } = r.rows[0]!;
    this.snapshot = snap;
    if (!commits.length || !this.open) return;
    const settings = new Set<SettingsChange>();
    const captures = new Map<string, [number, number]>();
    const deliveries = new Map<string, [number, number]>();
    for (const c of commits) {
      for (const s of c.st) settings.add(s as SettingsChange);
      c.ct.forEach((t, i) => captures.set(`${t}.${c.cs[i]}`, [t, c.cs[i]!]));
      c.dt.forEach((t, i) => deliveries.set(`${t}.${c.ds[i]}`, [t, c.ds[i]!]));
    }
    if (settings.size) await this.o.onSettings([...settings]);
    if (!this.listeners.size || (!captures.size && !deliveries.size)) return;
    const changes = await this.changes([...captures.values()], [...deliveries.values()]);
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        this.o.log.warn('live feed: a listener failed', String(err));
      }
    }
  }

  private async changes(captures: [number, number][], deliveries: [number, number][]): Promise<LiveChange[]> {
    const [heads, rows] = await Promise.all([
      captureHeads(this.o.pool, captures),
      deliveries.length
        ? this.o.pool.query<SummaryRow & { next_attempt_at: number | null }>(
            named(
              `SELECT ${SUMMARY_COLS}, e.next_attempt_at FROM exchange e
                WHERE e.time = ANY($1::int8[]) AND e.seq = ANY($2::int8[]) AND e.kind = 0 ORDER BY e.time, e.seq`,
              [deliveries.map((k) => k[0]), deliveries.map((k) => k[1])],
            ),
          )
        : null,
    ]);
    const out: LiveChange[] = heads.map((h) => ({ type: 'capture', ...h }));
    for (const d of rows?.rows ?? [])
      out.push({
        type: 'delivery',
        change: {
          id: d.id,
          subscriptionId: d.source_id === AD_HOC ? null : d.source_id,
          outcome: d.outcome as DeliveryChange['outcome'],
          attempts: d.attempts,
          lastStatus: d.status,
          nextAttemptAt: d.next_attempt_at === null ? null : new Date(d.next_attempt_at).toISOString(),
          row: toSummary(d),
        },
      });
    return out;
  }

  async close(): Promise<void> {
    this.open = false;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.polling;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }
}
