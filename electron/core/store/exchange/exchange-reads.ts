import type { ExchangeDetail, ReplayLink } from '../../../../shared/model/exchange';
import type { ReplaySource } from '../port';
import { bodyView } from './body-codec';
import {
  captureRecord,
  deliveryRecord,
  isCaptureRow,
  sealedCredentialsOf,
  type AttemptRecordRow,
  type ExchangeRecordRow,
} from './record-from-row';
import { kindCode } from './schema';
import type { StatementCache } from './statement-cache';

/** SQLite hands flags back as 0/1; a row is otherwise in the shape the shared mapper reads. */
type ExchangeRow = Omit<ExchangeRecordRow, 'body_truncated'> & { seq: number; body_truncated: number };
type AttemptRow = Omit<AttemptRecordRow, 'req_body_same' | 'req_body_truncated' | 'res_body_truncated'> & {
  req_body_same: number;
  req_body_truncated: number;
  res_body_truncated: number | null;
};

/** One exchange read back by id: the full record, what a replay sends again, a capture's sealed credentials. */
export class ExchangeReads {
  constructor(private readonly stmts: StatementCache) {}

  sealedCredentials(id: string): string | null {
    const row = this.stmts
      .get(`SELECT c.detail FROM exchange e JOIN exchange_content c ON c.seq = e.seq WHERE e.id = ?`, true)
      .get(id) as [string] | undefined;
    return row ? sealedCredentialsOf(row[0]) : null;
  }

  getExchange(id: string): ExchangeDetail | null {
    const row = this.stmts
      .get(
        `SELECT e.*, c.headers, c.body, c.body_truncated, c.detail FROM exchange e
         JOIN exchange_content c ON c.seq = e.seq WHERE e.id = ?`,
      )
      .get(id) as ExchangeRow | undefined;
    if (!row) return null;
    const exchange = { ...row, body_truncated: row.body_truncated === 1 };
    const replays = this.replaysOf(row.id);
    if (isCaptureRow(row)) return captureRecord(exchange, replays);
    const attempts = this.stmts.get('SELECT * FROM attempt WHERE seq = ? ORDER BY n').all(row.seq) as AttemptRow[];
    return deliveryRecord(
      exchange,
      attempts.map((a) => ({
        ...a,
        req_body_same: a.req_body_same === 1,
        req_body_truncated: a.req_body_truncated === 1,
        res_body_truncated: a.res_body_truncated === 1,
      })),
      replays,
    );
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
