import type {
  Attempt,
  Capture,
  DeliveryOutcome,
  ExchangeDetail,
  HeaderList,
  Outcome,
  ReplayLink,
  Verdict,
} from '../../../../shared/model/exchange';
import type { ReplaySource } from '../port';
import { bodyView } from './body-codec';
import { kindCode } from './schema';
import type { StatementCache } from './statement-cache';

interface ExchangeRow {
  seq: number;
  id: string;
  kind: number;
  time: number;
  event_type: string;
  event_id: string;
  source_id: string;
  target: string;
  method: string;
  outcome: Outcome;
  status: number | null;
  duration_ms: number | null;
  attempts: number;
  size: number;
  next_attempt_at: number | null;
  verdict: Verdict | null;
  replay_of: string | null;
  headers: string;
  body: unknown;
  body_truncated: number;
  detail: string;
}
interface AttemptRow {
  n: number;
  started_at: number;
  req_headers: string;
  req_body: unknown;
  req_body_same: number;
  req_body_size: number;
  req_body_truncated: number;
  status: number | null;
  res_headers: string | null;
  res_body: unknown;
  res_body_size: number | null;
  res_body_truncated: number | null;
  timings: string | null;
  error: string | null;
}
type Detail = Partial<
  Record<'profile' | 'url' | 'query' | 'remoteAddress' | 'rejectedReason' | 'sealedCredentials', string | null>
> &
  Partial<Record<'verification' | 'forward', unknown>> & { response?: Capture['response'] };

const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** One exchange read back by id: the full record, what a replay sends again, a capture's sealed credentials. */
export class ExchangeReads {
  constructor(private readonly stmts: StatementCache) {}

  sealedCredentials(id: string): string | null {
    const row = this.stmts
      .get(`SELECT c.detail FROM exchange e JOIN exchange_content c ON c.seq = e.seq WHERE e.id = ?`, true)
      .get(id) as [string] | undefined;
    if (!row) return null;
    const sealed = (JSON.parse(row[0]) as Detail).sealedCredentials;
    return typeof sealed === 'string' ? sealed : null;
  }

  getExchange(id: string): ExchangeDetail | null {
    const row = this.stmts
      .get(
        `SELECT e.*, c.headers, c.body, c.body_truncated, c.detail FROM exchange e
         JOIN exchange_content c ON c.seq = e.seq WHERE e.id = ?`,
      )
      .get(id) as ExchangeRow | undefined;
    if (!row) return null;
    const headers = JSON.parse(row.headers) as HeaderList;
    const body = bodyView(row.body, row.size, row.body_truncated === 1);
    const detail = JSON.parse(row.detail) as Detail;
    const replays = this.replaysOf(row.id);
    if (row.kind === kindCode.capture) {
      return {
        kind: 'capture',
        replays,
        capture: {
          id: row.id,
          inboxId: row.source_id,
          receivedAt: iso(row.time)!,
          method: row.method,
          path: row.target,
          query: detail.query ?? '',
          headers,
          body,
          remoteAddress: detail.remoteAddress ?? null,
          eventType: row.event_type,
          eventId: row.event_id,
          outcome: row.outcome,
          verification: detail.verification ?? null,
          response: detail.response ?? null,
          forward: detail.forward ?? null,
          rejectedReason: detail.rejectedReason ?? null,
          durationMs: row.duration_ms,
          ...(detail.sealedCredentials ? { credentialsKept: true } : {}),
        },
      };
    }
    const attempts = (
      this.stmts.get('SELECT * FROM attempt WHERE seq = ? ORDER BY n').all(row.seq) as AttemptRow[]
    ).map((a): Attempt => ({
      deliveryId: row.id,
      n: a.n,
      startedAt: iso(a.started_at)!,
      request: {
        headers: JSON.parse(a.req_headers),
        body: a.req_body_same === 1 ? body : bodyView(a.req_body, a.req_body_size, a.req_body_truncated === 1),
      },
      response:
        a.status === null
          ? null
          : {
              status: a.status,
              headers: JSON.parse(a.res_headers ?? '[]'),
              body: bodyView(a.res_body, a.res_body_size ?? 0, a.res_body_truncated === 1),
            },
      timings: a.timings ? JSON.parse(a.timings) : null,
      error: a.error,
    }));
    return {
      kind: 'delivery',
      delivery: {
        id: row.id,
        createdAt: iso(row.time)!,
        eventType: row.event_type,
        eventId: row.event_id,
        subscriptionId: row.source_id,
        profile: detail.profile ?? null,
        targetUrl: row.target,
        outcome: row.outcome as DeliveryOutcome,
        lastStatus: row.status,
        attempts: row.attempts,
        nextAttemptAt: iso(row.next_attempt_at),
        durationMs: row.duration_ms,
        request: { method: row.method, url: detail.url ?? row.target, headers, body },
        replayOf: row.replay_of,
      },
      attempts,
      replays,
    };
  }

  replaySource(id: string): ReplaySource | null {
    const row = this.stmts
      .get(
        `SELECT e.kind, e.event_type, e.event_id, e.source_id, e.target, e.size, c.body, c.body_truncated,
           c.detail ->> '$.profile'
         FROM exchange e JOIN exchange_content c ON c.seq = e.seq WHERE e.id = ?`,
        true,
      )
      .get(id) as
      | [
          number,
          string | null,
          string | null,
          string,
          string,
          number,
          string | Uint8Array | null,
          number,
          string | null,
        ]
      | undefined;
    if (!row) return null;
    const [kind, eventType, eventId, source, target, size, body, truncated, profile] = row;
    const delivery = kind === kindCode.delivery;
    return {
      kind: delivery ? 'delivery' : 'capture',
      id,
      eventType,
      eventId,
      subscriptionId: delivery ? source : null,
      targetUrl: delivery ? target : null,
      profile: delivery ? profile : null,
      body: bodyView(body, size, truncated === 1),
    };
  }

  /** Replays of an exchange, newest first; the partial index on replay_of finds them. */
  private replaysOf(id: string): ReplayLink[] {
    const rows = this.stmts
      .get('SELECT id, outcome FROM exchange WHERE replay_of = ? ORDER BY seq DESC LIMIT 20', true)
      .all(id) as [string, ReplayLink['outcome']][];
    return rows.map(([replayId, outcome]) => ({ id: replayId, outcome }));
  }
}
